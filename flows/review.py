"""Approval in served mode: a batch flow waits for a reviewer's decision from the Prefect UI.

Two doors, one record: the UI form (resuming the paused run with a ReviewInput) and
`verbale review approve|reject` (which records in the ledger, then resumes the run). Either
way the ledger holds the approval with the file hashes, and the send flow enforces it.
"""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, pause_flow_run
from prefect.context import get_run_context
from prefect.exceptions import FlowPauseTimeout
from prefect.input import RunInput
from pydantic import Field

from flows.send import send
from flows.tasks import load_settings
from verbale.batches.ledger import Action, ReviewState
from verbale.batches.review import approve, load_batch, reject
from verbale.settings import Settings


class ReviewInput(RunInput):
    """A reviewer's decision on a batch. Never approved by default: a resume without
    input must not approve anything."""

    approve: bool = False
    reviewer: str
    note: str = ""
    exclude: list[str] = Field(default_factory=list)


def review_then_send(folder: str) -> str:
    """Served mode, after drafting: wait for the reviewer; once approved, send. Returns the
    batch folder ('' when nothing was drafted)."""
    if folder and await_review(load_settings(), Path(folder)):
        send(batch=Path(folder).name)
    return folder


def await_review(settings: Settings, folder: Path) -> bool:
    """Wait (paused) for a reviewer; record the decision; True if the batch is approved."""
    ledger = settings.workspace.ledger
    batch_id = folder.name
    context = get_run_context()
    ledger.wait_for_review(batch_id, str(context.flow_run.id))  # type: ignore[union-attr]
    logger = get_run_logger()
    logger.info("batch %s waits for review (UI form or `verbale review approve`)", batch_id)
    try:
        decision = pause_flow_run(
            wait_for_input=ReviewInput, timeout=settings.review_timeout, poll_interval=2
        )
    except FlowPauseTimeout:
        ledger.log(batch_id, Action.REVIEW_WAIT_EXPIRED, "", "the batch stays unapproved")
        logger.warning("batch %s: no decision in time; it stays unapproved", batch_id)
        return False
    return record_decision(settings, batch_id, decision)


def record_decision(settings: Settings, batch_id: str, decision: ReviewInput) -> bool:
    """Record the UI's decision unless the CLI door already recorded one; True if approved."""
    ledger = settings.workspace.ledger
    batch = load_batch(settings.workspace, batch_id)
    if batch.record.state is ReviewState.AWAITING:
        if decision.approve:
            approve(batch, ledger, decision.reviewer, decision.note, decision.exclude)
        else:
            reject(batch, ledger, decision.reviewer, decision.note or "rejected in the UI")
    return ledger.batch(batch_id).state is ReviewState.APPROVED  # type: ignore[union-attr]
