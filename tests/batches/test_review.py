"""Review: approve, reject and verify a batch against the ledger; the states people see."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from samplebatch import reviewer_token

from verbale.batches.ledger import DeliveryStatus, Ledger, ReviewState
from verbale.batches.manifest import (
    DocumentEntry,
    Manifest,
    PdfReport,
    Rendition,
    sha256_of,
    summarise,
    write_manifest,
)
from verbale.batches.review import (
    Batch,
    BatchStatus,
    approve,
    approved_batch,
    in_doubt,
    load_batch,
    reject,
    status_of,
    verify_approved,
)
from verbale.batches.shared import SHARED_VOLUME
from verbale.errors import NotSharedError, ReviewError, SendBusyError
from verbale.sending.dispatch import (
    Outcome,
    confirm_sent,
    deliver_one,
    refuse_sent_elsewhere,
    send_lease,
)
from verbale.sending.transports import Outbox
from verbale.settings import Settings

VERBALE = str(Path(sys.executable).with_name("verbale"))
MAIL_FROM = "isu@ccm-isu.example.org"
DOCS = {
    "ZM-mission-contribution-thanks": (
        ["chancery@geneva.zm.example.org"],
        ["ccm.desk@mfa.zm.example.org"],
    ),
    "FR-mission-contribution-thanks": (["mission.geneva@geneva.fr.example.org"], []),
}


def work_dir() -> Path:
    """The work directory of the test."""
    return Path(os.environ["VERBALE_WORK_DIR"])


def make_batch(batch_id: str, with_pdf: bool = True) -> Batch:
    """A batch as a flow leaves it: a DOCX (and PDF) per document, a manifest, awaiting review."""
    ledger = Settings().workspace.ledger  # opened first: batches without a ledger are refused
    folder = work_dir() / "drafts" / batch_id
    folder.mkdir(parents=True)
    documents = []
    for doc_id, (to, cc) in DOCS.items():
        document = Document()
        document.add_paragraph(f"Letter {doc_id}")
        document.save(str(folder / f"{doc_id}.docx"))
        renditions: tuple[Rendition, ...] = ()
        if with_pdf:
            pdf = folder / f"{doc_id}.pdf"
            pdf.write_bytes(f"%PDF-1.7 {doc_id}".encode())
            renditions = (Rendition(format="pdf", path=pdf.name, sha256=sha256_of(pdf)),)
        documents.append(
            DocumentEntry(
                id=doc_id,
                path=f"{doc_id}.docx",
                kind="contribution-thanks",
                lang="en",
                fallback=False,
                state=doc_id[:2],
                channel="mission",
                to=tuple(to),
                cc=tuple(cc),
                subject="Thanks",
                body="Please find attached a letter of thanks.",
                sha256=sha256_of(folder / f"{doc_id}.docx"),
                renditions=renditions,
            )
        )
    summary = summarise(documents, [], "converted" if with_pdf else "disabled")
    manifest = Manifest(
        batch=batch_id,
        flow="circular",
        created="2016-03-03T10:00:00",
        parameters={},
        inputs={},
        documents=tuple(documents),
        skipped=(),
        pdf=PdfReport(status=summary.pdf),
        summary=summary,
    )
    write_manifest(folder, manifest)
    ledger.register(batch_id, "circular")
    return load_batch(Settings().workspace, batch_id)


def reload(batch: Batch) -> Batch:
    """The batch as the ledger knows it now."""
    return load_batch(Settings().workspace, batch.record.batch_id)


def deliver(batch: Batch, doc_ids: Sequence[str]) -> None:
    """Deliver some documents to the outbox, as the send flow would."""
    ledger = Settings().workspace.ledger
    outbox = Outbox(work_dir() / "outbox" / batch.record.batch_id)
    for doc in batch.documents:
        if doc.id in doc_ids:
            for address in doc.recipients():
                deliver_one(batch, doc, address, ledger, outbox, MAIL_FROM, [], Outcome())


def verbale(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command line (review commands run no flow: no Prefect)."""
    return subprocess.run(
        [VERBALE, *args], capture_output=True, text=True, timeout=120, check=False
    )


def state(ledger: Ledger, batch_id: str) -> ReviewState:
    """A batch's review state in the ledger."""
    record = ledger.batch(batch_id)
    assert record is not None
    return record.state


# --- approve ----------------------------------------------------------------------------------


def test_approval_records_who_when_note_and_every_hash(ledger: Ledger) -> None:
    """Approval records the reviewer, the time, the note and the hash of each DOCX and PDF."""
    batch = make_batch("b-approve")
    count = approve(batch, ledger, "Ana Reviewer", "checked the amounts", [])
    assert count == 4
    assert state(ledger, "b-approve") is ReviewState.APPROVED
    event = ledger.events("b-approve")[-1]
    assert (event.action, event.actor, event.note) == (
        "approved",
        "Ana Reviewer",
        "checked the amounts",
    )
    assert abs(datetime.fromisoformat(event.at) - datetime.now().astimezone()) < timedelta(
        minutes=1
    )
    assert ledger.approved_files("b-approve") == {
        path: sha256_of(batch.folder / path) for _, path in batch.files()
    }
    assert len(ledger.approved_files("b-approve")) == 4


def test_review_log_shows_who_approved(monkeypatch: pytest.MonkeyPatch) -> None:
    """`verbale review approve` then `review log` shows "approved by NAME: note"."""
    make_batch("b-log")
    token = reviewer_token(Settings().workspace, "Ana Reviewer")
    monkeypatch.setenv("VERBALE_REVIEW_TOKEN", token)
    approved = verbale("review", "approve", "b-log", "--by", "Ana Reviewer", "--note", "fine")
    assert approved.returncode == 0, approved.stderr
    assert "approved b-log by Ana Reviewer: 4 file(s) recorded" in approved.stdout
    log = verbale("review", "log", "b-log")
    assert log.returncode == 0, log.stderr
    assert " approved by Ana Reviewer: fine" in log.stdout
    assert " created" in log.stdout.splitlines()[0]


def test_approval_needs_a_name(ledger: Ledger) -> None:
    """No approval without the reviewer's name; nothing recorded."""
    batch = make_batch("b-noname")
    with pytest.raises(ReviewError, match="--by: the reviewer's name is required"):
        approve(batch, ledger, "  ", "", [])
    assert state(ledger, "b-noname") is ReviewState.AWAITING


@pytest.mark.parametrize(("by", "note"), [("Ana\nEvil", ""), ("Ana", "ok\x1b[2J")])
def test_control_characters_in_name_or_note_are_refused(ledger: Ledger, by: str, note: str) -> None:
    """A name with a line break, or a note with an escape sequence, is refused."""
    batch = make_batch("b-control")
    with pytest.raises(ReviewError, match="control characters are not allowed"):
        approve(batch, ledger, by, note, [])
    assert ledger.approved_files("b-control") == {}


def test_excluded_documents_are_recorded(ledger: Ledger) -> None:
    """`--exclude DOC` is kept with the approval; an unknown document id is refused."""
    batch = make_batch("b-exclude")
    with pytest.raises(ReviewError, match="no such document: XX-nothing"):
        approve(batch, ledger, "Ana", "", ["XX-nothing"])
    approve(batch, ledger, "Ana", "", ["FR-mission-contribution-thanks"])
    assert ledger.excluded("b-exclude") == {"FR-mission-contribution-thanks"}


def test_approval_with_a_missing_file_is_refused(ledger: Ledger) -> None:
    """A batch whose PDF went missing cannot be approved; the file is named."""
    batch = make_batch("b-missing")
    missing = batch.folder / "FR-mission-contribution-thanks.pdf"
    missing.unlink()
    with pytest.raises(ReviewError, match=f"{missing}: file missing"):
        approve(batch, ledger, "Ana", "", [])
    assert state(ledger, "b-missing") is ReviewState.AWAITING


# --- reject -----------------------------------------------------------------------------------


def test_rejection_needs_a_reason(ledger: Ledger) -> None:
    """A rejection without a note is refused."""
    batch = make_batch("b-reason")
    with pytest.raises(ReviewError, match="say why the batch is rejected"):
        reject(batch, ledger, "Bo", " ")
    assert state(ledger, "b-reason") is ReviewState.AWAITING


def test_rejection_is_final(ledger: Ledger) -> None:
    """After a rejection no approval, no second rejection, no sending."""
    batch = make_batch("b-final")
    reject(batch, ledger, "Bo", "wrong amounts")
    rejected = reload(batch)
    with pytest.raises(ReviewError, match="rejected; a rejection is final"):
        approve(rejected, ledger, "Ana", "", [])
    with pytest.raises(ReviewError, match="already rejected"):
        reject(rejected, ledger, "Bo", "again")
    with pytest.raises(ReviewError, match="rejected; it can never be sent"):
        verify_approved(rejected, ledger)
    assert ledger.approved_files("b-final") == {}
    assert [e.action for e in ledger.events("b-final")] == ["created", "rejected"]


def test_approved_then_rejected_batch_cannot_be_sent(ledger: Ledger) -> None:
    """A reviewer may reject an approved batch before sending; it is then never sent."""
    batch = make_batch("b-turn")
    approve(batch, ledger, "Ana", "", [])
    reject(reload(batch), ledger, "Bo", "second look: wrong State")
    with pytest.raises(ReviewError, match="rejected; it can never be sent"):
        verify_approved(reload(batch), ledger)


def test_batch_with_deliveries_cannot_be_rejected(ledger: Ledger) -> None:
    """Once a message left, the batch cannot be rejected any more."""
    batch = make_batch("b-gone")
    approve(batch, ledger, "Ana", "", [])
    deliver(reload(batch), ["FR-mission-contribution-thanks"])
    with pytest.raises(ReviewError, match="deliveries were made; it cannot be rejected"):
        reject(reload(batch), ledger, "Bo", "too late")
    assert state(ledger, "b-gone") is ReviewState.APPROVED


# --- verify -----------------------------------------------------------------------------------


def test_unapproved_batch_fails_verification(ledger: Ledger) -> None:
    """A batch awaiting review is not sendable."""
    batch = make_batch("b-wait")
    with pytest.raises(ReviewError, match=r"not approved \(`verbale review approve b-wait`\)"):
        verify_approved(batch, ledger)


def test_unchanged_approved_batch_passes_verification(ledger: Ledger) -> None:
    """An approved batch whose files are as approved is sendable."""
    batch = make_batch("b-ok")
    approve(batch, ledger, "Ana", "", [])
    verify_approved(reload(batch), ledger)  # no exception
    assert status_of(reload(batch), ledger) is BatchStatus.APPROVED


@pytest.mark.parametrize(
    "name", ["ZM-mission-contribution-thanks.docx", "ZM-mission-contribution-thanks.pdf"]
)
def test_file_changed_after_approval_fails_verification_by_name(ledger: Ledger, name: str) -> None:
    """A DOCX or PDF changed after approval makes the batch unsendable; the file is named."""
    batch = make_batch("b-changed")
    approve(batch, ledger, "Ana", "", [])
    changed = batch.folder / name
    changed.write_bytes(changed.read_bytes() + b"\0")
    with pytest.raises(ReviewError) as raised:
        verify_approved(reload(batch), ledger)
    assert str(raised.value) == (
        f"b-changed: changed since approval, nothing sent until re-approved: {changed}"
    )


def test_file_deleted_after_approval_fails_verification(ledger: Ledger) -> None:
    """A file removed after approval is named; nothing can be sent."""
    batch = make_batch("b-deleted")
    approve(batch, ledger, "Ana", "", [])
    gone = batch.folder / "FR-mission-contribution-thanks.docx"
    gone.unlink()
    with pytest.raises(NotSharedError) as raised:
        verify_approved(reload(batch), ledger)
    assert str(raised.value) == (
        f"batch b-deleted: approved files missing on this machine, nothing sent: {gone} "
        f"(deleted, or {SHARED_VOLUME})"
    )


def test_file_added_to_the_manifest_after_approval_fails_verification(
    ledger: Ledger,
) -> None:
    """A rendition added to the manifest after approval was never approved: refused."""
    batch = make_batch("b-added", with_pdf=False)
    approve(batch, ledger, "Ana", "", [])
    manifest_path = batch.folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    pdf = batch.folder / "ZM-mission-contribution-thanks.pdf"
    pdf.write_bytes(b"%PDF-1.7 late")
    rendition = {"format": "pdf", "path": pdf.name, "sha256": sha256_of(pdf)}
    manifest["documents"][0]["renditions"] = [rendition]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ReviewError, match=f"re-approved: {pdf}$"):
        verify_approved(reload(batch), ledger)


def test_reapproval_after_an_edit_makes_the_batch_sendable(ledger: Ledger) -> None:
    """Approving again records the edited file's hash; the batch verifies again."""
    batch = make_batch("b-again", with_pdf=False)
    approve(batch, ledger, "Ana", "", [])
    edited = batch.folder / "ZM-mission-contribution-thanks.docx"
    document = Document(str(edited))
    document.add_paragraph("Corrigendum.")
    document.save(str(edited))
    with pytest.raises(ReviewError):
        verify_approved(reload(batch), ledger)
    approve(reload(batch), ledger, "Ana", "after the corrigendum", [])
    verify_approved(reload(batch), ledger)
    assert ledger.approved_files("b-again")[edited.name] == sha256_of(edited)


# --- deliveries in doubt ------------------------------------------------------------------------


def test_only_started_deliveries_are_in_doubt(ledger: Ledger) -> None:
    """A delivery left STARTED (crash) is in doubt; done and failed ones are not."""
    ledger.register("b-doubt", "circular")
    for address, status in [
        ("a@x.example", DeliveryStatus.STARTED),
        ("b@x.example", DeliveryStatus.DONE),
        ("c@x.example", DeliveryStatus.FAILED),
    ]:
        ledger.mark("b-doubt", "DOC", address, status, "<id@x.example>")
    assert [d.address for d in in_doubt(ledger.deliveries("b-doubt"))] == ["a@x.example"]


def test_only_a_delivery_in_doubt_can_be_confirmed(ledger: Ledger) -> None:
    """confirm_sent refuses a delivery that is done or unknown; a doubt becomes done."""
    batch = make_batch("b-confirm")
    approve(batch, ledger, "Ana", "", [])
    deliver(reload(batch), ["FR-mission-contribution-thanks"])
    done = ("FR-mission-contribution-thanks", "mission.geneva@geneva.fr.example.org")
    with pytest.raises(ReviewError, match="is not in doubt"):
        confirm_sent(reload(batch), ledger, *done, "Ana")
    doubt = ("ZM-mission-contribution-thanks", "chancery@geneva.zm.example.org")
    with pytest.raises(ReviewError, match="is not in doubt"):
        confirm_sent(reload(batch), ledger, *doubt, "Ana")
    ledger.mark("b-confirm", *doubt, DeliveryStatus.STARTED, "<x@ccm-isu.example.org>")
    confirm_sent(reload(batch), ledger, *doubt, "Ana")
    assert ledger.deliveries("b-confirm")[doubt].status is DeliveryStatus.DONE
    assert ledger.events("b-confirm")[-1].actor == "Ana"


def test_confirming_a_delivery_needs_a_name(ledger: Ledger) -> None:
    """Like approval, confirming that a delivery in doubt arrived needs the person's name."""
    batch = make_batch("b-confirm-name")
    approve(batch, ledger, "Ana", "", [])
    doubt = ("ZM-mission-contribution-thanks", "chancery@geneva.zm.example.org")
    ledger.mark("b-confirm-name", *doubt, DeliveryStatus.STARTED, "<x@ccm-isu.example.org>")
    with pytest.raises(ReviewError, match="--by"):
        confirm_sent(reload(batch), ledger, *doubt, "")
    assert ledger.deliveries("b-confirm-name")[doubt].status is DeliveryStatus.STARTED


# --- what people see --------------------------------------------------------------------------


def test_review_list_shows_each_state(ledger: Ledger) -> None:
    """`review list` shows awaiting review, approved, rejected, sent and partly sent."""
    make_batch("b-1-awaiting")
    approve(make_batch("b-2-approved"), ledger, "Ana", "", [])
    reject(make_batch("b-3-rejected"), ledger, "Bo", "wrong figures")
    sent = make_batch("b-4-sent")
    approve(sent, ledger, "Ana", "", [])
    deliver(reload(sent), list(DOCS))
    partly = make_batch("b-5-partly")
    approve(partly, ledger, "Ana", "", [])
    deliver(reload(partly), ["FR-mission-contribution-thanks"])
    excluded = make_batch("b-6-excluded")
    approve(excluded, ledger, "Ana", "", ["ZM-mission-contribution-thanks"])
    deliver(reload(excluded), ["FR-mission-contribution-thanks"])

    result = verbale("review", "list")

    assert result.returncode == 0, result.stderr
    states = {}
    for line in result.stdout.splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if cells[0].startswith("b-"):
            states[cells[0]] = (cells[3], cells[6])
    assert states == {
        "b-1-awaiting": ("awaiting review", "0"),
        "b-2-approved": ("approved", "0"),
        "b-3-rejected": ("rejected", "0"),
        "b-4-sent": ("sent", "3"),
        "b-5-partly": ("partly sent", "1"),
        "b-6-excluded": ("sent", "1"),
    }


# --- the send plan locked by approval -----------------------------------------------------------

FRANCE = "FR-mission-contribution-thanks"
ZAMBIA = "ZM-mission-contribution-thanks"


def edit_manifest(batch: Batch, change: Callable[[dict[str, Any]], None]) -> None:
    """Edit manifest.json as a person with a text editor would."""
    path = batch.folder / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def doc_of(data: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """A document entry of a manifest's JSON."""
    found: dict[str, Any] = next(d for d in data["documents"] if d["id"] == doc_id)
    return found


def _add_cc(data: dict[str, Any]) -> None:
    doc_of(data, FRANCE)["cc"].append("intruder@example.org")


def _replace_to(data: dict[str, Any]) -> None:
    doc_of(data, FRANCE)["to"] = ["intruder@example.org"]


def _subject(data: dict[str, Any]) -> None:
    doc_of(data, FRANCE)["subject"] = "Another subject"


def _body(data: dict[str, Any]) -> None:
    doc_of(data, FRANCE)["body"] = "Another body"


def _encloses(data: dict[str, Any]) -> None:
    doc_of(data, FRANCE)["encloses"] = [ZAMBIA]


def _new_entry(data: dict[str, Any]) -> None:
    entry = dict(doc_of(data, FRANCE), id="XX-mission-contribution-thanks", encloses=[ZAMBIA])
    entry["to"] = ["intruder@example.org"]
    data["documents"].append(entry)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (_add_cc, f"{FRANCE}: cc differs from the approved cc"),
        (_replace_to, f"{FRANCE}: to differs from the approved to"),
        (_subject, f"{FRANCE}: subject differs from the approved subject"),
        (_body, f"{FRANCE}: body differs from the approved body"),
        (_encloses, f"{FRANCE}: encloses differs from the approved encloses"),
        (_new_entry, "XX-mission-contribution-thanks: not in the approved plan"),
    ],
)
def test_manifest_changed_after_approval_is_refused_naming_document_and_field(
    ledger: Ledger, change: Callable[[dict[str, Any]], None], named: str
) -> None:
    """Approval locks addresses, subject, body, enclosures and entries, not only the files."""
    batch = make_batch("b-plan")
    approve(batch, ledger, "Ana", "", [])
    edit_manifest(batch, change)
    with pytest.raises(ReviewError, match="manifest changed since approval") as raised:
        verify_approved(reload(batch), ledger)
    assert named in str(raised.value)


def test_renamed_excluded_document_is_refused(ledger: Ledger) -> None:
    """Renaming an excluded document's id does not slip it past the exclusion."""
    batch = make_batch("b-rename")
    approve(batch, ledger, "Ana", "", [FRANCE])
    edit_manifest(batch, lambda data: doc_of(data, FRANCE).update(id="FR-renamed"))
    with pytest.raises(ReviewError) as raised:
        verify_approved(reload(batch), ledger)
    assert "FR-renamed: not in the approved plan" in str(raised.value)
    assert f"{FRANCE}: approved, missing from the manifest" in str(raised.value)


def test_send_uses_the_documents_the_ledger_holds(ledger: Ledger) -> None:
    """The approved batch carries the ledger's entries, equal to the manifest's when unchanged."""
    batch = make_batch("b-held")
    approve(batch, ledger, "Ana", "", [])
    verify_approved(reload(batch), ledger)
    held = approved_batch(reload(batch), ledger)
    assert held.documents == batch.documents
    assert set(ledger.approved_plan("b-held")) == set(DOCS)


def test_pdf_older_than_its_edited_docx_is_refused_at_approval(ledger: Ledger) -> None:
    """A .docx edited after drafting leaves its PDF stale: approval names the PDF."""
    batch = make_batch("b-stale")
    edited = batch.folder / f"{FRANCE}.docx"
    time.sleep(0.01)
    document = Document(str(edited))
    document.add_paragraph("Corrigendum.")
    document.save(str(edited))
    with pytest.raises(ReviewError, match=f"older than its edited .docx.*{FRANCE}.pdf"):
        approve(batch, ledger, "Ana", "", [])
    assert state(ledger, "b-stale") is ReviewState.AWAITING
    (batch.folder / f"{FRANCE}.pdf").write_bytes(b"%PDF-1.7 exported again")
    approve(reload(batch), ledger, "Ana", "", [])


def test_reapproval_keeps_exclusions_unless_included_again(ledger: Ledger) -> None:
    """An approval after an edit keeps the earlier exclusions; --include takes one back."""
    batch = make_batch("b-keep", with_pdf=False)
    approve(batch, ledger, "Ana", "", [FRANCE])
    approve(reload(batch), ledger, "Bo", "after an edit", [])
    assert ledger.excluded("b-keep") == {FRANCE}
    approve(reload(batch), ledger, "Bo", "", [], include=[FRANCE])
    assert ledger.excluded("b-keep") == set()


def test_review_log_and_show_name_the_exclusions(monkeypatch: pytest.MonkeyPatch) -> None:
    """`review log` and `review show` both say which documents are excluded from sending."""
    make_batch("b-shown")
    monkeypatch.setenv("VERBALE_REVIEW_TOKEN", reviewer_token(Settings().workspace, "Ana"))
    approved = verbale("review", "approve", "b-shown", "--by", "Ana", "--exclude", FRANCE)
    assert approved.returncode == 0, approved.stderr
    for command in ("log", "show"):
        result = verbale("review", command, "b-shown")
        assert result.returncode == 0, result.stderr
        assert f"excluded from sending: {FRANCE}" in result.stdout


def test_review_log_keeps_every_attempt_with_the_reply(ledger: Ledger) -> None:
    """A 451 then a 250 for one address: both attempts in `review log`, with each reply."""
    batch = make_batch("b-attempts", with_pdf=False)
    approve(batch, ledger, "Ana", "", [])
    address = DOCS[FRANCE][0][0]
    mid = "<m@ccm-isu.example.org>"
    ledger.claim("b-attempts", FRANCE, address, mid)
    ledger.mark("b-attempts", FRANCE, address, DeliveryStatus.FAILED, mid, "451 4.3.0 later")
    ledger.claim("b-attempts", FRANCE, address, mid)
    ledger.mark("b-attempts", FRANCE, address, DeliveryStatus.DONE, mid, "250 2.0.0 queued")
    log = verbale("review", "log", "b-attempts").stdout
    assert f"delivery failed: {FRANCE} to {address} {mid} (451 4.3.0 later)" in log
    assert f"delivery done: {FRANCE} to {address} {mid} (250 2.0.0 queued)" in log


# --- the ledger under faults ---------------------------------------------------------------------


def test_emptied_ledger_is_never_silently_started_afresh() -> None:
    """A 0-byte ledger while batches sit in drafts/: one error line, exit 1, nothing re-created."""
    make_batch("b-emptied")
    (work_dir() / "ledger.sqlite").write_bytes(b"")
    for name in ("ledger.sqlite-wal", "ledger.sqlite-shm"):
        (work_dir() / name).unlink(missing_ok=True)
    result = verbale("review", "list")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and "ledger is missing or empty" in line
    assert (work_dir() / "ledger.sqlite").stat().st_size == 0


def test_corrupt_ledger_is_one_error_line() -> None:
    """A truncated ledger gives one `error:` line and exit 1, no traceback."""
    make_batch("b-corrupt")
    path = work_dir() / "ledger.sqlite"
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sqlite3; sqlite3.connect({str(path)!r}).execute("
            "'PRAGMA wal_checkpoint(TRUNCATE)')",
        ],
        check=True,
    )
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    result = verbale("review", "list")
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {path}: ")
    assert "Traceback" not in result.stderr


def test_broken_manifest_is_marked_and_the_other_batches_listed(ledger: Ledger) -> None:
    """An invalid manifest.json: `review list` marks that batch broken, lists the others, exit 1."""
    make_batch("b-good")
    broken = make_batch("b-broken")
    (broken.folder / "manifest.json").write_text("{not json", encoding="utf-8")
    result = verbale("review", "list")
    assert result.returncode == 1
    assert "b-good" in result.stdout and "awaiting review" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "b-broken" in line)
    assert "broken" in row
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and "manifest.json" in line


def test_review_list_shows_deliveries_in_doubt(ledger: Ledger) -> None:
    """A delivery left in doubt makes the batch "in doubt" in `review list`, with the count."""
    batch = make_batch("b-doubt")
    approve(batch, ledger, "Ana", "", [])
    address = DOCS[FRANCE][0][0]
    ledger.mark("b-doubt", FRANCE, address, DeliveryStatus.IN_DOUBT, "<m@x>", "no reply")
    result = verbale("review", "list")
    row = next(line for line in result.stdout.splitlines() if "b-doubt" in line)
    cells = [c.strip() for c in row.strip("│┃ ").split("│")]
    assert cells[3] == "in doubt" and cells[7] == "1"


def test_a_second_send_lease_is_refused_naming_the_holder(ledger: Ledger) -> None:
    """While a live run holds a batch's lease, another cannot take it; a dead run's is freed."""
    make_batch("b-lease")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    holder = f"{socket.gethostname()} pid {other.pid}"
    try:
        assert ledger.take_lease("b-lease", holder, 600) is None
        with (
            pytest.raises(SendBusyError, match=f"being sent by {holder}"),
            send_lease(ledger, "b-lease", 600),
        ):
            pass
    finally:
        other.kill()
        other.wait()
    with send_lease(ledger, "b-lease", 600):  # the holder died: its lease is taken over
        lease = ledger.lease("b-lease")
        assert lease is not None and lease.holder == f"{socket.gethostname()} pid {os.getpid()}"
    assert ledger.lease("b-lease") is None


def test_a_letter_already_sent_from_another_batch_is_refused(ledger: Ledger) -> None:
    """Two batches holding the same letter: once one sent it, the other may not."""
    first, second = make_batch("b-first"), make_batch("b-second")
    for batch in (first, second):
        ledger.record_identities(batch.record.batch_id, {FRANCE: "same-letter"})
        approve(batch, ledger, "Ana", "", [])
    refuse_sent_elsewhere(reload(second), ledger, second.documents)  # nothing sent yet
    deliver(reload(first), [FRANCE])
    with pytest.raises(
        ReviewError, match=f"already sent from another batch.*{FRANCE} \\(sent from b-first\\)"
    ):
        refuse_sent_elsewhere(reload(second), ledger, second.documents)
