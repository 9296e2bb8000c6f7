"""The part of every run shared by all pages: choose and load the corpus, draw the sidebar, filter the tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.corpus_picker import chosen_folder, is_upload, upload_refusals
from ui.safe import md_escape
from ui.sidebar import sidebar_filters
from ui.state import CorpusError, View, corpus_folder, filtered, load

FRESH = "_view_fresh"  # set by setup(), taken by the page of the same run


def setup(ingest_page=None) -> View | None:
    """The view for this run, or None after telling the user why there is nothing to show."""
    folder = chosen_folder(corpus_folder())
    try:
        loaded = load(folder)
    except CorpusError as exc:
        st.error(f"Cannot open the corpus: {md_escape(str(exc))}. Start with `make run CORPUS=folder` or set "
                 "NEWS_CORPUS.")
        return None
    if loaded.tables.documents.empty:
        report = loaded.tables.skipped[["path", "reason"]]
        where = md_escape(folder.name)
        if is_upload(folder):  # the upload's refusals first; never the temporary folder's name
            where = "your upload"
            refused = pd.DataFrame(upload_refusals(), columns=["path", "reason"])
            report = pd.concat([refused, report], ignore_index=True)
        why = f"{len(report)} files refused or skipped, each with its reason below" if len(report) else \
            "no article files found"
        st.error(f"Nothing readable in {where}: {why}.")
        st.dataframe(report.rename(columns={"path": "File", "reason": "Why it was not read"}), hide_index=True)
        return None
    n_skipped = len(loaded.tables.skipped)
    st.sidebar.caption(f"{len(loaded.tables.documents)} articles loaded, {n_skipped} skipped")
    if ingest_page is not None:
        st.sidebar.page_link(ingest_page, label="Ingest report and reader", icon=":material/fact_check:")
    filters = sidebar_filters(loaded.everything, str(folder))
    view = View(corpus=loaded, filters=filters, filtered=filtered(loaded, filters))
    st.session_state["_view"] = view
    st.session_state[FRESH] = True
    return view


def current_view() -> View:
    """The view of this run. Normally dashboard.py made it just before running the page; when Streamlit runs a
    page file on its own (its legacy `pages/` folder mode, used by AppTest), the page makes it itself."""
    if st.session_state.pop(FRESH, False) and "_view" in st.session_state:
        return st.session_state["_view"]
    view = setup()
    if view is None:
        st.stop()
    st.session_state.pop(FRESH, None)
    return view
