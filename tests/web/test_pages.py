"""The review room's pages: page images made once, an uploaded edit with its new PDF."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import pytest
from docx import Document
from samplebatch import PASSWORD, STATEMENT_EN, STATEMENT_FR, ZAMBIA, add_reviewer, make_batch

from verbale.batches.ledger import Action, ReviewState
from verbale.batches.manifest import Rendition, read_manifest, sha256_of, write_manifest
from verbale.settings import Settings
from verbale.web.app import create_app
from verbale.workspace import Workspace

with warnings.catch_warnings():  # Starlette asks for httpx2, which Prefect does not bring
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

BATCH = "20160303-100000-statement-face"
FAKE_SOFFICE = """#!/bin/sh
# Stands in for LibreOffice (tested on its own in tests/documents): one PDF per .docx.
while [ "$1" != "--outdir" ]; do shift; done
outdir=$2; shift 2
for docx in "$@"; do
    name=$(basename "$docx" .docx)
    printf '%%PDF-1.4 converted %s\\n' "$name" > "$outdir/$name.pdf"
done
"""


@pytest.fixture
def workspace() -> Workspace:
    """A work directory with one batch and a reviewer."""
    workspace = Settings().workspace
    make_batch(workspace, BATCH)
    add_reviewer(workspace, "Ana Reviewer")
    return workspace


@pytest.fixture
def client(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A client of the review room, logged in as Ana Reviewer; a stand-in LibreOffice."""
    soffice = workspace.root / "soffice"
    soffice.write_text(FAKE_SOFFICE, encoding="utf-8")
    soffice.chmod(0o755)
    monkeypatch.setenv("VERBALE_SOFFICE", str(soffice))
    with TestClient(create_app(Settings()), follow_redirects=False) as client:
        client.get("/login")
        form = {"csrf": client.cookies["verbale_login"], "name": "Ana Reviewer"}
        assert client.post("/login", data=form | {"password": PASSWORD}).status_code == 303
        yield client


def test_page_images_are_made_once(client: TestClient, workspace: Workspace) -> None:
    """The first view renders the PDF's pages; later views serve the same files."""
    page = f"/batches/{BATCH}/documents/{ZAMBIA}/pages/1.png"
    first = client.get(page)
    assert first.status_code == 200 and first.content.startswith(b"\x89PNG")
    made = {p: p.stat().st_mtime_ns for p in workspace.previews(BATCH).rglob("*.png")}
    assert client.get(page).content == first.content
    assert {p: p.stat().st_mtime_ns for p in workspace.previews(BATCH).rglob("*.png")} == made
    assert client.get(f"/batches/{BATCH}/documents/{ZAMBIA}/pages/2.png").status_code == 404


def test_statement_shows_its_other_languages(client: TestClient) -> None:
    """A statement's page shows the same statement in the batch's other languages."""
    text = client.get(f"/batches/{BATCH}/documents/{STATEMENT_EN}").text
    assert f"/documents/{STATEMENT_FR}/pages/1.png" in text


def test_uploaded_edit_replaces_the_draft_and_its_pdf(
    client: TestClient, workspace: Workspace
) -> None:
    """The uploaded .docx is the draft, its PDF is new, the ledger says who edited."""
    folder = workspace.batch_folder(BATCH)
    pdf_before = (folder / f"{ZAMBIA}.pdf").read_bytes()
    downloaded = client.get(f"/batches/{BATCH}/documents/{ZAMBIA}/docx")
    assert downloaded.content == (folder / f"{ZAMBIA}.docx").read_bytes()
    edited = workspace.root / "edited.docx"
    edited.write_bytes(downloaded.content)
    document = Document(str(edited))
    document.add_paragraph("Corrected by the reviewer.")
    document.save(str(edited))
    page = client.get(f"/batches/{BATCH}/documents/{ZAMBIA}").text
    csrf = re.findall(r'name="csrf" value="([^"]+)"', page)[-1]
    answer = client.post(
        f"/batches/{BATCH}/documents/{ZAMBIA}/docx",
        data={"csrf": csrf},
        files={"file": ("edited.docx", edited.read_bytes())},
    )
    assert answer.status_code == 303, answer.text
    assert (folder / f"{ZAMBIA}.docx").read_bytes() == edited.read_bytes()
    assert (folder / f"{ZAMBIA}.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / f"{ZAMBIA}.pdf").read_bytes() != pdf_before
    edits = [e for e in workspace.ledger.events(BATCH) if e.action is Action.EDITED]
    assert [e.actor for e in edits] == ["Ana Reviewer"]
    assert workspace.ledger.batch(BATCH).state is ReviewState.AWAITING  # type: ignore[union-attr]


def test_overdue_page_lists_what_the_overdue_command_lists(client: TestClient) -> None:
    """The morning page: every overdue report on the date, as `verbale overdue` computes it."""
    from datetime import date

    from verbale.batches.overdue import load_overdue_list

    entries = load_overdue_list(Settings(), date(2016, 3, 3))
    assert entries
    text = client.get("/overdue?as_of=2016-03-03").text
    rows = re.findall(r'<td class="id">([^<]+)</td>', text)
    assert rows == [str(entry.key) for entry in entries]
    assert "Paraguay (PY)" in text
    assert client.get("/overdue?as_of=2016-13-01").status_code == 400


def test_overdue_page_needs_a_login(workspace: Workspace) -> None:
    """No login, no overdue list: the room sends the visitor to the login page."""
    with TestClient(create_app(Settings()), follow_redirects=False) as anonymous:
        answer = anonymous.get("/overdue")
    assert answer.status_code in (302, 303) and "/login" in answer.headers["location"]


def test_a_statement_shows_its_web_page_as_it_will_be_published(
    client: TestClient, workspace: Workspace
) -> None:
    """A statement drafted with a web page links to it; the page is served as the file."""
    folder = workspace.batch_folder(BATCH)
    html = folder / f"{STATEMENT_EN}.html"
    html.write_text('<!DOCTYPE html>\n<html lang="en" dir="ltr"></html>\n', encoding="utf-8")
    manifest = read_manifest(folder)
    documents = tuple(
        d.model_copy(
            update={
                "renditions": (
                    *d.renditions,
                    Rendition(format="html", path=html.name, sha256=sha256_of(html)),
                )
            }
        )
        if d.id == STATEMENT_EN
        else d
        for d in manifest.documents
    )
    write_manifest(folder, manifest.model_copy(update={"documents": documents}))

    page = client.get(f"/batches/{BATCH}/documents/{STATEMENT_EN}").text
    assert f'href="/batches/{BATCH}/documents/{STATEMENT_EN}/web.html"' in page
    served = client.get(f"/batches/{BATCH}/documents/{STATEMENT_EN}/web.html")
    assert served.status_code == 200 and served.content == html.read_bytes()
    assert served.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in served.headers["content-security-policy"]
    assert client.get(f"/batches/{BATCH}/documents/{STATEMENT_EN}/web.atom").status_code == 404
