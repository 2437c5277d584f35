"""The Redshift path without a cluster: the plan (`--dry-run`) for a source served by a real
S3 endpoint (moto's server on loopback), the manifests it writes there, the file choice, the
driver's connection settings, and `sparkify cluster` against moto's IAM and Redshift."""

from __future__ import annotations

import io
import itertools
import json
import logging
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import sqlglot
from conftest import AWS_SECRET, event, upload, write_lines
from sqlglot import exp

from sparkify import build_plan
from sparkify.errors import SparkifyError, WarehouseError, is_transient
from sparkify.redshift import driver
from sparkify.redshift.engine import KEY_CHECKS_SUITE, KINDS, RedshiftEngine, print_plan, run_steps
from sparkify.redshift.load import Loaded, choose_files
from sparkify.redshift.session import PlanPrinter
from sparkify.s3 import S3Source
from sparkify.settings import RunSettings, resolve_settings
from sparkify.sources import SourceFile
from sparkify.sqlfiles import sql, sql_group
from sparkify.sqltext import Keyword, bind, statements

ROLE = "arn:aws:iam::123456789012:role/sparkify-s3-read"
UNREACHABLE = "redshift://etl@192.0.2.1:5439/dev"  # TEST-NET-1: nothing answers there


def plan(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sparkify.cli", "run", "--dry-run", *args],
                          env=env, capture_output=True, text=True, timeout=300)  # fmt: skip


@pytest.fixture
def bucket(udacity_sample: Path, tmp_path: Path, aws: Any) -> dict[str, str]:
    """The udacity sample plus one gzip day in s3://warehouse-src/sparkify; the plan's env."""
    upload(aws, udacity_sample, "warehouse-src", "sparkify")
    key = "log_data/2018/11/2018-11-30-events.json.gz"
    day = write_lines(tmp_path, key, [event()], gz=True)
    aws.put_object(Bucket="warehouse-src", Key=f"sparkify/{key}", Body=day.read_bytes())
    env = {**os.environ, "SPARKIFY_HOME": str(tmp_path / "home")}
    env.pop("PGPASSWORD", None)  # a connection attempt could not even authenticate
    return env


def source_keys(aws: Any, kind_prefix: str, gz: bool) -> list[str]:
    listing = aws.list_objects_v2(Bucket="warehouse-src", Prefix=f"sparkify/{kind_prefix}/")
    keys = [item["Key"] for item in listing.get("Contents", []) if item["Key"].endswith(".json")
            or item["Key"].endswith(".json.gz")]  # fmt: skip
    return sorted(f"s3://warehouse-src/{key}" for key in keys if key.endswith(".gz") == gz)


def read_s3(aws: Any, url: str) -> bytes:
    bucket, _, key = url.removeprefix("s3://").partition("/")
    return bytes(aws.get_object(Bucket=bucket, Key=key)["Body"].read())


def test_the_dry_run_prints_a_copy_from_manifest_plan(bucket: dict[str, str], aws: Any) -> None:
    result = plan("--warehouse", UNREACHABLE, "--iam-role", ROLE,
                  "--source", "s3://warehouse-src/sparkify", env=bucket)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert AWS_SECRET not in result.stdout + result.stderr
    text = result.stdout
    assert text.endswith(";\n")
    parsed = [e for e in sqlglot.parse(text, read="redshift") if e is not None]
    assert len(parsed) == text.count(";\n")  # one statement per `;` + newline, each parses
    commands = [e.sql() for e in parsed if isinstance(e, exp.Command)]
    assert commands == ["LOCK manifest"]  # the only statement sqlglot keeps as raw text
    assert not [e for e in parsed if isinstance(e, exp.Insert) and e.find(exp.Values)]
    assert "INSERT" in text and "VALUES" not in text.upper().replace("VALUES'", "")

    kinds = [type(e).__name__ for e in parsed]
    assert kinds.index("Transaction") < kinds.index("Copy")  # BEGIN before any COPY
    assert [e for e in parsed if isinstance(e, exp.Commit)] and "TRUNCATE" not in text

    copies = [e.sql(dialect="redshift") for e in parsed if isinstance(e, exp.Copy)]
    assert len(copies) == 4  # the file list, plain events, gzip events, songs
    assert all(f"IAM_ROLE '{ROLE}'" in copy for copy in copies)
    events = [c for c in copies if "copy_events" in c.split()[1]]
    songs = [c for c in copies if "copy_songs" in c.split()[1]]
    assert len(events) == 2 and len(songs) == 1
    for copy in events:
        assert "FORMAT AS JSON 's3://warehouse-src/sparkify/_sparkify/events.jsonpaths'" in copy
        assert "TIMEFORMAT 'epochmillisecs'" in copy and "MANIFEST" in copy
    assert sum("GZIP" in copy for copy in events) == 1
    assert "JSON 'auto'" in songs[0] and "MANIFEST" in songs[0] and "GZIP" not in songs[0]
    assert all("COMPUPDATE OFF STATUPDATE OFF" in c and "MAXERROR" in c for c in events + songs)
    assert "stl_load_errors" in text

    # The manifests in S3 list exactly the files, mandatory, by kind and compression.
    for copy, tree, gz in [(songs[0], "song_data", False), *[
            (c, "log_data", "GZIP" in c) for c in events]]:  # fmt: skip
        url = copy.split("FROM '")[1].split("'")[0]
        manifest = json.loads(read_s3(aws, url))
        assert sorted(e["url"] for e in manifest["entries"]) == source_keys(aws, tree, gz)
        assert all(e["mandatory"] is True for e in manifest["entries"])
    jsonpaths = json.loads(read_s3(aws, "s3://warehouse-src/sparkify/_sparkify/events.jsonpaths"))
    assert len(jsonpaths["jsonpaths"]) == 18 and "$['ts']" in jsonpaths["jsonpaths"]


def test_a_profile_plan_for_a_date_range_lists_only_those_days(
    bucket: dict[str, str], aws: Any
) -> None:
    config = Path(bucket["SPARKIFY_HOME"]).parent / "sparkify.yaml"
    config.write_text(f"profiles:\n  prod:\n    source: s3://warehouse-src/sparkify\n"
                      f"    warehouse: {UNREACHABLE}\n    iam_role: {ROLE}\n")  # fmt: skip
    result = plan("--profile", "prod", "--since", "2018-11-02", "--until", "2018-11-03",
                  env={**bucket, "SPARKIFY_CONFIG": str(config)})  # fmt: skip
    assert result.returncode == 0, result.stderr
    copy = next(line for line in result.stdout.split(";\n") if line.startswith("COPY copy_events"))
    manifest = json.loads(read_s3(aws, copy.split("FROM '")[1].split("'")[0]))
    assert [e["url"].rsplit("/", 1)[1] for e in manifest["entries"]] == [
        "2018-11-02-events.json", "2018-11-03-events.json"]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "s3://warehouse-src/sparkify"], "needs --iam-role"),
        (["--iam-role", ROLE, "--source", "/tmp"], "COPY from S3"),
    ],
)
def test_a_plan_without_role_or_s3_source_is_one_clear_line(
    bucket: dict[str, str], args: list[str], message: str
) -> None:
    result = plan("--warehouse", UNREACHABLE, *args, env=bucket)
    assert result.returncode == 1 and result.stdout == ""
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_runbook_on_redshift_fails_in_one_clear_line_when_unreachable_or_without_role(
    bucket: dict[str, str], run_load: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", "hunter2-secret")
    with pytest.raises(WarehouseError, match="cannot connect to warehouse") as failed:
        run_load("s3://warehouse-src/sparkify", warehouse="redshift://etl@127.0.0.1:9/dev",
                 iam_role=ROLE)  # fmt: skip
    assert "hunter2-secret" not in str(failed.value) and "\n" not in str(failed.value)
    with pytest.raises(SparkifyError, match="needs --iam-role"):
        run_load("s3://warehouse-src/sparkify", warehouse="redshift://etl@127.0.0.1:9/dev")


def _statements(*names: str) -> list[str]:
    return [statement for name in names for statement in statements(sql(name))]


def _block_at(plan: list[str], block: list[str]) -> int:
    """Where `block` starts in `plan`, as a contiguous run of statements (-1: nowhere)."""
    return next((i for i in range(len(plan)) if plan[i : i + len(block)] == block), -1)


def test_the_dry_run_sends_the_runbook_steps_in_order(bucket: dict[str, str], aws: Any) -> None:
    settings = resolve_settings(source="s3://warehouse-src/sparkify", warehouse=UNREACHABLE,
                                iam_role=ROLE, defaults=False)  # fmt: skip
    out = io.StringIO()
    print_plan(settings, aws, out, logging.getLogger("test.plan"))
    plan = statements(out.getvalue())

    ddl = _statements(*sql_group("redshift/schema"), *sql_group("redshift/star"))
    assert plan[: len(ddl) + 2] == [*ddl, "BEGIN", "LOCK manifest"]
    copies = [i for i, s in enumerate(plan) if s.startswith("COPY ")]
    cleared = _statements("redshift/build/01_clear_star", "redshift/build/02_analyze_staging")
    prepare = _block_at(plan, cleared)
    # Every step's files of the plan, in the plan's order, as sql/build/ has them (no
    # bookkeeping: user_latest serves PostgreSQL's delta builds only).
    built = _statements(*(name for step in build_plan.steps("full") for name in step.files))
    assert all(name.startswith("build/") for step in build_plan.PLAN for name in step.files)
    build = _block_at(plan, built)
    assert not [s for s in plan if "user_latest" in s]
    (checks,) = _statements("redshift/checks/01_keys")
    drop = plan.index("DROP TABLE song_records")
    assert plan.index("BEGIN") < min(copies) and max(copies) < prepare
    assert prepare + len(cleared) == build
    assert build + len(built) < plan.index(checks) < drop < plan.index("COMMIT")
    # COMMIT ends the transaction; only the published tables' counts, for the summary, follow.
    assert plan[-2:] == ["COMMIT", *_statements("ops/table_counts")]
    assert plan.count("COMMIT") == 1 and "ROLLBACK" not in plan

    # The intermediate tables of the plan are made as regular tables and dropped before
    # COMMIT; sqlglot's Redshift dialect reads both as such.
    intermediate = {step.table for step in build_plan.PLAN if not step.published}
    made = [sqlglot.parse_one(s, read="redshift") for s in plan[build:drop]
            if s.startswith("CREATE TABLE")]  # fmt: skip
    assert {_first_table(e) for e in made} == intermediate
    assert not [e for e in made if e.args.get("properties")]  # no TEMPORARY
    dropped = sqlglot.parse_one(plan[drop], read="redshift")
    assert isinstance(dropped, exp.Drop) and _first_table(dropped) in intermediate


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

    def __init__(self, answers: dict[str, list[tuple[Any, ...]]] | None = None,
                 refuse: str | None = None) -> None:  # fmt: skip
        super().__init__(io.StringIO())
        self.answers, self.refuse = answers or {}, refuse

    def execute(self, statement: str) -> list[tuple[Any, ...]]:
        super().execute(statement)
        time.sleep(0.002)  # room for another thread to cut in, were it let
        if self.refuse and statement.startswith(self.refuse):
            raise WarehouseError(f"Redshift refused {self.refuse!r}: boom")
        return next((rows for start, rows in self.answers.items() if statement.startswith(start)),
                    [])  # fmt: skip

    @property
    def sent(self) -> list[str]:
        return statements(self.out.getvalue())


def _settings() -> RunSettings:
    return resolve_settings(source="s3://warehouse-src/sparkify", warehouse=UNREACHABLE,
                            iam_role=ROLE, defaults=False)  # fmt: skip


LOG = logging.getLogger("test.redshift")


def test_a_load_with_nothing_new_rolls_back_and_its_later_steps_send_nothing(
    bucket: dict[str, str], aws: Any
) -> None:
    (loaded_query,) = _statements("redshift/load/02_loaded_files")
    listed = S3Source("s3://warehouse-src/sparkify", aws).list_files()
    session = Scripted({loaded_query: [(f.key, f.fingerprint, 1) for f in listed],
                        "SELECT 'songplays', COUNT(*)": [("songplays", 7)]})  # fmt: skip
    published, staged = run_steps(RedshiftEngine(UNREACHABLE, aws, session=session), _settings(),
                                  LOG)  # fmt: skip
    assert (published, staged) == ({"songplays": 7}, {})
    sent = session.sent
    rollback = sent.index("ROLLBACK")
    assert sent[rollback - 1 :] == [loaded_query, "ROLLBACK", *_statements("ops/table_counts")]


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
    with pytest.raises(WarehouseError, match="transaction ended"):
        engine.check_budget(load_id, settings)
    assert len(session.sent) == sent  # nothing more went to the cluster
    engine.discard(load_id, "failed")
    assert session.sent[-1] == "ROLLBACK"


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
    kinds = [kind for statement in sent for kind in KINDS
             if f"copy_{kind}" in statement or f"checked_{kind}" in statement]  # fmt: skip
    assert sorted(k for k, _ in itertools.groupby(kinds)) == sorted(KINDS)  # one run per kind


def _file(key: str, fingerprint: str) -> SourceFile:
    kind = "events" if key.startswith("log_data") else "songs"
    return SourceFile(key, kind, 10, fingerprint)


def test_a_changed_file_is_staged_again_with_the_other_files_of_its_load() -> None:
    day1, day2, day3 = (f"log_data/2018/11/2018-11-0{d}-events.json" for d in (1, 2, 3))
    song, gone = "song_data/A/TRA.json", "song_data/B/TRB.json"
    loaded = {day1: Loaded("a", 1), day2: Loaded("b", 1), gone: Loaded("g", 1),
              song: Loaded("s", 2)}  # fmt: skip
    listed = [_file(day1, "a"), _file(day2, "B!"), _file(day3, "c"), _file(song, "s")]
    files, dropped = choose_files(listed, loaded, since=None, until=None, full_refresh=False)
    assert [f.key for f in files] == [day1, day2, day3]  # day1 rides along with changed day2
    assert dropped == {gone}
    unchanged, nothing = choose_files(listed[:1] + listed[3:], loaded, since=None, until=None,
                                      full_refresh=False)  # fmt: skip
    assert (unchanged, nothing) == ([], set())
    everything, dropped = choose_files(listed, loaded, since=None, until=None, full_refresh=True)
    assert len(everything) == 4 and dropped == {gone}


def test_the_driver_uses_tls_and_never_a_password_from_the_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = driver.connect_args("redshift://etl@example.redshift.amazonaws.com/dev")
    assert (args["ssl"], args["sslmode"], args["port"], args["user"]) == (
        True, "verify-ca", 5439, "etl")  # fmt: skip
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
        "COPY t FROM 's3://b/k\\\\x' MANIFEST GZIP")  # fmt: skip
    with pytest.raises(ValueError):
        Keyword("GZIP; DROP TABLE x")


def test_cluster_up_status_down_against_moto(
    tmp_path: Path, aws: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import boto3

    config = tmp_path / "sparkify.yaml"
    config.write_text(
        "# team profiles\nprofiles:\n  prod:\n    source: s3://warehouse-src/x\n"
        "    region: us-east-1\n    cluster:\n      identifier: sparkify-test\n"
        "      node_type: ra3.xlplus\n      nodes: 2\n      wait_seconds: 1\n"
    )
    secret = "Master-Passw0rd-never-shown"
    env = {**os.environ, "SPARKIFY_CONFIG": str(config), "PGPASSWORD": secret}

    def cluster(action: str) -> str:
        result = subprocess.run([sys.executable, "-m", "sparkify.cli", "cluster", action,
                                 "--profile", "prod"], env=env, capture_output=True, text=True,
                                timeout=300)  # fmt: skip
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
    policies = iam.list_attached_role_policies(RoleName="sparkify-redshift-s3-read")
    assert [p["PolicyName"] for p in policies["AttachedPolicies"]] == ["AmazonS3ReadOnlyAccess"]
    made = redshift.describe_clusters(ClusterIdentifier="sparkify-test")["Clusters"][0]
    assert (made["NodeType"], made["NumberOfNodes"]) == ("ra3.xlplus", 2)
    assert [r["IamRoleArn"] for r in made["IamRoles"]] == [role["Arn"]]

    written = config.read_text()
    assert written.startswith("# team profiles\n") and secret not in written
    address = made["Endpoint"]["Address"]
    assert f"warehouse: redshift://sparkify@{address}:{made['Endpoint']['Port']}/sparkify" in (
        written)  # fmt: skip
    assert f"iam_role: {role['Arn']}" in written and "node_type: ra3.xlplus" in written

    assert "available" in cluster("status") and address in cluster("status")
    assert "deleted" in cluster("down")
    assert "absent" in cluster("status")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_role(RoleName="sparkify-redshift-s3-read")
