"""Refresh the song-play report after a load and attach its headline to the run."""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from sparkify import markdown
from sparkify.engine import Engine
from sparkify.tasks.retry import RETRIES


@task(name="render-report", cache_policy=NO_CACHE, **RETRIES)
def render_report(engine: Engine) -> str:
    """Render report.html from the published tables; a markdown artifact gives the numbers
    (escaped: the top song's title and artist come from the data)."""
    rendered = engine.report()
    if rendered is None:
        return ""
    path, numbers = rendered
    lines = ["# Sparkify song plays", "", "| figure | value |", "|---|---|"]
    lines += [f"| {markdown.text(k)} | {markdown.text(v)} |" for k, v in numbers.items()]
    lines += ["", f"Full report: `{path}`"]
    create_markdown_artifact(key="sparkify-report", markdown="\n".join(lines))
    return path
