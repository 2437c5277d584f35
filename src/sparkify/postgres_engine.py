"""The engine for PostgreSQL, embedded or existing: write, audit, publish in one database.

Every step opens its own connection, so steps of one load may run in different tasks at
once; the audit schema (`sparkify_audit`) holds what one step builds for the next. Builds
run at most two at a time (two connections: the machines this runs on have two cores and the
server needs them).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sparkify import calendar, load, quality
from sparkify.build_plan import BuildMode, Step
from sparkify.child_staging import stage_in_child
from sparkify.drift import Drift
from sparkify.engine import Log
from sparkify.errors import LoadLockLost
from sparkify.findings import QualityReport, record
from sparkify.lock import LOST, LoadLock, exclusive_load, fence
from sparkify.settings import RunSettings
from sparkify.sources import FileSet, Kind, LocalSource, open_source
from sparkify.staging import StageResult, stage_files
from sparkify.warehouse import Db, Warehouse

CONCURRENT_BUILDS = 2
# Below this many bytes a child process costs more to start (~0.3 s) than it saves.
CHILD_MIN_BYTES = 16 * 2**20


class PostgresEngine:
    def __init__(self, url: str, s3_client: Any = None) -> None:
        self.warehouse = Warehouse(url)
        self.url = url
        self.s3_client = s3_client
        self._builds = threading.BoundedSemaphore(CONCURRENT_BUILDS)
        self._lock: LoadLock | None = None  # held while exclusive() is

    def __str__(self) -> str:
        return str(self.warehouse)

    @contextmanager
    def exclusive(self, log: Log) -> Iterator[None]:
        """The advisory lock on a connection of its own, watched (see lock.LoadLock)."""
        with exclusive_load(self.warehouse, log) as held:
            self._lock = held
            try:
                yield
            except BaseException as error:
                if held.lost:  # the other load's start discarded this one and made the error
                    raise LoadLockLost(LOST) from error
                raise

    def _db(self, *, autocommit: bool = False) -> AbstractContextManager[Db]:
        """Where a step's SQL files run: a new connection (its transaction commits when the
        block ends); a plan's printer (sparkify.postgres_plan)."""
        return self.warehouse.connect(autocommit=autocommit)

    def prepare(self, settings: RunSettings) -> int:
        with self._db() as conn:
            load.prepare(conn)
        with self._db() as conn:
            return load.begin(conn, settings.source, settings.full_refresh)

    def choose_files(self, load_id: int, settings: RunSettings, log: Log) -> FileSet:
        reader = open_source(settings.source, self.s3_client)
        files = reader.list_files()
        with self._db() as conn:
            chosen = load.select_files(
                conn,
                reader,
                files,
                since=settings.since,
                until=settings.until,
                full_refresh=settings.full_refresh,
            )
            unchanged = not chosen and not settings.full_refresh
            unchanged = unchanged and calendar.listing_unchanged(conn, files)
            calendar.record_listing(conn, load_id, files)
        log.info("%d source files found, %d new or changed", len(files), len(chosen))
        return FileSet(chosen, unchanged=unchanged)

    def stage(
        self, load_id: int, settings: RunSettings, files: FileSet, kind: Kind, log: Log
    ) -> StageResult:
        """A retry resumes after the batches already committed. Many local files are parsed
        in a child process (CPU-bound: see child_staging); S3 and a few files in a thread."""
        with self._db() as conn:
            done = load.pending_keys(conn, load_id)
        todo = [f for f in files.of_kind(kind) if f.key not in done]
        reader = open_source(settings.source, self.s3_client)
        if isinstance(reader, LocalSource) and sum(f.size for f in todo) >= CHILD_MIN_BYTES:
            return stage_in_child(self.url, str(reader.root), todo, kind, load_id, log)
        with self.warehouse.connect() as conn:
            return stage_files(conn, reader, todo, kind, load_id, log, total=len(todo))

    def check_budget(self, load_id: int, settings: RunSettings) -> float:
        with self._db() as conn:
            return load.check_budget(conn, load_id, settings.budget)

    def plan_build(self, load_id: int) -> BuildMode:
        with self._db() as conn:
            mode = load.choose_mode(conn, load_id)
            load.begin_build(conn, load_id, mode)
        if mode == "delta":
            with self._db(autocommit=True) as conn:
                load.vacuum_table(conn, "staging_events")
        return mode

    def build(self, load_id: int, step: Step, mode: BuildMode) -> None:
        with self._builds:
            with self._db() as conn:
                load.build_step(conn, load_id, step, mode)
            with self._db(autocommit=True) as conn:
                load.vacuum_table(conn, step.table)

    def validate(self, load_id: int, suite: str, settings: RunSettings) -> QualityReport:
        return quality.validate_suite(
            quality.PostgresGate(self.url),
            suite,
            settings.budget,
            settings.min_matched_share,
            load_id=load_id,
            audit=True,
            run_name=f"load-{load_id}",
        )

    def finish_gate(self, load_id: int, report: QualityReport) -> QualityReport:
        with self.warehouse.connect() as conn:
            record(conn, load_id, report)
        report.docs_index = quality.finish(f"load-{load_id}")
        return report

    def publish(
        self, load_id: int, mode: BuildMode, settings: RunSettings, log: Log
    ) -> tuple[dict[str, int], dict[str, Any]]:
        assert self._lock is not None, "a load publishes inside exclusive()"
        with self.warehouse.connect() as conn:
            staged = load.stage_counts(conn, load_id)
            load.publish(conn, mode, load_id, self._lock, settings.publish_patience, log)
            conn.commit()
            return load.table_counts(conn), staged

    def end_unchanged(self, load_id: int, settings: RunSettings, log: Log) -> dict[str, int]:
        with self._db() as conn:
            fence(conn, load_id)
            Warehouse.run(conn, "load/end_unchanged", {"load_id": load_id})
            return load.table_counts(conn)

    def schema_drift(self, load_id: int) -> list[Drift]:
        with self.warehouse.connect() as conn:
            return [
                Drift(*row)
                for row in Warehouse.rows(conn, "ops/schema_drift", {"load_id": load_id})
            ]

    def discard(self, load_id: int, message: str) -> None:
        """Not when another load discarded it already (it took the lock): its rows are that
        load's now."""
        with self._db() as conn:
            try:
                fence(conn, load_id)
            except LoadLockLost:
                return
            load.discard_unpublished(conn, "failed", message)

    def report(self) -> tuple[str, dict[str, Any]] | None:
        from sparkify import report

        path, data = report.refresh(self.warehouse, report.default_dir())
        return str(path), report.key_numbers(data)
