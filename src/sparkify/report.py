"""The song-play report: one self-contained HTML file from the published star schema.

Every figure is one query in sql/reports/; charts are inline SVG (sparkify.charts), tables
sort on a click with a few lines of inline script. Nothing is fetched when the file is
opened, so it reads offline and can be mailed around. Every value from the data is
HTML-escaped into text or a quoted attribute, never into the script; a
Content-Security-Policy lets only that script (by its hash) run and the page load nothing
(no image, no font, no stylesheet but its own inline style).
"""

from __future__ import annotations

import base64
import hashlib
import html
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from sparkify.charts import bar_chart
from sparkify.config import state_home
from sparkify.warehouse import Warehouse

WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]


@dataclass(frozen=True)
class Figure:
    key: str
    query: str
    title: str
    chart: str | None = None  # "bar" or "barh": drawn from the first two columns
    params: dict[str, Any] | None = None  # the query's %(name)s values


FIGURES = [
    Figure("hours", "reports/01_plays_by_hour", "Plays per hour of day (UTC)", "bar"),
    Figure("weekdays", "reports/02_plays_by_weekday", "Plays per weekday", "bar"),
    Figure("top_songs", "reports/03_top_songs", "Top songs (as users play them, matched or not)"),
    Figure("top_artists", "reports/04_top_artists", "Top artists (as users play them)"),
    Figure("matched", "reports/05_matched_share", "Plays matched to a known song"),
    Figure(
        "unmatched",
        "ops/unmatched",
        "Unmatched titles: nearest catalog songs, why missed",
        params={"top": 10, "song": None, "artist": None},
    ),
    Figure("levels", "reports/06_levels", "Free vs paid: plays and users", "bar"),
    Figure("conversions", "reports/07_conversions", "Level changes in event time"),
    Figure("active_users", "reports/08_active_users", "Most active users"),
    Figure("sessions", "reports/09_session_lengths", "Plays per session", "bar"),
    Figure("locations", "reports/10_locations", "Top metro areas by plays", "barh"),
    Figure("platforms", "reports/11_platforms", "Plays by client platform", "barh"),
    Figure("table_rows", "ops/table_counts", "Load health: rows per table"),
    Figure("quarantine", "reports/13_quarantine_reasons", "Load health: quarantine by reason"),
    Figure("quality", "reports/14_quality_results", "Load health: latest quality gate"),
    Figure("calendar", "ops/calendar", "Load health: source calendar (event files per day)"),
]


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[Any, ...]]


def collect(warehouse: Warehouse) -> dict[str, Table]:
    """Run every figure's query on the published tables, half of them on each of two
    connections at once (the queries are independent; a second core halves the wait)."""

    def run(figures: list[Figure]) -> dict[str, Table]:
        with warehouse.connect() as conn:
            return {figure.key: _query_table(conn, figure) for figure in figures}

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(run, [FIGURES[0::2], FIGURES[1::2]])
    tables = first | second
    return {figure.key: tables[figure.key] for figure in FIGURES}  # in the report's order


def _query_table(conn: psycopg.Connection, figure: Figure) -> Table:
    cursor = Warehouse.cursor(conn, figure.query, figure.params)
    return Table([column.name for column in cursor.description], cursor.fetchall())


def key_numbers(data: dict[str, Table]) -> dict[str, Any]:
    """The headline figures, for the run's Prefect artifact."""
    plays, matched, share = data["matched"].rows[0]
    top = data["top_songs"].rows[0] if data["top_songs"].rows else None
    return {
        "plays": plays,
        "matched plays": matched,
        "matched %": share,
        "users": dict(data["table_rows"].rows).get("users", 0),
        "converted free → paid": converted(data["conversions"]),
        "top song": f"{top[0]} by {top[1]} ({top[2]} plays)" if top else "none played",
    }


def converted(conversions: Table) -> int:
    """Users who moved from free to paid at least once (0 when nobody did)."""
    rows = [row for row in conversions.rows if row[:2] == ("free", "paid")]
    return int(rows[0][2]) if rows else 0


def default_dir() -> Path:
    return state_home() / "report"


def refresh(warehouse: Warehouse, out: Path) -> tuple[Path, dict[str, Table]]:
    """Collect every figure and write report.html into `out`: its path and the figures."""
    data = collect(warehouse)
    return render(data, out), data


def render(data: dict[str, Table], out: Path) -> Path:
    """Write report.html into `out` and return its path."""
    out.mkdir(parents=True, exist_ok=True)
    sections = []
    for figure in FIGURES:
        table = data[figure.key]
        body = _chart(figure, table) if figure.chart and table.rows else ""
        if figure.key == "calendar":
            body = heat_map(calendar_cells(table))
        sections.append(
            f"<section id='{figure.key}'><h2>{html.escape(figure.title)}</h2>"
            f"{body}{_table(table)}</section>"
        )
    numbers = "".join(
        f"<div class='number'><b>{html.escape(str(value))}</b>"
        f"<span>{html.escape(name)}</span></div>"
        for name, value in key_numbers(data).items()
    )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = _PAGE.format(
        policy=CONTENT_SECURITY_POLICY,
        script=_SORT_SCRIPT,
        stamp=stamp,
        numbers=numbers,
        sections="\n".join(sections),
    )
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _chart(figure: Figure, table: Table) -> str:
    return bar_chart(
        figure.title,
        [_label(figure, row[0]) for row in table.rows],
        [row[1] for row in table.rows],
        table.headers[1],
        horizontal=figure.chart == "barh",
    )


@dataclass(frozen=True)
class Cell:
    """One day of the calendar heat map: its place (week row, weekday column), its colour
    class and the figures its title gives."""

    day: date
    week: int  # 0 for the week (Monday to Sunday) of the first day
    weekday: int  # 0 Monday .. 6 Sunday
    kind: str  # "missing", "replaced", "staged-1" .. "staged-4" (share of the busiest day)
    title: str


SHADES = 4  # staged lines, in quarters of the busiest day's


def calendar_cells(table: Table) -> list[Cell]:
    """The heat map's cells from the source calendar's rows (sql/ops/calendar.sql): one per
    day, coloured missing (not in the source), replaced (its file replaced by different
    bytes), else by its staged lines."""
    rows = [dict(zip(table.headers, row, strict=True)) for row in table.rows]
    if not rows:
        return []
    first = min(row["day"] for row in rows)
    monday = first - timedelta(days=first.weekday())
    busiest = max(int(row["staged"] or 0) for row in rows) or 1
    cells = []
    for row in rows:
        day: date = row["day"]
        staged = int(row["staged"] or 0)
        if not row["present"]:
            kind = "missing"
        elif row["last_replaced_at"] is not None:
            kind = "replaced"
        else:
            kind = f"staged-{max(1, -(-staged * SHADES // busiest))}"
        figures = ", ".join(
            f"{name.replace('_', ' ')} {_cell(row[name])}"
            for name in ("files", "lines", "staged", "quarantined")
        )
        loaded = f"; first loaded {_stamp(row['first_loaded_at'])}"
        replaced = (
            f"; last replaced {_stamp(row['last_replaced_at'])}" if row["last_replaced_at"] else ""
        )
        state = "present" if row["present"] else "MISSING from the source"
        title = f"{day.isoformat()} ({WEEKDAYS[(day.weekday() + 1) % 7]}): {state}; {figures}"
        cells.append(
            Cell(
                day=day,
                week=(day - monday).days // 7,
                weekday=day.weekday(),
                kind=kind,
                title=title + (loaded if row["first_loaded_at"] else "") + replaced,
            )
        )
    return cells


def _stamp(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return _cell(value)


LEGEND = [
    ("staged-1", "few lines staged"),
    ("staged-2", ""),
    ("staged-3", ""),
    ("staged-4", "most lines staged"),
    ("replaced", "file replaced"),
    ("missing", "missing from the source"),
]


def heat_map(cells: list[Cell]) -> str:
    """The calendar as a table: a row per week (Monday first), a cell per day, each titled
    with its figures; days outside the calendar are empty. Pure HTML and CSS."""
    if not cells:
        return "<p>No event files listed yet.</p>"
    by_place = {(cell.week, cell.weekday): cell for cell in cells}
    head = "".join(f"<th>{name}</th>" for name in ("week of", *WEEKDAYS[1:], WEEKDAYS[0]))
    monday = cells[0].day - timedelta(days=cells[0].week * 7 + cells[0].weekday)
    weeks = []
    for week in range(max(cell.week for cell in cells) + 1):
        start = monday + timedelta(days=7 * week)
        days = []
        for weekday in range(7):
            cell = by_place.get((week, weekday))
            if cell is None:
                days.append("<td class='day none'></td>")
            else:
                days.append(
                    f"<td class='day {cell.kind}' title='{html.escape(cell.title)}'>"
                    f"{cell.day.day}</td>"
                )
        weeks.append(f"<tr><th>{start.isoformat()}</th>{''.join(days)}</tr>")
    legend = "".join(
        f"<span class='swatch'><i class='day {kind}'></i>{html.escape(text)}</span>"
        for kind, text in LEGEND
    )
    return (
        f"<table class='heat-map'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(weeks)}</tbody></table><p class='legend'>{legend}</p>"
    )


def _label(figure: Figure, value: Any) -> str:
    if figure.key == "weekdays":
        return WEEKDAYS[int(value)]
    return str(value)


def _table(table: Table) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in table.headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
        for row in table.rows
    )
    return f"<table class='sortable'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>Sparkify song plays</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }}
.numbers {{ display: flex; flex-wrap: wrap; gap: 1rem; }}
.number {{ border: 1px solid #ddd; border-radius: 6px; padding: .6rem 1rem; }}
.number b {{ display: block; font-size: 1.3rem; }}
.number span {{ color: #666; font-size: .85rem; }}
table {{ border-collapse: collapse; margin: .5rem 0 1.5rem; }}
th, td {{ border-bottom: 1px solid #eee; padding: .25rem .6rem; text-align: left; }}
th {{ cursor: pointer; background: #f6f6f6; }}
svg.chart {{ display: block; max-width: 100%; height: auto;
  font: 11px system-ui, sans-serif; fill: #222; }}
table.heat-map th {{ cursor: default; font-weight: normal; font-size: .8rem; }}
table.heat-map td.day {{ width: 2.2rem; height: 2.2rem; text-align: center;
  border: 2px solid #fff; }}
.day.none {{ background: #fafafa; }}
.day.staged-1 {{ background: #c6dbef; }}
.day.staged-2 {{ background: #6baed6; }}
.day.staged-3 {{ background: #2171b5; color: #fff; }}
.day.staged-4 {{ background: #08306b; color: #fff; }}
.day.replaced {{ background: #fdae6b; }}
.day.missing {{ background: #d7301f; color: #fff; font-weight: bold; }}
.legend .swatch {{ margin-right: 1rem; font-size: .85rem; }}
.legend i {{ display: inline-block; width: .9rem; height: .9rem; margin-right: .3rem;
  vertical-align: middle; }}
</style></head><body>
<h1>Sparkify: what songs users listen to</h1>
<p>From the published star schema, {stamp}. Click a column header to sort.</p>
<div class="numbers">{numbers}</div>
{sections}
<script>{script}</script>
</body></html>
"""

_SORT_SCRIPT = """
document.querySelectorAll("table.sortable th").forEach(function (th, index) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0];
    var column = Array.prototype.indexOf.call(th.parentNode.children, th);
    var up = th.dataset.order !== "asc"; th.dataset.order = up ? "asc" : "desc";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].textContent, y = b.cells[column].textContent;
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return up ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SORT_SCRIPT.encode()).digest()).decode()
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; script-src 'sha256-{_SCRIPT_HASH}'; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)
