"""Overview: what is in the corpus, a few computed takeaways, and the ingest summary."""

import streamlit as st

from analysis import aggregates as agg
from charts import builders
from ui.safe import md_escape
from ui.state import per_view
from ui.widgets import chart, empty_state, page_header

v = page_header("Overview")
t = v.view

if t.documents.empty:
    empty_state("articles", v)
    st.stop()

dated = t.documents[t.documents["published"].astype(str).str.len() > 0]["published"]
c = st.columns(6)
c[0].metric("Articles", len(t.documents))
c[1].metric("Languages", t.documents["language"].nunique())
c[2].metric("Sources", t.documents["source"].nunique())
c[3].metric("Milestones", len(t.milestones), help="Merged across sources; see Timeline")
c[4].metric("Figures quoted", len(t.figures))
c[5].metric("Quotes", len(t.quotes))
st.caption(f"Published {dated.min()} to {dated.max()}" if len(dated) else "No publication dates known.")

st.subheader("Takeaways")
lines = per_view(t, "takeaways", agg.takeaways, t.documents, t.events, t.figures, t.sentences)
for line in lines or ["Not enough data for takeaways."]:
    st.markdown(f"- {md_escape(line)}")

left, right = st.columns(2)
with left:
    by_lang = agg.counts_by(t.documents, "language")
    chart(builders.bar_counts(by_lang, "language_name", title="Articles by language"), by_lang,
          "articles by language")
with right:
    by_source = agg.counts_by(t.documents, "source")
    chart(builders.bar_counts(by_source, "source", title="Articles by source"), by_source, "articles by source")

st.subheader("Ingest")
loaded = v.loaded
n_docs, n_skipped = len(loaded.tables.documents), len(loaded.tables.skipped)
st.write(f"{n_docs} files loaded, {n_skipped} skipped ({n_docs + n_skipped} seen). "
         "The full report is on the Documents page.")
if loaded.cached_files:
    st.caption(f"{loaded.cached_files} files read from the analysis cache, {loaded.enriched_files} analysed now.")
for note in loaded.problems:
    st.warning(md_escape(note))
