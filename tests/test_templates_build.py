"""The committed templates are what templates/build.py lays out from the text files."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest
from conftest import REPOSITORY


@pytest.fixture(scope="module")
def build() -> ModuleType:
    """templates/build.py, imported as a module."""
    spec = importlib.util.spec_from_file_location("build", REPOSITORY / "templates" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build"] = module
    spec.loader.exec_module(module)
    return module


def test_committed_documents_are_laid_out_from_the_text_files(build: ModuleType) -> None:
    """Every committed <lang>.docx and kind.yaml is what the text files give, byte for byte."""
    for kind in build.KINDS:
        folder = REPOSITORY / "templates" / kind.name
        assert (folder / "kind.yaml").read_text(encoding="utf-8") == build.kind_yaml(kind)
        for lang in build.LANGS:
            assert (folder / f"{lang}.docx").read_bytes() == build.build_docx(kind, lang), (
                f"{kind.name}/{lang}: rebuild with `python templates/build.py`"
            )


def test_a_paragraph_line_may_carry_a_style(build: ModuleType) -> None:
    """`item| text` is an item paragraph; an unknown word before `|` is plain text."""
    text = build.read_text(REPOSITORY / "templates" / "reporting-reminder" / "text" / "en.txt")
    assert text.title == "Reminder of overdue transparency reports (Article 7)"
    assert any(isinstance(p, tuple) and p[0] == "item" for p in text.paragraphs)
    assert "{%p for r in reminder.reports %}" in text.paragraphs
