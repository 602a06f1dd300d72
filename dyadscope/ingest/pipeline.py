"""Ingest files, folders, globs and URLs: one IngestOutcome and one ``ingest_log`` row per input.

For each input the main process reads it (within the size cap) or fetches it, skips it if its bytes
are already stored, and sniffs its type; a worker of the pool parses, cleans, dates, splits and
extracts it (under a timeout and a memory cap); the main process then writes the document with
everything extracted from it, whole, in a transaction (see ``store_ops.BatchWriter``). Bad inputs
become outcomes with a status and a one-line message; the batch always goes on. The pool works a
small window ahead, so inputs are processed on several cores while results are written in order.
"""

from __future__ import annotations

import glob
import hashlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..errors import DyadscopeError, Errors, InputError, StoreError, mask_credentials
from ..schema import IngestOutcome
from ..store import tables as t
from .parsers import process
from .sniff import INGESTIBLE_SUFFIXES, sniff
from .store_ops import BatchWriter, Item, stored_state
from .text import DEFAULT_MAX_BYTES, read_capped
from .url import fetch_url, is_url
from .walk import special_kind, walk_folder, walk_glob
from .worker import DEFAULT_MEMORY_MB, Job, ParserPool

DEFAULT_PARSE_TIMEOUT = 300.0  # a long report with full extraction takes seconds; a stuck parser forever

STATUS_BY_CODE = {
    "E101": "parse_error",
    "E102": "encrypted",
    "E103": "no_text",
    "E104": "unsupported",
    "E105": "resource_limit",
    "E106": "parse_error",
    "E107": "no_text",
    "E108": "parse_timeout",
    "E109": "resource_limit",
    "E110": "no_text",
    "E111": "parse_error",
    "E112": "unsupported",
    "E113": "resource_limit",
    "E114": "parse_error",
    "E115": "resource_limit",
    "E206": "resource_limit",
    "E116": "no_text",
    "E117": "unsupported",
    "E118": "unsupported",
}
FLAGS_BY_CODE = {"E107": ["ocr_needed"]}
FAILED = frozenset(
    {"no_text", "encrypted", "parse_error", "parse_timeout", "resource_limit", "unsupported", "fetch_error"}
)
OnOutcome = Callable[[IngestOutcome, int, int], None]


@dataclass(frozen=True)
class Source:
    """One input: a file path or a URL; ``label`` is what is stored as the document's source."""

    label: str
    path: Path | None = None
    url: str | None = None  # the URL to fetch when ``label`` shows it with its credentials masked


@dataclass
class Pending:
    """An input on its way: settled early (``outcome``) or waiting on its job in the pool."""

    source: Source
    outcome: IngestOutcome | None = None
    job: Job | None = None
    fmt: str = ""
    sha: str = ""


def expand_sources(
    sources: Iterable[str | Path] | str | Path | None, *, follow_links: bool = False
) -> list[Source | IngestOutcome]:
    """Files, folders (recursively, by suffix), globs and URLs in order; missing ones as E111 outcomes.

    Links out of a folder or glob, FIFOs and devices are skipped, each with an outcome (see ``walk``).
    """
    if sources is None:
        from ..demo import corpus_paths

        sources = corpus_paths()
    if isinstance(sources, str | Path):
        sources = [sources]
    expanded: list[Source | IngestOutcome] = []
    seen: set[str] = set()
    for item in sources:
        for found in _expand_one(str(item), follow_links):
            key = found.label if isinstance(found, Source) else f"missing:{found.source}"
            if key not in seen:
                seen.add(key)
                expanded.append(found)
    return expanded


def _expand_one(text: str, follow_links: bool = False) -> list[Source | IngestOutcome]:
    if is_url(text):
        return [Source(mask_credentials(text), url=text)]
    path = Path(text).expanduser()
    if path.is_dir():
        files, skipped = walk_folder(path, INGESTIBLE_SUFFIXES, follow_links=follow_links)
    elif path.is_file():
        return [Source(str(path.resolve()), path)]  # named by the user: a link to it is followed
    elif path.exists() and special_kind(path.stat().st_mode):
        kind = special_kind(path.stat().st_mode)
        return [failure(text, InputError(Errors.E117.format(path=text, kind=kind)))]
    elif glob.has_magic(text):
        files, skipped = walk_glob(str(path), follow_links=follow_links)
        if not files and not skipped:
            return [failure(text, InputError(Errors.E111.format(path=text)))]
    else:
        return [failure(text, InputError(Errors.E111.format(path=text)))]
    found: list[Source | IngestOutcome] = [Source(str(p.resolve()), p) for p in files]
    return found + [failure(str(entry), exc) for entry, exc in skipped]


def failure(label: str, exc: DyadscopeError) -> IngestOutcome:
    """The outcome for an input that failed with ``exc``."""
    status = STATUS_BY_CODE.get(exc.code, "fetch_error" if exc.code.startswith("E2") else "parse_error")
    return IngestOutcome(
        source=label,
        status=status,  # type: ignore[arg-type]
        code=exc.code,
        message=exc.message,
        flags=list(FLAGS_BY_CODE.get(exc.code, [])),
    )


def ingest_sources(
    db: Any,
    sources: Iterable[str | Path] | str | Path | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 30.0,
    parse_timeout: float = DEFAULT_PARSE_TIMEOUT,
    allow_private_urls: bool = False,
    extract: bool = True,
    dry_run: bool = False,
    on_outcome: OnOutcome | None = None,
    workers: int | None = None,
    memory_mb: int = DEFAULT_MEMORY_MB,
    follow_links: bool = False,
) -> list[IngestOutcome]:
    """Ingest ``sources`` into ``db`` (a :class:`dyadscope.Database`); one outcome per input, in order.

    ``None`` ingests the demo corpus. ``dry_run`` parses local files and reports what would happen,
    writing nothing and fetching no URL. ``timeout`` bounds fetching a URL, ``parse_timeout`` the
    parsing and extraction of one input. ``follow_links`` follows symbolic links out of the folders
    and globs given (by default they are skipped and reported). Raises only StoreError (the store
    itself failed).
    """
    if not dry_run:
        from ..store.health import check_before_writing

        check_before_writing(db)  # never add documents to a damaged store
    items = expand_sources(sources, follow_links=follow_links)
    outcomes: list[IngestOutcome] = []
    if extract:
        import dyadscope.extract  # noqa: F401  (loaded once here, inherited by the forked workers)
    with ParserPool(workers, timeout=parse_timeout, memory_mb=memory_mb) as pool:
        run = _Run(
            db,
            pool,
            max_bytes=max_bytes,
            timeout=timeout,
            allow_private=allow_private_urls,
            extract=extract,
            dry_run=dry_run,
        )
        window: deque[Pending] = deque()

        def emit(done: list[IngestOutcome]) -> None:
            for outcome in done:
                outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome, len(outcomes), len(items))

        def settle(pending: Pending) -> None:
            outcome = run.finish(pending)
            if run.writer is None:
                emit([outcome])
            elif run.writer.full():
                emit(run.writer.flush())

        for item in items:
            window.append(
                Pending(Source(item.source), outcome=item)
                if isinstance(item, IngestOutcome)
                else run.prepare(item)
            )
            while len(window) > pool.size * 2:
                settle(window.popleft())
        while window:
            settle(window.popleft())
        if run.writer is not None:
            emit(run.writer.flush())
    return outcomes


class _Run:
    """The state of one ingest call: store, pool, options and the hashes seen so far."""

    def __init__(
        self,
        db: Any,
        pool: ParserPool,
        *,
        max_bytes: int,
        timeout: float,
        allow_private: bool,
        extract: bool,
        dry_run: bool,
    ) -> None:
        self.db, self.pool = db, pool
        self.max_bytes, self.timeout, self.allow_private = max_bytes, timeout, allow_private
        self.extract, self.dry_run = extract, dry_run
        self.seen: dict[str, str] = {}  # content sha256 -> source, within this batch
        self.writer = None if dry_run else BatchWriter(db)

    # -- stage 1: read or fetch, dedupe by bytes, sniff, submit to the pool -------------------
    def prepare(self, source: Source) -> Pending:
        pending = Pending(source)
        try:
            data, suffix = self._load(source)
            if data is None:
                pending.outcome = IngestOutcome(
                    source=source.label, status="ok", message="dry run: URL not fetched"
                )
                return pending
            pending.sha = hashlib.sha256(data).hexdigest()
            pending.outcome = self._known_bytes(source, pending.sha)
            if pending.outcome is None:
                self.seen[pending.sha] = source.label
                self._parse(pending, data, suffix)
        except DyadscopeError as exc:
            pending.outcome = failure(source.label, exc)
        return pending

    def _load(self, source: Source) -> tuple[bytes | None, str]:
        if source.path is not None:
            return read_capped(source.path, self.max_bytes), source.path.suffix
        if self.dry_run:
            return None, ""
        fetched = fetch_url(
            source.url or source.label,
            timeout=self.timeout,
            max_bytes=self.max_bytes,
            allow_private=self.allow_private,
        )
        suffix = Path(fetched.url.split("?")[0]).suffix
        return fetched.data, ".pdf" if fetched.content_type == "application/pdf" else suffix

    def _known_bytes(self, source: Source, sha: str) -> IngestOutcome | None:
        """A duplicate outcome when these exact bytes were stored before or seen in this batch."""
        if sha in self.seen:
            return IngestOutcome(
                source=source.label,
                status="duplicate",
                message=f"duplicate (sha256 {sha[:12]}…) of {self.seen[sha]} in this batch",
            )
        with self.db.read() as conn:
            row = conn.execute(
                select(t.documents.c.id, t.documents.c.title)
                .where(t.documents.c.content_sha256 == sha)
                .limit(1)
            ).first()
        if row is None:
            return None
        return IngestOutcome(
            source=source.label,
            status="duplicate",
            doc_id=row.id,
            title=row.title,
            message=f"duplicate (sha256 {sha[:12]}…): already stored as {row.id[:12]}",
        )

    def _parse(self, pending: Pending, data: bytes, suffix: str) -> None:
        label = pending.source.label
        if not data.strip():
            raise InputError(Errors.E103.format(path=label))
        kind = sniff(data[:8192], suffix)
        pending.fmt = kind.kind
        if kind.kind == "binary":
            raise InputError(Errors.E104.format(path=label, kind=kind.detail))
        if kind.kind == "unsupported":
            raise InputError(Errors.E112.format(path=label, kind=kind.detail))
        pending.job = self.pool.submit(process, kind.kind, data, label, pending.sha, self.extract, path=label)

    # -- stage 2: collect the parsed document, dedupe by text, queue it for writing ------------
    def finish(self, pending: Pending) -> IngestOutcome:
        """The input's outcome; unless dry-running, it is queued for writing with its document."""
        outcome = pending.outcome
        if outcome is None:
            try:
                outcome = self._queue_document(pending)
            except StoreError:
                raise
            except DyadscopeError as exc:
                outcome = failure(pending.source.label, exc)
            except Exception as exc:  # a bug in a later stage must not end the batch: report it
                detail = f"unexpected {type(exc).__name__}: {exc}"[:200]
                outcome = failure(
                    pending.source.label,
                    InputError(Errors.E114.format(path=pending.source.label, detail=detail)),
                )
        if outcome.status != "ok" and self.writer is not None:
            self.writer.add(Item(outcome))
        return outcome

    def _queue_document(self, pending: Pending) -> IngestOutcome:
        assert pending.job is not None
        self.pool.wait(pending.job)
        doc, sentences, extraction = pending.job.result()
        title, previous = stored_state(self.db, doc.id, doc.source)
        if self.writer and doc.id in self.writer.ids:
            title = doc.title
        if title is not None:
            return IngestOutcome(
                source=doc.source,
                status="duplicate",
                doc_id=doc.id,
                title=title,
                message=f"duplicate (sha256 {doc.id[:12]}…): same text already stored",
            )
        doc.supersedes = previous
        outcome = IngestOutcome(
            source=doc.source,
            status="ok",
            doc_id=doc.id,
            title=doc.title,
            sentences=len(sentences),
            events=len(extraction.events) if extraction else 0,
            indicators=len(extraction.indicators) if extraction else 0,
            claims=len(extraction.claims) if extraction else 0,
            flags=["date_ambiguous"] if doc.date_ambiguous else [],
            message=(f"new version of {doc.supersedes[:12]}" if doc.supersedes else None),
        )
        if self.writer is None:
            outcome.message = "dry run: nothing written"
        else:
            self.writer.add(Item(outcome, doc, sentences, extraction))
        return outcome
