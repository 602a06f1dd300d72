"""Walking the folders and globs given to ``ingest``: regular files only, links kept inside the root.

``inbox/notes.txt -> /etc/passwd`` must not be stored and then served by the API, so a symbolic link
is followed only when its target lies inside the folder being walked (or the glob's base folder),
unless ``follow_links`` says otherwise. FIFOs, sockets and devices are never opened: reading a FIFO
blocks forever and ``/dev/zero`` never ends. Each skipped entry is reported once, as an outcome.
"""

from __future__ import annotations

import glob
import os
import stat
from pathlib import Path

from ..errors import Errors, InputError

SPECIAL_KINDS = {
    stat.S_IFIFO: "FIFO (named pipe)",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
}


def special_kind(mode: int) -> str | None:
    """'FIFO (named pipe)', 'socket', … for a file mode that is not a regular file or folder."""
    return SPECIAL_KINDS.get(stat.S_IFMT(mode))


def inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def walk_folder(
    folder: Path, suffixes: frozenset[str], *, follow_links: bool = False
) -> tuple[list[Path], list[tuple[Path, InputError]]]:
    """Files under ``folder`` with one of ``suffixes`` (hidden ones left out), and the skipped entries."""
    root = folder.resolve()
    files: list[Path] = []
    skipped: list[tuple[Path, InputError]] = []
    seen_dirs: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=follow_links):
        here = Path(dirpath)
        real = here.resolve()
        if real in seen_dirs:  # a link cycle (only when following links)
            dirnames[:] = []
            continue
        seen_dirs.add(real)
        kept_dirs = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            if (here / name).is_symlink() and not follow_links:
                target = (here / name).resolve()
                if not inside(target, root):
                    skipped.append((here / name, _link_error(here / name, target, folder)))
                continue  # a link to a folder inside the root is walked as that folder
            kept_dirs.append(name)
        dirnames[:] = kept_dirs
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            found = classify(here / name, root, folder, suffixes, follow_links=follow_links)
            if isinstance(found, Path):
                files.append(found)
            elif found is not None:
                skipped.append((here / name, found))
    return files, skipped


def walk_glob(
    pattern: str, *, follow_links: bool = False
) -> tuple[list[Path], list[tuple[Path, InputError]]]:
    """Files matched by ``pattern``; links must stay inside the pattern's base folder."""
    base = Path(pattern.split("*", 1)[0].split("?", 1)[0].split("[", 1)[0] or ".")
    base = base if base.is_dir() else base.parent
    root = base.resolve()
    files: list[Path] = []
    skipped: list[tuple[Path, InputError]] = []
    for match in sorted(Path(m) for m in glob.glob(pattern, recursive=True)):
        if match.is_dir() and not match.is_symlink():
            continue
        found = classify(match, root, base, None, follow_links=follow_links)
        if isinstance(found, Path):
            files.append(found)
        elif found is not None:
            skipped.append((match, found))
    return files, skipped


def classify(
    path: Path, root: Path, shown_root: Path, suffixes: frozenset[str] | None, *, follow_links: bool
) -> Path | InputError | None:
    """``path`` if it is to be read; an error to report when it is skipped; None to ignore silently."""
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            target = path.resolve()
            if not follow_links and not inside(target, root):
                if suffixes is None or path.suffix.lower() in suffixes or target.is_dir():
                    return _link_error(path, target, shown_root)
                return None
            mode = os.stat(path).st_mode
    except OSError:  # a dangling link, or an entry removed while walking
        return InputError(Errors.E111.format(path=path))
    if stat.S_ISDIR(mode):
        return None
    kind = special_kind(mode)
    if kind is not None:
        return InputError(Errors.E117.format(path=path, kind=kind))
    if suffixes is not None and path.suffix.lower() not in suffixes:
        return None
    return path


def _link_error(path: Path, target: Path, root: Path) -> InputError:
    return InputError(Errors.E118.format(path=path, target=target, root=root))
