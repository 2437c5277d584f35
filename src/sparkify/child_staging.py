"""Stage one kind of local file in a child process.

Turning JSON lines into rows is CPU work, and Python threads cannot share it (the GIL): staged
in two threads, events and songs took as long as one after the other. Each kind now stages
in a process of its own (`python -m sparkify.child_staging`) with its own connection. The
parent streams it the file list on stdin; the child answers with JSON lines on stdout: its
progress (relayed to the run's log) and its outcome. The child dies with its parent
(PR_SET_PDEATHSIG), so a killed run never leaves a process writing into a load that the next
run discards.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import IO, Any

import orjson
import psycopg

from sparkify.errors import SparkifyError, WarehouseError, is_transient
from sparkify.sources import Kind, LocalSource, SourceFile
from sparkify.staging import StageResult, stage_files
from sparkify.warehouse import Warehouse

_PR_SET_PDEATHSIG = 1


class StagingFailed(SparkifyError):
    """The child's error, rebuilt in the parent with the child's message."""


def stage_in_child(
    warehouse_url: str,
    root: str,
    files: Sequence[SourceFile],
    kind: Kind,
    load_id: int,
    log: logging.Logger | logging.LoggerAdapter[Any],
) -> StageResult:
    """`stage_files` for a local source, run in a child process; same result, same errors."""
    header = {
        "warehouse": warehouse_url,
        "root": root,
        "kind": kind,
        "load_id": load_id,
        "files": len(files),
        "parent": os.getpid(),
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "sparkify.child_staging"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdin is not None and child.stdout is not None
    feeder = threading.Thread(target=_feed, args=(child.stdin, header, files), daemon=True)
    feeder.start()
    try:
        for line in child.stdout:
            message = orjson.loads(line)
            if "log" in message:
                log.info("%s", message["log"])
            elif "done" in message:
                return StageResult(**message["done"])
            elif message["transient"]:  # a dropped connection: the task's retry policy takes it
                raise WarehouseError(message["error"]) from psycopg.OperationalError(
                    message["error"]
                )
            else:
                raise StagingFailed(message["error"])
        raise WarehouseError(
            f"the {kind} staging process ended without a result (exit code {child.wait()})"
        )
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()


def _feed(pipe: IO[bytes], header: dict[str, Any], files: Sequence[SourceFile]) -> None:
    """Header, then one line per file: size and key, the key's bytes in hex (any file name
    passes, newlines and undecodable bytes too). A child that died just stops reading."""
    with contextlib.suppress(BrokenPipeError, ValueError), pipe:
        pipe.write(orjson.dumps(header) + b"\n")
        for file in files:
            pipe.write(f"{file.size} {os.fsencode(file.key).hex()} {file.stat or '-'}\n".encode())


def _child() -> None:
    """The child's side: stage the files read from stdin, report on stdout."""
    with contextlib.suppress(OSError, AttributeError):  # Linux only; elsewhere best effort
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    header = orjson.loads(sys.stdin.buffer.readline())
    if os.getppid() != header["parent"]:  # the parent died before prctl took effect
        raise SystemExit(1)
    out = sys.stdout.buffer
    log = logging.getLogger(f"sparkify.stage.{header['kind']}")
    log.addHandler(_LineHandler(out))
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        with Warehouse(header["warehouse"]).connect() as conn:
            files = _files_from(sys.stdin.buffer, header["kind"], header["files"])
            result = stage_files(
                conn,
                LocalSource(header["root"]),
                files,
                header["kind"],
                header["load_id"],
                log,
                total=header["files"],
            )
        _send(out, {"done": vars(result)})
    except Exception as error:
        _send(out, {"error": _describe(error), "transient": is_transient(error)})


def _describe(error: Exception) -> str:
    """A SparkifyError's message is the user's line already; anything else gets its type."""
    return str(error) if isinstance(error, SparkifyError) else f"{type(error).__name__}: {error}"


def _files_from(stream: IO[bytes], kind: Kind, expected: int) -> Iterator[SourceFile]:
    """The files, streamed: the child never holds the whole list. A list that ends early
    means the parent died: fail, so the batch in progress rolls back."""
    received = 0
    for line in stream:
        size, key, stat = line.decode().split()
        received += 1
        signature = None if stat == "-" else stat
        yield SourceFile(os.fsdecode(bytes.fromhex(key)), kind, int(size), None, signature)
    if received != expected:
        raise StagingFailed(f"the file list ended after {received} of {expected} files")


def _send(out: IO[bytes], message: dict[str, Any]) -> None:
    out.write(orjson.dumps(message) + b"\n")
    out.flush()


class _LineHandler(logging.Handler):
    """Each progress line becomes a JSON line for the parent, which logs it in the flow run."""

    def __init__(self, out: IO[bytes]) -> None:
        super().__init__()
        self.out = out

    def emit(self, record: logging.LogRecord) -> None:
        _send(self.out, {"log": record.getMessage()})


if __name__ == "__main__":
    _child()
