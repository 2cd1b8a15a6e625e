"""Translations kept in step with the English: each kind records, per language, the hash of
the English text its translation was last reviewed against (`reviewed.yaml`), the way
gettext marks an entry fuzzy when its source changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from docx import Document

from verbale.documents.kinds import TEXT_FIELDS, Kind
from verbale.errors import TemplateError
from verbale.languages import Language

REVIEWED = "reviewed.yaml"
HEADER = (
    "# The English text each translation was last reviewed against (a hash of en.docx and\n"
    "# kind.yaml's English texts). `verbale templates reviewed KIND LANG` records it.\n"
)


def english_source(kind: Kind) -> str:
    """A short hash of the kind's English text: its e-mail texts and its template's words."""
    if Language.EN not in kind.languages:
        raise TemplateError(f"{kind.name}: no English template to translate from")
    document = Document(str(kind.docx(Language.EN)))
    header = document.sections[0].first_page_header.paragraphs
    lines = [getattr(kind, field).get(Language.EN, "") for field in TEXT_FIELDS]
    lines += [p.text for p in header] + [p.text for p in document.paragraphs]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def reviewed(kind: Kind) -> dict[Language, str]:
    """The English hash each language was last reviewed against."""
    path = kind.folder / REVIEWED
    if not path.is_file():
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise TemplateError(f"{path}: expected one hash per language code")
    try:
        return {Language(str(code)): str(value) for code, value in raw.items()}
    except ValueError as exc:
        raise TemplateError(f"{path}: {exc}") from None


def needing_review(kind: Kind) -> list[str]:
    """Every translation whose English changed since it was reviewed, one line each."""
    if Language.EN not in kind.languages:
        return []
    current, marks = english_source(kind), reviewed(kind)
    return [
        f"{kind.name}/{lang.value}: needs review: the English changed since it was reviewed"
        if lang in marks
        else f"{kind.name}/{lang.value}: needs review: never marked reviewed"
        for lang in kind.languages
        if lang is not Language.EN and marks.get(lang) != current
    ]


def mark_reviewed(kind: Kind, lang: Language) -> Path:
    """Record that a translation matches the English as it stands now."""
    if lang is Language.EN or lang not in kind.languages:
        raise TemplateError(f"{kind.name}: no {lang.value} translation to mark reviewed")
    marks = reviewed(kind) | {lang: english_source(kind)}
    ordered = {code.value: marks[code] for code in Language if code in marks}
    path = kind.folder / REVIEWED
    path.write_text(HEADER + yaml.safe_dump(ordered, sort_keys=False), encoding="utf-8")
    return path
