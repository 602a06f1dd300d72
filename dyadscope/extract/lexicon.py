"""The event lexicon (ontology/lexicon/*.yaml): schema, inflection, and one compiled matcher.

Every entry names a general kind of action with its CAMEO code: verbs (lemmas), nominalisations and
light-verb or phrasal idioms. Loading validates the files with a pydantic schema (a misspelt key or an
unknown CAMEO code raises E603 naming the file), generates the inflected forms of every word from
regular English rules plus the irregular table, and compiles:

- one trie regex over the first word of every form (a single left-to-right scan per sentence), and
- for each first word, the forms that start with it, longest first, each with an anchored regex for
  the rest of the phrase.

So matching a sentence costs one regex scan plus a few anchored matches where a head word occurs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..errors import Errors, ProfileError
from ..ontology import ONTOLOGY_DIR
from ..ontology.schemas import InflectionFile, LexiconEntry, LexiconFile, ScopeFile
from .actors import trie_regex
from .patterns import EventPattern, load_yaml

LEXICON_DIR = ONTOLOGY_DIR / "lexicon"
INFLECTIONS = "inflections.yaml"
SCOPE = "scope.yaml"
GAP_WORDS = 4  # "*" in a phrase: at most this many words in between
_GAP = rf"(?:\s+[^\s,;:()\"“”]+){{0,{GAP_WORDS}}}?"
_SHORT_GAP = r"(?:\s+[^\s,;:()\"“”]+)?"
_NEVER = re.compile(r"(?!x)x")


def _validated(model: type[BaseModel], path: Path) -> BaseModel:
    data = load_yaml(path)
    try:
        return model.model_validate(data or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ProfileError(Errors.E603.format(path=path, detail=f"{where}: {first['msg']}")) from exc


# --- inflection -----------------------------------------------------------------------------------

_VOWELS = set("aeiou")


def _cvc(word: str) -> bool:
    """Short word ending consonant-vowel-consonant (ban, plan, ship): the final consonant may double."""
    return (
        len(word) >= 3
        and word[-1] not in _VOWELS | set("wxy")
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )


def verb_forms(lemma: str, irregular: dict[str, list[str]]) -> set[str]:
    """The lemma and its regular (and listed irregular) inflections."""
    w = lemma
    forms = {w, *irregular.get(w, [])}
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(w + "es")
    elif w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        forms.add(w[:-1] + "ies")
    else:
        forms.add(w + "s")
    if w.endswith("e"):
        forms.add(w + "d")
    elif w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        forms.add(w[:-1] + "ied")
    else:
        forms.add(w + "ed")
    if w.endswith("ie"):
        forms.add(w[:-2] + "ying")
    elif w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
        forms.add(w[:-1] + "ing")
    else:
        forms.add(w + "ing")
    if _cvc(w):
        forms.update({w + w[-1] + "ed", w + w[-1] + "ing"})
    return forms


def phrasal_verb_forms(verb: str, irregular: dict[str, list[str]]) -> set[str]:
    """ "call_off" -> call off, calls off, called off, calling off: the first word inflects."""
    first, *rest = verb.split("_")
    return {" ".join([form, *rest]) for form in verb_forms(first, irregular)}


def noun_forms(noun: str) -> set[str]:
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return {noun, noun + "es"}
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in _VOWELS:
        return {noun, noun[:-1] + "ies"}
    return {noun, noun + "s"}


def _token_forms(token: str, inflections: InflectionFile) -> set[str]:
    """Surface forms of one phrase word: alternatives, each inflected unless invariant or literal."""
    out: set[str] = set()
    for alt in token.split("|"):
        if "_" in alt:
            # a phrasal verb or compound noun: its first word inflects as a verb ("carried out"),
            # its last as a noun ("air strikes")
            first, *middle, last = alt.split("_")
            for head in verb_forms(first, inflections.irregular):
                out.add(" ".join([head, *middle, last]))
            for tail in noun_forms(last):
                out.add(" ".join([first, *middle, tail]))
        elif alt.lower() in inflections.invariant:
            out.add(alt)
        else:
            out.update(verb_forms(alt, inflections.irregular) | noun_forms(alt))
    return out


# --- compiled forms -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    """One way of saying an entry's action: its pattern, the rest of the phrase, and its kind."""

    pattern: EventPattern
    rest: re.Pattern[str] | None  # anchored at the end of the head word
    exclude: re.Pattern[str] | None  # words that must not occur inside the match
    length: int  # words in the form (longer forms are tried first)
    nominal: bool  # a noun: needs its agent inside its own noun phrase
    verbal: bool  # also a verb form (a word like "attack" is both)
    order: int  # position of the entry in the lexicon


@dataclass(frozen=True)
class Lexicon:
    """The compiled lexicon: a head-word scanner and the forms behind each head word."""

    heads: re.Pattern[str]
    forms: dict[str, tuple[Form, ...]]
    cancel: re.Pattern[str]
    recode: tuple[tuple[str, str], ...]
    entries: tuple[LexiconEntry, ...]


def _alternation(forms: set[str]) -> str:
    return "(?:" + trie_regex(sorted(forms, key=len, reverse=True)) + ")"


def _pattern_of(entry: LexiconEntry) -> EventPattern:
    return EventPattern(
        id=f"lexicon:{entry.id}",
        trigger=_NEVER,
        code=entry.code,
        roles=entry.roles,
        dimension=entry.dimension,
        requires=None,
        confidence=entry.confidence,
        clause_scope=entry.scope == "clause",
        needs_target=entry.needs_target,
        about=entry.about,
        target_near=entry.target_near,
    )


def _phrase_forms(phrase: str, inflections: InflectionFile) -> tuple[set[str], str | None, int]:
    """Head surface forms, the regex of the rest, and the word count of one phrase."""
    tokens = phrase.split()
    rest, gap, words = "", "", 0
    heads: set[str] | None = None
    for token in tokens:
        if token in ("*", "?"):
            gap = token
            continue
        forms = _token_forms(token, inflections)
        words += 1
        if heads is None:
            heads = forms
        else:
            rest += {"*": _GAP, "?": _SHORT_GAP}.get(gap, "") + r"\s+" + _alternation(forms) + r"(?![\w-])"
        gap = ""
    if heads is None:
        raise ValueError(f"empty phrase {phrase!r}")
    return heads, rest or None, words


@lru_cache(maxsize=4)
def lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Load, validate and compile every ``*.yaml`` lexicon file of ``directory``."""
    inflections = _validated(InflectionFile, directory / INFLECTIONS)
    scope = _validated(ScopeFile, directory / SCOPE)
    assert isinstance(inflections, InflectionFile) and isinstance(scope, ScopeFile)
    entries: list[LexiconEntry] = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name in (INFLECTIONS, SCOPE):
            continue
        parsed = _validated(LexiconFile, path)
        assert isinstance(parsed, LexiconFile)
        entries.extend(parsed.entries)
    ids = [e.id for e in entries]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise ProfileError(Errors.E603.format(path=directory, detail=f"duplicate lexicon id {duplicate!r}"))
    table: dict[str, list[Form]] = {}
    for order, entry in enumerate(entries):
        pattern = _pattern_of(entry)
        exclude = re.compile(rf"\b{_alternation(set(entry.exclude))}\b", re.I) if entry.exclude else None
        nouns = set().union(*(noun_forms(n.replace("_", " ")) for n in entry.nouns)) if entry.nouns else set()
        verbs = (
            set().union(*(phrasal_verb_forms(v, inflections.irregular) for v in entry.verbs))
            if entry.verbs
            else set()
        )
        for word in nouns | verbs:
            form = Form(pattern, None, exclude, 1, word in nouns, word in verbs, order)
            table.setdefault(word.lower(), []).append(form)
        for phrase in entry.phrases:
            try:
                heads, rest, words = _phrase_forms(phrase, inflections)
            except ValueError as exc:
                raise ProfileError(Errors.E603.format(path=directory, detail=f"{entry.id}: {exc}")) from exc
            compiled = re.compile(rest, re.IGNORECASE) if rest else None
            for head in heads:
                # a one-word phrase ("terrorist_attack") names a thing, so it is nominal
                form = Form(pattern, compiled, exclude, words, words == 1, words > 1, order)
                table.setdefault(head.lower(), []).append(form)
    forms = {k: tuple(sorted(v, key=lambda f: (-f.length, f.order))) for k, v in table.items()}
    scanner = re.compile(rf"(?<![\w'’]){_alternation(set(forms))}(?![\w'’])", re.IGNORECASE)
    cancel_words = set().union(*(phrasal_verb_forms(v, inflections.irregular) for v in scope.cancel.verbs))
    cancel = re.compile(
        rf"\b{_alternation(cancel_words)}(?:\s+[^\s,;:()]+){{0,3}}\s+$",
        re.IGNORECASE,
    )
    recode = tuple(sorted(scope.cancel.recode.items(), key=lambda kv: -len(kv[0])))
    return Lexicon(scanner, forms, cancel, recode, tuple(entries))


def recode_cancelled(code: str, lex: Lexicon) -> str | None:
    """The code of cancelling an event with ``code`` (longest matching key), or None: negate it."""
    return next((new for key, new in lex.recode if code.startswith(key)), None)
