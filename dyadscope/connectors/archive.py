"""Files for bulk import: expand paths/globs/folders, hash them, and unpack GDELT zips safely.

A GDELT zip holds exactly one member. Anything else (two members, an absolute or ``..`` member
name, a declared or actual uncompressed size over the cap, a compression ratio only a bomb has)
is refused before a byte is written; the member is extracted under a fixed name inside our own
temporary directory, so its name is never used as a path.
"""

from __future__ import annotations

import glob
import hashlib
import zipfile
from pathlib import Path, PurePosixPath

from ..errors import Errors, InputError, ResourceLimit

DEFAULT_MAX_BYTES = 8_000_000_000  # a GDELT 1.0 yearly backfile unzips to a few GB
MAX_RATIO = 200  # GDELT text compresses about 5-10x; zeros or repeated blocks 1000x
CHUNK = 1 << 20
BULK_SUFFIXES = (".csv", ".tsv", ".txt", ".tab", ".zip")


def expand_paths(sources: str | Path | list[str | Path] | tuple[str | Path, ...]) -> list[Path]:
    """Files named, matched by a glob, or found in a folder (bulk suffixes only), in sorted order."""
    items = [sources] if isinstance(sources, (str, Path)) else list(sources)
    found: list[Path] = []
    for item in items:
        text = str(item)
        path = Path(text).expanduser()
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in BULK_SUFFIXES)
        elif path.is_file():
            found.append(path)
        elif any(ch in text for ch in "*?["):
            matched = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not matched:  # a typo in a pattern must not pass for an import of nothing
                raise InputError(Errors.E111.format(path=text) + " (no file matches this pattern)")
            found += matched
        else:
            raise InputError(Errors.E111.format(path=text))
    if not found:
        shown = ", ".join(str(item) for item in items)[:200]
        raise InputError(Errors.E111.format(path=shown) + " (no .csv, .tsv, .txt or .zip file in it)")
    return list(dict.fromkeys(found))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _check_member(path: Path, archive: zipfile.ZipFile, max_bytes: int) -> zipfile.ZipInfo:
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) != 1:
        raise ResourceLimit(
            Errors.E303.format(path=path, detail=f"{len(members)} members, expected exactly one")
        )
    member = members[0]
    name = PurePosixPath(member.filename.replace("\\", "/"))
    if name.is_absolute() or ".." in name.parts or ":" in member.filename:
        raise ResourceLimit(Errors.E303.format(path=path, detail=f"unsafe member name {member.filename!r}"))
    if member.file_size > max_bytes:
        raise ResourceLimit(
            Errors.E303.format(
                path=path, detail=f"member unpacks to {member.file_size} bytes, over the cap of {max_bytes}"
            )
        )
    if (
        member.compress_size
        and member.file_size / member.compress_size > MAX_RATIO
        and member.file_size > CHUNK
    ):
        raise ResourceLimit(
            Errors.E303.format(
                path=path,
                detail=f"compression ratio {member.file_size // member.compress_size}:1 suggests a zip bomb",
            )
        )
    return member


def unpack(path: Path, workdir: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Path:
    """The plain text of ``path``: itself, or its single zip member extracted into ``workdir``."""
    if not zipfile.is_zipfile(path):
        return path
    target = workdir / "member.tsv"
    try:
        with zipfile.ZipFile(path) as archive:
            member = _check_member(path, archive, max_bytes)
            written = 0
            with archive.open(member) as src, open(target, "wb") as dst:
                while block := src.read(CHUNK):
                    written += len(block)
                    if written > max_bytes:  # the declared size can lie
                        raise ResourceLimit(
                            Errors.E303.format(
                                path=path, detail=f"member unpacks to more than the cap of {max_bytes} bytes"
                            )
                        )
                    dst.write(block)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        target.unlink(missing_ok=True)
        raise InputError(Errors.E301.format(path=path, detail=f"damaged zip archive: {exc}")) from exc
    except ResourceLimit:
        target.unlink(missing_ok=True)
        raise
    return target


def head_lines(path: Path, count: int = 50) -> list[str]:
    """The first ``count`` lines (decoded leniently) for layout detection."""
    lines: list[str] = []
    with open(path, "rb") as fh:
        for raw in fh:
            lines.append(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
            if len(lines) >= count:
                break
    return lines
