"""Knowledge as data files (CAMEO, PLOVER, dimensions, gazetteers) and the small loaders that read them."""

from __future__ import annotations

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).parent
