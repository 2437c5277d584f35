"""Refresh the song-play report after a load and attach its headline to the run."""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from sparkify import markdown, report
from sparkify.warehouse import Warehouse
from tasks.retry import RETRIES


@task(name="render-report", cache_policy=NO_CACHE, **RETRIES)
def render_report(warehouse_url: str) -> str:
    """Render report.html from the published tables; a markdown artifact gives the numbers
    (escaped: the top song's title and artist come from the data)."""
    data = report.collect(Warehouse(warehouse_url))
    path = report.render(data, report.default_dir())
    lines = ["# Sparkify song plays", "", "| figure | value |", "|---|---|"]
    lines += [
        f"| {markdown.text(name)} | {markdown.text(value)} |"
        for name, value in report.key_numbers(data).items()
    ]
    lines += ["", f"Full report: `{path}`"]
    create_markdown_artifact(key="sparkify-report", markdown="\n".join(lines))
    return str(path)
