"""The global filter (date range, language, source, topic) and the filtered view of the tables."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from analysis.tables import Tables

LANGUAGE_NAMES = {"en": "English", "ko": "Korean", "zh": "Chinese", "ja": "Japanese", "und": "undetermined"}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


@dataclass(frozen=True)
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    include_undated: bool = True
    languages: tuple[str, ...] = ()  # empty = all
    sources: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    dedupe: bool = True  # count near-duplicate articles (syndicated copies) once

    def is_empty(self) -> bool:
        return self == Filters()


DOC_INDEX = "_doc"  # row -> position of its document in the documents table (added by prepare)
CATEGORICAL = ("source", "language", "sentiment_label", "sentiment_method", "sentiment_reason",
               "path", "topic", "category", "unit", "normalized_unit", "kind", "date_precision", "speaker", "role",
               "attribution", "topics", "tz_note", "basis", "normalization_basis", "precision", "doc_id",
               "file_key", "published_basis", "title_basis", "source_basis", "language_basis", "duplicate_of")


def index_table(name: str, df: pd.DataFrame, doc_ids: pd.Index) -> pd.DataFrame:
    """One table indexed for fast filtering (see index_tables); `doc_ids` are the documents' ids in order."""
    df = df.reset_index(drop=True)
    changed = {}
    if "doc_id" in df.columns and (DOC_INDEX not in df.columns or name == "documents"):
        ids = df["doc_id"]
        if isinstance(ids.dtype, pd.CategoricalDtype):  # one lookup per distinct id, not per row
            where = doc_ids.get_indexer(ids.cat.categories.astype(str))
            codes = ids.cat.codes.to_numpy()
            changed[DOC_INDEX] = np.where(codes >= 0, where[codes.clip(0)], -1).astype("int64")
        else:
            changed[DOC_INDEX] = doc_ids.get_indexer(ids.astype(str)).astype("int64")
    for col in ("sentiment", "textblob", "normalized_value", "value", "value_max"):
        if col in df.columns and not pd.api.types.is_float_dtype(df[col]):
            changed[col] = pd.to_numeric(df[col], errors="coerce")
    for col in CATEGORICAL:
        if col in df.columns and not isinstance(df[col].dtype, pd.CategoricalDtype):
            changed[col] = df[col].astype(str).astype("category")
    return df.assign(**changed) if changed else df


def _dated_documents(docs: pd.DataFrame) -> pd.DataFrame:
    docs = docs.reset_index(drop=True)
    if "_published" in docs.columns and "_week" in docs.columns:
        return docs
    published = pd.to_datetime(docs["published"].astype(str).replace("", None), errors="coerce")
    week = (published - pd.to_timedelta(published.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
    return docs.assign(_published=published, _week=week.fillna(""))


def index_tables(t: Tables) -> Tables:
    """Index the tables for fast filtering and aggregation (idempotent; the snapshot is stored indexed).

    Adds to every row table an integer `_doc` (its document's position), stores repeated text columns as
    categories, makes scores numeric, and adds to documents `_published` (datetime) and `_week` (its Monday).
    Values are unchanged; exports drop the `_` columns.
    """
    docs = _dated_documents(t.documents)
    doc_ids = pd.Index(docs["doc_id"].astype(str))
    out = {fld.name: index_table(fld.name, docs if fld.name == "documents" else getattr(t, fld.name), doc_ids)
           for fld in fields(t) if fld.name != "sentence_text"}
    return replace(t, **out)


def prepare(t: Tables) -> Tables:
    """index_tables, and sentence texts moved aside (filtering then never copies the texts)."""
    t = index_tables(t)
    if "text" in t.sentences.columns:
        t = replace(t, sentence_text=t.sentences[["text"]], sentences=t.sentences.drop(columns=["text"]))
    return t


TABLE_NAMES = tuple(f.name for f in fields(Tables))


def _fast_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns held as Python strings (equal values share one object) instead of Arrow strings: taking the
    rows a filter keeps is then a copy of pointers (about 20 times faster for long sentences). Values unchanged."""
    changed = {}
    for col in df.columns:
        if pd.api.types.is_string_dtype(df[col].dtype) and not isinstance(df[col].dtype, pd.CategoricalDtype) \
                and df[col].dtype != object:
            codes, uniques = pd.factorize(df[col], use_na_sentinel=True)
            values = np.asarray(uniques, dtype=object)[codes.clip(0)]
            values[codes < 0] = np.nan
            changed[col] = pd.Series(values, index=df.index, dtype=object)
    return df.assign(**changed) if changed else df


class CorpusTables:
    """The whole corpus's tables as the dashboard reads them: each read and prepared (as `prepare` does) the
    first time a page asks for it, then kept. A first page that never shows sentences never reads the two
    million sentence rows. Attribute access like `Tables` (`t.documents`); frames are never mutated.

    `read(name)` returns one table with its contract columns (a snapshot or output part, or a frame in memory).
    """

    def __init__(self, read: Callable[[str], pd.DataFrame], on_load: Callable[[str], None] | None = None) -> None:
        self._read = read
        self._on_load = on_load
        self._frames: dict[str, pd.DataFrame] = {}
        self._ids: pd.Index | None = None
        self._lock = threading.RLock()

    @classmethod
    def of(cls, t: Tables, on_load: Callable[[str], None] | None = None) -> CorpusTables:
        """Tables already in memory (a build's result), prepared table by table when first read."""
        return cls(lambda name: getattr(t, name), on_load)

    def names(self) -> list[str]:
        return list(TABLE_NAMES)

    def loaded(self) -> list[str]:
        """The tables read so far (the others were never asked for)."""
        return list(self._frames)

    def table(self, name: str) -> pd.DataFrame:
        got = self._frames.get(name)
        if got is not None:
            return got
        if name not in TABLE_NAMES:
            raise AttributeError(name)
        with self._lock:
            if name in self._frames:
                return self._frames[name]
            if name in ("sentences", "sentence_text"):
                self._load_sentences()
            elif name == "documents":
                self._frames[name] = _fast_rows(index_table(name, _dated_documents(self._read(name)),
                                                            self._doc_ids()))
            else:
                self._frames[name] = _fast_rows(index_table(name, self._read(name), self._doc_ids()))
            if self._on_load:
                self._on_load(name)
            return self._frames[name]

    def _doc_ids(self) -> pd.Index:
        if self._ids is None:
            docs = self._frames.get("documents")
            raw = docs if docs is not None else self._read("documents")
            self._ids = pd.Index(raw["doc_id"].astype(str))
        return self._ids

    def _load_sentences(self) -> None:
        s = index_table("sentences", self._read("sentences"), self._doc_ids())
        text = self._read("sentence_text") if "text" not in s.columns else s[["text"]]
        self._frames["sentence_text"] = text
        self._frames["sentences"] = _fast_rows(s.drop(columns=["text"]) if "text" in s.columns else s)

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.table(name)

    def materialize(self) -> Tables:
        """Every table read: a plain `Tables`."""
        return Tables(**{name: self.table(name) for name in TABLE_NAMES})


class FilteredTables:
    """The tables restricted by a filter, each table worked out the first time it is asked for (the Overview
    never pays for the sentences), with the aggregates pages computed on it (`memo`). Attribute access like
    `Tables`; `apply_filters` is this, materialised."""

    def __init__(self, base: Tables | CorpusTables, filters: Filters | None = None) -> None:
        self.base = base
        self.filters = filters if filters is not None else Filters(dedupe=False)
        self._frames: dict[str, pd.DataFrame] = {}
        self._memo: dict[str, object] = {}
        self._lock = threading.RLock()
        self._keep: np.ndarray | None = None
        unfiltered = self.filters == Filters(dedupe=False)  # keeps every row whatever the corpus holds
        self.identity = unfiltered or (self.filters.is_empty() and not _has_duplicates(base.documents))

    def names(self) -> list[str]:
        return list(TABLE_NAMES)

    def _mask(self) -> np.ndarray:
        if self._keep is None:
            self._keep = document_mask(self.base.documents, self.filters).to_numpy(dtype=bool)
        return self._keep

    def table(self, name: str) -> pd.DataFrame:
        got = self._frames.get(name)
        if got is not None:
            return got
        if name not in TABLE_NAMES:
            raise AttributeError(name)
        if self.identity:
            return getattr(self.base, name)
        with self._lock:
            if name not in self._frames:
                self._frames[name] = self._filter(name)
            return self._frames[name]

    def _filter(self, name: str) -> pd.DataFrame:
        df = getattr(self.base, name)
        keep = self._mask()
        if name == "documents":
            return df.iloc[np.flatnonzero(keep)]
        if name == "milestones":
            ids = set(self.table("events")["milestone_id"].dropna())
            return df[df["milestone_id"].isin(ids)]
        if DOC_INDEX in df.columns:  # prepared tables: one vectorised lookup per row
            codes = df[DOC_INDEX].to_numpy()
            df = df.iloc[np.flatnonzero((codes >= 0) & keep[codes.clip(0)])]
        elif "doc_id" in df.columns:
            ids = set(self.base.documents.loc[keep, "doc_id"].astype(str))
            df = df[df["doc_id"].astype(str).isin(ids)]
        if name == "events" and self.filters.topics:
            df = df[df["topic"].isin(set(self.filters.topics))]
        return df

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.table(name)

    def memo(self, key: str, fn: Callable, *args):
        """fn(*args), computed once for this filtered view. `key` must name everything that distinguishes the
        call besides the view (e.g. "summary:source")."""
        if key in self._memo:
            return self._memo[key]
        value = fn(*args)
        self._memo[key] = value
        return value

    def materialize(self) -> Tables:
        return Tables(**{name: self.table(name) for name in TABLE_NAMES})


def sentence_texts(rows: pd.DataFrame, t: Tables) -> pd.DataFrame:
    """rows of the sentences table with their text (from the prepared tables' text store when separated)."""
    if "text" in rows.columns:
        return rows
    return rows.assign(text=t.sentence_text["text"].reindex(rows.index).to_numpy())


def _topic_set(value: object) -> set[str]:
    return {x for x in str(value or "").split("; ") if x}


def document_mask(docs: pd.DataFrame, f: Filters) -> pd.Series:
    if "_published" in docs.columns:
        published = pd.to_datetime(docs["_published"], errors="coerce")
    else:
        published = pd.to_datetime(docs["published"].astype(str).replace("", None), errors="coerce")
    undated = published.isna()
    dated_ok = pd.Series(True, index=docs.index)
    if f.date_from:
        dated_ok &= published >= pd.Timestamp(f.date_from)
    if f.date_to:
        dated_ok &= published <= pd.Timestamp(f.date_to)
    mask = (undated & f.include_undated) | (~undated & dated_ok)
    if f.languages:
        mask &= docs["language"].isin(f.languages)
    if f.sources:
        mask &= docs["source"].isin(f.sources)
    if f.topics:
        wanted = set(f.topics)
        mask &= docs["topics"].map(lambda t: bool(_topic_set(t) & wanted)).astype(bool)
    if f.dedupe and "duplicate_of" in docs.columns:
        mask &= docs["duplicate_of"].astype(str).replace("nan", "") == ""
    return mask


def apply_filters(t: Tables, f: Filters) -> Tables:
    """The same tables restricted to the documents (and, for topics, the rows) the filter keeps."""
    if f.is_empty() and not _has_duplicates(t.documents):
        return t
    return FilteredTables(t, f).materialize()


def _has_duplicates(docs: pd.DataFrame) -> bool:
    return "duplicate_of" in docs.columns and bool((docs["duplicate_of"].astype(str).replace("nan", "") != "").any())


def describe(f: Filters, *, all_sources: int | None = None) -> str:
    """The active filter in one line of words."""
    parts = []
    if f.date_from or f.date_to:
        a = f.date_from.isoformat() if f.date_from else "the start"
        b = f.date_to.isoformat() if f.date_to else "the end"
        parts.append(f"published {a} to {b}" + (" (and undated)" if f.include_undated else ""))
    elif not f.include_undated:
        parts.append("dated articles only")
    if f.languages:
        parts.append("in " + ", ".join(language_name(c) for c in f.languages))
    if f.sources:
        parts.append("from " + ", ".join(f.sources))
    if f.topics:
        parts.append("about " + " or ".join(f.topics))
    if not f.dedupe:
        parts.append("near-duplicates counted every time")
    return "Showing all articles." if not parts else "Showing articles " + "; ".join(parts) + "."
