"""Served batch flows wait for a reviewer; an expired wait leaves the batch unapproved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import REPOSITORY
from samplebatch import add_reviewer

from flows.review import ReviewInput, record_decision
from verbale.batches.decision import Decision
from verbale.batches.ledger import Action, ReviewState
from verbale.errors import AuthenticationError
from verbale.settings import Settings
from verbale.workspace import Workspace

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]
DECISION = REPOSITORY / "data" / "decisions" / "contribution-thanks-2016.yaml"


def small_batch(review: bool) -> Path:
    """A two-letter circular; served (draft, then wait for review) when asked."""
    from flows.circular import circular
    from flows.serve import served_circular

    run = served_circular if review else circular
    return Path(
        run(  # type: ignore[arg-type]
            kind="contribution-thanks",
            decision=str(DECISION),
            states=["ZM", "FR"],
            as_of=date(2016, 3, 3),
        )
    )


def test_expired_review_wait_leaves_the_batch_unapproved(monkeypatch: pytest.MonkeyPatch) -> None:
    """When nobody decides in time the batch stays awaiting review and nothing is sent."""
    monkeypatch.setenv("VERBALE_REVIEW_TIMEOUT", "3")
    folder = small_batch(review=True)
    work = folder.parent.parent
    ledger = Workspace(work).ledger
    assert ledger.batch(folder.name).state is ReviewState.AWAITING  # type: ignore[union-attr]
    assert "review wait expired" in [e.action for e in ledger.events(folder.name)]
    assert ledger.waiting_run(folder.name) is not None
    assert not (work / "outbox").exists()


def test_ui_decision_is_recorded_with_the_file_hashes() -> None:
    """An approval from the form records the reviewer and the hash of every file."""
    folder = small_batch(review=False)
    settings = Settings()
    add_reviewer(settings.workspace, "Chair Example")
    decision = ReviewInput(
        decision=Decision.APPROVE,
        reviewer="Chair Example",
        note="ok",
        exclude=["FR-mission-contribution-thanks"],
    )
    assert record_decision(settings, folder.name, decision) is ReviewState.APPROVED
    ledger = Workspace(settings.work_dir).ledger
    assert ledger.excluded(folder.name) == {"FR-mission-contribution-thanks"}
    assert "ZM-mission-contribution-thanks.docx" in ledger.approved_files(folder.name)
    approved = [e for e in ledger.events(folder.name) if e.action == "approved"]
    assert [(e.actor, e.note) for e in approved] == [("Chair Example", "ok")]


def test_decision_already_taken_on_the_cli_is_not_recorded_twice() -> None:
    """If the CLI door approved first, the resumed run keeps that record."""
    from verbale.batches.review import approve, load_batch

    folder = small_batch(review=False)
    settings = Settings()
    ledger = Workspace(settings.work_dir).ledger
    approve(load_batch(Workspace(settings.work_dir), folder.name), ledger, "Desk Reviewer", "", [])
    decision = ReviewInput(decision=Decision.APPROVE, reviewer="Desk Reviewer")
    assert record_decision(settings, folder.name, decision) is ReviewState.APPROVED
    assert [e.action for e in ledger.events(folder.name)].count(Action.APPROVED) == 1


def test_decision_by_someone_without_an_account_is_refused() -> None:
    """The form's reviewer must be an account; nothing is recorded otherwise."""
    folder = small_batch(review=False)
    settings = Settings()
    decision = ReviewInput(decision=Decision.APPROVE, reviewer="Anybody")
    with pytest.raises(AuthenticationError, match="no such reviewer account"):
        record_decision(settings, folder.name, decision)
    assert settings.workspace.ledger.batch(folder.name).state is ReviewState.AWAITING  # type: ignore[union-attr]


def test_batch_run_publishes_its_documents_and_progress() -> None:
    """A table artifact lists the documents (State, language, channel, To, subject); the
    progress artifact ends at 100."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.tasks import artifact_key

    folder = small_batch(review=False)
    keys = [artifact_key("documents", folder.name), artifact_key("progress", folder.name)]
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=keys))
        )
    by_type = {a.type: a for a in found}
    table = by_type["table"]
    assert table.data is not None and "ZM-mission-contribution-thanks" in str(table.data)
    assert "subject" in str(table.data) and "To" in str(table.data)
    assert f"/batches/{folder.name}" in (table.description or "")
    assert by_type["progress"].data == 100.0
