"""Prefect tasks shared by the batch flows: thin wrappers around reading and writing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import cast
from uuid import UUID

from prefect import get_run_logger, task
from prefect.artifacts import (
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE

from verbale.batches.drafting import Drafting, fresh_letters, new_drafting
from verbale.batches.manifest import (
    Manifest,
    Plan,
    Skip,
    build_manifest,
    write_manifest,
)
from verbale.convention.directory import Directory, load_directory
from verbale.documents.jobs import DocumentJob
from verbale.documents.kinds import Kind, load_kind
from verbale.documents.lint import require_clean
from verbale.documents.pages import make_page_images
from verbale.documents.parallel import render_jobs
from verbale.documents.pdf import Conversion, PdfStatus, convert, find_soffice
from verbale.documents.webpage import Page, write_pages
from verbale.settings import Settings, read_settings


@task(cache_policy=NO_CACHE)
def load_settings() -> Settings:
    """Read the settings once for this run."""
    return read_settings()


@task(cache_policy=NO_CACHE)
def load_recipients(settings: Settings) -> Directory:
    """Read and validate the directory of recipients."""
    return load_directory(settings.recipients_dir)


@task(cache_policy=NO_CACHE)
def load_kinds(settings: Settings, names: list[str]) -> dict[str, Kind]:
    """Read the metadata of the document kinds this flow uses; refuse one that fails the
    template lint."""
    kinds = {name: load_kind(settings.templates_dir, name) for name in names}
    for kind in kinds.values():
        require_clean(kind)
    return kinds


def drafting_for(
    settings: Settings, directory: Directory, day: date, flow: str, parameters: Mapping[str, str]
) -> Drafting:
    """What planning needs, for one date and a new batch of a flow with its parameters."""
    return new_drafting(settings, directory, day, flow, parameters)


# Documents rendered between two updates of the progress artifact: large enough that the
# worker processes of each chunk pay for their start.
PROGRESS_CHUNK = 250
RENDERED, CONVERTED = 80.0, 95.0  # progress after rendering, after the PDF step


@task(cache_policy=NO_CACHE)
def render_drafts(settings: Settings, directory: Directory, plan: Plan, progress: UUID) -> Path:
    """Render every document of the plan into the batch's staging folder, reporting progress."""
    folder = settings.workspace.staging_folder(plan.batch_id)
    workers = min(os.cpu_count() or 1, 4)
    total = len(plan.jobs)
    for start in range(0, total, PROGRESS_CHUNK):
        chunk = plan.jobs[start : start + PROGRESS_CHUNK]
        render_jobs(chunk, folder, settings.templates_dir, directory.names, workers)
        done = start + len(chunk)
        update_progress_artifact(
            progress, RENDERED * done / total, description=f"{done} of {total} rendered"
        )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@task(cache_policy=NO_CACHE)
def convert_to_pdf(settings: Settings, folder: Path, plan: Plan) -> Conversion:
    """PDF renditions of every draft, in one LibreOffice process, unless turned off."""
    if not settings.pdf:
        return Conversion(PdfStatus.DISABLED)
    soffice = find_soffice(settings.soffice)
    if soffice is None:
        return Conversion(PdfStatus.UNAVAILABLE, detail=f"{settings.soffice}: not found")
    files = [folder / job.filename for job in plan.jobs]
    return convert(files, soffice, settings.pdf_timeout)


@task(cache_policy=NO_CACHE)
def make_pages(folder: Path, plan: Plan) -> None:
    """The website's HTML page and Atom entry of every statement, from its rendered .docx."""
    for job in plan.jobs:
        page = Page.from_details(job.lang, job.subject, job.details)
        if page is not None:
            write_pages(folder / job.filename, page)


@task(cache_policy=NO_CACHE)
def make_previews(settings: Settings, batch_id: str, conversion: Conversion) -> None:
    """The review room's page images of every PDF, made now rather than on first view."""
    if not settings.page_images or not conversion.converted:
        return
    pdfs = list(conversion.converted.values())
    workers = os.cpu_count() or 1
    failed = make_page_images(pdfs, settings.workspace.previews(batch_id), workers)
    if failed:
        get_run_logger().warning(
            "no page images yet for %d of %d PDFs (the review room makes them when asked)",
            len(failed),
            len(pdfs),
        )


@task(cache_policy=NO_CACHE)
def record_batch(
    settings: Settings,
    staging: Path,
    plan: Plan,
    conversion: Conversion,
    identities: Mapping[str, str],
) -> Path:
    """Write the manifest (hashes read from disk), move the complete batch into drafts/ and
    register it for review, with what each of its letters is."""
    manifest = build_manifest(plan, staging, datetime.now(), conversion)
    write_manifest(staging, manifest)
    ledger = settings.workspace.ledger  # opened before the batch folder exists
    folder = settings.workspace.batch_folder(plan.batch_id)
    staging.rename(folder)
    ledger.register(plan.batch_id, plan.flow)
    ledger.record_identities(plan.batch_id, identities)
    publish_documents(manifest, settings.review_link)
    get_run_logger().info(
        "batch %s: %d documents, %d skipped, PDF %s",
        plan.batch_id,
        len(plan.jobs),
        len(plan.skipped),
        conversion.status.value,
    )
    return folder


def finish_batch(
    drafting: Drafting,
    parameters: Mapping[str, str],
    inputs: Sequence[Path],
    outcome: tuple[Sequence[DocumentJob], Sequence[Skip]],
) -> str:
    """The last steps of every batch flow: letters already in a live batch left out, then
    drafts, PDFs and manifest (with the hashes of the directory and of the flow's own
    inputs). Returns the batch folder, or '' when there is nothing to draft (no batch)."""
    settings = drafting.settings
    fresh = fresh_letters(drafting, outcome)
    if not fresh.jobs:
        get_run_logger().info("nothing to draft: %d skipped; no batch written", len(fresh.skipped))
        return ""
    every_input = [*directory_inputs(settings), *inputs]
    plan = Plan(
        drafting.flow, drafting.batch_id, parameters, every_input, fresh.jobs, fresh.skipped
    )
    return str(write_batch(settings, drafting.directory, plan, fresh.identities))


def write_batch(
    settings: Settings, directory: Directory, plan: Plan, identities: Mapping[str, str]
) -> Path:
    """Drafts, PDFs, manifest in a staging folder, renamed into drafts/ only when complete (a
    failed run leaves no batch folder); a progress artifact as it goes."""
    staging = settings.workspace.staging_folder(plan.batch_id)
    key = artifact_key("progress", plan.batch_id)
    progress = cast(UUID, create_progress_artifact(0.0, key=key, description="rendering"))
    try:
        folder = render_drafts(settings, directory, plan, progress)
        conversion = convert_to_pdf(settings, folder, plan)
        make_pages(folder, plan)
        make_previews(settings, plan.batch_id, conversion)
        update_progress_artifact(progress, CONVERTED, description=f"PDF {conversion.status.value}")
        recorded = record_batch(settings, folder, plan, conversion, identities)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    update_progress_artifact(progress, 100.0, description="batch written, awaiting review")
    return recorded


def publish_documents(manifest: Manifest, review_link: str) -> None:
    """A table artifact of the batch's documents: State, language, channel, To, subject."""
    rows = [
        {
            "document": doc.id,
            "State": doc.state or "-",
            "language": doc.lang + (" (fallback)" if doc.fallback else ""),
            "channel": doc.channel or "public",
            "To": ", ".join(doc.to),
            "subject": doc.subject,
        }
        for doc in manifest.documents
    ]
    skipped = ", ".join(f"{s.state} ({s.reason.value})" for s in manifest.skipped) or "none"
    create_table_artifact(
        rows,
        key=artifact_key("documents", manifest.batch),
        description=f"Batch {manifest.batch} ({manifest.flow}): {len(rows)} documents; "
        f"skipped: {skipped}. Review: {review_link}/batches/{manifest.batch}",
    )


def artifact_key(kind: str, batch_id: str) -> str:
    """An artifact key (lower-case letters, digits and dashes) for a batch."""
    text = f"{kind}-{batch_id}".lower()
    return "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in text)


def directory_inputs(settings: Settings) -> list[Path]:
    """The directory files every batch records the hash of."""
    folder = settings.recipients_dir
    return [folder / "states.csv", folder / "contacts.csv", folder / "names.csv"]
