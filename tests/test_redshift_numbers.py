"""Numbers on Redshift: the numeric fields land as SUPER (stage/01_copy_tables), so the staging
checks (stage/02_checked_events, 03_checked_songs) tell the number 7 from the string "7" and
from "", and an integer that overflows BIGINT from one that fits. PostgreSQL 15 runs the very
Redshift statements, SUPER emulated (tests/data/redshift_super_emulation_on_postgres.sql, a
test-only file with its model of Redshift's JSON number types); the expected outcome of every
record is PostgreSQL's own path (sparkify.records), run on the same JSON line."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from redshift_postgres import emulate_super, postgres_ddl

from sparkify.config import SQL_DIR
from sparkify.records import BadRecord, event_row, parse_object, song_row
from sparkify.sqlfiles import bind, sql, statements

ABSENT = object()  # a field left out of the line

# Each field of a valid NextSong event and song record as JSON text, as it stands in a line.
EVENT = {
    "artist": '"  "',
    "auth": '"Logged In"',
    "firstName": '"Kaylee"',
    "gender": '"F"',
    "itemInSession": "0",
    "lastName": '"Summers"',
    "length": "218.5",
    "level": '"free"',
    "location": '""',
    "method": '"PUT"',
    "page": '"NextSong"',
    "registration": "1.540919166796E12",
    "sessionId": "3",
    "song": '""',
    "status": "200",
    "ts": "1541105830796",
    "userAgent": '"Mozilla/5.0"',
    "userId": '"7"',
}
SONG = {
    "num_songs": "1",
    "artist_id": '"ARD7TVE1187B99BFB1"',
    "artist_latitude": "34.05",
    "artist_longitude": "-118.24",
    "artist_location": '""',
    "artist_name": '"Des\'ree"',
    "song_id": '"SOMZWCG12A8C13C480"',
    "title": '"You Gotta Be"',
    "duration": "246.30812",
    "year": "1994",
}
OVERFLOW = str(2**63)  # one past BIGINT: a DECIMAL of scale 0 on Redshift, a big int in Python
# What the contract quarantines in an integer field and in a number field, and what it keeps.
BAD_INTEGERS = {
    "a JSON string": '"7"',
    "an empty string": '""',
    "an overflowing number": OVERFLOW,
    "a fraction": "7.0",
    "an exponent": "7e0",
    "a boolean": "true",
    "an object": '{"n": 7}',
}
BAD_NUMBERS = {
    "a JSON string": '"218.5"',
    "an empty string": '""',
    "an overflowing number": "1e400",
    "a boolean": "true",
    "an array": "[1]",
}
GOOD_INTEGERS = {"negative": "-3", "null": "null", "absent": ABSENT, "largest": str(2**63 - 1)}
GOOD_NUMBERS = {"an integer": "218", "an exponent": "2.185E2", "30 digits": "1" + "0" * 29}
EVENT_INTEGERS, EVENT_NUMBERS = (
    ("ts", "sessionId", "itemInSession", "status"),
    (
        "length",
        "registration",
    ),
)
SONG_INTEGERS, SONG_NUMBERS = (
    ("num_songs", "year"),
    (
        "artist_latitude",
        "artist_longitude",
        "duration",
    ),
)


def _cases(integers: tuple[str, ...], numbers: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """label -> the fields a record changes: every bad and good form in every numeric field."""
    cases: dict[str, dict[str, Any]] = {"good": {}}
    for fields, forms in ((integers, BAD_INTEGERS | GOOD_INTEGERS), (numbers, BAD_NUMBERS)):
        for field in fields:
            for form, text in forms.items():
                cases[f"{field}: {form}"] = {field: text}
    for field in numbers:
        for form, text in GOOD_NUMBERS.items():
            cases[f"{field}: {form}"] = {field: text}
    return cases


EVENT_CASES = _cases(EVENT_INTEGERS, EVENT_NUMBERS) | {
    "ts: absent": {"ts": ABSENT},
    "ts: a fraction of a real ts": {"ts": "1541105830796.0"},
    "ts: beyond year 9999": {"ts": "253402300800000"},
    "ts: a real ts as an exponent": {"ts": "1.541105830796e12"},
    "userId: a number": {"userId": "7"},
    "userId: a negative number": {"userId": "-5"},
    "userId: a negative string": {"userId": '"-5"'},
    "userId: leading zeros": {"userId": '"00000000000000000000007"'},
    "userId: 20 digits": {"userId": '"' + "1" * 20 + '"'},
    "userId: 19 digits above BIGINT": {"userId": '"9223372036854775808"'},
    "userId: an overflowing number": {"userId": OVERFLOW},
    "userId: a fraction": {"userId": "7.5"},
    "userId: blank": {"userId": '"  "'},
    "userId: a boolean": {"userId": "false"},
    "userId: empty on NextSong": {"userId": '""'},
    "userId: empty, logged out": {"userId": '""', "page": '"Home"', "sessionId": ABSENT},
    "userId: null": {"userId": "null"},
}
# Integers beyond 64 bits: PostgreSQL's path quarantines them too, but orjson reads them as
# floats, so its reason is "not an integer" where Redshift's DECIMAL says "out of range".
BEYOND_64_BITS = {
    f"{field}: beyond 64 bits": ({field: str(2**64 + 1)}, f"{field} is out of range")
    for field in ("ts", "userId", "sessionId", "itemInSession", "status")
}
SONG_CASES = _cases(SONG_INTEGERS, SONG_NUMBERS) | {
    "title: empty": {"title": '""'},
    "year: 0": {"year": "0"},
}


def _line(fields: dict[str, Any]) -> str:
    return "{" + ", ".join(f'"{k}": {v}' for k, v in fields.items() if v is not ABSENT) + "}"


def _contract(row: Callable[[dict[str, Any]], tuple[Any, ...]], line: str) -> Any:
    """PostgreSQL's path on one line: its staging row, or the quarantine reason."""
    try:
        return row(parse_object(line))
    except BadRecord as bad:
        return str(bad)


@contextmanager
def _redshift_staging(pg15_admin_url: str, label: str) -> Iterator[psycopg.Connection[Any]]:
    """A fresh PostgreSQL 15 database holding Redshift's staging tables and COPY landing
    tables, SUPER emulated."""
    name = f"test_numbers_{label}_{os.getpid()}"
    with psycopg.connect(pg15_admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    with psycopg.connect(pg15_admin_url.replace("/postgres?", f"/{name}?")) as conn:
        emulate_super(conn)
        for statement in [
            *postgres_ddl("redshift/schema/03_staging_events"),
            *postgres_ddl("redshift/schema/04_staging_songs"),
            *postgres_ddl("redshift/schema/05_staging_quarantine"),
            *statements(sql("redshift/stage/01_copy_tables")),
        ]:
            conn.execute(statement)
        yield conn


def _copy(conn: psycopg.Connection[Any], table: str, fields: dict[str, str], **extra: Any) -> None:
    """One row as COPY leaves it: `fields` maps each column to its JSON text; a SUPER column
    holds the JSON value (its type kept), a VARCHAR one a JSON string's value."""
    types = dict(
        conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s",
            [table],
        ).fetchall()
    )
    values = {
        column: text if types[column] == "json" else json.loads(text)
        for column, text in fields.items()
        if text is not ABSENT
    } | extra
    conn.execute(
        f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join(['%s'] * len(values))})",
        list(values.values()),
    )


def _event_columns(conn: psycopg.Connection[Any]) -> list[str]:
    """copy_events' columns, in the order COPY fills them from the JSONPaths file."""
    return [
        name
        for (name,) in conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'copy_events' ORDER BY ordinal_position"
        ).fetchall()
    ]


def test_event_numbers_are_checked_as_the_contract_says_on_postgres_15(
    pg15_admin_url: str,
) -> None:
    """Every numeric event field given as a JSON string ("7"), as "", as a number that
    overflows BIGINT, as a fraction, an exponent, a boolean or an object is quarantined with
    PostgreSQL's reason, and the forms the contract keeps (negative, null, absent, the largest
    BIGINT; for numbers, integers, exponents, 30 digits) are staged with PostgreSQL's values;
    userId as string and number alike (a negative string quarantined, a negative number kept,
    leading zeros kept, 20 digits out of range). Integers beyond 64 bits are quarantined on
    both paths, "out of range" on Redshift (BEYOND_64_BITS)."""
    fields = [f.removeprefix("$['").removesuffix("']") for f in _jsonpaths()]
    cases = EVENT_CASES | {label: change for label, (change, _) in BEYOND_64_BITS.items()}
    labelled = {
        label: EVENT | {"location": json.dumps(label)} | change for label, change in cases.items()
    }
    lines = {label: _line(fields) for label, fields in labelled.items()}
    expected = {label: _contract(event_row, line) for label, line in lines.items()}
    with _redshift_staging(pg15_admin_url, "events") as conn:
        columns = _event_columns(conn)
        assert len(columns) == len(fields)
        for given in labelled.values():
            _copy(conn, "copy_events", dict(zip(columns, (given[f] for f in fields), strict=True)))
        for statement in statements(sql("redshift/stage/02_checked_events")):
            conn.execute(bind(statement, {"load_id": 1}))
        reasons = dict(conn.execute("SELECT location, reason FROM checked_events").fetchall())
        staged = conn.execute(
            f'SELECT {", ".join(columns)} FROM staging_events ORDER BY location COLLATE "C"'
        ).fetchall()
        quarantined = sorted(
            conn.execute(
                "SELECT source_key, line_number, reason FROM staging_quarantine "
                "WHERE \"raw\" LIKE 'ts=% userId=% sessionId=% page=%'"
            ).fetchall()
        )
    for label, (_, reason) in BEYOND_64_BITS.items():
        assert isinstance(expected[label], str) and reasons.pop(label) == reason
    assert reasons == {
        k: v if isinstance(v, str) else None for k, v in expected.items() if k in EVENT_CASES
    }
    kept = {k: v for k, v in expected.items() if not isinstance(v, str)}
    assert staged == [tuple(kept[label]) for label in sorted(kept)]
    assert quarantined == sorted(
        [(None, None, v) for k, v in expected.items() if isinstance(v, str) and k in reasons]
        + [(None, None, reason) for _, reason in BEYOND_64_BITS.values()]
    )
    # The contract's point, beside PostgreSQL's agreement: "7", "" and an overflow never pass.
    for field in (*EVENT_INTEGERS, *EVENT_NUMBERS):
        for form in ("a JSON string", "an empty string", "an overflowing number"):
            assert isinstance(expected[f"{field}: {form}"], str), (field, form)
    assert expected["sessionId: an overflowing number"] == "sessionId is out of range"
    assert expected["userId: 20 digits"] == "userId is out of range"
    assert not isinstance(expected["userId: a negative number"], str)


def test_song_numbers_are_checked_as_the_contract_says_on_postgres_15(
    pg15_admin_url: str,
) -> None:
    """The same for the song records' numbers (num_songs, year, artist_latitude,
    artist_longitude, duration), COPY'd by name from compacted parts: each bad record is
    quarantined with PostgreSQL's reason and its own file and line; good ones staged with
    PostgreSQL's values and their file and line."""
    lines = {label: _line(SONG | change) for label, change in SONG_CASES.items()}
    expected = {label: _contract(song_row, line) for label, line in lines.items()}
    files = {label: f"song_data/A/TR{n:04d}.json" for n, label in enumerate(SONG_CASES)}
    with _redshift_staging(pg15_admin_url, "songs") as conn:
        for label, change in SONG_CASES.items():
            _copy(conn, "copy_songs", SONG | change, source_key=files[label], line_number="1")
        for statement in statements(sql("redshift/stage/03_checked_songs")):
            conn.execute(bind(statement, {"load_id": 1}))
        staged = conn.execute(
            "SELECT source_key, line_number, num_songs, artist_id, artist_latitude, "
            "artist_longitude, artist_location, artist_name, song_id, title, duration, year "
            "FROM staging_songs ORDER BY source_key"
        ).fetchall()
        quarantined = conn.execute(
            "SELECT source_key, line_number, reason FROM staging_quarantine ORDER BY source_key"
        ).fetchall()
    by_file = {files[label]: outcome for label, outcome in expected.items()}
    assert quarantined == [(f, 1, v) for f, v in sorted(by_file.items()) if isinstance(v, str)]
    assert staged == [(f, 1, *v) for f, v in sorted(by_file.items()) if not isinstance(v, str)]
    for field in (*SONG_INTEGERS, *SONG_NUMBERS):
        for form in ("a JSON string", "an empty string", "an overflowing number"):
            assert isinstance(expected[f"{field}: {form}"], str), (field, form)
    assert expected["year: an overflowing number"] == "year is out of range"


def _jsonpaths() -> list[str]:
    paths: list[str] = json.loads((SQL_DIR / "redshift" / "events.jsonpaths").read_text())[
        "jsonpaths"
    ]
    return paths


EMULATED = {  # value -> JSON_TYPEOF, IS_BIGINT, IS_DECIMAL, DECIMAL_SCALE
    "7": ("number", True, True, 0),
    "-9223372036854775808": ("number", True, True, 0),
    OVERFLOW: ("number", False, True, 0),
    "7.0": ("number", False, True, 1),
    "7e0": ("number", False, False, None),
    "1" * 39: ("number", False, False, None),
    '"7"': ("string", False, False, None),
    "null": ("null", False, False, None),
    None: (None, False, False, None),
}


def test_the_super_emulation_answers_as_its_model_says(pg15_admin_url: str) -> None:
    """The emulation's functions on one value each, as the Redshift pages and the emulation's
    model say: IS_BIGINT only for scale 0 in 64 bits (false for SQL NULL too: "All these
    functions return false if the input value is null"), IS_DECIMAL a superset of it and
    disjoint from floats, DECIMAL_SCALE the digits after the point; the lax casts."""
    with _redshift_staging(pg15_admin_url, "emulation") as conn:
        answers = {
            value: conn.execute(
                "SELECT JSON_TYPEOF(CAST(%(v)s AS super)), IS_BIGINT(CAST(%(v)s AS super)), "
                "IS_DECIMAL(CAST(%(v)s AS super)), DECIMAL_SCALE(CAST(%(v)s AS super))",
                {"v": value},
            ).fetchone()
            for value in EMULATED
        }
        casts = conn.execute(
            "SELECT CAST(CAST('\"7\"' AS super) AS VARCHAR(8)), "
            "CAST(CAST('7' AS super) AS BIGINT), CAST(CAST('\"7\"' AS super) AS BIGINT), "
            "CAST(CAST('[7]' AS super) AS VARCHAR(8)), "
            "CAST(CAST('-1e400' AS super) AS DOUBLE PRECISION)"
        ).fetchone()
    assert answers == EMULATED
    assert casts == ("7", 7, None, None, float("-inf"))
