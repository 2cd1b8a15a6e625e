"""Sending approved batches: each (document, address) delivered once, through a real SMTP server."""

from __future__ import annotations

import base64
import contextlib
import email
import email.policy
import hashlib
import itertools
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from conftest import REPOSITORY, docx_text, manifest_json, plain
from docx import Document
from mailserver import DROP, LATE, ScriptedHandler, free_port, smtp_server
from samplebatch import reviewer_token

from verbale.batches.ledger import DeliveryStatus
from verbale.batches.manifest import SendReport, sha256_of
from verbale.batches.review import BatchStatus, approve, in_doubt, load_batch, status_of
from verbale.errors import ReviewError
from verbale.sending.dispatch import confirm_sent
from verbale.sending.transports import message_id
from verbale.workspace import Workspace

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]

VERBALE = str(Path(sys.executable).with_name("verbale"))
MAIL_FROM = "isu@ccm-isu.example.org"
DECISION = REPOSITORY / "data" / "decisions" / "contribution-thanks-2016.yaml"
FRANCE = "FR-mission-contribution-thanks"
FRANCE_TO = [
    "mission.geneva@geneva.fr.example.org",
    "ccm.desk@mfa.fr.example.org",
    "arms.control@mfa.fr.example.org",
]


# --- batches -------------------------------------------------------------------------------


def work_dir() -> Path:
    """The work directory the tests' environment points verbale at."""
    return Path(os.environ["VERBALE_WORK_DIR"])


def small_batch() -> Path:
    """Three thank-you letters (ZM, FR in French, CK): seven deliveries, To and Cc."""
    from flows.circular import circular

    return Path(
        circular(
            kind="contribution-thanks",
            decision=str(DECISION),
            states=["ZM", "FR", "CK"],
            as_of=date(2016, 3, 3),
        )
    )


def reminders_batch() -> Path:
    """About 35 reminders in English, French and Spanish, each with To and Cc."""
    from flows.reminders import reminders

    return Path(reminders(as_of=date(2016, 3, 3)))


def approve_batch(folder: Path, exclude: Sequence[str] = ()) -> None:
    """Approve a batch in process, as a reviewer would."""
    ledger = Workspace(work_dir()).ledger
    approve(load_batch(Workspace(work_dir()), folder.name), ledger, "Ana Reviewer", "", exclude)


def documents(folder: Path) -> dict[str, dict[str, Any]]:
    """The manifest's documents by id."""
    return {d["id"]: d for d in manifest_json(folder)["documents"]}


def expected_pairs(folder: Path, excluded: Sequence[str] = ()) -> set[tuple[str, str]]:
    """Every (document, address) of a batch: To and Cc of each document."""
    return {
        (doc_id, address)
        for doc_id, doc in documents(folder).items()
        if doc_id not in excluded
        for address in dict.fromkeys([*doc["to"], *doc["cc"]])
    }


def lines(pairs: set[tuple[str, str]]) -> list[str]:
    """Pairs as the send summary writes them."""
    return sorted(f"{doc} to {address}" for doc, address in pairs)


def send(folder: Path, resend_in_doubt: bool = False) -> SendReport:
    """Run the send flow in process."""
    from flows.send import send as send_flow

    return send_flow(batch=folder.name, resend_in_doubt=resend_in_doubt)


def attachments(message: EmailMessage) -> dict[str, bytes]:
    """The attachments of a message: bytes by file name."""
    found = {}
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        found[str(part.get_filename())] = payload
    return found


def files_of(doc: Mapping[str, Any]) -> set[str]:
    """The files a document is attached as: the DOCX and its renditions (PDF)."""
    return {doc["path"], *(r["path"] for r in doc.get("renditions", []))}


def spaces(text: str) -> str:
    """Text with each run of ordinary spaces made one (no-break spaces left alone)."""
    return re.sub(" +", " ", str(text))


def sha256(data: bytes) -> str:
    """SHA-256 of bytes, hex."""
    return hashlib.sha256(data).hexdigest()


def body(message: EmailMessage) -> str:
    """The plain-text body of a message."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n").rstrip("\n")  # SMTP: CRLF


# --- SMTP server and command line ------------------------------------------------------------


@pytest.fixture
def handler() -> ScriptedHandler:
    """The scripted handler of the test's SMTP server."""
    return ScriptedHandler()


@pytest.fixture
def port(handler: ScriptedHandler) -> Iterator[int]:
    """A real SMTP server on 127.0.0.1 running the handler."""
    with smtp_server(handler) as number:
        yield number


def smtp_env(port: int) -> dict[str, str]:
    """The settings that send through the test server, quickly retried."""
    return {
        "VERBALE_TRANSPORT": "smtp",
        "VERBALE_SMTP_HOST": "127.0.0.1",
        "VERBALE_SMTP_PORT": str(port),
        "VERBALE_SMTP_SECURITY": "none",
        "VERBALE_SMTP_TIMEOUT": "10",
        "VERBALE_SEND_RETRY_DELAY": "0",
    }


@pytest.fixture
def smtp(handler: ScriptedHandler, port: int, monkeypatch: pytest.MonkeyPatch) -> ScriptedHandler:
    """In-process sends go through the test server."""
    for name, value in smtp_env(port).items():
        monkeypatch.setenv(name, value)
    return handler


def cli_env(
    tmp_path: Path, extra: Mapping[str, str] | None = None, own_server: bool = False
) -> dict[str, str]:
    """The environment of a `verbale` subprocess: its own Prefect home, no analytics.

    With own_server, Prefect starts its temporary API for the run as it does for a user;
    otherwise the run uses the session's test API (the same code path, seconds faster).
    """
    from prefect.settings import PREFECT_API_URL

    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        **(extra or {}),
    }
    env.pop("PREFECT_API_URL", None)
    if not own_server:
        env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())
    return env


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the process and everything it started (Prefect's temporary server)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def verbale(
    tmp_path: Path, *args: str, env: Mapping[str, str] | None = None, own_server: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the real `verbale` command in its own process group; clean up the whole group."""
    process = subprocess.Popen(
        [VERBALE, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(tmp_path, env, own_server),
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=180)
    finally:
        kill_group(process)
    return subprocess.CompletedProcess(
        process.args, process.returncode, stdout.decode(), stderr.decode()
    )


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The `error:` lines a command printed."""
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


# --- delivery --------------------------------------------------------------------------------


def test_approved_batch_reaches_every_address_once_with_the_approved_file(
    smtp: ScriptedHandler,
) -> None:
    """Every To and Cc of every document gets one message: approved file, its language's text."""
    folder = reminders_batch()
    approve_batch(folder)
    docs = documents(folder)
    expected = expected_pairs(folder)
    assert len(docs) >= 20 and all(doc["to"] and doc["cc"] for doc in docs.values())

    summary = send(folder)

    assert smtp.per_delivery() == Counter(dict.fromkeys(expected, 1))
    assert summary.model_dump() == {
        "sent": lines(expected),
        "already_sent": 0,
        "failed": [],
        "in_doubt": [],
    }
    ledger = Workspace(work_dir()).ledger
    approved = ledger.approved_files(folder.name)
    deliveries = ledger.deliveries(folder.name)
    for received in smtp.accepted():
        message = received.message
        doc = docs[received.document]
        (address,) = received.rcpt_tos
        assert received.mail_from == MAIL_FROM
        assert [a.addr_spec for a in message["To"].addresses] == doc["to"]
        assert [a.addr_spec for a in message["Cc"].addresses] == doc["cc"]
        # Exact equality is test_delivery's round-trip test (Python's header folding may
        # double a space); here: the same words, no-break spaces kept.
        assert spaces(message["Subject"]) == spaces(doc["subject"])
        assert body(message) == doc["body"]
        attached = attachments(message)
        assert set(attached) == files_of(doc)
        assert sha256(attached[doc["path"]]) == approved[doc["path"]] == doc["sha256"]
        for name, data in attached.items():
            assert sha256(data) == approved[name]
        record = deliveries[(doc["id"], address)]
        assert record.status is DeliveryStatus.DONE
        assert message["Message-ID"] == record.message_id
        assert record.message_id == message_id(folder.name, doc["id"], address, MAIL_FROM)

    # The language: French and Spanish documents carry their template's subject and body.
    kind = yaml.safe_load((REPOSITORY / "templates/reporting-reminder/kind.yaml").read_text())
    by_doc = {r.document: r.message for r in smtp.accepted()}
    for doc_id, lang, opening in [
        ("GN-mission-reporting-reminder", "fr", "Veuillez trouver ci-joint la note"),
        ("PY-mission-reporting-reminder", "es", "Adjunto se remite la nota verbal"),
    ]:
        assert docs[doc_id]["lang"] == lang
        subject = jinja2.Template(kind["subject"][lang]).render(
            reminder={"level": "first", "reports": [{"kind": "initial"}]}
        )
        assert spaces(plain(str(by_doc[doc_id]["Subject"]))) == plain(subject)
        assert body(by_doc[doc_id]).startswith(opening)


def test_french_letter_goes_out_with_the_french_subject(smtp: ScriptedHandler) -> None:
    """France's thank-you letter has the French subject of the kind, to its three addresses."""
    folder = small_batch()
    approve_batch(folder)
    send(folder)
    kind = yaml.safe_load((REPOSITORY / "templates/contribution-thanks/kind.yaml").read_text())
    french = jinja2.Template(kind["subject"]["fr"]).render(contribution={"year": 2016})
    to_france = [r for r in smtp.accepted() if r.document == FRANCE]
    assert sorted(r.rcpt_tos[0] for r in to_france) == sorted(FRANCE_TO)
    for received in to_france:
        assert received.message["Subject"] == french
        assert body(received.message).startswith("Veuillez trouver ci-joint une lettre")


def test_sending_again_delivers_nothing_new(smtp: ScriptedHandler) -> None:
    """A second send of a sent batch sends no message and counts the earlier deliveries."""
    folder = small_batch()
    approve_batch(folder)
    first = send(folder)
    count = len(smtp.received)
    assert len(first.sent) == count == 7

    again = send(folder)

    assert len(smtp.received) == count
    assert again == SendReport(sent=[], already_sent=7, failed=[], in_doubt=[])


def test_killed_sender_leaves_the_delivery_in_flight_in_doubt_never_resent(
    smtp: ScriptedHandler, tmp_path: Path
) -> None:
    """A sender killed mid-transaction: the in-flight delivery is in doubt, never sent twice."""
    folder = small_batch()
    approve_batch(folder)
    expected = expected_pairs(folder)
    sent_before_kill = 3
    smtp.block_at = sent_before_kill + 1
    out = (tmp_path / "send.out").open("wb")
    process = subprocess.Popen(
        [VERBALE, "send", folder.name],
        stdout=out,
        stderr=subprocess.STDOUT,
        env=cli_env(tmp_path, own_server=True),
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not smtp.arrived.wait(0.1):
            assert process.poll() is None, (tmp_path / "send.out").read_text()
            assert time.monotonic() < deadline, "the sender never reached the blocked message"
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        kill_group(process)
        out.close()
        smtp.release.set()
    assert process.returncode == -signal.SIGKILL
    in_flight = smtp.accepted()[-1]
    doubt = (in_flight.document, in_flight.rcpt_tos[0])
    assert len(smtp.accepted()) == sent_before_kill + 1
    deliveries = Workspace(work_dir()).ledger.deliveries(folder.name)
    assert deliveries[doubt].status is DeliveryStatus.STARTED

    summary = send(folder)

    assert summary.in_doubt == lines({doubt})
    before_kill = {(r.document, r.rcpt_tos[0]) for r in smtp.accepted()[: sent_before_kill + 1]}
    assert summary.sent == lines(expected - before_kill)
    assert summary.already_sent == sent_before_kill
    assert smtp.per_delivery() == Counter(dict.fromkeys(expected, 1))

    typed = verbale(
        tmp_path,
        "send",
        folder.name,
        "--confirm-sent",
        *doubt,
        "--by",
        "Nobody",
        "--password-stdin",
    )
    assert typed.returncode == 1  # a typed name is not a person with an account
    assert error_lines(typed) == ["error: unknown reviewer or wrong password"]
    ana = {"VERBALE_REVIEW_TOKEN": reviewer_token(Workspace(work_dir()), "Ana")}
    confirmed = verbale(tmp_path, "send", folder.name, "--confirm-sent", *doubt, env=ana)
    assert confirmed.returncode == 0, confirmed.stderr
    assert f"recorded as delivered: {doubt[0]} to {doubt[1]}" in confirmed.stdout

    last = send(folder)
    assert last.model_dump() == {
        "sent": [],
        "already_sent": len(expected),
        "failed": [],
        "in_doubt": [],
    }
    assert smtp.per_delivery() == Counter(dict.fromkeys(expected, 1))
    record = Workspace(work_dir()).ledger.deliveries(folder.name)[doubt]
    assert (record.status, record.reply) == (DeliveryStatus.DONE, "confirmed by a person")


def test_delivery_in_doubt_is_sent_again_only_when_asked(smtp: ScriptedHandler) -> None:
    """A delivery left started by a crash is reported, not sent; --resend-in-doubt sends it."""
    folder = small_batch()
    approve_batch(folder)
    doubt = (FRANCE, FRANCE_TO[2])
    ledger = Workspace(work_dir()).ledger
    ledger.mark(folder.name, *doubt, DeliveryStatus.STARTED, "<crash@ccm-isu.example.org>")

    first = send(folder)
    assert first.in_doubt == lines({doubt})
    assert doubt not in smtp.per_delivery()
    assert first.sent == lines(expected_pairs(folder) - {doubt})

    second = send(folder, resend_in_doubt=True)
    assert second.in_doubt == [] and second.sent == lines({doubt})
    assert smtp.per_delivery() == Counter(dict.fromkeys(expected_pairs(folder), 1))
    assert ledger.deliveries(folder.name)[doubt].status is DeliveryStatus.DONE


def test_temporary_refusal_is_retried_and_delivered_once(smtp: ScriptedHandler) -> None:
    """451 twice then 250: one message delivered, recorded done; the others not sent again."""
    folder = small_batch()
    approve_batch(folder)
    address = FRANCE_TO[1]  # mid-document: the retry must skip the addresses already done
    smtp.script_data(address, ["451 4.3.0 try later", "451 4.3.0 try later"])

    summary = send(folder)

    attempts = [r.reply for r in smtp.received if r.rcpt_tos == (address,)]
    assert attempts == ["451 4.3.0 try later", "451 4.3.0 try later", "250 OK"]
    assert smtp.per_delivery() == Counter(dict.fromkeys(expected_pairs(folder), 1))
    assert summary.failed == [] and f"{FRANCE} to {address}" in summary.sent
    record = Workspace(work_dir()).ledger.deliveries(folder.name)[(FRANCE, address)]
    assert record.status is DeliveryStatus.DONE


def test_temporary_refusals_past_the_last_retry_are_recorded_as_failed(
    smtp: ScriptedHandler, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An address answering 451 on every retry is recorded failed; the others delivered once."""
    monkeypatch.setenv("VERBALE_SEND_RETRIES", "1")
    folder = small_batch()
    approve_batch(folder)
    address = FRANCE_TO[0]
    smtp.script_rcpt(address, itertools.repeat("451 4.3.0 try later"))

    summary = send(folder)

    assert smtp.rcpt_attempts.count(address) == 2  # the attempt and one retry
    assert len(summary.failed) == 1
    assert summary.failed[0].startswith(f"{FRANCE} to {address}: retries exhausted")
    assert "451" in summary.failed[0]
    expected = expected_pairs(folder) - {(FRANCE, address)}
    assert smtp.per_delivery() == Counter(dict.fromkeys(expected, 1))
    record = Workspace(work_dir()).ledger.deliveries(folder.name)[(FRANCE, address)]
    assert record.status is DeliveryStatus.FAILED


def test_address_refused_for_good_fails_with_the_reply_and_exit_1(
    handler: ScriptedHandler, port: int, tmp_path: Path
) -> None:
    """550 for one address: failed with the server's reply, exit 1; every other one delivered."""
    folder = small_batch()
    approve_batch(folder)
    refused = "ccm.desk@mfa.zm.example.org"
    handler.script_rcpt(refused, itertools.repeat("550 5.1.1 no such user"))

    result = verbale(tmp_path, "send", folder.name, "--json", env=smtp_env(port))

    assert result.returncode == 1, result.stderr
    printed = json.loads(result.stdout)
    doc = "ZM-mission-contribution-thanks"
    assert printed["failed"] == [f"{doc} to {refused}: {refused}: 550 5.1.1 no such user"]
    expected = expected_pairs(folder) - {(doc, refused)}
    assert printed["sent"] == lines(expected)
    assert handler.per_delivery() == Counter(dict.fromkeys(expected, 1))
    record = Workspace(work_dir()).ledger.deliveries(folder.name)[(doc, refused)]
    assert record.status is DeliveryStatus.FAILED and "550 5.1.1 no such user" in record.reply


def test_second_send_of_a_batch_being_sent_is_refused_naming_the_holder(
    handler: ScriptedHandler, port: int, tmp_path: Path
) -> None:
    """While one `verbale send` holds the batch, a second one exits 1 naming the holder."""
    folder = small_batch()
    approve_batch(folder)
    handler.hold = (FRANCE_TO[0], "nobody@example.org")  # the first sender waits at France
    handler.hold_seconds = 60
    slow = smtp_env(port) | {"VERBALE_SMTP_TIMEOUT": "90"}
    env = cli_env(tmp_path, slow | {"PREFECT_HOME": str(tmp_path / "first")})
    first = subprocess.Popen(
        [VERBALE, "send", folder.name],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not handler.held.wait(0.1):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline
        second = verbale(tmp_path, "send", folder.name, "--resend-in-doubt", env=smtp_env(port))
        handler.opened.set()  # let the first sender go on
        first_out = first.communicate(timeout=180)
    finally:
        kill_group(first)
    assert second.returncode == 1
    (line,) = error_lines(second)
    assert line.startswith(f"error: {folder.name}: being sent by ")
    assert f"pid {first.pid}" in line
    assert first.returncode == 0, first_out
    assert handler.per_delivery() == Counter(dict.fromkeys(expected_pairs(folder), 1))


# --- refusals --------------------------------------------------------------------------------


def assert_refused(
    tmp_path: Path, handler: ScriptedHandler, port: int, folder: Path, error: str
) -> None:
    """Refused in process (outbox) and by `verbale send` (SMTP): the error, nothing sent."""
    with pytest.raises(ReviewError) as raised:
        send(folder)
    assert str(raised.value) == error
    result = verbale(tmp_path, "send", folder.name, env=smtp_env(port))
    assert result.returncode == 1
    assert error_lines(result) == [f"error: {error}"]
    assert "Traceback" not in result.stderr
    assert handler.received == [] and handler.rcpt_attempts == []
    assert not (work_dir() / "outbox").exists()
    assert Workspace(work_dir()).ledger.deliveries(folder.name) == {}


def test_unapproved_batch_is_refused(handler: ScriptedHandler, port: int, tmp_path: Path) -> None:
    """A batch awaiting review is not sent: a clear error, exit 1, no message."""
    folder = small_batch()
    error = f"{folder.name}: not approved (`verbale review approve {folder.name}`)"
    assert_refused(tmp_path, handler, port, folder, error)


def test_rejected_batch_is_refused(handler: ScriptedHandler, port: int, tmp_path: Path) -> None:
    """A rejected batch is never sent, even after an attempt to approve it."""
    folder = small_batch()
    bo = {"VERBALE_REVIEW_TOKEN": reviewer_token(Workspace(work_dir()), "Bo")}
    rejected = verbale(
        tmp_path, "review", "reject", folder.name, "--by", "Bo", "--note", "typo", env=bo
    )
    assert rejected.returncode == 0, rejected.stderr
    approved = verbale(tmp_path, "review", "approve", folder.name, "--by", "Bo", env=bo)
    assert approved.returncode == 1
    assert error_lines(approved) == [f"error: {folder.name}: rejected; a rejection is final"]
    assert_refused(
        tmp_path, handler, port, folder, f"{folder.name}: rejected; it can never be sent"
    )


def test_file_edited_after_approval_is_refused_and_named(
    handler: ScriptedHandler, port: int, tmp_path: Path
) -> None:
    """A file changed after approval stops the whole batch; the message names the file."""
    folder = small_batch()
    approve_batch(folder)
    edited = folder / f"{FRANCE}.docx"
    document = Document(str(edited))
    document.add_paragraph("Post-scriptum ajouté après l'approbation.")
    document.save(str(edited))
    error = f"{folder.name}: changed since approval, nothing sent until re-approved: {edited}"
    assert_refused(tmp_path, handler, port, folder, error)


def test_file_edited_before_approval_is_sent_as_edited(
    smtp: ScriptedHandler, tmp_path: Path
) -> None:
    """A reviewer's edit made before approving is what goes out."""
    folder = small_batch()
    edited = folder / f"{FRANCE}.docx"
    document = Document(str(edited))
    document.add_paragraph("Corrigendum du réviseur.")
    document.save(str(edited))
    with pytest.raises(ReviewError, match=f"older than its edited .docx.*{FRANCE}.pdf"):
        approve_batch(folder)  # the PDF still has the text before the edit
    pdf = folder / f"{FRANCE}.pdf"
    pdf.write_bytes(pdf.read_bytes())  # stands for the reviewer exporting the PDF again
    approve_batch(folder)
    assert sha256_of(edited) != documents(folder)[FRANCE]["sha256"]

    send(folder)

    to_france = [r for r in smtp.accepted() if r.document == FRANCE]
    assert len(to_france) == len(FRANCE_TO)
    for received in to_france:
        assert sha256(attachments(received.message)[edited.name]) == sha256_of(edited)
    copy = tmp_path / "received.docx"
    copy.write_bytes(attachments(to_france[0].message)[edited.name])
    assert "Corrigendum du réviseur." in docx_text(copy)


def test_excluded_document_is_never_sent(tmp_path: Path) -> None:
    """A document excluded at approval gets no message; the batch still counts as sent."""
    folder = small_batch()
    ana = {"VERBALE_REVIEW_TOKEN": reviewer_token(Workspace(work_dir()), "Ana")}
    approved = verbale(
        tmp_path, "review", "approve", folder.name, "--by", "Ana", "--exclude", FRANCE, env=ana
    )
    assert approved.returncode == 0, approved.stderr

    summary = send(folder)
    send(folder)

    expected = expected_pairs(folder, excluded=[FRANCE])
    assert summary.sent == lines(expected)
    outbox = work_dir() / "outbox" / folder.name
    assert not any(path.name.startswith(FRANCE) for path in outbox.iterdir())
    assert len(list(outbox.iterdir())) == len(expected)
    ledger = Workspace(work_dir()).ledger
    assert not any(doc == FRANCE for doc, _ in ledger.deliveries(folder.name))
    assert status_of(load_batch(Workspace(work_dir()), folder.name), ledger) is BatchStatus.SENT


# --- outbox ----------------------------------------------------------------------------------


def test_outbox_writes_one_parseable_eml_per_delivery() -> None:
    """The default transport writes one .eml per (document, address), attachment intact."""
    assert "VERBALE_TRANSPORT" not in os.environ
    folder = small_batch()
    approve_batch(folder)

    summary = send(folder)

    expected = expected_pairs(folder)
    assert summary.sent == lines(expected)
    outbox = work_dir() / "outbox" / folder.name
    assert sorted(p.name for p in outbox.iterdir()) == sorted(
        f"{doc}--{address}.eml" for doc, address in expected
    )
    approved = Workspace(work_dir()).ledger.approved_files(folder.name)
    docs = documents(folder)
    for path in outbox.iterdir():
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        doc = docs[str(message["X-Verbale-Document"])]
        assert path.name.startswith(f"{doc['id']}--")
        assert message["Subject"] == doc["subject"]
        assert [a.addr_spec for a in message["To"].addresses] == doc["to"]
        attached = attachments(message)
        assert set(attached) == files_of(doc)
        for name, data in attached.items():
            assert sha256(data) == approved[name]


# --- secrets ---------------------------------------------------------------------------------


def test_smtp_password_never_appears_in_output_files_or_logs(tmp_path: Path) -> None:
    """A refused login: the password is in no output, no file of the run, no Prefect log."""
    folder = small_batch()
    approve_batch(folder)
    secret = "Sesame-" + os.urandom(8).hex()
    user = "isu-sender"
    handler = ScriptedHandler()
    prefect_home = tmp_path / "prefect-home"
    with smtp_server(handler, auth_require_tls=False, authenticator=handler.refuse_login) as number:
        result = verbale(
            tmp_path,
            "send",
            folder.name,
            env=smtp_env(number)
            | {
                "VERBALE_SMTP_USER": user,
                "VERBALE_SMTP_PASSWORD": secret,
                "PREFECT_LOGGING_LEVEL": "DEBUG",
            },
            own_server=True,
        )

    assert result.returncode == 1
    (line,) = error_lines(result)  # the run stops at the refused login: one line
    assert "login refused for isu-sender: 535" in line
    assert handler.logins == [(user.encode(), secret.encode())]  # one login, really used
    assert handler.received == []
    assert Workspace(work_dir()).ledger.deliveries(folder.name) == {}
    forms = [
        secret.encode(),
        base64.b64encode(secret.encode()),
        base64.b64encode(f"\0{user}\0{secret}".encode()),
    ]
    for form in forms:
        assert form.decode() not in result.stdout + result.stderr
    scanned = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert work_dir() / "ledger.sqlite" in scanned and prefect_home / "prefect.db" in scanned
    for path in scanned:
        content = path.read_bytes()
        assert not any(form in content for form in forms), path
    with sqlite3.connect(prefect_home / "prefect.db") as db:
        logs = [row[0] for row in db.execute("SELECT message FROM log")]
        states = [row[0] or "" for row in db.execute("SELECT message FROM task_run_state")]
    assert not any(secret in text for text in logs + states)


def test_smtp_password_is_not_in_the_prefect_logs_of_the_run(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Run in process with Prefect logging on: the password is in none of the run's logs."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    from flows.send import send as send_flow

    folder = small_batch()
    approve_batch(folder)
    secret = "Sesame-" + os.urandom(8).hex()
    handler = ScriptedHandler()
    with smtp_server(handler, auth_require_tls=False, authenticator=handler.refuse_login) as port:
        for name, value in smtp_env(port).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("VERBALE_SMTP_USER", "isu-sender")
        monkeypatch.setenv("VERBALE_SMTP_PASSWORD", secret)
        state = send_flow(batch=folder.name, return_state=True)

    assert state.is_failed()
    assert handler.logins == [(b"isu-sender", secret.encode())]
    run_filter = LogFilter(flow_run_id=LogFilterFlowRunId(any_=[state.state_details.flow_run_id]))
    messages: list[str] = []
    with get_client(sync_client=True) as client:
        for _ in range(100):  # logs reach the API in the background
            messages = [log.message for log in client.read_logs(log_filter=run_filter)]
            if any("login refused" in message for message in messages):
                break
            time.sleep(0.1)
    assert any("login refused for isu-sender: 535" in message for message in messages)
    console = capfd.readouterr()
    for text in [*messages, console.out, console.err]:
        assert secret not in text
    ledger_files = (work_dir() / "ledger.sqlite").parent.glob("ledger.sqlite*")
    assert not any(secret.encode() in path.read_bytes() for path in ledger_files)


# --- faults of the issue "exactly what was approved, exactly once" ---------------------------


@pytest.fixture
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches without PDF conversion: these tests are about sending, not renditions."""
    monkeypatch.setenv("VERBALE_PDF", "false")


@pytest.mark.usefixtures("no_pdf")
@pytest.mark.parametrize("fault", [DROP, LATE])
def test_reply_lost_after_the_end_of_data_is_in_doubt_and_never_retried(
    handler: ScriptedHandler, port: int, tmp_path: Path, fault: str
) -> None:
    """Dropped or late after the final dot: the server has it once; in doubt, exit 1."""
    folder = small_batch()
    approve_batch(folder)
    address = FRANCE_TO[1]
    handler.script_data(address, [fault])
    handler.late_seconds = 3
    env = smtp_env(port) | {"VERBALE_SMTP_TIMEOUT": "1"}

    result = verbale(tmp_path, "send", folder.name, "--json", env=env)

    assert result.returncode == 1, result.stderr
    printed = json.loads(result.stdout)
    assert printed["in_doubt"] == [f"{FRANCE} to {address}"] and printed["failed"] == []
    assert printed["sent"] == lines(expected_pairs(folder) - {(FRANCE, address)})
    assert handler.per_delivery() == Counter(dict.fromkeys(expected_pairs(folder), 1))
    assert [r.rcpt_tos for r in handler.received].count((address,)) == 1  # never retried
    record = Workspace(work_dir()).ledger.deliveries(folder.name)[(FRANCE, address)]
    assert record.status is DeliveryStatus.IN_DOUBT and "after the end of data" in record.reply

    again = verbale(tmp_path, "send", folder.name, "--json", env=env)
    assert again.returncode == 1  # still in doubt until a person decides
    assert json.loads(again.stdout)["in_doubt"] == [f"{FRANCE} to {address}"]
    assert len(handler.received) == len(expected_pairs(folder))


@pytest.mark.usefixtures("no_pdf")
def test_drop_before_the_end_of_data_is_retried_and_delivered_once(
    smtp: ScriptedHandler,
) -> None:
    """A connection lost at DATA, before the dot, is retried: delivered once, nothing in doubt."""
    folder = small_batch()
    approve_batch(folder)
    smtp.drop_at_data[FRANCE_TO[0]] = 1

    summary = send(folder)

    assert summary.in_doubt == [] and summary.failed == []
    assert smtp.per_delivery() == Counter(dict.fromkeys(expected_pairs(folder), 1))
    assert smtp.connections == 2  # one reconnection, not one per document


@pytest.mark.usefixtures("no_pdf")
def test_unreachable_server_stops_the_run_at_once_with_one_line(tmp_path: Path) -> None:
    """Nothing listening: the connection is retried, then one error line, exit 1, no delivery."""
    folder = small_batch()
    approve_batch(folder)
    env = smtp_env(free_port()) | {"VERBALE_SEND_RETRIES": "2", "VERBALE_SEND_RETRY_DELAY": "0.2"}

    started = time.monotonic()
    result = verbale(tmp_path, "send", folder.name, env=env)

    assert result.returncode == 1
    (line,) = error_lines(result)
    assert "SMTP server unreachable after 3 attempt(s)" in line
    assert "Traceback" not in result.stderr
    assert Workspace(work_dir()).ledger.deliveries(folder.name) == {}
    assert time.monotonic() - started < 60


@pytest.mark.usefixtures("no_pdf")
def test_line_separator_in_an_approved_subject_fails_that_delivery_and_exits_1(
    handler: ScriptedHandler, port: int, tmp_path: Path
) -> None:
    """U+2028 in a subject: France's deliveries fail with the reason, never left in doubt."""
    folder = small_batch()
    path = folder / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for doc in data["documents"]:
        if doc["id"] == FRANCE:
            doc["subject"] += "\u2028Bcc: intruder@example.org"
    path.write_text(json.dumps(data), encoding="utf-8")
    approve_batch(folder)

    result = verbale(tmp_path, "send", folder.name, "--json", env=smtp_env(port))

    assert result.returncode == 1, result.stderr
    printed = json.loads(result.stdout)
    assert len(printed["failed"]) == 3 and all("line break" in f for f in printed["failed"])
    assert printed["in_doubt"] == []
    deliveries = Workspace(work_dir()).ledger.deliveries(folder.name)
    statuses = {d.status for (doc, _), d in deliveries.items() if doc == FRANCE}
    assert statuses == {DeliveryStatus.FAILED}
    assert all(r.document != FRANCE for r in handler.received)


@pytest.mark.usefixtures("no_pdf")
def test_outbox_that_cannot_be_written_fails_every_delivery_and_exits_1(tmp_path: Path) -> None:
    """A file where the outbox folder should be: each delivery failed with the reason, exit 1."""
    folder = small_batch()
    approve_batch(folder)
    (work_dir() / "outbox").write_text("in the way")

    result = verbale(tmp_path, "send", folder.name, "--json")

    assert result.returncode == 1, result.stderr
    printed = json.loads(result.stdout)
    assert len(printed["failed"]) == len(expected_pairs(folder)) and printed["in_doubt"] == []
    assert all("outbox" in line for line in printed["failed"])
    deliveries = Workspace(work_dir()).ledger.deliveries(folder.name).values()
    assert {d.status for d in deliveries} == {DeliveryStatus.FAILED}


KILLS = int(os.environ.get("SEND_KILLS", "3"))


@pytest.mark.usefixtures("no_pdf")
def test_sends_killed_at_random_points_never_duplicate_or_lose_a_delivery(
    smtp: ScriptedHandler, tmp_path: Path
) -> None:
    """kill -9 at random points of a send, then a person settles the doubts: each address
    gets its message once, none is lost."""
    folder = reminders_batch()
    approve_batch(folder)
    expected = expected_pairs(folder)
    rng = random.Random(int(os.environ.get("SEND_KILLS_SEED", "10")))
    ledger = Workspace(work_dir()).ledger
    doubts: set[tuple[str, str]] = set()
    for _ in range(KILLS):
        # A random point: after some more messages reached the server, plus a few ms.
        target = len(smtp.accepted()) + rng.randint(1, max(1, len(expected) // (KILLS + 1)))
        process = subprocess.Popen(
            [VERBALE, "send", folder.name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=cli_env(tmp_path),
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 180
            while len(smtp.accepted()) < target and process.poll() is None:
                assert time.monotonic() < deadline, "the sender never reached the kill point"
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.05))
        finally:
            kill_group(process)
        time.sleep(0.5)  # what reached the server is recorded there before anyone looks
        # A person checks each delivery in doubt against the server and decides.
        for delivery in in_doubt(ledger.deliveries(folder.name)):
            doubts.add((delivery.doc, delivery.address))
            if smtp.per_delivery()[(delivery.doc, delivery.address)]:
                batch = load_batch(Workspace(work_dir()), folder.name)
                confirm_sent(batch, ledger, delivery.doc, delivery.address, "Ana Reviewer")
    final = send(folder, resend_in_doubt=True)

    duplicates = sum(1 for n in smtp.per_delivery().values() if n > 1)
    losses = len(expected - set(smtp.per_delivery()))
    print(
        f"kills={KILLS} deliveries={len(expected)} in_doubt={len(doubts)} "
        f"duplicates={duplicates} losses={losses}"
    )
    assert duplicates == 0 and losses == 0
    assert final.failed == [] and final.in_doubt == []
