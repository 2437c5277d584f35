"""What the load's session says when a statement fails: a failed COPY names the COPY and where
its rejected lines are (SYS_LOAD_ERROR_DETAIL: Serverless has no STL views)."""

from __future__ import annotations

import logging

import psycopg
import pytest

from sparkify.errors import DataError, WarehouseError
from sparkify.redshift.session import ClusterSession


def test_a_failed_copy_names_the_copy_and_sys_load_error_detail(pg15_admin_url: str) -> None:
    """PostgreSQL 15 refuses a COPY into a table that does not exist: the error is a DataError
    naming the COPY's first line, the server's reason and SYS_LOAD_ERROR_DETAIL, never an STL
    view; any other refused statement is a WarehouseError naming it."""
    with psycopg.connect(pg15_admin_url, autocommit=True) as conn:
        session = ClusterSession(conn, logging.getLogger("test"))
        with pytest.raises(DataError) as copy_error:
            session.execute("COPY no_such_table\nFROM STDIN")
        message = str(copy_error.value)
        assert message.startswith("COPY no_such_table failed: ")
        assert "no_such_table" in message.split("failed: ", 1)[1]
        assert message.endswith("(rejected lines: SYS_LOAD_ERROR_DETAIL)")
        assert "stl_" not in message.lower()
        with pytest.raises(WarehouseError, match="Redshift refused 'SELECT 1 FROM no_such_table'"):
            session.execute("SELECT 1 FROM no_such_table")
