"""PDF renditions with LibreOffice: one process per batch, failures named, text readable."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import KindMaker

from verbale.documents.kinds import load_kind
from verbale.documents.pdf import PdfStatus, convert, find_soffice
from verbale.documents.rendering import Renderer
from verbale.languages import Language

pytestmark = pytest.mark.slow


def pdf_text(path: Path) -> str:
    """The text of a PDF as pdftotext reads it."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.fixture
def soffice() -> str:
    """LibreOffice must be installed: the test suite never skips PDF tests."""
    found = find_soffice("soffice")
    assert found, "LibreOffice (soffice) is required: run scripts/system-packages.sh"
    return found


def test_batch_converts_in_one_process_and_keeps_the_text(
    make_kind: KindMaker, tmp_path: Path, soffice: str
) -> None:
    """Every document gets a PDF next to it with the rendered text."""
    root = make_kind(
        "k", {"fr": ["Genève, le {{ d|longdate }}", "{{ 'ZM'|country }}"]}, variables=["d"]
    )
    kind = load_kind(root, "k")
    renderer = Renderer({})
    out = tmp_path / "batch"
    files = [
        renderer.render(kind, Language.FR, {"d": date(2016, 3, day)}, out / f"d{day}.docx")
        for day in (1, 2, 3)
    ]
    conversion = convert(files, soffice, timeout=300)
    assert conversion.status is PdfStatus.CONVERTED
    assert sorted(conversion.converted) == ["d1.docx", "d2.docx", "d3.docx"]
    text = pdf_text(out / "d3.pdf").replace("\u00a0", " ").replace("\u202f", " ")
    assert "Genève, le 3 mars 2016" in text
    assert "Zambie" in text


def test_a_file_libreoffice_cannot_open_is_named_and_the_others_convert(
    make_kind: KindMaker, tmp_path: Path, soffice: str
) -> None:
    """One broken file is reported by name; the rest of the batch still converts."""
    root = make_kind("k", {"en": ["Hello"]})
    kind = load_kind(root, "k")
    good = Renderer({}).render(kind, Language.EN, {}, tmp_path / "batch" / "good.docx")
    broken = tmp_path / "batch" / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not a Word document")
    conversion = convert([broken, good], soffice, timeout=300)
    assert conversion.status is PdfStatus.PARTLY_CONVERTED
    assert list(conversion.converted) == ["good.docx"]
    assert list(conversion.failed) == ["broken.docx"]
    assert str(broken) in conversion.failed["broken.docx"]
    assert (tmp_path / "batch" / "good.pdf").is_file()


def test_missing_libreoffice_is_reported_not_hidden() -> None:
    """An unknown command is not found (the flow then says PDFs are unavailable)."""
    assert find_soffice("no-such-libreoffice-command") is None
