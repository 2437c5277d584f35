"""A flow run ends when its work does, not at the next whole second of its heartbeat thread.

Prefect 3.9 sends a flow run's heartbeats (every 180 s by default; the server's zombie-run
automations read them) from a thread that sleeps in one-second steps, and the sync engine
joins that thread when the run ends: every flow run lasted until the next whole second after
its start, 0.5 s on average and up to 1 s, in every command (a later no-op takes 2-3 s).
Prefect's own `join_on_exit=False`, which its async engine uses, lets the run end at once;
the thread, told to stop, ends at its next step and sends nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import prefect.flow_engine

_PREFECTS: Callable[..., AbstractContextManager[None]] = prefect.flow_engine._send_heartbeats


def heartbeats_not_joined(engine: Any, join_on_exit: bool = True) -> AbstractContextManager[None]:
    """Prefect's heartbeats of `engine`'s flow run, its thread left to end by itself."""
    return _PREFECTS(engine, join_on_exit=False)


def install() -> None:
    """Every flow run of this process sends its heartbeats so (sparkify.flows.etl installs it)."""
    prefect.flow_engine._send_heartbeats = heartbeats_not_joined  # type: ignore[assignment]
