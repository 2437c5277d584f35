"""The suites' $PARAMETERs: values a suite compares with that only the run knows.

Each is computed only for a suite that names it, so a suite's check costs what it reads:
the songplays suite counts the staged plays, the quarantine suite the bad records, and the
other suites query nothing here. The counts are SQL files, one per parameter; an engine whose
SQL differs gives its own (sparkify.redshift.gate.PARAMETER_QUERIES).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sparkify.config import ErrorBudget
from sparkify.warehouse import Db, Warehouse

# The parameters counted in the warehouse, by the SQL file that counts them.
QUERIES: Mapping[str, str] = {
    "staged_plays": "ops/staged_plays",
    "max_quarantined": "ops/bad_record_totals",
}


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


def counted(names: set[str], queries: Mapping[str, str]) -> list[str]:
    """The SQL files that count `names`, in name order (none: the suite needs no query)."""
    return [queries[name] for name in sorted(names) if name in queries]


def parameters(
    counting: Callable[[], AbstractContextManager[Db]],
    names: set[str],
    budget: ErrorBudget,
    min_matched_share: float,
    load_id: int | None,
    queries: Mapping[str, str] = QUERIES,
) -> dict[str, Any]:
    """The values of `names`. Those counted in the warehouse are read through `counting`'s
    executor, opened only when the suite needs one, on the suite's search path (the audit
    schema first, for a gate: a delta's scope then limits the counts to its load).

    `load_id` None: the budget applies to every loaded record (`sparkify validate`)."""
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "max_start_time": (now + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S"),
        "current_year": now.year,
        "min_matched_share": min_matched_share,
    }
    if counted(names, queries):
        with counting() as db:

            def max_quarantined() -> int:
                load_read, kept_bad = Warehouse.rows(
                    db, queries["max_quarantined"], {"load_id": load_id}
                )[0]
                return int(kept_bad) + budget.allowance(int(load_read))

            compute: dict[str, Callable[[], Any]] = {
                "staged_plays": lambda: int(Warehouse.rows(db, queries["staged_plays"])[0][0]),
                "max_quarantined": max_quarantined,
            }
            values |= {name: compute[name]() for name in names if name in queries}
    return {name: values[name] for name in sorted(names)}
