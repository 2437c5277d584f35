"""Find the source files this load must stage."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from sparkify.engine import Engine
from sparkify.settings import RunSettings
from sparkify.sources import FileSet
from sparkify.tasks.retry import RETRIES


@task(name="find-new-files", cache_policy=NO_CACHE, **RETRIES)
def find_new_files(engine: Engine, load_id: int, settings: RunSettings) -> FileSet:
    """List the source; keep the files that are new or changed."""
    return engine.choose_files(load_id, settings, get_run_logger())
