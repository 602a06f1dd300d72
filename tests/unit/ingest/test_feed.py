from __future__ import annotations

import pytest

from dyadscope.errors import DyadscopeError
from dyadscope.ingest.feed import feed_to_text

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><title>&lol3;</title></channel></rss>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&xxe;</title></item></channel></rss>"""
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Ministry news</title>
<item><title>Talks held in Hanoi</title><description>&lt;p&gt;The two sides discussed trade and
education cooperation during the visit.&lt;/p&gt;</description></item></channel></rss>"""


@pytest.mark.parametrize("data", [LAUGHS, EXTERNAL])
def test_feed_entities_are_refused_not_expanded(data: bytes) -> None:
    with pytest.raises(DyadscopeError) as info:
        feed_to_text(data, "evil.xml")
    assert info.value.code == "E114" and "evil.xml" in info.value.message
    assert "root:" not in info.value.message


def test_feed_items_become_paragraphs() -> None:
    result = feed_to_text(RSS, "news.rss")
    assert result["title"] == "Ministry news"
    assert result["text"].split("\n\n") == [
        "Talks held in Hanoi",
        "The two sides discussed trade and\neducation cooperation during the visit.",
    ]
