"""Text cleaning: web boilerplate lines (patterns from data/boilerplate.toml) and repeated blocks."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

DEFAULT_BOILERPLATE = Path(__file__).resolve().parent.parent / "data" / "boilerplate.toml"
_MIN_REPEAT_CHARS = 25  # a repeated line shorter than this (e.g. "Thank you.") is kept


@lru_cache(maxsize=4)
def load_patterns(path: Path = DEFAULT_BOILERPLATE) -> tuple[re.Pattern[str], ...]:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    return tuple(re.compile(p) for p in data.get("line_patterns", []))


def _norm(line: str) -> str:
    line = unicodedata.normalize("NFKC", line)
    line = re.sub(r"^[\s•·\-*▪●◦]+", "", line)
    return re.sub(r"\s+", " ", line).strip()


def clean_text(raw: str, patterns: tuple[re.Pattern[str], ...] | None = None) -> tuple[str, tuple[str, ...]]:
    """Return (clean text, removed lines with the reason prefixed).

    Removes lines matching a boilerplate pattern and any line that repeats an earlier line of the same file
    (a body pasted twice, a caption repeated under each picture). Paragraph breaks are kept as blank lines.
    """
    if patterns is None:
        patterns = load_patterns()
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    raw = "".join(ch for ch in raw if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    seen: set[str] = set()
    kept: list[str] = []
    removed: list[str] = []
    for line in raw.split("\n"):
        norm = _norm(line)
        if not norm:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        if any(p.fullmatch(norm) for p in patterns):
            removed.append(f"boilerplate: {norm[:80]}")
            continue
        if len(norm) >= _MIN_REPEAT_CHARS and norm in seen:
            removed.append(f"repeated: {norm[:80]}")
            continue
        seen.add(norm)
        kept.append(re.sub(r"[ \t]+", " ", line).strip())
    return "\n".join(kept).strip(), tuple(removed)
