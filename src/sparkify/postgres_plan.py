"""`sparkify run --dry-run` on PostgreSQL: the statements a load would send, printed, in order.

`PostgresPlan` is the PostgreSQL engine with the plan printer where its connections were:
the same steps send the same SQL files with the same parameters (sparkify.engine.run_steps,
the flow's order), bound with psycopg's literals, and each is written instead of sent. What
the plan must know of the warehouse, it reads on a read-only connection (autocommit,
`default_transaction_read_only`): the manifest's fingerprints (which files are new or
changed) and whether the published star can take a delta. Nothing else reaches the
warehouse. Values that exist only when the load runs (its load_id, a file's fingerprint and
row counts, the lock's backend) print as `:name` (sqlfiles.RunTime).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, TextIO

import psycopg

from sparkify import load
from sparkify.build_plan import BuildMode
from sparkify.engine import Log, run_steps
from sparkify.errors import SparkifyError
from sparkify.findings import QualityReport
from sparkify.postgres_engine import PostgresEngine
from sparkify.settings import RunSettings
from sparkify.sources import FileSet, Kind
from sparkify.sqlfiles import PlanPrinter, Rows, RunTime, run_time, statement_of
from sparkify.staging import StageResult, plan_staging
from sparkify.warehouse import Db, Warehouse, postgres_literal

LOAD_ID = RunTime("load_id")
# Read on the read-only connection, with what a warehouse without the tables answers.
READS: dict[str, Rows] = {
    "load/manifest": [],
    "delta/ready": [(False,)],
    "ops/table_counts": [],
    "load/published_listing": [],
}
DELTA_CAVEAT = (
    ", unless one of the new events is a published songplay already (from another file):"
    "\nthe run checks that on the staged rows (delta/eligible) and then builds in full"
)
HEADER = (
    "sparkify dry run: the statements a load of {source} would send to the PostgreSQL "
    "warehouse {warehouse}, in the order it sends them, each ending with `;`. Nothing is "
    "written to it: the plan read {reads} on a read-only connection. "
    "Values known only when the load runs print as placeholders: {run_time}. "
    "COPY ... FROM STDIN is the statement, followed by the files whose records it streams "
    "(one row per record line), not the data. Great Expectations runs each suite's own "
    "queries (not printed). Each step's statements run in their own transactions. Full or "
    "delta is chosen as the run would, from the warehouse's current state and the files "
    "chosen."
)


class PlannedLock:
    """The load lock of a plan: held by a backend known only at run time."""

    def holder_pid(self) -> int:
        return RunTime("lock_pid")

    def check(self) -> None:
        return None


class PostgresPlan(PostgresEngine):
    def __init__(self, url: str, s3_client: Any, out: TextIO, log: Log) -> None:
        super().__init__(url, s3_client)
        self.out, self.log = out, log
        self.reader: psycopg.Connection | None = None  # read-only; opened by `read_only`
        self.printer = PlanPrinter(out, self._literal, self._answer)
        self._loaded: dict[str, Any] = {}
        self._delta_files = False  # the chosen files allow a delta (no song, none replaced)

    @contextmanager
    def read_only(self) -> Iterator[None]:
        with self.warehouse.open(
            autocommit=True,
            application_name="sparkify-dry-run",
            options="-c default_transaction_read_only=on",
        ) as conn:
            self.reader = conn
            try:
                yield
            finally:
                self.reader = None

    def _literal(self, value: Any) -> str:
        return postgres_literal(value, self.reader)

    def _answer(self, statement: str) -> Rows:
        """What the warehouse would answer a run: read-only queries asked of it; the load's
        own rows as a running load finds them."""
        for name, default in READS.items():
            if statement_of(name, statement):
                return self._read(statement, default)
        if statement_of("load/begin", statement):
            return [(LOAD_ID,)]
        if statement_of("load/fence", statement):
            return [("running",)]
        if statement_of("ops/lock_held", statement):
            return [(True,)]
        if statement_of("delta/eligible", statement):
            return [(self._delta_files,)]
        return []

    def _read(self, statement: str, default: Rows) -> Rows:
        assert self.reader is not None, "the plan reads inside read_only()"
        try:
            rows = self.reader.execute(statement).fetchall()
        except psycopg.errors.UndefinedTable:  # a new warehouse: prepare would create it
            return default
        except psycopg.errors.UndefinedColumn as error:  # prepare would add it; not read-only
            raise SparkifyError(
                "this warehouse was last loaded by an earlier sparkify (its tables lack a "
                f"column: {str(error).splitlines()[0]}); one `sparkify run` updates them, "
                "and a dry run only reads"
            ) from None
        if statement_of("load/manifest", statement):
            self._loaded = {key: fingerprint for key, fingerprint, _ in rows}
        return rows

    def _db(self, *, autocommit: bool = False) -> nullcontext[Db]:
        return nullcontext(self.printer)

    @contextmanager
    def exclusive(self, log: Log) -> Iterator[None]:
        self.printer.comment("the load lock, on a connection of its own, held for the run:")
        Warehouse.run(self.printer, "ops/try_lock")
        yield

    def choose_files(self, load_id: int, settings: RunSettings, log: Log) -> FileSet:
        files = super().choose_files(load_id, settings, log)
        self._delta_files = not settings.full_refresh and all(
            f.kind == "events" and f.key not in self._loaded for f in files.files
        )
        return files

    def plan_build(self, load_id: int) -> BuildMode:
        self.printer.comment("plan-build: full or delta (delta/ready, then delta/eligible)")
        mode = super().plan_build(load_id)
        self.printer.comment(f"a {mode} build{DELTA_CAVEAT if mode == 'delta' else ''}")
        return mode

    def stage(
        self, load_id: int, settings: RunSettings, files: FileSet, kind: Kind, log: Log
    ) -> StageResult:
        with self._db() as db:
            load.pending_keys(db, load_id)
        return plan_staging(self.printer, files.of_kind(kind), kind, load_id)

    def validate(self, load_id: int, suite: str, settings: RunSettings) -> QualityReport:
        self.printer.comment(f"validate-{suite}: Great Expectations suite {suite!r}")
        return QualityReport()

    def finish_gate(self, load_id: int, report: QualityReport) -> QualityReport:
        self.printer.comment("quality-gate: one row per expectation, then the Data Docs")
        Warehouse.run(
            self.printer, "load/record_quality", run_time("load/record_quality", load_id=load_id)
        )
        return report

    def publish(
        self, load_id: int, mode: BuildMode, settings: RunSettings, log: Log
    ) -> tuple[dict[str, int], dict[str, Any]]:
        """One attempt of the publish transaction (a run tries again, after a rollback, while
        readers hold the published tables: see load.publish), its commit, the counts."""
        staged = load.stage_counts(self.printer, load_id)
        load._publish_once(self.printer, mode, load_id, PlannedLock())
        self.printer.comment("commit")
        return load.table_counts(self.printer), staged


def print_plan(settings: RunSettings, s3_client: Any, out: TextIO, log: Log) -> None:
    """--dry-run on PostgreSQL: the header, then the load's statements (see the module)."""
    plan = PostgresPlan(settings.warehouse, s3_client, out, log)
    plan.printer.comment(
        textwrap.fill(
            HEADER.format(
                source=settings.source,
                warehouse=plan,
                reads=", ".join(f"sql/{name}.sql" for name in READS),
                run_time=":load_id, :lock_pid, and a file's :fingerprint, :rows_staged, "
                ":rows_quarantined; a batch's field counts (:field, :known, :carried, :records); "
                "the quality results (:suite, :expectation, …)",
            ),
            width=96,
            break_on_hyphens=False,
        )
    )
    with plan.read_only():
        run_steps(plan, settings, log)
