"""Option help reads in ``--help`` as written: Typer renders it as Rich markup, which drops "[default: x]"."""

from __future__ import annotations

import pytest
from rich.markup import render

from dyadscope.cli import app
from dyadscope.docgen import CommandDoc, walk

COMMANDS = list(walk(app))


@pytest.mark.parametrize("doc", COMMANDS, ids=lambda d: d.name)
def test_cli_help_option_texts_survive_rich_markup(doc: CommandDoc) -> None:
    for param in doc.command.get_params(doc.context):
        text = getattr(param, "help", None) or ""
        assert render(text).plain == text, (
            f"`{doc.name} {param.opts}`: --help would show {render(text).plain!r} for {text!r}; "
            "avoid [word…] in help texts (write (default x) instead)"
        )


def test_cli_help_shows_the_default_store(runner) -> None:
    result = runner.invoke(app, ["documents", "--help"], env={"COLUMNS": "200"}, terminal_width=200)
    assert result.exit_code == 0
    assert "./dyadscope.db" in result.stdout
