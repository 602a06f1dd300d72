"""Where alerts go: a structured log line each, an append-only JSON-lines file, an optional webhook.

The webhook is POSTed through the same guarded HTTP client as URL ingest (no redirects followed,
private/loopback/link-local addresses refused unless ``allow_private``, one bounded timeout). A
failed delivery is logged and never stops the watcher.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import httpx

from ..errors import DyadscopeError
from ..ingest.url import USER_AGENT, check_url, guarded_client

log = logging.getLogger("dyadscope.watch")
WEBHOOK_TIMEOUT = 10.0


def logfmt(event: str, **fields: Any) -> str:
    """One ``key=value`` line (values with spaces or quotes are JSON-quoted), e.g. for ``grep``/Loki."""
    parts = [f"event={event}"]
    for key, value in fields.items():
        if value is None:
            continue
        text = f"{value:.3f}" if isinstance(value, float) else str(value)
        if not text or any(c in text for c in ' "=\n\t'):
            text = json.dumps(text, ensure_ascii=False)
        parts.append(f"{key}={text}")
    return " ".join(parts)


def log_alert(alert: dict[str, Any]) -> None:
    docs = [d["doc_id"][:12] for d in alert["cause"].get("documents", [])][:3]
    log.warning(
        logfmt(
            "alert",
            kind=alert["kind"],
            dyad=alert["dyad"],
            series=alert.get("series"),
            month=alert.get("month"),
            old=alert.get("old_score"),
            new=alert.get("new_score"),
            delta=alert.get("delta"),
            severity=alert.get("severity"),
            title=alert["title"],
            docs=",".join(docs) or None,
        )
    )


def append_jsonl(path: str | Path, alerts: list[dict[str, Any]]) -> None:
    """Append one JSON object per alert (never rewrites the file)."""
    if not alerts:
        return
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as fh:
        for alert in alerts:
            fh.write(json.dumps(alert, ensure_ascii=False, default=str) + "\n")


def post_webhook(
    url: str, alerts: list[dict[str, Any]], *, allow_private: bool = False, timeout: float = WEBHOOK_TIMEOUT
) -> bool:
    """POST ``{"alerts": [...]}`` to ``url``; True on a 2xx answer. Failures are logged, not raised."""
    if not alerts:
        return True
    try:
        check_url(url, allow_private=allow_private)
        headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json"}
        with guarded_client(timeout, allow_private=allow_private, headers=headers) as client:
            body = json.dumps({"alerts": alerts}, ensure_ascii=False, default=str).encode()
            response = client.post(url, content=body)
        if not 200 <= response.status_code < 300:
            log.error(logfmt("webhook_failed", url=url, status=response.status_code))
            return False
    except DyadscopeError as exc:
        log.error(logfmt("webhook_failed", url=url, error=exc.message))
        return False
    except httpx.HTTPError as exc:
        log.error(logfmt("webhook_failed", url=url, error=f"{type(exc).__name__}: {exc}"[:200]))
        return False
    log.info(logfmt("webhook_sent", url=url, alerts=len(alerts)))
    return True
