"""Speed of sending: `verbale send` of an approved 250-delivery batch to the outbox.

Run from the repository root: `.venv/bin/python benchmarks/send.py [--deliveries N]`. Writes
an approved batch (one real .docx per document, To and Cc: two deliveries each) into a
temporary work directory, then times the whole cold command twice, as a user runs it (its
own temporary Prefect API): first sending every delivery, then on the batch already sent.
The difference is what the deliveries cost. It also times the deliveries alone, in this
process without Prefect (`deliver_batch` to the outbox: build, ledger, write), which does not
depend on how fast Prefect's temporary API starts on a loaded machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docx import Document

from verbale.batches.manifest import (
    DocumentEntry,
    Manifest,
    PdfReport,
    sha256_of,
    summarise,
    write_manifest,
)
from verbale.batches.review import approve, approved_batch, load_batch
from verbale.sending.dispatch import ALL_FORMATS, Retries, deliver_batch
from verbale.sending.transports import Outbox
from verbale.workspace import Workspace

VERBALE = str(Path(sys.executable).with_name("verbale"))
BATCH = "20160303-090000-circular-beef"


def write_batch(work: Path, documents: int) -> None:
    """An approved batch of `documents` letters, each to one To and one Cc."""
    write_approved_batch(Workspace(work), BATCH, documents)


def write_approved_batch(workspace: Workspace, batch: str, documents: int) -> None:
    """An approved batch of `documents` letters under an id, each to one To and one Cc."""
    ledger = workspace.ledger
    folder = workspace.batch_folder(batch)
    folder.mkdir(parents=True)
    entries = []
    for number in range(documents):
        doc_id = f"S{number:03d}-mission-contribution-thanks"
        document = Document()
        for _ in range(20):
            document.add_paragraph(f"Letter {doc_id}: " + "text of the letter " * 12)
        document.save(str(folder / f"{doc_id}.docx"))
        entries.append(
            DocumentEntry(
                id=doc_id,
                path=f"{doc_id}.docx",
                kind="contribution-thanks",
                lang="en",
                fallback=False,
                state=f"S{number:03d}",
                channel="mission",
                to=(f"mission{number}@geneva.example.org",),
                cc=(f"capital{number}@mfa.example.org",),
                subject="Financial contribution for 2016",
                body="Please find attached a letter of thanks.",
                sha256=sha256_of(folder / f"{doc_id}.docx"),
            )
        )
    summary = summarise(entries, [], "disabled")
    manifest = Manifest(
        batch=batch,
        flow="circular",
        created="2016-03-03T09:00:00",
        parameters={},
        inputs={},
        documents=tuple(entries),
        skipped=(),
        pdf=PdfReport(status="disabled"),
        summary=summary,
    )
    write_manifest(folder, manifest)
    ledger.register(batch, "circular")
    approve(load_batch(workspace, batch), ledger, "Benchmark", "", [])


def deliveries_alone(work: Path) -> tuple[float, int]:
    """Seconds of the deliveries of the approved batch in this process, and their count."""
    workspace = Workspace(work)
    batch = approved_batch(load_batch(workspace, BATCH), workspace.ledger)
    outbox = Outbox(workspace.outbox(BATCH))
    started = time.perf_counter()
    outcome = deliver_batch(
        batch,
        batch.documents,
        workspace.ledger,
        outbox,
        "isu@example.org",
        ALL_FORMATS,
        Retries(0, 0),
    )
    return time.perf_counter() - started, len(outcome.sent)


def timed_send(env: dict[str, str]) -> tuple[float, dict[str, object]]:
    """Seconds of one whole `verbale send --json` and what it printed."""
    started = time.perf_counter()
    result = subprocess.run(
        [VERBALE, "send", BATCH, "--json"], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"verbale send failed: {result.stderr}")
    printed: dict[str, object] = json.loads(result.stdout)
    return seconds, printed


def main() -> None:
    """Build the batch, send it, send it again; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deliveries", type=int, default=250)
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="verbale-send-"))
    try:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("VERBALE_", "PREFECT_"))},
            "VERBALE_WORK_DIR": str(work / "work"),
            "PREFECT_HOME": str(work / "prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        }
        os.environ["VERBALE_WORK_DIR"] = env["VERBALE_WORK_DIR"]
        write_batch(work / "work", arguments.deliveries // 2)
        alone, count = deliveries_alone(work / "work")
        print(f"deliveries alone, {count} to the outbox, in process: {alone:.2f} s")
        timed_send(env)  # warm PREFECT_HOME: its database migrations are not sending
        # Start over from an approved, unsent batch: the same documents, a fresh ledger.
        shutil.rmtree(work / "work")
        write_batch(work / "work", arguments.deliveries // 2)
        first, report = timed_send(env)
        second, again = timed_send(env)
        sent = len(report["sent"])  # type: ignore[arg-type]
        print(f"send, {sent} deliveries to the outbox, whole cold command: {first:.2f} s")
        print(f"send of the same batch, already sent ({again['already_sent']}): {second:.2f} s")
        each = (first - second) / sent * 1000
        print(f"cost of the deliveries: {first - second:.2f} s ({each:.1f} ms each)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
