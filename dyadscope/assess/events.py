"""Events into weighted values: document events one by one (clustered), bulk events summed in SQL."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sqlalchemy import Connection, and_, case, func, literal, or_, select

from ..dyads import Dyad
from ..profiles import Profile
from ..store import tables as t
from .corroboration import cluster_events
from .score import ModelParams

EVENT_COLUMNS = (
    "id",
    "doc_id",
    "date",
    "date_precision",
    "month",
    "source_actor",
    "target_actor",
    "source_person",
    "event_code",
    "event_root",
    "event_label",
    "goldstein",
    "dimension",
    "status",
    "text",
    "char_start",
    "char_end",
    "confidence",
    "origin",
)
ITEM_ORIGINS = ("document", "scenario")  # scored one by one; every other origin is summed in SQL
JOINT = r"\bjoint (?:leaders'? )?(?:statement|declaration|communiqu)|\bjointly (?:announced|declared|issued)"


def dyad_where(
    pair: Dyad, origins: tuple[str, ...], *, status: str | None = None, month: str | None = None
) -> list:
    """Rows of the pair (both directions) from ``origins``, as an OR of equality ranges.

    Every branch pins source, target and origin (then status and month) so SQLite reads the
    covering index ``ix_events_assess`` instead of scanning the table.
    """
    c = t.events.c
    branches = []
    for source, target in ((pair.a, pair.b), (pair.b, pair.a)):
        for origin in origins:
            parts = [c.source_actor == source, c.target_actor == target, c.origin == origin]
            parts += [c.status == status] if status is not None else []
            parts += [c.month == month] if month is not None else []
            branches.append(and_(*parts))
    return [or_(*branches)]


def bulk_origins(params: ModelParams) -> tuple[str, ...]:
    """Origins summed in SQL: every origin with a weight that is not scored item by item."""
    return tuple(sorted(o for o, w in params.origin_weights.items() if o not in ITEM_ORIGINS and w > 0))


def leader_names(profile: Profile, params: ModelParams) -> list[str]:
    """Names and aliases of heads of state, government or party in the profile (for the leader weight)."""
    names: set[str] = set()
    for leader in profile.leaders:
        if leader.title in params.leader_titles:
            names.update([leader.name, *leader.aliases])
    return sorted(names)


def load_document_events(conn: Connection, pair: Dyad) -> pd.DataFrame:
    """Every status of the dyad's events from documents, with the document's title, date and kind."""
    d = t.documents.c
    query = (
        select(
            *[t.events.c[n] for n in EVENT_COLUMNS],
            d.title.label("doc_title"),
            d.published.label("published"),
            d.kind.label("doc_kind"),
        )
        .select_from(t.events.outerjoin(t.documents, t.events.c.doc_id == d.id))
        .where(*dyad_where(pair, ITEM_ORIGINS))
        .order_by(t.events.c.id)
    )
    result = conn.execute(query)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def weigh_document_events(events: pd.DataFrame, profile: Profile, params: ModelParams) -> pd.DataFrame:
    """Reported events -> one item per event with ``weight``, ``value`` and ``raw`` (= its w·v share).

    Reports of one event are clustered and counted once: the cluster's strongest w·v times the
    corroboration weight 1 + slope·ln(n), split evenly between the reports.
    """
    frame = events[events["status"] == "reported"].copy()
    if frame.empty:
        return frame.assign(weight=[], value=[], raw=[], cluster_id=[], corroboration=[])
    leaders = set(leader_names(profile, params))
    person = frame["source_person"].fillna("")
    leader_w = np.where(
        person.isin(leaders), params.leader_weight, np.where(person != "", params.official_weight, 1.0)
    )
    joint_w = np.where(frame["text"].str.contains(JOINT, case=False, regex=True), params.joint_weight, 1.0)
    origin_w = frame["origin"].map(params.origin_weights).fillna(1.0).to_numpy()
    kind_w = frame["doc_kind"].map(params.kind_weights).fillna(params.kind_weights["other"]).to_numpy()
    frame["weight"] = frame["confidence"].astype(float).to_numpy() * leader_w * joint_w * origin_w * kind_w
    frame["value"] = frame["goldstein"].astype(float) / 10.0 * params.k
    # Cooperative and conflictual reports never merge: each sign is clustered on its own, so that a
    # cluster's best reading below is monotone in every report (more reports never weaken it).
    sign = np.sign(frame["value"])
    parts = [cluster_events(frame[sign == s], tolerance_days=params.corroboration_days) for s in (1, -1, 0)]
    frame = pd.concat([p for p in parts if not p.empty]).loc[frame.index]
    frame["cluster_id"] = np.where(frame["value"] < 0, "n", "p") + frame["cluster_id"].astype(str)
    wv = frame["weight"] * frame["value"]
    grouped = wv.groupby(frame["cluster_id"])
    best = np.where(wv >= 0, grouped.transform("max"), grouped.transform("min"))
    corr_w = 1.0 + params.corroboration_slope * np.log(frame["corroboration"].clip(lower=1))
    frame["raw"] = best * corr_w / grouped.transform("size")
    return frame


def bulk_sums(conn: Connection, pair: Dyad, profile: Profile, params: ModelParams) -> pd.DataFrame:
    """Per month and dimension: positive and negative sums of w·v, and counts, over bulk events.

    GROUP BY in the database over every month (the result is small; the caller trims it to the
    period): no Python loop touches individual rows. One query per direction and bulk origin, each
    an equality range of the covering index ``ix_events_assess``, already in (month, dimension)
    order, so SQLite streams the groups instead of sorting the dyad's rows.
    """
    wv = _bulk_value(profile, params)
    c = t.events.c
    frames = []
    for origin in bulk_origins(params):
        weight = params.origin_weights[origin]
        for source, target in ((pair.a, pair.b), (pair.b, pair.a)):
            query = (
                select(
                    c.month,
                    c.dimension,
                    func.sum(case((c.goldstein > 0, wv * weight), else_=0.0)).label("pos"),
                    func.sum(case((c.goldstein < 0, wv * weight), else_=0.0)).label("neg"),
                    func.count().label("n"),
                )
                .where(
                    c.source_actor == source,
                    c.target_actor == target,
                    c.origin == origin,
                    c.status == "reported",
                )
                .group_by(c.month, c.dimension)
            )
            frames.append(
                pd.DataFrame(
                    conn.execute(query).fetchall(), columns=["month", "dimension", "pos", "neg", "n"]
                )
            )
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["month", "dimension", "pos", "neg", "n"])
    return pd.concat(frames).groupby(["month", "dimension"], as_index=False)[["pos", "neg", "n"]].sum()


def _bulk_value(profile: Profile, params: ModelParams):  # noqa: ANN202 (an SQL expression)
    """w·v of one bulk row before its origin weight, as an SQL expression."""
    c = t.events.c
    names = leader_names(profile, params)
    person = [(c.source_person.in_(names), literal(params.leader_weight))] if names else []
    leader_w = case(
        *person, (c.source_person.is_not(None), literal(params.official_weight)), else_=literal(1.0)
    )
    # 1 + slope·ln(n) as a lookup (n capped at 10): portable SQL, no ln() needed in the database.
    slope = params.corroboration_slope
    corr_w = case(
        *[(c.num_sources == n, literal(1.0 + slope * math.log(n))) for n in range(2, 10)],
        (c.num_sources >= 10, literal(1.0 + slope * math.log(10))),
        else_=literal(1.0),
    )
    return c.goldstein / 10.0 * params.k * c.confidence * leader_w * corr_w


def top_bulk_events(conn: Connection, pair: Dyad, month: str, limit: int = 5) -> pd.DataFrame:
    """The bulk events of one month with the largest |Goldstein|, for explanations."""
    c = t.events.c
    query = (
        select(
            c.id,
            c.date,
            c.dimension,
            c.goldstein,
            c.event_label,
            c.source_url,
            c.text,
            c.origin,
            c.num_sources,
        )
        .where(*dyad_where(pair, bulk_origins(ModelParams()), status="reported", month=month))
        .order_by(func.abs(c.goldstein).desc(), c.id)
        .limit(limit)
    )
    result = conn.execute(query)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))
