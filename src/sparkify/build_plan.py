"""The build plan: for every table the load builds, what it reads, its SQL, and whether a
delta build changes it. One list, in build order; the flow makes a task of each step and the
engines run its files.

A *full* build computes each table from every current staged row. A *delta* build (a load
that only adds event files) runs the very same files through the delta scope
(sql/delta/scope.sql): the audit schema then holds the load's own rows under the names the
files read, so each step computes just the rows the load adds or changes. A step that a
delta does not change is not built (and not checked) in a delta.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BuildMode = Literal["full", "delta"]


@dataclass(frozen=True)
class Step:
    """How one table of the audit schema is built."""

    table: str
    files: tuple[str, ...]  # sql/<name>.sql, in order; the last one fills `table`
    needs: tuple[str, ...] = ()  # steps whose tables the files read
    key: tuple[str, ...] = ()  # primary key columns, added after the rows of a full build
    in_delta: bool = True  # False: a delta leaves the published table as it is
    published: bool = True  # False: an intermediate result other steps read
    bookkeeping: tuple[str, ...] = ()  # files only engines with delta builds need
    scratch: tuple[str, ...] = ()  # tables its files make for a later step, never published

    @property
    def publishes(self) -> tuple[str, ...]:
        """The tables publish takes from it: its own and its bookkeeping files' (none for an
        intermediate step)."""
        own = (self.table, *(name.rpartition("/")[2] for name in self.bookkeeping))
        return own if self.published else ()

    @property
    def makes(self) -> tuple[str, ...]:
        """Every table its files create: those it publishes, then the intermediate ones."""
        return (*self.publishes, *self.intermediate)

    @property
    def intermediate(self) -> tuple[str, ...]:
        """The tables it makes that other steps read and nothing publishes."""
        return self.scratch if self.published else (self.table, *self.scratch)


# Steps start in this order as soon as what they need is built, two at a time (see
# postgres_engine): the two biggest independent ones, users and the song records that
# songplays waits for, come first.
PLAN: tuple[Step, ...] = (
    Step(
        "users",
        ("build/latest_events", "build/users"),
        key=("user_id",),
        bookkeeping=("build/user_latest",),
    ),
    Step("song_records", ("build/song_records",), published=False),
    Step("songs", ("build/songs",), needs=("song_records",), key=("song_id",), in_delta=False),
    Step(
        "artists", ("build/artists",), needs=("song_records",), key=("artist_id",), in_delta=False
    ),
    Step(
        "songplays",
        ("build/plays", "build/songplays"),
        needs=("song_records",),
        key=("songplay_id",),
        scratch=("plays",),
    ),
    Step("user_levels", ("build/user_levels",), key=("user_id", "valid_from")),
    Step("time", ("build/time",), needs=("songplays",), key=("start_time",)),
    Step("played_songs", ("build/played_songs",), needs=("songplays",)),  # no key: see DDL
    Step("quarantine", ("build/quarantine",)),
)

# The quality suites (gx/expectations/<name>.json): the build steps each one reads (its own
# table and the tables it references), and whether a delta changes what it checks.
SUITES: dict[str, tuple[str, ...]] = {
    "staging_events": (),
    "staging_songs": (),
    "songs": ("songs",),
    "artists": ("artists",),
    "users": ("users",),
    "songplays": ("songplays", "users", "songs", "artists", "time"),
    "time": ("time",),
    "quarantine": ("quarantine",),
    "source_calendar": (),  # views over the load's bookkeeping: they wait for no build step
    "null_shares": (),
    "user_levels": ("user_levels", "users"),
    "played_songs": ("played_songs", "songs"),
}
UNCHANGED_BY_DELTA_SUITES = ("staging_songs",)  # besides the suites of unchanged tables


def steps(mode: BuildMode) -> list[Step]:
    """The steps a build of `mode` runs, in order."""
    return [step for step in PLAN if mode == "full" or step.in_delta]


def published_tables(mode: BuildMode) -> list[str]:
    """The tables a `mode` build publishes, in plan order: its published steps' tables and
    their bookkeeping. Publish locks them in this one order, then swaps or inserts them."""
    return [table for s in steps(mode) for table in s.publishes]


def step(table: str) -> Step:
    return next(s for s in PLAN if s.table == table)


def suites(mode: BuildMode) -> dict[str, tuple[str, ...]]:
    """The suites the gate of a `mode` build runs, each with the built steps it waits for."""
    built = {s.table for s in steps(mode)}
    unchanged = {s.table for s in PLAN if not s.in_delta} | set(UNCHANGED_BY_DELTA_SUITES)
    return {
        name: tuple(table for table in reads if table in built)
        for name, reads in SUITES.items()
        if mode == "full" or name not in unchanged
    }
