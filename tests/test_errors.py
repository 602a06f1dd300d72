"""The error catalogue as a table (issue #13): code -> class -> template -> HTTP status -> exit code."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import dyadscope
from dyadscope import cli, errors
from dyadscope.errors import CATALOGUE, DyadscopeError, Errors, make, make_public

PACKAGE = Path(dyadscope.__file__).parent
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "static" not in p.parts)
CODE = re.compile(r"\bE\d{3}\b")
CODE_SHAPE = re.compile(r"^E[0-9]\d{2}$")


def source_codes() -> dict[str, set[Path]]:
    """Every Exxx written in the package's Python source (``noqa`` comments aside), with its files."""
    found: dict[str, set[Path]] = {}
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            for code in CODE.findall(line.split("# noqa")[0]):
                found.setdefault(code, set()).add(path)
    return found


def catalogue_assignments(name: str) -> list[str]:
    """The codes assigned in class ``name`` of errors.py, in source order (duplicates kept)."""
    tree = ast.parse((PACKAGE / "errors.py").read_text(encoding="utf-8"))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name).body
    return [t.id for n in body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)]


def raise_sites() -> list[tuple[Path, int, str, str, bool]]:
    """(file, line, class name, code, passes code=) for each ``Cls(Errors.Exxx…)`` call in the package."""
    sites = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute) and node.args
            ):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            cls = getattr(errors, name, None)
            if not (isinstance(cls, type) and issubclass(cls, DyadscopeError)):
                continue
            codes = {
                n.attr
                for n in ast.walk(node.args[0])
                if isinstance(n, ast.Attribute) and CODE_SHAPE.match(n.attr)
            }
            relabel = any(k.arg == "code" for k in node.keywords)
            sites += [(path, node.lineno, name, code, relabel) for code in codes]
    return sites


def test_errors_codes_unique_and_well_formed() -> None:
    for name in ("Errors", "PublicErrors"):
        codes = catalogue_assignments(name)
        assert len(codes) == len(set(codes)), f"a code assigned twice in {name}"
        assert all(CODE_SHAPE.match(c) for c in codes), codes
    assert set(catalogue_assignments("Errors")) == set(CATALOGUE)
    assert set(catalogue_assignments("PublicErrors")) <= set(CATALOGUE)
    assert set(errors.CLASS_OF) <= set(CATALOGUE) and set(errors.RESERVED) <= set(CATALOGUE)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_errors_every_template_formats_with_its_fields(code: str) -> None:
    spec = CATALOGUE[code]
    fields = {name: "x" for name in spec.fields}
    made = make(code, **fields)
    assert type(made) is spec.cls and made.code == code and made.status == spec.status
    assert made.message == f"[{code}] " + spec.template.format(**fields)
    assert "{" not in made.message.replace("{}", "")  # nothing left unformatted
    if spec.public is not None:
        public_fields = {n for _, n, _, _ in __import__("string").Formatter().parse(spec.public) if n}
        shown = make_public(code, **{n: "x" for n in public_fields})
        assert type(shown) is spec.cls and shown.code == code and shown.message.startswith(f"[{code}] ")


def test_errors_every_code_in_the_source_is_in_the_catalogue() -> None:
    unknown = {
        code: sorted(map(str, files)) for code, files in source_codes().items() if code not in CATALOGUE
    }
    assert unknown == {"E000": [str(PACKAGE / "errors.py")]} or not unknown, unknown


def test_errors_every_catalogue_code_is_raised_or_reserved() -> None:
    used = {code for code, files in source_codes().items() if files - {PACKAGE / "errors.py"}}
    live = {code for code, spec in CATALOGUE.items() if spec.reserved is None}
    assert sorted(live - used) == [], "raised nowhere: raise it or mark it reserved in errors.RESERVED"
    assert sorted(set(errors.RESERVED) & used) == [], "a reserved (retired) code is still used"


def test_errors_one_class_per_code_at_every_raise_site() -> None:
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line} {name}({code}), catalogue: {CATALOGUE[code].cls.__name__}"
        for path, line, name, code, _ in raise_sites()
        if code in CATALOGUE and getattr(errors, name) is not CATALOGUE[code].cls
    ]
    assert wrong == []


def test_errors_no_code_relabelled_at_a_raise_site() -> None:
    relabelled = [
        f"{path.relative_to(PACKAGE)}:{line}" for path, line, _, _, relabel in raise_sites() if relabel
    ]
    assert relabelled == []


def test_errors_code_is_carried_not_parsed() -> None:
    assert Errors.E401.code == "E401" and Errors.E401.format(code="XYZ").code == "E401"
    assert DyadscopeError(Errors.E404.format(text="x")).code == "E404"
    # a plain string that merely looks coded is not parsed back into a code
    assert DyadscopeError("[E401] looks coded").code == "E000"
    assert DyadscopeError("from a worker", code="E109").code == "E109"


@pytest.mark.parametrize(
    "cls, status, exit_code",
    [
        (errors.DyadscopeError, 400, 1),
        (errors.InputError, 400, 1),
        (errors.ResourceLimit, 413, 1),
        (errors.FetchError, 502, 1),
        (errors.UnknownCountry, 404, 1),
        (errors.NotFound, 404, 1),
        (errors.StoreError, 503, 1),
        (errors.ReadOnly, 403, 1),
        (errors.ProfileError, 422, 1),
        (errors.ParamError, 400, 1),
        (errors.UnsupportedUpload, 415, 1),
        (errors.QueryTimeout, 503, 1),
        (errors.Forbidden, 403, 1),
        (errors.MethodNotAllowed, 405, 1),
        (errors.Unauthorized, 401, 1),
        (errors.ReportError, 400, 1),
        (errors.InternalError, 500, 2),
    ],
)
def test_errors_status_and_exit_code_per_class(
    cls: type[DyadscopeError], status: int, exit_code: int
) -> None:
    assert (cls.status, cls.exit_code) == (status, exit_code)
    assert all(spec.status == status for spec in CATALOGUE.values() if spec.cls is cls)


@pytest.mark.parametrize(
    "argv, code",
    [
        (["assess", "USA", "ZZZ"], "E401"),
        (["show", "0" * 64], "E405"),
        (["explain", "USA", "VNM", "2023-13"], "E404"),
    ],
)
def test_errors_cli_prints_code_and_exits_with_the_tables_code(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: str,
) -> None:
    db = str(tmp_path / "e.db")
    dyadscope.open(db).close()
    monkeypatch.setattr(sys, "argv", ["dyadscope", *argv, "--db", db])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == CATALOGUE[code].exit_code
    assert capsys.readouterr().err.startswith(f"error: [{code}] ")


@pytest.mark.parametrize(
    "method, url, headers, code",
    [
        ("GET", "/api/v1/dyads/USA-XXX/timeline", {}, "E401"),
        ("GET", "/api/v1/dyads/USA/timeline", {}, "E402"),
        ("GET", "/api/v1/events?since=2023-02-30", {}, "E409"),
        ("GET", "/api/v1/events?dimension=culture", {}, "E407"),
        ("GET", "/api/v1/events?page=0", {}, "E408"),
        ("GET", "/api/v1/events?page=abc", {}, "E708"),
        ("GET", "/api/v1/documents/" + "0" * 64, {}, "E405"),
        ("GET", "/api/v1/nothing-here", {}, "E701"),
        ("DELETE", "/api/v1/dyads", {}, "E702"),
        ("POST", "/api/v1/ingest", {}, "E703"),
        ("POST", "/api/v1/ingest", {"origin": "http://evil.example"}, "E704"),
        ("GET", "/api/v1/dyads", {"host": "evil.example"}, "E705"),
    ],
)
def test_errors_api_answers_the_tables_status_and_code(
    tmp_path: Path, method: str, url: str, headers: dict[str, str], code: str
) -> None:
    from dyadscope.web.app import create_app

    db = tmp_path / "e.db"
    dyadscope.open(db).close()
    client = TestClient(create_app(db), base_url="http://127.0.0.1", raise_server_exceptions=False)
    response = client.request(method, url, headers=headers)
    body = response.json()
    assert response.status_code == CATALOGUE[code].status == body["status"]
    assert body["code"] == code and body["error"].startswith(f"[{code}] ") and body["ok"] is False
