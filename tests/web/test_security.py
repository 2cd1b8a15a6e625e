"""The review room's guards: login on every page, CSRF on every POST, slow wrong passwords,
the ledger recording the logged-in reviewer only."""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from samplebatch import PASSWORD, ZAMBIA, add_reviewer, make_batch

from verbale.batches.ledger import Action, ReviewState
from verbale.settings import Settings
from verbale.web.app import create_app
from verbale.workspace import Workspace

with warnings.catch_warnings():  # Starlette asks for httpx2, which Prefect does not bring
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

BATCH = "20160303-100000-statement-ab12"


@pytest.fixture
def workspace(monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """A work directory with one batch and two reviewers; failed logins wait 0.3 s."""
    monkeypatch.setenv("VERBALE_LOGIN_DELAY", "0.3")
    workspace = Settings().workspace
    make_batch(workspace, BATCH)
    add_reviewer(workspace, "Ana Reviewer")
    add_reviewer(workspace, "Bo Reviewer")
    return workspace


@pytest.fixture
def client(workspace: Workspace) -> Iterator[TestClient]:
    """A client of the review room (no login yet)."""
    with TestClient(create_app(Settings()), follow_redirects=False) as client:
        yield client


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log in through the form; the session's CSRF token, read from a page."""
    client.get("/login")
    token = client.cookies["verbale_login"]
    answer = client.post("/login", data={"csrf": token, "name": name, "password": password})
    assert answer.status_code == 303, answer.text
    return csrf_of(client.get("/").text)


def csrf_of(page: str) -> str:
    """The CSRF token of a page's forms."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


PAGES = [
    "/",
    f"/batches/{BATCH}",
    f"/batches/{BATCH}/documents/{ZAMBIA}",
    f"/batches/{BATCH}/documents/{ZAMBIA}/pages/1.png",
    f"/batches/{BATCH}/documents/{ZAMBIA}/docx",
]
ACTIONS = [
    f"/batches/{BATCH}/decide",
    f"/batches/{BATCH}/confirm",
    f"/batches/{BATCH}/documents/{ZAMBIA}/docx",
    "/logout",
]


def test_no_page_without_login(client: TestClient) -> None:
    """Every page redirects to the login form when nobody is logged in."""
    for page in PAGES:
        answer = client.get(page)
        assert answer.status_code == 303, page
        assert answer.headers["location"].startswith("/login"), page


def test_no_action_without_login(client: TestClient, workspace: Workspace) -> None:
    """Every POST is refused without a session, and nothing is recorded."""
    for action in ACTIONS:
        answer = client.post(action, data={"decision": "approve", "plan": "x"})
        assert answer.status_code == 401, action
    assert workspace.ledger.batch(BATCH).state is ReviewState.AWAITING  # type: ignore[union-attr]


def test_expired_or_forged_session_is_no_login(client: TestClient) -> None:
    """A made-up session cookie does not log anyone in."""
    client.cookies.set("verbale_session", "made-up")
    assert client.get("/").status_code == 303


def test_post_without_csrf_token_is_refused(client: TestClient, workspace: Workspace) -> None:
    """A logged-in POST without the session's CSRF token (or with another's) is refused."""
    log_in(client, "Ana Reviewer")
    form = {"decision": "approve", "plan": "x"}
    assert client.post(f"/batches/{BATCH}/decide", data=form).status_code == 403
    wrong = form | {"csrf": "not-the-token"}
    assert client.post(f"/batches/{BATCH}/confirm", data=wrong).status_code == 403
    assert workspace.ledger.batch(BATCH).state is ReviewState.AWAITING  # type: ignore[union-attr]


def test_login_form_needs_its_csrf_cookie(client: TestClient) -> None:
    """A login POST without the login form's token is refused (login CSRF)."""
    answer = client.post("/login", data={"name": "Ana Reviewer", "password": PASSWORD})
    assert answer.status_code == 403


def test_wrong_password_is_refused_and_slowed(client: TestClient) -> None:
    """A wrong password (or unknown name) gets the login form again, after the delay."""
    client.get("/login")
    token = client.cookies["verbale_login"]
    for name, password in (("Ana Reviewer", "wrong password!"), ("Nobody", PASSWORD)):
        started = time.monotonic()
        answer = client.post("/login", data={"csrf": token, "name": name, "password": password})
        assert time.monotonic() - started >= 0.3
        assert answer.status_code == 401
        assert "Unknown reviewer or wrong password" in answer.text
        assert "verbale_session" not in client.cookies
    assert client.get("/").status_code == 303


def approve_as(client: TestClient, csrf: str, **extra: str) -> str:
    """Ask for approval (the confirmation page), then confirm it; the final page."""
    form = {"csrf": csrf, "decision": "approve", "note": "checked", **extra}
    page = client.post(f"/batches/{BATCH}/decide", data=form)
    assert page.status_code == 200, page.text
    plan = re.search(r'name="plan" value="([^"]+)"', page.text)
    assert plan is not None
    done = client.post(f"/batches/{BATCH}/confirm", data=form | {"plan": plan.group(1)})
    assert done.status_code == 303, done.text
    return str(client.get(done.headers["location"]).text)


def test_ledger_records_the_logged_in_reviewer_not_a_typed_name(
    client: TestClient, workspace: Workspace
) -> None:
    """A form field naming another reviewer changes nothing: the session decides who."""
    csrf = log_in(client, "Ana Reviewer")
    approve_as(client, csrf, reviewer="Bo Reviewer", by="Bo Reviewer")
    approvals = [e for e in workspace.ledger.events(BATCH) if e.action is Action.APPROVED]
    assert [e.actor for e in approvals] == ["Ana Reviewer"]


def test_one_reviewer_cannot_use_another_ones_session_token(
    client: TestClient, workspace: Workspace, tmp_path: Path
) -> None:
    """Bo's CSRF token does not work in Ana's session."""
    bo = TestClient(client.app, follow_redirects=False)
    bo_csrf = log_in(bo, "Bo Reviewer")
    log_in(client, "Ana Reviewer")
    form = {"csrf": bo_csrf, "decision": "approve", "plan": "x"}
    assert client.post(f"/batches/{BATCH}/confirm", data=form).status_code == 403
    assert workspace.ledger.batch(BATCH).state is ReviewState.AWAITING  # type: ignore[union-attr]


def test_decision_has_no_default(client: TestClient, workspace: Workspace) -> None:
    """Submitting the form without choosing approve or reject records nothing."""
    csrf = log_in(client, "Ana Reviewer")
    answer = client.post(f"/batches/{BATCH}/decide", data={"csrf": csrf, "note": "x"})
    assert answer.status_code == 400
    assert "there is no default" in answer.text
    assert workspace.ledger.batch(BATCH).state is ReviewState.AWAITING  # type: ignore[union-attr]


def test_login_goes_back_to_this_site_only(client: TestClient) -> None:
    """After login, `next` may lead to a page of the room, never to another site."""
    client.get("/login")
    form = {"csrf": client.cookies["verbale_login"], "name": "Ana Reviewer", "password": PASSWORD}
    for target, expected in ((f"/batches/{BATCH}", f"/batches/{BATCH}"), ("//evil.example", "/")):
        answer = client.post("/login", data=form | {"next": target})
        assert answer.headers["location"] == expected


def test_logout_ends_the_session(client: TestClient) -> None:
    """After logging out, the pages need a login again."""
    csrf = log_in(client, "Ana Reviewer")
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    assert client.get("/").status_code == 303


def test_sessions_expire(client: TestClient, workspace: Workspace) -> None:
    """A session past its lifetime is no login."""
    from verbale.web.sessions import Sessions

    sessions = Sessions(workspace.ledger_file, lifetime=-1)
    client.cookies.set("verbale_session", sessions.open("Ana Reviewer"))
    assert client.get("/").status_code == 303
