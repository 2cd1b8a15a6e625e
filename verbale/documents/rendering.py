"""Rendering DOCX templates strictly: a missing value fails, data cannot break the XML.

One Jinja environment for everything: sandboxed, StrictUndefined, autoescape, with Babel
filters that read the document's language from the context variable `lang`. docxtpl is
the boundary: its and Jinja's errors become RenderError here, and nowhere else.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, MutableMapping
from datetime import date, datetime, time
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml.etree import XMLSyntaxError

from verbale import languages
from verbale.documents.compiled import (
    CompiledTemplate,
    PropertiesHook,
    UnsupportedTemplate,
    paragraph_of,
)
from verbale.documents.kinds import Kind
from verbale.errors import RenderError
from verbale.languages import Language


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

    @jinja2.pass_context
    def plural(ctx: jinja2.runtime.Context, count: int, **forms: str) -> str:
        return languages.plural(count, lang_of(ctx), forms)

    env.filters.update(
        capfirst=languages.capitalise_first,
        plural=plural,
        nobreak=languages.no_break,
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
            exc.add_note(paragraph_of(exc, src_xml))
            raise


def render_with_docxtpl(
    env: jinja2.Environment,
    source: bytes,
    context: Mapping[str, Any],
    set_properties: PropertiesHook | None = None,
) -> bytes:
    """docxtpl's own render and save: the reference compiled templates reproduce."""
    template = _Template(io.BytesIO(source))
    template.render(dict(context), jinja_env=env)
    if set_properties is not None:
        set_properties(template.docx.core_properties)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


RenderFunction = Callable[[Mapping[str, Any], PropertiesHook | None], bytes]


class Renderer:
    """Renders documents of any kind; compiles each template once for all its documents."""

    def __init__(self, names: Mapping[tuple[str, Language], str]) -> None:
        self.env = make_environment(names)
        self.text_env = make_environment(names, autoescape=False)
        self._templates: dict[Path, RenderFunction] = {}

    def render(self, kind: Kind, lang: Language, context: Mapping[str, Any], out: Path) -> Path:
        """Render one document of a kind in a language into `out`."""
        path = kind.docx(lang)
        if not path.is_file():
            raise RenderError(kind.name, lang.value, f"no template {path}")
        title = self.render_text(kind, "title", lang, context).strip()
        properties = partial(_set_properties, title=title, context=context)
        try:
            data = self._template(path)(dict(context, lang=lang.value), properties)
        except (jinja2.TemplateError, XMLSyntaxError, ValueError, TypeError) as exc:
            raise RenderError(kind.name, lang.value, _describe(exc)) from exc
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        return out

    def _template(self, path: Path) -> RenderFunction:
        """The render function of a template file, compiled on its first use."""
        function = self._templates.get(path)
        if function is None:
            source = path.read_bytes()
            try:
                function = CompiledTemplate(source, self.env).render
            except UnsupportedTemplate:
                function = partial(render_with_docxtpl, self.env, source)
            self._templates[path] = function
        return function

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


def _set_properties(props: Any, title: str, context: Mapping[str, Any]) -> None:
    """The document's own properties: its title, its sender as author, its date as created
    (not the template's)."""
    sender = context.get("sender") or {}
    author = str(sender.get("name", "")) if isinstance(sender, Mapping) else ""
    day = context.get("date")
    props.title = title
    props.author = props.last_modified_by = author
    props.comments = ""
    if isinstance(day, date):
        props.created = props.modified = datetime.combine(day, time())
    props.revision = 1


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
