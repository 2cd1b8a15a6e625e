"""The commands that run no flow, over a corpus of bad files: one clear report, exit 1, no
traceback, nothing written."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from badfiles import (
    CSV_SPOILERS,
    DECISION_SPOILERS,
    INCIDENT_SPOILERS,
    YAML_SPOILERS,
    assert_one_clear_report,
    write_spoiled,
)
from conftest import REPOSITORY

from verbale.cli import main

DIRECTORY_FILES = ("states.csv", "contacts.csv", "names.csv")


def verbale(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str]:
    """Run the command line in this process, as `verbale ARGS`: exit code and stderr."""
    monkeypatch.setattr(sys, "argv", ["verbale", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    code = exit_.value.code
    return code if isinstance(code, int) else 1, capsys.readouterr().err


@pytest.mark.parametrize("name", DIRECTORY_FILES)
@pytest.mark.parametrize("spoiler", sorted(CSV_SPOILERS))
def test_recipients_check_of_a_bad_file(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
    spoiler: str,
) -> None:
    """`recipients check` reports a bad directory file in plain lines and exits 1."""
    folder = tmp_path / "recipients"
    shutil.copytree(REPOSITORY / "recipients", folder)
    write_spoiled(REPOSITORY / "recipients" / name, folder / name, CSV_SPOILERS[spoiler])
    code, stderr = verbale(capsys, monkeypatch, "recipients", "check", str(folder))
    assert code == 1
    assert_one_clear_report(stderr)


@pytest.mark.parametrize("spoiler", sorted(INCIDENT_SPOILERS))
def test_incident_report_of_a_bad_file(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    spoiler: str,
) -> None:
    """`incident report` refuses a bad incident file in plain lines and stores nothing."""
    source = REPOSITORY / "data" / "incidents" / "2016-02-sy.yaml"
    bad = write_spoiled(source, tmp_path / "bad.yaml", INCIDENT_SPOILERS[spoiler])
    monkeypatch.setenv("VERBALE_DATA_DIR", str(tmp_path / "data"))
    code, stderr = verbale(capsys, monkeypatch, "incident", "report", str(bad))
    assert code == 1
    assert_one_clear_report(stderr)
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("spoiler", sorted(YAML_SPOILERS))
def test_templates_commands_with_a_bad_kind_file(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    spoiler: str,
) -> None:
    """`templates check` and `templates list` report a bad kind.yaml in plain lines."""
    folder = tmp_path / "templates"
    shutil.copytree(REPOSITORY / "templates" / "contribution-thanks", folder / "thanks")
    source = REPOSITORY / "templates" / "contribution-thanks" / "kind.yaml"
    write_spoiled(source, folder / "thanks" / "kind.yaml", YAML_SPOILERS[spoiler])
    for command in ("check", "list"):
        code, stderr = verbale(capsys, monkeypatch, "templates", command, str(folder))
        assert code == 1, command
        assert_one_clear_report(stderr)


@pytest.mark.parametrize("spoiler", sorted(DECISION_SPOILERS))
def test_render_with_a_bad_context_file(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    spoiler: str,
) -> None:
    """`render --context` with a bad or incomplete file reports it and writes no document."""
    source = REPOSITORY / "templates" / "contribution-thanks" / "sample.yaml"
    bad = write_spoiled(source, tmp_path / "context.yaml", DECISION_SPOILERS[spoiler])
    out = tmp_path / "letter.docx"
    args = ("contribution-thanks", "--state", "FR", "--context", str(bad), "--out", str(out))
    code, stderr = verbale(capsys, monkeypatch, "render", *args)
    assert code == 1
    assert_one_clear_report(stderr)
    assert not out.exists()
