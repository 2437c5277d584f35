"""The run summary lists the published tables in the star's order, whatever order PostgreSQL
returns the branches of a UNION ALL in (a parallel append returns them as workers finish)."""

from __future__ import annotations

import psycopg

from sparkify import load

STAR_ORDER = ["songplays", "users", "songs", "artists", "time", "quarantine"]
PARALLEL_ALWAYS = (  # every count a parallel plan, as on tables of 1M rows
    "SET parallel_setup_cost = 0",
    "SET parallel_tuple_cost = 0",
    "SET min_parallel_table_scan_size = 0",
    "SET debug_parallel_query = on",
)


def test_table_counts_come_in_the_stars_order(warehouse_url: str) -> None:
    with psycopg.connect(warehouse_url) as conn:
        load.prepare(conn)
        for setting in PARALLEL_ALWAYS:
            conn.execute(setting)
        orders = {tuple(load.table_counts(conn)) for _ in range(20)}
    assert orders == {tuple(STAR_ORDER)}
