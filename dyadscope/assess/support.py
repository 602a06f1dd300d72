"""Does a piece of evidence support a factor? The test every driver/constraint citation must pass.

An item (claim, event, indicator or plain sentence) supports a factor when
- its text matches one of the factor's patterns, or it is an indicator the factor names;
- it is a sentence, not a bare headline (a document title, or a line without a verb-ending full stop
  that repeats the title);
- it concerns the assessed pair: a claim naming two or more countries must name both of the pair
  (and one naming only other countries does not count),
  and a document labelled with another pair only lends claims that name both, never plain sentences;
- an event's Goldstein sign agrees with the factor's direction (a tariff hike is no driver);
- an indicator named by another factor of the profile (and not by this one) is left to that factor;
- when its text also matches a factor of the opposite stance, its polarity (``support.yaml``) decides:
  a driver needs more positive than negative cues, a constraint the reverse, a tie supports neither.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..ontology.countries import igo_codes
from ..profiles import Factor, Profile

SUPPORT_FILE = Path(__file__).with_name("support.yaml")


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = yaml.safe_load(SUPPORT_FILE.read_text(encoding="utf-8"))
    return tuple(  # type: ignore[return-value]
        re.compile(r"\b(?:" + "|".join(data[key]) + ")", re.IGNORECASE) for key in ("positive", "negative")
    )


def polarity(text: str) -> int:
    """Positive minus negative cue words in ``text`` (support.yaml)."""
    positive, negative = _cues()
    return len(positive.findall(text or "")) - len(negative.findall(text or ""))


def strip_title(text: str, title: str | None) -> tuple[str, int]:
    """``text`` without a leading copy of the document title (a headline glued to the first sentence),
    and how many characters were cut from its start."""
    if title and text.startswith(title) and len(text) > len(title):
        rest = text[len(title) :]
        cut = len(title) + len(rest) - len(rest.lstrip())
        return text[cut:], cut
    return text, 0


def is_headline(text: str, title: str | None) -> bool:
    """A bare title or heading rather than a sentence that asserts something."""
    words = (text or "").split()
    if title and text.strip() == title.strip():
        return True
    return len(words) < 4 or (not text.rstrip().endswith((".", "!", "?", '"', "”")) and len(words) < 14)


def _countries(actors: Any) -> set[str]:
    codes = set(str(actors or "").split()) if not isinstance(actors, list) else set(actors)
    return codes - set(igo_codes())


def concerns_pair(item: dict[str, Any], pair: tuple[str, str], doc_dyad: str | None) -> bool:
    """False for evidence about another pair (e.g. a CHN-VNM claim read for USA-VNM)."""
    both = set(pair)
    own_doc = not doc_dyad or set(str(doc_dyad).split("-")) == both
    if item["kind"] == "claim":
        countries = _countries(item.get("actors"))
        names_both = both <= countries
        if (len(countries) >= 2 and not names_both) or (countries and not countries & both):
            return False
        return own_doc or names_both
    if item["kind"] == "sentence":
        return own_doc
    return True  # events and indicators were selected for the pair already


def supports(item: dict[str, Any], factor: Factor, profile: Profile) -> bool:
    """True when ``item`` (an evidence row, glued headline already cut off) backs ``factor``."""
    text = str(item.get("text") or "")
    if item["kind"] != "indicator" and is_headline(text, item.get("doc_title")):
        return False
    goldstein = item.get("goldstein")
    if item["kind"] == "event" and goldstein is not None and not pd.isna(goldstein):
        if factor.direction * float(goldstein) < 0:
            return False
    named = item["kind"] == "indicator" and item.get("name") in factor.indicators
    if item["kind"] == "indicator" and not named:
        if any(item.get("name") in f.indicators for f in profile.factors if f.id != factor.id):
            return False
    if not named and not factor.matches(text):  # a tag alone is not enough: the sentence must say it
        return False
    opposite = [f for f in profile.factors if f.stance != factor.stance]
    if any(f.matches(text) or f.id in (item.get("tags") or ()) for f in opposite):
        lean = polarity(text)
        return lean > 0 if factor.direction > 0 else lean < 0
    return True
