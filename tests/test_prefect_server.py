"""The Prefect server the CLI keeps in the state folder, used as a person would.

No PREFECT_API_URL here: every `sparkify` process finds (or starts) its state folder's own
server. Each test stops the servers it started, even when it fails.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import psutil
import pytest
from conftest import chromium, start_cli

from sparkify import warm_runner
from sparkify.embedded import stop_embedded
from sparkify.generate import generate
from sparkify.prefect_server import stop_server

pytestmark = pytest.mark.slow
FLOW_KEYS = (  # made by the flow itself: the tab's "Flow run" list
    "sparkify-load",
    "sparkify-calendar",
    "sparkify-drift",
    "sparkify-report-file",
    "sparkify-data-docs",
)
TASK_KEYS = ("sparkify-quality", "sparkify-report")  # by its tasks: the "Task runs" list
RUN_KEYS = {*FLOW_KEYS, *TASK_KEYS}


@dataclass
class Command:
    returncode: int
    stdout: str
    stderr: str
    started: datetime
    pid: int

    def watch_url(self) -> str:
        found = re.findall(r"^watch it: (\S+)$", self.stdout, re.M)
        assert found, self.stdout
        return str(found[-1])

    def seconds_to_flow(self) -> float:
        """From the command's start to its flow run's first log line (then the tasks run)."""
        found = re.search(
            r"^(\d\d:\d\d:\d\d\.\d{3}) \| INFO .* Beginning flow run",
            self.stdout + self.stderr,
            re.M,
        )
        assert found, self.stderr
        began = datetime.combine(
            self.started.date(), datetime.strptime(found[1], "%H:%M:%S.%f").time()
        )
        return (began - self.started).total_seconds()


def own_env(home: Path, **extra: str) -> dict[str, str]:
    """A user's environment: this state folder, no warehouse URL, no Prefect API unless given."""
    unset = ("SPARKIFY_WAREHOUSE_URL", "PREFECT_API_URL")
    env = {name: value for name, value in os.environ.items() if name not in unset}
    env.update(SPARKIFY_HOME=str(home), **extra)
    return env


def launch(*args: str, home: Path, **extra: str) -> tuple[subprocess.Popen[str], datetime]:
    return start_cli(*args, env=own_env(home, **extra)), datetime.now()


def finish(started: tuple[subprocess.Popen[str], datetime]) -> Command:
    process, at = started
    out, err = process.communicate(timeout=600)
    return Command(process.returncode, out, err, at, process.pid)


def sparkify(*args: str, home: Path, **extra: str) -> Command:
    return finish(launch(*args, home=home, **extra))


def recorded(home: Path) -> dict[str, Any]:
    return dict(json.loads((home / "prefect" / "server.json").read_text()))


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def answers(url: str) -> int:
    """The HTTP status a browser's navigation to `url` gets."""
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(response.status)


def runner_log(home: Path) -> str:
    log = home / "prefect" / "runner.log"
    return log.read_text() if log.exists() else ""


def runner_ready(home: Path, replacing: int | None = None) -> int:
    """Wait until the state folder's warm runner (a command started it) is ready; its pid."""
    deadline = time.monotonic() + 180
    while True:
        pid = warm_runner.ready(home / "prefect")
        if pid is not None and pid != replacing:
            return pid
        assert time.monotonic() < deadline, runner_log(home)
        time.sleep(0.2)


def forked_for(home: Path, client: int) -> int | None:
    """The pid of the child the warm runner forked for the command `client`, if it did."""
    found = re.findall(rf" client {client}: sparkify .* in pid (\d+)$", runner_log(home), re.M)
    return int(found[0]) if found else None


def small_source(root: Path) -> Path:
    generate(root, events=300, songs=30, days=2, seed=3)
    return root


@contextmanager
def stopped_after(home: Path) -> Iterator[Path]:
    try:
        yield home
    finally:
        warm_runner.stop(home / "prefect")
        stop_server(home)
        stop_embedded(home)


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    with stopped_after(tmp_path / "state") as state:
        yield state


MISSING_DAY = "log_data/2018/11/2018-11-02-events.json"


@dataclass
class TwoRuns:
    home: Path
    first: Command
    second: Command
    record_after_first: str
    record_after_second: str


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwoRuns]:
    """`sparkify run` twice on one state folder, as the acceptance test of the issue."""
    root = tmp_path_factory.mktemp("two-runs")
    source = root / "source"
    generate(source, events=300, songs=30, days=3, seed=3)
    with stopped_after(root / "state") as state:
        first = sparkify("run", "--source", str(source), home=state)
        assert first.returncode == 0, first.stderr
        after_first = (state / "prefect" / "server.json").read_text()
        (source / MISSING_DAY).unlink()  # the second run's calendar finding
        runner_ready(state)
        second = sparkify("run", "--source", str(source), home=state)
        assert second.returncode == 0, second.stderr
        after_second = (state / "prefect" / "server.json").read_text()
        print(
            f"\nfixed cost (command start to flow run): first {first.seconds_to_flow():.1f} s, "
            f"second {second.seconds_to_flow():.1f} s"
        )
        yield TwoRuns(state, first, second, after_first, after_second)


@contextmanager
def api(port: int) -> Iterator[Any]:
    """A client of the server on `port`, without touching this process's environment."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with (
        temporary_settings({PREFECT_API_URL: f"http://127.0.0.1:{port}/api"}),
        get_client(sync_client=True) as client,
    ):
        yield client


def flow_run_id(url: str) -> UUID:
    return UUID(url.rsplit("/", 1)[1])


def artifacts_of(client: Any, run: UUID) -> dict[str, Any]:
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    found = client.read_artifacts(
        artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run]))
    )
    return {artifact.key: artifact for artifact in found}


def test_a_killed_server_is_restarted_by_the_next_command(home: Path, tmp_path: Path) -> None:
    assert sparkify("ui", home=home).returncode == 0
    killed = recorded(home)
    os.kill(killed["pid"], signal.SIGKILL)
    deadline = time.monotonic() + 30
    while alive(killed["pid"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    run = sparkify("run", "--source", str(small_source(tmp_path / "source")), home=home)
    assert run.returncode == 0, run.stderr
    server = recorded(home)
    assert server["pid"] != killed["pid"] and alive(server["pid"])
    assert run.watch_url().startswith(f"http://127.0.0.1:{server['port']}/runs/flow-run/")
    assert answers(run.watch_url()) == 200


def test_later_runs_are_forked_by_the_warm_runner_as_they_would_run_in_process(
    home: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source"
    generate(source, events=100_000, songs=100, days=2, seed=5)
    first = sparkify("run", "--source", str(source), home=home)
    assert first.returncode == 0, first.stderr
    assert forked_for(home, first.pid) is None  # the first command runs in-process
    runner = runner_ready(home)

    # Ctrl-C reaches the run through its command: interrupted, as in-process.
    interrupted = launch("run", "--source", str(source), "--full-refresh", home=home)
    child = staging_child(home, interrupted[0].pid)
    interrupted[0].send_signal(signal.SIGINT)
    stopped = finish(interrupted)
    assert stopped.returncode == 130 and "sparkify: interrupted" in stopped.stderr, stopped.stderr
    assert "Traceback" not in stopped.stdout + stopped.stderr

    # A command killed outright takes its run with it (its load is left to expire).
    killed = launch("run", "--source", str(source), "--full-refresh", home=home)
    child = staging_child(home, killed[0].pid)
    killed[0].kill()
    assert gone(child), "the warm child outlived its killed command"

    # A runner killed outright: the next command runs in-process and starts another.
    os.kill(runner, signal.SIGKILL)
    assert gone(runner)
    after_kill = sparkify("run", "--source", str(source), home=home)
    assert after_kill.returncode == 0, after_kill.stderr
    assert forked_for(home, after_kill.pid) is None
    runner = runner_ready(home, replacing=runner)

    warm = sparkify("run", "--source", str(source), home=home)
    assert warm.returncode == 0, warm.stderr
    assert forked_for(home, warm.pid) is not None
    assert warm.stdout.count("watch it: ") == 1 and "star schema: unchanged" in warm.stdout
    assert "HTTP Request" not in warm.stdout + warm.stderr  # no logging of the runner's own

    # Other Prefect settings than the runner's: it steps aside, and is replaced.
    mark = len(runner_log(home))
    other = sparkify("run", "--source", str(source), home=home, PREFECT_LOGGING_LEVEL="INFO")
    assert other.returncode == 0 and forked_for(home, other.pid) is None, other.stderr
    assert "code or settings changed since start; leaving" in runner_log(home)[mark:]
    assert gone(runner)
    runner = runner_ready(home, replacing=runner)

    off = sparkify("run", "--source", str(source), home=home, SPARKIFY_WARM="off")
    assert off.returncode == 0 and forked_for(home, off.pid) is None, off.stderr
    assert load_table(off) == load_table(warm)

    stop = sparkify("stop", home=home)
    assert "warm runner stopped" in stop.stdout.splitlines(), stop.stdout
    assert gone(runner)


def load_table(command: Command) -> str:
    """The summary's table of rows staged, quarantined and published."""
    found = re.search(r"^table .*?(?=\n\n)", command.stdout, re.M | re.S)
    assert found, command.stdout
    return found[0]


def staging_child(home: Path, client: int) -> int:
    """The warm child of command `client`, once it stages (a staging process of its own)."""
    deadline = time.monotonic() + 120
    while True:
        child = forked_for(home, client)
        if child is not None:
            with contextlib.suppress(psutil.Error):
                if any(
                    "sparkify.child_staging" in " ".join(p.cmdline())
                    for p in psutil.Process(child).children(recursive=True)
                ):
                    return child
        assert time.monotonic() < deadline, runner_log(home)
        time.sleep(0.05)


def gone(pid: int, patience: float = 30) -> bool:
    deadline = time.monotonic() + patience
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def prefect_servers(home: Path) -> list[psutil.Process]:
    """The live `prefect server` processes working in this state folder."""
    found = []
    for process in psutil.process_iter(["cmdline", "cwd", "status"]):
        if (
            process.info["cwd"] == str(home / "prefect")
            and process.info["status"] != "zombie"
            and "server" in (process.info["cmdline"] or [])
        ):
            found.append(process)
    return found


def test_commands_started_at_once_share_one_server(home: Path) -> None:
    together = [launch("ui", home=home) for _ in range(2)]
    first, second = (finish(started) for started in together)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout == second.stdout == f"http://127.0.0.1:{recorded(home)['port']}\n"
    assert [p.pid for p in prefect_servers(home)] == [recorded(home)["pid"]]
    assert sorted(path.name for path in (home / "prefect").glob("server*")) == [
        "server.json",
        "server.lock",
        "server.log",
    ]


def test_a_run_gets_ready_while_its_new_server_starts(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sparkify import cli

    monkeypatch.setenv("SPARKIFY_HOME", str(home))
    for name in ("PREFECT_API_URL", "PREFECT_UI_URL", "PREFECT_CLIENT_MAX_RETRIES"):
        monkeypatch.setenv(name, "")  # restored (unset) after the test
        monkeypatch.delenv(name)
    seen: list[tuple[str, bool]] = []

    def meanwhile() -> None:
        seen.append((os.environ["PREFECT_API_URL"], (home / "prefect/server.json").exists()))

    cli._use_prefect_server(meanwhile)
    address = f"http://127.0.0.1:{recorded(home)['port']}/api"
    assert seen == [(address, False)]  # its address set, the server not answering yet
    assert os.environ["PREFECT_API_URL"] == address and answers(f"{address}/health") == 200
    monkeypatch.delenv("PREFECT_API_URL")
    cli._use_prefect_server(meanwhile)  # a live server: nothing to wait for
    assert seen == [(address, False)] and os.environ["PREFECT_API_URL"] == address


def test_ui_prints_the_address_and_stop_stops_the_server(home: Path) -> None:
    ui = sparkify("ui", home=home)
    assert ui.returncode == 0, ui.stderr
    server = recorded(home)
    assert ui.stdout == f"http://127.0.0.1:{server['port']}\n"
    assert answers(ui.stdout.strip()) == 200
    stop = sparkify("stop", home=home)
    assert stop.returncode == 0 and "Prefect server stopped" in stop.stdout.splitlines()
    assert not alive(server["pid"]) and not (home / "prefect" / "server.json").exists()
    assert prefect_servers(home) == []
    again = sparkify("stop", home=home)
    assert again.stdout == "no embedded PostgreSQL was running\n"
    elsewhere = sparkify("ui", home=home, PREFECT_API_URL="http://127.0.0.1:9/api")  # it wins
    assert elsewhere.stdout == "http://127.0.0.1:9\n"
    assert not (home / "prefect" / "server.json").exists()


def test_a_second_run_reuses_the_server_and_both_show_in_the_ui(two_runs: TwoRuns) -> None:
    server = recorded(two_runs.home)
    assert two_runs.record_after_second == two_runs.record_after_first  # reused, not restarted
    assert forked_for(two_runs.home, two_runs.second.pid) is not None  # by the warm runner
    assert alive(server["pid"])
    assert (two_runs.home / "prefect" / "prefect.db").is_file()
    urls = [two_runs.first.watch_url(), two_runs.second.watch_url()]
    assert all(url.startswith(f"http://127.0.0.1:{server['port']}/runs/flow-run/") for url in urls)
    assert two_runs.second.seconds_to_flow() < two_runs.first.seconds_to_flow()
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    ids = [flow_run_id(url) for url in urls]
    with api(server["port"]) as client:
        runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=ids)))
        assert {run.id: run.state_name for run in runs} == dict.fromkeys(ids, "Completed")
        for run in ids:
            artifacts = artifacts_of(client, run)
            assert set(artifacts) >= RUN_KEYS
            report = (two_runs.home / "report" / "report.html").as_uri()
            assert report in str(artifacts["sparkify-report-file"].data)
            assert "local_site/index.html" in str(artifacts["sparkify-data-docs"].data)
            load = artifacts["sparkify-load"].data
            assert "staging_events" in load and "songplays" in load and "seconds" in load
            assert "expect_" in artifacts["sparkify-quality"].data
            assert "no unknown field" in artifacts["sparkify-drift"].data
            assert all(artifacts[key].task_run_id is None for key in FLOW_KEYS)
            assert all(artifacts[key].task_run_id is not None for key in TASK_KEYS)
        first, second = (artifacts_of(client, run)["sparkify-calendar"].data for run in ids)
        assert "no day missing" in first
        assert "2018-11-02" in second and "source_calendar" in second
    assert all(answers(url) == 200 for url in urls)


class Browser:
    """Headless Chromium driven over the DevTools protocol: open a page, click, look."""

    def __init__(self, work: Path) -> None:
        profile = work / "profile"
        self.process = subprocess.Popen(
            chromium(
                profile, "--remote-debugging-port=0", "--window-size=1400,1000", "about:blank"
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "HOME": str(work)},
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not port_file.exists() or not port_file.read_text().strip():
            assert time.monotonic() < deadline and self.process.poll() is None, "no Chromium"
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as reply:
            page = next(t for t in json.load(reply) if t["type"] == "page")
        from websockets.sync.client import connect

        self.socket = connect(page["webSocketDebuggerUrl"], max_size=None)
        self.ids = itertools.count(1)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=120))
            if message.get("id") == number:
                assert "error" not in message, message
                return dict(message.get("result", {}))

    def value(self, expression: str) -> Any:
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)[
            "result"
        ].get("value")

    def wait_for_text(self, *texts: str, timeout: float = 120) -> str:
        """The page's visible text once it shows all of `texts` (the UI loads them by API)."""
        deadline = time.monotonic() + timeout
        while True:
            shown = str(self.value("document.body ? document.body.innerText : ''"))
            if all(text in shown for text in texts):
                return shown
            assert time.monotonic() < deadline, f"the page never showed {texts}: {shown[:2000]}"
            time.sleep(0.5)

    def screenshot(self, path: Path) -> Path:
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot")["data"]))
        return path

    def close(self) -> None:
        self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def test_the_run_page_shows_the_run_and_its_artifacts_in_chromium(
    two_runs: TwoRuns, tmp_path: Path
) -> None:
    """The printed URL, opened in a browser: the run by name; then its Artifacts tab."""
    url = two_runs.second.watch_url()
    with api(recorded(two_runs.home)["port"]) as client:
        name = client.read_flow_run(flow_run_id(url)).name
    browser = Browser(tmp_path)
    try:
        browser.call("Page.enable")
        browser.call("Page.navigate", url=url)
        logs = browser.wait_for_text(name, "sparkify-etl", "Completed", "load ")
        assert "Can't connect to Server API" not in logs
        # The tab to open, as a person clicks it (the UI drops a ?tab= in the URL on load).
        assert browser.value(
            "(el => el ? (el.click(), true) : false)(document.querySelector('li.p-tab#artifacts'))"
        )
        # The tab lists every artifact of the run (the UI asks for those of its flow run id),
        # in two lists: the flow's own first, then its tasks' under "Task runs". Each list is
        # a virtual scroller that draws its cards only near the viewport, so the tasks' show
        # once a person scrolls down to them.
        top = browser.wait_for_text("Flow run", *FLOW_KEYS, "Task runs", "Load ")
        tab = "document.querySelector('.flow-run-artifacts').innerText"
        flow_list = str(browser.value(tab)).partition("Task runs")[0]
        browser.value("document.querySelector('.flow-run-artifacts').scrollIntoView(false)")
        browser.wait_for_text(*TASK_KEYS)
        task_list = str(browser.value(tab)).partition("Task runs")[2]
        shot = browser.screenshot(tmp_path / "artifacts.png")
    finally:
        browser.close()
    assert name in top
    flow_cards, task_cards = (set(part.splitlines()) for part in (flow_list, task_list))
    assert set(FLOW_KEYS) <= flow_cards and not set(TASK_KEYS) & flow_cards, flow_list
    assert set(TASK_KEYS) <= task_cards and not set(FLOW_KEYS) & task_cards, task_list
    assert "Source calendar findings of load" in flow_list and "Quality gate of load" in task_list
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
