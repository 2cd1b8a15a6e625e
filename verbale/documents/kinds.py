"""Document kinds: a folder per kind with `kind.yaml` and one `<lang>.docx` per language."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from verbale.errors import DataError, TemplateError
from verbale.languages import Language
from verbale.settings import SenderKey
from verbale.yamldoc import Lines, read_yaml

METADATA = "kind.yaml"
TEXT_FIELDS = ("title", "subject", "body")
C = TypeVar("C", bound=StrEnum)


class Form(StrEnum):
    """The diplomatic form of a document."""

    NOTE_VERBALE = "note-verbale"
    SIGNED_LETTER = "signed-letter"
    STATEMENT = "statement"
    PRESS_RELEASE = "press-release"

    @property
    def public(self) -> bool:
        """A public text with no recipient: a statement, a press release."""
        return self in (Form.STATEMENT, Form.PRESS_RELEASE)


# What the engine gives every document of a form; a kind adds its own in kind.yaml.
_LETTER = frozenset({"lang", "date", "reference", "sender", "recipient", "state"})
STANDARD_VARIABLES: dict[Form, frozenset[str]] = {
    Form.NOTE_VERBALE: _LETTER,
    Form.SIGNED_LETTER: _LETTER,
    Form.STATEMENT: frozenset({"lang", "date", "reference", "sender"}),
    Form.PRESS_RELEASE: frozenset({"lang", "date", "reference", "sender"}),
}


@dataclass(frozen=True)
class Kind:
    """A document kind and its metadata."""

    name: str
    folder: Path
    form: Form
    sender: SenderKey
    variables: frozenset[str]
    title: dict[Language, str]
    subject: dict[Language, str]
    body: dict[Language, str]

    @property
    def provided(self) -> frozenset[str]:
        """Every top-level variable a template of this kind may use."""
        return STANDARD_VARIABLES[self.form] | self.variables

    def docx(self, lang: Language) -> Path:
        """Where the template of one language lives (it may not exist)."""
        return self.folder / f"{lang.value}.docx"

    @cached_property  # asked for every letter of a batch: look at the folder once
    def languages(self) -> tuple[Language, ...]:
        """The languages that have a template file, in the Convention's order."""
        return tuple(lang for lang in Language if self.docx(lang).is_file())


def kind_names(templates_dir: Path) -> list[str]:
    """The kinds in a templates folder: every sub-folder with a kind.yaml."""
    if not templates_dir.is_dir():
        raise TemplateError(f"{templates_dir}: templates folder not found")
    return sorted(p.parent.name for p in templates_dir.glob(f"*/{METADATA}"))


def load_kind(templates_dir: Path, name: str) -> Kind:
    """A kind's metadata, validated; TemplateError names the file and the field."""
    folder = templates_dir / name
    path = folder / METADATA
    if not path.is_file():
        known = ", ".join(kind_names(templates_dir)) or "none"
        raise TemplateError(f"{name}: no such document kind (known: {known})")
    try:
        raw, lines = read_yaml(path)
    except DataError as exc:
        raise TemplateError(str(exc)) from exc
    if not isinstance(raw, dict):
        raise TemplateError(f"{path}:1: document: expected a mapping of fields")
    return _kind(name, folder, _Place(path, lines), raw)


@dataclass(frozen=True)
class _Place:
    """Where kind.yaml says what: errors read `path:line: field: message`."""

    path: Path
    lines: Lines

    def error(self, field: str, message: str) -> TemplateError:
        """The error about one field, at its line (the document's first line if absent)."""
        return TemplateError(f"{self.path}:{self.lines.get((field,), 1)}: {field}: {message}")


def _kind(name: str, folder: Path, place: _Place, raw: dict[str, Any]) -> Kind:
    form = _choice(place, raw, "form", Form)
    sender = _choice(place, raw, "sender", SenderKey)
    variables = raw.get("variables") or []
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise place.error("variables", "expected a list of names")
    texts = {field: _texts(place, raw, field) for field in TEXT_FIELDS}
    return Kind(name, folder, form, sender, frozenset(variables), **texts)


def _choice(place: _Place, raw: dict[str, Any], field: str, kind: type[C]) -> C:
    try:
        return kind(str(raw.get(field)))
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise place.error(field, f"{raw.get(field)!r} is not one of: {allowed}") from None


def _texts(place: _Place, raw: dict[str, Any], field: str) -> dict[Language, str]:
    values = raw.get(field) or {}
    if not isinstance(values, dict):
        raise place.error(field, "expected one text per language code")
    texts: dict[Language, str] = {}
    for code, text in values.items():
        try:
            texts[Language(str(code))] = str(text)
        except ValueError:
            raise place.error(field, f"{code!r} is not a language code") from None
    return texts
