"""The Dyad value: an ordered pair of country/IGO codes, printed ``USA-VNM``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import Errors, InputError
from .ontology.countries import check_code


@dataclass(frozen=True, order=True)
class Dyad:
    a: str
    b: str

    def __str__(self) -> str:
        return f"{self.a}-{self.b}"

    @property
    def codes(self) -> tuple[str, str]:
        return (self.a, self.b)

    def undirected(self) -> Dyad:
        """The same pair in alphabetical order, for storage keys that ignore direction."""
        return Dyad(*sorted((self.a, self.b)))


def parse_dyad(value: str | tuple[str, str] | list[str] | Dyad, b: str | None = None) -> Dyad:
    """``"USA-VNM"``, ``"USA VNM"``, ``("USA", "VNM")`` or ``("USA", "VNM")`` as two args -> Dyad."""
    if isinstance(value, Dyad):
        return value
    if b is not None:
        parts = [str(value), b]
    elif isinstance(value, (tuple, list)):
        parts = [str(p) for p in value]
    else:
        parts = [p for p in re.split(r"[\s,/–—-]+", str(value).strip()) if p]
    if len(parts) != 2:
        raise InputError(Errors.E402.format(text=value if b is None else f"{value} {b}"))
    a_code, b_code = check_code(parts[0]), check_code(parts[1])
    if a_code == b_code:
        raise InputError(Errors.E403.format(code=a_code))
    return Dyad(a_code, b_code)
