"""A cluster that already has the tables of an older version: what CREATE TABLE IF NOT EXISTS
leaves as it was is migrated (redshift.engine.migrate), once, on PostgreSQL 15 running the
very catalog query and ALTER TABLE."""

from __future__ import annotations

import logging
import os
from typing import Any

import psycopg
from redshift_postgres import postgres_ddl

from sparkify.redshift.engine import migrate
from sparkify.redshift.session import ClusterSession
from sparkify.sqlfiles import redshift_literal

OLD_LOADS = """CREATE TABLE loads (
    load_id      BIGINT NOT NULL,
    source       VARCHAR(1024) NOT NULL,
    full_refresh BOOLEAN NOT NULL,
    status       VARCHAR(16) NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    ended_at     TIMESTAMP
)"""  # loads before the lease (main before the write-audit-publish work)


class Recorded:
    """A session that keeps what it sent."""

    def __init__(self, session: ClusterSession) -> None:
        self.session, self.sent = session, []

    @staticmethod
    def literal(value: Any) -> str:
        return redshift_literal(value)

    def execute(self, statement: str) -> list[tuple[Any, ...]]:
        self.sent.append(statement)
        return self.session.execute(statement)


def _columns(conn: psycopg.Connection[Any]) -> list[tuple[str, str]]:
    return conn.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = 'loads' ORDER BY ordinal_position"
    ).fetchall()


def test_an_old_loads_table_gains_lease_until_once_on_postgres_15(pg15_admin_url: str) -> None:
    """An old-shaped loads table (no lease_until) gains the column, its rows kept, lease_until
    NULL; a second migration sends no ALTER; a table made by today's schema/01_loads is left
    alone."""
    name = f"test_migrate_{os.getpid()}"
    with psycopg.connect(pg15_admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    url = pg15_admin_url.replace("/postgres?", f"/{name}?")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(OLD_LOADS)
        conn.execute("INSERT INTO loads VALUES (1, 's3://b/p', false, 'published', now(), now())")
        session = Recorded(ClusterSession(conn, logging.getLogger("test")))
        for statement in postgres_ddl("redshift/schema/01_loads"):  # IF NOT EXISTS: no change
            session.execute(statement)
        assert ("lease_until", "timestamp without time zone") not in _columns(conn)
        migrate(session)
        first = list(session.sent)
        migrate(session)
        second = session.sent[len(first) :]
        assert _columns(conn)[-1] == ("lease_until", "timestamp without time zone")
        assert conn.execute("SELECT load_id, status, lease_until FROM loads").fetchall() == [
            (1, "published", None)
        ]
        conn.execute("DROP TABLE loads")
        for statement in postgres_ddl("redshift/schema/01_loads"):
            conn.execute(statement)
        fresh = Recorded(ClusterSession(conn, logging.getLogger("test")))
        migrate(fresh)
    assert [s for s in first if s.startswith("ALTER TABLE loads ADD COLUMN lease_until")]
    assert len(second) == 1 and not second[0].startswith("ALTER")
    assert len(fresh.sent) == 1 and not fresh.sent[0].startswith("ALTER")
