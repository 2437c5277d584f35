"""A flow run still sends its heartbeat though its end no longer waits for the heartbeat
thread (sparkify.prefect_heartbeat)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import prefect.flow_engine
from conftest import event, song_record, write_lines

from sparkify import prefect_heartbeat


def heartbeats(flow_run_id: Any) -> list[Any]:
    from prefect.client.orchestration import get_client
    from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter

    wanted = EventFilter(
        event=EventNameFilter(name=["prefect.flow-run.heartbeat"]),
        resource=EventResourceFilter(id=[f"prefect.flow-run.{flow_run_id}"]),
    )
    with get_client(sync_client=True) as client:
        return list(
            client.read_events(filter=wanted, limit=50).events
        )  # its default, 100, is refused


def test_a_run_still_sends_its_heartbeat_and_its_thread_ends_by_itself(
    tmp_path: Path, prefect_api: str, warehouse_url: str
) -> None:
    from sparkify.flows.etl import sparkify_etl

    assert prefect.flow_engine._send_heartbeats is prefect_heartbeat.heartbeats_not_joined
    write_lines(tmp_path, "log_data/2018/11/2018-11-01-events.json", [event()])
    write_lines(tmp_path, "song_data/A/B/C/TR1.json", [song_record()])
    before = set(threading.enumerate())
    state = sparkify_etl(source=str(tmp_path), warehouse=warehouse_url, return_state=True)
    assert state.is_completed(), state.message
    # the run no longer joins its heartbeat thread (it sleeps in one-second steps): one
    # still asleep as the run returned ends by itself at its next step
    started = set(threading.enumerate()) - before
    for thread in (t for t in started if "heartbeat_loop" in repr(getattr(t, "_args", ()))):
        thread.join(timeout=5)
        assert not thread.is_alive(), "a heartbeat thread outlived its run"
    deadline = time.monotonic() + 60  # the server persists events in batches
    while not (found := heartbeats(state.state_details.flow_run_id)):
        assert time.monotonic() < deadline, "no heartbeat event for the flow run"
        time.sleep(0.5)
    assert len(found) >= 1
