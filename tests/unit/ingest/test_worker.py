from __future__ import annotations

import time

import pytest
from workjobs import allocate, die, fail, sleep_then

from dyadscope.errors import DyadscopeError
from dyadscope.ingest.worker import ParserPool


def outcomes(pool: ParserPool, jobs: list) -> list[tuple]:
    handles = [pool.submit(func, *args, path=name) for name, func, args in jobs]
    return [pool.wait(job).outcome[:2] for job in handles]


def test_worker_stuck_parser_is_killed_and_batch_goes_on() -> None:
    with ParserPool(2, timeout=1.0) as pool:
        started = time.monotonic()
        results = outcomes(
            pool,
            [
                ("slow.pdf", sleep_then, (30, "never")),
                ("a.pdf", sleep_then, (0.1, "a")),
                ("b.pdf", sleep_then, (0.1, "b")),
            ],
        )
        assert time.monotonic() - started < 10
    assert results == [("error", "E108"), ("ok", "a"), ("ok", "b")]


def test_worker_memory_cap_stops_a_hungry_parser() -> None:
    with ParserPool(1, timeout=20, memory_mb=256) as pool:
        assert outcomes(pool, [("bomb.pdf", allocate, (2048,)), ("next.pdf", sleep_then, (0, "fine"))]) == [
            ("error", "E109"),
            ("ok", "fine"),
        ]


@pytest.mark.parametrize("func, code", [(die, "E109"), (fail, "E114")])
def test_worker_crash_or_bug_is_reported_with_the_file(func, code: str) -> None:
    with ParserPool(1, timeout=10) as pool:
        job = pool.wait(pool.submit(func, path="odd.pdf"))
        with pytest.raises(DyadscopeError) as info:
            job.result()
        assert info.value.code == code and "odd.pdf" in info.value.message
        assert pool.run(sleep_then, 0, "after", path="x") == "after"  # the pool recovers
