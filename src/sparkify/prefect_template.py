"""The empty, migrated Prefect database a new state folder's server starts from.

A Prefect server migrates a new SQLite database on its first start: about a hundred Alembic
migrations, 9 of the 15 seconds that a first command waited for its server on 2 cores (from
the template: 7). The template is what those migrations leave, dumped as SQL
(assets/prefect_sqlite.sql), for the Prefect version named in its first line. With any other
version installed, the server migrates a new database itself, as before; `python -m
sparkify.prefect_template` writes the template again, and tests/test_prefect_template.py
fails until it is.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from importlib.metadata import version
from pathlib import Path

TEMPLATE = Path(__file__).parent / "assets" / "prefect_sqlite.sql"


def header() -> str:
    """The template's first line for the installed Prefect."""
    return f"-- the database Prefect {version('prefect')}'s migrations make (sqlite3 iterdump)"


def seed(database: Path) -> bool:
    """Create `database` from the template when there is none and the template is the
    installed Prefect's; True when it did. Written aside, then renamed: a command killed
    meanwhile leaves no half-made database for the server to trust."""
    if database.exists():
        return False
    first, _, script = TEMPLATE.read_text().partition("\n")
    if first != header():
        return False
    partial = database.with_name(f"{database.name}.seeding")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(partial)) as conn:
        conn.executescript(script)
    partial.rename(database)
    return True


def migrated() -> str:
    """The template as Prefect's own migrations make it now: `prefect server database
    upgrade` on a new database, dumped."""
    with tempfile.TemporaryDirectory(prefix="sparkify-prefect-template-") as folder:
        database = Path(folder) / "prefect.db"
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")},
            "PREFECT_HOME": folder,
            "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{database}",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        }
        command = [sys.executable, "-m", "prefect", "server", "database", "upgrade", "-y"]
        subprocess.run(command, env=env, cwd=folder, check=True, capture_output=True)
        with closing(sqlite3.connect(database)) as conn:
            return "\n".join([header(), *conn.iterdump()]) + "\n"


if __name__ == "__main__":
    TEMPLATE.write_text(migrated())
    print(f"wrote {TEMPLATE}")
