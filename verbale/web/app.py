"""The review room's web application: login, batches, documents, edits and decisions.

Server-rendered pages (Starlette and Jinja2, no script); every page needs a login, every
POST the session's CSRF token. Decisions go through `verbale.batches.decision`, the same
record as the command line and the Prefect UI; a waiting flow run is resumed through the
`resume` callable given by the caller (the web package never imports Prefect).
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

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
from verbale.batches.review import Batch, in_doubt, load_batch, status_of
from verbale.documents.pdf import find_soffice
from verbale.errors import AuthenticationError, VerbaleError
from verbale.settings import Settings
from verbale.web.previews import mail_preview, other_languages, page_images, pdf_of
from verbale.web.sessions import Session, Sessions

COOKIE = "verbale_session"
LOGIN_COOKIE = "verbale_login"
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


@dataclass(frozen=True)
class Room:
    """What every page needs: settings, sessions and the way to resume a waiting run."""

    settings: Settings
    sessions: Sessions
    resume: Resume | None


class LoginRequiredError(Exception):
    """A page or action was asked for without a valid session."""


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
        Route("/batches/{batch_id}", batch_page, methods=["GET"]),
        Route("/batches/{batch_id}/decide", confirm_page, methods=["POST"]),
        Route("/batches/{batch_id}/confirm", confirm, methods=["POST"]),
        Route("/batches/{batch_id}/documents/{doc_id}", document_page, methods=["GET"]),
        Route("/batches/{batch_id}/documents/{doc_id}/pages/{page:int}.png", page_image),
        Route("/batches/{batch_id}/documents/{doc_id}/docx", download, methods=["GET"]),
        Route("/batches/{batch_id}/documents/{doc_id}/docx", upload, methods=["POST"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(BaseHTTPMiddleware, dispatch=_security_headers)],
        exception_handlers={LoginRequiredError: _to_login, VerbaleError: _error_page},
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


def _room(request: Request) -> Room:
    room: Room = request.app.state.room
    return room


async def _to_login(request: Request, exc: Exception) -> Response:
    if request.method != "GET":
        return Response("login required", status_code=401)
    return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)


async def _error_page(request: Request, exc: Exception) -> Response:
    session = _session(request)
    return _page(request, "error.html", session, {"message": str(exc)}, status=409)


def _session(request: Request) -> Session | None:
    return _room(request).sessions.get(request.cookies.get(COOKIE, ""))


def _require(request: Request) -> Session:
    session = _session(request)
    if session is None:
        raise LoginRequiredError
    return session


async def _form(request: Request, session: Session) -> FormData:
    """The POSTed form, once its CSRF token is checked against the session's."""
    form = await request.form()
    token = form.get("csrf")
    if not isinstance(token, str) or not secrets.compare_digest(token, session.csrf):
        raise HTTPException(403, "the form's CSRF token is missing or wrong; reload the page")
    return form


def _page(
    request: Request,
    name: str,
    session: Session | None,
    context: dict[str, Any],
    status: int = 200,
) -> Response:
    full = {"reviewer": "", "csrf": ""}
    if session is not None:
        full = {"reviewer": session.reviewer, "csrf": session.csrf}
    return TEMPLATES.TemplateResponse(request, name, full | context, status_code=status)


def _batch(request: Request) -> Batch:
    batch_id = request.path_params["batch_id"]
    workspace = _room(request).settings.workspace
    if workspace.ledger.batch(batch_id) is None or not workspace.batch_folder(batch_id).is_dir():
        raise HTTPException(404, f"no batch {batch_id}")
    return load_batch(workspace, batch_id)


async def login_page(request: Request) -> Response:
    """The login form, with a CSRF token bound to a cookie (double submit)."""
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
    context = {"login_csrf": token, "next": request.query_params.get("next", "/"), "failed": False}
    response = _page(request, "login.html", None, context)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict")
    return response


async def login(request: Request) -> Response:
    """Check the password; a failure is answered slowly and says nothing about which part."""
    room = _room(request)
    form = await request.form()
    token, name, password = (str(form.get(k, "")) for k in ("csrf", "name", "password"))
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not secrets.compare_digest(token, cookie):
        raise HTTPException(403, "the form's CSRF token is missing or wrong; reload the page")
    try:
        reviewer = await run_in_threadpool(
            room.settings.workspace.reviewers.authenticate, name, password
        )
    except AuthenticationError:
        await asyncio.sleep(room.settings.login_delay)
        context = {"login_csrf": cookie, "next": form.get("next", "/"), "failed": True}
        return _page(request, "login.html", None, context, status=401)
    response = RedirectResponse(_local(str(form.get("next", "/"))), status_code=303)
    response.set_cookie(
        COOKIE,
        room.sessions.open(reviewer.name),
        max_age=room.settings.session_minutes * 60,
        httponly=True,
        samesite="strict",
        secure=room.settings.review_link.startswith("https:"),
    )
    return response


def _local(target: str) -> str:
    """A path of this site to go to after login; anything else (another site) is '/'."""
    local = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return target if local else "/"


async def logout(request: Request) -> Response:
    """End the session."""
    session = _require(request)
    await _form(request, session)
    _room(request).sessions.close(request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


async def batches_page(request: Request) -> Response:
    """Every batch: flow, state, counts, waiting since, deliveries in doubt."""
    session = _require(request)
    workspace = _room(request).settings.workspace
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
    return _page(request, "batches.html", session, {"rows": rows})


async def batch_page(request: Request) -> Response:
    """A batch: documents by State and channel, skipped States, history, the decision form."""
    session = _require(request)
    return _batch_view(request, session, message=request.query_params.get("done", ""))


def _batch_view(
    request: Request, session: Session, message: str = "", error: str = "", status: int = 200
) -> Response:
    batch = _batch(request)
    settings = _room(request).settings
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
    return _page(request, "batch.html", session, context, status)


async def confirm_page(request: Request) -> Response:
    """What the decision will do, shown before it is recorded; nothing is recorded yet."""
    session = _require(request)
    form = await _form(request, session)
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
    return _page(request, "confirm.html", session, context)


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
    session = _require(request)
    form = await _form(request, session)
    room = _room(request)
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
    outcome = decide(batch, ledger, session.reviewer, Decision(choice), note, exclude, needed)
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
    session = _require(request)
    settings = _room(request).settings
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
    return _page(request, "document.html", session, context)


async def page_image(request: Request) -> Response:
    """One page of a document's PDF as a PNG (made once, then served from the cache)."""
    _require(request)
    settings = _room(request).settings
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
    _require(request)
    batch = _batch(request)
    doc = _document(request, batch)
    return FileResponse(batch.folder / doc.path, filename=Path(doc.path).name)


async def upload(request: Request) -> Response:
    """An edited .docx replaces the draft; PDF made again; any approval lapses."""
    session = _require(request)
    form = await _form(request, session)
    settings = _room(request).settings
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
