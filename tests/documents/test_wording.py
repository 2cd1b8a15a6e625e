"""What drafted letters say, read as a United Nations translator reads them (issue 12)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import REPOSITORY, plain
from docx import Document
from letters import DATA, directory, drafting, full_text, kind, render, texts

from verbale.batches.drafting import Drafting
from verbale.batches.manifest import SkipReason
from verbale.batches.planning import plan_circular, plan_reminders, plan_statement
from verbale.convention.decisions import load_decision
from verbale.convention.directory import check_directory
from verbale.convention.incidents import Incident, load_incident
from verbale.convention.reports import IssuedReminder, Level, ReportKey, ReportKind, load_received
from verbale.documents.jobs import DocumentJob
from verbale.languages import Language
from verbale.settings import SenderKey, Settings

AS_OF = date(2016, 6, 15)
FIRST_REMINDER = date(2016, 5, 10)
INCIDENT = DATA / "incidents" / "2016-02-sy.yaml"
CHANNELS = ("mission", "capital")


def reminders(
    languages: dict[str, Language] | None = None, second: tuple[str, ...] = ()
) -> tuple[Drafting, list[DocumentJob]]:
    """The reminders of 15 June 2016; the 2015 annual report of `second` reminded before."""
    plan = drafting(AS_OF, languages=languages)
    received = load_received(DATA / "reports.csv")
    history = [
        IssuedReminder(ReportKey(iso2, ReportKind.ANNUAL, 2015), Level.FIRST, FIRST_REMINDER)
        for iso2 in second
    ]
    jobs, _ = plan_reminders(plan, kind("reporting-reminder"), received, history)
    return plan, jobs


def job_of(jobs: list[DocumentJob], doc_id: str) -> DocumentJob:
    """The one job of a document id."""
    return next(job for job in jobs if job.doc_id == doc_id)


def reminder_text(lang: Language, tmp_path: Path, second: bool = False) -> str:
    """Paraguay's reminder of 15 June 2016, written in one language."""
    plan, jobs = reminders({"PY": lang}, ("PY",) if second else ())
    job = job_of(jobs, "PY-mission-reporting-reminder")
    return full_text(render(plan, [job], tmp_path)[job.doc_id])


@pytest.fixture(scope="module")
def statement_batch(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Drafting, list[DocumentJob], dict[str, str]]:
    """The 2016-02-sy statement batch, and the text of the statements and a few letters."""
    incident = load_incident(INCIDENT)
    plan = drafting(incident.decision.date)
    statement, transmittal = kind("condemnation-statement"), kind("statement-transmittal")
    jobs, skipped = plan_statement(plan, statement, transmittal, incident)
    assert skipped == []
    wanted = [j for j in jobs if j.state in ("", "FR", "ES", "MD", "IQ", "NR", "GB")]
    return plan, jobs, texts(plan, wanted, tmp_path_factory.mktemp("statement"))


# 1. Article 7 reports go to the Secretary-General


SECRETARY_GENERAL = {
    Language.EN: "report it to the Secretary-General not later than 30 April",
    Language.FR: "les communique au Secrétaire général au plus tard le 30 avril",
    Language.ES: "informar al respecto al Secretario General a más tardar el 30 de abril",
    Language.RU: "сообщает ее Генеральному секретарю не позднее 30 апреля",
    Language.AR: "وتبلغ عنها الأمين العام في موعد لا يتجاوز 30 نيسان/أبريل",
    Language.ZH: "至迟于每年4月30日向秘书长提交报告",
}


@pytest.mark.parametrize("lang", list(Language))
def test_reminders_say_reports_go_to_the_secretary_general(lang: Language, tmp_path: Path) -> None:
    """Every language's reminder says the report goes to the Secretary-General by 30 April."""
    assert SECRETARY_GENERAL[lang] in reminder_text(lang, tmp_path)


def test_reminders_send_reports_through_oda_with_a_copy_to_the_unit(tmp_path: Path) -> None:
    """The reports go through the Office for Disarmament Affairs, the Unit has a copy."""
    text = reminder_text(Language.EN, tmp_path)
    assert "through the Office for Disarmament Affairs" in text
    assert "with a copy to the Unit (isu@ccm-isu.example.org)" in text


# 2. One note per State and channel


def test_one_reminder_per_state_lists_every_overdue_report(tmp_path: Path) -> None:
    """Nauru, four reports overdue, gets one note listing the four, and no State gets two."""
    plan, jobs = reminders()
    ids = [(job.state, job.channel) for job in jobs]
    assert len(ids) == len(set(ids))
    nauru = [job for job in jobs if job.state == "NR"]
    assert len(nauru) == 1
    assert nauru[0].details["report"].split() == [
        "NR:initial",
        "NR:annual:2013",
        "NR:annual:2014",
        "NR:annual:2015",
    ]
    text = texts(plan, nauru, tmp_path)[nauru[0].doc_id]
    assert text.count("应于") == 4
    assert "初次报告" in text and "2015年1月1日至2015年12月31日" in text


# 3. United Nations country names


UN_NAMES = {
    Language.EN: "Syrian Arab Republic",
    Language.FR: "en République arabe syrienne",
    Language.ES: "República Árabe Siria",
    Language.RU: "Сирийская Арабская Республика",
    Language.AR: "الجمهورية العربية السورية",
    Language.ZH: "阿拉伯叙利亚共和国",
}


@pytest.mark.parametrize("lang", list(Language))
def test_statement_names_the_state_in_its_united_nations_form(
    lang: Language, tmp_path: Path
) -> None:
    """The statement names Syria as the United Nations does, with French's "en"."""
    incident = load_incident(INCIDENT)
    settings = Settings(languages=[lang])
    plan = drafting(incident.decision.date, settings)
    jobs, _ = plan_statement(
        plan, kind("condemnation-statement"), kind("statement-transmittal"), incident
    )
    statement = job_of(jobs, f"condemnation-statement-{lang.value}")
    assert UN_NAMES[lang] in texts(plan, [statement], tmp_path)[statement.doc_id]


def test_recipients_check_lists_states_without_a_un_name(tmp_path: Path) -> None:
    """`recipients check` lists Zambia once its English row is gone; not Moldova."""
    for name in ("states.csv", "contacts.csv"):
        shutil.copy(REPOSITORY / "recipients" / name, tmp_path / name)
    names = (REPOSITORY / "recipients" / "names.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in names if not line.startswith("ZM,en,")]
    (tmp_path / "names.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    problems = [str(p) for p in check_directory(tmp_path, [Language.EN, Language.FR])]
    missing = [p for p in problems if "no UN name" in p]
    assert len(missing) == 1 and missing[0].endswith("ZM (Zambia): no UN name in en")


def statement_on(iso2: str, lang: Language, tmp_path: Path) -> str:
    """The statement on the 2016-02-sy incident placed in another State, in one language."""
    incident = load_incident(INCIDENT)
    moved = Incident.model_validate(incident.model_dump() | {"state": iso2})
    plan = drafting(incident.decision.date, Settings(languages=[lang]))
    jobs, _ = plan_statement(
        plan, kind("condemnation-statement"), kind("statement-transmittal"), moved
    )
    statement = job_of(jobs, f"condemnation-statement-{lang.value}")
    return texts(plan, [statement], tmp_path)[statement.doc_id]


def test_french_names_bolivia_in_running_text(tmp_path: Path) -> None:
    """French reads "dans l’État plurinational de Bolivie", not the inverted list form."""
    text = statement_on("BO", Language.FR, tmp_path)
    assert "dans le nord du gouvernorat d’Alep, dans l’État plurinational de Bolivie" in text
    assert "en Bolivie (État" not in text


def test_russian_notes_put_the_state_in_the_genitive(tmp_path: Path) -> None:
    """Russian transmittals open with the Mission of Bolivia and of the United Kingdom."""
    incident = load_incident(INCIDENT)
    plan = drafting(incident.decision.date, languages={"BO": Language.RU, "GB": Language.RU})
    jobs, _ = plan_statement(
        plan, kind("condemnation-statement"), kind("statement-transmittal"), incident
    )
    wanted = ("BO-mission-statement-transmittal", "GB-mission-statement-transmittal")
    found = texts(plan, [job_of(jobs, doc_id) for doc_id in wanted], tmp_path)
    assert (
        "уважение Постоянному представительству Многонационального Государства Боливия при"
        in found[wanted[0]]
    )
    assert (
        "уважение Постоянному представительству Соединенного Королевства Великобритании и"
        " Северной Ирландии при" in found[wanted[1]]
    )


# 4. Facts that are text, per language


def test_a_language_without_the_incident_text_is_skipped_by_name(tmp_path: Path) -> None:
    """Without a Russian place, the Russian statement is a named skip, not English text."""
    incident = load_incident(INCIDENT)
    place = {k: v for k, v in incident.place.items() if k is not Language.RU}
    no_russian = Incident.model_validate(incident.model_dump() | {"place": place})
    plan = drafting(incident.decision.date, Settings(languages=[Language.EN, Language.RU]))
    jobs, skipped = plan_statement(
        plan, kind("condemnation-statement"), kind("statement-transmittal"), no_russian
    )
    assert [job.doc_id for job in jobs if job.kind == "condemnation-statement"] == [
        "condemnation-statement-en"
    ]
    assert [(s.reason, s.detail) for s in skipped if s.state == "SY"] == [
        (SkipReason.NO_TEXT, "statement in ru: incident 2016-02-sy has no place in ru")
    ]
    moldova = job_of(jobs, "MD-mission-statement-transmittal")
    assert moldova.lang == "en" and moldova.fallback


def test_a_letter_in_another_language_names_the_office_in_that_language(tmp_path: Path) -> None:
    """Moldova's English fallback names its Mission in English, not by its Russian title."""
    incident = load_incident(INCIDENT)
    place = {k: v for k, v in incident.place.items() if k is not Language.RU}
    no_russian = Incident.model_validate(incident.model_dump() | {"place": place})
    plan = drafting(incident.decision.date, Settings(languages=[Language.EN]))
    jobs, _ = plan_statement(
        plan, kind("condemnation-statement"), kind("statement-transmittal"), no_russian
    )
    wanted = [job_of(jobs, f"MD-{channel}-statement-transmittal") for channel in CHANNELS]
    mission, capital = (texts(plan, wanted, tmp_path)[job.doc_id] for job in wanted)
    assert (
        "presents its compliments to the Permanent Mission of the Republic of Moldova to the"
        " United Nations Office and other international organizations in Geneva and" in mission
    )
    assert "to the Ministry of Foreign Affairs of the Republic of Moldova and" in capital
    assert not any("\u0400" <= c <= "\u04ff" for c in mission.split("Chemin Fictif")[0])


def test_french_sets_the_date_of_the_incident_off_with_a_comma(
    statement_batch: tuple[Any, ...],
) -> None:
    """French: "…, en République arabe syrienne, le 18 février 2016"."""
    _, _, found = statement_batch
    text = found["FR-mission-statement-transmittal"]
    assert "en République arabe syrienne, le 18\u00a0février 2016." in text


def test_french_letters_give_the_facts_in_french(statement_batch: tuple[Any, ...]) -> None:
    """No English place inside a French letter: the place and the State are French."""
    _, _, found = statement_batch
    text = found["FR-mission-statement-transmittal"]
    assert "dans le nord du gouvernorat d’Alep, en République arabe syrienne" in text
    assert "northern Aleppo" not in text


def test_contribution_purpose_is_in_the_letter_language(tmp_path: Path) -> None:
    """A contribution's purpose is given per language: French letters say it in French."""
    plan, jobs = contribution_letters()
    belgium = job_of(jobs, "BE-mission-contribution-thanks")
    text = texts(plan, [belgium], tmp_path)[belgium.doc_id]
    assert "les travaux de l’Unité d’appui à l’application" in text
    assert "the work of" not in text


def test_contribution_without_a_french_purpose_is_a_named_skip(tmp_path: Path) -> None:
    """Without a French purpose and with no fallback, Belgium is skipped by name."""
    source = (DATA / "decisions" / "contribution-thanks-2016.yaml").read_text(encoding="utf-8")
    lines = [line for line in source.splitlines() if not line.startswith("    fr:")]
    path = tmp_path / "decision.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    thanks = kind("contribution-thanks")
    decision = load_decision(path, thanks.variables)
    plan = drafting(date(2016, 3, 1), Settings(fallback="refuse"))
    jobs, skipped = plan_circular(plan, thanks, decision, ["BE", "GB"])
    assert [job.state for job in jobs] == ["GB"]
    assert [(s.state, s.reason) for s in skipped] == [("BE", SkipReason.NO_TEXT)]


def test_a_signed_letter_in_another_language_quotes_no_foreign_title(tmp_path: Path) -> None:
    """Belgium's English fallback letter: the Mission in English, no French title line."""
    source = (DATA / "decisions" / "contribution-thanks-2016.yaml").read_text(encoding="utf-8")
    lines = [line for line in source.splitlines() if not line.startswith("    fr:")]
    path = tmp_path / "decision.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    thanks = kind("contribution-thanks")
    decision = load_decision(path, thanks.variables)
    plan = drafting(date(2016, 3, 1), Settings(fallback="english"))
    jobs, _ = plan_circular(plan, thanks, decision, ["BE"])
    (belgium,) = jobs
    assert belgium.lang == "en" and belgium.fallback
    text = texts(plan, jobs, tmp_path)[belgium.doc_id]
    assert (
        "H.E. Mr. Gaëtan Monfaucon\nPermanent Mission of Belgium to the United Nations Office"
        " and other international organizations in Geneva\n" in text
    )
    assert "Représentant" not in text and "Mission permanente" not in text


# 5. The transmittal cites the statement by its exact title


def test_transmittal_cites_the_enclosed_statement_by_its_exact_title(
    statement_batch: tuple[Any, ...],
) -> None:
    """Each transmittal quotes the first line of the statement it encloses, word for word."""
    _, jobs, found = statement_batch
    # A statement: letterhead (two lines), reference, then its title.
    titles = {job.doc_id: found[job.doc_id].splitlines()[3] for job in jobs if not job.state}
    for job in jobs:
        if job.state and job.doc_id in found:
            (enclosed,) = job.encloses
            assert titles[enclosed] in found[job.doc_id], job.doc_id
            assert job.context["statement"]["title"] == titles[enclosed]


# 6. Russian openings name the State


def test_russian_notes_name_the_state_in_the_opening(statement_batch: tuple[Any, ...]) -> None:
    """Moldova's notes open with the Mission or Ministry "of the Republic of Moldova"."""
    _, _, found = statement_batch
    assert (
        "свидетельствует свое уважение Постоянному представительству Республики Молдова при"
        " Отделении Организации Объединенных Наций и других международных организациях в"
        " Женеве" in found["MD-mission-statement-transmittal"]
    )
    assert (
        "уважение Министерству иностранных дел Республики Молдова"
        in (found["MD-capital-statement-transmittal"])
    )


# 7. Dates


def test_french_first_of_the_month_and_no_break_spaces(tmp_path: Path) -> None:
    """French writes "1er janvier", day and month joined by a no-break space."""
    text = reminder_text(Language.FR, tmp_path)
    assert "du 1er\u00a0septembre 2015 au 31\u00a0décembre 2015" in text
    assert "le 15\u00a0juin 2016" in text


def test_arabic_months_in_the_double_form(statement_batch: tuple[Any, ...]) -> None:
    """Arabic names a month twice: "25 شباط/فبراير 2016"."""
    _, _, found = statement_batch
    assert "جنيف، 25 شباط/فبراير 2016" in found["IQ-mission-statement-transmittal"]


def test_russian_day_and_month_do_not_part(statement_batch: tuple[Any, ...]) -> None:
    """Russian joins day and month with a no-break space: "25 февраля 2016 г."."""
    _, _, found = statement_batch
    assert "Женева, 25\u00a0февраля 2016\u202fг." in found["MD-mission-statement-transmittal"]


# 8. Money


def contribution_letters() -> tuple[Drafting, list[DocumentJob]]:
    """The 2016 thank-you letters to every State Party."""
    thanks = kind("contribution-thanks")
    decision = load_decision(DATA / "decisions" / "contribution-thanks-2016.yaml", thanks.variables)
    plan = drafting(date(2016, 3, 1))
    states = [s.iso2 for s in plan.directory.parties_on(plan.day)]
    jobs, _ = plan_circular(plan, thanks, decision, states)
    return plan, jobs


AMOUNTS = {
    "GB-mission-contribution-thanks": "CHF 10,000",
    "ZM-mission-contribution-thanks": "CHF 5,400",
    "BE-mission-contribution-thanks": "10 000 francs suisses",
    "ES-mission-contribution-thanks": "10.000 francos suizos",
    "MD-mission-contribution-thanks": "10 000 швейцарских франков",
    "IQ-mission-contribution-thanks": "10,000 فرنك سويسري",
    "NR-mission-contribution-thanks": "10,000瑞士法郎",
}


def test_amounts_as_the_united_nations_writes_them(tmp_path: Path) -> None:
    """CHF before the figure in English, the currency in words elsewhere, no ".00"."""
    plan, jobs = contribution_letters()
    found = texts(plan, [job_of(jobs, doc_id) for doc_id in AMOUNTS], tmp_path)
    for doc_id, amount in AMOUNTS.items():
        assert amount in plain(found[doc_id]), doc_id
        assert f"{amount}.00" not in found[doc_id] and f"{amount},00" not in found[doc_id]


# 9. Letterheads and sender names


LETTERHEADS = {
    "GB-mission-statement-transmittal": "Implementation Support Unit",
    "FR-mission-statement-transmittal": "Unité d’appui à l’application",
    "ES-mission-statement-transmittal": "Dependencia de Apoyo a la Aplicación",
}


def test_letterheads_have_no_article(statement_batch: tuple[Any, ...]) -> None:
    """The letterhead names the Unit without an article, under the Convention's name."""
    _, _, found = statement_batch
    for doc_id, letterhead in LETTERHEADS.items():
        assert found[doc_id].splitlines()[1] == letterhead, doc_id


def test_sender_name_reads_in_mid_sentence_and_opens_one() -> None:
    """`sender.name` is "the Implementation Support Unit ..."; a sentence capitalises it."""
    name = Settings().sender(SenderKey.ISU).localised(Language.EN)["name"]
    assert name.startswith("the Implementation Support Unit of the Convention")
    text = kind("statement-transmittal").body[Language.EN]
    assert "{{ sender.name }}" not in text


def test_notes_open_with_the_capitalised_sender(statement_batch: tuple[Any, ...]) -> None:
    """A note opens "The Implementation Support Unit ... presents its compliments"."""
    _, _, found = statement_batch
    assert (
        "\nThe Implementation Support Unit of the Convention on Cluster Munitions presents its"
        in found["GB-mission-statement-transmittal"]
    )


# 10. Chinese


def test_chinese_keeps_an_e_mail_address_whole(tmp_path: Path) -> None:
    """In Chinese, the address never breaks at its hyphen; the text says 在这方面."""
    plan, jobs = reminders()
    nauru = job_of(jobs, "NR-mission-reporting-reminder")
    text = texts(plan, [nauru], tmp_path)[nauru.doc_id]
    assert "isu@ccm-\u2060isu.example.org" in text
    assert "在这方面" in text
    for path in sorted((REPOSITORY / "templates").glob("*/zh.docx")):
        assert "在此方面" not in full_text(path), path


# 11. The initial report covers no period


def test_initial_report_reminder_invents_no_period(tmp_path: Path) -> None:
    """Art. 7(1) sets no period: the initial report's line gives its due date only."""
    text = reminder_text(Language.EN, tmp_path)
    (initial,) = [line for line in text.splitlines() if line.startswith("the initial report")]
    assert initial == "the initial report under Article 7(1), due on 28 February 2016;"


# 12. Second reminders


def test_spanish_second_reminder_refers_to_the_units_note(tmp_path: Path) -> None:
    """Spanish: "En relación con la nota verbal de la Dependencia de fecha ..."."""
    text = reminder_text(Language.ES, tmp_path, second=True)
    assert "En relación con la nota verbal de la Dependencia de fecha 10 de mayo de 2016" in text


def test_russian_and_arabic_say_how_many_days_overdue(tmp_path: Path) -> None:
    """Russian "доклад просрочен уже на 46 дней", Arabic "أن التقرير قد تأخر الآن 46 يوما"."""
    assert "доклад просрочен уже на 46 дней" in reminder_text(Language.RU, tmp_path, True)
    assert "أن التقرير قد تأخر الآن 46 يوما" in reminder_text(Language.AR, tmp_path, True)


# 13. One voice, the signatory's name in the language's script


SIGNATORIES = {
    "IQ-mission-contribution-thanks": "دانا إكزامبل",
    "NR-mission-contribution-thanks": "达娜·埃克赞普尔",
    "MD-mission-contribution-thanks": "Дана Экзампл",
}
WE = {"IQ": "ونحن", "NR": "我们", "MD": "Мы "}


def test_signed_letters_keep_one_voice_and_a_transliterated_name(tmp_path: Path) -> None:
    """Arabic, Chinese and Russian letters speak as the signatory, signed in their script."""
    plan, jobs = contribution_letters()
    found = texts(plan, [job_of(jobs, doc_id) for doc_id in SIGNATORIES], tmp_path)
    for doc_id, name in SIGNATORIES.items():
        assert name in found[doc_id].splitlines(), doc_id
        assert "Dana Example" not in found[doc_id]
        assert WE[doc_id[:2]] not in found[doc_id], doc_id


# 14. French apostrophes, the Russian neutral form of address


def test_french_uses_the_typographic_apostrophe(tmp_path: Path) -> None:
    """French template text writes l’article, l’Unité; never a straight apostrophe."""
    text = reminder_text(Language.FR, tmp_path).split("Genève, le")[0]
    assert "l’article 7" in text and "L’Unité d’appui" in text
    assert "'" not in text


def test_russian_address_has_no_double_form_when_gender_is_unknown(tmp_path: Path) -> None:
    """Without a known gender, a Russian letter is addressed by name, not "Его/Ее"."""
    for path in sorted((REPOSITORY / "templates").glob("*/ru.docx")):
        assert "Его/Ее" not in "".join(p.text for p in Document(str(path)).paragraphs), path


# 15. Transmittals in the State's language


def test_transmittals_follow_the_states_language(statement_batch: tuple[Any, ...]) -> None:
    """Statements in the languages in use; transmittals in Russian, Arabic and Chinese too."""
    _, jobs, _ = statement_batch
    assert sorted(job.lang for job in jobs if not job.state) == ["en", "es", "fr"]
    languages = {job.state: job.lang for job in jobs if job.channel == "mission"}
    assert (languages["MD"], languages["IQ"], languages["NR"]) == ("ru", "ar", "zh")
    assert not any(job.fallback for job in jobs)


# 16. Document properties


def test_documents_carry_their_own_title_author_and_date(
    statement_batch: tuple[Any, ...], tmp_path: Path
) -> None:
    """Title, author (the sender) and created (the document date); no template note."""
    plan, jobs, _ = statement_batch
    job = job_of(jobs, "GB-mission-statement-transmittal")
    props = Document(str(render(plan, [job], tmp_path)[job.doc_id])).core_properties
    assert props.title == "Transmittal of a statement on a reported use of cluster munitions"
    assert props.author == job.context["sender"]["name"]
    assert props.created is not None and props.created.date() == date(2016, 2, 25)
    assert props.comments == ""
    assert directory().states["GB"].name_en  # the committed directory loads
