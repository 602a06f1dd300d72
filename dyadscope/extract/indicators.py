"""Indicators from one sentence: money, percentages, counts and ranks with their noun, in base units.

"$150 billion in 2024" -> goods_trade_total 150e9 USD period 2024; "($123 billion)" after "deficit"
-> trade_balance -123e9; "30,000 Vietnamese students" -> students 30000; "ranking 11th out of 149"
-> fdi_rank 11. The vocabulary, units and cue words live in ontology/indicators.yaml.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import Errors, ProfileError
from ..ontology import ONTOLOGY_DIR
from ..schema import Indicator
from .actors import Mention
from .dates import DateMention
from .patterns import load_yaml

INDICATORS_PATH = ONTOLOGY_DIR / "indicators.yaml"
SCALE = {
    "trillion": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "thousand": 1e3,
}
WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
    )
}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
MONEY = re.compile(
    rf"(?P<cur>US\$|USD|\$|€|EUR|£)\s?(?P<num>{_NUM})(?:[\s-]*(?P<scale>trillion|billion|million|thousand|bn|mn)\b)?"
    rf"|(?<![\w$.])(?P<num2>{_NUM})\s*(?P<scale2>trillion|billion|million)\b"
    r"(?:\s*(?P<cur2>USD|US dollars|U\.S\. dollars|dollars|EUR|euros))?",
)
PERCENT = re.compile(rf"(?<![\w.])(?P<num>{_NUM})\s*(?:%|percent\b|per cent\b)")
COUNT = re.compile(
    rf"(?<![\w$.,-])(?P<num>{_NUM}|(?:{'|'.join(WORD_NUMBERS)}))\b(?:\s+(?P<scale>million|thousand|billion)\b)?(?=\s+(?P<rest>[^;:]{{0,80}}))",
    re.IGNORECASE,
)
ORD = rf"(?P<ord>\d+(?:st|nd|rd|th)|{'|'.join(ORDINALS)})"
RANK = re.compile(rf"\b{ORD}(?:[- ](?P<sup>largest|biggest))?(?=\s+(?P<rest>[^.;:]{{0,60}}))", re.IGNORECASE)
TOP_RANK = re.compile(r"(?<![-\w])(?:largest|biggest|top)(?=\s+(?P<rest>[^.;:]{0,60}))", re.IGNORECASE)
_AMONG = re.compile(r"\b(?:out of|among)\s+\d", re.IGNORECASE)  # a quick pre-check for RANKED
# "ranking 11th out of 149", or "11th among 149 countries and territories investing in ..."
RANKED = re.compile(
    rf"(?P<verb>\brank(?:ed|ing|s)?\s+)?\b{ORD}\s+(?:out of|among)\s+(?P<of>{_NUM})"
    r"(?P<noun>\s+(?:[\w-]+\s+){0,2}?(?:countries|economies|nations|partners|investors|territories)\b)?",
    re.IGNORECASE,
)
# Who reports a figure, only as the sentence says it: "according to Vietnam Customs", "U.S. data show".
# A bare "<Name> data" is no attribution ("AI data centers", "Korean data"): it needs a verb of showing.
ATTRIBUTION = re.compile(
    r"\b(?i:according to|as reported by|reported by|data from|figures from|as per|citing)\s+(?:the\s+)?"
    r"(?P<who>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|and|for))*(?:\s+data)?)"
    r"|\b(?P<who2>(?:[A-Z][\w.'’-]*\s+)+(?:Customs|Statistics Office|Census Bureau)"
    r"|(?:[A-Z][\w.'’-]*\s+)+data(?=\s+(?:show|shows|showed|indicate|indicates|indicated|suggest|suggests)\b))\b"
)
# What a sum of money can be that no indicator is: a company's revenue, profit or market value.
NOT_BILATERAL = re.compile(
    r"\s*(?:in\s+)?(?:annual\s+|yearly\s+)?"
    r"(?:revenue|revenues|sales revenue|profits?|market capitali[sz]ation)\b",
    re.IGNORECASE,
)
# A number without a currency and followed by a noun counts things: "1.4 billion people", "3 million tons".
_COUNTED_AFTER = re.compile(r"\s+(?:[a-z-]+\s+)?(?:people|persons|tons|tonnes|barrels|[a-z]+s)\b")


@dataclass(frozen=True)
class Spec:
    """One indicator of the vocabulary."""

    name: str
    unit: str
    measure: str
    kind: str
    cues: tuple[re.Pattern[str], ...]
    nouns: re.Pattern[str] | None
    negative_if: re.Pattern[str] | None


def _spec(name: str, item: dict[str, Any]) -> Spec:
    try:
        nouns = item.get("nouns")
        neg = item.get("negative_if")
        return Spec(
            name,
            item["unit"],
            item["measure"],
            item["kind"],
            tuple(re.compile(c, re.IGNORECASE) for c in item.get("cues", [])),
            re.compile(r"^(?:" + "|".join(nouns) + r")\b", re.IGNORECASE) if nouns else None,
            re.compile(neg, re.IGNORECASE) if neg else None,
        )
    except (KeyError, TypeError, re.error) as exc:
        raise ProfileError(Errors.E603.format(path=INDICATORS_PATH, detail=f"{name}: {exc}")) from exc


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Spec]:
    """Indicator name -> Spec, in file order."""
    data = load_yaml(INDICATORS_PATH) or {}
    items = data.get("indicators") if isinstance(data, dict) else None
    if not isinstance(items, dict):
        raise ProfileError(
            Errors.E603.format(path=INDICATORS_PATH, detail="expected an 'indicators' mapping")
        )
    return {name: _spec(name, item) for name, item in items.items()}


def _number(text: str) -> float:
    low = text.lower()
    return float(WORD_NUMBERS[low]) if low in WORD_NUMBERS else float(text.replace(",", ""))


def _ordinal(text: str) -> int:
    low = text.lower()
    return ORDINALS[low] if low in ORDINALS else int(re.sub(r"\D", "", low))


@dataclass
class Found:
    """A quantity with its name, before period and actors are attached."""

    name: str
    value: float
    start: int
    end: int
    unit: str
    measure: str


def _clause_before(text: str, start: int) -> str:
    chunk = text[max(0, start - 110) : start]
    cut = max(chunk.rfind(";"), chunk.rfind(":"))
    return chunk[cut + 1 :] if cut >= 0 else chunk


# The words right after a figure that say what it is: "in aid", "of investment", "to invest in".
_NEAR_AFTER = re.compile(r"\s*(?:in|of|to|for)\s+(?P<what>(?:[\w.'’-]+\s+){0,2}[\w-]+)")


def _name_by_cues(text: str, start: int, end: int, kind: str) -> tuple[Spec, bool] | None:
    """The vocabulary entry whose cue sits closest before the number, else right after it."""
    before, after = _clause_before(text, start), text[end : end + 60]
    best: tuple[int, int, Spec] | None = None
    near = _NEAR_AFTER.match(after)  # "$2 billion in services exports", "$550 billion to invest"
    if near:
        spec_near = next(
            (
                s
                for s in vocabulary().values()
                if s.kind == kind and any(c.search(near.group("what")) for c in s.cues)
            ),
            None,
        )
        if spec_near is not None:
            best = (len(before), 0, spec_near)
    for order, spec in enumerate(s for s in vocabulary().values() if s.kind == kind and best is None):
        for cue in spec.cues:
            hits = [m.end() for m in cue.finditer(before)]
            if hits and (best is None or (max(hits), -order) > best[:2]):
                best = (max(hits), -order, spec)
    if best is None:
        for spec in (s for s in vocabulary().values() if s.kind == kind):
            if any(cue.search(after) for cue in spec.cues):
                best = (0, 0, spec)
                break
    if best is None:
        return None
    spec = best[2]
    negative = bool(spec.negative_if and spec.negative_if.search(before[-60:] + " " + after[:40]))
    return spec, negative


def _money(text: str) -> list[Found]:
    out: list[Found] = []
    for m in MONEY.finditer(text):
        num = m["num"] or m["num2"]
        scale = (m["scale"] or m["scale2"] or "").lower()
        currency = m["cur"] or m["cur2"] or ""
        if currency in ("€", "EUR", "euros", "£"):
            continue  # only dollar amounts are normalised for now; others are left out, not mislabelled
        if not currency and _COUNTED_AFTER.match(text, m.end()):
            continue  # "1.4 billion people": a count, not money
        if NOT_BILATERAL.match(text, m.end()):
            continue
        named = _name_by_cues(text, m.start(), m.end(), "money") or _listed(out, text, m.start())
        if named is None:
            continue
        spec, negative = named
        value = _number(num) * SCALE.get(scale, 1.0)
        out.append(
            Found(spec.name, -value if negative else value, m.start(), m.end(), spec.unit, spec.measure)
        )
    return out


_SHARE_OF = re.compile(r"^\s*of\b", re.IGNORECASE)


def _percent(text: str, taken: list[tuple[int, int]]) -> list[Found]:
    out: list[Found] = []
    for m in PERCENT.finditer(text):
        if _overlap(m.span(), taken):
            continue
        before, after = text[max(0, m.start() - 60) : m.start()], text[m.end() : m.end() + 40]
        spec = _percent_spec(before, after)
        listed = _listed(out, text, m.start()) if spec is None else None
        spec = spec or (listed[0] if listed else None)
        if spec is not None and spec.name == "tariff_rate" and _for_some_goods(before, after):
            spec = vocabulary().get("product_tariff_rate", spec)
        if spec is not None:
            out.append(Found(spec.name, _number(m["num"]), m.start(), m.end(), spec.unit, spec.measure))
    return out


_SOME_GOODS_AFTER = re.compile(
    r"^(?![^.;%\d]{0,40}?\bexcept\b)[^.;%\d]{0,40}?\b(?:for|on|to)\s+(?:certain|some|selected|specific|particular|identified|transshipped"
    r"|goods (?:judged|deemed|found)|products (?:judged|deemed|found))\b",
    re.IGNORECASE,
)
_SOME_GOODS_BEFORE = re.compile(r"\b(?:higher|lower|separate|special|penalty|sectoral)\s+$", re.IGNORECASE)


def _for_some_goods(before: str, after: str) -> bool:
    """True when a tariff rate applies to some goods only, not to the partner's goods at large."""
    return bool(_SOME_GOODS_AFTER.match(after) or _SOME_GOODS_BEFORE.search(before))


def _percent_spec(before: str, after: str) -> Spec | None:
    """The percentage's name: the closest cue before it, else a cue right after it."""
    best: tuple[int, Spec] | None = None
    for spec in (s for s in vocabulary().values() if s.kind == "percent"):
        if spec.unit == "percent" and spec.name == "tariff_rate" and _SHARE_OF.match(after):
            continue  # "tariffs on 99% of goods" is a share of goods, not a rate
        hits = [h.end() for h in spec.cues[0].finditer(before)]
        if hits and (best is None or max(hits) > best[0]):
            best = (max(hits), spec)
    if best is not None:
        return best[1]
    return next(
        (
            s
            for s in vocabulary().values()
            if s.kind == "percent" and any(c.search(after) for c in s.cues[1:])
        ),
        None,
    )


_LIST_JOIN = re.compile(r"^[^.;:]{0,90}$")


def _listed(found: list[Found], text: str, start: int) -> tuple[Spec, bool] | None:
    """A figure with no cue of its own continues a list ("$14.2 billion and ... $4.8 billion")."""
    if not found or not _LIST_JOIN.match(text[found[-1].end : start]):
        return None
    if not re.search(r"\b(?:and|or|while|with|,)\s", text[found[-1].end : start]):
        return None
    spec = vocabulary().get(found[-1].name)
    return (spec, found[-1].value < 0) if spec else None


# "from 22 to 14 boats": the first number of a pair counts the same things as the second.
PAIR = re.compile(rf"\bfrom\s+(?P<a>{_NUM})\s+to\s+(?P<b>{_NUM})\b", re.IGNORECASE)


def _counts(text: str, taken: list[tuple[int, int]]) -> list[Found]:
    out = _count_matches(text, taken)
    for pair in PAIR.finditer(text):
        second = next((f for f in out if f.start == pair.start("b")), None)
        if second and not any(f.start == pair.start("a") for f in out):
            value = _number(pair["a"])
            out.append(Found(second.name, value, pair.start("a"), pair.end("a"), second.unit, second.measure))
    return sorted(out, key=lambda f: f.start)


def _count_matches(text: str, taken: list[tuple[int, int]]) -> list[Found]:
    out = []
    for m in COUNT.finditer(text):
        if _overlap((m.start(), m.end("num")), taken) or re.fullmatch(r"(?:19|20)\d\d", m["num"]):
            continue
        for spec in (s for s in vocabulary().values() if s.kind == "count" and s.nouns):
            noun = spec.nouns.match(m["rest"]) if spec.nouns else None
            if noun:
                value = _number(m["num"]) * SCALE.get((m["scale"] or "").lower(), 1.0)
                out.append(
                    Found(spec.name, value, m.start(), m.start("rest") + noun.end(), spec.unit, spec.measure)
                )
                break
    return out


def _ranks(text: str) -> list[Found]:
    out = []
    specs = [s for s in vocabulary().values() if s.kind == "rank" and s.nouns]
    for regex, top in ((RANK, False), (TOP_RANK, True)):
        for m in regex.finditer(text):
            if top and re.search(
                rf"(?:\b(?:one of|among)\s+(?:the\s+)?(?:[\w.'’]+\s+){{0,3}}|{ORD}[- ]?)\s*$",
                text[max(0, m.start() - 50) : m.start()],
                re.I,
            ):
                continue
            if not top and not m["sup"] and not re.match(r"(?:largest|biggest)", m["rest"], re.I):
                continue
            spec = next((s for s in specs if s.nouns and s.nouns.match(m["rest"])), None)
            if spec:
                value = 1 if top else _ordinal(m["ord"])
                out.append(Found(spec.name, float(value), m.start(), m.end(), spec.unit, spec.measure))
    for m in RANKED.finditer(text) if _AMONG.search(text) else ():
        if not (m["verb"] or m["noun"]):
            continue
        name = _ranked_name(text[m.start() : m.end() + 60]) or _ranked_name(text)
        if name and name in vocabulary():
            spec = vocabulary()[name]
            out.append(Found(name, float(_ordinal(m["ord"])), m.start(), m.end(), spec.unit, spec.measure))
    return out


def _ranked_name(text: str) -> str | None:
    """Which ranking "Nth out of M" is: among investors, else among trading partners."""
    if re.search(r"invest", text, re.I):
        return "fdi_rank"
    return "trade_partner_rank" if re.search(r"trad", text, re.I) else None


def _overlap(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def find_quantities(text: str) -> list[Found]:
    """Every named quantity of one sentence, left to right."""
    money = _money(text)
    taken = [(f.start, f.end) for f in money]
    taken += [m.span() for m in MONEY.finditer(text) if m["cur"] or m["cur2"]]
    percent = _percent(text, taken)
    taken += [(f.start, f.end) for f in percent]
    ranks = _ranks(text)
    taken += [(f.start, f.end) for f in ranks]
    counts = _counts(text, taken)
    return sorted(money + percent + counts + ranks, key=lambda f: f.start)


_PERIOD_GAP = re.compile(
    r"^[\s,)]*(?:\w+\s+){0,2}?(?:in|during|for|of|as of|at the end of|by end of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


# Between a figure and a later year: words that make the year a comparison or a start, another
# number, or a clause break.
_COMPARED = re.compile(
    r"\b(?:than|from|since|compared|versus|vs|against|over|above|below|up|down|double\w*|tripl\w*|half"
    r"|level|levels|previous|prior|earlier|later|before|after|until|which|when|while|but|builds?|built"
    r"|record)\b|[;:()\d]",
    re.IGNORECASE,
)


# "the 2023–2024 academic year": a span of years is no single period.
_RANGE_AFTER = re.compile(r"\s*[-–—/]\s*(?:19|20)?\d\d\b")


def _period(found: Found, text: str, dates: list[DateMention], default: str | None) -> str | None:
    after = [
        d
        for d in dates
        if d.start >= found.end
        and d.start - found.end <= 40
        and (_PERIOD_GAP.match(text[found.end : d.start]) or d.half)
    ]
    before = [d for d in dates if d.end <= found.start and d.kind != "target"]
    # A stated date later in the clause still beats the publication year ("passed $100 billion for
    # the first time in 2021"), unless it is a point of comparison ("double the level of 2015").
    later = [
        d
        for d in dates
        if d.start >= found.end
        and d.kind == "absolute"
        and not _COMPARED.search(text[found.end : d.start])
        and not _RANGE_AFTER.match(text, d.end)
    ]
    # "24 patrol boats since 2017": a cumulative count is dated by the year it counts from, so
    # the same stock restated in later documents is one observation, not one per year.
    since = [
        d
        for d in dates
        if d.kind == "since"
        and d.start >= found.end
        and d.start - found.end <= 40
        and found.measure in ("count", "stock")
        and not _COMPARED.search(text[found.end : d.start].replace("since", ""))
    ]
    if since:
        return since[0].value
    chosen = after[0] if after else (before[-1] if before else (later[0] if later else None))
    if chosen is None:
        return default
    return f"{chosen.value[:4]}-{chosen.half}" if chosen.half else chosen.value


def _attribution(text: str, mentions: list[Mention]) -> tuple[str | None, str | None]:
    m = ATTRIBUTION.search(text)
    if not m:
        return None, None
    who = (m["who"] or m["who2"] or "").strip().rstrip(",.")
    span = m.span("who") if m["who"] else m.span("who2")
    code = next((x.code for x in mentions if span[0] <= x.start < span[1] and x.code), None)
    return who or None, code


_WITH = re.compile(r"\bwith\s+(?:the\s+)?$", re.IGNORECASE)


def _is_possessive(text: str, mention: Mention) -> bool:
    return bool(re.match(r"(?:'s|’s|'|’)(?!\w)", text[mention.end : mention.end + 3]))


def _parties(
    found: Found, text: str, mentions: list[Mention], reporter: str | None, dyad: tuple[str, str] | None
) -> tuple[str | None, str | None]:
    known = [m for m in mentions if m.code and m.kind != "igo"]
    if found.name.endswith("balance") and reporter is None:
        # The partner is the country the balance is "with"; the reporter is the one running it.
        partner_m = next(
            (m for m in known if _WITH.search(text[max(0, m.start - 9) : m.start])),
            None,
        )
        others = [m for m in known if partner_m is None or m.code != partner_m.code]
        if partner_m is not None and others:
            return str(others[0].code), str(partner_m.code)
    if found.measure == "rank":
        owner = next((m for m in reversed(known) if m.end <= found.start and _is_possessive(text, m)), None)
        reporter = owner.code if owner else reporter
    codes = list(dict.fromkeys(str(m.code) for m in known))
    reporter = reporter or (codes[0] if codes else None)
    partner = next((c for c in codes if c != reporter), None)
    if dyad and reporter in dyad and partner is None:
        partner = dyad[1] if dyad[0] == reporter else dyad[0]
    if reporter is None and dyad:
        reporter, partner = dyad
    return reporter, partner


def dedupe_indicators(indicators: list[Indicator]) -> list[Indicator]:
    """One observation per quantity in a document: a figure restated in another sentence is dropped.

    Two records are the same observation when name, value, unit and period agree and they come from
    different sentences (a restatement often names no country, so the parties are not compared);
    within one sentence equal values are separate items of a list ("the $5 billion X fund, the
    $5 billion Y fund").
    """
    first: dict[tuple[str, float, str, str], int] = {}
    kept = []
    for indicator in indicators:
        key = (indicator.name, round(indicator.value, 6), indicator.unit, indicator.period)
        if first.setdefault(key, indicator.char_start) == indicator.char_start:
            kept.append(indicator)
    return kept


def indicator_id(doc_id: str | None, start: int, name: str, value: float, period: str) -> str:
    """Deterministic id from the document, position, name, value and period."""
    key = f"{doc_id}|{start}|{name}|{value:.6g}|{period}"
    return "in_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def extract_indicators(
    doc_id: str,
    text: str,
    offset: int,
    mentions: list[Mention],
    dates: list[DateMention],
    dyad: tuple[str, str] | None,
    default_period: str | None,
) -> list[Indicator]:
    """Indicator records for one sentence (offset = the sentence's start in the document)."""
    out = []
    attribution, att_code = _attribution(text, mentions)
    for found in find_quantities(text):
        period = _period(found, text, dates, default_period)
        if period is None:
            continue
        reporter, partner = _parties(found, text, mentions, att_code, dyad)
        out.append(
            Indicator(
                id=indicator_id(doc_id, offset + found.start, found.name, found.value, period),
                doc_id=doc_id,
                name=found.name,
                value=found.value,
                unit=found.unit,
                period=period,
                reporter=reporter,
                partner=partner,
                source_attribution=attribution,
                measure=found.measure,  # type: ignore[arg-type]
                text=text,
                char_start=offset,
                char_end=offset + len(text),
                confidence=0.8 if attribution or reporter else 0.6,
            )
        )
    return out
