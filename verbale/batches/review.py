"""Review: a person approves or rejects a batch; approval records the hash of every file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from verbale.batches.ledger import (
    Action,
    BatchRecord,
    Delivery,
    DeliveryStatus,
    Ledger,
    ReviewState,
)
from verbale.batches.manifest import DocumentEntry, Manifest, read_manifest, sha256_of
from verbale.errors import ReviewError
from verbale.tables import control_characters
from verbale.workspace import Workspace


class BatchStatus(StrEnum):
    """What `review list` shows: the review state, then how far sending went."""

    AWAITING = "awaiting review"
    APPROVED = "approved"
    REJECTED = "rejected"
    SENDING = "sending"
    SENT = "sent"
    PARTLY_SENT = "partly sent"


@dataclass(frozen=True)
class Batch:
    """A batch: its ledger record, its folder and its manifest."""

    record: BatchRecord
    folder: Path
    manifest: Manifest

    @property
    def documents(self) -> tuple[DocumentEntry, ...]:
        """The manifest's documents."""
        return self.manifest.documents

    def files(self) -> list[tuple[str, str]]:
        """Every file of the batch that approval covers, as (document id, relative path)."""
        return [(doc.id, path) for doc in self.documents for path in doc.files()]


def load_batch(workspace: Workspace, batch_id: str) -> Batch:
    """A batch known to the ledger, with its manifest."""
    record = workspace.ledger.batch(batch_id)
    if record is None:
        raise ReviewError(f"{batch_id}: no such batch (see `verbale review list`)")
    folder = workspace.batch_folder(batch_id)
    return Batch(record, folder, read_manifest(folder))


def status_of(batch: Batch, ledger: Ledger) -> BatchStatus:
    """The state shown to people, from review state, deliveries and send events."""
    if batch.record.state is ReviewState.REJECTED:
        return BatchStatus.REJECTED
    if batch.record.state is ReviewState.AWAITING:
        return BatchStatus.AWAITING
    deliveries = ledger.deliveries(batch.record.batch_id)
    if not deliveries:
        return BatchStatus.APPROVED
    actions = [e.action for e in ledger.events(batch.record.batch_id)]
    if actions and actions[-1] is Action.SEND_STARTED:
        return BatchStatus.SENDING
    wanted = expected_deliveries(batch, ledger.excluded(batch.record.batch_id))
    done = {k for k, d in deliveries.items() if d.status is DeliveryStatus.DONE}
    return BatchStatus.SENT if wanted <= done else BatchStatus.PARTLY_SENT


def expected_deliveries(batch: Batch, excluded: set[str]) -> set[tuple[str, str]]:
    """Every (document, address) the approved batch is to be delivered to."""
    return {
        (doc.id, address)
        for doc in batch.documents
        if doc.id not in excluded
        for address in doc.recipients()
    }


def approve(batch: Batch, ledger: Ledger, by: str, note: str, exclude: Sequence[str]) -> int:
    """Record approval of the files as they are now; returns how many files it covers."""
    _check_person(by, note)
    if batch.record.state is ReviewState.REJECTED:
        raise ReviewError(f"{batch.record.batch_id}: rejected; a rejection is final")
    known = {doc.id for doc in batch.documents}
    unknown = [doc for doc in exclude if doc not in known]
    if unknown:
        raise ReviewError(f"{batch.record.batch_id}: no such document: {', '.join(unknown)}")
    files = []
    for doc_id, path in batch.files():
        if not (batch.folder / path).is_file():
            raise ReviewError(f"{batch.folder / path}: file missing; the batch cannot be approved")
        files.append((doc_id, path, sha256_of(batch.folder / path)))
    ledger.approve(batch.record.batch_id, by, note, files, list(exclude))
    return len(files)


def reject(batch: Batch, ledger: Ledger, by: str, note: str) -> None:
    """Record a final rejection; a batch with deliveries already made cannot be rejected."""
    _check_person(by, note)
    if not note.strip():
        raise ReviewError("--note: say why the batch is rejected")
    if batch.record.state is ReviewState.REJECTED:
        raise ReviewError(f"{batch.record.batch_id}: already rejected")
    if ledger.deliveries(batch.record.batch_id):
        raise ReviewError(f"{batch.record.batch_id}: deliveries were made; it cannot be rejected")
    ledger.reject(batch.record.batch_id, by, note)


def _check_person(by: str, note: str) -> None:
    if not by.strip():
        raise ReviewError("--by: the reviewer's name is required")
    if control_characters(by) or control_characters(note.replace("\n", " ")):
        raise ReviewError("--by/--note: control characters are not allowed")


def verify_approved(batch: Batch, ledger: Ledger) -> None:
    """Refuse a batch that is not approved, or whose files changed since approval."""
    batch_id = batch.record.batch_id
    if batch.record.state is ReviewState.REJECTED:
        raise ReviewError(f"{batch_id}: rejected; it can never be sent")
    if batch.record.state is not ReviewState.APPROVED:
        raise ReviewError(f"{batch_id}: not approved (`verbale review approve {batch_id}`)")
    approved = ledger.approved_files(batch_id)
    changed = [
        str(batch.folder / path)
        for _, path in batch.files()
        if path not in approved
        or not (batch.folder / path).is_file()
        or sha256_of(batch.folder / path) != approved[path]
    ]
    if changed:
        raise ReviewError(
            f"{batch_id}: changed since approval, nothing sent until re-approved: "
            + ", ".join(changed)
        )


def in_doubt(deliveries: Mapping[tuple[str, str], Delivery]) -> list[Delivery]:
    """Deliveries started and never finished: a crash mid-transaction; a person decides."""
    return [d for d in deliveries.values() if d.status is DeliveryStatus.STARTED]
