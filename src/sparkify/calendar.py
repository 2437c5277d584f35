"""The source calendar: per day of event files, present or missing, and what it loaded.

A daily pipeline's most common failure is a day that never arrived. Each load records the
days its source listing holds (table source_listing, every file whatever --since/--until);
publish keeps, per day, its first load and its last replacement (source_days); the view
source_calendar joins them with the current files' line counts. A day missing between the
first and last day seen is a quality warning (gx/expectations/source_calendar.json).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import psycopg

from sparkify.lock import fence
from sparkify.sources import SourceFile
from sparkify.warehouse import Db, Warehouse


@dataclass(frozen=True)
class Day:
    """One row of the calendar (sql/ops/calendar.sql)."""

    day: date
    present: bool
    files: int
    lines: int
    staged: int
    quarantined: int
    first_loaded_at: datetime | None
    last_replaced_at: datetime | None


HEADERS = [name for name in Day.__dataclass_fields__]


def record_listing(conn: Db, load_id: int, files: Sequence[SourceFile]) -> None:
    """The days the source holds, as this load listed them (committed by the caller, while
    the load still runs)."""
    days = _listed_days(files)
    fence(conn, load_id)
    Warehouse.run_many(
        conn,
        "load/record_listing",
        [{"load_id": load_id, "day": day, "files": n} for day, n in sorted(days.items())],
    )


def listing_unchanged(conn: Db, files: Sequence[SourceFile]) -> bool:
    """Whether the source holds the days, and event files per day, that the latest published
    load listed (False when nothing was published yet)."""
    rows = Warehouse.rows(conn, "load/published_listing")
    kept = {day: n for day, n in rows if day is not None}
    return bool(rows) and kept == _listed_days(files)


def _listed_days(files: Sequence[SourceFile]) -> Counter[date]:
    return Counter(f.day for f in files if f.kind == "events" and f.day is not None)


def days(conn: psycopg.Connection) -> list[Day]:
    return [Day(*row) for row in Warehouse.rows(conn, "ops/calendar")]


def missing(sample: Sequence[Any]) -> list[str]:
    """The days of a failed calendar expectation's sample rows (GX gives them as dicts)."""
    return [str(row["day"]) for row in sample if isinstance(row, dict) and "day" in row]
