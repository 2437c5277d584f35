"""The Redshift path without a cluster: the plan (`--dry-run`) for a source served by a real
S3 endpoint (moto's server on loopback), the manifests it writes there, the file choice, the
driver's connection settings, and `sparkify cluster` against moto's IAM and Redshift."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import logging
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlglot
from conftest import AWS_SECRET, dry_run, event, song_record, upload, write_lines
from redshift_postgres import emulate_super
from redshift_postgres import postgres_ddl as _postgres_ddl
from redshift_sql import printed_objects, problems
from sqlglot import exp

from sparkify import build_plan
from sparkify.errors import DataError, SparkifyError, WarehouseError, is_transient
from sparkify.redshift import driver
from sparkify.redshift.compaction import record_line
from sparkify.redshift.engine import (
    CHECKED,
    KEY_CHECKS_SUITE,
    KINDS,
    LEASE_SECONDS,
    RedshiftEngine,
    enforce_lines_read,
    print_plan,
    run_steps,
)
from sparkify.redshift.load import Loaded, choose_files
from sparkify.s3 import S3Source
from sparkify.settings import RunSettings, resolve_settings
from sparkify.sources import SourceFile
from sparkify.sqlfiles import Keyword, PlanPrinter, bind, sql, sql_group, statements

ROLE = "arn:aws:iam::123456789012:role/sparkify-s3-read"
REGION = "us-west-2"  # the buckets' region; the clients are configured for us-east-1
STATE = "s3://warehouse-state/sparkify"
SOURCE_AND_ROLE = ["--iam-role", ROLE, "--source", "s3://warehouse-src/sparkify"]
UNREACHABLE = "redshift://etl@192.0.2.1:5439/dev"  # TEST-NET-1: nothing answers there


@pytest.fixture
def bucket(udacity_sample: Path, tmp_path: Path, aws: Any) -> dict[str, str]:
    """The udacity sample plus one gzip day in s3://warehouse-src/sparkify, an empty state
    bucket beside it, both in us-west-2; the plan's env."""
    upload(aws, udacity_sample, "warehouse-src", "sparkify", region=REGION)
    with suppress(aws.exceptions.BucketAlreadyOwnedByYou):
        aws.create_bucket(
            Bucket="warehouse-state", CreateBucketConfiguration={"LocationConstraint": REGION}
        )
    for key in objects(aws, "warehouse-state"):  # what an earlier test's load wrote
        aws.delete_object(Bucket="warehouse-state", Key=key)
    key = "log_data/2018/11/2018-11-30-events.json.gz"
    day = write_lines(tmp_path, key, [event()], gz=True)
    aws.put_object(Bucket="warehouse-src", Key=f"sparkify/{key}", Body=day.read_bytes())
    env = {**os.environ, "SPARKIFY_HOME": str(tmp_path / "home")}
    env.pop("PGPASSWORD", None)  # a connection attempt could not even authenticate
    return env


def source_keys(aws: Any, kind_prefix: str, gz: bool) -> list[str]:
    listing = aws.list_objects_v2(Bucket="warehouse-src", Prefix=f"sparkify/{kind_prefix}/")
    keys = [
        item["Key"]
        for item in listing.get("Contents", [])
        if item["Key"].endswith(".json") or item["Key"].endswith(".json.gz")
    ]
    return sorted(f"s3://warehouse-src/{key}" for key in keys if key.endswith(".gz") == gz)


def read_s3(aws: Any, url: str) -> bytes:
    bucket, _, key = url.removeprefix("s3://").partition("/")
    return bytes(aws.get_object(Bucket=bucket, Key=key)["Body"].read())


def objects(aws: Any, bucket: str) -> dict[str, str]:
    """Every object of a bucket: key -> ETag."""
    pages = aws.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {item["Key"]: item["ETag"] for page in pages for item in page.get("Contents", [])}


def assert_a_careful_plan(text: str) -> list[str]:
    """Every statement passes redshift_sql.problems; the COPYs carry the role, a manifest
    of the state location and the buckets' region. The COPYs, as rendered."""
    sent = statements(text)
    assert sent, "an empty plan"
    findings = {s.split("\n")[0][:70]: found for s in sent if (found := problems(s))}
    assert findings == {}
    # No declared keys: Redshift enforces none and its planner takes them as true, so a
    # declared key would hide the very duplicates the key checks count.
    assert not [s for s in sent if re.search(r"PRIMARY KEY|UNIQUE|REFERENCES", s)]
    copies = [s for s in sent if s.startswith("COPY ")]
    for copy in copies:
        assert f"IAM_ROLE '{ROLE}'" in copy and f"REGION '{REGION}'" in copy
        assert re.search(rf"FROM '{STATE}/loads/\d+/", copy), copy
    return copies


def test_the_dry_run_prints_a_copy_from_manifest_plan(bucket: dict[str, str], aws: Any) -> None:
    source_before = objects(aws, "warehouse-src")
    result = dry_run(
        "--warehouse",
        UNREACHABLE,
        "--iam-role",
        ROLE,
        "--state",
        STATE,
        "--source",
        "s3://warehouse-src/sparkify",
        env=bucket,
    )
    assert result.returncode == 0, result.stderr
    assert AWS_SECRET not in result.stdout + result.stderr
    text = result.stdout
    assert text.endswith(";\n")
    parsed = [e for e in sqlglot.parse(text, read="redshift") if e is not None]
    assert len(parsed) == text.count(";\n")  # one statement per `;` + newline, each parses
    assert_a_careful_plan(text)
    # A dry run writes nothing anywhere: the source as it was, the state location empty.
    assert objects(aws, "warehouse-src") == source_before
    assert objects(aws, "warehouse-state") == {}
    written = printed_objects(text)
    commands = {e.sql() for e in parsed if isinstance(e, exp.Command)}
    # the only statements sqlglot keeps as raw text
    assert commands == {"LOCK loads", "SET search_path = sparkify_audit, public"}
    assert not [e for e in parsed if isinstance(e, exp.Insert) and e.find(exp.Values)]
    sent = "\n".join(statements(text))  # the notes (a suite's expect_column_values_…) aside
    assert "INSERT" in sent and "VALUES" not in sent.upper().replace("VALUES'", "")

    kinds = [type(e).__name__ for e in parsed]
    assert kinds.index("Transaction") < kinds.index("Copy")  # BEGIN before any COPY
    assert [e for e in parsed if isinstance(e, exp.Commit)] and "TRUNCATE" not in text

    copies = [e.sql(dialect="redshift") for e in parsed if isinstance(e, exp.Copy)]
    assert len(copies) == 4  # the file list, plain events, gzip events, songs
    events = [c for c in copies if "copy_events" in c.split()[1]]
    songs = [c for c in copies if "copy_songs" in c.split()[1]]
    assert len(events) == 2 and len(songs) == 1
    for copy in events:
        assert f"FORMAT AS JSON '{STATE}/events.jsonpaths'" in copy and "MANIFEST" in copy
    assert sum("GZIP" in copy for copy in events) == 1
    assert "JSON 'auto'" in songs[0] and "MANIFEST" in songs[0] and "GZIP" not in songs[0]
    assert all("COMPUPDATE OFF STATUPDATE OFF" in c and "MAXERROR" in c for c in events + songs)
    assert "sys_load_error_detail" in text and "sys_load_detail" in text

    # The manifests it would write list exactly the files, mandatory, by kind and compression.
    for copy, tree, gz in [
        (songs[0], "song_data", False),
        *[(c, "log_data", "GZIP" in c) for c in events],
    ]:
        manifest = json.loads(written[copy.split("FROM '")[1].split("'")[0]])
        assert sorted(e["url"] for e in manifest["entries"]) == source_keys(aws, tree, gz)
        assert all(e["mandatory"] is True for e in manifest["entries"])
    jsonpaths = json.loads(written[f"{STATE}/events.jsonpaths"])
    assert len(jsonpaths["jsonpaths"]) == 18 and "$['ts']" in jsonpaths["jsonpaths"]


def test_a_profile_plan_for_a_date_range_lists_only_those_days(
    bucket: dict[str, str], aws: Any
) -> None:
    config = Path(bucket["SPARKIFY_HOME"]).parent / "sparkify.yaml"
    config.write_text(
        f"profiles:\n  prod:\n    source: s3://warehouse-src/sparkify\n"
        f"    warehouse: {UNREACHABLE}\n    iam_role: {ROLE}\n"
        f"    state: {STATE}\n"
    )
    result = dry_run(
        "--profile",
        "prod",
        "--since",
        "2018-11-02",
        "--until",
        "2018-11-03",
        env={**bucket, "SPARKIFY_CONFIG": str(config)},
    )
    assert result.returncode == 0, result.stderr
    copy = next(s for s in statements(result.stdout) if s.startswith("COPY copy_events"))
    manifest = json.loads(printed_objects(result.stdout)[copy.split("FROM '")[1].split("'")[0]])
    assert [e["url"].rsplit("/", 1)[1] for e in manifest["entries"]] == [
        "2018-11-02-events.json",
        "2018-11-03-events.json",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "s3://warehouse-src/sparkify"], "needs --iam-role"),
        (["--iam-role", ROLE, "--source", "/tmp"], "COPY from S3"),
        (SOURCE_AND_ROLE, "--state s3://"),
        ([*SOURCE_AND_ROLE, "--state", "s3://warehouse-src/sparkify/_state"], "inside the source"),
    ],
)
def test_a_plan_without_role_or_s3_source_is_one_clear_line(
    bucket: dict[str, str], args: list[str], message: str
) -> None:
    result = dry_run("--warehouse", UNREACHABLE, *args, env=bucket)
    assert result.returncode == 1 and result.stdout == ""
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_runbook_on_redshift_fails_in_one_clear_line_when_unreachable_or_without_role(
    bucket: dict[str, str], run_load: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", "hunter2-secret")
    with pytest.raises(WarehouseError, match="cannot connect to warehouse") as failed:
        run_load(
            "s3://warehouse-src/sparkify",
            warehouse="redshift://etl@127.0.0.1:9/dev",
            iam_role=ROLE,
            state=STATE,
        )
    assert "hunter2-secret" not in str(failed.value) and "\n" not in str(failed.value)
    with pytest.raises(SparkifyError, match="needs --iam-role"):
        run_load("s3://warehouse-src/sparkify", warehouse="redshift://etl@127.0.0.1:9/dev")


def _statements(*names: str) -> list[str]:
    return [statement for name in names for statement in statements(sql(name))]


def _block_at(plan: list[str], block: list[str]) -> int:
    """Where `block` starts in `plan`, as a contiguous run of statements (-1: nowhere)."""
    return next((i for i in range(len(plan)) if plan[i : i + len(block)] == block), -1)


PUBLISH_FENCE = ["redshift/lease/03_renew", "redshift/lease/04_lost"]  # the heartbeat's too
ENTER, LEAVE = _statements("redshift/audit/enter", "redshift/audit/leave")


def _bound(names: list[str], params: dict[str, Any]) -> list[str]:
    return [bind(statement, params).rstrip() for statement in _statements(*names)]


def _load_id(plan: list[str]) -> int:
    found = re.search(r"WHERE load_id = (\d+) AND status = 'running'", "\n".join(plan))
    assert found, "no lease statement in the plan"
    return int(found[1])


def _transactions(plan: list[str]) -> list[list[str]]:
    """Every BEGIN ... COMMIT (or ROLLBACK) of the plan, as its statements in between."""
    blocks, start = [], None
    for i, statement in enumerate(plan):
        if statement == "BEGIN":
            assert start is None, f"BEGIN inside a transaction at {i}"
            start = i
        elif statement in ("COMMIT", "ROLLBACK"):
            assert start is not None, f"{statement} outside a transaction at {i}"
            blocks.append(plan[start + 1 : i])
            start = None
    assert start is None, "a transaction left open"
    return blocks


def test_the_dry_run_sends_the_runbook_steps_in_order(bucket: dict[str, str], aws: Any) -> None:
    """Write, audit, publish: the lease in a short transaction of its own; every step its own
    committed transaction after the lease's heartbeat (staging COPYs, the build into the audit
    schema, the key checks there); then one short publish transaction of DELETE and INSERT ...
    SELECT from the audit tables, with no TRUNCATE, no ALTER TABLE APPEND, no COPY, no DDL."""
    out = io.StringIO()
    print_plan(_settings(), aws, out, logging.getLogger("test.plan"))
    plan = statements(out.getvalue())
    params = {"load_id": _load_id(plan), "lease_seconds": LEASE_SECONDS}

    ddl = _statements(
        *sql_group("redshift/schema"),
        *sql_group("redshift/star"),
        "redshift/migrate/loads_lease_until_missing",  # the question; its ALTER not sent
    )
    assert plan[: len(ddl)] == ddl and "CREATE SCHEMA IF NOT EXISTS sparkify_audit" in ddl
    blocks = _transactions(plan)
    take, discard, *steps, publish = blocks
    assert take[:1] == ["LOCK loads"] and take[-1].startswith("SELECT load_id, lease_until")
    assert discard == _statements("redshift/load/discard", "redshift/audit/drop")
    # Every step after a heartbeat of its own: the lease renewed and the fence asked.
    heartbeat = _bound(PUBLISH_FENCE, params)
    assert steps[0::2] == [heartbeat] * (len(steps) // 2)
    work = steps[1::2]
    assert len(steps) % 2 == 0 and heartbeat not in work
    copies = [b for b in work if any(s.startswith("COPY copy_") for s in b)]
    assert len(copies) == 2  # events and songs, each a committed step of its own
    # The build: each step of the plan alone, its shared files unchanged, into the audit
    # schema (no bookkeeping: user_latest serves PostgreSQL's delta builds only).
    built = [[ENTER, *_statements(*step.files), LEAVE] for step in build_plan.steps("full")]
    at = work.index(built[0])
    assert work[at : at + len(built)] == built
    (plan_build,) = [
        b for b in work[:at] if b[:2] == [ENTER, "DROP TABLE IF EXISTS sparkify_audit.songplays"]
    ]
    assert plan_build[-1] == LEAVE
    # Lines read = staged + quarantined, checked in the budget's step, after the stage
    # counts and before the budget; file_lines filled after each COPY's rejects.
    (counts,) = _bound(["redshift/load/06_stage_counts"], params)
    (lines_read,) = _bound(["redshift/load/07_lines_read"], params)
    (budget,) = [b for b in work if counts in b]
    assert budget.index(counts) + 1 == budget.index(lines_read)
    assert (
        budget[budget.index(lines_read) + 1] == _bound(["redshift/load/05_bad_records"], params)[0]
    )
    for block in copies:
        for at, statement in enumerate(block):
            if statement.startswith("COPY copy_"):
                assert block[at + 2].startswith("INSERT INTO file_lines"), block[at + 2]
    (checks,) = _statements("redshift/checks/01_keys")
    assert work[at + len(built)][0] == ENTER and checks in work[at + len(built)]
    assert not [s for s in plan if "user_latest" in s]

    # Publish: under LOCK loads and the lease's fence, DML only, the audit rows into the
    # published tables, the lease ended; then statistics, the audit schema emptied, counts.
    assert publish[: len(heartbeat)] == heartbeat and publish[-1].startswith("UPDATE loads")
    assert "INSERT INTO songplays SELECT * FROM sparkify_audit.songplays" in publish
    assert (
        "DELETE FROM staging_events WHERE load_id IN (SELECT load_id FROM replaced_loads)"
        in publish
    )
    assert all(
        re.match(r"(DELETE|INSERT INTO \w+ (\(|SELECT)|UPDATE|LOCK|SELECT)", s) for s in publish
    )
    assert not [s for s in publish if re.search(r"TRUNCATE|APPEND|COPY|CREATE|DROP|ANALYZE", s)]
    assert len(publish) < 35
    assert plan[plan.index("COMMIT", len(plan) - 30) + 1 :] == _statements(
        "redshift/publish/02_statistics", "redshift/audit/drop", "ops/table_counts"
    )
    # Then statistics on every table publish wrote: the build plan's published tables in its
    # order (not user_latest, PostgreSQL's delta bookkeeping), each once.
    analyzed = [s.removeprefix("ANALYZE ") for s in _statements("redshift/publish/02_statistics")]
    written = re.findall(r"INSERT INTO (\w+) SELECT \* FROM sparkify_audit\.", "\n".join(publish))
    assert analyzed == [t for t in build_plan.published_tables("full") if t != "user_latest"]
    assert sorted(analyzed) == sorted(written)
    # Nothing outside a transaction but the DDL before and that cleanup after.
    assert len(plan) == len(ddl) + sum(len(b) + 2 for b in blocks) + len(
        _statements("redshift/publish/02_statistics", "redshift/audit/drop", "ops/table_counts")
    )

    # The intermediate tables of the plan are regular tables of the audit schema (no
    # TEMPORARY: steps on other connections may read them), dropped with it after publish.
    intermediate = {table for step in build_plan.PLAN for table in step.intermediate}
    made = [
        sqlglot.parse_one(s, read="redshift")
        for block in built
        for s in block
        if s.startswith("CREATE TABLE")
    ]
    assert {_first_table(e) for e in made} == intermediate
    assert not [e for e in made if e.args.get("properties")]  # no TEMPORARY
    dropped = {s.rsplit(".", 1)[1] for s in _statements("redshift/audit/drop")}
    published = {t for step in build_plan.PLAN for t in step.publishes} - {"user_latest"}
    scope_files = ("redshift/delta/scope", "delta/level_events")
    scope = {s.split()[2].rsplit(".", 1)[1] for s in _statements(*scope_files)}
    assert dropped == intermediate | published | scope  # and a delta's views
    # Publish replaces every published table of the build plan from its audit table.
    for table in published:
        assert f"DELETE FROM {table}" in publish
        assert f"INSERT INTO {table} SELECT * FROM sparkify_audit.{table}" in publish


def _first_table(statement: exp.Expr) -> str:
    table = statement.find(exp.Table)
    assert table is not None
    return table.name


def test_the_key_checks_run_in_a_suite_that_waits_for_every_table_they_read() -> None:
    (checks,) = _statements("redshift/checks/01_keys")
    read = {table.name for table in sqlglot.parse_one(checks, read="redshift").find_all(exp.Table)}
    assert read <= set(build_plan.SUITES[KEY_CHECKS_SUITE])
    assert KEY_CHECKS_SUITE in build_plan.suites("full")


class Scripted(PlanPrinter):
    """The plan printer as a stand-in cluster: it answers the queries that start with a key
    of `answers`, refuses the statement that starts with `refuse`, and takes its time."""

    def __init__(
        self, answers: dict[str, list[tuple[Any, ...]]] | None = None, refuse: str | None = None
    ) -> None:
        super().__init__(io.StringIO())
        self.answers, self.refuse = answers or {}, refuse

    def execute(self, statement: str) -> list[tuple[Any, ...]]:
        super().execute(statement)
        time.sleep(0.002)  # room for another thread to cut in, were it let
        if self.refuse and statement.startswith(self.refuse):
            raise WarehouseError(f"Redshift refused {self.refuse!r}: boom")
        return next(
            (rows for start, rows in self.answers.items() if statement.startswith(start)), []
        )

    @property
    def sent(self) -> list[str]:
        return statements(self.out.getvalue())


def _settings() -> RunSettings:
    return resolve_settings(
        source="s3://warehouse-src/sparkify",
        warehouse=UNREACHABLE,
        iam_role=ROLE,
        state=STATE,
        defaults=False,
    )


LOG = logging.getLogger("test.redshift")


def test_a_load_with_nothing_new_ends_its_lease_and_its_later_steps_send_nothing(
    bucket: dict[str, str], aws: Any
) -> None:
    (loaded_query,) = _statements("redshift/load/02_loaded_files")
    listed = S3Source("s3://warehouse-src/sparkify", aws).list_files()
    session = Scripted(
        {
            loaded_query: [(f.key, f.fingerprint, 1) for f in listed],
            "SELECT table_name, row_count": [("songplays", 7)],
        }
    )
    published, staged = run_steps(
        RedshiftEngine(UNREACHABLE, aws, session=session), _settings(), LOG
    )
    assert (published, staged) == ({"songplays": 7}, {})
    sent = session.sent
    params = {"load_id": _load_id(sent), "lease_seconds": LEASE_SECONDS, "status": "published"}
    assert sent[sent.index(loaded_query) :] == [
        loaded_query,
        "COMMIT",  # choose-files wrote nothing
        *_bound(["redshift/tx/begin", *PUBLISH_FENCE, "redshift/lease/05_end"], params),
        "COMMIT",
        *_statements("ops/table_counts"),
    ]


def test_a_failed_statement_ends_the_load_and_a_retry_fails_at_once_naming_it(
    bucket: dict[str, str], aws: Any
) -> None:
    session = Scripted(refuse="COPY copy_songs")
    engine, settings = RedshiftEngine(UNREACHABLE, aws, session=session), _settings()
    load_id = engine.prepare(settings)
    files = engine.choose_files(load_id, settings, LOG)
    engine.stage(load_id, settings, files, "events", LOG)
    with pytest.raises(WarehouseError, match="boom"):
        engine.stage(load_id, settings, files, "songs", LOG)
    sent = len(session.sent)
    first = r"sql/redshift/stage/copy_songs.sql failed \(Redshift refused 'COPY copy_songs': boom"
    with pytest.raises(WarehouseError, match=f"ended when {first}") as retried:
        engine.stage(load_id, settings, files, "songs", LOG)  # as a task's retry would
    assert not is_transient(retried.value)
    with pytest.raises(WarehouseError, match="the load ended when"):
        engine.check_budget(load_id, settings)
    assert len(session.sent) == sent  # nothing more went to the cluster
    assert session.sent[-1] == "ROLLBACK"  # the failed step rolled back
    engine.discard(load_id, "failed")
    # The lease ends as failed, the load's staged and audit rows go, in one transaction.
    params = {"load_id": load_id, "lease_seconds": LEASE_SECONDS, "status": "failed"}
    assert session.sent[sent:] == [
        "ROLLBACK",
        *_bound(["redshift/tx/begin", *PUBLISH_FENCE, "redshift/lease/05_end"], params),
        *_statements("redshift/load/discard", "redshift/audit/drop"),
        "COMMIT",
    ]


def test_steps_from_several_threads_never_interleave_their_statements(
    bucket: dict[str, str], aws: Any
) -> None:
    session = Scripted()
    engine, settings = RedshiftEngine(UNREACHABLE, aws, session=session), _settings()
    load_id = engine.prepare(settings)
    files = engine.choose_files(load_id, settings, LOG)
    start = len(session.sent)
    with ThreadPoolExecutor(2) as pool:  # as the flow stages events || songs
        list(pool.map(lambda kind: engine.stage(load_id, settings, files, kind, LOG), KINDS))
    sent = session.sent[start:]
    copies = [i for i, statement in enumerate(sent) if statement.startswith("COPY")]
    assert len(copies) == 3  # plain events, gzip events, songs
    assert all("PG_LAST_COPY_ID()" in sent[i + 1] for i in copies)  # each COPY's own rejects
    kinds = [
        kind
        for statement in sent
        for kind in KINDS
        if f"copy_{kind}" in statement or f"checked_{kind}" in statement
    ]
    assert sorted(k for k, _ in itertools.groupby(kinds)) == sorted(KINDS)  # one run per kind


def _file(key: str, fingerprint: str) -> SourceFile:
    kind = "events" if key.startswith("log_data") else "songs"
    return SourceFile(key, kind, 10, fingerprint)


def test_a_changed_file_is_staged_again_with_the_other_files_of_its_load() -> None:
    day1, day2, day3 = (f"log_data/2018/11/2018-11-0{d}-events.json" for d in (1, 2, 3))
    song, gone = "song_data/A/TRA.json", "song_data/B/TRB.json"
    loaded = {
        day1: Loaded("a", 1),
        day2: Loaded("b", 1),
        gone: Loaded("g", 1),
        song: Loaded("s", 2),
    }
    listed = [_file(day1, "a"), _file(day2, "B!"), _file(day3, "c"), _file(song, "s")]
    files, dropped = choose_files(listed, loaded, since=None, until=None, full_refresh=False)
    assert [f.key for f in files] == [day1, day2, day3]  # day1 rides along with changed day2
    assert dropped == {gone}
    unchanged, nothing = choose_files(
        listed[:1] + listed[3:], loaded, since=None, until=None, full_refresh=False
    )
    assert (unchanged, nothing) == ([], set())
    everything, dropped = choose_files(listed, loaded, since=None, until=None, full_refresh=True)
    assert len(everything) == 4 and dropped == {gone}


def test_the_driver_uses_tls_and_never_a_password_from_the_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = driver.connect_args("redshift://etl@example.redshift.amazonaws.com/dev")
    assert (args["ssl"], args["sslmode"], args["port"], args["user"]) == (
        True,
        "verify-ca",
        5439,
        "etl",
    )
    assert driver.connect_args("redshift://etl@proxy:5440/dev?sslmode=disable")["ssl"] is False
    with pytest.raises(WarehouseError, match=r"carries a password") as refused:
        driver.connect_args("redshift://etl:hunter2-secret@host:5439/dev")
    assert "hunter2-secret" not in str(refused.value)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    with pytest.raises(WarehouseError, match="no password"), driver.connect(UNREACHABLE):
        pass
    monkeypatch.setenv("PGPASSWORD", "hunter2-secret")
    refused_port = "redshift://etl@127.0.0.1:9/dev"  # the discard port: nothing listens
    with (
        pytest.raises(WarehouseError, match="cannot connect") as failed,
        driver.connect(refused_port),
    ):
        pass
    assert "hunter2-secret" not in str(failed.value) and "\n" not in str(failed.value)


def test_statements_are_split_and_bound_as_literals() -> None:
    text = "-- a comment\nSELECT :a, :b\nFROM t WHERE x::INT = :c;\nCOPY t FROM :d MANIFEST :e;\n"
    first, second = statements(text)
    assert bind(first, {"a": "it's", "b": None, "c": 3}) == (
        "SELECT 'it''s', NULL\nFROM t WHERE x::INT = 3"
    )
    assert bind(second, {"d": "s3://b/k\\x", "e": Keyword("GZIP")}) == (
        "COPY t FROM 's3://b/k\\\\x' MANIFEST GZIP"
    )
    with pytest.raises(ValueError):
        Keyword("GZIP; DROP TABLE x")


def test_cluster_up_status_down_against_moto(
    tmp_path: Path, aws: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import boto3

    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(
        GroupName="sparkify-redshift", Description="warehouse", VpcId=vpc
    )["GroupId"]
    boto3.client("redshift", region_name="us-east-1").create_cluster_subnet_group(
        ClusterSubnetGroupName="sparkify-private",
        Description="the worker's VPC",
        SubnetIds=[subnet],
    )
    config = tmp_path / "sparkify.yaml"
    config.write_text(
        "# team profiles\nprofiles:\n  prod:\n    source: s3://warehouse-src/x\n"
        "    state: s3://warehouse-state/prod\n"
        "    region: us-east-1\n    cluster:\n      identifier: sparkify-test\n"
        "      node_type: ra3.xlplus\n      nodes: 2\n      wait_seconds: 1\n"
        f"      vpc_security_group_ids: [{group}]\n      subnet_group: sparkify-private\n"
        "      ingress_cidr: 198.51.100.0/24\n"
    )
    secret = "Master-Passw0rd-never-shown"
    env = {**os.environ, "SPARKIFY_CONFIG": str(config), "PGPASSWORD": secret}

    def cluster(action: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "sparkify.cli", "cluster", action, "--profile", "prod"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert secret not in result.stdout + result.stderr
        return result.stdout

    up = cluster("up")
    assert "available" in up
    iam, redshift = boto3.client("iam"), boto3.client("redshift", region_name="us-east-1")
    role = iam.get_role(RoleName="sparkify-redshift-s3-read")["Role"]
    trust = role["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    assert trust["Statement"][0]["Principal"] == {"Service": "redshift.amazonaws.com"}
    # The role reads the source and state prefixes only: no managed policy, one inline one.
    name = "sparkify-redshift-s3-read"
    assert iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"] == []
    policy = iam.get_role_policy(RoleName=name, PolicyName="sparkify-s3-read")["PolicyDocument"]
    policy = json.loads(policy) if isinstance(policy, str) else policy
    read, listing = policy["Statement"]
    assert read["Action"] == "s3:GetObject" and sorted(read["Resource"]) == [
        "arn:aws:s3:::warehouse-src/x/*",
        "arn:aws:s3:::warehouse-state/prod/*",
    ]
    assert sorted(listing["Resource"]) == [
        "arn:aws:s3:::warehouse-src",
        "arn:aws:s3:::warehouse-state",
    ]
    made = redshift.describe_clusters(ClusterIdentifier="sparkify-test")["Clusters"][0]
    assert (made["NodeType"], made["NumberOfNodes"]) == ("ra3.xlplus", 2)
    assert [r["IamRoleArn"] for r in made["IamRoles"]] == [role["Arn"]]
    # Its network is the profile's: the worker's subnet group and security group, opened to
    # the worker's CIDR on the cluster's port.
    assert made["ClusterSubnetGroupName"] == "sparkify-private"
    assert [g["VpcSecurityGroupId"] for g in made["VpcSecurityGroups"]] == [group]
    assert made["PubliclyAccessible"] is False
    (rule,) = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["IpPermissions"]
    assert (rule["FromPort"], rule["ToPort"], rule["IpRanges"][0]["CidrIp"]) == (
        5439,
        5439,
        "198.51.100.0/24",
    )

    written = config.read_text()
    assert written.startswith("# team profiles\n") and secret not in written
    address = made["Endpoint"]["Address"]
    assert f"warehouse: redshift://sparkify@{address}:{made['Endpoint']['Port']}/sparkify" in (
        written
    )
    assert f"iam_role: {role['Arn']}" in written and "node_type: ra3.xlplus" in written

    assert "available" in cluster("status") and address in cluster("status")
    assert "deleted" in cluster("down")
    assert "absent" in cluster("status")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_role(RoleName="sparkify-redshift-s3-read")


def test_a_load_writes_only_its_manifests_to_the_state_location(
    bucket: dict[str, str], aws: Any
) -> None:
    """A run (against a stand-in cluster) writes its objects to the state location only,
    exactly the new files' manifests, file list and JSONPaths; the source is only read. On a
    warehouse that already holds some files, the plan COPYs just the others."""
    source_before = objects(aws, "warehouse-src")
    listed = S3Source("s3://warehouse-src/sparkify", aws).list_files()
    published = [f for f in listed if f.key.startswith("song_data/")]  # the songs: loaded
    (loaded_query,) = _statements("redshift/load/02_loaded_files")
    session = Scripted({loaded_query: [(f.key, f.fingerprint, 1) for f in published]})
    run_steps(RedshiftEngine(UNREACHABLE, aws, session=session, gx=False), _settings(), LOG)

    assert objects(aws, "warehouse-src") == source_before
    (folder,) = {
        key.rsplit("/", 1)[0] for key in objects(aws, "warehouse-state") if "/loads/" in key
    }
    listing = read_s3(aws, f"s3://warehouse-state/{folder}/files.json").decode().splitlines()
    assert sorted(json.loads(line)["source_key"] for line in listing) == sorted(
        f.key for f in listed if f not in published
    )
    assert set(objects(aws, "warehouse-state")) == {
        "sparkify/events.jsonpaths",
        f"{folder}/files.json",
        f"{folder}/events.manifest",
        f"{folder}/events-gzip.manifest",
    }
    entries = [
        e["url"]
        for name in ("events", "events-gzip")
        for e in json.loads(read_s3(aws, f"s3://warehouse-state/{folder}/{name}.manifest"))[
            "entries"
        ]
    ]
    assert sorted(entries) == source_keys(aws, "log_data", False) + source_keys(
        aws, "log_data", True
    )
    copies = assert_a_careful_plan(session.out.getvalue())
    assert not [c for c in copies if "copy_songs" in c]  # nothing new to COPY of the songs


def test_the_connect_timeout_comes_off_the_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    """redshift_connector's `timeout` stays on the socket for every statement: the driver
    passes it for the connect and log-in, then takes it off."""
    import socket

    import redshift_connector

    class Connection:
        def __init__(self, **args: Any) -> None:
            self.args, self._usock = args, socket.socket()
            self._usock.settimeout(args["timeout"])

        def close(self) -> None:
            self._usock.close()

    monkeypatch.setattr(redshift_connector, "connect", Connection)
    monkeypatch.setenv("PGPASSWORD", "hunter2-secret")
    with driver.connect("redshift://etl@example.redshift.amazonaws.com/dev") as conn:
        assert conn.args["timeout"] == driver.CONNECT_TIMEOUT_SECONDS
        assert conn._usock.gettimeout() is None  # a COPY may take as long as it takes


def test_a_serializable_isolation_violation_is_transient() -> None:
    import redshift_connector

    violation = redshift_connector.ProgrammingError(
        {
            "S": "ERROR",
            "C": "XX000",
            "M": "1023",
            "D": "Serializable isolation violation on table - 100, transactions forming the cycle "
            "are: 200, 300 (pid:42)",
        }
    )
    wrapped = WarehouseError("Redshift refused 'COPY copy_events': …")
    wrapped.__cause__ = violation
    assert is_transient(violation) and is_transient(wrapped)
    assert not is_transient(
        redshift_connector.ProgrammingError(
            {"S": "ERROR", "C": "42601", "M": 'syntax error at or near "raw"'}
        )
    )


LINES_FILES = {  # a load's files: kind, lines COPY scanned (None: rejected before the COPY)
    "log_data/2018/11/2018-11-01-events.json": ("events", 3),
    "log_data/2018/11/2018-11-02-events.json.gz": ("events", 2),
    "log_data/2018/11/2018-11-03-events.json.gz": ("events", None),
    "song_data/A/A/TRAAA1.json": ("songs", 1),
    "song_data/A/A/TRAAA2.json": ("songs", 1),
}


def _lines_read(conn: psycopg.Connection[Any], staged: dict[str, int], rejects: list[str]) -> Any:
    """load/07_lines_read on the rows a load's COPYs left (LINES_FILES; `staged` rows per kind,
    source_key NULL as COPY leaves them; one COPY reject per entry of `rejects`, with its file
    and line; one event broken by the checks), with enforce_lines_read's verdict."""
    for table in ["load_files", "file_lines", "staging_events", "staging_songs"]:
        conn.execute(f"DELETE FROM {table}")
    for table in ["staging_quarantine", "checked_events", "checked_songs"]:
        conn.execute(f"DELETE FROM {table}")
    for key, (kind, lines) in LINES_FILES.items():
        reason = None if lines is not None else "file is not valid gzip (no gzip header)"
        conn.execute("INSERT INTO load_files VALUES (1, %s, %s, 100, 'f', %s)", [key, kind, reason])
        if lines is None:  # quarantined whole, before the COPY: no line
            conn.execute(
                "INSERT INTO staging_quarantine VALUES (%s, NULL, 1, %s, NULL)", [key, reason]
            )
        else:
            conn.execute("INSERT INTO file_lines VALUES (1, %s, %s)", [key, lines])
    for _ in range(staged["events"]):
        conn.execute("INSERT INTO staging_events (load_id, page, ts) VALUES (1, 'NextSong', 1)")
    for _ in range(staged["songs"]):
        conn.execute(
            "INSERT INTO staging_songs (load_id, artist_id, song_id, title) "
            "VALUES (1, 'A', 'S', 'T')"
        )
    for line, key in enumerate(rejects, start=1):
        conn.execute(
            "INSERT INTO staging_quarantine VALUES (%s, %s, 1, 'ts: Invalid digit', NULL)",
            [key, line],
        )
    conn.execute("INSERT INTO checked_events (ts, reason) VALUES (NULL, 'ts is missing')")
    conn.execute("INSERT INTO staging_quarantine VALUES (NULL, NULL, 1, 'ts is missing', 'ts=')")
    rows = conn.execute(bind(sql("redshift/load/07_lines_read"), {"load_id": 1})).fetchall()
    try:
        enforce_lines_read(rows, 1)
    except DataError as error:
        return str(error)
    return None


def test_lines_read_equal_staged_plus_quarantined_per_load_on_postgres_15(
    pg15_admin_url: str,
) -> None:
    """load/07_lines_read on PostgreSQL 15, with rows as the COPYs leave them: a matching load
    passes (a file rejected before the COPY is not compared); a missing event fails naming the
    event files together (staged events carry no file); a song file whose line is missing
    while every song row of the load carries its file fails naming that file; one line each."""
    name = f"test_lines_{os.getpid()}"
    with psycopg.connect(pg15_admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    with psycopg.connect(pg15_admin_url.replace("/postgres?", f"/{name}?")) as conn:
        emulate_super(conn)
        for statement in [
            *_postgres_ddl("redshift/schema/02_load_files"),
            *_postgres_ddl("redshift/schema/03_staging_events"),
            *_postgres_ddl("redshift/schema/04_staging_songs"),
            *_postgres_ddl("redshift/schema/05_staging_quarantine"),
            *_postgres_ddl("redshift/schema/07_file_lines"),
            *_statements("redshift/stage/01_copy_tables"),
            *[bind(s, {"load_id": 1}) for s in _statements(*CHECKED.values())],
        ]:
            conn.execute(statement)
        first_events = "log_data/2018/11/2018-11-01-events.json"
        # 5 event lines: 3 staged, 1 rejected by COPY (file, line), 1 by the checks; 2 songs.
        assert _lines_read(conn, {"events": 3, "songs": 2}, [first_events]) is None
        assert _lines_read(conn, {"events": 2, "songs": 2}, [first_events]) == (
            "lines read differ from rows staged + quarantined in load 1: the 2 events files "
            "of the load together (COPY does not say which file a staged row came from): "
            "5 lines scanned by COPY (SYS_LOAD_DETAIL), 4 rows staged or quarantined; "
            "nothing was published"
        )
        # Every song row carries its file (COPY rejected the one line it reported): per file.
        message = _lines_read(
            conn, {"events": 3, "songs": 0}, [first_events, "song_data/A/A/TRAAA1.json"]
        )
        assert message is not None and "load 1: song_data/A/A/TRAAA2.json: 1 lines" in message
        assert "0 rows staged or quarantined" in message and "\n" not in message
        # A file with more rejected lines than it has lines is named even among unnamed rows.
        message = _lines_read(conn, {"events": 0, "songs": 2}, [first_events] * 4)
        assert message is not None and f"load 1: {first_events}: 3 lines" in message


def test_a_fake_gzip_is_quarantined_before_the_copy_not_failing_it(
    bucket: dict[str, str], aws: Any
) -> None:
    """A `.json.gz` that is not gzip would fail the whole COPY: it is left out of the
    manifests, listed with its reason, and quarantined whole; the other files load."""
    fake = "log_data/2018/11/2018-11-29-events.json.gz"
    aws.put_object(Bucket="warehouse-src", Key=f"sparkify/{fake}", Body=b'{"not": "gzip"}\n')
    try:
        session = Scripted()
        run_steps(RedshiftEngine(UNREACHABLE, aws, session=session, gx=False), _settings(), LOG)
    finally:
        aws.delete_object(Bucket="warehouse-src", Key=f"sparkify/{fake}")
    (folder,) = {
        key.rsplit("/", 1)[0] for key in objects(aws, "warehouse-state") if "/loads/" in key
    }
    listing = [
        json.loads(line)
        for line in read_s3(aws, f"s3://warehouse-state/{folder}/files.json").decode().splitlines()
    ]
    assert {f["source_key"]: f["reason"] for f in listing if f["reason"]} == {
        fake: "file is not valid gzip (no gzip header)"
    }
    gzip_manifest = json.loads(read_s3(aws, f"s3://warehouse-state/{folder}/events-gzip.manifest"))
    assert f"s3://warehouse-src/sparkify/{fake}" not in [e["url"] for e in gzip_manifest["entries"]]
    assert len(gzip_manifest["entries"]) == 1  # the real gzip day
    assert_a_careful_plan(session.out.getvalue())
    assert "FROM listed_files\nWHERE reason IS NOT NULL" in session.out.getvalue()


@pytest.mark.parametrize(
    ("statement", "finding"),
    [
        ("CREATE TABLE q (reason VARCHAR(10), raw VARCHAR(10))", "reserved word 'raw'"),
        ("CREATE TABLE q (reason VARCHAR(10), raw VARCHAR(10))", "differs from its Redshift"),
        ("SELECT SUBSTRING(name, 5) FROM t", "SUBSTRING(x, n)"),
        ("SELECT COUNT(*) FILTER (WHERE a > 1) FROM t", "FILTER clause"),
        ("SELECT query FROM stl_load_errors", "an STL view"),
        ("INSERT INTO t SELECT 1 ON CONFLICT DO NOTHING", "ON CONFLICT"),
        ("TRUNCATE songplays", "TRUNCATE"),
        ("SELECT a FROM t WHERE b !~ '^x'", "differs from its Redshift"),
    ],
)
def test_the_statement_checker_rejects_what_redshift_would(statement: str, finding: str) -> None:
    """The checker is not vacuous: each form the issue named is caught, and what the plan
    sends instead passes."""
    assert any(found.startswith(finding) or finding in found for found in problems(statement))
    assert problems('CREATE TABLE q (reason VARCHAR(10), "raw" VARCHAR(10))') == []
    assert problems("SELECT SUBSTRING(name FROM 5) FROM sys_load_error_detail") == []


def _violation() -> Exception:
    import redshift_connector

    return redshift_connector.ProgrammingError(
        {
            "S": "ERROR",
            "C": "XX000",
            "M": "1023",
            "D": "Serializable isolation violation on table - 100, transactions forming the cycle "
            "are: 200, 300 (pid:42)",
        }
    )


class Cancelled(Scripted):
    """A stand-in cluster that cancels the step's transaction (ERROR 1023) once, at the first
    statement starting with `at`."""

    def __init__(self, at: str) -> None:
        super().__init__()
        self.at, self.cancelled = at, False

    def execute(self, statement: str) -> list[tuple[Any, ...]]:
        rows = super().execute(statement)
        if statement.startswith(self.at) and not self.cancelled:
            self.cancelled = True
            raise WarehouseError(f"Redshift refused {self.at!r}") from _violation()
        return rows


def test_a_cancelled_step_is_sent_again_alone_and_the_load_completes(
    bucket: dict[str, str], aws: Any
) -> None:
    """ERROR 1023 mid-load: the step's transaction is rolled back and sent again from its
    BEGIN, then the statement that failed (the guide's cure: run it again); the steps before
    it, committed, are not sent again, and the load publishes once."""
    session = Cancelled(at="COPY copy_songs")
    run_steps(RedshiftEngine(UNREACHABLE, aws, session=session, gx=False), _settings(), LOG)
    sent = session.sent
    failed = next(i for i, s in enumerate(sent) if s.startswith("COPY copy_songs"))
    begin = max(i for i in range(failed) if sent[i] == "BEGIN")
    assert sent[failed + 1] == "ROLLBACK"
    again = sent[failed + 2 : 2 * failed + 3 - begin]  # BEGIN … the COPY that failed
    assert again == sent[begin : failed + 1] and sent[begin - 1] == "COMMIT"
    assert sum(s.startswith("COPY listed_files") for s in sent) == 1  # choose-files: once
    assert sum(s.startswith("INSERT INTO songplays SELECT") for s in sent) == 1
    assert _transactions(sent)[-1][-1].startswith("UPDATE loads")  # the publish ended it


class StandIn:
    """PostgreSQL 15 as a stand-in cluster for the Redshift SQL that is portable: each file's
    statements bound and sent as the engine sends them (DDL without its distribution and
    sort keys)."""

    def __init__(self, url: str) -> None:
        self.conn = psycopg.connect(url, autocommit=True)

    def run(self, *names: str, params: dict[str, Any] | None = None) -> None:
        for name in names:
            for statement in _statements(name):
                self.conn.execute(bind(statement, params or {}))

    def query(self, name: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        (statement,) = _statements(name)
        return self.conn.execute(bind(statement, params)).fetchall()

    def rows(self, sql_text: str) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql_text).fetchall()

    def take_lease(self, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The engine's lease transaction: the other holder's row (none: taken)."""
        self.run("redshift/tx/begin", "redshift/lease/01_take", params=params)
        holder = self.query("redshift/lease/02_holder", params)
        self.run("redshift/tx/commit")
        return holder

    def build_audit(self) -> None:
        """plan-build and every build step, each its own transaction, into sparkify_audit."""
        self.run("redshift/tx/begin", "redshift/audit/enter", "redshift/audit/drop")
        for name in sql_group("redshift/star"):
            for statement in _postgres_ddl(name):
                self.conn.execute(statement)
        self.run("redshift/audit/leave", "redshift/tx/commit")
        for step in build_plan.steps("full"):
            self.run("redshift/tx/begin", "redshift/audit/enter", *step.files)
            self.run("redshift/audit/leave", "redshift/tx/commit")

    def stage_play(self, load_id: int, ts: int) -> None:
        self.conn.execute(
            "INSERT INTO staging_events (load_id, page, ts, user_id, session_id,"
            " item_in_session, level, song, artist, length)"
            " VALUES (%s, 'NextSong', %s, 7, 3, 0, 'free', 'Song', 'Artist', 200.0)",
            [load_id, ts],
        )


def _lease_params(load_id: int) -> dict[str, Any]:
    return {
        "load_id": load_id,
        "source": "s3://warehouse-src/sparkify",
        "full_refresh": False,
        "started_at": "2026-12-01 03:00:00",
        "lease_seconds": 60,
    }


def test_the_lease_build_publish_and_discard_run_on_postgres_15(pg15_admin_url: str) -> None:
    """The very lease, discard, audit-build and publish statements on PostgreSQL 15 (GETDATE()
    stood in by a function): a second load cannot take the lease while the first holds it;
    once the first's lease ran out (killed), the second takes it over, the first is fenced
    off, and its staged and audit rows are discarded with the published tables untouched;
    the builds read only the running and published loads' rows; publish moves the audited
    rows, the manifest and the replaced load in one transaction."""
    name = f"test_wap_{os.getpid()}"
    with psycopg.connect(pg15_admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    url = pg15_admin_url.replace("/postgres?", f"/{name}?")
    first, second = StandIn(url), StandIn(url)
    first.conn.execute(
        "CREATE FUNCTION getdate() RETURNS timestamp LANGUAGE sql"
        " AS 'SELECT clock_timestamp()::timestamp'"
    )
    for ddl in [*sql_group("redshift/schema"), *sql_group("redshift/star")]:
        for statement in _postgres_ddl(ddl):
            first.conn.execute(statement)
    # An earlier load, published: its file, its staged play, its published songplay.
    first.conn.execute(
        "INSERT INTO loads VALUES (1, 's3://x', FALSE, 'published', getdate(), getdate(), NULL)"
    )
    first.conn.execute(
        "INSERT INTO manifest (source_key, kind, size, fingerprint, load_id)"
        " VALUES ('log_data/a.json', 'events', 1, 'e1', 1)"
    )
    first.stage_play(1, 1_000)
    first.conn.execute(
        "INSERT INTO songplays (songplay_id, start_time, user_id, session_id)"
        " VALUES ('old', '1970-01-01 00:00:01', 7, 3)"
    )
    killed, later = _lease_params(10), _lease_params(20)

    assert first.take_lease(killed) == []
    held = second.take_lease(later)
    assert [load for load, _ in held] == [10]  # one load at a time: the second waits
    assert second.query("redshift/lease/04_lost", later) == [("lost",)]
    second.run("redshift/tx/begin", "redshift/lease/03_renew", params=killed)
    second.run("redshift/tx/commit")  # the holder's heartbeat (sent from here) renews it
    assert second.take_lease(later) != []

    # The first load stages (committed), builds its audit tables, and is killed.
    first.stage_play(10, 2_000)
    first.conn.execute(
        "INSERT INTO load_files VALUES (10, 'log_data/b.json', 'events', 1, 'e2', NULL)"
    )
    first.build_audit()
    assert first.rows("SELECT ts FROM current_events ORDER BY ts") == [(1_000,), (2_000,)]
    assert first.rows("SELECT COUNT(*) FROM sparkify_audit.songplays") == [(2,)]
    first.conn.close()
    assert second.take_lease(later) != []  # its lease has not run out yet
    second.conn.execute("UPDATE loads SET lease_until = getdate() - INTERVAL '1 s'")

    assert second.take_lease(later) == []  # taken over
    assert second.query("redshift/lease/04_lost", killed) == [("lost",)]  # fenced off
    assert second.query("redshift/lease/04_lost", later) == []
    second.run(
        "redshift/tx/begin", "redshift/load/discard", "redshift/audit/drop", "redshift/tx/commit"
    )
    assert second.rows("SELECT load_id, status FROM loads ORDER BY load_id") == [
        (1, "published"),
        (10, "abandoned"),
        (20, "running"),
    ]
    assert second.rows("SELECT load_id FROM staging_events") == [(1,)]
    assert second.rows("SELECT COUNT(*) FROM load_files") == [(0,)]
    assert second.rows("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'sparkify_audit'") == [
        (0,)
    ]
    assert second.rows("SELECT TRIM(songplay_id) FROM songplays") == [("old",)]  # untouched

    # The second load stages file a.json again (a changed file): load 1 is replaced, so the
    # builds read the second load's rows only.
    second.stage_play(20, 3_000)
    second.conn.execute(
        "INSERT INTO load_files VALUES (20, 'log_data/a.json', 'events', 2, 'e3', NULL)"
    )
    assert second.rows("SELECT load_id FROM replaced_loads") == [(1,)]
    assert second.rows("SELECT ts FROM current_events") == [(3_000,)]
    second.build_audit()
    second.run("redshift/tx/begin", "redshift/lease/03_renew", params=later)
    assert second.query("redshift/lease/04_lost", later) == []
    second.run("redshift/publish/01_publish", "redshift/publish/manifest", params=later)
    second.run("redshift/lease/05_end", params={**later, "status": "published"})
    assert second.rows("SELECT COUNT(*) FROM songplays") == [(1,)]  # inside, not yet seen
    second.run("redshift/tx/commit", "redshift/audit/drop")

    assert second.rows("SELECT start_time, user_id, level FROM songplays") == [
        (datetime(1970, 1, 1, 0, 0, 3), 7, "free")
    ]
    assert second.rows("SELECT user_id, level FROM users") == [(7, "free")]
    assert second.rows("SELECT COUNT(*) FROM time") == [(1,)]
    assert second.rows("SELECT source_key, fingerprint, load_id FROM manifest") == [
        ("log_data/a.json", "e3", 20)
    ]
    assert second.rows("SELECT load_id, status FROM loads ORDER BY load_id") == [
        (1, "replaced"),
        (10, "abandoned"),
        (20, "published"),
    ]
    assert second.rows("SELECT load_id FROM staging_events") == [(20,)]
    assert second.rows("SELECT lease_until FROM loads WHERE load_id = 20") == [(None,)]
    second.conn.close()


def test_prepare_waits_while_another_load_holds_the_lease(bucket: dict[str, str], aws: Any) -> None:
    """The lease is taken in a short transaction of its own, asked again while another load
    holds it (each try committed, so the holder's steps are never kept waiting), and the
    load's leftovers are discarded only once it holds the lease."""
    (holder,) = _statements("redshift/lease/02_holder")
    asked = iter([[(41, "2026-12-01 04:00:00")], [(41, "2026-12-01 04:00:00")]])

    class Held(Scripted):
        def execute(self, statement: str) -> list[tuple[Any, ...]]:
            rows = super().execute(statement)
            return next(asked, []) if statement.startswith(holder.split(":")[0]) else rows

    session = Held()
    engine = RedshiftEngine(UNREACHABLE, aws, session=session)
    engine.lease_poll = 0.0
    engine.prepare(_settings())
    take = [b for b in _transactions(session.sent) if b[:1] == ["LOCK loads"]]
    assert len(take) == 3 and all(b[-1].startswith("SELECT load_id, lease_until") for b in take)
    assert _transactions(session.sent)[-1] == _statements(
        "redshift/load/discard", "redshift/audit/drop"
    )


def test_a_prepare_that_fails_holding_the_lease_ends_it(bucket: dict[str, str], aws: Any) -> None:
    """The lease taken, the discard of leftovers refused: the lease ends as failed at once
    in a transaction of its own (not when it runs out, an hour later), and prepare fails with
    the refusal."""
    session = Scripted(refuse="DELETE FROM staging_events")
    with pytest.raises(WarehouseError, match="boom"):
        RedshiftEngine(UNREACHABLE, aws, session=session).prepare(_settings())
    rollback, begin, end, commit = session.sent[-4:]
    assert (rollback, begin, commit) == ("ROLLBACK", "BEGIN", "COMMIT")
    assert end.startswith("UPDATE loads\nSET status = 'failed'")


TINY = "s3://warehouse-src/tiny"  # a source of many tiny song files (own prefix)


def _tiny_source(aws: Any, tmp_path: Path, songs: int) -> None:
    """`songs` one-record song files of equal size, one of them also holding a blank line and
    a second record, one holding a line that is not JSON; one event day; an empty state."""
    for name in ("warehouse-src", "warehouse-state"):
        with suppress(aws.exceptions.BucketAlreadyOwnedByYou):
            aws.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    for name in ("warehouse-state",):
        for key in objects(aws, name):
            aws.delete_object(Bucket=name, Key=key)
    for key in [k for k in objects(aws, "warehouse-src") if k.startswith("tiny/")]:
        aws.delete_object(Bucket="warehouse-src", Key=key)
    for n in range(songs):
        lines: list[Any] = [song_record(song_id=f"SO{n:04d}", title=f"T{n:04d}")]
        if n == 0:
            lines += ["  ", song_record(song_id="SOXXXX", title="TXXXX")]
        if n == 1:
            lines = ["not json"]
        key = f"song_data/A/TR{n:04d}.json"
        path = write_lines(tmp_path, key, lines)
        aws.put_object(Bucket="warehouse-src", Key=f"tiny/{key}", Body=path.read_bytes())
    key = "log_data/2018/11/2018-11-30-events.json"
    path = write_lines(tmp_path, key, [event()])
    aws.put_object(Bucket="warehouse-src", Key=f"tiny/{key}", Body=path.read_bytes())


def _tiny_plan(aws: Any, compact: bool, part_bytes: int) -> str:
    out = io.StringIO()
    settings = resolve_settings(
        source=TINY,
        warehouse=UNREACHABLE,
        iam_role=ROLE,
        state=STATE,
        compact_songs=compact,
        defaults=False,
    )
    engine = RedshiftEngine(UNREACHABLE, aws, session=PlanPrinter(out), log=LOG, plan_out=out)
    engine.part_bytes = part_bytes
    run_steps(engine, settings, LOG)
    return out.getvalue()


def test_compacted_song_files_are_copied_from_parts_in_the_state_location(
    aws: Any, tmp_path: Path
) -> None:
    """compact_songs: N tiny song files become ceil(records / per part) gzip JSON-lines parts
    under <state>/loads/<id>/songs/, listed by a manifest of their own, COPY'd as GZIP JSON
    'auto'; each record carries its file and line (a blank line keeps its number; a line that
    is not JSON carries the contract's reason). The plan prints the parts and writes nothing,
    and its song file count drops from N to the parts; a run writes them to the state
    location only, never the source."""
    songs, per_part = 10, 3
    _tiny_source(aws, tmp_path, songs)
    source_before = objects(aws, "warehouse-src")
    record = len(record_line("song_data/A/TR0002.json", 1, json.dumps(song_record())))
    part_bytes = per_part * (record + 1)
    records = songs + 1  # one file holds two

    plain = _tiny_plan(aws, False, part_bytes)
    text = _tiny_plan(aws, True, part_bytes)
    assert objects(aws, "warehouse-src") == source_before and objects(aws, "warehouse-state") == {}
    copies = assert_a_careful_plan(text)
    (songs_copy,) = [c for c in copies if c.startswith("COPY copy_songs")]
    assert "GZIP" in songs_copy and "JSON 'auto'" in songs_copy and "MANIFEST" in songs_copy
    assert "source_key, line_number, bad_reason, bad_line)" in " ".join(songs_copy.split())
    written = printed_objects(text)
    manifest_url = songs_copy.split("FROM '")[1].split("'")[0]
    assert re.fullmatch(rf"{STATE}/loads/\d+/songs-compacted\.manifest", manifest_url)
    parts = [e["url"] for e in json.loads(written[manifest_url])["entries"]]
    expected = -(-records // per_part)
    assert len(parts) == expected
    assert parts == [
        manifest_url.replace("songs-compacted.manifest", f"songs/part-{i:04d}.json.gz")
        for i in range(expected)
    ]
    printed_parts = re.findall(
        r"^-- would write (\S+/songs/part-\d{4}\.json\.gz) \(gzip", text, re.M
    )
    assert printed_parts == parts
    (plain_copy,) = [c for c in assert_a_careful_plan(plain) if c.startswith("COPY copy_songs")]
    plain_url = plain_copy.split("FROM '")[1].split("'")[0]
    plain_files = len(json.loads(printed_objects(plain)[plain_url])["entries"])
    assert plain_files == songs
    print(f"plan's song file count: {plain_files} files without compaction, {len(parts)} parts")
    # the compacted files' lines go to file_lines from the listing; the parts are checked
    assert "sys_load_detail" in text and "INSERT INTO file_lines" in text
    # The command line: --compact-songs (64 MB parts: one part here), writing nothing.
    env = {**os.environ, "SPARKIFY_HOME": str(tmp_path / "home")}
    env.pop("PGPASSWORD", None)
    result = dry_run(
        *["--warehouse", UNREACHABLE, "--iam-role", ROLE, "--state", STATE, "--source", TINY],
        "--compact-songs",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert (
        len(
            re.findall(
                r"^-- would write \S+/songs/part-0000\.json\.gz \(gzip JSON lines: "
                rf"{records} records of {songs} song files",
                result.stdout,
                re.M,
            )
        )
        == 1
    )
    assert objects(aws, "warehouse-state") == {}

    # A run against a stand-in cluster writes the parts to the state location only.
    session = Scripted()
    settings = resolve_settings(
        source=TINY,
        warehouse=UNREACHABLE,
        iam_role=ROLE,
        state=STATE,
        compact_songs=True,
        defaults=False,
    )
    engine = RedshiftEngine(UNREACHABLE, aws, session=session)
    engine.part_bytes = part_bytes
    with pytest.raises(DataError, match=r"part-0000\.json\.gz: 0 lines scanned by COPY"):
        run_steps(engine, settings, LOG)  # the stand-in reports no lines scanned: caught
    assert objects(aws, "warehouse-src") == source_before
    state = objects(aws, "warehouse-state")
    (folder,) = {key.rsplit("/", 1)[0] for key in state if key.endswith("files.json")}
    assert sorted(k for k in state if "/songs/" in k) == [
        f"{folder}/songs/part-{i:04d}.json.gz" for i in range(expected)
    ]
    lines = [
        json.loads(line)
        for i in range(expected)
        for line in gzip.decompress(
            read_s3(aws, f"s3://warehouse-state/{folder}/songs/part-{i:04d}.json.gz")
        ).splitlines()
    ]
    assert len(lines) == records
    assert [(r["source_key"], r["line_number"]) for r in lines[:3]] == [
        ("song_data/A/TR0000.json", 1),
        ("song_data/A/TR0000.json", 3),
        ("song_data/A/TR0001.json", 1),
    ]
    assert lines[2]["bad_reason"] == "line is not valid JSON" and lines[2]["bad_line"] == "not json"
    assert lines[0]["song_id"] == "SO0000" and lines[0]["title"] == "T0000"
    listing = [
        json.loads(line)
        for line in read_s3(aws, f"s3://warehouse-state/{folder}/files.json").splitlines()
    ]
    assert {r["source_key"]: r["lines"] for r in listing if r["kind"] == "songs"} == {
        f"song_data/A/TR{n:04d}.json": 2 if n == 0 else 1 for n in range(songs)
    }


def test_compacted_song_records_keep_their_file_and_line_on_postgres_15(
    pg15_admin_url: str,
) -> None:
    """Rows as the compacted songs COPY leaves them in copy_songs (each with its file and line;
    a line that was not JSON with its reason and text), run through stage/03_checked_songs
    and load/07_lines_read on PostgreSQL 15: staged and quarantined songs keep file and line,
    the bad line is quarantined with the contract's reason and raw text, and the lines check
    compares each song file on its own (one staged song fewer names its file)."""
    name = f"test_compacted_{os.getpid()}"
    with psycopg.connect(pg15_admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    with psycopg.connect(pg15_admin_url.replace("/postgres?", f"/{name}?")) as conn:
        emulate_super(conn)
        for statement in [
            *_postgres_ddl("redshift/schema/02_load_files"),
            *_postgres_ddl("redshift/schema/03_staging_events"),
            *_postgres_ddl("redshift/schema/04_staging_songs"),
            *_postgres_ddl("redshift/schema/05_staging_quarantine"),
            *_postgres_ddl("redshift/schema/07_file_lines"),
            *_statements("redshift/stage/01_copy_tables"),
            *[bind(s, {"load_id": 1}) for s in _statements(CHECKED["events"])],
        ]:
            conn.execute(statement)
        files = {"song_data/A/TR0000.json": 2, "song_data/A/TR0001.json": 1}
        for key, lines in files.items():
            conn.execute("INSERT INTO load_files VALUES (1, %s, 'songs', 10, 'f', NULL)", [key])
            conn.execute("INSERT INTO file_lines VALUES (1, %s, %s)", [key, lines])
        for key, line, song_id in [
            ("song_data/A/TR0000.json", "1", "SO0"),
            ("song_data/A/TR0000.json", "3", "SO1"),
        ]:
            conn.execute(
                "INSERT INTO copy_songs (num_songs, artist_id, song_id, title, duration, year, "
                "source_key, line_number) VALUES ('1', 'AR', %s, 'T', '1.5', '2000', %s, %s)",
                [song_id, key, line],
            )
        conn.execute(
            "INSERT INTO copy_songs (source_key, line_number, bad_reason, bad_line) "
            "VALUES ('song_data/A/TR0001.json', '1', 'line is not valid JSON', 'not json')"
        )
        for statement in _statements(CHECKED["songs"]):
            conn.execute(bind(statement, {"load_id": 1}))
        staged = conn.execute(
            "SELECT source_key, line_number, song_id FROM staging_songs ORDER BY 1, 2"
        ).fetchall()
        quarantined = conn.execute(
            'SELECT source_key, line_number, reason, "raw" FROM staging_quarantine'
        ).fetchall()
        check = bind(sql("redshift/load/07_lines_read"), {"load_id": 1})
        matching = conn.execute(check).fetchall()
        conn.execute("DELETE FROM staging_songs WHERE song_id = 'SO1'")
        missing = conn.execute(check).fetchall()
    assert staged == [
        ("song_data/A/TR0000.json", 1, "SO0"),
        ("song_data/A/TR0000.json", 3, "SO1"),
    ]
    assert quarantined == [("song_data/A/TR0001.json", 1, "line is not valid JSON", "not json")]
    assert matching == []
    assert missing == [("songs", "song_data/A/TR0000.json", 1, 2, 1)]


def test_compact_songs_comes_from_the_profile_unless_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The profile key `compact_songs` fills in a left-out option; a given one wins; off by
    default."""
    config = tmp_path / "sparkify.yaml"
    config.write_text(
        f"profiles:\n  rs:\n    source: {TINY}\n    state: {STATE}\n    compact_songs: true\n"
    )
    monkeypatch.setenv("SPARKIFY_CONFIG", str(config))
    chosen = {
        given: resolve_settings(
            source=None, warehouse=UNREACHABLE, compact_songs=given, profile="rs", defaults=False
        ).compact_songs
        for given in (None, False, True)
    }
    assert chosen == {None: True, False: False, True: True}
    assert not resolve_settings(source=TINY, warehouse=UNREACHABLE, defaults=False).compact_songs
