"""The directory of recipients: loading, every class of bad data, parties on a date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from verbale.convention.directory import (
    Channel,
    StateStatus,
    check_directory,
    load_directory,
)
from verbale.errors import DirectoryError, Problem
from verbale.languages import Language

RECIPIENTS = Path(__file__).resolve().parents[2] / "recipients"

STATE_HEADER = "iso2,name_en,status,deposit_date,entry_into_force,withdrawal_effective,language"
CONTACT_HEADER = (
    "iso2,channel,organisation,city,addressee_name,addressee_title,addressee_gender,"
    "to,cc,postal_address,language"
)

# Line 2, 3 and 4 of states.csv.
FRANCE = "FR,France,party,2009-09-25,2010-08-01,,fr"
NEW_ZEALAND = "NZ,New Zealand,party,2009-12-22,2010-08-01,,en"
ANGOLA = "AO,Angola,signatory,,,,en"
STATES = (FRANCE, NEW_ZEALAND, ANGOLA)

# Line 2, 3 and 4 of contacts.csv.
FR_MISSION = (
    "FR,mission,Permanent Mission of France,Geneva,Claire Exemple,Ambassador,female,"
    "mission@fr.example.org,,Rue du Modèle 1 | 1202 Geneva | Switzerland,"
)
FR_CAPITAL = "FR,capital,Ministry for Europe and Foreign Affairs,Paris,,,,capital@fr.example.org,,,"
NZ_MISSION = (
    "NZ,mission,Permanent Mission of New Zealand,Geneva,Sam Example,Ambassador,male,"
    "mission@nz.example.org,,,"
)
CONTACTS = (FR_MISSION, FR_CAPITAL, NZ_MISSION)


def write_csv(path: Path, header: str, rows: tuple[str, ...] | list[str]) -> Path:
    """Write a CSV file verbatim (no newline translation), one row a line."""
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8", newline="")
    return path


def write_directory(
    folder: Path,
    states: tuple[str, ...] | list[str] = STATES,
    contacts: tuple[str, ...] | list[str] = CONTACTS,
) -> Path:
    """A minimal valid directory (states.csv, contacts.csv) with the rows given."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "states.csv", STATE_HEADER, states)
    write_csv(folder / "contacts.csv", CONTACT_HEADER, contacts)
    return folder


def errors(folder: Path) -> list[Problem]:
    """The problems of a directory that are not warnings."""
    return [p for p in check_directory(folder) if not p.warning]


def at(problems: list[Problem], path: Path, line: int, field: str) -> list[Problem]:
    """The problems whose text starts with `path:line: field:`."""
    return [p for p in problems if str(p).startswith(f"{path}:{line}: {field}:")]


# The committed directory


def test_committed_directory_has_no_errors() -> None:
    """The committed recipients/ folder has no problem other than warnings."""
    assert [str(p) for p in errors(RECIPIENTS)] == []


def test_committed_directory_has_125_states() -> None:
    """The committed directory lists 125 States (parties, signatories and one withdrawn)."""
    directory = load_directory(RECIPIENTS)
    assert len(directory.states) == 125


@pytest.mark.parametrize("iso2", ["CK", "NU"])
def test_committed_directory_states_without_mission(iso2: str) -> None:
    """Cook Islands and Niue have a capital contact and no mission."""
    directory = load_directory(RECIPIENTS)
    assert directory.states[iso2].status is StateStatus.PARTY
    assert directory.contact(iso2, Channel.CAPITAL) is not None
    assert directory.contact(iso2, Channel.MISSION) is None


def test_committed_lithuania_party_until_withdrawal() -> None:
    """Lithuania is a party on 5 March 2025 and no longer on 6 March 2025 (Art. 20)."""
    directory = load_directory(RECIPIENTS)
    assert "LT" in [s.iso2 for s in directory.parties_on(date(2025, 3, 5))]
    assert "LT" not in [s.iso2 for s in directory.parties_on(date(2025, 3, 6))]


def test_every_state_has_its_united_nations_name_in_the_six_languages() -> None:
    """Each State in states.csv has a name, "in" and "of" forms and a source in all six."""
    directory = load_directory(RECIPIENTS)
    incomplete = [
        f"{iso2} {lang.value}"
        for iso2 in directory.states
        for lang in Language
        if not (forms := directory.forms.get((iso2, lang)))
        or not all((forms.name, forms.in_form, forms.of_form, forms.source))
    ]
    assert incomplete == []
    assert len(directory.states) * len(Language) <= len(directory.forms)


def test_committed_directory_lacks_no_un_name_in_any_language() -> None:
    """`recipients check` with all six languages in use warns of no missing UN name."""
    problems = [str(p) for p in check_directory(RECIPIENTS, list(Language))]
    assert [p for p in problems if "no UN name" in p] == []


UN_FORMS = [
    ("BO", Language.FR, "Bolivie (État plurinational de)", "de l’État plurinational de Bolivie"),
    ("NL", Language.EN, "Netherlands (Kingdom of the)", "of the Kingdom of the Netherlands"),
    ("NL", Language.ES, "Países Bajos (Reino de los)", "del Reino de los Países Bajos"),
    (
        "GB",
        Language.RU,
        "Соединенное Королевство Великобритании и Северной Ирландии",
        "Соединенного Королевства Великобритании и Северной Ирландии",
    ),
    ("CI", Language.FR, "Côte d’Ivoire", "de la Côte d’Ivoire"),
    ("VA", Language.ZH, "教廷", "教廷"),
    ("PS", Language.AR, "دولة فلسطين", "دولة فلسطين"),
    ("CZ", Language.EN, "Czechia", "of Czechia"),
    ("CK", Language.FR, "Îles Cook", "des Îles Cook"),
]


@pytest.mark.parametrize(("iso2", "lang", "name", "of"), UN_FORMS)
def test_united_nations_names_and_their_of_forms(
    iso2: str, lang: Language, name: str, of: str
) -> None:
    """Spot checks of names.csv: the M49 name, and the running-text form after "of"."""
    forms = load_directory(RECIPIENTS).forms[(iso2, lang)]
    assert (forms.name, forms.of_form) == (name, of)
    assert forms.source.startswith("UNSD M49")


# A minimal valid directory


def test_minimal_directory_loads(tmp_path: Path) -> None:
    """The minimal directory of the helpers loads without any problem."""
    folder = write_directory(tmp_path / "recipients")
    assert check_directory(folder) == []
    directory = load_directory(folder)
    assert sorted(directory.states) == ["AO", "FR", "NZ"]
    mission = directory.contact("FR", Channel.MISSION)
    assert mission is not None
    assert mission.address_lines == ("Rue du Modèle 1", "1202 Geneva", "Switzerland")


# Each class of bad data, at path:line: field


def test_unknown_iso_code_in_states(tmp_path: Path) -> None:
    """An ISO code that does not exist is reported at its line of states.csv."""
    folder = write_directory(tmp_path, states=[*STATES, "UK,United Kingdom,signatory,,,,en"])
    path = folder / "states.csv"
    found = at(errors(folder), path, 5, "iso2")
    assert len(found) == 1
    assert "'UK' is not an ISO 3166 alpha-2 country code" in str(found[0])


def test_unknown_iso_code_in_contacts(tmp_path: Path) -> None:
    """An ISO code that does not exist is reported at its line of contacts.csv."""
    bad = "XX,mission,Permanent Mission of Nowhere,Geneva,,,,nowhere@xx.example.org,,,"
    folder = write_directory(tmp_path, contacts=[*CONTACTS, bad])
    problems = errors(folder)
    assert len(at(problems, folder / "contacts.csv", 5, "iso2")) == 1
    assert len(problems) == 1


def test_malformed_email(tmp_path: Path) -> None:
    """A malformed e-mail address is reported in its field at its line."""
    bad = FR_CAPITAL.replace("capital@fr.example.org", "capital.fr.example.org")
    folder = write_directory(tmp_path, contacts=[FR_MISSION, bad, NZ_MISSION])
    found = at(errors(folder), folder / "contacts.csv", 3, "to")
    assert len(found) == 1
    assert "'capital.fr.example.org' is not a valid e-mail address" in str(found[0])


def test_malformed_email_in_cc(tmp_path: Path) -> None:
    """A malformed address among several `;`-separated Cc addresses is reported in cc."""
    bad = FR_CAPITAL.replace(
        "capital@fr.example.org,,,", "capital@fr.example.org,ok@fr.example.org; bad@@example.org,,"
    )
    folder = write_directory(tmp_path, contacts=[FR_MISSION, bad, NZ_MISSION])
    found = at(errors(folder), folder / "contacts.csv", 3, "cc")
    assert len(found) == 1
    assert "'bad@@example.org'" in str(found[0])


def test_contact_without_to_address(tmp_path: Path) -> None:
    """A contact with no To address is reported: at least one is required."""
    bad = FR_CAPITAL.replace("capital@fr.example.org", "")
    folder = write_directory(tmp_path, contacts=[FR_MISSION, bad, NZ_MISSION])
    found = at(errors(folder), folder / "contacts.csv", 3, "to")
    assert len(found) == 1
    assert "at least one e-mail address is required" in str(found[0])


def test_duplicate_email_across_rows(tmp_path: Path) -> None:
    """An address used on two rows is reported on the second, naming the first line."""
    bad = NZ_MISSION.replace("mission@nz.example.org", "Mission@FR.example.org")
    folder = write_directory(tmp_path, contacts=[FR_MISSION, FR_CAPITAL, bad])
    found = at(errors(folder), folder / "contacts.csv", 4, "to")
    assert len(found) == 1
    assert "duplicate e-mail mission@fr.example.org (first on line 2)" in str(found[0])


def test_duplicate_email_to_and_cc(tmp_path: Path) -> None:
    """An address in both To and Cc of the same row is reported in cc."""
    bad = FR_CAPITAL.replace(
        "capital@fr.example.org,,,", "capital@fr.example.org,Capital@fr.example.org,,"
    )
    folder = write_directory(tmp_path, contacts=[FR_MISSION, bad, NZ_MISSION])
    problems = errors(folder)
    found = at(problems, folder / "contacts.csv", 3, "cc")
    assert len(found) == 1
    assert "duplicate e-mail capital@fr.example.org (first on line 3)" in str(found[0])
    assert len(problems) == 1


def test_duplicate_state(tmp_path: Path) -> None:
    """A State listed twice is reported on its second line, naming the first."""
    folder = write_directory(tmp_path, states=[FRANCE, NEW_ZEALAND, ANGOLA, FRANCE])
    found = at(errors(folder), folder / "states.csv", 5, "iso2")
    assert len(found) == 1
    assert "duplicate State FR (first on line 2)" in str(found[0])


def test_second_contact_on_same_channel(tmp_path: Path) -> None:
    """A State with two mission contacts is reported on the second one's channel."""
    second = FR_MISSION.replace("mission@fr.example.org", "other@fr.example.org")
    folder = write_directory(tmp_path, contacts=[*CONTACTS, second])
    found = at(errors(folder), folder / "contacts.csv", 5, "channel")
    assert len(found) == 1
    assert "FR has a second mission contact" in str(found[0])


def test_unknown_language_of_state(tmp_path: Path) -> None:
    """A State's language outside the six of the Convention is reported."""
    bad = NEW_ZEALAND.replace(",en", ",mi")
    folder = write_directory(tmp_path, states=[FRANCE, bad, ANGOLA])
    found = at(errors(folder), folder / "states.csv", 3, "language")
    assert len(found) == 1
    assert "'mi' is not one of: ar, zh, en, fr, ru, es" in str(found[0])


def test_unknown_language_of_contact(tmp_path: Path) -> None:
    """A contact's language outside the six of the Convention is reported."""
    bad = NZ_MISSION + "de"
    folder = write_directory(tmp_path, contacts=[FR_MISSION, FR_CAPITAL, bad])
    found = at(errors(folder), folder / "contacts.csv", 4, "language")
    assert len(found) == 1
    assert "'de'" in str(found[0])


def test_state_party_without_contact(tmp_path: Path) -> None:
    """A State Party with no contact at all is reported at its line of states.csv."""
    norway = "NO,Norway,party,2008-12-03,2010-08-01,,en"
    folder = write_directory(tmp_path, states=[*STATES, norway])
    found = at(errors(folder), folder / "states.csv", 5, "iso2")
    assert len(found) == 1
    assert "State Party NO has no contact in contacts.csv" in str(found[0])


def test_signatory_without_contact_is_fine(tmp_path: Path) -> None:
    """A signatory needs no contact: Angola has none in the minimal directory."""
    folder = write_directory(tmp_path)
    assert check_directory(folder) == []
    directory = load_directory(folder)
    assert directory.states["AO"].status is StateStatus.SIGNATORY
    assert directory.contacts.get("AO") is None


def test_line_break_in_quoted_field(tmp_path: Path) -> None:
    """A CR/LF inside a quoted organisation is reported once, where the record starts."""
    bad = FR_CAPITAL.replace(
        "Ministry for Europe and Foreign Affairs", '"Ministry for Europe\r\nand Foreign Affairs"'
    )
    folder = write_directory(tmp_path, contacts=[FR_MISSION, bad, NZ_MISSION])
    problems = errors(folder)
    # The record starts on line 3 and ends on line 4; the next record is on line 5.
    found = at(problems, folder / "contacts.csv", 3, "organisation")
    assert len(found) == 1
    assert "contains a line break or control character" in str(found[0])
    assert len(problems) == 1


def test_line_break_in_an_address_is_one_problem(tmp_path: Path) -> None:
    """A line break inside an e-mail address gives one line, not a second one for the e-mail."""
    bad = FR_CAPITAL.replace("capital@fr.example.org", '"capital@fr.\r\nexample.org"')
    folder = write_directory(tmp_path, contacts=[FR_MISSION, bad, NZ_MISSION])
    assert [str(p) for p in errors(folder)] == [
        f"{folder / 'contacts.csv'}:3: to: contains a line break or control character"
    ]


def test_records_after_a_multiline_field_keep_their_own_line(tmp_path: Path) -> None:
    """A record after one with a line break is reported on the line it starts on."""
    multiline = FR_MISSION.replace("Rue du Modèle 1 | ", '"Rue du Modèle 1\n| ').replace(
        "Switzerland,", 'Switzerland",'
    )
    bad_nz = NZ_MISSION.replace("NZ,mission", "NZ,embassy")
    folder = write_directory(tmp_path, contacts=[multiline, FR_CAPITAL, bad_nz])
    channel = at(errors(folder), folder / "contacts.csv", 5, "channel")
    assert len(channel) == 1


@pytest.mark.parametrize(
    ("row", "count"),
    [
        # The last field (the office's language override) left out: no comma at the end.
        (FR_CAPITAL.rsplit(",", 1)[0], 10),
        # A field in the middle left out: the values after it would shift one column left.
        (
            "FR,capital,Ministry for Europe and Foreign Affairs,Paris,,,capital@fr.example.org,,,",
            10,
        ),
        (FR_CAPITAL + ",surplus", 12),
    ],
)
def test_row_with_the_wrong_number_of_fields(tmp_path: Path, row: str, count: int) -> None:
    """A record with more or fewer fields than the header is one problem, on its own line."""
    folder = write_directory(tmp_path, contacts=[FR_MISSION, row, NZ_MISSION])
    assert [str(p) for p in errors(folder)] == [
        f"{folder / 'contacts.csv'}:3: row: {count} fields where the header has 11"
    ]
    with pytest.raises(DirectoryError):
        load_directory(folder)


def test_trailing_empty_fields_are_accepted(tmp_path: Path) -> None:
    """Empty fields beyond the header (a spreadsheet's trailing commas) are not an error."""
    folder = write_directory(tmp_path, contacts=[FR_MISSION, FR_CAPITAL + ",,", NZ_MISSION])
    assert errors(folder) == []


def test_missing_header_column_is_one_line(tmp_path: Path) -> None:
    """A column missing from states.csv is one line, with no follow-on line per contact."""
    header = STATE_HEADER.replace(",language", "")
    states = [row.rsplit(",", 1)[0] for row in STATES]
    folder = write_directory(tmp_path, contacts=CONTACTS)
    write_csv(folder / "states.csv", header, states)
    assert [str(p) for p in errors(folder)] == [
        f"{folder / 'states.csv'}:1: language: column missing from the header"
    ]


def test_excel_cp1252_file_is_one_problem(tmp_path: Path) -> None:
    """A file saved as Windows-1252 (Excel's plain CSV) is one problem: not UTF-8, at its line."""
    folder = write_directory(tmp_path)
    text = "\n".join([CONTACT_HEADER, *CONTACTS]) + "\n"
    (folder / "contacts.csv").write_bytes(text.encode("cp1252"))
    assert [str(p) for p in errors(folder)] == [
        f"{folder / 'contacts.csv'}:2: file: not UTF-8 (byte 0xe8); save it as UTF-8 "
        "(in Excel: CSV UTF-8)"
    ]


def test_nul_byte_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """A NUL byte in a CSV file is reported as a problem of the file."""
    folder = write_directory(tmp_path)
    write_csv(folder / "states.csv", STATE_HEADER, [FRANCE, "NZ\x00,New Zealand", ANGOLA])
    problems = errors(folder)
    assert problems
    assert all(p.path == folder / "states.csv" for p in problems)


@pytest.mark.parametrize("control", ["\t", "\x07"])
def test_control_character_in_field(tmp_path: Path, control: str) -> None:
    """A tab or another control character in a field is reported in that field."""
    bad = FR_CAPITAL.replace("Ministry for Europe", f"Ministry{control}for Europe")
    folder = write_directory(tmp_path, contacts=[FR_MISSION, bad, NZ_MISSION])
    found = at(errors(folder), folder / "contacts.csv", 3, "organisation")
    assert len(found) == 1


def test_control_character_in_state_name(tmp_path: Path) -> None:
    """A control character in states.csv is reported as well as in contacts.csv."""
    bad = NEW_ZEALAND.replace("New Zealand", "New\x0bZealand")
    folder = write_directory(tmp_path, states=[FRANCE, bad, ANGOLA])
    assert len(at(errors(folder), folder / "states.csv", 3, "name_en")) == 1


def test_bad_date_in_states(tmp_path: Path) -> None:
    """A date that is not YYYY-MM-DD is reported in its field."""
    bad = NEW_ZEALAND.replace("2009-12-22", "22/12/2009")
    folder = write_directory(tmp_path, states=[FRANCE, bad, ANGOLA])
    found = at(errors(folder), folder / "states.csv", 3, "deposit_date")
    assert len(found) == 1
    assert "'22/12/2009' is not a date (YYYY-MM-DD)" in str(found[0])


def test_party_needs_entry_into_force(tmp_path: Path) -> None:
    """A State Party without an entry-into-force date is reported."""
    bad = NEW_ZEALAND.replace("2010-08-01", "")
    folder = write_directory(tmp_path, states=[FRANCE, bad, ANGOLA])
    assert len(at(errors(folder), folder / "states.csv", 3, "entry_into_force")) == 1


def test_missing_column(tmp_path: Path) -> None:
    """A column missing from the header is reported on line 1."""
    folder = write_directory(tmp_path)
    header = STATE_HEADER.replace(",language", "")
    rows = [r.rsplit(",", 1)[0] for r in STATES]
    write_csv(folder / "states.csv", header, rows)
    assert len(at(errors(folder), folder / "states.csv", 1, "language")) == 1


def test_eif_contradicting_article_17_is_a_warning(tmp_path: Path) -> None:
    """An EIF other than Art. 17's is a warning: the directory still loads."""
    bad = NEW_ZEALAND.replace("2010-08-01", "2010-09-01")
    folder = write_directory(tmp_path, states=[FRANCE, bad, ANGOLA])
    problems = check_directory(folder)
    found = at(problems, folder / "states.csv", 3, "entry_into_force")
    assert len(found) == 1
    assert found[0].warning is True
    assert "warning: 2010-09-01 contradicts Art. 17" in str(found[0])
    assert "gives 2010-08-01" in str(found[0])
    directory = load_directory(folder)
    assert directory.states["NZ"].entry_into_force == date(2010, 9, 1)


def test_all_problems_of_a_file_are_reported(tmp_path: Path) -> None:
    """Three different bad rows give three problems, one on each line."""
    rows = [
        FR_MISSION.replace("mission@fr.example.org", "mission(at)fr.example.org"),
        FR_CAPITAL + "xx",
        NZ_MISSION.replace("Permanent Mission", "Permanent\x07Mission"),
    ]
    folder = write_directory(tmp_path, contacts=rows)
    path = folder / "contacts.csv"
    problems = errors(folder)
    assert [(p.line, p.field) for p in problems] == [
        (2, "to"),
        (3, "language"),
        (4, "organisation"),
    ]
    assert all(str(p).startswith(f"{path}:{p.line}: {p.field}:") for p in problems)


def test_load_directory_raises_with_every_problem(tmp_path: Path) -> None:
    """load_directory raises DirectoryError whose problems are all those of the check."""
    rows = [
        FR_MISSION.replace("mission@fr.example.org", "mission(at)fr.example.org"),
        FR_CAPITAL,
        NZ_MISSION.replace("Permanent Mission", "Permanent\x07Mission"),
    ]
    folder = write_directory(tmp_path, states=[FRANCE, NEW_ZEALAND, ANGOLA, FRANCE], contacts=rows)
    with pytest.raises(DirectoryError) as caught:
        load_directory(folder)
    expected = [
        f"{folder / 'states.csv'}:5: iso2:",
        f"{folder / 'contacts.csv'}:2: to:",
        f"{folder / 'contacts.csv'}:4: organisation:",
    ]
    texts = [str(p) for p in caught.value.problems]
    assert len(texts) == 3
    for prefix, text in zip(expected, texts, strict=True):
        assert text.startswith(prefix)
    assert str(caught.value) == "\n".join(texts)


def test_missing_states_file(tmp_path: Path) -> None:
    """A folder without states.csv is reported as a missing file at line 0."""
    folder = write_directory(tmp_path)
    (folder / "states.csv").unlink()
    problems = errors(folder)
    assert str(problems[0]) == f"{folder / 'states.csv'}:0: file: file not found"


# Parties on a date and languages


def test_parties_on_respects_entry_into_force(tmp_path: Path) -> None:
    """A State is a party from its entry into force, not on the day before."""
    japan = "JP,Japan,party,2009-07-14,2010-08-01,,en"
    chile = "CL,Chile,party,2010-12-16,2011-06-01,,es"
    contacts = [
        *CONTACTS,
        "JP,mission,Permanent Mission of Japan,Geneva,,,,mission@jp.example.org,,,",
        "CL,mission,Misión Permanente de Chile,Ginebra,,,,mision@cl.example.org,,,",
    ]
    folder = write_directory(tmp_path, states=[*STATES, japan, chile], contacts=contacts)
    directory = load_directory(folder)
    assert [s.iso2 for s in directory.parties_on(date(2011, 5, 31))] == ["FR", "JP", "NZ"]
    assert [s.iso2 for s in directory.parties_on(date(2011, 6, 1))] == ["CL", "FR", "JP", "NZ"]
    assert directory.parties_on(date(2010, 7, 31)) == []


def test_parties_on_respects_withdrawal(tmp_path: Path) -> None:
    """A withdrawn State is a party until the day before its withdrawal takes effect."""
    lithuania = "LT,Lithuania,withdrawn,2011-03-24,2011-09-01,2025-03-06,en"
    folder = write_directory(tmp_path, states=[*STATES, lithuania])
    directory = load_directory(folder)
    assert "LT" in [s.iso2 for s in directory.parties_on(date(2025, 3, 5))]
    assert "LT" not in [s.iso2 for s in directory.parties_on(date(2025, 3, 6))]
    assert "LT" not in [s.iso2 for s in directory.parties_on(date(2011, 8, 31))]


def test_withdrawn_state_needs_withdrawal_date(tmp_path: Path) -> None:
    """A withdrawn State without the date its withdrawal takes effect is reported."""
    lithuania = "LT,Lithuania,withdrawn,2011-03-24,2011-09-01,,en"
    folder = write_directory(tmp_path, states=[*STATES, lithuania])
    assert len(at(errors(folder), folder / "states.csv", 5, "withdrawal_effective")) == 1


def test_contact_language_overrides_state_language(tmp_path: Path) -> None:
    """A contact's own language wins over its State's; without one, the State's is used."""
    english_mission = FR_MISSION + "en"
    folder = write_directory(tmp_path, contacts=[english_mission, FR_CAPITAL, NZ_MISSION])
    directory = load_directory(folder)
    mission = directory.contact("FR", Channel.MISSION)
    capital = directory.contact("FR", Channel.CAPITAL)
    assert mission is not None
    assert capital is not None
    assert directory.language_of(mission) is Language.EN
    assert directory.language_of(capital) is Language.FR
