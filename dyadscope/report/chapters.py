"""The content of each report chapter, as plain dicts with footnote numbers (templates only lay it out).

Generic for any dyad A-B: the chapter titles and the words that pick sentences come from
``chapters.yaml``; the third party comes from the dyad profile.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..assess.moves import largest_moves, safe_explain
from .citations import Citations
from .data import DIMENSIONS, DyadView, display_name, frame_attr, level_of
from .filters import clean, missing
from .sections import factor_rows, finding_rows

CONFIG = Path(__file__).parent / "chapters.yaml"


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    with open(CONFIG, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def words_regex(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE)


def titles(view: DyadView) -> list[dict[str, Any]]:
    names = {
        "a": view.names[0],
        "b": view.names[1],
        "t": display_name(view.third_party) if view.third_party else "the key third party",
    }
    return [
        {"id": c["id"], "number": i, "title": c["title"].format(**names)}
        for i, c in enumerate(config()["chapters"], start=1)
    ]


def cite_rows(cites: Citations, frame: pd.DataFrame, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` record rows (events or claims) with a footnote number each, one per sentence."""
    rows: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for record in frame.to_dict("records") if not frame.empty else []:
        if len(rows) >= limit:
            break
        record = clean(record)
        record["note"] = cites.cite(record)
        key = record["note"] or record.get("text")
        if key not in seen:
            seen.add(key)
            rows.append(record)
    return rows


def overview(view: DyadView, cites: Citations) -> dict[str, Any]:
    """Score, level, trend, framework ladder and the months that moved the relationship most."""
    timeline = view.timeline
    key_months = []
    if not timeline.empty and "overall" in timeline and view.assessment is not None:
        # the same selection as the dashboard's timeline markers (assess.moves)
        for move in largest_moves(timeline).itertuples(index=False):
            evidence = month_evidence(cites, safe_explain(view.assessment, str(move.month)))
            key_months.append({"month": str(move.month), "change": float(move.change), "evidence": evidence})
    ladder = [
        {"date": str(getattr(s, "date", s[0])), "level": str(getattr(s, "level", s[1])).replace("_", " ")}
        for s in (getattr(view.profile, "framework", None) or [])
    ]
    return {
        "current": view.current,
        "key_months": key_months,
        "ladder": ladder,
        "dimensions": frame_attr(view.assessment, "dimensions").to_dict("records"),
    }


def month_evidence(cites: Citations, frame: pd.DataFrame, limit: int = 2) -> list[dict[str, Any]]:
    """A month's largest cited contributions, one per sentence; a baseline pull only if none is cited."""
    if frame.empty or "contribution" not in frame:
        return []
    frame = frame.reindex(frame["contribution"].abs().sort_values(ascending=False).index)
    cited = frame[frame["doc_id"].notna()] if "doc_id" in frame else frame.iloc[0:0]
    return cite_rows(cites, cited, limit) or cite_rows(cites, frame, 1)


def dyad_sentences(db: Any, view: DyadView, pattern: re.Pattern[str], limit: int) -> list[dict[str, Any]]:
    """Sentences of this dyad's documents that match ``pattern``, newest document first."""
    doc_ids: list[str] = []
    for frame in (view.events, view.claims, view.indicators):
        if not frame.empty:
            doc_ids += [d for d in frame["doc_id"].dropna().unique() if d not in doc_ids]
    docs = view.documents
    if not docs.empty and "dyad" in docs:
        pair = {str(view.dyad), f"{view.dyad.b}-{view.dyad.a}"}
        doc_ids += [d for d in docs[docs["dyad"].isin(pair)]["id"] if d not in doc_ids]
    order = (
        {d: i for i, d in enumerate(docs.sort_values("published", ascending=False, na_position="last")["id"])}
        if not docs.empty
        else {}
    )
    found = []
    for doc_id in sorted(doc_ids, key=lambda d: order.get(d, 1 << 30)):
        sentences = db.sentences(doc_id)
        for row in sentences.itertuples():
            if pattern.search(row.text):
                found.append(
                    {
                        "doc_id": doc_id,
                        "text": row.text,
                        "char_start": row.char_start,
                        "char_end": row.char_end,
                    }
                )
                if len(found) >= limit:
                    return found
    return found


def recent_cutoff(view: DyadView, years: int = 12) -> str:
    """Leaders who left office before this date are history, not the current structure."""
    last = str(
        view.current.get("month") or view.timeline["month"].max() if not view.timeline.empty else "2100"
    )
    return f"{int(last[:4]) - years:04d}" if last[:4].isdigit() else ""


def politics(db: Any, view: DyadView, cites: Citations) -> dict[str, Any]:
    conf = config()["politics"]
    b = view.dyad.b
    leaders = []
    if view.profile is not None and hasattr(view.profile, "leaders_of"):
        leaders = [
            {
                "name": x.name,
                "title": getattr(x, "title", ""),
                "start": getattr(x, "start", None),
                "end": getattr(x, "end", None),
            }
            for x in view.profile.leaders_of(b)
            if not getattr(x, "end", None) or str(x.end) >= recent_cutoff(view)
        ]
    events = view.events
    own = (
        events[(events["source_actor"] == b) & (events["status"] == "reported")]
        if not events.empty
        else events
    )
    sentences = dyad_sentences(db, view, words_regex(conf["words"]), conf["max_sentences"])
    for s in sentences:
        s["note"] = cites.cite(s)
    return {"leaders": leaders, "statements": sentences, "events": cite_rows(cites, own, 8)}


def third_party(db: Any, view: DyadView, cites: Citations) -> dict[str, Any]:
    code = view.third_party
    if not code:
        return {"code": None}
    relevance = next(
        (
            getattr(p, "relevance", "")
            for p in getattr(view.profile, "third_parties", []) or []
            if getattr(p, "code", None) == code
        ),
        "",
    )
    partner = view.dyad.b if code != view.dyad.b else view.dyad.a
    events = db.events(dyad=(code, partner), origin="document", limit=10)
    claims = view.claims
    mentions = claims[claims["actors"].str.contains(code, na=False)] if not claims.empty else claims
    third_current = dict(getattr(view.third_assessment, "current", None) or {})
    if third_current and not third_current.get("level"):
        third_current["level"] = level_of(third_current.get("score"))
    return {
        "code": code,
        "name": display_name(code),
        "partner": display_name(partner),
        "relevance": relevance,
        "current": third_current,
        "events": cite_rows(cites, events, 8),
        "claims": cite_rows(cites, mentions, 6),
        "note": view.notes.get("third_party"),
    }


def by_dimension(view: DyadView, cites: Citations, dimension: str) -> dict[str, Any]:
    events, claims = view.events, view.claims
    ev = events[events["dimension"] == dimension] if not events.empty else events
    cl = claims[claims["dimension"] == dimension] if not claims.empty else claims
    dims = frame_attr(view.assessment, "dimensions")
    row = dims[dims["dimension"] == dimension].to_dict("records") if not dims.empty else []
    factors = [
        f
        for f in factor_rows(frame_attr(view.assessment, "drivers"))
        + factor_rows(frame_attr(view.assessment, "constraints"))
        if f.get("dimension") == dimension
    ]
    for f in factors:
        f["notes"] = cites.cite_all(f.get("citations"), 2)
    return {
        "score": clean(row[0]) if row else {},
        "events": cite_rows(cites, ev, 8),
        "claims": cite_rows(cites, cl, 6),
        "factors": factors,
    }


def economy(view: DyadView, cites: Citations) -> dict[str, Any]:
    from .sections import indicator_rows

    rows = indicator_rows(view.indicators, view.documents)
    for r in rows:
        r["note"] = cites.cite_all([r, *r.get("also", [])], 4) if r.get("also") else cites.cite(r)
    findings = [f for f in finding_rows(view.findings) if f.get("kind") == "figure_conflict"]
    for f in findings:
        f["notes"] = cites.cite_all(f.get("evidence"), 6)
    # side-by-side figures only when the findings stage did not run: its verdict (e.g. a tariff that moved
    # is a policy_change, not a conflict) must not be second-guessed here
    conflicts = findings if view.findings is not None else computed_conflicts(rows)
    return {"indicators": rows, "conflicts": conflicts, **by_dimension(view, cites, "economic")}


def computed_conflicts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Same indicator and period with different values, side by side (used when findings are absent)."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((r["name"], str(r["period"])), []).append(r)
    out = []
    for (name, period), items in groups.items():
        if len({round(float(i["value"]), 6) for i in items if not missing(i["value"])}) > 1:
            reporters = {i.get("reporter") for i in items}
            reason = (
                "different reporters (each country's statistics count the other's exports and imports "
                "differently)"
                if len(reporters) > 1
                else "the same reporter, different figures: a real conflict"
            )
            out.append(
                {
                    "title": f"{name.replace('_', ' ')} for {period} is reported with {len(items)} values",
                    "explanation": f"Kept side by side, not averaged; likely reason: {reason}.",
                    "kind": "figure_conflict",
                    "severity": "medium",
                    "notes": [i["note"] for i in items if i.get("note")],
                }
            )
    return out


def framework(db: Any, view: DyadView, cites: Citations) -> dict[str, Any]:
    conf = config()["agreement"]
    events = view.events
    if events.empty:
        return {"event": None, "contents": []}
    label_re = words_regex(conf["words"])
    mask = events["event_code"].astype(str).str.startswith(tuple(conf["event_codes"])) | events[
        "text"
    ].fillna("").str.contains(label_re)
    found = events[mask & (events["status"] == "reported") & events["doc_id"].notna()]
    if found.empty:
        return {"event": None, "contents": []}
    latest = clean(found.sort_values("date").iloc[-1].to_dict())
    latest["note"] = cites.cite(latest)
    content_re = words_regex(conf["content_words"])
    contents = []
    for doc_id in found[found["date"].str[:7] >= str(latest["date"])[:7]]["doc_id"].unique():
        for row in db.sentences(doc_id).itertuples():
            if (content_re.search(row.text) and label_re.search(row.text)) or row.char_start == latest[
                "char_start"
            ]:
                item = {
                    "doc_id": doc_id,
                    "text": row.text,
                    "char_start": row.char_start,
                    "char_end": row.char_end,
                }
                item["note"] = cites.cite(item)
                contents.append(item)
    return {"event": latest, "contents": contents[: conf["max_sentences"]]}


def drivers(view: DyadView, cites: Citations) -> dict[str, Any]:
    groups = []
    for stance in ("drivers", "constraints"):
        rows = factor_rows(frame_attr(view.assessment, stance))
        for rank, r in enumerate(rows, start=1):
            r["rank"], r["notes"] = rank, cites.cite_all(r.get("citations"), 3)
        per_dim = [{"dimension": d, "rows": [r for r in rows if r.get("dimension") == d]} for d in DIMENSIONS]
        groups.append({"stance": stance, "rows": rows, "by_dimension": [g for g in per_dim if g["rows"]]})
    return {"groups": groups}


def future(view: DyadView, cites: Citations) -> dict[str, Any]:
    conf = config()["risks"]
    outlook = []
    bands = getattr(view.scenario, "bands", None)
    specs = getattr(view.scenario, "scenarios", None) or []
    labels = {str(s.get("id")): str(s.get("name")) for s in specs if isinstance(s, dict) and s.get("name")}
    if isinstance(bands, pd.DataFrame) and not bands.empty:
        part = bands[bands["series"] == "overall"] if "series" in bands else bands
        for name, rows in part.groupby("scenario", sort=True):
            last = rows.sort_values("month").iloc[-1]
            outlook.append(
                {
                    "scenario": name,
                    "label": labels.get(str(name), str(name).replace("_", " ")),
                    "month": last["month"],
                    "p05": last["p05"],
                    "p50": last["p50"],
                    "p95": last["p95"],
                }
            )
    probs = getattr(view.scenario, "level_probs", None)
    probs = clean(probs.to_dict("records")) if isinstance(probs, pd.DataFrame) else clean(probs)
    claims = view.claims
    risk_re = words_regex(conf["words"])
    risky = (
        claims[(claims["kind"].isin(["risk", "constraint"])) | claims["text"].str.contains(risk_re)]
        if not claims.empty
        else claims
    )
    events = view.events
    ahead = events[events["status"].isin(["planned", "hypothetical"])] if not events.empty else events
    return {
        "outlook": outlook,
        "level_probs": probs,
        "risks": cite_rows(cites, risky, conf["max_items"]),
        "planned": cite_rows(cites, ahead, 8),
        "note": view.notes.get("scenario"),
    }


def evidence(db: Any, view: DyadView, cites: Citations) -> dict[str, Any]:
    findings = finding_rows(view.findings)
    for f in findings:
        f["notes"] = cites.cite_all(f.get("evidence"), 6)
    events, claims = view.events, view.claims
    stats = {
        "documents": len(view.documents),
        "events": len(events),
        "claims": len(claims),
        "indicators": len(view.indicators),
        "hedged_claims": int(claims["hedged"].sum()) if not claims.empty else 0,
        "ambiguous_dates": int(events["date_ambiguous"].sum()) if "date_ambiguous" in events else 0,
        "uncertain_dates": int(events["date_uncertain"].sum()) if "date_uncertain" in events else 0,
        "low_confidence": int((events["confidence"] < 0.5).sum()) if not events.empty else 0,
    }
    return {
        "findings": findings,
        "stats": stats,
        "gaps": coverage_gaps(db),
        "note": view.notes.get("findings"),
        "compare": origin_comparison(db, view),
    }


def origin_comparison(db: Any, view: DyadView, limit: int = 3) -> dict[str, Any] | None:
    """Documents-only score against the GDELT Goldstein mean (``assess.compare``), if GDELT rows exist."""
    from ..errors import DyadscopeError

    try:
        result = db.compare_origins(view.dyad.a, view.dyad.b)
    except DyadscopeError:  # no GDELT rows for the pair (E609), or no document evidence to compare
        return None
    top = result.divergences.head(limit)
    return {"summary": result.summary, "divergences": top.to_dict(orient="records")}


def coverage_gaps(db: Any) -> list[dict[str, Any]]:
    from sqlalchemy import func, select

    from ..store import tables as t

    c = t.coverage.c
    with db.read() as conn:
        rows = conn.execute(
            select(c.source, c.status, func.count(), func.min(c.slice), func.max(c.slice))
            .where(c.status != "ok")
            .group_by(c.source, c.status)
        ).fetchall()
    return [{"source": r[0], "status": r[1], "slices": r[2], "first": r[3], "last": r[4]} for r in rows]
