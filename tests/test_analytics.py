"""The analysts' additions on real flow runs: played_songs and the report's top songs, the
unmatched titles and why they missed, user_levels in event time, and `sparkify explain`."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from conftest import T0, Loaded, event, fetch, nulls_first, song_record, write_lines
from oracle import expected, source_files

from sparkify import cli, report
from sparkify.warehouse import Warehouse

DAY_MS = 86_400_000
NO_TITLE = "no catalog song has this title"


def test_top_songs_are_what_users_play_on_the_real_sample(
    udacity_sample: Path, udacity_loaded: Loaded
) -> None:
    warehouse_url = udacity_loaded.url
    played = sorted(expected(udacity_sample)["played_songs"], key=lambda r: (-r[2], r[0], r[1]))
    top = report.collect(Warehouse(warehouse_url))["top_songs"].rows
    assert [(r[0], r[1], r[2]) for r in top] == [(r[0], r[1], r[2]) for r in played[:10]]
    assert top[0][2] > 1  # real play counts, not the one matched play


def test_unmatched_explains_five_misses_on_the_real_sample(
    udacity_sample: Path, udacity_loaded: Loaded, capsys: Any
) -> None:
    warehouse_url = udacity_loaded.url
    assert cli.main(["unmatched", "--top", "5", "--warehouse", warehouse_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "(5 rows)"
    assert all(("no catalog song" in line or "differ" in line) for line in lines[2:-1])


def test_explain_traces_a_songplay_to_its_file_and_line(
    udacity_sample: Path, udacity_loaded: Loaded, capsys: Any
) -> None:
    warehouse_url = udacity_loaded.url
    songplay_id, ts, user = fetch(
        warehouse_url,
        """
        SELECT songplay_id, CAST(EXTRACT(epoch FROM start_time) * 1000 AS BIGINT), user_id
        FROM songplays ORDER BY start_time DESC LIMIT 1""",
    )[0]
    where = [
        f"{key}:{number}"
        for key, data in source_files(udacity_sample).items()
        for number, line in enumerate(data.decode().split("\n"), start=1)
        if line.strip()
        and json.loads(line).get("ts") == ts
        and json.loads(line).get("userId") == str(user)
    ]
    assert cli.main(["explain", "songplay", songplay_id, "--warehouse", warehouse_url]) == 0
    out = capsys.readouterr().out
    assert f"{where[0]} " in out and "won: smallest source_key" in out
    assert "load that staged" in out and "songplays" in out  # the gate's suites
    assert "no catalog song" in out or "differ" in out  # this sample matches no song


def near_misses(root: Path) -> None:
    """One catalog song and plays that miss it each way, plus a bad line."""
    write_lines(
        root,
        "song_data/A/A/A/TRA.json",
        [song_record(song_id="SOA", title="Song A", artist_name="The Band", duration=200.0)],
    )
    write_lines(
        root,
        "log_data/2018/11/2018-11-01-events.json",
        [
            event(ts=T0 + 1, song="Song A", artist="The Band", length=200.005),  # matched
            event(ts=T0 + 2, song="Song A", artist="Band, The", length=200.0),
            event(ts=T0 + 3, song="Song A", artist="Band, The", length=200.0, userId="9"),
            event(ts=T0 + 4, song="Song A", artist="The Band", length=200.5, userId="9"),
            event(ts=T0 + 5, song="song  a", artist="The Band", length=200.0),
            event(ts=T0 + 6, song="Elsewhere", artist="Nobody", length=200.0),
            "{not json",
        ],
    )


def test_unmatched_names_each_reason_and_explain_the_quarantine(
    tmp_path: Path, run_load: Any, warehouse_url: str, capsys: Any
) -> None:
    near_misses(tmp_path)
    run_load(tmp_path, max_errors="5")
    assert fetch(
        warehouse_url,
        "SELECT song, artist, plays, users, matched_plays, song_id "
        "FROM played_songs WHERE song = 'Song A' ORDER BY artist",
    ) == [("Song A", "Band, The", 2, 2, 0, None), ("Song A", "The Band", 2, 2, 1, "SOA")]
    assert cli.main(["unmatched", "--warehouse", warehouse_url]) == 0
    cells = [
        [cell.strip() for cell in line.split("|")]
        for line in capsys.readouterr().out.splitlines()[2:-1]
    ]
    rows = {(row[0], row[1], row[-1]) for row in cells}
    assert rows == {
        ("Song A", "Band, The", "same title, different artist spelling"),
        ("song  a", "The Band", "title differs in case or whitespace"),
        ("Elsewhere", "Nobody", f"{NO_TITLE}, even ignoring case and whitespace"),
    }
    miss = fetch(
        warehouse_url,
        "SELECT songplay_id FROM songplays WHERE start_time = "
        "TIMESTAMP '1970-01-01' + %s * INTERVAL '1 millisecond'",
        [T0 + 4],
    )
    assert cli.main(["explain", "songplay", miss[0][0], "--warehouse", warehouse_url]) == 0
    assert "same title and artist, duration outside the 0.01 s tolerance" in capsys.readouterr().out
    key = "log_data/2018/11/2018-11-01-events.json"
    assert cli.main(["explain", "record", f"{key}:7", "--warehouse", warehouse_url]) == 0
    out = capsys.readouterr().out
    assert f"{key}:7" in out and "{not json" in out
    assert cli.main(["explain", "user", "404", "--warehouse", warehouse_url]) == 1


def test_user_levels_equal_the_oracle_whatever_order_days_arrive_in(
    udacity_sample: Path, tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    """Days in a shuffled order, three loads: old days split and merge published periods."""
    keys = sorted(source_files(udacity_sample))
    days = [k for k in keys if k.startswith("log_data/")]
    random.Random(17).shuffle(days)
    growing = tmp_path / "growing"
    builds = []
    for part in (days[:5], days[5:10], days[10:]):
        for key in part:
            (growing / key).parent.mkdir(parents=True, exist_ok=True)
            (growing / key).write_bytes((udacity_sample / key).read_bytes())
        builds.append(run_load(growing).build)
    assert builds == ["full", "delta", "delta"]
    oracle = expected(growing)
    assert sorted(fetch(warehouse_url, "SELECT * FROM user_levels")) == oracle["user_levels"]
    assert (
        sorted(fetch(warehouse_url, "SELECT * FROM played_songs"), key=nulls_first)
        == (oracle["played_songs"])
    )
    changes = fetch(warehouse_url, "SELECT count(*) FROM user_levels WHERE valid_to IS NOT NULL")
    assert changes[0][0] > 0  # the sample has users who changed level


def test_an_older_day_loaded_later_splits_a_period(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    write_lines(
        tmp_path,
        "log_data/2018/11/2018-11-03-events.json",
        [event(ts=T0 + 2 * DAY_MS, level="paid"), event(ts=T0 + 4 * DAY_MS, level="paid")],
    )
    run_load(tmp_path)
    write_lines(
        tmp_path,
        "log_data/2018/11/2018-11-04-events.json",
        [event(ts=T0 + 3 * DAY_MS, level="free", page="Home")],
    )
    assert run_load(tmp_path).build == "delta"
    levels = fetch(
        warehouse_url, "SELECT level, valid_from, valid_to FROM user_levels ORDER BY valid_from"
    )
    assert [level for level, _, _ in levels] == ["paid", "free", "paid"]
    assert (
        sorted(fetch(warehouse_url, "SELECT * FROM user_levels"))
        == (expected(tmp_path)["user_levels"])
    )
