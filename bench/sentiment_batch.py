"""Cross-document batching of the sentence scorer: CPU time and whether the scores stay the same.

    .venv/bin/python -m bench.sentiment_batch [--corpus DIR ...] [--repeats 2]

The enrichment loop scores one document at a time (the encoder's micro-batches then hold ~5 sentences). This
measures, on real pages (default: the bundled corpus and the blind-evaluation corpora under tests/gold, never
blind_eval4), in one process with one BLAS thread and an empty cache before each pass:

- **per document**: ``score_sentences`` once per document (what the enricher does);
- **one call**: every document's sentences in one ``score_sentences`` call (what a chunk-level batch step would do);

and prints CPU seconds of each and how many scores differ. It also probes the cause of a difference: whether a
row of a float32 matrix product (the encoder is a chain of them) depends on how many other rows share the call.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from analysis import sentiment  # noqa: E402
from analysis.metadata import complete_metadata  # noqa: E402
from analysis.records import SentimentScore  # noqa: E402
from analysis.sentence_kind import sentence_kinds  # noqa: E402
from analysis.sentences import split_sentences  # noqa: E402
from loaders.corpus import load_corpus  # noqa: E402

DEFAULT_CORPORA = ("data/corpus", "tests/gold/blind_eval/corpus", "tests/gold/blind_eval2/corpus",
                   "tests/gold/blind_eval3/corpus")

Doc = tuple[list[str], str, list[str]]  # (sentence texts, language, kinds)


def documents(folders: Sequence[str]) -> list[Doc]:
    out: list[Doc] = []
    for folder in folders:
        for doc in load_corpus(ROOT / folder).documents:
            doc = complete_metadata(doc)
            sents = split_sentences(doc.text, doc.language)
            out.append(([s.text for s in sents], doc.language, sentence_kinds(sents, doc.text, doc.language,
                                                                               doc.source)))
    return out


def per_document(docs: list[Doc]) -> list[SentimentScore]:
    return [s for texts, lang, kinds in docs for s in sentiment.score_sentences(texts, [lang] * len(texts), kinds)]


def one_call(docs: list[Doc]) -> list[SentimentScore]:
    return sentiment.score_sentences([t for texts, _, _ in docs for t in texts],
                                     [lang for texts, lang, _ in docs for _ in texts],
                                     [k for _, _, kinds in docs for k in kinds])


def row_invariance(m_total: int = 400, k: int = 512, n: int = 768) -> dict[int, str]:
    """For a first block of m rows: how many rows of A[:m] @ W equal the same rows of A @ W."""
    rng = np.random.default_rng(0)
    A = rng.normal(size=(m_total, k)).astype(np.float32)
    W = rng.normal(size=(k, n)).astype(np.float32)
    full = A @ W
    blocks = [m for m in (1, 4, 8, 16, 32, 64, 128) if m <= m_total]
    return {m: f"{int((A[:m] @ W == full[:m]).all(axis=1).sum())}/{m}" for m in blocks}


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.sentiment_batch", description=__doc__.splitlines()[0])
    p.add_argument("--corpus", action="append", default=[])
    p.add_argument("--repeats", type=int, default=2)
    a = p.parse_args(argv)
    docs = documents(a.corpus or DEFAULT_CORPORA)
    print(f"{len(docs)} documents, {sum(len(t) for t, _, _ in docs)} lines")
    sentiment.score_sentences(["warm up the encoder"], ["en"])
    for rep in range(a.repeats):
        ref: list[SentimentScore] = []
        for name, fn in (("per document", per_document), ("one call", one_call)):
            sentiment.clear_cache()
            t0 = time.process_time()
            got = fn(docs)
            cpu = time.process_time() - t0
            scored = sum(s.score is not None for s in got)
            line = f"run {rep + 1}, {name}: {cpu:.3f} CPU s, {scored} sentences scored"
            if ref:
                diff = sum(x != y for x, y in zip(got, ref, strict=True))
                labels = sum(x.label != y.label for x, y in zip(got, ref, strict=True))
                line += f"; scores differing from per document: {diff} (labels {labels})"
            ref = ref or got
            print(line)
    print("float32 matmul rows unchanged when computed with fewer rows (A[:m] @ W vs A @ W):", row_invariance())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
