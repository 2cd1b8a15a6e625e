"""From a decision to document jobs: who gets which letter, in which language, and why not."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from verbale.batches.ledger import Ledger, ReferenceUse
from verbale.batches.manifest import Skip, SkipReason
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
    the ledger that numbers the documents."""

    directory: Directory
    settings: Settings
    renderer: Renderer
    day: date
    flow: str
    batch_id: str
    ledger: Ledger

    def reference(
        self, profile: SenderProfile, doc_id: str, kind: str, iso2: str = "", channel: str = ""
    ) -> str:
        """The sender's next reference number of the year ('CCM/ISU/2016/0023'), from the
        ledger, recorded against this document of this batch."""
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
    reference = drafting.reference(
        profile, doc_id, letter.kind.name, letter.iso2, contact.channel.value
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
        details=dict(letter.details or {}),
        reference=reference,
    )


def statement_job(
    drafting: Drafting,
    kind: Kind,
    profile: SenderProfile,
    lang: Language,
    variables: Mapping[str, Any],
    doc_id: str = "",
) -> DocumentJob:
    """A public text (a statement, a press release) in one language."""
    doc_id = doc_id or f"{kind.name}-{lang.value}"
    reference = drafting.reference(profile, doc_id, kind.name)
    context = statement_context(profile, lang, drafting.day, reference, variables)
    subject, body = texts(drafting.renderer, kind, lang, context)
    return DocumentJob(
        doc_id=doc_id,
        kind=kind.name,
        lang=lang.value,
        fallback=False,
        state="",
        channel="",
        to=(),
        cc=(),
        subject=subject,
        body=body,
        context=context,
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
