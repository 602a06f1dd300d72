"""Run parsers in worker processes with a wall-clock timeout and an address-space cap (RLIMIT_AS).

A thread cannot be stopped (pypdf#2790), a process can: a parser that hangs past its deadline is
killed with SIGKILL and replaced, one that runs out of memory dies alone, and the batch goes on.
Jobs run in parallel on up to ``workers`` processes; results are collected in any order through
:class:`Job` handles, so the caller keeps its own (input) order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from ..errors import CATALOGUE, DyadscopeError, Errors

DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY_MB = 2048


@dataclass
class Job:
    """A parse job: ``func(*args)`` in a worker; ``outcome`` is ('ok', value) or ('error', code, message)."""

    func: Callable[..., Any]
    args: tuple[Any, ...]
    path: str
    outcome: tuple[Any, ...] | None = None
    deadline: float = 0.0
    worker: _Worker | None = field(default=None, repr=False)

    def result(self) -> Any:
        """The parser's return value, or the DyadscopeError it raised (rebuilt in this process)."""
        assert self.outcome is not None, "call ParserPool.wait(job) first"
        if self.outcome[0] == "ok":
            return self.outcome[1]
        _, code, message = self.outcome
        spec = CATALOGUE.get(code)
        raise spec.cls(message, code=code) if spec else DyadscopeError(message, code=code)


def _serve(conn: Connection, memory_mb: int) -> None:
    """Worker loop: receive (func, args), send back the outcome; never returns."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(memory_mb)
    while True:
        try:
            func, args = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        try:
            outcome: tuple[Any, ...] = ("ok", func(*args))
        except DyadscopeError as exc:
            outcome = ("error", exc.code, exc.message)
        except MemoryError:
            outcome = ("error", "E109", None)
        except RecursionError:
            outcome = ("error", "E113", None)
        except Exception as exc:  # a parser bug must not kill the batch: report it as a parse error
            outcome = ("error", "E114", f"{type(exc).__name__}: {exc}"[:200])
        try:
            conn.send(outcome)
        except (OSError, ValueError):
            os._exit(1)


def _limit_memory(memory_mb: int) -> None:
    """Cap the address space at what the worker already maps plus ``memory_mb``."""
    if memory_mb <= 0 or not sys.platform.startswith("linux"):
        return
    import resource

    try:
        with open("/proc/self/statm") as handle:
            mapped = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = mapped + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError):
        pass


class _Worker:
    def __init__(self, context: Any, memory_mb: int) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.job: Job | None = None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class ParserPool:
    """A small pool of parser processes; use as a context manager."""

    def __init__(
        self,
        workers: int | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        memory_mb: int = DEFAULT_MEMORY_MB,
    ) -> None:
        self.size = max(1, workers or min(2, os.cpu_count() or 1))
        self.timeout = timeout
        self.memory_mb = memory_mb
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self._context = multiprocessing.get_context(method)
        self._workers: list[_Worker] = []
        self._queue: deque[Job] = deque()

    def __enter__(self) -> ParserPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._workers:
            worker.kill()
        self._workers = []

    def submit(self, func: Callable[..., Any], *args: Any, path: str = "") -> Job:
        """Queue ``func(*args)``; it starts as soon as a worker is free."""
        job = Job(func, args, path)
        self._queue.append(job)
        self._dispatch()
        return job

    def run(self, func: Callable[..., Any], *args: Any, path: str = "") -> Any:
        """Run one job and return its result (raises its error)."""
        job = self.submit(func, *args, path=path)
        self.wait(job)
        return job.result()

    def wait(self, job: Job) -> Job:
        """Block until ``job`` has an outcome (finishing, failing, timing out or crashing)."""
        while job.outcome is None:
            busy = [w for w in self._workers if w.job is not None]
            if not busy:
                self._dispatch()
                continue
            remaining = min(w.job.deadline for w in busy if w.job) - time.monotonic()
            for conn in wait([w.conn for w in busy], timeout=max(0.0, remaining)):
                self._collect(next(w for w in busy if w.conn is conn))
            self._expire()
            self._dispatch()
        return job

    def _dispatch(self) -> None:
        while self._queue:
            worker = next((w for w in self._workers if w.job is None), None)
            if worker is None and len(self._workers) < self.size:
                worker = _Worker(self._context, self.memory_mb)
                self._workers.append(worker)
            if worker is None:
                return
            job = self._queue.popleft()
            job.deadline = time.monotonic() + self.timeout
            try:
                worker.conn.send((job.func, job.args))
            except (OSError, ValueError):
                self._replace(worker)
                job.outcome = (
                    "error",
                    "E114",
                    Errors.E114.format(path=job.path, detail="parser unavailable"),
                )
                continue
            worker.job, job.worker = job, worker

    def _collect(self, worker: _Worker) -> None:
        job = worker.job
        assert job is not None
        try:
            outcome = worker.conn.recv()
        except (EOFError, OSError):
            code = worker.process.exitcode if not worker.process.is_alive() else None
            self._replace(worker)
            job.outcome = (
                "error",
                "E109",
                Errors.E109.format(path=job.path, limit_mb=self.memory_mb)
                + f" (the parser process died{f', exit code {code}' if code is not None else ''})",
            )
            return
        worker.job = None
        job.outcome = self._format(outcome, job)

    def _format(self, outcome: tuple[Any, ...], job: Job) -> tuple[Any, ...]:
        if outcome[0] == "ok":
            return outcome
        code, detail = outcome[1], outcome[2]
        if detail and detail.startswith("[E"):
            return outcome  # a DyadscopeError raised by the parser, already naming the file
        if code == "E109":
            return ("error", code, Errors.E109.format(path=job.path, limit_mb=self.memory_mb))
        if code == "E113":
            return ("error", code, Errors.E113.format(path=job.path, depth="too many"))
        return ("error", code, Errors.E114.format(path=job.path, detail=detail))

    def _expire(self) -> None:
        now = time.monotonic()
        for worker in list(self._workers):
            job = worker.job
            if job is not None and job.outcome is None and now >= job.deadline:
                self._replace(worker)
                job.outcome = ("error", "E108", Errors.E108.format(path=job.path, seconds=self.timeout))

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._workers.remove(worker)
