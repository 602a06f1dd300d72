"""dyadscope: evidence-based, dynamic assessment of bilateral relations between states."""

from .api import Database, open
from .dyads import Dyad

__version__ = "0.1.0"
__all__ = ["Database", "Dyad", "open", "__version__"]
