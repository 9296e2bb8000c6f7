"""The cached corpus and the filtered view that every page reads. The only place that loads data."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from analysis.filters import Filters, apply_filters, prepare
from analysis.records import Document
from analysis.store import (
    build,
    current_snapshot,
    default_cache_dir,
    fingerprint,
    is_output,
    latest_snapshot,
    load_text,
    read_output,
    read_snapshot,
    snapshot_problems,
)
from analysis.tables import Tables
from core.records import CorpusError

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "data" / "corpus"
ENV_VAR = "NEWS_CORPUS"


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
    """Changes whenever a file is added, removed or modified (a walk of the folder: run off the rerun path)."""
    items = []
    for dirpath, _, files in os.walk(folder):
        for name in files:
            try:
                s = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            items.append((os.path.join(dirpath, name), s.st_size, s.st_mtime_ns))
    return (str(folder), fingerprint(), tuple(sorted(items)))


RECHECK_SECONDS = 60.0


@dataclass
class _Entry:
    loaded: Loaded
    signature: tuple | None  # None: loaded from the last snapshot, not yet checked against the folder
    checked: float
    stale: bool = False
    checking: bool = False
    snapshot: Path | None = None


class CorpusStore:
    """Process-wide loaded corpora, shared by every session (values are never mutated).

    Reruns (a filter change) never walk the corpus folder: a background thread re-checks a folder's files at
    most once a minute and marks the entry stale when something changed; the next rerun then reloads it
    (through the on-disk cache, so only changed files are enriched). A build started before the server took
    its first session (`python -m ui.serve`) is joined, with its progress shown.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: dict[str, _Entry] = {}
        self.progress: dict[str, tuple[int, int]] = {}  # folder -> (done, total) of a build under way

    def get(self, folder: Path) -> Loaded | None:
        e = self.entries.get(str(folder))
        if e is None or e.stale:
            return None
        if time.monotonic() - e.checked > RECHECK_SECONDS and not e.checking:
            e.checking = True
            threading.Thread(target=self._recheck, args=(folder, e), daemon=True).start()
        return e.loaded

    def _recheck(self, folder: Path, e: _Entry) -> None:
        try:
            if e.signature is None:  # shown from the last snapshot: is it still the corpus as it is?
                signature = _signature(folder)
                cache = _cache_dir(folder)
                e.stale = cache is None or current_snapshot(folder, cache) != e.snapshot
                e.signature = signature
            else:
                e.stale = _signature(folder) != e.signature
        except Exception:  # an unreadable folder: rebuild, which reports properly
            log.exception("re-checking %s failed", folder)
            e.stale = True
        finally:
            e.checked, e.checking = time.monotonic(), False

    def build(self, folder: Path, progress=None) -> Loaded:
        with self.lock:
            cached = self.get(folder)
            if cached is not None:
                return cached
            if str(folder) not in self.entries:  # first load in this process: show the last snapshot at once,
                snap = latest_snapshot(_cache_dir(folder))  # and check it against the folder in the background
                if snap is not None:
                    try:
                        result = Loaded(root=str(folder), tables=prepare(read_snapshot(snap)),
                                        problems=snapshot_problems(snap))
                    except Exception:
                        log.warning("snapshot %s unreadable", snap)
                    else:
                        e = _Entry(result, None, 0.0, snapshot=snap)
                        self.entries[str(folder)] = e
                        freeze_heap()
                        return self.get(folder) or result
            signature = _signature(folder)

            def report(i: int, n: int, path: str) -> None:
                self.progress[str(folder)] = (i, n)
                if progress:
                    progress(i, n, path)

            try:
                loaded = _build(folder, report)
            finally:
                self.progress.pop(str(folder), None)
            self.entries[str(folder)] = _Entry(loaded, signature, time.monotonic())
            freeze_heap()
            return loaded


def freeze_heap() -> None:
    """Move every object alive now (imported modules, loaded tables) out of the cyclic garbage collector's reach.

    Streamlit runs a full collection after every script run; with a loaded corpus (and the language tools'
    dictionaries) that walked some 400,000 objects, 0.5-0.6 s of CPU per rerun and most of a filter change's
    time under load (bench/LOAD.md). Frozen objects are still freed as usual when their last reference goes."""
    gc.collect()
    gc.freeze()


def _build(folder: Path, progress) -> Loaded:
    output = folder / "parquet" if is_output(folder / "parquet") else folder if is_output(folder) else None
    if output is not None:
        tables, root = read_output(output)
        return Loaded(root=root, tables=prepare(tables))
    result = build(folder, _cache_dir(folder), progress=progress)
    return Loaded(root=result.root, tables=prepare(result.tables), problems=result.problems,
                  enriched_files=result.enriched_files, cached_files=result.cached_files)


PRELOAD = CorpusStore()  # filled by `python -m ui.serve` before the first session arrives


@st.cache_resource(show_spinner=False)
def _store() -> CorpusStore:
    return PRELOAD


def load(folder: Path) -> Loaded:
    """Enriched tables of a folder, with a progress bar while a build runs (in this session or another)."""
    if not folder.exists():
        raise CorpusError(f"corpus folder not found: {folder}")
    if not folder.is_dir():
        raise CorpusError(f"corpus is not a folder: {folder}")
    store = _store()
    loaded = store.get(folder)
    if loaded is not None:
        return loaded
    bar = st.progress(0.0, text="Checking the analysis cache…")
    if str(folder) in store.progress:  # another session (or the launcher) is building it: show its progress
        while str(folder) in store.progress and store.get(folder) is None:
            i, n = store.progress.get(str(folder), (0, 0))
            if n:
                bar.progress(i / n, text=f"Analysing articles: {i} of {n} files")
            time.sleep(0.25)

    def enriching(i: int, n: int, path: str) -> None:
        if n:
            bar.progress(i / n, text=f"Analysing articles: {i} of {n} files")

    loaded = store.build(folder, enriching)
    bar.empty()
    return loaded


_VIEWS: OrderedDict = OrderedDict()
_VIEWS_LOCK = threading.Lock()
MAX_VIEWS = 4


def filtered(loaded: Loaded, filters: Filters) -> Tables:
    """The filtered tables, kept for the last few filter states (page switches and widget clicks that do not
    change the filter cost nothing; tables are never mutated, so sharing them is safe)."""
    key = (id(loaded.tables), filters)
    with _VIEWS_LOCK:
        if key in _VIEWS:
            _VIEWS.move_to_end(key)
            return _VIEWS[key][1]
    view = apply_filters(loaded.tables, filters)
    with _VIEWS_LOCK:
        _VIEWS[key] = (loaded.tables, view)  # holding the tables keeps id() unique while cached
        while len(_VIEWS) > MAX_VIEWS:
            _VIEWS.popitem(last=False)
    return view


_MEMO: OrderedDict = OrderedDict()
MAX_MEMO = 64


def per_view(view: Tables, name: str, fn, *args):
    """fn(*args) computed once per filtered view (aggregates too slow to redo on every rerun of a page).

    `name` must say everything that distinguishes the call besides the view (e.g. "summary:source")."""
    key = (id(view), name)
    with _VIEWS_LOCK:
        if key in _MEMO:
            _MEMO.move_to_end(key)
            return _MEMO[key][1]
    value = fn(*args)
    with _VIEWS_LOCK:
        _MEMO[key] = (view, value)
        while len(_MEMO) > MAX_MEMO:
            _MEMO.popitem(last=False)
    return value


def invalidate(folder: Path | str) -> None:
    """The corpus's story file (or anything else the finishing step reads) changed: the next run of any session
    rebuilds its tables from the cache (no article is enriched again when only the story file changed)."""
    entry = PRELOAD.entries.get(str(Path(folder)))
    if entry is not None:
        entry.stale = True


def forget(folder: Path | str) -> None:
    """Drop a corpus from the server's memory (an upload that was freed): its tables, views and memos."""
    entry = PRELOAD.entries.pop(str(Path(folder)), None)
    if entry is None:
        return
    tables = entry.loaded.tables
    with _VIEWS_LOCK:
        views = [k for k, (t, _) in _VIEWS.items() if t is tables]
        for k in views:
            view = _VIEWS.pop(k)[1]
            for m in [mk for mk, (v, _) in _MEMO.items() if v is view]:
                _MEMO.pop(m, None)


def preload(folder: Path) -> None:
    """Build a folder's tables before any session asks (used by the launcher, in a background thread)."""
    PRELOAD.build(folder)


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


__all__ = ["CorpusError", "Loaded", "View", "corpus_folder", "document", "filtered", "forget", "invalidate", "load",
           "per_view"]
