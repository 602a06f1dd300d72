"""db.watch_once on a real store: baseline, alert on a move, no re-alert, feeds, webhook delivery."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import dyadscope
from dyadscope.errors import FetchError, InputError
from dyadscope.watch.sinks import post_webhook

CALM = """---
title: Leaders meet in Hanoi
date: 2025-03-10
---
On 10 March 2025, the President of the United States visited Hanoi and met Vietnamese President Luong Cuong.
The two countries signed an agreement on trade cooperation.
Vietnam and the United States agreed to expand education exchanges.
"""
CONFLICT = """---
title: Tariffs and sanctions
date: 2025-04-05
---
On 2 April 2025, the United States imposed a 46 percent tariff on imports from Vietnam.
Vietnam protested the tariff and accused the United States of coercion.
The United States imposed sanctions on Vietnamese firms on 3 April 2025, and Vietnam condemned the sanctions.
"""


class Recorder(BaseHTTPRequestHandler):
    """Serves ``pages`` on GET and records every request (path, body)."""

    pages: dict[str, tuple[str, bytes]] = {}
    seen: list[tuple[str, str, bytes]] = []

    def do_GET(self) -> None:  # noqa: N802
        self.seen.append(("GET", self.path, b""))
        found = self.pages.get(self.path)
        if found is None:
            self.send_response(404)
            self.end_headers()
            return
        kind, body = found
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append(("POST", self.path, body))
        self.send_response(500 if self.path == "/broken" else 204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[Recorder]]]:
    handler = type("Handler", (Recorder,), {"pages": {}, "seen": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_watch_once_alerts_on_a_move_once(tmp_path: Path) -> None:
    inbox, log = tmp_path / "inbox", tmp_path / "alerts.jsonl"
    inbox.mkdir()
    (inbox / "calm.md").write_text(CALM, encoding="utf-8")
    db = dyadscope.open(tmp_path / "w.db")
    assert db.watch_once([inbox], dyads=["USA VNM"], alerts_path=log) == []  # first run: baseline only
    (inbox / "conflict.md").write_text(CONFLICT, encoding="utf-8")
    alerts = db.watch_once([inbox], dyads=["USA VNM"], alerts_path=log)
    overall = next(a for a in alerts if a["series"] == "overall")
    assert overall["kind"] == "score" and overall["dyad"] == "USA-VNM" and overall["month"] == "2025-04"
    assert overall["delta"] < -0.5 and overall["new_score"] < overall["old_score"]
    conflict_id = db.documents().set_index("title").loc["Tariffs and sanctions", "id"]
    assert [d["doc_id"] for d in overall["cause"]["documents"]] == [conflict_id]
    assert overall["cause"]["events"] and {e["doc_id"] for e in overall["cause"]["events"]} == {conflict_id}
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [a["id"] for a in alerts]
    # nothing new: no alert; a restarted watcher (a new Database on the same file) neither
    assert db.watch_once([inbox], dyads=["USA VNM"], alerts_path=log) == []
    again = dyadscope.open(tmp_path / "w.db")
    assert again.watch_once([inbox], dyads=["USA VNM"], alerts_path=log) == []
    assert len(log.read_text(encoding="utf-8").splitlines()) == len(alerts)
    stored = again.alerts()
    assert sorted(stored["id"]) == sorted(a["id"] for a in alerts)
    assert again.alerts(dyad="VNM-USA", limit=1)["id"].tolist() == stored["id"].tolist()[:1]


def test_watch_once_threshold_above_the_move_gives_no_alert(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "calm.md").write_text(CALM, encoding="utf-8")
    db = dyadscope.open(tmp_path / "w.db")
    db.watch_once([inbox], threshold=18)
    (inbox / "conflict.md").write_text(CONFLICT, encoding="utf-8")
    assert db.watch_once([inbox], threshold=18) == []


def test_watch_once_new_high_finding_alerts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "calm.md").write_text(CALM, encoding="utf-8")
    db = dyadscope.open(tmp_path / "w.db")
    found = [
        {"id": "f1", "kind": "figure_conflict", "severity": "high", "title": "Old conflict", "evidence": []}
    ]
    monkeypatch.setattr(type(db), "findings", lambda self, dyad, *a, **k: pd.DataFrame(found))
    assert db.watch_once([inbox], dyads=["USA VNM"]) == []  # seen at the first run: not new
    found.append(
        {
            "id": "f2",
            "kind": "figure_conflict",
            "severity": "high",
            "title": "2024 trade figures disagree",
            "explanation": "two sources",
            "evidence": [{"doc_id": "d" * 64, "doc_title": "Source", "text": "figure"}],
        }
    )
    found.append({"id": "f3", "kind": "stale_claim", "severity": "low", "title": "Stale", "evidence": []})
    alerts = db.watch_once([inbox], dyads=["USA VNM"])
    assert [(a["kind"], a["severity"], a["cause"]["finding_id"]) for a in alerts] == [
        ("finding", "high", "f2")
    ]
    assert alerts[0]["cause"]["documents"][0]["doc_id"] == "d" * 64
    assert db.watch_once([inbox], dyads=["USA VNM"]) == []


def test_watch_once_reads_feed_items_once(tmp_path: Path, server) -> None:
    base, handler = server
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Calm</title><link>{base}/calm.md</link></item></channel></rss>"""
    handler.pages = {
        "/feed.xml": ("application/rss+xml", rss.encode()),
        "/calm.md": ("text/plain", CALM.encode()),
    }
    db = dyadscope.open(tmp_path / "w.db")
    db.watch_once([f"{base}/feed.xml"], allow_private_urls=True)
    assert db.documents()["title"].tolist() == ["Leaders meet in Hanoi"]
    db.watch_once([f"{base}/feed.xml"], allow_private_urls=True)
    assert [path for method, path, _ in handler.seen if path == "/calm.md"] == ["/calm.md"]  # fetched once


def test_watch_once_reads_a_url_list(tmp_path: Path, server) -> None:
    base, handler = server
    handler.pages = {
        "/calm.md": ("text/plain", CALM.encode()),
        "/conflict.md": ("text/plain", CONFLICT.encode()),
    }
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# watched pages\n{base}/calm.md\n{base}/conflict.md\n", encoding="utf-8")
    db = dyadscope.open(tmp_path / "w.db")
    db.watch_once([listing], allow_private_urls=True)
    assert sorted(db.documents()["title"]) == ["Leaders meet in Hanoi", "Tariffs and sanctions"]


@pytest.mark.parametrize(
    "sources, error",
    [
        (["missing-folder/"], r"\[E111\]"),
        (["http://127.0.0.1:9/feed"], r"\[E204\]"),
        (["ftp://x.org/f"], r"\[E205\]"),
    ],
)
def test_watch_once_refuses_bad_sources_before_writing(tmp_path: Path, sources, error) -> None:
    db = dyadscope.open(tmp_path / "w.db")
    with pytest.raises(InputError, match=error):
        db.watch_once(sources)
    assert db.alerts().empty and db.documents().empty


def test_watch_once_refuses_a_private_webhook(tmp_path: Path) -> None:
    db = dyadscope.open(tmp_path / "w.db")
    with pytest.raises(FetchError, match=r"\[E204\]"):
        db.watch_once([], webhook="http://169.254.169.254/hook")


def test_webhook_posts_alerts_to_a_local_server(server) -> None:
    base, handler = server
    alerts = [{"id": "x", "kind": "score", "dyad": "USA-VNM", "title": "moved", "cause": {}}]
    assert post_webhook(f"{base}/hook", alerts, allow_private=True, timeout=5)
    method, path, body = handler.seen[-1]
    assert (method, path) == ("POST", "/hook") and json.loads(body) == {"alerts": alerts}


def test_webhook_failures_are_logged_not_raised(server, caplog: pytest.LogCaptureFixture) -> None:
    base, handler = server
    alerts = [{"id": "x", "title": "moved"}]
    assert not post_webhook(f"{base}/hook", alerts)  # loopback refused without allow_private
    assert not post_webhook(f"{base}/broken", alerts, allow_private=True, timeout=5)  # HTTP 500
    assert not post_webhook("http://127.0.0.1:9/hook", alerts, allow_private=True, timeout=2)  # nobody there
    assert [m for _, _, m in handler.seen] == [b'{"alerts": [{"id": "x", "title": "moved"}]}']
    assert sum("webhook_failed" in r.getMessage() for r in caplog.records) == 3
    assert "E204" in caplog.records[0].getMessage()
