"""The register of outgoing correspondence: every reference number, what it was given to and
how far that document went.

Read from the ledger (numbers, review states, exclusions, deliveries) and the batches'
manifests (subjects). A number is never reused: a document excluded by its reviewer, a
rejected batch, or a batch whose drafting never completed keeps its number, cancelled; a
letter a live batch already held when its run started was never given one.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from verbale.batches.ledger import Delivery, DeliveryStatus, ReferenceRecord, ReviewState
from verbale.batches.manifest import DocumentEntry, read_manifest
from verbale.batches.shared import visible_folder
from verbale.workspace import Workspace


class EntryStatus(StrEnum):
    """Where a registered document stands."""

    DRAFTED = "drafted"
    APPROVED = "approved"
    SENT = "sent"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the register: a reference number and the document that carries it."""

    reference: str
    date: datetime.date
    kind: str
    state: str  # ISO code of the State written to; empty for a public statement
    channel: str
    subject: str
    batch: str
    status: EntryStatus
    sent_on: datetime.date | None
    doc: str
    prefix: str


@dataclass(frozen=True)
class BatchView:
    """What the register needs of one batch, read once."""

    state: ReviewState | None  # None: the batch was never recorded (drafting did not finish)
    documents: Mapping[str, DocumentEntry]
    excluded: frozenset[str]
    deliveries: Mapping[tuple[str, str], Delivery]


def read_register(
    workspace: Workspace, year: int | None = None, prefix: str | None = None
) -> list[RegisterEntry]:
    """The register, by sender prefix, year and number; optionally one year, one sender."""
    views: dict[str, BatchView] = {}
    entries = []
    for record in workspace.ledger.references():
        if (year is not None and record.year != year) or (
            prefix is not None and record.prefix != prefix
        ):
            continue
        batch = record.use.batch
        if batch not in views:
            views[batch] = _view(workspace, batch)
        entries.append(register_entry(record, views[batch]))
    return entries


def _view(workspace: Workspace, batch_id: str) -> BatchView:
    ledger = workspace.ledger
    record = ledger.batch(batch_id)
    if record is None:  # its drafting run stopped before the batch was recorded
        return BatchView(None, {}, frozenset(), {})
    folder = visible_folder(workspace, batch_id)
    documents = {d.id: d for d in read_manifest(folder).documents}
    excluded = frozenset(ledger.excluded(batch_id))
    return BatchView(record.state, documents, excluded, ledger.deliveries(batch_id))


def register_entry(record: ReferenceRecord, batch: BatchView) -> RegisterEntry:
    """The register line of one reference number."""
    use = record.use
    doc = batch.documents.get(use.doc)
    status, sent_on = _status(use.doc, batch)
    return RegisterEntry(
        reference=record.reference,
        date=use.day,
        kind=use.kind,
        state=use.state,
        channel=use.channel,
        subject=doc.subject if doc else "",
        batch=use.batch,
        status=status,
        sent_on=sent_on,
        doc=use.doc,
        prefix=record.prefix,
    )


def _status(doc_id: str, batch: BatchView) -> tuple[EntryStatus, datetime.date | None]:
    """Drafted until approved; sent from its first delivery; cancelled if it never can be."""
    if batch.state is None or batch.state is ReviewState.REJECTED:
        return EntryStatus.CANCELLED, None
    if doc_id not in batch.documents or doc_id in batch.excluded:
        return EntryStatus.CANCELLED, None
    if batch.state is ReviewState.AWAITING:
        return EntryStatus.DRAFTED, None
    # A statement has no address of its own: it leaves with the transmittals enclosing it.
    carriers = {doc_id} | {
        other
        for other, doc in batch.documents.items()
        if doc_id in doc.encloses and other not in batch.excluded
    }
    done = [
        d.updated[:10]
        for (doc, _), d in batch.deliveries.items()
        if doc in carriers and d.status is DeliveryStatus.DONE
    ]
    if done:
        return EntryStatus.SENT, datetime.date.fromisoformat(min(done))
    return EntryStatus.APPROVED, None


def entries_for_state(entries: Sequence[RegisterEntry], iso2: str) -> list[RegisterEntry]:
    """The register lines of the documents written to one State."""
    return [e for e in entries if e.state == iso2]
