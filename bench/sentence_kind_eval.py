"""Sentence / not-a-sentence accuracy of analysis.sentence_kind on hand-labelled lines of real news pages.

    .venv/bin/python -m bench.sentence_kind_eval            # dev gold (the rules were written looking at it)
    .venv/bin/python -m bench.sentence_kind_eval --blind    # blind gold (run once, reported in bench/SENTIMENT.md)

Gold files (tests/gold/sentence_kinds_{dev,blind}.txt): pages separated by "## <lang> <host>", one line per
page line as ``kind<TAB>text``. Each page is rebuilt as text (lines joined by newlines), split into sentences as
the pipeline does, and every sentence is compared with the kind of the gold line that holds it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.sentence_kind import KINDS, SENTENCE, sentence_kinds  # noqa: E402
from analysis.sentences import split_sentences  # noqa: E402

GOLD = ROOT / "tests" / "gold"


@dataclass(frozen=True)
class Page:
    lang: str
    host: str
    lines: tuple[tuple[str, str], ...]  # (kind, text)


def load_gold(path: Path) -> list[Page]:
    pages: list[Page] = []
    lang, host, lines = "", "", []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("## "):
            if lines:
                pages.append(Page(lang, host, tuple(lines)))
            lang, _, host = raw[3:].partition(" ")
            lines = []
        elif raw.strip() and not raw.startswith("#"):
            kind, _, text = raw.partition("\t")
            if kind not in KINDS or not text.strip():
                raise ValueError(f"{path.name}: bad gold line {raw!r}")
            lines.append((kind, text))
    if lines:
        pages.append(Page(lang, host, tuple(lines)))
    return pages


def judge(page: Page) -> list[tuple[str, str, str]]:
    """(sentence text, gold kind, predicted kind) for every sentence of the page."""
    text = "\n".join(t for _, t in page.lines)
    gold_of_line = [k for k, _ in page.lines]
    sents = split_sentences(text, page.lang)
    starts = []
    pos = 0
    for _, t in page.lines:
        starts.append(pos)
        pos += len(t) + 1
    import bisect

    pred = sentence_kinds(sents, text, page.lang)
    return [(s.text, gold_of_line[bisect.bisect_right(starts, s.start) - 1], k) for s, k in zip(sents, pred)]


def scores(pages: list[Page]) -> dict[str, dict[str, float]]:
    """Per language: n, accuracy of sentence vs not, precision/recall of "not a sentence"."""
    out: dict[str, dict[str, float]] = {}
    for lang in sorted({p.lang for p in pages}):
        c: Counter[str] = Counter()
        for p in (x for x in pages if x.lang == lang):
            for _, g, k in judge(p):
                gs, ks = g == SENTENCE, k == SENTENCE
                c["n"] += 1
                c["ok"] += gs == ks
                c["tp"] += (not gs) and (not ks)
                c["fp"] += gs and (not ks)
                c["fn"] += (not gs) and ks
                c["sent"] += gs
        prec = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        rec = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
        out[lang] = {"n": c["n"], "sentences": c["sent"], "accuracy": round(c["ok"] / c["n"], 3),
                     "not_sentence_precision": round(prec, 3), "not_sentence_recall": round(rec, 3),
                     "sentences_lost": c["fp"]}
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.sentence_kind_eval", description=__doc__.splitlines()[0])
    p.add_argument("--blind", action="store_true", help="score the blind gold (once, at the end)")
    p.add_argument("--errors", action="store_true", help="print the misjudged sentences (dev only)")
    a = p.parse_args(argv)
    path = GOLD / ("sentence_kinds_blind.txt" if a.blind else "sentence_kinds_dev.txt")
    pages = load_gold(path)
    print(f"{path.name}: {len(pages)} pages")
    for lang, m in scores(pages).items():
        print(f"  {lang}: {m}")
    if a.errors and not a.blind:
        for page in pages:
            for text, g, k in judge(page):
                if (g == SENTENCE) != (k == SENTENCE):
                    print(f"  [{page.lang}] gold {g:<10} got {k:<10} {text[:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
