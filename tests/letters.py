"""Real drafted documents without Prefect: the committed directory, templates and data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from conftest import REPOSITORY, docx_text
from docx import Document

from verbale.batches.drafting import Drafting
from verbale.convention.directory import Directory, load_directory
from verbale.documents.jobs import DocumentJob
from verbale.documents.kinds import Kind, load_kind
from verbale.documents.rendering import Renderer
from verbale.languages import Language
from verbale.settings import Settings

TEMPLATES = REPOSITORY / "templates"
DATA = REPOSITORY / "data"


def directory(languages: dict[str, Language] | None = None) -> Directory:
    """The committed directory, some States writing in another language."""
    found = load_directory(REPOSITORY / "recipients")
    states = dict(found.states)
    for iso2, lang in (languages or {}).items():
        states[iso2] = replace(states[iso2], language=lang)
    return replace(found, states=states)


def drafting(
    day: date, settings: Settings | None = None, languages: dict[str, Language] | None = None
) -> Drafting:
    """What planning needs, on the committed directory, for one date."""
    found = directory(languages)
    settings = settings or Settings()
    renderer = Renderer(found.names)
    return Drafting(found, settings, renderer, day, "test", "b-0001", settings.workspace.ledger)


def kind(name: str) -> Kind:
    """A committed document kind."""
    return load_kind(TEMPLATES, name)


def render(plan: Drafting, jobs: Sequence[DocumentJob], folder: Path) -> dict[str, Path]:
    """Every job's document, rendered, by document id."""
    return {
        job.doc_id: plan.renderer.render(
            kind(job.kind), Language(job.lang), job.context, folder / f"{job.doc_id}.docx"
        )
        for job in jobs
    }


def texts(plan: Drafting, jobs: Sequence[DocumentJob], folder: Path) -> dict[str, str]:
    """The text of every job's document (letterhead first), by document id."""
    return {doc_id: full_text(path) for doc_id, path in render(plan, jobs, folder).items()}


def full_text(path: Path) -> str:
    """A document's text with its first-page letterhead, one line a paragraph."""
    header = Document(str(path)).sections[0].first_page_header.paragraphs
    return "\n".join([p.text for p in header] + [docx_text(path)])
