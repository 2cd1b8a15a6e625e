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
from verbale.convention.incidents import (
    Incident,
    incident_path,
    load_incident,
    require_known_co_signers,
)
from verbale.convention.outreach import MEDIA, PARTNERS, Outreach, load_outreach
from verbale.settings import Settings

STATEMENT = "condemnation-statement"
TRANSMITTAL = "statement-transmittal"
PRESS_RELEASE = "statement-press-release"


@task(cache_policy=NO_CACHE)
def read_incident(settings: Settings, reference: str) -> tuple[Incident, Path]:
    """Read and validate an incident file (a path, or an id in data/incidents/)."""
    path = incident_path(settings.data_dir, reference)
    return load_incident(path), path


@task(cache_policy=NO_CACHE)
def read_outreach(settings: Settings) -> Outreach:
    """Read and validate the media list and the partners."""
    return load_outreach(settings.recipients_dir)


@flow(name="statement", log_prints=True)
def statement(incident: str) -> str:
    """The statement on a verified incident, to every mission and capital of every State
    Party on the decision date, with its web pages, the press release to the media list and
    the statement to the partners; an unverified report ends the run Failed, nothing
    rendered."""
    settings = load_settings()
    found, path = read_incident(settings, incident)
    found.require_verified()
    directory = load_recipients(settings)
    require_known_co_signers(found, path, directory.states)
    outreach = read_outreach(settings)
    kinds = load_kinds(settings, [STATEMENT, TRANSMITTAL, PRESS_RELEASE])
    parameters = {"incident": found.id, "as_of": found.decision.date.isoformat()}
    drafting = drafting_for(settings, directory, found.decision.date, "statement", parameters)
    outcome = plan_statement(
        drafting, kinds[STATEMENT], kinds[TRANSMITTAL], found, kinds[PRESS_RELEASE], outreach
    )
    lists = [settings.recipients_dir / name for name in (MEDIA, PARTNERS)]
    return finish_batch(drafting, parameters, [path, *lists], outcome)
