"""Per-language data packs: what the enrichers know about a language lives in ``data/lang/``, never in code.

Layout (every file optional; adding a language is adding a folder and its tests)::

    data/lang/<code>/<concern>.toml    # e.g. data/lang/ko/quotes.toml, data/lang/ja/dates.toml
    data/lang/<code>_<concern>.toml    # the same, flat (older layout, still read)
    data/lang/common/<concern>.toml    # words shared by every language (currency symbols, …)

``pack(code, concern)`` returns the parsed TOML of one concern for one language ({} when absent);
``words(code, concern, key)`` returns a tuple of strings (the usual shape: a word list). Values are read once
per process. The cache fingerprint covers everything under ``data/`` so an edit re-enriches.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

LANG_DIR = Path(__file__).resolve().parent.parent / "data" / "lang"


def _files(code: str, concern: str) -> list[Path]:
    return [p for p in (LANG_DIR / code / f"{concern}.toml", LANG_DIR / f"{code}_{concern}.toml") if p.is_file()]


@lru_cache(maxsize=256)
def pack(code: str, concern: str) -> dict[str, Any]:
    """The merged TOML tables of one concern for one language code ("ko", "zh", "common", …)."""
    out: dict[str, Any] = {}
    for path in _files((code or "").lower()[:8], concern):
        with open(path, "rb") as fh:
            out.update(tomllib.load(fh))
    return out


def words(code: str, concern: str, key: str) -> tuple[str, ...]:
    """A word list from a pack (empty when the pack or key is absent)."""
    value = pack(code, concern).get(key, ())
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def languages() -> tuple[str, ...]:
    """Language codes that have a pack (folders and flat files), "common" excluded."""
    codes = {p.name for p in LANG_DIR.iterdir() if p.is_dir()} if LANG_DIR.is_dir() else set()
    codes |= {p.stem.split("_", 1)[0] for p in LANG_DIR.glob("*_*.toml")} if LANG_DIR.is_dir() else set()
    return tuple(sorted(codes - {"common"}))
