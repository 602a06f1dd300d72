"""API latency under load: 50 concurrent clients on loopback over a store of 1,000,000 events.

Builds the store in a temporary directory, starts the real ``dyadscope serve`` (read-only) on a free
port, warms the assessment cache, then for each endpoint runs 50 concurrent clients for a bounded
number of requests (and at most ``SECONDS`` per endpoint). Prints p50/p95/p99 latency and throughput;
the target is p95 <= 50 ms for the timeline and event-page endpoints. Asserts nothing.

    python benchmarks/bench_api.py [--events 1000000] [--clients 50] [--requests 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import httpx

import dyadscope

SECONDS = 30.0
CODES = [
    ("036", "Express intent to meet", 4.0, 1, "diplomatic"),
    ("042", "Make a visit", 1.9, 1, "diplomatic"),
    ("057", "Sign formal agreement", 8.0, 1, "diplomatic"),
    ("061", "Cooperate economically", 6.4, 2, "economic"),
    ("112", "Accuse", -2.0, 3, "diplomatic"),
    ("163", "Impose embargo", -8.0, 4, "economic"),
    ("190", "Use conventional military force", -10.0, 4, "security"),
]
PAIRS = [("USA", "VNM"), ("VNM", "USA"), ("CHN", "VNM"), ("VNM", "CHN"), ("USA", "IDN")]


def build_store(path: Path, n_events: int) -> None:
    """1,000,000 bulk events (as a GDELT import leaves them), 1994-2025, written in one transaction."""
    dyadscope.open(path).close()  # creates the schema
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    rows = []
    for i in range(n_events):
        year, month, day = rng.randint(1994, 2025), rng.randint(1, 12), rng.randint(1, 28)
        code, label, gold, quad, dim = rng.choice(CODES)
        src, tgt = PAIRS[i % 10 // 2] if i % 10 < 8 else rng.choice(PAIRS)
        date = f"{year}-{month:02d}-{day:02d}"
        rows.append(
            (
                f"b{i:08d}",
                date,
                date[:7],
                "day",
                src,
                tgt,
                code,
                code[:2],
                label,
                gold,
                quad,
                dim,
                "reported",
                f"bulk row {i}",
                0,
                0,
                0.5,
                "gdelt",
                str(i),
            )
        )
        if len(rows) == 100_000:
            insert(conn, rows)
            rows = []
    insert(conn, rows)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def insert(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.executemany(
        "INSERT INTO events (id, date, month, date_precision, source_actor, target_actor, event_code, "
        "event_root, event_label, goldstein, quad_class, dimension, status, text, char_start, char_end, "
        "confidence, origin, source_event_id, date_ambiguous, date_uncertain) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,0)",
        rows,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


ERRORS: list[str] = []


async def client(
    http: aiohttp.ClientSession, paths: list[str], budget: list[int], deadline: float, out: list[float]
) -> None:
    while budget[0] > 0 and time.monotonic() < deadline:
        budget[0] -= 1
        path = random.choice(paths)
        start = time.perf_counter()
        try:
            async with http.get(path) as response:
                await response.read()
                status = response.status
        except aiohttp.ClientError as exc:  # counted and reported, the run goes on
            ERRORS.append(f"{path}: {type(exc).__name__}")
            continue
        out.append(time.perf_counter() - start)
        if status != 200:
            ERRORS.append(f"{path}: HTTP {status}")


async def load(base: str, paths: list[str], clients: int, requests: int) -> tuple[list[float], float]:
    """``clients`` keep-alive connections issuing ``requests`` GETs in all (aiohttp: a light load generator,
    so the numbers measure the server rather than the client's own per-request cost)."""
    latencies: list[float] = []
    budget = [requests]
    deadline = time.monotonic() + SECONDS
    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as http:
        start = time.perf_counter()
        await asyncio.gather(*(client(http, paths, budget, deadline, latencies) for _ in range(clients)))
        return latencies, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    """The q-quantile of latencies in seconds, in milliseconds (nan when there are none)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def stop_server(server: subprocess.Popen, log) -> None:
    """Stop the benchmark's server process (kill it after 10 s) and close its log."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--store", type=Path, help="reuse a store built by an earlier run (kept there)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dyadscope-bench-") as tmp:
        db = args.store or Path(tmp) / "bench.db"
        if not db.exists():
            t0 = time.perf_counter()
            build_store(db, args.events)
            print(f"store: {args.events:,} events written in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        log = open(Path(tmp) / "server.log", "w")  # noqa: SIM115
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dyadscope.cli",
                "serve",
                "--db",
                str(db),
                "--port",
                str(port),
                "--read-only",
                "--workers",
                str(args.workers),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            run(base, args)
            if ERRORS:
                print(f"{len(ERRORS)} failed requests, e.g. {ERRORS[:3]}; server log tail:")
                print(Path(log.name).read_text()[-2000:])
        finally:
            stop_server(server, log)


def run(base: str, args: argparse.Namespace) -> None:
    for _ in range(100):
        try:
            httpx.get(base + "/api/v1/documents", timeout=5)
            break
        except httpx.HTTPError:
            time.sleep(0.2)
    t0 = time.perf_counter()
    first = httpx.get(base + "/api/v1/dyads/USA-VNM/timeline", timeout=120)
    print(
        f"first timeline (assessment of 30 years, cold): {time.perf_counter() - t0:.2f} s, "
        f"status {first.status_code}, {len(first.json().get('rows', []))} months"
    )
    endpoints = {
        "floor (cached list)": ["/api/v1/documents?size=1"],
        "timeline": ["/api/v1/dyads/USA-VNM/timeline"],
        "event page": [f"/api/v1/events?dyad=USA-VNM&page={p}&size=50" for p in range(1, 101)],
        "event page, filtered": [
            f"/api/v1/events?dyad=USA-VNM&dimension=economic&since={y}&page=2" for y in range(1995, 2025)
        ],
    }
    print(
        f"{args.clients} concurrent clients, up to {args.requests} requests or {SECONDS:.0f} s per endpoint; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (clients and server share them)"
    )
    print(
        f"{'endpoint, pass':30} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8}  "
        "target p95<=50ms"
    )
    floor = None
    for name, paths in endpoints.items():
        # first pass: every distinct URL is computed once (cold); second pass: the store's answers are cached
        for phase in ("cold", "warm"):
            latencies, elapsed = asyncio.run(load(base, paths, args.clients, args.requests))
            label = f"{name}, {phase}"
            if not latencies:
                print(f"{label:30} no successful request")
                continue
            p95 = percentile(latencies, 0.95)
            floor = floor or p95
            print(
                f"{label:30} {len(latencies):>6} {percentile(latencies, 0.5):>8.1f} {p95:>8.1f} "
                f"{percentile(latencies, 0.99):>8.1f} {len(latencies) / elapsed:>8.0f}  "
                f"{'met' if p95 <= 50 else 'missed'} ({p95 / 50:.2f}x target, {p95 / floor:.1f}x floor)"
            )


if __name__ == "__main__":
    main()
