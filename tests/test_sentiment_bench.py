"""The session-4 measurement helpers (bench/sentiment_cv.py, bench/sentiment_batch.py) on real sentences."""

from __future__ import annotations

import tomllib

from analysis import train_sentiment as ts
from bench.sentiment_batch import row_invariance
from bench.sentiment_cv import NEGATION_PATH, negated_counts, pool_rows

CUES = tomllib.loads(NEGATION_PATH.read_text(encoding="utf-8"))


def test_negation_cues_are_data_for_every_language():
    assert set(CUES) == set(ts.LANGS)
    assert all(c["side"] in ("before", "after") and int(c["window"]) > 0 for c in CUES.values())


def test_a_negated_lexicon_entry_is_counted_apart():
    # news_dev_en.csv (labelled positive): the negative entry "injur" is negated by "No"
    assert negated_counts("No injuries were reported.", "en", CUES["en"]).tolist() == [0, 0, 0, 1]
    assert negated_counts("Two workers were injured on Monday.", "en", CUES["en"]).tolist() == [0, 1, 0, 0]
    # ko: the cue follows the entry: 사고 (accident) plain, 손실 (loss) negated by 없었다
    assert negated_counts("이번 사고로 인한 인명 손실은 없었다.", "ko", CUES["ko"]).tolist() == [0, 1, 0, 1]


def test_the_cv_pool_keeps_held_out_sentences_out():
    old, pool = pool_rows()
    held = {ts.norm_text(r["text"]) for r in ts.read_many(ts.news_files("test"))}
    assert not held & {ts.norm_text(r["text"]) for r in [*old, *pool]}
    assert {r["_file"] for r in pool} == {p.name for p in [*ts.news_files("train"), *ts.news_files("dev")]}


def test_row_invariance_probe_reports_every_block():
    got = row_invariance(m_total=64, k=16, n=8)
    assert set(got) == {1, 4, 8, 16, 32, 64}
    assert got[64] == "64/64"  # the whole matrix against itself: the same call, the same rows
    for m, frac in got.items():
        same, total = (int(x) for x in frac.split("/"))
        assert total == m and 0 <= same <= m
