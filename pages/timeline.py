"""Timeline: milestones per topic (past solid, projected hollow) and coverage over time."""

import streamlit as st

from analysis import aggregates as agg
from charts import builders
from ui.widgets import chart, empty_state, page_header, table

v = page_header("Timeline")
t = v.view

points = agg.timeline_points(t.events)
if points.empty:
    empty_state("dated milestones", v)
else:
    chart(builders.timeline(points), points, "milestones timeline",
          note="A milestone is a tracked topic with a date stated in the same sentence. Month, season and year "
               "dates sit in the middle of their period. Hover a point for its sentence, source and mentions.")
    st.subheader("Milestones, merged across sources")
    table(t.milestones, "milestones")
    st.subheader("Every dated mention")
    table(t.events[["topic", "date", "kind", "date_text", "tz_note", "source", "language", "sentence", "basis",
                    "doc_id"]], "milestone mentions", link_docs=True)

st.subheader("Coverage over time")
by = st.radio("Colour by", ["source", "language"], horizontal=True, key="coverage_by")
cov = agg.coverage_weekly(t.documents, by)
if cov.empty:
    empty_state("dated articles", v)
else:
    chart(builders.coverage(cov, by), cov, f"coverage by {by}",
          note=f"{(t.documents['published'].astype(str) == '').sum()} undated articles are not plotted.")
