"""The project's SQL, one way for every engine: files in `sql/`, statements, bound parameters.

A file is read by name (`sql/<name>.sql`), split into its statements (comment lines dropped;
a `;` inside quotes or a `$$` body does not end one) and its `:name` placeholders bound, on
the client, as literals of the engine's dialect. An *executor* sends the bound text: psycopg
for PostgreSQL (sparkify.warehouse.Session), redshift_connector for Redshift
(sparkify.redshift.session.ClusterSession), or the `PlanPrinter` of `--dry-run`, which writes
each statement as the others would send it. So a printed plan is the text a run sends.

Values bind by type: a `str`, number, bool, date, None or list becomes a literal; an
`Identifier` a quoted name (or names, comma-separated); a `Keyword` is written as it is; a
`RunTime` value (known only when a load runs, such as its load_id) prints as its `:name` and
cannot be sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Protocol, TextIO

from sparkify.config import SQL_DIR
from sparkify.errors import SparkifyError

PLACEHOLDER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")
# What ends a statement's scan: a quote, a dollar quote, a `;`.
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|(\$[A-Za-z_]*\$)|;")

Literal = Callable[[Any], str]
Rows = list[tuple[Any, ...]]


class Keyword(str):
    """A value bound verbatim: an optional keyword of a statement, such as GZIP."""

    def __new__(cls, text: str) -> Keyword:
        if not re.fullmatch(r"[A-Z ]*", text):
            raise ValueError(f"not a bare SQL keyword: {text!r}")
        return super().__new__(cls, text)


class Identifier:
    """A name bound as a quoted identifier: `Identifier("s", "t")` is `"s"."t"`;
    `Identifier.listed(["a", "b"])` is `"a", "b"`."""

    def __init__(self, *parts: str, separator: str = ".") -> None:
        self.parts, self.separator = parts, separator

    @classmethod
    def listed(cls, names: list[str] | tuple[str, ...]) -> Identifier:
        return cls(*names, separator=", ")

    def __str__(self) -> str:
        return self.separator.join('"' + part.replace('"', '""') + '"' for part in self.parts)


class RunTime(int):
    """A value the plan cannot know before the load runs (its load_id): printed as `:name`."""

    name: str

    def __new__(cls, name: str) -> RunTime:
        value = super().__new__(cls, 0)
        value.name = name
        return value


@cache
def sql(name: str) -> str:
    """The text of `sql/<name>.sql`."""
    return (SQL_DIR / f"{name}.sql").read_text()


def sql_group(folder: str) -> list[str]:
    """The names of the files in `sql/<folder>/`, in the order their numbers give."""
    return [f"{folder}/{path.stem}" for path in sorted((SQL_DIR / folder).glob("*.sql"))]


def statements(text: str) -> list[str]:
    """The statements of a SQL text, without its comment lines, each without its `;`."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    found, start, at = [], 0, 0
    while match := _TOKEN.search(body, at):
        at = match.end()
        if match.group(1):  # a dollar-quoted body runs to the same tag
            close = body.find(match.group(1), at)
            at = len(body) if close < 0 else close + len(match.group(1))
        elif match.group() == ";":
            found.append(body[start : match.start()])
            start = at
    found.append(body[start:])
    return [statement for statement in map(_uncommented, found) if statement]


def _uncommented(text: str) -> str:
    """A statement without the comment that ended the line of the `;` before it."""
    lines = text.strip().splitlines()
    while lines and lines[0].lstrip().startswith("--"):
        lines.pop(0)
    return "\n".join(lines).strip()


@cache
def file_statements(name: str) -> tuple[str, ...]:
    """The statements of `sql/<name>.sql`."""
    return tuple(statements(sql(name)))


def placeholders(name: str) -> list[str]:
    """The names of the `:name` placeholders of `sql/<name>.sql`, in order, each once."""
    found = (PLACEHOLDER.findall(statement) for statement in file_statements(name))
    return list(dict.fromkeys(name for names in found for name in names))


def run_time(name: str, **known: Any) -> dict[str, Any]:
    """Parameters for `sql/<name>.sql` in a plan: those `known`, the others `RunTime`."""
    return {key: known[key] if key in known else RunTime(key) for key in placeholders(name)}


@cache
def _shape(statement: str) -> re.Pattern[str]:
    parts = PLACEHOLDER.split(statement)[::2]  # the text between placeholders
    return re.compile(".*?".join(map(re.escape, parts)), re.S)


def statement_of(name: str, statement: str) -> bool:
    """Whether `statement` is one of `sql/<name>.sql`'s, bound with any values."""
    return any(_shape(mine).fullmatch(statement) for mine in file_statements(name))


def bind(statement: str, params: Mapping[str, Any], literal: Literal | None = None) -> str:
    """`statement` with every `:name` replaced by `params[name]`, values as `literal` writes
    them (Redshift's by default)."""
    write = literal or redshift_literal

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise SparkifyError(f"no value for :{name} in {statement[:60]!r}")
        bound = params[name]
        if isinstance(bound, Keyword | Identifier):
            return str(bound)
        return write(bound)

    return PLACEHOLDER.sub(value, statement)


def redshift_literal(value: Any) -> str:
    """A Redshift literal for a Python value (quotes and backslashes doubled in strings:
    Redshift reads a backslash in a literal as an escape)."""
    if isinstance(value, RunTime):
        raise SparkifyError(f":{value.name} is known only when the load runs")
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace("'", "''")
    return f"'{text}'"


class Executor(Protocol):
    """Where bound statements go: a database session, or the plan printer."""

    def literal(self, value: Any) -> str:
        """`value` as a literal of this executor's dialect."""
        ...

    def execute(self, statement: str) -> Rows:
        """Send one bound statement; its rows (none when it returns none, or for a plan)."""
        ...


def run_file(executor: Executor, name: str, params: Mapping[str, Any] | None = None) -> Rows:
    """Send every statement of `sql/<name>.sql`, placeholders bound: the last one's rows."""
    rows: Rows = []
    for statement in file_statements(name):
        rows = executor.execute(bind(statement, params or {}, executor.literal))
    return rows


def query_file(executor: Executor, name: str, params: Mapping[str, Any] | None = None) -> Rows:
    """The rows of the (single) statement of `sql/<name>.sql`."""
    (statement,) = file_statements(name)
    return executor.execute(bind(statement, params or {}, executor.literal))


class PlanPrinter:
    """The --dry-run executor: writes each statement, ending with `;`, and returns no rows (or
    those `answer` gives: a plan's read-only queries). Literals are those of the engine it
    stands in for; a `RunTime` value is printed as its `:name`."""

    def __init__(
        self,
        out: TextIO,
        literal: Literal = redshift_literal,
        answer: Callable[[str], Rows] | None = None,
    ) -> None:
        self.out, self._literal, self._answer = out, literal, answer

    def literal(self, value: Any) -> str:
        if isinstance(value, RunTime):
            return f":{value.name}"
        return self._literal(value)

    def execute(self, statement: str) -> Rows:
        self.out.write(f"{statement};\n")
        return self._answer(statement) if self._answer else []

    def comment(self, text: str) -> None:
        """A note among the statements (what a COPY sends, what runs outside SQL)."""
        for line in text.splitlines():
            self.out.write(f"-- {line}\n")
