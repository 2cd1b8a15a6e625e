"""One decision record for every door; two reviewers for a statement; edits void approval."""

from __future__ import annotations

import pytest
from docx import Document
from samplebatch import FRANCE, ZAMBIA, make_batch

from verbale.batches.decision import Decision, approvals_needed, decide, first_approval
from verbale.batches.edits import replace_draft
from verbale.batches.ledger import Action, ReviewState
from verbale.batches.review import Batch, load_batch, verify_approved
from verbale.errors import ReviewError
from verbale.settings import Settings
from verbale.workspace import Workspace

BATCH = "20160303-100000-statement-beef"


@pytest.fixture
def workspace() -> Workspace:
    """A work directory with one statement batch."""
    workspace = Settings().workspace
    make_batch(workspace, BATCH)
    return workspace


def batch(workspace: Workspace) -> Batch:
    """The batch as the ledger has it now."""
    return load_batch(workspace, BATCH)


def test_one_reviewer_approves_by_default(workspace: Workspace) -> None:
    """Without the setting, one approval is final and recorded with its exclusions."""
    assert approvals_needed(batch(workspace), two_for_statements=False) == 1
    outcome = decide(batch(workspace), workspace.ledger, "Ana", Decision.APPROVE, "", [FRANCE])
    assert outcome.final
    assert workspace.ledger.excluded(BATCH) == {FRANCE}


def test_statement_needs_two_different_reviewers(workspace: Workspace) -> None:
    """The first approval leaves the batch awaiting; the same person cannot be the second."""
    ledger = workspace.ledger
    needed = approvals_needed(batch(workspace), two_for_statements=True)
    assert needed == 2
    first = decide(batch(workspace), ledger, "Ana", Decision.APPROVE, "", [FRANCE], needed)
    assert not first.final
    assert ledger.batch(BATCH).state is ReviewState.AWAITING  # type: ignore[union-attr]
    with pytest.raises(ReviewError, match="a second, different reviewer"):
        decide(batch(workspace), ledger, "Ana", Decision.APPROVE, "", [FRANCE], needed)
    second = decide(batch(workspace), ledger, "Bo", Decision.APPROVE, "ok", [FRANCE], needed)
    assert second.final
    assert "by Ana and Bo" in second.message
    verify_approved(batch(workspace), ledger)


def test_second_approval_of_another_plan_starts_over(workspace: Workspace) -> None:
    """A second reviewer excluding other documents is a new first approval, not a second."""
    ledger = workspace.ledger
    decide(batch(workspace), ledger, "Ana", Decision.APPROVE, "", [FRANCE], 2)
    outcome = decide(batch(workspace), ledger, "Bo", Decision.APPROVE, "", [], 2)
    assert not outcome.final
    firsts = [e.actor for e in ledger.events(BATCH) if e.action is Action.FIRST_APPROVAL]
    assert firsts == ["Ana", "Bo"]


def test_one_rejection_is_final(workspace: Workspace) -> None:
    """A rejection needs a reason and is final even when two approvals are required."""
    with pytest.raises(ReviewError, match="say why"):
        decide(batch(workspace), workspace.ledger, "Ana", Decision.REJECT, "", [], 2)
    outcome = decide(batch(workspace), workspace.ledger, "Ana", Decision.REJECT, "no", [], 2)
    assert outcome.state is ReviewState.REJECTED
    with pytest.raises(ReviewError, match="rejection is final"):
        decide(batch(workspace), workspace.ledger, "Bo", Decision.APPROVE, "", [], 2)


def edited_docx(workspace: Workspace) -> bytes:
    """The Zambian draft with a sentence added, as Word would save it."""
    path = workspace.batch_folder(BATCH) / f"{ZAMBIA}.docx"
    document = Document(str(path))
    document.add_paragraph("Added by the reviewer.")
    edited = workspace.root / "edited.docx"
    document.save(str(edited))
    return edited.read_bytes()


def test_edit_is_recorded_and_voids_the_approval(workspace: Workspace) -> None:
    """An uploaded edit replaces the draft, is logged with who, and the approval lapses."""
    ledger = workspace.ledger
    decide(batch(workspace), ledger, "Ana", Decision.APPROVE, "", [FRANCE])
    data = edited_docx(workspace)
    with pytest.raises(ReviewError, match="LibreOffice is not installed"):
        replace_draft(batch(workspace), ledger, ZAMBIA, data, "Bo", None, 60)
    assert (workspace.batch_folder(BATCH) / f"{ZAMBIA}.docx").read_bytes() == data
    assert not (workspace.batch_folder(BATCH) / f"{ZAMBIA}.pdf").exists()  # no stale PDF
    edits = [e for e in ledger.events(BATCH) if e.action is Action.EDITED]
    assert [e.actor for e in edits] == ["Bo"]
    assert edits[0].note.startswith(f"{ZAMBIA}: ")
    assert ledger.batch(BATCH).state is ReviewState.AWAITING  # type: ignore[union-attr]
    assert ledger.approved_files(BATCH) == {}
    with pytest.raises(ReviewError, match="not approved"):
        verify_approved(batch(workspace), ledger)


def test_edit_voids_a_first_approval(workspace: Workspace) -> None:
    """After an edit, the earlier first approval no longer counts towards two."""
    ledger = workspace.ledger
    decide(batch(workspace), ledger, "Ana", Decision.APPROVE, "", [], 2)
    assert first_approval(ledger, BATCH) is not None
    with pytest.raises(ReviewError, match="LibreOffice"):
        replace_draft(batch(workspace), ledger, ZAMBIA, edited_docx(workspace), "Bo", None, 60)
    assert first_approval(ledger, BATCH) is None


def test_upload_that_is_not_a_docx_is_refused(workspace: Workspace) -> None:
    """Anything but a Word document is refused and nothing changes."""
    with pytest.raises(ReviewError, match=r"not a Word document \(.docx\)"):
        replace_draft(batch(workspace), workspace.ledger, ZAMBIA, b"%PDF-1.4", "Bo", None, 60)
    assert [e.action for e in workspace.ledger.events(BATCH)] == [Action.CREATED]
