"""The Prefect server dies mid-run (kill -9): the load is published whole or not at all, the
command ends in one line, and the next run, with a working API, is clean."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from conftest import cli_env, star_tables, start_cli
from oracle import expected

from sparkify.generate import generate


@pytest.fixture
def doomed_api(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """A Prefect server of its own, started as a `sparkify` command starts one, for the test
    to kill: its API URL and its process id."""
    from sparkify.prefect_server import ensure_server, stop_server

    home = tmp_path / "doomed"
    api = ensure_server(home)
    yield api, json.loads((home / "prefect" / "server.json").read_text())["pid"]
    stop_server(home)  # nothing to do once killed


def staging_began(url: str) -> bool:
    with psycopg.connect(url, autocommit=True) as conn:
        return bool(
            conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND query LIKE 'COPY staging%%'"
            ).fetchone()[0]
        )


def test_a_prefect_server_killed_mid_run_publishes_nothing_half(
    tmp_path: Path,
    prefect_api: str,
    warehouse_url: str,
    doomed_api: tuple[str, int],
) -> None:
    full = tmp_path / "full"
    generate(full, events=150_000, songs=300, days=2, seed=12)
    source = tmp_path / "source"
    first_day = "log_data/2018/11/2018-11-01-events.json"
    for path in full.rglob("*.json"):
        key = path.relative_to(full).as_posix()
        if key.startswith("song_data/") or key == first_day:
            (source / key).parent.mkdir(parents=True, exist_ok=True)
            (source / key).write_bytes(path.read_bytes())
    home = tmp_path / "home"
    first = start_cli(
        "run", "--source", str(source), "--warehouse", warehouse_url, env=cli_env(prefect_api, home)
    )
    assert first.wait(600) == 0, first.communicate()
    before = star_tables(warehouse_url)
    day = "log_data/2018/11/2018-11-02-events.json"
    (source / day).write_bytes((full / day).read_bytes())

    api, server = doomed_api
    env = {**cli_env(api, home), "PREFECT_CLIENT_MAX_RETRIES": "1"}  # a short outage wait
    run = start_cli("run", "--source", str(source), "--warehouse", warehouse_url, env=env)
    deadline = time.monotonic() + 120
    while not staging_began(warehouse_url) and run.poll() is None:
        assert time.monotonic() < deadline, "staging never began"
        time.sleep(0.05)
    os.killpg(server, signal.SIGKILL)
    killed = time.monotonic()
    out, err = run.communicate(timeout=600)
    ended = time.monotonic() - killed  # ~30 s; ~9 min when it waited on Prefect's workers
    assert "Traceback" not in out + err, err[-3000:]
    if run.returncode == 0:  # the run did without its API, and published all of it
        assert star_tables(warehouse_url) == expected(source)
    else:  # or it stopped, in one line, and published none of it
        errors = [line for line in err.splitlines() if line.startswith("sparkify: error:")]
        assert len(errors) == 1 and "Prefect API" in errors[0], err[-3000:]
        assert star_tables(warehouse_url) == before
    assert ended < 180, f"the command took {ended:.0f} s to end without its API"

    published = star_tables(warehouse_url)
    (source / "log_data/2018/11/2018-11-03-events.json").write_bytes((full / day).read_bytes())
    dead = start_cli("run", "--source", str(source), "--warehouse", warehouse_url, env=env)
    out, err = dead.communicate(timeout=600)  # the API is still down: the same, from the start
    errors = [line for line in err.splitlines() if line.startswith("sparkify: error:")]
    assert dead.returncode == 1 and len(errors) == 1 and "Prefect API" in errors[0], err[-3000:]
    assert "Traceback" not in out + err
    assert star_tables(warehouse_url) == published
    (source / "log_data/2018/11/2018-11-03-events.json").unlink()

    again = start_cli(
        "run", "--source", str(source), "--warehouse", warehouse_url, env=cli_env(prefect_api, home)
    )
    assert again.wait(600) == 0, again.communicate()
    assert star_tables(warehouse_url) == expected(source)
