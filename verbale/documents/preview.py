"""One document rendered on its own, for template authors."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from verbale.convention.decisions import read_variables
from verbale.convention.directory import Channel, load_directory
from verbale.documents.context import letter_context, statement_context
from verbale.documents.kinds import load_kind
from verbale.documents.rendering import Renderer
from verbale.errors import SelectionError
from verbale.languages import Language
from verbale.settings import Settings

SAMPLE = "sample.yaml"


def render_preview(
    settings: Settings,
    kind_name: str,
    iso2: str,
    channel: str,
    lang: Language | None,
    variables: Mapping[str, Any] | None,
    output: Path,
) -> Path:
    """Render one document of a kind for a State's contact; variables default to the sample."""
    kind = load_kind(settings.templates_dir, kind_name)
    directory = load_directory(settings.recipients_dir)
    contact = directory.contact(iso2, Channel(channel))
    if contact is None:
        raise SelectionError(f"{iso2}: no {channel} contact in the directory")
    language = lang or directory.language_of(contact)
    if variables is None:
        sample = kind.folder / SAMPLE
        variables = read_variables(sample) if sample.is_file() else {}
    profile = settings.sender(kind.sender)
    reference = f"{profile.reference_prefix}/{date.today().year}/DRAFT"
    if kind.form.public:
        context = statement_context(profile, language, date.today(), reference, variables)
    else:
        context = letter_context(
            directory, contact, profile, language, date.today(), reference, variables
        )
    return Renderer(directory.names).render(kind, language, context, output)
