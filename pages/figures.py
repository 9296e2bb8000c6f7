"""Figures: the key amounts, money by source on a log axis, whether sources agree, and the ledger."""

import streamlit as st

from analysis import aggregates as agg
from analysis import views
from analysis.figures import agreement_groups
from analysis.pipeline import default_context
from charts import builders
from ui.safe import md_escape
from ui.state import per_view
from ui.widgets import MAX_TABLE_ROWS, chart, empty_state, key_figure_card, page_header, palettes, quantity_card, table

v = page_header("Figures")
t = v.view
pal = palettes(v)
rates = default_context().rates

f = t.figures
if f.empty:
    empty_state("figures", v)
    st.stop()

cards = views.distinct_cards(per_view(t, "key_figures:8", agg.key_figures, f, 8))
counts = per_view(t, "headline_quantities", views.headline_quantities, f) if len(cards) < 3 else cards.iloc[:0]
slots = iter(st.columns(3))
for r, col in zip(cards.itertuples(), slots):
    key_figure_card(col, r)
for r, col in zip(counts.itertuples(), slots):  # a story with little money: the quantities most sources quote
    quantity_card(col, r)

if not (f["category"].astype(str) == "money").any():
    st.info("No money figures under the current filters.")
    money = None
else:
    currencies = sorted(rates.per_usd)
    target = st.columns(4)[0].selectbox("Show money in", currencies, key="fig_currency",
                                        index=currencies.index("USD") if "USD" in currencies else 0)
    money = agg.money_points(f, target, rates)
if money is not None and money.empty:
    st.info("No money amount with a number under the current filters (vague amounts have none).")
elif money is not None:
    used = sorted(set(money["unit"].astype(str)) - {target})
    note = "; ".join(f"1 USD = {rates.per_usd[c]:,g} {c} ({rates.dates.get(c, '')})" for c in [*used, target]
                     if c != "USD" and c in rates.per_usd)
    chart(builders.money(money, target, colors=pal["topic"]), money, "money by source",
          note="Each point is one amount as quoted, converted at the rate of its year. Rates used: "
               + (note or "none (all amounts in USD)")
               + f". Source: {rates.sources.get(used[0], '') if used else 'as stated'}.")

st.subheader("Do sources agree?")
st.caption("The same quantity reported by several sources (same topic, category and unit, values within 15%).")
candidates, note = agg.agreement_candidates(f)
if note:
    st.caption(md_escape(note))
groups = per_view(t, "agreement", lambda: agreement_groups(candidates))
show_all = st.toggle("Also show amounts only one source reports", key="fig_single")
shown = agg.agreement_view(groups, all_groups=show_all)
if shown.empty:
    st.info("No amount is reported by two or more sources under the current filters; the toggle shows the rest.")
else:
    table(shown, "figure agreement", download=groups)

st.subheader("Ledger")
cats = sorted(f["category"].dropna().astype(str).unique())
c1, c2 = st.columns([1, 2])
chosen = c1.multiselect("Category", cats, placeholder="All categories", key="fig_cats")
query = c2.text_input("Search text or sentence", key="fig_search")
full = agg.ledger(f, chosen, query)
if len(full) > MAX_TABLE_ROWS:
    st.caption(f"Showing the first {MAX_TABLE_ROWS:,} of {len(full):,} figures; the CSV below has them all.")
rows = agg.ledger_view(f, chosen, query, limit=MAX_TABLE_ROWS)
if "rate" in rows.columns and not rows["rate"].astype(str).str.strip().ne("").any():
    rows = rows.drop(columns=["rate"])  # no money converted in the shown rows: no empty column
table(rows, "figures ledger", height=420, link_docs=True, download=full)
