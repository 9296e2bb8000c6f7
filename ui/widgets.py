"""Shared page widgets: the chart with its downloads, the filter line, the empty state, tables."""

from __future__ import annotations

import math
import re
import unicodedata

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis import settings
from analysis.exports import csv_bytes
from analysis.filters import describe, language_name
from charts.export import figure_html, figure_image, image_support
from charts.theme import Palette
from core.cells import all_topics, flat_cells
from ui.app import current_view
from ui.safe import md_escape
from ui.state import View, per_view


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "chart"


def _leave_legacy_pages_mode() -> None:
    """Streamlit (1.67) decides once per server process whether the app is a legacy `pages/`-folder app, and
    calls it one until a run reaches `st.navigation`. A first visitor who opens a page's address directly
    (/timeline) is served the page file on its own: a navigation of file names, the narrow layout, and widget
    values lost on the next run (the sidebar's "Include undated articles" turned itself off). The app always
    navigates with st.navigation (dashboard.py), so a page run that way switches the flag off and reruns the
    same page through dashboard.py."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_header(title: str) -> View:
    """The page title and the active filter in one line; returns the view every page reads."""
    _leave_legacy_pages_mode()
    v = current_view()
    st.html(_COMPACT)
    st.title(title)
    filter_line(v)
    return v


# Denser than Streamlit's defaults, so that the first screen (1440×900) holds the story: less space above the
# title, a smaller title and smaller metric values (a long amount wraps instead of ending in "…"). Our own
# constant CSS, no corpus text.
_COMPACT = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; padding-bottom: 3rem; }
[data-testid="stMain"] h1 { font-size: 2.1rem; padding: 0 0 0.2rem 0; }
[data-testid="stMain"] h2 { font-size: 1.45rem; }
[data-testid="stMain"] h3 { font-size: 1.2rem; }
[data-testid="stMetricValue"] { font-size: 1.75rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *, [data-testid="stMetricDelta"] * {
  white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; overflow-wrap: anywhere; line-height: 1.25; }
</style>"""


def filter_line(v: View) -> None:
    st.caption(md_escape(describe(v.filters)) + f" {_count(v.view)} of {_count(v.tables)} articles.")


def _count(t) -> int:
    """Articles of a view or of the corpus, counted without taking the rows where the tables allow it."""
    return t.count("documents") if hasattr(t, "count") else len(t.documents)


def empty_state(what: str, v: View) -> None:
    if v.filters.is_empty():
        st.info(f"No {what} in this corpus.")
    else:
        st.info(f"No {what} match the current filters. Widen the date range or clear a filter in the sidebar.")


def chart(fig: go.Figure, data: pd.DataFrame, name: str, *, note: str | None = None) -> None:
    """A plotly chart with PNG, SVG, HTML and CSV (exactly the plotted rows) downloads.

    The downloads export a copy made before Streamlit draws the figure, so they look like the screen whatever
    Streamlit's theme does to the object it is given."""
    slug = _slug(name)
    spec = fig.to_dict()  # a plain copy (cheap); the figure is rebuilt from it only when a download is asked for
    st.plotly_chart(fig, width="stretch", key=f"chart_{slug}", config={"displaylogo": False})
    if note:
        st.caption(md_escape(note))
    row = st.container(horizontal=True, gap="small")
    ok, why = image_support()
    if ok:
        row.download_button("PNG", data=lambda: figure_image(go.Figure(spec), "png"), file_name=f"{slug}.png",
                            mime="image/png", key=f"png_{slug}", on_click="ignore", icon=":material/image:")
        row.download_button("SVG", data=lambda: figure_image(go.Figure(spec), "svg"), file_name=f"{slug}.svg",
                            mime="image/svg+xml", key=f"svg_{slug}", on_click="ignore")
    row.download_button("HTML", data=lambda: figure_html(go.Figure(spec), name), file_name=f"{slug}.html",
                        mime="text/html", key=f"html_{slug}", on_click="ignore")
    row.download_button("CSV", data=lambda: csv_bytes(data), file_name=f"{slug}.csv", mime="text/csv",
                        key=f"csv_{slug}", on_click="ignore", icon=":material/table:")
    if not ok:
        row.caption(why)


def key_figure_card(where, r) -> None:
    """One key-figure card (a row of views.distinct_cards): the amount as quoted with its second rendering, its
    value in the tables' currency, its topic and how many sources quote it; the sources and sentence on hover."""
    n = int(r.n_sources)
    also = f" Also quoted under {r.also_topics}." if getattr(r, "also_topics", "") else ""
    where.metric(md_escape(f"{r.topic} · {n} source{'s' if n != 1 else ''}" if r.topic else
                           f"Quoted by {n} source{'s' if n != 1 else ''}"), md_escape(r.shown),
                 delta=md_escape(r.amount), delta_color="off", delta_arrow="off", border=True,
                 help=md_escape(f"Quoted by {r.sources}.{also} {r.sentence}"))


def quantity_card(where, r) -> None:
    """A card for a quantity several sources quote (a row of views.headline_quantities): its most quoted wording,
    the other wordings as written (no converted number), its topic and source count."""
    n = int(r.n_sources)
    where.metric(md_escape(f"{r.topic} · {n} sources" if r.topic else f"Quoted by {n} sources"), md_escape(r.shown),
                 delta=md_escape(r.amount) if r.amount else None, delta_color="off", delta_arrow="off", border=True,
                 help=md_escape(f"Quoted by {r.sources}. {r.sentence}"))


def palettes(v: View) -> dict[str, Palette]:
    """One colour per topic, source and language, fixed by the whole corpus (never the filtered view), so a
    topic keeps its colour under every filter, on every page and in every download."""
    t = v.tables

    def build() -> dict[str, Palette]:
        docs = t.documents
        topics = all_topics(docs["topics"]) if "topics" in docs else []
        topics += [str(x) for name in ("events", "figures")  # their topic column alone
                   for x in t.table(name, ["topic"])["topic"]]
        return {"topic": Palette.of(topics), "source": Palette.of(docs["source"].astype(str)),
                "language": Palette.of(docs["language"].astype(str))}

    return per_view(t, "palettes", build)


# Column headers as an analyst reads them (the CSV download keeps the table contract's names).
HEADERS = {
    "doc_id": "Document", "path": "File", "n_sentences": "Sentences", "n_sources": "Number of sources",
    "sources": "Sources",
    "n_mentions": "Mentions", "date_precision": "Precision", "first_reported": "First reported",
    "first_source": "First reported by", "duplicate_of": "Copy of", "date_text": "As written", "tz_note": "Time zone",
    "normalized_value": "Converted", "normalized_unit": "In", "normalization_basis": "Conversion",
    "value_max": "Up to", "value_min": "From", "n_scored": "Scored", "n_not_scored": "Not scored",
    "share_scored": "Share scored", "ci_low": "95% low", "ci_high": "95% high", "sd": "Spread (sd)",
    "mean": "Mean sentiment", "mean_sentiment": "Mean sentiment", "figures_cited": "Figures cited",
    "speaker_text": "As written", "sentiment_reason": "Why not scored", "macro_F1": "Macro-F1", "macro_f1": "Macro-F1",
    "textblob_mean": "TextBlob mean", "cross_lingual_mean": "Cross-lingual mean", "group_id": "Group",
    "n_languages": "Languages", "value": "Value", "milestone_id": "Milestone", "sentence_idx": "Sentence no.",
    "idx": "Sentence no.", "title_basis": "Title from", "published_basis": "Date from",
}
_EMPTY = {"", "nan", "None", "NaT", "<NA>", "none"}


def header(col: str) -> str:
    c = str(col)
    return HEADERS.get(c) or c.replace("_", " ").strip().capitalize()


def _round_sig(x: float, digits: int = 3) -> float:
    if x is None or not math.isfinite(x) or x == 0:
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def display_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A table as shown: human headers, language names, no "None"/"nan" text, dates as dates, large amounts
    rounded to three significant digits; list cells (topics) as their "; " text."""
    out = flat_cells(df).copy()
    for c in out.columns:
        col = out[c]
        if isinstance(col.dtype, pd.CategoricalDtype):
            col = col.astype(object)
        if pd.api.types.is_datetime64_any_dtype(col):
            col = col.dt.strftime("%Y-%m-%d").where(col.notna(), "")
        elif col.dtype == object or pd.api.types.is_string_dtype(col):
            col = col.map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v))
                          or str(v) in _EMPTY else v)
            if str(c) in ("language", "languages_codes"):
                col = col.map(lambda v: language_name(str(v)) if v else v)
        elif pd.api.types.is_float_dtype(col) and col.isna().any():
            # Streamlit writes a missing number as "None": an empty cell (or "not scored") says it better
            fmt = _float_format(str(c))
            empty = "not scored" if "sentiment" in str(c) else ""
            col = pd.Series([empty if pd.isna(v) else fmt(float(v)) for v in col], index=col.index, dtype=object)
        elif pd.api.types.is_float_dtype(col) and str(c) in ("normalized_value", "value", "value_max", "value_min"):
            col = col.map(lambda v: _round_sig(float(v)) if pd.notna(v) else v)
        out[c] = col
    names: list[str] = []
    for c in out.columns:
        h = header(c)
        names.append(h if h not in names else f"{h} ({c})".replace("_", " "))
    out.columns = names
    return out


def _signed(name: str) -> bool:
    return "sentiment" in name or "mean" in name or name in ("textblob", "ci_low", "ci_high")


def _float_format(name: str):
    """Text for a number in a column that also holds missing values (shown as text, not as "None")."""
    if _signed(name):
        return lambda v: f"{v:+.2f}"
    if name.startswith("share") or name in ("accuracy", "sd", "macro_F1", "macro_f1"):
        return lambda v: f"{v:.2f}"
    return lambda v: f"{_round_sig(v):,.10g}"


def _configs(df: pd.DataFrame, given: dict | None) -> dict:
    """Column formats keyed by the shown header: given ones first, then sensible defaults by column name."""
    conf: dict = {}
    for c in df.columns:
        name = str(c)
        if name in (given or {}):
            conf[header(name)] = given[name]
        elif pd.api.types.is_float_dtype(df[c]) and df[c].isna().any():
            conf[header(name)] = st.column_config.TextColumn()
        elif pd.api.types.is_float_dtype(df[c]):
            if _signed(name):
                conf[header(name)] = st.column_config.NumberColumn(format="%+.2f")
            elif name.startswith("share") or name in ("accuracy",):
                conf[header(name)] = st.column_config.NumberColumn(format="%.2f")
            elif name in ("sd", "macro_F1", "macro_f1"):
                conf[header(name)] = st.column_config.NumberColumn(format="%.2f")
            else:
                conf[header(name)] = st.column_config.NumberColumn(format="localized")
        elif name in _LONG_TEXT:
            conf[header(name)] = st.column_config.TextColumn(width="large")
        elif (df[c].dtype == object or pd.api.types.is_string_dtype(df[c])
              or isinstance(df[c].dtype, pd.CategoricalDtype)):
            wide = _text_width(df[c], header(name))
            if wide > AUTO_WIDTH_PX:  # sized to its longest value (a role, a rate), not cut off
                conf[header(name)] = st.column_config.TextColumn(width=min(wide, _CAPS.get(name, MAX_COLUMN_PX)))
    return conf


_LONG_TEXT = ("sentence", "quote", "title", "disagreement", "texts", "note")  # running text: wide, cut at the end
AUTO_WIDTH_PX = 110  # a column narrower than this is left to the grid's own sizing
MAX_COLUMN_PX = 520
# outlet names are long and repeat on every row: cut (the row's CSV and the reader have them whole), so that the
# sentence stays on the screen
_CAPS = {"source": 240, "sources": 300, "first_source": 240, "path": 240, "doc_id": 220, "rate": 240}


def _text_width(col: pd.Series, head: str, sample: int = 300) -> int:
    """Pixels the longest of a column's first values takes in the grid's font (wide East Asian characters
    count double), with the cell's padding."""
    values = [str(v) for v in col.head(sample).tolist() if v is not None] + [head]
    return int(max(sum(14 if unicodedata.east_asian_width(ch) in "WF" else 7.6 for ch in v) for v in values)) + 28


MAX_TABLE_ROWS = int(settings.get("max_table_rows"))


WRAP_ROW_PX = 68  # Streamlit's grid wraps a cell's text only in rows taller than 4rem: three lines


def table(df: pd.DataFrame, name: str, *, column_config: dict | None = None, height: int | None = None,
          link_docs: bool = False, download: pd.DataFrame | None = None, wrap: bool = False) -> None:
    """A sortable table (cells are shown as text, never HTML) with its CSV download (all rows).

    With wrap, long text (a quote) wraps onto three lines instead of being cut at the column's edge.
    With link_docs, selecting a row offers to open its document in the reader (rows need a doc_id column).
    A table of more than MAX_TABLE_ROWS rows shows its first rows and says so; the CSV has every row (of
    `download` when given: the table's data with the contract's columns, of which `df` shows a readable part).
    """
    full = df.drop(columns=[c for c in df.columns if str(c).startswith("_")])
    df = full.head(MAX_TABLE_ROWS)
    if len(full) > MAX_TABLE_ROWS:
        st.caption(f"Showing the first {MAX_TABLE_ROWS:,} of {len(full):,} rows; the CSV below has them all.")
    kwargs = ({"height": height} if height else {}) | ({"row_height": WRAP_ROW_PX} if wrap else {})
    shown = display_frame(df)
    config = _configs(df, column_config)
    if link_docs and "doc_id" in df.columns and not df.empty:
        event = st.dataframe(shown, width="stretch", hide_index=True, column_config=config,
                             on_select="rerun", selection_mode="single-row", key=f"sel_{_slug(name)}", **kwargs)
        rows = event.selection.rows if event is not None else []
        if rows and rows[0] < len(df):
            row = df.iloc[rows[0]]
            sentence = str(row.get("sentence", "") or "")
            if sentence:
                st.markdown(f"> {md_escape(sentence)}")
            # a link like the sidebar's (the st.Page dashboard.py registered): dashboard.py opens the article
            # and marks the sentence when the Documents page is reached through it
            st.session_state["_reader_pending"] = (str(row["doc_id"]), sentence)
            st.page_link(st.session_state.get("_reader_page") or "pages/documents.py",
                         label=f"Open {md_escape(str(row['doc_id']))} in the reader", icon=":material/article:")
        else:
            st.caption("Select a row to read its sentence and open its document.")
    else:
        st.dataframe(shown, width="stretch", hide_index=True, column_config=config, **kwargs)
    csv_frame = full if download is None else download
    st.download_button("CSV", data=lambda: csv_bytes(csv_frame), file_name=f"{_slug(name)}.csv", mime="text/csv",
                       key=f"tcsv_{_slug(name)}", on_click="ignore", icon=":material/table:")
