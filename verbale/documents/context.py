"""What a document says about its recipient and sender: the standard template variables."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from verbale.convention.directory import Contact, Directory
from verbale.languages import (
    Fallback,
    Language,
    country_name,
    in_country,
    listing,
    of_country,
)
from verbale.settings import SenderProfile


@dataclass(frozen=True)
class LanguageChoice:
    """The language a document is written in, and whether it is a fallback."""

    lang: Language
    fallback: bool


def choose_language(
    available: Collection[Language], wanted: Language, policy: Fallback
) -> LanguageChoice | None:
    """The recipient's language if available; else English or nothing, by policy."""
    if wanted in available:
        return LanguageChoice(wanted, fallback=False)
    if policy is Fallback.ENGLISH and Language.EN in available:
        return LanguageChoice(Language.EN, fallback=True)
    return None


def sender_variables(profile: SenderProfile, lang: Language) -> dict[str, str]:
    """The sender as templates see it, in one language."""
    return profile.localised(lang)


def recipient_variables(contact: Contact, language: Language) -> dict[str, Any]:
    """The recipient office as templates see it; `language` is the one its title
    (`organisation`) is written in, the contact's own."""
    return {
        "channel": contact.channel.value,
        "organisation": contact.organisation,
        "language": language.value,
        "addressee_name": contact.addressee_name,
        "addressee_title": contact.addressee_title,
        "gender": contact.gender.value,
        "city": contact.city,
        "address_lines": list(contact.address_lines),
    }


def state_variables(directory: Directory, iso2: str, lang: Language) -> dict[str, str]:
    """A State named in the document's language: its United Nations name (`name`), after
    "in" (`in`: "en République arabe syrienne") and after "of" (`of`: Russian genitive).
    Without names.csv forms (`recipients check` lists them), the CLDR name in a plain
    construction."""
    forms = directory.forms.get((iso2, lang))
    name = country_name(iso2, lang, directory.names)
    in_form = forms.in_form if forms and forms.in_form else in_country(name, lang)
    of_form = forms.of_form if forms and forms.of_form else of_country(name, lang)
    return {"iso2": iso2, "name": name, "in": in_form, "of": of_form}


def letter_context(
    directory: Directory,
    contact: Contact,
    profile: SenderProfile,
    lang: Language,
    day: date,
    reference: str,
    extra: Mapping[str, Any],
) -> dict[str, Any]:
    """Every variable of a letter to one contact: the standard ones plus the kind's own."""
    return {
        **extra,
        "lang": lang.value,
        "date": day,
        "reference": reference,
        "sender": sender_variables(profile, lang),
        "recipient": recipient_variables(contact, directory.language_of(contact)),
        "state": state_variables(directory, contact.iso2, lang),
    }


def statement_context(
    profile: SenderProfile, lang: Language, day: date, reference: str, extra: Mapping[str, Any]
) -> dict[str, Any]:
    """Every variable of a public statement: no recipient, the issuer as sender."""
    return {
        **extra,
        "lang": lang.value,
        "date": day,
        "reference": reference,
        "sender": sender_variables(profile, lang),
    }


def issuer_variables(
    directory: Directory,
    profile: SenderProfile,
    lang: Language,
    co_signers: Sequence[str],
    joint: bool,
) -> dict[str, Any]:
    """Who issues a statement, as templates see it in one language: `joint` (a joint
    statement), `states` (the co-signing States, named as the directory names them),
    `listed` (the issuers as the heading lists them: the States joined the language's way,
    or the body's name) and `signatures` (the lines under the text: each State, the
    Committee, or the signatory of the body with the title)."""
    if co_signers:
        names = [country_name(code, lang, directory.names) for code in co_signers]
        return {"joint": True, "states": names, "listed": listing(names, lang), "signatures": names}
    sender = profile.localised(lang)
    signatures = (
        [sender["letterhead"]] if joint else [sender["signatory"], sender["signatory_title"]]
    )
    return {"joint": joint, "states": [], "listed": sender["letterhead"], "signatures": signatures}
