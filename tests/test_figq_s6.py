"""Rules of brief figq (session 6): figure extras of blind round 5 and English speakers of rounds 4-5.

Every sentence is copied from a development corpus (the file is cited beside it)."""

from __future__ import annotations

from analysis.figures import find_figures

# ---------------------------------------------------------------- flight numbers named once, then bare

JA_1 = ("2日午後6時前、東京 大田区の羽田空港で、新千歳空港から向かっていた日本航空516便が、"
        "着陸した直後に海上保安庁の航空機と衝突しました。\n"
        "516便は2日午後4時に新千歳空港を出発し、午後5時40分に羽田空港に着陸する予定だったということです。")
KO_1 = ("일본항공과 NHK에 따르면 2일 오후 5시 47분쯤 일본항공 516편이 하네다공항 C활주로에 "
        "착륙한 직후 기체에 불길이 치솟았다.\n"
        "516편은 2일 오후 4시 신치토세 공항을 출발해 오후 5시 40분쯤 하네다 공항에 착륙할 예정이었다.")


def _texts(text: str, lang: str) -> list[str]:
    return [f.text for f in find_figures(text, lang)]


def test_flight_number_named_once_is_no_count_later_ja():  # blind_eval5/corpus/ja_1.txt
    assert not [t for t in _texts(JA_1, "ja") if "便" in t]


def test_flight_number_named_once_is_no_count_later_ko():  # blind_eval5/corpus/ko_1.txt
    assert not [t for t in _texts(KO_1, "ko") if "편" in t]


def test_flight_counts_stay_counts():
    # a count of flights with no flight named before it keeps its number
    figs = find_figures("国内線など合わせて約200便が欠航した。", "ja")
    assert [(f.text, f.value) for f in figs] == [("約200便", 200.0)]
    # a bare number before 便 that differs from the named flight is not blocked by it
    figs = find_figures("日本航空516便が着陸した直後に炎上した。"
                        "この影響で、成田や関西など各地の空港では合わせて120便が欠航した。", "ja")
    assert [f.value for f in figs] == [120.0]


# ---------------------------------------------------------------- clock readings with the hour left out

JA_3 = ("1月2日午後5時45分。音声記録などによると、海保機は事故の約2分前、空港の管制官から、"
        "離陸順位が1番目でC滑走路手前の停止位置(C5)まで移動するよう英語で指示を受けた。\n"
        "機長と副操縦員は互いに「問題なし」と確認したが、機長の操縦で同46分13秒に停止位置を越え、走行を続けた。副操縦員らも止める様子はなく、海保機は46分47秒に滑走路上で停止する。\n"
        "ボイスレコーダーの記録が終了したのは、着陸してきた日本航空機と衝突した47分27秒。滑走路上で停止した40秒後だった。")
KO_2 = ("이번에 공개된 교신 기록은 사고 발생 4분 전인 2일 오후 5시43분2초부터 "
        "사고가 사고 시점으로 추정되는 5시47분27초까지, 약 4분25초 길이다.\n"
        "해당 기록 중 실제로 해상보안기 측과 관제사의 대화가 오간 구간은 45분11초~19초 사이다.")


def test_clock_readings_after_a_time_of_day_ja():  # blind_eval5/corpus/ja_3.txt
    figs = [(f.text, f.value) for f in find_figures(JA_3, "ja") if f.category == "duration"]
    assert figs == [("約2分", 2.0), ("40秒", 40.0)]  # 46分13秒, 46分47秒, 47分27秒 are times of day


def test_clock_readings_after_a_time_of_day_ko():  # blind_eval5/corpus/ko_2.txt
    figs = [(f.text, f.value) for f in find_figures(KO_2, "ko") if f.category == "duration"]
    # 45분11초~19초 is a stretch of the clock; 약 4분25초 (about 4 min 25 s) stays the recording's length
    assert ("약 4분25초", 265.0) in figs
    assert not [t for t, _ in figs if t.startswith("45분")]


def test_race_times_stay_durations():
    # a minutes-and-seconds amount followed by で (in) or 만에 (after taking) is a length of time
    race = "午後2時30分にスタートし、優勝タイムは27分13秒で大会新記録だった。"
    assert [(f.text, f.value) for f in find_figures(race, "ja") if f.category == "duration"] == [("27分13秒", 1633.0)]
    assert [(f.text, f.value) for f in find_figures("오후 2시 30분에 출발해 27분13초 만에 들어왔다.", "ko")
            if f.category == "duration"] == [("27분13초", 1633.0)]
    # with no time of day before it, a reading followed by に is still a duration (ran for 46 min 13 s)
    assert [f.value for f in find_figures("46分13秒にわたって走った。", "ja")] == [2773.0]


# ---------------------------------------------------------------- 此前一天: the day before

def test_day_before_is_no_duration_zh():  # blind_eval5/corpus/zh_4.txt
    text = ("日本运输安全委员会表示,5日约谈日航客机的7名乘务员。"
            "此前一天,委员会已经约谈了日航客机的飞行员和乘务员。")
    assert [(f.text, f.value) for f in find_figures(text, "zh")] == [("7名", 7.0)]
    assert [f.value for f in find_figures("他提前一天到达。", "zh")] == [1.0]  # one day early stays a duration


# ---------------------------------------------------------------- English speakers (blind round 5)

def _quotes(text: str) -> list[tuple[str, str]]:
    from analysis.quotes import find_quotes
    from analysis.sentences import split_sentences
    return [(q.speaker, q.quote) for q in find_quotes(split_sentences(text, "en"), "en")]


# blind_eval5/corpus/en_1.txt, as scraped: the full stops lost the space after them
EN_1 = ("The coast guard aircraft was moving on the runway when it collided with the JAL plane.The coast guard said "
        "the captain, Genki Miyamoto, 39, reported to the coast guard at around 5:55 p.m. that the aircraft had "
        "\"exploded\" on the Haneda runway and that he had managed to escape.Prime Minister Fumio Kishida "
        "said it was \"very unfortunate\" that the five coast guard members died in the crash, "
        "offering his sincere condolences.")


def test_glued_sentences_and_a_judgement_quoted_after_said_it_was():  # blind_eval5/corpus/en_1.txt
    got = _quotes(EN_1)
    assert ("Fumio Kishida", "very unfortunate") in got


def test_role_before_the_name_and_reported_to_an_addressee():  # blind_eval5/corpus/en_1.txt
    got = dict(_quotes(EN_1))
    assert got["Genki Miyamoto"].startswith("the aircraft had")
    assert got["Genki Miyamoto"].endswith("he had managed to escape")
    assert "The coast guard" not in got  # the coast guard only relays the captain's report


def test_scare_quote_after_said_it_was_needs_the_reporting_verb():
    # a judgement in marks with no reporting verb before "it was" stays a scare quote
    assert _quotes('The weather was "very unfortunate" for the parade.') == []


def test_title_case_headline_with_a_lower_case_particle_names_no_one():  # blind_eval5/corpus/en_3.txt
    text = ("JCG Captain Mistook ‘No. 1’ Position for Permission to Take off Prior to Haneda Accident; Voice Recorders "
            "Being Analyzed\n\n“I heard ‘No. 1’ from the air traffic controller, repeated the instruction, and entered "
            "the runway. I mistakenly assumed I had permission,” the 39-year-old captain told investigators, "
            "according to the sources.")
    assert "Mistook" not in {speaker for speaker, _ in _quotes(text)}


# ---------------------------------------------------------------- 其中一人: one of a group is a count

def test_one_of_a_group_is_a_count_zh():  # blind_eval5/corpus/zh_1.txt
    text = "與日本航空飛機相撞的是隸屬羽田空軍基地的MA722固定翼飛機,機上有6人,其中一人逃出,其餘5人下落未明。"
    assert [(f.text, f.value) for f in find_figures(text, "zh") if f.unit == "person"] == [
        ("6人", 6.0), ("一人", 1.0), ("5人", 5.0)]
    assert find_figures("一名男子说，他看到一人跑出。", "zh") == []  # 一 as an article stays no count
