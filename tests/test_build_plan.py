"""The build plan, table by table, on a real PostgreSQL without Prefect: staged rows in, the
table's rows out, against the independent oracle. The plan is also checked against the SQL
files on disk, so no file is left out of it and no step names a missing file."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import T0, event, fetch, nulls_first, song_record, write_lines
from oracle import expected

from sparkify import build_plan, quality
from sparkify.config import SQL_DIR
from sparkify.postgres_engine import PostgresEngine
from sparkify.settings import RunSettings
from sparkify.warehouse import Warehouse

LOG = logging.getLogger("test")


def test_the_plan_names_every_build_file_once_and_only_existing_ones() -> None:
    named = [name for step in build_plan.PLAN for name in (*step.files, *step.bookkeeping)]
    on_disk = sorted(f"build/{path.stem}" for path in (SQL_DIR / "build").glob("*.sql"))
    assert sorted(named) == on_disk
    for step in build_plan.PLAN:
        assert step.files[-1] == f"build/{step.table}"  # a table's last file is named after it
        assert all(
            build_plan.PLAN.index(build_plan.step(need)) < build_plan.PLAN.index(step)
            for need in step.needs
        )
        if step.published:
            assert (SQL_DIR / "star" / f"{step.table}.sql").is_file()


def test_a_delta_builds_only_what_new_events_change_and_gates_those() -> None:
    delta = {step.table for step in build_plan.steps("delta")}
    assert delta == {
        "song_records",
        "users",
        "songplays",
        "time",
        "quarantine",
        "user_levels",
        "played_songs",
    }
    assert set(build_plan.suites("delta")) == {
        "staging_events",
        "users",
        "songplays",
        "time",
        "quarantine",
        "user_levels",
        "played_songs",
        "source_calendar",
        "null_shares",
    }
    full = build_plan.suites("full")
    assert set(full) == set(quality.suite_names())  # every suite but an engine's variants
    assert full["songplays"] == ("songplays", "users", "songs", "artists", "time")


def source_with_every_rule(root: Path) -> Path:
    """A small source exercising each table's rules: duplicates, ties, matches, bad lines."""
    write_lines(
        root,
        "log_data/2018/11/2018-11-01-events.json",
        [
            event(ts=T0, userId="8", level="free"),
            event(ts=T0, userId="8", level="paid", location="copy in a later line"),
            event(ts=T0 + 1000, userId="8", level="paid", itemInSession=2, firstName="Kay"),
            event(ts=T0 + 2000, userId="9", song="Nowhere", page="NextSong"),
            event(ts=T0 + 3000, userId="", page="Home", sessionId=None, itemInSession=None),
            "{not json",
        ],
    )
    write_lines(
        root,
        "log_data/2018/11/2018-11-02-events.json",
        [
            event(ts=T0, userId="8", level="gold-elsewhere"),  # the same event, a later file
            event(ts=T0 + 86_400_000, userId="10", gender="M", level="free"),
            event(ts=T0 + 500, userId="8", level="paid", page="Home"),  # 8 paid sooner (file 2)
            event(ts=T0 + 600, userId="8", level=None, itemInSession=3),  # no level: no period
            event(ts=T0 + 700, userId="9", song="you gotta be"),  # case differs: a pair of its own
            event(ts=T0 + 800, userId="10", artist=None),  # a NULL artist is a spelling too
            event(ts=T0 + 900, userId="10", song=None),  # a NULL song is not a played song
        ],
    )
    write_lines(root, "song_data/A/A/A/TRA.json", [song_record(song_id="SOB")])
    write_lines(root, "song_data/A/A/B/TRB.json", [song_record(song_id="SOA", year=0)])
    write_lines(root, "song_data/A/A/C/TRC.json", [song_record(song_id="SOA", title="Later")])
    write_lines(root, "song_data/A/A/D/TRD.json", [{"song_id": "SOX"}])
    return root


@pytest.fixture
def staged(tmp_path: Path, warehouse_url: str) -> tuple[PostgresEngine, int, Path]:
    """The source staged into a fresh warehouse, built in full through the engine's steps."""
    source = source_with_every_rule(tmp_path / "source")
    engine = PostgresEngine(warehouse_url)
    settings = RunSettings(source=str(source), warehouse=warehouse_url)
    load_id = engine.prepare(settings)
    files = engine.choose_files(load_id, settings, LOG)
    for kind in ("events", "songs"):
        engine.stage(load_id, settings, files, kind, LOG)
    assert engine.plan_build(load_id) == "full"
    return engine, load_id, source


AUDIT_QUERIES = {
    "songplays": "SELECT * FROM sparkify_audit.songplays",
    "users": "SELECT * FROM sparkify_audit.users",
    "songs": "SELECT * FROM sparkify_audit.songs",
    "artists": "SELECT * FROM sparkify_audit.artists",
    "time": "SELECT * FROM sparkify_audit.time",
    "quarantine": "SELECT source_key, line_number FROM sparkify_audit.quarantine",
    "played_songs": "SELECT * FROM sparkify_audit.played_songs",
    "user_levels": "SELECT * FROM sparkify_audit.user_levels",
}
SORT_KEYS: dict[str, Any] = {"quarantine": lambda q: (q[0], q[1] or 0), "played_songs": nulls_first}


@pytest.mark.parametrize("table", list(AUDIT_QUERIES))
def test_each_table_alone_equals_the_oracle(
    table: str, staged: tuple[PostgresEngine, int, Path], warehouse_url: str
) -> None:
    """Build just the steps the table needs, in plan order, then compare the table."""
    engine, load_id, source = staged
    wanted = {table}
    for step in reversed(build_plan.PLAN):
        if step.table in wanted:
            wanted |= set(step.needs)
    for step in build_plan.PLAN:
        if step.table in wanted:
            engine.build(load_id, step, "full")
    rows: list[Any] = fetch(warehouse_url, AUDIT_QUERIES[table])
    assert sorted(rows, key=SORT_KEYS.get(table)) == expected(source)[table]
    built = {
        name
        for (name,) in fetch(
            warehouse_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'sparkify_audit'"
        )
    }
    assert built <= {*wanted, "user_latest", "plays"}


@pytest.mark.parametrize("server", ["pg15"], indirect=True)
def test_build_statements_are_not_jit_compiled(warehouse_url: str) -> None:
    """Debian's PostgreSQL 15 has LLVM: outside a build it compiles a query costlier than
    jit_above_cost (here every one); a build's transaction (audit/enter) compiles none."""
    query = "EXPLAIN (ANALYZE, FORMAT JSON) SELECT sum(g * 2) FROM generate_series(1, 1000) g"
    with psycopg.connect(warehouse_url) as conn:
        conn.execute("SET jit_above_cost = 0")
        assert "JIT" in conn.execute(query).fetchone()[0][0]  # type: ignore[index]
        Warehouse.run(conn, "audit/enter")
        assert "JIT" not in conn.execute(query).fetchone()[0][0]  # type: ignore[index]
