"""Served mode against a real `prefect server start`: events, schedules, approval in the UI."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from conftest import REPOSITORY, manifest_json
from mailserver import free_port
from samplebatch import add_reviewer, reviewer_token

from verbale.batches.ledger import ReviewState
from verbale.batches.review import BatchStatus, load_batch, status_of
from verbale.workspace import Workspace

BIN = Path(sys.executable).parent
DEADLINE = 180.0


def wait_for(condition: Callable[[], Any], what: str, timeout: float = DEADLINE) -> Any:
    """Poll until the condition holds (returns its value) or fail, saying what was awaited."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


pytestmark = [pytest.mark.prefect, pytest.mark.xdist_group("serve")]  # one server


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process group: SIGINT first (Prefect cleans up), SIGKILL if it lingers."""
    for sig, grace in ((signal.SIGINT, 20), (signal.SIGKILL, 10)):
        if process.poll() is not None:
            break
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # children left behind, if any


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A real Prefect server and `verbale serve` against it, both stopped at the end."""
    root = tmp_path_factory.mktemp("served")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    data = root / "data"
    shutil.copytree(REPOSITORY / "data", data)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("VERBALE_", "PREFECT_"))},
        "PREFECT_HOME": str(root / "prefect"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "VERBALE_WORK_DIR": str(root / "work"),
        "VERBALE_DATA_DIR": str(data),
        "VERBALE_PDF": "false",
        "VERBALE_REVIEW_PORT": str(free_port()),
        # The statement goes straight to review here; circulation: test_circulation_flow.py.
        "VERBALE_SILENCE_PROCEDURE": "false",
    }
    processes: list[subprocess.Popen[bytes]] = []
    try:
        started = time.monotonic()
        server_log = (root / "server.log").open("wb")
        processes.append(
            subprocess.Popen(
                [
                    str(BIN / "prefect"),
                    "server",
                    "start",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                env=env,
                stdout=server_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        wait_for(lambda: _healthy(api), "the Prefect server's health check", 120)
        env["SERVER_STARTUP"] = f"{time.monotonic() - started:.1f}"
        started = time.monotonic()
        serve_log = root / "serve.log"
        processes.append(
            subprocess.Popen(
                [str(BIN / "verbale"), "serve"],
                env=env,
                stdout=serve_log.open("wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        wait_for(lambda: _deployments(api) >= 5, "verbale serve's five deployments", 120)
        env["SERVE_STARTUP"] = f"{time.monotonic() - started:.1f}"
        workspace = Workspace(root / "work")
        add_reviewer(workspace, "Chair Example")
        env["DESK_TOKEN"] = reviewer_token(workspace, "Desk Reviewer")
        yield env
    finally:
        for process in reversed(processes):
            stop(process)


def _healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _deployments(api: str) -> int:
    try:
        return len(httpx.post(f"{api}/deployments/filter", json={}, timeout=5).json())
    except (httpx.HTTPError, ValueError):
        return 0


def verbale(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line against the served setup."""
    return subprocess.run(
        [str(BIN / "verbale"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def new_batch(env: dict[str, str], flow: str, known: set[str]) -> str:
    """Wait for a batch of the flow that was not there before, registered in the ledger."""
    ledger = Workspace(Path(env["VERBALE_WORK_DIR"])).ledger

    def found() -> str | None:
        fresh = [r.batch_id for r in ledger.batches() if r.flow == flow and r.batch_id not in known]
        return fresh[0] if fresh else None

    batch_id: str = wait_for(found, f"a new {flow} batch")
    return batch_id


def paused_run(env: dict[str, str], batch_id: str) -> str:
    """Wait until the batch's flow run is paused for review; its id."""
    ledger = Workspace(Path(env["VERBALE_WORK_DIR"])).ledger

    def paused() -> str | None:
        run_id = ledger.waiting_run(batch_id)
        if run_id is None:
            return None
        state = httpx.get(f"{env['PREFECT_API_URL']}/flow_runs/{run_id}", timeout=5).json()
        # suspended: the run's process has ended; the decision reschedules it
        suspended = state["state"]["type"] == "PAUSED" and state["state"]["name"] == "Suspended"
        return run_id if suspended else None

    run_id: str = wait_for(paused, f"the flow run of {batch_id} to suspend for review")
    return run_id


def resume_as_the_ui_does(env: dict[str, str], run_id: str, decision: dict[str, Any]) -> None:
    """POST the reviewer's form to the flow run's resume endpoint, as the Prefect UI does."""
    response = post_resume(env, run_id, decision)
    assert response.status_code in (200, 201), response.text
    assert response.json()["status"] == "ACCEPT", response.text


def post_resume(env: dict[str, str], run_id: str, decision: dict[str, Any]) -> httpx.Response:
    """The resume request, made again while the server answers 503: its SQLite database was
    locked by another writer (a run suspending writes its last logs), which Prefect's own
    client retries too."""
    for _ in range(10):
        response = httpx.post(
            f"{env['PREFECT_API_URL']}/flow_runs/{run_id}/resume",
            json={"run_input": decision},
            timeout=30,
        )
        if response.status_code != 503:
            break
        time.sleep(1)
    return response


def report_incident(env: dict[str, str], incident_id: str, tmp_path: Path) -> None:
    """Write an incident file under a new id and report it (which emits the event)."""
    source = yaml.safe_load((REPOSITORY / "data/incidents/2016-02-sy.yaml").read_text())
    source["id"] = incident_id
    path = tmp_path / f"{incident_id}.yaml"
    path.write_text(yaml.safe_dump(source), encoding="utf-8")
    result = verbale(env, "incident", "report", str(path))
    assert result.returncode == 0, result.stderr
    assert "event verbale.incident.reported emitted" in result.stdout


def test_incident_event_drafts_a_statement_approved_in_the_ui_and_sent(
    served: dict[str, str], tmp_path: Path
) -> None:
    """Event -> statement batch waiting for review -> UI approval recorded -> outbox."""
    started = time.monotonic()
    report_incident(served, "2016-02-sy-served", tmp_path)
    batch_id = new_batch(served, "statement", set())
    run_id = paused_run(served, batch_id)
    print(
        f"server start {served['SERVER_STARTUP']} s, verbale serve "
        f"{served['SERVE_STARTUP']} s, event to batch {time.monotonic() - started:.1f} s"
    )
    work = Path(served["VERBALE_WORK_DIR"])
    ledger = Workspace(work).ledger
    assert ledger.batch(batch_id).state is ReviewState.AWAITING  # type: ignore[union-attr]
    assert not (work / "outbox" / batch_id).exists()
    room = f"http://127.0.0.1:{served['VERBALE_REVIEW_PORT']}"
    assert httpx.get(f"{room}/login", timeout=10).status_code == 200  # served beside the flows
    assert httpx.get(f"{room}/batches/{batch_id}", timeout=10).status_code == 303  # login first
    resume_as_the_ui_does(
        served,
        run_id,
        {"decision": "approve", "reviewer": "Chair Example", "note": "agreed", "exclude": []},
    )
    wait_for(lambda: _state(served, batch_id) is BatchStatus.SENT, "the batch to be sent")
    approvals = [e for e in ledger.events(batch_id) if e.action == "approved"]
    assert [(e.actor, e.note) for e in approvals] == [("Chair Example", "agreed")]
    assert ledger.approved_files(batch_id)
    outbox = list((work / "outbox" / batch_id).glob("*.eml"))
    expected = sum(len(set(d["to"]) | set(d["cc"])) for d in _documents(work, batch_id))
    assert len(outbox) == expected > 0


def test_rejected_run_sends_nothing(served: dict[str, str], tmp_path: Path) -> None:
    """A reviewer's rejection in the UI is recorded and nothing is sent."""
    known = {r.batch_id for r in Workspace(Path(served["VERBALE_WORK_DIR"])).ledger.batches()}
    report_incident(served, "2016-02-sy-rejected", tmp_path)
    batch_id = new_batch(served, "statement", known)
    run_id = paused_run(served, batch_id)
    refused = post_resume(
        served, run_id,
        {"decision": "approve", "reviewer": "Chair Example", "exclude": ["XX-no-such-document"]},
    ).json()  # fmt: skip
    assert refused["status"] == "REJECT", refused
    assert _run_state(served, run_id)["type"] == "PAUSED"  # still waiting
    resume_as_the_ui_does(
        served,
        run_id,
        {"decision": "reject", "reviewer": "Chair Example", "note": "facts disputed"},
    )
    work = Path(served["VERBALE_WORK_DIR"])
    ledger = Workspace(work).ledger
    wait_for(
        lambda: ledger.batch(batch_id).state is ReviewState.REJECTED,  # type: ignore[union-attr]
        "the rejection to be recorded",
    )
    wait_for(lambda: _run_state(served, run_id)["type"] == "CANCELLED", "the rejected run to end")
    assert _run_state(served, run_id)["name"] == "Rejected"
    assert not (work / "outbox" / batch_id).exists()
    assert _state(served, batch_id) is BatchStatus.REJECTED


def _run_state(env: dict[str, str], run_id: str) -> dict[str, Any]:
    run = httpx.get(f"{env['PREFECT_API_URL']}/flow_runs/{run_id}", timeout=5).json()
    state: dict[str, Any] = run["state"]
    return state


def test_cli_approval_resumes_the_waiting_run(served: dict[str, str]) -> None:
    """A deployment run of reminders, as the schedule starts it, drafts its batch; approving it
    on the command line resumes the waiting run, which sends it."""
    known = {r.batch_id for r in Workspace(Path(served["VERBALE_WORK_DIR"])).ledger.batches()}
    run = subprocess.run(
        [str(BIN / "prefect"), "deployment", "run", "reminders/reminders"],
        env=served,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    batch_id = new_batch(served, "reminders", known)
    paused_run(served, batch_id)
    token = {"VERBALE_REVIEW_TOKEN": served["DESK_TOKEN"]}
    approved = verbale(served | token, "review", "approve", batch_id, "--by", "Desk Reviewer")
    assert approved.returncode == 0, approved.stderr
    assert "resumed" in approved.stdout
    wait_for(lambda: _state(served, batch_id) is BatchStatus.SENT, "the reminders batch sent")
    approvals = [
        e.actor
        for e in Workspace(Path(served["VERBALE_WORK_DIR"])).ledger.events(batch_id)
        if e.action == "approved"
    ]
    assert approvals == ["Desk Reviewer"]  # recorded once, by the CLI door


def _state(env: dict[str, str], batch_id: str) -> BatchStatus:
    work = Path(env["VERBALE_WORK_DIR"])
    ledger = Workspace(work).ledger
    return status_of(load_batch(Workspace(work), batch_id), ledger)


def _documents(work: Path, batch_id: str) -> list[dict[str, Any]]:

    return [d for d in manifest_json(work / "drafts" / batch_id)["documents"] if d["to"]]
