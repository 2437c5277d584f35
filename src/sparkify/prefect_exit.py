"""The end of a command that ran Prefect: its event and log workers send what they hold while
the Prefect API answers, and the command gives up on them once it does not.

Prefect sends a run's events (over a websocket) and logs (over HTTP) from background workers,
and at interpreter exit waits, without a limit, for them to send everything. With the API gone
(its server killed), every queued event costs eleven connection attempts and seven seconds of
pauses (the events client's `reconnection_attempts=10`, not a setting): a run that lost its
API mid-staging printed its error line, then sat 8 to 9 minutes on ~75 events it could never
send. A healthy API takes them in well under a second, so the wait below only ends early for
an API that no longer answers at all.
"""

from __future__ import annotations

import concurrent.futures
import sys
import urllib.error
import urllib.request
from typing import Any

FLUSH_PATIENCE = 5.0  # seconds between looks at the API while the workers still send
HEALTH_TIMEOUT = 5.0  # seconds the API may take to answer one look (a busy server is slow)


def flushed(patience: float = FLUSH_PATIENCE) -> bool:
    """Stop Prefect's event and log workers and wait until they have sent what they hold; False
    (their items abandoned) once they still hold some and the API does not answer."""
    if "prefect" not in sys.modules:  # a command that never loaded Prefect holds nothing
        return True
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    pending: set[concurrent.futures.Future[bool]] = set()
    for service in (EventsWorker, APILogWorker):
        drained: Any = service.drain_all(timeout=0)  # outside an event loop: (done, not done)
        pending |= drained[1]
    while pending:
        pending = concurrent.futures.wait(pending, timeout=patience).not_done
        if pending and not _api_answers():
            return False
    return True


def _api_answers() -> bool:
    """The Prefect API answers HTTP at all (any status: Prefect Cloud's /health may want a
    key); a refused or timed-out connection is an API that is gone."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:  # an ephemeral API, in a process of this command's: Prefect's own wait stands
        return True
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=HEALTH_TIMEOUT):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
