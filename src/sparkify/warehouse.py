"""The warehouse driver: PostgreSQL (embedded or existing) through psycopg 3.

Everything above this module speaks in SQL file names and parameters; only this module knows
how to connect, how to run a file, and which failures are worth a retry.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from urllib.parse import unquote

import psycopg
from psycopg import sql as pgsql

from sparkify.config import WAREHOUSE_URL_ENV, state_home
from sparkify.errors import WarehouseError, disk_full
from sparkify.sqlfiles import Executor, Rows, RunTime, bind, file_statements, run_file

LOG = logging.getLogger("sparkify.sql")
Params = Mapping[str, Any] | None
Db = psycopg.Connection | Executor  # where a file runs: a connection, or the plan printer

CONNECT_TIMEOUT_SECONDS = 10
# The oldest PostgreSQL the warehouse supports (server_version_num). The tests run on 15 and
# on the embedded 18; nothing in sql/ needs more than 13.
MIN_SERVER_VERSION = 130000


def mask_url(url: str) -> str:
    """The URL with any password replaced by ***, fit for logs and summaries."""
    url = re.sub(r"(://[^:/@?]*:)[^@/?]+@", r"\1***@", url)
    return re.sub(r"(password=)[^&\s]*", r"\1***", url)


def split_password(url: str) -> tuple[str, str | None]:
    """The URL without its password, and the password (None when it has none)."""
    match = re.match(r"^(\w+://[^:/@?]*):([^@/?]+)@(.*)$", url)
    if not match:
        return url, None
    user_part, password, rest = match.groups()
    return f"{user_part}@{rest}", unquote(password)


def resolve_url(url: str | None) -> str:
    """`url`, else $SPARKIFY_WAREHOUSE_URL, else the embedded server in the state folder."""
    chosen = url or os.environ.get(WAREHOUSE_URL_ENV)
    if chosen:
        return chosen
    from sparkify.embedded import embedded_url

    return embedded_url(state_home())


def refuse_old_server(conn: psycopg.Connection, where: str) -> None:
    """One clear line for a server older than the SQL was written for (read from the
    connection's start-up parameters: no query)."""
    version = conn.info.server_version
    if version < MIN_SERVER_VERSION:
        major, minor = divmod(version, 10000)
        found = f"{major}.{minor}" if major >= 10 else f"{major}.{minor // 100}.{minor % 100}"
        raise WarehouseError(
            f"warehouse {where} runs PostgreSQL {found}; sparkify needs PostgreSQL "
            f"{MIN_SERVER_VERSION // 10000} or newer"
        )


class Warehouse:
    """A PostgreSQL database holding staging, manifest and the published star schema."""

    def __init__(self, url: str) -> None:
        if not url.startswith(("postgresql://", "postgres://")):
            raise WarehouseError(f"unsupported warehouse URL {mask_url(url)}: use postgresql://")
        self.url = url

    def __str__(self) -> str:
        return mask_url(self.url)

    @contextmanager
    def connect(
        self, *, autocommit: bool = False, application_name: str = "sparkify"
    ) -> Iterator[psycopg.Connection]:
        """A connection whose transaction commits when the block ends without error.

        A full disk met in the block ends it as a WarehouseError saying so."""
        with self.open(autocommit=autocommit, application_name=application_name) as conn:
            try:
                yield conn
            except psycopg.errors.DiskFull as error:
                raise disk_full(error) from error

    def open(
        self, *, autocommit: bool = False, application_name: str = "sparkify", **libpq: Any
    ) -> psycopg.Connection:
        """A new connection, which the caller closes; `libpq`: extra connection parameters."""
        try:
            conn = psycopg.connect(
                self.url,
                autocommit=autocommit,
                connect_timeout=CONNECT_TIMEOUT_SECONDS,
                application_name=application_name,
                cursor_factory=psycopg.ClientCursor,
                **libpq,
            )
        except psycopg.OperationalError as error:
            reason = str(error).strip().splitlines()[-1] if str(error).strip() else "no answer"
            raise WarehouseError(f"cannot connect to warehouse {self}: {reason}") from error
        try:
            refuse_old_server(conn, str(self))
        except WarehouseError:
            conn.close()
            raise
        return conn

    @staticmethod
    def run(db: psycopg.Connection | Executor, name: str, params: Params = None) -> Rows:
        """Run `sql/<name>.sql` (one or more statements) on a connection, or on any executor
        (the plan printer): the last statement's rows."""
        return run_file(_executor(db), name, params)

    rows = run

    @staticmethod
    def run_many(
        db: psycopg.Connection | Executor, name: str, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        """The (single) statement of `sql/<name>.sql` once per row of parameters, sent as one
        text: one round trip for a batch's manifest entries."""
        if not rows:
            return
        executor = _executor(db)
        (statement,) = file_statements(name)
        executor.execute(";\n".join(bind(statement, row, executor.literal) for row in rows))

    @staticmethod
    def copy(conn: psycopg.Connection, name: str) -> AbstractContextManager[psycopg.Copy]:
        """`COPY … FROM STDIN`, the (single) statement of `sql/<name>.sql`: its rows are
        written to the returned copy."""
        (statement,) = file_statements(name)
        LOG.debug("sql: %s", statement)
        return conn.cursor().copy(statement)

    @staticmethod
    def cursor(conn: psycopg.Connection, name: str, params: Params = None) -> Any:
        """The cursor of the last statement of `sql/<name>.sql` (its `description` names the
        columns of a table to print)."""
        session = Session(conn)
        *first, last = file_statements(name)
        for statement in first:
            session.execute(bind(statement, params or {}, session.literal))
        statement = bind(last, params or {}, session.literal)
        LOG.debug("sql: %s", statement)
        return conn.execute(statement)


class Session:
    """The PostgreSQL executor: bound statements sent on a psycopg connection, as text (the
    literals psycopg's own adapters write), so a printed plan and a run send the same text."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    def literal(self, value: Any) -> str:
        return postgres_literal(value, self.conn)

    def execute(self, statement: str) -> Rows:
        LOG.debug("sql: %s", statement)
        cursor = self.conn.execute(statement)
        return cursor.fetchall() if cursor.description else []


def postgres_literal(value: Any, conn: psycopg.Connection | None = None) -> str:
    """A PostgreSQL literal for a Python value, as psycopg writes it (lists as arrays)."""
    if isinstance(value, RunTime):
        raise WarehouseError(f":{value.name} is known only when the load runs")
    return pgsql.Literal(value).as_string(conn)


def _executor(db: psycopg.Connection | Executor) -> Executor:
    return Session(db) if isinstance(db, psycopg.Connection) else db
