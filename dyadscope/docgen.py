"""Generate docs/cli.md from the Typer app itself, so the reference cannot drift from ``--help``.

Usage: ``python -m dyadscope.docgen docs/cli.md`` (``make docs``); ``--check`` exits 1 when the file is stale.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import typer
from typer.main import get_command

HEADER = """# dyadscope command line reference

Generated from the command line's own help by `python -m dyadscope.docgen docs/cli.md` (`make docs`);
do not edit by hand. Every command also answers `--help`. Global option: `dyadscope --debug COMMAND …`
shows tracebacks on errors. Errors print one line `error: [Exxx] …` on stderr and exit with code 1.
"""


@dataclass(frozen=True)
class CommandDoc:
    """One command (or command group) found in the app, with the click context needed to describe it."""

    path: tuple[str, ...]
    command: object
    context: object

    @property
    def name(self) -> str:
        return " ".join(("dyadscope", *self.path))

    @property
    def help(self) -> str:
        return (getattr(self.command, "help", None) or "").strip()

    @property
    def is_group(self) -> bool:
        return hasattr(self.command, "list_commands")


def walk(app: typer.Typer) -> Iterator[CommandDoc]:
    """Every visible command of the app, depth first, sub-apps (groups) before their commands."""
    root = get_command(app)
    context_class = type(root).context_class
    yield from _walk(root, context_class(root, info_name="dyadscope"), ())


def _walk(group: object, parent_ctx: object, path: tuple[str, ...]) -> Iterator[CommandDoc]:
    for name in group.list_commands(parent_ctx):  # type: ignore[attr-defined]
        command = group.get_command(parent_ctx, name)  # type: ignore[attr-defined]
        if command is None or getattr(command, "hidden", False):
            continue
        ctx = type(command).context_class(command, info_name=name, parent=parent_ctx)
        doc = CommandDoc((*path, name), command, ctx)
        yield doc
        if doc.is_group:
            yield from _walk(command, ctx, doc.path)


def section(doc: CommandDoc) -> str:
    """The Markdown section of one command: heading, help text, usage and its parameters."""
    usage = doc.command.get_usage(doc.context).removeprefix("Usage: ").strip()  # type: ignore[attr-defined]
    lines = [f"## `{doc.name}`", "", doc.help or "_(no help text)_", "", "```text", usage, "```", ""]
    rows = []
    for param in doc.command.get_params(doc.context):  # type: ignore[attr-defined]
        record = param.get_help_record(doc.context)
        if record is None or "--help" in param.opts:
            continue
        names, text = record
        kind = "argument" if param.param_type_name == "argument" else "option"
        rows.append(f"| `{_escape(names)}` | {kind} | {_escape(text)} |")
    if rows:
        lines += ["| Parameter | Kind | Description |", "|---|---|---|", *rows, ""]
    if doc.is_group:
        subs = doc.command.list_commands(doc.context)  # type: ignore[attr-defined]
        lines += ["Subcommands: " + ", ".join(f"`{doc.name} {s}`" for s in subs), ""]
    return "\n".join(lines)


def _escape(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def generate(app: typer.Typer | None = None) -> str:
    """The whole docs/cli.md text: header, an index, then one section per command."""
    if app is None:
        from dyadscope.cli import app as cli_app

        app = cli_app
    docs = list(walk(app))
    index = [f"- [`{d.name}`](#{_anchor(d.name)}): {d.help.splitlines()[0] if d.help else ''}" for d in docs]
    return "\n".join([HEADER, "## Commands", "", *index, "", *[section(d) for d in docs]]).rstrip() + "\n"


def _anchor(name: str) -> str:
    """GitHub's heading anchor for a heading made only of `name` in backticks."""
    return "".join(ch for ch in name.lower().replace(" ", "-") if ch.isalnum() or ch in "-_")


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, verify) the CLI reference at the given path."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    target = Path(paths[0] if paths else "docs/cli.md")
    text = generate()
    if check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run `make docs`", file=sys.stderr)
            return 1
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
