"""Joint statements: who issues the statement, in its heading and signature lines."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from docx import Document
from letters import drafting, kind, render
from statementbatch import sample_incident, statement_jobs

from verbale.batches.planning import plan_statement
from verbale.convention.incidents import Incident
from verbale.convention.outreach import Outreach
from verbale.languages import Language
from verbale.settings import SenderKey, Settings

CO_SIGNERS = ("AT", "NZ", "ZM")
# The heading of a joint statement of Austria, New Zealand and Zambia, as the directory and
# CLDR name them, joined the language's way.
HEADINGS = {
    Language.EN: ["Joint statement", "Austria, New Zealand and Zambia"],
    Language.FR: ["Déclaration conjointe", "Autriche, Nouvelle-Zélande et Zambie"],
    Language.ES: ["Declaración conjunta", "Austria, Nueva Zelandia y Zambia"],
    Language.RU: ["Совместное заявление", "Австрия, Новая Зеландия и Замбия"],
    Language.AR: ["بيان مشترك", "النمسا ونيوزيلندا وزامبيا"],
    Language.ZH: ["联合声明", "奥地利、新西兰和赞比亚"],
}
SIGNATURES = {
    Language.EN: ["Austria", "New Zealand", "Zambia"],
    Language.FR: ["Autriche", "Nouvelle-Zélande", "Zambie"],
    Language.ES: ["Austria", "Nueva Zelandia", "Zambia"],
    Language.RU: ["Австрия", "Новая Зеландия", "Замбия"],
    Language.AR: ["النمسا", "نيوزيلندا", "زامبيا"],
    Language.ZH: ["奥地利", "新西兰", "赞比亚"],
}
PLURAL_OPENINGS = {
    Language.EN: "The co-signing States express their deep concern",
    Language.FR: "Les États cosignataires expriment leur profonde préoccupation",
    Language.ES: "Los Estados firmantes expresan su profunda preocupación",
    Language.RU: "Государства, подписавшие настоящее заявление, выражают",
    Language.AR: "تعرب الدول الموقِّعة على هذا البيان عن بالغ قلقها",
    Language.ZH: "本声明各联署国深为关切地获悉",
}


def paragraphs(path: Path) -> list[str]:
    """The non-empty paragraphs of a rendered document, re-opened from disk."""
    texts = [p.text.strip() for p in Document(str(path)).paragraphs]
    return [text for text in texts if text]


def rendered(
    tmp_path: Path, incident: Incident, languages: Sequence[Language] = tuple(Language)
) -> dict[str, list[str]]:
    """Each statement of an incident, rendered and read back, by language code."""
    config = Settings(languages=list(languages), work_dir=tmp_path / "work")
    jobs, _ = statement_jobs(config, Outreach(), incident)
    plan = drafting(incident.decision.date, config)
    statements = [job for job in jobs if job.kind == "condemnation-statement"]
    files = render(plan, statements, tmp_path)
    return {job.lang: paragraphs(files[job.doc_id]) for job in statements}


@pytest.mark.slow
def test_a_joint_statement_lists_its_co_signers_in_six_languages(tmp_path: Path) -> None:
    """Heading and signature lines name Austria, New Zealand and Zambia in every language."""
    found = rendered(tmp_path, sample_incident(CO_SIGNERS))
    assert set(found) == {lang.value for lang in Language}
    for lang, heading in HEADINGS.items():
        text = found[lang.value]
        assert text[1:3] == heading, lang  # after the reference, before the title
        assert text[-3:] == SIGNATURES[lang], lang
        assert any(PLURAL_OPENINGS[lang] in line for line in text), lang


def test_the_presidency_alone_signs_with_its_title(tmp_path: Path) -> None:
    """By default the Presidency issues it: the title follows the reference, as before; no
    "Joint statement"; its signatory signs."""
    english = rendered(tmp_path, sample_incident(), [Language.EN])["en"]
    assert english[1].startswith("Statement on the reported use of cluster munitions")
    assert "Joint statement" not in english
    assert english[-2:] == [
        "Ambassador Robin Example",
        "President of the Meeting of States Parties",
    ]
    assert any(
        line.startswith("The Presidency of the Meeting of States Parties") for line in english
    )


def test_the_committee_issues_a_joint_statement_under_its_name(tmp_path: Path) -> None:
    """Issued by the Coordination Committee: "Joint statement", the Committee signs."""
    committee = sample_incident(issuer=SenderKey.COORDINATION_COMMITTEE)
    french = rendered(tmp_path, committee, [Language.FR])["fr"]
    assert french[1:3] == ["Déclaration conjointe", "Comité de coordination"]
    assert french[-1] == "Comité de coordination"
    assert any(line.startswith("Le Comité de coordination de la Convention") for line in french)


def test_a_transmittal_of_a_joint_statement_names_its_issuers(tmp_path: Path) -> None:
    """France's transmittal says, in French, which States issue the statement jointly; a
    statement of the Presidency alone says nothing more than before."""
    settings = Settings(work_dir=tmp_path / "work")
    for co_signers, expected in ((CO_SIGNERS, True), ((), False)):
        incident = sample_incident(co_signers)
        plan = drafting(incident.decision.date, settings)
        jobs, _ = plan_statement(
            plan, kind("condemnation-statement"), kind("statement-transmittal"), incident
        )
        france = next(job for job in jobs if job.doc_id == "FR-mission-statement-transmittal")
        text = "\n".join(paragraphs(render(plan, [france], tmp_path)[france.doc_id]))
        line = "publiée conjointement par\u00a0: Autriche, Nouvelle-Zélande et Zambie."
        assert (line in text) is expected
