"""The global filter (date range, language, source, topic) and the filtered view of the tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

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


def index_tables(t: Tables) -> Tables:
    """Index the tables for fast filtering and aggregation (idempotent; the snapshot is stored indexed).

    Adds to every row table an integer `_doc` (its document's position), stores repeated text columns as
    categories, makes scores numeric, and adds to documents `_published` (datetime) and `_week` (its Monday).
    Values are unchanged; exports drop the `_` columns.
    """
    docs = t.documents.reset_index(drop=True)
    if "_published" not in docs.columns or "_week" not in docs.columns:
        docs = docs.copy()
        published = pd.to_datetime(docs["published"].astype(str).replace("", None), errors="coerce")
        docs["_published"] = published
        week = (published - pd.to_timedelta(published.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
        docs["_week"] = week.fillna("")
    codes = pd.Index(docs["doc_id"].astype(str))
    out = {}
    for fld in fields(t):
        if fld.name == "sentence_text":
            continue
        df = docs if fld.name == "documents" else getattr(t, fld.name).reset_index(drop=True)
        changed = {}
        if "doc_id" in df.columns and (DOC_INDEX not in df.columns or fld.name == "documents"):
            changed[DOC_INDEX] = codes.get_indexer(df["doc_id"].astype(str)).astype("int64")
        for col in ("sentiment", "textblob", "normalized_value", "value", "value_max"):
            if col in df.columns and not pd.api.types.is_float_dtype(df[col]):
                changed[col] = pd.to_numeric(df[col], errors="coerce")
        for col in CATEGORICAL:
            if col in df.columns and not isinstance(df[col].dtype, pd.CategoricalDtype):
                changed[col] = df[col].astype(str).astype("category")
        out[fld.name] = df.assign(**changed) if changed else df
    return replace(t, **out)


def prepare(t: Tables) -> Tables:
    """index_tables, and sentence texts moved aside (filtering then never copies the texts)."""
    t = index_tables(t)
    if "text" in t.sentences.columns:
        t = replace(t, sentence_text=t.sentences[["text"]], sentences=t.sentences.drop(columns=["text"]))
    return t


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
    doc_mask = document_mask(t.documents, f)
    keep_arr = doc_mask.to_numpy(dtype=bool)
    keep: set[str] | None = None
    out = {}
    for fld in fields(t):
        df = getattr(t, fld.name)
        if fld.name == "documents":
            df = df[doc_mask]
        elif DOC_INDEX in df.columns:  # prepared tables: one vectorised lookup per row
            codes = df[DOC_INDEX].to_numpy()
            df = df[(codes >= 0) & keep_arr[codes.clip(0)]]
        elif "doc_id" in df.columns:
            if keep is None:
                keep = set(t.documents.loc[doc_mask, "doc_id"].astype(str))
            df = df[df["doc_id"].astype(str).isin(keep)]
        out[fld.name] = df
    if f.topics:
        out["events"] = out["events"][out["events"]["topic"].isin(set(f.topics))]
    ids = set(out["events"]["milestone_id"].dropna())
    out["milestones"] = t.milestones[t.milestones["milestone_id"].isin(ids)]
    return replace(t, **out)


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
