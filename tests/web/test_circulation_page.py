"""The Committee member's page: answer a circulated draft by the member's own link."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from samplebatch import make_batch

from verbale.batches import circulation
from verbale.batches.ledger import Action
from verbale.batches.review import load_batch
from verbale.sending.circulation import committee_of, member_link
from verbale.settings import Settings
from verbale.web.app import create_app
from verbale.workspace import Workspace

with warnings.catch_warnings():  # Starlette asks for httpx2, which Prefect does not bring
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

BATCH = "20160303-100000-statement-cafe"
ROOM = "http://127.0.0.1:8765"


@pytest.fixture
def workspace() -> Workspace:
    """A statement batch circulated (version 1) for three days."""
    settings = Settings()
    make_batch(settings.workspace, BATCH)
    now = datetime.now().astimezone()
    batch = load_batch(settings.workspace, BATCH)
    circulation.start(
        settings.workspace.ledger, batch, committee_of(settings), "Ana", now + timedelta(3), now
    )
    return settings.workspace


@pytest.fixture
def client(workspace: Workspace) -> Iterator[TestClient]:
    """A client of the review room, not logged in: members have no reviewer account."""
    with TestClient(create_app(Settings()), follow_redirects=False) as client:
        yield client


def link(member: str, version: int = 1) -> str:
    """The path of a member's link, as its e-mail gives it."""
    return member_link(Settings(), BATCH, version, member).removeprefix(ROOM)


def test_member_reads_the_draft_and_records_no_objection(
    client: TestClient, workspace: Workspace
) -> None:
    """The link shows the draft and its files; the answer is recorded as the member's."""
    page = client.get(link("AT"))
    assert page.status_code == 200
    assert 'id="standing">open<' in page.text and "condemnation-statement-fr.pdf" in page.text
    pdf = client.get(link("AT") + "/files/condemnation-statement-fr.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    done = client.post(link("AT"), data={"response": "no objection", "text": ""})
    assert done.status_code == 200 and "recorded for AT: no objection" in done.text
    event = workspace.ledger.events(BATCH)[-1]
    assert event.action is Action.NO_OBJECTION
    assert event.actor == "Stefan Aigner for AT (member's link)"


def test_objection_needs_a_reason_and_then_closes_the_form(
    client: TestClient, workspace: Workspace
) -> None:
    """An objection without its reason is refused on the page; with one it breaks the silence."""
    refused = client.post(link("FR"), data={"response": "objection", "text": " "})
    assert refused.status_code == 409 and "an objection needs its reason" in refused.text
    client.post(link("FR"), data={"response": "objection", "text": "Too early."})
    notices = workspace.outbox(circulation.delivery_key(BATCH)).glob("objection-v1-FR--*.eml")
    assert [p.name for p in notices] == ["objection-v1-FR--president@geneva.nl.example.org.eml"]
    after = client.get(link("AT"))
    assert 'id="standing">objected<' in after.text and "<form" not in after.text
    late = client.post(link("AT"), data={"response": "no objection"})
    assert late.status_code == 409 and "met an objection" in late.text


def test_wrong_token_or_another_members_token_is_not_found(client: TestClient) -> None:
    """A link answers for its own member only: any other token is a 404."""
    other = link("AT").replace("/AT/", "/FR/")
    assert client.get(other).status_code == 404
    assert client.post(other, data={"response": "no objection"}).status_code == 404
    assert client.get(link("AT") + "/files/manifest.json").status_code == 404


def test_a_revised_version_supersedes_the_old_link(
    client: TestClient, workspace: Workspace
) -> None:
    """After a revision, version 1's link says so and records nothing."""
    settings = Settings()
    now = datetime.now().astimezone()
    circulation.revise(
        workspace.ledger, load_batch(workspace, BATCH), committee_of(settings), "Ana", "softer",
        now + timedelta(days=2), now,
    )  # fmt: skip
    old = client.post(link("AT"), data={"response": "no objection"})
    assert old.status_code == 409 and "superseded" in old.text
    assert client.get(link("AT", 2)).status_code == 200


def test_review_room_refuses_to_approve_before_consent(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reviewers' door refuses approval while the silence runs, with the reason."""
    import re

    from samplebatch import PASSWORD, add_reviewer

    monkeypatch.setenv("VERBALE_SILENCE_PROCEDURE", "true")
    add_reviewer(workspace, "Ana Reviewer")
    with TestClient(create_app(Settings()), follow_redirects=False) as client:
        client.get("/login")
        login = {"csrf": client.cookies["verbale_login"], "name": "Ana Reviewer"}
        client.post("/login", data=login | {"password": PASSWORD})
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get(f"/batches/{BATCH}").text)
        assert csrf is not None
        form = {"csrf": csrf.group(1), "decision": "approve", "note": "ok"}
        page = client.post(f"/batches/{BATCH}/decide", data=form)
        plan = re.search(r'name="plan" value="([^"]+)"', page.text)
        assert plan is not None
        done = client.post(f"/batches/{BATCH}/confirm", data=form | {"plan": plan.group(1)})
    assert done.status_code == 409
    assert "is under the silence procedure until" in done.text
    assert Action.APPROVED not in [e.action for e in workspace.ledger.events(BATCH)]


def test_reviewers_see_every_answer_and_e_mail_after_login(
    client: TestClient, workspace: Workspace
) -> None:
    """The reviewers' view needs a login and shows each member's response and comments."""
    from samplebatch import PASSWORD, add_reviewer

    assert client.get(f"/batches/{BATCH}/circulation").status_code == 303  # to the login
    client.post(link("AT"), data={"response": "comment", "text": "Fine otherwise."})
    client.post(link("FR"), data={"response": "objection", "text": "Too early."})
    add_reviewer(workspace, "Ana Reviewer")
    client.get("/login")
    login = {"csrf": client.cookies["verbale_login"], "name": "Ana Reviewer"}
    client.post("/login", data=login | {"password": PASSWORD})
    view = client.get(f"/batches/{BATCH}/circulation")
    assert view.status_code == 200
    assert 'id="standing">objected<' in view.text
    assert "<td>objection</td><td>Too early.</td>" in view.text
    assert "Comment from AT" in view.text and "Fine otherwise." in view.text
    assert 'id="circulation"' in client.get(f"/batches/{BATCH}").text
