"""Page images of PDFs: made once per content, many at a time, a broken PDF named."""

from __future__ import annotations

from pathlib import Path

from samplebatch import tiny_pdf

from verbale.documents.pages import make_page_images, page_images


def test_every_pdf_gets_its_page_images_and_a_broken_one_is_returned(tmp_path: Path) -> None:
    """Two good PDFs get a PNG each; the broken one is returned, the others are not held up."""
    pdfs = []
    for name in ("FR", "ZM"):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(tiny_pdf(f"Draft {name}"))
        pdfs.append(pdf)
    broken = tmp_path / "XX.pdf"
    broken.write_bytes(b"not a pdf")
    cache = tmp_path / "previews"
    assert make_page_images([*pdfs, broken], cache, workers=2) == [broken]
    for pdf in pdfs:
        (image,) = page_images(pdf, cache)
        assert image.read_bytes().startswith(b"\x89PNG")


def test_images_made_while_drafting_are_served_without_converting_again(tmp_path: Path) -> None:
    """page_images finds what make_page_images made: no file is written a second time."""
    pdf = tmp_path / "FR.pdf"
    pdf.write_bytes(tiny_pdf("Draft FR"))
    cache = tmp_path / "previews"
    make_page_images([pdf], cache, workers=1)
    made = {p: p.stat().st_mtime_ns for p in cache.rglob("*.png")}
    assert made
    page_images(pdf, cache)
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*.png")} == made
