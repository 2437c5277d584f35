"""Schema drift of the load: the fields its records carried that the contract does not know,
and the known fields some of them lacked."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from sparkify.engine import Engine
from sparkify.tasks.retry import RETRIES


@task(name="schema-drift", cache_policy=NO_CACHE, **RETRIES)
def schema_drift(engine: Engine, load_id: int) -> list[str]:
    """The load's drift, one line per field (table schema_drift has the counts)."""
    lines = [drift.describe() for drift in engine.schema_drift(load_id)]
    for line in lines:
        get_run_logger().warning("schema drift: %s", line)
    return lines
