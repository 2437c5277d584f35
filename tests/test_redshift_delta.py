"""Delta builds on Redshift, without a cluster: the plan (`--dry-run`) onto a non-empty
warehouse (its manifest from a snapshot) shows the delta a run would send, and PostgreSQL 15
runs those very statements: a full load then a delta publishes what one full load of all the
files would, without deleting a published songplay or time row."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import dry_run
from redshift_sql import printed_objects
from test_redshift import (  # noqa: F401 (bucket: a fixture)
    PUBLISH_FENCE,
    ROLE,
    STATE,
    UNREACHABLE,
    StandIn,
    _bound,
    _lease_params,
    _load_id,
    _postgres_ddl,
    _statements,
    _transactions,
    assert_a_careful_plan,
    bucket,  # the fixture
)

from sparkify import build_plan
from sparkify.build_plan import BuildMode
from sparkify.errors import SparkifyError
from sparkify.redshift.engine import DELTA_CAVEAT, LEASE_SECONDS, PUBLISH, print_plan
from sparkify.redshift.snapshot import COLUMNS, ManifestRow, read_snapshot
from sparkify.s3 import S3Source
from sparkify.settings import resolve_settings
from sparkify.sqlfiles import sql_group, statements

NEW_DAYS = ("2018-11-15-events.json", "2018-11-30-events.json.gz")
ENTER, LEAVE = _statements("redshift/audit/enter", "redshift/audit/leave")
# The statements a publish transaction may hold: DML only (MERGE: Redshift's, in a
# transaction block as its merge pages do it).
PUBLISH_DML = re.compile(
    r"(DELETE|INSERT INTO \w+\s+(\(|SELECT)|UPDATE|LOCK|SELECT|MERGE INTO \w+\s+USING)\b"
)


def _published(aws: Any, *, but: tuple[str, ...] = NEW_DAYS) -> list[ManifestRow]:
    """The manifest of a warehouse that published every source file except `but` (load 1)."""
    listed = S3Source("s3://warehouse-src/sparkify", aws).list_files()
    return [(f.key, f.fingerprint, 1) for f in listed if not f.key.endswith(but)]


def _write_snapshot(path: Path, rows: list[ManifestRow]) -> Path:
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def _plan(aws: Any, manifest: list[ManifestRow], full_refresh: bool = False) -> str:
    out = io.StringIO()
    settings = resolve_settings(
        source="s3://warehouse-src/sparkify",
        warehouse=UNREACHABLE,
        iam_role=ROLE,
        state=STATE,
        full_refresh=full_refresh,
        defaults=False,
    )
    print_plan(settings, aws, out, logging.getLogger("test.delta"), manifest=manifest)
    return out.getvalue()


def test_the_dry_run_onto_a_non_empty_warehouse_shows_the_delta_a_run_would_send(
    bucket: dict[str, str],  # noqa: F811 (the fixture, imported)
    aws: Any,
    tmp_path: Path,
) -> None:
    """`--manifest-snapshot`: the plan COPYs just the new days, builds only the delta steps
    through the scope's views, and publishes in one short DML transaction that appends
    songplays and time in sort-key order and merges users; every statement passes the
    checker; songs and artists are neither built nor touched."""
    snapshot = _write_snapshot(tmp_path / "manifest.csv", _published(aws))
    result = dry_run(
        "--warehouse",
        UNREACHABLE,
        "--iam-role",
        ROLE,
        "--state",
        STATE,
        "--source",
        "s3://warehouse-src/sparkify",
        "--manifest-snapshot",
        str(snapshot),
        env=bucket,
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    copies = assert_a_careful_plan(text)
    assert f"-- {DELTA_CAVEAT}" in text
    # The new days only, and no song COPY: the manifests a run would write list just them.
    assert [c.split()[1] for c in copies] == ["listed_files", "copy_events", "copy_events"]
    written = printed_objects(text)
    entries = sorted(
        entry["url"].rsplit("/", 1)[1]
        for url, body in written.items()
        if url.endswith(".manifest")
        for entry in json.loads(body)["entries"]
    )
    assert entries == sorted(NEW_DAYS)

    plan = statements(text)
    params = {"load_id": _load_id(plan), "lease_seconds": LEASE_SECONDS, "status": "published"}
    *_, publish = blocks = _transactions(plan)
    # plan-build: the rule's staged half asked, then the audit schema with the scope's views.
    (plan_build,) = [b for b in blocks if _bound(["redshift/delta/scope"], params)[0] in b]
    assert plan_build[:2] == [*_bound(["redshift/delta/repeated_plays"], params), ENTER]
    assert plan_build[2:] == [
        *_bound(
            [
                "redshift/audit/drop",
                "redshift/delta/scope",
                "delta/level_events",
                *sql_group("redshift/star"),
            ],
            params,
        ),
        *_statements("redshift/build/analyze_staging"),
        LEAVE,
    ]
    # Each delta step its own transaction, its shared files unchanged; songs and artists none.
    built = [[ENTER, *_statements(*step.files), LEAVE] for step in build_plan.steps("delta")]
    at = blocks.index(built[0])
    assert blocks[at : at + 2 * len(built) : 2] == built
    assert not [b for b in blocks if _statements("build/songs")[0] in b]

    # Publish: the fence, the delta's DML, the manifest, the lease's end; nothing deleted of
    # the history, songs and artists untouched.
    assert publish == _bound(
        [
            *PUBLISH_FENCE,
            "redshift/delta/publish",
            "redshift/publish/manifest",
            "redshift/lease/05_end",
        ],
        params,
    )
    assert all(PUBLISH_DML.match(s) for s in publish)
    assert not [s for s in publish if re.search(r"TRUNCATE|APPEND|COPY|CREATE|DROP|ANALYZE", s)]
    assert not [s for s in publish if re.match(r"DELETE FROM (songplays|time|users)\b", s)]
    assert not [s for s in publish if re.search(r"\b(songs|artists)\b", s)]
    assert "INSERT INTO songplays SELECT * FROM sparkify_audit.songplays ORDER BY start_time" in (
        publish
    )
    (time_rows,) = [s for s in publish if s.startswith("INSERT INTO time")]
    assert time_rows.endswith("ORDER BY a.start_time")
    assert [s.split()[2] for s in publish if s.startswith("MERGE")] == ["users"]


@pytest.mark.parametrize(
    ("case", "mode"),
    [
        ("only new event files", "delta"),
        ("an empty warehouse", "full"),
        ("a new song file", "full"),
        ("a changed event file", "full"),
        ("a full refresh", "full"),
    ],
)
def test_the_plan_builds_a_delta_by_postgresql_s_rule(
    bucket: dict[str, str],  # noqa: F811 (the fixture, imported)
    aws: Any,
    case: str,
    mode: BuildMode,
) -> None:
    published = sorted(_published(aws))
    song = next(key for key, _, _ in published if key.startswith("song_data/"))
    day = next(key for key, _, _ in published if key.startswith("log_data/"))
    manifest = {
        "only new event files": published,
        "an empty warehouse": [],
        "a new song file": [row for row in published if row[0] != song],
        "a changed event file": [
            (key, "changed" if key == day else etag, load) for key, etag, load in published
        ],
        "a full refresh": published,
    }[case]
    plan = statements(_plan(aws, manifest, full_refresh=case == "a full refresh"))
    scope = _statements("redshift/delta/scope")[0].split(" AS")[0]  # its first view
    publish = _transactions(plan)[-1]
    assert (mode == "delta") == any(s.startswith(scope) for s in plan)
    assert (mode == "full") == ("DELETE FROM songplays" in publish)
    assert any(s.startswith("MERGE INTO users") for s in publish) == (mode == "delta")


def test_a_manifest_snapshot_is_csv_with_the_manifest_query_s_columns(tmp_path: Path) -> None:
    good = _write_snapshot(tmp_path / "good.csv", [('log_data/a "b".json', '"e1"', 7)])
    assert read_snapshot(good) == [('log_data/a "b".json', '"e1"', 7)]
    bad = tmp_path / "bad.csv"
    bad.write_text("key,etag\nlog_data/a.json,e1\n")
    with pytest.raises(SparkifyError, match="source_key,fingerprint,load_id"):
        read_snapshot(bad)


# --- PostgreSQL 15 runs the delta's statements ----------------------------------------------

EVENT_COLUMNS = (
    "load_id, page, ts, user_id, session_id, item_in_session, level, first_name, gender,"
    " song, artist, length"
)
# (page, ts, user_id, session_id, item_in_session, level, first_name, song, artist, length)
DAY_1 = [
    ("NextSong", 1_000, 7, 3, 0, "free", "Ann", "Song A", "Artist A", 200.0),
    ("Home", 1_500, 7, 3, 1, "free", "Ann", None, None, None),
    ("NextSong", 2_000, 8, 4, 0, "paid", "Bo", "Song B", "Artist B", 180.0),
    ("Home", 2_500, None, 9, 0, None, None, None, None, None),  # logged out
    ("NextSong", 3_000, 9, 5, 0, "free", "Cy", "Song A", "Artist A", 200.0),
]
DAY_2 = [
    # a published start_time again (another user's play), and a level change
    ("NextSong", 3_000, 7, 3, 2, "paid", "Ann", "Song A", "Artist A", 200.0),
    ("NextSong", 4_000, 7, 3, 3, "paid", "Ann", "Song B", "Artist B", 180.0),
    ("NextSong", 5_000, 10, 6, 0, "free", "Di", "Unknown", "Nobody", 100.0),  # a new user
    ("Logout", 6_000, 8, 4, 1, "free", "Bea", None, None, None),  # latest: not a play
    # earlier than the user's published latest event: a new period before it, same latest
    ("NextSong", 2_400, 9, 5, 1, "paid", "Cy", "Song A", "Artist A", 200.0),
]
SONGS = [  # (song_id, title, artist_id, artist_name, duration, year)
    ("SA", "Song A", "AR1", "Artist A", 200.005, 2001),
    ("SB", "Song B", "AR2", "Artist B", 180.0, 0),
    ("SC", "Song C", "AR1", "Artist A", 50.0, 1999),
]
TABLES = ("songplays", "users", "songs", "artists", "time", "quarantine", "user_levels")
TABLES += ("played_songs",)


def _warehouse(admin_url: str, name: str) -> StandIn:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    db = StandIn(admin_url.replace("/postgres?", f"/{name}?"))
    db.conn.execute(
        "CREATE FUNCTION getdate() RETURNS timestamp LANGUAGE sql"
        " AS 'SELECT clock_timestamp()::timestamp'"
    )
    for ddl in [*sql_group("redshift/schema"), *sql_group("redshift/star")]:
        for statement in _postgres_ddl(ddl):
            db.conn.execute(statement)
    return db


def _stage(db: StandIn, load_id: int, days: dict[str, list[tuple[Any, ...]]], songs: bool) -> None:
    """Take the lease and stage as the COPY steps leave it (committed): the days' events, the
    song records, a quarantined record per day, the file list."""
    assert db.take_lease(_lease_params(load_id)) == []
    for key, events in days.items():
        for event in events:
            page, ts, user, session, item, level, first, song, artist, length = event
            db.conn.execute(
                f"INSERT INTO staging_events ({EVENT_COLUMNS}) VALUES"
                " (%s, %s, %s, %s, %s, %s, %s, %s, 'F', %s, %s, %s)",
                [load_id, page, ts, user, session, item, level, first, song, artist, length],
            )
        db.conn.execute(
            "INSERT INTO staging_quarantine (load_id, reason, \"raw\") VALUES (%s, %s, '{')",
            [load_id, f"{key}: not valid JSON"],
        )
        db.conn.execute(
            "INSERT INTO load_files VALUES (%s, %s, 'events', 1, %s, NULL)", [load_id, key, key]
        )
    if songs:
        for song_id, title, artist_id, artist_name, duration, year in SONGS:
            db.conn.execute(
                "INSERT INTO staging_songs (load_id, song_id, title, artist_id, artist_name,"
                " duration, year) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [load_id, song_id, title, artist_id, artist_name, duration, year],
            )
        db.conn.execute(
            "INSERT INTO load_files VALUES (%s, 'song_data/A.json', 'songs', 1, 's', NULL)",
            [load_id],
        )


def _build_and_publish(db: StandIn, load_id: int, mode: BuildMode) -> None:
    """plan-build, every step of the plan, the key checks and publish, each its own
    transaction, with the engine's files in the engine's order."""
    params = {**_lease_params(load_id), "status": "published"}
    db.run("redshift/tx/begin", "redshift/audit/enter", "redshift/audit/drop")
    if mode == "delta":
        db.run("redshift/delta/scope", "delta/level_events", params=params)
    for name in sql_group("redshift/star"):
        for statement in _postgres_ddl(name):
            db.conn.execute(statement)
    db.run("redshift/build/analyze_staging", "redshift/audit/leave", "redshift/tx/commit")
    for step in build_plan.steps(mode):
        db.run("redshift/tx/begin", "redshift/audit/enter", *step.files)
        db.run("redshift/audit/leave", "redshift/tx/commit")
    db.run("redshift/tx/begin", "redshift/audit/enter")
    (checks,) = _statements("redshift/checks/01_keys")
    assert [n for _, n in db.rows(checks)] == [0] * 7  # the gate passes on the delta's rows
    db.run("redshift/audit/leave", "redshift/tx/commit")
    db.run("redshift/tx/begin", "redshift/lease/03_renew", params=params)
    assert db.query("redshift/lease/04_lost", params) == []
    db.run(PUBLISH[mode], "redshift/publish/manifest", "redshift/lease/05_end", params=params)
    db.run("redshift/tx/commit", "redshift/audit/drop")


def _contents(db: StandIn) -> dict[str, list[tuple[Any, ...]]]:
    """Every published table, its rows sorted (NULL first)."""
    return {
        table: sorted(
            db.rows(f"SELECT * FROM {table}"),
            key=lambda row: tuple((value is not None, value) for value in row),
        )
        for table in TABLES
    }


def test_a_delta_publishes_what_one_full_load_would_and_keeps_the_history_on_postgres_15(
    pg15_admin_url: str,
) -> None:
    """A full load of day 1 and the songs, then a delta of day 2 (a new user, a level change,
    a published start_time again, an event earlier than a user's latest, a repeated pair):
    the published tables equal one full load of all the files, row by row; the songplays and
    time rows published before are the same tuples after (ctid and xmin unchanged: not
    deleted and inserted again); a day that repeats a published play builds in full."""
    day_1, day_2 = {"log_data/day-1.json": DAY_1}, {"log_data/day-2.json": DAY_2}
    delta = _warehouse(pg15_admin_url, f"test_delta_{os.getpid()}")
    _stage(delta, 1, day_1, songs=True)
    _build_and_publish(delta, 1, "full")
    history = {
        table: delta.rows(f"SELECT ctid::text, xmin::text, * FROM {table}")
        for table in ("songplays", "time")
    }
    assert [len(rows) for rows in history.values()] == [3, 3]

    _stage(delta, 2, day_2, songs=False)
    # The rule's staged half: a published play staged again is found, and builds in full.
    assert delta.query("redshift/delta/repeated_plays", {"load_id": 2}) == []
    delta.conn.execute(
        f"INSERT INTO staging_events ({EVENT_COLUMNS}) SELECT 2, page, ts, user_id,"
        " session_id, item_in_session, level, first_name, gender, song, artist, length"
        " FROM staging_events WHERE load_id = 1 AND ts = 1000"
    )
    assert len(delta.query("redshift/delta/repeated_plays", {"load_id": 2})) == 1
    delta.conn.execute("DELETE FROM staging_events WHERE load_id = 2 AND ts = 1000")
    _build_and_publish(delta, 2, "delta")

    full = _warehouse(pg15_admin_url, f"test_full_{os.getpid()}")
    _stage(full, 1, {**day_1, **day_2}, songs=True)
    _build_and_publish(full, 1, "full")

    published = _contents(delta)
    assert published == _contents(full)
    assert len(published["songplays"]) == 7 and len(published["time"]) == 6
    assert [(u[0], u[1], u[4]) for u in published["users"]] == [
        (7, "Ann", "paid"),
        (8, "Bea", "free"),
        (9, "Cy", "free"),
        (10, "Di", "free"),
    ]
    assert delta.rows("SELECT COUNT(*) FROM songs") == [(3,)]
    for table, before in history.items():
        after = set(delta.rows(f"SELECT ctid::text, xmin::text, * FROM {table}"))
        assert set(before) <= after, f"published {table} rows were deleted and inserted again"
    assert delta.rows("SELECT load_id, status FROM loads ORDER BY load_id") == [
        (1, "published"),
        (2, "published"),
    ]
    assert delta.rows("SELECT COUNT(*) FROM pg_views WHERE schemaname = 'sparkify_audit'") == [(0,)]
    delta.conn.close()
    full.conn.close()
