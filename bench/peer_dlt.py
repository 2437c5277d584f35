"""The peer: the same files staged into PostgreSQL by dlt, without the star schema.

dlt (https://dlthub.com) is the Python loading library a data engineer would pick for
JSON -> PostgreSQL. This loads `log_data/**/*.json` (JSON lines) and `song_data/**/*.json`
(one object per file) into two tables, `events` and `songs`, of a fresh dataset (schema) with
dlt's filesystem source and postgres destination, and times it end to end (pipeline creation,
extract, normalize, load). Its stock `read_jsonl` transformer stops at the real files' blank
lines, so a small transformer of its own reads each file and skips them.

Settings: dlt's fastest documented path to PostgreSQL, "Fast loading with Arrow tables and
CSV" (https://dlthub.com/docs/dlt-ecosystem/destinations/postgres): the transformers yield
Arrow tables and the loader file format is `csv`, so the normalizer does not walk Python
objects and the load is a `COPY` per file; plus the parallelism of "Optimizing dlt"
(https://dlthub.com/docs/reference/performance): file rotation so that normalize and load
work on several files, normalize in a process per core, load in parallel threads.

bench/run.py runs it (`python bench/peer_dlt.py URL SOURCE`, which prints the seconds) in an
environment of its own: dlt is in the `peer` dependency group, outside the project's default
environment, and the tests never import it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dlt
import orjson
import psycopg
import pyarrow as pa
from dlt.destinations.impl.postgres.configuration import PostgresCredentials
from dlt.sources.filesystem import FileItemDict, filesystem
from psycopg import sql

# The staged columns, typed: one schema for every batch (a batch whose column is all null
# would otherwise get arrow's null type, and the next batch a conflicting one).
EVENTS = pa.schema(
    [
        ("artist", pa.string()),
        ("auth", pa.string()),
        ("firstName", pa.string()),
        ("gender", pa.string()),
        ("itemInSession", pa.int64()),
        ("lastName", pa.string()),
        ("length", pa.float64()),
        ("level", pa.string()),
        ("location", pa.string()),
        ("method", pa.string()),
        ("page", pa.string()),
        ("registration", pa.float64()),
        ("sessionId", pa.int64()),
        ("song", pa.string()),
        ("status", pa.int64()),
        ("ts", pa.int64()),
        ("userAgent", pa.string()),
        ("userId", pa.string()),
    ]
)
SONGS = pa.schema(
    [
        ("num_songs", pa.int64()),
        ("artist_id", pa.string()),
        ("artist_latitude", pa.float64()),
        ("artist_longitude", pa.float64()),
        ("artist_location", pa.string()),
        ("artist_name", pa.string()),
        ("song_id", pa.string()),
        ("title", pa.string()),
        ("duration", pa.float64()),
        ("year", pa.int64()),
    ]
)

ROTATE_ITEMS = 100_000  # rows per intermediary file: normalize and load run file by file


def settings() -> dict[str, str]:
    """dlt's configuration, as environment variables (its documented config providers)."""
    cores = str(os.cpu_count() or 1)
    return {
        "RUNTIME__DLTHUB_TELEMETRY": "false",
        "RUNTIME__LOG_LEVEL": "WARNING",
        # performance: "Controlling intermediary file size and rotation"
        "EXTRACT__DATA_WRITER__FILE_MAX_ITEMS": str(ROTATE_ITEMS),
        "NORMALIZE__DATA_WRITER__FILE_MAX_ITEMS": str(ROTATE_ITEMS),
        # performance: "Normalize" (a process pool) and "Load" (a thread pool, default 20)
        "NORMALIZE__WORKERS": cores,
        "LOAD__WORKERS": str(2 * int(cores)),
    }


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _json_lines(items: list[FileItemDict]) -> Iterator[pa.Table]:
    """Events: one Arrow table per file, its non-blank lines."""
    for item in items:
        lines = item.read_bytes().split(b"\n")
        rows = [orjson.loads(line) for line in lines if line.strip()]
        if rows:
            yield pa.Table.from_pylist(rows, schema=EVENTS)


def _json_objects(items: list[FileItemDict]) -> Iterator[pa.Table]:
    """Songs: one Arrow table per page of files, one object per file."""
    yield pa.Table.from_pylist([orjson.loads(item.read_bytes()) for item in items], schema=SONGS)


def source_records(source: Path) -> dict[str, int]:
    """The records in the source, counted independently of dlt."""
    events = 0
    for path in (source / "log_data").rglob("*.json"):
        events += sum(1 for line in path.read_bytes().split(b"\n") if line.strip())
    songs = sum(1 for _ in (source / "song_data").rglob("*.json"))
    return {"events": events, "songs": songs}


def _json_lines_dicts(items: list[FileItemDict]) -> Iterator[list[dict[str, Any]]]:
    """Events as Python objects (dlt's stock path, for comparison): a list per file."""
    for item in items:
        rows = [orjson.loads(line) for line in item.read_bytes().split(b"\n") if line.strip()]
        if rows:
            yield rows


def _json_objects_dicts(items: list[FileItemDict]) -> Iterator[list[dict[str, Any]]]:
    yield [orjson.loads(item.read_bytes()) for item in items]


def dlt_staging_seconds(
    url: str, source: Path, *, arrow: bool = True, loader_file_format: str = "csv"
) -> float:
    """Stage the source with dlt into two tables of a fresh dataset of the database at `url`,
    check every record arrived, drop the dataset; the seconds of the staging itself.

    The defaults are the fastest documented settings; `arrow=False` yields Python objects
    (dlt's normalizer infers the schema), `loader_file_format="insert_values"` is the
    postgres destination's default format: both only to compare."""
    dataset = f"dlt_peer_{os.getpid()}_{time.time_ns()}"
    work = Path(tempfile.mkdtemp(prefix="sparkify-dlt-"))
    bucket = source.resolve().as_uri()
    try:
        with _environment(settings()):
            started = time.monotonic()
            events = filesystem(bucket_url=bucket, file_glob="log_data/**/*.json") | (
                dlt.transformer(name="events")(_json_lines if arrow else _json_lines_dicts)
            )
            songs = filesystem(bucket_url=bucket, file_glob="song_data/**/*.json") | (
                dlt.transformer(name="songs")(_json_objects if arrow else _json_objects_dicts)
            )
            pipeline = dlt.pipeline(
                pipeline_name="sparkify_peer",
                pipelines_dir=str(work),
                destination=dlt.destinations.postgres(credentials=_credentials(url)),
                dataset_name=dataset,
            )
            info = pipeline.run([events, songs], loader_file_format=loader_file_format)  # type: ignore[arg-type]
            info.raise_on_failed_jobs()
            seconds = time.monotonic() - started
        _check(url, dataset, source_records(source))
    finally:
        _drop(url, dataset)
        shutil.rmtree(work, ignore_errors=True)
    return seconds


def _credentials(url: str) -> PostgresCredentials:
    """dlt's credentials for `url`. dlt requires a host and a password; a unix-socket URL
    (`postgresql://user@/db?host=/socket/dir`, as the embedded server and tests/pg15.py give)
    gets a placeholder one, which libpq overrides with the query's `host`."""
    credentials = PostgresCredentials()
    credentials.parse_native_representation(url)
    if not credentials.host and credentials.query and "host" in credentials.query:
        credentials.host = "localhost"
    if credentials.password is None:  # trust or peer authentication: dlt requires the field
        credentials.password = ""
    return credentials


def _check(url: str, dataset: str, expected: dict[str, int]) -> None:
    with psycopg.connect(url) as conn:
        loaded: dict[str, Any] = {}
        for table in expected:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(dataset, table))
            row = conn.execute(query).fetchone()
            loaded[table] = row[0] if row else None
    if loaded != expected:
        raise RuntimeError(f"dlt loaded {loaded} rows, the source has {expected} records")


def _drop(url: str, dataset: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(dataset)))


if __name__ == "__main__":
    print(f"{dlt_staging_seconds(sys.argv[1], Path(sys.argv[2])):.3f}")
