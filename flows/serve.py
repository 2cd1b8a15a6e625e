"""Served mode: every flow as a deployment of one long-running process.

Reminders and Article 3 letters run on cron schedules (each run's date is its as-of date);
a statement is drafted when a `verbale.incident.reported` event arrives; circulars and
sending run on demand. Batch flows served here wait for a reviewer before sending.
"""

from __future__ import annotations

import os
from typing import Any

from prefect import serve
from prefect.events import DeploymentEventTrigger

from flows.article3 import article3
from flows.circular import circular
from flows.reminders import reminders
from flows.send import send
from flows.statement import statement
from verbale.errors import ConfigurationError
from verbale.events import INCIDENT_EVENT, INCIDENT_RESOURCE
from verbale.settings import Settings


def deployments(settings: Settings) -> list[Any]:
    """The deployments of every flow, as `verbale serve` serves them."""
    review = {"review": True}
    trigger = DeploymentEventTrigger(
        name="statement on a reported incident",
        expect={INCIDENT_EVENT},
        match={"prefect.resource.id": f"{INCIDENT_RESOURCE}.*"},
        parameters={"incident": "{{ event.payload.incident }}", "review": True},
    )
    return [
        reminders.to_deployment(name="reminders", cron=settings.reminders_cron, parameters=review),
        article3.to_deployment(name="article3", cron=settings.article3_cron, parameters=review),
        statement.to_deployment(name="statement", triggers=[trigger]),
        circular.to_deployment(name="circular", parameters=review),
        send.to_deployment(name="send"),
    ]


def serve_all(settings: Settings) -> None:
    """Serve every deployment until interrupted; needs a Prefect server."""
    if not os.environ.get("PREFECT_API_URL"):
        raise ConfigurationError(
            "verbale serve needs a Prefect server: start one (`prefect server start`) and set "
            "PREFECT_API_URL (e.g. http://127.0.0.1:4200/api)"
        )
    serve(*deployments(settings), print_starting_message=True)
