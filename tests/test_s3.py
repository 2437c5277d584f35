"""S3 as a source, against a real S3 endpoint on loopback (moto's server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import (
    AWS_SECRET,
    cli_env,
    event,
    run_cli,
    star_tables,
    start_cli,
    upload,
    write_lines,
)
from oracle import expected

from sparkify.errors import SourceError
from sparkify.generate import generate
from sparkify.s3 import S3Source


def test_an_s3_source_loads_like_the_same_local_folder(
    tmp_path: Path, aws: Any, run_load: Any, new_warehouse: Any
) -> None:
    root = tmp_path / "data"
    generate(root, events=3000, songs=1100, days=3, seed=17)
    write_lines(root, "log_data/.ipynb_checkpoints/2018-11-01-events.json", [event()])
    write_lines(root, "song_data/notes.txt", ["not a source"])
    assert upload(aws, root, "sparkify", "raw/2018") > 1000
    from_s3, from_disk = new_warehouse(), new_warehouse()
    summary = run_load("s3://sparkify/raw/2018", warehouse=from_s3)
    assert summary.staged["songs"][0] == 1100  # every page of the listing
    run_load(root, warehouse=from_disk)
    assert star_tables(from_s3) == star_tables(from_disk) == expected(root)

    assert run_load("s3://sparkify/raw/2018", warehouse=from_s3).staged == {}  # ETags kept
    day = "log_data/2018/11/2018-11-02-events.json"
    write_lines(root, day, [event(userId="99")])
    aws.put_object(Bucket="sparkify", Key=f"raw/2018/{day}", Body=(root / day).read_bytes())
    changed = run_load("s3://sparkify/raw/2018", warehouse=from_s3)
    assert changed.staged["events"][0] == 1
    assert star_tables(from_s3) == expected(root)


def test_empty_and_missing_buckets_are_clear_errors(aws: Any) -> None:
    aws.create_bucket(Bucket="empty")
    with pytest.raises(SourceError, match="no source files under s3://empty/x"):
        S3Source("s3://empty/x").list_files()
    with pytest.raises(SourceError, match="cannot list s3://nowhere: NoSuchBucket"):
        S3Source("s3://nowhere").list_files()


def test_cli_with_an_s3_profile_prints_no_credential(
    tmp_path: Path, aws: Any, prefect_api: str, warehouse_url: str
) -> None:
    generate(tmp_path / "data", events=500, songs=30, days=1, seed=3)
    upload(aws, tmp_path / "data", "team-bucket", "sparkify")
    config = tmp_path / "sparkify.yaml"
    config.write_text(
        "profiles:\n  test:\n    source: s3://team-bucket/sparkify\n"
        f"    warehouse: {warehouse_url}\n    region: us-east-1\n"
    )
    env = {**cli_env(prefect_api, tmp_path), "SPARKIFY_CONFIG": str(config)}
    run = start_cli("run", "--profile", "test", env=env)
    out, err = run.communicate(timeout=600)
    assert run.returncode == 0, err[-3000:]
    assert "s3://team-bucket/sparkify" in out
    assert AWS_SECRET not in out + err
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert AWS_SECRET.encode() not in path.read_bytes(), path
    bad = run_cli("run", "--profile", "nope", api=prefect_api, home=tmp_path)
    assert bad.returncode == 1 and "no profile 'nope'" in bad.stderr


def test_the_committed_profiles_load_and_refuse_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sparkify.errors import SparkifyError
    from sparkify.profiles import load_profile
    from sparkify.redshift.cluster import ClusterSpec

    monkeypatch.delenv("SPARKIFY_CONFIG", raising=False)
    assert load_profile("local").source is None
    prod = load_profile("prod")
    assert prod.source == "s3://udacity-dend/" and prod.warehouse.startswith("redshift://")
    assert prod.iam_role and ClusterSpec.of(prod).nodes == 2
    config = tmp_path / "sparkify.yaml"
    monkeypatch.setenv("SPARKIFY_CONFIG", str(config))
    config.write_text("profiles:\n  a:\n    password: hunter2\n")
    with pytest.raises(SparkifyError, match="unknown keys \\['password'\\]"):
        load_profile("a")
    config.write_text("profiles:\n  a:\n    warehouse: postgresql://u:hunter2@h/db\n")
    with pytest.raises(SparkifyError, match="carries a password"):
        load_profile("a")


def test_the_profile_parameter_gives_a_deployment_its_environment(
    udacity_sample: Path,
    tmp_path: Path,
    run_load: Any,
    warehouse_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = tmp_path / "sparkify.yaml"
    config.write_text(
        f"profiles:\n  nightly:\n    source: /nowhere\n    warehouse: {warehouse_url}\n"
    )
    monkeypatch.setenv("SPARKIFY_CONFIG", str(config))
    summary = run_load(udacity_sample, warehouse=None, profile="nightly")  # given source wins
    assert summary.source == str(udacity_sample)
    assert star_tables(warehouse_url) == expected(udacity_sample)


def test_an_empty_bucket_is_one_clear_line(tmp_path: Path, aws: Any, prefect_api: str) -> None:
    aws.create_bucket(Bucket="nothing-here")
    run = run_cli("run", "--source", "s3://nothing-here/sparkify", api=prefect_api, home=tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("sparkify: error:")]
    assert errors == [
        "sparkify: error: no source files under s3://nothing-here/sparkify (song_data/, log_data/)"
    ]
