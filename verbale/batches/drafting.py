"""From a decision to document jobs: who gets which letter, in which language, and why not."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from verbale.batches.ledger import Ledger, ReferenceUse
from verbale.batches.manifest import (
    Skip,
    SkipReason,
    identity_of,
    letter_identity,
    new_batch_id,
    sha256_of,
)
from verbale.convention.directory import Channel, Contact, Directory
from verbale.documents.context import choose_language, letter_context, statement_context
from verbale.documents.jobs import DocumentJob
from verbale.documents.kinds import Kind
from verbale.documents.lint import line_breaking
from verbale.documents.rendering import Renderer
from verbale.errors import RenderError
from verbale.languages import Language
from verbale.settings import SenderProfile, Settings


class Addressing(StrEnum):
    """How a State is written to."""

    # One letter to the mission, the capital in copy; the capital alone when no mission.
    MISSION_COPY_CAPITAL = "mission-copy-capital"
    # One document to every office of the State (a statement reaches missions and capitals).
    EACH_OFFICE = "each-office"


@dataclass(frozen=True)
class Drafting:
    """What every plan needs: the directory, the settings, the date, the text renderer and
    the ledger that numbers the documents; the facts that make the flow's letters what they
    are, and the letters live batches already hold (identity: batch), which get no number."""

    directory: Directory
    settings: Settings
    renderer: Renderer
    day: date
    flow: str
    batch_id: str
    ledger: Ledger
    facts: Mapping[str, str] = field(default_factory=dict)
    held: Mapping[str, str] = field(default_factory=dict)

    def reference(
        self,
        profile: SenderProfile,
        doc_id: str,
        kind: str,
        iso2: str = "",
        channel: str = "",
        details: Mapping[str, str] | None = None,
    ) -> str:
        """The sender's next reference number of the year ('CCM/ISU/2016/0023'), from the
        ledger, recorded against this document of this batch; none ('') for a letter a live
        batch holds, which `fresh_letters` leaves out: a re-run leaves no gap in the register."""
        if identity_of(kind, iso2, channel, details or {}, self.facts) in self.held:
            return ""
        use = ReferenceUse(self.batch_id, doc_id, kind, iso2, channel, self.day)
        return self.ledger.allocate_reference(profile.reference_prefix, use).reference


@dataclass(frozen=True)
class Letter:
    """A letter of one kind to one State, with its own variables."""

    kind: Kind
    iso2: str
    variables: Callable[[Language], Mapping[str, Any]]  # the kind's variables in a language
    suffix: str = ""
    details: Mapping[str, str] | None = None
    encloses: Mapping[Language, str] | None = None
    texts_in: frozenset[Language] | None = None  # the languages its facts that are text are in


def offices(
    directory: Directory, iso2: str, addressing: Addressing
) -> list[tuple[Contact, tuple[str, ...]]]:
    """The contacts a State's letter is addressed to, each with the addresses it copies."""
    mission = directory.contact(iso2, Channel.MISSION)
    capital = directory.contact(iso2, Channel.CAPITAL)
    if addressing is Addressing.EACH_OFFICE:
        return [(c, c.cc) for c in (mission, capital) if c is not None]
    if mission is not None:
        copies = mission.cc + (capital.to if capital else ())
        return [(mission, copies)]
    return [(capital, capital.cc)] if capital is not None else []


def plan_letter(
    drafting: Drafting, letter: Letter, addressing: Addressing
) -> tuple[list[DocumentJob], list[Skip]]:
    """The documents of one letter, or the reason the State gets none."""
    found = offices(drafting.directory, letter.iso2, addressing)
    if not found:
        return [], [Skip(letter.iso2, SkipReason.NO_CONTACT, "no mission or capital contact")]
    jobs: list[DocumentJob] = []
    skipped: list[Skip] = []
    # A letter that carries an enclosure (the statement) needs it in the same language.
    available = set(letter.kind.languages)
    if letter.encloses is not None:
        available &= set(letter.encloses)
    templates = set(available)
    if letter.texts_in is not None:
        available &= letter.texts_in
    for contact, copies in found:
        wanted = drafting.directory.language_of(contact)
        choice = choose_language(available, wanted, drafting.settings.fallback)
        if choice is None and wanted in templates:
            detail = f"{contact.channel.value}: the {letter.kind.name} facts have no {wanted} text"
            skipped.append(Skip(letter.iso2, SkipReason.NO_TEXT, detail))
            continue
        if choice is None:
            detail = f"{contact.channel.value}: no {letter.kind.name} in {wanted.value}"
            skipped.append(Skip(letter.iso2, SkipReason.NO_TEMPLATE, detail))
            continue
        jobs.append(_job(drafting, letter, contact, copies, choice.lang, choice.fallback))
    return jobs, skipped


def _job(
    drafting: Drafting,
    letter: Letter,
    contact: Contact,
    copies: tuple[str, ...],
    lang: Language,
    fallback: bool,
) -> DocumentJob:
    profile = drafting.settings.sender(letter.kind.sender)
    doc_id = f"{letter.iso2}-{contact.channel.value}-{letter.kind.name}{letter.suffix}"
    details = dict(letter.details or {})
    reference = drafting.reference(
        profile, doc_id, letter.kind.name, letter.iso2, contact.channel.value, details
    )
    context = letter_context(
        drafting.directory,
        contact,
        profile,
        lang,
        drafting.day,
        reference,
        letter.variables(lang),
    )
    subject, body = texts(drafting.renderer, letter.kind, lang, context)
    encloses = (letter.encloses[lang],) if letter.encloses else ()
    return DocumentJob(
        doc_id=doc_id,
        kind=letter.kind.name,
        lang=lang.value,
        fallback=fallback,
        state=letter.iso2,
        channel=contact.channel.value,
        to=contact.to,
        cc=copies,
        subject=subject,
        body=body,
        context=context,
        encloses=encloses,
        details=details,
        reference=reference,
    )


def statement_job(
    drafting: Drafting,
    kind: Kind,
    profile: SenderProfile,
    lang: Language,
    variables: Mapping[str, Any],
    doc_id: str = "",
    channel: str = "",
    details: Mapping[str, str] | None = None,
) -> DocumentJob:
    """A public text (a statement, a press release) in one language, to an audience (the
    channel) if any, with the details that make it what it is (its web page)."""
    doc_id = doc_id or f"{kind.name}-{lang.value}"
    reference = drafting.reference(profile, doc_id, kind.name, "", channel, details)
    context = statement_context(profile, lang, drafting.day, reference, variables)
    subject, body = texts(drafting.renderer, kind, lang, context)
    return DocumentJob(
        doc_id=doc_id,
        kind=kind.name,
        lang=lang.value,
        fallback=False,
        state="",
        channel=channel,
        to=(),
        cc=(),
        subject=subject,
        body=body,
        context=context,
        details=dict(details or {}),
        reference=reference,
    )


def texts(
    renderer: Renderer, kind: Kind, lang: Language, context: Mapping[str, Any]
) -> tuple[str, str]:
    """The e-mail subject and body of a document, from the kind's metadata; a line break or
    control character that the data brought in is refused here, not at send."""
    subject = renderer.render_text(kind, "subject", lang, context).strip()
    body = renderer.render_text(kind, "body", lang, context).strip()
    for name, text in (("subject", subject), ("body", body)):
        if line_breaking(name, text):
            detail = f"{name}: a value brings a line break or control character: {text!r}"
            raise RenderError(kind.name, lang.value, detail)
    return subject, body


def drafted_elsewhere(
    ledger: Ledger, identities: Sequence[str]
) -> dict[str, list[tuple[str, str]]]:
    """For each identity, the (batch, document) pairs of live batches holding it, without the
    documents a reviewer excluded: an excluded letter is never sent (its number is cancelled),
    so the next run drafts it again."""
    return _without_excluded(ledger, ledger.identity_holders(identities))


def held_letters(ledger: Ledger) -> dict[str, str]:
    """Every letter a live batch holds (see `drafted_elsewhere`): its identity, the first
    batch holding it."""
    live = _without_excluded(ledger, ledger.held_identities())
    return {identity: pairs[0][0] for identity, pairs in live.items()}


def _without_excluded(
    ledger: Ledger, holders: Mapping[str, list[tuple[str, str]]]
) -> dict[str, list[tuple[str, str]]]:
    batches = {batch for pairs in holders.values() for batch, _ in pairs}
    excluded = {batch: ledger.excluded(batch) for batch in batches}
    live = {
        identity: [(batch, doc) for batch, doc in pairs if doc not in excluded[batch]]
        for identity, pairs in holders.items()
    }
    return {identity: pairs for identity, pairs in live.items() if pairs}


def identity_facts(flow: str, parameters: Mapping[str, str]) -> dict[str, str]:
    """The facts, beyond each letter's own details, that make a flow's letters what they are:
    the incident of a statement, the decision of a circular, the year of Article 3 letters."""
    if flow == "statement":
        return {"incident": parameters.get("incident", "")}
    if flow == "circular":
        decision = Path(parameters.get("decision", ""))
        return {"decision": sha256_of(decision) if decision.is_file() else str(decision)}
    if flow == "article3":
        return {"year": parameters.get("as_of", "")[:4]}
    return {}


def new_drafting(
    settings: Settings, directory: Directory, day: date, flow: str, parameters: Mapping[str, str]
) -> Drafting:
    """What planning needs, for one date and a new batch of a flow: the letters live batches
    hold read once, before any number is given out."""
    ledger = settings.workspace.ledger
    return Drafting(
        directory,
        settings,
        Renderer(directory.names),
        day,
        flow,
        new_batch_id(flow, datetime.now()),
        ledger,
        identity_facts(flow, parameters),
        held_letters(ledger),
    )


@dataclass(frozen=True)
class Fresh:
    """The letters a batch drafts, with their identities, and every one it leaves out."""

    jobs: list[DocumentJob]
    skipped: list[Skip]
    identities: dict[str, str]  # document id: letter identity


def fresh_letters(
    drafting: Drafting, outcome: tuple[Sequence[DocumentJob], Sequence[Skip]]
) -> Fresh:
    """The planned letters no live batch holds; the others skipped as already drafted (those
    held when the run began have no number; one a concurrent run recorded since keeps its
    number, cancelled)."""
    jobs, skipped = outcome
    identities = {job.doc_id: letter_identity(job, drafting.facts) for job in jobs}
    holders = drafted_elsewhere(drafting.ledger, list(identities.values()))
    held = {
        doc: drafting.held.get(identity) or holders[identity][0][0]
        for doc, identity in identities.items()
        if identity in drafting.held or holders.get(identity)
    }
    return Fresh(
        [job for job in jobs if job.doc_id not in held],
        [
            *skipped,
            *(
                Skip(job.state, SkipReason.ALREADY_DRAFTED, f"{job.doc_id} is in batch {batch}")
                for job in jobs
                if (batch := held.get(job.doc_id))
            ),
        ],
        {doc: identity for doc, identity in identities.items() if doc not in held},
    )
