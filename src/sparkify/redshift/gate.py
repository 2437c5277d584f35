"""The quality gate on Redshift: the same GX suites as PostgreSQL, run by sparkify.quality's one
code path, with what differs by engine named here.

- GX's **Redshift datasource** (`great-expectations[redshift]`: sqlalchemy-redshift's dialect
  over psycopg2), made in memory from the committed `warehouse` datasource (same assets and
  batch definitions), on a connection of its own: the audit tables are committed, so it reads
  what the load's session built. Its URL has no password: libpq reads `PGPASSWORD` from the
  environment, where the engine's own connection finds it (sparkify.redshift.driver; the flow
  fills it from a Prefect Secret block). TLS as the driver's: `verify-ca` unless the warehouse
  URL says otherwise, against the Redshift CA bundle that redshift_connector ships.
- The **search path** is set by a statement on every new connection (`redshift/audit/enter`,
  the load's own), not by libpq's `options` start-up parameter, which Redshift is not
  documented to honour; a connection that does not resolve `songs` to the audit table would
  check the published one.
- **Suites**: `VARIANTS` are the suites Redshift runs in a variant of its own
  (gx/expectations/<variant>.json); `NOT_ON_REDSHIFT` the suites of PostgreSQL's bookkeeping
  that a Redshift load does not keep. **Suite parameters** counted by Redshift's own SQL
  (`PARAMETER_QUERIES`; no aggregate FILTER clause on Redshift).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from sparkify import suite_parameters
from sparkify.errors import WarehouseError
from sparkify.redshift.driver import CONNECT_TIMEOUT_SECONDS, PASSWORD_ENV, connect_args
from sparkify.sqlfiles import redshift_literal, run_file
from sparkify.warehouse import Db

GX_DRIVER = "redshift+psycopg2"  # the one scheme GX's RedshiftDatasource accepts
AUDIT_PATH = ["sparkify_audit", "public"]  # what redshift/audit/enter.sql sets
PUBLISHED_PATH = ["public"]  # redshift/audit/leave.sql
PATH_FILES = {
    tuple(AUDIT_PATH): "redshift/audit/enter",
    tuple(PUBLISHED_PATH): "redshift/audit/leave",
}
VARIANTS = {
    # Records the load's checks reject after the COPY have no file nor line (COPY does not
    # report them): the variant drops `source_key` not null and checks that a line has a file.
    "quarantine": "quarantine_redshift",
}
NOT_ON_REDSHIFT = {
    "source_calendar": "the calendar of source days is PostgreSQL's bookkeeping of each listing",
    "null_shares": "null shares per field are counted by PostgreSQL's staging (schema drift); "
    "COPY maps only the contract's fields",
}
PARAMETER_QUERIES: Mapping[str, str] = {
    **suite_parameters.QUERIES,
    "max_quarantined": "redshift/gate/bad_record_totals",
}


def ca_bundle() -> Path:
    """The Redshift CA bundle redshift_connector ships (and verifies the cluster with)."""
    import redshift_connector

    return Path(redshift_connector.__file__).parent / "files" / "redshift-ca-bundle.crt"


def gx_url(url: str) -> str:
    """GX's SQLAlchemy URL for `redshift://user@host:5439/db[?sslmode=…]`: no password (one in
    the warehouse URL is refused, as by the driver), TLS as the driver's, a connect timeout."""
    args = connect_args(url)
    query: dict[str, Any] = {
        "sslmode": args["sslmode"] if args["ssl"] else "disable",
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "application_name": "sparkify-gx",
    }
    if args["ssl"]:
        query["sslrootcert"] = str(ca_bundle())
    user, database = quote(args["user"], safe=""), quote(args["database"], safe="")
    return f"{GX_DRIVER}://{user}@{args['host']}:{args['port']}/{database}?{urlencode(query)}"


class RedshiftGate:
    """The gate's target on Redshift. `counting` is the load's own session on a search path,
    in a step of its own (the engine's transaction and lease heartbeat)."""

    parameter_queries = PARAMETER_QUERIES

    def __init__(
        self, url: str, counting: Callable[[list[str]], AbstractContextManager[Db]]
    ) -> None:
        self.url = url
        self._counting = counting

    def search_path(self, *, audit: bool) -> list[str]:
        return AUDIT_PATH if audit else PUBLISHED_PATH

    def counting(self, path: list[str]) -> AbstractContextManager[Db]:
        return self._counting(path)

    def gx_url(self, path: list[str]) -> str:
        if not os.environ.get(PASSWORD_ENV):
            raise WarehouseError(
                f"no password for Great Expectations' Redshift connection: set {PASSWORD_ENV} "
                "or give the flow a password_secret"
            )
        return gx_url(self.url)

    def datasource(self, committed: Any) -> Any:
        """GX's RedshiftDatasource with the committed one's name, id, assets and batch
        definitions, and its connection string (the `${SPARKIFY_GX_URL}` template)."""
        from great_expectations.datasource.fluent import RedshiftDatasource

        config = committed.dict(exclude={"type", "connection_string"})
        template = committed.connection_string.template_str
        return RedshiftDatasource(**config, connection_string=template)

    def connected(self, engine: Any, path: list[str]) -> None:
        """Every new connection of GX's engine resolves names through `path` first."""
        import sqlalchemy as sa

        statements = PATH_FILES[tuple(path)]

        def on_connect(dbapi_connection: Any, _record: Any) -> None:
            run_file(_DbApi(dbapi_connection), statements)

        sa.event.listen(engine, "connect", on_connect)
        engine.dispose()  # a connection made before the listener is not kept

    def gx_suite(self, suite: str) -> str | None:
        return gx_suite(suite)


def gx_suite(suite: str) -> str | None:
    """The GX suite Redshift runs for a suite of the build plan (None: not on Redshift)."""
    return None if suite in NOT_ON_REDSHIFT else VARIANTS.get(suite, suite)


class _DbApi:
    """A DB-API connection as an executor (Redshift's literals): the search path statement."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    @staticmethod
    def literal(value: Any) -> str:
        return redshift_literal(value)

    def execute(self, statement: str) -> list[tuple[Any, ...]]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(statement)
        finally:
            cursor.close()
        self.connection.commit()  # SET outside GX's transactions, kept for the session
        return []


def plan_lines(suite: str) -> Iterator[str]:
    """What a plan prints of a suite: where it runs and its expectations."""
    from sparkify import quality

    name = gx_suite(suite)
    if name is None:
        yield f"validate-{suite}: not on Redshift ({NOT_ON_REDSHIFT[suite]})"
        return
    variant = f" (Redshift's variant {name!r})" if name != suite else ""
    yield (
        f"validate-{suite}: Great Expectations suite {suite!r}{variant} through GX's Redshift "
        f"datasource ({GX_DRIVER}, a connection of its own, search path "
        f"{', '.join(AUDIT_PATH)}); GX sends its own queries, compiled by sqlalchemy-redshift:"
    )
    for line in quality.describe(name):
        yield f"  {line}"
