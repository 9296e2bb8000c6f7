"""Milestones of pages that state no date: dated by the same happening in the corpus's dated pages (session 4).

Sentences are real (tests/gold/blind_eval and blind_eval2, dev material)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.events import STORY_YEAR_BASIS, events_from_candidates, find_candidates
from analysis.sentences import split_sentences


def _cands(doc: str, text: str, lang: str, published: dt.date | None) -> list[dict[str, object]]:
    rows = find_candidates(split_sentences(text, lang), text, lang, published)
    return [{**r, "doc_id": doc, "path": f"{doc}.txt", "language": lang} for r in rows]


def _mention(doc: str, text: str, name: str, eid: str, kind: str = "product") -> dict[str, object]:
    s = text.index(name)
    return {"doc_id": doc, "sentence_idx": 0, "sent_start": s, "sent_end": s + len(name), "entity_id": eid,
            "kind": kind, "basis": "test"}


DATED = "The Chang'e-6 probe was launched on May 3, 2024 from the Wenchang Space Launch Center."
UNDATED = ("中国は、日本時間の3日午後6時半ごろ、海南島の発射場から無人の月面探査機「嫦娥6号」を載せた"
           "ロケットを打ち上げました。")


def _events(undated: str, lang: str, name: str, dated: str = DATED, year: int | None = 2024) -> pd.DataFrame:
    c = pd.DataFrame(_cands("a", dated, "en", dt.date(2024, 5, 4)) + _cands("b", undated, lang, None))
    m = pd.DataFrame([_mention("a", dated, "Chang'e-6", "e"), _mention("b", undated, name, "e")])
    return events_from_candidates(c, m, {"e": "Chang'e-6"}, {"Chang'e-6"}, year=year)


def test_a_bare_day_of_an_undated_page_takes_the_month_of_the_same_happening() -> None:
    ev = _events(UNDATED, "ja", "嫦娥6号")
    row = ev[ev["doc_id"] == "b"]
    assert row["date"].tolist() == ["2024-05-03"]
    assert "month and year from the same happening in a dated page (2024-05-03, a)" in row["basis"].iloc[0]


def test_a_relative_bare_day_is_matched_by_its_day_only() -> None:
    text = "앞서 창어 6호는 세계 최초로 달 뒷면 토양·암석 등 샘플 채취를 목표로 지난달 3일 발사됐다."
    assert _events(text, "ko", "창어 6호").query("doc_id == 'b'")["date"].tolist() == ["2024-05-03"]


def test_a_bare_day_no_dated_page_confirms_is_dropped() -> None:
    other = UNDATED.replace("3日", "8日")
    assert _events(other, "ja", "嫦娥6号").query("doc_id == 'b'").empty  # no month is invented


def test_a_bare_day_of_another_kind_of_happening_is_not_matched() -> None:
    dated = "The Chang'e-6 probe landed on June 3, 2024 on the far side of the moon."
    assert _events(UNDATED, "ja", "嫦娥6号", dated=dated).query("doc_id == 'b'").empty  # a landing is no launch


def test_a_month_day_takes_the_year_of_the_same_happening_before_the_story_year() -> None:
    text = "5月3日,嫦娥六號探測器由長征五號遙八運載火箭成功發射。"
    ev = _events(text, "zh", "嫦娥六號", year=2025)  # the corpus's most common year differs
    row = ev[ev["doc_id"] == "b"]
    assert row["date"].tolist() == ["2024-05-03"]
    assert STORY_YEAR_BASIS.format(year=2025) not in row["basis"].iloc[0]


def test_the_day_of_a_cited_report_is_not_the_happening() -> None:
    """'18일 연합뉴스에 따르면 일본제철은 19일 …': the 18th is the report's day (blind_eval2 ko_1)."""
    text = "18일 연합뉴스에 따르면 일본제철은 19일 US스틸을 141억 달러에 매수한다고 발표했다."
    assert [c["date_text"] for c in _cands("b", text, "ko", None)] == ["19일"]


# ---------------------------------------------------------------- what a milestone is about (session 4)

def _one_doc(text: str, lang: str, published: dt.date | None,
             names: list[tuple[int, str, str, str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """names: (sentence_idx, surface, entity id, kind), found in that sentence of ``text``."""
    sents = split_sentences(text, lang)
    c = pd.DataFrame(_cands("d", text, lang, published))
    rows = []
    for si, surface, eid, kind in names:
        s = sents[si].text.index(surface)
        rows.append({"doc_id": "d", "sentence_idx": sents[si].idx, "sent_start": s, "sent_end": s + len(surface),
                     "entity_id": eid, "kind": kind, "basis": "test"})
    return c, pd.DataFrame(rows)


def test_the_office_a_filing_goes_to_is_not_what_it_is_about() -> None:
    """blind_eval3 zh_5: '向…(PMDA)提出了許可申請' — the filing is the drug's, PMDA receives it."""
    text = ("1月,衛材就侖卡奈單抗的生産銷售向日本藥品醫療器械綜合機構(PMDA)提出了許可申請,"
            "並於8月21日在厚生勞動省的專門委員會會議上獲得批准。")
    c, m = _one_doc(text, "zh", dt.date(2023, 9, 25), [(0, "侖卡奈單抗", "lq", "name"),
                                                       (0, "藥品醫療器械綜合機構", "pmda", "organisation"),
                                                       (0, "PMDA", "pmda", "organisation")])
    ev = events_from_candidates(c, m, {"lq": "Leqembi", "pmda": "PMDA"}, {"Leqembi", "PMDA"})
    assert set(ev["topic"]) == {"Leqembi"}


def test_a_list_of_offices_a_filing_goes_to_is_background() -> None:
    from analysis.events import _addressee as _background
    s = "また、「日米欧の規制当局(FDA、PMDA、EMA)に2022年度中の同時申請を行い、同時承認を目指したい」と意欲を示した。"
    for name in ("FDA", "PMDA", "EMA"):
        i = s.index(name)
        assert _background("ja", s, i, i + len(name)), name
    plain = "エーザイは2022年度中にFDAの承認を得た。"
    assert not _background("ja", plain, plain.index("FDA"), plain.index("FDA") + 3)


def test_an_illness_named_is_not_what_an_approval_is_about() -> None:
    """blind_eval3 zh_4: the approval of 'the drug that slows 阿爾茨海默癥' continues the sentence before's drug."""
    text = ("早在5月,日本藥企衛材就預告其與渤健共同開發的阿爾茨海默癥治療藥物侖卡奈單抗將很快在中國獲準上市。"
            "6月底,中國藥監部門批準了這個全世界第一款真正被證實可以抑制阿爾茨海默癥進程的藥物,使它能如期于7月上市。")
    c, m = _one_doc(text, "zh", dt.date(2024, 7, 2), [(0, "阿爾茨海默", "ad", "name"), (0, "侖卡奈單抗", "lq", "name"),
                                                     (1, "阿爾茨海默", "ad", "name")])
    ev = events_from_candidates(c, m, {"lq": "Leqembi", "ad": "阿爾茨海默"}, {"Leqembi", "阿爾茨海默"})
    assert len(ev) >= 2 and set(ev["topic"]) == {"Leqembi"}


def test_a_hospital_is_no_illness() -> None:
    from analysis.events import _condition_at
    s = "서울아산병원이 초기 알츠하이머병 신약인 레켐비를 16일부터 처방하기 시작했다."
    assert not _condition_at("ko", s, 0, len("서울아산병원"))
    i = s.index("알츠하이머")
    assert _condition_at("ko", s, i, i + len("알츠하이머"))


# ---------------------------------------------------------------- day words that refer to an earlier sentence

def _dates_of(text: str, lang: str, pub: dt.date) -> list[list[tuple[str, str]]]:
    from analysis.events import sentence_dates
    sents = split_sentences(text, lang)
    return [[(m.text, m.date) for m in ms] for ms in sentence_dates(sents, text, lang, pub)]


def test_same_month_and_same_day_refer_to_the_date_named_before() -> None:
    """blind_eval3 ja_4 / ja_1 (dev): "収載は20日付" after 12月13日 as 同月20日; 同日 after the 28th."""
    text = "中医協総会は12月13日、レケンビの薬価を了承した。収載は同月20日付。"
    assert _dates_of(text, "ja", dt.date(2023, 12, 14))[1] == [("同月20日", "2023-12-20")]
    text = "エーザイは9月28日午後に説明会を開いた。エーザイは同日早朝、「レカネマブ」が主要評価項目を達成したと発表。"
    assert _dates_of(text, "ja", dt.date(2022, 9, 29))[1] == [("同日", "2022-09-28")]
    text = "嫦娥六号于5月3日发射。当日下午,探测器进入地月转移轨道。"
    assert _dates_of(text, "zh", dt.date(2024, 5, 10))[1] == [("当日", "2024-05-03")]


def test_korean_next_day_follows_the_day_named_before_not_the_page() -> None:
    text = "창어 6호는 지난 3일 발사됐다. 이튿날 궤도에 진입했다. 같은 날 중국은 성명을 냈다."
    got = _dates_of(text, "ko", dt.date(2024, 5, 10))
    assert got[1] == [("이튿날", "2024-05-04")] and got[2] == [("같은 날", "2024-05-04")]


def test_a_day_word_with_nothing_named_before_stays_unresolved() -> None:
    assert _dates_of("首相は同日、会見した。", "ja", dt.date(2024, 5, 10)) == [[]]
