"""A statement for the website: a standalone HTML page and an Atom entry per language.

Both are made from the rendered .docx (so that the page says what the approved document
says, an edit in Word included) and from the facts the plan gave the document: its title,
the address the website publishes it at, who issues it and its date.
"""

from __future__ import annotations

import datetime as dt
import html
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from docx import Document

from verbale.languages import Language

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HTML_SUFFIX, ATOM_SUFFIX = ".html", ".atom"
# What a statement's details hold for the website (planning writes them, pages read them).
PAGE, ISSUED_BY, DATE = "page", "issued_by", "date"
_BULLET_STYLES = ("List Bullet",)
RIGHT_TO_LEFT = frozenset({Language.AR})


@dataclass(frozen=True)
class Page:
    """What the website shows of one statement in one language."""

    lang: Language
    title: str
    url: str
    issued_by: str
    date: dt.date

    @classmethod
    def from_details(cls, lang: str, title: str, details: Mapping[str, str]) -> Page | None:
        """The page of a document whose details say where it is published; None for a
        document the website does not publish."""
        if PAGE not in details:
            return None
        date = dt.date.fromisoformat(details[DATE])
        return cls(Language(lang), title, details[PAGE], details[ISSUED_BY], date)

    @property
    def direction(self) -> str:
        """The script's direction: 'rtl' for Arabic, else 'ltr'."""
        return "rtl" if self.lang in RIGHT_TO_LEFT else "ltr"

    @property
    def entry_id(self) -> str:
        """A permanent id for the Atom entry (RFC 4151 tag URI from the page's address)."""
        parts = urlsplit(self.url)
        return f"tag:{parts.hostname},{self.date.isoformat()}:{parts.path}"


def docx_blocks(docx: Path) -> list[tuple[str, str]]:
    """The document's paragraphs, its letterhead first, as (kind, text): 'item' for a
    bullet, else 'para'; empty paragraphs (spacers) left out."""
    document = Document(str(docx))
    letterhead = document.sections[0].first_page_header.paragraphs
    blocks = []
    for paragraph in [*letterhead, *document.paragraphs]:
        text = paragraph.text.strip()
        if not text:
            continue
        style = paragraph.style.name if paragraph.style is not None else ""
        blocks.append(("item" if style in _BULLET_STYLES else "para", text))
    return blocks


def body_html(page: Page, blocks: list[tuple[str, str]]) -> str:
    """The statement's text as HTML: its title a heading, bullets a list, the rest
    paragraphs; every text escaped."""
    out: list[str] = []
    in_list = False
    for kind, text in blocks:
        if kind == "item" and not in_list:
            out.append("<ul>")
        elif kind != "item" and in_list:
            out.append("</ul>")
        in_list = kind == "item"
        if text == page.title:
            out.append(f"<h1>{html.escape(text)}</h1>")
        elif kind == "item":
            out.append(f"<li>{html.escape(text)}</li>")
        else:
            out.append(f"<p>{html.escape(text)}</p>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def page_html(page: Page, body: str, feed_name: str) -> str:
    """A standalone HTML page: language and direction on <html>, the title, the text in
    an <article> of <main>, and a link to the Atom entry."""
    title = html.escape(page.title)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{page.lang.value}" dir="{page.direction}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f'<link rel="canonical" href="{html.escape(page.url)}">',
            '<link rel="alternate" type="application/atom+xml" '
            f'href="{html.escape(feed_name)}" title="{title}">',
            "</head>",
            "<body>",
            "<main>",
            "<article>",
            body,
            "</article>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def atom_entry(page: Page, body: str) -> bytes:
    """An Atom Entry Document (RFC 4287): id, title, updated, author, link to the page and
    the text as escaped HTML."""
    ET.register_namespace("", ATOM)
    entry = ET.Element(f"{{{ATOM}}}entry", {XML_LANG: page.lang.value})
    ET.SubElement(entry, f"{{{ATOM}}}id").text = page.entry_id
    ET.SubElement(entry, f"{{{ATOM}}}title", {"type": "text"}).text = page.title
    updated = dt.datetime.combine(page.date, dt.time(), dt.UTC)
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = updated.isoformat().replace("+00:00", "Z")
    author = ET.SubElement(entry, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = page.issued_by
    link = {"rel": "alternate", "type": "text/html", "hreflang": page.lang.value, "href": page.url}
    ET.SubElement(entry, f"{{{ATOM}}}link", link)
    content = f'<div dir="{page.direction}">{body}</div>'
    ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "html"}).text = content
    data: bytes = ET.tostring(entry, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def write_pages(docx: Path, page: Page) -> tuple[Path, Path]:
    """Write the HTML page and the Atom entry beside a statement's .docx."""
    body = body_html(page, docx_blocks(docx))
    html_path, atom_path = docx.with_suffix(HTML_SUFFIX), docx.with_suffix(ATOM_SUFFIX)
    html_path.write_text(page_html(page, body, atom_path.name), encoding="utf-8")
    atom_path.write_bytes(atom_entry(page, body))
    return html_path, atom_path
