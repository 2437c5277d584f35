"""The bench's peer (dlt, bench/peer_dlt.py) is a dev dependency: the package never needs it.

Read from the files only: nothing here imports dlt or the bench.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9_.-]+", requirement)
    assert match, requirement
    return match.group(0).lower()


def test_dlt_is_a_dev_dependency_and_not_the_packages() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "dlt" not in {_name(r) for r in project["project"]["dependencies"]}
    assert "dlt" in {_name(r) for r in project["dependency-groups"]["dev"]}


def test_the_package_never_imports_dlt() -> None:
    imports = re.compile(r"^\s*(import dlt\b|from dlt\b)", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src").rglob("*.py")
        if imports.search(path.read_text())
    ]
    assert offenders == []
