"""What the `sparkify` command skips to start and end quickly must not change what it does.

(How quickly is the bench's business: bench/run.py, "fixed cost, later command".)
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # imports Prefect, starts the command


def test_the_flow_sends_the_parameters_prefect_would() -> None:
    from prefect import Flow

    from sparkify.flows.etl import sparkify_etl

    assert isinstance(sparkify_etl, Flow) and sparkify_etl.name == "sparkify-etl"
    plain = {"source": None, "max_errors": "1%", "full_refresh": False, "min_matched_share": 0.5}
    dated = {**plain, "since": date(2018, 11, 2), "publish_patience": 600}
    for parameters in (plain, dated, {}):
        assert sparkify_etl.serialize_parameters(parameters) == Flow.serialize_parameters(
            sparkify_etl, parameters
        )
    assert sparkify_etl.serialize_parameters(dated)["since"] == "2018-11-02"


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

    failed = _command("run", "--dry-run", home=tmp_path)
    assert failed.returncode == 1
    assert (
        failed.stderr
        == "sparkify: error: --dry-run plans a Redshift load: give --warehouse redshift://…\n"
    )
