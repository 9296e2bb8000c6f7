"""Chart builders: a tidy frame in, a go.Figure out. The frame is exactly what the chart plots."""

from __future__ import annotations

import math
import textwrap
import unicodedata

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from charts import theme
from charts.theme import KIND_SYMBOLS, NEUTRAL, NO_VALUE, SPAN_FILL, TEMPLATE, TONE_COLORS, Palette, label, short, style

figure = theme.figure


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


def _colors(p: Palette | None) -> Palette:
    return p if p is not None else Palette()


def _text_px(text: str, size: int = 12) -> float:
    """Approximate drawn width of a label (East Asian wide characters take about two Latin widths)."""
    return sum(size * (1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.58) for ch in str(text))


def place_labels(xs: list[float], widths: list[float], lanes: int, starts: list[float] | None = None,
                 ends: list[float] | None = None) -> list[int]:
    """A lane (0..lanes-1) for each item so that no two items in a lane overlap, or -1 when every lane is taken
    there (that label is left to the hover). An item runs from `starts` (default: its x) to the later of `ends`
    and the end of its label (x + width). All in one unit (pixels); items are taken in the order given (sort
    them by their start first)."""
    free = [-math.inf] * lanes
    out = []
    for i, (x, w) in enumerate(zip(xs, widths)):
        a = starts[i] if starts is not None else x
        b = max(x + w, ends[i] if ends is not None else x)
        lane = next((k for k in range(lanes) if free[k] < a), -1)
        if lane >= 0:
            free[lane] = b + 8
        out.append(lane)
    return out


def _pub_band(span) -> dict:
    """Layout entries of a shaded band over the corpus's publication span (left of it happened before the
    coverage, right of it is projected) and its name at the top left; none without a span."""
    if not span:
        return {}
    a, b = span
    if a == b:
        b = a + pd.Timedelta(days=1)
    return {"shapes": [{"type": "rect", "x0": a, "x1": b, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
                        "fillcolor": SPAN_FILL, "line": {"width": 0}, "layer": "below"}],
            "annotations": [{"text": "articles published", "x": a, "xref": "x", "xanchor": "left", "y": 1,
                             "yref": "y domain", "yanchor": "top", "showarrow": False,
                             "font": {"size": 11, "color": "#1f4e79"}}]}


def _date_range(starts: pd.Series, ends: pd.Series, span) -> tuple[pd.Timestamp, pd.Timestamp]:
    lo, hi = starts.min(), ends.max()
    if span:
        lo, hi = min(lo, span[0]), max(hi, span[1])
    pad = max(pd.Timedelta(days=30), (hi - lo) * 0.04)
    return lo - pad, hi + pad


def bar_counts(df: pd.DataFrame, x: str, y: str = "documents", title: str = "", colors: Palette | None = None,
               color_key: str | None = None) -> go.Figure:
    """Horizontal bars of counts per category (long outlet names stay readable); one colour per category from
    the palette when given (color_key: the column whose value picks it)."""
    raw = df
    df = _plain(df)
    bar_colors = ([colors(v) for v in raw[color_key or x]] if colors is not None else NEUTRAL)
    bars = {"type": "bar", "x": df[y], "y": df[x].map(short), "orientation": "h", "text": df[y],
            "textposition": "outside", "cliponaxis": False, "customdata": df[x],
            "hovertemplate": "%{customdata}: %{x}<extra></extra>", "marker": {"color": bar_colors}}
    top = int(df[y].max()) if len(df) else 1
    return figure([bars], title, height=max(200, 90 + 34 * len(df)), yaxis={"autorange": "reversed"},
                  xaxis={"title": {"text": label(y)}, "rangemode": "tozero", "tick0": 0,
                         "dtick": max(1, math.ceil(top / 6))})


def _span_traces(d: pd.DataFrame, y: list, colors: list[str]) -> list[dict]:
    """A period (a year, a season, a month) as a bar from its first to its last day, behind its point."""
    return [{"type": "scatter", "x": [a, b], "y": [yy, yy], "mode": "lines", "showlegend": False,
             "line": {"color": c, "width": 9}, "opacity": 0.28, "hoverinfo": "skip"}
            for a, b, yy, c in zip(d["start"], d["end"], y, colors) if b > a]


def _kind_legend() -> list[dict]:
    """Legend entries for the point kinds and for a period's bar (traces without data)."""
    out = [{"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name,
            "marker": {"symbol": KIND_SYMBOLS[kind], "size": 12, "color": "#555",
                       "line": {"width": 2, "color": "#555"}}}
           for kind, name in (("past", "happened (as reported)"), ("projected", "projected"))]
    return [*out, {"type": "scatter", "x": [None], "y": [None], "mode": "lines", "name": "period a date covers",
                   "line": {"color": "#555", "width": 9}, "opacity": 0.28}]


STRIP_WIDTH_PX = 900  # the plot area at 1440 px with the sidebar open; wider screens and exports only gain room
STRIP_LANES = 8


def strip_lanes(points: pd.DataFrame, span=None, width_px: int = STRIP_WIDTH_PX, lanes: int = STRIP_LANES
                ) -> pd.DataFrame:
    """The strip's points with the lane each is drawn in (`lane`, -1: no room without an overlap) and which side
    of its point its label goes (`left`: a label that would run past the right edge goes to the left). A point,
    its period bar and its label never overlap another's in the same lane."""
    raw = points.sort_values("x", kind="stable").reset_index(drop=True)
    if raw.empty:
        return raw.assign(lane=pd.Series(dtype=int), left=pd.Series(dtype=bool))
    lo, hi = _date_range(raw["start"], raw["end"], span)
    px_per_day = width_px / max(1.0, (hi - lo).days)

    def px(t: pd.Timestamp) -> float:
        return (t - lo).days * px_per_day

    widths = [_text_px(t) + 16 for t in raw["label"]]
    left = [px(x) + w > width_px for x, w in zip(raw["x"], widths)]
    starts = [min(px(a), px(x) - w if lf else px(x) - 8) for x, a, w, lf in
              zip(raw["x"], raw["start"], widths, left)]
    ends = [max(px(b), px(x) + 8 if lf else px(x) + w) for x, b, w, lf in zip(raw["x"], raw["end"], widths, left)]
    order = sorted(range(len(raw)), key=lambda i: starts[i])
    placed = place_labels([starts[i] for i in order], [0.0] * len(order), lanes=lanes,
                          starts=[starts[i] for i in order], ends=[ends[i] for i in order])
    lane = [0] * len(raw)
    for i, ln in zip(order, placed):
        lane[i] = ln
    return raw.assign(lane=lane, left=left)


def milestone_strip(points: pd.DataFrame, colors: Palette | None = None, span=None,
                    title: str = "The story so far: milestones, announced (solid) and projected (hollow)"
                    ) -> go.Figure:
    """A compact strip: every milestone a point on one date axis with its label beside it, in lanes so that no
    label overlaps another point, bar or label (`strip_lanes`; points without a lane are not drawn); projected
    points hollow; a band where the articles were published."""
    pal = _colors(colors)
    laid = points if "lane" in points.columns else strip_lanes(points, span)
    raw = laid[laid["lane"] >= 0].reset_index(drop=True)
    d = _plain(raw)
    if raw.empty:
        return figure([], title, height=200)
    lo, hi = _date_range(raw["start"], raw["end"], span)
    lane = raw["lane"].astype(int).tolist()
    n_lanes = max(lane) + 1
    cols = [pal(t) for t in raw["topic"]]
    points = {
        "type": "scatter", "x": raw["x"], "y": lane, "mode": "markers+text", "showlegend": False, "text": d["label"],
        "textposition": ["middle left" if lf else "middle right" for lf in raw["left"]],
        "textfont": {"size": 12, "color": "#222"},
        "marker": {"size": 13, "color": cols, "symbol": [KIND_SYMBOLS.get(k, "circle") for k in raw["kind"]],
                   "line": {"width": 2.5, "color": cols}},
        "customdata": list(zip(d["label"], d["kind"], d["sources"])),
        "hovertemplate": "%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
    }
    return figure(
        [*_span_traces(raw, lane, cols), points, *_kind_legend()], title, height=125 + 28 * n_lanes,
        yaxis={"visible": False, "range": [-0.7, n_lanes + 0.1]},  # room above the top lane for the band's name
        xaxis={"range": [lo, hi], "showgrid": True, "gridcolor": "#eee", "title": None},
        legend={"y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right", "orientation": "h"},
        margin={"t": 60, "b": 10}, **_pub_band(span))


def timeline(points: pd.DataFrame, colors: Palette | None = None, span=None,
             title: str = "Milestones: announced (solid) and projected (hollow)", width_px: int = 800) -> go.Figure:
    """One row per topic; each merged milestone a point labelled with its date and sources, its period drawn
    as a span; labels alternate above and below a point, and one with no free place is left to the hover."""
    pal = _colors(colors)
    raw = points.sort_values(["topic", "x"], kind="stable").reset_index(drop=True)
    d = _plain(raw)
    if raw.empty:
        return figure([], title, height=260)
    topics = sorted(d["topic"].astype(str).unique(), reverse=True)
    lo, hi = _date_range(raw["start"], raw["end"], span)
    px_per_day = width_px / max(1.0, (hi - lo).days)
    short_label = [f"{w} · {n} src" if n != 1 else str(w) for w, n in zip(d["when"], raw["n_sources"])]
    positions: list[str] = []
    for _, g in raw.groupby("topic", sort=False):
        xs = [(x - lo).days * px_per_day for x in g["x"]]
        widths = [_text_px(short_label[i], 11) for i in g.index]
        centred = [x - w / 2 for x, w in zip(xs, widths)]
        lanes = place_labels(centred, widths, lanes=2)
        positions += [("top center", "bottom center")[ln] if ln >= 0 else "none" for ln in lanes]
    cols = [pal(t) for t in raw["topic"]]
    traces = _span_traces(raw, list(d["topic"].astype(str)), cols)
    for kind in ("past", "projected"):
        part = raw.index[raw["kind"] == kind]
        if not len(part):
            continue
        traces.append({
            "type": "scatter", "x": raw.loc[part, "x"], "y": d.loc[part, "topic"].astype(str),
            "mode": "markers+text", "showlegend": False, "name": kind,
            "text": [short_label[i] if positions[i] != "none" else "" for i in part],
            "textposition": [positions[i] if positions[i] != "none" else "top center" for i in part],
            "textfont": {"size": 11, "color": "#333"},
            "marker": {"size": 14, "symbol": KIND_SYMBOLS[kind], "color": [cols[i] for i in part],
                       "line": {"width": 2.5, "color": [cols[i] for i in part]}},
            "customdata": [[d.loc[i, "label"], d.loc[i, "kind"], d.loc[i, "sources"]] for i in part],
            "hovertemplate": "%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        })
    return figure(
        [*traces, *_kind_legend()], title, height=max(300, 120 + 58 * len(topics)),
        yaxis={"categoryorder": "array", "categoryarray": topics, "title": None},
        xaxis={"range": [lo, hi], "title": None},
        legend={"y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right", "orientation": "h"}, margin={"t": 70},
        **_pub_band(span))


def coverage(df: pd.DataFrame, by: str = "source", title: str = "Articles per week",
             colors: Palette | None = None, names=None) -> go.Figure:
    """Stacked weekly bars on a real date axis (an empty week shows as a gap), integer ticks."""
    pal = _colors(colors)
    name = names or (lambda v: v)
    raw = df
    traces = []
    for value in dict.fromkeys(raw[by].astype(str)):
        part = raw[raw[by].astype(str) == value]
        shown = _esc(name(value))
        traces.append({"type": "bar", "x": pd.to_datetime(part["week"]) + pd.Timedelta(days=3), "y": part["documents"],
                       "name": short(shown), "marker": {"color": pal(value)}, "width": 6 * 86_400_000,
                       "customdata": part["week"],
                       "hovertemplate": f"{shown}<br>week of %{{customdata}}: %{{y}}<extra></extra>"})
    top = int(raw.groupby("week")["documents"].sum().max()) if len(raw) else 1
    xaxis: dict = {"type": "date", "title": None}  # weeks start on Monday: said in the hover and the note
    if len(raw):
        w = pd.to_datetime(raw["week"])
        xaxis["range"] = [w.min() - pd.Timedelta(days=7), w.max() + pd.Timedelta(days=14)]
    return figure(traces, title, height=320, barmode="stack", xaxis=xaxis,
                  yaxis={"title": {"text": label("documents")}, "tick0": 0, "dtick": max(1, math.ceil(top / 5)),
                         "rangemode": "tozero"})


def sentiment_means(df: pd.DataFrame, by: str, title: str) -> go.Figure:
    df = _plain(df)
    d = df.dropna(subset=["mean"])
    err_hi = (d["ci_high"] - d["mean"]).fillna(0)
    err_lo = (d["mean"] - d["ci_low"]).fillna(0)
    cats = [f"{short(k)} (n={n})" for k, n in zip(d[by], d["n_scored"])]
    bars = {"type": "bar", "x": d["mean"], "y": cats, "orientation": "h",
            "error_x": {"type": "data", "array": err_hi, "arrayminus": err_lo, "visible": True, "color": "#444"},
            "marker": {"color": [TONE_COLORS["negative"] if m < 0 else TONE_COLORS["positive"] for m in d["mean"]]},
            "customdata": d[by], "hovertemplate": "%{customdata}<br>mean %{x:+.2f}<extra></extra>"}
    reach = max(0.25, float(pd.concat([d["ci_high"].abs(), d["ci_low"].abs(), d["mean"].abs()]).max()) + 0.05)
    return figure([bars], title, height=max(260, 80 + 40 * len(d)),
                  xaxis={"title": {"text": label("mean")}, "range": [-min(reach, 1), min(reach, 1)], "zeroline": True,
                         "zerolinecolor": "#888", "zerolinewidth": 1})


def sentiment_shares(df: pd.DataFrame, by: str, title: str) -> go.Figure:
    """Diverging bars: negative to the left of zero, positive to the right, neutral split across zero."""
    df = _plain(df)
    pivot = df.pivot_table(index=by, columns="label", values="share", fill_value=0.0)
    for lab in ("negative", "neutral", "positive"):
        if lab not in pivot.columns:
            pivot[lab] = 0.0
    half_neutral = pivot["neutral"] / 2
    cats = [short(c) for c in pivot.index.astype(str)]
    traces = [{"type": "bar", "name": lab, "y": cats, "x": pivot[lab] * sign, "base": base, "orientation": "h",
               "marker": {"color": TONE_COLORS[lab]}, "customdata": pivot[lab],
               "hovertemplate": "%{y}: " + lab + " %{customdata:.0%}<extra></extra>"}
              for lab, base, sign in (("neutral", -half_neutral, 1), ("negative", -half_neutral, -1),
                                      ("positive", half_neutral, 1))]
    return figure(traces, title, height=max(260, 80 + 40 * len(pivot)), barmode="overlay",
                  legend={"traceorder": "normal"},  # under the x axis, as on every chart
                  xaxis={"title": {"text": label("share")}, "tickformat": ".0%", "range": [-1, 1], "zeroline": True})


_LOG_NAMES = {0: "1", 3: "1 thousand", 6: "1 million", 9: "1 billion", 12: "1 trillion", 15: "1 quadrillion"}


def _log_ticks(lo: float, hi: float) -> tuple[list[float], list[str]]:
    """Tick values at powers of ten only (no minor-tick clutter), named in words at thousand steps."""
    vals = [10.0 ** e for e in range(math.floor(lo), math.ceil(hi) + 1)]
    step = 1 if len(vals) <= 8 else 3
    vals = [v for v in vals if round(math.log10(v)) % step == 0]
    names = []
    for v in vals:
        e = round(math.log10(v))
        base, rest = _LOG_NAMES.get(e - e % 3, f"1e{e - e % 3}"), 10 ** (e % 3)
        names.append(base if rest == 1 else f"{rest} {base.removeprefix('1 ')}" if base != "1" else f"{rest}")
    return vals, names


NO_TOPIC = "(no topic)"


def money(df: pd.DataFrame, currency: str = "USD", title: str | None = None, colors: Palette | None = None
          ) -> go.Figure:
    pal = _colors(colors)
    raw = df.assign(topic=df["topic"].astype(str).replace({"": NO_TOPIC, "nan": NO_TOPIC}))
    d = _plain(raw)
    d = d.assign(hover=d["sentence"].map(_wrap), outlet=d["source"].map(short))
    fig = px.strip(
        d, x="normalized_value", y="outlet", color="topic", template=TEMPLATE,
        color_discrete_map={_esc(t): NO_VALUE if t == NO_TOPIC else pal(t) for t in raw["topic"]},
        hover_data={"text": True, "source": True, "hover": True, "normalized_value": ":,.3s", "outlet": False},
        labels={c: label(c) for c in d.columns} | {"hover": "Sentence", "normalized_value": f"Amount ({currency})"},
    )
    fig.update_traces(marker={"size": 13})
    fig.update_xaxes(type="log", minor={"showgrid": False, "ticks": ""}, showgrid=True, gridcolor="#e6e6e6")
    if not d.empty:
        lo = math.floor(math.log10(d["normalized_value"].min())) - 0.3
        hi = math.ceil(math.log10(d["normalized_value"].max())) + 0.3
        vals, names = _log_ticks(lo, hi)
        fig.update_xaxes(range=[lo, hi], tickvals=vals, ticktext=[f"{n} {currency}" for n in names])
    fig.update_yaxes(title=None)
    height = max(260, 100 + 50 * d["source"].nunique())
    return style(fig, title or f"Money quoted, in {currency} (log scale)", height=height)


def people(df: pd.DataFrame, title: str = "Who is quoted, by source", colors: Palette | None = None) -> go.Figure:
    pal = _colors(colors)
    raw = df
    df = _plain(df)
    fig = px.bar(df.assign(outlet=df["source"].map(short)), y="speaker", x="quotes", color="source",
                 orientation="h", template=TEMPLATE, hover_data={"outlet": False},
                 color_discrete_map={_esc(v): pal(v) for v in raw["source"]},
                 labels={c: label(c) for c in df.columns})
    fig.for_each_trace(lambda tr: tr.update(name=short(tr.name)))
    top = int(raw.groupby("speaker")["quotes"].sum().max()) if len(raw) else 1
    fig.update_xaxes(tick0=0, dtick=max(1, math.ceil(top / 6)))
    fig.update_yaxes(categoryorder="total ascending", title=None)
    return style(fig, title, height=max(260, 110 + 30 * df["speaker"].nunique()))


def sentiment_over_time(df: pd.DataFrame, by: str = "source", title: str = "Mean sentiment per week",
                        colors: Palette | None = None, names=None) -> go.Figure:
    """Weekly means as points joined by lines, with a ±0.5 range unless a value lies beyond (the scale is −1..+1
    but news sentences rarely leave ±0.5); point size grows with the sentences behind it."""
    pal = _colors(colors)
    raw = df
    df = _plain(df)
    name = names or (lambda v: v)
    traces = []
    for value in dict.fromkeys(raw[by].astype(str)):
        part = raw[raw[by].astype(str) == value]
        n = part["n_scored"].astype(float)
        traces.append({
            "type": "scatter", "x": pd.to_datetime(part["period"]), "y": part["mean"], "mode": "lines+markers",
            "name": short(_esc(name(value))), "line": {"color": pal(value), "width": 2},
            "marker": {"color": pal(value), "size": (6 + 2 * n ** 0.5).clip(upper=22)}, "customdata": n,
            "hovertemplate": f"{_esc(name(value))}<br>week of %{{x|%Y-%m-%d}}: "
                             "%{y:+.2f} (%{customdata:.0f} sentences)<extra></extra>"})
    reach = max(0.5, float(raw["mean"].abs().max()) + 0.1) if len(raw) else 0.5
    return figure(traces, title, height=340, xaxis={"type": "date", "title": None},
                  yaxis={"range": [-min(reach, 1), min(reach, 1)], "zeroline": True, "zerolinecolor": "#888",
                         "title": {"text": label("mean")}})
