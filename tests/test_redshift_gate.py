"""The quality gate on Redshift: GX's Redshift datasource, built by sparkify.quality's own path,
run against PostgreSQL 15 holding the Redshift audit tables (sqlalchemy-redshift's dialect over
psycopg2 talks to PostgreSQL); every statement GX sends, compiled by that dialect, checked as
the plan's are."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pg15
import psycopg
import pytest
import sqlalchemy as sa
from redshift_sql import problems
from test_redshift import StandIn, _postgres_ddl

from sparkify import build_plan, quality
from sparkify.config import ErrorBudget
from sparkify.errors import WarehouseError
from sparkify.findings import QualityReport
from sparkify.redshift import gate
from sparkify.sqlfiles import sql_group
from sparkify.suite_parameters import QUERIES, names_in
from sparkify.warehouse import Db, Warehouse

PASSWORD = "gate-secret-7"


def test_the_redshift_gate_maps_every_suite_and_builds_a_url_without_password() -> None:
    """Every suite of the build plan runs on Redshift as itself or its named variant (whose
    validation definition reads the same asset), or is named as not on Redshift; Redshift
    counts every parameter its suites name; GX's URL is the Redshift dialect's, with TLS
    verified against the shipped CA bundle and no password."""
    definitions = quality.GX_PROJECT / "validation_definitions"
    for suite in build_plan.SUITES:
        name = gate.gx_suite(suite)
        if name is None:
            assert suite in gate.NOT_ON_REDSHIFT
            continue
        assert quality.suite_file(name).is_file()
        mine = json.loads((definitions / f"{name}.json").read_text())
        shared = json.loads((definitions / f"{suite}.json").read_text())
        assert mine["data"] == shared["data"]
        counted = names_in(quality.suite_file(name)) & set(QUERIES)
        assert counted <= set(gate.PARAMETER_QUERIES)
    assert set(gate.VARIANTS.values()).isdisjoint(quality.suite_names())
    assert gate.PARAMETER_QUERIES["max_quarantined"] != QUERIES["max_quarantined"]

    url = gate.gx_url("redshift://etl@example.redshift.amazonaws.com:5439/dev")
    parts = urlsplit(url)
    assert (parts.scheme, parts.username, parts.password) == ("redshift+psycopg2", "etl", None)
    query = parse_qs(parts.query)
    assert query["sslmode"] == ["verify-ca"] and Path(query["sslrootcert"][0]).is_file()
    assert "options" not in query  # the search path is set by a statement (gate.connected)
    plain = parse_qs(urlsplit(gate.gx_url("redshift://etl@proxy:5440/dev?sslmode=disable")).query)
    assert plain["sslmode"] == ["disable"] and "sslrootcert" not in plain
    with pytest.raises(WarehouseError, match="carries a password") as refused:
        gate.gx_url("redshift://etl:hunter2-secret@host:5439/dev")
    assert "hunter2-secret" not in str(refused.value)


# SQLAlchemy's and GX's spellings of syntax that sqlglot renders its own way, the very same
# in Redshift's grammar: `x NOT IN (…)` is `NOT x IN (…)`; NUMERIC is DECIMAL (Numeric
# types); `'v'::timestamp` is CAST('v' AS TIMESTAMP) (CAST and CONVERT functions); a
# statement's closing `;`.
SQLALCHEMY_SPELLINGS = [
    (r"\b([a-z_][\w.]*) NOT IN \(", r"NOT \1 IN ("),
    (r"\bAS NUMERIC\)", "AS DECIMAL)"),
    (r"('[^']*')::timestamp\b", r"CAST(\1 AS TIMESTAMP)"),
    (r";\s*$", ""),
]


def _spelled(statement: str) -> str:
    for pattern, canonical in SQLALCHEMY_SPELLINGS:
        statement = re.sub(pattern, canonical, statement, flags=re.I)
    return statement


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, str]]:
    """A PostgreSQL 15 cluster listening on TCP with a password: its socket URL (trusted) and
    the `redshift://` URL a profile would give for it."""
    reason = pg15.available()
    if reason:
        pytest.skip(reason)
    port = _free_port()
    with pg15.cluster(tcp_port=port) as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"ALTER ROLE postgres PASSWORD '{PASSWORD}'")
        yield url, f"redshift://postgres@127.0.0.1:{port}/postgres?sslmode=disable"


@contextmanager
def counting(url: str, path: list[str]) -> Iterator[Db]:
    """The engine's counting step, on PostgreSQL: a session on the audit search path."""
    assert path == gate.AUDIT_PATH
    with psycopg.connect(url, autocommit=True) as conn:
        Warehouse.run(conn, "redshift/audit/enter")
        yield conn


def _gate(socket_url: str, redshift_url: str, run_name: str) -> QualityReport:
    target = gate.RedshiftGate(redshift_url, lambda path: counting(socket_url, path))
    findings = []
    for suite in build_plan.suites("full"):
        findings += quality.validate_suite(
            target,
            suite,
            ErrorBudget.parse("10"),
            0.0,
            load_id=20,
            audit=True,
            run_name=run_name,
        ).findings
    return QualityReport(findings=findings, docs_index=quality.finish(run_name))


def test_gx_redshift_datasource_runs_the_suites_on_the_audit_tables(
    cluster: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clean load passes every suite (the published tables hold a duplicate, which the gate
    must not see: it reads the audit schema); a duplicate user in the audit table fails the
    gate; every statement GX sends is Redshift's as the plan checker reads it; the password
    comes from PGPASSWORD only."""
    socket_url, redshift_url = cluster
    load = StandIn(socket_url)
    load.conn.execute(
        "CREATE FUNCTION getdate() RETURNS timestamp LANGUAGE sql"
        " AS 'SELECT clock_timestamp()::timestamp'"
    )
    for ddl in [*sql_group("redshift/schema"), *sql_group("redshift/star")]:
        for statement in _postgres_ddl(ddl):
            load.conn.execute(statement)
    load.conn.execute(
        "INSERT INTO loads VALUES (20, 's3://x', FALSE, 'running', getdate(), NULL, getdate())"
    )
    for ts in (1_541_030_400_000, 1_541_030_500_000):
        load.stage_play(20, ts)
    load.conn.execute(
        "INSERT INTO staging_songs (load_id, song_id, artist_id, title, duration, year)"
        " VALUES (20, 'SO1', 'AR1', 'Song', 200.0, 2000)"
    )
    load.conn.execute(
        "INSERT INTO staging_quarantine (source_key, line_number, load_id, reason)"
        " VALUES ('log_data/a.json', 3, 20, 'not JSON'), (NULL, NULL, 20, 'no ts')"
    )
    load.build_audit()
    load.conn.execute("INSERT INTO users (user_id, level) VALUES (7, 'free'), (7, 'free')")

    sent: list[str] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if conn.dialect.name == "redshift":
            sent.append(cursor.mogrify(statement, parameters).decode())

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", capture)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    try:
        with pytest.raises(WarehouseError, match="no password"):
            _gate(socket_url, redshift_url, "rs-gate-nopassword")
        monkeypatch.setenv("PGPASSWORD", PASSWORD)
        clean = _gate(socket_url, redshift_url, "rs-gate-clean")
        assert [f.describe() for f in clean.unevaluated + clean.critical_failures] == []
        suites = {f.suite for f in clean.findings}
        assert suites == {gate.gx_suite(s) for s in build_plan.suites("full")} - {None}
        assert "quarantine_redshift" in suites and "source_calendar" not in suites
        assert clean.docs_index is not None and clean.docs_index.is_file()
        # Redshift's SQL, compiled by sqlalchemy-redshift: each statement as the plan's.
        assert len(sent) > 50
        findings = {s[:200]: found for s in sent if (found := problems(_spelled(s)))}
        assert findings == {}

        load.conn.execute("INSERT INTO sparkify_audit.users (user_id, level) VALUES (7, 'free')")
        failed = _gate(socket_url, redshift_url, "rs-gate-failed")
        assert [(f.suite, f.column, f.expectation) for f in failed.critical_failures] == [
            ("users", "user_id", "expect_column_values_to_be_unique")
        ]
        monkeypatch.setenv("PGPASSWORD", "not-the-password")
        wrong = _gate(socket_url, redshift_url, "rs-gate-wrong")
        assert wrong.unevaluated and all("password" in str(f.error) for f in wrong.unevaluated)
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", capture)
        load.conn.close()
