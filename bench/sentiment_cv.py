"""Learner variants of the sentence sentiment model on the trainer's story-grouped out-of-fold predictions.

    .venv/bin/python -m bench.sentiment_cv [--variants baseline,interaction,negation] [--embedding-cache FILE]

The folds, rows, weights and features are the trainer's (analysis.train_sentiment: news train + news dev, 5 folds
by story, train.csv rows always on the fitting side at weight OLD_WEIGHT); the frozen test set is read only to keep
its sentences out of the fitting rows, never scored. Each variant appends features to the trainer's design matrix
(C 1, n-gram weight 1, lexicon weight 1 unless said) and prints the mean over languages of the forced-label
macro-F1 (in-sample for choices, as every out-of-fold number of bench/SENTIMENT.md):

- ``baseline``: the shipped feature set.
- ``interaction``: the embedding again, once per language block (scale 0.5 and 1): each language its own
  direction beside the shared one.
- ``negation``: the lexicon counts split into plain and negated entries (cues in data/sentiment/negation.toml),
  replacing the plain counts.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import sentiment  # noqa: E402
from analysis import train_sentiment as ts  # noqa: E402

log = logging.getLogger(__name__)
NEGATION_PATH = ts.DATA_DIR / "negation.toml"
Extra = Callable[[ts.Features, Sequence[dict[str, str]]], np.ndarray]


def pool_rows() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(older train.csv rows, news train + dev rows) exactly as train() builds them."""
    train_rows = ts.read_many(ts.train_paths())
    dev_rows = ts.read_many(ts.news_files("dev"))
    held_rows = [*dev_rows, *ts.read_many(ts.news_files("test"))]
    held_rows += [r for p in (ts.EVAL_PATH, ts.HOLDOUT_PATH) if p.exists() for r in ts.read_labelled(p)]
    held = {ts.norm_text(r["text"]) for r in held_rows}
    train_rows = [r for r in train_rows if ts.norm_text(r["text"]) not in held]
    old = [r for r in train_rows if r.get("_file") == ts.TRAIN_PATH.name]
    news = [r for r in train_rows if r.get("_file") != ts.TRAIN_PATH.name]
    return old, [*news, *dev_rows]


def interaction(scale: float) -> Extra:
    def fn(F: ts.Features, rows: Sequence[dict[str, str]]) -> np.ndarray:
        out = np.zeros((len(rows), len(ts.LANGS) * ts.EMB_DIM), dtype=np.float32)
        for i, r in enumerate(rows):
            li = ts.LANGS.index(r["language"])
            out[i, li * ts.EMB_DIM:(li + 1) * ts.EMB_DIM] = F[0][i] * scale
        return out
    return fn


def negated_counts(text: str, lang: str, cue: dict) -> np.ndarray:
    """(plain positive, plain negative, negated positive, negated negative) lexicon entries of a sentence."""
    pattern, polarity = sentiment._lexicon(lang)
    out = np.zeros(4, dtype=np.float32)
    if pattern is None:
        return out
    norm = sentiment.script_normalise(text, lang)
    if lang == "ko":
        norm = norm.replace(" ", "")
    rx, window = re.compile(cue["pattern"]), int(cue["window"])
    for m in pattern.finditer(norm):
        ctx = norm[max(0, m.start() - window):m.start()] if cue["side"] == "before" else norm[m.end():m.end() + window]
        out[(0 if polarity[m.group(0)] > 0 else 1) + (2 if rx.search(ctx) else 0)] += 1.0
    return out


def negation(F: ts.Features, rows: Sequence[dict[str, str]]) -> np.ndarray:
    cues = tomllib.loads(NEGATION_PATH.read_text(encoding="utf-8"))
    out = np.zeros((len(rows), len(ts.LANGS) * 4), dtype=np.float32)
    for i, r in enumerate(rows):
        li = ts.LANGS.index(r["language"])
        out[i, li * 4:(li + 1) * 4] = np.log1p(negated_counts(r["text"], r["language"], cues[r["language"]]))
    return out


def out_of_fold(old: list[dict[str, str]], pool: list[dict[str, str]], extra: Extra | None = None,
                beta: float = 1.0, C: float = 1.0) -> np.ndarray:
    """Out-of-fold logits (N, 3) of the pool for the trainer's design plus ``extra`` features."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    F_old, F_pool = ts.features(old), ts.features(pool)

    def design(F: ts.Features, rows: Sequence[dict[str, str]]) -> object:
        X = ts._design(F, 1.0, beta)
        return sparse.hstack([X, sparse.csr_matrix(extra(F, rows))], format="csr") if extra else X

    X_old, X_pool = design(F_old, old), design(F_pool, pool)
    z = np.zeros((len(pool), len(ts.CLASSES)))
    for f in ts.story_folds(pool):
        fit_idx = np.setdiff1d(np.arange(len(pool)), f)
        rows = [*old, *(pool[i] for i in fit_idx)]
        w = np.concatenate([np.full(len(old), ts.OLD_WEIGHT), np.ones(len(fit_idx))])
        w = w * ts.balance_weights([r["label"] for r in rows], [r["language"] for r in rows])
        clf = LogisticRegression(C=C, max_iter=3000, tol=1e-4)
        clf.fit(sparse.vstack([X_old, X_pool[fit_idx]], format="csr"), [r["label"] for r in rows], sample_weight=w)
        z[f] = clf.decision_function(X_pool[f])
    return z


def report(name: str, pool: list[dict[str, str]], z: np.ndarray) -> float:
    per = ts.per_language(pool, [ts.CLASSES[i] for i in z.argmax(axis=1)])
    mean = float(np.mean([m["macro_f1"] for m in per.values()]))
    print(f"| {name:<34} | {mean:.4f} | " + " | ".join(f"{per[g]['macro_f1']:.3f}" for g in ts.LANGS) + " |",
          flush=True)
    return mean


VARIANTS: dict[str, list[tuple[str, Extra | None, float]]] = {
    "baseline": [("baseline (shipped features)", None, 1.0)],
    "interaction": [("+ embedding per language, scale 0.5", interaction(0.5), 1.0),
                    ("+ embedding per language, scale 1", interaction(1.0), 1.0)],
    "negation": [("lexicon split by negation", negation, 0.0)],
}


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    p = argparse.ArgumentParser(prog="python -m bench.sentiment_cv", description=__doc__.splitlines()[0])
    p.add_argument("--variants", default=",".join(VARIANTS))
    p.add_argument("--embedding-cache", default="", help="npz file to reuse embeddings across runs (optional)")
    a = p.parse_args(argv)
    if a.embedding_cache:
        ts.load_embedding_cache(Path(a.embedding_cache))
    old, pool = pool_rows()
    print("| variant                            | mean   | " + " | ".join(ts.LANGS) + " |")
    print("|---|---|" + "---|" * len(ts.LANGS))
    for key in a.variants.split(","):
        for name, extra, beta in VARIANTS[key.strip()]:
            report(name, pool, out_of_fold(old, pool, extra, beta))
    if a.embedding_cache:
        ts.save_embedding_cache(Path(a.embedding_cache))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
