"""Speed of drafting: the bare docxtpl loop against verbale's renderer, flows and commands.

Run from the repository root: `.venv/bin/python benchmarks/render.py [--quick]`. Prints, for
each case, documents, seconds, documents per second, the ratio to the bare one-core docxtpl
loop measured in the same run, and peak resident memory. Each case runs in its own process,
so memory and caches are its own. The one-core loops run in alternating rounds, so that a
machine shared with other work slows every renderer alike and the ratios stay fair.
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
import threading
import time
from datetime import date
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
KIND = "reporting-reminder"
STATE_COLUMNS = "iso2 name_en status deposit_date entry_into_force withdrawal_effective language"
CONTACT_COLUMNS = (
    "iso2 channel organisation city addressee_name addressee_title addressee_gender to cc "
    "postal_address language"
)
LOOPS = {
    "bare": "bare docxtpl loop, one core",
    "docxtpl-cached": "docxtpl, compiled-Jinja cache (before), one core",
    "compiled": "verbale renderer (compiled templates), one core",
}


def render_loop(renderer: str, count: int) -> dict[str, float]:
    """Render the reminder `count` times on one core with one of the renderers."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment

    from verbale.convention.directory import Channel, load_directory
    from verbale.documents.context import letter_context
    from verbale.documents.kinds import load_kind
    from verbale.documents.rendering import Renderer, make_environment, render_with_docxtpl
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
    renderer_ = Renderer(directory.names)
    plain_env = make_environment(directory.names)  # filters, but a fresh compile each time
    start = time.perf_counter()
    for index in range(count):
        path = out / f"{index}.docx"
        if renderer == "compiled":
            renderer_.render(kind, Language.EN, context, path)
        elif renderer == "docxtpl-cached":
            path.write_bytes(render_with_docxtpl(renderer_.env, source, dict(context, lang="en")))
        else:
            env = Environment(autoescape=True)
            env.filters.update(plain_env.filters)
            template = DocxTemplate(io.BytesIO(source))
            template.render(dict(context, lang="en"), jinja_env=env)
            template.save(path)
    seconds = time.perf_counter() - start
    shutil.rmtree(out)
    return {"documents": count, "seconds": seconds}


def flow_run(as_of: str) -> dict[str, float]:
    """The reminders flow in this process (the embedded Prefect API already started)."""
    from flows.runner import LocalApi, run_flow

    api = LocalApi()  # one API for both runs: the figure is the flow's, not the start-up's
    api.wait_until_healthy(timeout=600)  # a machine shared with other work may be slow
    os.environ["PREFECT_API_URL"] = api.url
    try:
        run_flow("reminders", as_of=date.fromisoformat("2016-03-03"))  # warm up
        start = time.perf_counter()
        folder = Path(run_flow("reminders", as_of=date.fromisoformat(as_of)))
        seconds = time.perf_counter() - start
    finally:
        api.stop()
    documents = json.loads((folder / "manifest.json").read_text())["summary"]["documents"]
    shutil.rmtree(folder)  # ten thousand drafts are about 400 MB
    return {"documents": documents, "seconds": seconds}


def synthetic_directory(folder: Path) -> Path:
    """A directory where every ISO 3166 code is a State Party since 1 August 2010, with a
    mission and a capital, its language cycling through the six; no report ever received.

    Each State then owes its initial report and one annual report a year; its reminder (one
    per office) lists them all.
    """
    from verbale.convention.directory import ISO_CODES

    folder.mkdir(parents=True, exist_ok=True)
    languages = ["en", "fr", "es", "ar", "zh", "ru"]
    with (folder / "states.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(STATE_COLUMNS.split())
        for index, code in enumerate(sorted(ISO_CODES)):
            lang = languages[index % len(languages)]
            writer.writerow([code, f"State {code}", "party", "2009-01-01", "2010-08-01", "", lang])
    with (folder / "contacts.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CONTACT_COLUMNS.split())
        for code in sorted(ISO_CODES):
            host = f"{code.lower()}.example.org"
            mission = f"Permanent Mission {code}", "Geneva", "A. Person", "Ambassador", ""
            writer.writerow([code, "mission", *mission, f"mission@{host}", "", "Geneva", ""])
            capital = f"Ministry {code}", "Capital", "", "Minister", ""
            writer.writerow([code, "capital", *capital, f"ministry@{host}", "", "Capital", ""])
    return folder


def no_reports_data(folder: Path) -> Path:
    """Decision data where no State Party ever reported."""
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
    print(
        f"PDF, {len(files)} documents in one process: {batch_seconds:.3f} s each "
        f"({len(done.converted)} converted); one process per document ({single} documents): "
        f"{single_seconds:.3f} s each; x{single_seconds / batch_seconds:.1f}"
    )
    page_images_of(list(done.converted.values()), source)
    shutil.rmtree(source)


def page_images_of(pdfs: list[Path], source: Path) -> None:
    """Page images made while drafting, and a reviewer's first view with and without them."""
    from verbale.documents.pages import make_page_images, page_images

    cache = source / "previews"
    start = time.perf_counter()
    make_page_images(pdfs, cache, os.cpu_count() or 1)
    made = (time.perf_counter() - start) / len(pdfs)
    start = time.perf_counter()
    page_images(pdfs[0], cache)  # made while drafting: found, not converted
    ready = time.perf_counter() - start
    start = time.perf_counter()
    page_images(pdfs[0], source / "cold-previews")  # what the first view cost before
    cold = time.perf_counter() - start
    print(
        f"page images while drafting: {made:.3f} s a document on {os.cpu_count()} cores; "
        f"a reviewer's first view: {ready * 1000:.1f} ms with them, {cold * 1000:.0f} ms without"
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
    figures = flow_run(argument) if case == "flow" else render_loop(case, int(argument))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(figures | {"peak_mib": peak / 1024}))


class TreeMemory:
    """Samples the resident memory of a process and its descendants (Linux /proc), split
    into Prefect's temporary API server and the rest (the flow and its rendering workers)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_work = 0.0
        self.peak_api = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            work = api = 0.0
            for pid in self._tree():
                mib = _rss_mib(pid)
                if b"uvicorn" in _cmdline(pid):
                    api += mib
                else:
                    work += mib
            self.peak_work = max(self.peak_work, work)
            self.peak_api = max(self.peak_api, api)

    def _tree(self) -> list[int]:
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)] = int(fields[1])
        tree, frontier = [self.pid], [self.pid]
        while frontier:
            frontier = [pid for pid, parent in parents.items() if parent in frontier]
            tree += frontier
        return tree


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def measure(case: str, argument: str, env: dict[str, str]) -> dict[str, float]:
    """One case in a fresh process; with the peak memory of its whole process tree."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", case, argument],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    memory = TreeMemory(process.pid)
    output, _ = process.communicate()
    memory.stop()
    if process.returncode:
        raise SystemExit(f"{case} {argument}: exit {process.returncode}")
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return figures | {"tree_mib": memory.peak_work, "api_mib": memory.peak_api}


def loops(count: int, rounds: int, env: dict[str, str]) -> dict[str, dict[str, float]]:
    """The one-core loops, `rounds` alternating rounds of count/rounds documents each."""
    totals = {case: {"documents": 0.0, "seconds": 0.0, "peak_mib": 0.0} for case in LOOPS}
    for _ in range(rounds):
        for case in LOOPS:
            figures = measure(case, str(count // rounds), env)
            totals[case]["documents"] += figures["documents"]
            totals[case]["seconds"] += figures["seconds"]
            totals[case]["peak_mib"] = max(totals[case]["peak_mib"], figures["peak_mib"])
    return totals


def whole_command(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """A verbale command as a user runs it: a cold process; wall and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "verbale", *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    figures = {"seconds": seconds, "cpu": cpu}
    if "--json" in args:
        figures["documents"] = json.loads(result.stdout)["summary"]["documents"]
    return figures


def cold_commands(env: dict[str, str], repeats: int) -> None:
    """`verbale --help` and `verbale review list`, best of a few runs, beside a bare
    interpreter start (`python -c pass`) measured the same way."""
    cases = {
        "python -c pass (interpreter start)": ["-c", "pass"],
        "verbale --help": ["-m", "verbale", "--help"],
        "verbale review list": ["-m", "verbale", "review", "list"],
    }
    for name, args in cases.items():
        best_wall = best_cpu = float("inf")
        for _ in range(repeats):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([sys.executable, *args], capture_output=True, env=env, check=True)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
        print(f"{name:44} best of {repeats}: {best_wall:5.2f} s wall, {best_cpu:5.2f} s CPU")


def report(name: str, figures: dict[str, float], bare_rate: float) -> None:
    """One line of figures."""
    rate = figures["documents"] / figures["seconds"]
    peak = f"{figures['peak_mib']:6.0f} MiB" if "peak_mib" in figures else "      -"
    tree = ""
    if figures.get("api_mib"):
        tree = f"  (flow and workers {figures['tree_mib']:.0f} MiB, API {figures['api_mib']:.0f})"
    print(
        f"{name:50} {figures['documents']:6.0f} docs {figures['seconds']:7.2f} s "
        f"{rate:7.1f} docs/s  x{rate / bare_rate:5.2f}  {peak}{tree}"
    )


def main() -> None:
    """Run every case and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="Fewer documents everywhere.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="verbale-bench-"))
    env = {
        **os.environ,
        "VERBALE_WORK_DIR": str(work / "work"),
        "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "VERBALE_PDF": "false",  # PDF conversion is measured on its own below
    }
    count, rounds = (90, 3) if args.quick else (240, 4)
    print(f"cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.1f}; template: {KIND}")
    figures = loops(count, rounds, env)
    bare_rate = figures["bare"]["documents"] / figures["bare"]["seconds"]
    for case, name in LOOPS.items():
        report(name, figures[case], bare_rate)
    today = date.today().isoformat()
    report("reminders flow, committed data (warm API)", measure("flow", today, env), bare_rate)
    synthetic = {
        **env,
        "VERBALE_RECIPIENTS_DIR": str(synthetic_directory(work / "recipients")),
        "VERBALE_DATA_DIR": str(no_reports_data(work / "data")),
    }
    # One note per State and channel lists every overdue report, so a batch holds at most
    # two letters a State: every ISO 3166 code a party is the largest reminders batch.
    synthetic_run = measure("flow", "2013-06-01", synthetic)
    report("reminders flow, synthetic directory (every code a party)", synthetic_run, bare_rate)
    pdf_conversion(20 if args.quick else 50, 3 if args.quick else 5)
    fresh = {**env, "VERBALE_WORK_DIR": str(work / "cold-work")}  # nothing drafted yet
    cold = whole_command(["reminders", "--as-of", today, "--json"], fresh)
    report("`verbale reminders` whole process, cold", cold, bare_rate)
    bare_time = cold["documents"] / bare_rate
    print(
        f"whole command: {cold['seconds']:.1f} s ({cold['cpu']:.1f} s CPU) for "
        f"{cold['documents']:.0f} documents; the bare loop would take {bare_time:.1f} s: "
        f"+{cold['seconds'] - bare_time:.1f} s"
    )
    cold_commands(fresh, 3 if args.quick else 5)  # review list: the batch just drafted
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(REPOSITORY))
        child(sys.argv[2], sys.argv[3])
    else:
        main()
