"""Checking request parameters: whitelisted identifiers, well-formed dates, bounded pages.

Every value a user sends is checked here before it reaches a query; identifiers (sort keys, table
names, dimensions) must be in a whitelist, other values are bound as SQL parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..dyads import Dyad, parse_dyad
from ..errors import DyadscopeError, Errors, InputError, UnknownCountry
from ..ontology.countries import check_code
from ..schema import DIMENSIONS, STATUSES

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


class ParamError(InputError):
    """A request parameter that is malformed or not in its whitelist."""


def choice(name: str, value: str | None, choices: tuple[str, ...] | list[str] | set[str]) -> str | None:
    if value is None or value == "":
        return None
    if value not in choices:
        # the message lists the choices but does not echo the value back
        raise ParamError(
            Errors.E708.format(name=name, detail="choose one of: " + ", ".join(sorted(choices))), code="E407"
        )
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
        raise ParamError(
            Errors.E708.format(name=name, detail="use YYYY, YYYY-MM or YYYY-MM-DD"), code="E409"
        ) from None
    return value


def month(value: str) -> str:
    found = MONTH_RE.match(value or "")
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ParamError(Errors.E708.format(name="month", detail="use YYYY-MM, e.g. 2023-09"), code="E404")
    return value


def dyad(value: str) -> Dyad:
    """A dyad in the path; unknown codes give a 404 whose text does not echo the input."""
    try:
        return parse_dyad(value)
    except UnknownCountry:
        raise UnknownCountry(Errors.E709, code="E401") from None
    except DyadscopeError:
        raise ParamError(
            Errors.E708.format(name="dyad", detail="write two codes such as USA-VNM"), code="E402"
        ) from None


def actor(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return check_code(value)
    except UnknownCountry:
        raise UnknownCountry(Errors.E709, code="E401") from None


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
        raise ParamError(Errors.E708.format(name="page", detail="pages start at 1"), code="E408")
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
