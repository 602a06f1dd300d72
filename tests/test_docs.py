"""The CLI reference (docs/cli.md) covers every command of the Typer app, and every command has help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from dyadscope.cli import app
from dyadscope.docgen import CommandDoc, generate, main, section, walk

ROOT = Path(__file__).resolve().parent.parent
CLI_MD = ROOT / "docs" / "cli.md"
COMMANDS = list(walk(app))


def _sections(text: str) -> dict[str, str]:
    """docs/cli.md split into {command name: section text} on its `## `dyadscope …`` headings."""
    parts = re.split(r"^## `(dyadscope[^`]*)`\s*$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_the_app_has_the_documented_core_commands() -> None:
    names = {doc.name for doc in COMMANDS}
    assert {"dyadscope documents", "dyadscope show", "dyadscope demo"} <= names


@pytest.mark.parametrize("doc", COMMANDS, ids=lambda d: d.name)
def test_every_command_has_help_text(doc: CommandDoc) -> None:
    assert doc.help, f"`{doc.name}` has no help text: give its function a docstring or help="


@pytest.mark.parametrize("doc", COMMANDS, ids=lambda d: d.name)
def test_every_command_has_a_current_section_in_cli_md(doc: CommandDoc) -> None:
    sections = _sections(CLI_MD.read_text(encoding="utf-8"))
    assert doc.name in sections, f"docs/cli.md lacks `{doc.name}`: run `make docs`"
    body = sections[doc.name]
    for param in doc.command.get_params(doc.context):
        if getattr(param, "hidden", False):  # old names kept as aliases are not documented
            continue
        for opt in param.opts:
            if opt.startswith("--") and opt != "--help":
                assert opt in body, f"docs/cli.md section `{doc.name}` lacks {opt}: run `make docs`"


def test_cli_md_is_exactly_what_make_docs_generates() -> None:
    """Help texts, defaults and types in docs/cli.md match the app; if not, run `make docs`."""
    assert CLI_MD.read_text(encoding="utf-8") == generate(), "docs/cli.md is stale: run `make docs`"


def test_cli_md_has_no_section_for_a_removed_command() -> None:
    documented = set(_sections(CLI_MD.read_text(encoding="utf-8")))
    assert documented <= {doc.name for doc in COMMANDS}


def _toy_app() -> typer.Typer:
    toy = typer.Typer()
    sub = typer.Typer(help="Import data sets.")

    @toy.command("hello")
    def hello(name: str, loud: bool = typer.Option(False, "--loud", help="Shout | it.")) -> None:
        """Say hello."""

    @sub.command("csv")
    def csv(path: str) -> None:
        """Import one CSV."""

    @toy.command("bare")
    def bare() -> None:
        pass

    toy.add_typer(sub, name="import")
    return toy


def test_walk_descends_into_sub_apps_and_reports_missing_help() -> None:
    docs = {d.name: d for d in walk(_toy_app())}
    assert set(docs) == {"dyadscope hello", "dyadscope import", "dyadscope import csv", "dyadscope bare"}
    assert docs["dyadscope import"].is_group and docs["dyadscope import csv"].help == "Import one CSV."
    assert docs["dyadscope bare"].help == ""


def test_section_lists_parameters_and_escapes_table_pipes() -> None:
    docs = {d.name: d for d in walk(_toy_app())}
    text = section(docs["dyadscope hello"])
    assert "dyadscope hello [OPTIONS]" in text and "`--loud`" in text and "`name <str>` | argument" in text
    assert "Shout \\| it." in text
    assert "`dyadscope import csv`" in section(docs["dyadscope import"])


def test_generate_is_deterministic_and_check_mode_detects_staleness(tmp_path: Path) -> None:
    assert generate() == generate()
    target = tmp_path / "cli.md"
    assert main([str(target)]) == 0 and target.read_text(encoding="utf-8") == generate()
    assert main([str(target), "--check"]) == 0
    target.write_text("stale\n", encoding="utf-8")
    assert main([str(target), "--check"]) == 1


DOCS_WITH_COMMANDS = [
    ROOT / "README.md",
    ROOT / "docs" / "getting-started.md",
    ROOT / "docs" / "data-formats.md",
]


def _shown_commands(path: Path) -> list[list[str]]:
    """Every `dyadscope …` command line inside the fenced bash blocks of a Markdown file, as tokens."""
    import shlex

    blocks = re.findall(r"```bash\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [shlex.split(line) for line in lines if line.startswith("dyadscope ")]


@pytest.mark.parametrize("path", DOCS_WITH_COMMANDS, ids=lambda p: p.name)
def test_commands_shown_in_the_docs_parse_with_the_real_cli(path: Path) -> None:
    """Each example resolves to a command and its arguments parse (arity, required values, choices)."""
    docs = {d.path: d for d in walk(app)}
    shown = _shown_commands(path)
    assert shown, f"{path.name} shows no dyadscope command"
    for tokens in shown:
        words = [t for t in tokens[1:] if t != "--debug"]
        length = max(n for n in range(len(words) + 1) if n == 0 or tuple(words[:n]) in docs)
        assert length, f"{path.name}: `{' '.join(tokens)}` names no dyadscope command"
        doc = docs[tuple(words[:length])]
        try:
            doc.command.make_context(doc.name, words[length:], parent=doc.context.parent)
        except Exception as exc:  # click's usage errors: wrong option, missing argument, bad choice
            pytest.fail(f"{path.name}: `{' '.join(tokens)}` does not parse: {exc}")


def test_citation_file_names_the_project_and_its_data_sources() -> None:
    import yaml

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["title"].startswith("dyadscope") and cff["authors"]
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert "10.7910/DVN/28075" in text and "hdl:1902.1/12379" in text and "GDELT" in text


def _python_blocks(path: Path, section: str | None) -> list[str]:
    """The ```python blocks of a Markdown file, or of one of its `## ` sections."""
    text = path.read_text(encoding="utf-8")
    if section:
        text = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize(
    ("path", "section"),
    [(ROOT / "README.md", "Python API"), (ROOT / "docs" / "getting-started.md", None)],
    ids=["README-python-api", "getting-started"],
)
def test_python_examples_run_on_the_demo_store(
    path: Path, section: str | None, demo_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Python snippets run as printed, in a folder holding the demo store and a reports/ folder."""
    import shutil

    from sqlalchemy.engine import make_url

    (tmp_path / "demo-output").mkdir()
    shutil.copy(make_url(demo_db.url).database, tmp_path / "demo-output" / "demo.db")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "brief.md").write_text(
        "---\ntitle: Brief\npublished: 2025-10-27\n---\n\nOn 26 October 2025, the United States and Vietnam "
        "announced a framework for a reciprocal trade agreement.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    blocks = _python_blocks(path, section)
    assert blocks, f"{path.name} has no Python example"
    for block in blocks:
        exec(compile(block, f"{path.name} example", "exec"), {})  # noqa: S102 - our own documentation
    assert (tmp_path / "usa-vnm.html").is_file()
