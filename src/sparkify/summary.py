"""The run summary: what was staged, quarantined and published, and how long each stage took."""

from __future__ import annotations

from dataclasses import dataclass, field

STAGING_TABLES = {"events": "staging_events", "songs": "staging_songs"}
CALENDAR_SUITE = "source_calendar"  # the gate's warnings name their suite first
NULL_SHARES_SUITE = "null_shares"


@dataclass
class LoadSummary:
    load_id: int
    source: str
    warehouse: str
    staged: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    published: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    # "delta" (only the load's new rows), "full" (every table rebuilt) or "unchanged" (the
    # source as the last published load saw it: nothing staged, built or checked)
    build: str = ""
    warnings: list[str] = field(default_factory=list)
    drift: list[str] = field(default_factory=list)  # fields off the contract (schema_drift)
    data_docs: str = ""
    report: str = ""

    @property
    def quarantined(self) -> int:
        return sum(q for _, _, q in self.staged.values())

    def table_rows(self) -> list[dict[str, object]]:
        """Rows staged, quarantined and published per table, then seconds per stage."""
        rows: list[dict[str, object]] = []
        for kind, table in STAGING_TABLES.items():
            files, staged, bad = self.staged.get(kind, (0, 0, 0))
            rows.append({"table": table, "files": files, "staged": staged, "quarantined": bad})
        rows += [{"table": table, "published": count} for table, count in self.published.items()]
        rows += [{"stage": stage, "seconds": round(s, 2)} for stage, s in self.seconds.items()]
        rows += [{"schema drift": line} for line in self.drift]
        return rows

    def calendar_rows(self) -> list[dict[str, object]]:
        """The source calendar's findings of the gate: days missing, files replaced."""
        found = [w for w in self.warnings if w.startswith(CALENDAR_SUITE)]
        return [{"calendar finding": line} for line in found] or [
            {"calendar finding": "no day missing, no day's file replaced"}
        ]

    def drift_rows(self) -> list[dict[str, object]]:
        """Schema drift: unknown fields carried, known fields missing, null shares jumping."""
        found = self.drift + [w for w in self.warnings if w.startswith(NULL_SHARES_SUITE)]
        return [{"drift finding": line} for line in found] or [
            {"drift finding": "no unknown field, no known field missing, no null share jump"}
        ]

    def render(self) -> str:
        """A plain-text report for the terminal and the Prefect logs."""
        lines = [
            f"load {self.load_id}: {self.source} -> {self.warehouse}",
            "",
            f"{'table':<16}{'files':>8}{'staged':>12}{'quarantined':>13}{'published':>12}",
        ]
        for kind, table in STAGING_TABLES.items():
            files, staged, bad = self.staged.get(kind, (0, 0, 0))
            lines.append(f"{table:<16}{files:>8}{staged:>12}{bad:>13}{'':>12}")
        for table, count in self.published.items():
            lines.append(f"{table:<16}{'':>8}{'':>12}{'':>13}{count:>12}")
        lines += ["", f"{'stage':<24}{'seconds':>10}"]
        for stage, seconds in self.seconds.items():
            lines.append(f"{stage:<24}{seconds:>10.2f}")
        if self.build == "unchanged":
            lines += ["", "star schema: unchanged (no new, changed or removed source file)"]
        elif self.build:
            lines += ["", f"star schema: {self.build} build"]
        if self.warnings:
            lines += ["", "quality warnings:", *(f"  - {warning}" for warning in self.warnings)]
        if self.drift:
            lines += ["", "schema drift:", *(f"  - {line}" for line in self.drift)]
        if self.data_docs:
            lines += ["", f"data docs: {self.data_docs}"]
        if self.report:
            lines += [f"report: {self.report}"]
        return "\n".join(lines)
