"""The command-line door of review: reviewer accounts, password or token, JSON, whole ids."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import dataclass

import pytest
from rich.console import Console
from samplebatch import FRANCE, PASSWORD, add_reviewer, make_batch
from typer.testing import CliRunner

from verbale import output
from verbale.batches.ledger import Action, ReviewState
from verbale.cli import app
from verbale.errors import VerbaleError
from verbale.settings import Settings
from verbale.workspace import Workspace

BATCH = "20160303-100000-statement-cafe"


@dataclass(frozen=True)
class Result:
    """What a command printed, its exit code, and the error it ended with."""

    returncode: int
    stdout: str
    stderr: str


def verbale(*args: str, stdin: str = "", **env: str) -> Result:
    """The command line in this process (fast); errors reported as `main` reports them."""
    result = CliRunner().invoke(app, list(args), input=stdin, env=env)
    error = result.exception
    if isinstance(error, VerbaleError):
        return Result(1, result.stdout, f"error: {error}\n")
    assert error is None or isinstance(error, SystemExit), result.output
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def workspace() -> Workspace:
    """A work directory with one batch."""
    workspace = Settings().workspace
    make_batch(workspace, BATCH)
    return workspace


def test_reviewer_add_sets_a_password_and_list_shows_it(workspace: Workspace) -> None:
    """`reviewer add` takes the password (here on stdin) and the account can log in."""
    added = verbale(
        "reviewer", "add", "Ana Reviewer", "--email", "ana@isu.example.org", "--password-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert workspace.reviewers.authenticate("Ana Reviewer", PASSWORD).name == "Ana Reviewer"
    listed = verbale("reviewer", "list")
    assert "Ana Reviewer" in listed.stdout and "ana@isu.example.org" in listed.stdout


def test_approve_with_the_password_records_the_account(workspace: Workspace) -> None:
    """`review approve --by NAME` asks NAME's password and records NAME."""
    add_reviewer(workspace, "Ana Reviewer")
    args = ("review", "approve", BATCH, "--by", "Ana Reviewer", "--exclude", FRANCE)
    approved = verbale(*args, "--password-stdin", stdin=PASSWORD + "\n")
    assert approved.returncode == 0, approved.stderr
    assert f"approved {BATCH} by Ana Reviewer" in approved.stdout
    events = [e for e in workspace.ledger.events(BATCH) if e.action is Action.APPROVED]
    assert [e.actor for e in events] == ["Ana Reviewer"]
    assert workspace.ledger.excluded(BATCH) == {FRANCE}


def test_wrong_password_records_nothing(workspace: Workspace) -> None:
    """A wrong password is one error line, exit 1, and no decision (the real command)."""
    add_reviewer(workspace, "Ana Reviewer")
    args = ("review", "reject", BATCH, "--by", "Ana Reviewer", "--note", "no")
    refused = subprocess.run(
        [sys.executable, "-m", "verbale", *args, "--password-stdin"],
        input="not the password\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 1
    assert refused.stderr.strip() == "error: unknown reviewer or wrong password"
    assert workspace.ledger.batch(BATCH).state is ReviewState.AWAITING  # type: ignore[union-attr]


def test_token_decides_as_its_owner_only(workspace: Workspace) -> None:
    """A token stands for its reviewer; naming someone else with it is refused."""
    add_reviewer(workspace, "Ana Reviewer")
    add_reviewer(workspace, "Bo Reviewer")
    token = workspace.reviewers.new_token("Bo Reviewer")
    as_ana = verbale("review", "approve", BATCH, "--by", "Ana Reviewer", VERBALE_REVIEW_TOKEN=token)
    assert as_ana.returncode == 1
    assert "the token is Bo Reviewer's" in as_ana.stderr
    approved = verbale("review", "approve", BATCH, VERBALE_REVIEW_TOKEN=token)
    assert approved.returncode == 0, approved.stderr
    events = [e for e in workspace.ledger.events(BATCH) if e.action is Action.APPROVED]
    assert [e.actor for e in events] == ["Bo Reviewer"]


def test_no_decision_without_a_reviewer(workspace: Workspace) -> None:
    """Neither --by nor a token: refused, nothing recorded."""
    refused = verbale("review", "approve", BATCH)
    assert refused.returncode == 1
    assert "--by: your reviewer account" in refused.stderr
    assert workspace.ledger.batch(BATCH).state is ReviewState.AWAITING  # type: ignore[union-attr]


def test_review_list_and_show_print_json(workspace: Workspace) -> None:
    """`--json` on list and show gives whole ids, states and documents."""
    listed = json.loads(verbale("review", "list", "--json").stdout)
    assert listed == [
        {"batch": BATCH, "flow": "statement", "created": listed[0]["created"],
         "state": "awaiting review", "documents": 4, "skipped": 1, "delivered": 0,
         "in_doubt": 0}
    ]  # fmt: skip
    shown = json.loads(verbale("review", "show", BATCH, "--json").stdout)
    assert shown["state"] == "awaiting review"
    assert [d["id"] for d in shown["documents"]][-1] == FRANCE
    assert shown["documents"][-1]["file"].endswith(f"{FRANCE}.docx")
    assert shown["skipped"] == [
        {"state": "CK", "reason": "no-contact", "detail": "Cook Islands: no address"}
    ]


def test_narrow_terminal_wraps_ids_never_cuts_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 40 columns a long id is folded over lines, whole, without an ellipsis."""
    shown = io.StringIO()
    monkeypatch.setattr(output, "out", Console(file=shown, width=40, highlight=False))
    long_id = f"{BATCH}-{FRANCE}"
    output.table("document", rows=[(long_id,)])
    assert "…" not in shown.getvalue()
    text = "".join(ch for ch in shown.getvalue() if ch.isalnum() or ch == "-")
    assert long_id.replace(" ", "") in text
