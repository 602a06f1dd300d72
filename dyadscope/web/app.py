"""The web app factory: ``create_app(db_url, read_only=True, allow_ingest=False)``.

Read-only by default (the store is opened ``mode=ro`` + ``query_only``); ``allow_ingest=True`` opens it
for writing and enables the upload form and ``POST /api/v1/ingest``. Bound by the CLI to 127.0.0.1.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import plotly
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..api import Database
from ..errors import DyadscopeError, make
from ..report.build import CHART_LABELS_JS
from ..store.engine import redact
from . import api_v1, compare, corrections, pages
from .limits import is_interrupt, limit_queries
from .security import DEFAULT_HOSTS, SecurityMiddleware
from .state import WebState
from .templating import render_page

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
HTTP_CODES = {404: "E701", 405: "E702"}  # the catalogue code of each HTTP refusal


def create_app(
    db_url: str | Path | None,
    *,
    read_only: bool = True,
    allow_ingest: bool = False,
    allowed_hosts: Iterable[str] | None = None,
    max_upload_bytes: int = 50_000_000,
    query_seconds: float = 30.0,
    token: str | None = None,
) -> FastAPI:
    """Build the dashboard + JSON API over one store.

    ``allow_ingest=True`` implies a writable store. ``allowed_hosts`` is the Host allow-list (default
    localhost, 127.0.0.1, ::1); ``"*"`` allows any (only behind a proxy that checks Host itself).
    ``query_seconds`` stops any SQL statement that runs longer (503, E715). ``token``: every write must
    carry it (``Authorization: Bearer …``, or the cookie set by a GET with ``?token=…``), else 401.
    """
    read_only = read_only and not allow_ingest
    db = Database(db_url, read_only=read_only)
    read_only = db.read_only  # a store on read-only storage stays read-only: uploads get 403
    limit_queries(db.engine, query_seconds)
    app = FastAPI(
        title="dyadscope",
        version=__version__,
        docs_url=None,  # served below from vendored Swagger UI: FastAPI's default page loads it from a CDN
        openapi_url="/api/v1/openapi.json",
        redoc_url=None,
        description="Evidence-based assessment of bilateral relations: JSON API v1.",
    )
    app.state.web = WebState(
        db=db, read_only=read_only, allow_ingest=allow_ingest, max_upload_bytes=max_upload_bytes
    )
    app.include_router(api_v1.router)
    app.include_router(compare.api_router)
    app.include_router(corrections.api_router)
    app.include_router(pages.router)
    app.include_router(compare.page_router)
    app.include_router(corrections.page_router)
    # routed before the /static mount, which would otherwise answer (404) for it: the file lives in
    # the report package because the offline HTML report inlines the same script
    app.add_api_route("/static/chart-labels.js", chart_labels_js, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC, follow_symlink=False), name="static")
    app.add_api_route("/vendor/plotly.min.js", plotly_js, include_in_schema=False)
    app.add_api_route("/api/v1/docs", api_docs, include_in_schema=False)
    app.state.query_seconds = query_seconds
    app.state.write_token = token  # corrections accept the same token as uploads
    install_error_handlers(app)
    app.add_middleware(
        SecurityMiddleware,
        allowed_hosts=tuple(allowed_hosts or DEFAULT_HOSTS),
        max_body_bytes=max_upload_bytes + 1_000_000,
        token=token,
    )
    return app


def api_docs() -> FileResponse:
    """The OpenAPI explorer: vendored Swagger UI, no CDN, no inline script."""
    return FileResponse(Path(__file__).parent / "templates" / "api_docs.html", media_type="text/html")


def plotly_js() -> FileResponse:
    """Plotly's own bundle from the installed package (no CDN, no copy in the repository)."""
    return FileResponse(PLOTLY_JS, media_type="text/javascript", headers={"cache-control": "max-age=86400"})


def chart_labels_js() -> FileResponse:
    """The chart-label placement the HTML report inlines, served from the report package."""
    return FileResponse(CHART_LABELS_JS, media_type="text/javascript")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.startswith("/download/")


def error_response(request: Request, status: int, message: str, code: str) -> Response:
    if wants_json(request):
        return JSONResponse(
            {"ok": False, "error": message, "code": code, "status": status}, status_code=status
        )
    return render_page(
        request, "error.html", {"message": message, "code": code, "status": status}, status_code=status
    )


def answer(request: Request, exc: DyadscopeError) -> Response:
    """The error's catalogue code, text and its class's HTTP status, as JSON or an error page."""
    return error_response(request, exc.status, exc.message, exc.code)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DyadscopeError)
    async def on_dyadscope_error(request: Request, exc: DyadscopeError) -> Response:
        return answer(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # never echo the path or detail: they may carry the attacker's input
        refusal = make(HTTP_CODES.get(exc.status_code, "E716"))
        return error_response(request, exc.status_code, refusal.message, refusal.code)

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
        names = [str(e.get("loc", ["", "?"])[-1]) for e in exc.errors()]
        name = next((n for n in names if n.isidentifier()), "parameter")
        return answer(request, make("E708", name=name, detail="not a valid value"))

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> Response:
        if is_interrupt(exc):
            seconds = request.app.state.query_seconds
            return answer(request, make("E715", seconds=seconds))
        log.exception("unexpected error on %s", request.url.path)
        return answer(request, make("E700"))


def describe(app: FastAPI) -> dict[str, Any]:
    """Summary used by ``dyadscope serve`` when it starts."""
    state: WebState = app.state.web
    return {"store": redact(state.db.url), "read_only": state.read_only, "allow_ingest": state.allow_ingest}
