"""Templates compiled once: a document renders its tagged XML parts, the rest is copied.

For every document docxtpl unzips and parses the whole package (the styles alone are some
800 KB of XML), patches the document XML for Jinja, compiles and renders it, then
python-docx serialises and compresses every part again. Only the parts holding template tags
change from one letter to the next. A compiled template does everything else once: it runs
docxtpl's own XML patching on each tagged part and compiles it, and keeps every other zip
member compressed as python-docx writes it. A document is then a Jinja render of its tagged
parts, followed by the post-processing docxtpl applies, and a zip written from stored bytes.

The bytes are those docxtpl and python-docx write for the same template and context (a test
compares the two over every template and language), so docxtpl stays the reference.
"""

from __future__ import annotations

import copy
import io
import re
import struct
import threading
import time
import traceback
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate

# The text properties docxtpl renders as templates (DocxTemplate.render_properties).
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

# Sets a document's own core properties (title, author, dates) before it is written.
PropertiesHook = Callable[[CoreProperties], None]
_TAGS = re.compile(r"<[^>]+>")


class UnsupportedTemplate(Exception):  # noqa: N818 (a signal to the caller, not a failure)
    """The package has a part this compiler does not reproduce; render it with docxtpl."""


@dataclass(frozen=True)
class Member:
    """A zip member as zipfile writes it with ZIP_DEFLATED: name, CRC, sizes, deflated bytes."""

    name: bytes
    flags: int
    crc: int
    size: int
    data: bytes

    @classmethod
    def deflate(cls, name: str, content: bytes) -> Member:
        """The member of `content`, compressed as `ZipFile.writestr` compresses it."""
        # zipfile's deflate: default level, raw stream (wbits -15), one write then flush.
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800  # zipfile's UTF-8 name flag
        return cls(encoded, flags, zlib.crc32(content), len(content), data)


def write_zip(members: Sequence[Member], when: tuple[int, ...]) -> bytes:
    """A zip archive byte for byte as `zipfile.ZipFile(..., "w", ZIP_DEFLATED)` writes it
    (members added with `writestr`, to a seekable file), all stamped `when`."""
    dosdate = (when[0] - 1980) << 9 | when[1] << 5 | when[2]
    dostime = when[3] << 11 | when[4] << 5 | (when[5] // 2)
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        sizes = (m.crc, len(m.data), m.size, len(m.name))
        local = struct.pack(
            "<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, m.flags, 8, dostime, dosdate, *sizes, 0
        )
        central.append(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\x01\x02",
                20,
                3,  # made on Unix, as zipfile says everywhere but Windows
                20,
                0,
                m.flags,
                8,
                dostime,
                dosdate,
                *sizes,
                0,
                0,
                0,
                0,
                0o600 << 16,  # writestr's permissions: rw-------
                offset,
            )
            + m.name
        )
        chunks += (local, m.name, m.data)
        offset += len(local) + len(m.name) + len(m.data)
    directory = b"".join(central)
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0
    )
    return b"".join([*chunks, directory, end])


def paragraph_of(exc: BaseException, src_xml: str) -> str:
    """The text of the paragraph a template error comes from (docxtpl: a line per <w:p>)."""
    lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml).splitlines()
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    if not frames or not frames[-1].lineno or frames[-1].lineno > len(lines):
        return ""
    text = _TAGS.sub("", lines[frames[-1].lineno - 1]).strip()
    return text[:120]


@dataclass(frozen=True)
class TaggedPart:
    """An XML part docxtpl renders (document, header, footer), patched and compiled once."""

    name: str
    patched: str  # docxtpl's patched XML, before its one-line-per-paragraph split
    template: jinja2.Template
    finish: Callable[[str], bytes]  # rendered XML -> the part's bytes in the package
    tools: DocxTemplate

    def render(self, context: Mapping[str, Any]) -> bytes:
        """The part's bytes for one context; a missing value notes its paragraph."""
        try:
            xml = self.template.render(context)
        except jinja2.TemplateRuntimeError as exc:  # UndefinedError included
            exc.add_note(paragraph_of(exc, self.patched))
            raise
        return self.finish(_after_render(xml, self.tools))


def _after_render(xml: str, tools: DocxTemplate) -> str:
    """What DocxTemplate.render_xml_part does to the rendered XML."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    # docxtpl's Listing pass only rewrites these characters; without them it changes nothing.
    if any(mark in xml for mark in "\t\a\n\f"):
        xml = tools.resolve_listing(xml)
    return str(xml)


class CompiledTemplate:
    """One DOCX template, ready to render many documents; keeps no parsed package."""

    def __init__(self, source: bytes, env: jinja2.Environment) -> None:
        self._env = env
        self._lock = threading.Lock()  # the document element is shared between renders
        # docxtpl's XML functions (fix_tables, fix_docpr_ids, resolve_listing), no document.
        self._tools = DocxTemplate(io.BytesIO(source))
        template = DocxTemplate(io.BytesIO(source))
        template.init_docx()
        package = template.docx.part.package
        if any(part.content_type == FOOTNOTES for part in package.parts):
            raise UnsupportedTemplate("footnotes")
        try:
            core = package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES)
        except KeyError:
            # python-docx would add one, stamped with the time of each render.
            raise UnsupportedTemplate("no core properties") from None
        self._document = template.docx.element
        self._body = self._document.body
        parts = [self._body_part(template), *self._header_footer_parts(template)]
        self._parts = [part for part in parts if _has_tags(part.patched, env)]
        # A part without tags renders the same for every document: once, here.
        static = {part.name: part.render({}) for part in parts if part not in self._parts}
        self._core_name = core.partname.membername
        self._core = core.element
        self._properties = self._core_properties()
        self._members = self._package_members(template, static)

    def render(
        self, context: Mapping[str, Any], set_properties: PropertiesHook | None = None
    ) -> bytes:
        """The DOCX file of one document; `set_properties` may set its core properties."""
        rendered = {part.name: part.render(context) for part in self._parts}
        if self._properties or set_properties is not None:
            rendered[self._core_name] = self._render_properties(context, set_properties)
        else:
            rendered[self._core_name] = self._core_bytes
        # One timestamp for the whole archive; zipfile reads the clock once per member.
        when = time.localtime(time.time())[:6]
        members = [
            Member.deflate(name, rendered[name]) if member is None else member
            for name, member in self._members
        ]
        return write_zip(members, when)

    def _body_part(self, template: DocxTemplate) -> TaggedPart:
        patched = template.patch_xml(template.get_xml())
        return self._tagged(template.docx.part.partname.membername, patched, self._finish_body)

    def _finish_body(self, xml: str) -> bytes:
        # As DocxTemplate.render: fix tables, renumber drawings, put the body in the document.
        tree = self._tools.fix_tables(xml)
        with self._lock:
            self._tools.docx_ids_index = 1000
            self._tools.fix_docpr_ids(tree)
            self._document.replace(self._body, tree)
            self._body = tree
            return bytes(serialize_part_xml(self._document))

    def _header_footer_parts(self, template: DocxTemplate) -> list[TaggedPart]:
        parts = []
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for _, part in template.get_headers_footers(uri):
                patched = template.patch_xml(template.get_part_xml(part))
                parts.append(self._tagged(part.partname.membername, patched, _finish_header))
        return parts

    def _tagged(self, name: str, patched: str, finish: Callable[[str], bytes]) -> TaggedPart:
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
        return TaggedPart(name, patched, self._env.from_string(source), finish, self._tools)

    def _core_properties(self) -> dict[str, jinja2.Template]:
        """The properties with tags; the others docxtpl sets to themselves, done here once."""
        properties = CoreProperties(self._core)
        tagged = {}
        for name in PROPERTIES:
            value = getattr(properties, name)
            if _has_tags(value, self._env):
                tagged[name] = self._env.from_string(value)
            else:
                setattr(properties, name, value)  # this alone may add an empty element
        return tagged

    def _render_properties(
        self, context: Mapping[str, Any], set_properties: PropertiesHook | None
    ) -> bytes:
        element = copy.deepcopy(self._core)
        properties = CoreProperties(element)
        for name, template in self._properties.items():
            setattr(properties, name, template.render(context))
        if set_properties is not None:
            set_properties(properties)
        return bytes(serialize_part_xml(element))

    def _package_members(
        self, template: DocxTemplate, static: Mapping[str, bytes]
    ) -> list[tuple[str, Member | None]]:
        """Every zip member in python-docx's order: stored bytes, or None when rendered."""
        buffer = io.BytesIO()
        template.docx.save(buffer)
        # The core properties are always written per document: from the template, or set.
        rendered = {part.name for part in self._parts} | {self._core_name}
        members: list[tuple[str, Member | None]] = []
        with zipfile.ZipFile(buffer) as archive:
            self._core_bytes = archive.read(self._core_name)
            for info in archive.infolist():
                name = info.filename
                content = static.get(name) or archive.read(name)
                members.append((name, None if name in rendered else Member.deflate(name, content)))
        return members


def _finish_header(xml: str) -> bytes:
    # docxtpl loads a rendered header or footer as a new part, which python-docx parses
    # (dropping blank text) and serialises again on save.
    return bytes(serialize_part_xml(parse_xml(xml.encode("utf-8"))))


def _has_tags(text: str, env: jinja2.Environment) -> bool:
    starts = (env.variable_start_string, env.block_start_string, env.comment_start_string)
    return any(start in text for start in starts)
