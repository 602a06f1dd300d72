"""Read latency while a bulk import writes (RELIABILITY case 30, issue 14): 20 readers, one writer.

Builds a store of ``--events`` bulk events, starts the real ``dyadscope serve`` (read-only) on a free
port, and runs ``--clients`` concurrent API readers for ``--seconds``: first with the store idle, then
while ``dyadscope import gdelt`` loads a generated file of ``--rows`` GDELT 2.0 rows into the same store
(once per ``--batch-sizes`` value: rows per write transaction). Every request carries a unique query
parameter, so no answer comes from the server's response cache: each one reads SQLite. Prints p50/p95/p99
and the ratio of p95 during the write to p95 idle, plus failed requests (5xx, "database is locked").
Asserts nothing.

    python benchmarks/bench_reads_during_write.py [--events 200000] [--rows 100000] [--clients 20]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from bench_api import free_port, percentile, stop_server  # the same helpers as the API benchmark

import dyadscope

PATHS = [
    "/api/v1/events?dyad=USA-VNM&page={page}&size=50",
    "/api/v1/events?dyad=USA-VNM&dimension=economic&since={year}",
    "/api/v1/documents?size=5",
]


def build_store(path: Path, n_events: int) -> None:
    """Bulk events of two dyads, 1994-2025, as an earlier GDELT import leaves them."""
    dyadscope.open(path).close()
    rng = random.Random(3)
    conn = sqlite3.connect(path)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(events)")]
    rows = []
    for i in range(n_events):
        date = f"{rng.randint(1994, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        src, tgt = ("USA", "VNM") if i % 2 else ("VNM", "USA")
        values = {
            "id": f"b{i:08d}",
            "date": date,
            "month": date[:7],
            "source_actor": src,
            "target_actor": tgt,
            "event_code": "042",
            "event_label": "Make a visit",
            "goldstein": 1.9,
            "quad_class": 1,
            "dimension": rng.choice(["diplomatic", "economic", "security"]),
            "status": "reported",
            "confidence": 0.7,
            "origin": "gdelt",
            "text": "bulk row",
        }
        rows.append(tuple(values.get(c) for c in columns))
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f"INSERT OR IGNORE INTO events VALUES ({marks})", rows)
    conn.commit()
    conn.close()


def write_gdelt(path: Path, n_rows: int, first_id: int = 0) -> None:
    """A GDELT 2.0 export file (61 tab-separated fields) of USA-VNM visits in 2024."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(first_id, first_id + n_rows):
            f = [""] * 61
            day = f"2024{1 + i % 12:02d}{1 + i % 28:02d}"
            f[0], f[1] = str(5_000_000 + i), day
            f[5], f[6], f[7] = "USAGOV", "UNITED STATES", "USA"
            f[15], f[16], f[17] = "VNMGOV", "VIETNAM", "VNM"
            f[25], f[26], f[27], f[28], f[29], f[30] = "1", "042", "042", "04", "1", "1.9"
            f[31], f[32], f[33], f[34] = "10", "2", "10", "2.5"
            f[53], f[59], f[60] = "VM", day + "121500", f"https://news.example.org/{i}.html"
            fh.write("\t".join(f) + "\n")


async def readers(
    base: str, clients: int, seconds: float, stop: asyncio.Event | None = None
) -> tuple[list, int]:
    """Latencies (s) of ``clients`` concurrent readers over ``seconds``, and the number of failures."""
    counter = itertools.count()
    latencies: list[float] = []
    failures = 0
    deadline = time.monotonic() + seconds

    async def one(client: httpx.AsyncClient) -> None:
        nonlocal failures
        while time.monotonic() < deadline and not (stop and stop.is_set()):
            n = next(counter)
            path = PATHS[n % len(PATHS)].format(page=1 + n % 40, year=1995 + n % 30)
            url = f"{base}{path}{'&' if '?' in path else '?'}_={n}"  # unique: never a cached answer
            t0 = time.perf_counter()
            try:
                response = await client.get(url, timeout=60)
                if response.status_code >= 500:
                    failures += 1
                    continue
            except httpx.HTTPError:
                failures += 1
                continue
            latencies.append(time.perf_counter() - t0)

    async with httpx.AsyncClient() as client:
        await asyncio.gather(*(one(client) for _ in range(clients)))
    return latencies, failures


async def during_import(base: str, args: argparse.Namespace, db: Path, data: Path, batch: int) -> tuple:
    stop = asyncio.Event()
    cmd = [sys.executable, "-m", "dyadscope.cli", "import", "gdelt", str(data), "--db", str(db)]
    proc = await asyncio.create_subprocess_exec(
        *cmd, "--batch-size", str(batch), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    t0 = time.perf_counter()

    async def wait_import() -> tuple[int, float, bytes]:
        _, err = await proc.communicate()
        stop.set()
        return proc.returncode or 0, time.perf_counter() - t0, err

    (latencies, failures), (code, took, err) = await asyncio.gather(
        readers(base, args.clients, args.seconds * 10, stop), wait_import()
    )
    return latencies, failures, code, took, err


def line(label: str, latencies: list[float], failures: int, seconds: float) -> float:
    p95 = percentile(latencies, 0.95)
    print(
        f"{label:34} {len(latencies):>6} {percentile(latencies, 0.5):>8.1f} {p95:>8.1f} "
        f"{percentile(latencies, 0.99):>8.1f} {len(latencies) / seconds:>8.0f} {failures:>6}"
    )
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--batch-sizes", default="100000,10000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dyadscope-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        batches = [int(b) for b in args.batch_sizes.split(",")]
        files = [Path(tmp) / f"2024010{k + 1}.export.CSV" for k in range(len(batches))]
        t0 = time.perf_counter()
        build_store(db, args.events)
        for k, data in enumerate(files):  # distinct event ids: each import really writes
            write_gdelt(data, args.rows, first_id=k * args.rows)
        print(
            f"store: {args.events:,} events; {args.rows:,} rows per import ({time.perf_counter() - t0:.1f} s)"
        )
        port = free_port()
        log = open(Path(tmp) / "server.log", "w")  # noqa: SIM115
        server = subprocess.Popen(
            [sys.executable, "-m", "dyadscope.cli", "serve", "--db", str(db), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(base + "/api/v1/documents", timeout=5)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            print(
                f"{args.clients} concurrent readers, unique URLs (no cached answer); load average "
                f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (readers, server and writer share them)"
            )
            print(
                f"{'phase':34} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>8} {'failed':>6}"
            )
            latencies, failures = asyncio.run(readers(base, args.clients, args.seconds))
            idle = line("idle store", latencies, failures, args.seconds)
            for batch, data in zip(batches, files, strict=True):
                latencies, failures, code, took, err = asyncio.run(during_import(base, args, db, data, batch))
                p95 = line(f"during import, {batch:,} rows/txn", latencies, failures, took)
                print(
                    f"{'':34} import exit {code} in {took:.1f} s; p95 during / idle = {p95 / idle:.1f}x"
                    + (f"; stderr: {err.decode()[-200:]}" if code not in (0, 1) else "")
                )
        finally:
            stop_server(server, log)


if __name__ == "__main__":
    main()
