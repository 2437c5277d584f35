"""Stage one kind of source file (events or songs) with COPY."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from sparkify import load
from sparkify.child_staging import stage_in_child
from sparkify.sources import FileSet, Kind, LocalSource, open_source
from sparkify.staging import StageResult, stage_files
from sparkify.warehouse import Warehouse
from tasks.aws import s3_client
from tasks.retry import RETRIES

# Below this many bytes a child process costs more to start (~0.3 s) than it saves.
CHILD_MIN_BYTES = 16 * 2**20


@task(name="stage", task_run_name="stage-{kind}", cache_policy=NO_CACHE, **RETRIES)
def stage(
    source: str,
    files: FileSet,
    kind: Kind,
    load_id: int,
    warehouse_url: str,
    aws_credentials: str | None = None,
) -> StageResult:
    """Stage the files of `kind`; a retry resumes after the batches already committed."""
    with Warehouse(warehouse_url).connect() as conn:
        done = load.pending_keys(conn, load_id)
        todo = [f for f in files.of_kind(kind) if f.key not in done]
    logger = get_run_logger()
    reader = open_source(source, s3_client(aws_credentials))
    big = sum(f.size for f in todo) >= CHILD_MIN_BYTES
    if isinstance(reader, LocalSource) and big:  # CPU-bound: a process (see child_staging)
        return stage_in_child(warehouse_url, str(reader.root), todo, kind, load_id, logger)
    with Warehouse(warehouse_url).connect() as conn:  # S3 (network-bound) or a few files
        return stage_files(conn, reader, todo, kind, load_id, logger, total=len(todo))
