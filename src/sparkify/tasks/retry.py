"""One retry policy for every warehouse task: transient failures only, with backoff."""

from __future__ import annotations

from typing import Any

from prefect.tasks import exponential_backoff

from sparkify.errors import is_transient


def only_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry dropped connections, timeouts and S3 throttling; a data error fails at once."""
    try:
        state.result()
    except Exception as error:
        return is_transient(error)
    return False


RETRIES: dict[str, Any] = {
    "retries": 3,
    "retry_delay_seconds": exponential_backoff(backoff_factor=2),
    "retry_jitter_factor": 0.5,
    "retry_condition_fn": only_transient,
}
