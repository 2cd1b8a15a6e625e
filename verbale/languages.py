"""The languages verbale writes in, and locale-aware formatting with Babel (CLDR data)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

# Babel is imported where a value is formatted, not with this module: the command line
# imports Language for its options, and a cold `verbale --help` should not pay for CLDR.
if TYPE_CHECKING:
    from babel import Locale


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


@cache
def _locale(lang: Language) -> Locale:
    from babel import Locale

    return Locale.parse(locale_of(lang))


class Fallback(StrEnum):
    """What to do when a recipient's language has no template."""

    ENGLISH = "english"
    REFUSE = "refuse"


NBSP = "\u00a0"

# United Nations Arabic names a month twice, Levantine and Egyptian: "3 آذار/مارس 2016".
_ARABIC_MONTHS = (
    "كانون الثاني/يناير",
    "شباط/فبراير",
    "آذار/مارس",
    "نيسان/أبريل",
    "أيار/مايو",
    "حزيران/يونيه",
    "تموز/يوليه",
    "آب/أغسطس",
    "أيلول/سبتمبر",
    "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر",
    "كانون الأول/ديسمبر",
)


def long_date(value: date, lang: Language) -> str:
    """A date as the language writes it in a letter: '3 March 2016', '1er\u00a0mars 2016'."""
    if lang is Language.AR:
        return f"{value.day} {_ARABIC_MONTHS[value.month - 1]} {value.year}"
    from babel.dates import format_date

    # A hand-written pattern such as "d MMMM y" is wrong in Spanish and Chinese.
    text = str(format_date(value, format="long", locale=locale_of(lang)))
    if lang in (Language.FR, Language.RU):
        # French and Russian never split the day from its month at the end of a line;
        # French writes the first of a month "1er".
        day, rest = text.split(" ", 1)
        first = "1er" if lang is Language.FR and value.day == 1 else day
        text = f"{first}{NBSP}{rest}"
    return text


def country_name(iso2: str, lang: Language, overrides: Mapping[tuple[str, Language], str]) -> str:
    """The country's name in the language: the directory's override, else CLDR's."""
    override = overrides.get((iso2, lang))
    if override:
        return override
    name = _locale(lang).territories.get(iso2)
    return str(name) if name else iso2


# A State's name after "in" and "of" when names.csv does not give the UN forms: right for
# most names in English, Arabic and Chinese, a stopgap in French, Spanish and Russian.
_IN_OF = {
    Language.AR: ("في {}", "{}"),
    Language.ZH: ("在{}", "{}"),
    Language.EN: ("in {}", "of {}"),
    Language.FR: ("en {}", "de {}"),
    Language.RU: ("в {}", "{}"),
    Language.ES: ("en {}", "de {}"),
}


def in_country(name: str, lang: Language) -> str:
    """A country's name after "in", built plainly: 'in Zambia'."""
    return _IN_OF[lang][0].format(name)


def of_country(name: str, lang: Language) -> str:
    """A country's name after "of", built plainly: 'of Zambia'."""
    return _IN_OF[lang][1].format(name)


def listing(items: Iterable[str], lang: Language) -> str:
    """A list joined the language's way: 'A, B and C', 'A, B et C', 'A, B y C'."""
    from babel.lists import format_list

    values = list(items)
    if not values:
        return ""
    return str(format_list(values, locale=locale_of(lang)))


def number(value: int | float | Decimal, lang: Language) -> str:
    """A number with the language's grouping and decimal marks."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=locale_of(lang)))


def capitalise_first(text: str) -> str:
    """A name that opens a sentence: 'the Unit' -> 'The Unit', 'l’Unité' -> 'L’Unité'."""
    return text[:1].upper() + text[1:]


def plural(count: int, lang: Language, forms: Mapping[str, str]) -> str:
    """The word of `forms` (CLDR plural categories: zero, one, two, few, many, other) that
    agrees with a number in the language: ru 'день' / 'дня' / 'дней'."""
    category = _locale(lang).plural_form(count)
    return forms.get(category, forms.get("other", ""))


WORD_JOINER = "\u2060"


def no_break(text: object) -> str:
    """A value a line never breaks inside (an e-mail address, a reference): a word joiner
    after each hyphen and slash, where a line could otherwise break."""
    return str(text).replace("-", "-" + WORD_JOINER).replace("/", "/" + WORD_JOINER)


LRM = "\u200e"


def left_to_right(text: object) -> str:
    """A Latin value (reference, address, e-mail, number) kept in its order inside
    right-to-left text: wrapped in left-to-right marks (U+200E)."""
    return f"{LRM}{text}{LRM}"


def money(value: int | float | Decimal, currency: str, lang: Language) -> str:
    """An amount as the United Nations writes it: 'CHF 10,000' in English, the currency in
    words elsewhere ('10 000 francs suisses', '10.000 francos suizos'); no '.00' for a
    whole amount."""
    from babel.numbers import format_decimal, get_currency_name

    amount = Decimal(str(value))
    whole = amount == amount.to_integral_value()
    figures = str(
        format_decimal(
            amount if not whole else int(amount),
            format=None if whole else "#,##0.00",
            locale=locale_of(lang),
        )
    )
    if lang is Language.EN:
        return f"{currency} {figures}"
    name = str(get_currency_name(currency, count=amount, locale=locale_of(lang)))
    return f"{figures}{name}" if lang is Language.ZH else f"{figures} {name}"
