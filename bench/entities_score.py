"""Score the CLI's entity tables against a whole-pipeline gold's entity lists (issue #13).

    python -m bench.entities_score OUT_DIR --gold tests/gold/<round>/gold.toml --corpus tests/gold/<round>/corpus

OUT_DIR is what ``python -m analysis CORPUS --out OUT_DIR`` wrote. Reads only the CSV tables (documents, entities,
mentions), the corpus files and the gold's ``[entities]``, ``[people]`` and ``[organisations]`` (name = list of
spellings in every script); imports nothing from the pipeline. Rules (written before any rule was changed):

- gold entities: every listed group, except *composite* groups (a group whose spellings meet two other groups that
  share no spelling: "Nippon Steel and U.S. Steel", a milestone's label set) and later duplicates (a group that
  shares a spelling with an earlier one; sections are read people, organisations, entities);
- recall per language: (document, gold entity) pairs where a spelling occurs in the document's file (Latin spellings
  as whole words); found when a
  mention of that document is a spelling (NFKC, case, spaces, hyphens, dots and brackets ignored) or holds one with
  at most two characters more ("習近平氏", "日本製鉄株式会社" hold their names);
- linking: gold entities found in two or more languages whose found mentions all carry one entity_id;
- wrong merges: entities whose mentions are exact spellings of two different gold entities;
- topics: is_topic rows whose name or an alias is a spelling of any gold group (composites included) / all topics.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tomllib
import unicodedata
from collections import defaultdict
from pathlib import Path

_STRIP = re.compile(r"[\s'’‘`\-‐‑–—·・.,、「」『』“”\"()（）\[\]【】]+")
SECTIONS = ("people", "organisations", "entities")
SLACK = 2  # characters a found mention may have beyond the spelling it holds


def norm(text: str) -> str:
    return _STRIP.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def gold_groups(gold: dict) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(scored groups, all groups): name -> normalised spellings."""
    every: dict[str, set[str]] = {}
    for sec in SECTIONS:
        for name, spellings in (gold.get(sec) or {}).items():
            every.setdefault(name, set()).update(n for n in map(norm, [name, *spellings]) if n)
    scored: dict[str, set[str]] = {}
    for name, spell in every.items():
        others = [o for n, o in every.items() if n != name and o & spell and not o >= spell]
        disjoint = any(not (a & b) for i, a in enumerate(others) for b in others[i + 1:])
        if disjoint or any(spell & s for s in scored.values()):
            continue
        scored[name] = spell
    return scored, every


def _raw_spellings(gold: dict, name: str) -> list[str]:
    return [name, *(a for sec in SECTIONS for a in (gold.get(sec) or {}).get(name, ()))]


def _occurs(alias: str, text: str) -> bool:
    """A spelling in a text: case-insensitive, whole words for Latin spellings ("EU" is not in "Europe")."""
    alias = unicodedata.normalize("NFKC", alias)
    pat = re.escape(alias).replace(r"\ ", r"\s+")
    if alias.isascii():
        pat = rf"(?<![A-Za-z0-9]){pat}(?![A-Za-z0-9])"
    return re.search(pat, text, re.IGNORECASE) is not None


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _holds(mention: str, spellings: set[str]) -> bool:
    return mention in spellings or any(len(s) >= 2 and s in mention and len(mention) - len(s) <= SLACK
                                       for s in spellings)


def score(out: Path, gold: dict, corpus: Path) -> dict:
    scored, every = gold_groups(gold)
    docs = {d["doc_id"]: d for d in _read(out / "documents.csv")}
    mentions = _read(out / "mentions.csv")
    ents = _read(out / "entities.csv")
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for m in mentions:
        m["_n"] = norm(m["text"])
        by_doc[m["doc_id"]].append(m)
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed: list[str] = []
    ids: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # gold -> entity_id -> languages
    raw = {n: _raw_spellings(gold, n) for n in scored}
    for doc_id, d in docs.items():
        text = unicodedata.normalize("NFKC", (corpus / d["path"]).read_text(encoding="utf-8", errors="replace"))
        lang = d["language"]
        for name, spell in scored.items():
            if not any(_occurs(a, text) for a in raw[name]):
                continue
            recall[lang][1] += 1
            hits = [m for m in by_doc.get(doc_id, ()) if _holds(m["_n"], spell)]
            if hits:
                recall[lang][0] += 1
                for m in hits:
                    ids[name][m["entity_id"]].add(lang)
            else:
                missed.append(f"{lang} {doc_id}: {name}")
    multi = {n: v for n, v in ids.items() if len(set().union(*v.values())) >= 2}
    linked = [n for n, v in multi.items() if len(v) == 1]
    wrong = []
    members: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        for name, spell in scored.items():
            if m["_n"] in spell:
                members[m["entity_id"]].add(name)
    names = {e["entity_id"]: e["name"] for e in ents}
    for eid, gs in members.items():
        if len(gs) > 1:
            wrong.append(f"{names.get(eid, eid)}: {' + '.join(sorted(gs))}")
    topics = [e for e in ents if e["is_topic"] == "True"]
    good, junk = [], []
    for e in topics:
        spellings = {norm(e["name"])} | {norm(re.sub(r"\s*\((?:en|ko|zh|ja|[a-z]{2})\)$", "", a))
                                        for a in e["aliases"].split("; ")}
        (good if any(spellings & s for s in every.values()) else junk).append(e["name"])
    return {
        "recall": {k: f"{v[0]}/{v[1]}" for k, v in sorted(recall.items())},
        "recall_all": f"{sum(v[0] for v in recall.values())}/{sum(v[1] for v in recall.values())}",
        "linked_across_languages": f"{len(linked)}/{len(multi)}",
        "split": {n: len(v) for n, v in sorted(multi.items()) if len(v) > 1},
        "wrong_merges": wrong,
        "topics_gold": f"{len(good)}/{len(topics)}",
        "topics": good,
        "junk_topics": junk,
        "missed": missed,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.entities_score", description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path)
    p.add_argument("--gold", type=Path, required=True)
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("-v", "--verbose", action="store_true", help="list the missed (document, entity) pairs")
    args = p.parse_args(argv)
    with open(args.gold, "rb") as fh:
        gold = tomllib.load(fh)
    res = score(args.out, gold, args.corpus)
    if not args.verbose:
        res.pop("missed")
    json.dump(res, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
