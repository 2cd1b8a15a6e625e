"""The Committee members' page: answer a circulated draft statement, by the member's link.

Members of the Coordination Committee are not reviewers: they may not approve, edit or send
anything. Each gets, in the circulation e-mail, a link of its own to one version of one
draft (`/circulation/<batch>/<version>/<member>/<token>`); the token is an HMAC of those
three under the work directory's key, so the link is the member's credential for that page
only, as the e-mail it came in. A revision makes new links; an old one says it is
superseded. The ledger records the answer as given by the member, through its link.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from verbale.batches import circulation
from verbale.batches.review import Batch, load_batch
from verbale.convention.committee import Member
from verbale.errors import ReviewError
from verbale.sending.circulation import committee_of, notify_president
from verbale.web.login import page, require, room_of

PATH = "/circulation/{batch_id}/{version:int}/{member}/{token}"


def routes() -> list[Route]:
    """The member's page (GET), its answer (POST) and the statement's files; the reviewers'
    view of a batch's circulation."""
    return [
        Route("/batches/{batch_id}/circulation", reviewers_view, methods=["GET"]),
        Route(PATH, member_page, methods=["GET"]),
        Route(PATH, answer, methods=["POST"]),
        Route(PATH + "/files/{name}", statement_file, methods=["GET"]),
    ]


def _checked(request: Request) -> tuple[Batch, Member, int]:
    """The batch, member and version of a link whose token is right; 404 otherwise."""
    params = request.path_params
    settings = room_of(request).settings
    batch_id, version, key = params["batch_id"], params["version"], params["member"]
    secret = circulation.link_key(settings.workspace)
    if not circulation.token_matches(secret, batch_id, version, key, params["token"]):
        raise HTTPException(404, "no such link")
    member = committee_of(settings).member(key)
    if member is None or settings.workspace.ledger.batch(batch_id) is None:
        raise HTTPException(404, "no such link")
    return load_batch(settings.workspace, batch_id), member, version


def _context(
    request: Request, batch: Batch, member: Member, version: int, **extra: object
) -> dict[str, object]:
    ledger = room_of(request).settings.workspace.ledger
    found = circulation.read_circulation(ledger, batch.record.batch_id)
    now = circulation.current_time()
    current = found.current
    return {
        "batch": batch,
        "member": member,
        "version": version,
        "current": current,
        "superseded": current is not None and current.version != version,
        "standing": found.standing(now).value,
        "answer": current.answer_of(member.key) if current else None,
        "statements": circulation.statement_documents(batch),
        "message": "",
        "error": "",
    } | extra


async def member_page(request: Request) -> Response:
    """The draft as circulated, where it stands, and the member's answer form."""
    batch, member, version = await run_in_threadpool(_checked, request)
    return page(request, "circulation.html", None, _context(request, batch, member, version))


async def answer(request: Request) -> Response:
    """Record the member's answer to the version its link is for."""
    batch, member, version = await run_in_threadpool(_checked, request)
    form = await request.form()
    choice, text = str(form.get("response", "")), str(form.get("text", "")).strip()
    try:
        response = circulation.Response(choice)
    except ValueError:
        context = _context(request, batch, member, version, error="choose a response")
        return page(request, "circulation.html", None, context, status=400)
    settings = room_of(request).settings
    try:
        current = circulation.read_circulation(settings.workspace.ledger, batch.record.batch_id)
        if current.current is not None and current.current.version != version:
            raise ReviewError(f"version {version} was superseded by a revised draft")
        recorded = await run_in_threadpool(
            circulation.respond,
            settings.workspace.ledger,
            batch.record.batch_id,
            committee_of(settings),
            member.key,
            response,
            text,
            f"{member.name} for {member.key} (member's link)",
            circulation.current_time(),
        )
    except ReviewError as exc:
        context = _context(request, batch, member, version, error=str(exc))
        return page(request, "circulation.html", None, context, status=409)
    message = f"recorded for {member.key}: {response.value}"
    if response is circulation.Response.OBJECTION:
        problem = await run_in_threadpool(
            notify_president, settings, batch.record.batch_id, recorded
        )
        message += "; the President was not told by e-mail: " + problem if problem else ""
    return page(
        request,
        "circulation.html",
        None,
        _context(request, batch, member, version, message=message),
    )


async def statement_file(request: Request) -> Response:
    """One file of the circulated statement (DOCX or PDF), for the member to read."""
    batch, _, _ = await run_in_threadpool(_checked, request)
    name = request.path_params["name"]
    files = {p for doc in circulation.statement_documents(batch) for p in doc.files()}
    if name not in files:
        raise HTTPException(404, "no such file")
    return FileResponse(batch.folder / name, filename=name)


async def reviewers_view(request: Request) -> Response:
    """For reviewers (logged in): where the circulation stands, every answer, every e-mail."""
    session = require(request)
    settings = room_of(request).settings
    batch_id = request.path_params["batch_id"]
    ledger = settings.workspace.ledger
    if ledger.batch(batch_id) is None:
        raise HTTPException(404, f"no batch {batch_id}")
    now = circulation.current_time()
    found = await run_in_threadpool(circulation.conclude, ledger, batch_id, now)
    members = committee_of(settings)
    key = circulation.delivery_key(batch_id)
    sent = {(d.doc, d.address): d.status.value for d in ledger.deliveries(key).values()}
    context = {"found": found, "standing": found.standing(now).value, "members": members,
               "sent": sent, "batch_id": batch_id}  # fmt: skip
    return page(request, "circulation_status.html", session, context)
