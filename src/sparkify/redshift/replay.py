"""A step's transaction, sent again when Redshift cancels it.

Redshift cancels a transaction that concurrent ones made unserializable (ERROR 1023), and its
guide's cure is to run the transaction again; a dropped connection ends it the same way.
Sending the failed statement alone cannot work: this session keeps every statement since
BEGIN and, on a transient failure, rolls back (or connects again), sends them again in order,
then the failed one. Each step of a load is a short transaction of its own, so that is the
step, not the load. What a step reads only its own load writes (the load lease keeps every
other load out), so a step sent again reads what it read before; the one answer that may
change, the lease's holder, is asked again at the next step's heartbeat, which fails the load
if it lost the lease.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from sparkify.errors import is_transient
from sparkify.redshift.session import Session

ATTEMPTS = 3
FIRST_PAUSE_SECONDS = 1.0  # doubled after each failed attempt


class ReplayingSession:
    """A session whose transaction survives a cancellation or a dropped connection."""

    def __init__(
        self,
        session: Session,
        reconnect: Callable[[], Session] | None,
        log: logging.Logger | logging.LoggerAdapter[Any],
        pause: float = FIRST_PAUSE_SECONDS,
    ) -> None:
        self.session = session
        self.reconnect = reconnect  # None: the session stays (a stand-in, or the plan printer)
        self.log = log
        self.pause = pause
        self.sent: list[str] | None = None  # since BEGIN; None: no transaction open

    def literal(self, value: Any) -> str:
        return self.session.literal(value)

    def execute(self, statement: str) -> list[tuple[Any, ...]]:
        if statement == "BEGIN":
            self.sent = []
        try:
            rows = self.session.execute(statement)
        except Exception as error:
            if self.sent is None or not is_transient(error):
                raise
            rows = self._again(statement, error)
        if self.sent is not None:
            self.sent.append(statement)
        if statement in ("COMMIT", "ROLLBACK"):
            self.sent = None
        return rows

    def _again(self, failed: str, error: Exception) -> list[tuple[Any, ...]]:
        """The transaction sent again up to `failed`, then `failed`: its rows."""
        sent = list(self.sent or [])
        for attempt in range(ATTEMPTS):
            self.log.warning(
                "the step's transaction was cancelled (%s); sending its %d statements again",
                " ".join(str(error).split())[:200],
                len(sent),
            )
            time.sleep(self.pause * 2**attempt)
            try:
                self._roll_back()
                for statement in sent:
                    self.session.execute(statement)
                return self.session.execute(failed)
            except Exception as again:
                if not is_transient(again):
                    raise
                error = again
        raise error

    def _roll_back(self) -> None:
        """End the cancelled transaction: ROLLBACK on a live connection, else a new one."""
        try:
            self.session.execute("ROLLBACK")
        except Exception:
            if self.reconnect is None:
                raise
            self.session = self.reconnect()
