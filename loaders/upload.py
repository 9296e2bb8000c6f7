"""Uploaded files -> a fresh private temporary folder that load_corpus can read.

Names are sanitised (no path separators, no leading dots, no control characters; collisions get a suffix).
Archives are expanded with the same safe code load_corpus uses (loaders.archive): entries land in a folder
named after the archive (``corpus.zip/inner/a.txt``), so document paths match what load_corpus shows for a zip
in a folder, and a ``manifest.csv`` inside the archive still applies to its entries.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

from core.records import Skipped
from loaders.archive import ArchiveLimits, Entry, iter_archive
from loaders.formats import ARCHIVE_SUFFIXES

TEMP_PREFIX = "news-upload-"
DIGEST_FILE = ".upload-digest"  # what was uploaded (names and bytes): uploads of the same content share a cache
MAX_NAME_CHARS = 120
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def sanitize_name(name: str) -> str:
    """A safe single path component: the last component of ``name``, control characters and separators
    replaced, no leading dots, bounded length, never empty, '.' or '..'."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    # invisible format characters (RTL overrides, zero-width) and lone surrogates are dropped; controls -> "_"
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cf", "Cs", "Co"))
    name = _UNSAFE.sub("_", name).strip().lstrip(".").strip()
    if len(name) > MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:16] if dot else ""
        name = (stem if dot else name)[: MAX_NAME_CHARS - len(ext) - 1] + (f".{ext}" if ext else "")
    return name or "upload"


def _unique(folder: Path, name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    stem, dot, ext = name.rpartition(".")
    while candidate.lower() in taken or (folder / candidate).exists():
        candidate = f"{stem}-{n}.{ext}" if dot and stem else f"{name}-{n}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def _write_inside(root: Path, parts: list[str], data: bytes, taken: dict[Path, set[str]]) -> Path:
    """Write data at root/parts (each part already sanitised); refuse anything resolving outside root."""
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        folder.mkdir(exist_ok=True)
    name = _unique(folder, parts[-1], taken.setdefault(folder, set()))
    target = folder / name
    real_root = Path(os.path.realpath(root))
    if not Path(os.path.realpath(target.parent)).is_relative_to(real_root):  # pragma: no cover - defence
        raise ValueError(f"refusing to write outside the upload folder: {target}")
    with open(target, "xb") as fh:  # never follows or overwrites an existing file
        fh.write(data)
    return target


def materialize(
    files: Sequence[tuple[str, bytes]], *, max_total_bytes: int, max_files: int,
    limits: ArchiveLimits | None = None, max_bytes: int | None = None,
) -> tuple[Path, list[Skipped]]:
    """Write uploaded (name, bytes) pairs into a fresh temporary folder; return it and what was refused.

    ``max_total_bytes`` bounds everything written (archive entries counted decompressed); ``max_files``
    bounds the number of files written. Over-limit input is refused file by file with the reason.
    """
    root = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
    digest = hashlib.sha256()
    for original, data in sorted(files, key=lambda f: f[0]):
        digest.update(sanitize_name(original).encode() + b"\0" + hashlib.sha256(data).digest())
    refused: list[Skipped] = []
    written_bytes = 0
    written_files = 0
    taken: dict[Path, set[str]] = {}
    limits = limits or ArchiveLimits(max_total_uncompressed=max_total_bytes)
    per_file = max_bytes if max_bytes is not None else max_total_bytes
    try:
        for original, data in files:
            name = sanitize_name(original)
            if written_files >= max_files:
                refused.append(Skipped(original, f"too many files: limit is {max_files:,}"))
                continue
            if not data:
                refused.append(Skipped(original, "empty file"))
                continue
            if PurePosixPath(name).suffix.lower() in ARCHIVE_SUFFIXES:
                if len(data) > limits.max_archive_bytes:
                    refused.append(Skipped(original, f"archive too large: {len(data):,} bytes > limit "
                                                     f"{limits.max_archive_bytes:,}"))
                    continue
                folder = _unique(root, name, taken.setdefault(root, set()))
                (root / folder).mkdir()
                budget_limits = _with_budget(limits, max_total_bytes - written_bytes)
                for item in iter_archive(data, folder, max_bytes=per_file, limits=budget_limits):
                    if isinstance(item, Skipped):
                        refused.append(item)
                        continue
                    if written_files >= max_files:
                        refused.append(Skipped(item.path, f"too many files: limit is {max_files:,}"))
                        continue
                    if written_bytes + len(item.data) > max_total_bytes:
                        refused.append(Skipped(item.path, f"upload size limit reached ({max_total_bytes:,} bytes)"))
                        continue
                    try:
                        _write_entry(root, item, taken)
                    except OSError as exc:
                        refused.append(Skipped(item.path, f"could not be written: {exc.strerror or exc}"))
                        continue
                    written_bytes += len(item.data)
                    written_files += 1
                continue
            if len(data) > per_file:
                refused.append(Skipped(original, f"file too large: {len(data):,} bytes > limit {per_file:,} per file"))
                continue
            if written_bytes + len(data) > max_total_bytes:
                refused.append(Skipped(original, f"upload size limit reached ({max_total_bytes:,} bytes)"))
                continue
            _write_inside(root, [name], data, taken)
            written_bytes += len(data)
            written_files += 1
        (root / DIGEST_FILE).write_text(digest.hexdigest(), encoding="utf-8")
    except BaseException:
        cleanup(root)
        raise
    return root, refused


def folder_bytes(path: Path) -> int:
    """Bytes of the files below ``path`` (0 when it is gone)."""
    total = 0
    for dirpath, _, names in os.walk(path):
        for n in names:
            try:
                total += os.lstat(os.path.join(dirpath, n)).st_size
            except OSError:
                continue
    return total


def stale_temp_folders(max_age_s: float, now: float | None = None) -> list[Path]:
    """Upload folders in the temporary directory not touched for ``max_age_s`` seconds (left by a server that
    stopped, or by sessions that ended without being seen)."""
    now = time.time() if now is None else now
    out = []
    for p in Path(tempfile.gettempdir()).glob(TEMP_PREFIX + "*"):
        try:
            if p.is_dir() and not p.is_symlink() and now - p.stat().st_mtime > max_age_s:
                out.append(p)
        except OSError:
            continue
    return out


def _with_budget(limits: ArchiveLimits, left: int) -> ArchiveLimits:
    return replace(limits, max_total_uncompressed=max(0, min(limits.max_total_uncompressed, left)))


def _write_entry(root: Path, item: Entry, taken: dict[Path, set[str]]) -> None:
    parts = [sanitize_name(p) for p in item.path.split("/") if p not in ("", ".")]
    _write_inside(root, parts, item.data, taken)


def cleanup(path: Path | str) -> None:
    """Remove a folder made by materialize (only folders under the temp dir with our prefix)."""
    p = Path(path)
    try:
        real = Path(os.path.realpath(p))
        tmp = Path(os.path.realpath(tempfile.gettempdir()))
    except OSError:
        return
    if real.parent != tmp or not real.name.startswith(TEMP_PREFIX) or p.is_symlink():
        return
    shutil.rmtree(real, ignore_errors=True)
