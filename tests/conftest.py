"""Shared fixtures: a clean environment, a Prefect test harness, tiny template kinds."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from postgres import Cluster

from verbale.batches.ledger import Ledger
from verbale.settings import Settings

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def approvals_without_circulation() -> Iterator[None]:
    """The Committee's silence procedure off for fixtures of every scope (module-scoped rooms
    read their settings before `clean_environment` runs); circulation tests turn it on."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VERBALE_SILENCE_PROCEDURE", "false")
        yield


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No VERBALE_* variable or .env of the developer leaks into a test."""
    for name in list(os.environ):
        if name.startswith("VERBALE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERBALE_WORK_DIR", str(tmp_path / "work"))
    # Approval tests approve statements directly; the circulation tests turn the Committee's
    # silence procedure (on by default) back on.
    monkeypatch.setenv("VERBALE_SILENCE_PROCEDURE", "false")


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reviewer passwords hashed with argon2's cheapest profile: about a second less each."""
    from argon2 import PasswordHasher, profiles

    from verbale.batches import reviewers

    cheap = PasswordHasher.from_parameters(profiles.CHEAPEST)
    monkeypatch.setattr(reviewers, "_HASHER", cheap)
    monkeypatch.setattr(reviewers, "_DUMMY", cheap.hash("no such reviewer"))


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=300):
        yield


KindMaker = Callable[..., Path]


@pytest.fixture
def make_kind(tmp_path: Path) -> KindMaker:
    """Write a document kind with one-paragraph-per-line templates into a templates folder."""

    def make(
        name: str,
        paragraphs: Mapping[str, list[str]],
        *,
        variables: list[str] | None = None,
        form: str = "note-verbale",
        folder: Path | None = None,
        subject: str = "Subject",
    ) -> Path:
        root = folder or tmp_path / "templates"
        kind = root / name
        kind.mkdir(parents=True, exist_ok=True)
        for lang, lines in paragraphs.items():
            document = Document()
            for line in lines:
                document.add_paragraph(line)
            document.save(str(kind / f"{lang}.docx"))
        langs = list(paragraphs)
        metadata = {
            "form": form,
            "sender": "isu",
            "variables": variables or [],
            "title": {lang: f"Title {lang}" for lang in langs},
            "subject": {lang: subject for lang in langs},
            "body": {lang: "Body" for lang in langs},
        }
        (kind / "kind.yaml").write_text(yaml.safe_dump(metadata), encoding="utf-8")
        return root

    return make


def docx_text(path: Path) -> str:
    """All the text of a DOCX file (body, tables, headers and footers), one line a paragraph."""
    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(lines)


def plain(text: str) -> str:
    """Text with Babel's no-break and narrow no-break spaces made ordinary spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def manifest_json(folder: Path) -> dict[str, Any]:
    """A batch's manifest.json as the file holds it (the documented format)."""
    data: dict[str, Any] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """One throwaway PostgreSQL cluster for the session (initdb and pg_ctl in a temp folder)."""
    from postgres import running_cluster

    with running_cluster() as cluster:
        yield cluster


# The PostgreSQL cases start a cluster (once per test process) and a database per test:
# slow, so the fast loop runs the SQLite cases and the whole suite runs both.
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def ledger(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Ledger:
    """The test's ledger: SQLite in its work directory, or a PostgreSQL database of its own
    (VERBALE_LEDGER_URL set for the test, so that the CLI and flows it starts use it too)."""
    if request.param == "postgresql":
        cluster: Cluster = request.getfixturevalue("postgres")
        monkeypatch.setenv("VERBALE_LEDGER_URL", cluster.url(cluster.create_database()))
    return Settings().workspace.ledger


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses the PostgreSQL cluster is slow (it starts one per test process)."""
    for item in items:
        if "postgres" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
