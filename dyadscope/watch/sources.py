"""What a watcher reads each run: folders and files as they are, feeds and URL lists as their items.

- A folder, file or glob is handed to ingest as is (ingest skips bytes it has stored already).
- An http(s) URL is fetched once through the guarded client: an RSS/Atom feed (parsed with defusedxml,
  no DTD or entities) gives the links of its items; a plain-text list of URLs gives its URLs; anything
  else is ingested as a page. A local file whose every line is a URL is a URL list too.
- Item links already fetched by an earlier run are remembered in ``watch_state`` and not fetched again.

Sources are checked before the first run (:func:`check_sources`): a missing path is E111, a URL with
another scheme E205, a private address without ``allow_private`` E204.
"""

from __future__ import annotations

import glob
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from ..errors import DyadscopeError, Errors, InputError
from ..ingest.url import check_url, fetch_url, is_url

MAX_LIST_BYTES = 5_000_000
MAX_ITEMS = 500  # links taken from one feed or list per run


@dataclass
class Expanded:
    """The inputs of one run, and the sources that could not be read this time (not fatal)."""

    inputs: list[str] = field(default_factory=list)
    items: dict[str, str] = field(default_factory=dict)  # item URL -> the feed or list it came from
    problems: list[str] = field(default_factory=list)


def check_sources(sources: list[str], *, allow_private: bool = False) -> None:
    """Refuse a missing folder or file (E111) or a bad URL (E204/E205) before watching starts."""
    for source in sources:
        if is_url(source):
            check_url(source, allow_private=allow_private)
        elif not Path(source).expanduser().exists() and not glob.glob(str(Path(source).expanduser())):
            raise InputError(Errors.E111.format(path=source))


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


def url_lines(data: bytes) -> list[str] | None:
    """The URLs of a plain list (one per line, ``#`` comments allowed), or None if it is not one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    lines = [line.strip() for line in text.splitlines()]
    urls = [line for line in lines if line and not line.startswith("#")]
    if not urls or not all(is_url(u) and " " not in u for u in urls):
        return None
    return urls[:MAX_ITEMS]


def feed_links(data: bytes) -> list[str] | None:
    """The item links of an RSS 2.0 / RSS 1.0 / Atom feed, or None if ``data`` is not a feed."""
    head = data[:2048].lstrip().lower()
    if not head.startswith(b"<?xml") and not head.startswith((b"<rss", b"<feed", b"<rdf")):
        return None
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ParseError, ValueError):
        return None
    if root.tag.rsplit("}", 1)[-1].lower() not in ("rss", "feed", "rdf"):
        return None
    links: list[str] = []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1].lower() not in ("item", "entry"):
            continue
        for child in element:
            if child.tag.rsplit("}", 1)[-1].lower() != "link":
                continue
            href = child.get("href") if child.get("href") else (child.text or "").strip()
            rel = child.get("rel", "alternate")
            if href and is_url(href) and rel == "alternate":
                links.append(href)
                break
    return list(dict.fromkeys(links))[:MAX_ITEMS]


def expand(
    sources: list[str], *, timeout: float, allow_private: bool, seen: set[str] | None = None
) -> Expanded:
    """Turn the watched sources into this run's ingest inputs; ``seen`` holds keys of items fetched before."""
    seen = seen or set()
    out = Expanded()
    for source in sources:
        try:
            found = _items_of(source, timeout=timeout, allow_private=allow_private)
        except DyadscopeError as exc:
            out.problems.append(exc.message)
            continue
        if found is None:
            out.inputs.append(source)
            continue
        for item in found:
            if url_key(item) not in seen and item not in out.items:
                out.items[item] = source
                out.inputs.append(item)
    return out


def _items_of(source: str, *, timeout: float, allow_private: bool) -> list[str] | None:
    """The item URLs of a feed or list, or None when the source is ingested as it is."""
    if is_url(source):
        fetched = fetch_url(source, timeout=timeout, max_bytes=MAX_LIST_BYTES, allow_private=allow_private)
        links = feed_links(fetched.data)
        if links is not None and links:
            return links
        return url_lines(fetched.data)
    path = Path(source).expanduser()
    if (
        path.is_file()
        and path.suffix.lower() in (".txt", ".urls", ".list", "")
        and path.stat().st_size < MAX_LIST_BYTES
    ):
        return url_lines(path.read_bytes())
    if (
        path.is_file()
        and path.suffix.lower() in (".xml", ".rss", ".atom")
        and path.stat().st_size < MAX_LIST_BYTES
    ):
        links = feed_links(path.read_bytes())
        return links or None
    return None
