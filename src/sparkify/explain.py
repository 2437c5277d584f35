"""`sparkify explain`: where a published row came from, so an analyst can trust it or report it.

Read from the warehouse alone: the published row, every staged copy behind it (as
`<source_key>:<line>`) and the contract's rule that chose one, the load that staged the winning
copy with its quality gate, and for a songplay its song match or nearest miss. A bad record is
explained by the quarantine's reason and raw line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import psycopg

from sparkify.errors import SparkifyError
from sparkify.warehouse import Warehouse

Kind = Literal["songplay", "user", "song", "record"]


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[tuple[Any, ...]]


def _section(conn: psycopg.Connection, title: str, name: str, params: dict[str, Any]) -> Section:
    cursor = Warehouse.cursor(conn, name, params)
    return Section(title, [column.name for column in cursor.description], cursor.fetchall())


def explain(conn: psycopg.Connection, kind: Kind, ident: str) -> list[Section]:
    """The sections that trace one row; SparkifyError when the warehouse has no such row."""
    if kind == "record":
        return _record(conn, ident)
    if kind == "user" and not ident.isdigit():
        raise SparkifyError(f"a user id is a number: {ident!r}")
    params = {"id": int(ident) if kind == "user" else ident}
    row = _section(conn, f"published {kind}", f"ops/{kind}_row", params)
    if not row.rows:
        raise SparkifyError(f"the published warehouse has no {kind} {ident!r}")
    titles = {
        "songplay": "copies of its event",
        "user": "latest events (the first won)",
        "song": "records of the song",
    }
    copies = _section(conn, titles[kind], f"ops/explain_{kind}", params)
    sections = [row, copies]
    if copies.rows:
        source_key = str(copies.rows[0][0]).rpartition(":")[0]
        sections.append(
            _section(
                conn,
                f"load that staged {source_key} and its gate",
                "ops/explain_load",
                {"source_key": source_key},
            )
        )
    if kind == "songplay":
        sections.append(_match(conn, row, copies))
    return sections


def _match(conn: psycopg.Connection, row: Section, copies: Section) -> Section:
    """The song the event matched, or the nearest catalog songs and why each missed."""
    song_id = row.rows[0][row.headers.index("song_id")]
    if song_id is not None:
        return Section("song match", ["matched"], [(f"{song_id}: {row.rows[0][5]}",)])
    winner = dict(zip(copies.headers, copies.rows[0], strict=True)) if copies.rows else {}
    if winner.get("song") is None:
        return Section("song match", ["matched"], [("no: the event names no song",)])
    params = {"top": 1, "song": winner["song"], "artist": winner["artist"]}
    return _section(conn, "song match: none; the nearest catalog songs", "ops/unmatched", params)


def _record(conn: psycopg.Connection, ident: str) -> list[Section]:
    """`<source_key>:<line>` (or a bare key: a file quarantined whole)."""
    key, colon, line = ident.rpartition(":")
    if not colon or not line.isdigit():
        key, line = ident, ""
    params = {"source_key": key, "line": int(line) if line else None}
    found = _section(conn, "quarantined record", "ops/explain_record", params)
    if not found.rows:
        raise SparkifyError(f"the quarantine holds no record {ident!r}")
    return [found]
