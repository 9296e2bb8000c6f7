"""Documents -> enriched tidy tables: every document through the enricher registry (analysis.registry), then
the corpus-wide finishing step and the cheap story pass. This module only wires them."""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

import pandas as pd

from analysis.entities import Story, link, load_story
from analysis.events import assign_milestones, events_from_candidates, merge_milestones, story_year
from analysis.registry import REGISTRY, Context, Inputs, Registry, _nearest_topic, corpus_context, default_context
from analysis.speakers import link_speakers
from analysis.tables import ROW_TABLES, Tables, frame
from core.cells import join_topics
from core.records import Document, Skipped
from loaders.dedup import near_duplicates_from_signatures

log = logging.getLogger(__name__)

PIPELINE_VERSION = "1"
Progress = Callable[[int, int, str], None]
Unit = Document | Skipped

STAGE_SECONDS: Counter[str] = Counter()  # time spent per enricher in this process (read by the benchmark)


def _timed(stage: str, fn, *args):
    t0 = time.perf_counter()
    try:
        return fn(*args)
    finally:
        STAGE_SECONDS[stage] += time.perf_counter() - t0


def enrich_document(doc: Document, ctx: Context, registry: Registry = REGISTRY) -> dict[str, list[dict]]:
    """All enrichments of one document as lists of row dicts (one list per table): the registry's enrichers in
    needs order, each seeing the outputs it declared it needs."""
    got: dict[str, Any] = {}
    rows: dict[str, list[dict]] = {name: [] for name in ROW_TABLES}
    for e in registry.ordered:
        out = _timed(e.name, e.run, Inputs(doc, ctx, {n: got[n] for n in e.needs}))
        got[e.name] = out.value
        for table, items in out.rows.items():
            rows.setdefault(table, []).extend(items)
    rows.pop("skipped", None)
    rows.pop("entities", None)  # derived by the story pass, never per document
    return rows


def enrich_units(units: Iterable[Unit], ctx: Context | None = None, *, file_key: str | None = None,
                 rows: dict[str, list[dict]] | None = None, progress: Progress | None = None,
                 total: int = 0, registry: Registry = REGISTRY) -> dict[str, list[dict]]:
    """The one enrichment loop (tests, CLI, app, workers): every Document through the registry, every Skipped
    record and every failed document as a row of the skipped table (one broken document never sinks the corpus).
    ``file_key`` tags every row (the cache's key of the file the units came from)."""
    ctx = ctx or default_context()
    rows = rows if rows is not None else {k: [] for k in ROW_TABLES}
    tag = {"file_key": file_key} if file_key is not None else {}
    done = 0
    for unit in units:
        if isinstance(unit, Skipped):
            rows["skipped"].append({"path": unit.path, "reason": unit.reason, **tag})
            continue
        try:
            part = enrich_document(unit, ctx, registry)
        except Exception as exc:  # one broken document must not sink the corpus: report it
            log.exception("enrichment failed for %s", unit.path)
            rows["skipped"].append({"path": unit.path, **tag,
                                    "reason": f"enrichment failed: {type(exc).__name__}: {exc}"})
        else:
            for name, items in part.items():
                rows[name].extend({**r, **tag} for r in items) if tag else rows[name].extend(items)
        done += 1
        if progress:
            progress(done, total, unit.path)
    return rows


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
    quotes = frame(link_speakers(t.quotes, linked.mentions, ents), "quotes")
    STAGE_SECONDS["story pass"] += time.perf_counter() - t0
    return replace(t, events=events, milestones=milestones, mentions=frame(linked.mentions, "mentions"),
                   entities=frame(ents, "entities"), sentences=sentences, documents=documents, figures=figures,
                   quotes=quotes)


def _label_topics(t: Tables, linked) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """topics of each sentence and document (one cell, core.cells.join_topics, in topic rank order) and each figure's
    nearest topic."""
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
        return join_topics(sorted(names, key=lambda n: order.get(n, 1 << 30)))
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
    ctx: Context | None = None, registry: Registry = REGISTRY, root: str | os.PathLike[str] | None = None,
) -> Tables:
    """Enrich documents already in memory (tests, small corpora): the same loop and finishing step as
    analysis.store.build, without the cache. ``root``: the corpus folder whose story file (people, topics) applies."""
    rows = enrich_units([*skipped, *documents], ctx or corpus_context(root), progress=progress, total=len(documents),
                        registry=registry)
    return finish_tables({k: pd.DataFrame(v) for k, v in rows.items()}, root=root)
