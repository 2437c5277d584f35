"""Where a Redshift load's statements go: to the cluster, or printed as the plan.

Both take the same statements in the same order; the load's code cannot tell them apart,
which is what makes `--dry-run` an honest preview.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Protocol, TextIO

from sparkify.errors import DataError, WarehouseError
from sparkify.sqlfiles import sql
from sparkify.sqltext import bind, statements


class Session(Protocol):
    def execute(self, statement: str) -> list[tuple[Any, ...]]:
        """Send one statement; its rows (none for a plan)."""
        ...


def run_file(session: Session, name: str, params: Mapping[str, Any] | None = None) -> None:
    """Send every statement of `sql/<name>.sql`, placeholders bound."""
    for statement in statements(sql(name)):
        session.execute(bind(statement, params or {}).rstrip())


def query_file(
    session: Session, name: str, params: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """The rows of the (single) statement of `sql/<name>.sql`."""
    (statement,) = statements(sql(name))
    return session.execute(bind(statement, params or {}))


class PlanPrinter:
    """The --dry-run session: writes each statement, ending with `;`, and returns no rows."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def execute(self, statement: str) -> list[tuple[Any, ...]]:
        self.out.write(f"{statement};\n")
        return []


class ClusterSession:
    """Statements sent to Redshift on an autocommit connection. A failure names the statement;
    the load that sent it rolls its transaction back (redshift/load/rollback)."""

    def __init__(self, conn: Any, log: logging.Logger | logging.LoggerAdapter[Any]) -> None:
        self.cursor = conn.cursor()
        self.log = log

    def execute(self, statement: str) -> list[tuple[Any, ...]]:
        self.log.debug("redshift: %s", statement.split("\n", 1)[0])
        try:
            self.cursor.execute(statement)
        except Exception as error:
            reason = " ".join(str(error).split())
            if statement.startswith("COPY"):
                raise DataError(
                    f"{statement.splitlines()[0]} failed: {reason} "
                    "(rejected lines: stl_load_errors)"
                ) from error
            raise WarehouseError(
                f"Redshift refused {statement.splitlines()[0]!r}: {reason}"
            ) from error
        return list(self.cursor.fetchall()) if self.cursor.description else []
