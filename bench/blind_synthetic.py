"""Check the blind gold against its corpus and build a synthetic CLI output from it (the scorer's self-check).

Usage: python bench/blind_synthetic.py OUT_DIR --gold tests/gold/blind_evalN/gold.toml \
           --corpus tests/gold/blind_evalN/corpus
       python bench/blind_eval.py OUT_DIR --gold tests/gold/blind_evalN/gold.toml   (every measure 1.00)

The check fails (exit 1) when a gold sentence, quote or figure span is not in its file's text, when a figure span
occurs fewer times than the gold lists it, when an entity or speaker is not defined, or when a date is malformed.
The synthetic output holds one events row per gold milestone, one quotes row per gold person quote, one figures
row per gold figure and one documents row per corpus file, in the columns the scorer reads. It imports nothing
from the pipeline.
"""

from __future__ import annotations

import argparse
import csv
import logging
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

log = logging.getLogger("blind_synthetic")

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def read_gold(path: Path) -> dict[str, Any]:
    """A round's gold.toml with the item lists of its section files (``gold.<part>.toml`` beside it) appended.

    Section files let several annotators complete one round at the same time (one file each: figures, milestones,
    quotes); their arrays of tables (``[[figure]]``, ``[[milestone]]`` ...) extend the main file's."""
    gold: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    for part in sorted(path.parent.glob(path.stem + ".*.toml")):
        for key, value in tomllib.loads(part.read_text(encoding="utf-8")).items():
            if isinstance(value, list) and isinstance(gold.get(key, []), list):
                gold[key] = [*gold.get(key, []), *value]
            else:
                raise SystemExit(f"{part.name}: '{key}' is not a list of items; only [[item]] lists may be split off")
    return gold


def squash(text: str) -> str:
    """NFKC text with whitespace collapsed (the scorer's containment form)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


def check(gold: dict[str, Any], corpus: Path) -> list[str]:
    """Every problem found between the gold and the corpus texts (empty when the gold is consistent)."""
    texts = {p.name: squash(p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.txt"))}
    problems: list[str] = []
    for g in gold["milestone"]:
        if g["file"] not in texts:
            problems.append(f"milestone in a missing file: {g['file']}")
            continue
        if squash(g["sentence"]) not in texts[g["file"]]:
            problems.append(f"milestone sentence not in {g['file']}: {g['sentence'][:60]}")
        if g["entity"] not in gold["entities"]:
            problems.append(f"undefined entity {g['entity']!r}")
        for date in (g["date"], *g.get("alt_dates", [])):
            if not _DATE.match(date):
                problems.append(f"malformed date {date!r} in {g['file']}")
        if g["kind"] not in ("past", "projected"):
            problems.append(f"bad kind {g['kind']!r} in {g['file']}")
    for g in gold["quote"]:
        if squash(g["words"]) not in texts.get(g["file"], ""):
            problems.append(f"quote words not in {g['file']}: {g['words'][:60]}")
        table = {"person": gold["people"], "organisation": gold["organisations"]}.get(g["speaker_type"])
        if table is not None and g["speaker"] not in table:
            problems.append(f"undefined speaker {g['speaker']!r} ({g['speaker_type']})")
    wanted = Counter((g["file"], squash(g["text"])) for g in gold["figure"])
    for (file, span), n in wanted.items():
        have = texts.get(file, "").count(span)
        if have < n:
            problems.append(f"figure span {span!r} occurs {have} times in {file}, gold lists it {n} times")
    for p in gold["published"]:
        if not _DATE.match(p["date"]) or p["file"] not in texts:
            problems.append(f"bad published entry {p}")
    return problems


def write(out: Path, name: str, header: list[str], rows: list[dict[str, Any]]) -> None:
    with (out / name).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def build(gold: dict[str, Any], corpus: Path, out: Path) -> None:
    """Write documents/events/quotes/figures CSVs that hold exactly the gold."""
    out.mkdir(parents=True, exist_ok=True)
    published = {p["file"]: p["date"] for p in gold["published"]}
    docs = [{"path": p.name, "published": published.get(p.name, "")} for p in sorted(corpus.glob("*.txt"))]
    events = [{"path": g["file"], "topic": gold["entities"][g["entity"]][0], "date": g["date"], "kind": g["kind"],
               "sentence": g["sentence"]} for g in gold["milestone"]]
    quotes = [{"path": g["file"], "speaker": gold["people"][g["speaker"]][0], "quote": g["words"],
               "sentence": g["words"]} for g in gold["quote"] if g["speaker_type"] == "person"]
    figures = [{"path": g["file"], "text": g["text"], "sentence": g["text"],
                "value": "" if g.get("vague") or "value" not in g else g["value"], "normalized_value": ""}
               for g in gold["figure"]]
    write(out, "documents.csv", ["path", "published"], docs)
    write(out, "events.csv", ["path", "topic", "date", "kind", "sentence"], events)
    write(out, "quotes.csv", ["path", "speaker", "quote", "sentence"], quotes)
    write(out, "figures.csv", ["path", "text", "sentence", "value", "normalized_value"], figures)


def counts(gold: dict[str, Any]) -> str:
    """Gold item counts per language (scored / optional), for the README."""
    lines = []
    for kind in ("milestone", "quote", "figure"):
        per: Counter[str] = Counter()
        for g in gold[kind]:
            lang = g["file"].split("_", 1)[0]
            scored = not g.get("optional") and (kind != "quote" or g["speaker_type"] == "person")
            per[(lang, "scored" if scored else "other")] += 1
        cells = ", ".join(f"{lang} {per[(lang, 'scored')]}+{per[(lang, 'other')]}" for lang in ("en", "ko", "zh", "ja"))
        lines.append(f"{kind}: {len(gold[kind])} ({cells}; scored+other)")
    lines.append(f"published: {len(gold['published'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="folder for the synthetic CSV tables")
    ap.add_argument("--gold", type=Path, required=True, help="a round's gold.toml (tests/gold/blind_evalN/)")
    ap.add_argument("--corpus", type=Path, required=True, help="that round's corpus folder")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    gold = read_gold(args.gold)
    problems = check(gold, args.corpus)
    for problem in problems:
        log.error(problem)
    if problems:
        return 1
    build(gold, args.corpus, args.out)
    log.info(counts(gold))
    return 0


if __name__ == "__main__":
    sys.exit(main())
