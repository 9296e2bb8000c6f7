"""Dates and publication dates on real sentences of stories other than the bundled one (tests/gold/dates_real*.csv).

The gold was written by hand from stored news pages (en, ko, zh, ja; business, politics, disasters, science, sport)
before the rules for these classes were written. ``dates_real.csv`` is the in-sample part the rules were developed
against; ``dates_real_blind.csv`` holds 20 % of the sentences (chosen by a hash of the text) plus a second batch from
other stories written after the first blind run; each batch was run once and its score is reported as it came in
bench/DATES.md.

Scoring, per language: every expression found in a sentence is matched to a gold expression of that sentence whose
span overlaps it and whose resolution (date, precision, date_end) is equal; precision = matched / found, recall =
matched / gold. Sentences with no gold expression are traps (durations, ages, scores, ordinals): anything found there
counts against precision. Publication-date rows give a page opening (byline and stamp lines as they appear) and its
address; the expected value is the publication date, a month (an address with only year and month), or nothing.

Run ``python tests/test_dates_real.py [--blind | --all] [-v]`` for the report (-v lists every miss).
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from analysis.dates import find_dates, infer_published, infer_published_month  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold"
LANGS = ("en", "ko", "zh", "ja")
S2_LANGS = LANGS + ("de",)  # the second-round gold has German too (a language added as data)


def _rows(name: str) -> list[dict[str, str]]:
    with open(GOLD / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass
class Score:
    tp: int = 0
    found: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    kind_ok: int = 0  # matched expressions whose past/projected kind (analysis.events) equals the gold's
    kind_n: int = 0  # matched expressions with a gold kind

    @property
    def precision(self) -> float:
        return self.tp / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0


def _gold_spans(text: str, exprs: list[dict[str, str]]) -> list[tuple[int, int, tuple[str, str, str]]]:
    """Each gold expression's span: searched from the end of the previous one (gold rows are in text order)."""
    spans, cursor = [], 0
    for r in exprs:
        at = text.find(r["expect"], cursor)
        if at < 0:
            at = text.find(r["expect"])
        assert at >= 0, (r["expect"], text)
        spans.append((at, at + len(r["expect"]), (r["date"], r["precision"], r["date_end"])))
        cursor = at + len(r["expect"])
    return spans


def score_expressions(rows: list[dict[str, str]], langs: tuple[str, ...] = LANGS) -> dict[str, Score]:
    from analysis.events import _kind_for  # the kind the timeline gives a date (past / projected)

    by_sentence: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        if r["kind"] == "expression":
            by_sentence[(r["lang"], r["published"], r["text"])].append(r)
    scores = {lang: Score() for lang in langs}
    for (lang, published, text), group in by_sentence.items():
        if lang not in scores:
            continue
        with_expr = [r for r in group if r["expect"]]
        gold = _gold_spans(text, with_expr)
        kinds = [r.get("tense", "") for r in with_expr]
        anchor = dt.date.fromisoformat(published) if published else None
        found = find_dates(text, lang, anchor)
        s = scores[lang]
        s.gold += len(gold)
        s.found += len(found)
        used: set[int] = set()
        for m in found:
            have = (m.date, m.precision, m.date_end or "")
            hit = next((i for i, (a, b, want) in enumerate(gold)
                        if i not in used and a < m.end and m.start < b and want == have), None)
            if hit is None:
                s.misses.append(f"extra {m.text!r} -> {have} in {text[:60]!r}")
            else:
                used.add(hit)
                s.tp += 1
                if kinds[hit]:
                    s.kind_n += 1
                    got = _kind_for(lang, m, text, anchor, anchor is not None)
                    if got == kinds[hit]:
                        s.kind_ok += 1
                    else:
                        s.misses.append(f"kind {m.text!r}: {got}, gold {kinds[hit]} in {text[:60]!r}")
        for i, (a, b, want) in enumerate(gold):
            if i not in used:
                s.misses.append(f"missed {text[a:b]!r} -> {want} in {text[:60]!r}")
    return scores


def published_value(text: str, url: str, lang: str) -> tuple[str, str]:
    """(the inferred publication value: YYYY-MM-DD, YYYY-MM or "", its basis)."""
    day, basis = infer_published(text, url, lang)
    if day is not None:
        return day.isoformat(), basis
    month, mbasis = infer_published_month(text, url)
    return (month, mbasis) if month else ("", basis)


def score_published(rows: list[dict[str, str]],
                    langs: tuple[str, ...] = LANGS) -> dict[str, tuple[int, int, list[str]]]:
    out: dict[str, tuple[int, int, list[str]]] = {}
    for lang in langs:
        mine = [r for r in rows if r["kind"] == "published" and r["lang"] == lang]
        bad = []
        for r in mine:
            got, basis = published_value(r["text"], r["url"], lang)
            if got != r["date"]:
                bad.append(f"want {r['date'] or '(none)'} got {got or '(none)'} [{basis}] {r['url'][:70]}")
        out[lang] = (len(mine) - len(bad), len(mine), bad)
    return out


IN_SAMPLE = _rows("dates_real.csv")


def test_gold_is_big_enough() -> None:
    every = IN_SAMPLE + _rows("dates_real_blind.csv")
    for lang in LANGS:
        assert sum(1 for r in every if r["kind"] == "expression" and r["lang"] == lang and r["expect"]) >= 30
        assert sum(1 for r in every if r["kind"] == "published" and r["lang"] == lang) >= 10
    assert sum(1 for r in every if r["kind"] == "expression" and not r["expect"]) >= 15  # trap sentences


@pytest.mark.parametrize("lang", LANGS)
def test_in_sample_expressions(lang: str) -> None:
    s = score_expressions(IN_SAMPLE)[lang]
    assert s.precision >= 0.95 and s.recall >= 0.9, (
        f"{lang}: P={s.precision:.3f} R={s.recall:.3f} ({s.tp}/{s.found}/{s.gold})\n" + "\n".join(s.misses))


@pytest.mark.parametrize("lang", LANGS)
def test_in_sample_publication_dates(lang: str) -> None:
    ok, n, bad = score_published(IN_SAMPLE)[lang]
    assert n - ok <= 1, f"{lang}: {ok}/{n}\n" + "\n".join(bad)


# Added after the blind runs (bench/DATES.md has their numbers as they came); it guards against regressions, it no
# longer measures anything blind.
BLIND = _rows("dates_real_blind.csv")


@pytest.mark.parametrize("lang", LANGS)
def test_blind_part_stays_above_the_bar(lang: str) -> None:
    s = score_expressions(BLIND)[lang]
    ok, n, bad = score_published(BLIND)[lang]
    assert s.precision >= 0.9 and s.recall >= 0.9, "\n".join(s.misses)
    assert ok == n, "\n".join(bad)


# Second round (two new stories, de included): the dev part is what the rules of this round were written against.
# Its blind part (dates_real_s2_blind.csv) was run once; bench/DATES.md has the numbers as they came.
S2_DEV = _rows("dates_real_s2.csv")


def test_second_round_gold_is_big_enough() -> None:
    every = S2_DEV + _rows("dates_real_s2_blind.csv")
    for lang in LANGS:
        assert len({r["text"] for r in every if r["kind"] == "expression" and r["lang"] == lang}) >= 25
        assert sum(1 for r in every if r["kind"] == "published" and r["lang"] == lang) >= 15
    assert all(r["tense"] in ("past", "projected") for r in every if r["kind"] == "expression" and r["expect"])


@pytest.mark.parametrize("lang", S2_LANGS)
def test_second_round_dev(lang: str) -> None:
    s = score_expressions(S2_DEV, S2_LANGS)[lang]
    ok, n, bad = score_published(S2_DEV, S2_LANGS)[lang]
    # precision 0.95, with one wrong reading allowed on a small set (ko: 18 expressions; the one left is "이날" in a
    # Korean page about an American event of the day before, which the sentence alone cannot tell)
    assert s.found - s.tp <= max(1, int(0.05 * s.found)) and s.recall >= 0.9, "\n".join(s.misses)
    assert n - ok <= 2, "\n".join(bad)  # the hidden bar: all but at most two pages that show a date


def _report(rows: list[dict[str, str]], label: str, langs: tuple[str, ...] = LANGS) -> None:
    exp, pub = score_expressions(rows, langs), score_published(rows, langs)
    print(f"## {label}")
    print("| lang | expressions (gold) | found | matched | precision | recall | kind right | publication dates |")
    print("|---|---|---|---|---|---|---|---|")
    for lang in langs:
        s = exp[lang]
        ok, n, _ = pub[lang]
        kind = f"{s.kind_ok}/{s.kind_n}" if s.kind_n else "-"
        print(f"| {lang} | {s.gold} | {s.found} | {s.tp} | {s.precision:.3f} | {s.recall:.3f} | {kind} | {ok}/{n} |")
    if "-v" in sys.argv:
        for lang in langs:
            for line in exp[lang].misses + pub[lang][2]:
                print(f"  {lang}: {line}")


if __name__ == "__main__":
    if "--s2" in sys.argv:
        _report(_rows("dates_real_s2.csv"), "second round, dev part", S2_LANGS)
    elif "--s2-blind" in sys.argv:
        _report(_rows("dates_real_s2_blind.csv"), "second round, blind part (run once)", S2_LANGS)
    elif "--s3c-blind" in sys.argv:
        _report(_rows("dates_real_s3c_blind.csv"), "third round, third blind part (run once)")
    elif "--s3b-blind" in sys.argv:
        _report(_rows("dates_real_s3b_blind.csv"), "third round, second blind part (run once)")
    elif "--s3-blind" in sys.argv:
        _report(_rows("dates_real_s3_blind.csv"), "third round, blind part (run once)")
    elif "--blind" in sys.argv:
        _report(BLIND, "blind (run once)")
    elif "--all" in sys.argv:
        _report(IN_SAMPLE + BLIND, "in-sample and blind together")
    else:
        _report(IN_SAMPLE, "in-sample")
