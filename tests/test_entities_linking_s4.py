"""Session 4 classes of cross-script linking (issue #13), each on real sentences of the dev rounds' articles
(tests/gold/blind_eval{2,3}/corpus): loan renderings of Latin company names, Japanese people in kanji and in
romaji, translated names of institutions (the gazetteer), accents; and what must stay apart."""

from __future__ import annotations

import pandas as pd

from analysis.entities import _ja_name_reading, find_mentions, link
from analysis.sentences import split_sentences
from analysis.translit import latin, loan_key, romanize_kana, skeleton, sound_keys
from tests.test_entities import _rows  # mention rows of (doc_id, language, text) documents


def _entity_of(entities: pd.DataFrame, spelling: str) -> pd.Series:
    hit = entities[entities["aliases"].str.split("; ").map(lambda xs: any(x.startswith(spelling + " (") for x in xs))]
    assert len(hit) == 1, (spelling, entities[["name", "aliases"]].to_string())
    return hit.iloc[0]


# ---------------------------------------------------------------- transliteration

def test_loan_renderings_share_a_sound_key() -> None:
    # soft g: Biogen = バイオジェン = 바이오젠 ("pjn" is one of the Latin spelling's readings)
    assert skeleton("バイオジェン") in sound_keys("Biogen") and skeleton("바이오젠") in sound_keys("Biogen")
    assert sound_keys("Biogen")[0] == skeleton("Biogen")  # the plain skeleton stays first
    # long vowel mark, vowel pair, voiced s: Eisai = エーザイ = 에자이
    assert loan_key("Eisai") == loan_key("エーザイ") == loan_key("에자이") == "esai"
    assert latin("Orbán") == latin("Orban") == "orban"


def test_kana_romanisation_is_hepburn() -> None:
    assert romanize_kana("ジョージ") == "joji" and romanize_kana("シャープ") == "shapu"
    assert romanize_kana("ティム") == "timu" and romanize_kana("ファイザー") == "faiza"
    assert romanize_kana("バイオジェン") == "baiojen"


def test_japanese_name_readings() -> None:
    assert _ja_name_reading("内藤晴夫") == ("naito", "haruo")
    assert _ja_name_reading("内藤景介") == ("naito", "keisuke")  # 介 read as a common noun: still the given name
    assert _ja_name_reading("日本製鉄") == ("", "")  # not a person's name


# ---------------------------------------------------------------- linking

EISAI = [
    ("en2", "en", "Developed by Japanese drugmaker Eisai Co. and U.S. biotechnology firm Biogen Inc., the drug's "
                  "approval in Japan comes two months after it was endorsed by the U.S. Food and Drug Administration."),
    ("ja1", "ja", "エーザイの内藤晴夫最高経営責任者(CEO)は28日午後の説明会で、米製薬大手バイオジェンと共同開発している"
                  "アルツハイマー病治療薬について説明した。"),
    ("ko3", "ko", "레켐비는 미국 바이오젠과 일본 에자이가 공동 개발한 알츠하이머 치료제로, "
                  "2023년 7월 미국 FDA승인을 받았다."),
    ("en4", "en", "Following US FDA approval for Japan-based Eisai Co., Ltd and Biogen Inc's novel Alzheimer's therapy "
                  "Leqembi (lecanemab), Eisai CEO Haruo Naito gave an interview with Nikkei."),
]


def test_company_loan_names_link_across_three_scripts() -> None:
    ents = link(_rows(EISAI)).entities
    eisai = _entity_of(ents, "Eisai")
    assert {"エーザイ (ja)", "에자이 (ko)"} <= set(eisai["aliases"].split("; "))
    assert "loan word" in eisai["merge_reasons"]
    biogen = _entity_of(ents, "Biogen Inc")
    assert {"バイオジェン (ja)", "바이오젠 (ko)"} <= set(biogen["aliases"].split("; "))
    assert eisai["entity_id"] != biogen["entity_id"]


def test_a_japanese_person_in_kanji_is_the_romanised_name() -> None:
    ents = link(_rows(EISAI)).entities
    naito = _entity_of(ents, "Haruo Naito")
    assert "内藤晴夫 (ja)" in naito["aliases"].split("; ") and "Japanese reading" in naito["merge_reasons"]
    assert naito["kind"] == "person"


def test_two_people_of_one_family_name_stay_apart() -> None:
    docs = [("en3", "en", "Keisuke Naito is the son of chief executive officer Haruo Naito, while Cheung is his "
                          "son-in-law."),
            ("ja1", "ja", "エーザイの内藤晴夫最高経営責任者(CEO)は28日午後の説明会で話した。"),
            ("ja3", "ja", "6月に35歳の若さでエーザイの執行役に就いた内藤景介氏だ。")]
    ents = link(_rows(docs)).entities
    haruo, keisuke = _entity_of(ents, "Haruo Naito"), _entity_of(ents, "Keisuke Naito")
    assert "内藤晴夫 (ja)" in haruo["aliases"] and "内藤景介 (ja)" in keisuke["aliases"]
    assert haruo["entity_id"] != keisuke["entity_id"]


def test_a_short_loan_name_in_two_scripts_only_does_not_link() -> None:
    docs = [("a", "en", "Developed by Japanese drugmaker Eisai and its partner Biogen."),
            ("b", "ko", "레켐비는 미국 바이오젠과 일본 에자이가 공동 개발한 알츠하이머 치료제다.")]
    ents = link(_rows(docs)).entities
    assert _entity_of(ents, "Eisai")["entity_id"] != _entity_of(ents, "에자이")["entity_id"]


WHITE_HOUSE = [
    ("en7", "en", "The former White House administration said of the blocked acquisition that it was a priority."),
    ("zh4", "zh", "日本製鐵（Nippon Steel）旗下的美國鋼鐵公司（U.S. Steel）計畫伊利諾州的工廠11月停止運作，"
                  "白宮向朝日新聞證實，美國政府擬行使黃金股的否決權。"),
    ("ko7", "ko", "[워싱턴=AP/뉴시스]도널드 트럼프 미 대통령 부부가 12일(현지시각) 백악관에서 열린 "
                  "의원 및 가족 초청 행사에 참석한 사람들을 환영하고 있다."),
]


def test_translated_institution_names_are_one_entity_through_the_gazetteer() -> None:
    ents = link(_rows(WHITE_HOUSE)).entities
    wh = _entity_of(ents, "White House")
    assert {"白宮 (zh)", "백악관 (ko)"} <= set(wh["aliases"].split("; ")) and "gazetteer" in wh["merge_reasons"]
    assert wh["kind"] == "organisation"


def test_a_body_the_analyzer_splits_is_one_mention_and_a_country_is_a_place() -> None:
    sents = split_sentences("美国食品药品监督管理局周五批准了该药。", "zh")
    assert "美国食品药品监督管理局" in {m.text for m in find_mentions(sents, "zh")}
    ms = {m.text: m.kind for m in find_mentions(split_sentences("레켐비는 미국 바이오젠과 일본 에자이가 공동 개발한 "
                                                                "알츠하이머 치료제다.", "ko"), "ko")}
    assert ms.get("미국") in (None, "place") and ms.get("일본") in (None, "place")
    # a Korean word that is also a country's name is not searched inside other words ("~이란" is a particle)
    ko = find_mentions(split_sentences("그것이 문제란 것이다. 정부는 그것이란 말을 했다.", "ko"), "ko")
    assert "이란" not in {m.text for m in ko}


def test_a_short_form_in_brackets_is_the_same_name() -> None:
    docs = [("en3", "en", "On January 3, 2025, President Biden issued an order prohibiting the acquisition of United "
                          "States Steel Corporation (U.S. Steel) by Nippon Steel Corporation.")]
    ents = link(_rows(docs)).entities
    steel = _entity_of(ents, "U.S. Steel")
    assert "United States Steel Corporation (en)" in steel["aliases"] and "written together" in steel["merge_reasons"]
    assert "Nippon Steel Corporation (en)" not in steel["aliases"]


def test_chinese_names_in_pinyin_and_in_korean_share_a_sound() -> None:
    # Korean writes pinyin x, q as ㅅ, ㅊ and a glide after a consonant as w (촨 "chwan" = "chuan")
    assert skeleton("习近平", "zh") == skeleton("시진핑") and skeleton("시진핑") in sound_keys("Xi Jinping")
    assert skeleton("王传福", "zh") == skeleton("왕촨푸") == skeleton("Wang Chuanfu")
    assert skeleton("Macron") == skeleton("마크롱")  # unchanged for the rest
