"""The flow commands over bad files: one `error:` line per problem, exit 1, no traceback, and
no batch written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from badfiles import (
    CSV_SPOILERS,
    DECISION_SPOILERS,
    INCIDENT_SPOILERS,
    YAML_SPOILERS,
    assert_one_clear_report,
    write_spoiled,
)
from conftest import REPOSITORY
from test_cli import run

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("bad-input-flows")]


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One Prefect home for the module's commands (its database is made once)."""
    return tmp_path_factory.mktemp("prefect")


def copy_of(tmp_path: Path, name: str) -> Path:
    """A copy of a committed folder (recipients, data or templates) to spoil."""
    shutil.copytree(REPOSITORY / name, tmp_path / name)
    return tmp_path / name


def refused(tmp_path: Path, prefect_home: Path, *args: str, **env: str) -> str:
    """Run a flow command that must fail: exit 1, plain error lines, no drafts; its stderr."""
    environment = {
        "PREFECT_HOME": str(prefect_home),
        "VERBALE_WORK_DIR": str(tmp_path / "work"),
        "VERBALE_PDF": "false",
        **env,
    }
    result = run(*args, env=environment)
    assert result.returncode == 1, result.stdout + result.stderr
    assert_one_clear_report(result.stderr)
    assert all(line.startswith("error: ") for line in result.stderr.splitlines()), result.stderr
    drafts = tmp_path / "work" / "drafts"
    assert not drafts.exists() or not any(drafts.iterdir())
    return result.stderr


@pytest.mark.parametrize(
    ("name", "spoiler", "command"),
    [
        ("reports.csv", "cp1252", "reminders"),
        ("stockpiles.csv", "middle-field-dropped", "article3"),
    ],
)
def test_bad_decision_data(
    tmp_path: Path, prefect_home: Path, name: str, spoiler: str, command: str
) -> None:
    """A bad reports.csv or stockpiles.csv stops the run with its file and line."""
    data = copy_of(tmp_path, "data")
    write_spoiled(REPOSITORY / "data" / name, data / name, CSV_SPOILERS[spoiler])
    stderr = refused(
        tmp_path, prefect_home, command, "--as-of", "2016-03-03", VERBALE_DATA_DIR=str(data)
    )
    assert f"error: {data / name}:" in stderr


def test_bad_directory(tmp_path: Path, prefect_home: Path) -> None:
    """A contacts.csv saved by Excel on Windows stops the run with one line."""
    recipients = copy_of(tmp_path, "recipients")
    source = REPOSITORY / "recipients" / "contacts.csv"
    write_spoiled(source, recipients / "contacts.csv", CSV_SPOILERS["cp1252"])
    stderr = refused(
        tmp_path,
        prefect_home,
        "reminders",
        "--as-of",
        "2016-03-03",
        VERBALE_RECIPIENTS_DIR=str(recipients),
    )
    [line] = stderr.splitlines()
    assert line.startswith(f"error: {recipients / 'contacts.csv'}:")
    assert line.endswith(": file: not UTF-8 (byte 0xe8); save it as UTF-8 (in Excel: CSV UTF-8)")


def test_bad_incident_file(tmp_path: Path, prefect_home: Path) -> None:
    """A statement on an incident file with a date in words stops at that line."""
    source = REPOSITORY / "data" / "incidents" / "2016-02-sy.yaml"
    bad = write_spoiled(source, tmp_path / "bad.yaml", INCIDENT_SPOILERS["date-in-words"])
    stderr = refused(tmp_path, prefect_home, "statement", str(bad))
    assert f"error: {bad}:" in stderr


def test_bad_decision_file(tmp_path: Path, prefect_home: Path) -> None:
    """A circular whose decision gives a date in words names the kind and the filter."""
    source = REPOSITORY / "data" / "decisions" / "contribution-thanks-2016.yaml"
    bad = write_spoiled(source, tmp_path / "decision.yaml", DECISION_SPOILERS["date-in-words"])
    stderr = refused(
        tmp_path,
        prefect_home,
        "circular",
        "contribution-thanks",
        "--decision",
        str(bad),
        "--states",
        "FR,ZM",
        "--as-of",
        "2016-03-03",
    )
    assert "|longdate needs a date" in stderr


def test_bad_value_for_one_state_in_a_large_batch(tmp_path: Path, prefect_home: Path) -> None:
    """A value dropped for one State fails a batch rendered in worker processes, named in full."""
    decision = yaml.safe_load(
        (REPOSITORY / "data" / "decisions" / "contribution-thanks-2016.yaml").read_text("utf-8")
    )
    del decision["per_state"]["ZM"]["contribution"]["purpose"]
    path = tmp_path / "decision.yaml"
    path.write_text(yaml.safe_dump(decision), encoding="utf-8")
    stderr = refused(
        tmp_path,
        prefect_home,
        "circular",
        "contribution-thanks",
        "--decision",
        str(path),
        "--all-parties",
        "--as-of",
        "2016-03-03",
    )
    [line] = stderr.splitlines()
    assert line.startswith("error: contribution-thanks/en: missing value: ")
    assert "'purpose'" in line
    assert "(in paragraph: 'I have the honour" in line


def test_bad_kind_file(tmp_path: Path, prefect_home: Path) -> None:
    """A circular of a kind whose kind.yaml is broken names the file and the line."""
    templates = copy_of(tmp_path, "templates")
    kind = templates / "contribution-thanks" / "kind.yaml"
    write_spoiled(kind, kind, YAML_SPOILERS["tab-indent"])
    stderr = refused(
        tmp_path,
        prefect_home,
        "circular",
        "contribution-thanks",
        "--decision",
        str(REPOSITORY / "data" / "decisions" / "contribution-thanks-2016.yaml"),
        "--states",
        "FR",
        VERBALE_TEMPLATES_DIR=str(templates),
    )
    assert f"error: {kind}:" in stderr
