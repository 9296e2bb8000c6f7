"""One place for chart labels, colours and the template (fonts that carry Hangul, Hanzi and Kana)."""

from __future__ import annotations

import plotly.graph_objects as go

FONT = "Noto Sans CJK KR, Noto Sans CJK SC, Noto Sans CJK JP, Noto Sans, sans-serif"
LABELS = {
    "documents": "Articles", "source": "Source", "language": "Language", "language_name": "Language",
    "week": "Week (Monday)", "mean": "Mean sentiment (−1 to +1)", "n_scored": "Sentences scored",
    "topic": "Topic", "x": "Date", "kind": "Kind", "share": "Share of scored sentences", "label": "Tone",
    "normalized_value": "Amount", "speaker": "Speaker", "quotes": "Quotes",
}
KIND_SYMBOLS = {"past": "circle", "projected": "circle-open"}
TONE_COLORS = {"negative": "#c0392b", "neutral": "#95a5a6", "positive": "#2471a3"}


def style(fig: go.Figure, title: str, *, height: int = 380) -> go.Figure:
    fig.update_layout(
        template="plotly_white", title={"text": title, "x": 0, "xanchor": "left"}, height=height,
        font={"family": FONT, "size": 13}, margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.28, "xanchor": "left", "x": 0, "title": None},
        hoverlabel={"font": {"family": FONT}},
    )
    return fig


def label(col: str) -> str:
    return LABELS.get(col, col.replace("_", " ").capitalize())


def short(text: object, width: int = 38) -> str:
    """A category label short enough for an axis (the full value stays in hover and CSV)."""
    s = str(text)
    return s if len(s) <= width else s[: width - 1].rstrip() + "…"
