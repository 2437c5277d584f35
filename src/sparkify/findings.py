"""What a quality gate found: one Finding per expectation, a report of them, and what fails
a load. Prefect- and GX-free: the CLI, the flow and the warehouse's `quality_results` share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sparkify.errors import CheckError, DataError

if TYPE_CHECKING:
    from sparkify.warehouse import Db

Outcome = Literal["passed", "failed", "could not run"]


@dataclass(frozen=True)
class Finding:
    """One expectation's outcome. An expectation GX could not evaluate (its query failed)
    says nothing about the data: it has `error`, the database's own message, instead."""

    suite: str
    expectation: str
    column: str | None
    severity: str
    success: bool
    unexpected_count: int | None
    sample: list[Any]
    description: str | None = None
    element_count: int | None = None
    mostly: float | None = None
    error: str | None = None

    @property
    def outcome(self) -> Outcome:
        if self.error is not None:
            return "could not run"
        return "passed" if self.success else "failed"

    @property
    def name(self) -> str:
        """What the expectation checks, as a person reads it."""
        where = f"{self.column}: " if self.column else ""
        return self.description or f"{where}{self.expectation}"

    def describe(self) -> str:
        if self.error is not None:
            return f"{self.suite}: {self.name}: {self.error}"
        if self.mostly is not None and self.element_count and self.unexpected_count is not None:
            share = 1 - self.unexpected_count / self.element_count
            what = self.description or f"have {self.column} ({self.expectation})"
            return (
                f"only {share:.1%} of {self.element_count} {self.suite} {what} "
                f"(floor {self.mostly:.0%})"
            )
        where = f"{self.suite}.{self.column}" if self.column else self.suite
        text = f"{where}: {self.expectation} failed"
        if self.unexpected_count is not None:
            text += f" ({self.unexpected_count} unexpected"
            text += f", e.g. {self.sample})" if self.sample else ")"
        return text + (f": {self.description}" if self.description else "")


@dataclass
class QualityReport:
    findings: list[Finding] = field(default_factory=list)
    docs_index: Path | None = None

    @property
    def unevaluated(self) -> list[Finding]:
        """Expectations that could not run, whatever their severity: the gate cannot vouch."""
        return [f for f in self.findings if f.outcome == "could not run"]

    @property
    def critical_failures(self) -> list[Finding]:
        return [f for f in self.findings if f.outcome == "failed" and f.severity == "critical"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.outcome == "failed" and f.severity != "critical"]

    def rows(self) -> list[dict[str, Any]]:
        """One row per expectation, for a Prefect table artifact."""
        return [
            {
                "suite": f.suite,
                "expectation": f.expectation,
                "column": f.column or "",
                "severity": f.severity,
                "success": f.success,
                "outcome": f.outcome,
                "unexpected": f.unexpected_count,
                "error": f.error,
            }
            for f in self.findings
        ]


def record(conn: Db, load_id: int, report: QualityReport) -> None:
    """Keep the gate's outcome in the warehouse (table quality_results) for the report."""
    from sparkify.warehouse import Warehouse

    Warehouse.run_many(
        conn, "load/record_quality", [{"load_id": load_id, **row} for row in report.rows()]
    )


class GateFailed(DataError):
    """A critical expectation failed; `report` holds every finding of the suites it names."""

    def __init__(self, message: str, report: QualityReport) -> None:
        super().__init__(message)
        self.report = report


class GateCouldNotRun(CheckError):
    """An expectation could not be evaluated; `report` as for GateFailed."""

    def __init__(self, message: str, report: QualityReport) -> None:
        super().__init__(message)
        self.report = report


def enforce(report: QualityReport) -> None:
    """Fail with every expectation that could not run (with the database's message), then
    every critical failure (table, column, expectation, sample values)."""
    parts = []
    if report.unevaluated:
        parts.append("could not run " + "; ".join(f.describe() for f in report.unevaluated))
    if report.critical_failures:
        parts.append("failed: " + "; ".join(f.describe() for f in report.critical_failures))
    if report.unevaluated:
        raise GateCouldNotRun("quality gate " + "; quality gate ".join(parts), report)
    if parts:
        raise GateFailed("quality gate " + parts[0], report)


def merged(results: list[QualityReport | BaseException]) -> QualityReport:
    """One report of several suites' results; a failed suite's error carries its report.
    Any other error (the suite could not even start) is raised as it is."""
    findings: list[Finding] = []
    for result in results:
        if isinstance(result, GateFailed | GateCouldNotRun):
            result = result.report
        if isinstance(result, BaseException):
            raise result
        findings += result.findings
    return QualityReport(findings=findings)
