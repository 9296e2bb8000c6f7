"""The cached corpus and the filtered view that every page reads. The only place that loads data."""

from __future__ import annotations

import argparse
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from analysis.filters import Filters, apply_filters
from analysis.records import Document
from analysis.store import build, default_cache_dir, fingerprint, is_output, load_text, read_output
from analysis.tables import Tables

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "data" / "corpus"
ENV_VAR = "NEWS_CORPUS"


class CorpusError(Exception):
    """The chosen corpus cannot be opened (missing folder, not a folder)."""


@dataclass(frozen=True)
class Loaded:
    root: str  # the corpus folder texts are read from
    tables: Tables
    problems: tuple[str, ...] = ()
    enriched_files: int = 0
    cached_files: int = 0


@dataclass(frozen=True)
class View:
    loaded: Loaded
    filters: Filters
    view: Tables  # the filtered tables

    @property
    def tables(self) -> Tables:
        return self.loaded.tables


def corpus_folder() -> Path:
    """`streamlit run dashboard.py -- --corpus DIR`, else $NEWS_CORPUS, else the bundled corpus."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--corpus")
    args, _ = parser.parse_known_args()
    chosen = args.corpus or os.environ.get(ENV_VAR) or str(DEFAULT_CORPUS)
    return Path(chosen).expanduser().resolve()


def _signature(folder: Path) -> tuple:
    """Changes whenever a file is added, removed or modified: the cache key of the enriched tables."""
    items = []
    for dirpath, _, files in os.walk(folder):
        for name in files:
            try:
                s = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            items.append((os.path.join(dirpath, name), s.st_size, s.st_mtime_ns))
    return (str(folder), fingerprint(), tuple(sorted(items)))


@st.cache_resource(show_spinner=False)
def _store() -> dict:
    """Process-wide store of loaded corpora (shared by sessions; values are never mutated)."""
    return {"lock": threading.Lock()}


def load(folder: Path) -> Loaded:
    """Enriched tables of a folder, once per content signature, with a progress bar while enriching.

    A folder of articles goes through the on-disk cache (unchanged files are never enriched again); a folder
    written by `python -m analysis ... --out DIR` (its parquet/ subfolder) is read as it is.
    """
    if not folder.exists():
        raise CorpusError(f"corpus folder not found: {folder}")
    if not folder.is_dir():
        raise CorpusError(f"corpus is not a folder: {folder}")
    store = _store()
    key = _signature(folder)
    if key in store:
        return store[key]
    with store["lock"]:
        if key in store:
            return store[key]
        output = folder / "parquet" if is_output(folder / "parquet") else folder if is_output(folder) else None
        if output is not None:
            with st.spinner("Reading the analysed tables…"):
                tables, root = read_output(output)
            loaded = Loaded(root=root, tables=tables)
        else:
            bar = st.progress(0.0, text="Checking the cache…")

            def enriching(i: int, n: int, path: str) -> None:
                if n:
                    bar.progress(i / n, text=f"Analysing articles: {i} of {n} files")

            result = build(folder, _cache_dir(folder), progress=enriching)
            bar.empty()
            loaded = Loaded(root=result.root, tables=result.tables, problems=result.problems,
                            enriched_files=result.enriched_files, cached_files=result.cached_files)
        for old in [k for k in store if isinstance(k, tuple) and k[0] == key[0]]:
            del store[old]  # keep only the newest version of a folder
        store[key] = loaded
        return loaded


def _cache_dir(folder: Path) -> Path | None:
    try:
        path = default_cache_dir(folder)
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError as exc:  # read-only home: analyse without a cache
        log.warning("no cache for %s: %s", folder, exc)
        return None


@st.cache_data(max_entries=64, show_spinner=False)
def document(root: str, path: str, _fingerprint: str) -> Document | None:
    """One article's clean text and metadata, read from disk on demand (tables hold no full texts)."""
    return load_text(root, path)


def get_view() -> View:
    """The view prepared by dashboard.py for the page being run."""
    return st.session_state["_view"]


__all__ = ["CorpusError", "Loaded", "View", "apply_filters", "corpus_folder", "document", "get_view", "load"]
