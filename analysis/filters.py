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


def _split(value: object) -> set[str]:
    return {t for t in str(value or "").split("; ") if t}


def document_mask(docs: pd.DataFrame, f: Filters) -> pd.Series:
    mask = pd.Series(True, index=docs.index)
    published = pd.to_datetime(docs["published"].replace("", None), errors="coerce").dt.date
    undated = published.isna()
    dated_ok = pd.Series(True, index=docs.index)
    if f.date_from:
        dated_ok &= published.map(lambda d: d is not None and d == d and d >= f.date_from)
    if f.date_to:
        dated_ok &= published.map(lambda d: d is not None and d == d and d <= f.date_to)
    mask &= (undated & f.include_undated) | (~undated & dated_ok)
    if f.languages:
        mask &= docs["language"].isin(f.languages)
    if f.sources:
        mask &= docs["source"].isin(f.sources)
    if f.topics:
        mask &= docs["topics"].map(lambda t: bool(_split(t) & set(f.topics)))
    if f.dedupe and "duplicate_of" in docs.columns:
        mask &= docs["duplicate_of"].fillna("").astype(str) == ""
    return mask


def apply_filters(t: Tables, f: Filters) -> Tables:
    """The same tables restricted to the documents (and, for topics, the rows) the filter keeps."""
    if f.is_empty() and not _has_duplicates(t.documents):
        return t
    keep = set(t.documents.loc[document_mask(t.documents, f), "doc_id"])
    out = {}
    for fld in fields(t):
        df = getattr(t, fld.name)
        if "doc_id" in df.columns:
            df = df[df["doc_id"].isin(keep)]
        out[fld.name] = df
    if f.topics:
        out["events"] = out["events"][out["events"]["topic"].isin(set(f.topics))]
    ids = set(out["events"]["milestone_id"].dropna())
    out["milestones"] = t.milestones[t.milestones["milestone_id"].isin(ids)]
    return replace(t, **out)


def _has_duplicates(docs: pd.DataFrame) -> bool:
    return "duplicate_of" in docs.columns and bool((docs["duplicate_of"].fillna("").astype(str) != "").any())


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
