"""A run's settings, resolved once before any work: the flow and the CLI share the rules.

A profile fills what was left out, a URL carrying a password is refused (flow parameters are
stored by Prefect), the password may come from a secret (loaded by the caller, which knows
Prefect), the bundled sample stands in for a missing source, the embedded PostgreSQL for a
missing warehouse, and the error budget is parsed: a bad one fails before anything starts.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sparkify.config import (
    DEFAULT_MAX_ERRORS,
    DEFAULT_MIN_MATCHED_SHARE,
    DEFAULT_PUBLISH_PATIENCE,
    ErrorBudget,
)
from sparkify.errors import WarehouseError


@dataclass(frozen=True)
class RunSettings:
    source: str
    warehouse: str  # a URL without password
    since: date | None = None
    until: date | None = None
    max_errors: str = DEFAULT_MAX_ERRORS
    full_refresh: bool = False
    min_matched_share: float = DEFAULT_MIN_MATCHED_SHARE
    publish_patience: float = DEFAULT_PUBLISH_PATIENCE  # seconds publish waits for readers
    aws_credentials: str | None = None
    iam_role: str | None = None
    state: str | None = None  # Redshift: s3:// location of what a load writes (manifests)
    compact_songs: bool = False  # Redshift: new song files into gzip JSON-lines parts first

    @property
    def budget(self) -> ErrorBudget:
        return ErrorBudget.parse(self.max_errors)


def resolve_settings(
    *,
    source: str | None,
    warehouse: str | None,
    since: date | None = None,
    until: date | None = None,
    max_errors: str = DEFAULT_MAX_ERRORS,
    full_refresh: bool = False,
    min_matched_share: float = DEFAULT_MIN_MATCHED_SHARE,
    publish_patience: float = DEFAULT_PUBLISH_PATIENCE,
    aws_credentials: str | None = None,
    iam_role: str | None = None,
    state: str | None = None,
    compact_songs: bool | None = None,
    profile: str | None = None,
    password: Callable[[], str] | None = None,
    defaults: bool = True,
) -> RunSettings:
    """Apply the rules above; `password` (a Secret block's value) becomes PGPASSWORD.

    `defaults` False leaves a missing source or warehouse empty instead of generating the
    sample or starting the embedded server (a dry run writes and connects to nothing)."""
    from sparkify.warehouse import resolve_url, split_password

    if profile:
        from sparkify.profiles import apply_profile

        chosen = apply_profile(
            profile,
            {
                "source": source,
                "warehouse": warehouse,
                "aws_credentials": aws_credentials,
                "iam_role": iam_role,
                "state": state,
                "compact_songs": compact_songs,
            },
        )
        source, warehouse = chosen["source"], chosen["warehouse"]
        aws_credentials, iam_role = chosen["aws_credentials"], chosen["iam_role"]
        state, compact_songs = chosen["state"], chosen["compact_songs"]
    ErrorBudget.parse(max_errors)
    if warehouse and split_password(warehouse)[1] is not None:
        raise WarehouseError(
            "the warehouse URL carries a password: give it through PGPASSWORD or a Secret block"
        )
    if password is not None:
        os.environ["PGPASSWORD"] = password()
    if not source and defaults:
        from sparkify.generate import bundled_sample

        source = str(bundled_sample())
    url = resolve_url(warehouse) if defaults or warehouse else ""
    return RunSettings(
        source=source or "",
        warehouse=url,
        since=since,
        until=until,
        max_errors=max_errors,
        full_refresh=full_refresh,
        min_matched_share=min_matched_share,
        publish_patience=publish_patience,
        aws_credentials=aws_credentials,
        iam_role=iam_role,
        state=state,
        compact_songs=bool(compact_songs),
    )
