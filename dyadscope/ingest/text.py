"""Read bytes within a size cap and decode them to clean text, recording the encoding found.

Order: byte-order mark, strict UTF-8, UTF-16 by its NUL pattern, then charset-normalizer (for
cp1252 smart quotes, Latin-1, GB2312 …). The result never holds NULs, control characters or U+FFFD.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import Errors, InputError, ResourceLimit

DEFAULT_MAX_BYTES = 50_000_000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Wide encodings charset-normalizer sometimes guesses for short single-byte text.
_WIDE = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ufeff]")


def read_capped(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, refused (E105) before reading when over ``max_bytes``."""
    try:
        # O_NONBLOCK: a FIFO swapped in after the folder walk must not block; fstat then refuses it
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(path)
            if not stat.S_ISREG(info.st_mode):
                raise InputError(Errors.E117.format(path=path, kind="FIFO, socket or device"))
            if info.st_size > max_bytes:
                raise ResourceLimit(Errors.E105.format(path=path, size=info.st_size, cap=max_bytes))
            data = handle.read(max_bytes + 1)  # the file may grow between stat and read
    except FileNotFoundError as exc:
        raise InputError(Errors.E111.format(path=path)) from exc
    except IsADirectoryError as exc:
        raise InputError(Errors.E111.format(path=path)) from exc
    except PermissionError as exc:
        raise InputError(Errors.E114.format(path=path, detail="permission denied")) from exc
    if len(data) > max_bytes:
        raise ResourceLimit(Errors.E105.format(path=path, size=f"more than {max_bytes}", cap=max_bytes))
    return data


def looks_utf16(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NULs sit in every other byte, as in BOM-less UTF-16 text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    guess = "utf-16-le" if odd > 0.3 and even < 0.05 else "utf-16-be" if even > 0.3 and odd < 0.05 else None
    if guess is None:
        return None
    decoded = sample[: len(sample) // 2 * 2].decode(guess, errors="replace")
    printable = sum(1 for ch in decoded if ch.isprintable() or ch in "\n\r\t")
    return guess if printable >= 0.9 * len(decoded) else None  # binary with a NUL rhythm is not text


def decode(data: bytes, path: object = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` to normalised text; returns ``(text, encoding)``. E101 when nothing fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, encoding, path), encoding.replace("-sig", "") + " (BOM)"
    wide = looks_utf16(data)  # before UTF-8: ASCII in UTF-16 is valid UTF-8 with NULs between
    if wide:
        return _decode_as(data, wide, path), wide
    try:
        return normalise(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        first_error = exc
    if _single_byte(data) and _fits(data, "cp1252"):
        encoding = "cp1252"
    else:
        best = from_bytes(data[:2_000_000], cp_exclusion=_WIDE).best()
        encoding = _prefer_cp1252(data, best.encoding if best is not None else "cp1252")
    try:
        return normalise(data.decode(encoding)), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        detail = f"bad byte at offset {first_error.start}"
        raise InputError(Errors.E101.format(path=path, detail=detail)) from exc


def _single_byte(data: bytes) -> bool:
    """Mostly-ASCII text whose non-ASCII bytes stand alone (``für``), unlike CJK byte pairs.

    charset-normalizer guesses Big5 or cp1250 for a short German or French line; isolated high
    bytes in Latin text settle it for the Western code page.
    """
    sample = data[:200_000]
    high = [i for i, byte in enumerate(sample) if byte >= 0x80]
    if not high or len(high) > len(sample) * 0.3:
        return False
    paired = sum(1 for i in high if i + 1 < len(sample) and sample[i + 1] >= 0x80)
    return paired / len(high) < 0.5


def _fits(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _prefer_cp1252(data: bytes, guess: str) -> str:
    """Name the Western code page users know when it decodes the bytes exactly as the guess does."""
    if guess == "cp1252":
        return guess
    try:
        same = data.decode("cp1252") == data.decode(guess)
    except (UnicodeDecodeError, LookupError):
        return guess
    return "cp1252" if same else guess


def _decode_as(data: bytes, encoding: str, path: object) -> str:
    try:
        return normalise(data.decode(encoding))
    except UnicodeDecodeError as exc:
        detail = f"{encoding}: bad byte at offset {exc.start}"
        raise InputError(Errors.E101.format(path=path, detail=detail)) from exc


def normalise(text: str) -> str:
    """NFC, ``\\n`` line ends, no NULs, control characters, BOMs or replacement characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def is_blank(text: str) -> bool:
    return not text.strip()
