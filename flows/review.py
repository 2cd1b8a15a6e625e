"""Approval in served mode: a batch flow waits for a reviewer's decision.

Three doors, one record: the review room (`verbale review web`), the command line
(`verbale review approve|reject`) and the Prefect UI's resume form. Every door records
through `verbale.batches.decision.decide`; the web and command-line doors then resume the
waiting run (suspended, or paused in place), which keeps their record. The form is made for
its batch: its description says what the batch is, the decision is a required choice, and
its exclusions may only name the batch's documents, so that Prefect's server refuses any
other before the run resumes.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from prefect import get_run_logger, pause_flow_run, suspend_flow_run
from prefect.artifacts import create_markdown_artifact
from prefect.context import get_run_context
from prefect.exceptions import FlowPauseTimeout
from prefect.input import RunInput
from prefect.states import Cancelled
from pydantic import Field, JsonValue, create_model

from flows.send import send
from flows.tasks import artifact_key, load_settings
from verbale.batches.decision import Decision, approvals_needed, decide
from verbale.batches.ledger import Action, ReviewState
from verbale.batches.review import Batch, load_batch
from verbale.errors import AuthenticationError, VerbaleError
from verbale.settings import Settings


class ReviewInput(RunInput):
    """A reviewer's decision on a batch. The decision has no default: a resume without
    input, or an untouched form, decides nothing."""

    decision: Decision = Field(description="Approve (send) or reject (final).")
    reviewer: str = Field(description="Your reviewer account (`verbale reviewer list`).")
    note: str = Field(default="", description="Kept with the decision; required to reject.")
    exclude: list[str] = Field(default_factory=list, description="Documents never to send.")


def review_form(batch: Batch, review_link: str) -> type[ReviewInput]:
    """The resume form of one batch: its description, and exclusions among its documents."""
    ids: list[JsonValue] = [doc.id for doc in batch.documents]
    exclude: Any = Field(
        default_factory=list,
        description="Documents of this batch never to send.",
        json_schema_extra={"items": {"type": "string", "enum": ids}},
    )
    form: type[ReviewInput] = create_model(
        "ReviewInput", __base__=ReviewInput, exclude=(list[str], exclude)
    )
    return form.with_initial_data(description=describe(batch, review_link))


def describe(batch: Batch, review_link: str) -> str:
    """The form's Markdown: flow, documents per language and channel, skipped States, link."""
    manifest = batch.manifest
    counts = "\n".join(
        f"| {key} | {count} |" for key, count in manifest.summary.per_language_channel.items()
    )
    skipped = "\n".join(f"- {s.state}: {s.reason.value} ({s.detail})" for s in manifest.skipped)
    link = f"{review_link}/batches/{manifest.batch}"
    return (
        f"## Batch `{manifest.batch}`\n\n"
        f"Flow **{manifest.flow}**, {manifest.summary.documents} documents, "
        f"{manifest.summary.fallbacks} in a fallback language, PDF {manifest.pdf.status}.\n\n"
        f"| language/channel | documents |\n|---|---|\n{counts}\n\n"
        f"**States without a document:** {len(manifest.skipped)}\n\n{skipped}\n\n"
        f"Read every draft, its pages and its e-mail in the review room: [{link}]({link})\n\n"
        "Choose **approve** or **reject** (a rejection is final and needs a note). "
        "Exclusions must be documents of this batch."
    )


def review_then_send(folder: str) -> Any:
    """Served mode, after drafting: wait for the reviewer; once approved, send. Returns the
    batch folder ('' when nothing was drafted), or a Cancelled state named Rejected when the
    batch was rejected."""
    if not folder:
        return folder
    settings = load_settings()
    batch_id = Path(folder).name
    approved = await_review(settings, Path(folder))
    publish_decision(settings, batch_id)
    if approved:
        send(batch=batch_id)
        return folder
    record = settings.workspace.ledger.batch(batch_id)
    if record is not None and record.state is ReviewState.REJECTED:
        return Cancelled(name="Rejected", message=f"batch {batch_id} rejected; nothing sent")
    return folder


def await_review(settings: Settings, folder: Path) -> bool:
    """Wait (suspended, or paused in place) for a reviewer; record the decision; True if the
    batch is approved.

    A decision the ledger refuses (no such reviewer, no reason to reject, a first approval
    of two) is logged and the run waits again, until the review timeout."""
    ledger = settings.workspace.ledger
    batch_id = folder.name
    context = get_run_context()
    ledger.wait_for_review(batch_id, str(context.flow_run.id))  # type: ignore[union-attr]
    logger = get_run_logger()
    form = review_form(load_batch(settings.workspace, batch_id), settings.review_link)
    deadline = time.monotonic() + settings.review_timeout
    logger.info(
        "batch %s waits for review: %s/batches/%s", batch_id, settings.review_link, batch_id
    )
    while (state := _state(settings, batch_id)) is ReviewState.AWAITING:
        remaining = int(deadline - time.monotonic())
        try:
            if remaining < 1:
                raise FlowPauseTimeout
            decision = wait_for_decision(form, remaining)
        except FlowPauseTimeout:
            ledger.log(batch_id, Action.REVIEW_WAIT_EXPIRED, "", "the batch stays unapproved")
            logger.warning("batch %s: no decision in time; it stays unapproved", batch_id)
            return False
        try:
            record_decision(settings, batch_id, decision)
        except VerbaleError as exc:
            logger.warning("batch %s: decision not recorded (%s); waiting again", batch_id, exc)
    return state is ReviewState.APPROVED


def wait_for_decision(form: type[ReviewInput], timeout: int) -> ReviewInput:
    """The reviewer's decision. A deployment's run (served or on a worker) suspends: its
    process exits, and the decision reschedules the run, which starts again from the top
    (`drafted_batch` finds its batch, so nothing is drafted twice) and gets the decision
    here. A flow called directly has no deployment to reschedule it: it pauses in place."""
    run = getattr(get_run_context(), "flow_run", None)
    if run is not None and run.deployment_id is not None:
        return suspend_flow_run(wait_for_input=form, timeout=timeout)
    return pause_flow_run(wait_for_input=form, timeout=timeout, poll_interval=2)


def drafted_batch() -> str:
    """The folder of the batch this flow run drafted before it was suspended; '' if none.

    A suspended run resumes from the top: it must wait for the batch it drafted, not draft a
    new one (its letters would all be `already-drafted`)."""
    run = getattr(get_run_context(), "flow_run", None)
    settings = load_settings()
    batch_id = settings.workspace.ledger.waiting_batch(str(run.id)) if run else None
    return str(settings.workspace.batch_folder(batch_id)) if batch_id else ""


def publish_decision(settings: Settings, batch_id: str) -> None:
    """A Markdown artifact of the ledger's review record, whichever door it came through."""
    ledger = settings.workspace.ledger
    decisions = (Action.FIRST_APPROVAL, Action.APPROVED, Action.REJECTED, Action.EDITED)
    rows = [
        f"| {e.at} | {e.action.value} | {e.actor} | {e.note.replace('|', '/')} |"
        for e in ledger.events(batch_id)
        if e.action in decisions
    ]
    excluded = ", ".join(sorted(ledger.excluded(batch_id))) or "none"
    create_markdown_artifact(
        f"## Review of `{batch_id}`: {_state(settings, batch_id).value}\n\n"
        "| when | what | who | note |\n|---|---|---|---|\n" + "\n".join(rows) + "\n\n"
        f"Excluded: {excluded}\n",
        key=artifact_key("review", batch_id),
        description=f"the review record of batch {batch_id}",
    )


def _state(settings: Settings, batch_id: str) -> ReviewState:
    record = settings.workspace.ledger.batch(batch_id)
    return record.state if record is not None else ReviewState.AWAITING


def record_decision(settings: Settings, batch_id: str, decision: ReviewInput) -> ReviewState:
    """Record the form's decision unless another door already recorded one; the batch's
    review state afterwards. The reviewer must be an account."""
    batch = load_batch(settings.workspace, batch_id)
    if batch.record.state is ReviewState.AWAITING:
        reviewer = settings.workspace.reviewers.get(decision.reviewer)
        if reviewer is None:
            raise AuthenticationError(f"{decision.reviewer!r}: no such reviewer account")
        needed = approvals_needed(batch, settings.two_reviewers_for_statements)
        decide(
            batch,
            settings.workspace.ledger,
            reviewer.name,
            decision.decision,
            decision.note,
            decision.exclude,
            needed,
            silence=settings.silence_procedure,
        )
    return _state(settings, batch_id)
