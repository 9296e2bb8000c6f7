"""One place for chart labels, colours and the template (fonts that carry Hangul, Hanzi and Kana).

Colours are explicit on every trace: a topic, a source or a language keeps one colour on every page, under any
filter and in every download. `Palette.of(values)` assigns colours in a fixed order of the *whole corpus's*
values (most frequent first, then by name), so filtering never reshuffles them; a value the palette was not
built with gets a colour from a stable hash of its text. No chart relies on a template's colourway (Streamlit's
own template carries placeholder colours, #000001 …, that only its browser client replaces).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import plotly.graph_objects as go

FONT = "Noto Sans CJK KR, Noto Sans CJK SC, Noto Sans CJK JP, Noto Sans, sans-serif"
_GRID = "#EBF0F8"
_AXIS = {"gridcolor": _GRID, "linecolor": _GRID, "zerolinecolor": _GRID, "zerolinewidth": 2, "ticks": "",
         "automargin": True, "title": {"standoff": 15}}
# The look of plotly's "plotly_white", built once and small: the named template carries defaults for every trace
# type and was re-validated for every figure (a tenth of a filter change's server time under load).
TEMPLATE = go.layout.Template(layout={"paper_bgcolor": "white", "plot_bgcolor": "white", "font": {"color": "#2a3f5f"},
                                      "hovermode": "closest", "xaxis": _AXIS, "yaxis": _AXIS})
LABELS = {
    "documents": "Articles", "source": "Source", "language": "Language", "language_name": "Language",
    "week": "Week (Monday)", "mean": "Mean sentiment (−1 to +1)", "n_scored": "Sentences scored",
    "topic": "Topic", "x": "Date", "kind": "Kind", "share": "Share of scored sentences", "label": "Tone",
    "normalized_value": "Amount", "speaker": "Speaker", "quotes": "Quotes",
}
KIND_SYMBOLS = {"past": "circle", "projected": "circle-open"}
TONE_COLORS = {"negative": "#c0392b", "neutral": "#95a5a6", "positive": "#2471a3"}
NEUTRAL = "#2471a3"  # one-series charts
NO_VALUE = "#b8b8b8"  # points without the coloured value ("no topic"): grey, never a colour a value has
SPAN_FILL = "rgba(36, 113, 163, 0.10)"  # the corpus's publication span

# Qualitative colours, distinguishable on white and for the common colour-vision deficiencies first
# (Tableau 10, then darker companions).
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#7f7f7f",
    "#1f4e79", "#a65e00", "#8c1c13", "#2f6b2a", "#6b3d69", "#3b7d78", "#9e8400", "#5c4033", "#c2185b", "#37474f",
)


def hash_color(value: object) -> str:
    """A colour from a stable hash of the value's text (the same in every process and run)."""
    digest = hashlib.blake2b(str(value).encode("utf-8"), digest_size=4).digest()
    return PALETTE[int.from_bytes(digest, "big") % len(PALETTE)]


@dataclass(frozen=True)
class Palette:
    """Colour per value of one dimension (topic, source, language)."""

    colors: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, values: Iterable[object]) -> Palette:
        """Colours in a fixed order of `values` (most frequent first, then by text): pass the whole corpus's
        values, never a filtered view's."""
        counts: dict[str, int] = {}
        for v in values:
            s = str(v)
            if s and s != "nan":
                counts[s] = counts.get(s, 0) + 1
        order = sorted(counts, key=lambda s: (-counts[s], s))
        return cls({s: PALETTE[i % len(PALETTE)] for i, s in enumerate(order)})

    def __call__(self, value: object) -> str:
        s = str(value)
        return self.colors.get(s) or hash_color(s)

    def map(self, values: Iterable[object]) -> dict[str, str]:
        """{value: colour} for plotly express's color_discrete_map."""
        return {str(v): self(v) for v in values}


LEGEND_GAP_PX = 72  # below the plot area: room for the x axis's ticks and title, then the legend


def merged(base: Mapping, extra: Mapping) -> dict:
    """`base` updated by `extra` as plotly's update_layout does: nested dicts merge, anything else replaces."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = merged(out[key], value) if isinstance(value, Mapping) and isinstance(out.get(key), Mapping) \
            else value
    return out


def house_layout(title: str, *, height: int = 380, **extra) -> dict:
    """The house layout as a dict; a legend sits a fixed distance under the x axis whatever the chart's height (a
    share of the plot area would leave a tall chart's legend far below it). `extra` is merged over it."""
    plot_px = max(120, height - (60 if title else 16) - 90)
    return merged({
        "template": TEMPLATE, "title": {"text": title, "x": 0, "xanchor": "left"}, "height": height,
        "font": {"family": FONT, "size": 13}, "margin": {"l": 10, "r": 10, "t": 60 if title else 16, "b": 10},
        "legend": {"orientation": "h", "yanchor": "top", "y": -min(0.28, LEGEND_GAP_PX / plot_px),
                   "xanchor": "left", "x": 0, "title": None},
        "hoverlabel": {"font": {"family": FONT}},
    }, extra)


def figure(traces: list, title: str, *, height: int = 380, **layout) -> go.Figure:
    """A figure built in one step from trace dicts and the house layout (with `layout` merged over it): each
    property is validated once, where a figure grown by update_* calls re-validates on every call (a bar chart
    4x faster)."""
    return go.Figure(data=traces, layout=house_layout(title, height=height, **layout))


def style(fig: go.Figure, title: str, *, height: int = 380) -> go.Figure:
    """The house layout over an existing figure (plotly express charts)."""
    fig.update_layout(house_layout(title, height=height))
    return fig


def label(col: str) -> str:
    return LABELS.get(col, col.replace("_", " ").capitalize())


def short(text: object, width: int = 38) -> str:
    """A category label short enough for an axis (the full value stays in hover and CSV)."""
    s = str(text)
    return s if len(s) <= width else s[: width - 1].rstrip() + "…"
