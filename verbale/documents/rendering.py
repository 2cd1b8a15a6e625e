"""Rendering DOCX templates strictly: a missing value fails, data cannot break the XML.

One Jinja environment for everything: sandboxed, StrictUndefined, autoescape, with Babel
filters that read the document's language from the context variable `lang`. docxtpl is
the boundary: its and Jinja's errors become RenderError here, and nowhere else.
"""

from __future__ import annotations

import io
import re
import traceback
from collections.abc import Mapping, MutableMapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml.etree import XMLSyntaxError

from verbale import languages
from verbale.documents.kinds import Kind
from verbale.errors import RenderError
from verbale.languages import Language

_TAGS = re.compile(r"<[^>]+>")


class CachingEnvironment(SandboxedEnvironment):
    """A sandboxed environment that compiles each distinct source once.

    docxtpl calls `from_string` with the whole document XML on every render; without this
    cache Jinja recompiles the same XML for every letter of a batch.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(
        self,
        source: str | jinja2.nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[jinja2.Template] | None = None,
    ) -> jinja2.Template:
        """The compiled template for a source, compiled on first use only."""
        if not isinstance(source, str) or globals or template_class:
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


def make_environment(
    names: Mapping[tuple[str, Language], str], *, autoescape: bool = True
) -> CachingEnvironment:
    """The environment, with Babel filters; `names` are the directory's overrides.

    Documents are XML and need autoescape; e-mail subjects and bodies are plain text.
    """
    env = CachingEnvironment(
        undefined=jinja2.StrictUndefined, autoescape=autoescape, keep_trailing_newline=True
    )

    def lang_of(ctx: jinja2.runtime.Context) -> Language:
        return Language(ctx["lang"])

    @jinja2.pass_context
    def longdate(ctx: jinja2.runtime.Context, value: date) -> str:
        _require("longdate", value, date, "a date (YYYY-MM-DD)")
        return languages.long_date(value, lang_of(ctx))

    @jinja2.pass_context
    def country(ctx: jinja2.runtime.Context, iso2: str) -> str:
        _require("country", iso2, str, "an ISO country code")
        return languages.country_name(iso2, lang_of(ctx), names)

    @jinja2.pass_context
    def listing(ctx: jinja2.runtime.Context, items: list[str]) -> str:
        _require("listing", items, (list, tuple), "a list")
        return languages.listing(items, lang_of(ctx))

    @jinja2.pass_context
    def number(ctx: jinja2.runtime.Context, value: int | float | Decimal) -> str:
        _require("number", value, _NUMBERS, "a number")
        return languages.number(value, lang_of(ctx))

    @jinja2.pass_context
    def money(ctx: jinja2.runtime.Context, value: int | float | Decimal, currency: str) -> str:
        _require("money", value, _NUMBERS, "a number")
        _require("money", currency, str, "a currency code")
        return languages.money(value, currency, lang_of(ctx))

    env.filters.update(
        longdate=longdate,
        country=country,
        listing=listing,
        number=number,
        money=money,
        ltr=languages.left_to_right,
    )
    return env


_NUMBERS = (int, float, Decimal)


def _require(name: str, value: Any, kinds: type | tuple[type, ...], wanted: str) -> None:
    """A filter's value must be of its type: Babel would fail on anything else with an
    assertion, or (a date of None) silently write today's date."""
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    if not isinstance(value, kinds) or isinstance(value, bool):
        raise jinja2.TemplateRuntimeError(f"|{name} needs {wanted}, got {value!r}")


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, noting the paragraph where a missing or unusable value was used."""

    def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> Any:
        try:
            return super().render_xml_part(src_xml, part, context, jinja_env)
        except jinja2.TemplateRuntimeError as exc:  # UndefinedError included
            exc.add_note(_paragraph_of(exc, src_xml))
            raise


def _paragraph_of(exc: BaseException, src_xml: str) -> str:
    """The text of the paragraph a template error comes from (docxtpl: a line per <w:p>)."""
    lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml).splitlines()
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    if not frames or not frames[-1].lineno or frames[-1].lineno > len(lines):
        return ""
    text = _TAGS.sub("", lines[frames[-1].lineno - 1]).strip()
    return text[:120]


class Renderer:
    """Renders documents of any kind; keeps template bytes and compiled XML across calls."""

    def __init__(self, names: Mapping[tuple[str, Language], str]) -> None:
        self.env = make_environment(names)
        self.text_env = make_environment(names, autoescape=False)
        self._sources: dict[Path, bytes] = {}

    def render(self, kind: Kind, lang: Language, context: Mapping[str, Any], out: Path) -> Path:
        """Render one document of a kind in a language into `out`."""
        path = kind.docx(lang)
        if not path.is_file():
            raise RenderError(kind.name, lang.value, f"no template {path}")
        source = self._sources.get(path)
        if source is None:
            source = self._sources[path] = path.read_bytes()
        template = _Template(io.BytesIO(source))
        try:
            template.render(dict(context, lang=lang.value), jinja_env=self.env)
        except (jinja2.TemplateError, XMLSyntaxError, ValueError, TypeError) as exc:
            raise RenderError(kind.name, lang.value, _describe(exc)) from exc
        out.parent.mkdir(parents=True, exist_ok=True)
        template.save(out)
        return out

    def render_text(
        self, kind: Kind, field: str, lang: Language, context: Mapping[str, Any]
    ) -> str:
        """Render a short text of the kind's metadata (e-mail subject or body)."""
        texts: dict[Language, str] = getattr(kind, field)
        if lang not in texts:
            raise RenderError(kind.name, lang.value, f"kind.yaml has no {field} in {lang.value}")
        try:
            return self.text_env.from_string(texts[lang]).render(dict(context, lang=lang.value))
        except jinja2.TemplateError as exc:
            raise RenderError(kind.name, lang.value, f"{field}: {_describe(exc)}") from exc


def _describe(exc: BaseException) -> str:
    """One line saying what went wrong, and where in the document when known."""
    if isinstance(exc, jinja2.TemplateRuntimeError):
        where = next(iter(getattr(exc, "__notes__", [])), "")
        missing = isinstance(exc, jinja2.UndefinedError)
        message = f"missing value: {exc.message}" if missing else str(exc.message)
        return f"{message} (in paragraph: {where!r})" if where else message
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"template syntax error on line {exc.lineno}: {exc.message}"
    return f"{type(exc).__name__}: {exc}"
