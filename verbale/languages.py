"""The languages verbale writes in, and locale-aware formatting with Babel (CLDR data)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal


class Language(StrEnum):
    """The six languages of the Convention (Art. 23: equally authentic texts)."""

    AR = "ar"
    ZH = "zh"
    EN = "en"
    FR = "fr"
    RU = "ru"
    ES = "es"


# English as the United Nations writes it: "3 March 2016", "A, B and C".
_LOCALES = {Language.EN: "en_GB"}


def locale_of(lang: Language) -> str:
    """The CLDR locale verbale formats a language with."""
    return _LOCALES.get(lang, lang.value)


class Fallback(StrEnum):
    """What to do when a recipient's language has no template."""

    ENGLISH = "english"
    REFUSE = "refuse"


def long_date(value: date, lang: Language) -> str:
    """A date as the language writes it in a letter: '3 March 2016', '3 mars 2016'."""
    # A hand-written pattern such as "d MMMM y" is wrong in Spanish and Chinese.
    return str(format_date(value, format="long", locale=locale_of(lang)))


def country_name(iso2: str, lang: Language, overrides: Mapping[tuple[str, Language], str]) -> str:
    """The country's name in the language: the directory's override, else CLDR's."""
    override = overrides.get((iso2, lang))
    if override:
        return override
    name = Locale.parse(locale_of(lang)).territories.get(iso2)
    return str(name) if name else iso2


def listing(items: Iterable[str], lang: Language) -> str:
    """A list joined the language's way: 'A, B and C', 'A, B et C', 'A, B y C'."""
    values = list(items)
    if not values:
        return ""
    return str(format_list(values, locale=locale_of(lang)))


def number(value: int | float | Decimal, lang: Language) -> str:
    """A number with the language's grouping and decimal marks."""
    return str(format_decimal(value, locale=locale_of(lang)))


LRM = "\u200e"


def left_to_right(text: object) -> str:
    """A Latin value (reference, address, e-mail, number) kept in its order inside
    right-to-left text: wrapped in left-to-right marks (U+200E)."""
    return f"{LRM}{text}{LRM}"


def money(value: int | float | Decimal, currency: str, lang: Language) -> str:
    """An amount of money with its currency, the language's way."""
    return str(format_currency(value, currency, locale=locale_of(lang)))
