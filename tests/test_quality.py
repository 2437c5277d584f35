"""The quality gate: the committed GX project's suites (gx/expectations/), run in the database."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import (
    T0,
    Loaded,
    event,
    fetch,
    run_cli,
    song_record,
    star_tables,
    write_lines,
)
from oracle import expected

from sparkify import quality
from sparkify.config import PROJECT_ROOT, ErrorBudget, state_home
from sparkify.docs_site import site_config
from sparkify.errors import CheckError, DataError
from sparkify.findings import QualityReport, enforce
from sparkify.warehouse import Warehouse

COPIED = (
    "songplays",
    "users",
    "songs",
    "artists",
    "time",
    "quarantine",
    "staging_events",
    "staging_songs",
    "user_levels",
    "played_songs",
)
# One violation (at least) of every critical expectation, applied to copies in the audit schema.
VIOLATIONS = """
INSERT INTO sparkify_audit.staging_events (source_key, line_number, load_id, page, ts, user_id)
VALUES ('x', 1, 0, NULL, NULL, NULL), ('x', 2, 0, 'NextSong', 1, NULL);
INSERT INTO sparkify_audit.staging_songs (source_key, line_number, load_id, song_id, artist_id,
                                          title)
VALUES ('x', 1, 0, NULL, NULL, NULL);
INSERT INTO sparkify_audit.songplays (songplay_id, start_time, user_id, level, song_id,
                                      artist_id, session_id)
VALUES (NULL, '1999-12-31', NULL, 'gold', 'SO-NOWHERE', 'AR-NOWHERE', NULL),
       ('dup', '2018-11-02', 424242, 'free', NULL, NULL, 1),
       ('dup', '2018-11-02', 424242, 'free', NULL, NULL, 1);
INSERT INTO sparkify_audit.users (user_id, level) VALUES (NULL, 'gold'), (2, 'free');
INSERT INTO sparkify_audit.songs (song_id, title, artist_id, year, duration)
VALUES (NULL, NULL, NULL, 1800, 0), ('SOBEBDG12A58A76D60', 'x', 'y', 2000, 1);
INSERT INTO sparkify_audit.artists (artist_id, latitude, longitude)
VALUES (NULL, 95, 200), ('AR0RCMP1187FB3F427', 0, 0);
INSERT INTO sparkify_audit.time (start_time, hour, day, week, month, year, weekday)
VALUES (NULL, 24, 32, 54, 13, 2018, 7), ('2018-11-01 21:01:46.796', 1, 1, 1, 1, 2018, 1);
INSERT INTO sparkify_audit.quarantine (source_key, line_number, reason, raw)
VALUES (NULL, 1, NULL, 'x');
INSERT INTO sparkify_audit.user_levels (user_id, level, valid_from, valid_to)
VALUES (NULL, 'free', '2018-11-01', NULL), (424242, 'gold', '2018-11-01', NULL),
       (424243, 'free', '2018-11-02', '2018-11-01'),
       (424244, 'free', '2018-11-01', '2018-11-02'), (424244, 'free', '2018-11-02', NULL),
       (424245, 'free', '2018-11-01', '2018-11-05'), (424245, 'paid', '2018-11-06', NULL),
       (2, 'paid', '2018-11-20', NULL), (424246, 'free', NULL, NULL);
INSERT INTO sparkify_audit.played_songs (song, artist, plays, users, first_played,
                                         last_played, matched_plays, song_id)
VALUES (NULL, 'a', 1, 1, '2018-11-01', '2018-11-01', 0, NULL),
       ('none', 'a', 0, 0, '2018-11-01', '2018-11-01', 0, NULL),
       ('dup', 'a', 1, 1, '2018-11-01', '2018-11-01', 0, NULL),
       ('dup', 'a', 1, 1, '2018-11-01', '2018-11-01', 0, NULL),
       ('over', 'a', 1, 2, '2018-11-01', '2018-11-01', 0, NULL),
       ('matched', 'a', 1, 1, '2018-11-01', '2018-11-01', 2, NULL),
       ('late', 'a', 1, 1, '2018-11-02', '2018-11-01', 0, NULL),
       ('nowhere', 'a', 1, 1, '2018-11-01', '2018-11-01', 1, 'SO-NOWHERE');
"""


def critical_expectations() -> set[tuple[str, str, str | None]]:
    found = set()
    for name in quality.suite_names():  # PostgreSQL's: an engine's variants are its own
        for item in json.loads(quality.suite_file(name).read_text())["expectations"]:
            if item["severity"] == "critical":
                found.add((name, item["type"], item["kwargs"].get("column")))
    return found


def test_suites_are_gx_json_with_a_severity_each() -> None:
    names = quality.suite_names()
    assert {
        "staging_events",
        "staging_songs",
        "songplays",
        "users",
        "songs",
        "artists",
        "time",
    } <= set(names)
    for name in names:
        suite = json.loads(quality.suite_file(name).read_text())
        assert suite["name"] == name
        assert all(e["severity"] in ("critical", "warning") for e in suite["expectations"])


def test_row_queries_alias_the_batch_exactly_when_they_join() -> None:
    """GX aliases {batch} itself in a query without JOIN and leaves it to the query with one;
    PostgreSQL before 16 and Redshift reject a subquery without an alias. A join selects the
    batch's own columns (b.*), so no column is duplicated or ambiguous."""
    for path in (quality.GX_PROJECT / "expectations").glob("*.json"):
        for item in json.loads(path.read_text())["expectations"]:
            query = item["kwargs"].get("unexpected_rows_query")
            if query is None:
                continue
            if re.search(r"\bJOIN\b", query, re.IGNORECASE):
                assert query.startswith("SELECT b.* FROM {batch} AS b "), (path.name, query)
            else:
                assert "{batch} AS" not in query, (path.name, query)  # GX aliases it
            assert item.get("description"), (path.name, query)  # what it checks, in words


def test_every_critical_expectation_catches_its_violation(
    udacity_sample: Path, run_load: Any, warehouse_url: str
) -> None:
    run_load(udacity_sample)
    published = star_tables(warehouse_url)
    with psycopg_connect(warehouse_url) as conn:
        conn.execute("CREATE SCHEMA sparkify_audit")
        for table in COPIED:
            conn.execute(f"CREATE TABLE sparkify_audit.{table} AS SELECT * FROM {table}")
        conn.execute(VIOLATIONS)
    with statements_sent() as statements:
        report = quality.check(
            warehouse_url,
            quality.ErrorBudget.parse("0"),
            0.0,
            load_id=None,
            audit=True,
            run_name="violations",
        )
    assert_row_queries_ran(report, statements)
    failed = {(f.suite, f.expectation, f.column) for f in report.critical_failures}
    assert failed == critical_expectations()
    with pytest.raises(DataError) as raised:
        enforce(report)
    message = str(raised.value)
    assert (
        "users.level: expect_column_values_to_be_in_set failed (1 unexpected, e.g. ['gold'])"
        in message
    )
    assert "time.hour: expect_column_values_to_be_between" in message
    assert star_tables(warehouse_url) == published
    assert report.docs_index is not None and report.docs_index.is_file()


def psycopg_connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url)


def test_clean_data_passes_with_warnings_listed(udacity_loaded: Loaded) -> None:
    warehouse_url, summary = udacity_loaded.url, udacity_loaded.summary
    assert summary.published["songplays"] == 3041
    # no song of this slice matches its events: the match-share warning says so, in words
    assert "only 0.0% of 3041 songplays matched a known song (floor 50%)" in summary.warnings
    assert Path(summary.data_docs).is_file()
    outcomes = fetch(warehouse_url, "SELECT outcome, count(*) FROM quality_results GROUP BY 1")
    assert dict(outcomes).keys() == {"passed", "failed"}  # every expectation ran, on any server


def test_a_passing_row_check_runs_its_query_once(udacity_loaded: Loaded) -> None:
    """GX's own unexpected_rows_expectation runs its query twice (a count, then the rows); the
    suites' row check counts only."""
    suites = [s for s in quality.suite_names() if any(row_checks(s))]
    with statements_sent() as statements:
        report = quality.check(
            udacity_loaded.url,
            ErrorBudget.parse("1%"),
            0.0,
            load_id=None,
            audit=False,
            run_name="row-checks",
            suites=suites,
        )
    assert any(f.expectation == quality.ROW_QUERY and f.success for f in report.findings)
    assert_row_queries_ran(report, statements)


@contextmanager
def statements_sent() -> Iterator[list[str]]:
    """Every statement SQLAlchemy (GX's connection) sends meanwhile."""
    import sqlalchemy as sa

    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", record)


def row_checks(suite: str) -> dict[str, str]:
    """A suite's row checks: description -> query."""
    return {
        e["description"]: e["kwargs"]["unexpected_rows_query"]
        for e in quality._expectations(suite)
        if e["type"] == quality.ROW_QUERY
    }


def assert_row_queries_ran(report: QualityReport, statements: list[str]) -> None:
    """Each row check's query ran once in the pass/fail pass; in a suite that failed, once more
    for the counts; a failed check once more, for its sample."""
    failed_suites = {f.suite for f in report.findings if not f.success}
    for finding in (f for f in report.findings if f.expectation == quality.ROW_QUERY):
        query = row_checks(finding.suite)[str(finding.description)]
        table = json.loads(quality.suite_file(finding.suite).read_text())["meta"]["table"]
        # the batch as the sample query writes it, or as GX does (aliased when the query isn't)
        batch = rf'(?:"{table}"|\(SELECT \*\s+FROM {table}\s+WHERE true\)(?: AS subselect)?)'
        sent = re.compile(batch.join(re.escape(part) for part in query.split("{batch}")))
        runs = sum(bool(sent.search(statement)) for statement in statements)
        expected = 1 + (finding.suite in failed_suites) + (finding.outcome == "failed")
        assert runs == expected, (finding.suite, finding.description, runs)


def test_an_expectation_that_cannot_run_fails_the_run_as_such(
    tmp_path: Path, run_load: Any, warehouse_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query the database rejects is not a data failure: the run says it could not check,
    with the database's own words, and publishes nothing."""
    source = tmp_path / "source"
    write_lines(source, "log_data/2018/11/2018-11-01-events.json", [event(ts=T0)])
    project = tmp_path / "gx"  # a copy of the committed project, with one suite changed
    shutil.copytree(quality.GX_PROJECT, project, ignore=shutil.ignore_patterns("uncommitted"))
    suites = project / "expectations"
    users = json.loads((suites / "users.json").read_text())
    users["expectations"].append(
        {
            "id": str(uuid.uuid4()),  # GX's layout: every expectation of a stored suite has one
            "type": "unexpected_rows_count_expectation",
            "kwargs": {"unexpected_rows_query": "SELECT * FROM {batch} WHERE shoe_size > 0"},
            "severity": "warning",
            "description": "every user has a shoe size",
        }
    )
    (suites / "users.json").write_text(json.dumps(users))
    monkeypatch.setattr(quality, "GX_PROJECT", project)
    with pytest.raises(CheckError) as raised:
        run_load(source)
    message = str(raised.value)
    assert message.startswith("quality gate could not run users: every user has a shoe size: ")
    assert 'column "shoe_size" does not exist' in message and "failed" not in message
    assert fetch(warehouse_url, "SELECT count(*) FROM songplays") == [(0,)]
    assert fetch(
        warehouse_url, "SELECT outcome, error FROM quality_results WHERE error IS NOT NULL"
    ) == [("could not run", 'column "shoe_size" does not exist')]


def gold_source(root: Path) -> Path:
    write_lines(root, "log_data/2018/11/2018-11-01-events.json", [event(ts=T0 + 1, userId="5")])
    return write_lines(
        root,
        "log_data/2018/11/2018-11-02-events.json",
        [event(ts=T0 + 2, userId="5", level="gold")],
    )


def test_gold_level_stops_the_load_and_publishes_nothing(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    write_lines(tmp_path, "log_data/2018/11/2018-11-01-events.json", [event(ts=T0 + 1, userId="5")])
    run_load(tmp_path)
    before = star_tables(warehouse_url)
    gold = gold_source(tmp_path)
    with pytest.raises(DataError, match=r"users\.level: expect_column_values_to_be_in_set.*gold"):
        run_load(tmp_path)
    assert star_tables(warehouse_url) == before
    gold.unlink()
    run_load(tmp_path)
    assert star_tables(warehouse_url) == expected(tmp_path)


@pytest.mark.one_server  # the command's exit code and one-line error; GX on PG 15: above
def test_cli_run_and_validate_fail_on_gold(
    tmp_path: Path, prefect_api: str, warehouse_url: str
) -> None:
    source = tmp_path / "source"
    gold_source(source)
    run = run_cli(
        "run", "--source", str(source), "--warehouse", warehouse_url, api=prefect_api, home=tmp_path
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    error = [line for line in run.stderr.splitlines() if line.startswith("sparkify: error:")]
    assert "level" in error[0] and "expect_column_values_to_be_in_set" in error[0]
    assert fetch(warehouse_url, "SELECT count(*) FROM songplays") == [(0,)]
    (source / "log_data/2018/11/2018-11-02-events.json").unlink()
    run = run_cli(
        "run", "--source", str(source), "--warehouse", warehouse_url, api=prefect_api, home=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert "data docs:" in run.stdout
    valid = run_cli("validate", "--warehouse", warehouse_url, api=prefect_api, home=tmp_path)
    assert valid.returncode == 0, valid.stderr
    with Warehouse(warehouse_url).connect() as conn:
        conn.execute("UPDATE users SET level = 'gold'")
    invalid = run_cli("validate", "--warehouse", warehouse_url, api=prefect_api, home=tmp_path)
    assert invalid.returncode == 1 and "expect_column_values_to_be_in_set" in invalid.stderr


INPUT_VIOLATIONS = [
    ("users.level: expect_column_values_to_be_in_set", "log", {"level": "platinum"}),
    ("songplays.start_time: expect_column_values_to_be_between", "log", {"ts": 946684799000}),
    ("songs.year: expect_column_values_to_be_between", "song", {"year": 1899}),
    ("songs.duration: expect_column_values_to_be_between", "song", {"duration": 0}),
    ("artists.latitude: expect_column_values_to_be_between", "song", {"artist_latitude": 90.5}),
    ("artists.longitude: expect_column_values_to_be_between", "song", {"artist_longitude": -180.5}),
]


def test_bad_input_stops_the_run_naming_the_expectation(
    tmp_path: Path, run_load: Any, warehouse_url: str
) -> None:
    """Every critical expectation that source data can break, broken through a real run."""
    write_lines(tmp_path, "log_data/2018/11/2018-11-01-events.json", [event(ts=T0)])
    write_lines(tmp_path, "song_data/A/A/A/TRGOOD.json", [song_record()])
    run_load(tmp_path)
    published = star_tables(warehouse_url)
    for named, kind, change in INPUT_VIOLATIONS:
        if kind == "log":
            bad = write_lines(
                tmp_path,
                "log_data/2018/11/2018-11-02-events.json",
                [event(**{"ts": T0 + 5, "userId": "9", **change})],
            )
        else:
            bad = write_lines(
                tmp_path,
                "song_data/A/A/A/TRBAD.json",
                [song_record(song_id="SOBAD", artist_id="ARBAD", **change)],
            )
        with pytest.raises(DataError, match=re.escape(named)):
            run_load(tmp_path)
        assert star_tables(warehouse_url) == published, named
        bad.unlink()


def test_the_gx_project_is_whole_suites_assets_and_validation_definitions_agree() -> None:
    """gx/ is a GX project as GX lays it out: a suite, a table asset of the warehouse
    datasource and a validation definition joining the two (by name and id) for every table;
    the Data Docs site is the one sparkify.docs_site describes, in the run-time area."""
    config = yaml.safe_load((quality.GX_PROJECT / "great_expectations.yml").read_text())
    source = config["fluent_datasources"][quality.DATASOURCE]
    assert source["connection_string"] == "${" + quality.GX_URL_VARIABLE + "}"
    names = quality.suite_names()
    assert set(source["assets"]) == set(names)
    definitions = quality.GX_PROJECT / "validation_definitions"
    every = sorted(p.stem for p in (quality.GX_PROJECT / "expectations").glob("*.json"))
    assert {p.stem for p in definitions.glob("*.json")} == set(every)
    for name in every:  # an engine's variant of a suite reads the asset of the suite it varies
        suite = json.loads(quality.suite_file(name).read_text())
        table = suite["meta"].get("variant_of", name)
        assert suite["meta"]["table"] == table and table in names
        asset = source["assets"][table]
        definition = json.loads((definitions / f"{name}.json").read_text())
        assert definition["name"] == name
        assert definition["suite"] == {"id": suite["id"], "name": name}
        assert definition["data"] == {
            "datasource": {"id": source["id"], "name": quality.DATASOURCE},
            "asset": {"id": asset["id"], "name": table},
            "batch_definition": {
                "id": asset["batch_definitions"]["all rows"]["id"],
                "name": "all rows",
            },
        }
        assert asset["table_name"] == table and all(e.get("id") for e in suite["expectations"])
    area = "${" + quality.GX_UNCOMMITTED_VARIABLE + "}"
    assert config["data_docs_sites"] == {
        "local_site": site_config(
            f"{area}/data_docs/local_site/", quality.DOCS_RUNS_LISTED * len(names)
        )
    }
    results_store = config["stores"]["validation_results_store"]["store_backend"]
    assert results_store["base_directory"] == f"{area}/validations/"
    assert not (quality.GX_PROJECT / "checkpoints").exists()  # the gate needs none


def project_files(project: Path) -> dict[str, str]:
    """Every file of the project with its hash, every folder (git keeps no empty one)."""
    return {
        str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "folder"
        for p in sorted(project.rglob("*"))
    }


def git_status_of_gx() -> str | None:
    """`git status` of gx/, ignored files included; None outside a git checkout (an sdist)."""
    if not (PROJECT_ROOT / ".git").exists():
        return None
    return subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--", "gx"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def set_writable(root: Path, writable: bool) -> None:
    for path in [root, *root.rglob("*")]:
        path.chmod(
            (0o755 if path.is_dir() else 0o644) if writable else (0o555 if path.is_dir() else 0o444)
        )


def test_a_gate_writes_nothing_in_the_committed_project(
    tmp_path: Path, run_load: Any, warehouse_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run's results and Data Docs go to the state folder: the checkout's gx/ stays the
    same, byte for byte and to git, and a read-only copy of it serves a whole run."""
    before, status = project_files(quality.GX_PROJECT), git_status_of_gx()
    source = tmp_path / "source"
    write_lines(source, "log_data/2018/11/2018-11-01-events.json", [event(ts=T0)])
    write_lines(source, "song_data/A/A/A/TRGOOD.json", [song_record()])
    summary = run_load(source)
    assert project_files(quality.GX_PROJECT) == before
    assert git_status_of_gx() == status  # nothing new, changed or ignored under gx/
    area = state_home() / "gx" / "uncommitted"
    assert Path(summary.data_docs).is_file() and Path(summary.data_docs).is_relative_to(area)
    assert list((area / "validations").rglob("*.json"))

    read_only = tmp_path / "read-only" / "gx"
    shutil.copytree(quality.GX_PROJECT, read_only)
    set_writable(read_only, False)
    monkeypatch.setattr(quality, "GX_PROJECT", read_only)
    try:
        write_lines(source, "log_data/2018/11/2018-11-02-events.json", [event(ts=T0 + 86_400_000)])
        summary = run_load(source)
        assert summary.published["songplays"] == 2
        assert project_files(read_only) == before
    finally:
        set_writable(read_only, True)


def test_a_gx_run_time_area_half_written_by_a_killed_run_is_repaired(
    udacity_sample: Path, run_load: Any, warehouse_url: str
) -> None:
    """The committed project needs no repair; the run-time area drops what a kill truncated
    and the results older than the runs the Data Docs list."""
    run_load(udacity_sample)
    history = state_home() / "gx" / "uncommitted" / "validations"
    results = sorted(history.rglob("*.json"))
    results[0].write_text('{"resu')  # killed while GX wrote it
    (history / ".ge_store_backend_id").write_text("")
    folder, kept = results[1].parent, results[1].read_text()
    stale = folder / "stale.json"  # older than every run the Data Docs list
    stale.write_text(kept)
    old = results[1].stat().st_mtime - 10**6
    os.utime(stale, (old, old))
    for _ in range(quality.DOCS_RUNS_LISTED):
        (folder / f"{uuid.uuid4()}.json").write_text(kept)
    report = quality.check(
        warehouse_url,
        ErrorBudget.parse("1%"),
        0.0,
        load_id=None,
        audit=False,
        run_name="after-a-kill",
    )
    assert not report.critical_failures
    assert report.docs_index is not None and report.docs_index.is_file()
    assert not results[0].exists() and not stale.exists()
