"""Deployments on a work pool against real servers: PostgreSQL, a Prefect server, two workers.

The suite starts a throwaway PostgreSQL cluster, `prefect server start` on it, `verbale
deploy --pool verbale`, two `prefect worker start --pool verbale` and an SMTP server, and
stops them all at the end.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from conftest import REPOSITORY, manifest_json
from mailserver import ScriptedHandler, smtp_server
from postgres import Cluster
from samplebatch import add_reviewer, reviewer_token
from scale import BIN, POOL, Site, running_site, wait_for

from verbale.batches.ledger import DeliveryStatus, Ledger, ReviewState
from verbale.database_url import DatabaseUrl
from verbale.settings import Settings
from verbale.workspace import Workspace

pytestmark = [pytest.mark.prefect, pytest.mark.slow, pytest.mark.xdist_group("workers")]  # one site
WORKERS = ("worker-a", "worker-b")
FINAL = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"}


@pytest.fixture(scope="module")
def mail() -> Iterator[tuple[ScriptedHandler, int]]:
    """A real SMTP server recording every message."""
    handler = ScriptedHandler()
    with smtp_server(handler) as port:
        yield handler, port


@pytest.fixture(scope="module")
def site(
    postgres: Cluster, mail: tuple[ScriptedHandler, int], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """The server on PostgreSQL, the deployments on the pool, two workers, mail by SMTP."""
    root = tmp_path_factory.mktemp("scale")
    shutil.copytree(REPOSITORY / "data", root / "data")
    database = postgres.url(postgres.create_database("prefect"), driver="postgresql+asyncpg")
    settings = {
        "VERBALE_WORK_DIR": str(root / "work"),
        "VERBALE_DATA_DIR": str(root / "data"),
        "VERBALE_PDF": "false",
        "VERBALE_TRANSPORT": "smtp",
        "VERBALE_SMTP_HOST": "127.0.0.1",
        "VERBALE_SMTP_PORT": str(mail[1]),
        "VERBALE_SMTP_SECURITY": "none",
        "VERBALE_LEDGER_URL": postgres.url(postgres.create_database("ledger")),
        # The statement goes straight to review here; circulation: test_circulation_flow.py.
        "VERBALE_SILENCE_PROCEDURE": "false",
    }
    with running_site(root, database, settings) as running:
        for name in WORKERS:
            running.start_worker(name)
        yield running


def workspace(site: Site) -> Workspace:
    """The work directory and the ledger (in PostgreSQL) every worker uses."""
    url = DatabaseUrl(site.env["VERBALE_LEDGER_URL"])
    return Workspace(Path(site.env["VERBALE_WORK_DIR"]), url)


def ledger(site: Site) -> Ledger:
    """The ledger every worker writes to."""
    return workspace(site).ledger


def new_batch(site: Site, flow: str, known: set[str]) -> str:
    """Wait for a batch of the flow that was not there before; its id."""

    def found() -> str | None:
        fresh = [
            r.batch_id for r in ledger(site).batches() if r.flow == flow and r.batch_id not in known
        ]
        return fresh[0] if fresh else None

    batch_id: str = wait_for(found, f"a new {flow} batch")
    return batch_id


def suspended_run(site: Site, batch_id: str) -> str:
    """Wait until the batch's flow run is suspended for review; its id."""

    def suspended() -> str | None:
        run_id = ledger(site).waiting_run(batch_id)
        if run_id is None:
            return None
        state = site.flow_run(run_id)["state"]
        return run_id if state["type"] == "PAUSED" and state["name"] == "Suspended" else None

    run_id: str = wait_for(suspended, f"the flow run of {batch_id} to suspend")
    return run_id


def final_state(site: Site, run_id: str) -> dict[str, str]:
    """Wait until the flow run ends; its final state."""
    state: dict[str, str] = wait_for(
        lambda: (s := site.flow_run(run_id)["state"])["type"] in FINAL and s,
        f"flow run {run_id} to end",
    )
    return state


def expected_deliveries(site: Site, batch_id: str) -> set[tuple[str, str]]:
    """Every (document, address) the batch's manifest sends to."""
    folder = Path(site.env["VERBALE_WORK_DIR"]) / "drafts" / batch_id
    return {
        (doc["id"], address)
        for doc in manifest_json(folder)["documents"]
        for address in {*doc["to"], *doc["cc"]}
    }


def test_deploy_registers_the_six_deployments_on_a_process_pool(site: Site) -> None:
    """The pool is of type process; each deployment names its flow by module path and carries
    the shared folders; deploying again updates them rather than adding more."""
    again = site.run(str(BIN / "verbale"), "deploy", "--pool", POOL)
    assert again.returncode == 0, again.stderr
    assert f"start a worker on each machine: prefect worker start --pool {POOL}" in again.stdout
    assert f"deployed statement/statement on pool {POOL}: event verbale.incident" in again.stdout
    pool = httpx.get(f"{site.api}/work_pools/{POOL}", timeout=10).json()
    assert pool["type"] == "process"
    found = httpx.post(f"{site.api}/deployments/filter", json={}, timeout=10).json()
    entrypoints = {d["name"]: d["entrypoint"] for d in found}
    assert entrypoints == {
        "reminders": "flows.serve.served_reminders",
        "article3": "flows.serve.served_article3",
        "statement": "flows.serve.served_statement",
        "circular": "flows.serve.served_circular",
        "send": "flows.send.send",
        "silence": "flows.circulation.silence",
    }
    work = site.env["VERBALE_WORK_DIR"]
    assert {d["job_variables"]["env"]["VERBALE_WORK_DIR"] for d in found} == {work}
    assert all(d["work_pool_name"] == POOL and not d["pull_steps"] for d in found)  # no code pulled
    crons = {d["name"]: [s["schedule"]["cron"] for s in d["schedules"]] for d in found}
    assert sorted(crons["reminders"]) == sorted(Settings().reminders_cron)


def test_workers_draft_suspend_and_race_to_send_each_message_once(
    site: Site, mail: tuple[ScriptedHandler, int]
) -> None:
    """A reminders run drafts and suspends (no process kept); once approved on the command
    line, three runs race to send the batch on two workers (the resumed run and two send runs):
    one sends, the others are refused by the lease or find it sent; each address gets one
    message."""
    handler, _ = mail
    prefect = str(BIN / "prefect")
    started = site.run(
        prefect, "deployment", "run", "reminders/reminders", "--param", "as_of=2016-03-03"
    )
    assert started.returncode == 0, started.stderr
    batch_id = new_batch(site, "reminders", set())
    run_id = suspended_run(site, batch_id)
    wait_for(lambda: not any(site.children(w) for w in WORKERS), "the workers to hold no run")
    assert ledger(site).batch(batch_id).state is ReviewState.AWAITING  # type: ignore[union-attr]
    assert handler.received == []

    token = reviewer_token(workspace(site), "Desk")
    approved = site.run(
        str(BIN / "verbale"), "review", "approve", batch_id, "--by", "Desk", "--note", "ok",
        env_extra={"VERBALE_REVIEW_TOKEN": token},
    )  # fmt: skip
    assert approved.returncode == 0, approved.stderr
    assert f"flow run {run_id} resumed" in approved.stdout
    racers = [site.run_deployment("send/send", batch=batch_id) for _ in range(2)]

    states = {run: final_state(site, run) for run in [run_id, *racers]}
    assert "COMPLETED" in {s["type"] for s in states.values()}, states
    losers = [s for s in states.values() if s["type"] != "COMPLETED"]
    assert all("being sent by" in s["message"] for s in losers), losers  # the lease refused
    expected = expected_deliveries(site, batch_id)
    counts = handler.per_delivery()
    assert set(counts) == expected  # no loss
    assert set(counts.values()) == {1}  # no duplicate
    deliveries = ledger(site).deliveries(batch_id).values()
    assert {d.status for d in deliveries} == {DeliveryStatus.DONE}
    logs = {w: (site.root / f"{w}.log").read_text(errors="replace") for w in WORKERS}
    assert all(any(run in log for run in [run_id, *racers]) for log in logs.values()), states
    drafts = [r for r in ledger(site).batches() if r.flow == "reminders"]
    assert [r.batch_id for r in drafts] == [batch_id]  # resumed, not drafted again


def test_incident_event_drafts_a_statement_that_suspends(site: Site, tmp_path: Path) -> None:
    """An incident reported on the command line drafts the statement on a worker, which then
    waits for review holding no process."""
    known = {r.batch_id for r in ledger(site).batches()}
    source = yaml.safe_load((REPOSITORY / "data/incidents/2016-02-sy.yaml").read_text())
    source["id"] = "2016-02-sy-pool"
    incident = tmp_path / "incident.yaml"
    incident.write_text(yaml.safe_dump(source), encoding="utf-8")
    started = time.monotonic()
    reported = site.run(str(BIN / "verbale"), "incident", "report", str(incident))
    assert reported.returncode == 0, reported.stderr
    batch_id = new_batch(site, "statement", known)
    suspended_run(site, batch_id)
    print(f"incident to suspended batch: {time.monotonic() - started:.1f} s")
    wait_for(lambda: not any(site.children(w) for w in WORKERS), "the workers to hold no run")
    assert ledger(site).batch(batch_id).state is ReviewState.AWAITING  # type: ignore[union-attr]


def test_a_refused_decision_suspends_the_run_again_until_a_valid_one(
    site: Site, tmp_path: Path
) -> None:
    """A decision from the Prefect UI naming no account is refused and the run suspends
    again; the next, valid one (a rejection) ends the run Rejected, nothing drafted twice."""
    known = {r.batch_id for r in ledger(site).batches()}
    source = yaml.safe_load((REPOSITORY / "data/incidents/2016-02-sy.yaml").read_text())
    source["id"] = "2016-02-sy-refused"
    incident = tmp_path / "incident.yaml"
    incident.write_text(yaml.safe_dump(source), encoding="utf-8")
    assert site.run(str(BIN / "verbale"), "incident", "report", str(incident)).returncode == 0
    batch_id = new_batch(site, "statement", known)
    run_id = suspended_run(site, batch_id)
    first = site.flow_run(run_id)["state"]["id"]
    resume(site, run_id, {"decision": "approve", "reviewer": "Nobody", "exclude": []})
    wait_for(
        lambda: (s := site.flow_run(run_id)["state"])["name"] == "Suspended" and s["id"] != first,
        "the run to suspend again",
    )
    assert ledger(site).batch(batch_id).state is ReviewState.AWAITING  # type: ignore[union-attr]
    add_reviewer(workspace(site), "Chair Example")
    resume(site, run_id, {"decision": "reject", "reviewer": "Chair Example", "note": "no"})
    state = final_state(site, run_id)
    assert (state["type"], state["name"]) == ("CANCELLED", "Rejected")
    assert ledger(site).batch(batch_id).state is ReviewState.REJECTED  # type: ignore[union-attr]
    assert {r.batch_id for r in ledger(site).batches()} - known == {batch_id}


def resume(site: Site, run_id: str, decision: dict[str, object]) -> None:
    """Resume a suspended run with a decision, as the Prefect UI's form does."""
    answer = httpx.post(
        f"{site.api}/flow_runs/{run_id}/resume", json={"run_input": decision}, timeout=30
    ).json()
    assert answer["status"] == "ACCEPT", answer
