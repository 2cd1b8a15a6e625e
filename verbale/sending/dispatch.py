"""Dispatch: each approved (document, address) delivered at most once, recorded in the ledger.

The ledger marks a delivery STARTED before the transport is used and DONE after it. A
delivery found STARTED when a send begins was cut off by a crash: it is in doubt, and a
person confirms it or asks for it to be resent; it is never resent silently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from verbale.batches.ledger import Action, Delivery, DeliveryStatus, Ledger
from verbale.batches.manifest import DocumentEntry
from verbale.batches.review import Batch
from verbale.errors import (
    DeliveryError,
    PermanentDeliveryError,
    ReviewError,
    TemporaryDeliveryError,
)
from verbale.sending.transports import Outgoing, Sender, build_message, message_id
from verbale.settings import Format
from verbale.tables import control_characters


@dataclass
class Outcome:
    """What happened to one document's addresses in one attempt."""

    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    temporary: dict[str, str] = field(default_factory=dict)


def sendable(batch: Batch, excluded: set[str]) -> list[DocumentEntry]:
    """The documents that go out: addressed and not excluded by the reviewer."""
    return [d for d in batch.documents if d.to and d.id not in excluded]


ALL_FORMATS = (Format.DOCX, Format.PDF)


def attachment_paths(
    batch: Batch, doc: DocumentEntry, formats: Sequence[Format] = ALL_FORMATS
) -> tuple[Path, ...]:
    """The document's files in the formats asked for, then those of what it encloses."""
    by_id = {d.id: d for d in batch.documents}
    files = []
    for item in [doc, *(by_id[e] for e in doc.encloses)]:
        if Format.DOCX in formats:
            files.append(batch.folder / item.path)
        files.extend(batch.folder / r.path for r in item.renditions if r.format in formats)
    return tuple(files)


def outgoing(
    batch: Batch, doc: DocumentEntry, address: str, formats: Sequence[Format] = ALL_FORMATS
) -> Outgoing:
    """The message of one document to one address."""
    return Outgoing(
        batch.record.batch_id,
        doc.id,
        address,
        doc.subject,
        doc.body,
        doc.to,
        doc.cc,
        attachment_paths(batch, doc, formats),
        doc.reference,
    )


def deliver_document(
    batch: Batch,
    doc: DocumentEntry,
    ledger: Ledger,
    sender: Sender,
    mail_from: str,
    formats: Sequence[Format] = ALL_FORMATS,
) -> Outcome:
    """Deliver one document to each of its addresses not yet done or in doubt."""
    batch_id = batch.record.batch_id
    outcome = Outcome()
    for address in doc.recipients():
        mid = message_id(batch_id, doc.id, address, mail_from)
        if not ledger.claim(batch_id, doc.id, address, mid):
            continue  # done, in doubt, or being sent by another run: never sent twice
        try:  # built only once claimed: a re-run does not re-read every attachment
            message = build_message(outgoing(batch, doc, address, formats), mail_from)
        except DeliveryError:
            ledger.forget(batch_id, doc.id, address)  # nothing left this machine
            raise
        try:
            sender.deliver(message, address)
        except TemporaryDeliveryError as exc:
            ledger.forget(batch_id, doc.id, address)  # the server said: not delivered
            outcome.temporary[address] = str(exc)
            continue
        except PermanentDeliveryError as exc:
            ledger.mark(batch_id, doc.id, address, DeliveryStatus.FAILED, mid, str(exc))
            outcome.failed[address] = str(exc)
            continue
        ledger.mark(batch_id, doc.id, address, DeliveryStatus.DONE, mid)
        outcome.sent.append(address)
    return outcome


def confirm_sent(batch: Batch, ledger: Ledger, doc_id: str, address: str, by: str) -> None:
    """A person confirms that a delivery in doubt did arrive."""
    if not by.strip() or control_characters(by):
        raise ReviewError("--by: the name of the person who checked the delivery is required")
    record = ledger.deliveries(batch.record.batch_id).get((doc_id, address))
    if record is None or record.status is not DeliveryStatus.STARTED:
        raise ReviewError(f"{batch.record.batch_id}: {doc_id} to {address} is not in doubt")
    ledger.mark(
        batch.record.batch_id,
        doc_id,
        address,
        DeliveryStatus.DONE,
        record.message_id,
        "confirmed by a person",
    )
    ledger.log(batch.record.batch_id, Action.DELIVERY_CONFIRMED, by, f"{doc_id} to {address}")


def release_doubts(batch: Batch, ledger: Ledger, doubts: list[Delivery]) -> None:
    """A person asked for the deliveries in doubt to be sent again."""
    for delivery in doubts:
        ledger.forget(batch.record.batch_id, delivery.doc, delivery.address)
        ledger.log(
            batch.record.batch_id,
            Action.RESEND_IN_DOUBT,
            "",
            f"{delivery.doc} to {delivery.address}",
        )


def record_exhausted(
    batch: Batch, ledger: Ledger, doc_id: str, errors: Mapping[str, str], mail_from: str
) -> None:
    """After the last retry, temporary failures are recorded as failures."""
    for address, reply in errors.items():
        mid = message_id(batch.record.batch_id, doc_id, address, mail_from)
        ledger.mark(
            batch.record.batch_id,
            doc_id,
            address,
            DeliveryStatus.FAILED,
            mid,
            f"retries exhausted: {reply}",
        )
