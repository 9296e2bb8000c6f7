"""Documents: a safe reader (figures and dates highlighted, opened at the sentence you came from, the article in
the address), the metadata bases, the list of articles and the ingest report."""

import json

import streamlit as st

from analysis import aggregates as agg
from analysis.filters import language_name
from ui.safe import highlight, md_escape
from ui.widgets import empty_state, page_header, table

COLORS = {"figure": "orange", "date": "blue", "topic": "green", "focus": "violet"}
DOC_PARAM = "doc"  # the open article in the address: a copied link reopens it

v = page_header("Documents")
t = v.view


def _scroll_to(prefix: str) -> None:
    """Scroll the page to the highlighted sentence (a script of ours; the text goes in as a JSON string with
    "<" escaped, so corpus text can never close the script)."""
    want = json.dumps(prefix[:60]).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    st.html(
        "<script>(function(){const want=" + want + ";let n=0;const t=setInterval(function(){"
        "const els=Array.from(document.querySelectorAll('.stMarkdownColoredBackground'));"
        "const el=els.find(e=>e.textContent.replace(/\\s+/g,' ').trim().startsWith(want.replace(/\\s+/g,' ')"
        ".trim()));if(el){el.scrollIntoView({block:'start',behavior:'instant'});"
        "const main=document.querySelector('[data-testid=\"stMain\"]');if(main){main.scrollBy(0,-110);}"
        "clearInterval(t);}if(++n>40)clearInterval(t);},150);})();</script>",
        unsafe_allow_javascript=True)


docs = t.documents
if docs.empty:
    empty_state("articles", v)
else:
    c1, c2 = st.columns([1, 2])
    find = c1.text_input("Find an article (title, source or file)", key="reader_find")
    choices = agg.reader_choices(docs, find, st.session_state.get("reader_doc"))
    ids = choices["doc_id"].astype(str).tolist()
    labels = {str(r.doc_id): f"{r.published or 'undated'} · {r.source} · {r.title}" for r in choices.itertuples()}
    if st.session_state.get("reader_doc") not in ids:
        st.session_state.pop("reader_doc", None)
    doc_id = c2.selectbox("Article", ids, format_func=lambda i: labels[i][:140], key="reader_doc")
    if len(choices) < len(docs):
        st.caption(f"{len(choices):,} of {len(docs):,} articles listed: type in the box to find others.")
    st.query_params[DOC_PARAM] = doc_id
    row = docs[docs["doc_id"] == doc_id].iloc[0]
    doc = v.corpus.document(str(row["path"]))
    if doc is None:
        st.warning("This article's file is no longer readable; its analysed rows are still shown elsewhere.")
        st.stop()
    spans = agg.highlight_spans(t.figures, t.dates, doc_id)
    focus = st.session_state.get("reader_focus", "")
    start = doc.text.find(focus) if focus else -1
    n_fig = sum(1 for sp in spans if sp[2] == "figure")
    n_date = sum(1 for sp in spans if sp[2] == "date")
    text_col, meta = st.columns([2, 1])
    with text_col:
        st.markdown(f"**{md_escape(str(row['title']) or 'Untitled')}**")
        legend = (f"Highlighted: :orange-background[figure ({n_fig})] · :blue-background[date ({n_date})]"
                  + (" · :violet-background[the sentence you came from]" if start >= 0 else ""))
        st.markdown(legend)
        if start >= 0:
            spans = [sp for sp in spans if sp[1] <= start or sp[0] >= start + len(focus)]
            spans.append((start, start + len(focus), "focus"))
            st.markdown(f"> {md_escape(focus)}")
            st.button("Read from the top", key="reader_unfocus",
                      on_click=lambda: st.session_state.pop("reader_focus", None))
        st.markdown(highlight(doc.text, spans, COLORS))
        if start >= 0:
            _scroll_to(focus)
    with meta:
        st.markdown("**Metadata** (value · how it was obtained)")
        fields = [("Title", row["title"], row["title_basis"]), ("Source", row["source"], row["source_basis"]),
                  ("Language", language_name(str(row["language"])), row["language_basis"]),
                  ("Published", row["published"] or "undated", row["published_basis"]),
                  ("Address", row["url"] or "—", "manifest" if row["url"] else "")]
        for name, value, basis in fields:
            st.markdown(f"**{name}**: {md_escape(value)}  \n:gray[{md_escape(basis)}]")
        for k, val in doc.meta.items():
            st.markdown(f"**{md_escape(k)}**: {md_escape(val)}  \n:gray[manifest]")
        st.caption(f"{row['n_sentences']} sentences · {md_escape(doc.basis.get('encoding', ''))} · "
                   f"{len(doc.removed)} boilerplate or repeated lines removed")
        if doc.removed:
            with st.expander("Removed while cleaning"):
                st.text("\n".join(doc.removed))

    st.subheader("Articles")
    cols = [c for c in ["published", "title", "source", "language", "n_sentences", "sentiment", "topics",
                        "duplicate_of", "doc_id", "path"] if c in docs.columns]
    table(docs[cols], "documents")

st.subheader("Ingest report")
skipped = v.loaded.tables.skipped
st.write(f"{len(v.loaded.tables.documents)} files loaded, {len(skipped)} skipped.")
if len(skipped):
    table(skipped[[c for c in skipped.columns if c != "file_key"]], "skipped", download=skipped)
