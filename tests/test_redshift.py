"""The Redshift path without a cluster: the plan (`--dry-run`) for a source served by a real
S3 endpoint (moto's server on loopback), the manifests it writes there, the file choice, the
driver's connection settings, and `sparkify cluster` against moto's IAM and Redshift."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlglot
from conftest import AWS_SECRET, event, upload, write_lines
from sqlglot import exp

from sparkify.errors import SparkifyError, WarehouseError
from sparkify.redshift import driver
from sparkify.redshift.load import Loaded, choose_files
from sparkify.sources import SourceFile
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


def test_the_flow_loads_redshift_in_one_task_and_fails_clearly_when_unreachable(
    bucket: dict[str, str], run_load: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", "hunter2-secret")
    with pytest.raises(WarehouseError, match="cannot connect to warehouse") as failed:
        run_load("s3://warehouse-src/sparkify", warehouse="redshift://etl@127.0.0.1:9/dev",
                 iam_role=ROLE)  # fmt: skip
    assert "hunter2-secret" not in str(failed.value)
    with pytest.raises(SparkifyError, match="needs --iam-role"):
        run_load("s3://warehouse-src/sparkify", warehouse="redshift://etl@127.0.0.1:9/dev")


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
