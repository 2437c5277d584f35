"""The suites' $PARAMETERs: values a suite compares with that only the run knows.

Each is computed only for a suite that names it, so a suite's check costs what it reads:
the songplays suite counts the staged plays, the quarantine suite the bad records, and the
other suites query nothing here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from sparkify.config import ErrorBudget
from sparkify.warehouse import Warehouse


def names_in(suite_file: Path) -> set[str]:
    """The $PARAMETER names a suite file refers to."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$PARAMETER" in node:
                found.add(str(node["$PARAMETER"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(suite_file.read_text()))
    return found


def parameters(
    conn: psycopg.Connection,
    names: set[str],
    budget: ErrorBudget,
    min_matched_share: float,
    load_id: int | None,
) -> dict[str, Any]:
    """The values of `names`, read through the connection's search path (the audit schema
    first, for a gate: a delta's scope then limits the counts to its load).

    `load_id` None: the budget applies to every loaded record (`sparkify validate`)."""
    now = datetime.now(UTC)

    def max_quarantined() -> int:
        load_read, kept_bad = Warehouse.rows(conn, "ops/bad_record_totals", {"load_id": load_id})[0]
        return int(kept_bad) + budget.allowance(int(load_read))

    compute: dict[str, Callable[[], Any]] = {
        "staged_plays": lambda: int(Warehouse.rows(conn, "ops/staged_plays")[0][0]),
        "max_start_time": lambda: (now + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S"),
        "current_year": lambda: now.year,
        "min_matched_share": lambda: min_matched_share,
        "max_quarantined": max_quarantined,
    }
    return {name: compute[name]() for name in sorted(names)}
