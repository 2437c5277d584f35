"""The steps of one Redshift load, sent to a Session (the cluster, or the --dry-run printer).

DDL, then one transaction: lock the manifest, choose the new or changed files, write their
COPY manifests to S3, COPY them into temporary tables, quarantine what COPY and the checks
reject, replace the staged rows of the loads they supersede, rebuild the star tables with
the shared transform SQL, check the keys, record the files, COMMIT.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sparkify.config import SQL_DIR, ErrorBudget
from sparkify.errors import DataError, SparkifyError
from sparkify.load import enforce_budget, in_window
from sparkify.redshift.objects import write_load_objects
from sparkify.redshift.session import Session, query_file, run_file
from sparkify.s3 import S3Source
from sparkify.sources import SourceFile
from sparkify.sqlfiles import sql_group
from sparkify.sqltext import Keyword

MAX_ERROR_LIMIT = 100_000  # the largest MAXERROR Redshift takes


@dataclass(frozen=True)
class Loaded:
    """A file the published warehouse holds."""

    fingerprint: str
    load_id: int


@dataclass
class RedshiftLoad:
    load_id: int
    staged: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # as LoadSummary's
    published: dict[str, int] = field(default_factory=dict)  # rows per table after the load


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


def redshift_source(spec: str | None, client: Any, iam_role: str | None) -> S3Source:
    """The S3 source a Redshift load COPYs from; a clear error for what COPY cannot do."""
    if not iam_role:
        raise SparkifyError("a Redshift load needs --iam-role (or iam_role in the profile)")
    if not (spec or "").startswith("s3://"):
        raise SparkifyError("Redshift loads with COPY from S3: give --source s3://bucket/prefix")
    return S3Source(str(spec), client)


def transform_steps() -> list[str]:
    """The shared transform files, each replaced by its Redshift twin where one exists."""
    steps = []
    for name in sql_group("transform"):
        twin = f"redshift/{name}"
        steps.append(twin if (SQL_DIR / f"{twin}.sql").exists() else name)
    return steps


def run_load(
    session: Session,
    source: S3Source,
    *,
    iam_role: str,
    budget: ErrorBudget,
    since: date | None = None,
    until: date | None = None,
    full_refresh: bool = False,
    log: logging.Logger | logging.LoggerAdapter[Any],
) -> RedshiftLoad:
    """One load of `source` into Redshift through `session`, all or nothing."""
    result = RedshiftLoad(load_id=time.time_ns() // 1_000_000)
    for name in [*sql_group("redshift/schema"), *sql_group("redshift/star")]:
        run_file(session, name)
    run_file(session, "redshift/load/01_begin")
    try:
        _load(session, source, result, iam_role, budget, since, until, full_refresh, log)
    except BaseException:
        with suppress(Exception):  # the connection may be gone: the server rolled back then
            run_file(session, "redshift/load/rollback")
        raise
    result.published = {name: int(count) for name, count in query_file(session, "ops/table_counts")}
    return result


def _load(
    session: Session,
    source: S3Source,
    result: RedshiftLoad,
    iam_role: str,
    budget: ErrorBudget,
    since: date | None,
    until: date | None,
    full_refresh: bool,
    log: logging.Logger | logging.LoggerAdapter[Any],
) -> None:
    loaded = {
        key: Loaded(fingerprint, int(load_id))
        for key, fingerprint, load_id in query_file(session, "redshift/load/02_loaded_files")
    }
    listed = source.list_files()
    files, dropped = choose_files(
        listed, loaded, since=since, until=until, full_refresh=full_refresh
    )
    log.info("%d source files found, %d to stage", len(listed), len(files))
    for key in sorted(dropped):
        log.warning("%s is no longer in the source: its rows leave the warehouse", key)
    if not files and not dropped:
        run_file(session, "redshift/load/rollback")
        return
    objects = write_load_objects(source, result.load_id, files)
    params: dict[str, Any] = {
        "load_id": result.load_id,
        "iam_role": iam_role,
        "region": source.region(),
        "source": source.url,
        "source_root": source.url_of(""),
        "files_url": objects.files_url,
        "jsonpaths_url": objects.jsonpaths_url,
        "full_refresh": full_refresh,
        "started_at": datetime.fromtimestamp(result.load_id / 1000, UTC).strftime(
            "%Y-%m-%d %H:%M:%S"
        ),
        "max_errors": min(budget.count if budget.count is not None else MAX_ERROR_LIMIT,
                          MAX_ERROR_LIMIT),
    }  # fmt: skip
    run_file(session, "redshift/load/03_load_files", params)
    run_file(session, "redshift/load/04_replace_loads", params)
    run_file(session, "redshift/stage/01_copy_tables")
    for manifest in objects.manifests:
        log.info("COPY %d %s files listed in %s", manifest.files, manifest.kind, manifest.url)
        compression = Keyword("GZIP" if manifest.gzip else "")
        copy_params = {**params, "manifest_url": manifest.url, "compression": compression}
        run_file(session, f"redshift/stage/copy_{manifest.kind}", copy_params)
        run_file(session, "redshift/stage/copy_errors", params)
    run_file(session, "redshift/stage/02_checked_events", params)
    run_file(session, "redshift/stage/03_checked_songs", params)
    enforce_budget(query_file(session, "redshift/load/05_bad_records", params), budget)
    run_file(session, "redshift/build/01_clear_star")
    for name in transform_steps():
        run_file(session, name)
    checks = query_file(session, "redshift/checks/01_keys")
    failed = [f"{check} ({count})" for check, count in checks if int(count)]
    if failed:
        raise DataError(f"critical checks failed, nothing published: {'; '.join(failed)}")
    result.staged = {
        kind: (int(files), int(rows), int(bad))
        for kind, files, rows, bad in query_file(session, "redshift/load/06_stage_counts", params)
    }
    run_file(session, "redshift/publish/01_commit", params)
