"""Rendering: strict, escaped, localised documents."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from conftest import KindMaker, docx_text, plain
from docx import Document

from verbale.documents.kinds import load_kind
from verbale.documents.rendering import Renderer
from verbale.errors import RenderError
from verbale.languages import Language

DATE_LINE = ["{{ day|longdate }}", "{{ names|listing }}", "{{ 'ZM'|country }}"]


def test_dates_lists_and_countries_follow_the_language(
    make_kind: KindMaker, tmp_path: Path
) -> None:
    """A French date is '3 mars 2016', a Spanish list uses 'y', country names are CLDR's."""
    root = make_kind(
        "k", {"en": DATE_LINE, "fr": DATE_LINE, "es": DATE_LINE}, variables=["day", "names"]
    )
    kind = load_kind(root, "k")
    renderer = Renderer({})
    context = {"day": date(2016, 3, 3), "names": ["Alemania", "Luxemburgo", "Zambia"]}
    texts = {
        lang: plain(docx_text(renderer.render(kind, lang, context, tmp_path / f"{lang}.docx")))
        for lang in (Language.EN, Language.FR, Language.ES)
    }
    assert texts[Language.EN].splitlines()[0] == "3 March 2016"
    assert texts[Language.FR].splitlines()[0] == "3 mars 2016"
    assert texts[Language.ES].splitlines()[0] == "3 de marzo de 2016"
    assert texts[Language.ES].splitlines()[1] == "Alemania, Luxemburgo y Zambia"
    assert texts[Language.EN].splitlines()[1] == "Alemania, Luxemburgo and Zambia"
    assert texts[Language.FR].splitlines()[2] == "Zambie"


def test_directory_override_replaces_the_cldr_name(make_kind: KindMaker, tmp_path: Path) -> None:
    """A country name from the directory wins over CLDR's."""
    root = make_kind("k", {"en": ["{{ 'BO'|country }}"]})
    renderer = Renderer({("BO", Language.EN): "Bolivia (Plurinational State of)"})
    out = renderer.render(load_kind(root, "k"), Language.EN, {}, tmp_path / "o.docx")
    assert docx_text(out).strip() == "Bolivia (Plurinational State of)"


def test_missing_value_raises_an_error_naming_kind_language_and_variable(
    make_kind: KindMaker, tmp_path: Path
) -> None:
    """A missing value never becomes a blank: the error names kind, language and variable."""
    root = make_kind(
        "reminder", {"fr": ["Intro", "Dû le {{ report.due_date }}"]}, variables=["report"]
    )
    renderer = Renderer({})
    out = tmp_path / "o.docx"
    with pytest.raises(RenderError) as caught:
        renderer.render(load_kind(root, "reminder"), Language.FR, {"report": {}}, out)
    message = str(caught.value)
    assert message.startswith("reminder/fr: missing value")
    assert "due_date" in message
    assert "Dû le" in message  # the paragraph where it is used
    assert not out.exists()


def test_missing_top_level_variable_is_named(make_kind: KindMaker, tmp_path: Path) -> None:
    """An undefined top-level variable is named in the error."""
    root = make_kind("k", {"en": ["{{ incident.place }}"]}, variables=["incident"])
    with pytest.raises(RenderError, match="k/en: missing value: 'incident' is undefined"):
        Renderer({}).render(load_kind(root, "k"), Language.EN, {}, tmp_path / "o.docx")


def test_markup_characters_in_data_render_into_a_valid_document(
    make_kind: KindMaker, tmp_path: Path
) -> None:
    """An '&', '<' or '>' in data shows as such and the DOCX stays valid."""
    root = make_kind("k", {"en": ["To: {{ name }}"]}, variables=["name"])
    out = Renderer({}).render(
        load_kind(root, "k"),
        Language.EN,
        {"name": 'Bosnia & Herzegovina <Mission> "x"'},
        tmp_path / "o.docx",
    )
    assert 'To: Bosnia & Herzegovina <Mission> "x"' in docx_text(out)
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
    Document(str(out))  # re-opens without error


def test_compiled_templates_are_cached_across_renders(make_kind: KindMaker, tmp_path: Path) -> None:
    """The same document XML is compiled once for a whole batch."""
    root = make_kind("k", {"en": ["Hello {{ name }}"]}, variables=["name"])
    renderer = Renderer({})
    kind = load_kind(root, "k")
    renderer.render(kind, Language.EN, {"name": "first"}, tmp_path / "first.docx")
    compiled = len(renderer.env._compiled)
    for index in range(3):
        renderer.render(kind, Language.EN, {"name": str(index)}, tmp_path / f"{index}.docx")
    assert len(renderer.env._compiled) == compiled
    assert docx_text(tmp_path / "2.docx").strip() == "Hello 2"


def test_sandbox_refuses_unsafe_attribute_access(make_kind: KindMaker, tmp_path: Path) -> None:
    """A template cannot reach Python internals."""
    root = make_kind("k", {"en": ["{{ name.__class__.__mro__ }}"]}, variables=["name"])
    with pytest.raises(RenderError):
        Renderer({}).render(load_kind(root, "k"), Language.EN, {"name": "x"}, tmp_path / "o.docx")


def test_subject_is_plain_text_not_escaped(make_kind: KindMaker) -> None:
    """E-mail subjects keep '&' as it is."""
    root = make_kind("k", {"en": ["x"]}, variables=["name"], subject="Note to {{ name }}")
    kind = load_kind(root, "k")
    text = Renderer({}).render_text(kind, "subject", Language.EN, {"name": "Bosnia & Herzegovina"})
    assert text == "Note to Bosnia & Herzegovina"


PARAGRAPH = "Received on {{ gift.received_on|longdate }}."


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        ({}, "missing value: 'dict object' has no attribute 'received_on'"),
        ({"received_on": None}, "|longdate needs a date (YYYY-MM-DD), got None"),
        (
            {"received_on": "15 April 2016"},
            "|longdate needs a date (YYYY-MM-DD), got '15 April 2016'",
        ),
    ],
)
def test_longdate_of_a_missing_or_text_value_is_a_render_error(
    make_kind: KindMaker, tmp_path: Path, received: dict[str, object], expected: str
) -> None:
    """A missing, empty or typed-out date given to |longdate names the paragraph, no crash."""
    root = make_kind(
        "thanks",
        {"en": ["Intro", PARAGRAPH]},
        variables=["gift"],
    )
    with pytest.raises(RenderError) as caught:
        Renderer({}).render(
            load_kind(root, "thanks"), Language.EN, {"gift": received}, tmp_path / "o.docx"
        )
    assert str(caught.value) == f"thanks/en: {expected} (in paragraph: {PARAGRAPH!r})"


@pytest.mark.parametrize(
    ("line", "context"),
    [
        ("{{ amount|number }}", {"amount": "1,000"}),
        ("{{ amount|money('CHF') }}", {"amount": "ten"}),
        ("{{ names|listing }}", {"names": "Zambia"}),
        ("{{ code|country }}", {"code": None}),
    ],
)
def test_filters_refuse_values_of_the_wrong_type(
    make_kind: KindMaker, tmp_path: Path, line: str, context: dict[str, object]
) -> None:
    """Every Babel filter names the value it cannot format instead of crashing or guessing."""
    root = make_kind("k", {"en": [line]}, variables=list(context))
    with pytest.raises(RenderError, match=r"^k/en: \|\w+ needs "):
        Renderer({}).render(load_kind(root, "k"), Language.EN, context, tmp_path / "o.docx")


def test_longdate_in_a_subject_of_a_text_value_is_a_render_error(make_kind: KindMaker) -> None:
    """The e-mail subject's filters refuse a text date the same way."""
    root = make_kind("k", {"en": ["x"]}, variables=["day"], subject="Of {{ day|longdate }}")
    kind = load_kind(root, "k")
    with pytest.raises(RenderError, match=r"^k/en: subject: \|longdate needs a date"):
        Renderer({}).render_text(kind, "subject", Language.EN, {"day": "15 April 2016"})
