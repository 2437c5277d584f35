"""The flow as a person sees it in the Prefect UI: the runbook's steps as task runs, read back
from a real Prefect API."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from conftest import star_tables
from oracle import expected

from sparkify import build_plan
from sparkify.generate import generate


def task_runs(flow_state: Any) -> list[Any]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    flow_run_id = flow_state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        return list(
            client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
            )
        )


def named(runs: list[Any], prefix: str) -> list[Any]:
    return [run for run in runs if run.name.startswith(prefix)]


def overlap(a: Any, b: Any) -> bool:
    return bool(a.start_time < b.end_time and b.start_time < a.end_time)


def test_a_run_is_the_runbook_a_task_per_table_and_per_suite(
    tmp_path: Path, prefect_api: str, warehouse_url: str
) -> None:
    from sparkify.flows.etl import sparkify_etl

    source = tmp_path / "source"
    generate(source, events=30_000, songs=600, days=3, seed=8)
    state = sparkify_etl(source=str(source), warehouse=warehouse_url, return_state=True)
    assert state.is_completed(), state.message
    runs = task_runs(state)
    assert all(run.state.is_completed() for run in runs), [(r.name, r.state) for r in runs]
    assert sorted(r.name for r in named(runs, "stage-")) == ["stage-events", "stage-songs"]
    loads = {run.name: run for run in named(runs, "load-")}
    assert set(loads) == {f"load-{step.table}" for step in build_plan.PLAN}
    checks = sorted(run.name for run in named(runs, "validate-"))
    assert checks == sorted(f"validate-{suite}" for suite in build_plan.SUITES)
    assert len(named(runs, "quality-gate")) == len(named(runs, "publish")) == 1
    # users needs nothing the song records make: the two run at once
    assert overlap(loads["load-users"], loads["load-song_records"])
    for step in build_plan.PLAN:  # and nothing starts before what it needs is built
        for need in step.needs:
            assert loads[f"load-{need}"].end_time <= loads[f"load-{step.table}"].start_time
    gate = named(runs, "quality-gate")[0]
    assert all(run.end_time <= gate.start_time for run in named(runs, "validate-"))
    assert star_tables(warehouse_url) == expected(source)

    later = tmp_path / "later"  # one more day of events: the daily case, built as a delta
    generate(later, events=2_000, songs=10, days=1, seed=9, first_day=date(2018, 12, 1))
    for day in (later / "log_data").rglob("*.json"):
        target = source / day.relative_to(later)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(day.read_bytes())
    state = sparkify_etl(source=str(source), warehouse=warehouse_url, return_state=True)
    assert state.is_completed(), state.message
    assert state.result().build == "delta"
    runs = task_runs(state)
    assert [r.name for r in named(runs, "stage-")] == ["stage-events"]
    assert {r.name for r in named(runs, "load-")} == {
        f"load-{step.table}" for step in build_plan.steps("delta")
    }
    assert {r.name for r in named(runs, "validate-")} == {
        f"validate-{suite}" for suite in build_plan.suites("delta")
    }
    assert star_tables(warehouse_url) == expected(source)

    # The source as the last load saw it: nothing staged, built, checked or reported.
    state = sparkify_etl(source=str(source), warehouse=warehouse_url, return_state=True)
    assert state.is_completed(), state.message
    assert state.result().build == "unchanged" and not state.result().report
    names = [r.name.rsplit("-", 1)[0] for r in sorted(task_runs(state), key=_started)]
    assert names == ["prepare-load", "find-new-files", "publish-unchanged"]
    assert star_tables(warehouse_url) == expected(source)


def _started(run: Any) -> Any:
    return run.start_time
