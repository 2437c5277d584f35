"""Emit sparkify's Prefect events (built by sparkify.events) from the run's tasks and flow."""

from __future__ import annotations

from prefect.events import emit_event

from sparkify.events import Event


def emit(event: Event | None) -> None:
    """Emit one event (None: nothing to say); inside a run, Prefect relates it to the run."""
    if event is not None:
        emit_event(
            event=event.name, resource=event.resource, related=event.related, payload=event.payload
        )
