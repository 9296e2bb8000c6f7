"""Score the CLI's output on the blind whole-pipeline gold (tests/gold/blind_eval/).

Usage: python bench/blind_eval.py OUT_DIR [--gold tests/gold/blind_eval/gold.toml]

OUT_DIR is what `python -m analysis tests/gold/blind_eval/corpus --out OUT_DIR` wrote. The scorer reads only the
CSV tables (documents, events, quotes, figures) and the gold; it imports nothing from the pipeline.

Rules (written before the run):
- milestone placed: an events.csv row of the same file whose date equals the gold date (at the gold's precision;
  alt_dates also accepted) and whose sentence contains the gold sentence or is contained in it. Labelled: a
  placed row whose topic contains one of the gold entity's spellings (case, spaces, hyphens, apostrophes and
  brackets ignored).
- quotes: a gold person quote is found when a quotes.csv row of that file names the speaker in any listed
  spelling (the speaker cell contains it); "with words" also needs the row's quote or sentence to hold the gold
  words. Precision: rows with a named speaker that name a gold person of that file (strict) or a gold person
  or organisation (lenient).
- figures: a row matches a gold figure of the same file when the spans overlap (one contains the other), the
  row's sentence holds the gold span, and the value (or normalized_value) is within 1% of the gold value (or an
  alt/unit-converted value); a vague gold figure needs an empty value. Optional gold items are neutral: not a
  miss, and a row matching one is left out of precision. A gold figure that is the parenthesised second
  rendering of another amount is also found as that row's also_text/also_value (added in round 3: the pipeline
  reports one amount once, with its second rendering; before, such items counted as misses).
- publication dates: documents.csv `published` equals the gold date.
"""

from __future__ import annotations

import argparse
import csv
import logging
import math
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # run as a script (bench/ on the path) or imported as bench.blind_eval
    from blind_synthetic import read_gold
except ImportError:  # pragma: no cover - depends on how it is started
    from bench.blind_synthetic import read_gold

log = logging.getLogger("blind_eval")

DEFAULT_GOLD = Path("tests/gold/blind_eval/gold.toml")
LANGS = ("en", "ko", "zh", "ja")
_STRIP = re.compile(r"[\s'’‘`\-‐‑–—·・.,、,「」『』“”\"()（）\[\]【】]+")
_UNNAMED = re.compile(r"^\W*(unknown|unattributed|unnamed|anonymous|none|n/?a)\b", re.IGNORECASE)
# Unit conversions a normaliser may have applied (gold unit -> factors to other units).
_FACTORS: dict[str, tuple[float, ...]] = {
    "kg": (1000.0,),
    "g": (0.001,),
    "t": (1000.0, 1e6),
    "km": (1000.0,),
    "minute": (60.0, 1 / 60),
    "hour": (60.0, 3600.0),
    "day": (24.0, 86400.0),
}


def norm(text: str) -> str:
    """Casefolded NFKC text without spaces, hyphens, apostrophes, dots and brackets."""
    return _STRIP.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def squash(text: str) -> str:
    """NFKC text with whitespace collapsed (for sentence containment)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


def cell(value: str | None) -> str:
    """Undo the CSV formula guard (a leading apostrophe before = + - @ tab CR)."""
    value = value or ""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def read_table(out: Path, name: str) -> list[dict[str, str]]:
    path = out / name
    if not path.exists():
        log.warning("missing table %s", name)
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: cell(v) for k, v in row.items()} for row in csv.DictReader(fh)]


def file_of(row: dict[str, str]) -> str:
    return Path(row.get("path", "")).name


def lang_of(file: str) -> str:
    return file.split("_", 1)[0]


def to_float(text: str | None) -> float | None:
    try:
        value = float(text) if text not in (None, "") else None
    except ValueError:
        return None
    return None if value is None or math.isnan(value) else value


def contains_either(a: str, b: str) -> bool:
    a, b = squash(a), squash(b)
    return bool(a and b) and (a in b or b in a)


def names_any(cell_text: str, spellings: list[str]) -> bool:
    have = norm(cell_text)
    return bool(have) and any(norm(s) and norm(s) in have for s in spellings)


@dataclass
class Tally:
    """hit / total counters per language."""

    hit: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, lang: str, ok: bool, n: int = 1) -> None:
        self.total[lang] += n
        if ok:
            self.hit[lang] += n

    def cell(self, lang: str | None = None) -> str:
        keys = LANGS if lang is None else (lang,)
        h = sum(self.hit[k] for k in keys)
        t = sum(self.total[k] for k in keys)
        return f"{h}/{t} = {h / t:.2f}" if t else "0/0 = n/a"


def score_milestones(gold: dict[str, Any], events: list[dict[str, str]]) -> dict[str, Tally]:
    by_file: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in events:
        by_file[file_of(row)].append(row)
    res = {k: Tally() for k in ("placed", "placed_resolvable", "labelled", "labelled_of_placed", "kind_of_placed",
                                "rows_matching_gold")}
    used: set[int] = set()
    for g in gold["milestone"]:
        file, lang = g["file"], lang_of(g["file"])
        dates = {g["date"], *g.get("alt_dates", [])}
        rows = [r for r in by_file[file] if at_precision(r.get("date", ""), dates)
                and contains_either(r.get("sentence", ""), g["sentence"])]
        used.update(id(r) for r in rows)
        if g.get("optional"):
            continue
        spellings = gold["entities"][g["entity"]]
        placed = bool(rows)
        labelled = any(names_any(r.get("topic", ""), spellings) for r in rows)
        res["placed"].add(lang, placed)
        if g.get("resolvable", True):
            res["placed_resolvable"].add(lang, placed)
        res["labelled"].add(lang, labelled)
        if placed:
            res["labelled_of_placed"].add(lang, labelled)
            res["kind_of_placed"].add(lang, any(r.get("kind") == g["kind"] for r in rows))
        if not placed:
            log.info("milestone missed: %s %s %s", file, g["date"], g["sentence"][:60])
    for row in events:
        res["rows_matching_gold"].add(lang_of(file_of(row)), id(row) in used)
    return res


def score_quotes(gold: dict[str, Any], quotes: list[dict[str, str]]) -> dict[str, Tally]:
    by_file: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in quotes:
        by_file[file_of(row)].append(row)
    people, orgs = gold["people"], gold["organisations"]
    res = {k: Tally() for k in ("speaker_found", "speaker_and_words", "precision_strict", "precision_lenient")}
    for g in gold["quote"]:
        if g.get("optional") or g["speaker_type"] != "person":
            continue
        lang, rows = lang_of(g["file"]), by_file[g["file"]]
        spellings = people[g["speaker"]]
        named = [r for r in rows if names_any(r.get("speaker", ""), spellings)]
        res["speaker_found"].add(lang, bool(named))
        words = squash(g["words"])
        res["speaker_and_words"].add(lang, any(words in squash(r.get("quote", "")) or
                                               words in squash(r.get("sentence", "")) for r in named))
    for file, rows in by_file.items():
        lang = lang_of(file)
        gold_people = {g["speaker"] for g in gold["quote"] if g["file"] == file and g["speaker_type"] == "person"}
        gold_orgs = {g["speaker"] for g in gold["quote"] if g["file"] == file and g["speaker_type"] == "organisation"}
        for row in rows:
            speaker = row.get("speaker", "")
            if not speaker.strip() or _UNNAMED.match(speaker):
                continue
            strict = any(names_any(speaker, people[p]) for p in gold_people)
            lenient = strict or any(names_any(speaker, orgs[o]) for o in gold_orgs)
            res["precision_strict"].add(lang, strict)
            res["precision_lenient"].add(lang, lenient)
    return res


def gold_values(g: dict[str, Any]) -> list[float]:
    base = float(g["value"])
    values = [base, *map(float, g.get("alt_values", []))]
    values += [base * f for f in _FACTORS.get(g.get("unit", ""), ())]
    return values


def value_ok(g: dict[str, Any], row: dict[str, str]) -> bool:
    have = [v for v in (to_float(row.get("value")), to_float(row.get("normalized_value"))) if v is not None]
    if g.get("vague") or "value" not in g:
        return to_float(row.get("value")) is None
    return any(abs(h - w) <= 0.01 * abs(w) for h in have for w in gold_values(g))


def _second_rendering(g: dict[str, Any], span: str, rows: list[dict[str, str]], used: set[int]) -> bool:
    """A gold figure written as the parenthesised second rendering of another amount ("$14.1 billion (about ¥2
    trillion)") is found when a row of the same sentence carries it as ``also_text`` with a matching ``also_value``
    (the pipeline reports one amount once, with its second rendering, not as two rows)."""
    for row in rows:
        also = squash(row.get("also_text", ""))
        if id(row) in used or not also or not (span in also or also in span):
            continue
        if span not in squash(row.get("sentence", "")):
            continue
        if value_ok(g, {"value": row.get("also_value", "")}):
            used.add(id(row))
            return True
    return False


def score_figures(gold: dict[str, Any], figures: list[dict[str, str]]) -> tuple[dict[str, Tally], list[str]]:
    by_file: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in figures:
        by_file[file_of(row)].append(row)
    res = {k: Tally() for k in ("recall", "precision", "extra rows with a gold span but a wrong value")}
    notes: list[str] = []
    vague_numbered = 0
    files = sorted({g["file"] for g in gold["figure"]} | set(by_file))
    for file in files:
        lang = lang_of(file)
        items = [g for g in gold["figure"] if g["file"] == file]
        items.sort(key=lambda g: bool(g.get("optional")))  # required items claim rows first
        matched: dict[int, dict[str, Any]] = {}
        spans_only: set[int] = set()
        optional_spans: set[int] = set()  # a row on an optional item's span: never a false hit, whatever its value
        rendered: set[int] = set()
        for g in items:
            span = squash(g["text"])
            for row in by_file[file]:
                if id(row) in matched:
                    continue
                text, sent = squash(row.get("text", "")), squash(row.get("sentence", ""))
                if not text or not (span in text or text in span) or span not in sent:
                    continue
                if g.get("vague") and to_float(row.get("value")) is not None:
                    vague_numbered += 1
                if value_ok(g, row):
                    matched[id(row)] = g
                    break
                (optional_spans if g.get("optional") else spans_only).add(id(row))
            else:
                if _second_rendering(g, span, by_file[file], rendered):
                    matched[id(g)] = g  # found as a row's second rendering (also_text); no row of its own
                elif not g.get("optional"):
                    notes.append(f"figure missed: {file} {g['text']}")
            if not g.get("optional"):
                res["recall"].add(lang, any(m is g for m in matched.values()))
        for row in by_file[file]:
            g = matched.get(id(row))
            if (g is not None and g.get("optional")) or (g is None and id(row) in optional_spans):
                continue
            res["precision"].add(lang, g is not None)
            if g is None:
                res["extra rows with a gold span but a wrong value"].add(lang, id(row) in spans_only)
                notes.append(f"figure extra: {file} {row.get('text')!r} value={row.get('value')!r}")
    notes.insert(0, f"vague gold amounts given a number: {vague_numbered}")
    return res, notes


def score_published(gold: dict[str, Any], docs: list[dict[str, str]]) -> tuple[Tally, list[str]]:
    got = {file_of(r): r for r in docs}
    tally, extra = Tally(), []
    want = {p["file"]: p["date"] for p in gold["published"]}
    for file, date in want.items():
        tally.add(lang_of(file), got.get(file, {}).get("published") == date)
    for file, row in sorted(got.items()):
        if file not in want and row.get("published"):
            extra.append(f"{file}: {row['published']} ({row.get('published_basis', '')})")
    return tally, extra


def at_precision(date: str, gold_dates: set[str]) -> bool:
    """The row's date equals a gold date at the gold's precision: a finer row date (2024-12 for "end of 2024",
    given as the year 2024 by the gold) matches once cut to the gold's length; a coarser one never does."""
    date = str(date or "")
    return any(date[:len(g)] == g and len(date) >= len(g) for g in gold_dates if g)


def table(title: str, rows: dict[str, Tally]) -> list[str]:
    lines = [f"### {title}", "", "| measure | " + " | ".join(LANGS) + " | all |",
             "|---|" + "---|" * (len(LANGS) + 1)]
    for name, tally in rows.items():
        lines.append(f"| {name} | " + " | ".join(tally.cell(lang) for lang in LANGS) + f" | {tally.cell()} |")
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="the CLI's --out folder")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    gold = read_gold(args.gold)
    out: Path = args.out
    events, quotes = read_table(out, "events.csv"), read_table(out, "quotes.csv")
    figures, docs = read_table(out, "figures.csv"), read_table(out, "documents.csv")
    lines = [f"rows read: documents {len(docs)}, events {len(events)}, quotes {len(quotes)}, figures {len(figures)}",
             ""]
    lines += table("Milestones", score_milestones(gold, events))
    lines += table("Quotes (person speakers)", score_quotes(gold, quotes))
    fig, fig_notes = score_figures(gold, figures)
    lines += table("Figures", fig)
    pub, pub_extra = score_published(gold, docs)
    lines += table("Publication dates", {"right": pub})
    lines.append("published where the gold has none: " + ("; ".join(pub_extra) or "none"))
    lines.append("speakers named in quotes.csv: " + "; ".join(
        sorted({f"{file_of(r)}:{r.get('speaker', '')}" for r in quotes})))
    lines.append(fig_notes[0])
    if args.verbose:
        lines += ["", *fig_notes[1:]]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
