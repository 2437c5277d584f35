"""Publish the audited tables: one transaction, all or nothing."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from sparkify import load
from sparkify.lock import LoadLock
from sparkify.warehouse import Warehouse
from tasks.retry import RETRIES


@task(name="publish", cache_policy=NO_CACHE, **RETRIES)
def publish(
    warehouse_url: str, load_id: int, mode: load.BuildMode, lock: LoadLock, patience: float
) -> tuple[dict[str, int], dict[str, tuple[int, int, int]]]:
    """Apply the audited tables, while `lock` is held, trying for up to `patience` seconds;
    return published row counts and what the load staged."""
    with Warehouse(warehouse_url).connect() as conn:
        staged = load.stage_counts(conn, load_id)
        load.publish(conn, mode, load_id, lock, patience, get_run_logger())
        conn.commit()
        return load.table_counts(conn), staged
