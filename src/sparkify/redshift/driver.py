"""Connect to Redshift with redshift_connector: TLS on by default, the password from the
environment (PGPASSWORD, which the flow fills from a Prefect Secret block), never from a URL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from sparkify.errors import WarehouseError
from sparkify.warehouse import mask_url, split_password

PASSWORD_ENV = "PGPASSWORD"
DEFAULT_PORT = 5439
CONNECT_TIMEOUT_SECONDS = 10  # the connect and log-in only; statements are not bounded here


def is_redshift_url(url: str | None) -> bool:
    return bool(url) and str(url).startswith("redshift://")


def connect_args(url: str) -> dict[str, Any]:
    """redshift_connector.connect() arguments for `redshift://user@host:5439/db[?sslmode=…]`,
    without the password. `sslmode=disable` turns TLS off (a local proxy); anything else keeps
    it on, `verify-full` also checks the host name."""
    if split_password(url)[1] is not None:
        raise WarehouseError(
            f"the warehouse URL {mask_url(url)} carries a password: "
            f"give it through {PASSWORD_ENV} or a Prefect Secret block"
        )
    parts = urlsplit(url)
    database = parts.path.lstrip("/")
    if not (parts.hostname and parts.username and database):
        raise WarehouseError(f"not a Redshift URL: {url!r} (redshift://user@host:5439/db)")
    sslmode = parse_qs(parts.query).get("sslmode", ["verify-ca"])[-1]
    return {
        "host": parts.hostname,
        "port": parts.port or DEFAULT_PORT,
        "database": database,
        "user": unquote(parts.username),
        "ssl": sslmode != "disable",
        "sslmode": "verify-ca" if sslmode == "disable" else sslmode,
        "timeout": CONNECT_TIMEOUT_SECONDS,
        "application_name": "sparkify",
    }


@contextmanager
def connect(url: str) -> Iterator[Any]:
    """An autocommit connection: the load's SQL holds its own BEGIN and COMMIT, so what runs
    is exactly what --dry-run prints. redshift_connector's `timeout` is a socket timeout that
    stays on the socket for every later statement (a COPY longer than it would kill the run):
    it bounds the connect and log-in here, then comes off. A bound on statements, where one is
    wanted, is the server's (statement_timeout, WLM query monitoring rules)."""
    import redshift_connector

    args = connect_args(url)
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        raise WarehouseError(
            f"no password for Redshift user {args['user']}: set "
            f"{PASSWORD_ENV} or give the flow a password_secret"
        )
    try:
        conn = redshift_connector.connect(password=password, **args)
    except Exception as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise WarehouseError(f"cannot connect to warehouse {mask_url(url)}: {reason}") from error
    unbounded(conn)
    conn.autocommit = True
    try:
        yield conn
    finally:
        conn.close()


def unbounded(conn: Any) -> None:
    """Take the connect timeout off the connection's socket (redshift_connector keeps the
    socket as `_usock` and sets `timeout` on it for good; TCP keepalives stay on)."""
    conn._usock.settimeout(None)
