"""The batch flows end to end: decision data in, reviewable drafts out."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import REPOSITORY, KindMaker, docx_text, manifest_json, plain

from verbale.batches import review
from verbale.batches.manifest import sha256_of
from verbale.errors import SelectionError
from verbale.workspace import Workspace

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


def manifest_of(result: str) -> dict[str, Any]:
    """The manifest of the batch a flow returned."""
    return manifest_json(Path(result))


def document(manifest: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """One document entry of a manifest."""
    return next(d for d in manifest["documents"] if d["id"] == doc_id)


@pytest.fixture(autouse=True)
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """No PDF conversion here (tests/flows/test_pdf_batches.py covers it): selection and
    wording do not depend on it, and LibreOffice would be most of these flows' time."""
    monkeypatch.setenv("VERBALE_PDF", "false")


def text_of(result: str, doc_id: str) -> str:
    """The text of a rendered document, with ordinary spaces."""
    return plain(docx_text(Path(result) / f"{doc_id}.docx"))


def approve(result: str) -> None:
    """Approve a batch in the ledger, as a reviewer would."""
    folder = Path(result)
    work = folder.parent.parent
    ledger = Workspace(work).ledger
    review.approve(review.load_batch(Workspace(work), folder.name), ledger, "Reviewer", "", [])


def test_reminders_as_of_the_minutes_date(tmp_path: Path) -> None:
    """As of 3 March 2016 Paraguay's initial report, due 28 February 2016, is overdue."""
    from flows.reminders import reminders

    result = reminders(as_of=date(2016, 3, 3))
    manifest = manifest_of(result)
    paraguay = document(manifest, "PY-mission-reporting-reminder")
    assert paraguay["lang"] == "es"
    assert paraguay["details"] == {"report": "PY:initial", "level": "first"}
    text = text_of(result, "PY-mission-reporting-reminder")
    assert "28 de febrero de 2016" in text
    assert "Misión Permanente del Paraguay" in text
    assert "Ginebra, 3 de marzo de 2016" in text
    # The capital is copied on the letter to the mission.
    assert paraguay["to"] == ["info@geneva.py.example.org"]
    assert "arms.control@mfa.py.example.org" in paraguay["cc"]
    assert manifest["parameters"] == {"as_of": "2016-03-03"}


def test_reminders_see_only_the_parties_of_the_as_of_date() -> None:
    """A State whose Convention entered into force after the as-of date gets nothing."""
    from flows.reminders import reminders

    manifest = manifest_of(reminders(as_of=date(2016, 3, 3)))
    states = {d["state"] for d in manifest["documents"]}
    assert "NU" not in states  # Niue: entry into force 1 February 2021


def test_state_without_geneva_mission_is_written_to_in_its_capital() -> None:
    """Niue has no mission in Geneva: its reminder goes to the capital."""
    from flows.reminders import reminders

    result = reminders(as_of=date(2021, 9, 1))
    niue = document(manifest_of(result), "NU-capital-reporting-reminder")
    assert niue["to"] == ["disarmament@mfa.nu.example.org"]
    assert "Ministry of Foreign Affairs of Niue" in text_of(result, niue["id"])


def test_manifest_hashes_match_the_files() -> None:
    """Every document's SHA-256 in the manifest is the file's."""
    from flows.reminders import reminders

    result = reminders(as_of=date(2016, 3, 3))
    manifest = manifest_of(result)
    assert manifest["documents"]
    for doc in manifest["documents"]:
        assert doc["sha256"] == sha256_of(Path(result) / doc["path"])
    assert set(manifest["inputs"]) >= {str(REPOSITORY / "data" / "reports.csv")}


def test_same_data_and_date_give_the_same_selection() -> None:
    """A re-run with the same data and date selects the same documents (once the first batch
    is rejected: a live batch's letters are never drafted twice)."""
    from flows.reminders import reminders

    result = reminders(as_of=date(2020, 6, 1))
    first = manifest_of(result)
    workspace = Workspace(Path(result).parent.parent)
    batch = review.load_batch(workspace, first["batch"])
    review.reject(batch, workspace.ledger, "Bo", "re-run")
    second = manifest_of(reminders(as_of=date(2020, 6, 1)))
    assert first["batch"] != second["batch"]
    assert [d["id"] for d in first["documents"]] == [d["id"] for d in second["documents"]]
    assert first["skipped"] == second["skipped"]


def test_escalation_first_second_then_exhausted() -> None:
    """An approved first reminder leads to a second one after the interval, then to none."""
    from flows.reminders import reminders

    first = reminders(as_of=date(2016, 3, 3))
    approve(first)
    soon = reminders(as_of=date(2016, 3, 20))  # '' when nothing new is due: no batch
    too_soon = manifest_of(soon) if soon else {"documents": [], "skipped": []}
    assert "PY-mission-reporting-reminder" not in {d["id"] for d in too_soon["documents"]}
    assert not soon or any(
        s["state"] == "PY" and s["reason"] == "second-reminder-not-yet-due"
        for s in too_soon["skipped"]
    )
    second = reminders(as_of=date(2016, 4, 15))
    paraguay = document(manifest_of(second), "PY-mission-reporting-reminder")
    assert paraguay["details"]["level"] == "second"
    assert "3 de marzo de 2016" in text_of(second, paraguay["id"])  # the first reminder's date
    approve(second)
    after = manifest_of(reminders(as_of=date(2016, 6, 1)))
    exhausted = [s for s in after["skipped"] if s["state"] == "PY"]
    assert exhausted and exhausted[0]["reason"] == "escalation-exhausted"


def test_article3_categories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not completed and no update: progress request; completed: good practices; unknown: listed."""
    from flows.article3 import article3

    data = tmp_path / "data"
    shutil.copytree(REPOSITORY / "data", data)
    (data / "stockpiles.csv").write_text(
        "iso2,obligation,status,completed_on,last_update\n"
        "AT,yes,completed,2012-06-30,\n"
        "PE,yes,in-progress,,2015-01-10\n"
        "ES,yes,in-progress,,2016-01-10\n"
        "DE,unknown,,,\n"
        "AL,no,,,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("VERBALE_DATA_DIR", str(data))
    result = article3(as_of=date(2016, 3, 3))
    manifest = manifest_of(result)
    kinds = {d["state"]: d["kind"] for d in manifest["documents"]}
    assert kinds["AT"] == "article3-good-practices-request"
    assert kinds["PE"] == "article3-progress-request"
    assert "ES" not in kinds  # updated within the last year
    assert "AL" not in kinds
    unknown = {s["state"]: s["reason"] for s in manifest["skipped"]}
    assert unknown["DE"] == "unknown-status"
    assert unknown["BE"] == "unknown-status"  # a State Party missing from the file
    text = text_of(result, document(manifest, "PE-mission-article3-progress-request")["id"])
    assert "1 de marzo de 2021" in text  # deadline: entry into force 1 March 2013 + 8 years


def test_unverified_incident_is_refused_and_the_run_fails() -> None:
    """An unverified report produces no statement: the flow run ends Failed with the reason."""
    from flows.statement import statement

    state = statement(incident="2026-10-xx-unverified", return_state=True)
    assert state.is_failed()
    with pytest.raises(SelectionError, match="verification is 'unverified'"):
        state.result()


def test_statement_in_each_language_with_transmittals(tmp_path: Path) -> None:
    """The statement in each language; a transmittal per office encloses it in its language."""
    from flows.statement import statement

    result = statement(incident="2016-02-sy")
    manifest = manifest_of(result)
    ids = {d["id"] for d in manifest["documents"]}
    assert {
        "condemnation-statement-en",
        "condemnation-statement-fr",
        "condemnation-statement-es",
    } <= ids
    french = document(manifest, "FR-capital-statement-transmittal")
    assert french["lang"] == "fr" and french["encloses"] == ["condemnation-statement-fr"]
    assert (
        "CK-capital-statement-transmittal" in ids and "CK-mission-statement-transmittal" not in ids
    )
    # Only States Parties on the decision date (25 February 2016): not Niue (2021).
    assert not any(d["state"] == "NU" for d in manifest["documents"])
    text = text_of(result, "condemnation-statement-fr")
    assert "en République arabe syrienne" in text and "18 février 2016" in text
    assert manifest["parameters"]["incident"] == "2016-02-sy"
    # Published with the batch: web page and Atom entry, hashed; the press release encloses
    # the statement in the outlet's language.
    english = document(manifest, "condemnation-statement-en")
    assert {r["format"] for r in english["renditions"]} >= {"html", "atom"}
    release = document(manifest, "statement-press-release-media-fr")
    assert release["encloses"] == ["condemnation-statement-fr"]
    assert release["to"] == ["redaction@agence.example.org"] and release["channel"] == "media"


def test_circular_with_a_kind_added_by_template_and_data_only(tmp_path: Path) -> None:
    """A thank-you letter needs only its template folder and a decision file."""
    from flows.circular import circular

    decision = REPOSITORY / "data" / "decisions" / "contribution-thanks-2016.yaml"
    result = circular(
        kind="contribution-thanks",
        decision=str(decision),
        states=["ZM", "FR"],
        as_of=date(2016, 3, 3),
    )
    manifest = manifest_of(result)
    assert sorted(d["state"] for d in manifest["documents"]) == ["FR", "ZM"]
    zambia = text_of(result, "ZM-mission-contribution-thanks")
    assert "5,400" in zambia and "10 February 2016" in zambia
    france = text_of(result, "FR-mission-contribution-thanks")
    assert "10 000" in france and "15 février 2016" in france


def test_manifest_is_json_with_summary() -> None:
    """The manifest counts documents per language and channel."""
    from flows.reminders import reminders

    result = reminders(as_of=date(2016, 3, 3))
    raw = json.loads((Path(result) / "manifest.json").read_text(encoding="utf-8"))
    summary = raw["summary"]
    assert (
        summary["documents"]
        == len(raw["documents"])
        == sum(summary["per_language_channel"].values())
    )


# --- one letter, one live batch ----------------------------------------------------------------

DECISION = REPOSITORY / "data" / "decisions" / "contribution-thanks-2016.yaml"


def thanks(states: list[str]) -> str:
    """A thank-you circular to some States, without PDFs."""
    from flows.circular import circular

    return circular(
        kind="contribution-thanks", decision=str(DECISION), states=states, as_of=date(2016, 3, 3)
    )


def test_letters_already_in_a_live_batch_are_skipped_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same circular twice: the second batch holds only the new State's letter."""
    monkeypatch.setenv("VERBALE_PDF", "false")
    first = thanks(["ZM", "FR"])
    second = manifest_of(thanks(["ZM", "FR", "CK"]))
    assert [d["state"] for d in second["documents"]] == ["CK"]
    skipped = {s["state"]: s for s in second["skipped"]}
    assert skipped["ZM"]["reason"] == "already-drafted"
    assert Path(first).name in skipped["FR"]["detail"]


def test_a_run_with_nothing_new_writes_no_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Running the same job again drafts nothing and leaves no folder; after a rejection the
    letters can be drafted again."""
    monkeypatch.setenv("VERBALE_PDF", "false")
    first = Path(thanks(["ZM"]))
    assert thanks(["ZM"]) == ""
    assert [p.name for p in first.parent.iterdir()] == [first.name]
    workspace = Workspace(first.parent.parent)
    review.reject(review.load_batch(workspace, first.name), workspace.ledger, "Bo", "wrong")
    assert thanks(["ZM"]) != ""


def test_a_failed_render_leaves_no_batch_folder(
    make_kind: KindMaker, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A document that cannot be rendered: the run fails and drafts/ holds no folder."""
    from flows.circular import circular

    root = make_kind("k", {"en": ["Dear {{ recipient.nothing_here }}"]}, form="signed-letter")
    monkeypatch.setenv("VERBALE_TEMPLATES_DIR", str(root))
    monkeypatch.setenv("VERBALE_PDF", "false")
    decision = tmp_path / "decision.yaml"
    decision.write_text("{}\n", encoding="utf-8")
    with pytest.raises(Exception, match="nothing_here"):
        circular(kind="k", decision=str(decision), states=["ZM"], as_of=date(2016, 3, 3))
    drafts = tmp_path / "work" / "drafts"
    assert not drafts.exists() or list(drafts.iterdir()) == []


def test_a_line_break_brought_by_decision_data_is_refused_at_drafting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A decision value with a line break that reaches the subject fails the run, named."""
    from flows.circular import circular
    from verbale.errors import RenderError

    monkeypatch.setenv("VERBALE_PDF", "false")
    decision = tmp_path / "decision.yaml"
    text = DECISION.read_text(encoding="utf-8").replace(
        "  year: 2016", '  year: "2016\\nBcc: x@example.org"', 1
    )
    decision.write_text(text, encoding="utf-8")
    with pytest.raises(RenderError, match="subject: a value brings a line break"):
        circular(
            kind="contribution-thanks",
            decision=str(decision),
            states=["FR"],
            as_of=date(2016, 3, 3),
        )
