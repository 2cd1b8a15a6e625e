"""Speed of drafting: the bare docxtpl loop against verbale's flows and whole command.

Run from the repository root: `.venv/bin/python benchmarks/render.py [--quick]`. Prints, for
each case, documents, seconds, documents per second, the ratio to the bare one-core loop,
and peak resident memory. Each case runs in its own process, so memory and caches are its own.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
KIND = "reporting-reminder"


def bare_loop(count: int, cached: bool) -> dict[str, float]:
    """Render the reminder `count` times on one core: plain docxtpl, or verbale's renderer."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment

    from verbale.convention.directory import Channel, load_directory
    from verbale.documents.context import letter_context
    from verbale.documents.kinds import load_kind
    from verbale.documents.rendering import Renderer, make_environment
    from verbale.languages import Language
    from verbale.settings import Settings

    settings = Settings()
    directory = load_directory(settings.recipients_dir)
    kind = load_kind(settings.templates_dir, KIND)
    contact = directory.contact("FR", Channel.MISSION)
    assert contact is not None
    report = {
        "kind": "annual",
        "due_date": date(2016, 4, 30),
        "year": 2015,
        "period_start": date(2015, 1, 1),
        "period_end": date(2015, 12, 31),
        "days_overdue": 30,
    }
    reminder = {"level": "first", "previous_reminder_date": None, "reports": [report]}
    profile = settings.sender(kind.sender)
    context = letter_context(
        directory, contact, profile, Language.EN, date(2016, 5, 30), "REF", {"reminder": reminder}
    )
    out = Path(tempfile.mkdtemp())
    source = kind.docx(Language.EN).read_bytes()
    renderer = Renderer(directory.names)
    plain_env = make_environment(directory.names)  # filters, but a fresh compile each time
    start = time.perf_counter()
    for index in range(count):
        if cached:
            renderer.render(kind, Language.EN, context, out / f"{index}.docx")
        else:
            env = Environment(autoescape=True)
            env.filters.update(plain_env.filters)
            template = DocxTemplate(io.BytesIO(source))
            template.render(dict(context, lang="en"), jinja_env=env)
            template.save(out / f"{index}.docx")
    seconds = time.perf_counter() - start
    shutil.rmtree(out)
    return {"documents": count, "seconds": seconds}


def flow_run(data_dir: str, as_of: str) -> dict[str, float]:
    """The reminders flow in this process (the embedded Prefect API already started)."""
    from flows.runner import LocalApi, run_flow

    api = LocalApi()  # one API for both runs: the figure is the flow's, not the start-up's
    api.wait_until_healthy()
    os.environ["PREFECT_API_URL"] = api.url
    try:
        run_flow("reminders", as_of=date.fromisoformat("2016-03-03"))  # warm up
        start = time.perf_counter()
        folder = Path(run_flow("reminders", as_of=date.fromisoformat(as_of)))
        seconds = time.perf_counter() - start
    finally:
        api.stop()
    documents = json.loads((folder / "manifest.json").read_text())["summary"]["documents"]
    return {"documents": documents, "seconds": seconds}


def synthetic_data(folder: Path) -> Path:
    """Decision data where no State Party ever reported: about a thousand overdue reports."""
    shutil.copytree(REPOSITORY / "data", folder, dirs_exist_ok=True)
    with (folder / "reports.csv").open("w", newline="") as handle:
        csv.writer(handle).writerow(["iso2", "kind", "year", "received_on"])
    return folder


def pdf_conversion(batch: int, single: int) -> None:
    """Seconds per document: one LibreOffice process for a batch, or one per document."""
    from verbale.documents.pdf import convert, find_soffice

    soffice = find_soffice("soffice")
    if soffice is None:
        print("PDF: LibreOffice not installed; skipped (scripts/system-packages.sh)")
        return
    source = Path(tempfile.mkdtemp())
    subprocess.run([sys.executable, __file__, "--child", "docs", f"{source},{batch}"], check=True)
    files = sorted(source.glob("*.docx"))
    start = time.perf_counter()
    done = convert(files, soffice, timeout=1200)
    batch_seconds = (time.perf_counter() - start) / len(files)
    start = time.perf_counter()
    for path in files[:single]:
        convert([path], soffice, timeout=300)
    single_seconds = (time.perf_counter() - start) / single
    shutil.rmtree(source)
    print(
        f"PDF, {len(files)} documents in one process: {batch_seconds:.3f} s each "
        f"({len(done.converted)} converted); one process per document ({single} documents): "
        f"{single_seconds:.3f} s each; x{single_seconds / batch_seconds:.1f}"
    )


def write_documents(folder: Path, count: int) -> None:
    """Render `count` reminders into a folder (input for the PDF measurement)."""
    from verbale.convention.directory import Channel, load_directory
    from verbale.documents.context import letter_context
    from verbale.documents.kinds import load_kind
    from verbale.documents.rendering import Renderer
    from verbale.languages import Language
    from verbale.settings import Settings

    settings = Settings()
    directory = load_directory(settings.recipients_dir)
    kind = load_kind(settings.templates_dir, KIND)
    renderer = Renderer(directory.names)
    profile = settings.sender(kind.sender)
    report = {
        "kind": "initial",
        "due_date": date(2016, 2, 28),
        "year": 0,
        "period_start": date(2015, 9, 1),
        "period_end": date(2016, 2, 28),
        "days_overdue": 4,
    }
    reminder = {"level": "first", "previous_reminder_date": None, "reports": [report]}
    parties = directory.parties_on(date(2016, 3, 3))
    for index in range(count):
        state = parties[index % len(parties)]
        contact = directory.contact(state.iso2, Channel.MISSION) or directory.contact(
            state.iso2, Channel.CAPITAL
        )
        assert contact is not None
        lang = directory.language_of(contact)
        context = letter_context(
            directory, contact, profile, lang, date(2016, 3, 3), "REF", {"reminder": reminder}
        )
        renderer.render(kind, Language(lang), context, folder / f"{index:04d}.docx")


def child(case: str, argument: str) -> None:
    """Run one case and print its figures as JSON, with the peak memory of this process."""
    if case == "docs":
        folder, count = argument.split(",")
        write_documents(Path(folder), int(count))
        return
    if case == "bare":
        figures = bare_loop(int(argument), cached=False)
    elif case == "cached":
        figures = bare_loop(int(argument), cached=True)
    else:
        data_dir, as_of = argument.split(",")
        os.environ["VERBALE_DATA_DIR"] = data_dir
        figures = flow_run(data_dir, as_of)
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(json.dumps(figures | {"peak_mib": peak / 1024}))


def measure(case: str, argument: str, env: dict[str, str]) -> dict[str, float]:
    """One case in a fresh process."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", case, argument],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def whole_command(as_of: str, env: dict[str, str]) -> dict[str, float]:
    """`verbale reminders` as a user runs it: a cold process, temporary API included."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "verbale", "reminders", "--as-of", as_of, "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    seconds = time.perf_counter() - start
    return {"documents": json.loads(result.stdout)["summary"]["documents"], "seconds": seconds}


def report(name: str, figures: dict[str, float], bare_rate: float) -> None:
    """One line of figures."""
    rate = figures["documents"] / figures["seconds"]
    peak = f"{figures['peak_mib']:7.0f} MiB" if "peak_mib" in figures else "      -"
    print(
        f"{name:44} {figures['documents']:6.0f} docs {figures['seconds']:7.2f} s "
        f"{rate:7.1f} docs/s  x{rate / bare_rate:5.2f}  {peak}"
    )


def main() -> None:
    """Run every case and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="Fewer documents in the loops.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="verbale-bench-"))
    env = {
        **os.environ,
        "VERBALE_WORK_DIR": str(work / "work"),
        "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "VERBALE_PDF": "false",  # PDF conversion is measured on its own below
    }
    loops = 100 if args.quick else 300
    print(f"cores: {os.cpu_count()}; template: {KIND} (en)")
    bare = measure("bare", str(loops), env)
    bare_rate = bare["documents"] / bare["seconds"]
    report("bare docxtpl loop, one core", bare, bare_rate)
    report(
        "verbale renderer (compiled-template cache)", measure("cached", str(loops), env), bare_rate
    )
    today = date.today().isoformat()
    committed = measure("flow", f"{REPOSITORY / 'data'},{today}", env)
    report("reminders flow, committed data (warm API)", committed, bare_rate)
    synthetic = synthetic_data(work / "synthetic")
    large = measure("flow", f"{synthetic},2020-06-01", env)
    report("reminders flow, synthetic ~1,000 docs", large, bare_rate)
    pdf_conversion(20 if args.quick else 50, 3 if args.quick else 5)
    cold = whole_command(today, env)
    report("`verbale reminders` whole process, cold", cold, bare_rate)
    shutil.rmtree(work / "prefect", ignore_errors=True)
    report("the same, first run on an empty PREFECT_HOME", whole_command(today, env), bare_rate)
    bare_time = cold["documents"] / bare_rate
    print(
        f"whole command: {cold['seconds']:.1f} s for {cold['documents']:.0f} documents; "
        f"the bare loop would take {bare_time:.1f} s (+5 s target: {bare_time + 5:.1f} s)"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(REPOSITORY))
        child(sys.argv[2], sys.argv[3])
    else:
        main()
