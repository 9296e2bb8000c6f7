"""Entrypoint: `streamlit run dashboard.py [-- --corpus DIR]`. Loads the corpus, draws the shared sidebar,
prepares the filtered view, and runs the selected page."""

from __future__ import annotations

import logging

import streamlit as st

from ui.app import setup

log = logging.getLogger("dashboard")

st.set_page_config(page_title="News story dashboard", page_icon=":material/newspaper:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("pages/sentiment.py", title="Sentiment", icon=":material/mood:"),
    st.Page("pages/figures.py", title="Figures", icon=":material/functions:"),
    st.Page("pages/people.py", title="People", icon=":material/record_voice_over:"),
    st.Page("pages/topics.py", title="Topics", icon=":material/label:"),
    st.Page("pages/documents.py", title="Documents", icon=":material/article:"),
]


def _reader_from_address() -> None:
    """`?doc=ID` opens that article in the reader (read once per session, before the sidebar rewrites the
    address; the Documents page writes it back for the article it shows)."""
    doc = st.query_params.get("doc")
    if doc and not st.session_state.get("_doc_seeded"):
        st.session_state["reader_doc"] = doc
    st.session_state["_doc_seeded"] = True


def main() -> None:
    _reader_from_address()
    page = st.navigation(PAGES)
    reader = next(p for p in PAGES if p.url_path == "documents")
    st.session_state["_reader_page"] = reader  # the link "Open … in the reader" (ui.widgets.table) goes here
    pending = st.session_state.pop("_reader_pending", None)
    if pending and page.url_path == reader.url_path:  # arrived through that link: open its article and sentence
        st.session_state["reader_doc"], st.session_state["reader_focus"] = pending
    if setup(ingest_page=PAGES[-1]) is not None:
        page.run()


try:
    main()
except Exception:  # never show a traceback to the user; the log has it
    log.exception("page failed")
    st.error("Something went wrong while drawing this page. The error is in the server log; "
             "try clearing the filters or reloading.")
