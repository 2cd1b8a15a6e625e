"""The template lint: every kind and language parses, declares and shares its variables."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from lxml import etree

from verbale.documents.kinds import TEXT_FIELDS, Kind, kind_names, load_kind
from verbale.documents.rendering import make_environment
from verbale.errors import TemplateError
from verbale.languages import Language
from verbale.tables import control_characters

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_UNREADABLE = (
    OSError,
    ValueError,
    KeyError,
    zipfile.BadZipFile,
    PackageNotFoundError,
    etree.XMLSyntaxError,
)
_PAIRS = (("{{", "}}"), ("{%", "%}"), ("{#", "#}"))


def lint_templates(templates_dir: Path) -> list[str]:
    """Every problem of every kind, one line each as `kind/lang: problem`."""
    problems: list[str] = []
    env = make_environment({})
    for name in kind_names(templates_dir):
        try:
            kind = load_kind(templates_dir, name)
        except TemplateError as exc:
            problems.append(f"{name}: {exc}")
            continue
        problems.extend(lint_kind(kind, env))
    return problems


def require_clean(kind: Kind) -> None:
    """Refuse a kind whose templates fail the lint: a French template that drops a fact is
    not drafted. TemplateError lists every problem."""
    problems = lint_kind(kind, make_environment({}))
    if problems:
        found = "; ".join(problems)
        raise TemplateError(f"{kind.name}: the templates fail `verbale templates check`: {found}")


def lint_kind(kind: Kind, env: jinja2.Environment) -> list[str]:
    """The problems of one kind: metadata, syntax, variables, cross-language agreement."""
    if not kind.languages:
        return [f"{kind.name}: no <lang>.docx template in {kind.folder}"]
    problems: list[str] = []
    paths: dict[Language, set[str]] = {}
    for lang in kind.languages:
        prefix = f"{kind.name}/{lang.value}"
        problems.extend(f"{prefix}: {p}" for p in _metadata_problems(kind, lang, env))
        problems.extend(f"{prefix}: {p}" for p in _split_tags(kind.docx(lang)))
        try:
            used = _variable_paths(_parse_docx(kind.docx(lang), env))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(f"{prefix}: syntax error on paragraph {exc.lineno}: {exc.message}")
            continue
        except _UNREADABLE as exc:
            problems.append(f"{prefix}: cannot be opened as a Word document: {exc}")
            continue
        problems.extend(f"{prefix}: {p}" for p in _undeclared(kind, used))
        paths[lang] = used
    return problems + _disagreements(kind, paths)


def _metadata_problems(kind: Kind, lang: Language, env: jinja2.Environment) -> Iterator[str]:
    for field in TEXT_FIELDS:
        text = getattr(kind, field).get(lang)
        if not text:
            yield f"kind.yaml has no {field} in {lang.value}"
            continue
        if line_breaking(field, text):
            yield f"kind.yaml {field}: contains a line break or control character"
        try:
            used = _variable_paths(env.parse(text))
        except jinja2.TemplateSyntaxError as exc:
            yield f"kind.yaml {field}: syntax error: {exc.message}"
            continue
        yield from (f"kind.yaml {field}: {p}" for p in _undeclared(kind, used))


def line_breaking(field: str, text: str) -> bool:
    """Whether an e-mail text holds a character that breaks a header (or, in a body, any
    control character but a plain line feed between paragraphs)."""
    return control_characters(text.replace("\n", "") if field == "body" else text)


def _undeclared(kind: Kind, used: set[str]) -> Iterator[str]:
    for name in sorted({path.split(".")[0] for path in used} - kind.provided):
        yield f"uses undeclared variable {name!r} (not provided for a {kind.form.value})"


# A State's name in its grammatical forms is one fact: a language may need it after "in"
# where another names it alone. The recipient's own State is named by the organisation's
# title, and by the name forms where the grammar wants them (Russian openings) or where the
# document is not in the title's language (`[[organisation]]`).
_SAME_FACT = {
    "incident.state_in": "incident.state_name",
    "incident.state_of": "incident.state_name",
}
_RECIPIENT_STATE = frozenset({"state", "state.name", "state.in", "state.of"})


def _facts(used: set[str]) -> set[str]:
    return {_SAME_FACT.get(path, path) for path in used} - _RECIPIENT_STATE


def _disagreements(kind: Kind, paths: dict[Language, set[str]]) -> list[str]:
    """A translation must use every fact the others use, so none can be dropped."""
    paths = {lang: _facts(used) for lang, used in paths.items()}
    problems = []
    everything = set().union(*paths.values()) if paths else set()
    for lang, used in paths.items():
        for missing in sorted(everything - used):
            others = ", ".join(o.value for o, p in paths.items() if missing in p)
            problems.append(
                f"{kind.name}/{lang.value}: does not use {missing!r} (used by {others})"
            )
    return problems


def _parse_docx(path: Path, env: jinja2.Environment) -> nodes.Template:
    """The Jinja tree of a DOCX body, headers and footers, as docxtpl would render it."""
    template = DocxTemplate(path)
    template.init_docx()
    xml = template.patch_xml(template.get_xml())
    for part in _header_footer_parts(template):
        xml += template.patch_xml(template.xml_to_string(etree.fromstring(part.blob)))
    # docxtpl starts every paragraph on a new line: errors then name the paragraph.
    return env.parse(re.sub(r"<w:p([ >])", r"\n<w:p\1", xml))


def _header_footer_parts(template: DocxTemplate) -> list[Any]:
    kinds = (template.HEADER_URI, template.FOOTER_URI)
    return [r.target_part for r in template.docx.part.rels.values() if r.reltype in kinds]


def _variable_paths(tree: nodes.Template) -> set[str]:
    """Dotted paths of the free variables a template reads: 'report.due_date', 'state'."""
    free = meta.find_undeclared_variables(tree)
    paths = set()
    for node in tree.find_all((nodes.Getattr, nodes.Name)):
        path = _dotted(node)
        if path and path.split(".")[0] in free:
            paths.add(path)
    return paths


def _dotted(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        inner = _dotted(node.node)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _split_tags(path: Path) -> Iterator[str]:
    """Tags Word split across paragraphs: docxtpl would silently merge the paragraphs."""
    try:
        document = Document(str(path))
    except _UNREADABLE as exc:
        yield f"cannot be opened as a Word document: {exc}"
        return
    parts = [document.element] + [
        etree.fromstring(p.blob) for p in _header_footer_parts_of(document)
    ]
    for part in parts:
        for paragraph in part.iter(f"{_W}p"):
            text = "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))
            for opening, closing in _PAIRS:
                if text.count(opening) != text.count(closing):
                    yield f"tag {opening} ... {closing} broken across paragraphs near {text!r}"


def _header_footer_parts_of(document: Any) -> list[Any]:
    kinds = (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
    return [r.target_part for r in document.part.rels.values() if r.reltype in kinds]
