"""The enricher registry: every step that turns one Document into table rows, with what it needs and writes.

An :class:`Enricher` declares

* ``name`` — the key its output is stored under (other enrichers name it in ``needs``);
* ``needs`` — the enrichers whose outputs it reads (the pipeline runs them first);
* ``writes`` — the tables and columns its rows fill (``{}`` when it only computes a value for others);
* ``data`` — the data files or folders it reads, relative to the repository;
* ``module`` — the module holding its code (the cache fingerprint covers it and every project module it imports).

:data:`REGISTRY` is the pipeline: ``analysis.pipeline.enrich_document`` runs its enrichers in needs order, one
document at a time, and ``analysis.store.fingerprint`` hashes its declarations, code and data, so that a new or
changed enricher never serves rows from a stale cache. Adding an enricher is adding an entry here.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.entities import LEAD_SENTENCES, find_mentions, mention_rows
from analysis.events import find_candidates, sentence_dates
from analysis.figures import FxRates, find_figures, load_rates, normalize
from analysis.metadata import complete_metadata
from analysis.quotes import PeopleIndex, Person, find_quotes, load_people
from analysis.sentences import split_sentences
from analysis.sentiment import score_document_sentences, textblob_score
from analysis.topics import TopicIndex, load_topics
from core.cells import join_topics
from core.records import Document
from loaders.dedup import signature
from loaders.manifest import STORY_NAME

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("analysis", "core", "loaders")  # where enrichment code may live (charts/ui never enrich)
# Reading files into Documents decides the rows too (text cleaning, formats, manifests): part of the fingerprint.
READ_MODULES = ("loaders.corpus",)
READ_DATA = ("data/boilerplate.toml",)


@dataclass(frozen=True)
class Context:
    """What the enrichers share across documents (loaded once per process)."""

    topics: TopicIndex
    people: PeopleIndex
    rates: FxRates


@lru_cache(maxsize=1)
def default_context() -> Context:
    return Context(topics=load_topics(), people=load_people(), rates=load_rates())


MAX_STORY_PEOPLE = 2000  # [[person]] blocks of a corpus's story file read for quotes (the rest are ignored)


def story_people(corpus: Path | str | None) -> tuple[Person, ...]:
    """The people a corpus's own story file (story.toml beside its manifest) lists: who may be quoted there, with
    one canonical name across scripts and an optional default role. A missing or unreadable file lists none (the
    finishing step reports an unreadable story file; enrichment must not fail on it)."""
    path = Path(corpus) / STORY_NAME if corpus is not None else None
    if path is None or not path.is_file():
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        log.warning("story file %s not read for quotes: %s", path.name, exc)
        return ()
    out = []
    blocks = data.get("person", [])
    for p in blocks[:MAX_STORY_PEOPLE] if isinstance(blocks, list) else ():
        if not isinstance(p, dict) or not str(p.get("name", "")).strip():
            continue
        name, aliases = str(p["name"]).strip(), p.get("aliases", [])
        # spellings as a set (the name itself, repeats and order say nothing): the topic editor's rewrite of the
        # file keeps the same people, the same stamp and the cache
        aliases = sorted({str(a).strip() for a in aliases if str(a).strip()} - {name}) if isinstance(aliases, list) \
            else []
        kind = str(p.get("kind", "person")).strip()
        out.append(Person(name=name, aliases=tuple(aliases), role=str(p.get("role", "")).strip(),
                          kind=kind if kind in ("person", "organisation") else "person"))
    return tuple(out)


def people_stamp(corpus: Path | str | None) -> str:
    """Changes when the people of a corpus's story file change ("" when it lists none): part of every file's cache
    key, because quotes are found with them (a topic edit alone re-enriches nothing)."""
    people = story_people(corpus)
    if not people:
        return ""
    blob = json.dumps([[p.name, list(p.aliases), p.role, p.kind] for p in people], ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def corpus_context(corpus: Path | str | None) -> Context:
    """The shared context for one corpus: the defaults, with the people of its story file added to the people
    override (data/people.toml first, the story file's after)."""
    people = story_people(corpus)
    return _context_with(people) if people else default_context()


@lru_cache(maxsize=8)
def _context_with(people: tuple[Person, ...]) -> Context:
    base = default_context()
    return Context(topics=base.topics, people=PeopleIndex([*base.people.all_people(), *people]), rates=base.rates)


@dataclass(frozen=True)
class Inputs:
    """What one enricher sees: the document as read, the shared context and the outputs it declared it needs."""

    doc: Document
    ctx: Context
    got: Mapping[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.got[name]


@dataclass(frozen=True)
class Output:
    value: Any = None  # read by the enrichers that need this one
    rows: Mapping[str, list[dict]] = field(default_factory=dict)  # table -> rows of this document


Step = Callable[[Inputs], Output]


@dataclass(frozen=True)
class Enricher:
    name: str
    run: Step
    needs: tuple[str, ...] = ()
    writes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # table -> columns ("meta:*": a prefix)
    data: tuple[str, ...] = ()  # files or folders relative to the repository
    module: str = ""  # defaults to the module of `run`

    @property
    def code_module(self) -> str:
        return self.module or self.run.__module__

    def declaration(self) -> str:
        """The declaration as text (hashed into the fingerprint: a changed need or column re-enriches)."""
        writes = ";".join(f"{t}:{','.join(cols)}" for t, cols in sorted(self.writes.items()))
        return f"{self.name}|{','.join(self.needs)}|{writes}|{','.join(self.data)}|{self.code_module}"


class RegistryError(ValueError):
    """An enricher needs an unknown enricher, two share a name, two write one table, or the needs form a cycle."""


@dataclass(frozen=True)
class Registry:
    enrichers: tuple[Enricher, ...]

    def __post_init__(self) -> None:
        names = [e.name for e in self.enrichers]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise RegistryError(f"two enrichers named {', '.join(dup)}")
        writers: dict[str, str] = {}
        for e in self.enrichers:
            for missing in [n for n in e.needs if n not in names]:
                raise RegistryError(f"enricher {e.name!r} needs {missing!r}, which is not registered")
            for table in e.writes:
                if table in writers:
                    raise RegistryError(f"enrichers {writers[table]!r} and {e.name!r} both write {table!r}")
                writers[table] = e.name
        object.__setattr__(self, "_order", _needs_order(self.enrichers))

    @property
    def ordered(self) -> tuple[Enricher, ...]:
        """Every enricher after the ones it needs (registration order otherwise)."""
        return self._order  # type: ignore[attr-defined]

    def with_enricher(self, enricher: Enricher) -> Registry:
        return Registry((*self.enrichers, enricher))

    def tables(self) -> dict[str, tuple[str, ...]]:
        """table -> the columns enrichment writes into it."""
        return {t: cols for e in self.enrichers for t, cols in e.writes.items()}

    def code_files(self) -> list[Path]:
        """The enrichers' modules, the pipeline's, the readers' and every project module they import."""
        roots = {e.code_module for e in self.enrichers} | {__name__, "analysis.pipeline", *READ_MODULES}
        return sorted(module_file(m) for m in import_closure(roots))

    def data_files(self) -> list[Path]:
        """Every file under the declared data paths (notes in Markdown excepted)."""
        out: set[Path] = set()
        for rel in {d for e in self.enrichers for d in e.data} | set(READ_DATA):
            p = ROOT / rel
            if p.is_dir():
                out.update(f for f in p.rglob("*") if f.is_file() and f.suffix != ".md")
            elif p.is_file():
                out.add(p)
        return sorted(out)

    def fingerprint(self, version: str = "") -> str:
        """Changes when a declaration, the code of the enrichers (and what they import) or their data change."""
        h = hashlib.sha256(version.encode())
        for e in self.ordered:
            h.update(e.declaration().encode() + b"\0")
        for p in [*self.code_files(), *self.data_files()]:
            h.update(p.relative_to(ROOT).as_posix().encode() + b"\0")
            h.update(p.read_bytes())
        return h.hexdigest()[:16]


def _needs_order(enrichers: Sequence[Enricher]) -> tuple[Enricher, ...]:
    done: dict[str, Enricher] = {}
    pending = list(enrichers)
    while pending:
        ready = next((e for e in pending if all(n in done for n in e.needs)), None)
        if ready is None:
            raise RegistryError("enricher needs form a cycle: " + ", ".join(e.name for e in pending))
        done[ready.name] = ready
        pending.remove(ready)
    return tuple(done.values())


# ------------------------------------------------------------------------------------------ code closure

def module_file(module: str) -> Path:
    base = ROOT.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _is_project_module(module: str) -> bool:
    return module.split(".")[0] in PROJECT_PACKAGES and module_file(module).is_file()


_FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)", re.M)
_PLAIN_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w., \t]+)", re.M)


def imported_modules(module: str) -> set[str]:
    """The project modules one module imports (every import is at module level: tests/test_imports.py).

    A scan of the import lines, not a parse: it runs on every start to fingerprint the cache, and parsing the
    enrichers' sources took a few tenths of a second. An import-like line inside a docstring can only widen the
    closure (one more file in the fingerprint), never narrow it.
    """
    src = module_file(module).read_text(encoding="utf-8")
    found: set[str] = set()
    for m in _PLAIN_IMPORT.finditer(src):
        found.update(part.split(" as ")[0].strip() for part in m.group(1).split(","))
    for m in _FROM_IMPORT.finditer(src):
        base = m.group(1)
        if base.startswith("."):
            continue
        found.add(base)
        names = re.sub(r"#[^\n]*", "", m.group(2)).strip("() \n")
        found.update(f"{base}.{n.split(' as ')[0].strip()}" for n in names.split(",") if n.strip())
    return {m for m in found if m and _is_project_module(m)}


def import_closure(modules: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    todo = [m for m in modules if _is_project_module(m)]
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        parts = m.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)) if _is_project_module(".".join(parts[:i])))
        todo.extend(imported_modules(m) - seen)
    return seen


# ------------------------------------------------------------------------------------------ the enrichers

def _iso(d) -> str:
    return d.isoformat() if d else ""


def _nearest_topic(topic_spans: list[tuple[int, int, str]], start: int, end: int) -> str:
    if not topic_spans:
        return ""
    return min(topic_spans, key=lambda s: min(abs(s[0] - end), abs(start - s[1])))[2]


def _common(doc: Document) -> dict:
    return {"doc_id": doc.doc_id, "path": doc.path}


def _ctx_cols(doc: Document) -> dict:
    return {"source": doc.source, "language": doc.language, "published": _iso(doc.published)}


def _metadata(x: Inputs) -> Output:
    return Output(complete_metadata(x.doc))


def _sentences(x: Inputs) -> Output:
    doc = x["metadata"]
    return Output(split_sentences(doc.text, doc.language))


def _sentiment(x: Inputs) -> Output:
    doc = x["metadata"]
    return Output(score_document_sentences(x["sentences"], doc.text, doc.language, doc.source))


def _topics(x: Inputs) -> Output:
    return Output([x.ctx.topics.find(s.text) for s in x["sentences"]])


def _textblob(x: Inputs) -> Output:
    lang = x["metadata"].language
    return Output([textblob_score(s.text) if lang == "en" and not sc.reason else None
                   for s, sc in zip(x["sentences"], x["sentiment"])])


def _sentence_table(x: Inputs) -> Output:
    doc = x["metadata"]
    common, published = _common(doc), _iso(doc.published)
    rows = [{
        **common, "idx": s.idx, "text": s.text, "language": doc.language, "sentiment": sc.score,
        "sentiment_label": sc.label, "sentiment_method": sc.method, "sentiment_reason": sc.reason,
        "textblob": tbs, "topics": join_topics(topics),  # tracked topics; the story pass sets the story's
        "source": doc.source, "published": published, "start": s.start, "end": s.end,
    } for s, sc, topics, tbs in zip(x["sentences"], x["sentiment"], x["topics"], x["textblob"])]
    return Output(rows=({"sentences": rows}))


def _dates(x: Inputs) -> Output:
    """Dates are scanned once, sentence by sentence: the milestone candidates and the reader's table share it."""
    doc, sents = x["metadata"], x["sentences"]
    by_sentence = sentence_dates(sents, doc.text, doc.language, doc.published,
                                 doc.basis.get("published_month", ""))
    rows = [{
        **_common(doc), "start": sent.start + m.start, "end": sent.start + m.end, "text": m.text, "date": m.date,
        "precision": m.precision, "date_end": m.date_end or "", "tz_note": m.tz_note, "basis": m.basis,
    } for sent, found in zip(sents, by_sentence) for m in found]
    return Output(by_sentence, {"dates": rows})


def _entities(x: Inputs) -> Output:
    doc, sents, by_sentence = x["metadata"], x["sentences"], x["dates"]
    focus = {j for i, found in enumerate(by_sentence) if found for j in (i - 1, i, i + 1)} | set(range(LEAD_SENTENCES))
    mentions = mention_rows(find_mentions(sents, doc.language, focus), sents, doc.language)
    common, ctx_cols = _common(doc), _ctx_cols(doc)
    return Output(mentions, {"mentions": [{**common, **m, **ctx_cols} for m in mentions]})


def _events(x: Inputs) -> Output:
    doc, sents = x["metadata"], x["sentences"]
    names: dict[int, list[tuple[int, int]]] = {}
    for m in x["entities"]:
        names.setdefault(m["sentence_idx"], []).append((m["sent_start"], m["sent_end"]))
    candidates = find_candidates(sents, doc.text, doc.language, doc.published, x["dates"], names)
    common, ctx_cols = _common(doc), _ctx_cols(doc)
    return Output(rows={"candidates": [{**common, **c, **ctx_cols} for c in candidates]})


def _figures(x: Inputs) -> Output:
    """Figures are found in the whole text (an amount may be split across a line break), then placed in the
    sentence that contains their start."""
    doc, sents, ctx = x["metadata"], x["sentences"], x.ctx
    common, ctx_cols = _common(doc), _ctx_cols(doc)
    rows = []
    starts = [s.start for s in sents]
    for f in find_figures(doc.text, doc.language):
        i = max(bisect.bisect_right(starts, f.start) - 1, 0)
        s = sents[i] if sents else None
        nval, nunit, nbasis = normalize(f, ctx.rates)
        spans = ctx.topics.spans(s.text) if s else []
        rows.append({
            **common, "text": f.text, "value": f.value, "value_max": f.value_max, "unit": f.unit,
            "category": f.category, "normalized_value": nval, "normalized_unit": nunit,
            "approximate": f.approximate, "sentence": s.text if s else "", "vague": f.vague,
            "normalization_basis": nbasis, "bound": f.bound, "also_text": f.also_text,
            "also_value": f.also_value, "also_unit": f.also_unit,
            "topic": _nearest_topic(spans, f.start - s.start, f.end - s.start) if s else "",
            "sentence_idx": s.idx if s else None, **ctx_cols, "start": f.start, "end": f.end,
        })
    return Output(rows={"figures": rows})


def _quotes(x: Inputs) -> Output:
    doc, sents, scores = x["metadata"], x["sentences"], x["sentiment"]
    common, ctx_cols = _common(doc), _ctx_cols(doc)
    rows = [{
        **common, "speaker": q.speaker, "quote": q.quote, "sentence": sents[q.sentence_idx].text, "role": q.role,
        "speaker_text": q.speaker_text, "attribution": q.attribution, "sentence_idx": q.sentence_idx, **ctx_cols,
        "sentiment": scores[q.sentence_idx].score, "speaker_kind": q.speaker_kind,
    } for q in find_quotes(sents, doc.language, x.ctx.people)]
    return Output(rows={"quotes": rows})


def _dedup(x: Inputs) -> Output:
    return Output(signature(x["metadata"].text))


def _document_table(x: Inputs) -> Output:
    doc, topics = x["metadata"], x.ctx.topics
    published = _iso(doc.published)
    scored = [sc.score for sc in x["sentiment"] if sc.score is not None]
    doc_topics = sorted({t for ts in x["topics"] for t in ts}, key=topics.names.index)
    row = {
        **_common(doc), "title": doc.title, "source": doc.source, "url": doc.url, "language": doc.language,
        "published": published, "published_basis": doc.basis.get("published", ""),
        "n_sentences": len(x["sentences"]),
        "published_month": doc.basis.get("published_month", "") or published[:7],
        "sentiment": sum(scored) / len(scored) if scored else None, "n_scored": len(scored),
        "topics": join_topics(doc_topics), "title_basis": doc.basis.get("title", ""),
        "source_basis": doc.basis.get("source", ""), "language_basis": doc.basis.get("language", ""),
        "n_chars": len(doc.text), "minhash": x["dedup"],
        **{f"meta:{k}": v for k, v in doc.meta.items()},
    }
    return Output(rows={"documents": [row]})


LANG = "data/lang"
_CTX = ("source", "language", "published")

REGISTRY = Registry((
    Enricher("metadata", _metadata, data=(LANG,), module="analysis.metadata"),
    Enricher("sentences", _sentences, ("metadata",), module="analysis.sentences"),
    Enricher("sentiment", _sentiment, ("metadata", "sentences"), data=(LANG, "data/sentiment/model.npz"),
             module="analysis.sentiment"),
    Enricher("topics", _topics, ("sentences",), data=("data/topics.toml",), module="analysis.topics"),
    Enricher("textblob", _textblob, ("metadata", "sentences", "sentiment"), module="analysis.sentiment"),
    Enricher("sentence table", _sentence_table, ("metadata", "sentences", "sentiment", "topics", "textblob"),
             writes={"sentences": ("doc_id", "path", "idx", "text", "language", "sentiment", "sentiment_label",
                                   "sentiment_method", "sentiment_reason", "textblob", "topics", "source",
                                   "published", "start", "end")}),
    Enricher("dates", _dates, ("metadata", "sentences"), data=(LANG,), module="analysis.events",
             writes={"dates": ("doc_id", "path", "start", "end", "text", "date", "precision", "date_end",
                               "tz_note", "basis")}),
    Enricher("entities", _entities, ("metadata", "sentences", "dates"), data=(LANG,), module="analysis.entities",
             writes={"mentions": ("doc_id", "path", "sentence_idx", "mention_no", "text", "start", "end",
                                  "sent_start", "sent_end", "kind", "basis", "full", "paren", "key", "latin",
                                  "skeleton", "script", "paren_key", *_CTX)}),
    Enricher("events", _events, ("metadata", "sentences", "dates", "entities"), data=(LANG,),
             module="analysis.events",
             writes={"candidates": ("doc_id", "path", "sentence_idx", "date", "date_precision", "kind", "date_text",
                                    "tz_note", "basis", "predicate", "predicate_text", "sentence", "date_start",
                                    "date_end", "pred_start", "pred_end", "predicate_sentence", "entity_sentences",
                                    "predicate_classes", *_CTX)}),
    Enricher("figures", _figures, ("metadata", "sentences"),
             data=(LANG, "data/figures.toml", "data/fx_rates.csv", "data/topics.toml"), module="analysis.figures",
             writes={"figures": ("doc_id", "path", "text", "value", "value_max", "unit", "category",
                                 "normalized_value", "normalized_unit", "approximate", "sentence", "vague",
                                 "normalization_basis", "bound", "also_text", "also_value", "also_unit", "topic",
                                 "sentence_idx", *_CTX, "start", "end")}),
    Enricher("quotes", _quotes, ("metadata", "sentences", "sentiment"), data=(LANG, "data/people.toml"),
             module="analysis.quotes",
             writes={"quotes": ("doc_id", "path", "speaker", "quote", "sentence", "role", "speaker_text",
                                "attribution", "sentence_idx", *_CTX, "sentiment", "speaker_kind")}),
    Enricher("dedup", _dedup, ("metadata",), module="loaders.dedup"),
    Enricher("document table", _document_table, ("metadata", "sentences", "sentiment", "topics", "dedup"),
             writes={"documents": ("doc_id", "path", "title", "source", "url", "language", "published",
                                   "published_basis", "n_sentences", "published_month", "sentiment", "n_scored",
                                   "topics", "title_basis", "source_basis", "language_basis", "n_chars", "minhash",
                                   "meta:*")}),
))


__all__ = ["REGISTRY", "Context", "Enricher", "Inputs", "Output", "Registry", "RegistryError", "corpus_context",
           "default_context", "import_closure", "people_stamp", "story_people"]
