"""The bad-record rules of the contract, one by one, on the validation functions."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import event, song_record

from sparkify import drift
from sparkify.config import PROJECT_ROOT
from sparkify.records import BadRecord, event_row, parse_object, song_row


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b'{"ts": 1, "page": "Home"', "not valid JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'"just text"', "not a JSON object"),
        (b'{"ts": NaN, "page": "Home"}', "not valid JSON"),
    ],
)
def test_lines_that_are_not_json_objects(line: bytes, reason: str) -> None:
    with pytest.raises(BadRecord, match=reason):
        parse_object(line)


def test_integers_beyond_64_bits_are_bad_on_their_field() -> None:
    record = parse_object(b'{"ts": 123456789012345678901234567890, "page": "Home"}')
    with pytest.raises(BadRecord, match=r"^ts is (out of range|not an integer)$"):
        event_row(record)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"ts": 1.5e12}, "ts is not an integer"),
        ({"ts": 1541105830796.0}, "ts is not an integer"),
        ({"ts": "1541105830796"}, "ts is not an integer"),
        ({"ts": True}, "ts is not an integer"),
        ({"ts": None}, "ts is not an integer"),
        ({"page": None}, "page is missing"),
        ({"page": ""}, "page is missing"),
        ({"length": "246.3"}, "length is not a number"),
        ({"length": True}, "length is not a number"),
        ({"registration": [1]}, "registration is not a number"),
        ({"itemInSession": 1.0}, "itemInSession is not an integer"),
        ({"sessionId": "139"}, "sessionId is not an integer"),
        ({"status": 2e2}, "status is not an integer"),
        ({"userId": "8a"}, "userId is not a string of digits"),
        ({"userId": "-8"}, "userId is not a string of digits"),
        ({"userId": 8.0}, "userId is not a string of digits"),
        ({"userId": ""}, "NextSong event lacks userId"),
        ({"userId": None}, "NextSong event lacks userId"),
        ({"sessionId": None}, "NextSong event lacks sessionId"),
        ({"itemInSession": None}, "NextSong event lacks itemInSession"),
        ({"artist": "a\x00b"}, "artist contains a NUL character"),
    ],
)
def test_bad_events_name_their_field(change: dict[str, Any], reason: str) -> None:
    with pytest.raises(BadRecord, match=reason):
        event_row(event(**change))


@pytest.mark.parametrize("field", ["ts", "page"])
def test_events_lacking_ts_or_page_are_bad(field: str) -> None:
    record = event()
    del record[field]
    with pytest.raises(BadRecord, match=f"{field} is missing"):
        event_row(record)


def test_logged_out_events_without_user_are_staged() -> None:
    row = event_row(event(page="Home", userId="", sessionId=None, itemInSession=None))
    assert row[-1] is None  # user_id


def test_user_id_integer_and_digit_string_agree() -> None:
    assert event_row(event(userId=8))[-1] == event_row(event(userId="008"))[-1] == 8


def test_empty_text_becomes_null_and_unknown_fields_are_ignored() -> None:
    row = event_row(event(location="", extra_field={"x": 1}))
    assert row[8] is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"song_id": ""}, "song record lacks song_id"),
        ({"artist_id": None}, "song record lacks artist_id"),
        ({"title": ""}, "song record lacks title"),
        ({"duration": "3:40"}, "duration is not a number"),
        ({"artist_latitude": "N"}, "artist_latitude is not a number"),
        ({"artist_longitude": False}, "artist_longitude is not a number"),
        ({"year": 1994.0}, "year is not an integer"),
        ({"num_songs": "1"}, "num_songs is not an integer"),
    ],
)
def test_bad_songs_name_their_field(change: dict[str, Any], reason: str) -> None:
    with pytest.raises(BadRecord, match=reason):
        song_row(song_record(**change))


def test_song_lacking_title_key_is_bad() -> None:
    record = song_record()
    del record["title"]
    with pytest.raises(BadRecord, match="lacks title"):
        song_row(record)


def test_integer_numbers_are_numbers() -> None:
    assert song_row(song_record(duration=200, artist_latitude=30))[8] == 200


@pytest.mark.parametrize("kind", ["events", "songs"])
def test_the_contract_fields_are_in_the_order_of_the_staging_copy(kind: str) -> None:
    """drift.FIELDS feeds the bench's CSV: its order must be the COPY's column order."""
    copy = (PROJECT_ROOT / "sql" / "load" / f"copy_{kind}.sql").read_text()
    columns = re.sub(r"\s+", "", copy[copy.index("(") + 1 : copy.index(")")]).split(",")
    snake = [re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower() for name in drift.FIELDS[kind]]
    assert columns == ["source_key", "line_number", "load_id", *snake]
