"""Review: a person approves or rejects a batch.

Approval locks the whole send plan in the ledger: every file's hash, and each document's
entry (To, Cc, subject, body, encloses, files) with the exclusions. Send sends what the
ledger holds, after checking that the manifest and the files still say the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from verbale.batches.ledger import (
    BatchRecord,
    Delivery,
    DeliveryStatus,
    Ledger,
    ReviewState,
    live_lease,
)
from verbale.batches.manifest import DocumentEntry, Manifest, read_manifest, sha256_of
from verbale.batches.shared import require_files, visible_folder
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
    IN_DOUBT = "in doubt"
    BROKEN = "broken"


# What approval locks of each document, besides the files' hashes.
PLAN_FIELDS = ("path", "renditions", "to", "cc", "subject", "body", "encloses")


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
    folder = visible_folder(workspace, batch_id)
    return Batch(record, folder, read_manifest(folder))


def status_of(batch: Batch, ledger: Ledger) -> BatchStatus:
    """The state shown to people, from review state, deliveries and send events."""
    if batch.record.state is ReviewState.REJECTED:
        return BatchStatus.REJECTED
    if batch.record.state is ReviewState.AWAITING:
        return BatchStatus.AWAITING
    if live_lease(ledger, batch.record.batch_id) is not None:
        return BatchStatus.SENDING
    deliveries = ledger.deliveries(batch.record.batch_id)
    if not deliveries:
        return BatchStatus.APPROVED
    if in_doubt(deliveries):
        return BatchStatus.IN_DOUBT
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


def approve(
    batch: Batch,
    ledger: Ledger,
    by: str,
    note: str,
    exclude: Sequence[str],
    include: Sequence[str] = (),
) -> int:
    """Lock the send plan as it is now: files, addresses, subjects, bodies, exclusions.

    Earlier exclusions are kept unless taken back with `include`. Returns the file count."""
    _check_person(by, note)
    batch_id = batch.record.batch_id
    if batch.record.state is ReviewState.REJECTED:
        raise ReviewError(f"{batch_id}: rejected; a rejection is final")
    known = {doc.id for doc in batch.documents}
    unknown = [doc for doc in [*exclude, *include] if doc not in known]
    if unknown:
        raise ReviewError(f"{batch_id}: no such document: {', '.join(unknown)}")
    both = sorted(set(exclude) & set(include))
    if both:
        raise ReviewError(f"{batch_id}: both excluded and included: {', '.join(both)}")
    excluded = (ledger.excluded(batch_id) & known | set(exclude)) - set(include)
    refuse_stale_renditions(batch)
    files = []
    for doc_id, path in batch.files():
        if not (batch.folder / path).is_file():
            raise ReviewError(f"{batch.folder / path}: file missing; the batch cannot be approved")
        files.append((doc_id, path, sha256_of(batch.folder / path)))
    plan = {doc.id: doc.model_dump_json() for doc in batch.documents}
    ledger.approve(batch_id, by, note, files, sorted(excluded), plan)
    return len(files)


def refuse_stale_renditions(batch: Batch) -> None:
    """Refuse a PDF older than its .docx (the .docx was edited after drafting): the e-mail
    would carry two different texts of one letter."""
    stale = [
        rendition.path
        for doc in batch.documents
        for rendition in doc.renditions
        if (batch.folder / rendition.path).is_file()
        and (batch.folder / doc.path).is_file()
        and (batch.folder / rendition.path).stat().st_mtime_ns
        < (batch.folder / doc.path).stat().st_mtime_ns
    ]
    if stale:
        raise ReviewError(
            f"{batch.record.batch_id}: older than its edited .docx, export it again from the "
            f".docx (or delete it) before approving: {', '.join(stale)}"
        )


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
    require_files(batch_id, batch.folder, approved)
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
    differences = plan_differences(batch, locked_plan(batch, ledger))
    if differences:
        raise ReviewError(
            f"{batch_id}: manifest changed since approval, nothing sent until re-approved: "
            + "; ".join(differences)
        )


def locked_plan(batch: Batch, ledger: Ledger) -> dict[str, DocumentEntry]:
    """The documents as approval locked them, by id."""
    plan = ledger.approved_plan(batch.record.batch_id)
    return {doc_id: DocumentEntry.model_validate_json(entry) for doc_id, entry in plan.items()}


def plan_differences(batch: Batch, locked: Mapping[str, DocumentEntry]) -> list[str]:
    """Each way the manifest differs from the approved plan, as `document: field`."""
    problems = []
    for doc in batch.documents:
        approved = locked.get(doc.id)
        if approved is None:
            problems.append(f"{doc.id}: not in the approved plan")
            continue
        problems += [
            f"{doc.id}: {name} differs from the approved {name}"
            for name in PLAN_FIELDS
            if getattr(doc, name) != getattr(approved, name)
            and not (name == "renditions" and _same_files(doc, approved))
        ]
    present = {doc.id for doc in batch.documents}
    problems += [f"{d}: approved, missing from the manifest" for d in locked if d not in present]
    return problems


def _same_files(doc: DocumentEntry, approved: DocumentEntry) -> bool:
    """Renditions compared by format and path: their hashes are the ledger's to check."""
    return [(r.format, r.path) for r in doc.renditions] == [
        (r.format, r.path) for r in approved.renditions
    ]


def approved_batch(batch: Batch, ledger: Ledger) -> Batch:
    """The batch with the documents the ledger holds (verify_approved first)."""
    locked = locked_plan(batch, ledger)
    documents = tuple(locked[doc.id] for doc in batch.documents)
    return Batch(
        batch.record, batch.folder, batch.manifest.model_copy(update={"documents": documents})
    )


def in_doubt(deliveries: Mapping[tuple[str, str], Delivery]) -> list[Delivery]:
    """Deliveries that may have arrived: started and never finished (a crash), or the end of
    data sent and no reply; a person decides."""
    doubtful = (DeliveryStatus.STARTED, DeliveryStatus.IN_DOUBT)
    return [d for d in deliveries.values() if d.status in doubtful]
