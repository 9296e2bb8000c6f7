"""The corpus manifest: one row per file; `file` required, other columns optional, extras kept as metadata."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from loaders.encoding import DecodeError, decode_bytes

MANIFEST_NAME = "manifest.csv"
STORY_NAME = "story.toml"  # a corpus's own story file (topics, people, curation): read by analysis, not an article
# manifest column -> Document field
KNOWN = {
    "outlet": "source", "source": "source", "title": "title", "url": "url",
    "published": "published", "language": "language", "lang": "language",
}
SPECIAL = {"file", "published_basis"}


@dataclass(frozen=True)
class Manifest:
    rows: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> {column: value}
    problems: tuple[str, ...] = ()


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return Manifest()
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Manifest(problems=(f"{MANIFEST_NAME}: unreadable ({exc})",))
    return parse_manifest(data)


def parse_manifest(data: bytes, name: str = MANIFEST_NAME) -> Manifest:
    """A manifest from its bytes (a manifest.csv in a folder or inside an archive); ``name`` labels problems."""
    label = name
    try:
        text, _ = decode_bytes(data)
    except (DecodeError, UnicodeDecodeError) as exc:
        return Manifest(problems=(f"{label}: unreadable ({exc})",))
    text = text.removeprefix("\ufeff")
    try:
        return _parse(text, name)
    except csv.Error as exc:
        return Manifest(problems=(f"{label}: malformed CSV ({exc}); manifest ignored",))


def _parse(text: str, label: str) -> Manifest:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "file" not in [f.strip() for f in reader.fieldnames]:
        return Manifest(problems=(f"{label}: no 'file' column; manifest ignored",))
    rows: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    for n, row in enumerate(reader, start=2):
        clean = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None}
        name = clean.get("file", "")
        if not name:
            problems.append(f"{label} line {n}: empty 'file'; row ignored")
            continue
        if name in rows:
            problems.append(f"{label} line {n}: '{name}' listed twice; the first row is used")
            continue
        rows[name] = clean
    return Manifest(rows=rows, problems=tuple(problems))
