"""Running a flow from the command line on a temporary local API."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPOSITORY

# A failing flow run in a fresh process; then whether Prefect still holds a worker with work
# for the local API, which is stopped by now.
FAILING_RUN = """
from flows.runner import run_flow
from verbale.errors import SelectionError
try:
    run_flow("statement", incident="2026-10-xx-unverified")
except SelectionError:
    pass
else:
    raise SystemExit("the flow did not fail")
from prefect.events.worker import EventsWorker
from prefect.logging.handlers import APILogWorker
print(len(EventsWorker._instances), len(APILogWorker._instances))
"""


@pytest.mark.slow
def test_failed_run_leaves_no_prefect_worker_behind(tmp_path: Path) -> None:
    """A failed run drains Prefect's event and log workers while the local API is still up."""
    environment = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "VERBALE_DATA_DIR": str(REPOSITORY / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-c", FAILING_RUN],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPOSITORY,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "0"]
    assert result.stderr == ""


def test_no_usage_data_notice_in_a_terminal(tmp_path: Path) -> None:
    """The Prefect layer imported in a terminal, with a fresh Prefect home, prints nothing."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DO_NOT_TRACK", "PREFECT_SERVER_ANALYTICS_ENABLED", *CI_VARIABLES}
    }
    environment["PREFECT_HOME"] = str(tmp_path / "prefect")
    primary, secondary = pty.openpty()
    try:
        child = subprocess.Popen(
            [sys.executable, "-c", "import flows.runner, prefect.flows"],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=environment,
            cwd=REPOSITORY,
        )
        os.close(secondary)
        output = _read_all(primary)
        assert child.wait(timeout=60) == 0
    finally:
        os.close(primary)
    assert "usage data" not in output
    assert output == ""


# Variables by which Prefect recognises a CI machine (where it never shows the notice).
CI_VARIABLES = {"CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "BUILDKITE", "CI_NAME"}


def _read_all(descriptor: int) -> str:
    """Everything written to a terminal until the writer closes it."""
    chunks = []
    while True:
        try:
            chunk = os.read(descriptor, 4096)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode(errors="replace")
