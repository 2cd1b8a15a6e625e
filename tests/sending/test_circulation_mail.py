"""Circulation e-mails on a real SMTP server: each member at most once per version."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta

import pytest
from conftest import REPOSITORY
from mailserver import ScriptedHandler, smtp_server
from samplebatch import make_batch

from verbale.batches import circulation
from verbale.batches.review import load_batch
from verbale.languages import Language
from verbale.sending.circulation import committee_of, mail_text, send_round
from verbale.settings import Settings

BATCH = "20160303-100000-statement-cafe"
MEMBERS = 17


@pytest.mark.slow
def test_each_member_gets_each_version_exactly_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reruns send nothing twice; a 451 is sent again on the next run; version 2 goes to all."""
    handler = ScriptedHandler()
    handler.script_rcpt("reporting@geneva.cr.example.org", ["451 try later"])
    with smtp_server(handler) as port:
        for name, value in {"TRANSPORT": "smtp", "SMTP_HOST": "127.0.0.1",
                            "SMTP_PORT": str(port), "SMTP_SECURITY": "none"}.items():  # fmt: skip
            monkeypatch.setenv(f"VERBALE_{name}", value)
        settings = Settings()
        make_batch(settings.workspace, BATCH)
        ledger, committee = settings.workspace.ledger, committee_of(settings)
        now = datetime.now().astimezone()
        batch = load_batch(settings.workspace, BATCH)
        first = circulation.start(ledger, batch, committee, "Ana", now + timedelta(days=3), now)
        done = send_round(settings, batch, first)
        assert done.failed.keys() == {"CR"} and len(done.sent) == MEMBERS - 1
        again = send_round(settings, batch, first)
        assert again.sent == ["CR"] and len(again.already) == MEMBERS - 1
        second = circulation.revise(
            ledger, batch, committee, "Ana", "softer", now + timedelta(days=5), now
        )
        send_round(settings, batch, second)
        send_round(settings, batch, second)
    counts = Counter((r.document, a) for r in handler.accepted() for a in r.rcpt_tos)
    emails = [m.email for m in committee.members.values()]
    assert counts == Counter({(f"circulation-v{v}", e): 1 for v in (1, 2) for e in emails})
    subjects = {str(r.message["Subject"]) for r in handler.accepted()}
    assert "For no objection: Statement (en) (draft, version 2)" in subjects
    assert "Pour non-objection : Statement (fr) (projet, version 1)" in subjects
    attempts = ledger.attempts(circulation.delivery_key(BATCH))
    assert [a.status.value for a in attempts if "cr.example" in a.address] == [
        "failed", "done", "done",
    ]  # fmt: skip
    assert ledger.deliveries(BATCH) == {}  # the batch's own deliveries are untouched


@pytest.mark.parametrize("name", ["circulation", "objection"])
def test_every_language_of_a_mail_text_has_the_english_placeholders(name: str) -> None:
    """Each language's circulation and objection e-mail fills the same values as the
    English one, and all six languages are written (none falls back to English)."""
    folder = REPOSITORY / "templates" / "mail"
    english = set(re.findall(r"\{(\w+)\}", (folder / f"{name}.en.txt").read_text("utf-8")))
    for lang in Language:
        subject, body = mail_text(folder, lang, name)
        found = set(re.findall(r"\{(\w+)\}", subject + "\n" + body))
        assert found == english, (lang, found ^ english)
        assert (folder / f"{name}.{lang.value}.txt").is_file(), lang
