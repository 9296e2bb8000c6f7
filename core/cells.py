"""Conventions of table cells, written once: how a row's topics are joined into one cell and split again, and when
a publication date counts as known."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

TOPIC_SEP = "; "  # topics of a sentence, a document or a figure in one cell, in topic rank order


def join_topics(names: Iterable[str]) -> str:
    """["Sora", "Stargate"] -> "Sora; Stargate" (in the order given)."""
    return TOPIC_SEP.join(names)


def split_topics(value: object) -> list[str]:
    """The topics of one cell ("Sora; Stargate" -> ["Sora", "Stargate"]); none for "", None or a missing value."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    text = str(value)
    return [] if text == "nan" else [x for x in text.split(TOPIC_SEP) if x]


def published_dates(published: pd.Series) -> pd.Series:
    """ISO publication dates as timestamps; NaT where the date is unknown ("", missing or unreadable)."""
    return pd.to_datetime(published.astype(str).replace("", None), errors="coerce")


def is_dated(published: pd.Series) -> pd.Series:
    """True where a row's publication date is known (the one test of "dated" for every table and page)."""
    return published_dates(published).notna()
