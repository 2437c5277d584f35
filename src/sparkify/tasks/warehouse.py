"""Tasks that open and close a load: DDL and registering it, discarding a failed one."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from sparkify.engine import Engine
from sparkify.settings import RunSettings
from sparkify.tasks.retry import RETRIES


@task(name="prepare-load", cache_policy=NO_CACHE, **RETRIES)
def prepare_load(engine: Engine, settings: RunSettings) -> int:
    """Idempotent DDL, what a killed run left discarded, a new load registered: its id."""
    return engine.prepare(settings)


@task(name="discard-load", cache_policy=NO_CACHE, **RETRIES)
def discard_load(engine: Engine, load_id: int, message: str) -> None:
    """After a failure: remove the load's staged rows; the published tables never saw them."""
    engine.discard(load_id, message)
