"""The Sparkify ETL flow, in the order of the runbook.

create tables -> find new or changed files -> stage events || stage songs -> check bad records
-> build the star schema (audit schema; only the new rows when the load just adds events)
-> quality gate -> publish (one transaction) -> report -> summary. A run that finds nothing
new goes the same way with nothing to add: its gate checks an empty change.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.blocks.system import Secret

from sparkify import quality
from sparkify.config import (
    DEFAULT_MAX_ERRORS,
    DEFAULT_MIN_MATCHED_SHARE,
    DEFAULT_PUBLISH_PATIENCE,
    ErrorBudget,
)
from sparkify.errors import LoadLockLost, WarehouseError
from sparkify.generate import bundled_sample
from sparkify.lock import LOST, exclusive_load
from sparkify.profiles import apply_profile
from sparkify.redshift.driver import is_redshift_url
from sparkify.summary import LoadSummary
from sparkify.warehouse import Warehouse, mask_url, resolve_url, split_password
from tasks.discover import find_new_files
from tasks.publish import publish
from tasks.quality import quality_gate
from tasks.redshift import load_redshift
from tasks.report import render_report
from tasks.stage import stage
from tasks.transform import build_star_schema, check_bad_records
from tasks.warehouse import begin_load, create_tables, discard_load


@flow(name="sparkify-etl", log_prints=True)
def sparkify_etl(
    source: str | None = None,
    warehouse: str | None = None,
    since: date | None = None,
    until: date | None = None,
    max_errors: str = DEFAULT_MAX_ERRORS,
    full_refresh: bool = False,
    min_matched_share: float = DEFAULT_MIN_MATCHED_SHARE,
    publish_patience: float = DEFAULT_PUBLISH_PATIENCE,
    password_secret: str | None = None,
    aws_credentials: str | None = None,
    iam_role: str | None = None,
    profile: str | None = None,
) -> LoadSummary:
    """Load new or changed source files into the warehouse and publish the star schema.

    Args:
        source: a folder or s3://bucket/prefix holding song_data/ and log_data/; default: the
            bundled sample, generated into the state folder on first use.
        warehouse: postgresql:// URL; default: $SPARKIFY_WAREHOUSE_URL, else the embedded
            PostgreSQL in the state folder.
        since: first day of event files to load (by the date in their name).
        until: last day of event files to load.
        max_errors: bad-record budget, a count ("5") or a share of records read ("1%").
        full_refresh: reload every source file, dropping what is no longer there.
        min_matched_share: the quality gate warns when fewer songplays match a known song.
        publish_patience: seconds publish keeps trying while other sessions (a long query)
            hold the published tables; then the load fails, nothing published.
        password_secret: name of a Prefect Secret block holding the warehouse password
            (else libpq's PGPASSWORD). A URL carrying a password is refused: flow parameters
            are stored in Prefect's database and shown in its UI.
        aws_credentials: name of a prefect-aws AwsCredentials block for an s3:// source
            (else boto3's own chain: environment, AWS profile, instance role).
        iam_role: for a redshift:// warehouse, the IAM role ARN its COPY assumes to read S3.
        profile: a profile of sparkify.yaml (in the worker's directory, or $SPARKIFY_CONFIG)
            giving source, warehouse, aws_credentials and iam_role where they are left out,
            so a deployment names its environment with one parameter.
    """
    logger = get_run_logger()
    if profile:
        chosen = apply_profile(profile, {"source": source, "warehouse": warehouse,
                                         "aws_credentials": aws_credentials,
                                         "iam_role": iam_role})  # fmt: skip
        source, warehouse = chosen["source"], chosen["warehouse"]
        aws_credentials, iam_role = chosen["aws_credentials"], chosen["iam_role"]
    ErrorBudget.parse(max_errors)  # a bad budget fails before any work
    if warehouse and split_password(warehouse)[1] is not None:
        raise WarehouseError(
            "the warehouse URL carries a password: give it through PGPASSWORD or a Secret block"
        )
    if password_secret:
        os.environ["PGPASSWORD"] = Secret.load(password_secret).get()
    source = source or str(bundled_sample())
    url = resolve_url(warehouse)
    if is_redshift_url(url):
        return _redshift_load(source, url, iam_role, since, until, max_errors, full_refresh,
                              aws_credentials)  # fmt: skip
    summary = LoadSummary(load_id=0, source=source, warehouse=str(Warehouse(url)))
    timed = _stopwatch(summary.seconds)

    with exclusive_load(Warehouse(url), logger) as lock:
        with timed("create tables"):
            create_tables(url)
        summary.load_id = begin_load(url, source, full_refresh)
        try:
            with timed("find new files"):
                files = find_new_files(source, url, since, until, full_refresh, aws_credentials)
            with timed("stage events || songs"):
                runs = [
                    stage.submit(source, files, kind, summary.load_id, url, aws_credentials)
                    for kind in ("events", "songs")
                    if files.of_kind(kind)
                ]
                for run in runs:
                    run.result()
            quality.preload()  # GX imports (seconds) as the database builds; earlier costs RSS
            with timed("check bad records"):
                check_bad_records(url, summary.load_id, max_errors)
            with timed("build star schema"):
                summary.build = build_star_schema(url, summary.load_id)
            with timed("quality gate"):
                report = quality_gate(url, summary.load_id, max_errors, min_matched_share,
                                      summary.build)  # fmt: skip
                summary.warnings = [finding.describe() for finding in report.warnings]
                summary.data_docs = str(report.docs_index or "")
            with timed("publish"):
                summary.published, summary.staged = publish(url, summary.load_id, summary.build,
                                                            lock, publish_patience)  # fmt: skip
        except BaseException as error:
            with suppress(Exception):  # the next run discards it anyway; keep the real error
                discard_load(url, summary.load_id, f"{type(error).__name__}: {error}")
            if lock.lost:  # the other load's start discarded this one and made the error
                raise LoadLockLost(LOST) from error
            raise
    with timed("report"):
        summary.report = render_report(url)
    create_table_artifact(
        key="sparkify-load",
        table=summary.table_rows(),
        description=f"Load {summary.load_id} of {source} into {summary.warehouse}",
    )
    logger.info("load %d done: %s", summary.load_id, summary.published)
    return summary


def _redshift_load(
    source: str,
    url: str,
    iam_role: str | None,
    since: date | None,
    until: date | None,
    max_errors: str,
    full_refresh: bool,
    aws_credentials: str | None,
) -> LoadSummary:
    """Redshift: one task, one transaction (its key checks stand in for the GX gate)."""
    started = time.monotonic()
    result = load_redshift(source, url, iam_role, since, until, max_errors, full_refresh,
                           aws_credentials)  # fmt: skip
    summary = LoadSummary(
        load_id=result.load_id,
        source=source,
        warehouse=mask_url(url),
        staged=result.staged,
        published=result.published,
        build="full",
        seconds={"load (one transaction)": time.monotonic() - started},
    )
    create_table_artifact(
        key="sparkify-load",
        table=summary.table_rows(),
        description=f"Load {summary.load_id} of {source} into Redshift",
    )
    return summary


def _stopwatch(seconds: dict[str, float]) -> Callable[[str], Any]:
    @contextmanager
    def timed(stage_name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            seconds[stage_name] = time.monotonic() - started

    return timed
