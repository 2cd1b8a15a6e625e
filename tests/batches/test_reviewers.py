"""Reviewer accounts: hashed passwords, authentication, personal tokens; in the ledger,
SQLite or PostgreSQL."""

from __future__ import annotations

import pytest
from samplebatch import PASSWORD, add_reviewer

from verbale.batches.ledger import Ledger
from verbale.errors import AuthenticationError, ReviewError
from verbale.settings import Settings
from verbale.workspace import Workspace


@pytest.fixture
def workspace(ledger: Ledger) -> Workspace:
    """The test's work directory, its ledger in SQLite or in PostgreSQL."""
    return Settings().workspace


def test_password_is_stored_hashed(workspace: Workspace) -> None:
    """The ledger holds an argon2 hash, never the password."""
    add_reviewer(workspace, "Ana Reviewer")
    with workspace.ledger.connection() as db:
        stored = db.execute("SELECT password FROM reviewers").fetchone()[0]
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_right_password_authenticates(workspace: Workspace) -> None:
    """The account's password identifies its reviewer."""
    add_reviewer(workspace, "Ana Reviewer")
    assert workspace.reviewers.authenticate("Ana Reviewer", PASSWORD).name == "Ana Reviewer"


@pytest.mark.parametrize(("name", "password"), [("Ana Reviewer", "wrong!"), ("Bo", PASSWORD)])
def test_wrong_password_or_unknown_name_is_refused(
    workspace: Workspace, name: str, password: str
) -> None:
    """A wrong password and an unknown name get the same refusal."""
    add_reviewer(workspace, "Ana Reviewer")
    with pytest.raises(AuthenticationError, match="unknown reviewer or wrong password"):
        workspace.reviewers.authenticate(name, password)


def test_account_needs_a_new_name_and_a_long_password(workspace: Workspace) -> None:
    """Duplicate names, short passwords and malformed addresses are refused."""
    add_reviewer(workspace, "Ana Reviewer")
    with pytest.raises(ReviewError, match="exists already"):
        add_reviewer(workspace, "Ana Reviewer")
    with pytest.raises(ReviewError, match="at least 10 characters"):
        workspace.reviewers.add("Bo", "bo@isu.example.org", "short")
    with pytest.raises(ReviewError, match="not an e-mail address"):
        workspace.reviewers.add("Bo", "bo", PASSWORD)


def test_token_identifies_its_reviewer_until_replaced(workspace: Workspace) -> None:
    """A personal token stands for its reviewer; a new token voids the old one."""
    add_reviewer(workspace, "Ana Reviewer")
    first = workspace.reviewers.new_token("Ana Reviewer")
    assert workspace.reviewers.by_token(first).name == "Ana Reviewer"
    second = workspace.reviewers.new_token("Ana Reviewer")
    assert workspace.reviewers.by_token(second).name == "Ana Reviewer"
    for token in (first, "", "made-up"):
        with pytest.raises(AuthenticationError):
            workspace.reviewers.by_token(token)
