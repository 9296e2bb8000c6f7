"""Figures: the ledger of quoted numbers, money by source on a log axis, agreement, and who is quoted."""

import streamlit as st

from analysis import aggregates as agg
from charts import builders
from ui.state import get_view
from ui.widgets import chart, empty_state, filter_line, table

v = get_view()
t = v.view
st.title("Figures")
filter_line(v)

f = t.figures
if f.empty:
    empty_state("figures", v)
else:
    money = agg.money_points(f)
    if money.empty:
        st.info("No money figures under the current filters.")
    else:
        chart(builders.money(money), money, "money by source",
              note="Each point is one amount as quoted, converted at the rate shown in its row of the ledger.")
    st.subheader("Ledger")
    cats = sorted(f["category"].dropna().unique())
    c1, c2 = st.columns([1, 2])
    chosen = c1.multiselect("Category", cats, placeholder="All categories", key="fig_cats")
    query = c2.text_input("Search text or sentence", key="fig_search")
    ledger = agg.ledger(f, chosen, query)
    table(ledger, "figures ledger", height=420)

st.subheader("People quoted")
q = t.quotes
if q.empty:
    empty_state("quotes", v)
else:
    counts = agg.people_counts(q)
    if not counts.empty:
        chart(builders.people(counts), counts, "people quoted")
    table(q[["speaker", "role", "quote", "source", "language", "attribution", "doc_id"]], "quotes")
