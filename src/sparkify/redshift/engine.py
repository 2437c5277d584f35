"""The engine for Amazon Redshift: write, audit, publish, each step a short transaction.

`prepare` opens the session (a cluster connection, or the --dry-run printer), creates what
is missing, takes the **load lease** (a row of `loads`, taken under `LOCK loads` in a short
transaction of its own, renewed before every step, taken over once it ran out) and discards
what failed or killed loads left. Every later step is a transaction of its own, after the
lease's heartbeat: choose the new or changed files and write their COPY manifests to the
state location; COPY each kind and quarantine what COPY and the checks reject (committed
staged rows, read by no build until their load runs or is published: `current_*` views over
`loads.status`); enforce the bad-record budget; build the star tables into schema
`sparkify_audit` with the shared `sql/build/` files, in full or, for a load that only adds
event files, as a delta (only the rows it adds or changes, through the views of
redshift/delta/scope); check the keys there, and run the GX suites on the audit tables
through GX's Redshift datasource (sparkify.redshift.gate, by sparkify.quality's code path).
`publish` is one short transaction of DML from the audit tables into the published ones (a
full build's DELETE and INSERT ... SELECT; a delta's appends in sort-key order and merges),
with the manifest and `loads`. A failure leaves the published tables as they were; its staged
and audit rows are discarded (discard, and the next prepare).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from sparkify import quality
from sparkify.build_plan import BuildMode, Step
from sparkify.drift import Drift
from sparkify.engine import KINDS, Log, run_steps
from sparkify.errors import DataError, WarehouseError
from sparkify.findings import Finding, QualityReport
from sparkify.load import enforce_budget
from sparkify.redshift.compaction import PART_BYTES
from sparkify.redshift.gate import (
    AUDIT_PATH,
    PARAMETER_QUERIES,
    RedshiftGate,
    gx_suite,
    plan_lines,
)
from sparkify.redshift.load import (
    MAX_ERROR_LIMIT,
    Loaded,
    allows_delta,
    choose_files,
    redshift_source,
)
from sparkify.redshift.objects import CopyManifest, LoadObjects, write_load_objects
from sparkify.redshift.precheck import rejected_files
from sparkify.redshift.replay import ReplayingSession
from sparkify.redshift.session import ClusterSession, Session
from sparkify.redshift.snapshot import ManifestRow, answers
from sparkify.redshift.state import PrintedState, S3State, StateStore, check_state
from sparkify.s3 import S3Source
from sparkify.settings import RunSettings
from sparkify.sources import FileSet, Kind
from sparkify.sqlfiles import Keyword, PlanPrinter, query_file, run_file, sql_group
from sparkify.staging import StageResult
from sparkify.suite_parameters import counted, names_in
from sparkify.warehouse import Db, Warehouse, mask_url

# The contract checks COPY cannot apply, per kind: they fill checked_<kind>, which the
# stage counts read, and move the good rows to staging.
CHECKED: dict[Kind, str] = {
    "events": "redshift/stage/02_checked_events",
    "songs": "redshift/stage/03_checked_songs",
}
# The suite whose steps (build_plan.SUITES) are the tables the key checks read.
KEY_CHECKS_SUITE = "songplays"
# The load lease: how long it holds unless renewed. It is renewed before every step, so it
# must outlast the longest step (a COPY, the songplays build); a killed load blocks the next
# one for at most this long.
LEASE_SECONDS = 3600
LEASE_POLL_SECONDS = 10.0  # how often a load waiting for the lease asks again
# The body of the publish transaction, per build.
PUBLISH: dict[BuildMode, str] = {
    "full": "redshift/publish/01_publish",
    "delta": "redshift/delta/publish",
}
# What a plan says of its delta: the run decides the rule's last half on the staged rows.
DELTA_CAVEAT = (
    "a delta build, unless one of the new plays is a published songplay already (from another "
    "file): the run asks redshift/delta/repeated_plays of the staged rows and then builds in full"
)


@dataclass
class _OpenLoad:
    """The load holding the lease."""

    load_id: int
    source: S3Source
    state: StateStore
    region: str  # the source bucket's, for COPY
    params: dict[str, Any] = field(default_factory=dict)  # its statements' placeholders
    staging: bool = True  # False: nothing new nor gone; the later steps send nothing
    delta_files: bool = False  # the chosen files allow a delta (redshift.load.allows_delta)
    manifests: list[CopyManifest] = field(default_factory=list)
    checked: set[Kind] = field(default_factory=set)
    staged: dict[str, Any] = field(default_factory=dict)  # per kind: files, rows, bad


def migrate(session: Session) -> None:
    """What CREATE TABLE IF NOT EXISTS cannot do to a table an older version made: a loads
    table without lease_until gains it. Redshift has no ADD COLUMN IF NOT EXISTS, so the
    catalog is asked first (a dry run's answer is no rows: it prints the question only)."""
    if query_file(session, "redshift/migrate/loads_lease_until_missing") == [(1,)]:
        run_file(session, "redshift/migrate/loads_lease_until")


class RedshiftEngine:
    """One load on one session, holding the load lease from `prepare` to `publish`.

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
        gx: bool = True,
    ) -> None:
        self.url = url
        # False: the GX suites are not run (a stand-in `session` has no cluster for GX's own
        # connection); the key checks still are
        self.gx = gx
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
        self._failed: str | None = None  # the statement that ended the load
        self.lease_seconds = LEASE_SECONDS
        self.lease_poll = LEASE_POLL_SECONDS
        self.part_bytes = PART_BYTES  # compact_songs: uncompressed bytes per part at most

    def __str__(self) -> str:
        return mask_url(self.url)

    @contextmanager
    def exclusive(self, log: Log) -> Iterator[None]:
        """Nothing to hold here: prepare takes the load lease (redshift/lease/), so a second
        load waits there until this one ends or its lease runs out."""
        yield

    def prepare(self, settings: RunSettings) -> int:
        """Connect, create what is missing, take the load lease (waiting while another load
        holds it), discard what failed and killed loads left: the load id. A failure closes
        the connection, so a retry starts afresh."""
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
            load = _OpenLoad(load_id, source, state, region)
            load.params = {**_load_params(load, settings), "lease_seconds": self.lease_seconds}
            leased = False
            try:
                for name in [*sql_group("redshift/schema"), *sql_group("redshift/star")]:
                    run_file(self._open(), name)
                migrate(self._open())
                self._take_lease(load.params)
                leased = True
                with self._transaction(load, heartbeat=False):
                    self._run("redshift/load/discard")
                    self._run("redshift/audit/drop")
            except BaseException:
                if leased and self._session is not None:  # end it now, not in an hour
                    with suppress(Exception):
                        self._discard(self._session, load.params)
                self._close()
                raise
            self._load = load
            return load_id

    def choose_files(self, load_id: int, settings: RunSettings, log: Log) -> FileSet:
        """New and changed files (see redshift.load.choose_files); their manifests written,
        registered in load_files (the loads they replace are replaced at publish). Nothing new
        and nothing gone: the later steps send nothing."""
        with self._step() as load, self._transaction(load):
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
            load.delta_files = allows_delta(files, loaded, full_refresh=settings.full_refresh)
            for key in sorted(dropped):
                log.warning("%s is no longer in the source: its rows leave the warehouse", key)
            if not files and not dropped:
                load.staging = False
                return FileSet((), unchanged=True)
            rejected = rejected_files(load.source, files)
            for key, reason in sorted(rejected.items()):
                log.warning("%s is quarantined before the COPY: %s", key, reason)
            objects = write_load_objects(
                load.state,
                load.source,
                load_id,
                files,
                rejected,
                compact_songs=settings.compact_songs,
                part_bytes=self.part_bytes,
            )
            for key in sorted(set(objects.rejected) - set(rejected)):
                log.warning("%s is quarantined whole: %s", key, objects.rejected[key])
            load.params = {**load.params, **_object_params(objects)}
            load.manifests = objects.manifests
            for name in ["redshift/load/03_load_files", "redshift/stage/01_copy_tables"]:
                self._run(name, load.params)
            return FileSet(files)

    def stage(
        self, load_id: int, settings: RunSettings, files: FileSet, kind: Kind, log: Log
    ) -> StageResult:
        """COPY each manifest of `kind`, its rejected lines to quarantine and its files' line
        counts to file_lines, then the checks COPY cannot apply; one transaction. Rows are
        counted with the budget (06_stage_counts), as one query."""
        with self._step() as load:
            if not load.staging:
                return StageResult(kind)
            with self._transaction(load):
                self._stage(load, kind, log)
            return StageResult(kind, files=len(files.of_kind(kind)))

    def _stage(self, load: _OpenLoad, kind: Kind, log: Log) -> None:
        """The statements of `stage`, in its transaction."""
        for manifest in (m for m in load.manifests if m.kind == kind):
            log.info("COPY %d %s files listed in %s", manifest.files, kind, manifest.url)
            if manifest.parts is not None:  # compacted song parts
                self._run(
                    "redshift/stage/copy_songs_compacted",
                    {**load.params, "manifest_url": manifest.url},
                )
                # a reject names its part's URL and line (the part keeps the record's own)
                self._run("redshift/stage/copy_errors", {**load.params, "source_root": ""})
                self._check_parts(load, manifest.parts)
                continue
            compression = Keyword("GZIP" if manifest.gzip else "")
            self._run(
                f"redshift/stage/copy_{kind}",
                {**load.params, "manifest_url": manifest.url, "compression": compression},
            )
            self._run("redshift/stage/copy_errors", load.params)
            self._run("redshift/stage/copy_lines", load.params)
        self._check(load, kind)

    def _check_parts(self, load: _OpenLoad, parts: Mapping[str, int]) -> None:
        """Lines COPY scanned per compacted part (SYS_LOAD_DETAIL) = the records written to it;
        else the load fails naming the part. A plan prints the query (no rows to compare)."""
        scanned = {str(url): int(n) for url, n in self._query("redshift/stage/copy_part_lines")}
        if self._plan_out is not None:
            return
        for url, records in sorted(parts.items()):
            if scanned.get(url, 0) != records:
                raise DataError(
                    f"lines read differ from records written in load {load.load_id}: {url}: "
                    f"{scanned.get(url, 0)} lines scanned by COPY (SYS_LOAD_DETAIL), "
                    f"{records} records compacted into it; nothing was published"
                )

    def check_budget(self, load_id: int, settings: RunSettings) -> float:
        """The checked table of a kind the flow did not stage (no new files of it) first:
        the stage counts read both, kept for publish. Then lines read = staged + quarantined
        (load/07_lines_read; a difference fails the load naming the worst file), and the
        budget. The share of the budget used (0 for a plan: no rows)."""
        with self._step() as load:
            if not load.staging:
                return 0.0
            with self._transaction(load):
                for kind in KINDS:
                    self._check(load, kind)
                load.staged = {
                    kind: (int(files), int(rows), int(bad))
                    for kind, files, rows, bad in self._query(
                        "redshift/load/06_stage_counts", load.params
                    )
                }
                enforce_lines_read(
                    self._query("redshift/load/07_lines_read", load.params), load.load_id
                )
                return enforce_budget(
                    self._query("redshift/load/05_bad_records", load.params), settings.budget
                )

    def plan_build(self, load_id: int) -> BuildMode:
        """Full or delta, by PostgreSQL's rule: a delta when the chosen files allow one
        (redshift.load.allows_delta) and none of the load's plays is published already
        (redshift/delta/repeated_plays; a plan, which stages nothing, finds none). Then the
        audit schema emptied, a delta's scope made there (redshift/delta/scope, then the
        shared delta/level_events), its star tables made anew (sql/redshift/star/, no
        declared keys), fresh statistics on the staged rows; one transaction. The published
        tables are not touched before publish."""
        with self._step() as load:
            if not load.staging:
                return "full"
            with self._transaction(load):
                mode: BuildMode = (
                    "delta"
                    if load.delta_files
                    and not self._query("redshift/delta/repeated_plays", load.params)
                    else "full"
                )
                with self._audit():
                    self._run("redshift/audit/drop")
                    if mode == "delta":
                        self._run("redshift/delta/scope", load.params)
                        self._run("delta/level_events")
                    for name in sql_group("redshift/star"):
                        self._run(name)
                    self._run("redshift/build/analyze_staging")
            if self._plan_out is not None and mode == "delta":
                self._plan_out.write(f"-- {DELTA_CAVEAT}\n")
            return mode

    def build(self, load_id: int, step: Step, mode: BuildMode) -> None:
        """The step's shared `sql/build/` files, unchanged, into the audit schema, in one
        transaction. Not its bookkeeping: user_latest serves PostgreSQL's delta builds only."""
        with self._step() as load:
            if not load.staging:
                return
            with self._transaction(load), self._audit():
                for name in step.files:
                    self._run(name)

    def validate(self, load_id: int, suite: str, settings: RunSettings) -> QualityReport:
        """The suite's GX suite on the audit tables (sparkify.quality's path, GX's Redshift
        datasource; its parameters counted on the load's session, in a step of their own),
        and, in the suite of songplays (it waits for every table they read), the critical
        key checks of redshift/checks/: Redshift enforces no key, so they are counted. A plan
        prints the parameter queries and the suite's expectations; GX does not run."""
        with self._step() as load:
            staging = load.staging
        if not staging:
            return QualityReport()
        findings = self._key_checks() if suite == KEY_CHECKS_SUITE else []
        run_name = f"load-{load_id}"
        if self._plan_out is not None:
            self._plan_suite(load_id, suite)
            return QualityReport(findings=findings)
        if not self.gx:
            return QualityReport(findings=findings)
        target = RedshiftGate(self.url, self._counting)
        report = quality.validate_suite(
            target,
            suite,
            settings.budget,
            settings.min_matched_share,
            load_id=load_id,
            audit=True,
            run_name=run_name,
        )
        return QualityReport(findings=findings + report.findings)

    def _key_checks(self) -> list[Finding]:
        with self._step() as load, self._transaction(load), self._audit():
            self._run("redshift/checks/00_statistics")
            rows = self._query("redshift/checks/01_keys")
        return [_key_finding(str(check), int(n)) for check, n in rows]

    @contextmanager
    def _counting(self, path: list[str]) -> Iterator[Db]:
        """The load's session on the audit schema, in a step of its own: the suite
        parameters are counted there (quality.GateTarget.counting)."""
        with self._step() as load, self._transaction(load), self._audit():
            yield self._open()

    def _plan_suite(self, load_id: int, suite: str) -> None:
        """What a run sends for the suite on the load's session (its parameter queries, in
        their step), then the suite's expectations as notes: GX's own queries go on its own
        connection, which a plan does not open."""
        assert self._plan_out is not None
        printer = PlanPrinter(self._plan_out)
        name = gx_suite(suite)
        queries = counted(names_in(quality.suite_file(name)), PARAMETER_QUERIES) if name else []
        if queries:
            with self._counting(AUDIT_PATH) as db:
                for query in queries:
                    Warehouse.run(db, query, {"load_id": load_id})
        for line in plan_lines(suite):
            printer.comment(line)

    def finish_gate(self, load_id: int, report: QualityReport) -> QualityReport:
        """The Data Docs of the run's suites (built locally from GX's results, as on
        PostgreSQL). The results are not kept in the warehouse: Redshift has no
        quality_results table (the flow's artifact and the Data Docs hold them)."""
        if self._plan_out is not None:
            PlanPrinter(self._plan_out).comment(
                "quality-gate: the Data Docs built from GX's results (in the state folder)"
            )
            return report
        report.docs_index = quality.finish(f"load-{load_id}")
        return report

    def publish(
        self, load_id: int, mode: BuildMode, settings: RunSettings, log: Log
    ) -> tuple[dict[str, int], dict[str, Any]]:
        """One short transaction: under LOCK loads and the lease's fence, the audit tables'
        rows into the published ones (PUBLISH: a full build replaces the replaced loads' rows
        and every table's; a delta appends and merges), the files into the manifest, the
        lease ended; COMMIT. Then statistics on the published tables, the audit schema
        emptied, the rows of each published table. The connection closes: load done. (The
        COMMIT waits for readers as Redshift's locks decide: `publish_patience` is
        PostgreSQL's.)"""
        with self._step() as load:
            with self._transaction(load, heartbeat=False):
                self._run("redshift/lease/03_renew", load.params)
                self._fence(load)
                if load.staging:
                    self._run(PUBLISH[mode], load.params)
                    self._run("redshift/publish/manifest", load.params)
                self._run("redshift/lease/05_end", {**load.params, "status": "published"})
            if load.staging:
                self._run("redshift/publish/02_statistics")
                self._run("redshift/audit/drop")
            published = {name: int(n) for name, n in self._query("ops/table_counts")}
            self._load = None
            self._close()
            return published, dict(load.staged)

    def end_unchanged(self, load_id: int, settings: RunSettings, log: Log) -> dict[str, int]:
        """What publish does for a load that staged nothing: the lease ended, nothing moved."""
        return self.publish(load_id, "delta", settings, log)[0]

    def schema_drift(self, load_id: int) -> list[Drift]:
        """None counted: COPY maps the fields it knows (JSONPaths, JSON 'auto') and never
        shows the others to the load."""
        return []

    def discard(self, load_id: int, message: str) -> None:
        """Roll an open step back; then, while the load still holds the lease, end it as
        failed and discard its staged and audit rows in one transaction (the next prepare
        discards them otherwise). The published tables are untouched. Errors are suppressed:
        when the connection is gone, the server has rolled back already."""
        with self._lock:
            if self._session is not None:
                with suppress(Exception):
                    run_file(self._session, "redshift/load/rollback")
                if self._load is not None:
                    with suppress(Exception):
                        self._discard(self._session, self._load.params)
            self._load = None
            self._close()

    def _discard(self, session: Session, params: Mapping[str, Any]) -> None:
        """While the load holds the lease: end it as failed and discard the load's rows, in
        one transaction. When the discard itself fails, the lease still ends (its own
        transaction); the next prepare discards the rows."""
        failed = {**params, "status": "failed"}
        run_file(session, "redshift/tx/begin")
        try:
            run_file(session, "redshift/lease/03_renew", params)
            if query_file(session, "redshift/lease/04_lost", params):
                run_file(session, "redshift/load/rollback")  # another load holds it: not ours
                return
            run_file(session, "redshift/lease/05_end", failed)
            for name in ["redshift/load/discard", "redshift/audit/drop", "redshift/tx/commit"]:
                run_file(session, name)
        except Exception:
            run_file(session, "redshift/load/rollback")
            for name in ["redshift/tx/begin", "redshift/lease/05_end", "redshift/tx/commit"]:
                run_file(session, name, failed)
            raise

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
        """A step of the open load, alone on the session. After a statement failed, the load
        is over (its step rolled back): a retry of any step fails at once, naming that
        failure."""
        with self._lock:
            if self._failed is not None:
                raise WarehouseError(f"the load ended when {self._failed}; nothing was published")
            if self._load is None:
                raise WarehouseError("no Redshift load is open (prepare opens one)")
            yield self._load

    @contextmanager
    def _transaction(self, load: _OpenLoad, heartbeat: bool = True) -> Iterator[None]:
        """The step's own transaction, after the lease's heartbeat (its own transaction: the
        lease renewed, or the step refused when another load took it over). A failure rolls
        the step back."""
        if heartbeat:
            with self._transaction(load, heartbeat=False):
                self._run("redshift/lease/03_renew", load.params)
                self._fence(load)
        self._run("redshift/tx/begin")
        try:
            yield
        except BaseException:
            with suppress(Exception):
                run_file(self._open(), "redshift/load/rollback")
            raise
        self._run("redshift/tx/commit")

    @contextmanager
    def _audit(self) -> Iterator[None]:
        """Inside a transaction: unqualified names reach the audit schema first."""
        self._run("redshift/audit/enter")
        yield
        self._run("redshift/audit/leave")

    def _fence(self, load: _OpenLoad) -> None:
        """Inside a transaction under LOCK loads: fail unless the load still holds the lease."""
        if self._query("redshift/lease/04_lost", load.params):
            self._failed = "its lease ran out and another load took it over"
            raise WarehouseError(
                f"load {load.load_id} lost its lease (it ran out and another load took it "
                "over); this load stopped before publishing"
            )

    def _take_lease(self, params: Mapping[str, Any]) -> None:
        """Take the load lease, waiting while another load holds it (until that load ends or
        its lease runs out): each try a short transaction under LOCK loads."""
        while True:
            run_file(self._open(), "redshift/tx/begin")
            try:
                run_file(self._open(), "redshift/lease/01_take", params)
                holder = query_file(self._open(), "redshift/lease/02_holder", params)
            except BaseException:
                with suppress(Exception):
                    run_file(self._open(), "redshift/load/rollback")
                raise
            run_file(self._open(), "redshift/tx/commit")
            if not holder:
                return
            other, until = holder[0]
            self.log.info(
                "load %s holds the load lease (until %s); waiting %.0f s",
                other,
                until,
                self.lease_poll,
            )
            time.sleep(self.lease_poll)

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


def _load_params(load: _OpenLoad, settings: RunSettings) -> dict[str, Any]:
    """The placeholders of the load's statements, known at prepare."""
    budget = settings.budget
    return {
        "load_id": load.load_id,
        "iam_role": settings.iam_role,
        "region": load.region,
        "source": load.source.url,
        "source_root": load.source.url_of(""),
        "full_refresh": settings.full_refresh,
        "started_at": datetime.fromtimestamp(load.load_id / 1000, UTC).strftime(
            "%Y-%m-%d %H:%M:%S"
        ),
        "max_errors": min(
            budget.count if budget.count is not None else MAX_ERROR_LIMIT, MAX_ERROR_LIMIT
        ),
    }


def _object_params(objects: LoadObjects) -> dict[str, Any]:
    """The placeholders of the objects choose-files wrote to the state location."""
    return {"files_url": objects.files_url, "jsonpaths_url": objects.jsonpaths_url}


def enforce_lines_read(rows: Sequence[tuple[Any, ...]], load_id: int) -> None:
    """Fail the load when the lines its COPYs scanned (SYS_LOAD_DETAIL) differ from the rows
    it staged and quarantined. `rows`: at most one, the worst difference, from
    redshift/load/07_lines_read: (kind, file or None for the kind's files together, files,
    scanned, counted)."""
    if not rows:
        return
    kind, key, files, scanned, counted = rows[0]
    where = (
        str(key)
        if key is not None
        else f"the {int(files)} {kind} files of the load together (COPY does not say which "
        "file a staged row came from)"
    )
    raise DataError(
        f"lines read differ from rows staged + quarantined in load {load_id}: {where}: "
        f"{int(scanned)} lines scanned by COPY (SYS_LOAD_DETAIL), {int(counted)} rows staged "
        "or quarantined; nothing was published"
    )


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


def print_plan(
    settings: RunSettings,
    s3_client: Any,
    out: TextIO,
    log: Log,
    manifest: Sequence[ManifestRow] = (),
) -> None:
    """--dry-run: the load's statements written to `out`, and the objects it would write to
    the state location as comments among them; nothing is written anywhere. `manifest`: the
    published files of the warehouse it plans onto (redshift.snapshot; none: an empty one)."""
    session = PlanPrinter(out, answer=answers(manifest))
    engine = RedshiftEngine(settings.warehouse, s3_client, session=session, log=log, plan_out=out)
    run_steps(engine, settings, log)


__all__ = ["KINDS", "RedshiftEngine", "enforce_lines_read", "print_plan", "run_steps"]
