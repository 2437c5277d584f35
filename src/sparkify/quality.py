"""The quality gate's Great Expectations side: the suites of the GX project in gx/, run inside
the database, one suite at a time.

gx/ is a GX project as GX lays it out, committed: great_expectations.yml (stores, the Data
Docs site, the warehouse datasource with one table asset per suite), expectations/ (the
suites, GX's own JSON, one per table) and validation_definitions/. A run reads it and writes
nothing in it: what GX writes (validation results, Data Docs) goes to the run-time area in the
state folder, <state>/gx/uncommitted, and the warehouse URL with the run's search path reaches
GX as a substitution variable of the context, never a file. Validation runs through GX's SQL
datasource, so every expectation becomes a query in the warehouse; no table is pulled into
Python. Each expectation carries GX's severity: a failed `critical` one blocks publishing, a
failed `warning` one is reported. A run's suites share one GX context (a GateSession, set up
by the first of them); the gate's tasks may call in from several threads, and GX's stores are
not written for that, so a session runs one suite at a time while the builds go on. GX is
imported here only, when a gate runs (it is slow to import).

One code path serves every engine: a `GateTarget` says what differs (where the suite
parameters are counted, GX's connection URL and datasource type, the engine's variant of a
suite); `PostgresGate` below is PostgreSQL's, sparkify.redshift.gate.RedshiftGate Redshift's.
The committed datasource `warehouse` is GX's PostgreSQL one; on another engine the session
turns it into that engine's GX datasource, in memory (same name, id, assets and batch
definitions, so the committed validation definitions find it), never in the project.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from sparkify import suite_parameters
from sparkify.config import PROJECT_ROOT, ErrorBudget, state_home
from sparkify.findings import Finding, QualityReport
from sparkify.suite_parameters import names_in, parameters
from sparkify.warehouse import Db, Warehouse

GX_PROJECT = PROJECT_ROOT / "gx"  # the committed GX project: read, never written at run time
# Substitution variables of great_expectations.yml, given to the context (runtime_environment):
GX_URL_VARIABLE = "SPARKIFY_GX_URL"  # the datasource's URL: never written to a file
GX_UNCOMMITTED_VARIABLE = "SPARKIFY_GX_UNCOMMITTED"  # where validation results and Data Docs go
DATASOURCE = "warehouse"
SAMPLE_SIZE = 5
DOCS_RUNS_LISTED = 10  # the Data Docs index lists the latest runs only: it stays fast to build


class GateTarget(Protocol):
    """What the gate asks of the engine it checks; everything else is the same code."""

    parameter_queries: Mapping[str, str]  # suite parameter -> the SQL file that counts it

    def search_path(self, *, audit: bool) -> list[str]:
        """Where the suites find their tables: the audit schema first, or the published ones."""
        ...

    def counting(self, path: list[str]) -> AbstractContextManager[Db]:
        """An executor whose unqualified names resolve through `path`: the suite parameters
        are counted on it."""
        ...

    def gx_url(self, path: list[str]) -> str:
        """The SQLAlchemy URL of GX's datasource, resolving names through `path`; no
        password in it (libpq reads PGPASSWORD from the environment)."""
        ...

    def datasource(self, committed: Any) -> Any:
        """This engine's GX datasource, made from the committed one (`warehouse`)."""
        ...

    def connected(self, engine: Any, path: list[str]) -> None:
        """Prepare GX's SQLAlchemy engine, before its first query (for a search path the URL
        cannot carry)."""
        ...

    def gx_suite(self, suite: str) -> str | None:
        """The GX suite this engine runs for a suite of the build plan (its own variant, if
        it has one); None: the suite does not apply on this engine."""
        ...


class PostgresGate:
    """PostgreSQL: the warehouse URL as it is, the committed datasource and suites."""

    parameter_queries = suite_parameters.QUERIES

    def __init__(self, url: str) -> None:
        self.url = url

    def search_path(self, *, audit: bool) -> list[str]:
        with Warehouse(self.url).connect() as conn:
            schema = Warehouse.rows(conn, "ops/current_schema")[0][0]
        return ["sparkify_audit", schema] if audit else [schema]

    @contextmanager
    def counting(self, path: list[str]) -> Iterator[Db]:
        with Warehouse(self.url).connect() as conn:
            schemas = ", ".join('"' + name.replace('"', '""') + '"' for name in path)
            Warehouse.run(conn, "ops/set_search_path", {"path": schemas})
            yield conn

    def gx_url(self, path: list[str]) -> str:
        return sqlalchemy_url(self.url, path)

    def datasource(self, committed: Any) -> Any:
        return committed

    def connected(self, engine: Any, path: list[str]) -> None:
        return None  # the URL's options carry the search path

    def gx_suite(self, suite: str) -> str | None:
        return suite


def validate_suite(
    target: GateTarget,
    suite: str,
    budget: ErrorBudget,
    min_matched_share: float,
    *,
    load_id: int | None,
    audit: bool,
    run_name: str,
) -> QualityReport:
    """Run one suite: on the audit schema (before publish) or on the published tables.

    Its parameters are counted in the database first, through the suite's own search path (a
    delta build's audit schema scopes them to its load); then the run's GX session runs it.
    A suite that does not apply on the target's engine checks nothing."""
    name = target.gx_suite(suite)
    if name is None:
        return QualityReport()
    path = target.search_path(audit=audit)
    values = parameters(
        lambda: target.counting(path),
        names_in(suite_file(name)),
        budget,
        min_matched_share,
        load_id,
        target.parameter_queries,
    )
    session = GateSession.of(target, path, run_name)
    report = session.run(name, values)
    report.findings = [_with_rows(session, name, f) for f in report.findings]
    return report


ROW_QUERY = "unexpected_rows_count_expectation"  # sparkify.gx_row_count's


def _with_rows(session: GateSession, suite: str, finding: Finding) -> Finding:
    """A failed row query's first rows, as its sample: the row check counts only
    (sparkify.gx_row_count), and GX's own would return rows only with result_format COMPLETE,
    which returns every unexpected value of the other expectations too. The query is the
    suite's own (found by its description), on the table, sent on GX's own connection (the
    suite's search path, the engine's dialect)."""
    if finding.outcome != "failed" or finding.expectation != ROW_QUERY:
        return finding
    query = next(
        (
            e["kwargs"]["unexpected_rows_query"]
            for e in _expectations(suite)
            if e["type"] == ROW_QUERY and e.get("description") == finding.description
        ),
        None,
    )
    if query is None:
        return finding
    rows = session.rows(f"SELECT * FROM ({row_query(suite, query)}) AS q LIMIT {SAMPLE_SIZE}")
    return dataclasses.replace(finding, sample=[_plain(row) for row in rows])


def row_query(suite: str, query: str) -> str:
    """A suite's row query on its table (the suite's `meta.table`: a variant's is the table
    of the suite it varies)."""
    table = str(json.loads(suite_file(suite).read_text())["meta"].get("table", suite))
    return query.replace("{batch}", '"' + table.replace('"', '""') + '"')


def _expectations(suite: str) -> list[dict[str, Any]]:
    return list(json.loads(suite_file(suite).read_text())["expectations"])


def describe(suite: str) -> list[str]:
    """The suite's expectations, one line each, as a plan prints them: type, column or row
    query (on its table), the values it compares with (`$name`: a suite parameter), severity."""
    lines = []
    for e in _expectations(suite):
        kwargs = dict(e["kwargs"])
        what = kwargs.pop("column", None) or ""
        query = kwargs.pop("unexpected_rows_query", None)
        values = ", ".join(
            f"{key}={'$' + value['$PARAMETER'] if isinstance(value, dict) else value}"
            for key, value in sorted(kwargs.items())
        )
        detail = " ".join(part for part in (what, values and f"({values})") if part)
        text = f"{e['type']} {detail}".rstrip() + f" [{e['severity']}]"
        lines.append(text + (f": {row_query(suite, query)}" if query else ""))
    return lines


def finish(run_name: str) -> Path | None:
    """Build the Data Docs of the run's suites (once, for all of them); end its session."""
    session = GateSession.end(run_name)
    return session.build_docs() if session else None


def check(
    url: str,
    budget: ErrorBudget,
    min_matched_share: float,
    *,
    load_id: int | None,
    audit: bool,
    run_name: str,
    suites: list[str] | None = None,
) -> QualityReport:
    """Run the suites (default: all) one after the other, then build the Data Docs: the gate
    of `sparkify validate` (and of a test), as the flow's validation tasks run it."""
    findings: list[Finding] = []
    target = PostgresGate(url)
    for suite in suites or suite_names():
        findings += validate_suite(
            target,
            suite,
            budget,
            min_matched_share,
            load_id=load_id,
            audit=audit,
            run_name=run_name,
        ).findings
    return QualityReport(findings=findings, docs_index=finish(run_name))


def preload() -> None:
    """Import GX in the background (it takes seconds), so the gate need not wait for it."""
    import importlib

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    threading.Thread(
        target=importlib.import_module, args=("great_expectations",), daemon=True
    ).start()


def suite_file(suite: str) -> Path:
    """A suite's JSON in the GX project (GX's expectations store: expectations/<name>.json)."""
    return GX_PROJECT / "expectations" / f"{suite}.json"


def suite_names() -> list[str]:
    """The suites of the build plan: every suite of the project but an engine's variant of
    one (its `meta.variant_of` names the suite it stands in for)."""
    return sorted(
        path.stem
        for path in (GX_PROJECT / "expectations").glob("*.json")
        if "variant_of" not in json.loads(path.read_text()).get("meta", {})
    )


def uncommitted() -> Path:
    """The GX project's run-time area: validation results and Data Docs, in the state folder
    (so a read-only checkout works and two state folders never share results)."""
    return state_home() / "gx" / "uncommitted"


def sqlalchemy_url(url: str, search_path: list[str]) -> str:
    """The warehouse URL for GX's SQL datasource, with the schemas its queries resolve in."""
    driver_url = url.replace("postgresql://", "postgresql+psycopg://", 1).replace(
        "postgres://", "postgresql+psycopg://", 1
    )
    options = quote("-csearch_path=" + ",".join(search_path), safe="")
    return f"{driver_url}{'&' if '?' in driver_url else '?'}options={options}"


def repair_gx_project(area: Path) -> None:
    """Leave GX a run-time area it can read, whatever a killed run left.

    The project itself (gx/) is committed and only read, so nothing of it needs repair. GX
    writes its results in place: a run killed mid-write leaves an empty or truncated file in
    the run-time area that would fail the Data Docs of every later run. The validation history
    keeps the runs the Data Docs list (the warehouse's quality_results keeps every gate), minus
    unreadable files; the Data Docs pages are built again from it."""
    history = area / "validations"
    for suite in (p for p in history.glob("*") if p.is_dir()):
        results = sorted(suite.rglob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for number, result in enumerate(results):
            if number >= DOCS_RUNS_LISTED or not isinstance(
                _parsed(result.read_bytes(), json.loads), dict
            ):
                result.unlink()
    backend_id = history / ".ge_store_backend_id"
    if backend_id.exists() and not backend_id.read_text().strip():
        backend_id.unlink()


def _parsed(data: bytes, parse: Callable[[bytes], Any]) -> Any:
    try:
        return parse(data)
    except Exception:  # any parse error: the file is unreadable, whatever the parser
        return None


class GateSession:
    """One run's GX context: its datasource on the run's search path, the suites it ran so
    far and their results, for the Data Docs."""

    _open: dict[str, GateSession] = {}  # noqa: RUF012 (guarded by _lock)
    _lock = threading.Lock()

    @classmethod
    def of(cls, target: GateTarget, path: list[str], run_name: str) -> GateSession:
        """The run's session, set up by the first suite that asks."""
        with cls._lock:
            session = cls._open.get(run_name)
            if session is None:
                session = cls._open[run_name] = cls(target, path, run_name)
            return session

    @classmethod
    def end(cls, run_name: str) -> GateSession | None:
        with cls._lock:
            return cls._open.pop(run_name, None)

    def __init__(self, target: GateTarget, path: list[str], run_name: str) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
        logging.getLogger("great_expectations").setLevel(logging.WARNING)
        import great_expectations as gx

        import sparkify.gx_row_count  # noqa: F401 (defining it registers the suites' row check)

        area = uncommitted()
        repair_gx_project(area)
        # The run's values reach the committed configuration as ${VAR} substitutions of this
        # context only: the URL (with the search path) of the datasource, and the run-time area
        # of the validation results store and the Data Docs site.
        self.context = gx.get_context(
            mode="file",
            context_root_dir=str(GX_PROJECT),
            runtime_environment={
                GX_URL_VARIABLE: target.gx_url(path),
                GX_UNCOMMITTED_VARIABLE: str(area),
            },
        )
        sources = self.context.data_sources.all()
        committed = sources[DATASOURCE]
        engine_source = target.datasource(committed)
        if engine_source is not committed:
            # In the context's memory only (a file context's datasource dict is a cache in
            # front of the project's file; setting an entry writes nothing): what GX's own
            # dict does to a datasource it loads, then the entry replaced.
            engine_source._data_context = self.context
            engine_source._rebuild_asset_data_connectors()
            sources[DATASOURCE] = engine_source
        target.connected(self.datasource().get_execution_engine().engine, path)
        self.run_name = run_name
        self.results: list[Any] = []  # what the Data Docs show: result and suite identifiers
        self.lock = threading.Lock()

    def run(self, suite: str, values: dict[str, Any]) -> QualityReport:
        """Pass 1 asks only pass/fail (the cheapest queries); a suite that failed runs again
        with counts and sample values, for the message and the Data Docs."""
        with self.lock:
            definition = self.context.validation_definitions.get(suite)
            findings, shown = self._validate(definition, "BOOLEAN_ONLY", values)
            if not all(f.success for f in findings):
                findings, shown = self._validate(definition, "BASIC", values)
            self.results += shown
            return QualityReport(findings=findings)

    def _validate(
        self, definition: Any, result_format: str, values: dict[str, Any]
    ) -> tuple[list[Finding], list[Any]]:
        """The suite's findings, and the identifiers of its result for the Data Docs (GX's
        own: the result is kept in the validation results store under that key)."""
        from great_expectations.core.run_identifier import RunIdentifier
        from great_expectations.data_context.types.resource_identifiers import (
            ExpectationSuiteIdentifier,
            ValidationResultIdentifier,
        )

        run_id = RunIdentifier(run_name=self.run_name)
        result = definition.run(
            expectation_parameters=values,
            result_format={"result_format": result_format, "partial_unexpected_count": SAMPLE_SIZE},
            run_id=run_id,
        )
        suite_id = ExpectationSuiteIdentifier(name=result.suite_name)
        result_id = ValidationResultIdentifier(
            expectation_suite_identifier=suite_id, run_id=run_id, batch_identifier=result.batch_id
        )
        findings = [_finding(result.suite_name, outcome) for outcome in result.results]
        return findings, [result_id, suite_id]

    def datasource(self) -> Any:
        """The GX datasource the suites run through (the engine's)."""
        return self.context.data_sources.get(DATASOURCE)

    def rows(self, query: str) -> list[dict[str, Any]]:
        """A query's rows, by column name, on GX's own connection."""
        import sqlalchemy as sa

        engine = self.datasource().get_execution_engine().engine
        with self.lock, engine.connect() as conn:
            return [dict(row) for row in conn.execute(sa.text(query)).mappings()]

    def build_docs(self) -> Path | None:
        """The Data Docs pages of this run's results, and the index, in one pass."""
        with self.lock:
            if self.results:
                self.context.build_data_docs(resource_identifiers=self.results)
            return _docs_index(self.context)


def _finding(suite: str, outcome: Any) -> Finding:
    config = outcome.expectation_config
    details = outcome.result or {}
    sample = details.get("partial_unexpected_list") or []  # a row check's: _with_rows
    count = details.get("unexpected_count")
    if count is None and config.type == ROW_QUERY:
        count = details.get("observed_value")
    mostly = config.kwargs.get("mostly")
    return Finding(
        suite=suite,
        expectation=config.type,
        column=config.kwargs.get("column"),
        severity=str(getattr(config.severity, "value", config.severity)),
        success=bool(outcome.success),
        unexpected_count=None if count is None else int(count),
        sample=[_plain(value) for value in list(sample)[:SAMPLE_SIZE]],
        description=config.description,
        element_count=details.get("element_count"),
        mostly=float(mostly) if isinstance(mostly, int | float) else None,
        error=_error_message(outcome.exception_info or {}),
    )


def _error_message(info: dict[str, Any]) -> str | None:
    """The database's (or GX's) own message of an expectation that raised, in one line.

    GX keeps it per failed metric (or flat, for an error of the expectation itself), as
    SQLAlchemy wrapped it: "(psycopg.errors.SyntaxError) subquery in FROM must …\nLINE 1 …"."""
    entries = [info] if "raised_exception" in info else list(info.values())
    for entry in entries:
        if isinstance(entry, dict) and (entry.get("raised_exception", True)):
            message = str(entry.get("exception_message") or "").strip()
            if message:
                first = message.splitlines()[0]
                return re.sub(r"^\([\w.]+\)\s*", "", first).strip() or first
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value if isinstance(value, int | float | str | type(None)) else str(value)


def _docs_index(context: Any) -> Path | None:
    for site in context.get_docs_sites_urls():
        url = site.get("site_url") or ""
        if url.startswith("file://"):
            return Path(url.removeprefix("file://"))
    return None
