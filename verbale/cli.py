"""The command line. Commands that run no flow never import Prefect."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from verbale import output
from verbale.errors import DataError, VerbaleError
from verbale.languages import Language
from verbale.output import err

if TYPE_CHECKING:
    from verbale.batches.decision import Decision
    from verbale.batches.ledger import Ledger
    from verbale.batches.review import Batch
    from verbale.batches.reviewers import Reviewer
    from verbale.settings import Settings

# Plain help: Typer's rich help panels import rich and markdown-it (a cold `--help` pays
# for them); pydantic-settings and rich are imported by the commands that need them.
app = typer.Typer(
    rich_markup_mode=None,
    help="verbale: statements and letters of the Convention on Cluster Munitions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
recipients_app = typer.Typer(
    rich_markup_mode=None, help="The directory of recipients.", no_args_is_help=True
)
templates_app = typer.Typer(
    rich_markup_mode=None, help="Document kinds and their templates.", no_args_is_help=True
)
app.add_typer(recipients_app, name="recipients")
app.add_typer(templates_app, name="templates")
review_app = typer.Typer(
    rich_markup_mode=None,
    help="Review batches: list, show, approve, reject, log.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")
reviewer_app = typer.Typer(
    rich_markup_mode=None, help="Reviewer accounts: who may decide.", no_args_is_help=True
)
app.add_typer(reviewer_app, name="reviewer")
incident_app = typer.Typer(
    rich_markup_mode=None, help="Reported uses of cluster munitions.", no_args_is_help=True
)
app.add_typer(incident_app, name="incident")
circulation_app = typer.Typer(
    rich_markup_mode=None,
    help="Circulation of a draft statement to the Coordination Committee (silence procedure).",
    no_args_is_help=True,
)
app.add_typer(circulation_app, name="circulation")


# Click's errors, from typer's public BadParameter (newer typers carry their own copy of click).
_CLICK_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)
_USAGE_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)


def _settings() -> Settings:
    """The settings, read where a command needs them (pydantic-settings is slow to import)."""
    from verbale.settings import read_settings

    return read_settings()


def main() -> None:
    """Entry point: run a command; report an error once, as plain lines, and exit 1."""
    try:
        code = app(prog_name="verbale", standalone_mode=False)
    except _USAGE_ERROR as exc:  # a missing option, a bad value, an unknown command
        if type(exc).__name__ == "NoArgsIsHelpError":  # a group given no command: its help
            ctx = getattr(exc, "ctx", None)
            print(ctx.get_help() if ctx is not None else exc)
            sys.exit(0)
        _fail([_usage_line(exc)])
    except _CLICK_ERROR as exc:
        _fail([exc.format_message()])  # type: ignore[attr-defined]
    except typer.Abort:
        _fail(["interrupted"])
    except VerbaleError as exc:
        _fail([str(p) for p in exc.problems] if isinstance(exc, DataError) else [str(exc)])
    except OSError as exc:  # a file given that cannot be read or written (a folder, no rights)
        _fail([f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc)])
    sys.exit(code if isinstance(code, int) else 0)


def _usage_line(exc: Exception) -> str:
    ctx = getattr(exc, "ctx", None)
    where = f"{ctx.command_path}: " if ctx is not None else ""
    return f"{where}{exc.format_message()} (see --help)"  # type: ignore[attr-defined]


def _fail(lines: list[str]) -> NoReturn:
    for line in lines:
        output.error(line)
    sys.exit(1)


@recipients_app.command("check")
def recipients_check(
    folder: Annotated[
        Path | None, typer.Argument(help="Directory folder (default: setting).")
    ] = None,
) -> None:
    """Check the directory; print every problem as `path:line: field: message`."""
    from verbale.convention.directory import check_directory
    from verbale.convention.outreach import check_outreach

    settings = _settings()
    where = folder or settings.recipients_dir
    problems = check_directory(where, settings.languages)
    problems += check_outreach(where).items
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
    """Lint every kind and language; one line per problem as `kind/lang: problem`; warn of
    each translation whose English changed since it was reviewed."""
    from verbale.documents.kinds import kind_names, load_kind
    from verbale.documents.lint import lint_templates
    from verbale.documents.translations import needing_review

    root = folder or _settings().templates_dir
    problems = lint_templates(root)
    for problem in problems:
        output.note(str(problem))
    if problems:
        raise typer.Exit(1)
    stale = [line for name in kind_names(root) for line in needing_review(load_kind(root, name))]
    for line in stale:
        output.line(f"warning: {line}")
    output.line(
        f"templates OK ({len(stale)} translation(s) to review)" if stale else "templates OK"
    )


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

    path = mark_reviewed(load_kind(folder or _settings().templates_dir, kind), lang)
    output.line(f"{kind}/{lang.value}: marked reviewed in {path}")


@templates_app.command("list")
def templates_list(
    folder: Annotated[
        Path | None, typer.Argument(help="Templates folder (default: setting).")
    ] = None,
) -> None:
    """Show the kinds and the languages each has a template for."""
    from verbale.documents.kinds import kind_names, load_kind

    root = folder or _settings().templates_dir
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
    path = render_preview(_settings(), kind, state.upper(), channel, lang, variables, destination)
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
        if as_json:
            given = {key: str(value) for key, value in parameters.items() if value is not None}
            output.json(output.nothing_drafted_json(name, given))
        else:
            output.line(
                "nothing new to draft (no letter due, or each one already in a live batch); "
                "no batch written"
            )
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
    signatories: Annotated[bool, typer.Option("--signatories", help="The signatories.")] = False,
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


By = Annotated[
    str,
    typer.Option("--by", help="Your reviewer account (asked for its password; not needed "
                 "with VERBALE_REVIEW_TOKEN)."),
]  # fmt: skip
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


def _ledger_and_batch(batch_id: str) -> tuple[Ledger, Batch]:
    from verbale.batches.review import load_batch

    workspace = _settings().workspace
    return workspace.ledger, load_batch(workspace, batch_id)


def _password(from_stdin: bool, prompt: str = "Password", confirm: bool = False) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    text: str = typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm)
    return text


def _reviewer(settings: Settings, name: str, from_stdin: bool) -> Reviewer:
    """The authenticated reviewer: by personal token, else by name and password."""
    from verbale.errors import AuthenticationError

    reviewers = settings.workspace.reviewers
    token = settings.review_token.get_secret_value()
    if token:
        reviewer = reviewers.by_token(token)
        if name and name != reviewer.name:
            raise AuthenticationError(f"--by {name}: the token is {reviewer.name}'s")
        return reviewer
    if not name:
        raise AuthenticationError("--by: your reviewer account (or set VERBALE_REVIEW_TOKEN)")
    return reviewers.authenticate(name, _password(from_stdin, f"Password for {name}"))


@reviewer_app.command("add")
def reviewer_add(
    name: Annotated[str, typer.Argument(help="The reviewer's name, as the ledger shows it.")],
    email: Annotated[str, typer.Option("--email", help="The reviewer's e-mail address.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a reviewer account; asks for its password (stored as an argon2 hash)."""
    reviewers = _settings().workspace.reviewers
    reviewer = reviewers.add(name, email, _password(password_stdin, confirm=True))
    output.line(f"reviewer {reviewer.name} <{reviewer.email}> added")


@reviewer_app.command("list")
def reviewer_list() -> None:
    """Every reviewer account."""
    reviewers = _settings().workspace.reviewers.all()
    output.table("reviewer", "e-mail", rows=[(r.name, r.email) for r in reviewers])


@reviewer_app.command("token")
def reviewer_token(
    name: Annotated[str, typer.Argument(help="Your reviewer account.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """A new personal token for scripts (VERBALE_REVIEW_TOKEN); replaces the earlier one."""
    reviewers = _settings().workspace.reviewers
    reviewer = reviewers.authenticate(name, _password(password_stdin, f"Password for {name}"))
    output.line(reviewers.new_token(reviewer.name))


@review_app.command("list")
def review_list(as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False) -> None:
    """Every batch with its state and counts; a broken batch is marked, the others listed."""
    from verbale.batches.review import BatchStatus, in_doubt, load_batch, status_of

    workspace = _settings().workspace
    ledger = workspace.ledger
    rows: list[dict[str, str | int]] = []
    broken = []
    for record in ledger.batches():
        try:
            batch = load_batch(workspace, record.batch_id)
        except VerbaleError as exc:
            broken.append(str(exc))
            rows.append(
                {
                    "batch": record.batch_id,
                    "flow": record.flow,
                    "created": record.created,
                    "state": BatchStatus.BROKEN.value,
                    "documents": "-",
                    "skipped": "-",
                    "delivered": "-",
                    "in_doubt": "-",
                }
            )
            continue
        deliveries = ledger.deliveries(record.batch_id)
        done = sum(1 for d in deliveries.values() if d.status == "done")
        rows.append(
            {
                "batch": record.batch_id,
                "flow": record.flow,
                "created": record.created,
                "state": status_of(batch, ledger).value,
                "documents": len(batch.documents),
                "skipped": len(batch.manifest.skipped),
                "delivered": done,
                "in_doubt": len(in_doubt(deliveries)),
            }
        )
    if as_json:
        output.json(rows)
    else:
        columns = ("batch", "flow", "created", "state", "documents", "skipped", "delivered")
        output.table(
            *columns,
            "in doubt",
            rows=[[str(row[c]) for c in (*columns, "in_doubt")] for row in rows],
        )
    for problem in broken:
        output.error(problem)
    if broken:
        raise typer.Exit(1)


@review_app.command("show")
def review_show(
    batch_id: Annotated[str, typer.Argument(help="Batch id.")],
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
) -> None:
    """A batch's documents (to open and read) and its skipped States."""
    from verbale.batches.review import status_of

    ledger, batch = _ledger_and_batch(batch_id)
    excluded = ledger.excluded(batch_id)
    status = status_of(batch, ledger).value
    if as_json:
        documents = [
            doc.model_dump(mode="json", exclude={"body", "details"})
            | {"file": str(batch.folder / doc.path), "excluded": doc.id in excluded}
            for doc in batch.documents
        ]
        skipped = [
            {"state": s.state, "reason": s.reason.value, "detail": s.detail}
            for s in batch.manifest.skipped
        ]
        summary = {"batch": batch_id, "flow": batch.manifest.flow, "state": status}
        output.json(summary | {"documents": documents, "skipped": skipped})
        return
    output.line(f"batch {batch_id} ({batch.manifest.flow}): {status}")
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
    for doc in batch.documents:
        for rendition in doc.renditions:
            if rendition.format in ("html", "atom"):
                output.line(f"for the website: {batch.folder / rendition.path}")
    for skip in batch.manifest.skipped:
        output.line(f"skipped {skip.state}: {skip.reason.value}: {skip.detail}")
    if excluded:
        output.line(f"excluded from sending: {', '.join(sorted(excluded))}")


@review_app.command("approve")
def review_approve(
    batch_id: Annotated[str, typer.Argument(help="Batch id.")],
    by: By = "",
    note: Annotated[str, typer.Option(help="A note kept with the approval.")] = "",
    exclude: Annotated[
        list[str] | None, typer.Option(help="A document id never to send (repeatable).")
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(help="A document excluded by an earlier approval, to send (repeatable)."),
    ] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Approve the send plan as it is now (files, addresses, texts); excluded ones never sent.
    Earlier exclusions are kept unless taken back with --include."""
    from verbale.batches.decision import Decision

    _decide(batch_id, by, password_stdin, Decision.APPROVE, note, exclude or [], include or [])
    excluded = _settings().workspace.ledger.excluded(batch_id)
    if excluded:
        output.line(f"excluded from sending: {', '.join(sorted(excluded))}")


@review_app.command("reject")
def review_reject(
    batch_id: Annotated[str, typer.Argument(help="Batch id.")],
    note: Annotated[str, typer.Option(help="Why it is rejected (required).")],
    by: By = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """Reject a batch; final: it can never be sent (a corrected run makes a new batch)."""
    from verbale.batches.decision import Decision

    _decide(batch_id, by, password_stdin, Decision.REJECT, note, [])


def _decide(
    batch_id: str,
    by: str,
    password_stdin: bool,
    decision: Decision,
    note: str,
    exclude: list[str],
    include: list[str] | None = None,
) -> None:
    """The command-line door: the same record as the web page and the Prefect UI."""
    from verbale.batches.decision import approvals_needed, decide, resume_waiting_run

    settings = _settings()
    ledger, batch = _ledger_and_batch(batch_id)
    reviewer = _reviewer(settings, by, password_stdin)
    needed = approvals_needed(batch, settings.two_reviewers_for_statements)
    outcome = decide(
        batch,
        ledger,
        reviewer.name,
        decision,
        note,
        exclude,
        needed,
        include or [],
        silence=settings.silence_procedure,
    )
    output.line(outcome.message)
    if outcome.final:
        resumed = resume_waiting_run(
            ledger, batch_id, reviewer.name, decision, note, exclude, _resume
        )
        if resumed:
            output.note(resumed) if "not resumed" in resumed else output.line(resumed)


def _resume(run_id: str, payload: dict[str, Any]) -> str:
    from flows.runner import resume_review

    return resume_review(run_id, payload)


@review_app.command("web")
def review_web(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """The review room in the browser (default http://127.0.0.1:8765); runs until interrupted."""
    from verbale.web.server import run_room

    settings = _settings()
    host, port = host or settings.review_host, port or settings.review_port
    output.line(f"review room on http://{host}:{port} (Ctrl-C to stop)")
    run_room(settings, _resume, host, port)


@review_app.command("log")
def review_log(batch_id: Annotated[str, typer.Argument(help="Batch id.")]) -> None:
    """A batch's history: created, approved or rejected, each delivery attempt and reply."""
    from verbale.batches.circulation import delivery_key

    ledger, _ = _ledger_and_batch(batch_id)
    output.history(
        ledger.events(batch_id),
        ledger.attempts(batch_id),
        ledger.deliveries(batch_id).values(),
        ledger.excluded(batch_id),
    )
    circulated = delivery_key(batch_id)
    output.history([], ledger.attempts(circulated), ledger.deliveries(circulated).values(), [])


@app.command("send")
def send(
    batch_id: Annotated[str, typer.Argument(help="Batch id.")],
    confirm_sent: Annotated[
        tuple[str, str] | None,
        typer.Option(help="DOC ADDRESS: a delivery in doubt that did arrive."),
    ] = None,
    resend_in_doubt: Annotated[
        bool,
        typer.Option("--resend-in-doubt", help="Send again the deliveries in doubt after a crash."),
    ] = False,
    by: By = "",
    password_stdin: PasswordStdin = False,
    as_json: Json = False,
) -> None:
    """Send an approved batch by the configured transport (outbox by default)."""
    if confirm_sent:
        from verbale.sending.dispatch import confirm_sent as confirm

        ledger, batch = _ledger_and_batch(batch_id)
        checker = _reviewer(_settings(), by, password_stdin)  # a person with an account
        confirm(batch, ledger, confirm_sent[0], confirm_sent[1], checker.name)
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

    from verbale.convention.directory import load_directory
    from verbale.convention.incidents import (
        load_incident,
        require_known_co_signers,
        store_incident,
    )
    from verbale.events import incident_event, post_event

    settings = _settings()
    # Refused before anything is stored or posted: a served run would only fail on it later.
    reported = load_incident(file)
    reported.require_verified()
    if reported.decision.co_signers:
        states = load_directory(settings.recipients_dir).states
        require_known_co_signers(reported, file, states)
    incident, stored = store_incident(file, settings.data_dir)
    say = output.note if as_json else output.line  # with --json, standard output is JSON only
    say(f"incident {incident.id} stored in {stored}")
    api = os.environ.get("PREFECT_API_URL")
    if api:
        post_event(api, incident_event(incident.id))
        say(f"event verbale.incident.reported emitted to {api}")
        return
    say("no Prefect server configured (PREFECT_API_URL): running the statement flow here")
    _run("statement", as_json, incident=incident.id)


@app.command("serve")
def serve() -> None:
    """Serve every flow from one process (schedules, incident trigger, approval in the UI)."""
    from flows.runner import serve as serve_flows

    serve_flows(_settings())


@app.command("deploy")
def deploy(
    pool: Annotated[str, typer.Option(help="The work pool (type process; created if missing).")],
    work_dir: Annotated[
        Path | None,
        typer.Option(help="The work directory every worker shares (default: setting)."),
    ] = None,
) -> None:
    """Register every flow's deployment on a work pool, for `prefect worker start --pool`."""
    from flows.runner import deploy as deploy_flows
    from verbale.settings import Settings

    settings = Settings(work_dir=work_dir) if work_dir else Settings()
    created, deployed = deploy_flows(settings, pool)
    if created:
        output.line(f"work pool {pool} created (type process)")
    for item in deployed:
        output.line(f"deployed {item.name} on pool {pool}: {item.started_by}")
    output.line(f"flow runs use VERBALE_WORK_DIR={settings.work_dir.resolve()}")
    output.line(f"start a worker on each machine: prefect worker start --pool {pool}")


Csv = Annotated[bool, typer.Option("--csv", help="Print CSV, a header row first.")]
ListJson = Annotated[bool, typer.Option("--json", help="Print a JSON list.")]


def _print_records(
    records: list[dict[str, Any]], columns: tuple[str, ...], as_csv: bool, as_json: bool
) -> None:
    """A list of records as a JSON list, CSV rows or a table; the same keys in each."""
    from verbale.listings import flat

    if as_json:
        output.json(records)
        return
    rows = [[row[column] for column in columns] for row in map(flat, records)]
    if as_csv:
        output.csv_rows(columns, rows)
    else:
        output.table(*columns, rows=rows)


def _one_format(as_csv: bool, as_json: bool) -> None:
    if as_csv and as_json:
        raise typer.BadParameter("choose one of --csv, --json")


@app.command("register")
def register(
    year: Annotated[int | None, typer.Option("--year", help="Only this year (YYYY).")] = None,
    sender: Annotated[
        str | None,
        typer.Option(
            "--sender",
            help="Only this sender's references: isu, presidency, coordination-committee.",
        ),
    ] = None,
    as_csv: Csv = False,
    as_json: ListJson = False,
) -> None:
    """The register of outgoing correspondence: every reference number, in sequence."""
    from verbale.batches.register import read_register
    from verbale.listings import REGISTER_COLUMNS, register_json
    from verbale.settings import SenderKey

    _one_format(as_csv, as_json)
    if sender is not None and sender not in {key.value for key in SenderKey}:
        raise typer.BadParameter(f"--sender: {sender!r} is not one of the senders")
    settings = _settings()
    prefix = settings.sender(SenderKey(sender)).reference_prefix if sender else None
    entries = read_register(settings.workspace, year, prefix)
    _print_records([register_json(e) for e in entries], REGISTER_COLUMNS, as_csv, as_json)


@app.command("overdue")
def overdue(as_of: AsOf = None, as_csv: Csv = False, as_json: ListJson = False) -> None:
    """Every overdue report of every State Party, with the reminders issued; drafts nothing."""
    from verbale.batches.overdue import load_overdue_list
    from verbale.listings import OVERDUE_COLUMNS, overdue_json

    _one_format(as_csv, as_json)
    entries = load_overdue_list(_settings(), _date(as_of) or date.today())
    _print_records([overdue_json(e) for e in entries], OVERDUE_COLUMNS, as_csv, as_json)


@app.command("state")
def state_file(
    iso: Annotated[str, typer.Argument(help="The State's ISO 3166 alpha-2 code.")],
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the file as JSON.")] = False,
) -> None:
    """One State's file: standing, contacts, reports, Article 3, documents written to it."""
    from verbale.batches.state_file import load_state_file
    from verbale.listings import state_file_json, state_file_lines

    found = load_state_file(_settings(), iso.upper(), _date(as_of) or date.today())
    if as_json:
        output.json(state_file_json(found))
    else:
        for text in state_file_lines(found):
            output.line(text)


Deadline = Annotated[
    str,
    typer.Option(help="When the silence ends (ISO 8601, e.g. 2016-03-10T12:00; default: "
                 "VERBALE_SILENCE_HOURS from now)."),
]  # fmt: skip


@circulation_app.command("start")
def circulation_start(
    batch_id: Annotated[str, typer.Argument(help="A statement batch awaiting review.")],
    deadline: Deadline = "",
    by: By = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """Circulate the draft statement to every member of the Committee, with a deadline."""
    from verbale.batches import circulation

    settings = _settings()
    ledger, batch = _ledger_and_batch(batch_id)
    reviewer = _reviewer(settings, by, password_stdin)
    now = circulation.current_time()
    ends = _deadline(deadline, now, settings.silence_hours)
    committee = _committee(settings)
    current = circulation.start(ledger, batch, committee, reviewer.name, ends, now)
    _send_round(settings, batch, current)


@circulation_app.command("revise")
def circulation_revise(
    batch_id: Annotated[str, typer.Argument(help="The statement batch.")],
    note: Annotated[str, typer.Option(help="What the revision changes (required).")],
    deadline: Deadline = "",
    by: By = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """The President's revised draft (edit the statement's files first): a new version,
    circulated again, every response reset, a new deadline."""
    from verbale.batches import circulation

    settings = _settings()
    ledger, batch = _ledger_and_batch(batch_id)
    reviewer = _reviewer(settings, by, password_stdin)
    now = circulation.current_time()
    ends = _deadline(deadline, now, settings.silence_hours)
    committee = _committee(settings)
    current = circulation.revise(ledger, batch, committee, reviewer.name, note, ends, now)
    _send_round(settings, batch, current)


@circulation_app.command("withdraw")
def circulation_withdraw(
    batch_id: Annotated[str, typer.Argument(help="The statement batch.")],
    note: Annotated[str, typer.Option(help="Why it is withdrawn (required).")],
    by: By = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """The President withdraws the draft: final, like a rejection; nothing is sent."""
    from verbale.batches import circulation

    settings = _settings()
    ledger, batch = _ledger_and_batch(batch_id)
    reviewer = _reviewer(settings, by, password_stdin)
    circulation.withdraw(ledger, batch, reviewer.name, note, circulation.current_time())
    output.line(f"withdrawn {batch_id} by {reviewer.name}; it will never be sent")


@circulation_app.command("respond")
def circulation_respond(
    batch_id: Annotated[str, typer.Argument(help="The statement batch.")],
    member: Annotated[str, typer.Option(help="The member: its ISO code (or ISU).")],
    no_objection: Annotated[bool, typer.Option("--no-objection", help="No objection.")] = False,
    objection: Annotated[str, typer.Option(help="An objection, with its reason.")] = "",
    comment: Annotated[str, typer.Option(help="A comment on the draft.")] = "",
    by: By = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """Record a member's response on its behalf (the ISU, authenticated as a reviewer)."""
    from verbale.batches import circulation
    from verbale.errors import ReviewError

    given = [no_objection, bool(objection), bool(comment)]
    if sum(given) != 1:
        raise ReviewError("give one of --no-objection, --objection REASON, --comment TEXT")
    response = next(r for r, g in zip(circulation.Response, given, strict=True) if g)
    settings = _settings()
    ledger, _batch = _ledger_and_batch(batch_id)
    committee = _committee(settings)
    if committee.member(member) is None:
        raise ReviewError(f"{member!r} is not a member of the Coordination Committee")
    reviewer = _reviewer(settings, by, password_stdin)
    answer = circulation.respond(
        ledger,
        batch_id,
        committee,
        member,
        response,
        objection or comment,
        f"{reviewer.name} for {member.upper()}",
        circulation.current_time(),
    )
    output.line(f"recorded for {answer.member} on version {answer.version}: {answer.response}")
    if answer.response is circulation.Response.OBJECTION:
        output.line(f"{batch_id}: the silence is broken; the President revises or withdraws")
        _tell_president(settings, batch_id, answer)


@circulation_app.command("status")
def circulation_status(batch_id: Annotated[str, typer.Argument(help="The batch.")]) -> None:
    """Where the circulation stands: version, deadline, each member's response."""
    from verbale.batches import circulation

    settings = _settings()
    ledger, _ = _ledger_and_batch(batch_id)
    found = circulation.conclude(ledger, batch_id, circulation.current_time())
    output.circulation(found, circulation.current_time(), _committee(settings))


def _tell_president(settings: Settings, batch_id: str, answer: Any) -> None:
    from verbale.sending.circulation import notify_president

    problem = notify_president(settings, batch_id, answer)
    if problem:
        output.note(f"error: the President was not told of the objection: {problem}")
        raise typer.Exit(1)
    output.line("the objection was e-mailed to the President" if problem == "" else
                "the President was told of this objection before")  # fmt: skip


def _deadline(text: str, now: Any, hours: int) -> Any:
    from verbale.batches import circulation

    if text:
        return circulation.parse_deadline(text)
    return circulation.default_deadline(now, hours)


def _committee(settings: Settings) -> Any:
    from verbale.sending.circulation import committee_of

    return committee_of(settings)


def _send_round(settings: Settings, batch: Batch, current: Any) -> None:
    from verbale.sending.circulation import send_round

    done = send_round(settings, batch, current)
    output.line(
        f"circulated version {current.version} of {batch.record.batch_id} to "
        f"{len(current.members)} member(s) until {current.deadline.isoformat()}: "
        f"{len(done.sent)} e-mail(s) sent, {len(done.already)} sent before"
    )
    for member, reason in done.failed.items():
        output.note(f"error: circulation e-mail to {member} failed: {reason}")
    import os

    if os.environ.get("PREFECT_API_URL"):  # served mode: the silence ends in a run of its own
        from flows.runner import schedule_silence

        run = schedule_silence(batch.record.batch_id, current.version, current.deadline)
        output.line(f"silence run {run} scheduled at {current.deadline.isoformat()}")
    if done.failed:
        raise typer.Exit(1)
