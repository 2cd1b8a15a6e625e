"""The register, the ledger and the e-mails agree on every reference number."""

from __future__ import annotations

import email
import email.policy
import io
import os
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import REPOSITORY, docx_text

from verbale.batches.manifest import read_manifest
from verbale.batches.register import EntryStatus, read_register
from verbale.batches.review import approve, load_batch
from verbale.settings import Settings

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]

STATES = ("CK", "FR", "PY", "ZM")
DECISION = REPOSITORY / "data" / "decisions" / "contribution-thanks-2016.yaml"
EXCLUDED = "CK-capital-contribution-thanks"


@pytest.fixture
def four_states(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory of four States Parties (Cook Islands: a capital only); no PDFs."""
    folder = tmp_path / "recipients"
    folder.mkdir()
    for name in ("states.csv", "contacts.csv", "names.csv"):
        lines = (REPOSITORY / "recipients" / name).read_text(encoding="utf-8").splitlines()
        kept = [lines[0], *(line for line in lines[1:] if line[:2] in STATES)]
        (folder / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    monkeypatch.setenv("VERBALE_RECIPIENTS_DIR", str(folder))
    monkeypatch.setenv("VERBALE_PDF", "false")


def work_dir() -> Path:
    """The work directory of the test."""
    return Path(os.environ["VERBALE_WORK_DIR"])


def approve_and_send(folder: Path, exclude: list[str]) -> None:
    """Approve a batch as a reviewer would, then run the send flow (outbox)."""
    from flows.send import send

    workspace = Settings().workspace
    approve(load_batch(workspace, folder.name), workspace.ledger, "Ana Reviewer", "", exclude)
    send(batch=folder.name)


def messages() -> Iterator[EmailMessage]:
    """Every e-mail the outbox holds."""
    for path in sorted((work_dir() / "outbox").glob("*/*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        yield message


def attached_text(message: EmailMessage, filename: str) -> str:
    """The text of a DOCX attached to a message."""
    part = next(p for p in message.iter_attachments() if p.get_filename() == filename)
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    scratch = work_dir() / "scratch.docx"
    scratch.write_bytes(io.BytesIO(payload).getvalue())
    return docx_text(scratch)


@pytest.mark.usefixtures("four_states")
def test_register_ledger_and_emails_agree_on_every_reference() -> None:
    """A statement and letters, sent: each number is the same in all three places."""
    from flows.circular import circular
    from flows.statement import statement

    issued = Path(statement(incident="2016-02-sy"))
    thanked = Path(
        circular(
            kind="contribution-thanks",
            decision=str(DECISION),
            states=["CK", "FR", "ZM"],
            as_of=date(2016, 3, 3),
        )
    )
    approve_and_send(issued, [])
    approve_and_send(thanked, [EXCLUDED])

    workspace = Settings().workspace
    register = {(e.batch, e.doc): e for e in read_register(workspace)}
    numbered = {(r.use.batch, r.use.doc): r.reference for r in workspace.ledger.references()}
    assert {key: e.reference for key, e in register.items()} == numbered
    for folder in (issued, thanked):
        for doc in read_manifest(folder).documents:
            assert doc.reference == numbered[(folder.name, doc.id)]

    # Every number once, in sequence per sender and year: the statements are the
    # Presidency's, the transmittals and letters the Unit's.
    by_prefix: dict[str, list[str]] = {}
    for entry in register.values():
        by_prefix.setdefault(entry.reference.rsplit("/", 1)[0], []).append(entry.reference)
    for prefix, references in by_prefix.items():
        assert sorted(references) == [f"{prefix}/{n:04d}" for n in range(1, len(references) + 1)]
    assert set(by_prefix) == {"CCM/PRES/2016", "CCM/ISU/2016"}

    mailed: set[tuple[str, str]] = set()
    for message in messages():
        key = (str(message["X-Verbale-Batch"]), str(message["X-Verbale-Document"]))
        entry = register[key]
        assert message["X-Verbale-Reference"] == entry.reference
        assert entry.status is EntryStatus.SENT
        assert entry.reference in attached_text(message, f"{entry.doc}.docx")
        for enclosed in (e for e in register.values() if e.batch == entry.batch and not e.state):
            if f"{enclosed.doc}.docx" in {p.get_filename() for p in message.iter_attachments()}:
                assert enclosed.reference in attached_text(message, f"{enclosed.doc}.docx")
        mailed.add(key)

    for key, entry in register.items():
        if entry.state:  # a letter: sent by e-mail, unless excluded
            assert (key in mailed) == (entry.doc != EXCLUDED)
        else:  # a statement: sent as the transmittals' enclosure
            assert entry.status is EntryStatus.SENT
    assert register[(thanked.name, EXCLUDED)].status is EntryStatus.CANCELLED
