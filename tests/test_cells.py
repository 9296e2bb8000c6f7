"""Topics of a row as the app holds them (Arrow list columns, core.cells) and as CSV and the CLI write them."""

from __future__ import annotations

import pandas as pd

from analysis.exports import safe_frame
from core.cells import (
    all_topics,
    distinct_topics,
    explode_lists,
    flat_cells,
    has_any_topic,
    is_list_column,
    split_topics,
    topic_lists,
)

CELLS = ["Sora; Stargate", "", None, "Stargate", "Sora; Stargate"]


def test_a_joined_column_becomes_a_list_column_split_once_per_value() -> None:
    for col in (pd.Series(CELLS, index=[5, 6, 7, 8, 9]), pd.Series(CELLS, index=[5, 6, 7, 8, 9], dtype="category")):
        lists = topic_lists(col)
        assert is_list_column(lists) and list(lists.index) == [5, 6, 7, 8, 9]
        assert [list(x) for x in lists] == [["Sora", "Stargate"], [], [], ["Stargate"], ["Sora", "Stargate"]]
        assert topic_lists(lists) is lists


def test_filters_and_counts_read_the_lists() -> None:
    lists = topic_lists(pd.Series(CELLS))
    assert has_any_topic(lists, {"Stargate"}).tolist() == [True, False, False, True, True]
    assert has_any_topic(lists, {"Voice Engine"}).tolist() == [False] * 5
    assert distinct_topics(lists) == ["Sora", "Stargate"]
    assert all_topics(lists) == ["Sora", "Stargate", "Stargate", "Sora", "Stargate"]
    assert split_topics(lists.iloc[0]) == ["Sora", "Stargate"] and split_topics(lists.iloc[1]) == []


def test_explode_gives_one_row_per_topic_in_order() -> None:
    df = pd.DataFrame({"topics": topic_lists(pd.Series(CELLS)), "n": range(5)})
    out = explode_lists(df, "topics", "topic")
    assert list(zip(out.index, out["topic"], out["n"], strict=True)) == [
        (0, "Sora", 0), (0, "Stargate", 0), (3, "Stargate", 3), (4, "Sora", 4), (4, "Stargate", 4)]


def test_csv_cells_are_joined_back_and_neutralised() -> None:
    df = pd.DataFrame({"topics": topic_lists(pd.Series(["=HYPERLINK(1); Sora", "", "Stargate"])), "x": [1, 2, 3]})
    flat = flat_cells(df)
    assert flat["topics"].tolist() == ["=HYPERLINK(1); Sora", "", "Stargate"] and flat["x"].tolist() == [1, 2, 3]
    assert safe_frame(df)["topics"].tolist() == ["'=HYPERLINK(1); Sora", "", "Stargate"]
