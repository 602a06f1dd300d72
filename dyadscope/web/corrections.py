"""Corrections over the web: GET/POST /api/v1/corrections and the /corrections page (list and form).

Writes need a server started writable (``--allow-ingest``) AND the write token: the server's own token
(``serve --token`` / ``$DYADSCOPE_TOKEN``, the one uploads need) or else the environment variable
``DYADSCOPE_WRITE_TOKEN`` when the server starts, sent as ``Authorization: Bearer <token>`` (API) or in the
form's token field (dashboard). Without a configured token every write is refused (E720).
"""

from __future__ import annotations

import hmac
import os
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..errors import Errors, ParamError, ReadOnly, Unauthorized
from ..render import records
from .pages import state_of
from .templating import render_page

TOKEN_ENV = "DYADSCOPE_WRITE_TOKEN"
FIELDS = ("action", "record_id", "who", "why", "event_code", "into")
EVENT_FIELDS = ("doc_id", "date", "source_actor", "target_actor", "event_code", "text")

api_router = APIRouter(prefix="/api/v1", tags=["corrections"])
page_router = APIRouter(include_in_schema=False)


def check_writable(request: Request, token: str | None) -> None:
    """Refuse unless the server is writable and ``token`` equals the configured write token."""
    if state_of(request).read_only:
        raise ReadOnly(Errors.E719)
    expected = getattr(request.app.state, "write_token", None) or os.environ.get(TOKEN_ENV, "")
    if not expected or not token or not hmac.compare_digest(expected.encode(), token.encode()):
        raise Unauthorized(Errors.E720)


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def correct(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    args = {k: (str(body[k]) if body.get(k) not in (None, "") else None) for k in FIELDS}
    event = body.get("event") if isinstance(body.get("event"), dict) else None
    if args["action"] == "add_event" and event is None:
        event = {k: body.get(k) or (args["event_code"] if k == "event_code" else None) for k in EVENT_FIELDS}
    return state_of(request).db.correct(
        args["action"] or "",
        args["record_id"],
        who=args["who"] or "",
        why=args["why"] or "",
        event_code=args["event_code"],
        into=args["into"],
        event=event,
    )


@api_router.get("/corrections", summary="Every correction with who, when and why (db.corrections)")
def list_api(request: Request) -> Response:
    frame = state_of(request).db.corrections()
    return JSONResponse({"ok": True, "rows": records(frame) if not frame.empty else []})


@api_router.post(
    "/corrections", summary="Store a correction (write token required; db.correct)", status_code=201
)
async def add_api(request: Request) -> Response:
    check_writable(request, bearer(request))
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ParamError(Errors.E708.format(name="body", detail="send a JSON object"))
    row = correct(request, body)
    state_of(request).invalidate()
    return JSONResponse({"ok": True, "correction": {k: v for k, v in row.items()}}, status_code=201)


@page_router.get("/corrections")
def corrections_page(request: Request) -> Response:
    state = state_of(request)
    frame = state.db.corrections()
    rows = frame.assign(changes=frame["changes"].map(str)).to_dict("records") if not frame.empty else []
    return render_page(request, "corrections.html", {"rows": rows, "writable": not state.read_only})


@page_router.post("/corrections")
async def corrections_form(request: Request) -> Response:
    form = await request.form()
    check_writable(request, str(form.get("token") or ""))
    correct(request, {k: form.get(k) for k in (*FIELDS, *EVENT_FIELDS)})
    state_of(request).invalidate()
    return RedirectResponse("/corrections", status_code=303)
