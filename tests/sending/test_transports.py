"""Delivery: building each message, header injection, Message-ID, outbox and SMTP transports."""

from __future__ import annotations

import email
import email.policy
import hashlib
import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from mailserver import DROP, LATE, ScriptedHandler, free_port, smtp_server

from verbale.errors import (
    DeliveryError,
    PermanentDeliveryError,
    TemporaryDeliveryError,
    TransportUnavailableError,
    UncertainDeliveryError,
)
from verbale.sending.transports import Outbox, Outgoing, Smtp, build_message, message_id
from verbale.settings import Settings

MAIL_FROM = "CCM Implementation Support Unit <isu@ccm-isu.example.org>"
BATCH = "20160303-090000-reminders-ab12"
DOC = "FR-mission-contribution-thanks"
ADDRESS = "mission.geneva@geneva.fr.example.org"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """A real DOCX and a PDF-like file to attach."""
    docx = tmp_path / f"{DOC}.docx"
    document = Document()
    document.add_paragraph("Lettre de remerciements.")
    document.save(str(docx))
    pdf = tmp_path / f"{DOC}.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    return docx, pdf


@pytest.fixture
def outgoing(files: tuple[Path, Path]) -> Outgoing:
    """One message of a document to one of its addresses."""
    return Outgoing(
        BATCH,
        DOC,
        ADDRESS,
        "Contribution financière pour l'année 2016",
        "Veuillez trouver ci-joint une lettre de remerciements.",
        (ADDRESS,),
        ("ccm.desk@mfa.fr.example.org", "arms.control@mfa.fr.example.org"),
        files,
    )


def parse(data: bytes) -> EmailMessage:
    """A message as a recipient's software reads it."""
    return email.message_from_bytes(data, policy=email.policy.default)


def attached(message: EmailMessage) -> dict[str, bytes]:
    """Attachment bytes by file name."""
    found = {}
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        found[str(part.get_filename())] = payload
    return found


def sha256(data: bytes) -> str:
    """SHA-256, hex."""
    return hashlib.sha256(data).hexdigest()


# --- building -------------------------------------------------------------------------------


def test_message_carries_headers_body_and_every_attachment(
    outgoing: Outgoing, files: tuple[Path, Path]
) -> None:
    """From, To, Cc, Subject, Message-ID and batch headers set; attachments byte for byte."""
    message = parse(bytes(build_message(outgoing, MAIL_FROM)))
    assert message["From"] == MAIL_FROM
    assert [a.addr_spec for a in message["To"].addresses] == [ADDRESS]
    assert [a.addr_spec for a in message["Cc"].addresses] == list(outgoing.cc)
    assert message["Subject"] == outgoing.subject
    assert message["X-Verbale-Batch"] == BATCH and message["X-Verbale-Document"] == DOC
    assert message["Message-ID"] == message_id(BATCH, DOC, ADDRESS, MAIL_FROM)
    assert message["Date"]
    text = message.get_body(preferencelist=("plain",))
    assert text is not None and text.get_content().strip() == outgoing.body
    assert attached(message) == {path.name: path.read_bytes() for path in files}


def test_message_without_cc_has_no_cc_header(outgoing: Outgoing) -> None:
    """A document with no copy gets no empty Cc header."""
    message = build_message(replace(outgoing, cc=()), MAIL_FROM)
    assert "Cc" not in message


@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r"])
def test_line_break_in_subject_is_refused(outgoing: Outgoing, breaker: str) -> None:
    """A subject with CR or LF could add headers (Bcc:): refused, nothing built."""
    injected = replace(outgoing, subject=f"Thanks{breaker}Bcc: spy@evil.example")
    with pytest.raises(DeliveryError, match=f"{DOC}: Subject contains a line break"):
        build_message(injected, MAIL_FROM)


@pytest.mark.parametrize(
    ("field", "header"),
    [("to", "To"), ("cc", "Cc")],
)
def test_line_break_in_a_header_address_is_refused(
    outgoing: Outgoing, field: str, header: str
) -> None:
    """An address of To or Cc with a line break is refused, naming the header."""
    addresses = (f"{ADDRESS}\nBcc: spy@evil.example",)
    injected = replace(outgoing, to=addresses) if field == "to" else replace(outgoing, cc=addresses)
    with pytest.raises(DeliveryError, match=f"{DOC}: {header} contains a line break"):
        build_message(injected, MAIL_FROM)


def test_line_break_in_the_envelope_recipient_is_refused(outgoing: Outgoing) -> None:
    """The address the message is handed to cannot carry an SMTP command."""
    injected = replace(outgoing, address=f"{ADDRESS}\r\nRCPT TO:<spy@evil.example>")
    with pytest.raises(DeliveryError, match="envelope recipient contains a line break"):
        build_message(injected, MAIL_FROM)


def test_line_break_in_the_sender_is_refused(outgoing: Outgoing) -> None:
    """A From setting with a line break is refused too."""
    with pytest.raises(DeliveryError, match="From contains a line break"):
        build_message(outgoing, "ISU <isu@ccm-isu.example.org>\nBcc: spy@evil.example")


@pytest.mark.parametrize(
    "subject",
    [
        "Recordatorio: informe anual correspondiente a 2014 en virtud del artículo 7 de la "
        "Convención sobre Municiones en Racimo",
        "Rappel\u00a0: rapport annuel portant sur l'année 2014 au titre de l'article 7 de la "
        "Convention sur les armes à sous-munitions",
        "Financial contribution for 2016 to the Implementation Support Unit of the Convention "
        "on Cluster Munitions",
    ],
    ids=["es", "fr", "en"],
)
def test_subject_arrives_exactly_as_approved(outgoing: Outgoing, subject: str) -> None:
    """A long subject in any language is read back by the recipient character for character."""
    message = build_message(replace(outgoing, subject=subject), MAIL_FROM)
    wire = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))  # as smtplib sends it
    assert parse(wire)["Subject"] == subject
    assert parse(bytes(message))["Subject"] == subject  # as the outbox writes it


# --- Message-ID -------------------------------------------------------------------------------


def test_message_id_is_derived_from_batch_document_and_address() -> None:
    """Same inputs give the same Message-ID; another address, document or batch another one."""
    first = message_id(BATCH, DOC, ADDRESS, MAIL_FROM)
    assert first == message_id(BATCH, DOC, ADDRESS, MAIL_FROM)
    assert re.fullmatch(r"<[0-9a-f]{40}@ccm-isu\.example\.org>", first)
    others = {
        message_id(BATCH, DOC, "ccm.desk@mfa.fr.example.org", MAIL_FROM),
        message_id(BATCH, "ZM-mission-contribution-thanks", ADDRESS, MAIL_FROM),
        message_id("20160303-090000-reminders-cd34", DOC, ADDRESS, MAIL_FROM),
    }
    assert first not in others and len(others) == 3


def test_message_id_ignores_the_case_of_the_address() -> None:
    """An address written in capitals is the same delivery: the same Message-ID."""
    assert message_id(BATCH, DOC, ADDRESS.upper(), MAIL_FROM) == message_id(
        BATCH, DOC, ADDRESS, MAIL_FROM
    )


def test_message_id_domain_comes_from_the_sender() -> None:
    """The Message-ID ends with the domain of the From address."""
    assert message_id(BATCH, DOC, ADDRESS, "isu@other.example").endswith("@other.example>")
    assert message_id(BATCH, DOC, ADDRESS, "ISU <isu@third.example>").endswith("@third.example>")


@pytest.mark.parametrize("mail_from", ["", "ISU", "Implementation Support Unit"])
def test_message_id_without_a_sender_domain_uses_a_reserved_one(mail_from: str) -> None:
    """A From without a domain gives a Message-ID on the reserved domain verbale.invalid."""
    assert message_id(BATCH, DOC, ADDRESS, mail_from).endswith("@verbale.invalid>")


def test_built_message_ids_differ_per_address(outgoing: Outgoing) -> None:
    """Two addresses of one document get messages with different Message-IDs."""
    one = build_message(outgoing, MAIL_FROM)
    other = build_message(replace(outgoing, address="ccm.desk@mfa.fr.example.org"), MAIL_FROM)
    again = build_message(outgoing, MAIL_FROM)
    assert one["Message-ID"] == again["Message-ID"] != other["Message-ID"]


# --- outbox -----------------------------------------------------------------------------------


def test_outbox_writes_one_parseable_eml_with_attachments_intact(
    outgoing: Outgoing, files: tuple[Path, Path], tmp_path: Path
) -> None:
    """The outbox writes `<document>--<address>.eml`, readable, attachments hash-equal."""
    folder = tmp_path / "outbox" / BATCH
    Outbox(folder).deliver(build_message(outgoing, MAIL_FROM), ADDRESS)
    assert [p.name for p in folder.iterdir()] == [f"{DOC}--{ADDRESS}.eml"]
    message = parse((folder / f"{DOC}--{ADDRESS}.eml").read_bytes())
    assert message["Subject"] == outgoing.subject
    received = attached(message)
    assert {name: sha256(data) for name, data in received.items()} == {
        path.name: sha256(path.read_bytes()) for path in files
    }


def test_outbox_delivering_again_keeps_one_file(outgoing: Outgoing, tmp_path: Path) -> None:
    """The same delivery written twice leaves one file and no partial file."""
    folder = tmp_path / "outbox"
    outbox = Outbox(folder)
    for _ in range(2):
        outbox.deliver(build_message(outgoing, MAIL_FROM), ADDRESS)
    assert [p.name for p in folder.iterdir()] == [f"{DOC}--{ADDRESS}.eml"]


def test_outbox_file_stays_in_its_folder(outgoing: Outgoing, tmp_path: Path) -> None:
    """A document id or address with path separators cannot write outside the outbox."""
    folder = tmp_path / "outbox" / BATCH
    hostile = replace(outgoing, doc_id="../../escape", address="a/../../b@example.org")
    Outbox(folder).deliver(build_message(hostile, MAIL_FROM), hostile.address)
    written = [p for p in (tmp_path).rglob("*.eml")]
    assert len(written) == 1 and written[0].parent == folder


# --- SMTP -------------------------------------------------------------------------------------


@pytest.fixture
def handler() -> ScriptedHandler:
    """The scripted handler of a real SMTP server."""
    return ScriptedHandler()


@pytest.fixture
def smtp(handler: ScriptedHandler) -> Iterator[Smtp]:
    """The SMTP transport pointed at a real server on 127.0.0.1."""
    with smtp_server(handler) as port:
        yield Smtp(smtp_settings(port))


def smtp_settings(port: int) -> Settings:
    """Settings of a plain local SMTP relay."""
    return Settings(
        transport="smtp",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        smtp_timeout=5,
        mail_from=MAIL_FROM,
    )


def test_smtp_hands_the_message_to_the_one_envelope_recipient(
    smtp: Smtp, handler: ScriptedHandler, outgoing: Outgoing, files: tuple[Path, Path]
) -> None:
    """One transaction per address: the Cc in the headers are not envelope recipients."""
    smtp.deliver(build_message(outgoing, MAIL_FROM), ADDRESS)
    (received,) = handler.received
    assert received.mail_from == "isu@ccm-isu.example.org"
    assert received.rcpt_tos == (ADDRESS,)
    assert received.message["Subject"] == outgoing.subject
    assert attached(received.message) == {path.name: path.read_bytes() for path in files}


def test_smtp_4xx_is_a_temporary_failure(
    smtp: Smtp, handler: ScriptedHandler, outgoing: Outgoing
) -> None:
    """A 451 reply becomes TemporaryDeliveryError carrying the reply."""
    handler.script_rcpt(ADDRESS, ["451 4.3.0 try later"])
    with pytest.raises(TemporaryDeliveryError, match=f"{ADDRESS}: 451 4.3.0 try later"):
        smtp.deliver(build_message(outgoing, MAIL_FROM), ADDRESS)
    assert handler.received == []


def test_smtp_5xx_is_a_permanent_failure_with_the_reply(
    smtp: Smtp, handler: ScriptedHandler, outgoing: Outgoing
) -> None:
    """A 550 reply (at RCPT or at DATA) becomes PermanentDeliveryError carrying the reply."""
    handler.script_rcpt(ADDRESS, ["550 5.1.1 no such user"])
    with pytest.raises(PermanentDeliveryError, match=f"{ADDRESS}: 550 5.1.1 no such user"):
        smtp.deliver(build_message(outgoing, MAIL_FROM), ADDRESS)
    handler.script_data(ADDRESS, itertools.repeat("554 5.6.0 message refused"))
    with pytest.raises(PermanentDeliveryError, match=r"554 5\.6\.0 message refused"):
        smtp.deliver(build_message(outgoing, MAIL_FROM), ADDRESS)


def test_unreachable_server_stops_the_run_after_the_connection_back_off(
    outgoing: Outgoing,
) -> None:
    """Connection refused: the connection is retried, then the transport gives up for the run."""
    settings = smtp_settings(free_port()).model_copy(
        update={"send_retries": 2, "send_retry_delay": 0.0}
    )
    smtp = Smtp(settings)
    with pytest.raises(TransportUnavailableError, match="unreachable after 3 attempt"):
        smtp.deliver(build_message(outgoing, MAIL_FROM), ADDRESS)


def fast_smtp(port: int, **changes: Any) -> Smtp:
    """The SMTP transport on a test server, retried at once."""
    fields = smtp_settings(port).model_dump(include={"transport", "smtp_host", "smtp_port"})
    fields |= {"smtp_security": "none", "smtp_timeout": 5, "mail_from": MAIL_FROM}
    fields |= {"send_retries": 2, "send_retry_delay": 0} | changes
    return Smtp(Settings(**fields))


def test_one_connection_carries_every_message_and_the_250_is_returned(
    handler: ScriptedHandler, outgoing: Outgoing
) -> None:
    """Three messages, one connection; each delivery returns the server's 250 reply."""
    with smtp_server(handler) as port:
        smtp = fast_smtp(port)
        replies = [smtp.deliver(build_message(outgoing, MAIL_FROM), ADDRESS) for _ in range(3)]
        smtp.close()
    assert handler.connections == 1
    assert replies == ["250 OK"] * 3 and len(handler.accepted()) == 3


def test_421_at_connect_is_retried_on_the_connection(
    handler: ScriptedHandler, outgoing: Outgoing
) -> None:
    """A server answering 421 to the first connection is connected to again, then used."""
    handler.greet(["421 4.3.2 too busy"])
    with smtp_server(handler) as port:
        assert fast_smtp(port).deliver(build_message(outgoing, MAIL_FROM), ADDRESS) == "250 OK"
    assert handler.connections == 2 and len(handler.accepted()) == 1


def test_421_at_every_connect_makes_the_transport_unavailable(
    handler: ScriptedHandler, outgoing: Outgoing
) -> None:
    """After the connection's retries the transport gives up with the server's reply."""
    handler.greet(itertools.repeat("421 4.3.2 too busy"))
    with (
        smtp_server(handler) as port,
        pytest.raises(TransportUnavailableError, match=r"421 4\.3\.2 too busy"),
    ):
        fast_smtp(port).deliver(build_message(outgoing, MAIL_FROM), ADDRESS)
    assert handler.connections == 3 and handler.received == []


def test_drop_before_the_end_of_data_is_temporary_and_the_next_try_reconnects(
    handler: ScriptedHandler, outgoing: Outgoing
) -> None:
    """A connection lost at DATA, before any data: nothing can have arrived, retried safely."""
    handler.drop_at_data[ADDRESS] = 1
    with smtp_server(handler) as port:
        smtp = fast_smtp(port)
        with pytest.raises(TemporaryDeliveryError):
            smtp.deliver(build_message(outgoing, MAIL_FROM), ADDRESS)
        assert smtp.deliver(build_message(outgoing, MAIL_FROM), ADDRESS) == "250 OK"
    assert handler.connections == 2 and len(handler.accepted()) == 1


def test_drop_after_the_end_of_data_is_in_doubt(
    handler: ScriptedHandler, outgoing: Outgoing
) -> None:
    """The server kept the message and closed before its 250: in doubt, not temporary."""
    handler.script_data(ADDRESS, [DROP])
    with (
        smtp_server(handler) as port,
        pytest.raises(UncertainDeliveryError, match="after the end of data"),
    ):
        fast_smtp(port).deliver(build_message(outgoing, MAIL_FROM), ADDRESS)
    assert len(handler.accepted()) == 1


def test_reply_later_than_the_timeout_is_in_doubt(
    handler: ScriptedHandler, outgoing: Outgoing
) -> None:
    """The 250 comes after the timeout: the server has the message; in doubt, not retried."""
    handler.script_data(ADDRESS, [LATE])
    handler.late_seconds = 2.0
    with (
        smtp_server(handler) as port,
        pytest.raises(UncertainDeliveryError, match="after the end of data"),
    ):
        fast_smtp(port, smtp_timeout=0.5).deliver(build_message(outgoing, MAIL_FROM), ADDRESS)
    assert len(handler.accepted()) == 1


def test_refused_login_is_tried_once_and_stops_the_transport(
    handler: ScriptedHandler, outgoing: Outgoing
) -> None:
    """535: the transport is unavailable for the run; a second message makes no new login."""
    with smtp_server(handler, auth_require_tls=False, authenticator=handler.refuse_login) as port:
        smtp = fast_smtp(port, smtp_user="isu", smtp_password="wrong")
        for _ in range(2):
            with pytest.raises(TransportUnavailableError, match="login refused for isu: 535"):
                smtp.deliver(build_message(outgoing, MAIL_FROM), ADDRESS)
    assert len(handler.logins) == 1 and handler.received == []


def test_outbox_that_cannot_be_written_is_a_permanent_failure(
    outgoing: Outgoing, tmp_path: Path
) -> None:
    """A file in place of the outbox folder: a permanent failure naming it, no partial file."""
    blocked = tmp_path / "outbox"
    blocked.write_text("not a folder")
    with pytest.raises(PermanentDeliveryError, match="outbox"):
        Outbox(blocked / "batch").deliver(build_message(outgoing, MAIL_FROM), ADDRESS)
