"""Loads are idempotent and incremental: any order and repetition equals one load of the union."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import T0, event, fetch, star_tables, write_lines
from oracle import expected, source_files

from sparkify.generate import generate

DAY_MS = 86_400_000


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    root = tmp_path / "all"
    generate(root, events=2400, songs=240, days=4, seed=11)
    return root


def copy_keys(src: Path, dst: Path, keys: list[str]) -> None:
    for key in keys:
        (dst / key).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / key, dst / key)


def test_rerun_changes_nothing(generated: Path, run_load: Any, warehouse_url: str) -> None:
    run_load(generated)
    first = star_tables(warehouse_url)
    again = run_load(generated)
    assert again.staged == {}
    assert star_tables(warehouse_url) == first == expected(generated)


def test_any_order_of_partial_loads_equals_one_load(
    generated: Path, tmp_path: Path, run_load: Any, new_warehouse: Any
) -> None:
    keys = list(source_files(generated))
    events = [k for k in keys if k.startswith("log_data/")]
    songs = [k for k in keys if k.startswith("song_data/")]
    # events before their songs, days out of order, a repeated load in between
    steps = [
        events[2:3],
        events[0:1],
        [],
        songs[: len(songs) // 2],
        events[1:2] + events[3:],
        songs[len(songs) // 2 :],
    ]
    growing = tmp_path / "growing"
    growing.mkdir()
    incremental = new_warehouse()
    builds = []
    for step in steps:
        copy_keys(generated, growing, step)
        builds.append(run_load(growing, warehouse=incremental).build)
    once = new_warehouse()
    run_load(generated, warehouse=once)
    assert star_tables(incremental) == star_tables(once) == expected(generated)
    # event files alone are added as a delta; songs rebuild in full; nothing new: unchanged
    assert builds == ["full", "delta", "unchanged", "full", "delta", "full"]


def test_an_event_repeated_in_a_new_file_takes_the_smallest_files_copy(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    """The same event in a new file that sorts first: its copy wins, so the star is rebuilt."""
    write_lines(
        tmp_path,
        "log_data/2018/11/2018-11-02-events.json",
        [event(ts=T0 + 5, userId="7", level="free", location="Later, TX")],
    )
    run_load(tmp_path)
    write_lines(
        tmp_path,
        "log_data/2018/11/2018-11-01-events.json",
        [
            event(ts=T0 + 5, userId="7", level="paid", location="Earlier, CA"),
            event(ts=T0 + 6, userId="8"),
        ],
    )
    summary = run_load(tmp_path)
    assert summary.build == "full"
    assert fetch(warehouse_url, "SELECT user_id, level, location FROM songplays ORDER BY 1") == [
        (7, "paid", "Earlier, CA"),
        (8, "free", "Phoenix-Mesa-Scottsdale, AZ"),
    ]
    assert star_tables(warehouse_url) == expected(tmp_path)


def test_a_delta_keeps_a_users_later_published_event(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    """An older day loaded after a newer one: the user's attributes stay the newer day's."""
    newer = event(ts=T0 + 3 * DAY_MS, userId="7", level="paid", lastName="Newer")
    write_lines(tmp_path, "log_data/2018/11/2018-11-03-events.json", [newer])
    run_load(tmp_path)
    write_lines(
        tmp_path,
        "log_data/2018/11/2018-11-01-events.json",
        [
            event(ts=T0, userId="7", level="free", lastName="Older", page="Home"),
            event(ts=T0 + 1, userId="9", level="free"),
        ],
    )
    assert run_load(tmp_path).build == "delta"
    assert fetch(warehouse_url, "SELECT user_id, last_name, level FROM users ORDER BY 1") == [
        (7, "Newer", "paid"),
        (9, "Summers", "free"),
    ]
    assert star_tables(warehouse_url) == expected(tmp_path)


def test_a_delta_recomputes_a_users_periods_only_from_where_they_can_change(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    """A delta computes a user's periods again from their last published period that starts
    before the user's earliest new event: an event inside a period splits it, an event at a
    period's very start (same ts, ranked later) can merge it into the one before, an event
    before every published one starts over; periods before that point stand as published."""
    ms = 60_000
    write_lines(
        tmp_path,
        "log_data/2018/11/2018-11-01-events.json",
        [
            *(event(ts=T0 + m * ms, userId="7", level=lv) for m, lv in [(0, "free"), (10, "paid")]),
            event(ts=T0 + 20 * ms, userId="7", level="free", page="Home"),
            event(ts=T0, userId="8", level="free"),
            event(ts=T0 + 10 * ms, userId="8", level="paid", itemInSession=1),
            event(ts=T0 + 50 * ms, userId="9", level="paid"),
        ],
    )
    run_load(tmp_path)
    published = fetch(warehouse_url, "SELECT * FROM user_levels WHERE user_id = 7 ORDER BY 3")
    write_lines(
        tmp_path,
        "log_data/2018/11/2018-11-02-events.json",
        [
            event(ts=T0 + 15 * ms, userId="7", level="free", page="Home"),  # splits paid
            event(ts=T0 + 10 * ms, userId="8", level="free", itemInSession=2),  # merges
            event(ts=T0 + 5 * ms, userId="9", level="free", page="Home"),  # before all
        ],
    )
    assert run_load(tmp_path).build == "delta"
    periods = fetch(
        warehouse_url,
        "SELECT user_id, level, EXTRACT(epoch FROM valid_from - %s) / 60,"
        " EXTRACT(epoch FROM valid_to - %s) / 60 FROM user_levels ORDER BY 1, 3",
        (published[0][2], published[0][2]),
    )
    assert [(u, lv, int(f), None if t is None else int(t)) for u, lv, f, t in periods] == [
        (7, "free", 0, 10),
        (7, "paid", 10, 15),
        (7, "free", 15, None),
        (8, "free", 0, None),
        (9, "free", 5, 50),
        (9, "paid", 50, None),
    ]
    first = fetch(warehouse_url, "SELECT * FROM user_levels WHERE user_id = 7 ORDER BY 3")[0]
    assert first == published[0]  # a period before the point of change stands as published
    assert star_tables(warehouse_url) == expected(tmp_path)


def test_a_file_changed_in_place_replaces_its_old_records(
    tmp_path: Path, run_load: Any, warehouse_url: str, new_warehouse: Any
) -> None:
    day = "log_data/2018/11/2018-11-01-events.json"
    write_lines(
        tmp_path, day, [event(ts=T0 + 1, userId="1"), event(ts=T0 + 2, userId="2", level="free")]
    )
    run_load(tmp_path)
    write_lines(
        tmp_path, day, [event(ts=T0 + 2, userId="2", level="paid"), event(ts=T0 + 3, userId="3")]
    )
    summary = run_load(tmp_path)
    assert summary.staged["events"] == (1, 2, 0)
    assert fetch(warehouse_url, "SELECT user_id, level FROM songplays ORDER BY user_id") == [
        (2, "paid"),
        (3, "free"),
    ]
    fresh = new_warehouse()
    run_load(tmp_path, warehouse=fresh)
    assert star_tables(warehouse_url) == star_tables(fresh) == expected(tmp_path)


def test_full_refresh_drops_files_that_are_gone(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    write_lines(tmp_path, "log_data/2018/11/2018-11-01-events.json", [event(ts=T0 + 1)])
    write_lines(tmp_path, "log_data/2018/11/2018-11-02-events.json", [event(ts=T0 + 2)])
    run_load(tmp_path)
    (tmp_path / "log_data/2018/11/2018-11-02-events.json").unlink()
    run_load(tmp_path)  # incremental: what was loaded stays (the union of all loads)
    assert fetch(warehouse_url, "SELECT count(*) FROM songplays") == [(2,)]
    run_load(tmp_path, full_refresh=True)
    assert star_tables(warehouse_url) == expected(tmp_path)
    assert fetch(warehouse_url, "SELECT count(*) FROM manifest") == [(1,)]


def test_since_and_until_pick_event_files_by_their_date(
    generated: Path, run_load: Any, warehouse_url: str
) -> None:
    summary = run_load(generated, since=date(2018, 11, 2), until=date(2018, 11, 3))
    assert summary.staged["events"][0] == 2
    days = fetch(warehouse_url, "SELECT DISTINCT day FROM time ORDER BY day")
    assert days == [(2,), (3,)]
    run_load(generated)
    assert star_tables(warehouse_url) == expected(generated)
