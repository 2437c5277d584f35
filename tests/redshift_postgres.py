"""PostgreSQL 15 made to run Redshift's own SQL files: the DDL without distribution and sort
clauses, and the test-only emulation of SUPER (tests/data/redshift_super_emulation_on_postgres.sql)
for the COPY landing tables and the staging checks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import psycopg

from sparkify.sqlfiles import sql, statements

SUPER_EMULATION = Path(__file__).parent / "data" / "redshift_super_emulation_on_postgres.sql"


def postgres_ddl(name: str) -> list[str]:
    """A Redshift DDL file for PostgreSQL: its distribution and sort clauses dropped."""
    return [
        re.sub(r"\s*(DISTSTYLE \w+|DISTKEY \(\w+\)|SORTKEY \([\w, ]+\))", "", statement)
        for statement in statements(sql(name))
    ]


def emulate_super(conn: psycopg.Connection[Any]) -> None:
    """SUPER, its functions and casts as the staging SQL uses them, in this database (once)."""
    conn.execute(SUPER_EMULATION.read_text())
