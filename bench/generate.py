"""Reproducible synthetic corpora built from real sentences, for benchmarks.

    python -m bench.generate OUT --docs 10000 [--seed 7]

Sentences come from the bundled articles (data/corpus) and the hand-written labelled news sentences
(data/sentiment/*.csv), so every enricher meets realistic text in en/ko/zh/ja. Each synthetic article takes
8-40 sentences of one language, a source from a per-language pool and a publication date in 2024; a
manifest.csv carries the metadata, as analysts' corpora do. The same seed gives the same corpus.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import logging
import random
from pathlib import Path

from analysis.language import detect_language
from analysis.sentences import split_sentences
from loaders.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "en": ["Reuters", "The Verge", "TechCrunch", "Financial Times", "limnews.com"],
    "ko": ["KBS News", "한국경제", "조선일보", "연합뉴스", "ZDNet Korea"],
    "zh": ["每日经济新闻", "新浪科技", "36氪", "财新", "澎湃新闻"],
    "ja": ["日本経済新聞", "ITmedia", "朝日新聞", "NHK"],
}
log = logging.getLogger(__name__)


def sentence_pool() -> dict[str, list[str]]:
    pool: dict[str, list[str]] = {k: [] for k in SOURCES}
    corpus = load_corpus(ROOT / "data" / "corpus")
    for doc in corpus.documents:
        lang = doc.language or detect_language(doc.text)[0]
        if lang in pool:
            pool[lang] += [s.text for s in split_sentences(doc.text, lang) if len(s.text) > 15]
    for name in ("train.csv", "eval.csv"):
        path = ROOT / "data" / "sentiment" / name
        if path.exists():
            with open(path, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    if row.get("language") in pool:
                        pool[row["language"]].append(row["text"])
    return {k: v for k, v in pool.items() if v}


def generate(out: Path, n_docs: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    pool = sentence_pool()
    langs = list(pool)
    weights = [{"en": 3, "ko": 3, "zh": 2, "ja": 1}.get(x, 1) for x in langs]
    out.mkdir(parents=True, exist_ok=True)
    start = dt.date(2024, 1, 1)
    rows = []
    for i in range(n_docs):
        lang = rng.choices(langs, weights)[0]
        k = rng.randint(8, 40)
        sents = rng.sample(pool[lang], min(k, len(pool[lang])))
        paras = ["\n".join(sents[j:j + 3]) for j in range(0, len(sents), 3)]
        name = f"{i // 1000:03d}/{i:07d}.txt"
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(paras) + "\n", encoding="utf-8")
        published = "" if rng.random() < 0.03 else (start + dt.timedelta(days=rng.randint(0, 365))).isoformat()
        rows.append({"file": name, "outlet": rng.choice(SOURCES[lang]), "published": published, "language": lang})
    with open(out / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["file", "outlet", "published", "language"])
        w.writeheader()
        w.writerows(rows)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--docs", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args(argv)
    generate(Path(a.out), a.docs, a.seed)
    print(f"wrote {a.docs} articles to {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
