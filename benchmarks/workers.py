"""verbale at scale on this machine: a Prefect server on PostgreSQL, workers on one pool.

Run from the repository root: `.venv/bin/python benchmarks/workers.py [--batches N]
[--documents N]`. Starts what tests/flows/test_workers.py starts (a throwaway PostgreSQL
cluster holding Prefect's database and the ledger, `prefect server start`, `verbale deploy
--pool verbale`, `prefect worker start --pool verbale --limit 1`, an SMTP server on
127.0.0.1), then prints:

- how long the server and `verbale deploy` took;
- the time from `verbale incident report` to the statement batch suspended for review;
- deliveries per second with one worker, then with two: N approved batches of M letters
  (one To and one Cc each), N send runs created at once, timed until every run has ended
  (after one small warm-up send run).

Every process is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "tests"))

from mailserver import ScriptedHandler, smtp_server  # noqa: E402
from postgres import running_cluster  # noqa: E402
from scale import BIN, Site, running_site, wait_for  # noqa: E402
from send import write_approved_batch  # noqa: E402

from verbale.database_url import DatabaseUrl  # noqa: E402
from verbale.workspace import Workspace  # noqa: E402

FINAL = {"COMPLETED", "FAILED", "CANCELLED", "CRASHED"}


def workspace(site: Site) -> Workspace:
    """The work directory and ledger the workers share."""
    url = DatabaseUrl(site.env["VERBALE_LEDGER_URL"])
    return Workspace(Path(site.env["VERBALE_WORK_DIR"]), url)


def incident_to_suspended(site: Site) -> tuple[float, int]:
    """Seconds from `verbale incident report` to its batch suspended; documents drafted."""
    source = yaml.safe_load((REPOSITORY / "data/incidents/2016-02-sy.yaml").read_text())
    source["id"] = "2016-02-sy-benchmark"
    incident = site.root / "incident.yaml"
    incident.write_text(yaml.safe_dump(source), encoding="utf-8")
    ledger = workspace(site).ledger
    started = time.monotonic()
    reported = site.run(str(BIN / "verbale"), "incident", "report", str(incident))
    if reported.returncode != 0:
        raise SystemExit(f"verbale incident report failed: {reported.stderr}")

    def suspended() -> str | None:
        for record in ledger.batches():
            run = ledger.waiting_run(record.batch_id)
            if run and site.flow_run(run)["state"]["name"] == "Suspended":
                return record.batch_id
        return None

    batch: str = wait_for(suspended, "the statement batch to suspend", 600)
    seconds = time.monotonic() - started
    folder = workspace(site).batch_folder(batch)
    return seconds, len(list(folder.glob("*.docx")))


def ended(site: Site, run: str) -> bool:
    """Whether a flow run has reached a final state."""
    return site.flow_run(run)["state"]["type"] in FINAL


def send_rate(
    site: Site, handler: ScriptedHandler, label: str, phase: int, batches: int, docs: int
) -> None:
    """Send `batches` approved batches at once through the pool; print deliveries a second."""
    ids = [f"20160303-{phase:02d}{n:04d}-circular-beef" for n in range(batches)]
    for batch in ids:
        write_approved_batch(workspace(site), batch, docs)
    before = len(handler.accepted())
    started = time.monotonic()
    runs = [site.run_deployment("send/send", batch=batch) for batch in ids]
    wait_for(lambda: all(ended(site, run) for run in runs), "the send runs to end", 900)
    seconds = time.monotonic() - started
    sent = len(handler.accepted()) - before
    failed = [r for r in runs if site.flow_run(r)["state"]["type"] != "COMPLETED"]
    print(
        f"{label}: {sent} deliveries ({batches} send runs of {docs * 2}) in {seconds:.1f} s: "
        f"{sent / seconds:.1f} deliveries/s"
        + (f"; {len(failed)} runs not completed" if failed else "")
    )


def main() -> None:
    """Start everything, measure, stop everything."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=4, help="send runs per measure")
    parser.add_argument("--documents", type=int, default=100, help="letters per batch")
    arguments = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="verbale-workers-"))
    shutil.copytree(REPOSITORY / "data", root / "data")
    handler = ScriptedHandler()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average before the start {load}")
    try:
        with running_cluster() as cluster, smtp_server(handler) as smtp_port:
            settings = {
                "VERBALE_WORK_DIR": str(root / "work"),
                "VERBALE_DATA_DIR": str(root / "data"),
                "VERBALE_PDF": "false",
                "VERBALE_TRANSPORT": "smtp",
                "VERBALE_SMTP_HOST": "127.0.0.1",
                "VERBALE_SMTP_PORT": str(smtp_port),
                "VERBALE_SMTP_SECURITY": "none",
                "VERBALE_LEDGER_URL": cluster.url(cluster.create_database("ledger")),
                "VERBALE_SILENCE_PROCEDURE": "false",  # measured: incident to review
            }
            database = cluster.url(cluster.create_database("prefect"), driver="postgresql+asyncpg")
            with running_site(root, database, settings) as site:
                print(
                    f"prefect server start on PostgreSQL, healthy: {site.timings['server']:.1f} s"
                )
                print(f"verbale deploy --pool verbale: {site.timings['deploy']:.1f} s")
                site.start_worker("worker-1")
                seconds, documents = incident_to_suspended(site)
                print(
                    f"incident reported to statement batch suspended for review "
                    f"({documents} documents, PDF off): {seconds:.1f} s"
                )
                send_rate(site, handler, "warm-up", 0, 1, 5)
                send_rate(site, handler, "one worker", 1, arguments.batches, arguments.documents)
                site.start_worker("worker-2")
                send_rate(site, handler, "two workers", 2, arguments.batches, arguments.documents)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
