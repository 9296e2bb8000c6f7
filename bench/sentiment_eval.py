"""Evaluate the sentence sentiment scorer on the hand-labelled eval set and measure its speed.

    .venv/bin/python -m bench.sentiment_eval        (or: .venv/bin/python bench/sentiment_eval.py)

Prints accuracy and macro-F1 per language for score_sentences (eval.csv and, if present, the blind
holdout.csv), TextBlob on English (raw and with the domain fix; polarity > 0.1 positive, < -0.1 negative, else
neutral), the label mix on the bundled corpus and sentences/s of score_sentences.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import sentiment  # noqa: E402
from analysis import train_sentiment as ts  # noqa: E402
from analysis.language import detect_language  # noqa: E402
from analysis.sentences import split_sentences  # noqa: E402

LANGS = ("en", "ko", "zh", "ja")


def _row(name: str, gold: list[str], pred: list[str]) -> str:
    m = ts.metrics(gold, pred)
    mix = Counter(gold)
    counts = "/".join(str(mix[c]) for c in ("positive", "neutral", "negative"))
    return f"| {name:<30} | {m['n']:>4} | {counts:>9} | {m['accuracy']:.3f} | {m['macro_f1']:.3f} |"


def evaluate(path: Path) -> None:
    rows = ts.read_labelled(path)
    t0 = time.perf_counter()
    scores = sentiment.score_sentences([r["text"] for r in rows], [r["language"] for r in rows])
    elapsed = time.perf_counter() - t0
    method = scores[0].method if scores else ""
    print(f"\n{path.name}: {len(rows)} sentences, method {method} ({elapsed:.2f} s incl. first load)")
    print("| scorer / language              |    n | pos/neu/neg | acc   | macro-F1 |")
    print("|--------------------------------|------|-----------|-------|-------|")
    for lang in LANGS:
        idx = [i for i, r in enumerate(rows) if r["language"] == lang]
        if idx:
            print(_row(f"{method} {lang}", [rows[i]["label"] for i in idx], [scores[i].label for i in idx]))
    print(_row(f"{method} all", [r["label"] for r in rows], [s.label for s in scores]))
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "data" / "corpus").glob("*.txt"))
    seeds = [i for i, r in enumerate(rows) if r["text"] in corpus]
    if seeds:
        for lang in LANGS:
            idx = [i for i in seeds if rows[i]["language"] == lang]
            if idx:
                gold = [rows[i]["label"] for i in idx]
                print(_row(f"{method} {lang} (corpus sents)", gold, [scores[i].label for i in idx]))
    en = [r for r in rows if r["language"] == "en"]
    gold = [r["label"] for r in en]
    raw = [sentiment.label_from_polarity(sentiment.textblob_polarity_raw(r["text"])) for r in en]
    fixed = [sentiment.label_from_polarity(sentiment.textblob_score(r["text"]) or 0.0) for r in en]
    print(_row("textblob (raw) en", gold, raw))
    print(_row("textblob+domain en", gold, fixed))


def corpus_mix() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    print("\ncorpus label mix (model):")
    for path in sorted((ROOT / "data" / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lang, _ = detect_language(text)
        sents = [s.text for s in split_sentences(text, lang)]
        langs = [detect_language(s)[0] for s in sents]
        scores = sentiment.score_sentences(sents, langs)
        mix = Counter(s.label for s in scores)
        print(f"  {path.name} [{lang}] {len(sents)} sentences: {dict(mix)}")
        pairs.extend(zip(sents, langs))
    return pairs


def throughput(pairs: list[tuple[str, str]], target: int = 2000) -> None:
    reps = max(1, target // max(1, len(pairs)))
    texts = [t for t, _ in pairs] * reps
    langs = [g for _, g in pairs] * reps
    t0 = time.perf_counter()
    sentiment.score_sentences(texts, langs)
    dt = time.perf_counter() - t0
    print(f"\nthroughput: {len(texts)} corpus sentences in {dt:.2f} s = {len(texts) / dt:.0f} sentences/s (warm)")


def main() -> int:
    t0 = time.perf_counter()
    info = sentiment.model_info()
    print(f"model: {info.get('method')} {info.get('version', '')} (load {time.perf_counter() - t0:.2f} s)")
    evaluate(ts.EVAL_PATH)
    holdout = ts.DATA_DIR / "holdout.csv"
    if holdout.exists():
        evaluate(holdout)
    throughput(corpus_mix())
    return 0


if __name__ == "__main__":
    sys.exit(main())
