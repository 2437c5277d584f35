"""Stage one kind of source file (events or songs)."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from sparkify.engine import Engine
from sparkify.settings import RunSettings
from sparkify.sources import FileSet, Kind
from sparkify.staging import StageResult
from sparkify.tasks.retry import RETRIES


@task(name="stage", task_run_name="stage-{kind}", cache_policy=NO_CACHE, **RETRIES)
def stage(
    engine: Engine, load_id: int, settings: RunSettings, files: FileSet, kind: Kind
) -> StageResult:
    """Stage the files of `kind`; a retry resumes after the batches already committed."""
    return engine.stage(load_id, settings, files, kind, get_run_logger())
