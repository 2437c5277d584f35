"""Where a Redshift load's statements go: to the cluster (`ClusterSession`), or printed as
the plan (sparkify.sqlfiles.PlanPrinter with Redshift's literals).

Both take the same statements in the same order; the load's code cannot tell them apart,
which is what makes `--dry-run` an honest preview.
"""

from __future__ import annotations

import logging
from typing import Any

from sparkify.errors import DataError, WarehouseError
from sparkify.sqlfiles import Executor, redshift_literal

Session = Executor  # a Redshift session: its literals are Redshift's (sqlfiles.redshift_literal)


class ClusterSession:
    """Statements sent to Redshift on an autocommit connection. A failure names the statement;
    the load that sent it rolls its transaction back (redshift/load/rollback)."""

    def __init__(self, conn: Any, log: logging.Logger | logging.LoggerAdapter[Any]) -> None:
        self.cursor = conn.cursor()
        self.log = log

    @staticmethod
    def literal(value: Any) -> str:
        return redshift_literal(value)

    def execute(self, statement: str) -> list[tuple[Any, ...]]:
        self.log.debug("redshift: %s", statement.split("\n", 1)[0])
        try:
            self.cursor.execute(statement)
        except Exception as error:
            reason = " ".join(str(error).split())
            if statement.startswith("COPY"):
                raise DataError(
                    f"{statement.splitlines()[0]} failed: {reason} "
                    "(rejected lines: SYS_LOAD_ERROR_DETAIL)"
                ) from error
            raise WarehouseError(
                f"Redshift refused {statement.splitlines()[0]!r}: {reason}"
            ) from error
        return list(self.cursor.fetchall()) if self.cursor.description else []
