"""The review room's pages: batches, a batch, a document, edits and decisions.

Server-rendered pages (Starlette and Jinja2, no script); every page needs a login, every
POST the session's CSRF token. Decisions go through `verbale.batches.decision`, the same
record as the command line and the Prefect UI; a waiting flow run is resumed through the
`resume` callable given by the caller (the web package never imports Prefect).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from verbale.batches.decision import (
    Decision,
    Resume,
    approval_plan,
    approvals_needed,
    decide,
    first_approval,
    resume_waiting_run,
)
from verbale.batches.edits import replace_draft
from verbale.batches.ledger import ReviewState
from verbale.batches.overdue import load_overdue_list
from verbale.batches.review import Batch, in_doubt, load_batch, status_of
from verbale.documents.pages import page_images
from verbale.documents.pdf import find_soffice
from verbale.errors import VerbaleError
from verbale.settings import Settings
from verbale.web.circulation import routes as circulation_routes
from verbale.web.login import (
    LoginRequiredError,
    Room,
    checked_form,
    current_session,
    login,
    login_page,
    logout,
    page,
    require,
    room_of,
    to_login,
)
from verbale.web.previews import mail_preview, other_languages, pdf_of
from verbale.web.sessions import Session, Sessions


def create_app(settings: Settings, resume: Resume | None = None) -> Starlette:
    """The review room for the work directory of the settings."""
    workspace = settings.workspace
    workspace.ledger  # noqa: B018 - creates the ledger's tables before the sessions' table
    sessions = Sessions(workspace.ledger_file, settings.session_minutes * 60)
    routes = [
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/", batches_page, methods=["GET"]),
        Route("/overdue", overdue_page, methods=["GET"]),
        Route("/batches/{batch_id}", batch_page, methods=["GET"]),
        Route("/batches/{batch_id}/decide", confirm_page, methods=["POST"]),
        Route("/batches/{batch_id}/confirm", confirm, methods=["POST"]),
        Route("/batches/{batch_id}/documents/{doc_id}", document_page, methods=["GET"]),
        Route("/batches/{batch_id}/documents/{doc_id}/pages/{page:int}.png", page_image),
        Route("/batches/{batch_id}/documents/{doc_id}/docx", download, methods=["GET"]),
        Route("/batches/{batch_id}/documents/{doc_id}/web.{fmt}", web_file, methods=["GET"]),
        Route("/batches/{batch_id}/documents/{doc_id}/docx", upload, methods=["POST"]),
        *circulation_routes(),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(BaseHTTPMiddleware, dispatch=_security_headers)],
        exception_handlers={LoginRequiredError: to_login, VerbaleError: _error_page},
    )
    app.state.room = Room(settings, sessions, resume)
    return app


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'"
    )
    return response


async def _error_page(request: Request, exc: Exception) -> Response:
    session = current_session(request)
    return page(request, "error.html", session, {"message": str(exc)}, status=409)


async def overdue_page(request: Request) -> Response:
    """Every overdue report on a date (default today), with the reminders already issued."""
    session = require(request)
    text = request.query_params.get("as_of", "")
    try:
        as_of = date.fromisoformat(text) if text else date.today()
    except ValueError:
        raise HTTPException(400, f"as_of: {text!r} is not a date (YYYY-MM-DD)") from None
    settings = room_of(request).settings
    entries = await run_in_threadpool(load_overdue_list, settings, as_of)
    return page(request, "overdue.html", session, {"entries": entries, "as_of": as_of})


def _batch(request: Request) -> Batch:
    batch_id = request.path_params["batch_id"]
    workspace = room_of(request).settings.workspace
    if workspace.ledger.batch(batch_id) is None or not workspace.batch_folder(batch_id).is_dir():
        raise HTTPException(404, f"no batch {batch_id}")
    return load_batch(workspace, batch_id)


async def batches_page(request: Request) -> Response:
    """Every batch: flow, state, counts, waiting since, deliveries in doubt."""
    session = require(request)
    workspace = room_of(request).settings.workspace
    ledger = workspace.ledger
    rows = []
    for record in reversed(ledger.batches()):
        if not workspace.batch_folder(record.batch_id).is_dir():
            continue
        batch = load_batch(workspace, record.batch_id)
        deliveries = ledger.deliveries(record.batch_id)
        rows.append(
            {
                "batch": batch,
                "status": status_of(batch, ledger).value,
                "waiting": record.created if record.state is ReviewState.AWAITING else "",
                "delivered": sum(1 for d in deliveries.values() if d.status == "done"),
                "in_doubt": len(in_doubt(deliveries)),
            }
        )
    return page(request, "batches.html", session, {"rows": rows})


async def batch_page(request: Request) -> Response:
    """A batch: documents by State and channel, skipped States, history, the decision form."""
    session = require(request)
    return _batch_view(request, session, message=request.query_params.get("done", ""))


def _batch_view(
    request: Request, session: Session, message: str = "", error: str = "", status: int = 200
) -> Response:
    batch = _batch(request)
    settings = room_of(request).settings
    ledger = settings.workspace.ledger
    groups: dict[tuple[str, str], list[Any]] = {}
    for doc in batch.documents:
        groups.setdefault((doc.state, doc.channel or "public"), []).append(doc)
    context = {
        "batch": batch,
        "status": status_of(batch, ledger).value,
        "awaiting": batch.record.state is ReviewState.AWAITING,
        "groups": sorted(groups.items()),
        "excluded": ledger.excluded(batch.record.batch_id),
        "events": ledger.events(batch.record.batch_id),
        "first": first_approval(ledger, batch.record.batch_id),
        "needed": approvals_needed(batch, settings.two_reviewers_for_statements),
        "message": message,
        "error": error,
    }
    return page(request, "batch.html", session, context, status)


async def confirm_page(request: Request) -> Response:
    """What the decision will do, shown before it is recorded; nothing is recorded yet."""
    session = require(request)
    form = await checked_form(request, session)
    batch = _batch(request)
    choice = str(form.get("decision", ""))
    exclude = [str(v) for v in form.getlist("exclude")]
    note = str(form.get("note", "")).strip()
    problem = _check_choice(batch, choice, exclude, note)
    if problem:
        return _batch_view(request, session, error=problem, status=400)
    context = {
        "batch": batch,
        "decision": choice,
        "note": note,
        "exclude": exclude,
        "sent": [d for d in batch.documents if d.id not in exclude and d.to],
        "unsent": [d for d in batch.documents if d.id not in exclude and not d.to],
        "excluded": [d for d in batch.documents if d.id in exclude],
        "plan": approval_plan(batch, exclude),
    }
    return page(request, "confirm.html", session, context)


def _check_choice(batch: Batch, choice: str, exclude: list[str], note: str) -> str:
    if choice not in {d.value for d in Decision}:
        return "choose approve or reject: there is no default"
    unknown = [d for d in exclude if batch.manifest.document(d) is None]
    if unknown:
        return f"no such document: {', '.join(unknown)}"
    if choice == Decision.REJECT and not note:
        return "say why the batch is rejected"
    return ""


async def confirm(request: Request) -> Response:
    """Record the confirmed decision as the logged-in reviewer; resume a waiting run."""
    session = require(request)
    form = await checked_form(request, session)
    room = room_of(request)
    batch = _batch(request)
    choice = str(form.get("decision", ""))
    exclude = [str(v) for v in form.getlist("exclude")]
    note = str(form.get("note", "")).strip()
    problem = _check_choice(batch, choice, exclude, note)
    if not problem and form.get("plan") != approval_plan(batch, exclude):
        problem = "the batch changed since the confirmation page was shown: review it again"
    if problem:
        return _batch_view(request, session, error=problem, status=409)
    ledger = room.settings.workspace.ledger
    needed = approvals_needed(batch, room.settings.two_reviewers_for_statements)
    outcome = decide(
        batch,
        ledger,
        session.reviewer,
        Decision(choice),
        note,
        exclude,
        needed,
        silence=room.settings.silence_procedure,
    )
    message = outcome.message
    if outcome.final:
        resumed = await run_in_threadpool(
            resume_waiting_run,
            ledger,
            batch.record.batch_id,
            session.reviewer,
            Decision(choice),
            note,
            exclude,
            room.resume,
        )
        message = f"{message}; {resumed}" if resumed else message
    target = f"/batches/{quote(batch.record.batch_id)}?done={quote(message)}"
    return RedirectResponse(target, status_code=303)


def _document(request: Request, batch: Batch) -> Any:
    doc = batch.manifest.document(request.path_params["doc_id"])
    if doc is None:
        raise HTTPException(404, "no such document")
    return doc


async def document_page(request: Request) -> Response:
    """A document: page images, the e-mail as it will leave, its other languages."""
    session = require(request)
    settings = room_of(request).settings
    batch = _batch(request)
    doc = _document(request, batch)
    docs = [doc, *other_languages(batch, doc)]
    views = []
    for item in docs:
        pdf = pdf_of(batch, item)
        cache = settings.workspace.previews(batch.record.batch_id)
        pages = await run_in_threadpool(page_images, pdf, cache) if pdf else []
        views.append({"doc": item, "pages": len(pages)})
    mail = mail_preview(batch, doc, list(settings.attach), settings.mail_from)
    context = {
        "batch": batch,
        "doc": doc,
        "views": views,
        "mail": mail,
        "editable": batch.record.state is not ReviewState.REJECTED
        and not settings.workspace.ledger.deliveries(batch.record.batch_id),
        "message": request.query_params.get("done", ""),
    }
    return page(request, "document.html", session, context)


async def page_image(request: Request) -> Response:
    """One page of a document's PDF as a PNG (made once, then served from the cache)."""
    require(request)
    settings = room_of(request).settings
    batch = _batch(request)
    pdf = pdf_of(batch, _document(request, batch))
    if pdf is None:
        raise HTTPException(404, "this document has no PDF")
    cache = settings.workspace.previews(batch.record.batch_id)
    pages = await run_in_threadpool(page_images, pdf, cache)
    number = request.path_params["page"]
    if not 1 <= number <= len(pages):
        raise HTTPException(404, "no such page")
    return FileResponse(pages[number - 1], media_type="image/png")


async def download(request: Request) -> Response:
    """The draft's .docx, to edit in Word."""
    require(request)
    batch = _batch(request)
    doc = _document(request, batch)
    return FileResponse(batch.folder / doc.path, filename=Path(doc.path).name)


# A statement's files for the website, shown as they will be published (the page is made of
# escaped text and carries no script; the room's Content-Security-Policy applies to it too).
WEB_MEDIA_TYPES = {"html": "text/html; charset=utf-8", "atom": "application/atom+xml"}


async def web_file(request: Request) -> Response:
    """A statement's web page or Atom entry, as the website will publish it."""
    require(request)
    batch = _batch(request)
    doc = _document(request, batch)
    fmt = request.path_params["fmt"]
    found = next((r for r in doc.renditions if r.format == fmt), None)
    if fmt not in WEB_MEDIA_TYPES or found is None:
        raise HTTPException(404, f"this document has no {fmt} file for the website")
    return FileResponse(batch.folder / found.path, media_type=WEB_MEDIA_TYPES[fmt])


async def upload(request: Request) -> Response:
    """An edited .docx replaces the draft; PDF made again; any approval lapses."""
    session = require(request)
    form = await checked_form(request, session)
    settings = room_of(request).settings
    batch = _batch(request)
    doc = _document(request, batch)
    file = form.get("file")
    if not isinstance(file, UploadFile):
        raise HTTPException(400, "choose the edited .docx file")
    data = await file.read()
    soffice = find_soffice(settings.soffice)
    note = await run_in_threadpool(
        replace_draft,
        batch,
        settings.workspace.ledger,
        doc.id,
        data,
        session.reviewer,
        soffice,
        settings.pdf_timeout,
    )
    message = f"edit recorded ({note}); the batch awaits review again"
    target = f"/batches/{quote(batch.record.batch_id)}/documents/{quote(doc.id)}?done="
    return RedirectResponse(target + quote(message), status_code=303)
