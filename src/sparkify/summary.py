"""The run summary: what was staged, quarantined and published, and how long each stage took."""

from __future__ import annotations

from dataclasses import dataclass, field

STAGING_TABLES = {"events": "staging_events", "songs": "staging_songs"}


@dataclass
class LoadSummary:
    load_id: int
    source: str
    warehouse: str
    staged: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    published: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    data_docs: str = ""

    @property
    def quarantined(self) -> int:
        return sum(q for _, _, q in self.staged.values())

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
        if self.warnings:
            lines += ["", "quality warnings:", *(f"  - {warning}" for warning in self.warnings)]
        if self.data_docs:
            lines += ["", f"data docs: {self.data_docs}"]
        return "\n".join(lines)
