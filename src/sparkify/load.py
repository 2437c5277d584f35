"""The steps of one load, each a plain function on a connection (Prefect-free).

A load is all or nothing: its rows are staged under a new load_id that no published table
reads, the star schema is built in the audit schema, and `publish` applies it in one
transaction. A run that fails, or is killed, leaves rows that the next run discards.

The star is built one of two ways. A load that only adds event files is built as a *delta*:
the audit schema holds just the rows it adds or changes, the gate checks those, and publish
inserts them into the published tables; its work grows with the new files, not with the
warehouse. Any other load (song files, a changed file, a full refresh, the first load)
rebuilds every star table from all current staged rows and publish swaps them in.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

import psycopg

from sparkify.build_plan import BuildMode, Step, published_tables
from sparkify.config import ErrorBudget
from sparkify.errors import DataError, PublishBlocked
from sparkify.lock import HeldLock, LoadLock, confirm, fence
from sparkify.sources import Source, SourceFile
from sparkify.sqlfiles import Identifier, sql_group
from sparkify.warehouse import Db, Warehouse

PUBLISH_LOCK_TIMEOUT = "300ms"  # the longest a publish queues for a lock readers may need
PUBLISH_PAUSE_SECONDS = (0.5, 10.0)  # between publish attempts: the first pause, the longest
# Per build: how publish locks the published tables, and the lock modes that conflict with it.
PUBLISH_LOCKS: dict[BuildMode, tuple[str, list[str]]] = {
    "full": (
        "publish/04_lock_published",
        [
            "AccessShareLock",
            "RowShareLock",
            "RowExclusiveLock",
            "ShareUpdateExclusiveLock",
            "ShareLock",
            "ShareRowExclusiveLock",
            "ExclusiveLock",
            "AccessExclusiveLock",
        ],
    ),
    "delta": (
        "delta/lock",
        ["ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"],
    ),
}
Log = logging.Logger | logging.LoggerAdapter[Any]


def prepare(conn: Db) -> None:
    """Create what is missing (idempotent DDL) and discard any load a crash left behind."""
    for name in [*sql_group("schema"), *sql_group("star")]:
        Warehouse.run(conn, name)
    discard_unpublished(conn, "abandoned", "the run stopped before it published")


def discard_unpublished(conn: Db, status: str, message: str) -> None:
    Warehouse.run(conn, "load/discard_unpublished", {"status": status, "message": message})


def begin(conn: Db, source: str, full_refresh: bool) -> int:
    """Register a new load and return its id."""
    rows = Warehouse.rows(conn, "load/begin", {"source": source, "full_refresh": full_refresh})
    load_id: int = rows[0][0]  # a plan's is a sqlfiles.RunTime
    return load_id


def select_files(
    conn: Db,
    source: Source,
    files: Sequence[SourceFile],
    *,
    since: date | None,
    until: date | None,
    full_refresh: bool,
) -> list[SourceFile]:
    """The files this load must stage: in the date range, and new or changed (or all).

    Only files the warehouse already holds are fingerprinted here, to see whether they
    changed, and of those only the ones whose stat signature differs from the one recorded
    when they were loaded (sparkify.sources: such a file has not been written since); one
    that hashes as recorded gets its new signature. A new file is hashed while it is staged."""
    in_range = in_window(files, since, until)
    if full_refresh:
        return in_range
    rows = Warehouse.rows(conn, "load/manifest")
    loaded = {key: (fingerprint, stat) for key, fingerprint, stat in rows}
    new = [f for f in in_range if f.key not in loaded]
    known = [f for f in in_range if f.key in loaded]
    suspect = source.fingerprinted(
        [f for f in known if f.stat is None or f.stat != loaded[f.key][1]]
    )
    changed = [f for f in suspect if loaded[f.key][0] != f.fingerprint]
    _refresh_stats(conn, [f for f in suspect if f.stat and loaded[f.key][0] == f.fingerprint])
    return sorted(new + changed, key=lambda f: f.key)


def _refresh_stats(conn: Db, unchanged: Sequence[SourceFile]) -> None:
    """Record the stat signature of files hashed as unchanged: without it, a source whose
    files were once touched or copied back is hashed whole on every later load (100,000
    song files: 1.3 s of every run)."""
    if unchanged:
        Warehouse.run(
            conn,
            "load/refresh_stat",
            {
                "keys": [f.key for f in unchanged],
                "fingerprints": [f.fingerprint for f in unchanged],
                "stats": [f.stat for f in unchanged],
            },
        )


def in_window(
    files: Sequence[SourceFile], since: date | None, until: date | None
) -> list[SourceFile]:
    """Every song file, and the event files whose day is within [since, until]."""
    return [f for f in files if f.kind == "songs" or _in_range(f, since, until)]


def _in_range(file: SourceFile, since: date | None, until: date | None) -> bool:
    if since is None and until is None:
        return True
    day = file.day
    if day is None:
        return False
    return (since is None or day >= since) and (until is None or day <= until)


def pending_keys(conn: Db, load_id: int) -> set[str]:
    """Files the running load already staged: a retried staging task resumes after them."""
    return {key for (key,) in Warehouse.rows(conn, "load/pending_keys", {"load_id": load_id})}


def check_budget(conn: Db, load_id: int, budget: ErrorBudget) -> float:
    """Fail the load when it quarantined more than the budget allows, naming the worst file;
    else the share of the budget it used."""
    rows = Warehouse.rows(conn, "load/bad_records_by_file", {"load_id": load_id})
    return enforce_budget(rows, budget)


def enforce_budget(rows: Sequence[tuple[Any, ...]], budget: ErrorBudget) -> float:
    """`rows`: at most one (worst file, its bad records, the load's bad, the load's read).
    Returns the share of the budget used (1.0: all of it)."""
    if not rows:
        return 0.0
    worst_key, worst_bad, bad, read = rows[0]
    if not budget.allows(int(bad), int(read)):
        raise DataError(
            f"{bad} of {read} records are bad, over the --max-errors budget of {budget}; "
            f"worst file: {worst_key} ({worst_bad} bad records, see table quarantine)"
        )
    allowance = budget.allowance(int(read))
    return int(bad) / allowance if allowance else 0.0


def stage_counts(conn: Db, load_id: int) -> dict[str, tuple[int, int, int]]:
    """Per kind: (files, rows staged, rows quarantined) of the running load."""
    rows = Warehouse.rows(conn, "load/stage_counts", {"load_id": load_id})
    return {kind: (int(f), int(s), int(q)) for kind, f, s, q in rows}


def choose_mode(conn: Db, load_id: int) -> BuildMode:
    """Full or delta, decided once, before anything is built (see sql/delta/eligible.sql)."""
    fence(conn, load_id)
    ready = Warehouse.rows(conn, "delta/ready")[0][0]
    eligible = ready and Warehouse.rows(conn, "delta/eligible", {"load_id": load_id})[0][0]
    return "delta" if eligible else "full"


def begin_build(conn: Db, load_id: int, mode: BuildMode) -> None:
    """A fresh audit schema; for a delta, its scope (the load's own rows, under the names the
    build files read); for a full build, fresh statistics on what they read."""
    Warehouse.run(conn, "audit/create_schema")
    if mode == "delta":
        Warehouse.run(conn, "delta/scope", {"load_id": load_id})
        Warehouse.run(conn, "delta/level_events")
    else:
        Warehouse.run(conn, "audit/analyze_staging")
    Warehouse.run(conn, "load/count_nulls", {"load_id": load_id})  # see null_shares


def build_step(conn: Db, load_id: int, step: Step, mode: BuildMode) -> None:
    """Build one table of the plan in the audit schema, in the connection's transaction: its
    DDL, its files (and the bookkeeping a delta build will need), then, in a full build, its
    primary key and statistics. What a retried step made before is dropped first; the
    transaction commits only while the load still runs (see lock.fence)."""
    fence(conn, load_id)
    for table in step.makes:
        Warehouse.run(conn, "audit/drop_table", {"table": Identifier("sparkify_audit", table)})
    Warehouse.run(conn, "audit/enter")
    if step.published:
        Warehouse.run(conn, f"star/{step.table}")
    for name in (*step.files, *step.bookkeeping):
        Warehouse.run(conn, name)
    if mode == "full" and step.key:
        Warehouse.run(
            conn,
            "audit/finish_table",
            {"table": Identifier(step.table), "key": Identifier.listed(step.key)},
        )


def vacuum_table(conn: Db, table: str) -> None:
    """VACUUM an audit table on an autocommit connection, once its build committed."""
    Warehouse.run(conn, "audit/vacuum_table", {"table": Identifier("sparkify_audit", table)})


def publish(
    conn: psycopg.Connection,
    mode: BuildMode,
    load_id: int,
    lock: LoadLock,
    patience: float,
    log: Log,
) -> None:
    """Apply the audited tables and make the load's files the manifest, in one transaction.

    Readers must not queue behind a publish that queues behind a long query: its locks on the
    published tables wait at most PUBLISH_LOCK_TIMEOUT, then the transaction rolls back and
    is tried again after a growing pause, until `patience` seconds have passed."""
    started, attempt = time.monotonic(), 0
    while True:
        attempt += 1
        try:
            _publish_once(conn, mode, load_id, lock)
            return
        except psycopg.errors.LockNotAvailable:
            conn.rollback()
        holders = lock_holders(conn, mode)
        left = patience - (time.monotonic() - started)
        if left <= 0:
            raise PublishBlocked(f"publish gave up after {patience:g} s: {holders}")
        pause = min(left, _pause(attempt))
        log.warning("publish waits for its locks: %s; trying again in %.1f s", holders, pause)
        time.sleep(pause)


def _publish_once(conn: Db, mode: BuildMode, load_id: int, lock: HeldLock) -> None:
    """One attempt; the published tables are locked last, so readers wait the least."""
    confirm(conn, lock, load_id)
    for name in [
        "publish/01_prune_staging",
        "publish/source_days",
        "publish/02_manifest",
        "publish/03_statistics",
        "audit/lock",
    ]:
        Warehouse.run(conn, name)
    Warehouse.run(conn, "publish/lock_timeout", {"lock_timeout": PUBLISH_LOCK_TIMEOUT})
    tables = {"tables": published_tables(mode)}
    Warehouse.run(conn, PUBLISH_LOCKS[mode][0], tables)
    if mode == "full":
        Warehouse.run(conn, "publish/05_swap_tables", tables)
    else:
        Warehouse.run(conn, "delta/publish")


def _pause(attempt: int) -> float:
    """Exponential, capped, with jitter: publish retries do not beat in step with readers."""
    first, longest = PUBLISH_PAUSE_SECONDS
    return min(longest, first * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)


def lock_holders(conn: psycopg.Connection, mode: BuildMode) -> str:
    """Who holds the published tables against this publish, for its log and its message.
    Read in a transaction of its own, ended at once."""
    params = {"modes": PUBLISH_LOCKS[mode][1], "tables": published_tables(mode)}
    rows = Warehouse.rows(conn, "publish/blockers", params)
    conn.rollback()
    by_table: dict[str, list[str]] = {}
    for table, pid, application, state, seconds, query in rows[:5]:
        by_table.setdefault(table, []).append(
            f"pid {pid} (application {application!r}, {state}, query started {seconds:.0f} s "
            f"ago: {query})"
        )
    if not by_table:
        return "the locks it needs were held by a session that has ended since"
    return "; ".join(f"{table} is held by {', '.join(who)}" for table, who in by_table.items())


def table_counts(conn: Db) -> dict[str, int]:
    return {name: int(count) for name, count in Warehouse.rows(conn, "ops/table_counts")}
