"""A reviewer's decision on a batch, whichever door it comes through (web, CLI, Prefect UI).

Every door calls `decide`, which records through `review.approve` and `review.reject`: one
record, with the same hash locking. With two reviewers required (a statement, when the
setting asks for it), the first approval is recorded as such and the batch waits for a
second, different reviewer approving the same files and exclusions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from verbale.batches import circulation
from verbale.batches.ledger import Action, Ledger, ReviewState
from verbale.batches.manifest import sha256_of
from verbale.batches.review import Batch, approve, reject
from verbale.errors import ReviewError

STATEMENT_FLOW = "statement"
_SEPARATOR = " | "


class Decision(StrEnum):
    """What a reviewer decides; there is no default."""

    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True)
class Outcome:
    """The batch's review state after a decision, and a sentence for the reviewer."""

    state: ReviewState
    message: str

    @property
    def final(self) -> bool:
        """Whether the review is over (approved or rejected), so a waiting run may go on."""
        return self.state is not ReviewState.AWAITING


def approvals_needed(batch: Batch, two_for_statements: bool) -> int:
    """How many different reviewers must approve this batch."""
    return 2 if two_for_statements and batch.record.flow == STATEMENT_FLOW else 1


def decide(
    batch: Batch,
    ledger: Ledger,
    reviewer: str,
    decision: Decision,
    note: str,
    exclude: Sequence[str],
    needed: int = 1,
    include: Sequence[str] = (),
    silence: bool = False,
) -> Outcome:
    """Record an authenticated reviewer's decision; returns where the batch now stands. With
    `silence` (the silence procedure), a statement is approved only after the Committee's
    consent to the version circulated."""
    batch_id = batch.record.batch_id
    if silence and decision is Decision.APPROVE:
        circulation.require_consent(batch, ledger, circulation.current_time())
    if decision is Decision.REJECT:
        reject(batch, ledger, reviewer, note)
        return Outcome(ReviewState.REJECTED, f"rejected {batch_id} by {reviewer}")
    if needed < 2:
        count = approve(batch, ledger, reviewer, note, exclude, include)
        return Outcome(
            ReviewState.APPROVED, f"approved {batch_id} by {reviewer}: {count} file(s) recorded"
        )
    return _second_approval(batch, ledger, reviewer, note, exclude, include)


def _second_approval(
    batch: Batch,
    ledger: Ledger,
    reviewer: str,
    note: str,
    exclude: Sequence[str],
    include: Sequence[str] = (),
) -> Outcome:
    batch_id = batch.record.batch_id
    if batch.record.state is ReviewState.REJECTED:
        raise ReviewError(f"{batch_id}: rejected; a rejection is final")
    plan = approval_plan(batch, exclude)
    first = first_approval(ledger, batch_id)
    if first is not None and first[1] == plan:
        if first[0] == reviewer:
            raise ReviewError(f"{batch_id}: a second, different reviewer must approve")
        note = f"second approval after {first[0]}; {note}"
        count = approve(batch, ledger, reviewer, note, exclude, include)
        return Outcome(
            ReviewState.APPROVED,
            f"approved {batch_id} by {first[0]} and {reviewer}: {count} file(s) recorded",
        )
    unknown = [d for d in exclude if batch.manifest.document(d) is None]
    if unknown:
        raise ReviewError(f"{batch_id}: no such document: {', '.join(unknown)}")
    missing = [path for _, path in batch.files() if not (batch.folder / path).is_file()]
    if missing:
        raise ReviewError(f"{batch.folder / missing[0]}: file missing; it cannot be approved")
    ledger.log(batch_id, Action.FIRST_APPROVAL, reviewer, f"{plan}{_SEPARATOR}{note}")
    return Outcome(
        ReviewState.AWAITING,
        f"{batch_id}: first approval by {reviewer} recorded; a second reviewer must approve",
    )


def approval_plan(batch: Batch, exclude: Sequence[str]) -> str:
    """What an approval covers, in one line: a digest of every file's hash, the exclusions."""
    digest = hashlib.sha256()
    for _, path in batch.files():
        file = batch.folder / path
        digest.update(f"{path}={sha256_of(file) if file.is_file() else '-'}\n".encode())
    excluded = ", ".join(sorted(set(exclude))) or "none"
    return f"files {digest.hexdigest()[:16]}; excluded: {excluded}"


def first_approval(ledger: Ledger, batch_id: str) -> tuple[str, str] | None:
    """The standing first approval (reviewer, plan), if any: an edit voids it."""
    standing: tuple[str, str] | None = None
    for event in ledger.events(batch_id):
        if event.action is Action.EDITED:
            standing = None
        elif event.action is Action.FIRST_APPROVAL:
            standing = (event.actor, event.note.split(_SEPARATOR, 1)[0])
    return standing


Resume = Callable[[str, dict[str, Any]], str]


def resume_waiting_run(
    ledger: Ledger,
    batch_id: str,
    reviewer: str,
    decision: Decision,
    note: str,
    exclude: Sequence[str],
    resume: Resume | None,
) -> str:
    """Served mode: the run waiting for this batch (suspended, or paused in place) goes on
    with the recorded decision (it keeps the ledger's record). Returns a sentence for the
    reviewer; '' when no run waits."""
    run_id = ledger.waiting_run(batch_id)
    if run_id is None or resume is None:
        return ""
    payload = {"decision": decision.value, "reviewer": reviewer, "note": note,
               "exclude": list(exclude)}  # fmt: skip
    problem = resume(run_id, payload)
    if problem:
        return f"flow run {run_id} was not resumed: {problem}"
    return f"flow run {run_id} resumed"
