"""RSS and Atom feeds -> text (one paragraph per item), parsed with defusedxml.

Entity declarations and DTDs are refused outright (billion laughs, ``SYSTEM "file:///etc/passwd"``):
nothing is expanded and no file or URL is read; such a feed is a ``parse_error``.
"""

from __future__ import annotations

from typing import Any

import lxml.html
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from ..errors import Errors, InputError
from .text import normalise


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _plain(markup: str | None) -> str:
    if not markup or not markup.strip():
        return ""
    if "<" not in markup:
        return markup.strip()
    try:
        return lxml.html.fragment_fromstring(markup, create_parent="div").text_content().strip()
    except (lxml.etree.ParserError, ValueError):
        return ""


def feed_to_text(data: bytes, path: str) -> dict[str, Any]:
    """Title and text of an RSS/Atom feed; E114 for unsafe or broken XML, E112 for other XML."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(
            Errors.E114.format(
                path=path, detail="XML with a DTD or entity declarations is refused for safety"
            )
        ) from exc
    except (ParseError, ValueError) as exc:
        raise InputError(Errors.E114.format(path=path, detail=f"malformed XML ({exc})")) from exc
    if _local(root.tag) not in ("rss", "feed", "rdf"):
        raise InputError(Errors.E112.format(path=path, kind=f"XML <{_local(root.tag)}>"))
    title = None
    paragraphs: list[str] = []
    for element in root.iter():
        name = _local(element.tag)
        if name in ("item", "entry"):
            fields = {_local(child.tag): child.text for child in element}
            heading = _plain(fields.get("title"))
            body = _plain(fields.get("description") or fields.get("summary") or fields.get("content"))
            paragraphs.extend(part for part in (heading, body) if part)
        elif name == "title" and title is None:
            title = (element.text or "").strip() or None
    return {"text": normalise("\n\n".join(paragraphs)), "title": title}
