"""Hostile source keys (quotes, spaces, `;`, backslashes, non-ASCII, names of 200+ bytes):
loaded locally and from S3 exactly like any other, kept exactly in `quarantine.source_key`,
and written correctly escaped into the Redshift plan (SQL literals) and its S3 manifests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

import sqlglot
from conftest import T0, event, fetch, song_record, star_tables, upload, write_lines
from oracle import expected
from redshift_sql import printed_objects
from sqlglot import exp

ROLE = "arn:aws:iam::123456789012:role/sparkify-s3-read"
UNREACHABLE = "redshift://etl@192.0.2.1:5439/dev"
PREFIX = "raw 'it''s' \"x\"; \\ é/日本"  # quotes, spaces, `;`, a backslash, non-ASCII
LONG = "ü" * 60 + "-" + "x" * 110  # 231 bytes: file names near NAME_MAX (255 bytes)
EVENT_KEYS = [
    'log_data/2018/11/2018-11-02 it\'s "quoted"; DROP TABLE songs;--events.json',
    "log_data/2018/11/événements 日本/2018-11-03-events.json",
    f"log_data/{LONG}/2018-11-04-{LONG}.json",
]
SONG_KEYS = [
    'song_data/A/B/it\'s a "song"; -- é.json',
    f"song_data/日本/{LONG}/{LONG[:150]}.json",
]


def hostile_source(root: Path) -> Path:
    """One plain file per hostile key, each with a bad line so the quarantine names it."""
    for number, key in enumerate(EVENT_KEYS):
        write_lines(root, key, [event(ts=T0 + number, userId=str(number + 1)), "{not json"])
    for number, key in enumerate(SONG_KEYS):
        write_lines(
            root, key, [song_record(song_id=f"SO{number}", artist_id=f"AR{number}"), '{"title": 7']
        )
    write_lines(root, "log_data/2018/11/2018-11-01-events.json", [event()])
    return root


def test_hostile_keys_load_locally_and_from_s3(
    tmp_path: Path, aws: Any, run_load: Any, new_warehouse: Any
) -> None:
    root = hostile_source(tmp_path / "data")
    contract = expected(root)
    keys = sorted(EVENT_KEYS + SONG_KEYS)
    assert sorted({key for key, _line in contract["quarantine"]}) == keys  # the oracle sees all
    upload(aws, root, "hostile", PREFIX)
    for source in (root, f"s3://hostile/{PREFIX}"):
        url = new_warehouse()
        run_load(source, warehouse=url, max_errors="100%")
        assert star_tables(url) == contract, source
        assert sorted(fetch(url, "SELECT DISTINCT source_key FROM quarantine")) == [
            (key,) for key in keys
        ]
        assert run_load(source, warehouse=url).staged == {}  # every key matched its manifest


def test_hostile_keys_are_escaped_in_the_redshift_plan_and_manifests(
    tmp_path: Path, aws: Any
) -> None:
    upload(aws, hostile_source(tmp_path / "data"), "hostile", PREFIX)
    with suppress(aws.exceptions.BucketAlreadyOwnedByYou):
        aws.create_bucket(Bucket="hostile-state")  # where a load writes (and a plan prints)
    state = "s3://hostile-state/plans"
    env = {**os.environ, "SPARKIFY_HOME": str(tmp_path / "home")}
    env.pop("PGPASSWORD", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sparkify.cli",
            "run",
            "--dry-run",
            "--warehouse",
            UNREACHABLE,
            "--iam-role",
            ROLE,
            "--source",
            f"s3://hostile/{PREFIX}",
            "--state",
            state,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    parsed = [e for e in sqlglot.parse(result.stdout, read="redshift") if e is not None]
    assert len(parsed) == result.stdout.count(";\n")
    literals = {lit.this for e in parsed for lit in e.find_all(exp.Literal) if lit.is_string}
    root = f"s3://hostile/{PREFIX}/"
    assert root in literals  # the source root, read back from its literal exactly
    urls = sorted(lit for lit in literals if lit.startswith(f"{state}/loads/"))
    assert [url.rsplit("/", 1)[1] for url in urls] == [
        "events.manifest",
        "files.json",
        "songs.manifest",
    ]
    written = printed_objects(result.stdout)  # a dry run prints them, writes nothing
    assert set(urls) <= set(written)

    listed = {}
    for url in urls:
        if url.endswith(".manifest"):
            for entry in json.loads(written[url])["entries"]:
                listed[entry["url"]] = entry["meta"]["content_length"]
    assert sorted(listed) == sorted(
        root + key for key in [*EVENT_KEYS, *SONG_KEYS, "log_data/2018/11/2018-11-01-events.json"]
    )
    for url, size in listed.items():
        assert len(_read(aws, url)) == size  # each URL names the object itself
    files = [json.loads(line) for line in written[urls[1]].splitlines()]
    assert sorted(f["source_key"] for f in files) == sorted(
        key.removeprefix(root) for key in listed
    )


def _read(aws: Any, url: str) -> bytes:
    bucket, _, key = url.removeprefix("s3://").partition("/")
    return bytes(aws.get_object(Bucket=bucket, Key=key)["Body"].read())
