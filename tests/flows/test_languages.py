"""The six languages of the Convention: statements to PDF, Arabic right to left."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import REPOSITORY, docx_text, manifest_json
from docx import Document

from verbale.convention.directory import load_directory
from verbale.documents.kinds import kind_names
from verbale.documents.preview import render_preview
from verbale.languages import Language, country_name, long_date
from verbale.settings import Settings

pytestmark = [
    pytest.mark.prefect,
    pytest.mark.usefixtures("prefect_harness"),
    pytest.mark.xdist_group("languages"),  # one worker drafts the module's batch once
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OUTPUT = REPOSITORY / "test-output"
ALL = ["ar", "zh", "en", "fr", "ru", "es"]
# A stock phrase each language's statement must carry (Art. 1: never use, under any
# circumstances; the call to join the Convention).
CONVENTION = {
    "ar": "اتفاقية الذخائر العنقودية",
    "zh": "集束弹药公约",
    "en": "Convention on Cluster Munitions",
    "fr": "Convention sur les armes à sous-munitions",
    "ru": "Конвенции по кассетным боеприпасам",
    "es": "Convención sobre Municiones en Racimo",
}


# A line that ends in the hyphen of a compound ("sous-" / "munitions"): the word goes on.
LINE_END_HYPHEN = re.compile(r"(?<=\w-)[ \t]*\n\s*")


def pdf_text(path: Path) -> str:
    """The text of a PDF in logical order, as pdftotext extracts it, spaces normalised.

    Line by line as laid out (`-layout`): in its default mode pdftotext takes a hyphen at the
    end of a line for a word split by hyphenation, drops it and joins the halves, so that
    French "sous-munitions" broken after its hyphen would read "sousmunitions". Here such a
    line is joined to the next with its hyphen kept."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    text = result.stdout.replace("\u00a0", " ").replace("\u202f", " ")
    marks = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"), None)
    return " ".join(LINE_END_HYPHEN.sub("", text.translate(marks)).split())


@pytest.fixture(scope="module")
def six_language_statement(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A statement batch in all six languages, converted to PDF."""
    from flows.statement import statement

    work = tmp_path_factory.mktemp("six")
    patch = pytest.MonkeyPatch()
    patch.setenv("VERBALE_WORK_DIR", str(work / "work"))
    patch.setenv("VERBALE_LANGUAGES", '["ar","zh","en","fr","ru","es"]')
    patch.setenv("VERBALE_PAGE_IMAGES", "false")  # the tests read the PDFs themselves
    try:
        return Path(statement(incident="2016-02-sy"))
    finally:
        patch.undo()


@pytest.mark.parametrize("lang", ALL)
def test_statement_pdf_has_the_state_dates_and_formulas(
    six_language_statement: Path, lang: str
) -> None:
    """Each language's PDF shows the State's name, the dates and the Convention's name."""
    manifest = manifest_json(six_language_statement)
    assert manifest["pdf"]["status"] == "converted"
    text = pdf_text(six_language_statement / f"condemnation-statement-{lang}.pdf")
    language = Language(lang)
    expected = " ".join(long_date(date(2016, 2, 18), language).replace("\u00a0", " ").split())
    names = load_directory(REPOSITORY / "recipients").names
    assert country_name("SY", language, names) in text.replace(" ", "" if lang == "zh" else " ")
    assert CONVENTION[lang] in text  # as written, in the body (a letterhead may be in capitals)
    if lang == "zh":  # pdftotext puts spaces between Latin digits and Chinese characters
        assert expected in text.replace(" ", "")
    elif lang == "ar":  # digits inside Arabic come out as separate runs; order checked below
        assert all(part in text for part in expected.split())
        docx = docx_text(six_language_statement / "condemnation-statement-ar.docx")
        assert expected in " ".join(docx.replace("\u00a0", " ").split())
    else:
        assert expected in text


def test_arabic_and_chinese_pages_are_rendered_for_a_person_to_look_at(
    six_language_statement: Path,
) -> None:
    """The first page of the Arabic and Chinese PDFs is written as PNG into test-output/."""
    OUTPUT.mkdir(exist_ok=True)
    for lang in ("ar", "zh"):
        target = OUTPUT / f"statement-{lang}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(six_language_statement / f"condemnation-statement-{lang}.pdf"),
                str(target),
            ],
            check=True,
        )
        png = target.with_suffix(".png")
        assert png.is_file() and png.stat().st_size > 10_000


def test_arabic_transmittal_text_is_in_logical_order(six_language_statement: Path) -> None:
    """Arabic is extracted from the PDF in logical order (a phrase reads as written)."""
    manifest = manifest_json(six_language_statement)
    arabic = [d for d in manifest["documents"] if d["lang"] == "ar"]
    assert arabic, "the statement in Arabic"
    text = pdf_text(six_language_statement / "condemnation-statement-ar.pdf")
    assert "اتفاقية الذخائر العنقودية" in text
    assert "الذخائر العنقودية اتفاقية" not in text


@pytest.mark.parametrize("kind", kind_names(REPOSITORY / "templates"))
def test_arabic_paragraphs_and_runs_are_right_to_left(kind: str, tmp_path: Path) -> None:
    """Every Arabic paragraph carrying text has w:bidi, and every run with text w:rtl."""
    out = render_preview(
        Settings(), kind, "FR", "mission", Language.AR, None, tmp_path / f"{kind}-ar.docx"
    )
    document = Document(str(out))
    parts = [document.element.body] + [
        s.header._element for s in document.sections if s.header is not None
    ]
    checked = 0
    for part in parts:
        for paragraph in part.iter(f"{W}p"):
            runs = [
                r
                for r in paragraph.iter(f"{W}r")
                if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()
            ]
            if not runs:
                continue
            checked += 1
            assert paragraph.find(f"{W}pPr/{W}bidi") is not None, docx_text(out)[:200]
            for run in runs:
                assert run.find(f"{W}rPr/{W}rtl") is not None
    assert checked > 5


@pytest.mark.parametrize("lang", ["ar", "zh", "ru"])
def test_every_kind_renders_in_the_new_languages(lang: str, tmp_path: Path) -> None:
    """Each kind has a template in Arabic, Chinese and Russian that renders strictly."""
    for kind in kind_names(REPOSITORY / "templates"):
        out = render_preview(
            Settings(), kind, "FR", "mission", Language(lang), None, tmp_path / f"{kind}.docx"
        )
        assert "{{" not in docx_text(out) and "{%" not in docx_text(out)
