"""Read a corpus folder into Document records and an ingest report of skipped files."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from analysis.records import Document, Skipped
from loaders.clean import clean_text
from loaders.encoding import DecodeError, decode_bytes
from loaders.manifest import KNOWN, MANIFEST_NAME, SPECIAL, read_manifest

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md"}
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


class CorpusError(Exception):
    """The corpus as a whole cannot be read (missing folder, nothing readable)."""


def list_files(root: Path) -> tuple[list[Path], list[Skipped]]:
    """Every regular file below root (sorted), without following symlinked folders."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
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
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_document(path: Path, root: Path, manifest_row: dict[str, str], max_bytes: int) -> Document | Skipped:
    rel = _rel(path, root)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return Skipped(rel, f"unsupported format '{path.suffix or '(no extension)'}': expected .txt or .md")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Skipped(rel, f"file too large: {size:,} bytes > limit {max_bytes:,}")
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(rel, f"unreadable: {exc.strerror or exc}")
    if not data.strip():
        return Skipped(rel, "empty file")
    try:
        raw, encoding = decode_bytes(data)
    except DecodeError as exc:
        return Skipped(rel, str(exc))
    text, removed = clean_text(raw)
    if not text:
        return Skipped(rel, "no text left after removing boilerplate")
    fields: dict[str, object] = {}
    basis: dict[str, str] = {"encoding": encoding}
    meta: dict[str, str] = {}
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
        else:
            fields[target] = value
            basis[target] = "manifest"
    stem = path.stem
    return Document(
        doc_id=stem, path=rel, text=text, raw_text=raw, basis=basis, meta=meta, removed=removed, **fields
    )


def load_corpus(
    folder: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress | None = None
) -> Corpus:
    root = Path(folder)
    if not root.exists():
        raise CorpusError(f"corpus folder not found: {folder}")
    if not root.is_dir():
        raise CorpusError(f"corpus is not a folder: {folder}")
    manifest = read_manifest(root)
    files, skipped = list_files(root)
    files = [f for f in files if not (f.parent == root and f.name == MANIFEST_NAME)]
    docs: list[Document] = []
    ids: set[str] = set()
    listed = set(manifest.rows)
    for i, path in enumerate(files, start=1):
        rel = _rel(path, root)
        row = manifest.rows.get(rel) or manifest.rows.get(path.name) or {}
        listed.discard(rel)
        listed.discard(path.name)
        item = read_document(path, root, row, max_bytes)
        if isinstance(item, Skipped):
            log.info("skipped %s: %s", item.path, item.reason)
            skipped.append(item)
        else:
            doc_id = item.doc_id
            n = 2
            while doc_id in ids:
                doc_id, n = f"{item.doc_id}~{n}", n + 1
            ids.add(doc_id)
            docs.append(item if doc_id == item.doc_id else _with_id(item, doc_id))
        if progress:
            progress(i, len(files), rel)
    problems = list(manifest.problems) + [f"{MANIFEST_NAME} lists '{name}' but no such file" for name in sorted(listed)]
    return Corpus(root=str(root), documents=tuple(docs), skipped=tuple(skipped), problems=tuple(problems))


def _with_id(doc: Document, doc_id: str) -> Document:
    return replace(doc, doc_id=doc_id)
