"""The JSON API under /api/v1, mirroring the Python API (``Database`` methods and the Assessment).

Tables come back as ``{"ok": true, "rows": [...], "page": …, "total": …, "truncated": …}``; every 4xx as
``{"ok": false, "error": "…", "code": "E401", "status": 404}``. Responses carry an ETag; a matching
``If-None-Match`` gets 304.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import Errors, NotFound, make_public
from ..foresight import DEFAULT_RUNS
from ..render import records
from . import params as p
from .listing import list_dyads, paginate
from .queries import EventFilter, count_events, event_page
from .state import FINGERPRINT_TTL, WebState
from .upload import ingest_upload

router = APIRouter(prefix="/api/v1", tags=["api"])


def state_of(request: Request) -> WebState:
    return request.app.state.web


def _encoder(compute: Callable[[], Any]) -> Callable[[], tuple[bytes, str]]:
    def encode() -> tuple[bytes, str]:
        body = json.dumps(compute(), ensure_ascii=False, default=str, allow_nan=False).encode()
        return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'

    return encode


def _answer(request: Request, body: bytes, tag: str) -> Response:
    if tag in (request.headers.get("if-none-match") or ""):
        return Response(status_code=304, headers={"etag": tag})
    return Response(body, media_type="application/json", headers={"etag": tag, "cache-control": "no-cache"})


def etag_json(request: Request, compute: Callable[[], Any]) -> Response:
    """JSON with an ETag, cached per URL until the store changes; 304 when the client holds this body."""
    key = f"{request.url.path}?{request.url.query}"
    return _answer(request, *state_of(request).response(key, _encoder(compute)))


async def etag_json_async(request: Request, compute: Callable[[], Any]) -> Response:
    """As etag_json, for hot endpoints: a cache hit is answered on the event loop, a miss in a thread."""
    state, key = state_of(request), f"{request.url.path}?{request.url.query}"
    hit: tuple[bytes, str] | None = (
        state.peek(key) if time.monotonic() - state._fingerprint[0] < FINGERPRINT_TTL else None
    )
    if hit is None:
        fresh: tuple[bytes, str] = await run_in_threadpool(state.response, key, _encoder(compute))
        return _answer(request, *fresh)
    return _answer(request, *hit)


def frame_payload(frame: pd.DataFrame, **meta: Any) -> dict[str, Any]:
    return {"ok": True, **meta, "rows": records(frame) if not frame.empty else []}


def assessment_of(state: WebState, dyad_text: str) -> Any:
    dyad = p.dyad(dyad_text)
    return dyad, state.assess(dyad)


@router.get("/dyads", summary="Every dyad in the store, with its current score, level and trend")
def dyads(request: Request) -> Response:
    return etag_json(request, lambda: {"ok": True, "rows": list_dyads(state_of(request))})


@router.get("/dyads/{dyad}/assessment", summary="db.assess(a, b).to_json()")
def assessment(request: Request, dyad: str) -> Response:
    _, found = assessment_of(state_of(request), dyad)
    return etag_json(request, lambda: {"ok": True, **json.loads(json.dumps(found.to_json(), default=str))})


@router.get("/dyads/{dyad}/timeline", summary="Monthly overall and dimension scores with level and framework")
async def timeline(
    request: Request, dyad: str, since: str | None = None, until: str | None = None
) -> Response:
    def compute() -> dict[str, Any]:
        first, last = p.iso_date("since", since), p.iso_date("until", until)
        d, found = assessment_of(state_of(request), dyad)
        frame = found.timeline
        if first:
            frame = frame[frame["month"] >= first[:7]]
        if last:
            frame = frame[frame["month"] <= last[:7]]
        return frame_payload(frame, dyad=str(d))

    return await etag_json_async(request, compute)


@router.get("/dyads/{dyad}/explain/{month}", summary="What moved the scores in one month, with evidence")
def explain(request: Request, dyad: str, month: str) -> Response:
    month = p.month(month)
    d, found = assessment_of(state_of(request), dyad)
    return etag_json(request, lambda: frame_payload(found.explain(month), dyad=str(d), month=month))


@router.get("/dyads/{dyad}/findings", summary="Evidence-quality findings (conflicts, stale claims, …)")
def findings(request: Request, dyad: str) -> Response:
    d, found = assessment_of(state_of(request), dyad)
    frame = found.findings if isinstance(getattr(found, "findings", None), pd.DataFrame) else pd.DataFrame()
    return etag_json(request, lambda: frame_payload(frame, dyad=str(d)))


@router.get("/dyads/{dyad}/compare", summary="Documents-only score vs GDELT Goldstein (db.compare_origins)")
async def compare(
    request: Request,
    dyad: str,
    since: str | None = None,
    until: str | None = None,
    weight: str = "mentions",
    dedupe: bool = True,
    min_events: int = Query(5, ge=1, le=10_000),
) -> Response:
    def compute() -> dict[str, Any]:
        d = p.dyad(dyad)
        chosen = p.choice("weight", weight, ("count", "mentions", "sources", "articles")) or "mentions"
        first, last = p.iso_date("since", since), p.iso_date("until", until)
        result = state_of(request).db.compare_origins(
            d.a, d.b, since=first, until=last, weight=chosen, dedupe=dedupe, min_events=min_events
        )
        return {"ok": True, **result.to_json()}

    return await etag_json_async(request, compute)


@router.get("/dyads/{dyad}/scenario", summary="Monte Carlo fan of the score (db.scenario)")
def scenario(
    request: Request,
    dyad: str,
    months: int = Query(12, ge=1, le=36),
    runs: int = Query(DEFAULT_RUNS, ge=100, le=10_000),
    seed: int = Query(0, ge=0, le=2**63 - 1),
) -> Response:
    state = state_of(request)
    d = p.dyad(dyad)
    result = state.cached(
        f"scenario:{d}:{months}:{runs}:{seed}",
        lambda: state.db.scenario(d.a, d.b, months=months, runs=runs, seed=seed),
    )
    probs = getattr(result, "level_probs", None)
    probs = records(probs) if isinstance(probs, pd.DataFrame) else probs
    return etag_json(request, lambda: {**frame_payload(result.bands, dyad=str(d)), "level_probs": probs})


@router.get("/events", summary="Events, filtered and paginated (sort by a whitelisted key)")
async def events(
    request: Request,
    dyad: str | None = None,
    since: str | None = None,
    until: str | None = None,
    dimension: str | None = None,
    actor: str | None = None,
    root: str | None = None,
    status: str | None = None,
    q: str | None = None,
    sort: str = "-date",
    page: int = 1,
    size: int = p.DEFAULT_PAGE_SIZE,
    doc: str | None = Query(None, max_length=64, pattern="^[0-9a-f]+$"),
    origin: str | None = None,
    min_confidence: float | None = Query(None, ge=0, le=1),
) -> Response:
    def compute() -> dict[str, Any]:
        flt = event_filter(dyad, since, until, dimension, actor, root, status, q)
        flt.doc_id, flt.origin, flt.min_confidence = doc, p.origin(origin), min_confidence
        order = p.choice("sort", sort, tuple(p.EVENT_SORTS)) or "-date"
        state = state_of(request)
        total = lambda: state.cached(f"count:{flt!r}", lambda: count_events(state.db, flt))  # noqa: E731
        result = event_page(state.db, flt, p.page(page, size), order, count=total)
        return frame_payload(result.rows, **result.meta())

    return await etag_json_async(request, compute)


def event_filter(
    dyad: str | None,
    since: str | None,
    until: str | None,
    dimension: str | None,
    actor: str | None,
    root: str | None,
    status: str | None,
    q: str | None,
) -> EventFilter:
    return EventFilter(
        dyad=p.dyad(dyad) if dyad else None,
        since=p.iso_date("since", since),
        until=p.iso_date("until", until),
        dimension=p.dimension(dimension),
        actor=p.actor(actor),
        root=p.root(root),
        status=p.status(status),
        q=p.search_text(q),
    )


@router.get("/indicators", summary="Indicators (name, value, period, reporter, attribution)")
async def indicators(
    request: Request,
    dyad: str | None = None,
    name: str | None = None,
    period: str | None = None,
    page: int = 1,
    size: int = p.DEFAULT_PAGE_SIZE,
    doc: str | None = Query(None, max_length=64, pattern="^[0-9a-f]+$"),
    origin: str | None = None,
) -> Response:
    def compute() -> dict[str, Any]:
        frame = state_of(request).db.indicators(
            dyad=p.dyad(dyad) if dyad else None,
            name=name or None,
            period=period or None,
            doc_id=doc,
            origin=p.origin(origin),
        )
        rows, meta = paginate(frame, p.page(page, size))
        return frame_payload(rows, **meta)

    return await etag_json_async(request, compute)


@router.get("/claims", summary="Claims (drivers, constraints, risks) with their sentences")
async def claims(
    request: Request,
    dyad: str | None = None,
    factor: str | None = None,
    stance: str | None = None,
    page: int = 1,
    size: int = p.DEFAULT_PAGE_SIZE,
    doc: str | None = Query(None, max_length=64, pattern="^[0-9a-f]+$"),
) -> Response:
    def compute() -> dict[str, Any]:
        chosen = p.choice("stance", stance, ("driver", "constraint"))
        frame = state_of(request).db.claims(
            dyad=p.dyad(dyad) if dyad else None, factor=factor or None, stance=chosen, doc_id=doc
        )
        rows, meta = paginate(frame, p.page(page, size))
        return frame_payload(rows, **meta)

    return await etag_json_async(request, compute)


@router.get("/documents", summary="Stored documents (without their text)")
async def documents(
    request: Request, kind: str | None = None, page: int = 1, size: int = p.DEFAULT_PAGE_SIZE
) -> Response:
    def compute() -> dict[str, Any]:
        chosen = p.choice("kind", kind, ("report", "news", "statement", "fact_sheet", "dataset", "other"))
        rows, meta = paginate(state_of(request).db.documents(kind=chosen), p.page(page, size))
        return frame_payload(rows, **meta)

    return await etag_json_async(request, compute)


@router.get("/documents/{doc_id}", summary="One document with its text and sentences")
def document(request: Request, doc_id: str) -> Response:
    db = state_of(request).db
    try:
        record = db.document(doc_id)  # checks the id against the hash regex first; never opens a file
        sentences = db.sentences(doc_id)
    except NotFound:
        raise make_public("E405") from None
    return etag_json(
        request,
        lambda: {
            "ok": True,
            "document": json.loads(json.dumps(record, default=str)),
            "sentences": records(sentences) if not sentences.empty else [],
        },
    )


@router.get("/snapshots", summary="Stored assessment snapshots")
def snapshots(request: Request, dyad: str | None = None) -> Response:
    db = state_of(request).db
    return etag_json(request, lambda: frame_payload(db.snapshots(dyad=p.dyad(dyad) if dyad else None)))


@router.get("/alerts", summary="Alerts raised by `dyadscope watch`, newest first (paginated)")
async def alerts(
    request: Request, dyad: str | None = None, page: int = 1, size: int = p.DEFAULT_PAGE_SIZE
) -> Response:
    def compute() -> dict[str, Any]:
        from ..watch.state import list_alerts

        chosen, pick = p.dyad(dyad) if dyad else None, p.page(page, size)
        frame, total = list_alerts(
            state_of(request).db,
            dyad=str(chosen) if chosen else None,
            limit=pick.size,
            offset=pick.offset,
        )
        pages = max(1, -(-total // pick.size))
        if pick.page > pages:
            raise p.ParamError(Errors.E408.format(page=pick.page, pages=pages))
        meta = {"page": pick.page, "size": pick.size, "total": total, "total_exact": True, "pages": pages}
        return frame_payload(frame, **meta, truncated=pick.truncated, has_next=pick.page < pages)

    # not cached: the cache lives until documents change, and a watch run can add alerts without any
    return _answer(request, *await run_in_threadpool(_encoder(compute)))


@router.get("/diff", summary="What changed between two snapshots (db.diff)")
def diff(
    request: Request, a: str = Query(..., max_length=64), b: str = Query(..., max_length=64)
) -> Response:
    db = state_of(request).db
    for value in (a, b):
        if not value.isalnum():
            raise p.ParamError(
                Errors.E708.format(name="snapshot", detail="a snapshot id (letters and digits)")
            )
    try:
        result = db.diff(a, b)
    except NotFound:
        raise NotFound(Errors.E701) from None  # the message must not echo the ids
    return etag_json(request, lambda: {"ok": True, **json.loads(json.dumps(result, default=str))})


@router.post(
    "/ingest",
    summary="Upload one document to ingest (only with --allow-ingest)",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                }
            }
        }
    },
)
async def ingest(request: Request) -> JSONResponse:
    # the form is parsed inside ingest_upload, only after the read-only and size checks
    outcomes = await ingest_upload(state_of(request), request)
    return JSONResponse({"ok": True, "outcomes": [o.model_dump() for o in outcomes]})
