"""Tasks that set up and close a load: DDL, registering the load, discarding a failed one."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from sparkify import load
from sparkify.errors import LoadLockLost
from sparkify.lock import fence
from sparkify.warehouse import Warehouse
from tasks.retry import RETRIES


@task(name="create-tables", cache_policy=NO_CACHE, **RETRIES)
def create_tables(warehouse_url: str) -> None:
    """Idempotent DDL; also discards what a killed run left behind."""
    with Warehouse(warehouse_url).connect() as conn:
        load.prepare(conn)


@task(name="begin-load", cache_policy=NO_CACHE, **RETRIES)
def begin_load(warehouse_url: str, source: str, full_refresh: bool) -> int:
    with Warehouse(warehouse_url).connect() as conn:
        return load.begin(conn, source, full_refresh)


@task(name="discard-load", cache_policy=NO_CACHE, **RETRIES)
def discard_load(warehouse_url: str, load_id: int, message: str) -> None:
    """After a failure: remove the load's staged rows; the published tables never saw them.
    Not when another load discarded it already (it took the lock): its rows are that one's."""
    with Warehouse(warehouse_url).connect() as conn:
        try:
            fence(conn, load_id)
        except LoadLockLost:
            return
        load.discard_unpublished(conn, "failed", message)
