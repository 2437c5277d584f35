"""The warehouse's load lock: one load at a time, held on a connection of its own.

It is a session-level advisory lock, so it dies with its connection: after a network blip or
a DBA's `pg_terminate_backend` the run would carry on without it, beside any run started
meanwhile. A watchdog thread polls the connection; when it dropped, it connects again and
takes the lock back at once. If another load took it first, the lock is lost: the run stops
before publishing, and its writes are fenced (`fence`), since that load discards them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, Protocol

import psycopg

from sparkify.errors import LoadLockLost, WarehouseError
from sparkify.warehouse import Db, Warehouse

APPLICATION = "sparkify-lock"  # the lock connection's name in pg_stat_activity
POLL_SECONDS = 0.25  # how often the watchdog checks the lock connection
RETAKE_WAIT_SECONDS = 10.0  # how long publish waits for a dropped lock to be taken back
WAIT_REPORT_SECONDS = 10.0
# A half-open TCP connection (a cable pulled) must fail the watchdog's poll within seconds.
KEEPALIVE: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 2,
    "keepalives_interval": 1,
    "keepalives_count": 2,
    "tcp_user_timeout": 3000,
}
LOST = (
    "the load lock was lost (its connection dropped) and another load holds it now; "
    "this load stopped before publishing"
)

Log = logging.Logger | logging.LoggerAdapter[Any]


class LoadLock:
    """The lock of one run. Its connection belongs to the watchdog thread once it is taken."""

    def __init__(self, warehouse: Warehouse, log: Log) -> None:
        self._warehouse, self._log = warehouse, log
        self._conn: psycopg.Connection | None = None
        self._pid: int | None = None  # backend holding the lock; None while taking it back
        self._lost = False
        self._stop = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name="load-lock", daemon=True)

    @property
    def lost(self) -> bool:
        """True once another load took the lock while this one's connection was down."""
        return self._lost

    def holder_pid(self) -> int:
        """The backend that holds the lock now, waiting a moment while it is taken back."""
        deadline = time.monotonic() + RETAKE_WAIT_SECONDS
        while True:
            self.check()
            pid = self._pid
            if pid is not None:
                return pid
            if time.monotonic() > deadline:
                raise LoadLockLost(
                    "the load lock's connection dropped and it could not be taken back within "
                    f"{RETAKE_WAIT_SECONDS:g} s; this load stopped before publishing"
                )
            time.sleep(POLL_SECONDS / 5)

    def check(self) -> None:
        """Stop the run when the lock is lost: the other load owns the warehouse now."""
        if self._lost:
            raise LoadLockLost(LOST)

    def acquire(self) -> None:
        """Wait until no other load holds the lock, take it, then start the watchdog."""
        conn = self._connect()
        waited = 0.0
        while not _take(conn):
            if waited % WAIT_REPORT_SECONDS == 0:
                self._log.info(
                    "another load is running on %s; waiting for it to finish", self._warehouse
                )
            time.sleep(1.0)
            waited += 1.0
        self._conn, self._pid = conn, conn.info.backend_pid
        self._watchdog.start()

    def release(self) -> None:
        """Stop the watchdog, then close the connection (which frees the lock)."""
        self._stop.set()
        if self._watchdog.is_alive():
            self._watchdog.join()
        if self._conn is not None:
            with suppress(psycopg.Error):
                self._conn.close()

    def _connect(self) -> psycopg.Connection:
        return self._warehouse.open(autocommit=True, application_name=APPLICATION, **KEEPALIVE)

    def _watch(self) -> None:
        """Poll the connection; take the lock back when it dropped, until the run ends."""
        while not self._stop.wait(POLL_SECONDS) and not self._lost:
            if not _alive(self._conn):
                self._take_back()

    def _take_back(self) -> None:
        """Connect again and take the lock: free, the run goes on; taken, it is lost."""
        self._pid = None
        with suppress(psycopg.Error):
            assert self._conn is not None
            self._conn.close()
        self._log.warning("the load lock's connection dropped; taking the lock back")
        while not self._stop.is_set():
            try:
                conn = self._connect()
                taken = _take(conn)
            except (WarehouseError, psycopg.Error) as error:
                self._log.warning("cannot take the load lock back yet: %s", error)
                self._stop.wait(POLL_SECONDS)
                continue
            self._conn = conn
            if taken:
                self._pid = conn.info.backend_pid
                self._log.info("the load lock is held again")
            else:
                self._lost = True
                self._log.error("%s", LOST)
            return


class HeldLock(Protocol):
    """What publish asks of the load lock: the backend holding it, and whether it was lost."""

    def holder_pid(self) -> int: ...

    def check(self) -> None: ...


def _take(conn: psycopg.Connection) -> bool:
    return bool(Warehouse.rows(conn, "ops/try_lock")[0][0])


def _alive(conn: psycopg.Connection | None) -> bool:
    try:
        assert conn is not None
        conn.execute("SELECT 1")
    except psycopg.Error:
        return False
    return True


@contextmanager
def exclusive_load(warehouse: Warehouse, log: Log) -> Iterator[LoadLock]:
    """Hold the warehouse's load lock for the block: a second run waits, never interleaves."""
    lock = LoadLock(warehouse, log)
    try:
        lock.acquire()
        yield lock
    finally:
        lock.release()


def fence(conn: Db, load_id: int) -> None:
    """Refuse a write of a load that another load discarded (it took the lock meanwhile)."""
    rows = Warehouse.rows(conn, "load/fence", {"load_id": load_id})
    status = rows[0][0] if rows else "missing"
    if status != "running":
        raise LoadLockLost(
            f"load {load_id} was discarded by another load (status {status}) after its lock "
            "was lost; this load stopped before publishing"
        )


def confirm(conn: Db, lock: HeldLock, load_id: int) -> None:
    """Inside the publish transaction: this run's lock connection holds the lock, and its load
    is still running, so nothing can have loaded beside it."""
    held = Warehouse.rows(conn, "ops/lock_held", {"pid": lock.holder_pid()})[0][0]
    if not held:
        lock.check()
        raise LoadLockLost(
            "the load lock's connection dropped as publish began; this load stopped before "
            "publishing"
        )
    fence(conn, load_id)
