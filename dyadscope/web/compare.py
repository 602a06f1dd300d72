"""Several pairs on one chart: the /compare page and GET /api/v1/compare (``db.compare_pairs``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..assess.pairs import MAX_PAIRS, SERIES, PairComparison, compare_pairs
from ..errors import Errors
from ..report import charts
from ..report.data import DIMENSION_LABELS
from . import params as p
from .api_v1 import etag_json
from .listing import list_dyads
from .pages import state_of
from .sourceline import pairs_source
from .templating import render_page

api_router = APIRouter(prefix="/api/v1", tags=["compare"])
page_router = APIRouter(include_in_schema=False)


def parse(dyads: str | None, dimension: str | None, since: str | None, until: str | None) -> dict[str, Any]:
    """Query parameters checked at the edge: pairs (comma-separated), dimension, first and last month."""
    names = [d.strip() for d in (dyads or "").split(",") if d.strip()]
    if not 1 <= len(names) <= MAX_PAIRS:
        raise p.ParamError(
            Errors.E708.format(name="dyads", detail=f"give 1 to {MAX_PAIRS} pairs, e.g. USA-VNM,CHN-VNM")
        )
    return {
        "dyads": [str(p.dyad(n)) for n in names],
        "dimension": p.choice("dimension", dimension or "overall", SERIES) or "overall",
        "since": p.month(since) if since else None,
        "until": p.month(until) if until else None,
    }


def run(request: Request, args: dict[str, Any]) -> PairComparison:
    state = state_of(request)
    key = f"pairs:{','.join(args['dyads'])}:{args['dimension']}:{args['since']}:{args['until']}"
    return state.cached(key, lambda: compare_pairs(state.db, **args))


@api_router.get("/compare", summary="Several pairs' scores side by side (db.compare_pairs)")
def compare_api(
    request: Request,
    dyads: str,
    dimension: str = "overall",
    since: str | None = None,
    until: str | None = None,
) -> Response:
    args = parse(dyads, dimension, since, until)
    return etag_json(request, lambda: {"ok": True, **run(request, args).to_json()})


@page_router.get("/compare")
def compare_page(
    request: Request,
    dyads: str | None = None,
    dimension: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Response:
    known = [row["dyad"] for row in list_dyads(state_of(request))]
    args = parse(dyads or ",".join(known[:3]), dimension, since, until) if (dyads or known) else None
    result = run(request, args) if args else None
    figure = charts.figure_json(charts.pairs_figure(result)) if result is not None else {"data": []}
    return render_page(
        request,
        "compare.html",
        {
            "known": known,
            "args": args or {"dyads": [], "dimension": "overall", "since": None, "until": None},
            "series": [(s, DIMENSION_LABELS.get(s, s.replace("_", " "))) for s in SERIES],
            "result": result,
            "figures": {"pairs": figure} if figure["data"] else {},
            "chart_source": pairs_source(args["dyads"], compare_last_month(result)) if args else None,
        },
    )


def compare_last_month(result: PairComparison | None) -> str | None:
    """The last month the compare chart draws (for its source line)."""
    if result is None or result.scores.empty or "month" not in result.scores:
        return None
    return str(result.scores["month"].max())[:7]
