"""A recipient whose language has no document: English and flagged, or refused by name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPOSITORY, manifest_json

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


@pytest.fixture
def russian_mission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory where Austria's mission corresponds in Russian, and templates where the
    transmittal has no Russian."""
    templates = tmp_path / "templates"
    shutil.copytree(REPOSITORY / "templates", templates)
    (templates / "statement-transmittal" / "ru.docx").unlink()
    monkeypatch.setenv("VERBALE_TEMPLATES_DIR", str(templates))
    folder = tmp_path / "recipients"
    shutil.copytree(REPOSITORY / "recipients", folder)
    contacts = folder / "contacts.csv"
    lines = contacts.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("AT,mission,"))
    lines[index] = lines[index].rsplit(",", 1)[0] + ",ru"
    contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("VERBALE_RECIPIENTS_DIR", str(folder))
    monkeypatch.setenv("VERBALE_PDF", "false")


@pytest.mark.usefixtures("russian_mission")
def test_statement_not_issued_in_the_language_falls_back_to_english() -> None:
    """No Russian transmittal: the Russian-speaking mission gets English, flagged."""
    from flows.statement import statement

    manifest = manifest_json(Path(statement(incident="2016-02-sy")))
    austria = next(
        d for d in manifest["documents"] if d["id"] == "AT-mission-statement-transmittal"
    )
    assert (austria["lang"], austria["fallback"]) == ("en", True)
    assert austria["encloses"] == ["condemnation-statement-en"]
    # Moldova writes in Russian too: its two offices fall back as well.
    fallbacks = {d["id"] for d in manifest["documents"] if d["fallback"]}
    # And the outlets publishing in Russian, Arabic and Chinese get the English press release.
    assert fallbacks == {
        "AT-mission-statement-transmittal",
        "MD-mission-statement-transmittal",
        "MD-capital-statement-transmittal",
        "statement-press-release-media-en-fallback",
    }
    assert manifest["summary"]["fallbacks"] == 4


@pytest.mark.usefixtures("russian_mission")
def test_refused_fallback_lists_the_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the fallback refused, the State's mission is listed as skipped, by name."""
    from flows.statement import statement

    monkeypatch.setenv("VERBALE_FALLBACK", "refuse")
    manifest = manifest_json(Path(statement(incident="2016-02-sy")))
    ids = {d["id"] for d in manifest["documents"]}
    assert "AT-mission-statement-transmittal" not in ids
    assert "AT-capital-statement-transmittal" in ids
    assert {
        "state": "AT",
        "reason": "no-template-in-language",
        "detail": "mission: no statement-transmittal in ru",
    } in manifest["skipped"]
