"""Turn one source line into a staging row, or into the reason it cannot be staged.

The rules are the data contract's (docs/data-contract.md): each check names the field it
failed on, so a quarantine row tells the data owner exactly what to fix.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any, cast

import orjson

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Epoch milliseconds of 0001-01-01 and 9999-12-31 23:59:59.999: what both engines can store.
TS_MIN, TS_MAX = -62_135_596_800_000, 253_402_300_799_999
_DIGITS = re.compile(r"[0-9]+")


class BadRecord(ValueError):
    """A record that breaks the contract; its message is the quarantine reason."""


def parse_object(line: str | bytes) -> dict[str, Any]:
    """Parse one line as a JSON object (orjson first; the standard library for huge ints)."""
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        value = _parse_strict(line)
    if not isinstance(value, dict):
        raise BadRecord(f"line is a JSON {type(value).__name__}, not a JSON object")
    return value


def _parse_strict(line: str | bytes) -> Any:
    """Fallback parser: accepts integers beyond 64 bits (then range-checked per field)."""

    def reject_constant(name: str) -> None:
        raise BadRecord(f"line is not valid JSON ({name} is not a JSON number)")

    try:
        return json.loads(line, parse_constant=reject_constant)
    except (ValueError, RecursionError) as error:
        if isinstance(error, BadRecord):
            raise
        raise BadRecord("line is not valid JSON") from None


def _text(record: dict[str, Any], field: str) -> str | None:
    """Text fields: '' becomes NULL; a non-string scalar is kept as its JSON text.
    (Checks in the order of the common case: this runs a dozen times per event.)"""
    value = record.get(field)
    if value.__class__ is not str:
        if value is None:
            return None
        value = orjson.dumps(value).decode()
    if "\x00" in value:
        raise BadRecord(f"{field} contains a NUL character")
    return value or None


def _number(record: dict[str, Any], field: str) -> float | int | None:
    value = record.get(field)
    kind = value.__class__
    if kind is float:
        number = cast(float, value)
        if not math.isfinite(number):
            raise BadRecord(f"{field} is not a finite number")
        return number
    if kind is int:
        integer = cast(int, value)
        return integer if INT64_MIN <= integer <= INT64_MAX else float(integer)
    if value is None:
        return None
    raise BadRecord(f"{field} is not a number")


def _integer(record: dict[str, Any], field: str) -> int | None:
    value = record.get(field)
    if value is None:
        return None
    if type(value) is not int:
        raise BadRecord(f"{field} is not an integer")
    if not INT64_MIN <= value <= INT64_MAX:
        raise BadRecord(f"{field} is out of range")
    return value


def _user_id(record: dict[str, Any]) -> int | None:
    value = record.get("userId")
    if value is None or value == "":
        return None
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        value = int(value)
    if type(value) is not int:
        raise BadRecord("userId is not a string of digits")
    if not INT64_MIN <= value <= INT64_MAX:
        raise BadRecord("userId is out of range")
    return value


def event_row(record: dict[str, Any]) -> tuple[Any, ...]:
    """Validate an event; its values in the column order of sql/load/copy_events.sql."""
    if "ts" not in record:
        raise BadRecord("ts is missing")
    ts = _integer(record, "ts")
    if ts is None:
        raise BadRecord("ts is not an integer")
    if not TS_MIN <= ts <= TS_MAX:
        raise BadRecord("ts is out of range")
    page = _text(record, "page")
    if page is None:
        raise BadRecord("page is missing")
    user_id = _user_id(record)
    session_id = _integer(record, "sessionId")
    item_in_session = _integer(record, "itemInSession")
    if page == "NextSong":
        for field, value in (
            ("userId", user_id),
            ("sessionId", session_id),
            ("itemInSession", item_in_session),
        ):
            if value is None:
                raise BadRecord(f"NextSong event lacks {field}")
    return (
        _text(record, "artist"),
        _text(record, "auth"),
        _text(record, "firstName"),
        _text(record, "gender"),
        item_in_session,
        _text(record, "lastName"),
        _number(record, "length"),
        _text(record, "level"),
        _text(record, "location"),
        _text(record, "method"),
        page,
        _number(record, "registration"),
        session_id,
        _text(record, "song"),
        _integer(record, "status"),
        ts,
        _text(record, "userAgent"),
        user_id,
    )


def song_row(record: dict[str, Any]) -> tuple[Any, ...]:
    """Validate a song record; its values in the column order of sql/load/copy_songs.sql."""
    row = (
        _integer(record, "num_songs"),
        _text(record, "artist_id"),
        _number(record, "artist_latitude"),
        _number(record, "artist_longitude"),
        _text(record, "artist_location"),
        _text(record, "artist_name"),
        _text(record, "song_id"),
        _text(record, "title"),
        _number(record, "duration"),
        _integer(record, "year"),
    )
    for field, value in (("song_id", row[6]), ("artist_id", row[1]), ("title", row[7])):
        if value is None:
            raise BadRecord(f"song record lacks {field}")
    return row


RowBuilder = Callable[[dict[str, Any]], tuple[Any, ...]]
