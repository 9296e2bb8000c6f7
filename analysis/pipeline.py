"""Documents -> enriched tidy tables. Every enricher is a plain function; this module only wires them."""

from __future__ import annotations

import bisect
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from analysis.entities import LEAD_SENTENCES, Story, find_mentions, link, load_story, mention_rows
from analysis.events import (
    assign_milestones,
    events_from_candidates,
    find_candidates,
    merge_milestones,
    sentence_dates,
    story_year,
)
from analysis.figures import FxRates, find_figures, load_rates, normalize
from analysis.metadata import complete_metadata
from analysis.quotes import PeopleIndex, find_quotes, load_people
from analysis.records import Document, Skipped
from analysis.sentences import split_sentences
from analysis.sentiment import score_document_sentences, textblob_score
from analysis.tables import ROW_TABLES, Tables, frame
from analysis.topics import TopicIndex, load_topics
from loaders.dedup import near_duplicates_from_signatures, signature

log = logging.getLogger(__name__)

PIPELINE_VERSION = "1"
Progress = Callable[[int, int, str], None]

@dataclass(frozen=True)
class Context:
    topics: TopicIndex
    people: PeopleIndex
    rates: FxRates


@lru_cache(maxsize=1)
def default_context() -> Context:
    return Context(topics=load_topics(), people=load_people(), rates=load_rates())


def _iso(d) -> str:
    return d.isoformat() if d else ""


def _nearest_topic(topic_spans: list[tuple[int, int, str]], start: int, end: int) -> str:
    if not topic_spans:
        return ""
    return min(topic_spans, key=lambda s: min(abs(s[0] - end), abs(start - s[1])))[2]


STAGE_SECONDS: Counter[str] = Counter()  # time spent per enricher in this process (read by the benchmark)


def _timed(stage: str, fn, *args):
    t0 = time.perf_counter()
    try:
        return fn(*args)
    finally:
        STAGE_SECONDS[stage] += time.perf_counter() - t0


def enrich_document(doc: Document, ctx: Context) -> dict[str, list[dict]]:
    """All enrichments of one document as lists of row dicts (one list per table)."""
    doc = _timed("metadata", complete_metadata, doc)
    lang = doc.language
    published = _iso(doc.published)
    common = {"doc_id": doc.doc_id, "path": doc.path}
    ctx_cols = {"source": doc.source, "language": lang, "published": published}
    sents = _timed("sentences", split_sentences, doc.text, lang)
    scores = _timed("sentiment", score_document_sentences, sents, doc.text, lang, doc.source)
    topic_by_sent = _timed("topics", lambda: [ctx.topics.find(s.text) for s in sents])
    tb = _timed("textblob", lambda: [textblob_score(s.text) if lang == "en" and not sc.reason else None
                                     for s, sc in zip(sents, scores)])

    sent_rows = []
    for s, sc, topics, tbs in zip(sents, scores, topic_by_sent, tb):
        sent_rows.append({
            **common, "idx": s.idx, "text": s.text, "language": lang, "sentiment": sc.score,
            "sentiment_label": sc.label, "sentiment_method": sc.method, "sentiment_reason": sc.reason,
            "textblob": tbs, "topics": "; ".join(topics),  # tracked topics; finish_tables sets the story's
            "source": doc.source, "published": published, "start": s.start, "end": s.end,
        })

    # Dates are scanned once, sentence by sentence: the milestone candidates and the reader's date table share it.
    by_sentence = _timed("dates", sentence_dates, sents, doc.text, lang, doc.published)
    focus = {j for i, found in enumerate(by_sentence) if found for j in (i - 1, i, i + 1)} | set(range(LEAD_SENTENCES))
    mentions = _timed("entities", lambda: mention_rows(find_mentions(sents, lang, focus), sents, lang))
    mention_out = [{**common, **m, **ctx_cols} for m in mentions]
    names: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        names.setdefault(m["sentence_idx"], []).append((m["sent_start"], m["sent_end"]))
    candidates = _timed("events", find_candidates, sents, doc.text, lang, doc.published, by_sentence, names)
    candidate_rows = [{**common, **c, **ctx_cols} for c in candidates]

    date_rows = [{
        **common, "start": sent.start + m.start, "end": sent.start + m.end, "text": m.text, "date": m.date,
        "precision": m.precision, "date_end": m.date_end or "", "tz_note": m.tz_note, "basis": m.basis,
    } for sent, found in zip(sents, by_sentence) for m in found]

    # Figures are found in the whole text (an amount may be split across a line break), then placed in the
    # sentence that contains their start.
    fig_rows = []
    starts = [x.start for x in sents]
    for f in _timed("figures", find_figures, doc.text, lang):
        i = max(bisect.bisect_right(starts, f.start) - 1, 0)
        s = sents[i] if sents else None
        nval, nunit, nbasis = normalize(f, ctx.rates)
        spans = ctx.topics.spans(s.text) if s else []
        fig_rows.append({
            **common, "text": f.text, "value": f.value, "value_max": f.value_max, "unit": f.unit,
            "category": f.category, "normalized_value": nval, "normalized_unit": nunit,
            "approximate": f.approximate, "sentence": s.text if s else "", "vague": f.vague,
            "normalization_basis": nbasis, "bound": f.bound, "also_text": f.also_text,
            "also_value": f.also_value, "also_unit": f.also_unit,
            "topic": _nearest_topic(spans, f.start - s.start, f.end - s.start) if s else "",
            "sentence_idx": s.idx if s else None, **ctx_cols, "start": f.start, "end": f.end,
        })

    quote_rows = [{
        **common, "speaker": q.speaker, "quote": q.quote, "sentence": sents[q.sentence_idx].text, "role": q.role,
        "speaker_text": q.speaker_text, "attribution": q.attribution, "sentence_idx": q.sentence_idx, **ctx_cols,
        "sentiment": scores[q.sentence_idx].score,
    } for q in _timed("quotes", find_quotes, sents, lang, ctx.people)]

    scored = [sc.score for sc in scores if sc.score is not None]
    doc_topics = sorted({t for ts in topic_by_sent for t in ts}, key=ctx.topics.names.index)
    doc_row = {
        **common, "title": doc.title, "source": doc.source, "url": doc.url, "language": lang,
        "published": published, "published_basis": doc.basis.get("published", ""), "n_sentences": len(sents),
        "published_month": doc.basis.get("published_month", "") or published[:7],
        "sentiment": sum(scored) / len(scored) if scored else None, "n_scored": len(scored),
        "topics": "; ".join(doc_topics), "title_basis": doc.basis.get("title", ""),
        "source_basis": doc.basis.get("source", ""), "language_basis": doc.basis.get("language", ""),
        "n_chars": len(doc.text), "minhash": _timed("dedup", signature, doc.text),
        **{f"meta:{k}": v for k, v in doc.meta.items()},
    }
    return {"documents": [doc_row], "sentences": sent_rows, "events": [], "figures": fig_rows,
            "quotes": quote_rows, "dates": date_rows, "mentions": mention_out, "candidates": candidate_rows}


def finish_tables(frames: dict[str, pd.DataFrame], order: Sequence[str] | None = None,
                  story: Story | None = None, root: str | os.PathLike[str] | None = None) -> Tables:
    """Row tables (from one process, workers or the cache) -> final Tables: contract columns, documents in
    corpus order, unique doc_ids, then the story pass (entities, topics, milestones merged across the corpus)."""
    out = {name: frame(frames.get(name, pd.DataFrame()), name) for name in ROW_TABLES}
    docs = out["documents"]
    if order is not None and len(docs):
        rank = {p: i for i, p in enumerate(order)}
        file_of = docs["path"].astype(str).str.split("#").str[0]
        docs = docs.assign(_r=file_of.map(lambda p: _file_rank(p, rank))).sort_values(["_r", "path"], kind="stable")
        out["documents"] = docs.drop(columns="_r").reset_index(drop=True)
    out = _unique_doc_ids(out)
    out["documents"] = _mark_duplicates(out["documents"])
    if story is None:
        story = load_story(root) if root is not None else default_story()  # root: the corpus's own story.toml
    return story_pass(Tables(**out), story)


@lru_cache(maxsize=1)
def default_story() -> Story:
    """The optional overrides under data/ (topics.toml, people.toml); a corpus's story file is added by callers
    that know the corpus folder (load_story(folder))."""
    return load_story(None)


def story_pass(t: Tables, story: Story) -> Tables:
    """The cheap pass over cached rows: link mentions into entities, rank topics, pick each milestone's entity,
    merge milestones, and label sentences, documents and figures with topics. A story-file edit re-runs only this.
    """
    t0 = time.perf_counter()
    mentions = t.mentions
    if len(mentions) and "basis" in mentions.columns:
        mentions = mentions[mentions["basis"].astype(str) != "story alias"]  # re-added from the story below
    linked = link(mentions.drop(columns=["entity_id"], errors="ignore"), story, t.sentences)
    ents = linked.entities
    names = dict(zip(ents["entity_id"], ents["name"], strict=True))
    topic_set = set(linked.topics)
    kinds = dict(zip(ents["entity_id"], ents["kind"], strict=True))
    year = story_year(t.documents["published"].tolist()) if "published" in t.documents.columns else None
    events = events_from_candidates(t.candidates, linked.mentions, names, topic_set, linked.hidden, kinds, year)
    events = frame(events, "events")
    if len(events):
        events = frame(assign_milestones(events.drop(columns=["milestone_id"])), "events")
        milestones = merge_milestones(events, assigned=True)
    else:
        milestones = frame(pd.DataFrame(), "milestones")
    sentences, documents, figures = _label_topics(t, linked)
    STAGE_SECONDS["story pass"] += time.perf_counter() - t0
    return replace(t, events=events, milestones=milestones, mentions=frame(linked.mentions, "mentions"),
                   entities=frame(ents, "entities"), sentences=sentences, documents=documents, figures=figures)


def _label_topics(t: Tables, linked) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """topics of each sentence and document (joined by "; ", in topic rank order) and each figure's nearest topic."""
    m = linked.mentions
    order = {name: i for i, name in enumerate(linked.topics)}
    ents = linked.entities
    topic_of = {e: n for e, n, is_t in zip(ents["entity_id"], ents["name"], ents["is_topic"], strict=True) if is_t}
    sentences, documents, figures = t.sentences, t.documents, t.figures
    if m.empty or not topic_of:
        return sentences, documents, figures
    tm = m[m["entity_id"].isin(topic_of)]
    tm = tm.assign(topic=tm["entity_id"].map(topic_of))
    per_sent: dict[tuple[str, int], list[str]] = {}
    for d, si, name in zip(tm["doc_id"], tm["sentence_idx"], tm["topic"], strict=True):
        lst = per_sent.setdefault((str(d), int(si)), [])
        if name not in lst:
            lst.append(name)
    per_doc: dict[str, set[str]] = {}
    for (d, _), names in per_sent.items():
        per_doc.setdefault(d, set()).update(names)
    def join(names):
        return ("; ".join(sorted(names, key=lambda n: order.get(n, 1 << 30))))
    if len(sentences):
        keys = zip(sentences["doc_id"].astype(str), sentences["idx"].astype(int), strict=True)
        sentences = sentences.assign(topics=[join(per_sent.get(k, ())) for k in keys])
    if len(documents):
        documents = documents.assign(topics=[join(per_doc.get(str(d), ())) for d in documents["doc_id"]])
    if len(figures) and "start" in figures.columns:
        spans: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
        for d, si, s, e, name in zip(tm["doc_id"], tm["sentence_idx"], tm["start"], tm["end"], tm["topic"],
                                     strict=True):
            spans.setdefault((str(d), int(si)), []).append((int(s), int(e), name))
        labels = []
        for d, si, s, e in zip(figures["doc_id"], figures["sentence_idx"], figures["start"], figures["end"],
                               strict=True):
            cand = spans.get((str(d), int(si)), []) if pd.notna(si) else []
            labels.append(_nearest_topic(cand, int(s), int(e)) if cand else "")
        figures = figures.assign(topic=labels)
    return sentences, documents, figures


def _mark_duplicates(docs: pd.DataFrame) -> pd.DataFrame:
    """duplicate_of: the doc_id of the first copy (earliest published) of a near-duplicate group, else ""."""
    docs = docs.copy()
    if "minhash" in docs.columns and len(docs) > 1:
        keys = [(0 if p else 1, str(p or ""), str(path), i)
                for i, (p, path) in enumerate(zip(docs["published"].fillna(""), docs["path"]))]
        dup = near_duplicates_from_signatures(docs["doc_id"].tolist(), docs["minhash"].tolist(), keys)
        docs["duplicate_of"] = docs["doc_id"].map(lambda d: dup.get(d, ""))
    else:
        docs["duplicate_of"] = ""
    return docs.drop(columns=["minhash"], errors="ignore")


def _file_rank(path: str, rank: dict[str, int]) -> int:
    while path not in rank and "/" in path:
        path = path.rsplit("/", 1)[0]  # archive.zip/inner.txt -> archive.zip
    return rank.get(path, len(rank))


def _unique_doc_ids(out: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Two files with the same stem in different folders: their doc_id becomes their path (deterministic)."""
    docs = out["documents"]
    dup = docs["doc_id"].duplicated(keep=False)
    if not dup.any():
        return out
    rename = {}
    for row in docs[dup].itertuples():
        rename[(row.doc_id, row.path)] = row.path
    for name, df in out.items():
        if "doc_id" in df.columns and "path" in df.columns and len(df):
            keys = list(zip(df["doc_id"], df["path"]))
            df = df.copy()
            df["doc_id"] = [rename.get(k, k[0]) for k in keys]
            out[name] = df
    return out


def build_tables(
    documents: Sequence[Document], skipped: Sequence[Skipped] = (), *, progress: Progress | None = None,
    ctx: Context | None = None,
) -> Tables:
    """Enrich documents already in memory (tests, small corpora). Large corpora go through analysis.store."""
    ctx = ctx or default_context()
    rows: dict[str, list[dict]] = {k: [] for k in ROW_TABLES}
    rows["skipped"] = [{"path": s.path, "reason": s.reason} for s in skipped]
    for i, doc in enumerate(documents, start=1):
        try:
            part = enrich_document(doc, ctx)
        except Exception as exc:  # one broken document must not sink the corpus: report it
            log.exception("enrichment failed for %s", doc.path)
            rows["skipped"].append({"path": doc.path, "reason": f"enrichment failed: {type(exc).__name__}: {exc}"})
        else:
            for k, v in part.items():
                rows[k].extend(v)
        if progress:
            progress(i, len(documents), doc.path)
    return finish_tables({k: pd.DataFrame(v) for k, v in rows.items()})
