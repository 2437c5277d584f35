"""A throw-away cluster of the system's PostgreSQL 15 (Debian's `postgresql` package).

It stands for "an existing PostgreSQL": a server the project did not start itself, of a
version older than the embedded one. Unix socket only, in a temporary folder, run as the
`postgres` user when the tests run as root (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path(os.environ.get("SPARKIFY_PG15_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> str | None:
    """None when a PostgreSQL 15 cluster can be started here, else the reason it cannot."""
    if not (BIN / "initdb").is_file():
        return f"no PostgreSQL 15 at {BIN} (Debian package postgresql; .ci/run installs it)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, and there is no postgres user to run PostgreSQL as"
    return None


def _as_server_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def cluster(tcp_port: int | None = None) -> Iterator[str]:
    """Start a new cluster; yield the URL of its `postgres` database; stop and delete it.

    `tcp_port`: also listen on 127.0.0.1 there, where a password is asked (scram-sha-256;
    the unix socket stays trusted, so the yielded URL can set one)."""
    folder = Path(tempfile.mkdtemp(prefix="sparkify-pg15-"))
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        for path in (folder, sockets):
            os.chown(path, account.pw_uid, account.pw_gid)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "check": True}
    subprocess.run(
        _as_server_user(
            [
                str(BIN / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                *(["--auth-host=scram-sha-256"] if tcp_port else []),
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        **quiet,
    )
    listen = (
        f"-c listen_addresses='127.0.0.1' -p {tcp_port}" if tcp_port else "-c listen_addresses=''"
    )
    options = f"-k {sockets} {listen} -c fsync=off -c max_connections=200"
    subprocess.run(
        _as_server_user(
            [
                str(BIN / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-l",
                str(folder / "server.log"),
                "start",
            ]
        ),
        **quiet,
    )
    try:
        port = f"&port={tcp_port}" if tcp_port else ""
        yield f"postgresql://postgres@/postgres?host={sockets}{port}"
    finally:
        subprocess.run(
            _as_server_user([str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)
