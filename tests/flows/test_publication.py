"""The statement flow and the send flow together: transmittals, press release, partners'
copy and the website's files, from the committed sample incident."""

from __future__ import annotations

import email
import email.policy
import os
from pathlib import Path

import pytest

from verbale.batches.ledger import Action
from verbale.batches.review import approve, load_batch
from verbale.workspace import Workspace

pytestmark = [pytest.mark.prefect, pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def test_a_sent_statement_is_published_and_reaches_media_and_partners(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After approval, send publishes the pages and mails each outlet and partner once, in
    its language, alone in To, the statement attached."""
    from flows.send import send
    from flows.statement import statement

    monkeypatch.setenv("VERBALE_PDF", "false")
    folder = Path(statement(incident="2016-02-sy"))
    workspace = Workspace(Path(os.environ["VERBALE_WORK_DIR"]))
    approve(load_batch(workspace, folder.name), workspace.ledger, "Ana Reviewer", "", ())

    first = send(batch=folder.name)
    again = send(batch=folder.name)

    assert again.sent == [] and again.already_sent == len(first.sent)
    published = sorted(p.name for p in workspace.published("2016-02-sy").iterdir())
    assert published == [
        f"condemnation-statement-{lang}.{ext}"
        for lang in ("en", "es", "fr")
        for ext in ("atom", "html")
    ]
    outbox = workspace.outbox(folder.name)
    coalition = outbox / "statement-press-release-partners-en--campaigns@cmc.example.org.eml"
    message = email.message_from_bytes(coalition.read_bytes(), policy=email.policy.default)
    assert message["To"] == "campaigns@cmc.example.org"
    assert [p.get_filename() for p in message.iter_attachments()] == [
        "statement-press-release-partners-en.docx",
        "condemnation-statement-en.docx",
    ]
    spanish = [p.name for p in outbox.glob("statement-press-release-media-es--*.eml")]
    assert spanish == ["statement-press-release-media-es--redaccion@agencia.example.org.eml"]
    history = [e.action for e in workspace.ledger.events(folder.name)]
    assert history.count(Action.PUBLISHED) == 1
