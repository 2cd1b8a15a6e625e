"""Compiled templates: the same bytes as docxtpl, far less work per document."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import REPOSITORY, KindMaker, docx_text
from docx import Document

from verbale.convention.decisions import read_variables
from verbale.convention.directory import Channel, load_directory
from verbale.documents.compiled import CompiledTemplate, Member, write_zip
from verbale.documents.context import letter_context, statement_context
from verbale.documents.kinds import Form, kind_names, load_kind
from verbale.documents.rendering import Renderer, make_environment, render_with_docxtpl
from verbale.errors import RenderError
from verbale.languages import Language
from verbale.settings import Settings

TEMPLATES = REPOSITORY / "templates"
CASES = [
    (name, lang) for name in kind_names(TEMPLATES) for lang in load_kind(TEMPLATES, name).languages
]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Zip members carry the time of writing: both renderers see the same clock."""
    monkeypatch.setattr(time, "time", lambda: 1_456_963_200.0)  # 3 March 2016


def sample_context(kind_name: str, lang: Language, channel: Channel) -> dict[str, Any]:
    """The context `verbale render` gives a kind's sample, for France's office."""
    settings = Settings()
    directory = load_directory(REPOSITORY / "recipients")
    kind = load_kind(TEMPLATES, kind_name)
    variables = read_variables(kind.folder / "sample.yaml")
    profile = settings.sender(kind.sender)
    day = date(2016, 3, 3)
    if kind.form is Form.STATEMENT:
        context = statement_context(profile, lang, day, "CCM/2016/1", variables)
    else:
        contact = directory.contact("FR", channel)
        assert contact is not None
        context = letter_context(directory, contact, profile, lang, day, "CCM/2016/1", variables)
    return dict(context, lang=lang.value)


@pytest.mark.parametrize(("kind_name", "lang"), CASES, ids=[f"{k}-{lang}" for k, lang in CASES])
def test_every_template_renders_the_bytes_docxtpl_writes(kind_name: str, lang: Language) -> None:
    """Each committed template and language gives byte for byte docxtpl's file."""
    env = make_environment(load_directory(REPOSITORY / "recipients").names)
    source = load_kind(TEMPLATES, kind_name).docx(lang).read_bytes()
    compiled = CompiledTemplate(source, env)
    for channel in (Channel.MISSION, Channel.CAPITAL):
        context = sample_context(kind_name, lang, channel)
        assert compiled.render(context) == render_with_docxtpl(env, source, context)


def feature_template(path: Path) -> Path:
    """A template with a table row loop, a header and footer, a tagged title and a Listing."""
    document = Document()
    document.core_properties.title = "Letter to {{ name }}"
    document.add_paragraph("{%p if urgent %}")
    document.add_paragraph("Urgent")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("Address: {{ address }}")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for item in items %}"
    table.cell(1, 0).text = "{{ item.name }}"
    table.cell(1, 1).text = "{{ item.amount|number }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    document.sections[0].header.paragraphs[0].text = "To {{ name }}"
    document.sections[0].footer.paragraphs[0].text = "Page footer without tags"
    document.save(str(path))
    return path


def test_docxtpl_features_render_the_same_bytes(tmp_path: Path) -> None:
    """Row loops, paragraph tags, headers, footers, a tagged title and line breaks match."""
    env = make_environment({})
    source = feature_template(tmp_path / "t.docx").read_bytes()
    compiled = CompiledTemplate(source, env)
    for urgent in (True, False):
        context = {
            "lang": "fr",
            "name": "Bosnie & Herzégovine",
            "urgent": urgent,
            "address": "1 rue de la Paix\nGenève",
            "items": [{"name": "a", "amount": 1234.5}, {"name": "b <c>", "amount": 2}],
        }
        assert compiled.render(context) == render_with_docxtpl(env, source, context)


def test_rendering_one_template_twice_gives_independent_documents(tmp_path: Path) -> None:
    """A render leaves nothing of its values in the next one."""
    compiled = CompiledTemplate(
        feature_template(tmp_path / "t.docx").read_bytes(), make_environment({})
    )
    base: Mapping[str, Any] = {"lang": "en", "urgent": False, "address": "x", "items": []}
    first = tmp_path / "first.docx"
    first.write_bytes(compiled.render(dict(base, name="Austria")))
    compiled.render(dict(base, name="Zambia"))
    assert "Zambia" not in docx_text(first) and "To Austria" in docx_text(first)


def test_a_missing_value_in_a_header_names_kind_language_variable_and_paragraph(
    make_kind: KindMaker, tmp_path: Path
) -> None:
    """Strictness holds in every tagged part, not only the body."""
    root = make_kind("k", {"es": ["Cuerpo"]}, variables=["sender"])
    template = root / "k" / "es.docx"
    document = Document(str(template))
    document.sections[0].header.paragraphs[0].text = "Remitente: {{ sender.name }}"
    document.save(str(template))
    with pytest.raises(RenderError) as caught:
        Renderer({}).render(load_kind(root, "k"), Language.ES, {"sender": {}}, tmp_path / "o.docx")
    message = str(caught.value)
    assert message.startswith("k/es: missing value: ")
    assert "'name'" in message and "Remitente:" in message


def test_the_zip_writer_writes_what_zipfile_writes() -> None:
    """Members written from stored bytes give zipfile's own archive, name flags included."""
    contents = {"[Content_Types].xml": b"<Types/>" * 50, "word/é.xml": b"", "a/b.bin": bytes(300)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in contents.items():
            archive.writestr(name, content)
    members = [Member.deflate(name, content) for name, content in contents.items()]
    assert write_zip(members, time.localtime(time.time())[:6]) == buffer.getvalue()
