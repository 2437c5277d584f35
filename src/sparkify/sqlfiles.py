"""Read the project's SQL from `sql/`, where every statement lives in its own file."""

from __future__ import annotations

from functools import cache

from sparkify.config import SQL_DIR


@cache
def sql(name: str) -> str:
    """The text of `sql/<name>.sql`."""
    return (SQL_DIR / f"{name}.sql").read_text()


def sql_group(folder: str) -> list[str]:
    """The names of the files in `sql/<folder>/`, in the order their numbers give."""
    return [f"{folder}/{path.stem}" for path in sorted((SQL_DIR / folder).glob("*.sql"))]
