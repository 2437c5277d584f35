"""The quality gate: one Great Expectations suite per task, then the verdict on all of them."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from sparkify import events
from sparkify.engine import Engine
from sparkify.findings import QualityReport, enforce, merged
from sparkify.settings import RunSettings
from sparkify.tasks.events import emit
from sparkify.tasks.retry import RETRIES


@task(name="validate", task_run_name="validate-{suite}", cache_policy=NO_CACHE, **RETRIES)
def validate(engine: Engine, load_id: int, suite: str, settings: RunSettings) -> QualityReport:
    """Run one suite on the audited tables; a critical failure fails this task."""
    report = engine.validate(load_id, suite, settings)
    enforce(report)
    return report


@task(name="quality-gate", cache_policy=NO_CACHE, **RETRIES)
def quality_gate(
    engine: Engine, load_id: int, results: list[QualityReport | BaseException], source: str
) -> QualityReport:
    """Every suite's outcome kept (table quality_results, artifact, Data Docs); a critical
    failure or an expectation that could not run, in any suite, stops the load here. Its
    events: quality failed, quality warned, days missing from `source`."""
    report = engine.finish_gate(load_id, merged(results))
    load = events.Load(load_id, str(engine), source)
    stopping = report.unevaluated + report.critical_failures
    if stopping:
        emit(events.quality(load, events.QUALITY_FAILED, stopping))
    if report.warnings:
        emit(events.quality(load, events.QUALITY_WARNED, report.warnings))
        emit(events.day_missing(load, report.warnings))
    create_table_artifact(
        key="sparkify-quality",
        table=report.rows(),
        description=f"Quality gate of load {load_id}; Data Docs: {report.docs_index}",
    )
    logger = get_run_logger()
    for finding in report.warnings:
        logger.warning("quality warning: %s", finding.describe())
    enforce(report)
    return report
