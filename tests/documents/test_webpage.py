"""The statement for the website: a valid HTML page and an Atom entry in each language."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import html5lib
import pytest
from docx import Document
from letters import drafting, render
from statementbatch import statement_jobs

from verbale.convention.outreach import Outreach
from verbale.documents.webpage import ATOM, Page, write_pages
from verbale.languages import Language
from verbale.settings import Settings

pytestmark = pytest.mark.xdist_group("webpage")  # one worker renders the module's pages once
XHTML = "{http://www.w3.org/1999/xhtml}"
A = f"{{{ATOM}}}"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """The sample statement rendered in the six languages, with its page and Atom entry."""
    folder = tmp_path_factory.mktemp("web")
    settings = Settings(languages=list(Language), work_dir=folder / "work")
    jobs, _ = statement_jobs(settings, Outreach())
    statements = [job for job in jobs if job.kind == "condemnation-statement"]
    files = render(drafting(date(2016, 2, 25), settings), statements, folder)
    found = {}
    for job in statements:
        page = Page.from_details(job.lang, job.subject, job.details)
        assert page is not None
        found[job.lang] = write_pages(files[job.doc_id], page)
    return found


def parsed(path: Path) -> ET.Element:
    """An HTML page parsed by html5lib in strict mode: any parse error raises."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    with path.open("rb") as handle:
        tree: ET.Element = parser.parse(handle)
    return tree


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(Language))
def test_each_page_is_valid_html_with_its_language_and_direction(
    pages: dict[str, tuple[Path, Path]], lang: Language
) -> None:
    """html5lib parses the page without error; lang and dir are right (Arabic rtl)."""
    root = parsed(pages[lang.value][0])
    assert root.get("lang") == lang.value
    assert root.get("dir") == ("rtl" if lang is Language.AR else "ltr")
    title = root.find(f"{XHTML}head/{XHTML}title")
    heading = root.find(f".//{XHTML}main/{XHTML}article/{XHTML}h1")
    assert title is not None and heading is not None and title.text == heading.text
    meta = root.find(f"{XHTML}head/{XHTML}meta")
    assert meta is not None and meta.get("charset") == "utf-8"
    items = root.findall(f".//{XHTML}article/{XHTML}ul/{XHTML}li")
    assert len(items) == 2  # the two sources


@pytest.mark.slow
def test_the_arabic_page_is_right_to_left_and_in_arabic(
    pages: dict[str, tuple[Path, Path]],
) -> None:
    """The Arabic page says dir="rtl" and carries the Arabic text of the statement."""
    text = pages["ar"][0].read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in text
    assert "الجمهورية العربية السورية" in text


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(Language))
def test_each_atom_entry_is_an_atom_document(
    pages: dict[str, tuple[Path, Path]], lang: Language
) -> None:
    """The entry parses as XML in the Atom namespace with id, title, updated, link, content."""
    html_path, atom_path = pages[lang.value]
    entry = ET.parse(atom_path).getroot()
    assert entry.tag == f"{A}entry"
    assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == lang.value
    entry_id = entry.findtext(f"{A}id") or ""
    assert entry_id.startswith("tag:www.ccm-isu.example.org,2016-02-25:/statements/2016-02-sy/")
    assert entry.findtext(f"{A}updated") == "2016-02-25T00:00:00Z"
    assert entry.findtext(f"{A}title") and entry.findtext(f"{A}author/{A}name")
    link = entry.find(f"{A}link")
    assert link is not None and link.get("href", "").endswith(f"/{html_path.name}")
    content = entry.find(f"{A}content")
    assert content is not None and content.get("type") == "html"
    direction = "rtl" if lang is Language.AR else "ltr"
    assert (content.text or "").startswith(f'<div dir="{direction}">')
    assert "<h1>" in (content.text or "")


def test_text_from_the_document_is_escaped(tmp_path: Path) -> None:
    """A `<` or `&` in the document's text cannot become markup in the page or the entry."""
    docx = tmp_path / "statement.docx"
    document = Document()
    for text in ("Title <b>&", "Reports of <script>alert(1)</script> & more"):
        document.add_paragraph(text)
    document.save(str(docx))
    page = Page(
        Language.EN, "Title <b>&", "https://web.example.org/s/x.html", "A & B", date(2016, 2, 25)
    )
    html_path, atom_path = write_pages(docx, page)
    root = parsed(html_path)
    assert root.find(f".//{XHTML}script") is None and root.find(f".//{XHTML}b") is None
    assert "&lt;script&gt;" in html_path.read_text(encoding="utf-8")
    entry = ET.parse(atom_path).getroot()
    assert entry.findtext(f"{A}author/{A}name") == "A & B"
