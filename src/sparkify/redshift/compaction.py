"""Compaction of a load's new song files (optional: `compact_songs`): Redshift reads files of
1 MB to 1 GB best, and the Udacity layout is one object of ~300 bytes per song. The worker
reads each song file the load stages from the source once and writes its records as gzip
JSON-lines parts of at most `PART_BYTES` uncompressed, under
`<state>/loads/<load_id>/songs/part-0000.json.gz`; the songs COPY reads the parts from a
manifest of their own. The source is only read.

Each record keeps its file and line: `source_key` and `line_number` are added as fields of
the object (copy_songs has those columns; `stage/03_checked_songs` carries them into staging
and quarantine), so the contract's file and line rules hold for songs. The original text of
each field is kept as it was (the two fields are spliced in front of the object's own), so
COPY sees what it would have seen in the source file. A line that is not a JSON object
cannot carry fields: it becomes a record of `source_key`, `line_number`, `bad_reason` (the
contract's reason) and `bad_line` (the line, cut to 64 KiB), which the checks quarantine. A
file that cannot be read (vanished, not gzip, not UTF-8) is rejected whole, as the contract
does, and listed with its reason.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sparkify.records import BadRecord, parse_object
from sparkify.s3 import S3Source
from sparkify.sources import FileReader, SourceFile, UnreadableFile

PART_BYTES = 64 * 1024 * 1024  # uncompressed, per part
RAW_LIMIT = 64 * 1024  # characters of a bad line kept, as the contract's quarantine
CARRIED = ("source_key", "line_number", "bad_reason", "bad_line")  # the fields added


@dataclass
class Part:
    """One compacted part: its key under the state location and what it holds."""

    key: str
    records: int = 0
    files: int = 0
    body: bytearray = field(default_factory=bytearray)  # uncompressed JSON lines


@dataclass
class Compacted:
    parts: list[Part]
    lines: dict[str, int]  # per file compacted: its non-blank lines (records written)
    rejected: dict[str, str]  # files that could not be read, with the contract's reason


def part_key(load_id: int, index: int) -> str:
    return f"loads/{load_id}/songs/part-{index:04d}.json.gz"


def record_line(key: str, number: int, line: str) -> bytes:
    """One compacted JSON line: the object of `line` with its file and line, or a bad
    line's record. `line` as FileReader gives it (a streamed file's keep their "\n")."""
    line = line.removesuffix("\n")
    try:
        value = parse_object(line)
    except BadRecord as bad:
        carried = {
            "source_key": key,
            "line_number": number,
            "bad_reason": str(bad),
            "bad_line": line[:RAW_LIMIT],
        }
        return json.dumps(carried, ensure_ascii=False).encode()
    head = json.dumps({"source_key": key, "line_number": number})[:-1]
    if any(name in value for name in CARRIED):  # the source's own would clash: ours win
        kept = {k: v for k, v in value.items() if k not in CARRIED}
        body = json.dumps(kept, ensure_ascii=False)[1:]
    else:
        body = line.strip()[1:]
    return (head + (", " if value and not body.startswith("}") else "") + body).encode()


def compact(
    source: S3Source, files: Sequence[SourceFile], load_id: int, part_bytes: int = PART_BYTES
) -> Compacted:
    """The records of `files` (song files) as parts of at most `part_bytes` uncompressed
    (a record larger than that is a part of its own)."""
    parts: list[Part] = []
    lines: dict[str, int] = {}
    rejected: dict[str, str] = {}
    for file in files:
        try:
            records = list(_records(source, file))
        except UnreadableFile as unreadable:
            rejected[file.key] = str(unreadable)
            continue
        lines[file.key] = len(records)
        counted = False
        for record in records:
            if not parts or (parts[-1].body and len(parts[-1].body) + len(record) > part_bytes):
                parts.append(Part(part_key(load_id, len(parts))))
                counted = False
            part = parts[-1]
            part.body += record
            part.records += 1
            if not counted:
                part.files += 1
                counted = True
    return Compacted(parts, lines, rejected)


def _records(source: S3Source, file: SourceFile) -> Iterator[bytes]:
    for number, line in FileReader(source.open(file.key), file.key):
        yield record_line(file.key, number, line) + b"\n"


def gzipped(part: Part) -> bytes:
    return gzip.compress(bytes(part.body), compresslevel=6, mtime=0)
