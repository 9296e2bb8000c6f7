"""Entrypoint: `streamlit run dashboard.py [-- --corpus DIR]`. Loads the corpus, draws the shared sidebar,
prepares the filtered view, and runs the selected page."""

from __future__ import annotations

import logging

import streamlit as st

from analysis.filters import apply_filters
from ui.corpus_picker import chosen_folder
from ui.safe import md_escape
from ui.sidebar import sidebar_filters
from ui.state import CorpusError, View, corpus_folder, load

log = logging.getLogger("dashboard")

st.set_page_config(page_title="News story dashboard", page_icon=":material/newspaper:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("pages/sentiment.py", title="Sentiment", icon=":material/mood:"),
    st.Page("pages/figures.py", title="Figures", icon=":material/functions:"),
    st.Page("pages/people.py", title="People", icon=":material/record_voice_over:"),
    st.Page("pages/documents.py", title="Documents", icon=":material/article:"),
]


def main() -> None:
    page = st.navigation(PAGES)
    folder = chosen_folder(corpus_folder())
    try:
        loaded = load(folder)
    except CorpusError as exc:
        st.error(f"Cannot open the corpus: {md_escape(str(exc))}. Start with `make run CORPUS=folder` or set "
                 "NEWS_CORPUS.")
        return
    if loaded.tables.documents.empty:
        st.error(f"Nothing readable in {md_escape(folder.name)}: {len(loaded.tables.skipped)} files skipped. "
                 "See the ingest report below.")
        st.dataframe(loaded.tables.skipped, hide_index=True)
        return
    n_skipped = len(loaded.tables.skipped)
    st.sidebar.caption(f"{len(loaded.tables.documents)} articles loaded, {n_skipped} skipped")
    st.sidebar.page_link(PAGES[-1], label="Ingest report and reader", icon=":material/fact_check:")
    filters = sidebar_filters(loaded.tables)
    st.session_state["_view"] = View(loaded=loaded, filters=filters, view=apply_filters(loaded.tables, filters))
    page.run()


try:
    main()
except Exception:  # never show a traceback to the user; the log has it
    log.exception("page failed")
    st.error("Something went wrong while drawing this page. The error is in the server log; "
             "try clearing the filters or reloading.")
