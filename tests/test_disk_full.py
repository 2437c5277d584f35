"""The warehouse's disk fills up mid-load: one clear line, nothing published, nothing left
behind, and once space is freed the next run equals the contract.

The warehouse database lives in a tablespace on a small tmpfs of its own (WAL and the other
tests' databases stay on the server's disk), so only this database runs out of space. The
tmpfs is first large enough for a first load, then shrunk to a headroom above what that load
used: too small for the second load's staging, or big enough for its staging but not for its
build (measured: staging the second load takes about 13 MB, its full build about 30 MB more).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import fetch, run_cli, star_tables
from oracle import expected

from sparkify.generate import generate

MB = 2**20
ROOMY = 512 * MB  # a first load and any recovery fit easily
STAGING_HEADROOM = 6 * MB  # the second load's staging needs ~13 MB
BUILD_HEADROOM = 24 * MB  # its staging fits (~13 MB), its full build (~30 MB more) does not
_spaces = itertools.count()


@dataclass
class SmallDisk:
    """A database whose every table lives on a tmpfs we can shrink and grow."""

    url: str
    mountpoint: Path

    def used(self) -> int:
        stat = os.statvfs(self.mountpoint)
        return (stat.f_blocks - stat.f_bfree) * stat.f_frsize

    def resize(self, size: int) -> None:
        _mount("-o", f"remount,size={size}", str(self.mountpoint))

    def leave_headroom(self, headroom: int) -> None:
        """Shrink the disk to what is used now plus `headroom` bytes."""
        self.resize(self.used() + headroom)


@pytest.fixture
def small_disk(pg_admin_url: str) -> Iterator[SmallDisk]:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    # Not under tmp_path: the server's OS user must reach it, and pytest's folders are 0700.
    mountpoint = Path(tempfile.mkdtemp(prefix="sparkify-small-disk-"))
    mountpoint.chmod(0o755)
    try:
        _mount("-t", "tmpfs", "-o", f"size={ROOMY},mode=0755", "tmpfs", str(mountpoint))
    except subprocess.CalledProcessError as error:
        mountpoint.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {error.stderr.strip()}")
    name = f"small_disk_{os.getpid()}_{next(_spaces)}"
    try:
        url = _database_on(pg_admin_url, mountpoint / "tablespace", name)
        yield SmallDisk(url, mountpoint)
    finally:
        try:
            with psycopg.connect(pg_admin_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                conn.execute(f"DROP TABLESPACE IF EXISTS {name}")
        finally:  # a failed drop must not leave the mount behind
            subprocess.run(["umount", "--lazy", str(mountpoint)], check=False)
            mountpoint.rmdir()


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, text=True)


def _database_on(admin_url: str, folder: Path, name: str) -> str:
    """A new database (and tablespace) `name` stored in `folder`; its URL."""
    folder.mkdir()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        data = Path(conn.execute("SHOW data_directory").fetchone()[0])
        owner = data.stat()
        os.chown(folder, owner.st_uid, owner.st_gid)  # the server's OS user writes there
        conn.execute(f"CREATE TABLESPACE {name} LOCATION '{folder}'")
        conn.execute(f"CREATE DATABASE {name} TABLESPACE {name}")
    return admin_url.replace("/postgres?", f"/{name}?")


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """A first load (day 1, half the songs), everything (3 days, all songs: a full build
    whose staged events outweigh the first load's), and what the contract says of it."""
    everything = tmp_path_factory.mktemp("everything")
    generate(everything, events=60_000, songs=400, days=3, seed=21)
    first = tmp_path_factory.mktemp("first")
    songs = sorted((everything / "song_data").rglob("*.json"))
    for path in [everything / "log_data/2018/11/2018-11-01-events.json", *songs[::2]]:
        target = first / path.relative_to(everything)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return first, everything, expected(everything)


def _fill_the_disk_then_recover(
    headroom: int,
    failing_stage: str,
    sources: tuple[Path, Path, dict[str, Any]],
    disk: SmallDisk,
    run_load: Any,
    api: str,
    home: Path,
) -> None:
    """A first load, then the full source on a disk left with `headroom`: the CLI fails in
    `failing_stage` with one line and leaves no trace; on a freed disk the next run is right."""
    first, everything, contract = sources
    run_load(first, warehouse=disk.url)
    before = star_tables(disk.url)
    staged_before = fetch(disk.url, "SELECT count(*) FROM staging_events")
    disk.leave_headroom(headroom)

    failed = run_cli(
        "run", "--source", str(everything), "--warehouse", disk.url, api=api, home=home
    )
    assert failed.returncode == 1
    errors = [line for line in failed.stderr.splitlines() if line.startswith("sparkify: error:")]
    assert len(errors) == 1, failed.stderr[-3000:]
    assert errors[0].startswith("sparkify: error: disk full on the warehouse: could not ")
    assert "No space left on device" in errors[0]
    assert "Traceback" not in failed.stderr and "Retry" not in failed.stderr  # full stays full
    failed_tasks = _failed_tasks(failed.stderr)
    assert failed_tasks and all(f"Task run '{failing_stage}" in line for line in failed_tasks)
    assert star_tables(disk.url) == before
    assert fetch(disk.url, "SELECT count(*) FROM staging_events") == staged_before
    assert fetch(disk.url, "SELECT count(*) FROM pending_manifest") == [(0,)]
    assert fetch(disk.url, "SELECT status FROM loads ORDER BY load_id") == [
        ("published",),
        ("failed",),
    ]

    disk.resize(ROOMY)
    run_load(everything, warehouse=disk.url)
    assert star_tables(disk.url) == contract


def _failed_tasks(log: str) -> list[str]:
    return [
        line
        for line in log.splitlines()
        if line.count("Task run '") and "Finished in state Failed" in line
    ]


def test_disk_full_while_staging(
    sources: Any, small_disk: SmallDisk, run_load: Any, prefect_api: str, tmp_path: Path
) -> None:
    _fill_the_disk_then_recover(
        STAGING_HEADROOM, "stage-", sources, small_disk, run_load, prefect_api, tmp_path
    )


def test_disk_full_while_building(
    sources: Any, small_disk: SmallDisk, run_load: Any, prefect_api: str, tmp_path: Path
) -> None:
    _fill_the_disk_then_recover(
        BUILD_HEADROOM, "load-", sources, small_disk, run_load, prefect_api, tmp_path
    )
