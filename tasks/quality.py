"""The quality gate on the audit schema: Great Expectations suites, before publish."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from sparkify import load, quality
from sparkify.config import ErrorBudget
from sparkify.warehouse import Warehouse
from tasks.retry import RETRIES


@task(name="quality-gate", cache_policy=NO_CACHE, **RETRIES)
def quality_gate(
    warehouse_url: str,
    load_id: int,
    max_errors: str,
    min_matched_share: float,
    mode: load.BuildMode,
) -> quality.QualityReport:
    """Validate the audited tables (a delta: its rows only); a critical failure stops the
    load before publish."""
    logger = get_run_logger()
    budget = ErrorBudget.parse(max_errors)
    report = quality.check(warehouse_url, budget, min_matched_share, load_id=load_id,
                           audit=True, run_name=f"load-{load_id}",
                           suites=load.gated_suites(mode))  # fmt: skip
    with Warehouse(warehouse_url).connect() as conn:
        quality.record(conn, load_id, report)
    create_table_artifact(
        key="sparkify-quality",
        table=report.rows(),
        description=f"Quality gate of load {load_id}; Data Docs: {report.docs_index}",
    )
    for finding in report.warnings:
        logger.warning("quality warning: %s", finding.describe())
    quality.enforce(report)
    return report
