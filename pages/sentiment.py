"""Sentiment by source, language and topic, with the evidence sentences and the not-scored counts."""

import streamlit as st

from analysis import aggregates as agg
from analysis.filters import sentence_texts
from analysis.sentiment import model_info
from charts import builders
from ui.safe import md_escape
from ui.state import per_view
from ui.widgets import chart, empty_state, page_header, table

v = page_header("Sentiment")
t = v.view

s = t.sentences
if s.empty:
    empty_state("sentences", v)
    st.stop()

n_scored = int(s["sentiment"].notna().sum())
st.caption(f"{n_scored} of {len(s)} sentences scored; {len(s) - n_scored} not scored (counted, never as 0).")
info = model_info()
with st.expander("How sentences are scored, and how accurate it is"):
    st.write(info.get("note", "Sentence sentiment on one scale for English, Korean, Chinese and Japanese."))
    st.caption("Measured on hand-labelled news sentences kept out of training (bench/SENTIMENT.md).")
    st.dataframe(agg.method_metrics(info), hide_index=True)

for by, title in (("source", "By source"), ("language", "By language"), ("topic", "By topic")):
    st.subheader(title)
    summ = per_view(t, f"summary:{by}", agg.sentiment_summary, s, by)
    if summ["n_scored"].sum() == 0:
        empty_state(f"scored sentences by {by}", v)
        continue
    chart(builders.sentiment_means(summ, by, f"Mean sentence sentiment by {by} (95% interval)"), summ,
          f"sentiment mean by {by}")
    shares = per_view(t, f"shares:{by}", agg.sentiment_shares, s, by)
    chart(builders.sentiment_shares(shares, by, f"Tone of scored sentences by {by}"), shares,
          f"sentiment shares by {by}")
    with st.expander(f"Table: sentiment by {by}"):
        table(summ, f"sentiment summary by {by}")

st.subheader("Over time")
by_time = st.radio("Lines by", ["source", "language"], horizontal=True, key="sent_time_by")
over = per_view(t, f"over_time:{by_time}", agg.sentiment_over_time, s, by_time, v.tables.documents)
if over.empty:
    empty_state("dated, scored sentences", v)
else:
    chart(builders.sentiment_over_time(over, by_time), over, f"sentiment over time by {by_time}",
          note="Weekly mean of scored sentences by publication date; undated articles are left out.")

comparison = agg.english_comparison(s)
if not comparison.empty:
    st.subheader("English: cross-lingual score beside TextBlob")
    st.caption("TextBlob is English-only; its polarity is shown with the domain fix (\"artificial intelligence\" "
               "is not negative). The cross-lingual score is the one used in every chart above.")
    table(comparison, "english scorer comparison")

st.subheader("Evidence")
pos, neg = (sentence_texts(x, t) for x in agg.extreme_sentences(s))
left, right = st.columns(2)
for col, frame, title in ((left, pos, "Most positive"), (right, neg, "Most negative")):
    with col:
        st.markdown(f"**{title}**")
        if frame.empty:
            st.caption("None.")
        for _, r in frame.iterrows():
            st.markdown(f"{r['sentiment']:+.2f} · {md_escape(r['source'])} · {r['language']}  \n"
                        f"{md_escape(r['text'])}")

not_scored = s[s["sentiment"].isna()]
if len(not_scored):
    with st.expander(f"Not scored: {len(not_scored)} sentences, with the reason"):
        shown = sentence_texts(not_scored.head(5000), t)
        table(shown[["source", "language", "sentiment_reason", "text"]], "sentences not scored")
