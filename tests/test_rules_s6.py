"""Rules added after blind round 4 (the giant panda Fu Bao, now a development set): generic happenings (born,
depart, return), durations written as words or with 多, day counts above 31, and English reported speech with a
trailing or a "from the center" source. Sentences are copied from tests/gold/blind_eval4/corpus (stored public
pages; addresses in its manifest.csv)."""

from __future__ import annotations

import pytest

from analysis.events import find_predicates
from analysis.figures import find_figures
from analysis.quotes import PeopleIndex, find_quotes
from analysis.sentences import split_sentences


@pytest.mark.parametrize(("lang", "sentence", "label"), [
    ("ko", "에버랜드에서 태어나 생활한 지 1354일 만이다.", "born"),
    ("zh", "福宝于2020年7月20日在韩国出生。", "born"),
    ("ja", "フーバオは2020年7月、韓国で生まれた。", "born"),
    ("en", "Fu Bao was born at Everland on July 20, 2020.", "born"),
    ("ko", "푸바오는 4월 3일 중국으로 떠난다.", "depart"),
    ("zh", "福宝3日启程前往中国。", "depart"),
    ("ja", "フーバオは3日、韓国を離れた。", "depart"),
    ("en", "The plane took off from Incheon on Wednesday.", "depart"),
    ("ja", "協定により、中国に返還される。", "return"),
    ("ko", "협약에 따라 중국으로 반환된다.", "return"),
])
def test_births_departures_and_returns_are_happenings(lang: str, sentence: str, label: str) -> None:
    assert label in [p[2] for p in find_predicates(sentence, lang)]


def _figures(text: str, lang: str) -> list[tuple]:
    return [(f.text, f.value, f.unit, f.category, f.bound) for f in find_figures(text, lang)]


def test_a_month_long_period_is_one_month() -> None:
    got = _figures("The panda is in good health and will be subject to a month-long quarantine period until it "
                   "meets the public again.", "en")
    assert [(v, u, c) for _, v, u, c, _ in got] == [(1.0, "month", "duration")]


def test_months_long_in_the_plural_is_no_amount() -> None:
    assert _figures("The months-long talks ended on Friday.", "en") == []


def test_more_than_n_months_keeps_n_as_a_lower_bound() -> None:
    text = "经过2个多月的隔离检疫、适应生活,福宝今日(6月12日)在四川大熊猫中心卧龙神树坪基地正式与公众见面。"
    got = [g for g in _figures(text, "zh") if g[3] == "duration"]
    assert [(v, u, b) for _, v, u, _, b in got] == [(2.0, "month", "lower")]


def test_a_day_count_above_31_counts_days() -> None:
    got = _figures("에버랜드에서 태어나 생활한 지 1354일 만이다.", "ko")
    assert [(v, u, c) for _, v, u, c, _ in got] == [(1354.0, "day", "duration")]


def test_a_capitalised_month_after_a_number_is_not_a_counted_noun() -> None:
    got = _figures("The vote on 5 May members held was close, with 12 Democrats against.", "en")
    assert all("May" not in t for t, *_ in got)


def _speakers(text: str) -> list[tuple[str, str]]:
    return [(q.speaker, q.quote[:29].strip()) for q in find_quotes(split_sentences(text, "en"), "en", PeopleIndex([]))]


def test_a_trailing_according_to_names_the_speaker_of_the_sentence() -> None:
    got = _speakers("The base is fully prepared to welcome Fu Bao, according to Li Guo, deputy director of "
                    "Shenshuping giant panda base under the China Conservation and Research Center for Giant Panda.")
    assert [s for s, _ in got] == ["Li Guo"]


def test_a_role_and_from_the_center_before_said_that() -> None:
    got = _speakers('As for when "Fu Bao" can be seen by the Sichuan public, expert Zeng Wen from the center said '
                    "that it is difficult to estimate at the moment.")
    assert ("Zeng Wen", "it is difficult to estimate a") in got
