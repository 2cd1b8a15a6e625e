"""A batch: the drafts of one flow run in `drafts/<batch-id>/`, described by `manifest.json`."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class DocumentJob:
    """One document to render: which template, which values, where it goes."""

    doc_id: str
    kind: str
    lang: str
    fallback: bool
    state: str
    channel: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    body: str
    context: Mapping[str, Any]
    encloses: tuple[str, ...] = ()
    details: Mapping[str, str] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        """The draft's file name inside the batch folder."""
        return f"{self.doc_id}.docx"


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


def new_batch_id(flow: str, now: datetime) -> str:
    """A unique, sortable batch id: time, flow, a few random characters."""
    return f"{now:%Y%m%d-%H%M%S}-{flow}-{secrets.token_hex(2)}"


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_document(job: DocumentJob, folder: Path, pdfs: Mapping[str, Path]) -> dict[str, Any]:
    """A document's entry in the manifest: where it is, what it is, where it goes."""
    pdf = pdfs.get(job.filename)
    renditions = [{"format": "pdf", "path": pdf.name, "sha256": sha256_of(pdf)}] if pdf else []
    return {
        "id": job.doc_id,
        "path": job.filename,
        "kind": job.kind,
        "lang": job.lang,
        "fallback": job.fallback,
        "state": job.state,
        "channel": job.channel,
        "to": list(job.to),
        "cc": list(job.cc),
        "subject": job.subject,
        "body": job.body,
        "encloses": list(job.encloses),
        "details": dict(job.details),
        "sha256": sha256_of(folder / job.filename),
        "renditions": renditions,
    }


def build_manifest(
    plan: Plan, folder: Path, created: datetime, conversion: Conversion
) -> dict[str, Any]:
    """The manifest of a rendered batch; every hash read from the file on disk."""
    documents = [manifest_document(job, folder, conversion.converted) for job in plan.jobs]
    pdf = {"status": conversion.status.value, "failed": conversion.failed}
    return {
        "batch": plan.batch_id,
        "flow": plan.flow,
        "created": created.isoformat(timespec="seconds"),
        "parameters": dict(plan.parameters),
        "inputs": {str(p): sha256_of(p) for p in plan.inputs if p.is_file()},
        "documents": documents,
        "skipped": [asdict(s) | {"reason": s.reason.value} for s in plan.skipped],
        "pdf": pdf,
        "summary": summarise(documents, plan.skipped) | {"pdf": conversion.status.value},
    }


def summarise(documents: Sequence[Mapping[str, Any]], skipped: Sequence[Skip]) -> dict[str, Any]:
    """Counts for people: documents per language and channel, skipped per reason."""
    per = Counter(f"{d['lang']}/{d['channel'] or 'public'}" for d in documents)
    return {
        "documents": len(documents),
        "per_language_channel": dict(sorted(per.items())),
        "fallbacks": sum(1 for d in documents if d["fallback"]),
        "skipped": dict(sorted(Counter(s.reason.value for s in skipped).items())),
    }


def write_manifest(folder: Path, manifest: Mapping[str, Any]) -> Path:
    """Write the manifest next to the drafts, atomically."""
    path = folder / MANIFEST
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=_json))
    partial.replace(path)
    return path


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a batch folder."""
    path = folder / MANIFEST
    if not path.is_file():
        raise ReviewError(f"{folder}: no batch here (no {MANIFEST})")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _json(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")
