"""Date extraction: hand-written gold for the five seeds and a table of realistic phrasing (tests/gold/)."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from analysis.dates import find_dates, infer_anchor, infer_published

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
GOLD = Path(__file__).resolve().parent / "gold"
LANG = {"000": "en", "001": "ko", "002": "ko", "003": "ko", "004": "zh"}
# publication dates from the manifest; 004 is undated (the pipeline passes None)
PUBLISHED = {"000": dt.date(2024, 4, 1), "001": dt.date(2024, 2, 23), "002": dt.date(2024, 4, 8),
             "003": dt.date(2024, 2, 18), "004": None}


def _rows(name: str) -> list[dict[str, str]]:
    with open(GOLD / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _seed_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


# ---------------------------------------------------------------- expression table


# dates_expressions_more.csv was written after the rules and scored 30/30 on its first run
TABLE = _rows("dates_expressions.csv") + _rows("dates_expressions_more.csv")


def _row_ok(row: dict[str, str]) -> tuple[bool, str]:
    anchor = dt.date.fromisoformat(row["anchor"]) if row["anchor"] else None
    got = find_dates(row["sentence"], row["lang"], anchor)
    if not row["expect"]:
        return (not got), f"expected no date, got {[(m.text, m.date) for m in got]}"
    if len(got) != 1:
        return False, f"expected one mention, got {[(m.text, m.date) for m in got]}"
    m = got[0]
    want = (row["expect"], row["date"], row["precision"], row["date_end"] or None, row["tz_note"],
            row["approximate"] == "true")
    have = (m.text, m.date, m.precision, m.date_end, m.tz_note, m.approximate)
    return want == have, f"want {want}, have {have}"


def test_table_is_big_enough_and_covers_languages() -> None:
    assert len(TABLE) >= 130
    langs = Counter(r["lang"] for r in TABLE)
    assert all(langs[x] >= 10 for x in ("en", "ko", "zh", "ja"))
    assert sum(1 for r in TABLE if not r["expect"]) >= 20  # traps


def test_expression_table_accuracy() -> None:
    results = [(r, *_row_ok(r)) for r in TABLE]
    failures = [f"{r['lang']} {r['sentence']!r}: {why}" for r, ok, why in results if not ok]
    accuracy = 1 - len(failures) / len(results)
    assert accuracy >= 0.95, f"accuracy {accuracy:.3f}; failures:\n" + "\n".join(failures)


@pytest.mark.parametrize("row", [r for r in TABLE if not r["expect"]], ids=lambda r: r["sentence"][:30])
def test_traps_yield_no_date(row: dict[str, str]) -> None:
    ok, why = _row_ok(row)
    assert ok, why


@pytest.mark.parametrize("row", [r for r in TABLE if r["lang"] in ("ko", "zh", "ja") and r["tz_note"]],
                         ids=lambda r: r["expect"])
def test_time_zone_notes_are_kept(row: dict[str, str]) -> None:
    ok, why = _row_ok(row)
    assert ok, why


# ---------------------------------------------------------------- seed gold


def _seed_scores() -> tuple[int, int, int, list[str]]:
    gold: Counter[tuple[str, str, str, str]] = Counter()
    for r in _rows("dates_seed_mentions.csv"):
        gold[(r["file"], r["text"], r["date"], r["precision"])] += int(r["occurrences"])
    found: Counter[tuple[str, str, str, str]] = Counter()
    for path in _seed_files():
        key = path.name[:3]
        for m in find_dates(path.read_text(encoding="utf-8"), LANG[key], PUBLISHED[key]):
            found[(path.name, m.text, m.date, m.precision)] += 1
    tp = sum((gold & found).values())
    misses = [f"missed {k} x{v}" for k, v in (gold - found).items()] + [f"extra {k} x{v}" for k, v in
                                                                       (found - gold).items()]
    return tp, sum(found.values()), sum(gold.values()), misses


def test_seed_dates_precision_recall() -> None:
    tp, n_found, n_gold, misses = _seed_scores()
    precision, recall = tp / n_found, tp / n_gold
    assert n_gold == 24
    assert precision >= 0.95 and recall >= 0.95, f"P={precision:.2f} R={recall:.2f} ({tp}/{n_found}/{n_gold})\n" + (
        "\n".join(misses))


def test_seed_date_attributes() -> None:
    """tz notes, ranges and approximation flags of the seed gold."""
    by_file = {p.name: p for p in _seed_files()}
    for r in _rows("dates_seed_mentions.csv"):
        key = r["file"][:3]
        got = [m for m in find_dates(by_file[r["file"]].read_text(encoding="utf-8"), LANG[key], PUBLISHED[key])
               if m.text == r["text"]]
        assert got, r
        for m in got:
            assert (m.date_end, m.tz_note, m.approximate) == (r["date_end"] or None, r["tz_note"],
                                                              r["approximate"] == "true"), r


def test_english_seed_has_no_dates() -> None:
    text = (CORPUS / "000_0e504aa3121093fd.txt").read_text(encoding="utf-8")
    assert find_dates(text, "en", dt.date(2024, 4, 1)) == []


def test_offsets_point_into_text() -> None:
    for path in _seed_files():
        text = path.read_text(encoding="utf-8")
        key = path.name[:3]
        for m in find_dates(text, LANG[key], PUBLISHED[key]):
            assert text[m.start:m.end] == m.text


def test_undated_chinese_seed_uses_its_own_dates() -> None:
    text = (CORPUS / "004_9b3ddd21529d1169.txt").read_text(encoding="utf-8")
    anchor, basis = infer_anchor(text, "zh")
    assert anchor == dt.date(2024, 3, 13) and "inferred" in basis
    mentions = {m.text: m for m in find_dates(text, "zh", None)}
    assert mentions["当地时间 3 月 13 日周三"].basis == "inferred year from weekday"
    assert mentions["今年晚些时候"].date == "2024" and "inferred" in mentions["今年晚些时候"].basis
    assert "今天" not in mentions  # the aggregator's "today" needs the real publication date


# ---------------------------------------------------------------- behaviour without anchor, repeats


@pytest.mark.parametrize("text,lang", [
    ("오픈AI가 지난 15일(현지시간) 소라를 공개했다.", "ko"),
    ("오픈AI는 지난해 3월 GPT-4를 내놨다.", "ko"),
    ("OpenAI plans to release Sora later this year.", "en"),
    ("Sora 即将于今年晚些时候正式向公众发布。", "zh"),
    ("同社は今月、東京オフィスを開設する。", "ja"),
])
def test_relative_dates_without_anchor_are_not_invented(text: str, lang: str) -> None:
    assert find_dates(text, lang, None) == []


def test_month_day_with_weekday_resolves_without_anchor() -> None:
    (m,) = find_dates("当地时间 3 月 13 日周三,穆拉蒂接受了专访。", "zh", None)
    assert (m.date, m.basis, m.tz_note) == ("2024-03-13", "inferred year from weekday", "当地时间")


def test_repeated_body_gives_each_mention_twice_with_same_resolution() -> None:
    text = (CORPUS / "001_747bf3bd7eb8621c.txt").read_text(encoding="utf-8")
    got = [m for m in find_dates(text, "ko", dt.date(2024, 2, 23)) if m.text == "지난 15일(현지시간)"]
    assert len(got) == 2 and {m.date for m in got} == {"2024-02-15"} and got[0].start != got[1].start


@pytest.mark.parametrize("anchor", [dt.date(2024, 2, 23), dt.datetime(2024, 2, 23, 17, 22),
                                    "2024-02-23", pd.Timestamp("2024-02-23 17:22")])
def test_anchor_types(anchor: object) -> None:
    (m,) = find_dates("오픈AI가 지난 15일(현지시간) 소라를 공개했다.", "ko", anchor)  # type: ignore[arg-type]
    assert m.date == "2024-02-15"


def test_explicit_dates_ignore_the_anchor() -> None:
    (m,) = find_dates("OpenAI 于2024年3月14日发布声明。", "zh", dt.date(2026, 1, 1))
    assert (m.date, m.basis) == ("2024-03-14", "explicit")


# ---------------------------------------------------------------- publication date


@pytest.mark.parametrize("row", _rows("dates_seed_published.csv"), ids=lambda r: r["file"][:3])
def test_seed_publication_dates(row: dict[str, str]) -> None:
    text = (CORPUS / row["file"]).read_text(encoding="utf-8")
    got, basis = infer_published(text, row["url"], LANG[row["file"][:3]])
    want = dt.date.fromisoformat(row["published"]) if row["published"] else None
    assert got == want
    assert row["basis_contains"] in basis


def test_seed_001_basis_quotes_the_byline() -> None:
    text = (CORPUS / "001_747bf3bd7eb8621c.txt").read_text(encoding="utf-8")
    assert infer_published(text, "", "ko") == (dt.date(2024, 2, 23), "text: 입력 2024.02.23 (17:22)")


@pytest.mark.parametrize("text,url,want,basis_part", [
    ("", "https://www.example.com/news/2024/03/30/openai-voice-engine/", dt.date(2024, 3, 30), "url"),
    ("", "https://www.hankyung.com/article/2024040864281", dt.date(2024, 4, 8), "url"),
    ("Title\nMarch 29 (Reuters) - OpenAI on Friday unveiled a tool.", "", dt.date(2024, 3, 29), "text"),
    ("OpenAI Sora\nPublished 16th February 2024\nThe company said...", "", dt.date(2024, 2, 16), "Published"),
    ("OpenAI发布Sora\n2024年3月14日 09:30\n正文……", "", dt.date(2024, 3, 14), "2024年3月14日"),
    ("标题\n日期:3月31日\n据报道,OpenAI 于2024年3月14日发布声明。", "", dt.date(2024, 3, 31), "inferred"),
    ("ソラ公開\n2024年2月16日 配信\n米国時間2月15日(木)、オープンAIは…", "", dt.date(2024, 2, 16), "text"),
    ("제목\n2024-04-08 10:21\n본문", "", dt.date(2024, 4, 8), "2024-04-08"),
    # a date deep in the body is not a publication date
    ("제목\n" + "오픈AI는 새로운 모델을 공개했다. " * 40 + "2024년 2월 15일 공개됐다.", "", None, "not found"),
    ("Murati said on Wednesday, March 13, that Sora would launch later this year.", "", None, "not found"),
    ("", "https://news.kbs.co.kr/news/pc/view/view.do?ncd=7897867", None, "not found"),
])
def test_infer_published_cases(text: str, url: str, want: dt.date | None, basis_part: str) -> None:
    got, basis = infer_published(text, url)
    assert got == want, basis
    assert basis_part in basis
