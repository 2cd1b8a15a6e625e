"""The command line. Commands that run no flow never import Prefect."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from verbale import output
from verbale.errors import DataError, VerbaleError
from verbale.languages import Language
from verbale.output import err
from verbale.settings import Settings

if TYPE_CHECKING:
    from verbale.batches.ledger import Ledger
    from verbale.batches.review import Batch

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


def main() -> None:
    """Entry point: run a command; report a verbale error once, as plain lines, exit 1."""
    try:
        app(prog_name="verbale")
    except VerbaleError as exc:
        lines = [str(p) for p in exc.problems] if isinstance(exc, DataError) else [str(exc)]
        for line in lines:
            output.error(line)
        sys.exit(1)
    except OSError as exc:  # a folder that cannot be written (read-only, disk full)
        where = f"{exc.filename}: " if exc.filename else ""
        output.error(f"{where}{exc.strerror or exc}")
        sys.exit(1)


@recipients_app.command("check")
def recipients_check(
    folder: Annotated[
        Path | None, typer.Argument(help="Directory folder (default: setting).")
    ] = None,
) -> None:
    """Check the directory; print every problem as `path:line: field: message`."""
    from verbale.convention.directory import check_directory

    problems = check_directory(folder or Settings().recipients_dir)
    for problem in problems:
        (output.line if problem.warning else output.note)(str(problem))
    errors = [p for p in problems if not p.warning]
    if errors:
        output.note(f"{len(errors)} error(s)")
        raise typer.Exit(1)
    output.line(f"directory OK ({len(problems)} warning(s))")


@templates_app.command("check")
def templates_check(
    folder: Annotated[
        Path | None, typer.Argument(help="Templates folder (default: setting).")
    ] = None,
) -> None:
    """Lint every kind and language; one line per problem as `kind/lang: problem`."""
    from verbale.documents.lint import lint_templates

    problems = lint_templates(folder or Settings().templates_dir)
    for problem in problems:
        output.note(str(problem))
    if problems:
        raise typer.Exit(1)
    output.line("templates OK")


@templates_app.command("list")
def templates_list(
    folder: Annotated[
        Path | None, typer.Argument(help="Templates folder (default: setting).")
    ] = None,
) -> None:
    """Show the kinds and the languages each has a template for."""
    from verbale.documents.kinds import kind_names, load_kind

    root = folder or Settings().templates_dir
    rows = []
    for name in kind_names(root):
        kind = load_kind(root, name)
        marks = ("x" if lang in kind.languages else "-" for lang in Language)
        rows.append((name, kind.form.value, kind.sender.value, *marks))
    output.table("kind", "form", "sender", *(lang.value for lang in Language), rows=rows)


@app.command("render")
def render(
    kind: Annotated[str, typer.Argument(help="Document kind (a folder of the templates).")],
    state: Annotated[str, typer.Option("--state", help="ISO code of the recipient State.")],
    destination: Annotated[Path, typer.Option("--out", help="Where to write the .docx.")],
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
    path = render_preview(Settings(), kind, state.upper(), channel, lang, variables, destination)
    output.line(f"wrote {path}")


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
        found = run_flow(name, **parameters)
    if not found:
        output.line("nothing to draft: every letter due is already in a batch; no batch written")
        return
    folder = Path(found)
    manifest = read_manifest(folder)
    if as_json:
        output.json(output.batch_summary_json(folder, manifest))
    else:
        output.batch_summary(folder, manifest)


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


def _ledger_and_batch(batch_id: str) -> tuple[Ledger, Batch]:
    from verbale.batches.review import load_batch

    workspace = Settings().workspace
    return workspace.ledger, load_batch(workspace, batch_id)


@review_app.command("list")
def review_list() -> None:
    """Every batch with its state and counts; a broken batch is marked, the others listed."""
    from verbale.batches.review import BatchStatus, in_doubt, load_batch, status_of

    workspace = Settings().workspace
    ledger = workspace.ledger
    rows = []
    broken = []
    for record in ledger.batches():
        if not workspace.batch_folder(record.batch_id).is_dir():
            continue
        try:
            batch = load_batch(workspace, record.batch_id)
        except VerbaleError as exc:
            broken.append(str(exc))
            rows.append(
                (
                    record.batch_id,
                    record.flow,
                    record.created,
                    BatchStatus.BROKEN.value,
                    "-",
                    "-",
                    "-",
                    "-",
                )
            )
            continue
        deliveries = ledger.deliveries(record.batch_id)
        done = sum(1 for d in deliveries.values() if d.status == "done")
        rows.append(
            (
                record.batch_id,
                record.flow,
                record.created,
                status_of(batch, ledger).value,
                str(len(batch.documents)),
                str(len(batch.manifest.skipped)),
                str(done),
                str(len(in_doubt(deliveries))),
            )
        )
    columns = ("batch", "flow", "created", "state", "documents", "skipped", "delivered")
    output.table(*columns, "in doubt", rows=rows)
    for problem in broken:
        output.error(problem)
    if broken:
        raise typer.Exit(1)


@review_app.command("show")
def review_show(batch_id: Annotated[str, typer.Argument(help="Batch id.")]) -> None:
    """A batch's documents (to open and read) and its skipped States."""
    from verbale.batches.review import status_of

    ledger, batch = _ledger_and_batch(batch_id)
    excluded = ledger.excluded(batch_id)
    output.line(f"batch {batch_id} ({batch.manifest.flow}): {status_of(batch, ledger).value}")
    rows = [
        (
            doc.id + (" (excluded)" if doc.id in excluded else ""),
            doc.state,
            doc.channel or "public",
            doc.lang + (" (fallback)" if doc.fallback else ""),
            ", ".join(doc.recipients()),
            str(batch.folder / doc.path),
        )
        for doc in batch.documents
    ]
    output.table("document", "State", "channel", "lang", "recipients", "file", rows=rows)
    for skip in batch.manifest.skipped:
        output.line(f"skipped {skip.state}: {skip.reason.value}: {skip.detail}")
    if excluded:
        output.line(f"excluded from sending: {', '.join(sorted(excluded))}")


@review_app.command("approve")
def review_approve(
    batch_id: Annotated[str, typer.Argument(help="Batch id.")],
    by: By,
    note: Annotated[str, typer.Option(help="A note kept with the approval.")] = "",
    exclude: Annotated[
        list[str] | None, typer.Option(help="A document id never to send (repeatable).")
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(help="A document excluded by an earlier approval, to send (repeatable)."),
    ] = None,
) -> None:
    """Approve the send plan as it is now (files, addresses, texts); excluded ones never sent.
    Earlier exclusions are kept unless taken back with --include."""
    from verbale.batches.review import approve

    ledger, batch = _ledger_and_batch(batch_id)
    count = approve(batch, ledger, by, note, exclude or [], include or [])
    output.line(f"approved {batch_id} by {by}: {count} file(s) recorded")
    excluded = ledger.excluded(batch_id)
    if excluded:
        output.line(f"excluded from sending: {', '.join(sorted(excluded))}")
    _resume_waiting_run(ledger, batch_id, approved=True, by=by, note=note, exclude=exclude or [])


@review_app.command("reject")
def review_reject(
    batch_id: Annotated[str, typer.Argument(help="Batch id.")],
    by: By,
    note: Annotated[str, typer.Option(help="Why it is rejected (required).")],
) -> None:
    """Reject a batch; final: it can never be sent (a corrected run makes a new batch)."""
    from verbale.batches.review import reject

    ledger, batch = _ledger_and_batch(batch_id)
    reject(batch, ledger, by, note)
    output.line(f"rejected {batch_id} by {by}")
    _resume_waiting_run(ledger, batch_id, approved=False, by=by, note=note, exclude=[])


def _resume_waiting_run(
    ledger: Ledger, batch_id: str, *, approved: bool, by: str, note: str, exclude: list[str]
) -> None:
    """Served mode: the flow run waiting for this review goes on (it sends if approved)."""
    run_id = ledger.waiting_run(batch_id)
    if run_id is None:
        return
    from flows.runner import resume_review

    decision = {"approve": approved, "reviewer": by, "note": note, "exclude": exclude}
    problem = resume_review(run_id, decision)
    if problem:
        output.note(f"note: flow run {run_id} was not resumed: {problem}")
    else:
        output.line(f"flow run {run_id} resumed")


@review_app.command("log")
def review_log(batch_id: Annotated[str, typer.Argument(help="Batch id.")]) -> None:
    """A batch's history: created, approved or rejected, each delivery attempt and reply."""
    ledger, _ = _ledger_and_batch(batch_id)
    output.history(
        ledger.events(batch_id),
        ledger.attempts(batch_id),
        ledger.deliveries(batch_id).values(),
        ledger.excluded(batch_id),
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

        ledger, batch = _ledger_and_batch(batch_id)
        confirm(batch, ledger, confirm_sent[0], confirm_sent[1], by)
        output.line(f"recorded as delivered: {confirm_sent[0]} to {confirm_sent[1]}")
        return
    from flows.runner import run_flow

    with err.status(f"sending batch {batch_id}..."):
        report = run_flow("send", batch=batch_id, resend_in_doubt=resend_in_doubt)
    if as_json:
        output.json(report.model_dump(mode="json"))
    else:
        output.deliveries(report)
    if report.failed or report.in_doubt:
        raise typer.Exit(1)


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
    output.line(f"incident {incident.id} stored in {stored}")
    api = os.environ.get("PREFECT_API_URL")
    if api:
        post_event(api, incident_event(incident.id))
        output.line(f"event verbale.incident.reported emitted to {api}")
        return
    output.line("no Prefect server configured (PREFECT_API_URL): running the statement flow here")
    _run("statement", as_json, incident=incident.id)


@app.command("serve")
def serve() -> None:
    """Serve every flow from one process (schedules, incident trigger, approval in the UI)."""
    from flows.runner import serve as serve_flows

    serve_flows(Settings())
