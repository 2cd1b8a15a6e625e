"""Real drafted documents without Prefect: the committed directory, templates and data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from conftest import REPOSITORY, docx_text

from verbale.batches.drafting import Drafting
from verbale.batches.manifest import DocumentJob, Skip
from verbale.convention.directory import Directory, load_directory
from verbale.documents.kinds import Kind, load_kind
from verbale.documents.rendering import Renderer
from verbale.languages import Language
from verbale.settings import Settings

TEMPLATES = REPOSITORY / "templates"


def drafting(day: date, settings: Settings | None = None) -> Drafting:
    """What planning needs, on the committed directory, for one date."""
    directory: Directory = load_directory(REPOSITORY / "recipients")
    return Drafting(
        directory, settings or Settings(), Renderer(directory.names), day, "test", "b-0001"
    )


def kind(name: str) -> Kind:
    """A committed document kind."""
    return load_kind(TEMPLATES, name)


def render(plan: Drafting, jobs: Sequence[DocumentJob], folder: Path) -> dict[str, str]:
    """The text of every job's document, by document id."""
    texts = {}
    for job in jobs:
        out = plan.renderer.render(
            kind(job.kind), Language(job.lang), job.context, folder / f"{job.doc_id}.docx"
        )
        texts[job.doc_id] = docx_text(out)
    return texts


def skipped_states(skipped: Sequence[Skip]) -> set[str]:
    """The States a plan skipped."""
    return {s.iso2 for s in skipped}
