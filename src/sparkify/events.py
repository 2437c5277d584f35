"""The Prefect events a load emits: names, resources and payloads (Prefect-free; the tasks
emit them, see tasks/events.py).

The load is the resource (`sparkify.load.<load_id>`); the warehouse (its URL masked, never a
password) and the source are related resources, so an automation can match any of them.
Every payload has a `message`, one line a person reads in a notification.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sparkify.findings import Finding
from sparkify.warehouse import mask_url

PUBLISHED = "sparkify.load.published"
FAILED = "sparkify.load.failed"
QUALITY_FAILED = "sparkify.quality.failed"
QUALITY_WARNED = "sparkify.quality.warned"
BUDGET = "sparkify.quarantine.budget"
DAY_MISSING = "sparkify.source.day-missing"
BUDGET_SHARE_REPORTED = 0.5  # the budget event is emitted past this share of it used
# The expectation of gx/expectations/source_calendar.json that finds missing days.
MISSING_DAYS = (
    "source_calendar",
    "every day between the first and the last day seen has an event file in the source",
)


@dataclass(frozen=True)
class Event:
    name: str
    resource: dict[str, str]
    related: list[dict[str, str]]
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Load:
    """The load an event is about, and where it reads from and writes to."""

    load_id: int
    warehouse: str
    source: str

    def event(self, name: str, message: str, **payload: Any) -> Event:
        warehouse = mask_url(self.warehouse)
        return Event(
            name=name,
            resource={
                "prefect.resource.id": f"sparkify.load.{self.load_id}",
                "prefect.resource.name": f"load {self.load_id}",
            },
            related=[
                {
                    "prefect.resource.id": f"sparkify.warehouse.{warehouse}",
                    "prefect.resource.role": "warehouse",
                    "prefect.resource.name": warehouse,
                },
                {
                    "prefect.resource.id": f"sparkify.source.{self.source}",
                    "prefect.resource.role": "source",
                    "prefect.resource.name": self.source,
                },
            ],
            payload={"load_id": self.load_id, "message": message, **payload},
        )


def published(load: Load, rows: dict[str, int], seconds: dict[str, float]) -> Event:
    total = round(sum(seconds.values()), 2)
    return load.event(
        PUBLISHED,
        f"load {load.load_id} published in {total} s",
        rows=rows,
        seconds={k: round(v, 2) for k, v in seconds.items()},
    )


def failed(load: Load, reason: str) -> Event:
    return load.event(FAILED, f"load {load.load_id} failed: {reason}", reason=reason)


def quality(load: Load, name: str, findings: Sequence[Finding]) -> Event:
    """quality.failed (critical failures, or expectations that could not run) or
    quality.warned: which expectations, and what they observed."""
    what = "failed" if name == QUALITY_FAILED else "warned"
    message = f"quality gate of load {load.load_id} {what}: " + "; ".join(
        f.describe() for f in findings
    )
    expectations = [
        {
            "suite": f.suite,
            "expectation": f.expectation,
            "column": f.column,
            "description": f.description,
            "outcome": f.outcome,
            "unexpected": f.unexpected_count,
            "records": f.element_count,
            "observed": f.sample,
            "error": f.error,
        }
        for f in findings
    ]
    return load.event(name, message, expectations=expectations)


def budget(load: Load, share: float) -> Event | None:
    """Past half the bad-record budget: how much of it the load used (None below)."""
    if share <= BUDGET_SHARE_REPORTED:
        return None
    message = f"load {load.load_id} used {share:.0%} of its bad-record budget"
    return load.event(BUDGET, message, share=round(share, 4))


def day_missing(load: Load, warnings: Sequence[Finding]) -> Event | None:
    """From the gate's warnings: the days missing from the source calendar (None: none)."""
    from sparkify.calendar import missing

    found = [f for f in warnings if (f.suite, f.description) == MISSING_DAYS]
    count = sum(f.unexpected_count or 0 for f in found)
    if not count:
        return None
    days = [day for f in found for day in missing(f.sample)]
    message = f"{count} day(s) missing from source {load.source}: {', '.join(days)}"
    return load.event(DAY_MISSING, message, days=days, missing=count)
