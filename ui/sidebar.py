"""Sidebar filters shared by every page, mirrored in the URL query string so a copied link reopens the view."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analysis.filters import Filters, language_name
from analysis.tables import Tables
from core.cells import distinct_topics, published_dates

CORPUS_KEY = "_filters_corpus"  # the corpus the session's filters belong to
FILTER_PARAMS = ("from", "to", "undated", "dups", "lang", "source", "topic")  # the address keys the filter owns
NOTE = "_filters_note"  # a one-time note about the filters (cleared, narrowed)
KEYS = {"dates": "f_dates", "undated": "f_undated", "lang": "f_lang", "source": "f_source", "topic": "f_topic",
        "dedupe": "f_dedupe"}


def _options(t: Tables) -> dict:
    """The filters' choices, worked out once per corpus (kept with its unfiltered view)."""
    memo = getattr(t, "memo", None)
    return memo("sidebar:options", _work_out_options, t) if memo is not None else _work_out_options(t)


def _work_out_options(t: Tables) -> dict:
    docs = t.documents
    published = published_dates(docs["published"]).dropna()
    span = (published.min().date(), published.max().date()) if len(published) else None
    topics = sorted(distinct_topics(docs["topics"])) if "topics" in docs.columns else []
    return {
        "span": span,
        "languages": sorted(docs["language"].dropna().astype(str).unique().tolist()),
        "sources": sorted(docs["source"].dropna().astype(str).unique().tolist()),
        "topics": topics,
        "duplicates": int((~docs["duplicate_of"].astype(str).isin(["", "nan"])).sum())
        if "duplicate_of" in docs.columns else 0,
    }


def _from_query(opts: dict) -> None:
    """Seed widget state from the URL once per session (unknown values are ignored)."""
    if st.session_state.get("_seeded"):
        return
    st.session_state["_seeded"] = True
    q = st.query_params
    for name, key, allowed in (("lang", KEYS["lang"], opts["languages"]), ("source", KEYS["source"], opts["sources"]),
                               ("topic", KEYS["topic"], opts["topics"])):
        values = list(dict.fromkeys(v for v in q.get_all(name) if v in allowed))  # ?lang=ko&lang=ko: once
        if values:
            st.session_state[key] = values
    if q.get("dups") == "1":
        st.session_state[KEYS["dedupe"]] = False
    if q.get("undated") in ("0", "1"):
        st.session_state[KEYS["undated"]] = q.get("undated") == "1"
    if opts["span"] and (q.get("from") or q.get("to")):
        try:
            a = dt.date.fromisoformat(q.get("from")) if q.get("from") else opts["span"][0]
            b = dt.date.fromisoformat(q.get("to")) if q.get("to") else opts["span"][1]
        except ValueError:
            return
        picked = _clamp((min(a, b), max(a, b)), opts["span"])
        if picked != (min(a, b), max(a, b)):
            st.session_state[NOTE] = "The link's date range reaches beyond this corpus: narrowed to its span."
        st.session_state[KEYS["dates"]] = picked


def _clamp(picked: tuple[dt.date, dt.date], span: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """A date range inside the corpus's span (a range that misses the span entirely becomes the whole span)."""
    lo, hi = span
    a, b = max(picked[0], lo), min(picked[1], hi)
    return (a, b) if a <= b else (lo, hi)


def _new_corpus(corpus_id: str) -> None:
    """A different corpus than this session's last one (an upload, back to the bundled corpus): its filters and
    the address start empty, so nothing of the old corpus silently hides articles of the new one."""
    last = st.session_state.get(CORPUS_KEY)
    st.session_state[CORPUS_KEY] = corpus_id
    if last is None or last == corpus_id:
        return
    had = any(k in st.session_state for k in KEYS.values()) or bool(st.query_params.to_dict())
    for key in KEYS.values():
        st.session_state.pop(key, None)
    st.query_params.clear()
    if had:
        st.session_state[NOTE] = "Another corpus is open: the filters were cleared."


def _to_query(f: Filters, opts: dict) -> None:
    params: dict[str, str | list[str]] = {}
    span = opts["span"]
    if f.date_from and span and f.date_from != span[0]:
        params["from"] = f.date_from.isoformat()
    if f.date_to and span and f.date_to != span[1]:
        params["to"] = f.date_to.isoformat()
    if not f.include_undated:
        params["undated"] = "0"
    if not f.dedupe:
        params["dups"] = "1"
    if f.languages:
        params["lang"] = list(f.languages)
    if f.sources:
        params["source"] = list(f.sources)
    if f.topics:
        params["topic"] = list(f.topics)
    ours = set(FILTER_PARAMS)
    current = {k: (st.query_params.get_all(k) if isinstance(v, list) else st.query_params.get(k))
               for k, v in params.items()}
    if current != params or set(st.query_params.keys()) & ours != set(params):
        for k in ours - set(params):  # the filter's own keys only: a page's keys (the reader's doc) stay
            if k in st.query_params:
                del st.query_params[k]
        for k, v in params.items():
            st.query_params[k] = v


def sidebar_filters(t: Tables, corpus_id: str = "") -> Filters:
    """The sidebar's filters for the corpus ``corpus_id`` (a change of corpus clears them)."""
    _new_corpus(corpus_id)
    opts = _options(t)
    _from_query(opts)
    sb = st.sidebar
    sb.header("Filters")
    if st.session_state.get(NOTE):
        sb.info(st.session_state.pop(NOTE))
    date_from = date_to = None
    st.session_state.setdefault(KEYS["undated"], True)
    if opts["span"]:
        lo, hi = opts["span"]
        st.session_state.setdefault(KEYS["dates"], (lo, hi))
        picked = st.session_state[KEYS["dates"]]
        if isinstance(picked, (tuple, list)) and len(picked) == 2 and tuple(picked) != _clamp(tuple(picked), (lo, hi)):
            picked = st.session_state[KEYS["dates"]] = _clamp(tuple(picked), (lo, hi))
            sb.info("The date range reached beyond this corpus: narrowed to its span.")
        sb.date_input("Published between", min_value=min(lo, picked[0]), max_value=max(hi, picked[-1]),
                      key=KEYS["dates"], format="YYYY-MM-DD")
        picked = st.session_state[KEYS["dates"]]
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            date_from, date_to = picked
    include_undated = sb.checkbox("Include undated articles", key=KEYS["undated"])
    languages = sb.multiselect("Language", opts["languages"], key=KEYS["lang"], format_func=language_name,
                               placeholder="All languages")
    sources = sb.multiselect("Source", opts["sources"], key=KEYS["source"], placeholder="All sources")
    topics = sb.multiselect("Topic", opts["topics"], key=KEYS["topic"], placeholder="All topics")
    st.session_state.setdefault(KEYS["dedupe"], True)
    n_dup = opts["duplicates"]
    dedupe = sb.checkbox("Count near-duplicates once", key=KEYS["dedupe"],
                         help=f"{n_dup} articles are near-copies (syndication, the same wire) of another article.",
                         disabled=n_dup == 0)
    full = opts["span"] or (None, None)
    f = Filters(
        date_from=date_from if date_from != full[0] else None,
        date_to=date_to if date_to != full[1] else None,
        include_undated=include_undated, languages=tuple(languages), sources=tuple(sources), topics=tuple(topics),
        dedupe=dedupe,
    )
    _to_query(f, opts)
    if not f.is_empty():
        sb.button("Clear filters", on_click=_clear)
    return f


def _clear() -> None:
    for key in KEYS.values():
        st.session_state.pop(key, None)
    for k in FILTER_PARAMS:
        if k in st.query_params:
            del st.query_params[k]
