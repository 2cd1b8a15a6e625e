"""Batches carry PDF renditions with their own hashes, or say plainly that they have none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import manifest_json

from verbale.batches.manifest import sha256_of
from verbale.batches.review import approve, load_batch
from verbale.workspace import Workspace

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


def test_every_draft_has_a_pdf_listed_with_its_hash() -> None:
    """The manifest lists each PDF next to its DOCX with the PDF's own SHA-256."""
    from flows.reminders import reminders

    folder = Path(reminders(as_of=date(2016, 3, 3)))
    manifest = manifest_json(folder)
    assert manifest["pdf"] == {"status": "converted", "failed": {}}
    previews = Workspace(folder.parent.parent).previews(folder.name)
    for doc in manifest["documents"]:
        (pdf,) = doc["renditions"]
        assert pdf["path"] == doc["path"].replace(".docx", ".pdf")
        assert pdf["sha256"] == sha256_of(folder / pdf["path"])
        # the review room's page images were made with the PDFs
        stem = Path(pdf["path"]).stem
        assert (previews / f"{stem}-{pdf['sha256'][:16]}" / "page-1.png").is_file()


def test_approval_covers_the_pdfs(tmp_path: Path) -> None:
    """Approving records the PDF hashes too."""
    from flows.reminders import reminders

    folder = Path(reminders(as_of=date(2016, 3, 3)))
    ledger = Workspace(folder.parent.parent).ledger
    batch = load_batch(Workspace(folder.parent.parent), folder.name)
    approve(batch, ledger, "Reviewer", "", [])
    approved = ledger.approved_files(folder.name)
    pdfs = [path for path in approved if path.endswith(".pdf")]
    assert len(pdfs) == len(batch.documents)
    assert approved[pdfs[0]] == sha256_of(folder / pdfs[0])


def test_conversion_turned_off_is_said_in_the_manifest(monkeypatch: pytest.MonkeyPatch) -> None:
    """With VERBALE_PDF=false the batch has no PDF and says so."""
    from flows.reminders import reminders

    monkeypatch.setenv("VERBALE_PDF", "false")
    folder = Path(reminders(as_of=date(2016, 3, 3)))
    manifest = manifest_json(folder)
    assert manifest["pdf"]["status"] == "disabled"
    assert all(doc["renditions"] == [] for doc in manifest["documents"])
    assert not list(folder.glob("*.pdf"))


def test_missing_libreoffice_is_said_in_the_manifest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without LibreOffice the batch says so and claims no PDF."""
    from flows.reminders import reminders

    monkeypatch.setenv("VERBALE_SOFFICE", "no-such-libreoffice")
    manifest = manifest_json(Path(reminders(as_of=date(2016, 3, 3))))
    assert manifest["pdf"]["status"] == "libreoffice-unavailable"
    assert manifest["summary"]["pdf"] == "libreoffice-unavailable"
    assert all(doc["renditions"] == [] for doc in manifest["documents"])
