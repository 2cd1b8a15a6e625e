"""The registry commands: `register`, `state` and `overdue` print what the README says."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date

from drafts import drafting, record, thanks

from verbale.listings import OVERDUE_COLUMNS, REGISTER_COLUMNS

VERBALE = [sys.executable, "-m", "verbale"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, in the test's environment."""
    return subprocess.run(
        [*VERBALE, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )


def test_overdue_csv_lists_paraguay_four_days_late() -> None:
    """`overdue --csv`: the header row, then one row per overdue report."""
    result = run("overdue", "--as-of", "2016-03-03", "--csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ",".join(OVERDUE_COLUMNS)
    assert "PY,Paraguay,PY:initial,2016-02-28,4,,,first-reminder," in lines


def test_overdue_json_has_the_documented_keys() -> None:
    """`overdue --json`: a list of objects, reminders as a list."""
    result = run("overdue", "--as-of", "2016-03-03", "--json")
    entries = json.loads(result.stdout)
    assert tuple(entries[0]) == OVERDUE_COLUMNS
    paraguay = next(e for e in entries if e["report"] == "PY:initial")
    assert paraguay["days_overdue"] == 4 and paraguay["reminders"] == []


def test_register_prints_every_number_in_json_and_csv() -> None:
    """`register --json` and `--csv` give the same lines; `--sender` filters by sender."""
    plan = drafting("circular", date(2016, 3, 3))
    record(plan, thanks(plan, ["FR", "ZM"])[0])
    entries = json.loads(run("register", "--json").stdout)
    assert [tuple(e) for e in entries] == [REGISTER_COLUMNS] * 2
    assert [(e["reference"], e["state"], e["status"], e["sent_on"]) for e in entries] == [
        ("CCM/ISU/2016/0001", "FR", "drafted", None),
        ("CCM/ISU/2016/0002", "ZM", "drafted", None),
    ]
    rows = list(csv.DictReader(io.StringIO(run("register", "--csv", "--year", "2016").stdout)))
    assert [row["reference"] for row in rows] == ["CCM/ISU/2016/0001", "CCM/ISU/2016/0002"]
    assert rows[1]["batch"] == plan.batch_id and rows[1]["sent_on"] == ""
    assert run("register", "--csv", "--sender", "presidency").stdout.splitlines() == [
        ",".join(REGISTER_COLUMNS)
    ]


def test_state_prints_the_file_of_one_state() -> None:
    """`state PY`: standing, then reports with their delay and next reminder."""
    result = run("state", "py", "--as-of", "2016-03-03")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "PY Paraguay: party on 2016-03-03"
    assert (
        "  PY:initial: due 2016-02-28, overdue 4 days; reminders: none; next: first-reminder"
        in lines
    )
    found = json.loads(run("state", "PY", "--as-of", "2016-03-03", "--json").stdout)
    assert found["entry_into_force"] == "2015-09-01"
    assert found["article3"]["obligation"] == "no"


def test_unknown_state_is_one_error_line() -> None:
    """An ISO code not in the directory exits 1 with one `error:` line."""
    result = run("state", "XK")
    assert (result.returncode, result.stderr) == (
        1,
        "error: XK: no such State in the directory\n",
    )


def test_csv_and_json_together_are_a_usage_error() -> None:
    """One output format at a time."""
    result = run("register", "--csv", "--json")
    assert result.returncode == 1
    assert "choose one of --csv, --json" in result.stderr


def test_registry_commands_do_not_import_prefect() -> None:
    """register, state and overdue run no flow and never import Prefect."""
    code = (
        "import sys\n"
        "from verbale.cli import app\n"
        "for args in (['register'], ['state', 'PY'], ['overdue', '--json']):\n"
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
