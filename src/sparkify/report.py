"""The song-play report: one self-contained HTML file from the published star schema.

Every figure is one query in sql/reports/; charts are drawn with matplotlib and embedded as
PNG data, tables sort on a click with a few lines of inline script. Nothing is fetched when
the file is opened, so it reads offline and can be mailed around. Every value from the data
is HTML-escaped into text or a quoted attribute, never into the script; a
Content-Security-Policy lets only that script (by its hash) run and the page load nothing
but its own inline images and style.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

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


def render(data: dict[str, Table], out: Path) -> Path:
    """Write report.html into `out` and return its path."""
    out.mkdir(parents=True, exist_ok=True)
    sections = []
    for figure in FIGURES:
        table = data[figure.key]
        body = _chart(figure, table) if figure.chart and table.rows else ""
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
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    labels = [_label(figure, row[0]) for row in table.rows]
    values = [row[1] for row in table.rows]
    fig, axes = pyplot.subplots(figsize=(7, 3.2), dpi=100)
    if figure.chart == "barh":
        axes.barh(labels[::-1], values[::-1], color="#1f77b4")
    else:
        axes.bar(labels, values, color="#1f77b4")
    if figure.chart == "barh":
        axes.set_xlabel(table.headers[1])
    else:
        axes.set_ylabel(table.headers[1])
    axes.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    pyplot.close(fig)
    encoded = base64.b64encode(buffer.getvalue()).decode()
    return f"<img alt='{html.escape(figure.title)}' src='data:image/png;base64,{encoded}'>"


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
img {{ max-width: 100%; }}
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
    "img-src data:; base-uri 'none'; form-action 'none'"
)
