"""Overview: the story in one screen. Milestones on one strip, the key money figures, who is quoted most,
coverage by language; the ingest summary below."""

import streamlit as st

from analysis import aggregates as agg
from analysis import views
from charts import builders
from core.cells import n_undated as n_undated_of
from ui.safe import md_escape
from ui.state import per_view
from ui.widgets import chart, empty_state, key_figure_card, page_header, palettes, quantity_card

v = page_header("Overview")
t = v.view
pal = palettes(v)

if t.count("documents") == 0:
    empty_state("articles", v)
    st.stop()

docs = t.table("documents", ["source", "language", "published", "_published"])  # the columns this page reads
span = agg.publication_span(docs)
n_undated = n_undated_of(docs)
c = st.columns(6)
c[0].metric("Articles", len(docs))
c[1].metric("Sources", docs["source"].nunique())
c[2].metric("Languages", docs["language"].nunique())
c[3].metric("Milestones", t.count("milestones"), help="Merged across sources; see Timeline")
c[4].metric("Figures quoted", t.count("figures"), help="Numbers with their unit; see Figures")
c[5].metric("Quotes", t.count("quotes"), help="See People")
when = (f"Published {span[0]:%Y-%m-%d} to {span[1]:%Y-%m-%d}" if span else "No publication dates known")
st.caption(when + (f"; {n_undated} undated." if n_undated else "."))

strip = per_view(t, "strip", agg.milestone_strip_of, t)
if strip.empty:
    empty_state("dated milestones", v)
else:
    laid = builders.strip_lanes(strip, span)
    laid = laid[laid["lane"] >= 0].reset_index(drop=True)
    chart(builders.milestone_strip(laid, pal["topic"], span), laid, "milestone strip",
          note=f"{len(laid)} of {t.count('milestones')} milestones: those most sources report, one per topic first. "
               "Shaded: when the articles were published; a bar: the period a date covers. All on the Timeline.")

figs, people, langs = st.columns(3)
with figs:
    st.subheader("Key figures")
    cards = views.distinct_cards(per_view(t, "key_figures:8", agg.key_figures_of, t, 8))
    for r in cards.itertuples():
        key_figure_card(st, r)
    # fewer than three money amounts: the quantities most sources quote fill the cards ("53 days", "about 2 kg")
    counts = per_view(t, "headline_quantities", views.headline_quantities_of, t) if len(cards) < 3 else None
    for r in (counts.head(3 - len(cards)).itertuples() if counts is not None else ()):
        quantity_card(st, r)
    if cards.empty and (counts is None or counts.empty):
        st.caption("No money figures, and no quantity two sources quote, under the current filters.")
with people:
    st.subheader("Who is quoted most")
    top = per_view(t, "top_speakers", agg.top_speakers_of, t)
    if top.empty:
        st.caption("No named speakers under the current filters.")
    for r in top.itertuples():
        role = f" · {r.role}" if r.role else ""
        st.markdown(f"**{md_escape(r.speaker)}**{md_escape(role)}  \n"
                    f":gray[{r.quotes} quote{'s' if r.quotes != 1 else ''} · {md_escape(r.sources)}]")
with langs:
    st.subheader("Coverage by language")
    by_lang = agg.counts_by(docs, "language")
    chart(builders.bar_counts(by_lang, "language_name", title="", colors=pal["language"], color_key="language"),
          by_lang, "articles by language")

by_source = agg.counts_by(docs, "source")
words = views.counts_in_words(by_source, "source")
if words:  # a chart of equal bars (or of one taller bar among many) says no more than this sentence
    st.caption(md_escape(words))
else:
    bars, rest = views.top_bars(by_source)
    chart(builders.bar_counts(bars, "source", title="Articles by source", colors=pal["source"]), bars,
          "articles by source", note=f"The {len(bars)} sources with the most articles; {rest} more on the "
                                     "Documents page." if rest else None)

loaded = v.loaded
n_docs, n_skipped = len(loaded.tables.documents), len(loaded.tables.skipped)
st.caption(f"{n_docs} files loaded, {n_skipped} skipped ({n_docs + n_skipped} seen); the full report is on the "
           "Documents page." + (f" {loaded.cached_files} files read from the analysis cache, "
                               f"{loaded.enriched_files} analysed now." if loaded.cached_files else ""))
for note in loaded.problems:
    st.warning(md_escape(note))
