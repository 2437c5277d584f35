"""Check the load's bad records, choose how to build, build one table of the plan."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from sparkify import events
from sparkify.build_plan import BuildMode, Step
from sparkify.engine import Engine
from sparkify.settings import RunSettings
from sparkify.tasks.events import emit
from sparkify.tasks.retry import RETRIES


@task(name="check-bad-records", cache_policy=NO_CACHE, **RETRIES)
def check_bad_records(engine: Engine, load_id: int, settings: RunSettings) -> None:
    """Fail (no retry) when the load quarantined more records than --max-errors allows;
    past half of it, say how much was used (event sparkify.quarantine.budget)."""
    share = engine.check_budget(load_id, settings)
    emit(events.budget(events.Load(load_id, str(engine), settings.source), share))


@task(name="plan-build", cache_policy=NO_CACHE, **RETRIES)
def plan_build(engine: Engine, load_id: int) -> BuildMode:
    """Full or delta, chosen once; the audit area made ready for it."""
    mode = engine.plan_build(load_id)
    get_run_logger().info("star schema: %s build", mode)
    return mode


@task(name="load-table", task_run_name="load-{step.table}", cache_policy=NO_CACHE, **RETRIES)
def load_table(engine: Engine, load_id: int, step: Step, mode: BuildMode) -> None:
    """Build one table of the plan (see sparkify.build_plan) in the audit area."""
    engine.build(load_id, step, mode)
