"""Evaluate the sentence sentiment scorer on the dev sets, show the frozen test scores recorded in the model, and
measure its speed.

    .venv/bin/python -m bench.sentiment_eval        (or: .venv/bin/python bench/sentiment_eval.py)

Prints accuracy and macro-F1 per language for score_sentences on the news dev set (news_dev_*.csv, where settings
were chosen: in-sample for choices) and the older eval.csv / holdout.csv (extra dev sets), TextBlob on English
(raw and with the domain fix; polarity > 0.1 positive, < -0.1 negative, else neutral), the frozen test scores as
recorded when the model was trained (the test set is not re-scored here), the label and sentence-kind mix on the
bundled corpus, and sentences/s of score_sentences.
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
from analysis.sentence_kind import sentence_kinds  # noqa: E402
from analysis.sentences import split_sentences  # noqa: E402

LANGS = ("en", "ko", "zh", "ja")
LABELS = ("positive", "neutral", "negative")


def _row(name: str, gold: list[str], pred: list[str]) -> str:
    m = ts.metrics(gold, pred)
    mix = Counter(gold)
    counts = "/".join(str(mix[c]) for c in LABELS)
    unc = sum(p == sentiment.UNCERTAIN for p in pred)
    return f"| {name:<30} | {m['n']:>4} | {counts:>11} | {m['accuracy']:.3f} | {m['macro_f1']:.3f} | {unc:>3} |"


def evaluate(name: str, rows: list[dict[str, str]]) -> None:
    t0 = time.perf_counter()
    scores = sentiment.score_sentences([r["text"] for r in rows], [r["language"] for r in rows])
    elapsed = time.perf_counter() - t0
    method = scores[0].method if scores else ""
    print(f"\n{name}: {len(rows)} sentences, method {method} ({elapsed:.2f} s)")
    print("| scorer / language              |    n | pos/neu/neg | acc   | macro-F1 | unc |")
    print("|--------------------------------|------|-------------|-------|----------|-----|")
    for lang in LANGS:
        idx = [i for i, r in enumerate(rows) if r["language"] == lang]
        if idx:
            print(_row(f"{method} {lang}", [rows[i]["label"] for i in idx], [scores[i].label for i in idx]))
    print(_row(f"{method} all", [r["label"] for r in rows], [s.label for s in scores]))
    en = [r for r in rows if r["language"] == "en"]
    if en:
        gold = [r["label"] for r in en]
        print(_row("textblob (raw) en", gold, ts.textblob_labels(en, False)))
        print(_row("textblob+domain en", gold, ts.textblob_labels(en, True)))


def recorded_test(info: dict) -> None:
    test = info.get("test") or {}
    print(f"\nfrozen test set (recorded at training, model {info.get('version', '')}):")
    if not test:
        print("  not scored (development model)")
        return
    for lang, m in sorted(test.items()):
        unc = info.get("test_uncertain_share", {}).get(lang, 0.0)
        print(f"  {lang}: n={m['n']} accuracy={m['accuracy']:.3f} macro-F1={m['macro_f1']:.3f} uncertain={unc:.1%}")
    for variant, m in info.get("textblob_test_en", {}).items():
        print(f"  TextBlob ({variant}) en: accuracy={m['accuracy']:.3f} macro-F1={m['macro_f1']:.3f}")


def corpus_mix() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    print("\ncorpus label and sentence-kind mix (model):")
    for path in sorted((ROOT / "data" / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lang, _ = detect_language(text)
        sents = split_sentences(text, lang)
        kinds = sentence_kinds(sents, text, lang)
        scores = sentiment.score_sentences([s.text for s in sents], [lang] * len(sents), kinds)
        mix = Counter(s.label for s in scores)
        print(f"  {path.name} [{lang}] {len(sents)} sentences: {dict(mix)}; kinds {dict(Counter(kinds))}")
        pairs.extend((s.text, lang) for s, k in zip(sents, kinds) if k == "sentence")
    return pairs


def throughput(pairs: list[tuple[str, str]], target: int = 2000) -> None:
    reps = max(1, target // max(1, len(pairs)))
    texts = [t for t, _ in pairs] * reps
    langs = [g for _, g in pairs] * reps
    for label in ("cold (empty embedding cache)", "repeated sentences (cache)"):
        if label.startswith("cold"):
            sentiment.clear_cache()
            texts_run, langs_run = texts[: len(pairs)], langs[: len(pairs)]
        else:
            texts_run, langs_run = texts, langs
        t0 = time.perf_counter()
        sentiment.score_sentences(texts_run, langs_run)
        dt = time.perf_counter() - t0
        print(f"throughput, {label}: {len(texts_run)} sentences in {dt:.2f} s = {len(texts_run) / dt:.0f}/s")


def main() -> int:
    t0 = time.perf_counter()
    info = sentiment.model_info()
    print(f"model: {info.get('method')} {info.get('version', '')} (load {time.perf_counter() - t0:.2f} s)")
    dev = ts.read_many(ts.news_files("dev"))
    if dev:
        evaluate("news dev (settings chosen here and the final weights refitted on it: in-sample)", dev)
    for path in (ts.EVAL_PATH, ts.HOLDOUT_PATH):
        if path.exists():
            evaluate(f"{path.name} (older set, extra dev)", ts.read_labelled(path))
    recorded_test(info)
    throughput(corpus_mix())
    return 0


if __name__ == "__main__":
    sys.exit(main())
