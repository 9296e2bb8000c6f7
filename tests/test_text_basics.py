"""Language identification, sentence splitting and topic matching (per language)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.language import detect_language
from analysis.sentences import split_sentences
from analysis.topics import load_topics


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("OpenAI unveiled Sora, a model that turns text into video.", "en"),
        ("오픈AI가 GPT-5와 Sora, ChatGPT를 공개했다.", "ko"),  # Korean with Latin product names
        ("OpenAI 发布文生视频模型 Sora，效果惊艳。", "zh"),
        ("オープンAIは動画生成AI「ソラ」を発表した。", "ja"),
        ("東京に事務所を開設する予定だ。", "ja"),
        ("Sora est un modèle qui transforme le texte en vidéo.", "fr"),
        ("2024 — 135 / 720", "und"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text)[0] == lang


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Open AI unveiled it. It can clone a voice in 15 seconds! Is it safe?",
         ["Open AI unveiled it.", "It can clone a voice in 15 seconds!", "Is it safe?"]),
        ("Mr. Altman said the U.S. market grew 3.5 percent. Analysts agreed.",
         ["Mr. Altman said the U.S. market grew 3.5 percent.", "Analysts agreed."]),
        ("오픈AI는 지난 2월 소라를 처음 공개했다. 글로 명령하면 영상으로 변환해준다.",
         ["오픈AI는 지난 2월 소라를 처음 공개했다.", "글로 명령하면 영상으로 변환해준다."]),
        ("“소라가 업계를 흔들 것”이라고 내다봤습니다.\n다만 틱톡을 몰아내지는 않을 것이라고 봤다",
         ["“소라가 업계를 흔들 것”이라고 내다봤습니다.", "다만 틱톡을 몰아내지는 않을 것이라고 봤다"]),
        ("OpenAI 似乎已经在为 Sora 降世预热了。穆拉蒂透露，预计将在今年发布！",
         ["OpenAI 似乎已经在为 Sora 降世预热了。", "穆拉蒂透露，预计将在今年发布！"]),
        ("東京にオフィスを開設した。「日本は重要な市場だ」と述べた。",
         ["東京にオフィスを開設した。", "「日本は重要な市場だ」と述べた。"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    sents = split_sentences(text)
    assert [s.text for s in sents] == expected
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_topics_match_aliases_across_scripts() -> None:
    # data/topics.toml ships empty (topics are discovered); the tracked-topic matcher is tested on the old list
    topics = load_topics(Path(__file__).resolve().parent / "gold" / "entities_seed_topics.toml")
    assert topics.find("오픈AI가 ‘스타게이트 프로젝트’를 추진한다") == ["Stargate"]
    assert topics.find("OpenAI 发布文生视频模型 Sora") == ["Sora"]
    assert topics.find("スターゲートは2028年の運用開始を目指す") == ["Stargate"]
    assert "Voice Engine" in topics.find("AI 도구 ‘보이스 엔진’도 개발해 공개했다")
    assert topics.find("Soraya Smith visited") == []  # whole word for Latin aliases
    assert topics.find("GPT-4.0과 격차") == ["GPT-4"]
    assert topics.find("GPT-5 will arrive") == ["GPT-5"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Initials are not ends of sentences.
        ("TSMC chairman C.C. Wei said demand is strong. Shares rose.", "en",
         ["TSMC chairman C.C. Wei said demand is strong.", "Shares rose."]),
        ("The U.N. agency said so. J. Smith left.", "en", ["The U.N. agency said so.", "J. Smith left."]),
        # A Korean sentence whose period is glued to the next one still ends.
        ("이 총재는 이같이 밝혔습니다.우에다 총재는 달랐다.", "ko",
         ["이 총재는 이같이 밝혔습니다.", "우에다 총재는 달랐다."]),
        # Decimal numbers and dotted dates stay whole.
        ("지수는 3.5% 올랐다. 2024. 2. 18.", "ko", ["지수는 3.5% 올랐다.", "2024. 2. 18."]),
        # German: ordinals before a month or a counted word, and abbreviations, come from the German pack.
        ("Die Anlage soll am 12. März eröffnet werden. Das sagte der Minister.", "de",
         ["Die Anlage soll am 12. März eröffnet werden.", "Das sagte der Minister."]),
        ("Der Umsatz stieg im 3. Quartal um ca. 5 Prozent, z. B. in Asien. Danach sank er.", "de",
         ["Der Umsatz stieg im 3. Quartal um ca. 5 Prozent, z. B. in Asien.", "Danach sank er."]),
        ("Es waren am Ende 3. Danach kamen mehr.", "de", ["Es waren am Ende 3.", "Danach kamen mehr."]),
    ],
)
def test_split_sentences_language_rules(text: str, lang: str, expected: list[str]) -> None:
    sents = split_sentences(text, lang)
    assert [s.text for s in sents] == expected
    assert all(text[s.start:s.end] == s.text for s in sents)
