"""Timeline: merged milestones per topic (past solid, projected hollow, periods as spans) and coverage over time."""

import streamlit as st

from analysis import aggregates as agg
from analysis.entities import entity_counts_line
from analysis.filters import language_name
from charts import builders
from core.cells import n_undated as n_undated_of
from ui.state import per_view
from ui.widgets import chart, empty_state, page_header, palettes, table

v = page_header("Timeline")
t = v.view
pal = palettes(v)
span = agg.publication_span(t.documents)
st.caption(entity_counts_line(getattr(t, "entities", None)))

points = per_view(t, "milestone_points", agg.milestone_points, t.milestones, t.events)
if points.empty:
    empty_state("dated milestones", v)
else:
    chart(builders.timeline(points, pal["topic"], span), points, "milestones timeline",
          note="A milestone is a tracked topic with a date stated in the same sentence, merged across sources. "
               "A bar is the period a date covers (a year, a season, a month); the shaded band is when the "
               "articles were published. Hover a point for its sources.")
    st.subheader("Milestones, merged across sources")
    ms = t.milestones.assign(when=[agg.date_text(d, p) for d, p in zip(t.milestones["date"],
                                                                       t.milestones["date_precision"])])
    table(ms[["topic", "when", "date_precision", "kind", "n_sources", "first_reported", "disagreement", "sources"]],
          "milestones")
    st.subheader("Every dated mention")
    # the sentence beside its date, where it is read; the rest to its right
    table(t.events[["topic", "date", "kind", "date_text", "sentence", "source", "language", "tz_note", "basis",
                    "doc_id"]], "milestone mentions", link_docs=True)

st.subheader("Coverage over time")
by = st.radio("Colour by", ["source", "language"], horizontal=True, key="coverage_by",
              format_func=lambda x: x.capitalize())
cov = agg.coverage_weekly(t.documents, by)
if cov.empty:
    empty_state("dated articles", v)
else:
    n_undated = n_undated_of(t.table("documents", ["published", "_published"]))
    names = language_name if by == "language" else None
    chart(builders.coverage(cov, by, colors=pal[by], names=names), cov, f"coverage by {by}",
          note=f"Weeks start on Monday; a week without articles is a gap. {n_undated} undated article"
               f"{'s are' if n_undated != 1 else ' is'} not plotted.")
