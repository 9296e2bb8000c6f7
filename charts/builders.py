"""Chart builders: a tidy frame in, a go.Figure out. The frame is exactly what the chart plots."""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from charts.theme import KIND_SYMBOLS, TONE_COLORS, label, short, style


def _esc(text: object) -> str:
    """Plotly draws a tag-like subset of HTML (<a href>, <b>, <br>) in labels and hovers: corpus text is escaped."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell escaped for plotly (the CSV download keeps the original values)."""
    out = df.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(object)
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(lambda v: _esc(v) if isinstance(v, str) else v)
    return out


def _wrap(text: object, width: int = 60) -> str:
    """Hover text in lines (the text is escaped already by _plain)."""
    return "<br>".join(textwrap.wrap(str(text), width)[:6])


def bar_counts(df: pd.DataFrame, x: str, y: str = "documents", title: str = "") -> go.Figure:
    """Horizontal bars of counts per category (long outlet names stay readable)."""
    df = _plain(df)
    fig = go.Figure(go.Bar(
        x=df[y], y=df[x].map(short), orientation="h", text=df[y], textposition="outside", cliponaxis=False,
        customdata=df[x], hovertemplate="%{customdata}: %{x}<extra></extra>", marker_color="#2471a3",
    ))
    fig.update_yaxes(autorange="reversed")
    top = int(df[y].max()) if len(df) else 1
    fig.update_xaxes(title=label(y), rangemode="tozero", tick0=0, dtick=max(1, math.ceil(top / 6)))
    return style(fig, title, height=max(220, 90 + 34 * len(df)))


def timeline(points: pd.DataFrame, title: str = "Milestones: announced (solid) and projected (hollow)") -> go.Figure:
    points = _plain(points)
    df = points.assign(hover=points["sentence"].map(_wrap))
    fig = px.scatter(
        df, x="x", y="topic", symbol="kind", symbol_map=KIND_SYMBOLS, color="topic",
        hover_data={"x": False, "date": True, "date_precision": True, "kind": True, "source": True,
                    "mentions": True, "date_text": True, "hover": True, "topic": False},
        labels={c: label(c) for c in df.columns} | {"hover": "Sentence"},
    )
    fig.update_traces(marker={"size": 14, "line": {"width": 2}})
    fig.update_yaxes(categoryorder="category descending", title=None)
    fig.update_xaxes(title=None)
    if not df.empty:
        fig.update_xaxes(range=[df["x"].min() - pd.Timedelta(days=60), df["x"].max() + pd.Timedelta(days=90)])
    return style(fig, title, height=max(300, 90 + 45 * df["topic"].nunique()))


def coverage(df: pd.DataFrame, by: str = "source", title: str = "Articles per week") -> go.Figure:
    df = _plain(df)
    fig = px.bar(df, x="week", y="documents", color=by, labels={c: label(c) for c in df.columns})
    fig.update_xaxes(type="category")
    return style(fig, title, height=320)


def sentiment_means(df: pd.DataFrame, by: str, title: str) -> go.Figure:
    df = _plain(df)
    d = df.dropna(subset=["mean"])
    err_hi = (d["ci_high"] - d["mean"]).fillna(0)
    err_lo = (d["mean"] - d["ci_low"]).fillna(0)
    cats = [f"{short(k)} (n={n})" for k, n in zip(d[by], d["n_scored"])]
    fig = go.Figure(go.Bar(
        x=d["mean"], y=cats, orientation="h",
        error_x={"type": "data", "array": err_hi, "arrayminus": err_lo, "visible": True, "color": "#444"},
        marker_color=[TONE_COLORS["negative"] if m < 0 else TONE_COLORS["positive"] for m in d["mean"]],
        customdata=d[by], hovertemplate="%{customdata}<br>mean %{x:+.2f}<extra></extra>",
    ))
    reach = max(0.25, float(pd.concat([d["ci_high"].abs(), d["ci_low"].abs(), d["mean"].abs()]).max()) + 0.05)
    fig.update_xaxes(title=label("mean"), range=[-min(reach, 1), min(reach, 1)], zeroline=True,
                     zerolinecolor="#888", zerolinewidth=1)
    return style(fig, title, height=max(260, 80 + 40 * len(d)))


def sentiment_shares(df: pd.DataFrame, by: str, title: str) -> go.Figure:
    """Diverging bars: negative to the left of zero, positive to the right, neutral split across zero."""
    df = _plain(df)
    fig = go.Figure()
    pivot = df.pivot_table(index=by, columns="label", values="share", fill_value=0.0)
    for lab in ("negative", "neutral", "positive"):
        if lab not in pivot.columns:
            pivot[lab] = 0.0
    half_neutral = pivot["neutral"] / 2
    cats = [short(c) for c in pivot.index.astype(str)]
    for lab, base, sign in (("neutral", -half_neutral, 1), ("negative", -half_neutral, -1),
                            ("positive", half_neutral, 1)):
        values = pivot[lab] * sign
        fig.add_bar(name=lab, y=cats, x=values, base=base if lab != "neutral" else -half_neutral,
                    orientation="h", marker_color=TONE_COLORS[lab],
                    customdata=pivot[lab], hovertemplate="%{y}: " + lab + " %{customdata:.0%}<extra></extra>")
    fig.update_layout(barmode="overlay", legend={"y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right",
                                                 "traceorder": "normal"})
    fig.update_xaxes(title=label("share"), tickformat=".0%", range=[-1, 1], zeroline=True)
    return style(fig, title, height=max(260, 80 + 40 * len(pivot)))


def money(df: pd.DataFrame, currency: str = "USD", title: str | None = None) -> go.Figure:
    df = _plain(df)
    d = df.assign(hover=df["sentence"].map(_wrap), outlet=df["source"].map(short),
                  topic=df["topic"].astype(str).replace({"": "(no topic)", "nan": "(no topic)"}))
    fig = px.strip(
        d, x="normalized_value", y="outlet", color="topic",
        hover_data={"text": True, "source": True, "hover": True, "normalized_value": ":,.0f", "outlet": False},
        labels={c: label(c) for c in d.columns} | {"hover": "Sentence", "normalized_value": f"Amount ({currency})"},
    )
    fig.update_traces(marker={"size": 13})
    fig.update_xaxes(type="log")
    if not d.empty:
        lo, hi = d["normalized_value"].min(), d["normalized_value"].max()
        fig.update_xaxes(range=[math.floor(math.log10(lo)) - 0.5, math.ceil(math.log10(hi)) + 0.5])
    fig.update_yaxes(title=None)
    height = max(260, 100 + 50 * d["source"].nunique())
    return style(fig, title or f"Money quoted, in {currency} (log scale)", height=height)


def people(df: pd.DataFrame, title: str = "Who is quoted, by source") -> go.Figure:
    df = _plain(df)
    fig = px.bar(df.assign(source=df["source"].map(short)), y="speaker", x="quotes", color="source",
                 orientation="h", labels={c: label(c) for c in df.columns})
    fig.update_yaxes(categoryorder="total ascending", title=None)
    return style(fig, title, height=max(260, 80 + 30 * df["speaker"].nunique()))


def sentiment_over_time(df: pd.DataFrame, by: str = "source", title: str = "Mean sentiment per week") -> go.Figure:
    df = _plain(df)
    d = df.assign(series=df[by].map(short))
    fig = px.line(d, x="period", y="mean", color="series", markers=True,
                  hover_data={"n_scored": True, by: True, "series": False},
                  labels={c: label(c) for c in d.columns} | {"period": "Week (Monday)", "series": label(by)})
    fig.update_yaxes(range=[-1, 1], zeroline=True, zerolinecolor="#888")
    return style(fig, title, height=340)
