"""A reviewer's edit of a statement: its web page and Atom entry follow the edited text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import REPOSITORY
from docx import Document
from statementbatch import BATCH, write_statement_batch

from verbale.batches.edits import replace_draft
from verbale.batches.review import approve, load_batch
from verbale.convention.outreach import Outreach, load_outreach
from verbale.settings import Settings


@pytest.mark.slow
def test_an_edited_statement_gets_its_web_files_again_and_can_be_approved(
    tmp_path: Path,
) -> None:
    """The edited sentence is on the page and in the entry; approval takes the new files."""
    settings = Settings(work_dir=tmp_path / "work", pdf=False)
    outreach: Outreach = load_outreach(REPOSITORY / "recipients")
    folder = write_statement_batch(settings, outreach)
    draft = folder / "condemnation-statement-en.docx"
    document = Document(str(draft))
    document.add_paragraph("A sentence the reviewer added & checked.")
    edited = io.BytesIO()
    document.save(edited)
    ledger = settings.workspace.ledger

    replace_draft(
        load_batch(settings.workspace, BATCH), ledger, "condemnation-statement-en",
        edited.getvalue(), "Ana Reviewer", None, 60,
    )  # fmt: skip

    escaped = "A sentence the reviewer added &amp; checked."
    assert escaped in (folder / "condemnation-statement-en.html").read_text(encoding="utf-8")
    assert "the reviewer added" in (folder / "condemnation-statement-en.atom").read_text()
    approve(load_batch(settings.workspace, BATCH), ledger, "Ana Reviewer", "", ())
    assert ledger.approved_files(BATCH)["condemnation-statement-en.html"]
