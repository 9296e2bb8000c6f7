"""Figures: the ledger of quoted numbers, money by source on a log axis, agreement, and who is quoted."""

import streamlit as st

from analysis import aggregates as agg
from analysis.figures import agreement_groups
from analysis.pipeline import default_context
from charts import builders
from ui.state import per_view
from ui.widgets import chart, empty_state, page_header, table

NUMBER = st.column_config.NumberColumn(format="localized")
COLUMNS = {"value": NUMBER, "value_max": NUMBER, "normalized_value": NUMBER,
           "value_min": NUMBER}

v = page_header("Figures")
t = v.view
rates = default_context().rates

f = t.figures
if f.empty:
    empty_state("figures", v)
else:
    currencies = sorted(rates.per_usd)
    target = st.selectbox("Show money in", currencies, index=currencies.index("USD"), key="fig_currency")
    money = agg.money_points(f, target, rates)
    if money.empty:
        st.info("No money figures under the current filters.")
    else:
        used = sorted(set(money["unit"]) - {target})
        note = "; ".join(f"1 USD = {rates.per_usd[c]:g} {c} ({rates.dates.get(c, '')})" for c in [*used, target]
                         if c != "USD")
        chart(builders.money(money, target), money, "money by source",
              note="Each point is one amount as quoted. Rates used: " + (note or "none (all amounts in USD)") +
                   f". Source: {rates.sources.get(used[0], '') if used else 'as stated'}.")
    st.subheader("Do sources agree?")
    st.caption("The same quantity reported by several sources (same topic, category and unit, values within 15%).")
    candidates, note = agg.agreement_candidates(f)
    if note:
        st.caption(note)
    table(per_view(t, "agreement", lambda: agreement_groups(candidates)), "figure agreement", column_config=COLUMNS)
    st.subheader("Ledger")
    cats = sorted(f["category"].dropna().unique())
    c1, c2 = st.columns([1, 2])
    chosen = c1.multiselect("Category", cats, placeholder="All categories", key="fig_cats")
    query = c2.text_input("Search text or sentence", key="fig_search")
    table(agg.ledger(f, chosen, query), "figures ledger", height=420, column_config=COLUMNS, link_docs=True)
