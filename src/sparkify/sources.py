"""Find the source files under a root and read them line by line.

A source root holds `song_data/**` and `log_data/**`. A file is identified by its key (its
path relative to the root) and fingerprinted by a hash of its bytes, so that a changed file
is noticed whatever its timestamps say. To spare hashing every loaded file on every run, a
local file also carries its stat signature as listed: size, mtime, ctime, inode and device.
Any write to a file, and any change of its timestamps, sets its ctime to the kernel's clock,
which no program can set back; so a file whose signature equals the one recorded when it was
loaded has not been written since, and its recorded hash stands (git's index does the same).
A file changed less than a second before it was listed gets no signature ("racy": a second
change within the clock's tick would keep its ctime) and is always hashed.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal, Protocol

from sparkify.errors import SourceError

Kind = Literal["events", "songs"]
TREES: dict[str, Kind] = {"log_data": "events", "song_data": "songs"}
_DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_READ_CHUNK = 64 * 1024  # small: most song files are a few hundred bytes
_WHOLE_FILE_BYTES = 1024 * 1024  # a local file this small is read in one call, not streamed
_HASH_CHUNK = 1024 * 1024
RACY_NS = 1_000_000_000  # a file changed within this long before its listing is always hashed


class UnreadableFile(Exception):
    """The whole file cannot be read as text (bad gzip, bad UTF-8, vanished)."""


@dataclass
class OpenedFile:
    """A source file opened for reading, and the fingerprint to record for what is read
    (None: the hash of the bytes read, as for local files)."""

    stream: BinaryIO
    fingerprint: str | None = None
    small: bool = False  # a local file of at most _WHOLE_FILE_BYTES: read it whole


class Source(Protocol):
    """Where source files come from: a local folder or an S3 prefix."""

    def list_files(self) -> list[SourceFile]: ...

    def fingerprinted(self, files: list[SourceFile]) -> list[SourceFile]: ...

    def open(self, key: str) -> OpenedFile: ...


@dataclass(frozen=True, slots=True)  # slots: a load may list 100,000s of them
class SourceFile:
    key: str
    kind: Kind
    size: int
    fingerprint: str | None  # None: not computed yet (a local file is hashed only when needed)
    stat: str | None = None  # a local file's stat signature as listed (None: hash it to compare)

    @property
    def day(self) -> date | None:
        """The date in an event file's name (`2018-11-01-events.json`), if any."""
        match = _DATE_IN_NAME.search(self.key.rsplit("/", 1)[-1])
        if not match:
            return None
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            return None


class FileSet:
    """The files a load stages, handed from task to task as one opaque value.

    Prefect walks lists, tuples and dataclasses in task parameters item by item, which takes
    seconds for 100,000 files; an object of a plain class is passed whole. `unchanged`: the
    source is as the last published load saw it (nothing new, changed or gone), so the load
    has nothing to stage, build or check."""

    __slots__ = ("files", "unchanged")

    def __init__(self, files: Iterable[SourceFile], *, unchanged: bool = False) -> None:
        self.files = tuple(files)
        self.unchanged = unchanged

    def __len__(self) -> int:
        return len(self.files)

    def of_kind(self, kind: Kind) -> list[SourceFile]:
        return [f for f in self.files if f.kind == kind]


SOURCE_SUFFIXES = (".json", ".json.gz")


def is_source_name(name: str) -> bool:
    return not name.startswith(".") and name.endswith(SOURCE_SUFFIXES)


class LocalSource:
    """A source root on the local file system."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).expanduser().resolve()

    def __str__(self) -> str:
        return str(self.root)

    def list_files(self) -> list[SourceFile]:
        """Every source file under the root, in key order, not yet fingerprinted: a new file
        is hashed while it is staged, so only files already loaded are read twice."""
        if not self.root.is_dir():
            raise SourceError(f"source folder {self.root} does not exist")
        settled = time.time_ns() - RACY_NS  # changed before this: its ctime tells any change
        files = [
            SourceFile(key, kind, stat.st_size, None, _signature(stat, settled))
            for tree, kind in TREES.items()
            for key, stat in _walk(self.root / tree, f"{tree}/")
        ]
        if not files:
            raise SourceError(f"no source files under {self.root} (song_data/, log_data/)")
        return sorted(files, key=lambda f: f.key)

    def fingerprinted(self, files: list[SourceFile]) -> list[SourceFile]:
        """The files with the SHA-256 of their bytes. One thread: threads only fight over the
        GIL here (100,000 small files hash in under a second, 8 threads took 6 s)."""
        root = str(self.root)
        return [replace(f, fingerprint=_sha256(f"{root}/{f.key}")) for f in files]

    def open(self, key: str) -> OpenedFile:
        try:
            stream = open(f"{self.root}/{key}", "rb")  # noqa: SIM115 (FileReader closes it)
        except FileNotFoundError:
            raise UnreadableFile("file vanished before it could be read") from None
        return OpenedFile(stream, small=os.fstat(stream.fileno()).st_size <= _WHOLE_FILE_BYTES)


def is_source_key(key: str) -> bool:
    """A key names a source when no part of it is hidden and its name ends right."""
    parts = key.split("/")
    return not any(part.startswith(".") for part in parts) and is_source_name(parts[-1])


def _walk(folder: Path, prefix: str) -> Iterator[tuple[str, os.stat_result]]:
    """(key, stat) of the files under `folder` with a source name, skipping hidden files and
    folders; keys are `prefix` + the path below `folder`, in no particular order. A loop over
    a stack of plain strings: song_data's 40,000 folders made nested generators and a Path
    per folder 3 s of a 100,000-file listing."""
    stack = [(str(folder), prefix)]
    while stack:
        path, below = stack.pop()
        try:
            entries = os.scandir(path)
        except (FileNotFoundError, NotADirectoryError):  # no such tree in this source
            continue
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=True):
                    stack.append((entry.path, f"{below}{name}/"))
                elif name.endswith(SOURCE_SUFFIXES) and entry.is_file():  # not hidden: above
                    yield f"{below}{name}", entry.stat()


def _signature(stat: os.stat_result, settled: int) -> str | None:
    """What must stay the same for a file not to have been written (module docstring)."""
    if stat.st_ctime_ns >= settled:
        return None
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}:{stat.st_dev}"


def _sha256(path: str) -> str:
    try:
        handle = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return "vanished"
    digest = hashlib.sha256()
    try:
        while chunk := os.read(handle, _HASH_CHUNK):
            digest.update(chunk)
    finally:
        os.close(handle)
    return digest.hexdigest()


class _HashingReader(io.RawIOBase):
    """Passes bytes through while hashing them, so staging records what it really read."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))  # read(): files and S3 bodies alike
        count = len(data)
        buffer[:count] = data
        self.digest.update(data)
        return count


class FileReader:
    """Iterates the non-blank lines of one source file as (line_number, text).

    `fingerprint` is the hash of the bytes actually read, available once iteration ends.
    Raises UnreadableFile when the file is not valid gzip or not valid UTF-8.
    """

    def __init__(self, opened: OpenedFile, key: str) -> None:
        self.key = key
        self._hashing = _HashingReader(opened.stream)
        self._handle = opened.stream
        self._fingerprint = opened.fingerprint
        self._small = opened.small and not key.endswith(".gz")

    def __iter__(self) -> Iterator[tuple[int, str]]:
        if self._small:  # one read instead of a stream: most song files are a few hundred bytes
            try:
                data = self._handle.read()
            except OSError as error:
                raise UnreadableFile(f"file cannot be read ({error})") from None
            finally:
                self._handle.close()
            self._hashing.digest.update(data)
            yield from _numbered(data.split(b"\n"))
            return
        buffered = io.BufferedReader(self._hashing, _READ_CHUNK)
        stream: BinaryIO = buffered
        if self.key.endswith(".gz"):
            stream = gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[assignment]
        try:
            yield from _numbered(stream)
            while buffered.read(_READ_CHUNK):  # hash any bytes gzip left unread
                pass
        except (gzip.BadGzipFile, EOFError, zlib.error, OSError) as error:
            what = "is not valid gzip" if self.key.endswith(".gz") else "cannot be read"
            raise UnreadableFile(f"file {what} ({error})") from None
        finally:
            self._handle.close()

    @property
    def fingerprint(self) -> str:
        return self._fingerprint or self._hashing.digest.hexdigest()


def _numbered(lines: Iterable[bytes]) -> Iterator[tuple[int, str]]:
    """(line number, text) of the non-blank lines; lines split at b"\\n" only."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, line.decode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableFile(f"file is not valid UTF-8 (line {number})") from None


def open_source(spec: str, s3_client: object | None = None) -> Source:
    """The source named by `spec`: `s3://bucket/prefix` or a local folder.

    `s3_client`: a boto3 S3 client to use (from a prefect-aws AwsCredentials block); default:
    boto3's own credential chain and the standard AWS environment variables.
    """
    if spec.startswith("s3://"):
        from sparkify.s3 import S3Source

        return S3Source(spec, s3_client)
    return LocalSource(spec)
