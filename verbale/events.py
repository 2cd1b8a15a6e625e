"""Reporting an incident to a Prefect server as an event, over HTTP so failures are seen."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime

from verbale.errors import DeliveryError

INCIDENT_EVENT = "verbale.incident.reported"
INCIDENT_RESOURCE = "verbale.incident"


def incident_event(incident_id: str) -> dict[str, object]:
    """The event that triggers the served statement flow for one incident."""
    return {
        "id": str(uuid.uuid4()),
        "occurred": datetime.now(UTC).isoformat(),
        "event": INCIDENT_EVENT,
        "resource": {
            "prefect.resource.id": f"{INCIDENT_RESOURCE}.{incident_id}",
            "prefect.resource.name": incident_id,
        },
        "payload": {"incident": incident_id},
    }


def post_event(api_url: str, event: dict[str, object], timeout: float = 30) -> None:
    """POST one event to the server's events API; an unreachable server is an error."""
    request = urllib.request.Request(
        f"{api_url.rstrip('/')}/events",
        data=json.dumps([event]).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if response.status >= 300:
                raise DeliveryError(f"{api_url}: event refused ({response.status})")
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"{api_url}: cannot post the event: {exc}") from exc
