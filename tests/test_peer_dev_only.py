"""The bench's peer (dlt, bench/peer_dlt.py) is in a dependency group of its own, outside the
project's default environment: the package never needs it, and its pyarrow, once installed, is
imported by every run (pandas imports it whenever it is there: 56 MB of imports, 0.3 s).

Read from the files only: nothing here imports dlt or the bench.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9_.-]+", requirement)
    assert match, requirement
    return match.group(0).lower()


def _default_environment() -> set[str]:
    """Every package `uv sync` installs (the project, its dependencies and the default `dev`
    group, extras followed), as uv.lock resolves them; markers are not evaluated, so a
    package any platform would get counts."""
    packages: dict[str, list[dict[str, Any]]] = {}
    for package in tomllib.loads((ROOT / "uv.lock").read_text())["package"]:
        packages.setdefault(package["name"], []).append(package)
    root = packages["sparkify-dwh"][0]
    todo = [*root["dependencies"], *root["dev-dependencies"]["dev"]]
    seen: set[tuple[str, str]] = set()
    while todo:
        dependency = todo.pop()
        for extra in ["", *dependency.get("extra", [])]:
            if (dependency["name"], extra) in seen:
                continue
            seen.add((dependency["name"], extra))
            for package in packages[dependency["name"]]:
                if extra:
                    todo.extend(package.get("optional-dependencies", {}).get(extra, []))
                else:
                    todo.extend(package.get("dependencies", []))
    return {name for name, _ in seen}


def test_dlt_is_in_the_peer_group_only() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    groups = project["dependency-groups"]
    assert "dlt" not in {_name(r) for r in project["project"]["dependencies"]}
    assert "dlt" not in {_name(r) for r in groups["dev"]}
    assert "dlt" in {_name(r) for r in groups["peer"]}


def test_the_default_environment_has_neither_dlt_nor_pyarrow() -> None:
    installed = _default_environment()
    assert {"prefect", "great-expectations", "pandas", "pytest"} <= installed  # it reads the lock
    assert not {"dlt", "pyarrow"} & installed


def test_the_package_never_imports_dlt() -> None:
    imports = re.compile(r"^\s*(import dlt\b|from dlt\b)", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src").rglob("*.py")
        if imports.search(path.read_text())
    ]
    assert offenders == []
