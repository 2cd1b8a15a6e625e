"""The silence procedure's rules, as plain functions with the clock passed in."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from samplebatch import make_batch

from verbale.batches import circulation
from verbale.batches.circulation import Response, Standing
from verbale.batches.ledger import Action
from verbale.batches.review import load_batch
from verbale.convention.committee import Committee, Member, Role
from verbale.errors import ReviewError
from verbale.languages import Language
from verbale.settings import Settings
from verbale.workspace import Workspace

BATCH = "20160303-100000-statement-cafe"
START = datetime.fromisoformat("2016-03-03T10:00:00+01:00")
DEADLINE = START + timedelta(hours=72)
COMMITTEE = Committee(
    {
        "NL": Member("NL", Role.PRESIDENT, "", "A", "nl@example.org", Language.EN),
        "FR": Member("FR", Role.COORDINATOR, "stockpiles", "B", "fr@example.org", Language.FR),
    }
)


@pytest.fixture
def workspace() -> Workspace:
    """A statement batch circulated on 3 March 2016 for 72 hours."""
    workspace = Settings().workspace
    make_batch(workspace, BATCH)
    batch = load_batch(workspace, BATCH)
    circulation.start(workspace.ledger, batch, COMMITTEE, "Ana", DEADLINE, START)
    return workspace


def test_silence_is_open_before_the_deadline_and_consent_at_it(workspace: Workspace) -> None:
    """The standing turns from open to consented at the deadline itself."""
    found = circulation.read_circulation(workspace.ledger, BATCH)
    assert found.standing(DEADLINE - timedelta(seconds=1)) is Standing.OPEN
    assert found.standing(DEADLINE) is Standing.CONSENTED


def test_conclusion_is_recorded_once(workspace: Workspace) -> None:
    """The kept silence is one event, however often the circulation is read afterwards."""
    for _ in range(3):
        circulation.conclude(workspace.ledger, BATCH, DEADLINE + timedelta(hours=1))
    actions = [e.action for e in workspace.ledger.events(BATCH)]
    assert actions.count(Action.SILENCE_KEPT) == 1


def test_a_reason_with_semicolons_is_read_back_whole(workspace: Workspace) -> None:
    """What a member writes survives the ledger's note as it was written."""
    reason = "Para. 2; the source; is unconfirmed"
    circulation.respond(
        workspace.ledger, BATCH, COMMITTEE, "fr", Response.OBJECTION, reason, "Ana for FR", START
    )
    current = circulation.read_circulation(workspace.ledger, BATCH).current
    assert current is not None
    assert current.objections[0].text == reason and current.objections[0].member == "FR"
    assert current.answer_of("NL") is None


def test_consent_requires_the_files_circulated(workspace: Workspace) -> None:
    """After consent, approval is allowed only while the statement is the one circulated."""
    batch = load_batch(workspace, BATCH)
    later = DEADLINE + timedelta(minutes=1)
    circulation.require_consent(batch, workspace.ledger, later)
    (batch.folder / "condemnation-statement-fr.docx").write_bytes(b"edited")
    with pytest.raises(ReviewError, match="changed since version 1"):
        circulation.require_consent(batch, workspace.ledger, later)


def test_tokens_are_per_member_and_version() -> None:
    """A member's link does not open another member's page, nor another version's."""
    key = b"k" * 32
    token = circulation.member_token(key, BATCH, 1, "FR")
    assert circulation.token_matches(key, BATCH, 1, "FR", token)
    assert not circulation.token_matches(key, BATCH, 1, "NL", token)
    assert not circulation.token_matches(key, BATCH, 2, "FR", token)
