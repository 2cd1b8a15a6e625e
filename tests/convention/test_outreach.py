"""The media list and the partners: loading, and each problem as `path:line: field: message`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPOSITORY

from verbale.convention.outreach import Audience, check_outreach, load_outreach
from verbale.errors import DirectoryError
from verbale.languages import Language

HEADER = "outlet,language,email,countries"


def media_folder(tmp_path: Path, *rows: str) -> Path:
    """A recipients folder whose media.csv holds the rows given (no partners.csv)."""
    folder = tmp_path / "recipients"
    folder.mkdir()
    (folder / "media.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return folder


def test_committed_lists_load_with_every_language_and_the_coalition() -> None:
    """The sample media list covers the six languages; the Coalition is a partner."""
    outreach = load_outreach(REPOSITORY / "recipients")
    assert {outlet.language for outlet in outreach.media} == set(Language)
    assert all(a.email.endswith(".example.org") for a in outreach.media + outreach.partners)
    coalition = next(p for p in outreach.partners if p.name == "Cluster Munition Coalition")
    assert coalition.audience is Audience.PARTNERS and coalition.language is Language.EN


def test_an_outlet_lists_the_countries_it_covers(tmp_path: Path) -> None:
    """`countries` is a `;`-separated list of ISO codes, kept in order."""
    folder = media_folder(tmp_path, "Example Wire,en,desk@wire.example.org,NZ;AU")
    assert load_outreach(folder).media[0].countries == ("NZ", "AU")


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("Example Wire,xx,desk@wire.example.org,NZ", "language", "'xx' is not one of"),
        ("Example Wire,en,desk-at-wire.example.org,NZ", "email", "is not a valid e-mail"),
        ("Example Wire,en,desk@wire.example.org,NZ;QQ", "countries", "not ISO 3166"),
        (",en,desk@wire.example.org,NZ", "outlet", "a name is required"),
    ],
)
def test_a_bad_media_line_is_one_problem_at_its_line(
    tmp_path: Path, row: str, field: str, message: str
) -> None:
    """One bad field of line 3 is one problem, `media.csv:3: field: message`."""
    folder = media_folder(tmp_path, "Good Outlet,fr,redaction@good.example.org,FR", row)
    problems = check_outreach(folder).items
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{folder / 'media.csv'}:3: {field}: ")
    assert message in problems[0].message


def test_an_address_on_both_lists_is_a_duplicate(tmp_path: Path) -> None:
    """The same address as an outlet and a partner would be written to twice: refused."""
    folder = media_folder(tmp_path, "Example Wire,en,desk@wire.example.org,NZ")
    (folder / "partners.csv").write_text(
        "partner,language,email\nA Partner,en,Desk@Wire.example.org\n", encoding="utf-8"
    )
    with pytest.raises(DirectoryError, match=r"partners.csv:2: email: duplicate e-mail"):
        load_outreach(folder)


@pytest.mark.slow
def test_recipients_check_prints_a_bad_media_line_and_exits_1(tmp_path: Path) -> None:
    """`verbale recipients check` prints the media.csv problem as one line and exits 1."""
    folder = tmp_path / "recipients"
    shutil.copytree(REPOSITORY / "recipients", folder)
    with (folder / "media.csv").open("a", encoding="utf-8") as media:
        media.write("Broken Outlet,en,broken.example.org,NZ\n")
    line = len((folder / "media.csv").read_text(encoding="utf-8").splitlines())
    result = subprocess.run(
        [sys.executable, "-m", "verbale", "recipients", "check", str(folder)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    errors = [e for e in result.stderr.splitlines() if "media.csv" in e]
    assert errors == [
        f"{folder / 'media.csv'}:{line}: email: 'broken.example.org' is not a valid e-mail address"
    ]
