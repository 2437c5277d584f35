"""Alerts as code: alerts/automations.yaml made into Prefect automations and their
notification block, idempotently (`sparkify alerts install`).

An automation is matched by its name: installing again updates it in place (and removes
duplicates of it), so the server ends with exactly the file's automations. Prefect is
imported here only, when alerts are installed.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import yaml

from sparkify.config import PROJECT_ROOT
from sparkify.errors import SparkifyError

AUTOMATIONS_FILE = PROJECT_ROOT / "alerts" / "automations.yaml"
DEFAULT_WITHIN = timedelta(hours=26)  # the daily run's interval, and two hours of slack
WITHIN = "WITHIN"  # in the file: the proactive interval, given at install time


def load_spec(path: Path = AUTOMATIONS_FILE) -> dict[str, Any]:
    spec = yaml.safe_load(path.read_text())
    if not isinstance(spec, dict) or not spec.get("automations"):
        raise SparkifyError(f"{path}: no automations")
    return spec


def install(
    webhook: str | None = None,
    within: timedelta = DEFAULT_WITHIN,
    block: str | None = None,
    path: Path = AUTOMATIONS_FILE,
) -> list[str]:
    """Create or update the notification block (with `webhook`) and every automation of the
    file; their names. `block`: TYPE/NAME of an existing block (Slack, e-mail, ...) instead
    of the file's."""
    spec = load_spec(path)
    block_id = _notification_block(block or str(spec["block"]), webhook)
    names = []
    for item in spec["automations"]:
        _upsert(_automation(item, block_id, within))
        names.append(str(item["name"]))
    return names


def _notification_block(slug: str, webhook: str | None) -> Any:
    """The block's id; with a webhook, a custom-webhook block saved (or overwritten) first."""
    from prefect.blocks.core import Block
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    block_type, _, name = slug.partition("/")
    if webhook is not None:
        if block_type != "custom-webhook":
            raise SparkifyError(f"--webhook makes a custom-webhook block, not {block_type}")
        made = CustomWebhookNotificationBlock(  # type: ignore[call-arg]
            name=name, url=webhook, json_data={"subject": "{{subject}}", "body": "{{body}}"}
        )
        made.save(name, overwrite=True)
        return made._block_document_id
    try:
        found = cast(Block, Block.load(slug))
    except ValueError:
        raise SparkifyError(
            f"no notification block {slug!r}: give --webhook URL, or --block TYPE/NAME of "
            "one you made (see README, Alerts)"
        ) from None
    return found._block_document_id


def _automation(item: dict[str, Any], block_id: Any, within: timedelta) -> Any:
    from prefect.events.actions import SendNotification
    from prefect.events.schemas.automations import AutomationCore, EventTrigger

    trigger = dict(item["trigger"])
    if trigger.get("within") == WITHIN:
        trigger["within"] = within
    return AutomationCore(
        name=item["name"],
        description=" ".join(str(item.get("description", "")).split()),
        trigger=EventTrigger(**trigger),
        actions=[
            SendNotification(block_document_id=block_id, subject=item["subject"], body=item["body"])
        ],
    )


def _upsert(automation: Any) -> None:
    """Update the automation of that name (dropping any duplicates), or create it."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        existing = client.read_automations_by_name(automation.name)
        for duplicate in existing[1:]:
            client.delete_automation(duplicate.id)
        if existing:
            client.update_automation(existing[0].id, automation)
        else:
            client.create_automation(automation)
