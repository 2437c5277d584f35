"""Locks: a publish never freezes the readers of the published tables, and a run that loses its
load lock (its connection dropped) takes it again at once or stops before publishing."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any, Self

import psycopg
import pytest
from conftest import Background, cli_env, fetch, star_tables, start_cli
from oracle import expected

from sparkify.generate import generate

DAY_2 = "log_data/2018/11/2018-11-02-events.json"
LOCK_HOLDERS = (
    "SELECT l.pid FROM pg_locks AS l JOIN pg_stat_activity AS a USING (pid)"
    " WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()"
)


class Probe(Background):
    """A dashboard: `SELECT count(*) FROM songplays` every 50 ms; keeps the slowest answer,
    and when an answer first showed each songplays table (a full publish swaps in a new one)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url, self.slowest, self.answers = url, 0.0, 0
        self.first_seen: dict[int, float] = {}

    def run(self) -> None:
        with psycopg.connect(self.url, autocommit=True, application_name="dashboard") as conn:
            while not self.done.is_set():
                started = time.monotonic()
                _, table = conn.execute(
                    "SELECT count(*), 'songplays'::regclass::oid FROM songplays"
                ).fetchone()
                answered = time.monotonic()
                self.slowest = max(self.slowest, answered - started)
                self.first_seen.setdefault(table, answered)
                self.answers += 1
                self.done.wait(0.05)


class Blocker(Background):
    """An analyst's open transaction holding a lock on songplays (`statement` takes it).

    It ends `linger` seconds after a sparkify connection was seen waiting for a lock on
    songplays (None: only when the test says so); `released` is the monotonic clock then."""

    def __init__(self, url: str, statement: str, linger: float | None) -> None:
        super().__init__()
        self.url, self.statement, self.linger = url, statement, linger
        self.released: Any = None
        self.saw_a_wait = False
        self._holding = threading.Event()

    def __enter__(self) -> Self:
        super().__enter__()
        assert self._holding.wait(30)
        return self

    def run(self) -> None:
        with (
            psycopg.connect(self.url, application_name="analyst") as conn,
            psycopg.connect(self.url, autocommit=True) as watch,
        ):
            conn.execute(self.statement)
            self._holding.set()
            deadline = time.monotonic() + 120
            while not self.done.is_set() and time.monotonic() < deadline:
                if self.linger is not None and _publish_waits(watch):
                    self.saw_a_wait = True
                    self.done.wait(self.linger)
                    break
                time.sleep(0.01)
            self.released = time.monotonic()  # before: a publish may commit before it returns
            conn.rollback()


def _publish_waits(conn: psycopg.Connection) -> bool:
    """A sparkify connection waits for a lock on songplays (a publish in the queue)."""
    return bool(
        conn.execute(
            "SELECT 1 FROM pg_locks AS l JOIN pg_stat_activity AS a USING (pid)"
            " WHERE NOT l.granted AND l.relation = 'songplays'::regclass"
            " AND a.application_name = 'sparkify'"
        ).fetchall()
    )


def _without_day_2(full: Path, source: Path) -> None:
    shutil.copytree(full, source)
    (source / DAY_2).unlink()


def test_readers_answer_at_once_while_loads_publish_beside_a_long_query(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    full, source = tmp_path / "full", tmp_path / "source"
    generate(full, events=3000, songs=100, days=2, seed=3)
    _without_day_2(full, source)
    run_load(source)
    with Probe(warehouse_url) as probe:
        with Blocker(warehouse_url, "SELECT count(*) FROM songplays", linger=3.0) as reader:
            rebuilt = run_load(source, full_refresh=True)
        assert reader.saw_a_wait, "the full load never waited for the long query"
        assert probe.slowest < 1.0, f"a reader waited {probe.slowest:.1f} s beside a full load"
        assert rebuilt.build == "full" and len(probe.first_seen) == 2
        assert max(probe.first_seen.values()) > reader.released, "published before it ended"
        shutil.copy2(full / DAY_2, source / DAY_2)
        with Blocker(warehouse_url, "SELECT count(*) FROM songplays", linger=None):
            added = run_load(source)  # a delta only inserts: it need not wait for readers
        assert added.build == "delta"
    assert probe.answers > 20 and probe.slowest < 1.0, f"a reader waited {probe.slowest:.1f} s"
    assert star_tables(warehouse_url) == expected(full)


def test_a_publish_blocked_past_its_patience_fails_cleanly(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    full, source = tmp_path / "full", tmp_path / "source"
    generate(full, events=3000, songs=100, days=2, seed=7)
    _without_day_2(full, source)
    run_load(source)
    before = star_tables(warehouse_url)
    with Blocker(warehouse_url, "SELECT count(*) FROM songplays", linger=None):
        started = time.monotonic()
        with pytest.raises(
            Exception,
            match=r"publish gave up after 2 s: songplays is held by "
            r"pid \d+ \(application 'analyst', idle in transaction",
        ):
            run_load(source, full_refresh=True, publish_patience=2)
        assert time.monotonic() - started < 30
    assert star_tables(warehouse_url) == before
    shutil.copy2(full / DAY_2, source / DAY_2)
    # a delta waits only for a lock stronger than a reader's (CREATE INDEX takes this one)
    stronger = Blocker(warehouse_url, "LOCK TABLE songplays IN SHARE MODE", linger=None)
    gave_up = pytest.raises(Exception, match="publish gave up after 2 s: songplays is held by")
    with stronger, gave_up:
        run_load(source, publish_patience=2)
    assert star_tables(warehouse_url) == before
    assert fetch(warehouse_url, "SELECT status FROM loads ORDER BY load_id") == [
        ("published",),
        ("failed",),
        ("failed",),
    ]
    assert fetch(warehouse_url, "SELECT count(*) FROM pending_manifest") == [(0,)]
    assert run_load(source).build == "delta"
    assert star_tables(warehouse_url) == expected(full)


class LockCutter(Background):
    """A network blip on the lock connection: when a run's statement matches each pattern in
    turn, the backend holding the load lock is terminated; `regained` holds the seconds until
    an advisory lock was held again (inf: not within 5 s)."""

    def __init__(self, url: str, patterns: list[str]) -> None:
        super().__init__()
        self.url, self.patterns = url, patterns
        self.regained: list[float] = []

    def run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            for pattern in self.patterns:
                while not self.done.is_set() and not _busy(conn, pattern):
                    time.sleep(0.002)
                if self.done.is_set():
                    return
                holders = {pid for (pid,) in conn.execute(LOCK_HOLDERS).fetchall()}
                for pid in holders:
                    conn.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
                self.regained.append(_seconds_until_held(conn, exclude=holders))


def _busy(conn: psycopg.Connection, pattern: str) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
            " AND application_name = 'sparkify' AND state = 'active' AND query LIKE %s",
            [pattern],
        ).fetchall()
    )


def _seconds_until_held(conn: psycopg.Connection, exclude: set[int]) -> float:
    started = time.monotonic()
    while time.monotonic() - started < 5.0:
        if {pid for (pid,) in conn.execute(LOCK_HOLDERS).fetchall()} - exclude:
            return time.monotonic() - started
        time.sleep(0.01)
    return float("inf")


def test_a_dropped_lock_connection_takes_the_lock_again_at_once(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    generate(tmp_path, events=60_000, songs=50, days=2, seed=4)
    mid_stage, mid_build = "%COPY staging_events%", "%CREATE TABLE plays%"
    with LockCutter(warehouse_url, [mid_stage, mid_build]) as cutter:
        run_load(tmp_path)
    assert len(cutter.regained) == 2 and max(cutter.regained) < 1.0, cutter.regained
    assert star_tables(warehouse_url) == expected(tmp_path)


def test_a_run_that_lost_its_lock_to_another_stops_before_publishing(
    tmp_path: Path, prefect_api: str, warehouse_url: str
) -> None:
    source = tmp_path / "source"
    generate(source, events=60_000, songs=50, days=2, seed=6)
    env = cli_env(prefect_api, tmp_path)
    args = ("run", "--source", str(source), "--warehouse", warehouse_url)
    first = start_cli(*args, env=env)
    with (
        psycopg.connect(warehouse_url, autocommit=True) as conn,
        psycopg.connect(warehouse_url) as row_lock,
    ):
        (first_lock,) = _wait(lambda: conn.execute(LOCK_HOLDERS).fetchone(), "the first run")
        # the first load's row locked: its next write waits at its fence (lock.fence), so it
        # cannot end before the second run waits (once, it published before the second came)
        assert _wait(lambda: _lock_row(row_lock), "the first load's row") == [("running",)]
        second = start_cli(*args, env=env)
        second_lock = _wait(lambda: _lock_waiter(conn, first_lock), "the second run to wait")
        # the blip: the first run's lock connection, and each of its reconnects, is cut until
        # the second run holds the lock
        _wait(lambda: _cut_all_but(conn, second_lock), "the second run to take the lock")
        row_lock.rollback()
    outputs = [run.communicate(timeout=300) for run in (first, second)]
    assert second.returncode == 0, outputs[1][1][-3000:]
    assert first.returncode == 1, outputs[0]
    assert (
        "sparkify: error: the load lock was lost (its connection dropped) and another load "
        "holds it now; this load stopped before publishing"
    ) in outputs[0][1]
    assert star_tables(warehouse_url) == expected(source)
    statuses = [status for (status,) in fetch(warehouse_url, "SELECT status FROM loads")]
    assert statuses.count("published") == 1, statuses
    assert fetch(warehouse_url, "SELECT count(*) FROM pending_manifest") == [(0,)]


def _wait(found: Any, what: str, timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = found()
        if result:
            return result
        time.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")


def _lock_row(conn: psycopg.Connection) -> list[tuple[Any, ...]]:
    """The loads' statuses, their rows locked until `conn` rolls back; none yet (or no table
    yet: the first load makes it): nothing."""
    try:
        rows = conn.execute("SELECT status FROM loads FOR UPDATE").fetchall()
    except psycopg.errors.UndefinedTable:
        rows = []
    if not rows:
        conn.rollback()
    return rows


def _lock_waiter(conn: psycopg.Connection, holder: int) -> int | None:
    """The pid of another run's lock connection (it polls for the lock the holder has)."""
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        " AND application_name = 'sparkify-lock' AND pid <> %s",
        [holder],
    ).fetchall()
    return rows[0][0] if rows else None


def _cut_all_but(conn: psycopg.Connection, keep: int) -> bool:
    """Terminate every lock connection but `keep`; true once `keep` holds the load lock."""
    if keep in {pid for (pid,) in conn.execute(LOCK_HOLDERS).fetchall()}:
        return True
    conn.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND application_name = 'sparkify-lock'"
        " AND pid <> %s",
        [keep],
    )
    return False
