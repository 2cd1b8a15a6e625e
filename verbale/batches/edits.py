"""A reviewer's edit of a draft: the edited .docx replaces the draft, its PDF (and a
statement's web page and Atom entry) are made again, the ledger records who and when, and
any earlier approval of the batch lapses."""

from __future__ import annotations

import io
import zipfile

from verbale.batches.ledger import Ledger, ReviewState
from verbale.batches.manifest import sha256_of
from verbale.batches.review import Batch
from verbale.documents.pdf import convert
from verbale.documents.webpage import Page, write_pages
from verbale.errors import ReviewError

MAX_SIZE = 20 * 1024 * 1024


def replace_draft(
    batch: Batch,
    ledger: Ledger,
    doc_id: str,
    data: bytes,
    by: str,
    soffice: str | None,
    timeout: float,
) -> str:
    """Put an edited .docx in place of a draft; returns the ledger's note of the edit."""
    batch_id = batch.record.batch_id
    doc = batch.manifest.document(doc_id)
    if doc is None:
        raise ReviewError(f"{batch_id}: no such document: {doc_id}")
    if batch.record.state is ReviewState.REJECTED:
        raise ReviewError(f"{batch_id}: rejected; its drafts can no longer be edited")
    if ledger.deliveries(batch_id):
        raise ReviewError(f"{batch_id}: deliveries were made; its drafts can no longer change")
    _check_docx(doc_id, data)
    target = batch.folder / doc.path
    before = sha256_of(target)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    partial.replace(target)
    note = f"{doc_id}: {before[:12]} -> {sha256_of(target)[:12]}"
    ledger.edited(batch_id, by, note)  # first: a failed PDF must not hide the edit
    page = Page.from_details(doc.lang, doc.subject, doc.details)
    if page is not None:
        write_pages(target, page)  # the website shows the edited text
    if any(r.format == "pdf" for r in doc.renditions):
        _regenerate_pdf(batch, doc.path, soffice, timeout)
    return note


def _check_docx(doc_id: str, data: bytes) -> None:
    if len(data) > MAX_SIZE:
        raise ReviewError(f"{doc_id}: the file is larger than {MAX_SIZE // 2**20} MiB")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ReviewError(f"{doc_id}: not a Word document (.docx)")
    except zipfile.BadZipFile:
        raise ReviewError(f"{doc_id}: not a Word document (.docx)") from None


def _regenerate_pdf(batch: Batch, path: str, soffice: str | None, timeout: float) -> None:
    docx = batch.folder / path
    pdf = docx.with_suffix(".pdf")
    pdf.unlink(missing_ok=True)  # never leave the PDF of the earlier text beside the edit
    if soffice is None:
        raise ReviewError(f"{docx}: saved, but LibreOffice is not installed to make its PDF")
    result = convert([docx], soffice, timeout)
    if result.failed:
        raise ReviewError(next(iter(result.failed.values())))
