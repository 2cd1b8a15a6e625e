"""Served mode: every flow as a deployment of one long-running process.

Reminders and Article 3 letters run on cron schedules (each run's date is its as-of date);
a statement is drafted when a `verbale.incident.reported` event arrives; circulars and
sending run on demand; the review room is served beside them. Served here, each batch flow
is composed with review and sending: draft, wait for a reviewer, send once approved. The
batch flows themselves only draft.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from prefect import flow, serve
from prefect.events import DeploymentEventTrigger
from prefect.types.entrypoint import EntrypointType

from flows.article3 import article3
from flows.circular import circular
from flows.circulation import circulate_then_conclude_later, silence
from flows.reminders import reminders
from flows.review import drafted_batch, review_then_send
from flows.runner import resume_review
from flows.send import send
from flows.statement import statement
from flows.tasks import load_settings
from verbale.errors import ConfigurationError
from verbale.events import INCIDENT_EVENT, INCIDENT_RESOURCE
from verbale.settings import Settings
from verbale.web.server import start_room_thread


@flow(name="statement", log_prints=True)
def served_statement(incident: str) -> Any:
    """Draft the statement on an incident, wait for review, send once approved; under the
    silence procedure, circulate it to the Committee first (the silence run goes on)."""
    if load_settings().silence_procedure:
        return circulate_then_conclude_later(drafted_batch() or statement.fn(incident))
    return review_then_send(drafted_batch() or statement.fn(incident))


@flow(name="reminders", log_prints=True)
def served_reminders(as_of: date | None = None) -> Any:
    """Draft the reminders due on a date, wait for review, send once approved."""
    return review_then_send(drafted_batch() or reminders.fn(as_of))


@flow(name="article3", log_prints=True)
def served_article3(as_of: date | None = None) -> Any:
    """Draft the Article 3 letters due on a date, wait for review, send once approved."""
    return review_then_send(drafted_batch() or article3.fn(as_of))


@flow(name="circular", log_prints=True)
def served_circular(
    kind: str,
    decision: str,
    states: list[str] | None = None,
    signatories: bool = False,
    as_of: date | None = None,
) -> Any:
    """Draft a circular, wait for review, send once approved."""
    return review_then_send(
        drafted_batch() or circular.fn(kind, decision, states, signatories, as_of)
    )


def deployments(
    settings: Settings,
    entrypoint_type: EntrypointType = EntrypointType.FILE_PATH,
    job_variables: dict[str, Any] | None = None,
) -> list[Any]:
    """The deployments of every flow, as `verbale serve` serves them; `verbale deploy` names
    them by module path (importable wherever verbale is installed) and gives them the job
    variables of the work pool's workers."""
    options: dict[str, Any] = {"entrypoint_type": entrypoint_type}
    if job_variables is not None:
        options["job_variables"] = job_variables
    trigger = DeploymentEventTrigger(
        name="statement on a reported incident",
        expect={INCIDENT_EVENT},
        match={"prefect.resource.id": f"{INCIDENT_RESOURCE}.*"},
        parameters={"incident": "{{ event.payload.incident }}"},
    )
    return [
        served_reminders.to_deployment(name="reminders", cron=settings.reminders_cron, **options),
        served_article3.to_deployment(name="article3", cron=settings.article3_cron, **options),
        served_statement.to_deployment(name="statement", triggers=[trigger], **options),
        served_circular.to_deployment(name="circular", **options),
        send.to_deployment(name="send", **options),
        silence.to_deployment(name="silence", **options),
    ]


def serve_all(settings: Settings) -> None:
    """Serve every deployment until interrupted; needs a Prefect server."""
    if not os.environ.get("PREFECT_API_URL"):
        raise ConfigurationError(
            "verbale serve needs a Prefect server: start one (`prefect server start`) and set "
            "PREFECT_API_URL (e.g. http://127.0.0.1:4200/api)"
        )
    start_room_thread(settings, resume_review)
    print(f"review room on {settings.review_link}")
    serve(*deployments(settings), print_starting_message=True)
