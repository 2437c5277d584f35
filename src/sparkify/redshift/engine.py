"""The engine for Amazon Redshift: the runbook's steps as one transaction on one session.

`prepare` opens the session (a cluster connection, or the --dry-run printer), creates what
is missing and begins the load's transaction, which takes `LOCK manifest`. Every later step
sends its statements into that same transaction: choose the new or changed files and write
their COPY manifests to the state location, COPY each kind into temporary tables and
quarantine what COPY and the checks reject, enforce the bad-record budget, rebuild the star
tables with the shared `sql/build/` files, check the keys, record the files and COMMIT
(publish). A failure rolls it all back (discard). Committed audit tables and Great
Expectations on Redshift are still to come (issue 15).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from sparkify.build_plan import BuildMode, Step
from sparkify.drift import Drift
from sparkify.engine import KINDS, Log, run_steps
from sparkify.errors import WarehouseError
from sparkify.findings import Finding, QualityReport
from sparkify.load import enforce_budget
from sparkify.redshift.load import MAX_ERROR_LIMIT, Loaded, choose_files, redshift_source
from sparkify.redshift.objects import CopyManifest, LoadObjects, write_load_objects
from sparkify.redshift.precheck import rejected_files
from sparkify.redshift.replay import ReplayingSession
from sparkify.redshift.session import ClusterSession, Session
from sparkify.redshift.state import PrintedState, S3State, StateStore, check_state
from sparkify.s3 import S3Source
from sparkify.settings import RunSettings
from sparkify.sources import FileSet, Kind
from sparkify.sqlfiles import Keyword, PlanPrinter, query_file, run_file, sql_group
from sparkify.staging import StageResult
from sparkify.warehouse import mask_url

# The contract checks COPY cannot apply, per kind: they fill checked_<kind>, which the
# stage counts read, and move the good rows to staging.
CHECKED: dict[Kind, str] = {
    "events": "redshift/stage/02_checked_events",
    "songs": "redshift/stage/03_checked_songs",
}
# The suite whose steps (build_plan.SUITES) are the tables the key checks read.
KEY_CHECKS_SUITE = "songplays"


@dataclass
class _OpenLoad:
    """The load of the open transaction."""

    load_id: int
    source: S3Source
    state: StateStore
    region: str  # the source bucket's, for COPY
    params: dict[str, Any] | None = None  # None: nothing to stage, the transaction ended
    manifests: list[CopyManifest] = field(default_factory=list)
    checked: set[Kind] = field(default_factory=set)


class RedshiftEngine:
    """One load on one session, its transaction open from `prepare` to `publish`.

    Tasks call it from several threads at once (events || songs staging, builds of
    independent tables): a lock runs one step at a time, whole. A step's statements belong
    together (a COPY's rejects are read by PG_LAST_COPY_ID(), which a COPY of the other
    thread would change), and a DB-API cursor is not safe to share between threads."""

    def __init__(
        self,
        url: str,
        s3_client: Any = None,
        *,
        session: Session | None = None,
        log: Log | None = None,
        plan_out: TextIO | None = None,
    ) -> None:
        self.url = url
        self.s3_client = s3_client
        self._plan_out = plan_out  # --dry-run: objects are printed here, written nowhere
        self.log = log or logging.getLogger("sparkify.redshift")
        # None until prepare connects; either way, a cancelled transaction is sent again
        self._session: ReplayingSession | None = (
            ReplayingSession(session, None, self.log) if session is not None else None
        )
        self._connection: ExitStack | None = None  # the connection this engine opened
        self._lock = threading.Lock()
        self._load: _OpenLoad | None = None
        self._failed: str | None = None  # the statement that ended the transaction

    def __str__(self) -> str:
        return mask_url(self.url)

    @contextmanager
    def exclusive(self, log: Log) -> Iterator[None]:
        """Nothing to hold here: the load's transaction takes `LOCK manifest` at prepare
        (redshift/load/01_begin), so a second load waits there until this one ends."""
        yield

    def prepare(self, settings: RunSettings) -> int:
        """Connect, create what is missing, begin the transaction: the load id. A failure
        closes the connection (its transaction with it), so a retry starts afresh."""
        source = redshift_source(settings.source, self.s3_client, settings.iam_role)
        region = check_state(source.url, settings.state, source.client)
        state: StateStore = (
            PrintedState(str(settings.state), self._plan_out)
            if self._plan_out
            else S3State(str(settings.state), source.client)
        )
        with self._lock:
            load_id = time.time_ns() // 1_000_000
            self._failed, self._load = None, None
            try:
                for name in [*sql_group("redshift/schema"), *sql_group("redshift/star")]:
                    run_file(self._open(), name)
                run_file(self._open(), "redshift/load/01_begin")
            except BaseException:
                self._close()
                raise
            self._load = _OpenLoad(load_id, source, state, region)
            return load_id

    def choose_files(self, load_id: int, settings: RunSettings, log: Log) -> FileSet:
        """New and changed files (see redshift.load.choose_files); their manifests written,
        registered in load_files, the loads they replace unstaged. Nothing new and nothing
        gone: the transaction rolls back now and the later steps send nothing."""
        with self._step() as load:
            loaded = {
                key: Loaded(fingerprint, int(old_load))
                for key, fingerprint, old_load in self._query("redshift/load/02_loaded_files")
            }
            listed = load.source.list_files()
            files, dropped = choose_files(
                listed,
                loaded,
                since=settings.since,
                until=settings.until,
                full_refresh=settings.full_refresh,
            )
            log.info("%d source files found, %d to stage", len(listed), len(files))
            for key in sorted(dropped):
                log.warning("%s is no longer in the source: its rows leave the warehouse", key)
            if not files and not dropped:
                self._run("redshift/load/rollback")
                return FileSet(())
            rejected = rejected_files(load.source, files)
            for key, reason in sorted(rejected.items()):
                log.warning("%s is quarantined before the COPY: %s", key, reason)
            objects = write_load_objects(load.state, load.source, load_id, files, rejected)
            load.params = _params(load, settings, objects)
            load.manifests = objects.manifests
            for name in [
                "redshift/load/03_load_files",
                "redshift/load/04_replace_loads",
                "redshift/stage/01_copy_tables",
            ]:
                self._run(name, load.params)
            return FileSet(files)

    def stage(
        self, load_id: int, settings: RunSettings, files: FileSet, kind: Kind, log: Log
    ) -> StageResult:
        """COPY each manifest of `kind`, its rejected lines to quarantine and its files' line
        counts to file_lines, then the checks COPY cannot apply. Rows are counted at publish
        (06_stage_counts), as one query."""
        with self._step() as load:
            if load.params is None:
                return StageResult(kind)
            for manifest in (m for m in load.manifests if m.kind == kind):
                log.info("COPY %d %s files listed in %s", manifest.files, kind, manifest.url)
                compression = Keyword("GZIP" if manifest.gzip else "")
                self._run(
                    f"redshift/stage/copy_{kind}",
                    {**load.params, "manifest_url": manifest.url, "compression": compression},
                )
                self._run("redshift/stage/copy_errors", load.params)
                self._run("redshift/stage/copy_lines", load.params)
            self._check(load, kind)
            return StageResult(kind, files=len(files.of_kind(kind)))

    def check_budget(self, load_id: int, settings: RunSettings) -> float:
        """The checked table of a kind the flow did not stage (no new files of it) first:
        the stage counts read both. The share of the budget used (0 for a plan: no rows)."""
        with self._step() as load:
            if load.params is None:
                return 0.0
            for kind in KINDS:
                self._check(load, kind)
            return enforce_budget(
                self._query("redshift/load/05_bad_records", load.params), settings.budget
            )

    def plan_build(self, load_id: int) -> BuildMode:
        """Always a full build, for now: the published star tables are emptied inside the
        transaction (analysts see the old rows until COMMIT), the staged rows analyzed."""
        with self._step() as load:
            if load.params is not None:
                self._run("redshift/build/01_clear_star")
                self._run("redshift/build/02_analyze_staging")
            return "full"

    def build(self, load_id: int, step: Step, mode: BuildMode) -> None:
        """The step's shared `sql/build/` files, unchanged, into the published tables' own
        names. Not its bookkeeping: user_latest serves PostgreSQL's delta builds only."""
        with self._step() as load:
            if load.params is None:
                return
            for name in step.files:
                self._run(name)

    def validate(self, load_id: int, suite: str, settings: RunSettings) -> QualityReport:
        """Redshift's gate, for now, is the critical key checks of redshift/checks/: run once,
        in the suite of songplays, once every table they read is built. The other suites
        check nothing on Redshift: Great Expectations on Redshift is issue 15."""
        if suite != KEY_CHECKS_SUITE:
            return QualityReport()
        with self._step() as load:
            if load.params is None:
                return QualityReport()
            self._run("redshift/checks/00_statistics")
            rows = self._query("redshift/checks/01_keys")
        return QualityReport(findings=[_key_finding(str(check), int(n)) for check, n in rows])

    def finish_gate(self, load_id: int, report: QualityReport) -> QualityReport:
        """The report as it is: Redshift has no quality_results table nor Data Docs yet."""
        return report

    def publish(
        self, load_id: int, mode: BuildMode, settings: RunSettings, log: Log
    ) -> tuple[dict[str, int], dict[str, Any]]:
        """Drop the build's intermediate table, count what was staged, record the files and
        COMMIT; then the rows of each published table. The connection closes: load done.
        (The COMMIT waits for readers as Redshift's locks decide: `publish_patience` is
        PostgreSQL's.)"""
        with self._step() as load:
            staged: dict[str, Any] = {}
            if load.params is not None:
                self._run("redshift/publish/00_drop_intermediate")
                staged = {
                    kind: (int(files), int(rows), int(bad))
                    for kind, files, rows, bad in self._query(
                        "redshift/load/06_stage_counts", load.params
                    )
                }
                self._run("redshift/publish/01_commit", load.params)
            published = {name: int(n) for name, n in self._query("ops/table_counts")}
            self._load = None
            self._close()
            return published, staged

    def schema_drift(self, load_id: int) -> list[Drift]:
        """None counted: COPY maps the fields it knows (JSONPaths, JSON 'auto') and never
        shows the others to the load."""
        return []

    def discard(self, load_id: int, message: str) -> None:
        """Roll the transaction back. Errors are suppressed: when the connection is gone, the
        server has rolled back already."""
        with self._lock:
            if self._session is not None:
                with suppress(Exception):
                    run_file(self._session, "redshift/load/rollback")
            self._load = None
            self._close()

    def report(self) -> tuple[str, dict[str, Any]] | None:
        """None: the report reads PostgreSQL only."""
        return None

    def _open(self) -> Session:
        """The session; on first use a cluster connection (autocommit: the SQL holds its own
        BEGIN and COMMIT), kept open across the flow's tasks."""
        if self._session is None:
            self._session = ReplayingSession(self._connect(), self._connect, self.log)
        return self._session

    def _connect(self) -> Session:
        """A new cluster connection, the engine's only one (a previous one is closed)."""
        from sparkify.redshift.driver import connect

        self._drop_connection()
        stack = ExitStack()
        session = ClusterSession(stack.enter_context(connect(self.url)), self.log)
        self._connection = stack
        return session

    def _close(self) -> None:
        """Close the connection this engine opened (a given session stays)."""
        if self._connection is not None:
            self._drop_connection()
            self._session = None

    def _drop_connection(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            with suppress(Exception):
                connection.close()

    @contextmanager
    def _step(self) -> Iterator[_OpenLoad]:
        """A step of the open load, alone on the session. After a statement failed, the
        transaction is over: a retry of any step fails at once, naming that failure."""
        with self._lock:
            if self._failed is not None:
                raise WarehouseError(
                    f"the load's transaction ended when {self._failed}; nothing was published"
                )
            if self._load is None:
                raise WarehouseError("no Redshift load is open (prepare opens one)")
            yield self._load

    def _run(self, name: str, params: Mapping[str, Any] | None = None) -> None:
        with self._ending_on_failure(name):
            run_file(self._open(), name, params)

    def _query(self, name: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        with self._ending_on_failure(name):
            return query_file(self._open(), name, params)

    @contextmanager
    def _ending_on_failure(self, name: str) -> Iterator[None]:
        try:
            yield
        except Exception as error:
            self._failed = f"sql/{name}.sql failed ({' '.join(str(error).split())})"
            raise

    def _check(self, load: _OpenLoad, kind: Kind) -> None:
        """The checks COPY cannot apply, once per kind."""
        if kind not in load.checked:
            self._run(CHECKED[kind], load.params)
            load.checked.add(kind)


def _params(load: _OpenLoad, settings: RunSettings, objects: LoadObjects) -> dict[str, Any]:
    """The placeholders of the load's statements."""
    budget = settings.budget
    return {
        "load_id": load.load_id,
        "iam_role": settings.iam_role,
        "region": load.region,
        "source": load.source.url,
        "source_root": load.source.url_of(""),
        "files_url": objects.files_url,
        "jsonpaths_url": objects.jsonpaths_url,
        "full_refresh": settings.full_refresh,
        "started_at": datetime.fromtimestamp(load.load_id / 1000, UTC).strftime(
            "%Y-%m-%d %H:%M:%S"
        ),
        "max_errors": min(
            budget.count if budget.count is not None else MAX_ERROR_LIMIT, MAX_ERROR_LIMIT
        ),
    }


def _key_finding(check: str, violations: int) -> Finding:
    """A row of redshift/checks/01_keys (a rule, its count of violations) as a finding."""
    return Finding(
        suite="key checks",
        expectation=check,
        column=None,
        severity="critical",
        success=violations == 0,
        unexpected_count=violations,
        sample=[],
    )


def print_plan(settings: RunSettings, s3_client: Any, out: TextIO, log: Log) -> None:
    """--dry-run: the load's statements written to `out`, and the objects it would write to
    the state location as comments among them; nothing is written anywhere."""
    engine = RedshiftEngine(
        settings.warehouse, s3_client, session=PlanPrinter(out), log=log, plan_out=out
    )
    run_steps(engine, settings, log)


__all__ = ["KINDS", "RedshiftEngine", "print_plan", "run_steps"]
