"""Document kinds: a folder per kind with `kind.yaml` and one `<lang>.docx` per language."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml

from verbale.errors import TemplateError
from verbale.languages import Language
from verbale.settings import SenderKey

METADATA = "kind.yaml"
TEXT_FIELDS = ("title", "subject", "body")
C = TypeVar("C", bound=StrEnum)


class Form(StrEnum):
    """The diplomatic form of a document."""

    NOTE_VERBALE = "note-verbale"
    SIGNED_LETTER = "signed-letter"
    STATEMENT = "statement"


# What the engine gives every document of a form; a kind adds its own in kind.yaml.
_LETTER = frozenset({"lang", "date", "reference", "sender", "recipient", "state"})
STANDARD_VARIABLES: dict[Form, frozenset[str]] = {
    Form.NOTE_VERBALE: _LETTER,
    Form.SIGNED_LETTER: _LETTER,
    Form.STATEMENT: frozenset({"lang", "date", "reference", "sender"}),
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
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise TemplateError(f"{path}: expected a mapping of fields")
    return _kind(name, folder, path, raw)


def _kind(name: str, folder: Path, path: Path, raw: dict[str, Any]) -> Kind:
    form = _choice(path, raw, "form", Form)
    sender = _choice(path, raw, "sender", SenderKey)
    variables = raw.get("variables") or []
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise TemplateError(f"{path}: variables: expected a list of names")
    texts = {field: _texts(path, raw, field) for field in TEXT_FIELDS}
    return Kind(name, folder, form, sender, frozenset(variables), **texts)


def _choice(path: Path, raw: dict[str, Any], field: str, kind: type[C]) -> C:
    try:
        return kind(str(raw.get(field)))
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        message = f"{path}: {field}: {raw.get(field)!r} is not one of: {allowed}"
        raise TemplateError(message) from None


def _texts(path: Path, raw: dict[str, Any], field: str) -> dict[Language, str]:
    values = raw.get(field) or {}
    if not isinstance(values, dict):
        raise TemplateError(f"{path}: {field}: expected one text per language code")
    texts: dict[Language, str] = {}
    for code, text in values.items():
        try:
            texts[Language(str(code))] = str(text)
        except ValueError:
            raise TemplateError(f"{path}: {field}: {code!r} is not a language code") from None
    return texts
