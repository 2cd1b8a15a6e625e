"""Page images of a document's PDF (poppler's pdftoppm), made once per PDF content.

The review room shows them; drafting makes them beside the PDFs, so that a reviewer's first
look at a document costs no conversion.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from verbale.documents.files import sha256_of
from verbale.errors import ConfigurationError

RESOLUTION = 100


def page_images(pdf: Path, cache: Path, resolution: int = RESOLUTION) -> list[Path]:
    """The PNG of each page of a PDF, made once per PDF content and kept in `cache`."""
    folder = cache / f"{pdf.stem}-{sha256_of(pdf)[:16]}"
    if not folder.is_dir():
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            raise ConfigurationError("pdftoppm (poppler-utils) is not installed: no page images")
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        subprocess.run(
            [pdftoppm, "-png", "-r", str(resolution), str(pdf), str(partial / "page")],
            check=True,
            capture_output=True,
            timeout=120,
        )
        partial.replace(folder)
    return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def make_page_images(pdfs: Sequence[Path], cache: Path, workers: int) -> list[Path]:
    """Page images of many PDFs, `workers` pdftoppm processes at a time; the PDFs whose
    images could not be made (the review room makes them, or says why, when asked)."""
    if shutil.which("pdftoppm") is None:
        return list(pdfs)

    def made(pdf: Path) -> bool:
        try:
            page_images(pdf, cache)
        except (OSError, subprocess.SubprocessError):
            return False
        return True

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        outcomes = list(pool.map(made, pdfs))
    return [pdf for pdf, ok in zip(pdfs, outcomes, strict=True) if not ok]
