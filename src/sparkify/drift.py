"""Schema drift: which field names the records of a load carried, against the contract's.

The contract ignores unknown fields (right for loading), so a field renamed upstream
(`userAgent` -> `user_agent`) would silently turn a column to NULL. Staging counts, per
batch, the records of each *shape* (the tuple of a record's keys, in their order: a producer
writes the same few shapes, so the counter stays tiny and a record costs one tuple and one
dict update); the batch then folds the shapes into one count per field, written with the
batch's rows (table schema_drift), so a child process or a retried batch needs no relay.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sparkify.sources import Kind

# The fields the contract names (docs/data-contract.md, "Sources"), in the order of the
# staging COPY columns (sql/load/copy_*.sql, records.event_row / song_row).
FIELDS: dict[Kind, tuple[str, ...]] = {
    "events": (
        "artist",
        "auth",
        "firstName",
        "gender",
        "itemInSession",
        "lastName",
        "length",
        "level",
        "location",
        "method",
        "page",
        "registration",
        "sessionId",
        "song",
        "status",
        "ts",
        "userAgent",
        "userId",
    ),
    "songs": (
        "num_songs",
        "artist_id",
        "artist_latitude",
        "artist_longitude",
        "artist_location",
        "artist_name",
        "song_id",
        "title",
        "duration",
        "year",
    ),
}
KNOWN: dict[Kind, frozenset[str]] = {kind: frozenset(names) for kind, names in FIELDS.items()}

MAX_UNKNOWN = 50  # unknown names kept per batch, the most carried first: hostile input is bounded
MAX_NAME = 200  # characters of an unknown name kept


Shapes = dict[tuple[str, ...], int]  # a record's keys -> records of the batch with them


def field_counts(kind: Kind, shapes: Mapping[tuple[str, ...], int]) -> Iterator[dict[str, Any]]:
    """One row per field for table schema_drift: every known field (carried by 0 records too)
    and the most carried unknown ones, with the batch's record count."""
    records = sum(shapes.values())
    carried: dict[str, int] = dict.fromkeys(KNOWN[kind], 0)
    for keys, count in shapes.items():
        for key in set(keys):
            carried[key] = carried.get(key, 0) + count
    known = KNOWN[kind]
    unknown = sorted((k for k in carried if k not in known), key=lambda k: -carried[k])
    for name in [*sorted(known), *unknown[:MAX_UNKNOWN]]:
        yield {
            "kind": kind,
            "field": _storable(name),
            "known": name in known,
            "carried": carried[name],
            "records": records,
        }


def _storable(name: str) -> str:
    """A JSON key as PostgreSQL text: no NUL, no lone surrogate, bounded."""
    return name[:MAX_NAME].replace("\x00", "\ufffd").encode("utf-8", "replace").decode()


@dataclass(frozen=True)
class Drift:
    """One field of one load that drifted from the contract."""

    kind: Kind
    field: str
    known: bool
    carried: int
    records: int

    def describe(self) -> str:
        if self.known:
            missing = self.records - self.carried
            return (
                f"{self.kind}: known field {self.field!r} missing from {missing} of "
                f"{self.records} records"
            )
        return (
            f"{self.kind}: unknown field {self.field!r} in {self.carried} of {self.records} records"
        )
