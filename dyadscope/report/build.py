"""``build_report(db, dyad, fmt, output)``: the report as one offline HTML file, Markdown or PDF.

HTML embeds plotly.js from the installed plotly package (no CDN) and each figure's data, so the file
works with no network. PDF is the same document rendered by WeasyPrint with static SVG charts (it runs
no JavaScript) and a URL fetcher that refuses every network fetch. Markdown carries the tables and
footnotes. Every chapter cites its sentences as numbered footnotes listed under Sources.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import plotly
from jinja2 import ChainableUndefined, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..dyads import Dyad, parse_dyad
from ..errors import Errors, InputError, ReportError
from . import chapters, charts, filters, svg
from .citations import Citations
from .data import DIMENSIONS, DyadView, load_view

TEMPLATES = Path(__file__).parent / "templates"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
CHART_LABELS_JS = Path(__file__).parent / "static" / "chart-labels.js"  # shared with the dashboard
FORMATS = {"html": ".html", "md": ".md", "markdown": ".md", "pdf": ".pdf"}


def _env(autoescape: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=select_autoescape(default=autoescape, default_for_string=autoescape),
    )
    filters.install(env)
    env.filters.update(
        md=md_escape, safe_url=safe_url, json_script=json_script, notes=notes_html, md_notes=md_notes
    )
    return env


def md_escape(value: Any) -> str:
    """Text for Markdown: HTML and link/table syntax from documents defused, one line."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]|#!])", r"\\\1", text)
    return " ".join(text.split())


def safe_url(value: Any) -> str | None:
    """Only http(s) URLs become links; ``javascript:`` and the like stay text."""
    text = str(value or "")
    return text if re.match(r"^https?://[^\s\"'<>]+$", text) else None


def json_script(value: Any) -> Markup:
    import json

    text = json.dumps(filters.clean(value), ensure_ascii=False, default=str, allow_nan=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def notes_html(numbers: Any) -> Markup:
    items = [n for n in (numbers if isinstance(numbers, (list, tuple)) else [numbers]) if n]
    return Markup("".join(f'<sup class="fn"><a href="#cite-{int(n)}">[{int(n)}]</a></sup>' for n in items))


def md_notes(numbers: Any) -> str:
    items = [n for n in (numbers if isinstance(numbers, (list, tuple)) else [numbers]) if n]
    return "".join(f"[^{int(n)}]" for n in items)


def build_report(
    db: Any,
    dyad: Dyad | str,
    fmt: str = "html",
    output: str | Path | None = None,
    compare: list[str] | None = None,
) -> Path:
    """Write the report for ``dyad`` in ``fmt`` (html, md, pdf) to ``output``; return the path.

    ``compare``: other pairs to set beside this one (overall score by month, and each at its last month).
    """
    fmt = str(fmt).lower()
    if fmt not in FORMATS:
        raise InputError(Errors.E713.format(fmt=fmt))
    dyad = parse_dyad(dyad)
    path = Path(output) if output else Path(f"{dyad.a}-{dyad.b}-report{FORMATS[fmt]}")
    context = report_context(db, load_view(db, dyad), static=fmt == "pdf")
    if compare:
        context["pairs"] = pairs_section(db, dyad, compare, static=fmt == "pdf", figures=context["figures"])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "pdf":
            write_pdf(_env(True).get_template("report.html").render(**context), path)
        elif fmt in ("md", "markdown"):
            path.write_text(_env(False).get_template("report.md").render(**context), encoding="utf-8")
        else:
            context["plotly_js"] = inline_script(PLOTLY_JS)
            context["chart_labels_js"] = inline_script(CHART_LABELS_JS)
            path.write_text(_env(True).get_template("report.html").render(**context), encoding="utf-8")
    except OSError as exc:
        raise ReportError(Errors.E712.format(path=path, detail=exc.strerror or exc)) from exc
    return path


def inline_script(path: Path) -> Markup:
    """A JavaScript file's text, safe inside ``<script>``: no ``</script`` can end the element early."""
    text = path.read_text(encoding="utf-8")
    return Markup(re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE))


def report_context(db: Any, view: DyadView, *, static: bool) -> dict[str, Any]:
    """Everything the templates need: chapter titles, chapter contents, figures with their footnotes."""
    cites = Citations(view.documents)
    content = {
        "overview": chapters.overview(view, cites),
        "politics": chapters.politics(db, view, cites),
        "third_party": chapters.third_party(db, view, cites),
        "human_rights": chapters.by_dimension(view, cites, "human_rights"),
        "economy": chapters.economy(view, cites),
        "framework": chapters.framework(db, view, cites),
        "drivers": chapters.drivers(view, cites),
        "future": chapters.future(view, cites),
        "evidence": chapters.evidence(db, view, cites),
    }
    figures = report_figures(view, content, static=static)
    return {
        "view": view,
        "dyad": view.dyad,
        "names": view.names,
        "chapters": chapters.titles(view),
        "c": content,
        "figures": figures,
        "cites": cites,
        "sources": cites.by_document(),
        "static": static,
        "version": __version__,
        "dimensions": DIMENSIONS,
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "plotly_js": None,
        "chart_labels_js": None,
    }


def _numbers(rows: list[dict[str, Any]], key: str = "note") -> list[int]:
    out: list[int] = []
    for r in rows:
        value = r.get(key)
        values = value if isinstance(value, list) else [value]
        out += [n for n in values if n and n not in out]
    return out


def report_figures(view: DyadView, content: dict[str, Any], *, static: bool) -> dict[str, dict[str, Any]]:
    """name -> {json or svg, caption, notes}; a figure without any citation is not shown."""
    key_notes = [n for km in content["overview"]["key_months"] for n in _numbers(km["evidence"])]
    specs = {
        "timeline": (
            charts.add_key_moves(charts.timeline_figure(view), view, content["overview"]["key_months"]),
            "Overall and dimension scores by month; level bands and "
            "framework milestones; cited: the evidence of the largest monthly changes",
            key_notes,
        ),
        "third": (
            charts.third_party_figure(view),
            "Overall score beside the key third party's",
            _numbers(content["third_party"].get("events", [])) or key_notes,
        ),
        "human_rights": (
            dimension_figure(view, "human_rights"),
            "Human-rights dimension beside the overall score",
            _numbers(content["human_rights"]["events"])
            or _numbers(content["human_rights"]["claims"])
            or key_notes,
        ),
        "trade": (
            charts.trade_figure(view),
            "Goods trade on a time axis, one measure at a time, a line per source (never averaged); "
            "part-year figures are hollow markers, not joined to full years",
            _numbers(content["economy"]["indicators"]),
        ),
        "fan": (
            charts.fan_figure(view),
            "Scenario fan: median with 50 % and 90 % bands of the overall score",
            _numbers(content["future"]["risks"]) or key_notes,
        ),
    }
    out = {}
    for name, (fig, caption, notes) in specs.items():
        if not fig.data or not notes:
            continue
        entry: dict[str, Any] = {"caption": caption, "notes": notes[:8]}
        if static:
            entry["svg"] = static_svg(view, name, fig)
            if not entry["svg"]:
                continue
        else:
            entry["json"] = charts.figure_json(fig)
        out[name] = entry
    return out


def pairs_section(db: Any, dyad: Dyad, compare: list[str], *, static: bool, figures: dict[str, Any]) -> Any:
    """The comparison with other pairs (``assess.pairs``); its chart joins ``figures`` as "pairs"."""
    from ..assess.pairs import compare_pairs

    result = compare_pairs(db, [str(dyad), *compare])
    fig = charts.pairs_figure(result)
    if fig.data:
        caption = "Overall score by month, this pair beside the others"
        entry: dict[str, Any] = {"caption": caption, "notes": []}
        if static:
            entry["svg"] = svg.line_chart(
                [
                    svg.Series(str(t.name), [str(x)[:7] for x in t.x], [float(y) for y in t.y], colour, 1.8)
                    for t, colour in zip(fig.data, PAIR_COLOURS, strict=False)
                ],
                title=f"{dyad} beside {', '.join(compare)}: overall score by month",
            )
        else:
            entry["json"] = charts.figure_json(fig)
        figures["pairs"] = entry
    return result


PAIR_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def dimension_figure(view: DyadView, dimension: str) -> Any:
    import plotly.graph_objects as go

    timeline = view.timeline
    if timeline.empty or dimension not in timeline:
        return go.Figure()
    sub = DyadView(
        dyad=view.dyad,
        names=view.names,
        profile=view.profile,
        assessment=type("T", (), {"timeline": timeline[["month", "overall", dimension]]})(),
    )
    return charts.timeline_figure(
        sub, title=f"{view.names[0]} – {view.names[1]}: {dimension.replace('_', ' ')} and overall"
    )


def static_svg(view: DyadView, name: str, fig: Any) -> Markup:
    """The same figure as a static SVG line chart (PDF); bar charts stay as tables."""
    series = []
    for trace in fig.data:
        if getattr(trace, "type", "") != "scatter" or trace.fill == "toself" or trace.mode == "markers":
            continue
        if trace.visible is False:  # a measure the buttons would switch to (trade): not in print
            continue
        colour = trace.line.color if trace.line and trace.line.color else "#111827"
        width = trace.line.width if trace.line and trace.line.width else 1.5
        series.append(
            svg.Series(
                Markup(trace.name or "").unescape(),
                [str(x)[:7] for x in trace.x],
                [float(y) if y is not None else float("nan") for y in trace.y],
                colour,
                width,
            )
        )
    markers = (
        [(m, _level_label(view, level)) for m, level in charts.milestones(view)] if name == "timeline" else []
    )
    moves = [t for t in fig.data if getattr(t, "meta", None) == "moves"]
    points = [(str(m)[:7], float(v)) for t in moves for m, v in zip(t.x, t.y, strict=False)]
    title = Markup(fig.layout.title.text or "").unescape() if fig.layout.title else ""
    if not series:
        return Markup("")
    return svg.line_chart(series, title=title, markers=markers, points=points)


def _level_label(view: DyadView, level: str) -> str:
    """A framework level's readable name from the profile's ladder (never a raw id)."""
    try:
        return view.profile.rung(level).label  # type: ignore[union-attr]
    except (AttributeError, StopIteration):
        return level.replace("_", " ")


def write_pdf(html: str, path: Path) -> None:
    from weasyprint import HTML

    def no_network(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # the report needs nothing from outside; refuse any fetch (images or fonts named by documents)
        raise ValueError(f"offline report: refusing to fetch {url[:80]}")

    HTML(string=html, url_fetcher=no_network, base_url=str(path.parent)).write_pdf(str(path))
