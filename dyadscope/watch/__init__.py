"""``dyadscope watch``: refresh the store from folders and feeds on a schedule and alert on moves.

Modules: ``sources`` (folders, feeds, URL lists), ``detect`` (the threshold rule), ``run`` (one run),
``sinks`` (log, JSON lines, webhook), ``state`` (the watch tables), ``schedule`` (``--every``).
"""

from .detect import DEFAULT_THRESHOLD
from .run import WatchOptions, watch_once
from .schedule import parse_interval, run_every

__all__ = ["DEFAULT_THRESHOLD", "WatchOptions", "parse_interval", "run_every", "watch_once"]
