"""Find the source files this load must stage."""

from __future__ import annotations

from datetime import date

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from sparkify import load
from sparkify.sources import FileSet, open_source
from sparkify.warehouse import Warehouse
from tasks.aws import s3_client
from tasks.retry import RETRIES


@task(name="find-new-files", cache_policy=NO_CACHE, **RETRIES)
def find_new_files(
    source: str,
    warehouse_url: str,
    since: date | None,
    until: date | None,
    full_refresh: bool,
    aws_credentials: str | None = None,
) -> FileSet:
    """List the source; keep the files that are new or changed."""
    logger = get_run_logger()
    reader = open_source(source, s3_client(aws_credentials))
    files = reader.list_files()
    with Warehouse(warehouse_url).connect() as conn:
        chosen = load.select_files(
            conn, reader, files, since=since, until=until, full_refresh=full_refresh
        )
    logger.info("%d source files found, %d new or changed", len(files), len(chosen))
    return FileSet(chosen)
