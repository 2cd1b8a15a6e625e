"""Circulation of a draft statement to the Coordination Committee, through the command line."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from samplebatch import PASSWORD, add_reviewer, make_batch
from test_cli_review import Result, verbale

from verbale.batches import circulation
from verbale.batches.ledger import Action, ReviewState
from verbale.batches.review import load_batch, verify_approved
from verbale.errors import ReviewError
from verbale.settings import Settings
from verbale.workspace import Workspace

BATCH = "20160303-100000-statement-cafe"
MEMBERS = 17  # recipients/committee.csv: 16 States and the ISU


@pytest.fixture
def workspace(monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """A statement batch, a reviewer account, and the silence procedure in force."""
    monkeypatch.setenv("VERBALE_SILENCE_PROCEDURE", "true")
    workspace = Settings().workspace
    make_batch(workspace, BATCH)
    add_reviewer(workspace, "Ana")
    return workspace


def as_ana(*args: str) -> Result:
    """A command as the reviewer Ana, her password on standard input."""
    return verbale(*args, "--by", "Ana", "--password-stdin", stdin=PASSWORD + "\n")


def later(monkeypatch: pytest.MonkeyPatch, hours: float) -> None:
    """Move the clock that deadlines are compared with."""
    moment = datetime.now().astimezone() + timedelta(hours=hours)
    monkeypatch.setattr(circulation, "current_time", lambda: moment)


def outbox(workspace: Workspace) -> list[Path]:
    """The circulation e-mails written to the outbox."""
    return sorted(workspace.outbox(circulation.delivery_key(BATCH)).glob("*.eml"))


def start(deadline: str = "") -> Result:
    """Circulate the sample batch."""
    extra = ("--deadline", deadline) if deadline else ()
    return as_ana("circulation", "start", BATCH, *extra)


def test_start_mails_every_member_once_with_the_statement_and_a_link(workspace: Workspace) -> None:
    """Starting a circulation e-mails each member once, statement attached in each language."""
    result = start()
    assert result.returncode == 0, result.stderr
    assert f"to {MEMBERS} member(s)" in result.stdout
    files = outbox(workspace)
    assert len(files) == MEMBERS
    message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    names = sorted(str(p.get_filename()) for p in message.iter_attachments())
    assert "condemnation-statement-en.docx" in names and "condemnation-statement-fr.pdf" in names
    body = message.get_body(("plain",))
    assert body is not None and f"/circulation/{BATCH}/1/" in body.get_content()
    again = as_ana("circulation", "revise", BATCH, "--note", "x")
    assert again.returncode == 0  # version 2: each member once more, never twice per version
    assert len(outbox(workspace)) == 2 * MEMBERS


def test_default_deadline_is_the_silence_hours_setting(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --deadline, the silence lasts VERBALE_SILENCE_HOURS."""
    monkeypatch.setenv("VERBALE_SILENCE_HOURS", "5")
    start()
    current = circulation.read_circulation(workspace.ledger, BATCH).current
    assert current is not None
    left = current.deadline - datetime.now().astimezone()
    assert timedelta(hours=4, minutes=59) < left <= timedelta(hours=5)


@pytest.mark.slow
def test_silence_until_the_deadline_is_consent_then_the_president_approves(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Approval is refused while the silence runs, and allowed once the deadline passed."""
    start()
    ok = as_ana("circulation", "respond", BATCH, "--member", "at", "--no-objection")
    assert ok.returncode == 0 and "recorded for AT on version 1: no objection" in ok.stdout
    early = as_ana("review", "approve", BATCH)
    assert early.returncode == 1
    assert "under the silence procedure until" in early.stderr
    assert early.stderr.count("\n") == 1
    later(monkeypatch, 73)
    status = verbale("circulation", "status", BATCH)
    assert f"{BATCH}: consented" in status.stdout
    assert "AT (coordinator, international cooperation and assistance): no objection" in (
        status.stdout
    )
    approved = as_ana("review", "approve", BATCH)
    assert approved.returncode == 0, approved.stderr
    log = verbale("review", "log", BATCH).stdout
    for step in ("circulated by Ana", "no objection by Ana for AT", "silence kept", "approved"):
        assert step in log
    assert log.count("delivery done: circulation-v1 to") == MEMBERS


def test_objection_blocks_approval_and_sending(workspace: Workspace) -> None:
    """An objection breaks the silence: the batch can be neither approved nor sent."""
    start()
    result = as_ana("circulation", "respond", BATCH, "--member", "FR", "--objection", "Wait.")
    assert "silence is broken" in result.stdout
    assert "the objection was e-mailed to the President" in result.stdout
    folder = workspace.outbox(circulation.delivery_key(BATCH))
    notice = folder / "objection-v1-FR--president@geneva.nl.example.org.eml"
    assert "Reason: Wait." in notice.read_text(encoding="utf-8")
    refused = as_ana("review", "approve", BATCH)
    assert refused.returncode == 1
    assert "met an objection (FR); the President revises or withdraws it" in refused.stderr
    assert workspace.ledger.batch(BATCH).state is ReviewState.AWAITING  # type: ignore[union-attr]
    with pytest.raises(ReviewError, match="not approved"):
        verify_approved(load_batch(workspace, BATCH), workspace.ledger)
    late = as_ana("circulation", "respond", BATCH, "--member", "AT", "--no-objection")
    assert late.returncode == 1 and "met an objection" in late.stderr


@pytest.mark.slow
def test_revised_draft_is_version_two_with_responses_reset(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A revision circulates version 2 with a new deadline and no responses carried over."""
    start()
    as_ana("circulation", "respond", BATCH, "--member", "FR", "--objection", "Too strong.")
    as_ana("circulation", "respond", BATCH, "--member", "AT", "--no-objection")
    deadline = (datetime.now().astimezone() + timedelta(hours=24)).isoformat(timespec="seconds")
    revised = as_ana("circulation", "revise", BATCH, "--note", "softer", "--deadline", deadline)
    assert revised.returncode == 0, revised.stderr
    found = circulation.read_circulation(workspace.ledger, BATCH)
    assert [r.version for r in found.rounds] == [1, 2]
    assert found.current is not None and found.current.answers == ()
    assert found.current.deadline.isoformat() == deadline
    assert "AT (" in verbale("circulation", "status", BATCH).stdout
    assert ": silent" in verbale("circulation", "status", BATCH).stdout
    later(monkeypatch, 25)
    assert as_ana("review", "approve", BATCH).returncode == 0


def test_a_statement_edited_after_consent_must_be_circulated_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Approval covers only the text the Committee consented to."""
    start()
    later(monkeypatch, 80)
    statement = workspace.batch_folder(BATCH) / "condemnation-statement-en.pdf"
    statement.write_bytes(statement.read_bytes() + b"\n")
    refused = as_ana("review", "approve", BATCH)
    assert "the statement changed since version 1 was circulated" in refused.stderr


def test_withdrawal_is_final(workspace: Workspace) -> None:
    """A withdrawn draft is rejected for good; no response or approval follows."""
    start()
    withdrawn = as_ana("circulation", "withdraw", BATCH, "--note", "no consensus")
    assert withdrawn.returncode == 0 and "will never be sent" in withdrawn.stdout
    assert workspace.ledger.batch(BATCH).state is ReviewState.REJECTED  # type: ignore[union-attr]
    response = as_ana("circulation", "respond", BATCH, "--member", "AT", "--no-objection")
    assert response.stderr == f"error: {BATCH}: withdrawn; no more responses\n"
    assert as_ana("review", "approve", BATCH).returncode == 1
    actions = [e.action for e in workspace.ledger.events(BATCH)]
    assert Action.WITHDRAWN in actions and Action.REJECTED in actions


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--member", "BR", "--no-objection"),
            "'BR' is not a member of the Coordination Committee",
        ),
        (("--member", "FR", "--objection", " "), "FR: an objection needs its reason"),
        (("--member", "FR"), "give one of --no-objection"),
        (("--member", "FR", "--no-objection", "--comment", "x"), "give one of --no-objection"),
    ],
)
def test_bad_responses_are_one_line(
    workspace: Workspace, args: tuple[str, ...], message: str
) -> None:
    """An unknown member or a response that is not exactly one of the three is refused."""
    start()
    result = as_ana("circulation", "respond", BATCH, *args)
    assert result.returncode == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert circulation.read_circulation(workspace.ledger, BATCH).current.answers == ()  # type: ignore[union-attr]


def test_objection_without_reason_and_response_after_deadline_are_refused(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An objection needs its reason; the deadline closes the circulation to responses."""
    start()
    committee = circulation.read_circulation(workspace.ledger, BATCH)
    assert committee.current is not None
    from verbale.sending.circulation import committee_of

    members = committee_of(Settings())
    with pytest.raises(ReviewError, match="an objection needs its reason"):
        circulation.respond(
            workspace.ledger, BATCH, members, "FR", circulation.Response.OBJECTION, "", "Ana",
            datetime.now().astimezone(),
        )  # fmt: skip
    later(monkeypatch, 100)
    result = as_ana("circulation", "respond", BATCH, "--member", "FR", "--objection", "late")
    assert result.returncode == 1
    assert "passed" in result.stderr and "silence counted as consent" in result.stderr


def test_past_deadline_and_bad_deadline_are_refused(workspace: Workspace) -> None:
    """A circulation cannot start with a deadline already passed, or one that is no date."""
    assert "is not in the future" in start("2016-03-01T12:00").stderr
    assert "is not a date and time" in start("next week").stderr
    assert outbox(workspace) == []
    assert circulation.read_circulation(workspace.ledger, BATCH).current is None


def test_only_statements_are_circulated(workspace: Workspace) -> None:
    """A reminders batch is not circulated, and approving it needs no circulation."""
    make_batch(workspace, "20160303-100000-reminders-beef", flow="reminders")
    result = as_ana("circulation", "start", "20160303-100000-reminders-beef")
    assert "only statements are circulated" in result.stderr
    assert as_ana("review", "approve", "20160303-100000-reminders-beef").returncode == 0


@pytest.mark.slow
def test_prefect_form_door_refuses_approval_before_consent(workspace: Workspace) -> None:
    """The Prefect UI's resume form records nothing until the Committee consented."""
    from flows.review import ReviewInput, record_decision
    from verbale.batches.decision import Decision

    start()
    form = ReviewInput(decision=Decision.APPROVE, reviewer="Ana", note="", exclude=[])
    with pytest.raises(ReviewError, match="under the silence procedure"):
        record_decision(Settings(), BATCH, form)
    assert workspace.ledger.batch(BATCH).state is ReviewState.AWAITING  # type: ignore[union-attr]


@pytest.mark.slow
def test_circulation_commands_do_not_import_prefect(workspace: Workspace) -> None:
    """Starting, answering and reading a circulation run no flow and import no Prefect."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from verbale.cli import main\n"
        "sys.argv = ['verbale', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    print('prefect' in sys.modules)\n"
    )
    for args in (
        ("circulation", "start", BATCH, "--by", "Ana", "--password-stdin"),
        ("circulation", "respond", BATCH, "--member", "AT", "--no-objection", "--by", "Ana",
         "--password-stdin"),
        ("circulation", "status", BATCH),
    ):  # fmt: skip
        result = subprocess.run(
            [sys.executable, "-c", code, *args],
            input=PASSWORD + "\n",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[-1] == "False", args
