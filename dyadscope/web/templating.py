"""Jinja2 for the dashboard: autoescape on, shared filters, the CSP nonce in every page."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from fastapi.responses import HTMLResponse
from jinja2 import ChainableUndefined, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request

from ..report import filters

TEMPLATES = Path(__file__).parent / "templates"
REPORT_TEMPLATES = Path(__file__).parent.parent / "report" / "templates"

env = Environment(
    loader=FileSystemLoader([TEMPLATES, REPORT_TEMPLATES]),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=ChainableUndefined,  # optional record fields read as empty
    trim_blocks=True,
    lstrip_blocks=True,
)
filters.install(env)


def json_script(value: Any) -> Markup:
    """JSON safe to place inside <script type="application/json">: no '<', '>' or '&' survive raw."""
    text = json.dumps(filters.clean(value), ensure_ascii=False, default=str, allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


env.filters["json_script"] = json_script
GLOSSARY_FILE = Path(__file__).with_name("glossary.yaml")


@lru_cache(maxsize=1)
def glossary() -> dict[str, dict[str, str]]:
    """Term id -> {term, definition, methodology} from glossary.yaml (hover text and /glossary)."""
    data = yaml.safe_load(GLOSSARY_FILE.read_text(encoding="utf-8"))
    return {t["id"]: {k: " ".join(str(v).split()) for k, v in t.items()} for t in data["terms"]}


env.globals["glossary"] = glossary


def render_page(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    state = request.app.state.web
    nonce = request.scope.get("state", {}).get("csp_nonce", "")
    html = env.get_template(name).render(
        request=request, nonce=nonce, allow_ingest=state.allow_ingest, read_only=state.read_only, **context
    )
    return HTMLResponse(html, status_code=status_code)
