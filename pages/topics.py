"""Topics: the story's discovered entities and the default topics (the editor is being added)."""

import streamlit as st

from ui.widgets import page_header, table

v = page_header("Topics")
ents = v.tables.entities
if ents is None or ents.empty:
    st.info("No entities were discovered in this corpus.")
    st.stop()
table(ents, "entities")
