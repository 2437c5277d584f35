"""What a Redshift load writes to its state location (never to the source), under
`loads/<load_id>/`: for each kind and compression a COPY manifest listing exactly the files to
stage (`"mandatory": true`, so a missing file fails the COPY instead of being skipped), the list
of the load's files for the manifest table (with the reason of a file rejected before the COPY,
which no manifest lists, and, for a compacted song file, its lines); and the JSONPaths file of
the events. With `compact_songs`, the song files' records are written as gzip JSON-lines
parts (`sparkify.redshift.compaction`) and the songs manifest lists the parts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import orjson

from sparkify.config import SQL_DIR
from sparkify.redshift.compaction import PART_BYTES, compact, gzipped
from sparkify.redshift.state import StateStore
from sparkify.s3 import S3Source
from sparkify.sources import Kind, SourceFile

JSONPATHS = SQL_DIR / "redshift" / "events.jsonpaths"


@dataclass(frozen=True)
class CopyManifest:
    """One COPY: files of one kind, all gzip or all plain."""

    kind: Kind
    url: str
    gzip: bool
    files: int
    parts: dict[str, int] | None = None  # compacted: each part's URL and records


@dataclass(frozen=True)
class LoadObjects:
    files_url: str
    jsonpaths_url: str
    manifests: list[CopyManifest]
    rejected: dict[str, str]  # files left out of the manifests, with the reason


def write_load_objects(
    state: StateStore,
    source: S3Source,
    load_id: int,
    files: Sequence[SourceFile],
    rejected: Mapping[str, str],
    *,
    compact_songs: bool = False,
    part_bytes: int = PART_BYTES,
) -> LoadObjects:
    """Write the load's manifests (of `source`'s files but the `rejected` ones), file list and
    JSONPaths; their URLs. `compact_songs`: the song files are read and written as parts."""
    folder = f"loads/{load_id}"
    rejected = dict(rejected)
    manifests = []
    lines: dict[str, int] = {}
    if compact_songs:
        songs = [f for f in files if f.kind == "songs" and f.key not in rejected]
        compacted = compact(source, songs, load_id, part_bytes)
        rejected |= compacted.rejected
        lines = compacted.lines
        entries, written = [], {}
        for part in compacted.parts:
            body = gzipped(part)
            url = state.write_data(
                part.key,
                body,
                f"gzip JSON lines: {part.records} records of {part.files} song files, "
                f"{len(part.body)} bytes, {len(body)} gzipped",
            )
            written[url] = part.records
            entries.append({"url": url, "mandatory": True, "meta": {"content_length": len(body)}})
        if entries:
            url = state.write(
                f"{folder}/songs-compacted.manifest",
                orjson.dumps({"entries": entries}, option=orjson.OPT_INDENT_2),
            )
            manifests.append(CopyManifest("songs", url, True, len(entries), written))
    listing = b"".join(
        orjson.dumps(
            {
                "source_key": f.key,
                "kind": f.kind,
                "size": f.size,
                "fingerprint": f.fingerprint,
                "reason": rejected.get(f.key),
                "lines": lines.get(f.key),
            }
        )
        + b"\n"
        for f in files
    )
    files_url = state.write(f"{folder}/files.json", listing)
    jsonpaths_url = state.write("events.jsonpaths", JSONPATHS.read_bytes())
    kinds: tuple[Kind, ...] = ("events",) if compact_songs else ("events", "songs")
    for kind in kinds:
        for gzip in (False, True):
            chosen = [
                f
                for f in files
                if f.kind == kind and f.key.endswith(".gz") == gzip and f.key not in rejected
            ]
            if not chosen:
                continue
            name = f"{kind}{'-gzip' if gzip else ''}.manifest"
            url = state.write(f"{folder}/{name}", manifest(source, chosen))
            manifests.append(CopyManifest(kind, url, gzip, len(chosen)))
    return LoadObjects(files_url, jsonpaths_url, manifests, rejected)


def manifest(source: S3Source, files: Sequence[SourceFile]) -> bytes:
    """A Redshift COPY manifest: every file by URL, mandatory, with its length."""
    entries = [
        {"url": source.url_of(f.key), "mandatory": True, "meta": {"content_length": f.size}}
        for f in files
    ]
    return orjson.dumps({"entries": entries}, option=orjson.OPT_INDENT_2)
