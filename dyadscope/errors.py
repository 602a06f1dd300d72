"""The DyadscopeError tree and the coded message catalogue.

Library code raises these; the CLI prints ``error: [E101] …`` and exits 1, the web API answers
``{"ok": false, "error": "…", "code": "E101", "status": 400}``. Third-party exceptions are wrapped
where they enter (``raise InputError(Errors.E102.format(path=p)) from exc``).
"""

from __future__ import annotations

import re
from typing import Any


class DyadscopeError(Exception):
    """Base class for every error dyadscope raises on purpose."""

    status = 400

    def __init__(self, message: str, *, code: str | None = None) -> None:
        found = re.match(r"\[(E\d{3})\] ", message)
        if code and found and found.group(1) != code:
            # a reworded message (e.g. the web's text that never echoes input) under the library's code:
            # the text shows the same code as the ``code`` field
            message = f"[{code}] {message[found.end() :]}"
        super().__init__(message)
        self.message = message
        self.code = code or (found.group(1) if found else "E000")

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


class ErrorsWithCodes(type):
    """Prefix each message of the catalogue with its code: ``Errors.E101`` -> ``"[E101] …"``."""

    def __getattribute__(cls, code: str) -> Any:
        msg = super().__getattribute__(code)
        if code.startswith("__") or not isinstance(msg, str):
            return msg
        return f"[{code}] {msg}"


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
    E410 = "The range is empty: --from {start} is after --to {end}."
    E411 = "Unknown CAMEO event code {code!r}. Codes are 2-4 digit strings from 01 to 20 (see dyadscope/ontology/cameo.csv)."
    E412 = "Snapshots {snap1} ({dyad1}) and {snap2} ({dyad2}) are of different pairs; diff compares two runs of one pair (see `dyadscope snapshots {dyad2}`)."
    E413 = "Compare 1 to {limit} pairs at a time; got {count}. Pick the pairs that matter for the question."
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
    E507 = "No event {record_id!r} in the store to correct (see `dyadscope events`); ids are in the events table."
    E508 = "Cannot {action} this event: {detail}"
    # E6xx: profiles, scenarios, ontology data files
    E601 = "{path}: invalid profile: {detail}"
    E602 = "{path}: invalid scenario: {detail}"
    E603 = "{path}: invalid ontology data: {detail}"
    E604 = "A profile for {dyad} already exists at {path}; pass --force to overwrite."
    E605 = (
        "No evidence for {dyad} in the store (no events, indicators or framework dates). Ingest documents "
        "about it first, or pass --from and --to."
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
    E716 = "This server is read-only; start it with `dyadscope serve --allow-ingest` and DYADSCOPE_WRITE_TOKEN set to accept corrections."
    E717 = "Corrections need the server's write token (Authorization: Bearer <token>, or the form's token field)."
    E718 = "Excel export needs openpyxl: pip install 'dyadscope[excel]' (CSV and Parquet work without it)."
    # E8xx: demo and documentation tooling
    E801 = "{path}: cannot write the demo output there ({detail}). Choose a writable folder with --out."
