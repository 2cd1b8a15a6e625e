"""The command line. Commands that run no flow never import Prefect."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from verbale.errors import DataError, VerbaleError
from verbale.languages import Language
from verbale.settings import Settings

app = typer.Typer(
    help="verbale: statements and letters of the Convention on Cluster Munitions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
recipients_app = typer.Typer(help="The directory of recipients.", no_args_is_help=True)
templates_app = typer.Typer(help="Document kinds and their templates.", no_args_is_help=True)
app.add_typer(recipients_app, name="recipients")
app.add_typer(templates_app, name="templates")
review_app = typer.Typer(
    help="Review batches: list, show, approve, reject, log.", no_args_is_help=True
)
app.add_typer(review_app, name="review")
incident_app = typer.Typer(help="Reported uses of cluster munitions.", no_args_is_help=True)
app.add_typer(incident_app, name="incident")

# Piped output (scripts, logs) is not cut at 80 columns.
_WIDTH = None if sys.stdout.isatty() else 200
out = Console(highlight=False, soft_wrap=True, width=_WIDTH)
err = Console(stderr=True, highlight=False, soft_wrap=True, width=_WIDTH)


def main() -> None:
    """Entry point: run a command; report a verbale error once, as plain lines, exit 1."""
    try:
        app(prog_name="verbale")
    except VerbaleError as exc:
        lines = [str(p) for p in exc.problems] if isinstance(exc, DataError) else [str(exc)]
        for line in lines:
            err.print(f"error: {line}", markup=False)
        sys.exit(1)


@recipients_app.command("check")
def recipients_check(
    folder: Annotated[
        Path | None, typer.Argument(help="Directory folder (default: setting).")
    ] = None,
) -> None:
    """Check the directory; print every problem as `path:line: field: message`."""
    from verbale.convention.directory import check_directory

    settings = Settings()
    problems = check_directory(folder or settings.recipients_dir, settings.languages)
    for problem in problems:
        (err if not problem.warning else out).print(str(problem), markup=False)
    errors = [p for p in problems if not p.warning]
    if errors:
        err.print(f"{len(errors)} error(s)", markup=False)
        raise typer.Exit(1)
    out.print(f"directory OK ({len(problems)} warning(s))")


@templates_app.command("check")
def templates_check(
    folder: Annotated[
        Path | None, typer.Argument(help="Templates folder (default: setting).")
    ] = None,
) -> None:
    """Lint every kind and language; one line per problem as `kind/lang: problem`; warn of
    each translation whose English changed since it was reviewed."""
    from verbale.documents.kinds import kind_names, load_kind
    from verbale.documents.lint import lint_templates
    from verbale.documents.translations import needing_review

    root = folder or Settings().templates_dir
    problems = lint_templates(root)
    for problem in problems:
        err.print(problem, markup=False)
    if problems:
        raise typer.Exit(1)
    stale = [line for name in kind_names(root) for line in needing_review(load_kind(root, name))]
    for line in stale:
        out.print(f"warning: {line}", markup=False)
    out.print(f"templates OK ({len(stale)} translation(s) to review)" if stale else "templates OK")


@templates_app.command("reviewed")
def templates_reviewed(
    kind: Annotated[str, typer.Argument(help="Document kind.")],
    lang: Annotated[Language, typer.Argument(help="Language whose translation was reviewed.")],
    folder: Annotated[
        Path | None, typer.Option(help="Templates folder (default: setting).")
    ] = None,
) -> None:
    """Record that a translation matches the English as it stands now (reviewed.yaml)."""
    from verbale.documents.kinds import load_kind
    from verbale.documents.translations import mark_reviewed

    path = mark_reviewed(load_kind(folder or Settings().templates_dir, kind), lang)
    out.print(f"{kind}/{lang.value}: marked reviewed in {path}", markup=False)


@templates_app.command("list")
def templates_list(
    folder: Annotated[
        Path | None, typer.Argument(help="Templates folder (default: setting).")
    ] = None,
) -> None:
    """Show the kinds and the languages each has a template for."""
    from verbale.documents.kinds import kind_names, load_kind

    root = folder or Settings().templates_dir
    table = Table("kind", "form", "sender", *(lang.value for lang in Language))
    for name in kind_names(root):
        kind = load_kind(root, name)
        marks = ("x" if lang in kind.languages else "-" for lang in Language)
        table.add_row(name, kind.form.value, kind.sender.value, *marks)
    out.print(table)


@app.command("render")
def render(
    kind: Annotated[str, typer.Argument(help="Document kind (a folder of the templates).")],
    state: Annotated[str, typer.Option("--state", help="ISO code of the recipient State.")],
    output: Annotated[Path, typer.Option("--out", help="Where to write the .docx.")],
    channel: Annotated[str, typer.Option(help="mission or capital.")] = "mission",
    lang: Annotated[Language | None, typer.Option(help="Language (default: recipient's).")] = None,
    context: Annotated[
        Path | None, typer.Option(help="YAML file of the kind's variables (default: sample).")
    ] = None,
) -> None:
    """Render one document, for template authors."""
    from verbale.convention.decisions import read_variables
    from verbale.documents.preview import render_preview

    variables = read_variables(context) if context else None
    path = render_preview(Settings(), kind, state.upper(), channel, lang, variables, output)
    out.print(f"wrote {path}")


AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Date the run sees (YYYY-MM-DD; default today).")
]
Json = Annotated[bool, typer.Option("--json", help="Print the batch summary as JSON.")]


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _run(name: str, as_json: bool, **parameters: Any) -> None:
    from flows.runner import run_flow
    from verbale.batches.manifest import read_manifest

    with err.status(f"running the {name} flow (rendering drafts)..."):
        folder = Path(run_flow(name, **parameters))
    manifest = read_manifest(folder)
    if as_json:
        out.print_json(data=_summary_json(folder, manifest))
    else:
        _print_summary(folder, manifest)


def _summary_json(folder: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    keys = ("batch", "flow", "created", "parameters", "summary", "skipped")
    return {"folder": str(folder)} | {key: manifest[key] for key in keys}


def _print_summary(folder: Path, manifest: dict[str, Any]) -> None:
    table = Table("language/channel", "documents", title=f"batch {manifest['batch']}")
    for key, count in manifest["summary"]["per_language_channel"].items():
        table.add_row(key, str(count))
    out.print(table)
    if manifest["skipped"]:
        skipped = Table("State", "reason", "detail", title="States without a document")
        for skip in manifest["skipped"]:
            skipped.add_row(skip["state"], skip["reason"], skip["detail"])
        out.print(skipped)
    fallbacks = manifest["summary"]["fallbacks"]
    if fallbacks:
        out.print(f"{fallbacks} document(s) fell back to English (no template in their language)")
    _print_pdf(manifest["pdf"])
    out.print(f"drafts in {folder}; awaiting review")


def _print_pdf(pdf: dict[str, Any]) -> None:
    messages = {
        "converted": "PDF: every draft converted",
        "partly-converted": "PDF: some drafts could not be converted:",
        "disabled": "PDF: conversion turned off (VERBALE_PDF=false); no PDFs in this batch",
        "libreoffice-unavailable": "PDF: LibreOffice not found; no PDFs in this batch",
    }
    out.print(messages[pdf["status"]], markup=False)
    for line in pdf["failed"].values():
        out.print(f"  {line}", markup=False)


@app.command("statement")
def statement(
    incident: Annotated[str, typer.Argument(help="Incident id (data/incidents/) or file.")],
    as_json: Json = False,
) -> None:
    """Draft the statement on a verified incident and its transmittals to every office."""
    _run("statement", as_json, incident=incident)


@app.command("reminders")
def reminders(as_of: AsOf = None, as_json: Json = False) -> None:
    """Draft reminders for every overdue transparency report (Art. 7)."""
    _run("reminders", as_json, as_of=_date(as_of))


@app.command("article3")
def article3(as_of: AsOf = None, as_json: Json = False) -> None:
    """Draft the Article 3 progress and good-practices requests."""
    _run("article3", as_json, as_of=_date(as_of))


@app.command("circular")
def circular(
    kind: Annotated[str, typer.Argument(help="Document kind (a folder of the templates).")],
    decision: Annotated[Path, typer.Option(help="YAML file of the kind's variables.")],
    states: Annotated[str | None, typer.Option(help="ISO codes, comma-separated.")] = None,
    all_parties: Annotated[
        bool, typer.Option("--all-parties", help="Every State Party (the default).")
    ] = False,
    signatories: Annotated[bool, typer.Option(help="The signatories.")] = False,
    as_of: AsOf = None,
    as_json: Json = False,
) -> None:
    """Draft a letter of any kind to a selection of States."""
    if sum([bool(states), all_parties, signatories]) > 1:
        raise typer.BadParameter("choose one of --states, --all-parties, --signatories")
    codes = [c.strip().upper() for c in states.split(",") if c.strip()] if states else None
    _run(
        "circular",
        as_json,
        kind=kind,
        decision=str(decision),
        states=codes,
        signatories=signatories,
        as_of=_date(as_of),
    )


By = Annotated[str, typer.Option("--by", help="The reviewer's name.")]


def _ledger_and_batch(batch_id: str) -> tuple[Any, Any, Settings]:
    from verbale.batches.ledger import open_ledger
    from verbale.batches.review import load_batch

    settings = Settings()
    ledger = open_ledger(settings.work_dir)
    return ledger, load_batch(settings.work_dir, ledger, batch_id), settings


@review_app.command("list")
def review_list() -> None:
    """Every batch with its state and counts."""
    from verbale.batches.ledger import open_ledger
    from verbale.batches.review import drafts_dir, load_batch, status_of

    settings = Settings()
    ledger = open_ledger(settings.work_dir)
    table = Table("batch", "flow", "created", "state", "documents", "skipped", "delivered")
    for record in ledger.batches():
        if not (drafts_dir(settings.work_dir) / record.batch_id).is_dir():
            continue
        batch = load_batch(settings.work_dir, ledger, record.batch_id)
        done = sum(1 for d in ledger.deliveries(record.batch_id).values() if d.status == "done")
        table.add_row(
            record.batch_id,
            record.flow,
            record.created,
            status_of(batch, ledger).value,
            str(len(batch.documents)),
            str(len(batch.manifest["skipped"])),
            str(done),
        )
    out.print(table)


@review_app.command("show")
def review_show(batch_id: Annotated[str, typer.Argument(help="Batch id.")]) -> None:
    """A batch's documents (to open and read) and its skipped States."""
    from verbale.batches.review import recipients_of, status_of

    ledger, batch, _ = _ledger_and_batch(batch_id)
    excluded = ledger.excluded(batch_id)
    out.print(f"batch {batch_id} ({batch.manifest['flow']}): {status_of(batch, ledger).value}")
    table = Table("document", "State", "channel", "lang", "recipients", "file")
    for doc in batch.documents:
        mark = " (excluded)" if doc["id"] in excluded else ""
        table.add_row(
            doc["id"] + mark,
            doc["state"],
            doc["channel"] or "public",
            doc["lang"] + (" (fallback)" if doc["fallback"] else ""),
            ", ".join(recipients_of(doc)),
            str(batch.folder / doc["path"]),
        )
    out.print(table)
    for skip in batch.manifest["skipped"]:
        out.print(f"skipped {skip['state']}: {skip['reason']}: {skip['detail']}", markup=False)


@review_app.command("approve")
def review_approve(
    batch_id: Annotated[str, typer.Argument(help="Batch id.")],
    by: By,
    note: Annotated[str, typer.Option(help="A note kept with the approval.")] = "",
    exclude: Annotated[
        list[str] | None, typer.Option(help="A document id never to send (repeatable).")
    ] = None,
) -> None:
    """Approve the files as they are now (hash of each recorded); excluded ones never sent."""
    from verbale.batches.review import approve

    ledger, batch, _ = _ledger_and_batch(batch_id)
    count = approve(batch, ledger, by, note, exclude or [])
    out.print(f"approved {batch_id} by {by}: {count} file(s) recorded", markup=False)
    _resume_waiting_run(ledger, batch_id, approved=True, by=by, note=note, exclude=exclude or [])


@review_app.command("reject")
def review_reject(
    batch_id: Annotated[str, typer.Argument(help="Batch id.")],
    by: By,
    note: Annotated[str, typer.Option(help="Why it is rejected (required).")],
) -> None:
    """Reject a batch; final: it can never be sent (a corrected run makes a new batch)."""
    from verbale.batches.review import reject

    ledger, batch, _ = _ledger_and_batch(batch_id)
    reject(batch, ledger, by, note)
    out.print(f"rejected {batch_id} by {by}", markup=False)
    _resume_waiting_run(ledger, batch_id, approved=False, by=by, note=note, exclude=[])


def _resume_waiting_run(
    ledger: Any, batch_id: str, *, approved: bool, by: str, note: str, exclude: list[str]
) -> None:
    """Served mode: the flow run waiting for this review goes on (it sends if approved)."""
    run_id = ledger.waiting_run(batch_id)
    if run_id is None:
        return
    from flows.runner import resume_review

    decision = {"approve": approved, "reviewer": by, "note": note, "exclude": exclude}
    problem = resume_review(run_id, decision)
    if problem:
        err.print(f"note: flow run {run_id} was not resumed: {problem}", markup=False)
    else:
        out.print(f"flow run {run_id} resumed", markup=False)


@review_app.command("log")
def review_log(batch_id: Annotated[str, typer.Argument(help="Batch id.")]) -> None:
    """A batch's history: created, approved or rejected, each delivery."""
    ledger, _, _ = _ledger_and_batch(batch_id)
    for event in ledger.events(batch_id):
        who = f" by {event.actor}" if event.actor else ""
        note = f": {event.note}" if event.note else ""
        out.print(f"{event.at} {event.action}{who}{note}", markup=False)
    for delivery in sorted(ledger.deliveries(batch_id).values(), key=lambda d: d.updated):
        reply = f" ({delivery.reply})" if delivery.reply else ""
        out.print(
            f"{delivery.updated} delivery {delivery.status.value}: {delivery.doc} to "
            f"{delivery.address} {delivery.message_id}{reply}",
            markup=False,
        )


@app.command("send")
def send(
    batch_id: Annotated[str, typer.Argument(help="Batch id.")],
    confirm_sent: Annotated[
        tuple[str, str] | None,
        typer.Option(help="DOC ADDRESS: a delivery in doubt that did arrive."),
    ] = None,
    resend_in_doubt: Annotated[
        bool, typer.Option(help="Send again the deliveries in doubt after a crash.")
    ] = False,
    by: Annotated[str, typer.Option(help="Who checked (required with --confirm-sent).")] = "",
    as_json: Json = False,
) -> None:
    """Send an approved batch by the configured transport (outbox by default)."""
    if confirm_sent:
        from verbale.sending.dispatch import confirm_sent as confirm

        ledger, batch, _ = _ledger_and_batch(batch_id)
        confirm(batch, ledger, confirm_sent[0], confirm_sent[1], by)
        out.print(f"recorded as delivered: {confirm_sent[0]} to {confirm_sent[1]}", markup=False)
        return
    from flows.runner import run_flow

    with err.status(f"sending batch {batch_id}..."):
        summary = run_flow("send", batch=batch_id, resend_in_doubt=resend_in_doubt)
    if as_json:
        out.print_json(data=summary)
    else:
        _print_deliveries(summary)
    if summary["failed"]:
        raise typer.Exit(1)


def _print_deliveries(summary: dict[str, Any]) -> None:
    out.print(f"sent: {len(summary['sent'])} (already sent before: {summary['already_sent']})")
    for line in summary["failed"]:
        out.print(f"failed: {line}", markup=False)
    for line in summary["in_doubt"]:
        out.print(
            f"in doubt (confirm with --confirm-sent or --resend-in-doubt): {line}", markup=False
        )


@incident_app.command("report")
def incident_report(
    file: Annotated[Path, typer.Argument(help="The incident's YAML file.")],
    as_json: Json = False,
) -> None:
    """Validate and store an incident; with a server, emit the event that drafts the statement
    (served mode); without one, run the statement flow here."""
    import os

    from verbale.convention.incidents import store_incident
    from verbale.events import incident_event, post_event

    settings = Settings()
    incident, stored = store_incident(file, settings.data_dir)
    out.print(f"incident {incident.id} stored in {stored}", markup=False)
    api = os.environ.get("PREFECT_API_URL")
    if api:
        post_event(api, incident_event(incident.id))
        out.print(f"event verbale.incident.reported emitted to {api}", markup=False)
        return
    out.print("no Prefect server configured (PREFECT_API_URL): running the statement flow here")
    _run("statement", as_json, incident=incident.id)


@app.command("serve")
def serve() -> None:
    """Serve every flow from one process (schedules, incident trigger, approval in the UI)."""
    from flows.serve import serve_all

    serve_all(Settings())
