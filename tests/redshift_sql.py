"""The checks every Redshift statement the plan sends must pass, as a careful reviewer reads
it against the Redshift Database Developer Guide: it parses with sqlglot's Redshift dialect,
equals its own Redshift rendering up to whitespace and case (sqlglot quietly quotes reserved
words and rewrites undocumented forms when it renders, so a difference is a finding), uses no
reserved word (tests/data/redshift_reserved_words.txt) as an unquoted identifier, and none of
the forms Redshift lacks."""

from __future__ import annotations

import re
from pathlib import Path

import sqlglot
from sqlglot import exp

RESERVED = frozenset(
    line.strip().upper()
    for line in (Path(__file__).parent / "data" / "redshift_reserved_words.txt")
    .read_text()
    .splitlines()
    if line.strip() and not line.startswith("#")
)

# sqlglot's canonical spelling of the very same syntax, applied to the statement as written
# before the comparison: documented synonyms (LEN is LENGTH, r_LEN; TEMP is TEMPORARY,
# r_CREATE_TABLE_NEW), and negations and typed literals that sqlglot spells its own way
# (x IS NOT NULL as NOT x IS NULL, TIMESTAMP 'v' as CAST('v' AS TIMESTAMP)). None touches a
# quote or an identifier, so a reserved word sqlglot quoted still shows as a difference.
# CURRENT_SCHEMA() is written as r_CURRENT_SCHEMA documents it; sqlglot drops the brackets.
SYNONYMS = [
    (r"\bCURRENT_SCHEMA\(\)", "CURRENT_SCHEMA"),
    (r"\bLEN\(", "LENGTH("),
    (r"\bCREATE TEMP TABLE\b", "CREATE TEMPORARY TABLE"),
    (r"\b([a-z_][\w.]*) IS NOT NULL\b", r"NOT \1 IS NULL"),
    (r"\b(CAST\((?:[^()]|\([^()]*\))*\))\s+NOT BETWEEN\b", r"NOT \1 BETWEEN"),
    (r"\bTIMESTAMP ('[^']*')", r"CAST(\1 AS TIMESTAMP)"),
]

FORBIDDEN = {
    "FILTER clause (Redshift has no aggregate FILTER)": re.compile(r"\bFILTER\s*\(", re.I),
    "ON CONFLICT (PostgreSQL's; not Redshift)": re.compile(r"\bON\s+CONFLICT\b", re.I),
    "an STL view (absent on Serverless, blind to concurrency scaling)": re.compile(
        r"\bstl_\w+", re.I
    ),
    "TRUNCATE (commits the transaction on Redshift)": re.compile(r"^\s*TRUNCATE\b", re.I),
}
TWO_ARGUMENT_SUBSTRING = re.compile(r"\bSUBSTRING\s*\((?:[^()]|\([^()]*\))*,", re.I)


def _flat(text: str) -> str:
    """Whitespace and case out of the way: one space between tokens, none inside brackets."""
    text = re.sub(r"\s+", " ", text).strip().upper()
    return re.sub(r"\s*([(),])\s*", r"\1", text)


def problems(statement: str) -> list[str]:
    """What a reviewer would reject in one statement (none: fine)."""
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(statement)]
    if TWO_ARGUMENT_SUBSTRING.search(statement):
        found.append("SUBSTRING(x, n): not a documented form for text; SUBSTRING(x FROM n)")
    try:
        parsed = sqlglot.parse_one(statement, read="redshift")
    except sqlglot.errors.ParseError as error:
        return [*found, f"does not parse as Redshift SQL: {error}"]
    if isinstance(parsed, exp.Command):  # kept as raw text (LOCK): nothing to compare
        return found
    written = statement
    for pattern, canonical in SYNONYMS:
        written = re.sub(pattern, canonical, written, flags=re.I)
    rendered = parsed.sql(dialect="redshift", comments=False)
    if _flat(written) != _flat(rendered):
        found.append(f"differs from its Redshift rendering: {rendered}")
    for identifier in parsed.find_all(exp.Identifier):
        if not identifier.quoted and identifier.name.upper() in RESERVED:
            found.append(f"reserved word {identifier.name!r} as an unquoted identifier")
    return found


def printed_objects(plan: str) -> dict[str, bytes]:
    """The objects a dry run prints it would write: URL -> body."""
    found, lines = {}, plan.splitlines()
    for i, line in enumerate(lines):
        if match := re.fullmatch(r"-- would write (s3://\S+) \((\d+) lines\):", line):
            body = [text.removeprefix("-- ") for text in lines[i + 1 : i + 1 + int(match[2])]]
            found[match[1]] = "\n".join(body).encode()
    return found
