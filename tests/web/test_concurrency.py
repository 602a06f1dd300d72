"""RELIABILITY case 30: parallel API reads while another process-like writer commits: no 5xx, no 'locked'."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient
from sample_store import build_sample_store, event

import dyadscope
from dyadscope.store import tables as t
from dyadscope.web.app import create_app

READERS = 20
SECONDS = 3.0
URLS = ["/api/v1/events?size=20", "/api/v1/documents", "/api/v1/events?dimension=economic", "/api/v1/claims"]


def test_parallel_reads_during_writes_see_consistent_snapshots(tmp_path):
    path = tmp_path / "busy.db"
    build_sample_store(path).close()
    app = create_app(path)  # read-only server
    writer = dyadscope.open(path)
    stop = time.monotonic() + SECONDS
    failures: list[str] = []
    totals: list[int] = []

    def write() -> None:
        batch = 0
        while time.monotonic() < stop:
            with writer.write() as conn:  # one transaction per document and its events, as ingest does
                did = f"{batch:064x}"
                conn.execute(
                    t.documents.insert().values(
                        id=did,
                        title=f"batch {batch}",
                        source="test",
                        text="x",
                        ingested_at=f"2026-01-01T00:00:{batch:06d}",
                    )
                )
                for i in range(200):
                    row = event(
                        f"w{batch}-{i}",
                        did,
                        "2024-06-15",
                        "036",
                        "Express intent",
                        4.0,
                        "diplomatic",
                        "bulk",
                        0,
                        0,
                    )
                    row.update(origin="gdelt", source_event_id=f"w{batch}-{i}")
                    conn.execute(t.events.insert().values(**row))
            batch += 1

    def read(k: int) -> None:
        client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
        n = 0
        while time.monotonic() < stop:
            response = client.get(URLS[(k + n) % len(URLS)])
            n += 1
            if response.status_code != 200 or "locked" in response.text:
                failures.append(f"{response.status_code} {response.text[:100]}")
            elif "events?size" in str(response.url):
                total = response.json()["total"]
                if total % 200 != 64 % 200:  # whole batches only: never a half-committed transaction
                    failures.append(f"partial batch visible: {total}")
                totals.append(total)

    threads = [threading.Thread(target=write)] + [
        threading.Thread(target=read, args=(k,)) for k in range(READERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 30)
    assert failures == [] and len(totals) > READERS
    assert max(totals) > 64  # the readers did see committed batches (the cache follows the store)
