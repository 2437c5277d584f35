"""Check the load's bad records, then build the star schema in the audit schema."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from sparkify import load
from sparkify.config import ErrorBudget
from sparkify.warehouse import Warehouse
from tasks.retry import RETRIES


@task(name="check-bad-records", cache_policy=NO_CACHE, **RETRIES)
def check_bad_records(warehouse_url: str, load_id: int, max_errors: str) -> None:
    """Fail (no retry) when the load quarantined more records than --max-errors allows."""
    with Warehouse(warehouse_url).connect() as conn:
        load.check_budget(conn, load_id, ErrorBudget.parse(max_errors))


@task(name="build-star-schema", cache_policy=NO_CACHE, **RETRIES)
def build_star_schema(warehouse_url: str, load_id: int) -> load.BuildMode:
    """songplays, users, songs, artists, time and quarantine, set-based in SQL: the rows the
    load adds (a delta), or every table rebuilt."""
    warehouse = Warehouse(warehouse_url)
    with warehouse.connect() as conn:
        mode = load.build_star(conn, load_id)
    with warehouse.connect(autocommit=True) as conn:
        load.vacuum_built(conn, mode)
    get_run_logger().info("star schema: %s build", mode)
    return mode
