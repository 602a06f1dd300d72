"""``dyadscope profile new A B``: write a starter profile from the template in ``templates/``."""

from __future__ import annotations

from pathlib import Path
from string import Template

from ..dyads import Dyad, parse_dyad
from ..errors import Errors, InputError, ProfileError
from ..ontology.countries import country_name
from . import PACKAGE_DIR, read_profile

TEMPLATE = PACKAGE_DIR / "templates" / "starter.yaml"


def new_profile(
    dyad: Dyad | str | tuple[str, str], directory: str | Path | None = None, *, force: bool = False
) -> Path:
    """Write ``<A>-<B>.yaml`` into ``directory`` (default ``./profiles``); E604 if one exists there."""
    pair = parse_dyad(dyad)
    folder = Path(directory) if directory is not None else Path.cwd() / "profiles"
    path = folder / f"{pair}.yaml"
    existing = [p for p in (path, folder / f"{pair.b}-{pair.a}.yaml") if p.exists()]
    if existing and not force:
        raise ProfileError(Errors.E604.format(dyad=pair, path=existing[0]))
    text = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        DYAD=str(pair), A=pair.a, B=pair.b, A_NAME=country_name(pair.a), B_NAME=country_name(pair.b)
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:  # /proc, a read-only or full disk, a file where the folder should be
        raise InputError(Errors.E414.format(path=path, detail=exc.strerror or type(exc).__name__)) from exc
    read_profile(path)  # the starter must itself validate
    return path
