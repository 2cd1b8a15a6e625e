"""A small batch as a flow leaves it, with real (tiny) PDFs, and a reviewer account."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from verbale.batches.manifest import (
    DocumentEntry,
    Manifest,
    PdfReport,
    Rendition,
    sha256_of,
    summarise,
    write_manifest,
)
from verbale.workspace import Workspace

PASSWORD = "correct horse battery"
STATEMENT_EN = "condemnation-statement-en"
STATEMENT_FR = "condemnation-statement-fr"
ZAMBIA = "ZM-mission-statement-transmittal"
FRANCE = "FR-mission-statement-transmittal"


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF showing one line of text (pdftoppm renders it)."""
    stream = f"BT /F1 28 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _document(
    folder: Path, doc_id: str, lang: str, state: str, channel: str, **extra: object
) -> DocumentEntry:
    document = Document()
    document.add_paragraph(f"Draft {doc_id}")
    document.save(str(folder / f"{doc_id}.docx"))
    pdf = folder / f"{doc_id}.pdf"
    pdf.write_bytes(tiny_pdf(f"Draft {doc_id}"))
    kind = "condemnation-statement" if not state else "statement-transmittal"
    fields: dict[str, object] = {
        "id": doc_id,
        "path": f"{doc_id}.docx",
        "kind": kind,
        "lang": lang,
        "fallback": False,
        "state": state,
        "channel": channel,
        "to": (),
        "cc": (),
        "subject": f"Statement ({lang})",
        "body": f"Please find attached the statement ({doc_id}).",
        "sha256": sha256_of(folder / f"{doc_id}.docx"),
        "renditions": (Rendition(format="pdf", path=pdf.name, sha256=sha256_of(pdf)),),
    }
    return DocumentEntry.model_validate(fields | extra)


def make_batch(workspace: Workspace, batch_id: str, flow: str = "statement") -> Path:
    """A statement batch: the statement in English and French, two transmittals, one skip."""
    workspace.ledger  # noqa: B018 - opened first, as a flow does, before the batch exists
    folder = workspace.batch_folder(batch_id)
    folder.mkdir(parents=True)
    documents = (
        _document(folder, STATEMENT_EN, "en", "", ""),
        _document(folder, STATEMENT_FR, "fr", "", ""),
        _document(
            folder, ZAMBIA, "en", "ZM", "mission",
            to=("chancery@geneva.zm.example.org",), cc=("desk@mfa.zm.example.org",),
            encloses=(STATEMENT_EN,),
        ),
        _document(
            folder, FRANCE, "fr", "FR", "mission",
            to=("mission@geneva.fr.example.org",), encloses=(STATEMENT_FR,),
        ),
    )  # fmt: skip
    skipped = {"state": "CK", "reason": "no-contact", "detail": "Cook Islands: no address"}
    manifest = Manifest.model_validate(
        {
            "batch": batch_id,
            "flow": flow,
            "created": "2016-03-03T10:00:00",
            "parameters": {"incident": "2016-02-sy"},
            "inputs": {},
            "documents": documents,
            "skipped": (skipped,),
            "pdf": PdfReport(status="converted"),
            "summary": summarise(documents, [], "converted"),
        }
    )
    write_manifest(folder, manifest)
    workspace.ledger.register(batch_id, flow)
    return folder


def add_reviewer(workspace: Workspace, name: str) -> None:
    """A reviewer account with the sample password."""
    workspace.reviewers.add(name, f"{name.lower().replace(' ', '.')}@isu.example.org", PASSWORD)


def reviewer_token(workspace: Workspace, name: str) -> str:
    """A reviewer account and its personal token (VERBALE_REVIEW_TOKEN) for the CLI door."""
    add_reviewer(workspace, name)
    return workspace.reviewers.new_token(name)
