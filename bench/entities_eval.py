"""Entities and milestones against hand-written gold on real stories (tests/gold/stories/<story>/gold.toml).

    python -m bench.entities_eval [STORY ...] [--analyzers]

Builds the story's excerpts as a corpus (manifest with language, publication date and address), enriches it with
the data files as shipped (no story file), and reports per language:

- milestones placed: a gold milestone has an event in its article whose sentence holds the gold sentence and whose
  date equals the gold date (or one is the other at a coarser precision: "2024" ~ "2024-12");
- labelled: placed, and the event's entity is one of the milestone's gold entities (its display name or any of
  its mentions' spellings is a gold alias);
- resolvable: the same counts without the milestones marked ``needs_year`` (a page with no year and no date);
- event precision: events of the story that match a gold milestone (sentence and date);
- entity recall: gold alias occurrences in the texts covered by a discovered mention; linking: the share of gold
  entities whose occurrences (in several scripts) end in one entity.

``--analyzers`` also compares each language's analyzer with the script rules alone (and fugashi with sudachipy for
Japanese) on entity recall.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import tempfile
import tomllib
from collections import defaultdict
from pathlib import Path

import analysis.entities as ent
from analysis.pipeline import build_tables
from analysis.sentences import split_sentences
from analysis.translit import exact_key
from loaders.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "stories"


def load_gold(story: str) -> dict:
    with open(GOLD / story / "gold.toml", "rb") as fh:
        return tomllib.load(fh)


def write_corpus(gold: dict, folder: Path) -> None:
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "outlet", "url", "published", "language"])
        for a in gold["article"]:
            (folder / f"{a['id']}.txt").write_text(a["text"] + "\n", encoding="utf-8")
            host = re.sub(r"^https?://([^/]+).*$", r"\1", a.get("url", ""))
            w.writerow([f"{a['id']}.txt", host, a.get("url", ""), a.get("published", ""), a["lang"]])


def build(gold: dict):

    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(gold, Path(tmp))
        corpus = load_corpus(Path(tmp))
        return build_tables(corpus.documents, corpus.skipped)


def _date_ok(event: str, gold: str) -> bool:
    return event == gold or event.startswith(gold) or gold.startswith(event)


def evaluate(gold: dict, tables) -> dict:
    lang_of = {a["id"]: a["lang"] for a in gold["article"]}
    aliases = {e["name"]: {exact_key(x) for x in (e["name"], *e.get("aliases", []))} for e in gold["entity"]}
    ev = tables.events
    m = tables.mentions
    keys_of_entity: dict[str, set[str]] = defaultdict(set)
    for eid, text in zip(m["entity_id"], m["text"], strict=True):
        keys_of_entity[str(eid)].add(exact_key(str(text)))
    per_lang: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    matched_events: set[int] = set()
    misses = []
    for g in gold["milestone"]:
        art, lang = g["article"], lang_of[g["article"]]
        per_lang[lang]["gold"] += 1
        resolvable = not g.get("needs_year", False)
        per_lang[lang]["gold_resolvable"] += resolvable
        rows = ev[(ev["path"] == f"{art}.txt")]
        hits = [i for i, s, d in zip(rows.index, rows["sentence"], rows["date"], strict=True)
                if g["sentence"] in str(s) and _date_ok(str(d), g["date"])]
        if not hits:
            misses.append(f"{art} {g['date']} {g['sentence'][:50]}")
            continue
        matched_events.update(hits)
        per_lang[lang]["placed"] += 1
        per_lang[lang]["placed_resolvable"] += resolvable
        wanted = set().union(*(aliases[n] for n in g["entities"]))
        if any(exact_key(str(ev.loc[i, "topic"])) in wanted or keys_of_entity[str(ev.loc[i, "entity_id"])] & wanted
               for i in hits):
            per_lang[lang]["labelled"] += 1
            per_lang[lang]["labelled_resolvable"] += resolvable
    for i, path in zip(ev.index, ev["path"], strict=True):
        lang = lang_of.get(str(path).removesuffix(".txt"), "")
        per_lang[lang]["events"] += 1
        if i in matched_events:
            per_lang[lang]["events_matched"] += 1
    ent = entity_scores(gold, tables)
    total = {k: sum(v[k] for v in per_lang.values())
             for k in ("gold", "placed", "labelled", "gold_resolvable", "placed_resolvable", "labelled_resolvable",
                       "events", "events_matched")}
    return {"per_language": {k: dict(v) for k, v in sorted(per_lang.items())}, "total": total, "entities": ent,
            "missed": misses}


def _occurrences(gold: dict) -> list[tuple[str, str, str, int, int]]:
    """(article, lang, gold entity, start, end) of every gold alias found verbatim in the texts (longest first)."""
    out = []
    for a in gold["article"]:
        taken: list[tuple[int, int]] = []
        pairs = sorted(((al, e["name"]) for e in gold["entity"] for al in (e["name"], *e.get("aliases", []))),
                       key=lambda p: -len(p[0]))
        for alias, name in pairs:
            pat = re.escape(alias)
            if re.fullmatch(r"[A-Za-z0-9 .\-]+", alias):
                pat = rf"(?<![A-Za-z0-9]){pat}(?![A-Za-z0-9])"
            for mt in re.finditer(pat, a["text"]):
                if any(s < mt.end() and mt.start() < e for s, e in taken):
                    continue
                taken.append((mt.start(), mt.end()))
                out.append((a["id"], a["lang"], name, mt.start(), mt.end()))
    return out


def entity_scores(gold: dict, tables) -> dict:
    m = tables.mentions
    spans = defaultdict(list)
    for path, s, e, eid in zip(m["path"], m["start"], m["end"], m["entity_id"], strict=True):
        spans[str(path).removesuffix(".txt")].append((int(s), int(e), str(eid)))
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    ids: dict[str, set[str]] = defaultdict(set)
    for art, lang, name, s, e in _occurrences(gold):
        found[lang][1] += 1
        hit = [eid for a, b, eid in spans.get(art, ()) if a < e and s < b]
        if hit:
            found[lang][0] += 1
            ids[name].add(hit[0])
    linked = sum(1 for n in ids if len(ids[n]) == 1)
    return {"recall_by_language": {k: f"{v[0]}/{v[1]}" for k, v in sorted(found.items())},
            "entities_in_one_id": f"{linked}/{len(ids)}",
            "ids_per_entity": {n: len(v) for n, v in sorted(ids.items())}}


def analyzer_recall(gold: dict) -> dict:
    """Entity recall per language: each analyzer, the script rules alone, and sudachipy for Japanese."""
    def recall(lang: str, finder) -> str:
        got = total = 0
        for a in gold["article"]:
            if a["lang"] != lang:
                continue
            sents = split_sentences(a["text"] + "\n", lang)
            spans = []
            for s in sents:
                found = finder(s.text, ent._lang(lang)) + ent._quoted(s.text, ent._lang(lang))
                if lang != "en":
                    found += [(m.start(1), m.end(1), "", "") for m in ent._LATIN_NAME.finditer(s.text)]
                spans += [(s.start + x[0], s.start + x[1]) for x in found]
            for _, _, _, s, e in _occurrences({"article": [a], "entity": gold["entity"]}):
                total += 1
                got += any(x < e and s < y for x, y in spans)
        return f"{got}/{total}"

    def none(text, info):
        return []

    out = {"en capitalised phrases": recall("en", ent._english),
           "ko kiwipiepy": recall("ko", ent._korean), "ko script rules only": recall("ko", none),
           "zh jieba": recall("zh", ent._chinese), "zh script rules only": recall("zh", none),
           "ja fugashi+unidic-lite": recall("ja", ent._japanese), "ja script rules only": recall("ja", none)}
    try:
        from sudachipy import dictionary

        tok = dictionary.Dictionary(dict="core").create()

        def sudachi(text, info):
            res = []
            for mm in tok.tokenize(text):
                if mm.part_of_speech()[1] == "固有名詞":
                    res.append((mm.begin(), mm.end(), "", ""))
            return res

        out["ja sudachipy+core"] = recall("ja", sudachi)
    except ImportError:
        out["ja sudachipy+core"] = "not installed"
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.entities_eval", description=__doc__.splitlines()[0])
    p.add_argument("stories", nargs="*", default=["tsmc_kumamoto"])
    p.add_argument("--analyzers", action="store_true")
    args = p.parse_args(argv)
    for story in args.stories:
        gold = load_gold(story)
        res = evaluate(gold, build(gold))
        if args.analyzers:
            res["analyzers"] = analyzer_recall(gold)
        print(f"== {story}")
        print(json.dumps(res, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
