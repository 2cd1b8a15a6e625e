"""The template lint reports broken and inconsistent templates, one line each."""

from __future__ import annotations

from pathlib import Path

from conftest import REPOSITORY, KindMaker
from docx import Document

from verbale.documents.lint import lint_templates


def test_committed_templates_pass_the_lint() -> None:
    """Every committed kind and language passes."""
    assert lint_templates(REPOSITORY / "templates") == []


def test_broken_tag_is_reported(make_kind: KindMaker) -> None:
    """A tag with a syntax error is reported with its kind and language."""
    root = make_kind("k", {"en": ["Dear {{ name }"]}, variables=["name"])
    problems = lint_templates(root)
    assert any(p.startswith("k/en: ") for p in problems), problems


def test_undeclared_variable_is_reported(make_kind: KindMaker) -> None:
    """A variable the kind does not provide is reported by name."""
    root = make_kind("k", {"en": ["{{ surprise.value }}"]})
    assert lint_templates(root) == [
        "k/en: uses undeclared variable 'surprise' (not provided for a note-verbale)"
    ]


def test_translation_dropping_a_fact_is_reported(make_kind: KindMaker) -> None:
    """All languages of a kind must use the same variables."""
    root = make_kind(
        "k",
        {
            "en": ["Due {{ report.due_date }} for {{ report.year }}"],
            "fr": ["Dû le {{ report.due_date }}"],
        },
        variables=["report"],
    )
    assert lint_templates(root) == ["k/fr: does not use 'report.year' (used by en)"]


def test_tag_split_across_paragraphs_is_reported(make_kind: KindMaker) -> None:
    """A tag Word split over two paragraphs is reported."""
    root = make_kind("k", {"en": ["Dear {{ recipient.", "organisation }}"]})
    problems = lint_templates(root)
    assert any("broken across paragraphs" in p and p.startswith("k/en:") for p in problems)


def test_metadata_missing_for_a_language_is_reported(make_kind: KindMaker) -> None:
    """Each language with a template needs its title, subject and body."""
    root = make_kind("k", {"en": ["x"], "fr": ["x"]})
    metadata = root / "k" / "kind.yaml"
    metadata.write_text(metadata.read_text().replace("  fr: Subject\n", ""))
    assert lint_templates(root) == ["k/fr: kind.yaml has no subject in fr"]


def test_file_that_is_not_a_document_is_reported(make_kind: KindMaker) -> None:
    """A .docx that is not a Word document is reported, not a crash."""
    root = make_kind("k", {"en": ["x"]})
    (root / "k" / "fr.docx").write_bytes(b"not a zip")
    problems = lint_templates(root)
    assert any(p.startswith("k/fr: cannot be opened") for p in problems), problems


def test_unsplit_tags_in_several_runs_pass(tmp_path: Path, make_kind: KindMaker) -> None:
    """A tag split over runs of one paragraph is fine: docxtpl repairs it."""
    root = make_kind("k", {"en": ["x"]}, variables=["name"])
    document = Document()
    paragraph = document.add_paragraph()
    for piece in ("Dear {{ na", "me }}"):
        paragraph.add_run(piece).bold = piece.startswith("me")
    document.save(str(root / "k" / "en.docx"))
    assert lint_templates(root) == []


def test_line_break_in_a_kind_subject_is_reported(make_kind: KindMaker) -> None:
    """A subject in kind.yaml with a U+2028 line separator fails `templates check`."""
    root = make_kind("k", {"en": ["Dear friends"]}, subject="Thanks\u2028Bcc: x@example.org")
    assert lint_templates(root) == [
        "k/en: kind.yaml subject: contains a line break or control character"
    ]
