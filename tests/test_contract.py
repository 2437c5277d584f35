"""Each rule of docs/data-contract.md, checked in the warehouse after a real flow run."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from conftest import T0, event, fetch, song_record, star_tables, write_lines
from oracle import expected

from sparkify.errors import DataError
from sparkify.generate import generate

DAY1 = "log_data/2018/11/2018-11-01-events.json"
DAY2 = "log_data/2018/11/2018-11-02-events.json"


def song_file(root: Path, name: str, **fields: Any) -> None:
    write_lines(root, f"song_data/A/B/C/{name}.json", [song_record(**fields)])


def matched_song(url: str) -> list[tuple[Any, ...]]:
    return fetch(url, "SELECT song_id, artist_id FROM songplays")


def test_song_match_takes_title_artist_and_duration_within_a_hundredth(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    song_file(tmp_path, "TR1", song_id="SO1", artist_id="AR1", duration=200.0)
    write_lines(
        tmp_path,
        DAY1,
        [
            event(ts=T0 + 1, length=200.01),  # within 0.01: matches
            event(ts=T0 + 2, length=200.02),  # too far
            event(ts=T0 + 3, length=200.0, artist="des'ree"),  # case differs
            event(ts=T0 + 4, length=200.0, song="You Gotta Be "),  # trailing space differs
        ],
    )
    run_load(tmp_path)
    rows = fetch(warehouse_url, "SELECT song_id FROM songplays ORDER BY start_time")
    assert rows == [("SO1",), (None,), (None,), (None,)]
    assert star_tables(warehouse_url) == expected(tmp_path)


def test_song_match_uses_the_song_records_own_artist_name(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    song_file(tmp_path, "TR1", song_id="SO1", artist_id="AR1", artist_name="Des'ree", title="A")
    song_file(tmp_path, "TR2", song_id="SO2", artist_id="AR1", artist_name="Desree", title="B")
    write_lines(tmp_path, DAY1, [event(song="B", artist="Desree")])
    run_load(tmp_path)
    assert fetch(warehouse_url, "SELECT name FROM artists") == [("Des'ree",)]
    assert matched_song(warehouse_url) == [("SO2", "AR1")]


def test_smallest_song_id_in_code_point_order_wins(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    song_file(tmp_path, "TR1", song_id="SOa", artist_id="AR1")
    song_file(tmp_path, "TR2", song_id="SOB", artist_id="AR2")
    write_lines(tmp_path, DAY1, [event()])
    run_load(tmp_path)
    assert matched_song(warehouse_url) == [("SOB", "AR2")]


def test_null_or_empty_never_matches(tmp_path: Path, run_load: Any, warehouse_url: str) -> None:
    song_file(tmp_path, "TR1", song_id="SO1", artist_name="", duration=None)
    write_lines(tmp_path, DAY1, [event(artist="", length=None)])
    run_load(tmp_path)
    assert matched_song(warehouse_url) == [(None, None)]
    assert fetch(warehouse_url, "SELECT name FROM artists") == [(None,)]


def test_songs_after_their_events_still_match(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    write_lines(tmp_path, DAY1, [event()])
    run_load(tmp_path)
    assert matched_song(warehouse_url) == [(None, None)]
    song_file(tmp_path, "TR1")
    run_load(tmp_path)
    assert matched_song(warehouse_url) == [("SOMZWCG12A8C13C480", "ARD7TVE1187B99BFB1")]


def test_duplicate_events_give_one_row_from_the_smallest_source_key(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    write_lines(tmp_path, DAY2, [event(level="paid"), event(level="paid")])
    write_lines(tmp_path, DAY1, ["", event(level="free"), event(level="paid")])
    run_load(tmp_path)
    assert fetch(warehouse_url, "SELECT level FROM songplays") == [("free",)]
    assert fetch(warehouse_url, "SELECT count(*) FROM time") == [(1,)]


def test_user_attributes_come_from_the_latest_event(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    write_lines(
        tmp_path,
        DAY2,
        [
            event(userId="7", ts=T0 + 5, itemInSession=2, level="paid", page="Home"),
            event(userId="9", ts=T0 + 5, itemInSession=None, level="free", page="Home"),
            event(userId="9", ts=T0 + 5, itemInSession=0, level="paid", page="Home"),
        ],
    )
    write_lines(
        tmp_path,
        DAY1,
        [
            event(userId="7", ts=T0 + 9, itemInSession=1, level="free"),
            event(userId="7", ts=T0 + 9, itemInSession=1, level="gold-ish", lastName="Later"),
            event(
                userId="8", ts=T0 + 1, level="free", firstName="Old", page="Home", sessionId=None
            ),
            event(userId=8, ts=T0 + 2, level="paid", firstName="New", page="Logout"),
        ],
    )
    run_load(tmp_path)
    users = {row[0]: row for row in fetch(warehouse_url, "SELECT * FROM users")}
    assert users[7][2:] == ("Summers", "F", "free")  # same ts and item: smallest line first
    assert users[8][1] == "New" and users[8][4] == "paid"
    assert users[9][4] == "paid"  # NULL itemInSession counts as lowest
    assert star_tables(warehouse_url) == expected(tmp_path)


def test_songs_take_the_record_from_the_smallest_source_key(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    song_file(tmp_path, "TRB", song_id="SO1", title="Second", year=0)
    song_file(tmp_path, "TRA", song_id="SO1", title="First", year=0)
    song_file(
        tmp_path, "TRC", song_id="SO2", artist_id="ARD7TVE1187B99BFB1", artist_name="Other spelling"
    )
    run_load(tmp_path)
    assert fetch(warehouse_url, "SELECT song_id, title, year FROM songs ORDER BY 1") == [
        ("SO1", "First", None),
        ("SO2", "You Gotta Be", 1994),
    ]
    assert fetch(warehouse_url, "SELECT name FROM artists") == [("Des'ree",)]


def test_bad_records_are_quarantined_with_line_reason_and_raw(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    write_lines(
        tmp_path,
        DAY1,
        [
            event(ts=T0 + 1),
            "",
            "   ",
            '{"ts": 2, "page": ',
            event(ts=1.5e12),
            event(userId=None),
        ],
    )
    summary = run_load(tmp_path, max_errors="10")
    rows = fetch(warehouse_url, "SELECT * FROM quarantine ORDER BY line_number")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (DAY1, 4, "line is not valid JSON"),
        (DAY1, 5, "ts is not an integer"),
        (DAY1, 6, "NextSong event lacks userId"),
    ]
    assert rows[0][3] == '{"ts": 2, "page": '
    assert summary.staged["events"] == (1, 1, 3)
    manifest = fetch(warehouse_url, "SELECT rows_staged, rows_quarantined FROM manifest")
    assert manifest == [(1, 3)]  # non-blank lines = staged + quarantined


def test_raw_is_cut_at_64_kib(tmp_path: Path, run_load: Any, warehouse_url: str) -> None:
    write_lines(tmp_path, DAY1, [event(), '{"x": "' + "é" * 100_000])
    run_load(tmp_path, max_errors="1")
    (raw,) = fetch(warehouse_url, "SELECT raw FROM quarantine")[0]
    assert len(raw.encode()) <= 65536 and raw.startswith('{"x": "éé')


def test_files_that_fail_whole_are_one_quarantine_row(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    write_lines(tmp_path, DAY1, [event(ts=T0 + 1)], gz=True)
    (tmp_path / DAY1).rename(tmp_path / (DAY1 + ".gz"))
    write_lines(tmp_path, DAY2, [event(ts=T0 + 2), b'{"artist": "\xff"}'])
    bad_gzip = tmp_path / "log_data/2018/11/2018-11-03-events.json.gz"
    bad_gzip.write_bytes(b"not gzip at all\n")
    truncated = tmp_path / "song_data/A/A/A/TRX.json.gz"
    truncated.parent.mkdir(parents=True)
    truncated.write_bytes(gzip.compress(b'{"song_id": "S"}\n' * 1000)[:-20])
    run_load(tmp_path, max_errors="5")
    rows = fetch(warehouse_url, "SELECT source_key, line_number, reason FROM quarantine")
    assert sorted(rows) == [
        (DAY2, None, "file is not valid UTF-8 (line 2)"),
        ("log_data/2018/11/2018-11-03-events.json.gz", None, rows_reason(rows, "11-03")),
        ("song_data/A/A/A/TRX.json.gz", None, rows_reason(rows, "TRX")),
    ]
    assert all("not valid gzip" in r[2] for r in rows if r[0].endswith(".gz"))
    assert fetch(warehouse_url, "SELECT count(*) FROM songplays") == [(1,)]  # the good gzip
    assert star_tables(warehouse_url) == expected(tmp_path)


def rows_reason(rows: list[tuple[Any, ...]], part: str) -> str:
    return next(r[2] for r in rows if part in r[0])


def test_hidden_and_foreign_files_are_not_sources(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    write_lines(tmp_path, DAY1, [event(ts=T0 + 1)])
    write_lines(tmp_path, "log_data/.ipynb_checkpoints/2018-11-01-events.json", [event(ts=T0 + 2)])
    write_lines(tmp_path, "log_data/2018/11/.hidden.json", [event(ts=T0 + 3)])
    write_lines(tmp_path, "log_data/2018/11/notes.txt", ["not json"])
    write_lines(tmp_path, "song_data/A/README.md", ["# songs"])
    summary = run_load(tmp_path)
    assert summary.staged["events"] == (1, 1, 0)
    assert fetch(warehouse_url, "SELECT count(*) FROM songplays") == [(1,)]


def test_over_the_budget_nothing_is_published(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    write_lines(tmp_path, DAY1, [event(ts=T0 + 1)])
    run_load(tmp_path)
    before = star_tables(warehouse_url)
    write_lines(tmp_path, DAY2, [event(ts=T0 + 2), "oops", "oops"])
    write_lines(tmp_path, "log_data/2018/11/2018-11-03-events.json", [event(ts=T0 + 3), "oops"])
    with pytest.raises(DataError, match=r"over the --max-errors budget.*2018-11-02-events\.json"):
        run_load(tmp_path, max_errors="2")
    assert star_tables(warehouse_url) == before
    assert fetch(warehouse_url, "SELECT count(*) FROM staging_events") == [(1,)]
    run_load(tmp_path, max_errors="60%")
    assert star_tables(warehouse_url) == expected(tmp_path)


def test_generated_data_with_every_quirk_equals_the_contract(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    generate(tmp_path, events=3000, songs=300, days=3, seed=7)
    write_lines(
        tmp_path,
        "log_data/2018/11/2018-11-02-events.json.gz",
        (tmp_path / DAY2).read_text().splitlines(),
        gz=True,
    )  # same events again, gzip
    write_lines(tmp_path, "song_data/Z/dupes.json", [song_record(song_id="SOZ"), "{bad", "[]"])
    summary = run_load(tmp_path)
    assert summary.published["songplays"] > 1000
    assert fetch(warehouse_url, "SELECT count(song_id) FROM songplays")[0][0] > 300
    assert star_tables(warehouse_url) == expected(tmp_path)
