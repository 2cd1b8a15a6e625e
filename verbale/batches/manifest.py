"""A batch's manifest: the typed description of its drafts, written as `manifest.json`.

One model is used on both sides: planning and rendering write it, review, history, send and
the command line read it. A key typed wrong is a type error, not a user's surprise.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from verbale.documents.files import sha256_of as sha256_of  # also for the batch layer
from verbale.documents.jobs import DocumentJob
from verbale.documents.pdf import Conversion
from verbale.errors import ReviewError

MANIFEST = "manifest.json"


class SkipReason(StrEnum):
    """Why a State gets no document in a batch; it is listed, never dropped silently."""

    NO_CONTACT = "no-contact"
    NO_TEMPLATE = "no-template-in-language"
    NO_TEXT = "no-text-in-language"
    ESCALATION_EXHAUSTED = "escalation-exhausted"
    REMINDER_NOT_DUE = "second-reminder-not-yet-due"
    UNKNOWN_STATUS = "unknown-status"
    ALREADY_DRAFTED = "already-drafted"


@dataclass(frozen=True)
class Skip:
    """A State without a document in this batch, and why."""

    state: str
    reason: SkipReason
    detail: str


@dataclass(frozen=True)
class Plan:
    """Everything a flow decided before rendering: documents, skipped States, inputs."""

    flow: str
    batch_id: str
    parameters: Mapping[str, str]
    inputs: Sequence[Path]
    jobs: Sequence[DocumentJob]
    skipped: Sequence[Skip]


class _Record(BaseModel):
    """A frozen part of the manifest; unknown keys are refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Rendition(_Record):
    """Another format of a document (a PDF), with its hash."""

    format: str
    path: str
    sha256: str


class DocumentEntry(_Record):
    """One document of the batch: its file, what it is and where it goes."""

    id: str
    reference: str = ""
    path: str
    kind: str
    lang: str
    fallback: bool
    state: str
    channel: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    body: str
    encloses: tuple[str, ...] = ()
    details: dict[str, str] = {}
    sha256: str
    renditions: tuple[Rendition, ...] = ()

    def recipients(self) -> list[str]:
        """Every address the document goes to, To then Cc, each once."""
        return list(dict.fromkeys([*self.to, *self.cc]))

    def files(self) -> list[str]:
        """The document's files relative to the batch folder: the .docx, then renditions."""
        return [self.path, *(r.path for r in self.renditions)]


class PdfReport(_Record):
    """How the PDF step went: status, and why each failed file failed."""

    status: str
    failed: dict[str, str] = {}


class Summary(_Record):
    """Counts for people: documents per language and channel, skipped per reason."""

    documents: int
    per_language_channel: dict[str, int]
    fallbacks: int
    skipped: dict[str, int]
    pdf: str


class Manifest(_Record):
    """The description of a batch, as `manifest.json` holds it."""

    batch: str
    flow: str
    created: str
    parameters: dict[str, str]
    inputs: dict[str, str]
    documents: tuple[DocumentEntry, ...]
    skipped: tuple[Skip, ...]
    pdf: PdfReport
    summary: Summary

    def document(self, doc_id: str) -> DocumentEntry | None:
        """The document with this id, if the batch has one."""
        return next((d for d in self.documents if d.id == doc_id), None)


class SendReport(_Record):
    """What a send run did: sent now, sent before, failed (with replies) and in doubt."""

    sent: list[str]
    already_sent: int
    failed: list[str]
    in_doubt: list[str]


def letter_identity(job: DocumentJob, facts: Mapping[str, str]) -> str:
    """What makes a letter the same letter (kind, State, channel, the facts that make it:
    report and reminder level, incident, decision): never drafted into two live batches."""
    return identity_of(job.kind, job.state, job.channel, job.details, facts)


def identity_of(
    kind: str, state: str, channel: str, details: Mapping[str, str], facts: Mapping[str, str]
) -> str:
    """A letter's identity from what it is, known before it is drafted (see letter_identity)."""
    parts = {"kind": kind, "state": state, "channel": channel}
    text = "\n".join(f"{k}={v}" for k, v in sorted({**parts, **details, **facts}.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def new_batch_id(flow: str, now: datetime) -> str:
    """A unique, sortable batch id: time, flow, a few random characters."""
    return f"{now:%Y%m%d-%H%M%S}-{flow}-{secrets.token_hex(2)}"


# Website renditions of a public document, written beside its .docx when it has them.
WEB_FORMATS = (("html", ".html"), ("atom", ".atom"))


def manifest_document(job: DocumentJob, folder: Path, pdfs: Mapping[str, Path]) -> DocumentEntry:
    """A document's entry in the manifest: where it is, what it is, where it goes; its PDF,
    web page and Atom entry, each with its hash."""
    pdf = pdfs.get(job.filename)
    renditions: tuple[Rendition, ...] = ()
    if pdf:
        renditions = (Rendition(format="pdf", path=pdf.name, sha256=sha256_of(pdf)),)
    docx = folder / job.filename
    for fmt, suffix in WEB_FORMATS:
        web = docx.with_suffix(suffix)
        if web.is_file():
            renditions += (Rendition(format=fmt, path=web.name, sha256=sha256_of(web)),)
    return DocumentEntry(
        id=job.doc_id,
        reference=job.reference,
        path=job.filename,
        kind=job.kind,
        lang=job.lang,
        fallback=job.fallback,
        state=job.state,
        channel=job.channel,
        to=job.to,
        cc=job.cc,
        subject=job.subject,
        body=job.body,
        encloses=job.encloses,
        details=dict(job.details),
        sha256=sha256_of(folder / job.filename),
        renditions=renditions,
    )


def build_manifest(plan: Plan, folder: Path, created: datetime, conversion: Conversion) -> Manifest:
    """The manifest of a rendered batch; every hash read from the file on disk."""
    documents = tuple(manifest_document(job, folder, conversion.converted) for job in plan.jobs)
    return Manifest(
        batch=plan.batch_id,
        flow=plan.flow,
        created=created.isoformat(timespec="seconds"),
        parameters=dict(plan.parameters),
        inputs={str(p): sha256_of(p) for p in plan.inputs if p.is_file()},
        documents=documents,
        skipped=tuple(plan.skipped),
        pdf=PdfReport(status=conversion.status.value, failed=conversion.failed),
        summary=summarise(documents, plan.skipped, conversion.status.value),
    )


def summarise(documents: Sequence[DocumentEntry], skipped: Sequence[Skip], pdf: str) -> Summary:
    """Counts for people: documents per language and channel, skipped per reason."""
    per = Counter(f"{d.lang}/{d.channel or 'public'}" for d in documents)
    return Summary(
        documents=len(documents),
        per_language_channel=dict(sorted(per.items())),
        fallbacks=sum(1 for d in documents if d.fallback),
        skipped=dict(sorted(Counter(s.reason.value for s in skipped).items())),
        pdf=pdf,
    )


def write_manifest(folder: Path, manifest: Manifest) -> Path:
    """Write the manifest next to the drafts, atomically."""
    path = folder / MANIFEST
    partial = path.with_suffix(".partial")
    partial.write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
    partial.replace(path)
    return path


def read_manifest(folder: Path) -> Manifest:
    """The manifest of a batch folder; a missing or invalid one is a ReviewError."""
    path = folder / MANIFEST
    if not path.is_file():
        raise ReviewError(f"{folder}: no batch here (no {MANIFEST})")
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "-"
        raise ReviewError(f"{path}: {where}: {first['msg']}") from exc
