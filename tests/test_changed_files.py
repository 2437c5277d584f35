"""A loaded file is hashed again only when its stat signature says it may have been written
since it was loaded (or since it last hashed as loaded); a changed file is found whatever its
size and mtime say."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import psycopg
import pytest

from sparkify import load, sources
from sparkify.child_staging import stage_in_child
from sparkify.generate import generate
from sparkify.sources import LocalSource, SourceFile
from sparkify.staging import stage_files

RACY_S = 0.5  # the racy window in these tests (RACY_NS is 1 s): a file changed within it
SETTLE = RACY_S + 0.1  # is always hashed; after this long, its ctime tells any change


@pytest.fixture(autouse=True)
def short_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "RACY_NS", int(RACY_S * 1e9))


class CountingSource(LocalSource):
    """The local source, noting which files it was asked to hash."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.hashed: list[str] = []

    def fingerprinted(self, files: list[SourceFile]) -> list[SourceFile]:
        self.hashed += [f.key for f in files]
        return super().fingerprinted(files)


def loaded_as_listed(conn: psycopg.Connection, source: CountingSource) -> list[SourceFile]:
    """A published manifest of every file as listed now (hash and signature), as a load of
    all of them leaves it."""
    files = source.fingerprinted(source.list_files())
    source.hashed.clear()
    with conn.cursor().copy(
        "COPY manifest (source_key, kind, size, fingerprint, load_id, rows_staged,"
        " rows_quarantined, day, stat) FROM STDIN"
    ) as copy:
        for f in files:
            copy.write_row((f.key, f.kind, f.size, f.fingerprint, 1, 1, 0, f.day, f.stat))
    return files


def choose(conn: psycopg.Connection, source: CountingSource) -> list[str]:
    files = source.list_files()
    chosen = load.select_files(conn, source, files, since=None, until=None, full_refresh=False)
    return [f.key for f in chosen]


def test_only_files_whose_stat_changed_are_hashed_and_a_changed_file_is_found(
    tmp_path: Path, warehouse_url: str
) -> None:
    root = tmp_path / "source"
    generate(root, events=300, songs=6, days=2, seed=7)
    time.sleep(SETTLE)
    source = CountingSource(root)
    with psycopg.connect(warehouse_url) as conn:
        load.prepare(conn)
        files = loaded_as_listed(conn, source)
        assert all(f.stat is not None for f in files)

        assert choose(conn, source) == [] and source.hashed == []  # nothing read again

        song = next(f.key for f in files if f.kind == "songs")
        day = next(f.key for f in files if f.kind == "events")
        (root / song).write_bytes((root / song).read_bytes())  # written, the same bytes
        before = os.stat(root / day)
        text = (root / day).read_bytes()
        (root / day).write_bytes(text.replace(b'"free"', b'"paid"', 1))
        assert (root / day).stat().st_size == before.st_size  # the same size ...
        os.utime(root / day, ns=(before.st_atime_ns, before.st_mtime_ns))  # ... and mtime
        time.sleep(SETTLE)
        assert choose(conn, source) == [day]
        assert sorted(source.hashed) == sorted([song, day])
        source.hashed.clear()
        assert choose(conn, source) == [day]
        assert source.hashed == [day]  # the song, hashed as unchanged, has its new signature

        source.hashed.clear()
        (root / song).write_bytes((root / song).read_bytes()[:-1] + b" ")
        listed = {f.key: f for f in source.list_files()}  # at once: changed within a second
        assert listed[song].stat is None
        assert choose(conn, source) == sorted([day, song])


def test_staging_records_each_files_signature_as_listed(tmp_path: Path, warehouse_url: str) -> None:
    """In-process and in the staging child alike: what the next load compares with."""
    root = tmp_path / "source"
    generate(root, events=2_000, songs=20, days=2, seed=8)
    time.sleep(SETTLE)
    source = LocalSource(root)
    files = source.list_files()
    log = logging.getLogger("test")
    with psycopg.connect(warehouse_url) as conn:
        load.prepare(conn)
        load_id = load.begin(conn, str(root), False)
        conn.commit()
        events = [f for f in files if f.kind == "events"]
        stage_files(conn, source, events, "events", load_id, log, total=len(events))
        songs = [f for f in files if f.kind == "songs"]
        stage_in_child(warehouse_url, str(root), songs, "songs", load_id, log)
        recorded = dict(conn.execute("SELECT source_key, stat FROM pending_manifest").fetchall())
    assert recorded == {f.key: f.stat for f in files}
    assert all(recorded.values())
