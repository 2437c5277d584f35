"""The `sparkify` command end to end, as a user runs it (separate processes)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import run_cli, star_tables
from oracle import expected

from sparkify import cli


def test_run_with_defaults_then_query(tmp_path: Path, prefect_api: str) -> None:
    run = run_cli("run", home=tmp_path, api=prefect_api)
    assert run.returncode == 0, run.stderr
    assert "songplays" in run.stdout and "sparkify query" in run.stdout
    assert (tmp_path / "sample" / "log_data").is_dir()
    assert (tmp_path / "pgdata" / "PG_VERSION").is_file()
    query = run_cli(
        "query", "SELECT count(*) AS plays FROM songplays", home=tmp_path, api=prefect_api
    )
    assert query.returncode == 0, query.stderr
    plays = int(query.stdout.splitlines()[2])
    assert plays > 10_000
    again = run_cli("run", home=tmp_path, api=prefect_api)
    assert again.returncode == 0, again.stderr
    recount = run_cli("query", "SELECT count(*) FROM songplays", home=tmp_path, api=prefect_api)
    assert int(recount.stdout.splitlines()[2]) == plays
    stop = run_cli("stop", home=tmp_path, api=prefect_api)
    assert stop.stdout.strip() == "embedded PostgreSQL stopped"
    assert not (tmp_path / "pgdata" / "postmaster.pid").exists()


def test_failures_are_one_line_without_traceback(tmp_path: Path, prefect_api: str) -> None:
    run = run_cli("run", "--source", str(tmp_path / "missing"), home=tmp_path, api=prefect_api)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("sparkify: error:")]
    assert len(errors) == 1 and "source folder" in errors[0] and "missing" in errors[0]
    bad_sql = run_cli("query", "SELECT nope FROM songplays", home=tmp_path, api=prefect_api)
    assert bad_sql.returncode == 1 and "Traceback" not in bad_sql.stderr


def test_bad_options_are_refused(tmp_path: Path, prefect_api: str) -> None:
    run = run_cli("run", "--max-errors", "lots", home=tmp_path, api=prefect_api)
    assert run.returncode == 2 and "--max-errors" in run.stderr
    run = run_cli("run", "--since", "2018-13-01", home=tmp_path, api=prefect_api)
    assert run.returncode == 2 and "YYYY-MM-DD" in run.stderr


@pytest.mark.both_servers
def test_existing_postgres_by_url(
    udacity_sample: Path, tmp_path: Path, prefect_api: str, warehouse_url: str
) -> None:
    """`sparkify run --warehouse URL` on PostgreSQL 15 and 18: the gate passes, the tables
    equal the contract."""
    args = ("--warehouse", warehouse_url)
    run = run_cli("run", "--source", str(udacity_sample), *args, home=tmp_path, api=prefect_api)
    assert run.returncode == 0, run.stderr
    assert star_tables(warehouse_url) == expected(udacity_sample)
    query = run_cli("query", "SELECT count(*) FROM users", *args, home=tmp_path, api=prefect_api)
    assert query.stdout.splitlines()[2].strip() == "86"
    assert not (tmp_path / "pgdata").exists()


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.json")):
        digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("seed", [1, 2])
def test_generate_is_deterministic_for_a_seed(tmp_path: Path, seed: int) -> None:
    from sparkify.cli import main

    for out in ("a", "b"):
        args = [str(tmp_path / out), "--events", "500", "--songs", "50", "--seed", str(seed)]
        assert main(["generate", *args]) == 0
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
    assert (tmp_path / "a" / "log_data/2018/11/2018-11-01-events.json").is_file()


def test_generated_data_has_the_real_quirks(tmp_path: Path) -> None:
    from sparkify.generate import generate

    generate(tmp_path, events=3000, songs=100, days=2, seed=5)
    first_day = (tmp_path / "log_data/2018/11/2018-11-01-events.json").read_text()
    assert "\n\n" in first_day  # blank lines between records
    assert '"userId":""' in first_day  # logged-out events
    lines = [line for line in first_day.splitlines() if line]
    assert len(lines) > len(set(lines))  # a few duplicated events


def test_an_older_server_is_refused_in_one_line(
    pg15_admin_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real PostgreSQL 15 stands for a server older than the supported floor."""
    from sparkify import warehouse

    assert cli.main(["query", "SELECT 1", "--warehouse", pg15_admin_url]) == 0
    capsys.readouterr()
    monkeypatch.setattr(warehouse, "MIN_SERVER_VERSION", 160000)
    assert cli.main(["query", "SELECT 1", "--warehouse", pg15_admin_url]) == 1
    err = capsys.readouterr().err
    assert re.fullmatch(
        r"sparkify: error: warehouse \S+ runs PostgreSQL 15\.\d+; "
        r"sparkify needs PostgreSQL 16 or newer\n",
        err,
    ), err
