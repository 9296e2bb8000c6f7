"""Conventions of table cells, written once: how a row's topics are joined into one cell and split again, how the
app holds them (an Arrow list column), and when a publication date counts as known."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

TOPIC_SEP = "; "  # topics of a sentence, a document or a figure in one cell, in topic rank order
LIST_COLUMNS = ("topics",)  # multi-valued columns: "; "-joined text on disk and in CSV, Arrow lists in the app
TOPIC_LIST = pd.ArrowDtype(pa.list_(pa.string()))


def join_topics(names: Iterable[str]) -> str:
    """["Sora", "Stargate"] -> "Sora; Stargate" (in the order given)."""
    return TOPIC_SEP.join(names)


def split_topics(value: object) -> list[str]:
    """The topics of one cell ("Sora; Stargate" or ["Sora", "Stargate"] -> ["Sora", "Stargate"]); none for "",
    None, a missing value or an empty list."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(x) for x in value if x is not None and str(x)]
    text = str(value)
    return [] if text == "nan" else [x for x in text.split(TOPIC_SEP) if x]


def is_list_column(col: pd.Series) -> bool:
    return isinstance(col.dtype, pd.ArrowDtype) and pa.types.is_list(col.dtype.pyarrow_dtype)


def topic_lists(col: pd.Series) -> pd.Series:
    """A topics column as an Arrow list column (each cell split once per distinct value when the column holds
    categories; a list column is returned as it is). Same index; an empty or missing cell is an empty list."""
    if is_list_column(col):
        return col
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes, uniques = col.cat.codes.to_numpy(), col.cat.categories
    else:
        codes, uniques = pd.factorize(pd.Series(col, dtype=object), use_na_sentinel=True)
    lists = pa.array([split_topics(v) for v in uniques] + [[]], type=pa.list_(pa.string()))
    codes = codes.astype(np.int64)
    codes[codes < 0] = len(lists) - 1  # a missing cell: the empty list appended last
    return pd.Series(pd.arrays.ArrowExtensionArray(lists.take(pa.array(codes))), index=col.index)


def _chunks(col: pd.Series) -> pa.ListArray:
    arr = pa.array(col.array)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def has_any_topic(col: pd.Series, wanted: Collection[str]) -> np.ndarray:
    """True for each row whose topics include one of `wanted` (Arrow compute on the flattened lists)."""
    arr = _chunks(topic_lists(col))
    hit = np.zeros(len(arr), dtype=bool)
    flat = pc.list_flatten(arr)
    if len(flat):
        found = pc.is_in(flat, value_set=pa.array(sorted(wanted), type=pa.string())).to_numpy(zero_copy_only=False)
        parents = pc.list_parent_indices(arr).to_numpy()
        hit[parents[found]] = True
    return hit


def distinct_topics(col: pd.Series) -> list[str]:
    """Every topic named in a column, once each, in order of first appearance."""
    flat = pc.list_flatten(_chunks(topic_lists(col)))
    return list(dict.fromkeys(x for x in flat.to_pylist() if x))


def all_topics(col: pd.Series) -> list[str]:
    """Every topic of every row, repeats kept (row order, then topic order)."""
    return [x for x in pc.list_flatten(_chunks(topic_lists(col))).to_pylist() if x]


def explode_lists(df: pd.DataFrame, column: str, into: str) -> pd.DataFrame:
    """One row per (row, value of its list cell `column`) with the value in `into`; rows with an empty list are
    left out (row labels repeated, rows in order, values in cell order)."""
    arr = _chunks(topic_lists(df[column]))
    parents = pc.list_parent_indices(arr).to_numpy()
    values = pc.list_flatten(arr).to_numpy(zero_copy_only=False)
    return df.iloc[parents].assign(**{into: np.asarray(values, dtype=object)})


def topics_text(col: pd.Series) -> pd.Series:
    """A list column joined back to the "; " cells of the CSV and the disk tables (other columns unchanged)."""
    if not is_list_column(col):
        return col
    arr = _chunks(col)
    ends = np.cumsum(pc.list_value_length(arr).fill_null(0).to_numpy())
    flat = pc.list_flatten(arr).to_pylist()
    starts = np.concatenate([[0], ends[:-1]]) if len(ends) else ends
    return pd.Series([join_topics(flat[a:b]) for a, b in zip(starts, ends, strict=True)], index=col.index,
                     dtype=object)


def flat_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Every list column of a frame as joined text (what a CSV download or the CLI writes)."""
    lists = {c: topics_text(df[c]) for c in df.columns if is_list_column(df[c])}
    return df.assign(**lists) if lists else df


def published_dates(published: pd.Series) -> pd.Series:
    """ISO publication dates as timestamps; NaT where the date is unknown ("", missing or unreadable)."""
    return pd.to_datetime(published.astype(str).replace("", None), errors="coerce")


def is_dated(published: pd.Series) -> pd.Series:
    """True where a row's publication date is known (the one test of "dated" for every table and page)."""
    return published_dates(published).notna()


def n_undated(docs: pd.DataFrame) -> int:
    """Documents whose publication date is unknown (the parsed `_published` of prepared tables when present)."""
    if "_published" in docs.columns:
        return int(pd.isna(docs["_published"]).sum())
    return int((~is_dated(docs["published"])).sum())
