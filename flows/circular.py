"""The circular flow: any letter kind, a decision file and a selection of States."""

from __future__ import annotations

from datetime import date
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
from verbale.batches.planning import plan_circular, select_states
from verbale.convention.decisions import Decision, load_decision
from verbale.documents.kinds import Kind


@task(cache_policy=NO_CACHE)
def read_decision(path: Path, kind: Kind) -> Decision:
    """Read a decision file and check it gives every variable the kind needs."""
    return load_decision(path, kind.variables)


@flow(name="circular", log_prints=True)
def circular(
    kind: str,
    decision: str,
    states: list[str] | None = None,
    signatories: bool = False,
    as_of: date | None = None,
) -> str:
    """A letter of any kind to a list of States, the signatories, or every State Party."""
    day = as_of or date.today()
    settings = load_settings()
    directory = load_recipients(settings)
    found = load_kinds(settings, [kind])[kind]
    variables = read_decision(Path(decision), found)
    parameters = {
        "kind": kind,
        "decision": decision,
        "as_of": day.isoformat(),
        "selection": ",".join(states)
        if states
        else ("signatories" if signatories else "all-parties"),
    }
    drafting = drafting_for(settings, directory, day, "circular", parameters)
    selection = select_states(drafting, states, signatories)
    variables.require(selection, found.variables)
    outcome = plan_circular(drafting, found, variables, selection)
    return finish_batch(drafting, parameters, [Path(decision)], outcome)
