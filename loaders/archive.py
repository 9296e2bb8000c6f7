"""Safe reading of .zip archives: entries are read in memory, never extracted by path.

Refused with a reason: unsafe entry names (``../``, absolute paths, drive letters), zip bombs (declared total
uncompressed size, compression ratio, entry count; actual sizes are enforced again while reading, since headers
can lie), encrypted or corrupt entries, and archives nested more than one level deep.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from core.records import Skipped
from loaders.encoding import DecodeError, decode_bytes

MAX_ARCHIVE_BYTES = 500 * 1024 * 1024  # size of the .zip file itself
MAX_TOTAL_UNCOMPRESSED = 1024 * 1024 * 1024  # all entries of one archive (nested ones included)
MAX_RATIO = 100.0  # uncompressed / compressed, for entries above RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
MAX_ENTRIES = 20_000
MAX_DEPTH = 1  # an archive inside an archive is opened; one inside that is refused
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    max_archive_bytes: int = MAX_ARCHIVE_BYTES
    max_total_uncompressed: int = MAX_TOTAL_UNCOMPRESSED
    max_ratio: float = MAX_RATIO
    ratio_min_bytes: int = RATIO_MIN_BYTES
    max_entries: int = MAX_ENTRIES
    max_depth: int = MAX_DEPTH


@dataclass(frozen=True)
class Entry:
    """A file inside an archive, read into memory. ``path`` is ``archive.zip/inner/path.txt``."""

    path: str
    data: bytes


_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_name(name: str) -> str:
    """Why an entry name is unsafe to use as a path ('' when it is safe)."""
    if "\x00" in name:
        return "entry name contains a NUL character"
    norm = name.replace("\\", "/")
    if norm.startswith("/") or _DRIVE.match(norm):
        return "absolute path in archive (zip-slip): not extracted"
    if any(part == ".." for part in norm.split("/")):
        return "'..' in archive path (zip-slip): not extracted"
    return ""


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name; names not flagged UTF-8 are re-decoded (Korean/Chinese/Japanese Windows zips)."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    if raw.isascii():
        return name
    try:
        return decode_bytes(raw)[0]
    except (DecodeError, UnicodeDecodeError):
        return name


def is_hidden(inner: str) -> bool:
    """OS clutter and hidden files, ignored like hidden files in a folder (``__MACOSX/``, ``.DS_Store``)."""
    parts = [p for p in inner.replace("\\", "/").split("/") if p]
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit


def iter_archive(
    source: bytes | str, rel: str, *, max_bytes: int, limits: ArchiveLimits | None = None, depth: int = 0,
    _budget: _Budget | None = None,
) -> Iterator[Entry | Skipped]:
    """Yield each file entry (nested archives expanded one level) or a Skipped record with the reason.

    ``source`` is the archive's bytes or a filesystem path to it. ``max_bytes`` limits each entry.
    A refused archive (not a zip, a zip bomb) yields one Skipped for the archive itself.
    """
    limits = limits or ArchiveLimits()
    budget = _budget or _Budget(limits.max_total_uncompressed)
    try:
        zf = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        yield Skipped(rel, f"not a readable zip archive: {exc}")
        return
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        refusal = _bomb_check(infos, limits, budget.left)
        if refusal:
            yield Skipped(rel, refusal)
            return
        for info in infos:
            name = entry_name(info)
            inner = name.replace("\\", "/")
            path = f"{rel}/{inner.lstrip('/')}"
            bad = unsafe_name(name)
            if bad:
                yield Skipped(path, bad)
                continue
            if is_hidden(inner):
                continue
            if info.flag_bits & 0x1:
                yield Skipped(path, "encrypted archive entry: not supported")
                continue
            suffix = PurePosixPath(inner).suffix.lower()
            nested = suffix == ".zip"
            limit = limits.max_archive_bytes if nested else max_bytes
            if info.file_size > limit:
                yield Skipped(path, f"file too large: {info.file_size:,} bytes > limit {limit:,}")
                continue
            if info.file_size > budget.left:
                yield Skipped(path, f"archive total uncompressed size limit reached "
                                    f"({limits.max_total_uncompressed:,} bytes)")
                continue
            if nested and depth >= limits.max_depth:
                yield Skipped(path, f"archive nested more than {limits.max_depth} level(s) deep: not opened")
                continue
            try:
                data = _read_bounded(zf, info, min(limit, budget.left))
            except _TooLarge:
                yield Skipped(path, "entry decompresses to more than its declared size or the limit (zip bomb): "
                                    "refused")
                continue
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
                    NotImplementedError, RuntimeError) as exc:
                yield Skipped(path, f"corrupt or unsupported archive entry: {type(exc).__name__}: {exc}")
                continue
            budget.left -= len(data)
            if nested:
                yield from iter_archive(data, path, max_bytes=max_bytes, limits=limits, depth=depth + 1,
                                        _budget=budget)
            else:
                yield Entry(path, data)


class _TooLarge(Exception):
    pass


def _bomb_check(infos: list[zipfile.ZipInfo], limits: ArchiveLimits, budget_left: int) -> str:
    if len(infos) > limits.max_entries:
        return f"refused: {len(infos):,} entries > limit {limits.max_entries:,} (zip bomb?)"
    for i in infos:
        if i.file_size >= limits.ratio_min_bytes and i.file_size > limits.max_ratio * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            return (f"refused: entry '{i.filename[:60]}' compresses {ratio:,.0f}:1 > limit {limits.max_ratio:,.0f}:1 "
                    f"(zip bomb?)")
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_uncompressed:
        return (f"refused: would decompress to {total:,} bytes > limit {limits.max_total_uncompressed:,} "
                f"(zip bomb?)")
    if total > budget_left:
        return f"refused: the enclosing archive's size budget is used up ({total:,} bytes more)"
    return ""


def _read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read an entry, never holding more than ``limit`` + one chunk of decompressed bytes."""
    out = io.BytesIO()
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            out.write(chunk)
            if out.tell() > limit or out.tell() > info.file_size:
                raise _TooLarge
    return out.getvalue()
