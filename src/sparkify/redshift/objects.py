"""What a Redshift load writes to its state location (never to the source), under
`loads/<load_id>/`: for each kind and compression a COPY manifest listing exactly the files to
stage (`"mandatory": true`, so a missing file fails the COPY instead of being skipped), the list
of the load's files for the manifest table (with the reason of a file rejected before the COPY,
which no manifest lists); and the JSONPaths file of the events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import orjson

from sparkify.config import SQL_DIR
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


@dataclass(frozen=True)
class LoadObjects:
    files_url: str
    jsonpaths_url: str
    manifests: list[CopyManifest]


def write_load_objects(
    state: StateStore,
    source: S3Source,
    load_id: int,
    files: Sequence[SourceFile],
    rejected: Mapping[str, str],
) -> LoadObjects:
    """Write the load's manifests (of `source`'s files but the `rejected` ones), file list and
    JSONPaths; their URLs."""
    folder = f"loads/{load_id}"
    listing = b"".join(
        orjson.dumps(
            {
                "source_key": f.key,
                "kind": f.kind,
                "size": f.size,
                "fingerprint": f.fingerprint,
                "reason": rejected.get(f.key),
            }
        )
        + b"\n"
        for f in files
    )
    files_url = state.write(f"{folder}/files.json", listing)
    jsonpaths_url = state.write("events.jsonpaths", JSONPATHS.read_bytes())
    manifests = []
    for kind in ("events", "songs"):
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
    return LoadObjects(files_url, jsonpaths_url, manifests)


def manifest(source: S3Source, files: Sequence[SourceFile]) -> bytes:
    """A Redshift COPY manifest: every file by URL, mandatory, with its length."""
    entries = [
        {"url": source.url_of(f.key), "mandatory": True, "meta": {"content_length": f.size}}
        for f in files
    ]
    return orjson.dumps({"entries": entries}, option=orjson.OPT_INDENT_2)
