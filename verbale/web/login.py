"""Who is at the keyboard: login, sessions, CSRF checks, and the page helper they share.

A failed login answers slowly and never says whether the name or the password was wrong;
the session is kept server-side (`verbale.web.sessions`) and every POST must carry its
CSRF token (the login form a token bound to its own cookie: double submit).
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from verbale.batches.decision import Resume
from verbale.errors import AuthenticationError
from verbale.settings import Settings
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


def room_of(request: Request) -> Room:
    """The room the request's application serves."""
    room: Room = request.app.state.room
    return room


async def to_login(request: Request, exc: Exception) -> Response:
    """No session: a page leads to the login form, an action is refused (401)."""
    if request.method != "GET":
        return Response("login required", status_code=401)
    return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)


def current_session(request: Request) -> Session | None:
    """The request's session, unless there is none or it expired."""
    return room_of(request).sessions.get(request.cookies.get(COOKIE, ""))


def require(request: Request) -> Session:
    """The request's session; LoginRequiredError without one."""
    session = current_session(request)
    if session is None:
        raise LoginRequiredError
    return session


async def checked_form(request: Request, session: Session) -> FormData:
    """The POSTed form, once its CSRF token is checked against the session's."""
    form = await request.form()
    token = form.get("csrf")
    if not isinstance(token, str) or not secrets.compare_digest(token, session.csrf):
        raise HTTPException(403, "the form's CSRF token is missing or wrong; reload the page")
    return form


def page(
    request: Request,
    name: str,
    session: Session | None,
    context: dict[str, Any],
    status: int = 200,
) -> Response:
    """A page of the room, with the reviewer's name and CSRF token when logged in."""
    full = {"reviewer": "", "csrf": ""}
    if session is not None:
        full = {"reviewer": session.reviewer, "csrf": session.csrf}
    return TEMPLATES.TemplateResponse(request, name, full | context, status_code=status)


async def login_page(request: Request) -> Response:
    """The login form, with a CSRF token bound to a cookie (double submit)."""
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
    context = {"login_csrf": token, "next": request.query_params.get("next", "/"), "failed": False}
    response = page(request, "login.html", None, context)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict")
    return response


async def login(request: Request) -> Response:
    """Check the password; a failure is answered slowly and says nothing about which part."""
    room = room_of(request)
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
        return page(request, "login.html", None, context, status=401)
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
    session = require(request)
    await checked_form(request, session)
    room_of(request).sessions.close(request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
