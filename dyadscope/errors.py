"""The DyadscopeError tree and the coded message catalogue, one table: code -> class -> template.

``Errors.E101`` is the template of code E101, prefixed ``"[E101] "``; it is a :class:`Message`, a ``str``
that carries its code, so ``raise InputError(Errors.E101.format(path=p))`` knows its code without
reading it back out of the text. :data:`CATALOGUE` joins each code to the one exception class that raises
it (and so to its HTTP status and CLI exit code); ``make("E101", path=p)`` builds that exception.
The CLI prints ``error: [E101] …`` and exits with the class's ``exit_code``; the web API answers
``{"ok": false, "error": "[E101] …", "code": "E101", "status": 400}``. Third-party exceptions are wrapped
where they enter (``raise InputError(Errors.E102.format(path=p)) from exc``).

A new code is one line at the end of its section of :class:`Errors`; it takes its section's class
(:data:`SECTION_CLASS`) unless :data:`CLASS_OF` names another. ``tests/test_errors.py`` checks the table.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

# the user-info part of any URL: "https://user:pass@host" -> "https://user:***@host" (as the store's
# redact() shows it); a lone "https://TOKEN@host" -> "https://***@host"
_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)([^\s/@:]*:)?[^\s/@]+@")


def mask_credentials(text: str) -> str:
    """``text`` with the password (or lone user token) of every URL in it replaced by ``***``."""
    return _CREDENTIALS.sub(lambda m: f"{m.group(1)}{m.group(2) or ''}***@", text)


class Message(str):
    """A catalogue message: the text, and the code it was made from (kept through ``.format``)."""

    code: str

    def __new__(cls, text: str, code: str) -> Message:
        made = super().__new__(cls, text)
        made.code = code
        return made

    def format(self, *args: Any, **kwargs: Any) -> Message:
        return Message(str.format(self, *args, **kwargs), self.code)


class DyadscopeError(Exception):
    """Base class for every error dyadscope raises on purpose."""

    status = 400  # HTTP status of the web API's answer
    exit_code = 1  # exit status of the CLI

    def __init__(self, message: str, *, code: str | None = None) -> None:
        # ``code`` is for text made outside this module (a worker process's report); a catalogue
        # message knows its own code
        code = code or getattr(message, "code", None)
        message = mask_credentials(message)  # messages reach stderr, ingest_log and the web API
        super().__init__(message)
        self.message = str(message)
        self.code = code or "E000"

    def to_json(self) -> dict[str, Any]:
        return {"ok": False, "error": self.message, "code": self.code, "status": self.status}


class InputError(DyadscopeError):
    """A file, URL or row that cannot be read as a document or record."""


class ResourceLimit(InputError):
    """An input over a configured size, depth or time limit."""

    status = 413


class FetchError(InputError):
    """A URL that could not be fetched (refused, unreachable, too slow, too large)."""

    status = 502


class UnknownCountry(DyadscopeError):
    """A code that is neither ISO 3166 alpha-3 nor a known organisation."""

    status = 404


class NotFound(DyadscopeError):
    """A document, snapshot or other record that is not in the store."""

    status = 404


class StoreError(DyadscopeError):
    """The store cannot be opened, is of another schema version, or is busy."""

    status = 503


class ReadOnly(DyadscopeError):
    """A write attempted on a store or server opened read-only."""

    status = 403


class ProfileError(DyadscopeError):
    """A dyad profile, scenario or ontology file that does not validate."""

    status = 422


class ParamError(InputError):
    """A web request parameter that is malformed or not in its whitelist."""


class UnsupportedUpload(DyadscopeError):
    """An upload of a type the dashboard does not ingest."""

    status = 415


class QueryTimeout(DyadscopeError):
    """A query stopped by the web app's time limit."""

    status = 503


class Forbidden(DyadscopeError):
    """A request the web server refuses to serve (cross-site write)."""

    status = 403


class Unauthorized(DyadscopeError):
    """A write that needs the server's access token and came without the right one."""

    status = 401


class MethodNotAllowed(DyadscopeError):
    """An HTTP method the endpoint does not answer."""

    status = 405


class ReportError(DyadscopeError):
    """The report could not be written (unwritable path)."""


class InternalError(DyadscopeError):
    """A bug: what the web API answers for an exception nobody raised on purpose."""

    status = 500
    exit_code = 2


class ErrorsWithCodes(type):
    """Prefix each message of the catalogue with its code: ``Errors.E101`` -> ``Message("[E101] …")``."""

    def __getattribute__(cls, code: str) -> Any:
        msg = super().__getattribute__(code)
        if code.startswith("__") or not isinstance(msg, str):
            return msg
        return Message(f"[{code}] {msg}", code)


class Errors(metaclass=ErrorsWithCodes):
    # E1xx: reading inputs
    E101 = "{path}: not valid text in any encoding tried ({detail}). Re-save it as UTF-8."
    E102 = "{path}: the PDF is encrypted and needs a password. Decrypt it, then run `dyadscope ingest` again."
    E103 = "{path}: the file is empty or holds only whitespace; nothing to ingest."
    E104 = "{path}: looks like binary data ({kind}), not a text, HTML, Markdown or PDF document."
    E105 = "{path}: {size} bytes is over the size cap of {cap} bytes. Raise it with --max-bytes if you trust the file."
    E106 = "{path}: the PDF cannot be parsed ({detail}). It may be truncated or damaged."
    E107 = "{path}: the PDF has no text layer (scanned images?); run OCR first. Flag: ocr_needed."
    E108 = "{path}: parsing took longer than {seconds} s and was stopped."
    E109 = "{path}: parsing needed more memory than the limit of {limit_mb} MB and was stopped."
    E110 = "{path}: no main text found (only navigation or boilerplate)."
    E111 = "{path}: no such file or directory."
    E112 = "{path}: unsupported document type {kind!r}; use .txt, .md, .html or .pdf."
    E113 = "{path}: the HTML is nested too deeply ({depth} levels) to parse safely."
    E114 = "{path}: parse error: {detail}"
    E115 = "{path}: the PDF inflates past pypdf's decompression limit (a decompression bomb?); not ingested."
    E116 = (
        "{path}: {size} byte(s) read but no document text in them (too short, or only boilerplate such "
        "as share and follow prompts)."
    )
    E117 = "{path}: skipped: a {kind}, not a regular file."
    E118 = "{path}: skipped: a symbolic link to {target}, outside {root}. Pass --follow-links to ingest it."
    # E2xx: fetching URLs
    E201 = "{url}: could not connect ({detail}). Check the address and your network."
    E202 = "{url}: no answer within {seconds} s; the server is too slow or unreachable."
    E203 = "{url}: the server answered HTTP {status}."
    E204 = "{url}: refused: {host} is a private, loopback or link-local address. Pass --allow-private-urls for intranet use."
    E205 = "{url}: only http and https URLs can be ingested."
    E206 = "{url}: the response is over the size cap of {cap} bytes."
    E207 = "{url}: too many redirects."
    # E3xx: bulk imports
    E301 = "{path}: {detail}"
    E302 = "{path}: unrecognised column layout ({columns} columns); expected GDELT 1.0 (57/58) or 2.0 (61)."
    E303 = "{path}: the archive is unsafe or too large ({detail})."
    E304 = "{path}: missing required column {column!r}."
    E305 = "--map {spec!r}: {detail}"
    E306 = "import unvotes needs the countries to compare: pass --countries USA VNM … or --dyad USA VNM."
    E307 = "The Spark engine is not available ({detail}). Install it with `pip install 'dyadscope[spark]'` and Java 17."
    E308 = (
        "Malformed time {text!r} for {option}. Use UTC, e.g. 2025-04-01T06:00 or 2025-04-01 "
        "(an offset such as Z or +01:00 is converted to UTC)."
    )
    E309 = "The window is empty: --since {start} is not before --until {end}."
    E310 = (
        "GDELT slice {slice} ({name}) failed after {attempts} attempt(s): {reason}. Nothing from it "
        "was stored; run `dyadscope fetch gdelt` again to retry it."
    )
    E311 = (
        "GDELT slice {slice} ({name}) is missing: {reason}. The gap is in the coverage table; run "
        "`dyadscope fetch gdelt` again later to fill it."
    )
    E312 = "{url}: not a GDELT file list (no `SIZE MD5 URL` or `MD5 NAME` line in it). Check --base-url."
    E313 = (
        "{path}: not a {producer} file: its header row lacks {columns}. Pass the producer's published "
        "tab-separated files, with their header row."
    )
    # E4xx: codes, dyads, parameters
    E401 = (
        "Unknown country {code!r}. Use ISO 3166 alpha-3 codes such as USA or VNM (see `dyadscope countries`)."
    )
    E402 = "Malformed dyad {text!r}. Write two codes, e.g. `USA VNM` or `USA-VNM`."
    E403 = "A dyad needs two different countries; got {code!r} twice."
    E404 = "Malformed month {text!r}. Use YYYY-MM, e.g. 2023-09."
    E405 = "No document with id {doc_id!r} in the store (see `dyadscope documents`)."
    E406 = "No snapshot {snap_id!r} in the store (see `dyadscope snapshots`)."
    E407 = "Unknown value {value!r} for {field}; choose one of: {choices}."
    E408 = "Page {page} is out of range (there are {pages} pages)."
    E409 = "Malformed date {text!r}. Use YYYY, YYYY-MM or YYYY-MM-DD."
    E410 = "The range is empty: --since {start} is after --until {end}."
    E411 = "Unknown CAMEO event code {code!r}. Codes are 2-4 digit strings from 01 to 20 (see dyadscope/ontology/cameo.csv)."
    E412 = "Malformed interval {text!r} for --every. Use a number and a unit, e.g. 90s, 15m, 1h, 1h30m or 1d (1 s to 30 days)."
    E414 = "{path}: cannot write there ({detail}). Choose a writable file or folder."
    E415 = "Snapshots {snap1} ({dyad1}) and {snap2} ({dyad2}) are of different pairs; diff compares two runs of one pair (see `dyadscope snapshots {dyad2}`)."
    E416 = "Compare 1 to {limit} pairs at a time; got {count}. Pick the pairs that matter for the question."
    # E5xx: store
    E501 = "{url}: the store has schema version {found}; this dyadscope expects {expected}. Run `dyadscope migrate`."
    E502 = "{url}: the database is busy (another process is writing). Try again in a moment."
    E503 = "{url}: cannot open the store ({detail})."
    E504 = "{url}: the store is read-only; this action writes."
    E505 = "{url}: the disk is full or the write failed ({detail}); nothing was written."
    E506 = (
        "{url}: this database needs the Python driver {module!r}, which is not installed. Install it "
        "(for PostgreSQL: pip install 'psycopg[binary]') or use a SQLite path."
    )
    E507 = (
        "{url}: the store is damaged ({detail}); nothing was written. Run `dyadscope doctor`, then restore "
        "a backup (or copy what is readable with `sqlite3 … .recover`)."
    )
    E509 = "No event {record_id!r} in the store to correct (see `dyadscope events`); ids are in the events table."
    E510 = "Cannot {action} this event: {detail}"
    # E6xx: profiles, scenarios, ontology data files
    E601 = "{path}: invalid profile: {detail}"
    E602 = "{path}: invalid scenario: {detail}"
    E603 = "{path}: invalid ontology data: {detail}"
    E604 = "A profile for {dyad} already exists at {path}; pass --force to overwrite."
    E605 = (
        "No evidence for {dyad} in the store (no events, indicators or framework dates). Ingest documents "
        "about it first, or pass --since and --until."
    )
    E606 = "Month {month} is outside this assessment ({since} to {until})."
    E607 = "{name} must be between {low} and {high}; got {value}."
    E608 = (
        "The history of {dyad} is too short to backtest: {months} assessed months, but the {horizon}-month "
        "horizon needs at least {needed}. Ingest more dated evidence or lower --min-history."
    )
    E609 = (
        "No GDELT events for {dyad} in the store{period}; import some with `dyadscope import gdelt FILES "
        "--dyad {a} {b}` to compare document and event-data evidence."
    )
    # E7xx: report, web dashboard and JSON API (messages never echo request input)
    E701 = "Not found. See /api/v1/docs for the endpoints and their parameters."
    E702 = "Method not allowed on this endpoint."
    E703 = "This server is read-only; start it with `dyadscope serve --allow-ingest` to enable uploads."
    E704 = "Cross-site request refused: writes must come from this dashboard's own pages."
    E705 = "Host header not allowed; open the dashboard as http://127.0.0.1 or http://localhost."
    E706 = "Upload of {size} bytes is over the cap of {cap} bytes."
    E707 = "Unsupported upload type; send a .txt, .md, .html or .pdf document."
    E708 = "Invalid parameter {name!r}: {detail}"
    E709 = "Unknown country code. Use ISO 3166 alpha-3 codes such as USA or VNM (see `dyadscope countries`)."
    E710 = "No such document in the store (see /api/v1/documents)."
    E711 = "The {stage} stage is not available in this installation yet: {detail}"
    E712 = "{path}: cannot write the report ({detail})."
    E713 = "Unknown report format {fmt!r}; choose html, md or pdf."
    E714 = "The request body is too large (over {cap} bytes)."
    E715 = (
        "The query took longer than {seconds} s and was stopped; narrow the filters (dyad, dates, dimension)."
    )
    E700 = "Internal error; see the server log."
    E716 = "Request refused."
    E717 = (
        "This server needs its access token for writes: open the URL `dyadscope serve` printed, or send "
        "the header Authorization: Bearer TOKEN."
    )
    E718 = "Excel export needs openpyxl: pip install 'dyadscope[excel]' (CSV and Parquet work without it)."
    E719 = "This server is read-only; start it with `dyadscope serve --allow-ingest --token …` (or DYADSCOPE_WRITE_TOKEN set) to accept corrections."
    E720 = "Corrections need the server's write token (Authorization: Bearer <token>, or the form's token field)."
    # E8xx: demo and documentation tooling
    E801 = "{path}: cannot write the demo output there ({detail}). Choose a writable folder with --out."


class PublicErrors(metaclass=ErrorsWithCodes):
    """The web's text for a library code whose template would echo request input (same code, same class)."""

    E401 = "Unknown country code. Use ISO 3166 alpha-3 codes such as USA or VNM (see `dyadscope countries`)."
    E402 = "Invalid parameter 'dyad': write two codes such as USA-VNM."
    E404 = "Invalid parameter {name!r}: use YYYY-MM, e.g. 2023-09."
    E405 = "No such document in the store (see /api/v1/documents)."
    E407 = "Invalid parameter {name!r}: choose one of: {choices}"
    E408 = "Invalid parameter {name!r}: {detail}"
    E409 = "Invalid parameter {name!r}: use YYYY, YYYY-MM or YYYY-MM-DD."


# the class (so the HTTP status and exit code) of each code: its section's, unless CLASS_OF says otherwise
SECTION_CLASS: dict[str, type[DyadscopeError]] = {
    "E0": DyadscopeError,
    "E1": InputError,
    "E2": FetchError,
    "E3": InputError,
    "E4": InputError,
    "E5": StoreError,
    "E6": ProfileError,
    "E7": InputError,
    "E8": InputError,
}
CLASS_OF: dict[str, type[DyadscopeError]] = {
    "E105": ResourceLimit,
    "E108": ResourceLimit,
    "E109": ResourceLimit,
    "E113": ResourceLimit,
    "E115": ResourceLimit,
    "E206": ResourceLimit,
    "E303": ResourceLimit,
    "E312": FetchError,
    "E401": UnknownCountry,
    "E405": NotFound,
    "E406": NotFound,
    "E408": ParamError,
    "E504": ReadOnly,
    "E605": InputError,
    "E606": InputError,
    "E607": InputError,
    "E608": InputError,
    "E609": NotFound,
    "E700": InternalError,
    "E701": NotFound,
    "E702": MethodNotAllowed,
    "E703": ReadOnly,
    "E704": Forbidden,
    "E706": ResourceLimit,
    "E707": UnsupportedUpload,
    "E708": ParamError,
    "E709": UnknownCountry,
    "E710": NotFound,
    "E712": ReportError,
    "E714": ResourceLimit,
    "E715": QueryTimeout,
    "E717": Unauthorized,
    "E509": InputError,
    "E510": InputError,
    "E719": ReadOnly,
    "E720": Unauthorized,
}
# codes in the catalogue that nothing raises: retired ones stay so that no code is ever reused
RESERVED: dict[str, str] = {
    "E709": "retired: the web answers an unknown country with PublicErrors.E401",
    "E710": "retired: the web answers an unknown document with PublicErrors.E405",
    "E711": "retired: a missing stage is a bug (500), not a 501 answer",
}


@dataclass(frozen=True)
class ErrorSpec:
    """One row of the catalogue."""

    code: str
    cls: type[DyadscopeError]
    template: str  # without the "[Exxx] " prefix
    public: str | None  # the web's text when the template would echo request input
    reserved: str | None  # why nothing raises it, for reserved and retired codes

    @property
    def status(self) -> int:
        return self.cls.status

    @property
    def exit_code(self) -> int:
        return self.cls.exit_code

    @property
    def fields(self) -> tuple[str, ...]:
        """The names the template formats, in order: ``make(code, **fields)`` needs each."""
        return tuple(name for _, name, _, _ in string.Formatter().parse(self.template) if name)


def _codes(catalogue: type) -> dict[str, str]:
    return {
        k: v for k, v in vars(catalogue).items() if k[:1] == "E" and k[1:].isdigit() and isinstance(v, str)
    }


def _build() -> dict[str, ErrorSpec]:
    public = _codes(PublicErrors)
    return {
        code: ErrorSpec(
            code=code,
            cls=CLASS_OF.get(code, SECTION_CLASS.get(code[:2], DyadscopeError)),
            template=template,
            public=public.get(code),
            reserved=RESERVED.get(code),
        )
        for code, template in _codes(Errors).items()
    }


CATALOGUE: dict[str, ErrorSpec] = _build()


def make(code: str, /, **fields: Any) -> DyadscopeError:
    """The exception for ``code``, of the catalogue's class: ``raise make("E401", code="XYZ")``."""
    spec = CATALOGUE[code]
    return spec.cls(getattr(Errors, code).format(**fields))


def make_public(code: str, /, **fields: Any) -> DyadscopeError:
    """As :func:`make` with the web's text, which never echoes request input (same code, same class)."""
    spec = CATALOGUE[code]
    text = getattr(PublicErrors, code) if spec.public is not None else getattr(Errors, code)
    return spec.cls(text.format(**fields))
