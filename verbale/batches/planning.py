"""The plan of each job: statement, reminders, Article 3 letters, circulars."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

from verbale.batches.drafting import Addressing, Drafting, Letter, plan_letter, statement_job
from verbale.batches.manifest import Skip, SkipReason
from verbale.convention.decisions import Decision, in_language, text_languages
from verbale.convention.directory import StateStatus
from verbale.convention.incidents import Incident
from verbale.convention.outreach import Audience, Outreach
from verbale.convention.reports import (
    REMINDER_SEPARATOR,
    Escalation,
    IssuedReminder,
    Level,
    Overdue,
    Received,
    escalation,
    overdue_reports,
)
from verbale.convention.rules import stockpile_destruction_deadline
from verbale.convention.stockpiles import Article3Letter, Stockpile, article3_letters
from verbale.documents.context import choose_language, issuer_variables, state_variables
from verbale.documents.jobs import DocumentJob
from verbale.documents.kinds import Kind
from verbale.documents.webpage import DATE, HTML_SUFFIX, ISSUED_BY, PAGE
from verbale.errors import SelectionError
from verbale.languages import Language
from verbale.settings import SenderKey, SenderProfile

Outcome = tuple[list[DocumentJob], list[Skip]]


def plan_letters(drafting: Drafting, letters: Iterable[Letter], addressing: Addressing) -> Outcome:
    """Every document of some letters, and every State that gets none."""
    jobs: list[DocumentJob] = []
    skipped: list[Skip] = []
    for letter in letters:
        found, missed = plan_letter(drafting, letter, addressing)
        jobs.extend(found)
        skipped.extend(missed)
    return jobs, skipped


def plan_statement(
    drafting: Drafting,
    statement: Kind,
    transmittal: Kind,
    incident: Incident,
    release: Kind | None = None,
    outreach: Outreach | None = None,
) -> Outcome:
    """The statement in each language in use, and a transmittal to every office of every
    State Party on the decision date, in the office's language where the transmittal has a
    template, enclosing the statement in the same language if it is issued in it (else in
    English, or the first language it is issued in), and citing it by its exact title.
    A language the incident's facts are not given in is skipped, by name. With a press
    release kind, the press release to the media list and the statement to the partners,
    each in the addressee's language (see `plan_outreach`)."""
    incident.require_verified()
    decision = incident.decision
    profile = drafting.settings.sender(decision.issuer)
    joint = decision.issuer is SenderKey.COORDINATION_COMMITTEE or bool(decision.co_signers)
    skipped: list[Skip] = []
    languages = []
    for lang in drafting.settings.languages:
        if lang in statement.languages and incident.missing_text(lang):
            detail = f"statement in {lang.value}: {incident.missing_text(lang)}"
            skipped.append(Skip(incident.state, SkipReason.NO_TEXT, detail))
        elif lang in statement.languages:
            languages.append(lang)

    def incident_of(lang: Language) -> dict[str, Any]:
        state = state_variables(drafting.directory, incident.state, lang)
        return incident.variables(lang, state)

    def issuers_of(lang: Language) -> dict[str, Any]:
        directory = drafting.directory
        return issuer_variables(directory, profile, lang, decision.co_signers, joint)

    def published(lang: Language) -> DocumentJob:
        facts = {"incident": incident_of(lang), "issuers": issuers_of(lang)}
        doc_id = f"{statement.name}-{lang.value}"
        details = _page(drafting, incident, doc_id, str(facts["issuers"]["listed"]))
        return statement_job(drafting, statement, profile, lang, facts, doc_id, details=details)

    statements = {lang: published(lang) for lang in languages}
    titles = {
        lang: drafting.renderer.render_text(statement, "title", lang, job.context).strip()
        for lang, job in statements.items()
    }

    def enclosed(lang: Language) -> Language:
        if lang in statements:
            return lang
        return Language.EN if Language.EN in statements else next(iter(statements))

    def variables(lang: Language) -> dict[str, Any]:
        title = titles[enclosed(lang)]
        statement_facts = {"title": title}
        return {"incident": incident_of(lang), "issuers": issuers_of(lang)} | {
            "statement": statement_facts
        }

    if not statements:
        return [], skipped
    encloses = {lang: statements[enclosed(lang)].doc_id for lang in incident.languages}
    letters = [
        Letter(transmittal, s.iso2, variables, encloses=encloses)
        for s in drafting.directory.parties_on(drafting.day)
    ]
    jobs, missed = plan_letters(drafting, letters, Addressing.EACH_OFFICE)
    press: Outcome = ([], [])
    if release is not None and outreach is not None:

        def release_variables(lang: Language) -> dict[str, Any]:
            page = statements[lang].details[PAGE]
            statement_facts = {"title": titles[lang], "url": page}
            return {"incident": incident_of(lang), "issuers": issuers_of(lang)} | {
                "statement": statement_facts
            }

        press = plan_outreach(drafting, release, profile, statements, release_variables, outreach)
    return (
        list(statements.values()) + jobs + press[0],
        skipped + missed + press[1],
    )


def _page(drafting: Drafting, incident: Incident, doc_id: str, issued_by: str) -> dict[str, str]:
    """What the website needs of a statement: its address, who issues it, its date."""
    base = drafting.settings.website_url.rstrip("/")
    return {
        PAGE: f"{base}/{incident.id}/{doc_id}{HTML_SUFFIX}",
        ISSUED_BY: issued_by,
        DATE: drafting.day.isoformat(),
    }


def plan_outreach(
    drafting: Drafting,
    release: Kind,
    profile: SenderProfile,
    statements: Mapping[Language, DocumentJob],
    variables: Callable[[Language], Mapping[str, Any]],
    outreach: Outreach,
) -> Outcome:
    """The press release to every media outlet and to every partner, enclosing the
    statement: one document per audience and language, each address its own message, in
    the addressee's language (or English, flagged, by the fallback setting); an addressee
    that cannot be written to in any is listed by name."""
    available = set(statements) & set(release.languages)
    jobs: list[DocumentJob] = []
    skipped: list[Skip] = []
    for audience in Audience:
        groups: dict[tuple[Language, bool], list[str]] = defaultdict(list)
        for addressee in outreach.of(audience):
            choice = choose_language(available, addressee.language, drafting.settings.fallback)
            if choice is None:
                detail = f"{audience.value}: {addressee.name}: no statement in {addressee.language}"
                skipped.append(Skip("", SkipReason.NO_TEMPLATE, detail))
                continue
            groups[(choice.lang, choice.fallback)].append(addressee.email)
        for (lang, fallback), emails in sorted(groups.items()):
            suffix = "-fallback" if fallback else ""
            doc_id = f"{release.name}-{audience.value}-{lang.value}{suffix}"
            # The language is part of what the release is: a language added later is drafted.
            details = {"language": lang.value, "fallback": str(fallback).lower()}
            job = statement_job(
                drafting, release, profile, lang, variables(lang), doc_id, audience.value, details
            )
            jobs.append(
                replace(
                    job,
                    fallback=fallback,
                    to=tuple(emails),
                    encloses=(statements[lang].doc_id,),
                )
            )
    return jobs, skipped


def plan_reminders(
    drafting: Drafting, kind: Kind, received: Sequence[Received], history: Sequence[IssuedReminder]
) -> Outcome:
    """One reminder per State listing every overdue report due a reminder (Art. 7(1), 7(2));
    the note's level is the highest of its reports'."""
    as_of = drafting.day
    due: dict[str, list[tuple[Overdue, Escalation]]] = defaultdict(list)
    skipped: list[Skip] = []
    parties = drafting.directory.parties_on(as_of)
    for overdue in overdue_reports(parties, received, as_of):
        step = escalation(overdue.key, history, as_of, drafting.settings.reminder_interval_days)
        if step.level is None:
            reason = (
                SkipReason.ESCALATION_EXHAUSTED
                if "exhausted" in step.reason
                else SkipReason.REMINDER_NOT_DUE
            )
            skipped.append(Skip(overdue.key.iso2, reason, f"{overdue.key}: {step.reason}"))
            continue
        due[overdue.key.iso2].append((overdue, step))
    letters = [_reminder(kind, iso2, found) for iso2, found in due.items()]
    jobs, missed = plan_letters(drafting, letters, Addressing.MISSION_COPY_CAPITAL)
    return jobs, skipped + missed


def _reminder(kind: Kind, iso2: str, found: Sequence[tuple[Overdue, Escalation]]) -> Letter:
    """The one note to a State about all its overdue reports."""
    levels = [step.level for _, step in found if step.level is not None]
    level = Level.SECOND if Level.SECOND in levels else Level.FIRST
    previous = max((step.previous for _, step in found if step.previous), default=None)
    reports = [
        {
            "kind": overdue.key.kind.value,
            "year": overdue.key.year,
            "due_date": overdue.due,
            "period_start": overdue.period_start,
            "period_end": overdue.period_end,
            "days_overdue": overdue.days_overdue,
        }
        for overdue, _ in found
    ]
    reminder = {"level": level.value, "previous_reminder_date": previous, "reports": reports}
    details = {
        "report": REMINDER_SEPARATOR.join(str(overdue.key) for overdue, _ in found),
        "level": REMINDER_SEPARATOR.join(str(step.level) for _, step in found),
    }
    return Letter(kind, iso2, _fixed({"reminder": reminder}), "", details)


def plan_article3(
    drafting: Drafting, kinds: Mapping[Article3Letter, Kind], stockpiles: Mapping[str, Stockpile]
) -> Outcome:
    """Progress requests and good-practices requests; unknown status listed, never guessed."""
    as_of = drafting.day
    parties = {s.iso2: s for s in drafting.directory.parties_on(as_of)}
    decisions = article3_letters(
        parties.values(), stockpiles, as_of, drafting.settings.article3_update_days
    )
    letters: list[Letter] = []
    skipped: list[Skip] = []
    for iso2, decision in decisions.items():
        if decision.letter is Article3Letter.UNKNOWN:
            skipped.append(
                Skip(
                    iso2,
                    SkipReason.UNKNOWN_STATUS,
                    f"{decision.reason}: a person decides which letter",
                )
            )
        elif decision.letter is not Article3Letter.NONE:
            eif = parties[iso2].entry_into_force
            assert eif is not None  # a State Party has an entry-into-force date
            stock = stockpiles[iso2]
            article3 = {
                "entry_into_force": eif,
                "deadline": stockpile_destruction_deadline(eif),
                "completion_date": stock.completed_on if stock.completed_by(as_of) else None,
                "last_update": stock.last_update
                if stock.last_update and stock.last_update <= as_of
                else None,
                "reply_by": as_of + timedelta(days=drafting.settings.reply_days),
            }
            kind = kinds[decision.letter]
            details = {"category": decision.letter.value}
            letters.append(Letter(kind, iso2, _fixed({"article3": article3}), "", details))
    jobs, missed = plan_letters(drafting, letters, Addressing.MISSION_COPY_CAPITAL)
    return jobs, skipped + missed


def plan_circular(
    drafting: Drafting, kind: Kind, decision: Decision, states: Sequence[str]
) -> Outcome:
    """Any letter kind to the selected States, with the decision's variables."""
    if kind.form.public:
        raise SelectionError(f"{kind.name}: a statement is issued with `verbale statement`")
    letters = [_circular(kind, iso2, decision.variables_for(iso2)) for iso2 in states]
    return plan_letters(drafting, letters, Addressing.MISSION_COPY_CAPITAL)


def _circular(kind: Kind, iso2: str, variables: Mapping[str, Any]) -> Letter:
    """A circular to one State, its texts in the letter's language."""

    def in_lang(lang: Language) -> Mapping[str, Any]:
        localised: Mapping[str, Any] = in_language(variables, lang)
        return localised

    return Letter(kind, iso2, in_lang, "", {}, texts_in=text_languages(variables))


def select_states(drafting: Drafting, codes: Sequence[str] | None, signatories: bool) -> list[str]:
    """The States a circular goes to: a list of codes, the signatories, or all parties."""
    directory = drafting.directory
    if codes:
        unknown = [c for c in codes if c not in directory.states]
        if unknown:
            raise SelectionError(f"--states: not in the directory: {', '.join(unknown)}")
        return sorted(set(codes))
    if signatories:
        return sorted(
            s.iso2 for s in directory.states.values() if s.status is StateStatus.SIGNATORY
        )
    return [s.iso2 for s in directory.parties_on(drafting.day)]


def _fixed(variables: Mapping[str, Any]) -> Callable[[Language], Mapping[str, Any]]:
    """The same variables whatever the language."""
    return lambda _lang: variables
