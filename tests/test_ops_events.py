"""Operations: the source calendar, schema drift, and their place in the gate and summary."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import T0, event, fetch, write_lines

from sparkify import alerts, events, quality
from sparkify.errors import DataError

DAY_MS = 86_400_000


def day_file(root: Path, day: int, records: list[dict[str, Any]]) -> Path:
    return write_lines(root, f"log_data/2018/11/2018-11-{day:02d}-events.json", records)


def plays(day: int, n: int = 3, **fields: Any) -> list[dict[str, Any]]:
    return [event(ts=T0 + (day - 1) * DAY_MS + i, itemInSession=i, **fields) for i in range(n)]


def test_the_missing_day_expectation_is_the_one_events_look_for() -> None:
    suite = json.loads(quality.suite_file("source_calendar").read_text())
    assert events.MISSING_DAYS[1] in [e["description"] for e in suite["expectations"]]


def test_a_day_removed_from_the_source_is_a_warning_and_in_the_calendar(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    for day in (1, 2, 3):
        day_file(tmp_path, day, plays(day))
    summary = run_load(tmp_path)
    assert not [w for w in summary.warnings if "source_calendar" in w]
    (tmp_path / "log_data/2018/11/2018-11-02-events.json").unlink()
    day_file(tmp_path, 4, plays(4))
    summary = run_load(tmp_path)
    missing = [w for w in summary.warnings if w.startswith("source_calendar")]
    assert len(missing) == 1 and "2018-11-02" in missing[0], summary.warnings
    calendar = fetch(
        warehouse_url,
        "SELECT day::text, present, files, lines, staged,"
        " first_loaded_at IS NOT NULL FROM source_calendar ORDER BY day",
    )
    assert calendar == [
        ("2018-11-01", True, 1, 3, 3, True),
        ("2018-11-02", False, 0, 3, 3, True),
        ("2018-11-03", True, 1, 3, 3, True),
        ("2018-11-04", True, 1, 3, 3, True),
    ]
    day_file(tmp_path, 3, plays(3, n=2))  # replaced by different bytes
    summary = run_load(tmp_path)
    assert any("replaced" in w and "2018-11-03" in w for w in summary.warnings), summary.warnings
    replaced = fetch(
        warehouse_url, "SELECT day::text FROM source_days WHERE last_replaced_at IS NOT NULL"
    )
    assert replaced == [("2018-11-03",)]


def test_a_renamed_field_shows_as_drift_and_its_null_share_warns(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    day_file(tmp_path, 1, plays(1, n=20))
    summary = run_load(tmp_path)
    assert summary.drift == []
    renamed = [
        {**{k: v for k, v in r.items() if k != "userAgent"}, "user_agent": "Mozilla/5.0"}
        for r in plays(2, n=10)
    ]
    day_file(tmp_path, 2, renamed)
    summary = run_load(tmp_path)
    assert summary.drift == [
        "events: unknown field 'user_agent' in 10 of 10 records",
        "events: known field 'userAgent' missing from 10 of 10 records",
    ]
    load_id = summary.load_id
    assert fetch(
        warehouse_url,
        "SELECT field, known, carried, records FROM schema_drift"
        " WHERE load_id = %s AND field IN ('userAgent', 'user_agent') ORDER BY field",
        [load_id],
    ) == [("userAgent", True, 0, 10), ("user_agent", False, 10, 10)]
    jumps = [w for w in summary.warnings if w.startswith("null_shares")]
    assert len(jumps) == 1 and "user_agent" in jumps[0], summary.warnings
    assert "schema drift:" in summary.render()
    assert {"schema drift": summary.drift[0]} in summary.table_rows()


class Receiver:
    """A webhook on loopback: collects the JSON bodies POSTed to it."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                received.append(json.loads(self.rfile.read(length) or b"{}"))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, subject: str, *texts: str, timeout: float = 45.0) -> dict[str, Any]:
        """The first notification with `subject` whose body holds every one of `texts`."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for body in list(self.received):
                if subject in body.get("subject", "") and all(t in body["body"] for t in texts):
                    return body
            time.sleep(0.25)
        raise AssertionError(f"no {subject!r} notification with {texts}: {self.received}")


@pytest.fixture
def receiver(prefect_api: str) -> Iterator[Receiver]:
    """A webhook receiver, and sparkify's automations removed after the test (the session's
    Prefect API serves other tests too)."""
    hook = Receiver()
    yield hook
    hook.server.shutdown()
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        for automation in client.read_automations():
            if automation.name.startswith("sparkify-"):
                client.delete_automation(automation.id)


def sparkify_automations() -> list[tuple[str, Any]]:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        found = client.read_automations()
    return sorted((a.name, a.id) for a in found if a.name.startswith("sparkify-"))


def test_alerts_install_twice_gives_the_same_automations(receiver: Receiver) -> None:
    names = alerts.install(webhook=receiver.url, within=timedelta(hours=1))
    first = sparkify_automations()
    assert [name for name, _ in first] == sorted(names) and len(names) == 5
    alerts.install(webhook=receiver.url, within=timedelta(hours=2))
    assert sparkify_automations() == first


def test_a_gate_failure_and_a_missed_day_reach_the_webhook(
    tmp_path: Path, run_load: Any, receiver: Receiver
) -> None:
    alerts.install(webhook=receiver.url, within=timedelta(hours=1))
    gold = tmp_path / "gold"
    write_lines(gold, "log_data/2018/11/2018-11-01-events.json", [event(level="gold")])
    with pytest.raises(DataError):
        run_load(gold)
    expectation = "users.level: expect_column_values_to_be_in_set failed (1 unexpected"
    receiver.wait_for("quality gate failed", expectation, "gold")
    receiver.wait_for("load failed", expectation)
    source = tmp_path / "daily"
    for day in (1, 2, 3):
        day_file(source, day, plays(day))
    run_load(source)
    (source / "log_data/2018/11/2018-11-02-events.json").unlink()
    run_load(source)
    receiver.wait_for("source day missing", "1 day(s) missing", "2018-11-02")
    receiver.wait_for("warning", "every day between the first and the last day seen")


def test_no_published_load_within_the_interval_alerts_proactively(receiver: Receiver) -> None:
    """The proactive trigger fires once `within` passed without a published event, not
    before: the server evaluates it every second (PREFECT_SERVER_EVENTS_PROACTIVE_GRANULARITY
    in conftest)."""
    alerts.install(webhook=receiver.url, within=timedelta(seconds=15))
    installed = time.monotonic()
    receiver.wait_for("no load published", "No sparkify.load.published event within 0:00:15")
    assert time.monotonic() - installed >= 12  # the interval ran out first


def no_load_notifications(receiver: Receiver) -> list[dict[str, Any]]:
    return [body for body in list(receiver.received) if "no load published" in body["subject"]]


def test_a_published_load_restarts_the_proactive_timer(receiver: Receiver) -> None:
    """A load published every half interval, for two intervals: no notification. Then none
    comes: the notification fires once, counted from the last load, whose message it gives.
    (Counted in fixed windows instead, the window after the last load's would fire with no
    event of its own to quote.)"""
    from sparkify.tasks.events import emit

    within = 12
    alerts.install(webhook=receiver.url, within=timedelta(seconds=within))
    for load_id in range(1, 5):
        load = events.Load(load_id, "postgresql://etl@db.internal/sparkify", "s3://bucket/p")
        emit(events.published(load, {"songplays": load_id}, {"publish": 0.5}))
        time.sleep(within / 2)
    assert no_load_notifications(receiver) == []  # two intervals passed: the loads reset it
    fired = receiver.wait_for(
        "no load published",
        "No sparkify.load.published event within 0:00:12",
        "The last one: load 4 published in 0.5 s",
    )
    time.sleep(within / 2)  # under an interval after it fired: no second one yet
    assert no_load_notifications(receiver) == [fired]
