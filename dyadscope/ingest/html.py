"""HTML -> main text and metadata with trafilatura (runs inside the parser worker).

The page is parsed once with lxml's ``huge_tree`` parser (so text 300 levels deep is kept), refused
when nested beyond ``MAX_DEPTH`` (E113), and handed to trafilatura as a tree. Only text leaves this
module: scripts, styles and event-handler attributes cannot survive into the stored document.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.etree
import lxml.html
import trafilatura

from ..errors import Errors, InputError, ResourceLimit
from .published import html_meta_date
from .text import decode, normalise

MAX_DEPTH = 1000  # trafilatura loses text somewhere past ~2000 levels; libxml2 stops at 2048
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_EMPTY_CELLS = re.compile(r"(?:\|\s*){2,}(?=\||$)", re.MULTILINE)
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "form", "button")


def decode_html(data: bytes, path: str) -> tuple[str, str]:
    """Decode with the page's declared ``<meta charset>`` when it fits, else by detection."""
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        try:
            return normalise(data.decode(name)), name
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, path)


def parse_tree(markup: str, path: str) -> lxml.html.HtmlElement:
    """A tree from ``markup``; E113 when nested too deeply to extract safely."""
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True, encoding="utf-8")
    try:
        tree = lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(Errors.E114.format(path=path, detail=f"not parseable as HTML ({exc})")) from exc
    depth = deepest = 0
    for event, _element in lxml.etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise ResourceLimit(Errors.E113.format(path=path, depth=deepest))
    for element in tree.iter(*_DROP):
        element.drop_tree()
    return tree


def html_to_text(data: bytes, path: str) -> dict[str, Any]:
    """Main text, title, publication date, language and encoding of an HTML page."""
    markup, encoding = decode_html(data, path)
    tree = parse_tree(markup, path)
    meta_date = html_meta_date(tree)
    lang = (tree.get("lang") or "").split("-")[0].lower() or None
    head_title = (tree.findtext(".//title") or "").strip() or None
    result = _extract(tree)
    if result is None or len(result.text or "") < 200:
        recall = _extract(parse_tree(markup, path), favor_recall=True)
        if recall is not None and len(recall.text or "") > len((result.text if result else "") or ""):
            result = recall
    text = normalise(_EMPTY_CELLS.sub("| ", (result.text if result else "") or ""))
    title = (result.title if result else None) or head_title
    publisher = (getattr(result, "sitename", None) or None) if result else None
    return {
        "text": text,
        "title": title,
        "published": meta_date,
        "language": lang,
        "encoding": encoding,
        "publisher": publisher,
    }


def _extract(tree: lxml.html.HtmlElement, favor_recall: bool = False) -> Any:
    return trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_tables=True,
        include_comments=False,
        include_links=False,
        include_images=False,
        favor_recall=favor_recall,
        deduplicate=False,
    )
