"""Server-rendered pages (Jinja2 + htmx): overview, dyad, month explanation, events, documents, upload.

Each handler checks its parameters (``params``), makes one call to the store or the cached dyad view,
and renders a template; htmx requests (``HX-Request``) get only the fragment they swap in.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from ..assess.moves import MOVES, key_moves
from ..errors import Errors, NotFound, make_public
from ..report import charts
from ..report.data import DIMENSION_LABELS, DyadView, frame_attr, load_view
from ..report.sections import citation_rows, explanation_rows, factor_rows, finding_rows, indicator_rows
from . import params as p
from .api_v1 import event_filter
from .doctext import blocks, sentence_at, spans_of
from .export import to_csv, to_excel, to_json, to_parquet
from .listing import list_dyads
from .queries import EventFilter, event_page, full_document_id
from .sourceline import dyad_source
from .state import WebState
from .templating import render_page
from .upload import ingest_upload

router = APIRouter(include_in_schema=False)
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DOWNLOADS = ("events", "indicators", "claims", "documents", "timeline", "drivers", "constraints", "findings")


def state_of(request: Request) -> WebState:
    return request.app.state.web


def dyad_view(state: WebState, dyad_text: str) -> DyadView:
    dyad = p.dyad(dyad_text)
    return state.cached(f"view:{dyad}", lambda: load_view(state.db, dyad, assess=state.assess))


@router.get("/")
def overview(request: Request) -> Response:
    state = state_of(request)
    return render_page(request, "overview.html", {"dyads": list_dyads(state), "alerts": recent_alerts(state)})


def recent_alerts(state: WebState, limit: int = 10) -> list[dict[str, Any]]:
    """The newest alerts of ``dyadscope watch`` for the overview (none when the store never watched)."""
    from ..watch.state import list_alerts

    frame, _total = list_alerts(state.db, limit=limit)  # not cached: alerts come without new documents
    return frame.to_dict("records")


def dyad_moves(state: WebState, view: DyadView) -> list[dict[str, Any]]:
    """The largest moves of the overall score with what moved each (``assess.moves``), cached."""
    if view.assessment is None:
        return []
    records = [view.events, view.indicators]
    return state.cached(f"moves:{view.dyad}", lambda: key_moves(view.assessment, MOVES, records=records))


@router.get("/dyads/{dyad}")
def dyad_page(request: Request, dyad: str) -> Response:
    state = state_of(request)
    view = dyad_view(state, dyad)
    moves = dyad_moves(state, view)
    figures = {
        name: charts.figure_json(build(view))
        for name, build in (
            ("timeline", lambda v: charts.add_key_moves(charts.timeline_figure(v), v, moves, annotate=True)),
            ("third", charts.third_party_figure),
            ("dimensions", charts.dimensions_figure),
            ("trade", charts.trade_figure),
            ("fan", charts.fan_figure),
        )
    }
    figures = {k: v for k, v in figures.items() if v["data"]}
    traces = figures.get("timeline", {}).get("data", [])
    return render_page(
        request,
        "dyad.html",
        {
            "view": view,
            "current": view.current,
            "figures": figures,
            "dimensions": frame_attr(view.assessment, "dimensions"),
            "drivers": factor_rows(frame_attr(view.assessment, "drivers")),
            "constraints": factor_rows(frame_attr(view.assessment, "constraints")),
            "indicators": indicator_rows(view.indicators, view.documents),
            "findings": finding_rows(view.findings),
            # (trace index, dimension, shown) for the toggles; the moves markers are not a dimension
            "dimension_traces": [
                (i, t["meta"], t.get("visible", True) is True)
                for i, t in enumerate(traces)
                if t.get("meta") in DIMENSION_LABELS
            ],
            "moves": moves,
            "chart_source": dyad_source(view),  # inside every exported chart image (PNG/SVG)
        },
    )


@router.get("/dyads/{dyad}/explain/{month}")
def explain_fragment(request: Request, dyad: str, month: str) -> Response:
    month = p.month(month)
    view = dyad_view(state_of(request), dyad)
    # no assessment in the view means the assessment refused: answer with its own error
    assessment = view.assessment or state_of(request).assess(view.dyad)
    frame = assessment.explain(month)
    row = view.timeline[view.timeline["month"] == month] if "month" in view.timeline else pd.DataFrame()
    return render_page(
        request,
        "explain.html",
        {
            "view": view,
            "month": month,
            "rows": explanation_rows(frame),
            "scores": row.iloc[0].to_dict() if not row.empty else {},
            "move": month_move(view.timeline, month, frame),
        },
    )


def month_move(timeline: pd.DataFrame, month: str, frame: pd.DataFrame) -> dict[str, Any]:
    """The overall score before (last month) and after (this month), the change, and the total of the
    month's listed contributions to the overall score (equal to the change up to rounding)."""
    if timeline.empty or "month" not in timeline:
        return {}
    ordered = timeline.sort_values("month").reset_index(drop=True)
    hits = ordered.index[ordered["month"] == month]
    if not len(hits):
        return {}
    at = int(hits[0])
    after = float(ordered.at[at, "overall"])
    before = float(ordered.at[at - 1, "overall"]) if at > 0 else None
    column = "overall_contribution" if "overall_contribution" in frame else None
    total = float(frame[column].astype(float).sum()) if column and not frame.empty else None
    change = None if before is None else after - before
    return {"before": before, "after": after, "change": change, "total": total}


@router.get("/events")
def events_page(
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
) -> Response:
    flt = event_filter(dyad, since, until, dimension, actor, root, status, q)
    sort = p.choice("sort", sort, tuple(p.EVENT_SORTS)) or "-date"
    result = event_page(state_of(request).db, flt, p.page(page, size), sort)
    query = {k: v for k, v in request.query_params.items() if k != "page" and v}
    context = {
        "result": result,
        "rows": result.rows.to_dict("records"),
        "query": query,
        "sort": sort,
        "filters": {
            "dyad": dyad or "",
            "since": since or "",
            "until": until or "",
            "dimension": dimension or "",
            "actor": actor or "",
            "root": root or "",
            "status": status or "",
            "q": q or "",
        },
    }
    name = "events_table.html" if request.headers.get("hx-request") else "events.html"
    return render_page(request, name, context)


@router.get("/glossary")
def glossary_page(request: Request) -> Response:
    """Definitions of the terms the dashboard uses (glossary.yaml), each naming its methodology section."""
    return render_page(request, "glossary.html", {})


@router.get("/documents")
def documents_page(request: Request) -> Response:
    frame = state_of(request).db.documents()
    return render_page(request, "documents.html", {"rows": frame.to_dict("records")})


def load_document(state: WebState, doc_id: str) -> tuple[dict[str, Any], pd.DataFrame]:
    try:
        return state.db.document(doc_id), state.db.sentences(doc_id)  # id checked against the hash regex
    except NotFound:
        raise make_public("E405") from None


@router.get("/documents/{doc_id}")
def document_page(request: Request, doc_id: str, hl: str | None = None) -> Response:
    state = state_of(request)
    if len(doc_id) != 64:  # a short id from a table: go to the document's own address
        full = full_document_id(state, doc_id)
        if full is None:
            raise make_public("E405")
        query = f"?hl={quote(hl)}" if hl else ""
        return RedirectResponse(f"/documents/{full}{query}", status_code=303)
    doc, sentences = load_document(state, doc_id)
    frames = {
        "event": state.db.events(doc_id=doc_id),
        "indicator": state.db.indicators(doc_id=doc_id),
        "claim": state.db.claims(doc_id=doc_id),
    }
    cited = parse_span(hl)
    return render_page(
        request,
        "document.html",
        {
            "doc": doc,
            "blocks": blocks(doc["text"], sentences, spans_of(frames), cited),
            "counts": {k: len(v) for k, v in frames.items()},
            "cited": cited,
            "events": frames["event"].to_dict("records"),
            "indicators": frames["indicator"].to_dict("records"),
            "claims": frames["claim"].to_dict("records"),
        },
    )


def parse_span(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    parts = text.split("-")
    if len(parts) != 2 or not all(x.isdigit() and len(x) < 10 for x in parts):
        raise p.ParamError(Errors.E708.format(name="hl", detail="a span START-END"))
    return int(parts[0]), int(parts[1])


@router.get("/documents/{doc_id}/cite")
def cite(request: Request, doc_id: str, start: int = 0, end: int = 0) -> Response:
    """Redirect a citation (document + char span) to its sentence anchor, with the span highlighted."""
    _, sentences = load_document(state_of(request), doc_id)
    idx = sentence_at(sentences, start)
    anchor = f"#s-{idx}" if idx is not None else ""
    return RedirectResponse(
        f"/documents/{doc_id}?hl={max(0, start)}-{max(start, end)}{anchor}", status_code=303
    )


@router.get("/upload")
def upload_form(request: Request) -> Response:
    state = state_of(request)
    status = 200 if state.allow_ingest else 403
    return render_page(request, "upload.html", {"outcomes": None, "message": None}, status_code=status)


@router.post("/upload")
async def upload(request: Request) -> Response:
    outcomes = await ingest_upload(state_of(request), request)
    return render_page(
        request, "upload.html", {"outcomes": [o.model_dump() for o in outcomes], "message": None}
    )


@router.get("/download/{name}")
def download(request: Request, name: str, dyad: str | None = None, spreadsheet: bool = False) -> Response:
    """``/download/events.csv?dyad=USA-VNM&spreadsheet=true`` (any table: csv, json, parquet or xlsx)."""
    table, _, fmt = name.partition(".")
    p.choice("table", table, DOWNLOADS)
    p.choice("format", fmt, tuple(MEDIA))
    frame = download_frame(state_of(request), table, dyad, request)
    body: str | bytes
    if fmt == "csv":
        body = to_csv(frame, spreadsheet=spreadsheet)
    elif fmt == "parquet":
        body = to_parquet(frame)
    elif fmt == "xlsx":
        body = to_excel(frame)
    else:
        body = to_json(frame)
    media = MEDIA[fmt]
    return Response(
        body, media_type=media, headers={"content-disposition": f'attachment; filename="{table}.{fmt}"'}
    )


def download_frame(state: WebState, table: str, dyad: str | None, request: Request) -> pd.DataFrame:
    db = state.db
    d = p.dyad(dyad) if dyad else None
    if table == "events":
        flt: EventFilter = event_filter(
            dyad,
            *(
                request.query_params.get(k)
                for k in ("since", "until", "dimension", "actor", "root", "status", "q")
            ),
        )
        return event_page(db, flt, p.Page(1, 50_000, False)).rows
    if table in ("indicators", "claims"):
        return getattr(db, table)(dyad=d)
    if table == "documents":
        return db.documents()
    if d is None:
        raise p.ParamError(Errors.E708.format(name="dyad", detail="this table needs ?dyad=A-B"))
    view = dyad_view(state, str(d))
    if table == "findings":
        frame = view.findings if view.findings is not None else pd.DataFrame()
    else:
        frame = view.timeline if table == "timeline" else frame_attr(view.assessment, table)
    return pd.DataFrame(citation_rows(frame)) if "citations" in frame or "evidence" in frame else frame
