"""The errors a user can act on. The CLI prints their message as one line, no traceback."""


class SparkifyError(Exception):
    """Base class: a failure with a message that says what to do."""


class SourceError(SparkifyError):
    """The source cannot be listed or read (missing folder, empty bucket)."""


class WarehouseError(SparkifyError):
    """The warehouse cannot be reached or used."""


class DataError(SparkifyError):
    """The data breaks a rule (bad-record budget, quality gate); retrying cannot help."""
