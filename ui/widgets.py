"""Shared page widgets: the chart with its downloads, the filter line, the empty state, tables."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.exports import csv_bytes
from analysis.filters import describe
from charts.export import figure_html, figure_image, image_support
from ui.safe import md_escape
from ui.state import View


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "chart"


def page_header(title: str) -> View:
    """The page title and the active filter in one line; returns the view every page reads."""
    from ui.app import current_view

    v = current_view()
    st.title(title)
    filter_line(v)
    return v


def filter_line(v: View) -> None:
    st.caption(md_escape(describe(v.filters)) + f" {len(v.view.documents)} of {len(v.tables.documents)} articles.")


def empty_state(what: str, v: View) -> None:
    if v.filters.is_empty():
        st.info(f"No {what} in this corpus.")
    else:
        st.info(f"No {what} match the current filters. Widen the date range or clear a filter in the sidebar.")


def chart(fig: go.Figure, data: pd.DataFrame, name: str, *, note: str | None = None) -> None:
    """A plotly chart with PNG, SVG, HTML and CSV (exactly the plotted rows) downloads."""
    slug = _slug(name)
    st.plotly_chart(fig, width="stretch", key=f"chart_{slug}", config={"displaylogo": False})
    if note:
        st.caption(md_escape(note))
    row = st.container(horizontal=True, gap="small")
    ok, why = image_support()
    if ok:
        row.download_button("PNG", data=lambda: figure_image(fig, "png"), file_name=f"{slug}.png",
                                mime="image/png", key=f"png_{slug}", on_click="ignore", icon=":material/image:")
        row.download_button("SVG", data=lambda: figure_image(fig, "svg"), file_name=f"{slug}.svg",
                                mime="image/svg+xml", key=f"svg_{slug}", on_click="ignore")
    row.download_button("HTML", data=lambda: figure_html(fig, name), file_name=f"{slug}.html",
                            mime="text/html", key=f"html_{slug}", on_click="ignore")
    row.download_button("CSV", data=lambda: csv_bytes(data), file_name=f"{slug}.csv", mime="text/csv",
                            key=f"csv_{slug}", on_click="ignore", icon=":material/table:")
    if not ok:
        row.caption(why)


def open_in_reader(doc_id: str, sentence: str = "") -> None:
    """Callback: show a document (and the sentence behind a point) in the Documents reader."""
    st.session_state["reader_doc"] = doc_id
    st.session_state["reader_focus"] = sentence


MAX_TABLE_ROWS = 5000


def table(df: pd.DataFrame, name: str, *, column_config: dict | None = None, height: int | None = None,
          link_docs: bool = False) -> None:
    """A sortable table (cells are shown as text, never HTML) with its CSV download (all rows).

    With link_docs, selecting a row offers to open its document in the reader (rows need a doc_id column).
    A table of more than MAX_TABLE_ROWS rows shows its first rows and says so; the CSV has every row.
    """
    full = df.drop(columns=[c for c in df.columns if str(c).startswith("_")])
    df = full.head(MAX_TABLE_ROWS)
    if len(full) > MAX_TABLE_ROWS:
        st.caption(f"Showing the first {MAX_TABLE_ROWS:,} of {len(full):,} rows; the CSV below has them all.")
    kwargs = {"height": height} if height else {}
    if link_docs and "doc_id" in df.columns and not df.empty:
        event = st.dataframe(df, width="stretch", hide_index=True, column_config=column_config,
                             on_select="rerun", selection_mode="single-row", key=f"sel_{_slug(name)}", **kwargs)
        rows = event.selection.rows if event is not None else []
        if rows and rows[0] < len(df):
            row = df.iloc[rows[0]]
            sentence = str(row.get("sentence", "") or "")
            if sentence:
                st.markdown(f"> {md_escape(sentence)}")
            if st.button(f"Open {row['doc_id']} in the reader", key=f"open_{_slug(name)}", icon=":material/article:",
                         on_click=open_in_reader, args=(str(row["doc_id"]), sentence)):
                st.switch_page("pages/documents.py")
        else:
            st.caption("Select a row to read its sentence and open its document.")
    else:
        st.dataframe(df, width="stretch", hide_index=True, column_config=column_config, **kwargs)
    st.download_button("CSV", data=lambda: csv_bytes(full), file_name=f"{_slug(name)}.csv", mime="text/csv",
                       key=f"tcsv_{_slug(name)}", on_click="ignore", icon=":material/table:")
