"""What a reviewer sees of a document: its pages as images, and its e-mail as it will leave."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from verbale.batches.manifest import DocumentEntry
from verbale.batches.review import Batch
from verbale.sending.dispatch import outgoing
from verbale.sending.transports import build_message
from verbale.settings import Format

SHOWN_HEADERS = ("From", "To", "Cc", "Subject", "Date", "Message-ID")


@dataclass(frozen=True)
class Attachment:
    """A file attached to the e-mail."""

    name: str
    size: int


@dataclass(frozen=True)
class MailPreview:
    """The e-mail of a document to its first address: headers, body, attachments."""

    envelope_to: str
    headers: tuple[tuple[str, str], ...]
    body: str
    attachments: tuple[Attachment, ...]


def pdf_of(batch: Batch, doc: DocumentEntry) -> Path | None:
    """The document's PDF, if it has one on disk."""
    for rendition in doc.renditions:
        path = batch.folder / rendition.path
        if rendition.format == "pdf" and path.is_file():
            return path
    return None


def mail_preview(
    batch: Batch, doc: DocumentEntry, formats: list[Format], mail_from: str
) -> MailPreview | None:
    """The message as the send step builds it for the first address; None if unaddressed."""
    recipients = doc.recipients()
    if not recipients:
        return None
    message: EmailMessage = build_message(outgoing(batch, doc, recipients[0], formats), mail_from)
    headers = tuple((name, str(message[name])) for name in SHOWN_HEADERS if message[name])
    body = message.get_body(preferencelist=("plain",))
    attachments = tuple(
        Attachment(part.get_filename() or "", len(part.get_payload(decode=True) or b""))
        for part in message.iter_attachments()
    )
    text = body.get_content() if body is not None else ""
    return MailPreview(recipients[0], headers, text, attachments)


def other_languages(batch: Batch, doc: DocumentEntry) -> list[DocumentEntry]:
    """The same document in the batch's other languages (same kind, State and channel)."""
    return [
        d
        for d in batch.documents
        if d.id != doc.id
        and d.kind == doc.kind
        and d.state == doc.state
        and d.channel == doc.channel
        and d.lang != doc.lang
    ]
