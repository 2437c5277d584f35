"""The Prefect database template (sparkify.prefect_template): what Prefect's migrations make,
used only for the Prefect it was made with, never over a database that exists."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from sparkify import prefect_template


def schema(script: str) -> dict[str, object]:
    """What a dump creates, as SQLite sees it: each table's columns in order and its
    constraints as a set (Alembic's table rebuilds list them in no fixed order), every index,
    view and trigger, and every row."""
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.executescript(script)
        objects = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        found: dict[str, object] = {}
        for kind, name, sql in objects.fetchall():
            if kind == "table":
                body = sql[sql.index("(") + 1 : sql.rindex(")")]
                parts = [line.strip().rstrip(",").strip() for line in body.splitlines()]
                columns = [p for p in parts if p and not p.startswith("CONSTRAINT")]
                constraints = sorted(p for p in parts if p.startswith("CONSTRAINT"))
                rows = sorted(map(repr, conn.execute(f'SELECT * FROM "{name}"').fetchall()))
                found[f"table {name}"] = (columns, constraints, rows)
            else:
                found[f"{kind} {name}"] = " ".join(sql.split())
        return found


@pytest.mark.slow  # Prefect's migrations, in a subprocess: about 11 s
def test_the_template_is_what_the_installed_prefects_migrations_make() -> None:
    committed = prefect_template.TEMPLATE.read_text()
    assert committed.partition("\n")[0] == prefect_template.header(), (
        "the template is for another Prefect: run `uv run python -m sparkify.prefect_template`"
    )
    assert schema(committed) == schema(prefect_template.migrated()), (
        "Prefect's migrations make another database: run "
        "`uv run python -m sparkify.prefect_template`"
    )


def test_a_new_database_is_seeded_whole_and_an_existing_one_never(tmp_path: Path) -> None:
    database = tmp_path / "prefect.db"
    assert prefect_template.seed(database)
    with closing(sqlite3.connect(database)) as conn:
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        assert revision and tables.fetchone()[0] > 30
        conn.execute("DELETE FROM alembic_version")
        conn.commit()
    assert not prefect_template.seed(database)  # it exists: left as it is
    with closing(sqlite3.connect(database)) as conn:
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone() == (0,)
    assert [p.name for p in tmp_path.iterdir()] == ["prefect.db"]  # nothing left aside


def test_another_prefects_template_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / "template.sql"
    stale.write_text("-- the database Prefect 0.0.1's migrations make\nCREATE TABLE x (y);\n")
    monkeypatch.setattr(prefect_template, "TEMPLATE", stale)
    database = tmp_path / "prefect.db"
    assert not prefect_template.seed(database)
    assert not database.exists()  # the server will migrate a new one itself
