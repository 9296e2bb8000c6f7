"""The app's one data layer: the cached corpus and its cached filtered views. The only place that loads data.

- `PRELOAD` (a `CorpusStore`): one `Corpus` per corpus folder, shared by every session of the server process.
- `Corpus`: the folder's tables (`CorpusTables`: each table read from the snapshot the first time a page asks
  for it), the problems found while loading, and the filtered views of the last few filter states.
- `View`: what one run of a page reads: the corpus, the sidebar's filters and `filtered`, the tables those
  filters keep (`FilteredTables`: each table filtered when first asked for, with the page aggregates computed on
  it kept beside it: `per_view`).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import streamlit as st

from analysis import settings
from analysis.filters import CorpusTables, FilteredTables, Filters
from analysis.records import Document
from analysis.store import (
    build,
    current_snapshot,
    default_cache_dir,
    is_output,
    latest_snapshot,
    load_text,
    read_table,
    snapshot_problems,
)
from analysis.tables import COLUMNS, ROW_TABLES, frame
from core.records import CorpusError

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / str(settings.setting("corpus").default)
ENV_VAR = settings.setting("corpus").env


@dataclass(frozen=True)
class Corpus:
    """One corpus folder as the app holds it (values are never mutated; shared by every session)."""

    root: str  # the corpus folder texts are read from
    tables: CorpusTables
    problems: tuple[str, ...] = ()
    enriched_files: int = 0
    cached_files: int = 0
    _views: OrderedDict = field(default_factory=OrderedDict, repr=False, compare=False)
    _unfiltered: dict = field(default_factory=dict, repr=False, compare=False)
    _texts: OrderedDict = field(default_factory=OrderedDict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def everything(self) -> FilteredTables:
        """The unfiltered view (every row, near-duplicates included), with its own aggregates (colours, the
        sidebar's choices) kept for as long as the corpus is."""
        got = self._unfiltered.get("view")
        if got is None:
            got = self._unfiltered.setdefault("view", FilteredTables(self.tables, Filters(dedupe=False)))
        return got

    def view(self, filters: Filters) -> FilteredTables:
        """The tables these filters keep, shared by every session for the last few filter states
        (settings `max_views`): a page switch or a click that leaves the filter alone costs nothing."""
        with self._lock:
            got = self._views.get(filters)
            if got is not None:
                self._views.move_to_end(filters)
                return got
        made = FilteredTables(self.tables, filters)
        with self._lock:
            got = self._views.setdefault(filters, made)
            self._views.move_to_end(filters)
            while len(self._views) > int(settings.get("max_views")):
                self._views.popitem(last=False)
        return got

    def document(self, path: str) -> Document | None:
        """One article's clean text and metadata, read from disk on demand (tables hold no full texts); the
        last few (settings `max_texts`) are kept."""
        with self._lock:
            if path in self._texts:
                self._texts.move_to_end(path)
                return self._texts[path]
        doc = load_text(self.root, path)
        with self._lock:
            self._texts[path] = doc
            while len(self._texts) > int(settings.get("max_texts")):
                self._texts.popitem(last=False)
        return doc


Loaded = Corpus  # the name earlier code and tests use


@dataclass(frozen=True)
class View:
    """What one run of a page reads."""

    corpus: Corpus
    filters: Filters
    filtered: FilteredTables  # the tables the filters keep

    @property
    def tables(self) -> FilteredTables:
        """The whole corpus (unfiltered)."""
        return self.corpus.everything

    @property
    def loaded(self) -> Corpus:  # the name earlier pages use
        return self.corpus

    @property
    def view(self) -> FilteredTables:  # the name earlier pages use for `filtered`
        return self.filtered


def corpus_folder() -> Path:
    """`streamlit run dashboard.py -- --corpus DIR`, else $NEWS_CORPUS, else the bundled corpus."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--corpus")
    args, _ = parser.parse_known_args()
    chosen = args.corpus or os.environ.get(ENV_VAR) or str(DEFAULT_CORPUS)  # settings "corpus"
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
    return (str(folder), tuple(sorted(items)))  # the code fingerprint is fixed for the process: not part of it


@dataclass
class _Entry:
    loaded: Corpus
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

    def get(self, folder: Path) -> Corpus | None:
        e = self.entries.get(str(folder))
        if e is None or e.stale:
            return None
        if time.monotonic() - e.checked > settings.get("recheck_seconds") and not e.checking:
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

    def build(self, folder: Path, progress=None) -> Corpus:
        with self.lock:
            cached = self.get(folder)
            if cached is not None:
                return cached
            if str(folder) not in self.entries and _output_of(folder) is None:  # first load in this process: show
                snap = latest_snapshot(_cache_dir(folder))  # the last snapshot at once, checked in the background
                if snap is not None:
                    try:
                        result = Corpus(root=str(folder), tables=_lazy(snap), problems=snapshot_problems(snap))
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


def _lazy(folder: Path) -> CorpusTables:
    """The tables of a snapshot or an output folder, each read when first asked for (and a page that needs a few
    columns of a table reads only those). Every part's footer is read now (cheap), so a damaged folder is refused
    here, where a rebuild can still replace it, not on some page."""
    stored: dict[str, list[str]] = {}
    for name in (*ROW_TABLES, "milestones"):
        for part in sorted((folder / name).glob("part-*.parquet")) if (folder / name).is_dir() else []:
            names = pq.read_metadata(part).schema.to_arrow_schema().names
            stored.setdefault(name, [c for c in names if not c.startswith("__index_level")])

    def columns_of(name: str) -> list[str]:
        contract = COLUMNS.get(name, [])
        return [*contract, *(c for c in stored.get(name, []) if c not in contract)]

    def read(name: str, columns: list[str] | None = None) -> pd.DataFrame:
        if columns is None:
            return frame(read_table(folder, name), name)
        have = stored.get(name, [])
        df = read_table(folder, name, columns=[c for c in columns if c in have] or have[:1])
        for c in columns:  # a contract column the parts lack: empty, as frame() adds it
            if c not in df.columns:
                df[c] = pd.Series(dtype="object")
        return df

    tables = CorpusTables(read, on_load=_frozen, columns_of=columns_of)
    tables.documents  # noqa: B018 - every page needs them, and reading them checks the folder
    return tables


def _frozen(name: str) -> None:
    """A table read after the first page: out of the full collections too (no collection now: gc.freeze alone
    is cheap)."""
    gc.freeze()


def _output_of(folder: Path) -> Path | None:
    """The analysed tables when the folder is the CLI's output (`--out DIR`: DIR or DIR/parquet), else None."""
    return folder / "parquet" if is_output(folder / "parquet") else folder if is_output(folder) else None


def _build(folder: Path, progress) -> Corpus:
    output = _output_of(folder)  # an output folder is read as it is: no cache, no code fingerprint to work out
    if output is not None:
        meta = json.loads((output / "meta.json").read_text(encoding="utf-8"))
        return Corpus(root=str(meta.get("corpus", "")), tables=_lazy(output))
    result = build(folder, _cache_dir(folder), progress=progress)
    return Corpus(root=result.root, tables=CorpusTables.of(result.tables, on_load=_frozen), problems=result.problems,
                  enriched_files=result.enriched_files, cached_files=result.cached_files)


PRELOAD = CorpusStore()  # the process's corpora; filled by `python -m ui.serve` before the first session arrives


def load(folder: Path) -> Corpus:
    """Enriched tables of a folder, with a progress bar while a build runs (in this session or another)."""
    if not folder.exists():
        raise CorpusError(f"corpus folder not found: {folder}")
    if not folder.is_dir():
        raise CorpusError(f"corpus is not a folder: {folder}")
    store = PRELOAD
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


def filtered(corpus: Corpus, filters: Filters) -> FilteredTables:
    """The tables these filters keep (cached with the corpus for the last few filter states)."""
    return corpus.view(filters)


def per_view(view, name: str, fn, *args):
    """fn(*args) computed once per filtered view (aggregates too slow to redo on every rerun of a page); kept
    with the view, so it goes when the view or its corpus goes.

    `name` must say everything that distinguishes the call besides the view (e.g. "summary:source")."""
    memo = getattr(view, "memo", None)
    return memo(name, fn, *args) if memo is not None else fn(*args)


def invalidate(folder: Path | str) -> None:
    """The corpus's story file (or anything else the finishing step reads) changed: the next run of any session
    rebuilds its tables from the cache (no article is enriched again when only the story file changed)."""
    entry = PRELOAD.entries.get(str(Path(folder)))
    if entry is not None:
        entry.stale = True


def forget(folder: Path | str) -> None:
    """Drop a corpus from the server's memory (an upload that was freed): its tables, views and texts."""
    PRELOAD.entries.pop(str(Path(folder)), None)


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


__all__ = ["Corpus", "CorpusError", "Loaded", "View", "corpus_folder", "filtered", "forget", "invalidate",
           "load", "per_view"]
