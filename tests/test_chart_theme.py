"""The house layout built in one step (charts.theme.figure) equals the figure plotly's update_layout calls grow."""

from __future__ import annotations

import plotly.graph_objects as go

from charts.theme import figure, house_layout, merged


def _pruned(value: object) -> object:
    if isinstance(value, dict):
        return {k: p for k, v in value.items() if (p := _pruned(v)) not in ({}, None)}
    return value


def _layout(fig: go.Figure) -> dict:
    """A figure's layout with empty objects dropped at any depth (plotly keeps an emptied `title: {}` where the
    one-step figure has none)."""
    return _pruned(fig.layout.to_plotly_json())


def test_merged_merges_nested_dicts_and_replaces_the_rest() -> None:
    assert merged({"a": {"b": 1, "c": 2}, "d": 1}, {"a": {"c": 3}, "d": {"e": 1}}) == {"a": {"b": 1, "c": 3},
                                                                                      "d": {"e": 1}}
    assert merged({"a": {"b": 1}}, {"a": None}) == {"a": None}


def test_one_step_figure_lays_out_as_plotly_updates_do() -> None:
    extra = {"margin": {"t": 60}, "legend": {"y": 1.0, "yanchor": "bottom"}, "xaxis": {"range": [0, 3], "title": None}}
    trace = {"type": "bar", "x": [1, 2], "y": ["a", "b"]}
    grown = go.Figure(trace)
    grown.update_layout(house_layout("A title", height=300))
    grown.update_layout(extra)
    built = figure([trace], "A title", height=300, **extra)
    assert built.layout.margin.l == 10 and built.layout.margin.t == 60  # the house left margin kept, top replaced
    assert built.layout.legend.x == 0 and built.layout.legend.yanchor == "bottom"
    assert _layout(built) == _layout(grown)
    assert built.to_plotly_json()["data"] == grown.to_plotly_json()["data"]


def test_house_legend_keeps_its_distance_under_the_axis_whatever_the_height() -> None:
    short_y = house_layout("t", height=300)["legend"]["y"]
    tall_y = house_layout("t", height=1200)["legend"]["y"]
    assert short_y < tall_y < 0  # a share of a taller plot area is a smaller share
