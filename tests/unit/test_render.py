from __future__ import annotations

import json

import pandas as pd
import pytest

from dyadscope.render import Format, render


@pytest.mark.parametrize("title", ["[bold red]not markup[/]", "[link=http://x]y[/link]", "a [b] c"])
def test_render_table_shows_document_text_literally(capsys, title):
    render(pd.DataFrame({"title": [title]}), Format.table)
    assert title in capsys.readouterr().out


def test_render_json_is_records_with_nulls(capsys):
    render(pd.DataFrame({"a": [1, None], "b": ["x", "=1+1"]}), Format.json)
    assert json.loads(capsys.readouterr().out) == [{"a": 1.0, "b": "x"}, {"a": None, "b": "=1+1"}]
