"""Checking request parameters: whitelisted identifiers, well-formed dates, bounded pages.

Every value a user sends is checked here before it reaches a query; identifiers (sort keys, table
names, dimensions) must be in a whitelist, other values are bound as SQL parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import get_args

from ..dyads import Dyad, parse_dyad
from ..errors import DyadscopeError, Errors, ParamError, UnknownCountry, make_public
from ..ontology.countries import check_code
from ..schema import DIMENSIONS, STATUSES, Origin

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)  # ASCII: "٢٠٢٤" is refused
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
ROOT_RE = re.compile(r"^\d{2}$", re.ASCII)
EVENT_SORTS = {
    "date": ("date", False),
    "-date": ("date", True),
    "goldstein": ("goldstein", False),
    "-goldstein": ("goldstein", True),
    "confidence": ("confidence", False),
    "-confidence": ("confidence", True),
}


__all__ = ["ParamError"]  # defined in the error catalogue, re-exported for the web modules


def choice(name: str, value: str | None, choices: tuple[str, ...] | list[str] | set[str]) -> str | None:
    if value is None or value == "":
        return None
    if value not in choices:
        # the message lists the choices but does not echo the value back
        raise make_public("E407", name=name, choices=", ".join(sorted(choices)))
    return value


def iso_date(name: str, value: str | None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD that is a real date, else E409."""
    if value is None or value == "":
        return None
    found = DATE_RE.match(value)
    try:
        if not found:
            raise ValueError
        year, month, day = (int(g) if g else 1 for g in found.groups())
        date(year, month, day)
    except ValueError:
        raise make_public("E409", name=name) from None
    return value


def month(value: str) -> str:
    found = MONTH_RE.match(value or "")
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise make_public("E404", name="month")
    return value


def dyad(value: str) -> Dyad:
    """A dyad in the path; unknown codes give a 404 whose text does not echo the input."""
    try:
        return parse_dyad(value)
    except UnknownCountry:
        raise make_public("E401") from None
    except DyadscopeError:
        raise make_public("E402") from None


def actor(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return check_code(value)
    except UnknownCountry:
        raise make_public("E401") from None


def root(value: str | None) -> str | None:
    if not value:
        return None
    if not ROOT_RE.match(value) or not 1 <= int(value) <= 20:
        raise ParamError(Errors.E708.format(name="root", detail="a CAMEO root code 01 to 20"))
    return value


def dimension(value: str | None) -> str | None:
    return choice("dimension", value, DIMENSIONS)


def status(value: str | None) -> str | None:
    return choice("status", value, STATUSES)


def origin(value: str | None) -> str | None:
    return choice("origin", value, get_args(Origin))


@dataclass(frozen=True)
class Page:
    page: int
    size: int
    truncated: bool  # the requested size was over the cap and was cut to it

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def page(page_no: int | None, size: int | None) -> Page:
    page_no = 1 if page_no is None else page_no
    if page_no < 1:
        raise make_public("E408", name="page", detail="pages start at 1")
    size = DEFAULT_PAGE_SIZE if size is None else size
    if size < 1:
        raise ParamError(Errors.E708.format(name="size", detail="at least 1"))
    return Page(page_no, min(size, MAX_PAGE_SIZE), size > MAX_PAGE_SIZE)


def search_text(value: str | None) -> str | None:
    if not value:
        return None
    if len(value) > 200:
        raise ParamError(Errors.E708.format(name="q", detail="at most 200 characters"))
    return value
