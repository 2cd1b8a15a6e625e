"""Dispatch: each approved (document, address) delivered at most once, recorded in the ledger.

A delivery is STARTED in the ledger at the moment its message is handed to the transport,
and DONE, FAILED or IN_DOUBT once the transport answers. A delivery found STARTED when a send
begins was cut off by a crash; one IN_DOUBT lost its reply after the end of data. Either may
have arrived: a person confirms it or asks for it to be resent; it is never resent silently.
Every attempt is kept with its reply. One send per batch at a time: a lease in the ledger.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from verbale.batches.ledger import (
    Action,
    Delivery,
    DeliveryStatus,
    Ledger,
    lease_holder,
    live_lease,
)
from verbale.batches.manifest import DocumentEntry
from verbale.batches.review import Batch
from verbale.convention.outreach import Audience
from verbale.errors import (
    DeliveryError,
    PermanentDeliveryError,
    ReviewError,
    SendBusyError,
    TemporaryDeliveryError,
    TransportUnavailableError,
    UncertainDeliveryError,
)
from verbale.sending.transports import Outgoing, Sender, build_message, message_id
from verbale.settings import Format
from verbale.tables import control_characters


@dataclass
class Outcome:
    """What happened to the deliveries attempted in one pass."""

    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    temporary: dict[tuple[str, str], str] = field(default_factory=dict)
    in_doubt: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Retries:
    """How often, and after how long, temporary refusals are tried again."""

    count: int
    delay: float
    sleep: Callable[[float], None] = time.sleep


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


# A media outlet or a partner is written to alone: the list is not theirs to read.
PRIVATE_LISTS = frozenset(audience.value for audience in Audience)


def outgoing(
    batch: Batch, doc: DocumentEntry, address: str, formats: Sequence[Format] = ALL_FORMATS
) -> Outgoing:
    """The message of one document to one address (a list's addressee sees only its own)."""
    alone = doc.channel in PRIVATE_LISTS
    return Outgoing(
        batch.record.batch_id,
        doc.id,
        address,
        doc.subject,
        doc.body,
        (address,) if alone else doc.to,
        () if alone else doc.cc,
        attachment_paths(batch, doc, formats),
        doc.reference,
    )


def deliver_one(
    batch: Batch,
    doc: DocumentEntry,
    address: str,
    ledger: Ledger,
    sender: Sender,
    mail_from: str,
    formats: Sequence[Format],
    outcome: Outcome,
) -> None:
    """Deliver one document to one address unless done or in doubt; record the outcome."""
    batch_id = batch.record.batch_id
    mid = message_id(batch_id, doc.id, address, mail_from)
    try:
        message = build_message(outgoing(batch, doc, address, formats), mail_from)
    except (DeliveryError, OSError) as exc:  # nothing was handed to the transport
        ledger.mark(batch_id, doc.id, address, DeliveryStatus.FAILED, mid, str(exc))
        outcome.failed[f"{doc.id} to {address}"] = str(exc)
        return
    if not ledger.claim(batch_id, doc.id, address, mid):
        return  # done, in doubt, or being sent by another run: never sent twice
    try:
        reply = sender.deliver(message, address)
    except TemporaryDeliveryError as exc:
        ledger.mark(batch_id, doc.id, address, DeliveryStatus.FAILED, mid, str(exc))
        outcome.temporary[(doc.id, address)] = str(exc)
        return
    except PermanentDeliveryError as exc:
        ledger.mark(batch_id, doc.id, address, DeliveryStatus.FAILED, mid, str(exc))
        outcome.failed[f"{doc.id} to {address}"] = str(exc)
        return
    except UncertainDeliveryError as exc:
        ledger.mark(batch_id, doc.id, address, DeliveryStatus.IN_DOUBT, mid, str(exc))
        outcome.in_doubt.append(f"{doc.id} to {address}")
        return
    except TransportUnavailableError:
        ledger.forget(batch_id, doc.id, address)  # nothing reached a server
        raise
    except Exception as exc:
        # Not a transport's answer: end the delivery as failed, with the reason, and stop.
        reason = f"{type(exc).__name__}: {exc}"
        ledger.mark(batch_id, doc.id, address, DeliveryStatus.FAILED, mid, reason)
        raise DeliveryError(f"{doc.id} to {address}: {reason}") from exc
    ledger.mark(batch_id, doc.id, address, DeliveryStatus.DONE, mid, reply)
    outcome.sent.append(f"{doc.id} to {address}")


def deliver_batch(
    batch: Batch,
    documents: Sequence[DocumentEntry],
    ledger: Ledger,
    sender: Sender,
    mail_from: str,
    formats: Sequence[Format],
    retries: Retries,
    keep_alive: Callable[[], None] = lambda: None,
) -> Outcome:
    """Deliver every (document, address) not yet done; temporary refusals are tried again in
    later passes, after a back-off, then recorded failed. `keep_alive` runs between messages."""
    batch_id = batch.record.batch_id
    known = ledger.deliveries(batch_id)
    pending = [
        (doc, address)
        for doc in documents
        for address in doc.recipients()
        if (doc.id, address) not in known
        or known[(doc.id, address)].status is DeliveryStatus.FAILED
    ]
    outcome = Outcome()
    for attempt in range(retries.count + 1):
        if attempt:
            retries.sleep(retries.delay * 2 ** (attempt - 1))
        outcome.temporary.clear()
        for doc, address in pending:
            deliver_one(batch, doc, address, ledger, sender, mail_from, formats, outcome)
            keep_alive()
        if not outcome.temporary:
            break
        pending = [(doc, a) for doc, a in pending if (doc.id, a) in outcome.temporary]
    for (doc_id, address), reply in outcome.temporary.items():
        mid = message_id(batch_id, doc_id, address, mail_from)
        reason = f"retries exhausted: {reply}"
        ledger.mark(batch_id, doc_id, address, DeliveryStatus.FAILED, mid, reason)
        outcome.failed[f"{doc_id} to {address}"] = reason
    return outcome


@contextmanager
def send_lease(ledger: Ledger, batch_id: str, seconds: float) -> Iterator[Callable[[], None]]:
    """Hold the batch's send lease for the block; yields a function that renews it.

    A second send is refused, naming the holder; a lease of a crashed run (its process gone,
    or past its expiry) is taken over."""
    holder = lease_holder()
    live_lease(ledger, batch_id)  # a killed run's lease is taken over at once
    refused = ledger.take_lease(batch_id, holder, seconds)
    if refused is not None:
        raise SendBusyError(
            f"{batch_id}: being sent by {refused.holder} since {refused.started}; "
            "wait for that run to end"
        )
    renewed = time.monotonic()

    def renew() -> None:
        nonlocal renewed
        if time.monotonic() - renewed > seconds / 4:
            ledger.renew_lease(batch_id, holder, seconds)
            renewed = time.monotonic()

    try:
        yield renew
    finally:
        ledger.release_lease(batch_id, holder)


def confirm_sent(batch: Batch, ledger: Ledger, doc_id: str, address: str, by: str) -> None:
    """A person confirms that a delivery in doubt did arrive."""
    if not by.strip() or control_characters(by):
        raise ReviewError("--by: the name of the person who checked the delivery is required")
    record = ledger.deliveries(batch.record.batch_id).get((doc_id, address))
    doubtful = (DeliveryStatus.STARTED, DeliveryStatus.IN_DOUBT)
    if record is None or record.status not in doubtful:
        raise ReviewError(f"{batch.record.batch_id}: {doc_id} to {address} is not in doubt")
    if live_lease(ledger, batch.record.batch_id) is not None:
        raise SendBusyError(f"{batch.record.batch_id}: a send is running; confirm after it ends")
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


def refuse_sent_elsewhere(batch: Batch, ledger: Ledger, documents: Sequence[DocumentEntry]) -> None:
    """Refuse documents that were already delivered from another batch (the same letter)."""
    found = already_sent_elsewhere(batch, ledger, {d.id for d in documents})
    if found:
        raise ReviewError(
            f"{batch.record.batch_id}: already sent from another batch (exclude and approve "
            "again): " + ", ".join(found)
        )


def already_sent_elsewhere(batch: Batch, ledger: Ledger, doc_ids: set[str]) -> list[str]:
    """Documents whose identity was already delivered from another batch, named with it."""
    identities = {d: i for d, i in ledger.identities(batch.record.batch_id).items() if d in doc_ids}
    holders = ledger.identity_holders(list(identities.values()))
    found = []
    for doc_id, identity in identities.items():
        for other, other_doc in holders.get(identity, []):
            if other == batch.record.batch_id:
                continue
            done = ledger.deliveries(other)
            if any(d.status is DeliveryStatus.DONE and d.doc == other_doc for d in done.values()):
                found.append(f"{doc_id} (sent from {other})")
                break
    return found
