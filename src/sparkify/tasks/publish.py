"""Publish the audited tables: one transaction, all or nothing."""

from __future__ import annotations

from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from sparkify.build_plan import BuildMode
from sparkify.engine import Engine
from sparkify.settings import RunSettings
from sparkify.tasks.retry import RETRIES


@task(name="publish", cache_policy=NO_CACHE, **RETRIES)
def publish(
    engine: Engine, load_id: int, mode: BuildMode, settings: RunSettings
) -> tuple[dict[str, int], dict[str, Any]]:
    """Apply the audited tables, while the load lock is held, trying for up to the settings'
    publish patience; return published row counts and what the load staged."""
    return engine.publish(load_id, mode, settings, get_run_logger())


@task(name="publish-unchanged", cache_policy=NO_CACHE, **RETRIES)
def publish_unchanged(engine: Engine, load_id: int, settings: RunSettings) -> dict[str, int]:
    """Nothing new, changed or gone in the source: the load ends published without staging,
    building or checking anything (the last load's gate stands for the same tables); return
    the rows the published tables hold."""
    return engine.end_unchanged(load_id, settings, get_run_logger())
