"""Served circulation: the silence run scheduled at the deadline, and what it does then."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from samplebatch import make_batch

from verbale.batches import circulation
from verbale.batches.decision import Decision, decide
from verbale.batches.ledger import Action
from verbale.batches.review import load_batch
from verbale.sending.circulation import committee_of
from verbale.settings import Settings

pytestmark = [pytest.mark.prefect, pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]
BATCH = "20160303-100000-statement-cafe"


def circulated(settings: Settings) -> datetime:
    """The sample statement batch, circulated for an hour; returns the deadline."""
    make_batch(settings.workspace, BATCH)
    now = datetime.now().astimezone().replace(microsecond=0)
    committee = committee_of(settings)
    batch = load_batch(settings.workspace, BATCH)
    circulation.start(
        settings.workspace.ledger, batch, committee, "Ana", now + timedelta(hours=1), now
    )
    return now + timedelta(hours=1)


def test_silence_run_at_the_deadline_sends_the_approved_statement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After the deadline the silence is kept; once the President approved, the run sends."""
    from flows.circulation import silence

    monkeypatch.setenv("VERBALE_SILENCE_PROCEDURE", "true")
    settings = Settings()
    deadline = circulated(settings)
    monkeypatch.setattr(circulation, "current_time", lambda: deadline + timedelta(minutes=1))
    ledger = settings.workspace.ledger
    batch = load_batch(settings.workspace, BATCH)
    decide(batch, ledger, "Ana", Decision.APPROVE, "ok", [], silence=True)
    folder = silence(batch=BATCH, version=1)
    assert str(folder).endswith(BATCH)
    actions = [e.action for e in ledger.events(BATCH)]
    assert actions.index(Action.SILENCE_KEPT) < actions.index(Action.APPROVED)
    assert Action.SEND_FINISHED in actions
    assert len(list(settings.workspace.outbox(BATCH).glob("*.eml"))) == 3  # ZM to, cc; FR


def test_silence_run_after_an_objection_or_a_revision_sends_nothing() -> None:
    """An objected version ends its run Cancelled; a superseded version's run does nothing."""
    from flows.circulation import silence

    settings = Settings()
    deadline = circulated(settings)
    ledger, committee = settings.workspace.ledger, committee_of(settings)
    now = deadline - timedelta(minutes=30)
    circulation.respond(
        ledger, BATCH, committee, "FR", circulation.Response.OBJECTION, "No.", "Ana", now
    )
    objected: Any = silence(batch=BATCH, version=1, return_state=True)
    assert objected.name == "Objected"
    batch = load_batch(settings.workspace, BATCH)
    circulation.revise(ledger, batch, committee, "Ana", "softer", deadline, now)
    superseded: Any = silence(batch=BATCH, version=1, return_state=True)
    assert superseded.name == "Superseded"
    assert not settings.workspace.outbox(BATCH).exists()


def test_the_silence_run_is_scheduled_at_the_deadline_and_holds_no_process() -> None:
    """Scheduling creates a Scheduled run of the silence deployment at the deadline."""
    from prefect import get_client

    from flows.circulation import schedule_silence, silence

    deployment: Any = silence.to_deployment(name="silence")
    deployment.apply()
    deadline = (datetime.now().astimezone() + timedelta(hours=72)).replace(microsecond=0)
    run_id = schedule_silence.fn(BATCH, 2, deadline)
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(run_id)  # type: ignore[arg-type]
    assert run.state is not None and run.state.is_scheduled()
    assert run.expected_start_time == deadline
    assert run.parameters == {"batch": BATCH, "version": 2}
