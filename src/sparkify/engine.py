"""One interface for every warehouse: what a load asks of it, step by step.

The flow calls these methods, one task each, in the order of the runbook; it never asks
which engine it has. `engine_for` picks the implementation from the warehouse URL:
PostgreSQL (embedded or existing) or Amazon Redshift.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from typing import Any, Protocol

from sparkify import build_plan
from sparkify.build_plan import BuildMode, Step
from sparkify.drift import Drift
from sparkify.findings import QualityReport, enforce, merged
from sparkify.settings import RunSettings
from sparkify.sources import FileSet, Kind
from sparkify.staging import StageResult

Log = logging.Logger | logging.LoggerAdapter[Any]
KINDS: tuple[Kind, ...] = ("events", "songs")


class Engine(Protocol):
    """A warehouse a load is staged into, built in, checked in and published to."""

    def __str__(self) -> str:
        """The warehouse, fit for logs (no password)."""
        ...

    def exclusive(self, log: Log) -> AbstractContextManager[None]:
        """Hold the warehouse's load lock for the block: one load at a time. A block that
        fails after the lock was lost to another load fails for that reason."""
        ...

    def prepare(self, settings: RunSettings) -> int:
        """Create what is missing, discard what a stopped run left, register a load: its id."""
        ...

    def choose_files(self, load_id: int, settings: RunSettings, log: Log) -> FileSet:
        """The source files this load stages: new or changed ones (or all, on a refresh)."""
        ...

    def stage(
        self, load_id: int, settings: RunSettings, files: FileSet, kind: Kind, log: Log
    ) -> StageResult:
        """Stage the files of one kind; bad records go to quarantine."""
        ...

    def check_budget(self, load_id: int, settings: RunSettings) -> float:
        """Fail when the load quarantined more than its bad-record budget allows; else the
        share of the budget it used."""
        ...

    def plan_build(self, load_id: int) -> BuildMode:
        """Choose full or delta, once, and prepare the audit area for it."""
        ...

    def build(self, load_id: int, step: Step, mode: BuildMode) -> None:
        """Build one table of the plan in the audit area."""
        ...

    def validate(self, load_id: int, suite: str, settings: RunSettings) -> QualityReport:
        """Run one quality suite on the audited tables (pass 1 of the gate)."""
        ...

    def finish_gate(self, load_id: int, report: QualityReport) -> QualityReport:
        """After every suite: keep the results, build the Data Docs; the report with them."""
        ...

    def publish(
        self, load_id: int, mode: BuildMode, settings: RunSettings, log: Log
    ) -> tuple[dict[str, int], dict[str, Any]]:
        """Apply the audited tables, all or nothing: rows published and staged."""
        ...

    def end_unchanged(self, load_id: int, settings: RunSettings, log: Log) -> dict[str, int]:
        """End a load whose files were unchanged (FileSet.unchanged) as published, having
        staged, built and moved nothing: the published tables stand, the rows they hold."""
        ...

    def schema_drift(self, load_id: int) -> list[Drift]:
        """The fields of the load's records that drifted from the contract (unknown ones
        carried, known ones missing)."""
        ...

    def discard(self, load_id: int, message: str) -> None:
        """After a failure: drop the load's unpublished rows."""
        ...

    def report(self) -> tuple[str, dict[str, Any]] | None:
        """Refresh the report from the published tables: its path and key numbers (None:
        this engine has no report)."""
        ...


def engine_for(settings: RunSettings, s3_client: Any = None) -> Engine:
    """The engine of the warehouse URL (redshift:// or postgresql://); `s3_client` reads an
    s3:// source (None: boto3's own credential chain)."""
    from sparkify.redshift.driver import is_redshift_url

    if is_redshift_url(settings.warehouse):
        from sparkify.redshift.engine import RedshiftEngine

        return RedshiftEngine(settings.warehouse, s3_client)
    from sparkify.postgres_engine import PostgresEngine

    return PostgresEngine(settings.warehouse, s3_client)


def run_steps(
    engine: Engine, settings: RunSettings, log: Log
) -> tuple[dict[str, int], dict[str, Any]]:
    """Every step of a load, one after the other: the flow's order (sparkify/flows/etl.py),
    without Prefect; what `--dry-run` runs on a plan engine. A failure discards the load, as
    the flow's does. Rows published and staged."""
    with engine.exclusive(log):
        load_id = engine.prepare(settings)
        try:
            files = engine.choose_files(load_id, settings, log)
            if files.unchanged:
                return engine.end_unchanged(load_id, settings, log), {}
            for kind in KINDS:
                if files.of_kind(kind):
                    engine.stage(load_id, settings, files, kind, log)
            engine.check_budget(load_id, settings)
            mode = engine.plan_build(load_id)
            for step in build_plan.steps(mode):
                engine.build(load_id, step, mode)
            reports: list[QualityReport | BaseException] = [
                engine.validate(load_id, suite, settings) for suite in build_plan.suites(mode)
            ]
            enforce(engine.finish_gate(load_id, merged(reports)))
            return engine.publish(load_id, mode, settings, log)
        except BaseException as error:
            engine.discard(load_id, f"{type(error).__name__}: {error}")
            raise
