"""The quality gate: the suites in expectations/ run by Great Expectations inside the database.

Suites are GX's own JSON, one per table, loaded from the files. Validation runs through GX's
SQL datasource, so every expectation becomes a query in the warehouse; no table is pulled into
Python. Each expectation carries GX's severity: a failed `critical` one blocks publishing, a
failed `warning` one is reported. GX is imported here only, when a gate runs (it is slow to
import).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import yaml

from sparkify.config import PROJECT_ROOT, ErrorBudget, state_home
from sparkify.errors import DataError
from sparkify.sqlfiles import sql
from sparkify.warehouse import Warehouse

EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
GX_URL_VARIABLE = "SPARKIFY_GX_URL"  # GX reads the URL from here: never written to its files
DATASOURCE = "warehouse"
SAMPLE_SIZE = 5
DOCS_RUNS_LISTED = 10  # the Data Docs index lists the latest runs only: it stays fast to build


@dataclass(frozen=True)
class Finding:
    """One expectation's outcome."""

    suite: str
    expectation: str
    column: str | None
    severity: str
    success: bool
    unexpected_count: int | None
    sample: list[Any]

    def describe(self) -> str:
        where = f"{self.suite}.{self.column}" if self.column else self.suite
        text = f"{where}: {self.expectation} failed"
        if self.unexpected_count is not None:
            text += f" ({self.unexpected_count} unexpected"
            text += f", e.g. {self.sample})" if self.sample else ")"
        return text


@dataclass
class QualityReport:
    findings: list[Finding] = field(default_factory=list)
    docs_index: Path | None = None

    @property
    def critical_failures(self) -> list[Finding]:
        return [f for f in self.findings if not f.success and f.severity == "critical"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.success and f.severity != "critical"]

    def rows(self) -> list[dict[str, Any]]:
        """One row per expectation, for a Prefect table artifact."""
        return [
            {
                "suite": f.suite,
                "expectation": f.expectation,
                "column": f.column or "",
                "severity": f.severity,
                "success": f.success,
                "unexpected": f.unexpected_count,
            }
            for f in self.findings
        ]


def parameters(
    conn: psycopg.Connection, budget: ErrorBudget, min_matched_share: float, load_id: int | None
) -> dict[str, Any]:
    """The suites' $PARAMETERs for this run: time bounds, the match floor, the bad-record budget,
    the number of songplays the staged events make.

    `load_id` None: the budget applies to every loaded record (`sparkify validate`).
    """
    load_read, kept_bad = Warehouse.rows(conn, "ops/bad_record_totals", {"load_id": load_id})[0]
    (staged_plays,) = Warehouse.rows(conn, "ops/staged_plays")[0]
    now = datetime.now(UTC)
    return {
        "staged_plays": int(staged_plays),
        "max_start_time": (now + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S"),
        "current_year": now.year,
        "min_matched_share": min_matched_share,
        "max_quarantined": int(kept_bad) + budget.allowance(int(load_read)),
    }


def search_path(conn: psycopg.Connection, *, audit: bool) -> list[str]:
    """Where the suites find their tables: the audit schema first, or the published ones."""
    schema = Warehouse.rows(conn, "ops/current_schema")[0][0]
    return ["sparkify_audit", schema] if audit else [schema]


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
    """Run the suites (default: all): on the audit schema (before publish) or on the
    published tables.

    The suites' parameters are counted in the database while GX sets itself up, through the
    same search path as the suites: a delta build's audit schema scopes them to its load."""
    with Warehouse(url).connect() as conn:
        path = search_path(conn, audit=audit)

    def counted() -> dict[str, Any]:
        with Warehouse(url).connect() as conn:
            schemas = ", ".join('"' + name.replace('"', '""') + '"' for name in path)
            Warehouse.run(conn, "ops/set_search_path", {"path": schemas})
            return parameters(conn, budget, min_matched_share, load_id)

    with ThreadPoolExecutor(max_workers=1) as pool:
        return validate(url, path, pool.submit(counted).result, run_name,
                        suites or suite_names())  # fmt: skip


def record(conn: psycopg.Connection, load_id: int, report: QualityReport) -> None:
    """Keep the gate's outcome in the warehouse (table quality_results) for the report."""
    with conn.cursor() as cursor:
        cursor.executemany(
            sql("load/record_quality"),
            [{"load_id": load_id, **row} for row in report.rows()],
        )


def enforce(report: QualityReport) -> None:
    """Fail with every critical failure named: table, column, expectation, sample values."""
    failures = report.critical_failures
    if failures:
        raise DataError("quality gate failed: " + "; ".join(f.describe() for f in failures))


def preload() -> None:
    """Import GX in the background (it takes seconds), so the gate need not wait for it."""
    import importlib
    import threading

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    threading.Thread(
        target=importlib.import_module, args=("great_expectations",), daemon=True
    ).start()


def suite_names() -> list[str]:
    return sorted(path.stem for path in EXPECTATIONS_DIR.glob("*.json"))


def sqlalchemy_url(url: str, search_path: list[str]) -> str:
    """The warehouse URL for GX's SQL datasource, with the schemas its queries resolve in."""
    driver_url = url.replace("postgresql://", "postgresql+psycopg://", 1).replace(
        "postgres://", "postgresql+psycopg://", 1
    )
    options = quote("-csearch_path=" + ",".join(search_path), safe="")
    return f"{driver_url}{'&' if '?' in driver_url else '?'}options={options}"


def repair_gx_project(project: Path) -> None:
    """Leave GX a project it can read, whatever a killed run left.

    GX writes its files in place: a run killed mid-write leaves an empty or truncated file
    that fails every later run. Suites, validation definitions and checkpoints are written
    anew from expectations/ on every run, so they are dropped and rebuilt; an unreadable
    configuration file is rebuilt too. The validation history keeps the runs the Data Docs
    list (the warehouse's quality_results keeps every gate), minus unreadable files."""
    for derived in ("expectations", "validation_definitions", "checkpoints"):
        shutil.rmtree(project / derived, ignore_errors=True)
    for config, readable in (
        (project / "great_expectations.yml", dict),
        (project / "uncommitted" / "config_variables.yml", dict | None),
    ):
        with contextlib.suppress(FileNotFoundError):
            if not isinstance(_parsed(config.read_bytes(), yaml.safe_load), readable):
                config.unlink()
    history = project / "uncommitted" / "validations"
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


def validate(
    url: str,
    search_path: list[str],
    parameters: Callable[[], dict[str, Any]],
    run_name: str,
    suites: list[str],
) -> QualityReport:
    """Run the suites on the tables found through `search_path`; build the Data Docs.
    `parameters` gives the suites' $PARAMETERs; it is called once GX is ready for them."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from sparkify.docs_site import site_config

    os.environ[GX_URL_VARIABLE] = sqlalchemy_url(url, search_path)
    repair_gx_project(state_home() / "gx")
    context = gx.get_context(mode="file", project_root_dir=str(state_home()))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.variables.data_docs_sites = {
        "local_site": site_config(
            "uncommitted/data_docs/local_site/", DOCS_RUNS_LISTED * len(suite_names())
        )
    }
    context.variables.save()
    source = context.data_sources.add_or_update_postgres(
        DATASOURCE, connection_string="${" + GX_URL_VARIABLE + "}"
    )
    definitions = []
    for name in suites:
        data = json.loads((EXPECTATIONS_DIR / f"{name}.json").read_text())
        suite = context.suites.add_or_update(gx.ExpectationSuite(**data))
        asset = _table_asset(source, name)
        batch = _whole_table(asset)
        definitions.append(
            context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=name, data=batch, suite=suite)
            )
        )
    # Pass 1 asks only pass/fail (the cheapest queries); pass 2 reruns just the suites that
    # failed with counts and sample values, for the message and the Data Docs.
    values = parameters()
    findings = _run_checkpoint(context, "sparkify", definitions, "BOOLEAN_ONLY",
                               values, run_name)  # fmt: skip
    failed = {f.suite for f in findings if not f.success}
    if failed:
        detailed = _run_checkpoint(context, "sparkify-failures",
                                   [d for d in definitions if d.name in failed], "BASIC",
                                   values, run_name)  # fmt: skip
        findings = [f for f in findings if f.suite not in failed] + detailed
    return QualityReport(findings=findings, docs_index=_docs_index(context))


def _run_checkpoint(
    context: Any,
    name: str,
    definitions: list[Any],
    result_format: str,
    parameters: dict[str, Any],
    run_name: str,
) -> list[Finding]:
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    from sparkify.gx_docs import UpdateDataDocsOnce

    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=name,
            validation_definitions=definitions,
            actions=[UpdateDataDocsOnce(name="data-docs")],
            result_format={
                "result_format": result_format,
                "partial_unexpected_count": SAMPLE_SIZE,
            },
        )
    )
    result = checkpoint.run(
        expectation_parameters=parameters, run_id=RunIdentifier(run_name=run_name)
    )
    return [
        _finding(suite_result.suite_name, outcome)
        for suite_result in result.run_results.values()
        for outcome in suite_result.results
    ]


def _table_asset(source: Any, table: str) -> Any:
    try:
        return source.get_asset(table)
    except LookupError:
        return source.add_table_asset(name=table, table_name=table)


def _whole_table(asset: Any) -> Any:
    try:
        return asset.get_batch_definition("all rows")
    except KeyError:
        return asset.add_batch_definition_whole_table("all rows")


def _finding(suite: str, outcome: Any) -> Finding:
    config = outcome.expectation_config
    details = outcome.result or {}
    sample = details.get("partial_unexpected_list")
    if sample is None:
        sample = (details.get("details") or {}).get("unexpected_rows") or []
    count = details.get("unexpected_count")
    if count is None and config.type == "unexpected_rows_expectation":
        count = details.get("observed_value")
    return Finding(
        suite=suite,
        expectation=config.type,
        column=config.kwargs.get("column"),
        severity=str(getattr(config.severity, "value", config.severity)),
        success=bool(outcome.success),
        unexpected_count=None if count is None else int(count),
        sample=[_plain(value) for value in list(sample)[:SAMPLE_SIZE]],
    )


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
