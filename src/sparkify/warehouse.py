"""The warehouse driver: PostgreSQL (embedded or existing) through psycopg 3.

Everything above this module speaks in SQL file names and parameters; only this module knows
how to connect, how to run a file, and which failures are worth a retry.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote

import psycopg

from sparkify.config import WAREHOUSE_URL_ENV, state_home
from sparkify.errors import WarehouseError, disk_full
from sparkify.sqlfiles import sql

CONNECT_TIMEOUT_SECONDS = 10


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
        try:
            conn = psycopg.connect(
                self.url,
                autocommit=autocommit,
                connect_timeout=CONNECT_TIMEOUT_SECONDS,
                application_name=application_name,
                cursor_factory=psycopg.ClientCursor,
            )
        except psycopg.OperationalError as error:
            reason = str(error).strip().splitlines()[-1] if str(error).strip() else "no answer"
            raise WarehouseError(f"cannot connect to warehouse {self}: {reason}") from error
        with conn:
            try:
                yield conn
            except psycopg.errors.DiskFull as error:
                raise disk_full(error) from error

    @staticmethod
    def run(conn: psycopg.Connection, name: str, params: dict[str, Any] | None = None) -> Any:
        """Run `sql/<name>.sql` (one or more statements) and return the last cursor."""
        return conn.execute(sql(name), params)

    @classmethod
    def rows(
        cls, conn: psycopg.Connection, name: str, params: dict[str, Any] | None = None
    ) -> list[tuple[Any, ...]]:
        return cls.run(conn, name, params).fetchall()
