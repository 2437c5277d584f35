"""What a Redshift load stages and from where: the file choice against the manifest, and the
S3 source COPY reads. The steps of the load itself are sparkify.redshift.engine's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sparkify.errors import SparkifyError
from sparkify.load import in_window
from sparkify.s3 import S3Source
from sparkify.sources import SourceFile

MAX_ERROR_LIMIT = 100_000  # the largest MAXERROR Redshift takes


@dataclass(frozen=True)
class Loaded:
    """A file the published warehouse holds."""

    fingerprint: str
    load_id: int


def choose_files(
    listed: Sequence[SourceFile],
    loaded: Mapping[str, Loaded],
    *,
    since: date | None,
    until: date | None,
    full_refresh: bool,
) -> tuple[list[SourceFile], set[str]]:
    """The files to stage, and the published files whose rows go without a new version.

    New and changed files in the date range; with a changed file, every other file of its load
    too (staged rows know their load, not their file). A file of such a load that is no longer
    in the source loses its rows."""
    in_range = in_window(listed, since, until)
    if full_refresh:
        return in_range, set(loaded) - {f.key for f in in_range}
    changed = [
        f for f in in_range if f.key in loaded and loaded[f.key].fingerprint != f.fingerprint
    ]
    reopened = {loaded[f.key].load_id for f in changed}
    chosen = {f.key: f for f in in_range if f.key not in loaded}
    chosen |= {f.key: f for f in listed if f.key in loaded and loaded[f.key].load_id in reopened}
    dropped = {key for key, old in loaded.items() if old.load_id in reopened} - set(chosen)
    return sorted(chosen.values(), key=lambda f: f.key), dropped


def allows_delta(
    files: Sequence[SourceFile], loaded: Mapping[str, Loaded], *, full_refresh: bool
) -> bool:
    """Whether the chosen files allow a delta build, by PostgreSQL's rule (sql/delta/eligible.sql):
    a published warehouse, and a load that only adds event files (no song file, no file staged
    again, no full refresh). The run and the plan decide it alike, from the file choice; the
    rule's other half, no new event already a published songplay, is asked of the staged rows
    (redshift/delta/repeated_plays)."""
    return (
        bool(loaded)
        and not full_refresh
        and all(f.kind == "events" and f.key not in loaded for f in files)
    )


def redshift_source(spec: str | None, client: Any, iam_role: str | None) -> S3Source:
    """The S3 source a Redshift load COPYs from; a clear error for what COPY cannot do."""
    if not iam_role:
        raise SparkifyError("a Redshift load needs --iam-role (or iam_role in the profile)")
    if not (spec or "").startswith("s3://"):
        raise SparkifyError("Redshift loads with COPY from S3: give --source s3://bucket/prefix")
    return S3Source(str(spec), client)
