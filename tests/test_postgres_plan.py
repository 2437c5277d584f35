"""`sparkify run --dry-run` on PostgreSQL: the plan writes nothing to the warehouse, and its
statements are the ones a real load then sends, in order (full build on a new warehouse,
delta build for a new day of events), up to the values known only at run time."""

from __future__ import annotations

import io
import logging
import re
import shutil
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import dry_run, fetch

from sparkify.engine import run_steps
from sparkify.generate import generate
from sparkify.postgres_engine import PostgresEngine
from sparkify.postgres_plan import print_plan
from sparkify.settings import RunSettings, resolve_settings
from sparkify.sqlfiles import statement_of, statements

LOG = logging.getLogger("test.plan")
# What the quality suites send beside Great Expectations' own queries: not in the plan.
VALIDATION = ("ops/current_schema", "ops/set_search_path", "ops/bad_record_totals")
VALIDATION_QUERIES = ("ops/staged_plays",)
LITERAL = re.compile(
    r"E?'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b|\b(?:true|false|NULL)\b|(?<![:\w]):[a-z_]\w*"
)

pytestmark = pytest.mark.slow


def _settings(source: Path, url: str) -> RunSettings:
    return resolve_settings(source=str(source), warehouse=url)


def _plan(source: Path, url: str) -> str:
    out = io.StringIO()
    print_plan(_settings(source, url), None, out, LOG)
    return out.getvalue()


def _shapes(sent: list[str]) -> list[str]:
    """Each statement with its literals and placeholders as `?`, runs of the same shape as one
    (a batch sends one manifest row per file, one drift row per field)."""
    shapes: list[str] = []
    for statement in sent:
        shape = LITERAL.sub("?", statement)
        if not shapes or shapes[-1] != shape:
            shapes.append(shape)
    return shapes


def _run(source: Path, url: str, caplog: pytest.LogCaptureFixture) -> list[str]:
    """A real load (the flow's steps without Prefect): the statements it sent."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="sparkify.sql"):
        run_steps(PostgresEngine(url), _settings(source, url), LOG)
    sent = [
        statement
        for record in caplog.records
        if record.name == "sparkify.sql"
        for statement in statements(record.getMessage().removeprefix("sql: "))
    ]
    return [s for s in sent if not any(statement_of(n, s) for n in VALIDATION + VALIDATION_QUERIES)]


def _writes(url: str) -> tuple[Any, ...]:
    """Every table's rows written, updated and deleted so far, and its rows now."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_force_next_flush()")
    counts = fetch(
        url,
        "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables ORDER BY relname",
    )
    tables = [name for (name, *_) in counts]
    return tuple(counts), tuple(fetch(url, f"SELECT count(*) FROM {t}")[0][0] for t in tables)


def test_the_dry_run_prints_what_the_load_sends_and_writes_nothing(
    tmp_path: Path, warehouse_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    everything, source = tmp_path / "all", tmp_path / "source"
    generate(everything, events=1200, songs=120, days=3, seed=5)
    shutil.copytree(everything / "song_data", source / "song_data")
    days = sorted((everything / "log_data").rglob("*.json"))
    for day in days[:2]:
        target = source / day.relative_to(everything)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(day, target)

    # A new warehouse: the plan creates nothing (the read-only reads find no tables).
    plan = _plan(source, warehouse_url)
    assert fetch(warehouse_url, "SELECT count(*) FROM pg_stat_user_tables") == [(0,)]
    assert "-- a full build" in plan and ":load_id" in plan
    printed = statements(plan)
    assert sum(s.startswith("COPY staging_events") for s in printed) == 1
    assert sum(s.startswith("COPY staging_songs") for s in printed) == 1
    assert "--   log_data/" in plan and "--   song_data/" in plan
    assert _shapes(printed) == _shapes(_run(source, warehouse_url, caplog))

    # A new day of events: a delta, printed as the run then builds it; nothing written.
    target = source / days[2].relative_to(everything)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(days[2], target)
    before = _writes(warehouse_url)
    plan = _plan(source, warehouse_url)
    assert _writes(warehouse_url) == before
    assert "-- a delta build, unless" in plan
    copies = [s for s in statements(plan) if s.startswith("COPY staging_")]
    assert [c.split()[1] for c in copies] == ["staging_events", "staging_quarantine"]
    assert f"--   {days[2].relative_to(everything)}" in plan
    assert _shapes(statements(plan)) == _shapes(_run(source, warehouse_url, caplog))

    # Nothing new: no COPY at all.
    plan = _plan(source, warehouse_url)
    assert not [s for s in statements(plan) if s.startswith("COPY")]

    # The command line: the same plan, by URL.
    before = _writes(warehouse_url)
    result = dry_run("--source", str(source), "--warehouse", warehouse_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("-- sparkify dry run: the statements a load of")
    assert statements(result.stdout) == statements(plan)
    assert _writes(warehouse_url) == before
