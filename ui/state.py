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
from analysis.pipeline import PIPELINE_VERSION, Tables, build_tables
from loaders.corpus import Corpus, CorpusError, load_corpus

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "data" / "corpus"
ENV_VAR = "NEWS_CORPUS"


@dataclass(frozen=True)
class Loaded:
    corpus: Corpus
    tables: Tables


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
    return (str(folder), PIPELINE_VERSION, tuple(sorted(items)))


@st.cache_resource(show_spinner=False)
def _store() -> dict:
    """Process-wide store of loaded corpora (shared by sessions; values are never mutated)."""
    return {"lock": threading.Lock()}


def load(folder: Path) -> Loaded:
    """Load and enrich a corpus once per content signature, with a progress bar the first time."""
    store = _store()
    key = _signature(folder)
    if key in store:
        return store[key]
    with store["lock"]:
        if key in store:
            return store[key]
        bar = st.progress(0.0, text="Reading files…")

        def reading(i: int, n: int, path: str) -> None:
            bar.progress(i / max(n, 1) * 0.3, text=f"Reading files: {i} of {n}")

        def enriching(i: int, n: int, path: str) -> None:
            bar.progress(0.3 + 0.7 * i / max(n, 1), text=f"Analysing articles: {i} of {n}")

        corpus = load_corpus(folder, progress=reading)
        tables = build_tables(corpus.documents, corpus.skipped, progress=enriching)
        bar.empty()
        loaded = Loaded(corpus=corpus, tables=tables)
        for old in [k for k in store if isinstance(k, tuple) and k[0] == key[0]]:
            del store[old]  # keep only the newest version of a folder
        store[key] = loaded
        return loaded


def get_view() -> View:
    """The view prepared by dashboard.py for the page being run."""
    return st.session_state["_view"]


__all__ = ["CorpusError", "Loaded", "View", "corpus_folder", "get_view", "load", "apply_filters"]
