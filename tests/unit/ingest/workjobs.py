"""Job functions for worker tests: importable by name, as the worker pool needs."""

from __future__ import annotations

import os
import time


def sleep_then(seconds: float, value: str) -> str:
    time.sleep(seconds)
    return value


def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def die() -> None:
    os._exit(3)


def fail() -> None:
    raise KeyError("missing key")
