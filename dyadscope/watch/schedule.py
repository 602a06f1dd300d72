"""The schedule: ``--every 1h`` (or ``90s``, ``15m``, ``1h30m``, ``1d``) between runs, until stopped.

Ctrl-C (SIGINT) or SIGTERM ends the wait at once; a run in progress finishes its current step and the
store is left consistent (every write is one transaction), so the watcher stops cleanly.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable
from typing import Any

from ..errors import Errors, InputError

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
INTERVAL = re.compile(r"^(?:\d+[smhd])+$")
MIN_SECONDS, MAX_SECONDS = 1, 30 * 86400


def parse_interval(text: str) -> int:
    """``"1h30m"`` -> 5400 seconds; E412 for anything else or outside 1 s … 30 days."""
    cleaned = str(text).strip().lower().replace(" ", "")
    if cleaned.isdigit():
        cleaned += "s"
    if not INTERVAL.match(cleaned):
        raise InputError(Errors.E412.format(text=text))
    seconds = sum(int(n) * UNITS[u] for n, u in re.findall(r"(\d+)([smhd])", cleaned))
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise InputError(Errors.E412.format(text=text))
    return seconds


def run_every(seconds: float, job: Callable[[], Any], *, runs: int | None = None) -> int:
    """Call ``job`` now and then every ``seconds`` until SIGINT/SIGTERM (or ``runs`` runs); returns the count.

    The wait is an Event, so a signal ends it immediately rather than after the interval.
    """
    stop = threading.Event()

    def _stop(_signum: int, _frame: Any) -> None:
        if stop.is_set():  # a second Ctrl-C: abandon the run (its open transaction rolls back)
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    in_main = threading.current_thread() is threading.main_thread()
    if in_main:
        for sig in previous:
            signal.signal(sig, _stop)
    done = 0
    try:
        while not stop.is_set():
            job()
            done += 1
            if runs is not None and done >= runs:
                break
            stop.wait(seconds)
    finally:
        if in_main:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    return done
