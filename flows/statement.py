"""The statement flow: after a verified reported use, the statement and its transmittals."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.tasks import (
    drafting_for,
    finish_batch,
    load_kinds,
    load_recipients,
    load_settings,
)
from verbale.batches.planning import plan_statement
from verbale.convention.incidents import Incident, incident_path, load_incident
from verbale.settings import Settings

STATEMENT = "condemnation-statement"
TRANSMITTAL = "statement-transmittal"


@task(cache_policy=NO_CACHE)
def read_incident(settings: Settings, reference: str) -> tuple[Incident, Path]:
    """Read and validate an incident file (a path, or an id in data/incidents/)."""
    path = incident_path(settings.data_dir, reference)
    return load_incident(path), path


@flow(name="statement", log_prints=True)
def statement(incident: str) -> str:
    """The statement on a verified incident, to every mission and capital of every State
    Party on the decision date; an unverified report ends the run Failed, nothing rendered."""
    settings = load_settings()
    found, path = read_incident(settings, incident)
    found.require_verified()
    directory = load_recipients(settings)
    kinds = load_kinds(settings, [STATEMENT, TRANSMITTAL])
    drafting = drafting_for(settings, directory, found.decision.date, "statement")
    outcome = plan_statement(drafting, kinds[STATEMENT], kinds[TRANSMITTAL], found)
    parameters = {"incident": found.id, "as_of": found.decision.date.isoformat()}
    return finish_batch(drafting, parameters, [path], outcome)
