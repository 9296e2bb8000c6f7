"""The global filter (date range, language, source, topic) and the filtered view of the tables."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from analysis.tables import Tables
from core.cells import LIST_COLUMNS, has_any_topic, published_dates, topic_lists

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
    published = published_dates(docs["published"])
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


def _list_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Multi-valued columns (topics) as Arrow list columns, the way the app holds them (core.cells.topic_lists:
    split once per distinct cell); exports join them back (core.cells.flat_cells)."""
    lists = {c: topic_lists(df[c]) for c in LIST_COLUMNS if c in df.columns}
    return df.assign(**lists) if lists else df


class _Lazy:
    """What the corpus's tables and a filtered view share: attribute access like `Tables` (`t.documents`), each
    table, or a few of its columns (`table(name, columns)`), worked out the first time it is asked for and kept,
    under one lock (the sessions of a server share them). Frames are never mutated."""

    def __init__(self) -> None:
        self._frames: dict[str, pd.DataFrame] = {}
        self._parts: dict[tuple[str, tuple[str, ...]], pd.DataFrame] = {}
        self._codes: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._lock = threading.RLock()

    def names(self) -> list[str]:
        return list(TABLE_NAMES)

    def loaded(self) -> list[str]:
        """The tables worked out whole so far (the others were never asked for, or only some of their columns)."""
        return list(self._frames)

    def table(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The table `name`, or only its `columns` (every row; a column the table does not have is left out): a
        page that needs three columns of a large table never reads or filters the others."""
        if name not in TABLE_NAMES:
            raise AttributeError(name)
        whole = self._frames.get(name)
        if whole is None and columns is None:
            with self._lock:
                whole = self._frames.get(name)
                if whole is None:
                    whole = self._frames[name] = self._whole(name)
                    self._parts = {k: v for k, v in self._parts.items() if k[0] != name}
                    self._loaded(name)
        if whole is not None:
            return whole if columns is None else whole[[c for c in columns if c in whole.columns]]
        key = (name, tuple(columns or ()))
        got = self._parts.get(key)
        if got is None:
            with self._lock:
                got = self._parts.get(key)
                if got is None:
                    got = self._parts[key] = self._some(name, list(key[1]))
        return got

    def columns(self, name: str) -> list[str]:
        """The columns `table(name)` has, without working the table out when that can be avoided."""
        return list(self.table(name).columns)

    def count(self, name: str) -> int:
        """Rows of a table (without taking them when that can be avoided)."""
        return len(self.table(name))

    def codes(self, name: str, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(an integer code per row, -1 where the value is missing; the distinct values, by code): the column
        factorised once per table, so counting and grouping on it is integer work."""
        key = (name, column)
        got = self._codes.get(key)
        if got is None:
            with self._lock:
                got = self._codes.get(key)
                if got is None:
                    got = self._codes[key] = _factorize(self.table(name, [column]), column)
        return got

    def _whole(self, name: str) -> pd.DataFrame:
        raise NotImplementedError

    def _some(self, name: str, columns: list[str]) -> pd.DataFrame:
        whole = self.table(name)
        return whole[[c for c in columns if c in whole.columns]]

    def _loaded(self, name: str) -> None:
        """Called once a table was worked out whole."""

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.table(name)

    def materialize(self) -> Tables:
        """Every table: a plain `Tables`."""
        return Tables(**{name: self.table(name) for name in TABLE_NAMES})


def _factorize(df: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    if column not in df.columns:
        return np.full(len(df), -1, dtype=np.int64), np.array([], dtype=object)
    codes, uniques = pd.factorize(df[column])
    return codes.astype(np.int64, copy=False), np.asarray(uniques, dtype=object)


def codes_of(t: Tables | _Lazy, name: str, column: str) -> tuple[np.ndarray, np.ndarray]:
    """`codes` of a lazy view or of plain tables (worked out now for those)."""
    return t.codes(name, column) if isinstance(t, _Lazy) else _factorize(getattr(t, name), column)


def _table_of(base: Tables | _Lazy, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    if isinstance(base, _Lazy):
        return base.table(name, columns)
    df = getattr(base, name)
    return df if columns is None else df[[c for c in columns if c in df.columns]]


def _columns_of(base: Tables | _Lazy, name: str) -> list[str]:
    return base.columns(name) if isinstance(base, _Lazy) else list(getattr(base, name).columns)


class CorpusTables(_Lazy):
    """The whole corpus's tables as the dashboard reads them: each read and prepared (as `prepare` does) the
    first time a page asks for it, then kept. A first page that never shows sentences never reads the two
    million sentence rows, and one that needs a few columns of a table reads only those (`table(name, columns)`).

    `read(name)` returns one table with its contract columns (a snapshot or output part, or a frame in memory);
    with `columns_of` (a table's column names, in the order `read(name)` gives them), `read(name, columns)` must
    return at least those columns of every row, and a narrow request reads only them.
    """

    def __init__(self, read: Callable[..., pd.DataFrame], on_load: Callable[[str], None] | None = None,
                 columns_of: Callable[[str], list[str]] | None = None) -> None:
        super().__init__()
        self._read = read
        self._on_load = on_load
        self._columns_of = columns_of
        self._ids: pd.Index | None = None
        self._narrow: dict[str, pd.DataFrame] = {}  # columns read so far of tables not yet read whole

    @classmethod
    def of(cls, t: Tables, on_load: Callable[[str], None] | None = None) -> CorpusTables:
        """Tables already in memory (a build's result), prepared table by table when first read."""
        return cls(lambda name, columns=None: getattr(t, name), on_load)

    def _whole(self, name: str) -> pd.DataFrame:
        self._narrow.pop(name, None)
        if name in ("sentences", "sentence_text"):
            s = index_table("sentences", self._read("sentences"), self._doc_ids())
            text = self._read("sentence_text") if "text" not in s.columns else s[["text"]]
            if name == "sentence_text":
                return text
            return _list_cells(_fast_rows(s.drop(columns=["text"]) if "text" in s.columns else s))
        if name == "documents":
            return _list_cells(_fast_rows(index_table(name, _dated_documents(self._read(name)), self._doc_ids())))
        return _list_cells(_fast_rows(index_table(name, self._read(name), self._doc_ids())))

    def _loaded(self, name: str) -> None:
        if self._on_load:
            self._on_load(name)

    def _stored(self, name: str) -> list[str] | None:
        """The table's columns when it can be read column by column (else None: read whole)."""
        if self._columns_of is None or name in ("documents", "sentence_text"):
            return None
        cols = [c for c in self._columns_of(name) if not (name == "sentences" and c == "text")]
        if "doc_id" in cols and DOC_INDEX not in cols:
            cols.append(DOC_INDEX)
        return cols

    def columns(self, name: str) -> list[str]:
        if name in self._frames or self._stored(name) is None:
            return super().columns(name)
        return self._stored(name) or []

    def _some(self, name: str, columns: list[str]) -> pd.DataFrame:
        stored = self._stored(name)
        if stored is None:
            return super()._some(name, columns)
        want = [c for c in columns if c in stored]
        part = self._narrow.get(name)
        missing = [c for c in want if part is None or c not in part.columns]
        if missing:
            if part is None and "doc_id" in stored:  # the first read keys the rows to their documents
                missing = list(dict.fromkeys(["doc_id", *missing]))
            got = self._read(name, [c for c in missing if c != DOC_INDEX] or stored[:1])
            got = _list_cells(_fast_rows(index_table(name, got, self._doc_ids())))
            got = got[[c for c in got.columns if c in missing or c == DOC_INDEX]]
            part = got if part is None else part.assign(**{c: got[c] for c in got.columns if c not in part.columns})
            self._narrow[name] = part
        return part[want]

    def count(self, name: str) -> int:
        if name in self._frames or self._stored(name) is None:
            return super().count(name)
        return len(self.table(name, self._stored(name)[:1]))

    def _doc_ids(self) -> pd.Index:
        if self._ids is None:
            docs = self._frames.get("documents")
            raw = docs if docs is not None else self._read("documents")
            self._ids = pd.Index(raw["doc_id"].astype(str))
        return self._ids


class FilteredTables(_Lazy):
    """The tables restricted by a filter, each table (or a few of its columns) worked out the first time it is
    asked for (the Overview never pays for the sentences), with the aggregates pages computed on it (`memo`).
    Attribute access like `Tables`; `apply_filters` is this, materialised. Rows keep the labels they have in
    the whole table."""

    def __init__(self, base: Tables | _Lazy, filters: Filters | None = None) -> None:
        super().__init__()
        self.base = base
        self.filters = filters if filters is not None else Filters(dedupe=False)
        self._memo: dict[str, object] = {}
        self._keep: np.ndarray | None = None
        self._rows: dict[str, np.ndarray | None] = {}
        unfiltered = self.filters == Filters(dedupe=False)  # keeps every row whatever the corpus holds
        self.identity = unfiltered or (self.filters.is_empty() and not _has_duplicates(base.documents))

    def _mask(self) -> np.ndarray:
        if self._keep is None:
            self._keep = document_mask(self.base.documents, self.filters).to_numpy(dtype=bool)
        return self._keep

    def table(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        if self.identity:
            if name not in TABLE_NAMES:
                raise AttributeError(name)
            return _table_of(self.base, name, columns)
        return super().table(name, columns)

    def columns(self, name: str) -> list[str]:
        return _columns_of(self.base, name)

    def count(self, name: str) -> int:
        if self.identity:
            return self.base.count(name) if isinstance(self.base, _Lazy) else len(getattr(self.base, name))
        rows = self.rows(name)
        return len(_table_of(self.base, name)) if rows is None else len(rows)

    def codes(self, name: str, column: str) -> tuple[np.ndarray, np.ndarray]:
        """The whole table's codes (see `_Lazy.codes`) of the rows this filter keeps."""
        codes, uniques = codes_of(self.base, name, column)
        rows = None if self.identity else self.rows(name)
        return (codes if rows is None else codes[rows]), uniques

    def rows_with(self, name: str, labels: pd.Index, columns: Sequence[str]) -> pd.DataFrame:
        """Rows of this view (by their labels) with `columns`, fetched for them alone: an aggregate that
        narrowed a large table down to a few rows on a few columns reads the other columns of those rows only."""
        return _table_of(self.base, name, columns).loc[labels]

    def _whole(self, name: str) -> pd.DataFrame:
        return self._take(name, _table_of(self.base, name))

    def _some(self, name: str, columns: list[str]) -> pd.DataFrame:
        return self._take(name, _table_of(self.base, name, columns))

    def _take(self, name: str, df: pd.DataFrame) -> pd.DataFrame:
        rows = self.rows(name)
        return df if rows is None else df.iloc[rows]

    def rows(self, name: str) -> np.ndarray | None:
        """Positions, in the whole table, of the rows this filter keeps (None: every row; tables without
        documents, such as skipped files and entities, are never filtered)."""
        if name in self._rows:
            return self._rows[name]
        with self._lock:
            if name not in self._rows:
                self._rows[name] = self._work_out_rows(name)
            return self._rows[name]

    def _work_out_rows(self, name: str) -> np.ndarray | None:
        keep = self._mask()
        if name == "documents":
            return np.flatnonzero(keep)
        if name == "milestones":  # those of the events kept
            codes, uniques = self.codes("events", "milestone_id")
            seen = np.zeros(len(uniques), dtype=bool)
            seen[codes[codes >= 0]] = True
            ids = set(uniques[seen])
            ms = _table_of(self.base, "milestones", ["milestone_id"])
            return np.flatnonzero(ms["milestone_id"].isin(ids).to_numpy(dtype=bool))
        cols = _columns_of(self.base, name)
        if DOC_INDEX in cols:  # prepared tables: one vectorised lookup per row
            codes = _table_of(self.base, name, [DOC_INDEX])[DOC_INDEX].to_numpy()
            rows = np.flatnonzero((codes >= 0) & keep[codes.clip(0)])
        elif "doc_id" in cols:
            ids = set(self.base.documents.loc[keep, "doc_id"].astype(str))
            doc = _table_of(self.base, name, ["doc_id"])["doc_id"]
            rows = np.flatnonzero(doc.astype(str).isin(ids).to_numpy(dtype=bool))
        else:
            return None
        if name == "events" and self.filters.topics:
            topic = _table_of(self.base, name, ["topic"])["topic"].iloc[rows]
            rows = rows[topic.isin(set(self.filters.topics)).to_numpy(dtype=bool)]
        return rows

    def memo(self, key: str, fn: Callable, *args):
        """fn(*args), computed once for this filtered view. `key` must name everything that distinguishes the
        call besides the view (e.g. "summary:source")."""
        if key in self._memo:
            return self._memo[key]
        value = fn(*args)
        self._memo[key] = value
        return value


def sentence_texts(rows: pd.DataFrame, t: Tables) -> pd.DataFrame:
    """rows of the sentences table with their text (from the prepared tables' text store when separated)."""
    if "text" in rows.columns:
        return rows
    return rows.assign(text=t.sentence_text["text"].reindex(rows.index).to_numpy())


def _per_value(col: pd.Series, test: Callable[[object], bool]) -> np.ndarray:
    """test(value) for every row, worked out once per distinct value when the column holds categories (a
    corpus has few distinct languages, sources or topic sets, and as many rows as articles)."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        per_category = np.array([bool(test(v)) for v in col.cat.categories] + [bool(test(np.nan))], dtype=bool)
        return per_category[col.cat.codes.to_numpy()]  # code -1 (missing) picks the last entry
    return np.fromiter((bool(test(v)) for v in col), dtype=bool, count=len(col))


def _not_a_copy(value: object) -> bool:
    """An empty `duplicate_of` cell (as its text: "" or "nan")."""
    return str(value) in ("", "nan")


def document_mask(docs: pd.DataFrame, f: Filters) -> pd.Series:
    if "_published" in docs.columns:
        published = pd.to_datetime(docs["_published"], errors="coerce")
    else:
        published = published_dates(docs["published"])
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
        mask &= has_any_topic(docs["topics"], set(f.topics))
    if f.dedupe and "duplicate_of" in docs.columns:
        mask &= _per_value(docs["duplicate_of"], _not_a_copy)
    return mask


def apply_filters(t: Tables, f: Filters) -> Tables:
    """The same tables restricted to the documents (and, for topics, the rows) the filter keeps."""
    if f.is_empty() and not _has_duplicates(t.documents):
        return t
    return FilteredTables(t, f).materialize()


def _has_duplicates(docs: pd.DataFrame) -> bool:
    return "duplicate_of" in docs.columns and not bool(_per_value(docs["duplicate_of"], _not_a_copy).all())


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
