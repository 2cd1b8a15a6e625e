"""Publication on send: the approved web pages and Atom entries of a batch, copied to the
website's folder (`<work_dir>/published/<incident>/`), exactly the bytes approved."""

from __future__ import annotations

import shutil
from pathlib import Path

from verbale.batches.ledger import Action, Ledger
from verbale.batches.manifest import WEB_FORMATS, sha256_of
from verbale.batches.review import Batch
from verbale.errors import ReviewError
from verbale.workspace import Workspace

WEB = frozenset(fmt for fmt, _ in WEB_FORMATS)


def web_files(batch: Batch, excluded: set[str]) -> list[Path]:
    """The web renditions of the documents that go out (not excluded by the reviewer)."""
    return [
        batch.folder / rendition.path
        for doc in batch.documents
        if doc.id not in excluded
        for rendition in doc.renditions
        if rendition.format in WEB
    ]


def publication_folder(batch: Batch, workspace: Workspace) -> Path:
    """Where a batch's web files go: named by its incident (the batch id without one)."""
    return workspace.published(batch.manifest.parameters.get("incident") or batch.record.batch_id)


def publish(batch: Batch, ledger: Ledger, workspace: Workspace) -> list[Path]:
    """Copy every approved web file into the published folder (each written whole, then
    renamed); a file already there with the same bytes is left alone. Returns the files
    written by this run, recorded in the batch's history."""
    approved = ledger.approved_files(batch.record.batch_id)
    target = publication_folder(batch, workspace)
    written = []
    for source in web_files(batch, ledger.excluded(batch.record.batch_id)):
        relative = source.name
        if approved.get(relative) != sha256_of(source):
            raise ReviewError(f"{source}: not the approved file; approve the batch again")
        destination = target / relative
        if destination.is_file() and sha256_of(destination) == approved[relative]:
            continue
        target.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(f".{destination.name}.partial")
        shutil.copyfile(source, partial)
        partial.replace(destination)
        written.append(destination)
    if written:
        names = ", ".join(path.name for path in written)
        ledger.log(batch.record.batch_id, Action.PUBLISHED, "", f"{target}: {names}")
    return written
