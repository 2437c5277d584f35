"""Publish the audited tables: one transaction, all or nothing."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from sparkify import load
from sparkify.warehouse import Warehouse
from tasks.retry import RETRIES


@task(name="publish", cache_policy=NO_CACHE, **RETRIES)
def publish(
    warehouse_url: str, load_id: int
) -> tuple[dict[str, int], dict[str, tuple[int, int, int]]]:
    """Swap the new tables in; return published row counts and what the load staged."""
    with Warehouse(warehouse_url).connect() as conn:
        staged = load.stage_counts(conn, load_id)
        load.publish(conn)
        conn.commit()
        return load.table_counts(conn), staged


@task(name="close-unchanged", cache_policy=NO_CACHE, **RETRIES)
def close_unchanged(warehouse_url: str) -> dict[str, int]:
    """Nothing new: close the load without rebuilding; return published row counts."""
    with Warehouse(warehouse_url).connect() as conn:
        load.close_unchanged(conn)
        return load.table_counts(conn)
