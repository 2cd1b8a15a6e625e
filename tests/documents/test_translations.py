"""Translations flagged for review when the English changes; flows refuse failing kinds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPOSITORY, KindMaker
from docx import Document

from verbale.documents.kinds import load_kind
from verbale.documents.lint import require_clean
from verbale.documents.translations import mark_reviewed, needing_review
from verbale.errors import TemplateError
from verbale.languages import Language


def test_committed_translations_are_all_reviewed() -> None:
    """Every committed translation was reviewed against the English as it stands."""
    root = REPOSITORY / "templates"
    for name in ("reporting-reminder", "statement-transmittal", "contribution-thanks"):
        assert needing_review(load_kind(root, name)) == []


def test_changing_the_english_flags_every_other_language(tmp_path: Path) -> None:
    """A new English sentence flags the five translations until each is marked reviewed."""
    root = tmp_path / "templates"
    shutil.copytree(REPOSITORY / "templates" / "reporting-reminder", root / "reporting-reminder")
    kind = load_kind(root, "reporting-reminder")
    document = Document(str(kind.docx(Language.EN)))
    document.add_paragraph("A sentence added to the English.")
    document.save(str(kind.docx(Language.EN)))
    flagged = needing_review(kind)
    assert len(flagged) == 5
    assert "reporting-reminder/fr: needs review: the English changed since it was reviewed" in (
        flagged
    )
    mark_reviewed(kind, Language.FR)
    assert not any(line.startswith("reporting-reminder/fr") for line in needing_review(kind))
    assert len(needing_review(kind)) == 4


def test_a_translation_never_reviewed_is_flagged(make_kind: KindMaker) -> None:
    """A kind without reviewed.yaml flags each translation as never reviewed."""
    root = make_kind("k", {"en": ["Hello"], "fr": ["Bonjour"]})
    assert needing_review(load_kind(root, "k")) == ["k/fr: needs review: never marked reviewed"]


def test_a_kind_failing_the_lint_is_refused(make_kind: KindMaker) -> None:
    """A French template that drops a fact is refused before anything is drafted."""
    root = make_kind(
        "k",
        {"en": ["Due {{ report.due_date }}"], "fr": ["Dû"]},
        variables=["report"],
    )
    with pytest.raises(TemplateError, match=r"does not use 'report\.due_date'"):
        require_clean(load_kind(root, "k"))
