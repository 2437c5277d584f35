"""The published manifest a Redshift dry run plans against.

The plan connects to no cluster, so what it must know of the warehouse, which files it holds
already, comes from a snapshot of its `manifest` table (`--manifest-snapshot FILE`): the rows
of sql/redshift/load/02_loaded_files.sql as CSV with a header, as `psql --csv` prints them
(see the README). The plan's session answers that query from it, and nothing else, so the
plan chooses the files, writes (prints) their manifests and picks full or delta exactly as a
run onto that warehouse would.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from sparkify.errors import SparkifyError
from sparkify.sqlfiles import Rows, statement_of

COLUMNS = ("source_key", "fingerprint", "load_id")
LOADED_FILES = "redshift/load/02_loaded_files"

ManifestRow = tuple[str, str, int]


def read_snapshot(path: Path) -> list[ManifestRow]:
    """The snapshot's rows; one clear error for a file that is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SparkifyError(f"cannot read the manifest snapshot {path}: {error}") from None
    reader = csv.reader(io.StringIO(text))
    header = tuple(name.strip() for name in next(reader, []))
    if header != COLUMNS:
        raise SparkifyError(
            f"{path} is not a manifest snapshot: its first line must be {','.join(COLUMNS)} "
            f"(the columns of sql/{LOADED_FILES}.sql, as psql --csv prints them)"
        )
    rows = []
    for row in reader:
        if not row:
            continue
        if len(row) != len(COLUMNS) or not row[2].strip().isdigit():
            raise SparkifyError(
                f"{path}, line {reader.line_num}: want source_key,fingerprint,load_id, got {row}"
            )
        rows.append((row[0], row[1], int(row[2])))
    return rows


def answers(rows: Sequence[ManifestRow]) -> Callable[[str], Rows]:
    """What the plan's session answers: the published files from the snapshot, no rows for
    every other query (a plan stages nothing)."""

    def answer(statement: str) -> Rows:
        return list(rows) if statement_of(LOADED_FILES, statement) else []

    return answer
