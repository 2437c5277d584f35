"""SQL text for engines without server-side parameters in our plans: split files into
statements and bind `:name` placeholders as literals.

The Redshift path prints its plan (`--dry-run`) and sends the very same text, so the values
are bound here, client-side, rather than by the driver.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sparkify.errors import SparkifyError

PLACEHOLDER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


class Keyword(str):
    """A value bound verbatim: an optional keyword of a statement, such as GZIP."""

    def __new__(cls, text: str) -> Keyword:
        if not re.fullmatch(r"[A-Z ]*", text):
            raise ValueError(f"not a bare SQL keyword: {text!r}")
        return super().__new__(cls, text)


def statements(text: str) -> list[str]:
    """The statements of a SQL file, without its comment lines, each without its `;`."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [part.strip() for part in re.split(r";\s*(?:\n|$)", body) if part.strip()]


def bind(statement: str, params: Mapping[str, Any]) -> str:
    """`statement` with every `:name` replaced by the literal of `params[name]`."""

    def literal(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise SparkifyError(f"no value for :{name} in {statement[:60]!r}")
        return to_literal(params[name])

    return PLACEHOLDER.sub(literal, statement)


def to_literal(value: Any) -> str:
    """A SQL literal for a Python value (quotes and backslashes doubled in strings)."""
    if isinstance(value, Keyword):
        return str(value)
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace("'", "''")
    return f"'{text}'"
