"""Benchmark: the pipeline against the database's own floor and the classic row-by-row load.

    uv run python bench/run.py --events 1000000 --songs 100000

Measures, on this machine and in one run: the pipeline (`sparkify run` end to end on a fresh
embedded warehouse, quality gate included), the floor (JSON flattened to CSV in one pass,
COPY into staging, then the project's own build SQL, table after table, in one session),
row-by-row (the classic tutorial
load: a per-file loop, one INSERT per record and table, a song lookup per play; on a sample,
extrapolated linearly), a no-op re-run and an incremental day (each twice, on the same
warehouse; the faster of the two counts), and the peak RSS of
the `sparkify run` process tree (the database server excluded), again at --memory-events
(default 5M) to show memory does not grow with the input, the share of CPU time the
hypervisor took while the floor and each command ran (steal, `*_steal_pct`: a shared VM's
noise), and the fixed cost of a later command (`uv run sparkify run` against the state
folder's persistent Prefect server and warm runner, once the first command's runner is ready:
wall time minus the stages' seconds; min and median of --fixed-cost-runs, with the machine's
load; `--fixed-cost-only` measures just that), and the peer: dlt staging the same files into
PostgreSQL, without the star schema (bench/peer_dlt.py; `--no-peer` skips it, `--peer-only`
measures just the pipeline and dlt), and `sparkify run` as a user runs it, without
PREFECT_API_URL: the first command on a fresh state folder (it starts the Prefect server and
the warm runner) and a later one, each into an empty warehouse, on the embedded PostgreSQL and
on --pg15, then a no-op and a new day as later commands, against the performance issue's
targets (`--user-only` measures just that and the floor). `--pg15 URL` also runs the
pipeline on that existing PostgreSQL (a fresh database of its own; dlt then loads there too,
so the ratio compares one server). Prints a table, then one JSON line with every figure. A
Prefect server is started on loopback for the other runs, as a deployment has one; its own
memory is not counted.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import psutil
import psycopg
from psycopg.sql import SQL, Identifier

from sparkify import build_plan, drift, load, warm_runner
from sparkify.embedded import embedded_url, stop_embedded
from sparkify.generate import SAMPLE_SIZE, write_events
from sparkify.prefect_server import stop_server
from sparkify.sources import LocalSource
from sparkify.sqlfiles import sql, sql_group, statements
from sparkify.warehouse import Warehouse

CACHE = Path(__file__).parent / ".cache"
BENCH_SQL = Path(__file__).parent / "sql"


def generated(events: int, songs: int) -> Path:
    """The benchmark's data, generated once per size and kept in bench/.cache; then read once,
    untimed, so that whatever runs first finds it in the page cache as the runs after it do
    (this VM's kernel pages out page cache idle for a minute, DAMON `pageout`: a floor run
    first, cold, measured 73-86 s for a 41 s floor)."""
    folder = CACHE / f"data-{events}-{songs}"
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sparkify.cli",
                "generate",
                str(folder),
                "--events",
                str(events),
                "--songs",
                str(songs),
                "--days",
                "30",
            ],
            check=True,
        )
        (folder / ".complete").touch()
    for path in folder.rglob("*.json"):
        path.read_bytes()
    return folder


def prefect_server(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{url}/health", timeout=2)
            return server, url
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the Prefect server did not start")


def steal_percent(before: Any, after: Any) -> float:
    """The share of the machine's CPU time that its hypervisor gave to other guests (steal)
    between two `psutil.cpu_times()`: on a shared VM it slows one run of the same code and
    not the next, so each timed figure prints it beside its seconds (0 where the kernel does
    not count it)."""
    fields = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")
    total = sum(getattr(after, f, 0.0) - getattr(before, f, 0.0) for f in fields)
    steal = getattr(after, "steal", 0.0) - getattr(before, "steal", 0.0)
    return round(100 * steal / total, 1) if total > 0 else 0.0


def with_steal(measure: Callable[[], float]) -> tuple[float, float]:
    """A measurement's seconds, and the steal while it ran (steal_percent)."""
    before = psutil.cpu_times()
    seconds = measure()
    return seconds, steal_percent(before, psutil.cpu_times())


def timed_run(
    home: Path, source: Path, api: str | None, warehouse: str | None = None
) -> dict[str, Any]:
    """`sparkify run`: wall time, peak RSS of its process tree, stage times. On the embedded
    server under `home`, or on the `warehouse` URL; with the Prefect API `api`, or (None) as
    a user runs it: the state folder's own Prefect server and warm runner, started by the
    first command (whose wall time includes that), reused by later ones."""
    env = {**os.environ, "SPARKIFY_HOME": str(home)}
    for name in ("PREFECT_API_URL", "PREFECT_UI_URL", "SPARKIFY_WAREHOUSE_URL"):
        env.pop(name, None)
    if api is not None:
        env["PREFECT_API_URL"] = api
    cpu = psutil.cpu_times()
    started = time.monotonic()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sparkify.cli",
            "run",
            "--source",
            str(source),
            "--max-errors",
            "1%",
            *(["--warehouse", warehouse] if warehouse else []),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    peak = [0]
    runner = warm_runner.ready(home / "prefect") if api is None else None
    sampler = threading.Thread(target=_sample_rss, args=(process.pid, peak, runner), daemon=True)
    sampler.start()
    out, _ = process.communicate()
    seconds = time.monotonic() - started
    steal = steal_percent(cpu, psutil.cpu_times())
    sampler.join(timeout=2)
    if process.returncode != 0:
        raise RuntimeError(f"sparkify run failed: {out.decode()[-2000:]}")
    stages = {}
    for line in out.decode().splitlines():
        name, _, value = line.rpartition(" ")
        if name.strip() in (
            "find new files",
            "stage events || songs",
            "build and validate",
            "quality gate",
            "publish",
            "report",
        ):
            stages[name.strip()] = float(value)
    return {
        "seconds": seconds,
        "peak_rss_mb": peak[0] / 2**20,
        "stages": stages,
        "steal_percent": steal,
    }


def stage_seconds(out: str) -> dict[str, float]:
    """The summary's "seconds per stage" block: the load's own work."""
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split() == ["stage", "seconds"])
    stages = {}
    for line in lines[header + 1 :]:
        name, _, value = line.rpartition(" ")
        if not line.strip():
            break
        stages[name.strip()] = float(value)
    return stages


def fixed_cost(home: Path, runs: int) -> dict[str, Any]:
    """The fixed cost of a later command, as a user runs it: `uv run sparkify run` on the bundled
    sample, in a state folder of its own (its persistent Prefect server, started by a first run
    that is not counted), `runs` times. Each run finds nothing new; its fixed cost is its wall
    time minus the seconds of its stages (prepare, find new files, ... report): interpreter,
    uv, imports, the server check, the flow run's bookkeeping and the exit."""
    env = {**os.environ, "SPARKIFY_HOME": str(home)}
    for name in ("PREFECT_API_URL", "PREFECT_UI_URL", "SPARKIFY_WAREHOUSE_URL"):
        env.pop(name, None)
    command = ["uv", "run", "--project", str(Path(__file__).parent.parent), "sparkify", "run"]
    subprocess.run(command, env=env, check=True, capture_output=True)  # sample, servers
    wait_for_runner(home)
    seconds, loads = [], []
    try:
        for _ in range(runs):
            loads.append(os.getloadavg()[0])
            started = time.monotonic()
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            wall = time.monotonic() - started
            if done.returncode != 0:
                raise RuntimeError(f"sparkify run failed: {done.stderr[-2000:]}")
            seconds.append(wall - sum(stage_seconds(done.stdout).values()))
    finally:
        stop = [*command[:-1], "stop"]
        subprocess.run(stop, env=env, capture_output=True)
    return {
        "min_s": round(min(seconds), 2),
        "median_s": round(statistics.median(seconds), 2),
        "runs_s": [round(s, 2) for s in seconds],
        "load_1min": [round(load, 1) for load in loads],
    }


def wait_for_runner(home: Path) -> None:
    """Until the warm runner the first command started is up: a later command, a minute after,
    finds it so (its imports take seconds)."""
    deadline = time.monotonic() + 300
    while warm_runner.ready(home / "prefect") is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"no warm runner: {(home / 'prefect' / 'runner.log').read_text()}")
        time.sleep(0.2)


def as_a_user(work: Path, data: Path, events: int, songs: int, pg15: str | None) -> dict[str, Any]:
    """`sparkify run` as a user runs it (no PREFECT_API_URL): the first command on a machine
    (it starts the state folder's Prefect server and warm runner, and on the embedded
    warehouse the server itself) and a later one (all up), each loading all of `data` into
    an empty warehouse; on the embedded PostgreSQL and on `pg15`; then, on the embedded one,
    a no-op and a new day, later commands too."""
    figures: dict[str, Any] = {}
    for server, url in {"embedded": None, **({"pg15": pg15} if pg15 else {})}.items():
        home = work / f"user-{server}"
        try:
            if url is None:  # the state folder's own warehouse, as a first command makes it
                first = timed_run(home, data, None)
            else:
                with fresh_database(url) as first_url:
                    first = timed_run(home, data, None, first_url)
            wait_for_runner(home)
            with fresh_database(url or embedded_url(home)) as later_url:
                later = timed_run(home, data, None, later_url)
            figures[f"first_command_{server}_s"] = round(first["seconds"], 1)
            figures[f"later_command_{server}_s"] = round(later["seconds"], 1)
            figures[f"later_command_{server}_stages_s"] = later["stages"]
            figures[f"later_command_{server}_peak_rss_mb"] = round(later["peak_rss_mb"])
            figures[f"first_command_{server}_steal_pct"] = first["steal_percent"]
            figures[f"later_command_{server}_steal_pct"] = later["steal_percent"]
            if url is None:
                noops = [timed_run(home, data, None) for _ in range(2)]
                day = datetime(2018, 12, 1, tzinfo=UTC)
                fresh = new_day(home, data, None, day, events // 30, songs)
                figures["later_noop_s"] = round(min(run["seconds"] for run in noops), 1)
                figures["later_new_day_s"] = round(fresh["seconds"], 1)
                figures["later_new_day_stages_s"] = fresh["stages"]
                figures["later_noop_steal_pct"] = [run["steal_percent"] for run in noops]
                figures["later_new_day_steal_pct"] = fresh["steal_percent"]
        finally:
            warm_runner.stop(home / "prefect")
            stop_server(home)
            stop_embedded(home)
    return figures


def new_day(
    home: Path, data: Path, api: str | None, day: datetime, events: int, songs: int
) -> dict[str, Any]:
    """`sparkify run` after one new day of events lands in the source. Its plays pick from the
    same song_data as the rest (same seed and song count), as a real day's do."""
    folder = Path(tempfile.mkdtemp(prefix="sparkify-day-"))
    write_events(folder, events, songs, 1, SAMPLE_SIZE["seed"], day)
    shutil.copytree(folder / "log_data", data / "log_data", dirs_exist_ok=True)
    try:
        return timed_run(home, data, api)
    finally:
        shutil.rmtree(data / "log_data" / f"{day:%Y}" / f"{day:%m}", ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)


def _sample_rss(pid: int, peak: list[int], runner: int | None = None) -> None:
    """Sum the RSS of the process and its children every 0.1 s while it runs; with a warm
    `runner`, also of the child it forked for the command and that child's children (their
    pages shared with the runner count in full, as RSS does; the runner itself does not)."""
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while _alive(root):
        total = 0
        for process in [root, *root.children(recursive=True), *_forked(runner)]:
            try:
                if process.name() not in ("postgres", "pg_ctl"):
                    total += process.memory_info().rss
            except psutil.Error:  # a child that just ended
                continue
        peak[0] = max(peak[0], total)
        time.sleep(0.1)


def _forked(runner: int | None) -> list[psutil.Process]:
    try:
        return psutil.Process(runner).children(recursive=True) if runner else []
    except psutil.Error:
        return []


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def floor(url: str, source: Path) -> float:
    """The fastest honest way: one pass JSON -> CSV, COPY, then the project's build SQL."""
    started = time.monotonic()
    with psycopg.connect(url, cursor_factory=psycopg.ClientCursor) as conn:
        for name in [*sql_group("schema"), *sql_group("star")]:
            Warehouse.run(conn, name)
        load_id = Warehouse.rows(
            conn, "load/begin", {"source": str(source), "full_refresh": False}
        )[0][0]
        files = LocalSource(source).list_files()
        for kind, copy_name, fields in (
            ("events", "load/copy_events", drift.FIELDS["events"]),
            ("songs", "load/copy_songs", drift.FIELDS["songs"]),
        ):
            csv_copy = sql(copy_name) + " (FORMAT csv)"  # the project's COPY, fed CSV
            with conn.cursor().copy(csv_copy) as copy:
                for file in (f for f in files if f.kind == kind):
                    copy.write(_as_csv(source / file.key, file.key, fields))
        conn.execute((BENCH_SQL / "floor_files.sql").read_text())
        conn.commit()
        load.begin_build(conn, load_id, "full")  # the build plan's steps, in order, serially
        conn.commit()
        for step in build_plan.steps("full"):  # each in its own transaction, as a run does
            load.build_step(conn, load_id, step, "full")
            conn.commit()
    return time.monotonic() - started


def _as_csv(path: Path, key: str, fields: tuple[str, ...]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for number, line in enumerate(path.read_bytes().split(b"\n"), start=1):
        if line.strip():
            record = orjson.loads(line)
            values = [record.get(f) for f in fields]
            if "userId" in fields:
                values[-1] = values[-1] or None
            writer.writerow([key, number, 1, *(("" if v is None else v) for v in values)])
    return buffer.getvalue().encode()


def row_by_row(url: str, source: Path, events: int, songs: int, sample: int) -> float:
    """The classic tutorial load on `sample` events (songs in proportion), extrapolated.

    Per file: parse it, then one INSERT per record into each star table (songs and artists;
    for NextSong events time, users, a song lookup and the songplay), commit per file."""
    files = LocalSource(source).list_files()
    event_files = [f for f in files if f.kind == "events"]
    song_files = [f for f in files if f.kind == "songs"][: max(1, songs * sample // events)]
    song_inserts = statements((BENCH_SQL / "classic_song.sql").read_text())
    time_insert, user_insert, songplay_insert = statements(
        (BENCH_SQL / "classic_event.sql").read_text()
    )
    song_select = (BENCH_SQL / "classic_song_select.sql").read_text()
    read = 0
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute((BENCH_SQL / "classic_tables.sql").read_text())
    started = time.monotonic()
    with psycopg.connect(url) as conn:
        for file in song_files:
            for line in (source / file.key).read_text().splitlines():
                if line.strip():
                    record = json.loads(line)
                    for statement in song_inserts:
                        conn.execute(statement, record)
            conn.commit()
        for file in event_files:
            for line in (source / file.key).read_text().splitlines():
                if not line.strip() or read >= sample:
                    continue
                read += 1
                record = json.loads(line)
                if record.get("page") != "NextSong":
                    continue
                start = datetime(1970, 1, 1) + timedelta(milliseconds=record["ts"])
                record |= {
                    "start_time": start,
                    "hour": start.hour,
                    "day": start.day,
                    "week": start.isocalendar().week,
                    "month": start.month,
                    "year": start.year,
                    "weekday": (start.weekday() + 1) % 7,
                }
                conn.execute(time_insert, record)
                conn.execute(user_insert, record)
                match = conn.execute(song_select, record).fetchone()
                record |= {
                    "song_id": match[0] if match else None,
                    "artist_id": match[1] if match else None,
                }
                conn.execute(songplay_insert, record)
            conn.commit()
    return (time.monotonic() - started) * events / max(read, 1)


@contextmanager
def fresh_database(url: str) -> Iterator[str]:
    """A new, empty database on the server at `url` (its URL), dropped afterwards."""
    name = f"sparkify_bench_{os.getpid()}_{time.time_ns()}"
    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SQL("CREATE DATABASE {}").format(Identifier(name)))
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(Identifier(name)))


def dlt_staging(url: str, source: Path) -> float:
    """The peer's seconds: dlt stages `source` into a fresh dataset at `url` (no star schema).
    It runs in an environment of its own (the `peer` group, in bench/.cache/peer-env): dlt's
    pyarrow in the project's environment would be imported by every run's pandas."""
    peer = subprocess.run(
        [
            "uv",
            "run",
            "--frozen",
            "--no-default-groups",
            "--group",
            "peer",
            "python",
            "bench/peer_dlt.py",
            url,
            source,
        ],
        cwd=Path(__file__).parent.parent,
        env={
            **{name: value for name, value in os.environ.items() if name != "VIRTUAL_ENV"},
            "UV_PROJECT_ENVIRONMENT": str(CACHE / "peer-env"),
        },
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return float(peer.stdout.split()[-1])


def peer_figures(
    work: Path, data: Path, api: str, pipeline_s: float, pg15: str | None
) -> dict[str, Any]:
    """The pipeline on `pg15` (when given) and dlt's staging, on that server (else on an
    embedded one of its own), with the ratio dlt / pipeline on the same server."""
    figures: dict[str, Any] = {}
    if pg15:
        with fresh_database(pg15) as url:
            run = timed_run(work / "pg15", data, api, warehouse=url)
        figures["pipeline_pg15_s"] = round(run["seconds"], 1)
        figures["stages_pg15_s"] = run["stages"]
        pipeline_s = run["seconds"]
        with fresh_database(pg15) as url:
            figures["dlt_staging_s"] = round(dlt_staging(url, data), 1)
        figures["dlt_server"] = "PostgreSQL 15 (--pg15)"
    else:
        try:
            figures["dlt_staging_s"] = round(dlt_staging(embedded_url(work / "peer"), data), 1)
        finally:
            stop_embedded(work / "peer")
        figures["dlt_server"] = "embedded PostgreSQL"
    figures["dlt_over_pipeline"] = round(figures["dlt_staging_s"] / pipeline_s, 2)
    return figures


PEER_TARGET = "pipeline >= 4x faster than dlt staging"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--songs", type=int, default=100_000)
    parser.add_argument("--row-sample", type=int, default=20_000)
    parser.add_argument(
        "--memory-events",
        type=int,
        default=5_000_000,
        help="events of the second, larger run whose peak RSS must stay within "
        "10%% of the first's (0: skip)",
    )
    parser.add_argument(
        "--fixed-cost-runs", type=int, default=5, help="later commands timed (default 5)"
    )
    parser.add_argument(
        "--fixed-cost-only", action="store_true", help="measure the fixed cost only"
    )
    parser.add_argument(
        "--no-peer", action="store_true", help="skip the peer (dlt staging the same files)"
    )
    parser.add_argument(
        "--peer-only", action="store_true", help="measure the pipeline and the peer only"
    )
    parser.add_argument(
        "--user-only",
        action="store_true",
        help="measure the floor and `sparkify run` as a user runs it (first and later "
        "command, no-op, new day) only",
    )
    parser.add_argument(
        "--pg15",
        metavar="URL",
        help="also run the pipeline on this existing PostgreSQL (15), in a fresh database; "
        "the peer then loads there too",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sparkify-bench-"))
    if args.peer_only:
        peer_only(args, work)
        return
    if args.user_only:
        user_only(args, work)
        return
    fixed = fixed_cost(work / "fixed", args.fixed_cost_runs)
    if args.fixed_cost_only:
        shutil.rmtree(work, ignore_errors=True)
        print(
            f"{'fixed cost, later command (s)':<32}{fixed['median_s']:>12} (min {fixed['min_s']})"
        )
        print(json.dumps({"cpus": os.cpu_count(), "fixed_cost_later_command": fixed}))
        return
    data = generated(args.events, args.songs)
    server, api = prefect_server(work / "prefect")
    peer: dict[str, Any] = {}
    try:
        pipeline = timed_run(work / "home", data, api)
        if not args.no_peer:
            peer = peer_figures(work, data, api, pipeline["seconds"], args.pg15)
        # The no-ops first: a new day's file is removed again afterwards (the cached data stays
        # as generated), and a source that lost a day is not unchanged.
        noops = [timed_run(work / "home", data, api) for _ in range(2)]
        days = [
            new_day(work / "home", data, api, day, args.events // 30, args.songs)
            for day in (datetime(2018, 12, 1, tzinfo=UTC), datetime(2018, 12, 2, tzinfo=UTC))
        ]
        noop = min(noops, key=lambda run: run["seconds"])
        incremental = min(days, key=lambda run: run["seconds"])
        stop_embedded(work / "home")
        large = None
        if args.memory_events:
            large_data = generated(args.memory_events, args.songs)
            large = timed_run(work / "large", large_data, api)
            stop_embedded(work / "large")
        floor_seconds, floor_steal = with_steal(lambda: floor(embedded_url(work / "floor"), data))
        rows_seconds = row_by_row(
            embedded_url(work / "rows"), data, args.events, args.songs, args.row_sample
        )
    finally:
        for home in ("home", "large", "floor", "rows"):
            stop_embedded(work / home)
        server.terminate()
    figures = {
        "events": args.events,
        "songs": args.songs,
        "cpus": os.cpu_count(),
        "pipeline_s": round(pipeline["seconds"], 1),
        "pipeline_steal_pct": pipeline["steal_percent"],
        "floor_s": round(floor_seconds, 1),
        "floor_steal_pct": floor_steal,
        "row_by_row_s_extrapolated": round(rows_seconds, 1),
        "noop_s": round(noop["seconds"], 1),
        "incremental_s": round(incremental["seconds"], 1),
        "noop_s_runs": [round(run["seconds"], 1) for run in noops],
        "incremental_s_runs": [round(run["seconds"], 1) for run in days],
        "noop_steal_pct": [run["steal_percent"] for run in noops],
        "incremental_steal_pct": [run["steal_percent"] for run in days],
        "incremental_stages_s": incremental["stages"],
        "peak_rss_mb": round(pipeline["peak_rss_mb"]),
        "stages_s": pipeline["stages"],
        "memory_events": args.memory_events,
        "peak_rss_mb_at_memory_events": round(large["peak_rss_mb"]) if large else None,
        "pipeline_s_at_memory_events": round(large["seconds"], 1) if large else None,
        "gate_share": round(pipeline["stages"].get("quality gate", 0) / pipeline["seconds"], 3),
        "fixed_cost_later_command": fixed,
        **peer,
    }
    figures["targets"] = {
        "pipeline <= 1.5x floor": pipeline["seconds"] <= 1.5 * floor_seconds,
        "pipeline >= 15x faster than row-by-row": rows_seconds >= 15 * pipeline["seconds"],
        "peak RSS <= 400 MB": pipeline["peak_rss_mb"] <= 400,
        "peak RSS at --memory-events within 10% of it": bool(large)
        and large["peak_rss_mb"] <= 1.1 * pipeline["peak_rss_mb"],
        "incremental - no-op <= 5% of full": incremental["seconds"] - noop["seconds"]
        <= 0.05 * pipeline["seconds"],
        "no-op <= 15 s": noop["seconds"] <= 15,
        "gate <= 20% of pipeline": figures["gate_share"] <= 0.2,
        "fixed cost of a later command < 3 s (median)": fixed["median_s"] < 3,
    }
    if peer:
        figures["targets"][PEER_TARGET] = peer["dlt_over_pipeline"] >= 4
    for name in (
        "pipeline_s",
        "floor_s",
        "row_by_row_s_extrapolated",
        "noop_s",
        "incremental_s",
        "peak_rss_mb",
        "peak_rss_mb_at_memory_events",
        "pipeline_s_at_memory_events",
        "gate_share",
        *(name for name in ("pipeline_pg15_s", "dlt_staging_s", "dlt_over_pipeline") if peer),
    ):
        if name in figures:
            print(f"{name:<32}{figures[name]!s:>12}")
    print(f"{'fixed cost, later command (s)':<32}{fixed['median_s']:>12} (min {fixed['min_s']})")
    print(
        f"(row-by-row: the classic per-file, per-record load of {args.row_sample} events and "
        "songs in proportion, extrapolated linearly)"
    )
    if peer:
        print(f"(dlt: staging only, no star schema, into {peer['dlt_server']})")
    for target, met in figures["targets"].items():
        print(f"  {'met ' if met else 'MISS'}  {target}")
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures))


def user_targets(figures: dict[str, Any]) -> dict[str, bool]:
    """The performance issue's targets for `sparkify run` as a user runs it (as_a_user), on
    each server measured, against the floor (measured on the embedded PostgreSQL)."""
    floor_s = figures["floor_s"]
    targets = {}
    for server in ("embedded", "pg15"):
        if f"first_command_{server}_s" in figures:
            first = figures[f"first_command_{server}_s"]
            later = figures[f"later_command_{server}_s"]
            targets[f"first command <= 1.3x floor ({server})"] = first <= 1.3 * floor_s
            targets[f"later command <= 1.0x floor ({server})"] = later <= floor_s
            rss = figures[f"later_command_{server}_peak_rss_mb"]
            targets[f"peak RSS <= 300 MB, later command ({server})"] = rss <= 300
    if "later_noop_s" in figures:
        targets["no-op <= 3 s, later command"] = figures["later_noop_s"] <= 3
        targets["new day <= no-op + 1.5 s"] = (
            figures["later_new_day_s"] <= figures["later_noop_s"] + 1.5
        )
        stages = figures["later_command_embedded_stages_s"]
        gate = stages.get("quality gate", 0) / figures["later_command_embedded_s"]
        figures["later_gate_share"] = round(gate, 3)
        targets["quality gate <= 15% of the pipeline (later command)"] = gate <= 0.15
    return targets


def user_only(args: argparse.Namespace, work: Path) -> None:
    """`--user-only`: the floor, then `sparkify run` as a user runs it, nothing else."""
    data = generated(args.events, args.songs)
    try:
        floor_s, floor_steal = with_steal(lambda: floor(embedded_url(work / "floor"), data))
    finally:
        stop_embedded(work / "floor")
    figures = {
        "events": args.events,
        "songs": args.songs,
        "cpus": os.cpu_count(),
        "load_1min": round(os.getloadavg()[0], 1),
        "floor_s": round(floor_s, 1),
        "floor_steal_pct": floor_steal,
        **as_a_user(work, data, args.events, args.songs, args.pg15),
    }
    figures["targets"] = user_targets(figures)
    for name, value in figures.items():
        if not isinstance(value, dict):
            print(f"{name:<40}{value!s:>12}")
    for target, met in figures["targets"].items():
        print(f"  {'met ' if met else 'MISS'}  {target}")
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures))


def peer_only(args: argparse.Namespace, work: Path) -> None:
    """`--peer-only`: the pipeline (embedded, and on --pg15) and dlt's staging, nothing else."""
    data = generated(args.events, args.songs)
    server, api = prefect_server(work / "prefect")
    try:
        pipeline = timed_run(work / "home", data, api)
        stop_embedded(work / "home")
        peer = peer_figures(work, data, api, pipeline["seconds"], args.pg15)
    finally:
        for home in ("home", "peer"):
            stop_embedded(work / home)
        server.terminate()
    figures = {
        "events": args.events,
        "songs": args.songs,
        "cpus": os.cpu_count(),
        "load_1min": round(os.getloadavg()[0], 1),
        "pipeline_s": round(pipeline["seconds"], 1),
        "stages_s": pipeline["stages"],
        **peer,
    }
    figures["targets"] = {PEER_TARGET: peer["dlt_over_pipeline"] >= 4}
    for name in ("pipeline_s", "pipeline_pg15_s", "dlt_staging_s", "dlt_over_pipeline"):
        if name in figures:
            print(f"{name:<32}{figures[name]!s:>12}")
    print(f"(dlt: staging only, no star schema, into {peer['dlt_server']})")
    for target, met in figures["targets"].items():
        print(f"  {'met ' if met else 'MISS'}  {target}")
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
