"""The song-play report: its figures equal independent SQL, and it renders offline in Chromium."""

from __future__ import annotations

import base64
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import chromium, fetch, run_cli
from oracle import expected

from sparkify import report
from sparkify.generate import generate
from sparkify.warehouse import Warehouse


@pytest.fixture
def loaded(tmp_path: Path, run_load: Any, warehouse_url: str) -> dict[str, report.Table]:
    generate(tmp_path / "source", events=4000, songs=200, days=7, seed=13)
    summary = run_load(tmp_path / "source")
    assert Path(summary.report).is_file()  # the flow refreshes the report itself
    return report.collect(Warehouse(warehouse_url))


def test_figures_equal_independent_sql(
    loaded: dict[str, report.Table], warehouse_url: str, tmp_path: Path
) -> None:
    plays = fetch(warehouse_url, "SELECT count(*) FROM songplays")[0][0]
    assert sum(count for _, count in loaded["hours"].rows) == plays
    assert sum(count for _, count in loaded["weekdays"].rows) == plays
    oracle = expected(tmp_path / "source")
    top = min(oracle["played_songs"], key=lambda r: (-r[2], r[0], r[1]))
    assert loaded["top_songs"].rows[0][:3] == top[:3]
    periods = oracle["user_levels"]
    starts = {(user, level, start) for user, level, start, _ in periods}
    converted = {
        user for user, level, _, end in periods if level == "free" and (user, "paid", end) in starts
    }
    assert report.converted(loaded["conversions"]) == len(converted) > 0
    users = dict(fetch(warehouse_url, "SELECT level, count(*) FROM users GROUP BY level"))
    assert {level: n for level, _, n in loaded["levels"].rows} == users
    matched = fetch(warehouse_url, "SELECT count(song_id) FROM songplays")[0][0]
    assert loaded["matched"].rows[0][:2] == (plays, matched)
    assert report.key_numbers(loaded)["plays"] == plays


def test_report_opens_offline_in_headless_chromium(
    tmp_path: Path, loaded: dict[str, report.Table], warehouse_url: str, prefect_api: str
) -> None:
    cli = run_cli(
        "report",
        "--out",
        str(tmp_path / "out"),
        "--warehouse",
        warehouse_url,
        api=prefect_api,
        home=tmp_path,
    )
    assert cli.returncode == 0, cli.stderr
    page = tmp_path / "out" / "report.html"
    text = page.read_text()
    assert not re.search(r"""(src|href)\s*=\s*['"]?(https?:)?//""", text)  # nothing to fetch
    images = re.findall(r"src='data:image/png;base64,([^']+)'", text)
    charts = [f for f in report.FIGURES if f.chart and loaded[f.key].rows]
    assert len(images) == len(charts) >= 5
    assert all(base64.b64decode(image).startswith(b"\x89PNG") for image in images)
    shot = tmp_path / "shot.png"
    browser = subprocess.run(
        chromium(
            tmp_path / "profile",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1200,3000",
            f"--screenshot={shot}",
            page.as_uri(),
        ),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert browser.returncode == 0, browser.stderr[-2000:]
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 50_000
