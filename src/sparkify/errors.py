"""The errors a user can act on. The CLI prints their message as one line, no traceback."""

import sys


class SparkifyError(Exception):
    """Base class: a failure with a message that says what to do."""


class SourceError(SparkifyError):
    """The source cannot be listed or read (missing folder, empty bucket)."""


class WarehouseError(SparkifyError):
    """The warehouse cannot be reached or used."""


class DataError(SparkifyError):
    """The data breaks a rule (bad-record budget, quality gate); retrying cannot help."""


class CheckError(SparkifyError):
    """A quality check could not be evaluated: its query failed in the database. This says
    nothing about the data (a suite or the server is at fault), and nothing is published."""


class LoadLockLost(SparkifyError):
    """The run no longer holds the warehouse's load lock: it must not write or publish."""


class PublishBlocked(SparkifyError):
    """Other sessions held the published tables for longer than the publish's patience."""


def disk_full(error: BaseException) -> WarehouseError:
    """The warehouse ran out of disk (SQLSTATE 53100, whether extending a table or writing a
    sort's temporary file): one line with the server's own words, never retried."""
    diag = getattr(error, "diag", None)
    reason = getattr(diag, "message_primary", None) or str(error).strip().splitlines()[0]
    return WarehouseError(f"disk full on the warehouse: {reason}")


# Redshift's ERROR 1023: a concurrent transaction made this one unserializable; the
# documented cure is to run it again.
_SERIALIZABLE_VIOLATION = "Serializable isolation violation"
_S3_TRANSIENT_CODES = {
    "SlowDown",
    "Throttling",
    "ThrottlingException",
    "RequestTimeout",
    "InternalError",
    "ServiceUnavailable",
    "503",
    "500",
}


def is_transient(error: BaseException) -> bool:
    """Failures a retry can cure: a dropped or refused connection, a timeout, a shutdown,
    S3 throttling, a Redshift serializable isolation violation (1023). Anything else (bad
    data, a failed gate, a typo in a URL, a full disk, which psycopg counts as an
    OperationalError but a retry would only fill again) fails at once."""
    import psycopg
    from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

    lost: tuple[type[BaseException], ...] = (psycopg.OperationalError, psycopg.InterfaceError)
    redshift = sys.modules.get("redshift_connector")  # loaded only when Redshift was used
    if redshift is not None:
        lost += (redshift.OperationalError, redshift.InterfaceError)
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, psycopg.errors.DiskFull):
            return False
        if isinstance(cause, lost):
            return True
        if (
            redshift is not None
            and isinstance(cause, redshift.Error)
            and _SERIALIZABLE_VIOLATION in str(cause)
        ):
            return True
        if isinstance(cause, ConnectionError | HTTPClientError):
            return True
        if isinstance(cause, ClientError):
            return cause.response.get("Error", {}).get("Code") in _S3_TRANSIENT_CODES
        cause = cause.__cause__
    return False
