"""Load into Amazon Redshift: one task, because the whole load is one transaction on one
connection (COPY from S3 manifests, set-based SQL, checks, COMMIT)."""

from __future__ import annotations

from datetime import date

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from sparkify.config import ErrorBudget
from sparkify.redshift.driver import connect
from sparkify.redshift.load import RedshiftLoad, redshift_source, run_load
from sparkify.redshift.session import ClusterSession
from tasks.aws import s3_client
from tasks.retry import RETRIES


@task(name="load-redshift", cache_policy=NO_CACHE, **RETRIES)
def load_redshift(
    source: str,
    warehouse_url: str,
    iam_role: str,
    since: date | None,
    until: date | None,
    max_errors: str,
    full_refresh: bool,
    aws_credentials: str | None = None,
) -> RedshiftLoad:
    """Stage the new or changed S3 files with COPY and publish the star schema, all or nothing."""
    logger = get_run_logger()
    reader = redshift_source(source, s3_client(aws_credentials), iam_role)
    with connect(warehouse_url) as conn:
        return run_load(ClusterSession(conn, logger), reader, iam_role=iam_role,
                        budget=ErrorBudget.parse(max_errors), since=since, until=until,
                        full_refresh=full_refresh, log=logger)  # fmt: skip
