"""Read a corpus folder into Document records and an ingest report of skipped files."""

from __future__ import annotations

import datetime as dt
import logging
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from core.records import CorpusError, Document, Skipped
from loaders.archive import ArchiveLimits, iter_archive
from loaders.formats import (
    ARCHIVE_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    Unit,
    normalize_language,
    parse_date,
    read_bytes,
    unsupported_reason,
)
from loaders.manifest import KNOWN, MANIFEST_NAME, SPECIAL, STORY_NAME, Manifest, parse_manifest, read_manifest

log = logging.getLogger(__name__)

__all__ = ["TEXT_SUFFIXES", "Corpus", "CorpusError", "load_corpus", "list_files", "read_units"]
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Corpus:
    root: str
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]
    problems: tuple[str, ...] = ()  # corpus-level notes (manifest issues)

    @property
    def files_seen(self) -> int:
        return len(self.documents) + len(self.skipped)


def list_files(root: Path) -> tuple[list[Path], list[Skipped]]:
    """Every regular file below root (sorted), without following symlinked folders."""
    files: list[Path] = []
    skipped: list[Skipped] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        rel = _rel(where, root) if where != root else "."
        skipped.append(Skipped(rel, f"unreadable folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for d in list(dirnames):
            if (Path(dirpath) / d).is_symlink():
                dirnames.remove(d)
                skipped.append(Skipped(_rel(Path(dirpath) / d, root), "symbolic link to a folder: not followed"))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            files.append(Path(dirpath) / name)
    return files, skipped


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _parse_date(value: str) -> dt.date | None:
    return parse_date(value)


def apply_manifest(doc: Document, manifest_row: Mapping[str, str]) -> Document:
    """Manifest values override what the file, row or page said; extra manifest columns join meta."""
    if not manifest_row:
        return doc
    fields: dict[str, object] = {}
    basis: dict[str, str] = dict(doc.basis)
    meta: dict[str, str] = dict(doc.meta)
    for col, value in manifest_row.items():
        if col in SPECIAL or not value:
            continue
        target = KNOWN.get(col.lower())
        if target is None:
            meta[col] = value
            continue
        if target == "published":
            date = _parse_date(value)
            if date is None:
                meta["published (manifest, unparsed)"] = value
                continue
            fields["published"] = date
            extra = manifest_row.get("published_basis", "")
            basis["published"] = f"manifest ({extra})" if extra else "manifest"
        elif target == "language":
            code = normalize_language(value)  # an ISO 639 / BCP 47 code or a language name, else refused
            if code:
                fields["language"] = code
                basis["language"] = "manifest"
            else:
                meta["language (manifest, not a language code)"] = value
        else:
            fields[target] = value
            basis[target] = "manifest"
    return replace(doc, basis=basis, meta=meta, **fields)


def _check_file(path: Path, root: Path, rel: str, max_bytes: int) -> Skipped | None:
    """Why a listed file cannot be read (None when it can): links, special files, size."""
    try:
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                return Skipped(rel, "broken or looping symbolic link: not followed")
            if not target.is_relative_to(Path(os.path.realpath(root))):
                return Skipped(rel, "symbolic link to a file outside the corpus folder: not followed")
        st = path.stat()
    except OSError as exc:
        return Skipped(rel, f"unreadable: {exc.strerror or exc}")
    if not stat.S_ISREG(st.st_mode):
        return Skipped(rel, "not a regular file (pipe, socket or device): not read")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return Skipped(rel, unsupported_reason(suffix))
    if suffix not in ARCHIVE_SUFFIXES and st.st_size > max_bytes:  # archives: see ArchiveLimits
        return Skipped(rel, f"file too large: {st.st_size:,} bytes > limit {max_bytes:,}")
    if st.st_size == 0:
        return Skipped(rel, "empty file")
    return None


def read_units(path: Path, root: Path, max_bytes: int, limits: ArchiveLimits | None = None) -> list[Unit]:
    """Everything one file holds: one Document, several (rows, archive entries), or Skipped records."""
    rel = _rel(path, root)
    refused = _check_file(path, root, rel, max_bytes)
    if refused:
        return [refused]
    if path.suffix.lower() in ARCHIVE_SUFFIXES:
        limits = limits or ArchiveLimits()
        if path.stat().st_size > limits.max_archive_bytes:
            return [Skipped(rel, f"file too large: {path.stat().st_size:,} bytes > archive limit "
                                 f"{limits.max_archive_bytes:,}")]
        try:
            data = path.read_bytes()
        except OSError as exc:
            return [Skipped(rel, f"unreadable: {exc.strerror or exc}")]
        return _archive_units(data, rel, max_bytes, limits)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Skipped(rel, f"unreadable: {exc.strerror or exc}")]
    return read_bytes(data, rel)


def _archive_units(data: bytes, rel: str, max_bytes: int, limits: ArchiveLimits) -> list[Unit]:
    units: list[Unit] = []
    manifests: dict[str, Manifest] = {}
    for item in iter_archive(data, rel, max_bytes=max_bytes, limits=limits):
        if isinstance(item, Skipped):
            units.append(item)
        elif PurePosixPath(item.path).name == STORY_NAME:
            continue
        elif PurePosixPath(item.path).name == MANIFEST_NAME:
            manifests[str(PurePosixPath(item.path).parent)] = parse_manifest(item.data, item.path)
        else:
            units.extend(read_bytes(item.data, item.path))
    if manifests:
        units = [_manifest_for(u, manifests, set()) if isinstance(u, Document) else u for u in units]
    return units


def _manifest_keys(doc_path: str, folder: str) -> list[str]:
    """Keys a manifest in ``folder`` may use for a document: its relative path, its file (for rows), its name."""
    rel = doc_path if folder in ("", ".") else doc_path[len(folder) + 1:]
    file_rel = rel.split("#", 1)[0]
    keys = [rel]
    if file_rel != rel:
        keys.append(file_rel)
    keys.append(PurePosixPath(file_rel).name)
    return keys


def _manifest_for(doc: Document, manifests: dict[str, Manifest], used: set[tuple[str, str]]) -> Document:
    """Apply the nearest manifest row: manifests in deeper folders first, then the corpus root's."""
    for folder in sorted(manifests, key=lambda f: -len(f)):
        if folder not in ("", ".") and not doc.path.startswith(folder + "/"):
            continue
        rows = manifests[folder].rows
        for key in _manifest_keys(doc.path, folder):
            if key in rows:
                used.add((folder, key))
                return apply_manifest(doc, rows[key])
    return doc


def load_corpus(
    folder: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress | None = None,
    archive_limits: ArchiveLimits | None = None,
) -> Corpus:
    """Read every supported file below ``folder``.

    Every input unit (a text or HTML file, a table row, an archive entry) ends up either as a Document or as a
    Skipped record with a reason, so ``files_seen`` counts units. ``manifest.csv`` files (in the corpus folder,
    a subfolder or an archive) describe the files of their folder; their values override file, row and page
    values.
    """
    root = Path(folder)
    if not root.exists():
        raise CorpusError(f"corpus folder not found: {folder}")
    if not root.is_dir():
        raise CorpusError(f"corpus is not a folder: {folder}")
    files, skipped = list_files(root)
    manifests: dict[str, Manifest] = {}
    problems: list[str] = []
    articles: list[Path] = []
    for f in files:
        if f.name == STORY_NAME:
            continue
        if f.name == MANIFEST_NAME:
            label = _rel(f, root)
            folder_rel = _rel(f.parent, root) if f.parent != root else ""
            manifests[folder_rel] = read_manifest(f.parent) if f.parent == root else _read_sub_manifest(f, label)
        else:
            articles.append(f)
    for m in manifests.values():
        problems.extend(m.problems)
    docs: list[Document] = []
    ids: set[str] = set()
    used: set[tuple[str, str]] = set()
    for i, path in enumerate(articles, start=1):
        rel = _rel(path, root)
        for item in read_units(path, root, max_bytes, archive_limits):
            if isinstance(item, Skipped):
                log.info("skipped %s: %s", item.path, item.reason)
                skipped.append(item)
                continue
            item = _manifest_for(item, manifests, used)
            doc_id = item.doc_id
            n = 2
            while doc_id in ids:
                doc_id, n = f"{item.doc_id}~{n}", n + 1
            ids.add(doc_id)
            docs.append(item if doc_id == item.doc_id else _with_id(item, doc_id))
        if progress:
            progress(i, len(articles), rel)
    for folder_rel, m in sorted(manifests.items()):
        label = f"{folder_rel}/{MANIFEST_NAME}" if folder_rel else MANIFEST_NAME
        for name in sorted(m.rows):
            if (folder_rel, name) not in used:
                problems.append(f"{label} lists '{name}' but no such file")
    return Corpus(root=str(root), documents=tuple(docs), skipped=tuple(skipped), problems=tuple(problems))


def _read_sub_manifest(path: Path, label: str) -> Manifest:
    try:
        return parse_manifest(path.read_bytes(), label)
    except OSError as exc:
        return Manifest(problems=(f"{label}: unreadable ({exc.strerror or exc})",))


def _with_id(doc: Document, doc_id: str) -> Document:
    return replace(doc, doc_id=doc_id)


# -------------------------------------------------------------- per-file access (cache, workers, the reader)

def load_manifests(root: Path, files: list[Path]) -> tuple[dict[str, Manifest], list[str], list[Path]]:
    """(manifests by folder, problems, article files): the manifest.csv files below root and everything else."""
    manifests: dict[str, Manifest] = {}
    articles: list[Path] = []
    for f in files:
        if f.name == STORY_NAME:
            continue
        if f.name == MANIFEST_NAME:
            folder_rel = _rel(f.parent, root) if f.parent != root else ""
            label = _rel(f, root)
            manifests[folder_rel] = read_manifest(f.parent) if f.parent == root else _read_sub_manifest(f, label)
        else:
            articles.append(f)
    problems = [p for m in manifests.values() for p in m.problems]
    return manifests, problems, articles


def manifest_rows_for(rel: str, manifests: dict[str, Manifest]) -> list[dict[str, str]]:
    """The manifest rows that may apply to a file or to the rows inside it (for cache keys).

    A row applies when its key is the file's path or name, a row of it (`table.csv#3`) or an entry inside it
    (`archive.zip/a.txt`). Lookups go through an index per manifest, so a corpus of n files costs O(n).
    """
    out = []
    for folder, m in sorted(manifests.items()):
        if folder and not rel.startswith(folder + "/"):
            continue
        local = rel if not folder else rel[len(folder) + 1:]
        index = _row_index(m)
        seen: set[int] = set()
        for k in (local, PurePosixPath(local).name):
            for i in index.get(k, ()):
                if i not in seen:
                    seen.add(i)
                    out.append(_nth_row(m, i))
    return out


_INDEX_CACHE: dict[int, tuple[Manifest, dict[str, list[int]], list[dict[str, str]]]] = {}


def _row_index(m: Manifest) -> dict[str, list[int]]:
    """key -> positions of rows the key names: the key itself, its file (before '#'), its enclosing paths."""
    cached = _INDEX_CACHE.get(id(m))
    if cached is not None and cached[0] is m:
        return cached[1]
    index: dict[str, list[int]] = {}
    rows = list(m.rows.values())
    for i, key in enumerate(m.rows):
        names = {key, key.split("#", 1)[0]}
        parts = key.split("#", 1)[0].split("/")
        names |= {"/".join(parts[:j]) for j in range(1, len(parts))}
        for n in names:
            index.setdefault(n, []).append(i)
    _INDEX_CACHE[id(m)] = (m, index, rows)
    return index


def _nth_row(m: Manifest, i: int) -> dict[str, str]:
    _row_index(m)
    return _INDEX_CACHE[id(m)][2][i]


def read_file(path: Path, root: Path, manifests: dict[str, Manifest], max_bytes: int = DEFAULT_MAX_BYTES,
              limits: ArchiveLimits | None = None) -> list[Unit]:
    """One file's units with the manifests applied (what load_corpus does for each file)."""
    return [_manifest_for(u, manifests, set()) if isinstance(u, Document) else u
            for u in read_units(path, root, max_bytes, limits)]
