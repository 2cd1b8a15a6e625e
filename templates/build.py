"""Lay out the DOCX templates and the kind.yaml of every document kind from their wording.

Run `python templates/build.py`: it rewrites templates/<kind>/kind.yaml and one
<lang>.docx per language (en, fr, es, ar, zh, ru), byte for byte the same on every run. The
wording is not here: it is in files the secretariat and translators edit.

- templates/<kind>/text/<lang>.txt: the lines `title: `, `subject: `, `body: ` (the
  kind's title and its e-mail subject and text), a blank line, then the document's
  paragraphs, one a line. A line is a justified body paragraph, or `style| text` with a
  style of STYLES (`title`, `item`, `heading`, `bullet`...). A line that is exactly a
  `{%p ... %}` tag is a docxtpl control paragraph: it disappears when rendered, so
  `{%p if ... %}` / `{%p endif %}` keep or drop the paragraphs between them.
- templates/phrases/<lang>.txt: `name: text` lines. `[[name]]` in a text is replaced by the
  phrase (articles before the recipient's title, forms of address by gender and channel,
  the place and dates of an incident); the letterhead, the closing formulas and the
  enclosure line are phrases too. templates/phrases/NOTES.md says where the Arabic,
  Chinese and Russian forms come from.
- French texts are written with ordinary spaces and apostrophes: `french_typography` puts
  the no-break spaces before ":" ";" "?" "!" and inside « », and the typographic apostrophe.
- Arabic texts are written without `|ltr`: `keep_left_to_right` adds it to the Latin values
  listed in LTR_VALUES (reference, e-mail, address lines, numbers...), so that they keep
  their order inside right-to-left text. Chinese documents keep the e-mail address and the
  reference whole (`nobreak`).
- Each Jinja tag stays inside one run of one paragraph (one run per paragraph here).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
LANGS = ("en", "fr", "es", "ar", "zh", "ru")
FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
FONT = "Times New Roman"
WORD_LANG = {
    "en": "en-GB",
    "fr": "fr-FR",
    "es": "es-ES",
    "ar": "ar-SA",
    "zh": "zh-CN",
    "ru": "ru-RU",
}
# Scripts Times New Roman does not cover: Debian fonts-noto-core and fonts-noto-cjk.
ARABIC_FONT = "Noto Naskh Arabic"
CHINESE_FONT = "Noto Serif CJK SC"

Texts = dict[str, str]
Para = str | tuple[str, str]


# --- The wording, read from the files people edit ------------------------------------

PHRASES_DIR = HERE / "phrases"
TEXT_DIR = "text"
HEADER_FIELDS = ("title", "subject", "body")
STYLED = re.compile(r"^(\w+)\| (.*)$")


@dataclass(frozen=True)
class Kind:
    """One document kind: its metadata (kind.yaml) and its text in each language."""

    name: str
    form: str
    sender: str
    variables: list[str]
    enclosure: bool = False

    def text(self, lang: str) -> KindText:
        """The kind's wording in one language, from templates/<kind>/text/<lang>.txt."""
        return read_text(HERE / self.name / TEXT_DIR / f"{lang}.txt")


@dataclass(frozen=True)
class KindText:
    """A kind's e-mail texts and paragraphs in one language."""

    title: str
    subject: str
    body: str
    paragraphs: list[Para]


def read_text(path: Path) -> KindText:
    """`title:`, `subject:` and `body:` lines, a blank line, then one paragraph a line: a
    body paragraph, a `{%p ... %}` control paragraph, or `style| text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    fields: dict[str, str] = {}
    for line, name in zip(lines, HEADER_FIELDS, strict=False):
        if not line.startswith(f"{name}: "):
            raise SystemExit(f"{path}: expected a line starting {name!r}")
        fields[name] = line[len(name) + 2 :]
    paragraphs: list[Para] = []
    for line in lines[len(HEADER_FIELDS) :]:
        styled = STYLED.match(line)
        if styled and styled.group(1) in STYLES:
            paragraphs.append((styled.group(1), styled.group(2)))
        elif line:
            paragraphs.append(line)
    return KindText(fields["title"], fields["subject"], fields["body"], paragraphs)


def read_phrases(lang: str) -> Texts:
    """The phrases of one language (templates/phrases/<lang>.txt): `name: text` lines."""
    phrases: Texts = {}
    for line in (PHRASES_DIR / f"{lang}.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, text = line.partition(": ")
            phrases[name] = text
    return phrases


PHRASES: dict[str, Texts] = {lang: read_phrases(lang) for lang in LANGS}

# The kinds: form, default sender, own variables; their wording is in their text/ folder.
KINDS = (
    Kind("condemnation-statement", "statement", "presidency", ["incident", "issuers"]),
    Kind(
        "statement-transmittal", "note-verbale", "isu", ["incident", "issuers", "statement"], True
    ),
    Kind(
        "statement-press-release",
        "press-release",
        "presidency",
        ["incident", "issuers", "statement"],
    ),
    Kind("reporting-reminder", "note-verbale", "isu", ["reminder"]),
    Kind("article3-progress-request", "signed-letter", "coordination-committee", ["article3"]),
    Kind(
        "article3-good-practices-request", "signed-letter", "coordination-committee", ["article3"]
    ),
    Kind("contribution-thanks", "signed-letter", "isu", ["contribution"]),
)


# --- Layout of each form -------------------------------------------------------------

ADDRESS_LINES: list[Para] = [
    "{%p for line in recipient.address_lines %}",
    ("line", "{{ line }}"),
    "{%p endfor %}",
]


def note_verbale(kind: Kind, lang: str) -> list[Para]:
    """Reference, the kind's text, closing formula, place and date, seal, addressee."""
    foot: list[Para] = [("foot", "[[organisation]]"), *ADDRESS_LINES]
    if kind.enclosure:
        foot.append(("enclosure", PHRASES[lang]["enclosure"]))
    return [
        ("reference", "{{ reference }}"),
        *kind.text(lang).paragraphs,
        PHRASES[lang]["note_closing"],
        ("dateline", "[[dateline]]"),
        ("seal", ""),
        *foot,
    ]


def signed_letter(kind: Kind, lang: str) -> list[Para]:
    """Reference, place and date, addressee, salutation, text, closing, signature."""
    return [
        ("line", "{{ reference }}"),
        ("dateline", "[[dateline]]"),
        "{%p if recipient.addressee_name %}",
        ("line", "[[addressee]]"),
        "{%p endif %}",
        "{%p if recipient.addressee_title and recipient.language == lang %}",
        ("line", "{{ recipient.addressee_title }}"),
        "{%p endif %}",
        ("line", "[[organisation]]"),
        *ADDRESS_LINES,
        ("salutation", "[[salutation]]"),
        *kind.text(lang).paragraphs,
        PHRASES[lang]["letter_closing"],
        ("signature", "{{ sender.signatory }}"),
        ("line", "{{ sender.signatory_title }}"),
    ]


def statement(kind: Kind, lang: str) -> list[Para]:
    """Reference; who issues a joint statement ("Joint statement" over the co-signing
    States or the Committee; the letterhead names a body that issues alone); the title
    (the kind's title, which a transmittal cites); its dateline and text; then the
    signature lines: the signatory of a body, the Committee, or each co-signing State."""
    text = kind.text(lang)
    return [
        ("reference", "{{ reference }}"),
        "{%p if issuers.joint %}",
        ("issuers", "[[joint_statement]]"),
        ("issuers", "{{ issuers.listed }}"),
        "{%p endif %}",
        ("title", text.title),
        *text.paragraphs,
        ("seal", ""),
        "{%p for signer in issuers.signatures %}",
        ("line", "{{ signer }}"),
        "{%p endfor %}",
    ]


def press_release(kind: Kind, lang: str) -> list[Para]:
    """Reference, the release's title, then its text (dateline first)."""
    text = kind.text(lang)
    return [("reference", "{{ reference }}"), ("title", text.title), *text.paragraphs]


FORMS = {
    "note-verbale": note_verbale,
    "signed-letter": signed_letter,
    "statement": statement,
    "press-release": press_release,
}


# --- Text expansion ------------------------------------------------------------------

PHRASE_MARK = re.compile(r"\[\[(\w+)\]\]")
FRENCH_SPACES = (
    (" :", "\u00a0:"),
    (" ;", "\u202f;"),
    (" ?", "\u202f?"),
    (" !", "\u202f!"),
    ("« ", "«\u00a0"),
    (" »", "\u00a0»"),
)


def french_spacing(text: str) -> str:
    """Put the no-break spaces French typography wants before : ; ? ! and in « »."""
    for plain, spaced in FRENCH_SPACES:
        text = text.replace(plain, spaced)
    return text


# Latin values (or numbers) inside Arabic text: `|ltr` wraps them in left-to-right marks,
# so that "CCM/ISU/2016/1a2b/001", "1 Rue de la Paix" or "x@y.org" keep their order. Dates,
# amounts and country names come from Babel in Arabic and need no marks.
LTR_VALUES = (
    "reference",
    "line",
    "sender.email",
    "s.title",
    "s.publisher",
    "s.url",
    "statement.url",
    "r.year",
    "contribution.year",
)
LTR_TAG = re.compile(
    r"\{\{ (" + "|".join(re.escape(v) for v in LTR_VALUES) + r")((?:\|[\w.()']+)*) \}\}"
)


def keep_left_to_right(text: str) -> str:
    """Add the `ltr` filter to every Latin value of LTR_VALUES in an Arabic text."""
    return LTR_TAG.sub(r"{{ \1\2|ltr }}", text)


JINJA_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")


def french_typography(text: str) -> str:
    """French spacing, and the typographic apostrophe (l’Unité) outside Jinja tags."""
    parts = JINJA_TAG.split(french_spacing(text))
    return "".join(p if i % 2 else p.replace("'", "’") for i, p in enumerate(parts))


# Chinese text breaks a line anywhere, a Latin e-mail address or reference at its hyphens
# and slashes too: `nobreak` keeps each of them whole (docx only; e-mail bodies are plain).
KEEP_WHOLE = re.compile(r"\{\{ (sender\.email|reference) \}\}")


def keep_whole(text: str) -> str:
    """Add the `nobreak` filter to the e-mail address and reference of a Chinese text."""
    return KEEP_WHOLE.sub(r"{{ \1|nobreak }}", text)


FINISHING = {"fr": french_typography, "ar": keep_left_to_right}


def expand(text: str, lang: str) -> str:
    """Replace each [[phrase]] by its text in `lang` (phrases may contain phrases)."""
    while PHRASE_MARK.search(text):
        text = PHRASE_MARK.sub(lambda m: PHRASES[lang][m.group(1)], text)
    finish = FINISHING.get(lang)
    return finish(text) if finish else text


# --- Word formatting -----------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """Direct paragraph formatting of one kind of paragraph (sizes in points)."""

    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    before: float = 0
    after: float = 10
    bold: bool = False
    italic: bool = False
    size: float | None = None
    word_style: str | None = None
    indent: float = 0


LEFT, RIGHT, CENTRE = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER)
STYLES: dict[str, Style] = {
    "body": Style(),
    "control": Style(align=LEFT, after=0),
    "line": Style(align=LEFT, after=0),
    "reference": Style(align=LEFT, after=18),
    "dateline": Style(align=RIGHT, before=6, after=18),
    "salutation": Style(align=LEFT, before=18, after=10),
    "signature": Style(align=LEFT, before=48, after=0),
    "seal": Style(align=LEFT, before=30, after=0),
    "foot": Style(align=LEFT, before=18, after=0),
    "enclosure": Style(align=LEFT, before=18, after=0, italic=True),
    "title": Style(align=CENTRE, after=6, bold=True, size=13),
    "issuers": Style(align=CENTRE, after=6, italic=True),
    "centre": Style(align=CENTRE, after=18),
    "heading": Style(align=LEFT, before=8, after=4, bold=True),
    "bullet": Style(align=LEFT, after=2, size=10, word_style="List Bullet"),
    "item": Style(after=6, indent=24),
}


def style_of(para: Para) -> tuple[str, str]:
    """Split a paragraph into (style name, text)."""
    if isinstance(para, tuple):
        return para
    return ("control" if para.startswith("{%p ") else "body"), para


def add_paragraph(doc: DocumentObject, style_name: str, text: str) -> Paragraph:
    """Append one paragraph holding its whole text in a single run."""
    style = STYLES[style_name]
    paragraph = doc.add_paragraph(style=style.word_style)
    fmt = paragraph.paragraph_format
    fmt.alignment = style.align
    fmt.space_before, fmt.space_after = Pt(style.before), Pt(style.after)
    if style.indent:
        fmt.left_indent = Pt(style.indent)
    run = paragraph.add_run(text)
    run.bold, run.italic = style.bold or None, style.italic or None
    if style.size is not None:
        run.font.size = Pt(style.size)
    return paragraph


def set_defaults(doc: DocumentObject, lang: str) -> None:
    """Font, size and proofing language for the whole document (docDefaults)."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))[0]
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), "24")
    rpr.find(qn("w:lang")).set(qn("w:val"), WORD_LANG[lang])
    ppr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault"))[0]
    ppr.find(qn("w:spacing")).set(qn("w:line"), "240")


def set_page(doc: DocumentObject) -> None:
    """A4 with 2.5 cm side margins; the first page has its own header (letterhead)."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = Cm(1.0)
    section.different_first_page_header_footer = True


def add_letterhead(doc: DocumentObject, lang: str) -> None:
    """Convention name and sending body, ruled off, in the first-page header."""
    header = doc.sections[0].first_page_header
    top = header.paragraphs[0]
    top.alignment = CENTRE
    name = top.add_run(PHRASES[lang]["letterhead"].upper())
    name.bold, name.font.size = True, Pt(13)
    sender = header.add_paragraph()
    rule_below(sender)  # first: python-docx then puts spacing and jc after pBdr, as OOXML wants
    sender.alignment = CENTRE
    sender.paragraph_format.space_after = Pt(12)
    sender.add_run("{{ sender.letterhead }}").italic = True


def rule_below(paragraph: Paragraph) -> None:
    """Draw a thin line under a paragraph (a bottom border)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "4"), ("color", "auto")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


# --- Right-to-left and East Asian text -----------------------------------------------

# Schema order (ECMA-376) of the children of pPr, rPr and sectPr: a child out of order
# makes Word refuse the file. Only the part from the elements set here onwards matters.
PPR_ORDER = (
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
RPR_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
SECTPR_ORDER = (
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def put(parent: BaseOxmlElement, tag: str, order: tuple[str, ...], **attrs: str) -> None:
    """Give `parent` a child `tag` (created at its place in `order`) with these attributes."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.insert_element_before(child, *order[order.index(tag) + 1 :])
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)


def format_script(paragraph: Paragraph, lang: str, style_name: str) -> None:
    """Arabic: right to left (bidi paragraph, rtl runs, complex-script font and size).
    Chinese: East Asian font and language, first line indented by two characters. Other
    languages: nothing, Times New Roman covers Latin and Cyrillic."""
    if lang == "ar":
        # In a bidi paragraph jc="left" is the start side, drawn on the right; "right"
        # (the dateline) is drawn on the left: the English layout, mirrored.
        put(paragraph._p.get_or_add_pPr(), "w:bidi", PPR_ORDER)
    if lang == "zh" and style_name == "body":
        paragraph.paragraph_format.first_line_indent = Pt(24)
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        if lang in ("ar", "zh"):
            # Naskh and CJK fonts have no italic: a slanted copy would be drawn instead.
            for italic in rpr.findall(qn("w:i")):
                rpr.remove(italic)
        if lang == "ar":
            put(rpr, "w:rFonts", RPR_ORDER, ascii=FONT, hAnsi=FONT, cs=ARABIC_FONT)
            if rpr.find(qn("w:b")) is not None:
                put(rpr, "w:bCs", RPR_ORDER)
            size = rpr.find(qn("w:sz"))
            if size is not None:
                put(rpr, "w:szCs", RPR_ORDER, val=size.get(qn("w:val")))
            put(rpr, "w:rtl", RPR_ORDER)
            put(rpr, "w:lang", RPR_ORDER, bidi="ar-SA")
        elif lang == "zh":
            put(rpr, "w:rFonts", RPR_ORDER, ascii=FONT, hAnsi=FONT, eastAsia=CHINESE_FONT)
            put(rpr, "w:lang", RPR_ORDER, eastAsia="zh-CN")


def set_script(doc: DocumentObject, lang: str) -> None:
    """Defaults, section and letterhead of an Arabic or Chinese document."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))[0]
    # w:lang/@w:val is the language of Latin text (addresses, e-mails, names): left as
    # Arabic or Chinese, LibreOffice breaks Latin words anywhere at the end of a line.
    if lang == "ar":
        put(rpr, "w:rFonts", RPR_ORDER, cs=ARABIC_FONT)
        put(rpr, "w:lang", RPR_ORDER, val=WORD_LANG["en"], bidi="ar-SA")
        put(doc.sections[0]._sectPr, "w:bidi", SECTPR_ORDER)
    elif lang == "zh":
        put(rpr, "w:rFonts", RPR_ORDER, eastAsia=CHINESE_FONT)
        put(rpr, "w:lang", RPR_ORDER, val=WORD_LANG["en"], eastAsia="zh-CN")
    else:
        return
    for paragraph in doc.sections[0].first_page_header.paragraphs:
        format_script(paragraph, lang, "letterhead")


def set_properties(doc: DocumentObject, kind: Kind, lang: str) -> None:
    """Fixed document properties, so that a rebuild gives the same file."""
    props = doc.core_properties
    props.title = kind.text(lang).title
    props.author = props.last_modified_by = "verbale"
    props.language = WORD_LANG[lang]
    props.revision = 1
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)


def build_docx(kind: Kind, lang: str) -> bytes:
    """Build one template and return its bytes."""
    doc = Document()
    set_defaults(doc, lang)
    set_page(doc)
    add_letterhead(doc, lang)
    set_properties(doc, kind, lang)
    for para in FORMS[kind.form](kind, lang):
        style_name, text = style_of(para)
        text = expand(text, lang)
        paragraph = add_paragraph(doc, style_name, keep_whole(text) if lang == "zh" else text)
        format_script(paragraph, lang, style_name)
    set_script(doc, lang)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps (zip entries carry the save time)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


# --- kind.yaml -----------------------------------------------------------------------


def kind_yaml(kind: Kind) -> str:
    """The metadata file of a kind, Jinja strings expanded like the documents."""
    data = {
        "form": kind.form,
        "sender": kind.sender,
        "variables": kind.variables,
        "title": {lang: expand(kind.text(lang).title, lang) for lang in LANGS},
        "subject": {lang: expand(kind.text(lang).subject, lang) for lang in LANGS},
        "body": {lang: expand(kind.text(lang).body, lang) for lang in LANGS},
    }
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    return (
        "# Laid out by templates/build.py from text/<lang>.txt: edit those, then rebuild.\n" + text
    )


def build_kind(kind: Kind, root: Path) -> None:
    """Write kind.yaml and the template of one kind in each language."""
    folder = root / kind.name
    folder.mkdir(exist_ok=True)
    (folder / "kind.yaml").write_text(kind_yaml(kind), encoding="utf-8")
    for lang in LANGS:
        (folder / f"{lang}.docx").write_bytes(build_docx(kind, lang))


def main() -> None:
    """Regenerate every kind under templates/."""
    for kind in KINDS:
        build_kind(kind, HERE)
        print(f"built {kind.name}")


if __name__ == "__main__":
    main()
