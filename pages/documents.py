"""Documents: the list, a safe reader with figures and dates highlighted, metadata bases, ingest report."""

import streamlit as st

from analysis import aggregates as agg
from analysis.filters import language_name
from analysis.store import fingerprint
from ui.safe import highlight, md_escape
from ui.state import document
from ui.widgets import empty_state, page_header, table

COLORS = {"figure": "orange", "date": "blue", "topic": "green", "focus": "violet"}

v = page_header("Documents")
t = v.view

docs = t.documents
if docs.empty:
    empty_state("articles", v)
else:
    table(docs[["doc_id", "title", "source", "language", "published", "n_sentences", "sentiment", "topics",
                "duplicate_of", "path"]], "documents")
    st.subheader("Reader")
    find = st.text_input("Find an article (title, source or file)", key="reader_find")
    choices = agg.reader_choices(docs, find, st.session_state.get("reader_doc"))
    if len(choices) < len(docs):
        st.caption(f"{len(choices):,} of {len(docs):,} articles listed: type in the box to find others.")
    ids = choices["doc_id"].astype(str).tolist()
    labels = {str(r.doc_id): f"{r.published or 'undated'} · {r.source} · {r.title}" for r in choices.itertuples()}
    if st.session_state.get("reader_doc") not in ids:
        st.session_state.pop("reader_doc", None)
    doc_id = st.selectbox("Article", ids, format_func=lambda i: labels[i][:120], key="reader_doc")
    row = docs[docs["doc_id"] == doc_id].iloc[0]
    doc = document(v.loaded.root, row["path"], fingerprint())
    if doc is None:
        st.warning("This article's file is no longer readable; its analysed rows are still shown elsewhere.")
        st.stop()
    meta, text_col = st.columns([1, 2])
    with meta:
        st.markdown("**Metadata** (value · how it was obtained)")
        fields = [("Title", row["title"], row["title_basis"]), ("Source", row["source"], row["source_basis"]),
                  ("Language", language_name(row["language"]), row["language_basis"]),
                  ("Published", row["published"] or "undated", row["published_basis"]),
                  ("Address", row["url"] or "—", "manifest" if row["url"] else "")]
        for name, value, basis in fields:
            st.markdown(f"**{name}**: {md_escape(value)}  \n:gray[{md_escape(basis)}]")
        for k, val in doc.meta.items():
            st.markdown(f"**{md_escape(k)}**: {md_escape(val)}  \n:gray[manifest]")
        st.caption(f"{row['n_sentences']} sentences · {doc.basis.get('encoding', '')} · "
                   f"{len(doc.removed)} boilerplate or repeated lines removed")
        if doc.removed:
            with st.expander("Removed while cleaning"):
                st.text("\n".join(doc.removed))
    with text_col:
        st.markdown(":orange-background[figure] :blue-background[date] — highlighted in the text")
        spans = agg.highlight_spans(t.figures, t.dates, doc_id)
        focus = st.session_state.get("reader_focus", "")
        start = doc.text.find(focus) if focus else -1
        if start >= 0:
            spans = [sp for sp in spans if sp[1] <= start or sp[0] >= start + len(focus)]
            spans.append((start, start + len(focus), "focus"))
            st.markdown(":violet-background[sentence you came from]")
        with st.container(height=600):
            st.markdown(highlight(doc.text, spans, COLORS))

st.subheader("Ingest report")
skipped = v.loaded.tables.skipped
st.write(f"{len(v.loaded.tables.documents)} files loaded, {len(skipped)} skipped.")
if len(skipped):
    table(skipped, "skipped")
