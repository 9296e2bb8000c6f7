"""Sentiment by source, language and topic (95% intervals, in words when a difference is not clear), over time,
the evidence sentences and the not-scored counts."""

import streamlit as st

from analysis import aggregates as agg
from analysis import settings, views
from analysis.filters import language_name, sentence_texts
from analysis.sentiment import model_info
from charts import builders
from ui.safe import md_escape
from ui.state import per_view
from ui.widgets import chart, empty_state, page_header, palettes, table

MIN_TOPIC_N = int(settings.get("min_topic_n"))  # topics with fewer scored sentences are hidden by default

v = page_header("Sentiment")
t = v.view
pal = palettes(v)

s = t.sentences
if s.empty:
    empty_state("sentences", v)
    st.stop()

n_scored = int(s["sentiment"].notna().sum())
st.caption(f"{n_scored} of {len(s)} sentences scored; {len(s) - n_scored} not scored (counted, never as 0). "
           "Scores run from −1 (negative) to +1 (positive); a bar's whisker is its 95% interval.")
info = model_info()
with st.expander("How sentences are scored, and how accurate it is"):
    st.write(md_escape(info.get("note", "Sentence sentiment on one scale for English, Korean, Chinese and "
                                        "Japanese.")))
    st.caption("Measured on hand-labelled news sentences kept out of training (bench/SENTIMENT.md)"
               + ("; the frozen test set was scored once, after the model was fixed." if info.get("test") else
                  "; no frozen test-set score yet.")
               + (" " + md_escape(str(info["test_note"])) if info.get("test_note") else ""))
    table(agg.method_metrics(info), "sentiment method accuracy")


def _named(summ, by: str):
    return summ.assign(language=summ["language"].map(language_name)) if by == "language" else summ


def _means(by: str, title: str, summ) -> None:
    if summ["n_scored"].sum() == 0:
        empty_state(f"scored sentences by {by}", v)
        return
    chart(builders.sentiment_means(summ, by, title), summ, f"sentiment mean by {by}")
    words = agg.sentiment_contrast(summ, by)
    if words:
        st.markdown(md_escape(words))


# Source names are long: the source chart takes the page's width; language and topic share a row below it.
st.subheader("By source")
_means("source", "Mean sentence sentiment by source (95% interval)",
       per_view(t, "summary:source", agg.sentiment_summary, s, "source"))
left, right = st.columns(2)
with left:
    st.subheader("By language")
    _means("language", "Mean sentence sentiment by language (95% interval)",
           _named(per_view(t, "summary:language", agg.sentiment_summary, s, "language"), "language"))
with right:
    st.subheader("By topic")
    topics = per_view(t, "summary:topic", agg.sentiment_summary, s, "topic")
    small = topics[topics["n_scored"] < MIN_TOPIC_N]
    show_small = st.toggle(f"Show topics with fewer than {MIN_TOPIC_N} scored sentences ({len(small)})",
                           key="sent_small_topics", disabled=small.empty)
    shown_topics = topics if show_small else topics[topics["n_scored"] >= MIN_TOPIC_N]
    if shown_topics.empty:
        st.info(f"No topic has {MIN_TOPIC_N} or more scored sentences under the current filters; use the toggle "
                "to see the smaller ones (their means say little).")
    else:
        _means("topic", "Mean sentence sentiment by topic (95% interval)", shown_topics)

with st.expander("Tables: means and tone shares by source, language and topic"):
    for by in ("source", "language", "topic"):
        summ = _named(per_view(t, f"summary:{by}", agg.sentiment_summary, s, by), by)
        table(summ, f"sentiment summary by {by}")
        shares = per_view(t, f"shares:{by}", agg.sentiment_shares, s, by)
        table(_named(shares, by), f"sentiment shares by {by}")

st.subheader("Over time")


def _over(by: str):
    return per_view(t, f"over_time:{by}", agg.sentiment_over_time, s, by, v.tables.documents)


# the first choice is the grouping that has a line to draw (one article per source: by language)
first = 1 if not views.has_line(_over("source"), "source") and views.has_line(_over("language"), "language") else 0
by_time = st.radio("Lines by", ["source", "language"], index=first, horizontal=True, key="sent_time_by",
                   format_func=lambda x: x.capitalize())
over = _over(by_time)
if over.empty:
    empty_state("dated, scored sentences", v)
elif not views.has_line(over, by_time):
    st.info(f"Each {by_time}'s scored sentences fall in a single week: there is no line over time to draw. The "
            "means by source and language above say more.")
else:
    names = language_name if by_time == "language" else None
    chart(builders.sentiment_over_time(over, by_time, colors=pal[by_time], names=names), over,
          f"sentiment over time by {by_time}",
          note="Weekly mean of scored sentences by publication date (a larger point: more sentences); undated "
               "articles are left out.")

comparison = agg.english_comparison(s)
if not comparison.empty:
    with st.expander("English: the cross-lingual score beside TextBlob"):
        st.caption("TextBlob is English-only; its polarity is shown with the domain fix (\"artificial "
                   "intelligence\" is not negative). The cross-lingual score is the one used in every chart.")
        table(comparison, "english scorer comparison")

st.subheader("Evidence")
pos, neg = (sentence_texts(x, t) for x in agg.extreme_sentences(s))
left, right = st.columns(2)
for col, frame, title in ((left, pos, "Most positive"), (right, neg, "Most negative")):
    with col:
        st.markdown(f"**{title}**")
        if frame.empty:
            st.caption("No sentence.")
        for _, r in frame.iterrows():
            st.markdown(f"{r['sentiment']:+.2f} · {md_escape(r['source'])} · "
                        f"{md_escape(language_name(str(r['language'])))}  \n{md_escape(r['text'])}")

not_scored = s[s["sentiment"].isna()]
if len(not_scored):
    with st.expander(f"Not scored: {len(not_scored)} sentences, with the reason"):
        shown = sentence_texts(not_scored.head(5000), t)
        table(shown[["source", "language", "sentiment_reason", "text"]], "sentences not scored")
