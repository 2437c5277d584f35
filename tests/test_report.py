"""The song-play report: its figures equal independent SQL, and it renders offline in Chromium."""

from __future__ import annotations

import html
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
    for key, column in (("hours", "hour"), ("weekdays", "weekday")):  # as the time dimension
        assert loaded[key].rows == fetch(
            warehouse_url,
            f"SELECT t.{column}, count(*) FROM songplays AS p"
            f" JOIN time AS t ON t.start_time = p.start_time GROUP BY 1 ORDER BY 1",
        )
    agents = fetch(warehouse_url, "SELECT user_agent FROM songplays")
    assert dict(loaded["platforms"].rows) == platforms([agent for (agent,) in agents])
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
    per_user = fetch(
        warehouse_url,
        "SELECT user_id, count(*), count(DISTINCT session_id) FROM songplays GROUP BY user_id",
    )
    top_users = sorted(per_user, key=lambda r: (-r[1], r[0]))[:10]
    assert [(r[0], r[4], r[5]) for r in loaded["active_users"].rows] == top_users
    names = dict(fetch(warehouse_url, "SELECT user_id, first_name FROM users"))
    assert [r[1] for r in loaded["active_users"].rows] == [names.get(u) for u, _, _ in top_users]


def platforms(agents: list[str | None]) -> dict[str, int]:
    """Plays per platform, parsed from each play's user agent in Python."""
    names = [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android")]
    names += [("Windows", "Windows"), ("Macintosh", "Mac"), ("Linux", "Linux")]
    counts: dict[str, int] = {}
    for agent in agents:
        found = "unknown" if agent is None else next((n for k, n in names if k in agent), "other")
        counts[found] = counts.get(found, 0) + 1
    return counts


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
    charts = re.findall(r"<svg class='chart'.*?</svg>", text, re.S)  # drawn in the page
    drawn = [f for f in report.FIGURES if f.chart and loaded[f.key].rows]
    assert len(charts) == len(drawn) >= 5
    assert [chart.count("<rect ") for chart in charts] == [len(loaded[f.key].rows) for f in drawn]
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


HEAT_CELL = re.compile(r"<td class='day ([\w-]+)'(?: title='([^']*)')?>(\d*)</td>")


def test_the_source_calendar_is_a_heat_map_with_missing_and_replaced_days(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    """Five days of event files, the third never arrives and the fifth is replaced: the
    report's heat map has a cell per day in its weekday column, coloured so, titled with the
    day's figures, and the page stays safe in Chromium."""
    source = tmp_path / "source"
    generate(source, events=1500, songs=50, days=5, seed=21)
    logs = source / "log_data" / "2018" / "11"
    (logs / "2018-11-03-events.json").unlink()
    run_load(source)
    fifth = logs / "2018-11-05-events.json"
    kept = [line for line in fifth.read_text().splitlines() if line.strip()][:7]
    fifth.write_text("\n".join(kept) + "\n")  # replaced by different bytes
    run_load(source)

    data = report.collect(Warehouse(warehouse_url))
    cells = report.calendar_cells(data["calendar"])
    lines = {
        f"2018-11-{n:02d}": sum(1 for line in path.read_text().splitlines() if line.strip())
        for n in (1, 2, 4, 5)
        for path in [logs / f"2018-11-{n:02d}-events.json"]
    }
    assert [cell.day.isoformat() for cell in cells] == [f"2018-11-0{n}" for n in range(1, 6)]
    kinds = {cell.day.isoformat(): cell.kind for cell in cells}
    assert kinds["2018-11-03"] == "missing" and kinds["2018-11-05"] == "replaced"
    shaded = {day: kind for day, kind in kinds.items() if kind.startswith("staged-")}
    assert set(shaded) == {"2018-11-01", "2018-11-02", "2018-11-04"}
    busiest = max(shaded, key=lambda day: lines[day])
    assert shaded[busiest] == "staged-4"
    for cell in cells:
        day = cell.day.isoformat()
        assert cell.title.startswith(day)
        if day in lines:
            assert f"lines {lines[day]}, staged {lines[day]}, quarantined 0" in cell.title
    assert "MISSING" in next(c.title for c in cells if c.kind == "missing")
    assert "last replaced 20" in next(c.title for c in cells if c.kind == "replaced")

    page = report.render(data, tmp_path / "out")
    text = page.read_text()
    section = text[text.index("<section id='calendar'>") :]
    grid = section[section.index("<table class='heat-map'>") : section.index("</table>")]
    weeks = [HEAT_CELL.findall(row) for row in grid.split("<tr>")[2:]]  # after the head
    # 2018-11-01 is a Thursday: Monday to Wednesday of its week are empty
    assert [[(kind, int(n) if n else None) for kind, _, n in week] for week in weeks] == [
        [("none", None)] * 3 + [(kinds[f"2018-11-0{n}"], n) for n in (1, 2, 3, 4)],
        [(kinds["2018-11-05"], 5)] + [("none", None)] * 6,
    ]
    titles = [html.unescape(title) for week in weeks for _, title, _ in week if title]
    assert titles == [cell.title for cell in cells]
    for kind, _ in report.LEGEND:  # every colour has its legend entry
        assert f"<i class='day {kind}'></i>" in section

    from test_safe_pages import assert_safe

    work = tmp_path / "browser"
    work.mkdir()
    assert_safe(page, work, [])
