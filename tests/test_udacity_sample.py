"""The slice of the real public data loads to exactly the figures in its EXPECTED.md."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from conftest import Loaded, fetch, star_tables
from oracle import expected


def test_counts_and_spot_values(udacity_loaded: Loaded) -> None:
    warehouse_url = udacity_loaded.url
    assert udacity_loaded.summary.published == {
        "songplays": 3041,
        "users": 86,
        "songs": 36,
        "artists": 35,
        "time": 3039,
        "quarantine": 0,
    }
    levels = dict(fetch(warehouse_url, "SELECT level, count(*) FROM users GROUP BY level"))
    assert levels == {"free": 68, "paid": 18}
    users = fetch(warehouse_url, "SELECT * FROM users WHERE user_id IN (2, 3) ORDER BY user_id")
    assert users == [(2, "Jizelle", "Benjamin", "F", "free"), (3, "Isaac", "Valdez", "M", "free")]
    first = fetch(warehouse_url, "SELECT * FROM songplays ORDER BY start_time LIMIT 1")[0]
    assert first[1:] == (
        datetime(2018, 11, 1, 21, 1, 46, 796000),
        8,
        "free",
        None,
        None,
        139,
        "Phoenix-Mesa-Scottsdale, AZ",
        first[8],
    )
    assert fetch(warehouse_url, "SELECT * FROM time ORDER BY start_time LIMIT 1") == [
        (datetime(2018, 11, 1, 21, 1, 46, 796000), 21, 1, 44, 11, 2018, 4)
    ]
    assert fetch(warehouse_url, "SELECT * FROM artists WHERE artist_id = 'AR0RCMP1187FB3F427'") == [
        ("AR0RCMP1187FB3F427", "Billie Jo Spears", "Beaumont, TX", 30.08615, -94.10158)
    ]
    assert fetch(warehouse_url, "SELECT * FROM songs WHERE song_id = 'SOBEBDG12A58A76D60'") == [
        ("SOBEBDG12A58A76D60", "Kassie Jones", "ARI3BMM1187FB4255E", None, 220.78649)
    ]


def test_equals_the_contract_row_by_row(udacity_sample: Path, udacity_loaded: Loaded) -> None:
    assert star_tables(udacity_loaded.url) == expected(udacity_sample)
