"""Where things live and what the run-time knobs mean, in one place."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from sparkify.errors import SparkifyError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = PROJECT_ROOT / "sql"
WAREHOUSE_URL_ENV = "SPARKIFY_WAREHOUSE_URL"
DEFAULT_MAX_ERRORS = "1%"
DEFAULT_MIN_MATCHED_SHARE = 0.5  # below it, the quality gate warns: song_data may be stale
DEFAULT_PUBLISH_PATIENCE = 600.0  # seconds publish keeps trying while readers hold its tables


def state_home() -> Path:
    """The state folder: `$SPARKIFY_HOME`, else `.sparkify/` in the working directory."""
    return Path(os.environ.get("SPARKIFY_HOME") or ".sparkify").expanduser().resolve()


def bundled_sample_dir() -> Path:
    return state_home() / "sample"


@dataclass(frozen=True)
class ErrorBudget:
    """How many bad records a load may quarantine before it fails: a count or a fraction."""

    count: int | None = None
    fraction: float | None = None

    @classmethod
    def parse(cls, text: str | int | float) -> ErrorBudget:
        """`5` means five records; `1%` or `0.5%` a share of the records the load read."""
        spec = str(text).strip()
        if re.fullmatch(r"\d+", spec):
            return cls(count=int(spec))
        match = re.fullmatch(r"(\d+(?:\.\d+)?)%", spec)
        if match and float(match.group(1)) <= 100:
            return cls(fraction=float(match.group(1)) / 100)
        raise SparkifyError(f"--max-errors must be a count (5) or a percentage (1%), not {spec!r}")

    def allows(self, bad: int, read: int) -> bool:
        return bad <= self.allowance(read)

    def allowance(self, read: int) -> int:
        """The most bad records a load of `read` records may have."""
        if self.count is not None:
            return self.count
        assert self.fraction is not None
        return int(self.fraction * read)

    def __str__(self) -> str:
        if self.count is not None:
            return f"{self.count} records"
        return f"{self.fraction * 100:g}% of the records read"  # type: ignore[operator]
