"""The warm runner: `sparkify run` without paying for its imports again.

Prefect and Great Expectations take seconds of CPU to import (about 2 s and 6 s on the 2-core
machine), more than a run that finds nothing new spends on its work. So, beside the state
folder's Prefect server, a runner process imports them once and then forks a child per
`sparkify run`: the child has every module loaded, takes the command's standard streams
(passed over a unix socket), working folder and environment, runs the command and sends back
its exit code. The command waits, forwards the signals it gets (Ctrl-C) and, killed itself,
takes its child with it: a killed command's load is abandoned as it would be in-process.

Used only when it is equivalent to running in-process: on Linux (fork, abstract sockets and
SO_PEERCRED), when the CLI manages the Prefect server (no PREFECT_API_URL of the caller's),
with `SPARKIFY_WARM` not `off`, and when the runner was started from the same code, Python and
Prefect settings (a fingerprint; a stale runner steps aside and is replaced). Otherwise, or
while the runner is still starting, the command runs in-process as before.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import gc
import hashlib
import io
import json
import logging
import os
import signal
import socket
import struct
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from sparkify.prefect_server import still_running

SWITCH = "SPARKIFY_WARM"  # "off": every command runs in-process
# Imported once by the runner: what a run spends seconds importing (the flow pulls in the rest).
PRELOAD = (
    "prefect",
    "sparkify.cli",
    "sparkify.flows.etl",
    "great_expectations",
    "sqlalchemy.dialects.postgresql",
)
FIRST_REPLY = 15.0  # seconds a runner may take to take a request before it counts as hung
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
_HEADER = struct.Struct("!I")  # the request's length, before its JSON


def usable(env: dict[str, str]) -> bool:
    """A warm run is the same as an in-process one here (see the module's docstring)."""
    return sys.platform == "linux" and env.get(SWITCH, "").lower() not in {"off", "0", "false"}


def fingerprint(env: dict[str, str]) -> str:
    """What the runner's imports were made of: its code, its Python and packages, and the
    settings Prefect and GX read once at import, and what Python's start-up read (its path,
    the locale of its streams). A runner of another fingerprint is stale."""
    package = Path(__file__).parent
    parts: list[str] = [sys.executable, sys.version]
    purelib = Path(sysconfig.get_paths()["purelib"])
    parts.append(str(purelib.stat().st_mtime_ns))  # changes with every install into the venv
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        parts.append(f"{path.relative_to(package)}:{stat.st_mtime_ns}:{stat.st_size}")
    settings = sorted(
        (name, value)
        for name, value in env.items()
        if name.startswith(("PREFECT_", "GX_", "PYTHON", "LC_")) or name in {"HOME", "LANG"}
    )
    parts.append(json.dumps(settings))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _address(folder: Path) -> str:
    """An abstract unix socket (Linux): no file to leave behind when the runner is killed,
    and none of a path's length limit; only the runner's own user may use it (SO_PEERCRED)."""
    digest = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:24]
    return f"\0sparkify-warm-runner-{digest}"


# --- the command's side --------------------------------------------------------------------


def delegate(folder: Path, argv: Sequence[str]) -> int | None:
    """Run `sparkify ARGV` in a child of the folder's warm runner and return its exit code;
    None when no current runner takes it: the caller runs it in-process, then `start`s one
    for the next command (after its run: the runner's imports would slow this run's load)."""
    env = dict(os.environ)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with conn:
        try:
            conn.connect(_address(folder))
        except OSError:  # none yet, or killed
            return None
        request = json.dumps(
            {"fingerprint": fingerprint(env), "argv": list(argv), "cwd": os.getcwd(), "env": env}
        ).encode()
        conn.settimeout(FIRST_REPLY)
        try:
            socket.send_fds(conn, [_HEADER.pack(len(request)) + request], [0, 1, 2])
            reader = conn.makefile("r", encoding="utf-8")
            first = reader.readline().split()
        except OSError:  # hung, or gone meanwhile: in-process this time
            return None
        conn.settimeout(None)
        if first[:1] != ["ok"]:  # "stale": it leaves (the caller starts its replacement)
            stale = _recorded(folder)
            if stale is not None:
                _wait_gone(stale)
            return None
        return _wait_for(int(first[1]), reader)


def _wait_for(child: int, reader: Any) -> int:
    """The child's exit code, with the command's signals passed on to it meanwhile."""
    received: list[int] = []

    def forward(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signum)

    for signum in FORWARDED:
        signal.signal(signum, forward)
    line = reader.readline().split()
    if line[:1] == ["exit"]:
        return int(line[1])
    if received:  # it ended of the signal passed on: end of it too, as in-process
        signal.signal(received[-1], signal.SIG_DFL)
        os.kill(os.getpid(), received[-1])
    print(
        "sparkify: error: the run's process (in the warm runner) ended without an exit code",
        file=sys.stderr,
    )
    return 1


def start(folder: Path, env: dict[str, str]) -> None:
    """Start the folder's runner, detached, in `env` (the command's environment as it asked
    `delegate`: a run sets variables of its own), unless one is already up or starting (it
    takes seconds to import; commands started at once start one)."""
    import psutil

    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "runner.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = _recorded(folder)
        if record is not None and _running(record):
            return
        with (folder / "runner.log").open("a") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "sparkify.warm_runner", str(folder)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=folder,
                env=env,
                start_new_session=True,  # outlives this command; its signals spare it
            )
        started = psutil.Process(process.pid).create_time()
        (folder / "runner.json").write_text(json.dumps({"pid": process.pid, "started": started}))


def stop(folder: Path) -> bool:
    """Stop the folder's runner (the runs it forked go on); False when none was running."""
    record = _recorded(folder)
    (folder / "runner.json").unlink(missing_ok=True)
    if record is None or not _running(record):
        return False
    os.kill(record["pid"], signal.SIGTERM)
    _wait_gone(record)
    return True


def ready(folder: Path) -> int | None:
    """The pid of the folder's runner once it takes requests; None before, or if none runs."""
    record = _recorded(folder)
    if record is None or not record.get("ready") or not _running(record):
        return None
    return int(record["pid"])


def _recorded(folder: Path) -> dict[str, Any] | None:
    try:
        return dict(json.loads((folder / "runner.json").read_text()))
    except (FileNotFoundError, ValueError):
        return None


def _running(record: dict[str, Any]) -> bool:
    return still_running(record["pid"], record["started"])


def _wait_gone(record: dict[str, Any], patience: float = 10) -> None:
    deadline = time.monotonic() + patience
    while _running(record) and time.monotonic() < deadline:
        time.sleep(0.05)


# --- the runner's side ---------------------------------------------------------------------


def serve(folder: Path) -> None:
    """Import once, then fork a child per request, until stopped or stale."""
    env = dict(os.environ)
    mine = fingerprint(env)  # before the imports: the code they read
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import importlib

    for module in PRELOAD:
        importlib.import_module(module)
    assert threading.active_count() == 1, "a thread before fork() would be copied half-held"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(_address(folder))
    except OSError:  # another runner has it
        _log(f"pid {os.getpid()}: a runner already serves {folder}; leaving")
        return
    listener.listen(16)
    record = _recorded(folder)
    if record is not None and record["pid"] == os.getpid():  # as the command that started it
        (folder / "runner.json").write_text(json.dumps({**record, "ready": True}))
    _log(f"pid {os.getpid()}: ready ({', '.join(PRELOAD)})")
    gc.freeze()  # the imported objects stay in the pages children share, unwritten by gc
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    while True:
        conn, _ = listener.accept()
        with conn:
            client = _peer(conn)
            if client is None:
                continue
            try:
                request, fds = _receive(conn)
            except (OSError, ValueError) as error:
                _log(f"client {client}: unreadable request ({error})")
                continue
            if request["fingerprint"] != mine:
                _log(f"client {client}: code or settings changed since start; leaving")
                listener.close()
                conn.sendall(b"stale\n")
                return
            child = os.fork()
            if child == 0:
                listener.close()
                _run_child(conn, request, fds)  # never returns
            for fd in fds:
                os.close(fd)
            _log(f"client {client}: sparkify {' '.join(request['argv'])} in pid {child}")


def _log(line: str) -> None:
    """A line of the runner's log (its stdout: runner.log), never through `logging`: the
    runs it forks configure that for their own terminal."""
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}", flush=True)


def _peer(conn: socket.socket) -> int | None:
    """The client's pid, when it is this user's process (anyone else may not run commands)."""
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    pid, uid, _ = struct.unpack("3i", creds)
    return pid if uid == os.getuid() else None


def _receive(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 3)
    if len(fds) != 3 or len(data) < _HEADER.size:
        raise ValueError("no standard streams")
    (length,) = _HEADER.unpack_from(data)
    body = data[_HEADER.size :]
    while len(body) < length:
        more = conn.recv(length - len(body))
        if not more:
            raise ValueError("cut short")
        body += more
    return dict(json.loads(body)), fds


def _run_child(conn: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: become the command (its streams, folder, environment, signals),
    run it, send its exit code, and end without tearing the interpreter down."""
    status = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # its own subprocesses are waited for
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.setsid()  # `sparkify stop` ending the runner leaves the run alone
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()  # the command's TZ, for the times its logs print
        if isinstance(sys.stdout, io.TextIOWrapper):  # the runner's was a file: buffered
            sys.stdout.reconfigure(line_buffering=sys.stdout.isatty())
        sys.argv = ["sparkify", *request["argv"]]
        conn.sendall(f"ok {os.getpid()}\n".encode())
        _follow(conn)
        from sparkify import cli

        status = cli.main(request["argv"])
    except SystemExit as exit:
        status = exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            from sparkify.prefect_exit import flushed

            if flushed():  # Prefect's workers have sent what they held (else: API gone)
                atexit._run_exitfuncs()
            logging.shutdown()
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
        with contextlib.suppress(OSError):
            conn.sendall(f"exit {status}\n".encode())
        os._exit(status)


def _follow(conn: socket.socket) -> None:
    """End the child at once if its command goes (killed, or its terminal closed): a load
    whose command was killed is abandoned, as it is in-process."""

    def watch() -> None:
        with contextlib.suppress(OSError):
            while conn.recv(64):
                pass
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="sparkify-warm-follow", daemon=True).start()


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
