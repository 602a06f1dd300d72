"""Which fold (tune or test) each gold annotation belongs to, and checks that the gold is filed right.

``tests/gold/folds.yaml`` fixes the folds before any tuning: explicit ``tune:`` and ``test:`` lists of
document paths (relative to the shared folder), and a rule for the White House corpus
(``eval/whitehouse/``): the first hex digit of ``sha1(<path relative to whitehouse/>)`` even -> test,
odd -> tune. An annotation file must sit in the folder of its fold (``tests/gold/<fold>/``), say the
same fold in its ``fold:`` field when it has one, and no document may be annotated twice (by path, or
by content when the same file is filed under two paths).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

FOLDS = ("tune", "test")
WHITEHOUSE = "eval/whitehouse/"
GENRES = ("news", "readout", "statement", "fact_sheet", "remarks", "encyclopedic", "report")


class GoldError(ValueError):
    """A gold annotation filed in the wrong fold, annotated twice, or not assigned to any fold."""


@dataclass(frozen=True)
class Folds:
    """The fold lists of ``folds.yaml``; ``fold_of`` applies them and the White House rule."""

    tune: frozenset[str]
    test: frozenset[str]

    def fold_of(self, document: str) -> str:
        """``tune`` or ``test`` for a document path relative to the shared folder; GoldError if neither."""
        if document in self.tune:
            return "tune"
        if document in self.test:
            return "test"
        if document.startswith(WHITEHOUSE):
            return whitehouse_fold(document[len(WHITEHOUSE) :])
        raise GoldError(
            f"{document}: not in any fold. Add it to the tune: or test: list of tests/gold/folds.yaml "
            "BEFORE looking at how the extractor does on it."
        )


def whitehouse_fold(relative: str) -> str:
    """The fold of a White House file, from its path relative to whitehouse/ (as in manifest.csv)."""
    digit = int(hashlib.sha1(relative.encode("utf-8")).hexdigest()[0], 16)
    return "test" if digit % 2 == 0 else "tune"


def load_folds(path: Path) -> Folds:
    """Read ``folds.yaml``; a document listed in both folds is a GoldError."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    tune, test = frozenset(data.get("tune") or []), frozenset(data.get("test") or [])
    both = sorted(tune & test)
    if both:
        raise GoldError(f"{path}: listed in both folds: {', '.join(both)}")
    return Folds(tune=tune, test=test)


def gold_files(gold_dir: Path) -> list[Path]:
    """The annotation files, sorted: ``<fold>/*.yaml`` (and any stray ``*.yaml`` beside folds.yaml)."""
    files = sorted(gold_dir.glob("*.yaml")) + sorted(gold_dir.glob("*/*.yaml"))
    return [f for f in files if f.name != "folds.yaml"]


def load_gold(gold_dir: Path, shared_dir: Path | None = None) -> list[dict[str, Any]]:
    """Every annotation with its ``fold`` and ``file``, after checking folders and duplicates.

    Raises GoldError when a file sits outside the folder of its fold, its ``fold:`` field disagrees,
    or a document is annotated twice (same path, or same bytes when ``shared_dir`` holds the files).
    """
    folds = load_folds(gold_dir / "folds.yaml")
    seen: dict[str, Path] = {}
    entries = []
    for path in gold_files(gold_dir):
        gold = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        document = gold.get("document")
        if not isinstance(document, str):
            raise GoldError(f"{path}: no `document:` field naming the annotated file")
        fold = folds.fold_of(document)
        folder = path.parent.name if path.parent != gold_dir else None
        if folder != fold:
            raise GoldError(
                f"{path}: {document} belongs to the {fold} fold (tests/gold/folds.yaml) "
                f"but is filed in {folder or 'tests/gold/'}; move it to tests/gold/{fold}/"
            )
        if gold.get("fold", fold) != fold:
            raise GoldError(f"{path}: says `fold: {gold['fold']}` but {document} is in the {fold} fold")
        for key in _identities(document, shared_dir):
            if key in seen:
                raise GoldError(f"{path}: {document} is already annotated in {seen[key]}")
            seen[key] = path
        entries.append({**gold, "fold": fold, "file": path})
    return entries


def _identities(document: str, shared_dir: Path | None) -> list[str]:
    """The path, and the content hash when the file is readable (one text filed in two dyads)."""
    keys = [f"path:{document}"]
    if shared_dir is not None and (shared_dir / document).is_file():
        keys.append(f"sha1:{hashlib.sha1((shared_dir / document).read_bytes()).hexdigest()}")
    return keys
