"""Running a flow from the command line on a temporary local API."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def test_failed_run_leaves_no_prefect_worker_behind(tmp_path: Path) -> None:
    """After a failed run, Prefect's event and log workers are drained while the local API
    is up, so the process exits at once, printing nothing of Prefect's."""
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
