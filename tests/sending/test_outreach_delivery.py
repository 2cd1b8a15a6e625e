"""Press releases and the statement to partners: each address once, on a real SMTP server,
and the web pages published on send, the approved bytes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPOSITORY
from mailserver import DROP, ScriptedHandler, smtp_server
from statementbatch import BATCH, write_statement_batch

from verbale.batches.ledger import Action, DeliveryStatus
from verbale.batches.manifest import read_manifest, sha256_of
from verbale.batches.review import approve, approved_batch, load_batch, verify_approved
from verbale.convention.outreach import load_outreach
from verbale.languages import Language
from verbale.sending.dispatch import Retries, confirm_sent, deliver_batch, sendable
from verbale.sending.publication import publish
from verbale.sending.transports import make_sender
from verbale.settings import Settings

LOST = "news@primer.example.org"  # the Russian outlet: its reply is lost after the dot


@pytest.fixture
def handler() -> ScriptedHandler:
    """The scripted handler of the test's SMTP server."""
    return ScriptedHandler()


@pytest.fixture
def settings(handler: ScriptedHandler, tmp_path: Path) -> Iterator[Settings]:
    """Six languages, sent through a real SMTP server on 127.0.0.1."""
    with smtp_server(handler) as port:
        yield Settings(
            languages=list(Language),
            work_dir=tmp_path / "work",
            transport="smtp",
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_security="none",
            smtp_timeout=5,
            pdf=False,
        )


def send(settings: Settings) -> None:
    """What the send flow does, without Prefect: check, publish, deliver."""
    workspace = settings.workspace
    batch = load_batch(workspace, BATCH)
    verify_approved(batch, workspace.ledger)
    batch = approved_batch(batch, workspace.ledger)
    publish(batch, workspace.ledger, workspace)
    sender = make_sender(settings, workspace.outbox(BATCH))
    documents = sendable(batch, workspace.ledger.excluded(BATCH))
    try:
        deliver_batch(
            batch, documents, workspace.ledger, sender, settings.mail_from, settings.attach,
            Retries(0, 0),
        )  # fmt: skip
    finally:
        sender.close()


@pytest.mark.slow
def test_media_and_partners_get_it_once_each_even_after_a_lost_reply(
    settings: Settings, handler: ScriptedHandler
) -> None:
    """Every outlet and partner receives one message in its language, alone in To; a lost
    reply is in doubt and a second send resends nothing; the pages are published once."""
    outreach = load_outreach(REPOSITORY / "recipients")
    folder = write_statement_batch(settings, outreach)
    ledger = settings.workspace.ledger
    approve(load_batch(settings.workspace, BATCH), ledger, "Ana Reviewer", "checked", ())
    handler.script_data(LOST, [DROP])

    send(settings)
    send(settings)  # the re-run after the lost reply

    expected = {a.email: a.language.value for a in outreach.media + outreach.partners}
    counts = Counter(address for item in handler.accepted() for address in item.rcpt_tos)
    assert counts == Counter(dict.fromkeys(expected, 1))
    for item in handler.accepted():
        (address,) = item.rcpt_tos
        message = item.message
        assert message["To"] == address and message["Cc"] is None
        lang = expected[address]
        assert item.document.endswith(f"-{lang}")
        assert f"condemnation-statement-{lang}.docx" in {
            part.get_filename() for part in message.iter_attachments()
        }
    deliveries = ledger.deliveries(BATCH)
    assert {d.address for d in deliveries.values()} == set(expected)
    lost = next(d for d in deliveries.values() if d.address == LOST)
    assert lost.status is DeliveryStatus.IN_DOUBT

    batch = load_batch(settings.workspace, BATCH)
    confirm_sent(batch, ledger, lost.doc, LOST, "Ana Reviewer")
    send(settings)
    assert len(handler.received) == len(expected)
    assert all(d.status is DeliveryStatus.DONE for d in ledger.deliveries(BATCH).values())

    published = settings.workspace.published("2016-02-sy")
    approved = ledger.approved_files(BATCH)
    pages = sorted(p.name for p in published.iterdir())
    assert pages == sorted(
        f"condemnation-statement-{lang.value}{suffix}"
        for lang in Language
        for suffix in (".atom", ".html")
    )
    assert all(sha256_of(published / name) == approved[name] for name in pages)
    events = [e for e in ledger.events(BATCH) if e.action is Action.PUBLISHED]
    assert len(events) == 1  # three sends, one publication
    assert read_manifest(folder).document("condemnation-statement-ar") is not None
