"""Stream source files into the staging tables with COPY, quarantining bad records.

Files are staged in batches; each batch's rows, its quarantine rows and its manifest entries
commit together. Memory is bounded by one batch of quarantine rows, never by a file or a tree.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg

from sparkify.drift import Shapes, field_counts
from sparkify.lock import fence
from sparkify.records import BadRecord, RowBuilder, event_row, parse_object, song_row
from sparkify.sources import FileReader, Kind, Source, SourceFile, UnreadableFile
from sparkify.sqlfiles import PlanPrinter, run_time
from sparkify.warehouse import Warehouse

RAW_LIMIT_BYTES = 64 * 1024
BATCH_BYTES = 64 * 1024 * 1024  # a batch (one transaction) ends past this many bytes
BATCH_FILES = 5000  # or this many files: small song files add up slowly
PROGRESS_SECONDS = 5.0

# Per kind of file: the COPY statement and the function that makes its rows.
TARGETS: dict[Kind, tuple[str, RowBuilder]] = {
    "events": ("load/copy_events", event_row),
    "songs": ("load/copy_songs", song_row),
}


@dataclass
class StageResult:
    """What one kind of file contributed to the load."""

    kind: Kind
    files: int = 0
    staged: int = 0
    quarantined: int = 0


@dataclass
class _FileOutcome:
    file: SourceFile
    fingerprint: str = ""
    staged: int = 0
    quarantine: list[tuple[Any, ...]] = field(default_factory=list)
    failed: bool = False


def clip_raw(text: str) -> str:
    """The quarantined line as stored: at most 64 KiB of UTF-8, NUL bytes made visible."""
    data = text.rstrip("\r\n").encode("utf-8")
    if len(data) > RAW_LIMIT_BYTES:
        text = data[:RAW_LIMIT_BYTES].decode("utf-8", errors="ignore")
    else:
        text = text.rstrip("\r\n")
    return text.replace("\x00", "\ufffd")


def stage_files(
    conn: psycopg.Connection,
    source: Source,
    files: Iterable[SourceFile],
    kind: Kind,
    load_id: int,
    log: logging.Logger | logging.LoggerAdapter[Any],
    *,
    total: int,
) -> StageResult:
    """Stage `files` (all of one kind, `total` of them, possibly streamed) for load
    `load_id`, committing batch by batch."""
    result = StageResult(kind)
    started = last_report = time.monotonic()
    for batch in _batches(files):
        outcomes, shapes = _copy_batch(conn, source, batch, kind, load_id)
        _finish_batch(conn, outcomes, load_id, field_counts(kind, shapes))
        conn.commit()
        for outcome in outcomes:
            result.files += 1
            result.staged += outcome.staged
            result.quarantined += len(outcome.quarantine)
        now = time.monotonic()
        if now - last_report >= PROGRESS_SECONDS or result.files == total:
            last_report = now
            rate = result.staged / max(now - started, 1e-9)
            log.info(
                "%s: %d/%d files, %d rows staged, %d quarantined (%.0f rows/s)",
                kind,
                result.files,
                total,
                result.staged,
                result.quarantined,
                rate,
            )
    return result


def _batches(files: Iterable[SourceFile]) -> Iterator[list[SourceFile]]:
    batch: list[SourceFile] = []
    size = 0
    for file in files:
        batch.append(file)
        size += file.size
        if size >= BATCH_BYTES or len(batch) >= BATCH_FILES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _copy_batch(
    conn: psycopg.Connection, source: Source, batch: list[SourceFile], kind: Kind, load_id: int
) -> tuple[list[_FileOutcome], Shapes]:
    """The batch's rows copied; each file's outcome, and the shapes of its records (drift)."""
    copy_statement, build = TARGETS[kind]
    outcomes = []
    shapes: Shapes = {}
    with Warehouse.copy(conn, copy_statement) as copy:
        for file in batch:
            outcome = _FileOutcome(file)
            outcomes.append(outcome)
            try:
                reader = FileReader(source.open(file.key), file.key)
                for number, line in reader:
                    try:
                        record = parse_object(line)
                        shape = tuple(record)
                        shapes[shape] = shapes.get(shape, 0) + 1
                        row = build(record)
                    except BadRecord as bad:
                        outcome.quarantine.append(
                            (file.key, number, load_id, str(bad), clip_raw(line))
                        )
                        continue
                    copy.write_row((file.key, number, load_id, *row))
                    outcome.staged += 1
                outcome.fingerprint = reader.fingerprint
            except UnreadableFile as unreadable:
                outcome.failed = True
                outcome.staged = 0
                outcome.quarantine = [(file.key, None, load_id, str(unreadable), None)]
                # the whole file's fingerprint, so that an unchanged bad file is not reloaded
                outcome.fingerprint = str(source.fingerprinted([file])[0].fingerprint)
    return outcomes, shapes


def _finish_batch(
    conn: psycopg.Connection,
    outcomes: list[_FileOutcome],
    load_id: int,
    fields: Iterable[dict[str, Any]],
) -> None:
    """Quarantine rows, manifest entries and field counts (schema drift) for the batch, in
    the batch's transaction, which commits only while the load is still running (not
    discarded by another load)."""
    fence(conn, load_id)
    failed = [outcome.file.key for outcome in outcomes if outcome.failed]
    if failed:
        Warehouse.run(conn, "load/forget_file_rows", {"load_id": load_id, "keys": failed})
    with Warehouse.copy(conn, "load/copy_quarantine") as copy:
        for outcome in outcomes:
            for row in outcome.quarantine:
                copy.write_row(row)
    with Warehouse.copy(conn, "load/copy_manifest") as copy:
        for outcome in outcomes:
            file = outcome.file
            copy.write_row(
                (
                    file.key,
                    file.kind,
                    file.size,
                    outcome.fingerprint,
                    load_id,
                    outcome.staged,
                    len(outcome.quarantine),
                    file.day,
                    file.stat,
                )
            )
    counts = [{"load_id": load_id, **row} for row in fields if row["records"]]
    Warehouse.run_many(conn, "load/record_drift", counts)


def plan_staging(
    db: PlanPrinter, files: Sequence[SourceFile], kind: Kind, load_id: int
) -> StageResult:
    """--dry-run: what `stage_files` sends for `files`, batch by batch (one transaction
    each), without reading them: the COPY statement and the files whose records it streams,
    then `_finish_batch`'s statements, values known only from the records as `RunTime`."""
    for batch in _batches(files):
        db.comment(
            f"{kind}: a batch of {len(batch)} files ({sum(f.size for f in batch)} bytes), "
            "one COPY row per record line:\n" + "\n".join(f"  {f.key}" for f in batch)
        )
        Warehouse.run(db, TARGETS[kind][0])
        fence(db, load_id)
        db.comment("a file that could not be read: load/forget_file_rows drops its rows")
        db.comment("bad records of the batch, one COPY row each:")
        Warehouse.run(db, "load/copy_quarantine")
        db.comment("the batch's files, one COPY row each (fingerprints, counts from the records):")
        Warehouse.run(db, "load/copy_manifest")
        db.comment("one row per field of the batch's records:")
        Warehouse.run(db, "load/record_drift", run_time("load/record_drift", load_id=load_id))
    return StageResult(kind, files=len(files))
