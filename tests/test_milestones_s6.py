"""Milestones of blind round 5 (tests/gold/blind_eval5, now development data): bare days in undated pages, days
written with 號, times after the day, and accident happenings. Sentences copied from the corpus files cited."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.dates import find_dates
from analysis.events import _dated_by_the_story, find_candidates, find_predicates, predicate_class
from analysis.sentences import split_sentences

JAN4 = dt.date(2024, 1, 4)


def _days(text: str, lang: str, anchor: dt.date | None = JAN4) -> list[tuple[str, str]]:
    return [(m.text, m.date) for m in find_dates(text, lang, anchor)]


def test_korean_day_before_a_word_starting_with_il_is_a_day():
    # ko_1.txt: "2일 일본 …" (일본 is Japan, not a count of days "2일 일정")
    text = "2일 일본 도쿄 하네다 공항에 착륙하던 일본항공(JAL) 여객기가 해상보안청 항공기와 충돌해 화재가 발생했다."
    assert _days(text, "ko") == [("2일", "2024-01-02")]
    assert _days("10일 일정으로 방문했다.", "ko") == []  # a ten-day trip: a duration


def test_traditional_hao_day_with_a_part_of_the_day():
    # zh_2.txt: "日本國土交通省3號傍晚公布…" (Taiwanese news write the 3rd as 3號)
    text = ("羽田機場發生兩機相撞的事故,原因仍在持續調查,日本國土交通省3號傍晚公布事故發生前4分鐘,"
            "塔台與2架飛機的通話紀錄。")
    assert ("3號", "2024-01-03") in _days(text, "zh")
    assert _days("嫦娥6號升空", "zh") == []  # a number glued to a name before 號 names a thing
    assert _days("3號機", "zh") == []


def _candidates(text: str, lang: str) -> list[dict]:
    sents = split_sentences(text, lang)
    return find_candidates(sents, text, lang, None)


def test_undated_page_bare_day_takes_the_month_of_an_earlier_month_day():
    # zh_4.txt (no publication date): the 5日 of the third sentence is the 1月5日 of the first
    text = ("而据日航方面表示,客机拆除计划也在当地时间1月5日8时30分开始了。"
            "日本航空公司表示,客机的拆除工作在5日8时30分开始,拆除工作预计需要数天,日航希望在7日前完成全部移除作业。")
    rows = [r for r in _candidates(text, "zh") if r["date_text"] == "5日"]
    assert rows and rows[0]["date"].endswith("-01-05")
    assert rows[0].get("year_unknown") is True and not rows[0].get("month_unknown")
    assert "month from '当地时间1月5日' before it" in rows[0]["basis"]


def test_undated_page_bare_day_after_a_month_day_in_the_same_sentence():
    # zh_4.txt: "将从8日起恢复使用" after "1月5日" in the same sentence: January 8 (year from the story)
    text = ("1月5日,日本国土交通大臣齐藤铁夫表示,因发生撞机事故而停运的羽田机场C跑道将从8日起恢复使用,"
            "但航班起降能力可能继续受到影响。")
    rows = [r for r in _candidates(text, "zh") if r["date_text"] == "8日"]
    assert rows and rows[0]["date"].endswith("-01-08") and rows[0]["predicate"] == "resume"
    assert rows[0].get("year_unknown") is True and not rows[0].get("month_unknown")


def test_undated_page_bare_day_with_no_month_named_before_stays_open():
    # ko_3.txt: no month anywhere before "2일": the month is left to the story pass
    text = ("2일 오후 5시 47분경, 일본항공(JAL) 여객기가 하네다공항에 착륙한 직후 활주로에 있던 해상보안청 항공기와 "
            "충돌해 사고가 발생했다.")
    rows = _candidates(text, "ko")
    assert rows and all(r.get("month_unknown") is True for r in rows)


def _story_rows(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame([{"entity_id": e, "date": d, "date_precision": "day", "predicate": p, "doc_id": doc,
                          "basis": b, "_lift": lf, "undated": False} for e, d, p, doc, b, lf in rows])


REL = "relative to publication date"


def test_undated_page_bare_days_take_the_month_their_days_share_with_dated_pages():
    # ko_3.txt (no date, no month): "2일 … 충돌해 … 사고가 발생했다", "4일 저녁 … 철거를 시작했으며,
    # 5일 중 … 완료할 목표다";
    # dated pages place the same entity on 2024-01-02 (another happening): the page's days are of 2024-01
    frame = _story_rows([
        ("jal", "2024-01-02", "incident", "ko_4", "explicit", ""),
        ("jal", "2024-01-02", "depart", "en_4", "explicit", ""),
        ("jal", "2000-12-02", "land", "ko_3", REL, "month"),
        ("jal", "2000-12-04", "begin", "ko_3", REL, "month"),
        ("jal", "2000-12-05", "complete", "ko_3", REL, "month"),
    ])
    got = _dated_by_the_story(frame, 2024)
    page = got[got["doc_id"] == "ko_3"]
    assert sorted(page["date"]) == ["2024-01-02", "2024-01-04", "2024-01-05"]
    assert all("1 of the page's 3 bare days" in b for b in page["basis"])


def test_undated_page_bare_days_stay_dropped_when_two_months_fit_as_well():
    # zh_3.txt "25日发布的调查报告": dated pages place the entity on 2024-12-25 and on 2025-12-25: no month is taken
    frame = _story_rows([
        ("jal", "2024-12-25", "incident", "en_4", "explicit", ""),
        ("jal", "2025-12-25", "incident", "ja_4", "explicit", ""),
        ("jal", "2000-12-25", "begin", "zh_3", REL, "month"),
    ])
    got = _dated_by_the_story(frame, 2024)
    assert "zh_3" not in set(got["doc_id"])


def test_a_single_bare_day_is_not_placed_by_the_page_month():
    # a page naming one bare day only: a dated row of another happening on that day is no evidence of its month
    frame = _story_rows([
        ("jal", "2024-01-02", "incident", "ko_4", "explicit", ""),
        ("jal", "2000-12-02", "land", "ko_3", REL, "month"),
    ])
    assert "ko_3" not in set(_dated_by_the_story(frame, 2024)["doc_id"])


def test_the_day_after_the_page_date_is_that_month_not_a_month_back():
    # ja_1.txt (page of 2024-01-02, updated after midnight): "3日午前2時15分ごろ、火は消し止められた" is January 3
    text = ("炎上した日本航空の旅客機の消火活動にあたった東京消防庁によりますと、事故の発生から8時間あまりたった"
            "3日午前2時15分ごろ、火は消し止められたということです。")
    assert _days(text, "ja", dt.date(2024, 1, 2)) == [("3日", "2024-01-03")]
    assert _days("先月3日に発表した。", "ja", dt.date(2024, 1, 2)) == [("先月3日", "2023-12-03")]


def _preds(text: str, lang: str) -> list[tuple[str, str]]:
    return [(text[a:b], label) for a, b, label in find_predicates(text, lang)]


def test_accident_happenings_are_predicates():
    # ko_1.txt, zh_4.txt, ja_3.txt, en_1.txt: a collision, a fire, removal of the wreck, an investigation, interviews
    assert ("충돌", "incident") in _preds("여객기가 해상보안청 항공기와 충돌해 화재가 발생했다.", "ko")
    assert ("수사", "investigate") in _preds("경시청도 3일 도쿄공항경찰서에 수사본부를 설치하고", "ko")
    assert ("철거", "remove") in _preds("4일 저녁 … 해상보안청 항공기 철거를 시작했으며", "ko")
    assert _preds("日本运输安全委员会表示,5日约谈日航客机的7名乘务员。", "zh") == [("约谈", "investigate")]
    assert ("拆除", "remove") in _preds("客机的拆除工作在5日8时30分开始", "zh")
    assert ("相撞", "incident") in _preds("羽田機場發生兩機相撞的事故", "zh")
    assert ("衝突", "incident") in _preds("25日に国の運輸安全委員会が公表した、羽田空港衝突事故の経過報告書。", "ja")
    assert ("collision", "incident") in _preds("after a collision on the ground with a Japan Coast Guard plane", "en")
    assert predicate_class("remove") == "remove" and predicate_class("investigate") == "investigate"


def test_an_interview_of_the_crew_on_a_bare_day_is_a_milestone_of_the_board():
    # zh_4.txt: "5日约谈" after "1月5日" earlier in the page: an investigate row on January 5 (year from the story)
    text = ("1月5日,日本国土交通大臣齐藤铁夫表示,羽田机场C跑道将从8日起恢复使用。"
            "日本运输安全委员会表示,5日约谈日航客机的7名乘务员。")
    rows = [r for r in _candidates(text, "zh") if r["predicate"] == "investigate"]
    assert [(r["date_text"], r["date"][5:]) for r in rows] == [("5日", "01-05")]


def test_a_plan_word_a_long_clause_before_the_weekday_makes_it_the_coming_one():
    # en_2.txt (page of Sunday 2024-01-07): the announcement is planned for the coming Tuesday
    text = "The government plans to announce emergency measures to prevent a recurrence of such incidents on Tuesday."
    assert _days(text, "en", dt.date(2024, 1, 7)) == [("on Tuesday", "2024-01-09")]
    said = "The safety board began questioning air traffic controllers and other related parties on Saturday."
    assert _days(said, "en", dt.date(2024, 1, 7)) == [("on Saturday", "2024-01-06")]


def test_bare_days_of_a_page_dated_only_by_its_own_dates_are_left_to_the_story():
    # blind_eval4 ja_1.txt (no publication date; its latest stated date is 2024-04-05): "カンさんは3日、…移動した"
    text = ("韓国のテーマパークの飼育係が2024年4月5日に帰国する。"
            "カンさんは3日、エバーランドで行われたフーバオの見送り行事を終えてフーバオとともに仁川(インチョン)国際空港に"
            "移動した。")
    rows = [r for r in _candidates(text, "ja") if r["date_text"] == "3日"]
    assert rows and rows[0].get("month_unknown") is True  # the story pass gives its month (or drops it)
