"""Issue 14 (case c44): query parameters that reached HTTP 500 or were accepted in a foreign script.

A negative seed, and dates written with non-ASCII digits, get a 400 with a coded JSON error whose
text does not echo the input.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

ARABIC_2024 = "\u0662\u0660\u0662\u0664"  # "2024" in Arabic-Indic digits


@pytest.mark.parametrize(
    "url, code",
    [
        ("/api/v1/dyads/USA-VNM/scenario?seed=-1", "E708"),
        ("/api/v1/dyads/USA-VNM/scenario?seed=99999999999999999999999", "E708"),
        (f"/api/v1/dyads/USA-VNM/timeline?since={quote(ARABIC_2024)}", "E409"),
        (f"/api/v1/dyads/USA-VNM/timeline?until={quote(ARABIC_2024 + '-01')}", "E409"),
        (f"/api/v1/events?dyad=USA-VNM&since={quote(ARABIC_2024)}", "E409"),
        (f"/api/v1/dyads/USA-VNM/compare?since={quote(ARABIC_2024)}", "E409"),
        (f"/api/v1/dyads/USA-VNM/explain/{quote(ARABIC_2024 + '-01')}", "E404"),
    ],
)
def test_c44_bad_parameters_are_400_without_echo(client, url, code):
    response = client.get(url)
    assert response.status_code == 400, response.text
    body = response.json()
    assert (body["ok"], body["code"], body["status"]) == (False, code, 400)
    assert ARABIC_2024 not in response.text and "-1" not in body["error"]
