"""The command line: exit codes, one-line errors, no Prefect where no flow runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import REPOSITORY

VERBALE = [sys.executable, "-m", "verbale"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess."""
    environment = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **(env or {})}
    return subprocess.run(
        [*VERBALE, *args], capture_output=True, text=True, env=environment, timeout=300, check=False
    )


@pytest.mark.slow
def test_committed_directory_and_templates_check_clean() -> None:
    """`recipients check` and `templates check` exit 0 on the committed data."""
    assert run("recipients", "check").returncode == 0
    assert run("templates", "check").returncode == 0


def test_bad_directory_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    """Every problem of a directory is printed as path:line: field: message."""
    folder = tmp_path / "recipients"
    shutil.copytree(REPOSITORY / "recipients", folder)
    contacts = folder / "contacts.csv"
    lines = contacts.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("@", " at ", 1)
    lines[3] = "XX" + lines[3][2:]
    contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("recipients", "check", str(folder))
    assert result.returncode == 1
    assert f"{contacts}:2: to: " in result.stderr
    assert f"{contacts}:4: iso2: 'XX' is not an ISO 3166 alpha-2 country code" in result.stderr


def test_broken_template_is_reported_by_kind_and_language(tmp_path: Path) -> None:
    """`templates check` names kind/lang of a template that does not parse."""
    from docx import Document

    folder = tmp_path / "templates"
    shutil.copytree(REPOSITORY / "templates" / "reporting-reminder", folder / "reporting-reminder")
    document = Document()
    document.add_paragraph("{{ report.due_date }")
    document.save(str(folder / "reporting-reminder" / "fr.docx"))
    result = run("templates", "check", str(folder))
    assert result.returncode == 1
    assert result.stderr.startswith("reporting-reminder/fr: ")


@pytest.mark.prefect
def test_unverified_incident_exits_1_with_one_line(tmp_path: Path) -> None:
    """An unverified incident is refused with one clear line and nothing rendered."""
    result = run(
        "statement",
        "2026-10-xx-unverified",
        env={"PREFECT_HOME": str(tmp_path / "prefect"), "VERBALE_WORK_DIR": str(tmp_path / "work")},
    )
    assert result.returncode == 1
    # One line and nothing else: no Prefect worker complaining about a stopped local API.
    assert result.stderr.splitlines() == [
        "error: incident 2026-10-xx-unverified: verification is 'unverified'; a statement is "
        "issued only on a verified report"
    ]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "work" / "drafts").exists() or not any(
        (tmp_path / "work" / "drafts").iterdir()
    )


@pytest.mark.prefect
def test_reminders_json_summary(tmp_path: Path) -> None:
    """`--json` prints the batch summary for scripts; a PREFECT_HOME in a folder that does
    not exist yet is made (Prefect's server would exit at start)."""
    home = tmp_path / "new" / "prefect"
    result = run(
        "reminders",
        "--as-of",
        "2016-03-03",
        "--json",
        env={"PREFECT_HOME": str(home), "VERBALE_WORK_DIR": str(tmp_path / "work")},
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["flow"] == "reminders"
    assert summary["parameters"] == {"as_of": "2016-03-03"}
    assert summary["summary"]["documents"] > 0
    assert Path(summary["folder"], "manifest.json").is_file()


@pytest.mark.prefect
@pytest.mark.slow
def test_json_of_a_run_with_nothing_to_draft_is_json(tmp_path: Path) -> None:
    """`--json` of a run that drafts nothing is still JSON: the same keys, no batch."""
    result = run(
        "reminders",
        "--as-of",
        "2010-09-01",
        "--json",
        env={"PREFECT_HOME": str(tmp_path / "prefect"), "VERBALE_WORK_DIR": str(tmp_path / "work")},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "folder": None,
        "batch": None,
        "flow": "reminders",
        "created": None,
        "parameters": {"as_of": "2010-09-01"},
        "summary": None,
        "skipped": None,
    }
    assert not (tmp_path / "work" / "drafts").exists() or not any(
        (tmp_path / "work" / "drafts").iterdir()
    )


def test_bad_date_is_a_usage_error() -> None:
    """A malformed --as-of date is refused before any flow runs, in one line, exit 1."""
    result = run("reminders", "--as-of", "2016-13-01")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: verbale reminders: Invalid value: '2016-13-01' is not a date (YYYY-MM-DD) "
        "(see --help)"
    ]


def test_missing_option_is_one_error_line() -> None:
    """`review reject B` without --note is one `error:` line and exit 1, not a boxed message."""
    result = run("review", "reject", "B")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: verbale review reject: Missing option '--note'. (see --help)"
    ]


def test_unknown_command_is_one_error_line() -> None:
    """An unknown command is one `error:` line and exit 1."""
    result = run("remindres")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("error: verbale: No such command 'remindres'.")


def test_group_without_a_command_prints_its_help() -> None:
    """`verbale review` alone prints the group's help and exits 0."""
    result = run("review")
    assert result.returncode == 0
    assert "approve" in result.stdout
    assert result.stderr == ""


class _EventSink(BaseHTTPRequestHandler):
    """A Prefect API stand-in that records every request it gets."""

    received: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        """Record the request and accept it."""
        self.received.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Stay quiet."""


def test_unverified_incident_report_is_refused_before_it_is_stored_or_posted(
    tmp_path: Path,
) -> None:
    """In served mode an unverified incident is refused: exit 1, nothing stored or posted."""
    server = HTTPServer(("127.0.0.1", 0), _EventSink)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = run(
            "incident",
            "report",
            str(REPOSITORY / "data" / "incidents" / "2026-10-xx-unverified.yaml"),
            env={
                "PREFECT_API_URL": f"http://127.0.0.1:{server.server_port}/api",
                "VERBALE_DATA_DIR": str(tmp_path / "data"),
            },
        )
    finally:
        server.shutdown()
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: incident 2026-10-xx-unverified: verification is 'unverified'; a statement is "
        "issued only on a verified report"
    ]
    assert _EventSink.received == []
    assert not (tmp_path / "data").exists()


def test_incident_report_json_keeps_its_notes_off_standard_output(tmp_path: Path) -> None:
    """With --json, "stored" and "emitted" are notes on standard error: stdout is for JSON."""
    server = HTTPServer(("127.0.0.1", 0), _EventSink)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = run(
            "incident",
            "report",
            str(REPOSITORY / "data" / "incidents" / "2016-02-sy.yaml"),
            "--json",
            env={
                "PREFECT_API_URL": f"http://127.0.0.1:{server.server_port}/api",
                "VERBALE_DATA_DIR": str(tmp_path / "data"),
            },
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines()[0].startswith("incident 2016-02-sy stored in ")
    assert (tmp_path / "data" / "incidents" / "2016-02-sy.yaml").is_file()


@pytest.mark.slow
def test_commands_without_a_flow_do_not_import_prefect() -> None:
    """recipients, templates and review never import Prefect."""
    code = (
        "import sys\n"
        "from verbale.cli import app\n"
        "for args in (['recipients', 'check'], ['templates', 'check'], ['templates', 'list'],"
        " ['review', 'list']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code == 0, (args, exit.code)\n"
        "assert not any(m == 'prefect' or m.startswith('prefect.') for m in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr


def test_every_command_works_as_a_module() -> None:
    """`python -m verbale` reaches every command, the last registered included."""
    result = run("incident", "report", "--help")
    assert result.returncode == 0, result.stderr
    assert "incident's YAML file" in result.stdout


def test_summary_says_where_the_drafts_are_and_what_comes_next(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A batch's summary ends with its folder and the next commands, with its id."""
    from verbale.batches.manifest import Manifest, PdfReport, Summary
    from verbale.output import batch_summary

    summary = Summary(
        documents=2, per_language_channel={"en/mission": 2}, fallbacks=0, skipped={}, pdf="disabled"
    )
    manifest = Manifest(
        batch="B1",
        flow="circular",
        created="2016-03-03T10:00:00",
        parameters={},
        inputs={},
        documents=(),
        skipped=(),
        pdf=PdfReport(status="disabled"),
        summary=summary,
    )
    batch_summary(tmp_path / "B1", manifest)
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:] == [
        f"drafts in {tmp_path / 'B1'}; awaiting review",
        "next: read them (verbale review show B1), then approve (verbale review approve B1 "
        "--by NAME) or reject, then send (verbale send B1)",
    ]


def _modules_after(*args: str) -> set[str]:
    """The top-level packages a command imports, run in a fresh interpreter."""
    code = (
        "import sys\n"
        "from verbale.cli import app\n"
        "try:\n"
        f"    app({list(args)!r})\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split("\n")[-2].split())


def test_help_imports_nothing_heavy() -> None:
    """`verbale --help` imports no settings, rich output, CLDR data, documents or Prefect."""
    heavy = {"pydantic", "pydantic_settings", "rich", "markdown_it", "docx", "jinja2", "prefect"}
    heavy |= {"babel"}
    assert _modules_after("--help") & heavy == set()


def test_review_list_imports_no_document_or_flow_machinery() -> None:
    """`verbale review list` reads the ledger and manifests only: no docx, Jinja or Prefect."""
    heavy = {"docx", "docxtpl", "lxml", "jinja2", "prefect", "markdown_it"}
    assert _modules_after("review", "list") & heavy == set()


@pytest.mark.slow
def test_deploy_without_a_server_is_one_line_error() -> None:
    """`verbale deploy` without PREFECT_API_URL says a server is needed: one line, exit 1."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    result = subprocess.run(
        [*VERBALE, "deploy", "--pool", "verbale"],
        capture_output=True, text=True, env=environment, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: verbale deploy needs a Prefect server: start one (`prefect server start`) and "
        "set PREFECT_API_URL (e.g. http://127.0.0.1:4200/api)"
    ]


@pytest.mark.slow
def test_deploy_to_an_unreachable_server_is_one_line_error() -> None:
    """`verbale deploy` to a server that does not answer: one line naming it, exit 1."""
    from mailserver import free_port

    api = f"http://127.0.0.1:{free_port()}/api"
    result = run("deploy", "--pool", "verbale", env={"PREFECT_API_URL": api})
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {api}: the Prefect server cannot be reached (")


@pytest.mark.slow
def test_incident_with_an_unknown_co_signer_is_refused_before_it_is_stored(
    tmp_path: Path,
) -> None:
    """A co-signer the directory lacks: one line naming file, line and field; nothing stored."""
    source = REPOSITORY / "data" / "incidents" / "2016-02-sy.yaml"
    text = source.read_text(encoding="utf-8").replace(
        "  issuer: presidency\n", "  issuer: presidency\n  co_signers: [AT, TV]\n"
    )
    incident = tmp_path / "2016-02-sy.yaml"
    incident.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  co_signers: [AT, TV]") + 1
    result = run(
        "incident", "report", str(incident), env={"VERBALE_DATA_DIR": str(tmp_path / "data")}
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {incident}:{line}: decision.co_signers: not in the directory: TV"
    ]
    assert not (tmp_path / "data").exists()
