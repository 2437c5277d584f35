"""What the `sparkify` command skips to start and end quickly must not change what it does.

(How quickly is the bench's business: bench/run.py, "fixed cost, later command".)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # imports Prefect, starts the command


def _command(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """The console command as installed (`sparkify = sparkify.cli:entry`), not main()."""
    script = "import sys; from sparkify.cli import entry; sys.exit(entry())"
    env = {**os.environ, "SPARKIFY_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_the_command_exits_with_its_code_and_all_its_output(tmp_path: Path) -> None:
    done = _command("stop", home=tmp_path)
    assert (done.returncode, done.stdout) == (0, "no embedded PostgreSQL was running\n")

    usage = _command("run", "--since", "yesterday", home=tmp_path)
    assert usage.returncode == 2 and "not a date (YYYY-MM-DD)" in usage.stderr

    helped = _command("--help", home=tmp_path)
    assert helped.returncode == 0 and "usage: sparkify" in helped.stdout

    redshift = ("--warehouse", "redshift://u@host:5439/dev")
    failed = _command("run", "--dry-run", *redshift, home=tmp_path)
    assert failed.returncode == 1
    assert failed.stderr == (
        "sparkify: error: a Redshift load needs --iam-role (or iam_role in the profile)\n"
    )
