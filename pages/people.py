"""People: who is quoted by which sources and languages, their words, tone and the figures they cite."""

import streamlit as st

from analysis import aggregates as agg
from analysis.entities import entity_counts_line
from charts import builders
from ui.safe import md_escape
from ui.widgets import chart, empty_state, page_header, palettes, table

v = page_header("People")
t = v.view
pal = palettes(v)

q = agg.people_only(t.quotes)
if q.empty:
    empty_state("quotes", v)
    st.stop()

n_un = int((q["speaker"] == "unattributed").sum())
st.caption(f"{len(q)} quotes, {q.loc[q['speaker'] != 'unattributed', 'speaker'].nunique()} named people, "
           f"{n_un} unattributed. One person written in several scripts is one speaker when the text links the "
           "spellings (a name in brackets, a family name after the full name) or a story file lists them.")
st.caption(entity_counts_line(getattr(t, "entities", None)))
counts = agg.people_counts(q)
if not counts.empty:
    chart(builders.people(counts, colors=pal["source"]), counts, "people quoted by source")

summary = agg.people_summary(q, t.figures)
table(summary, "people")

st.subheader("Quotes")
speakers = ["(everyone)"] + summary["speaker"].tolist() + (["unattributed"] if n_un else [])
who = st.selectbox("Speaker", speakers, key="people_speaker")
shown = q if who == "(everyone)" else q[q["speaker"] == who]
if who not in ("(everyone)", "unattributed"):
    row = summary[summary["speaker"] == who].iloc[0]
    st.markdown(f"**{md_escape(who)}** · {md_escape(row['role'] or 'role not stated')} · quoted by "
                f"{md_escape(row['sources'])}" + (f" · cites {md_escape(row['figures_cited'])}"
                                                  if row["figures_cited"] else ""))
table(shown[["speaker", "quote", "sentiment", "role", "source", "language", "attribution", "speaker_text",
             "sentence", "doc_id"]], "quotes", link_docs=True, wrap=True, height=600)
