"""Quoted figures: hand-written gold on the five seeds, hand-written news phrasing in four languages, traps.

Gold files (tests/gold/figures_seeds.csv, tests/gold/figures_not_figures.csv) were written by reading the seed
texts. Repeats: seed 001 carries its body twice and seed 002 a repeated caption. Gold counts every distinct
figure occurrence once; ``occurrence`` numbers repeated verbatim strings within the text after repeated lines
are blanked (the loader's behaviour). On the raw text the extractor returns the copies too; those are checked
separately (each copy must be a gold figure, and every gold figure must be found).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.figures import (
    CATEGORIES,
    FxRates,
    agreement_groups,
    cjk_value,
    find_figures,
    load_rates,
    normalize,
    parse_amount,
    well_formed_amount,
)
from analysis.records import Figure
from bench import blind_eval

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
GOLD = Path(__file__).resolve().parent / "gold"
LANG = {"000": "en", "001": "ko", "002": "ko", "003": "ko", "004": "zh"}
BAR = 0.95


def _seed_text(key: str) -> str:
    (path,) = CORPUS.glob(f"{key}_*.txt")
    return path.read_text(encoding="utf-8")


def _blank_repeats(text: str) -> str:
    """Blank (with spaces, keeping offsets) every line that repeats an earlier non-empty line."""
    seen: set[str] = set()
    out = []
    for line in text.split("\n"):
        key = line.strip()
        if key and key in seen:
            out.append(" " * len(line))
        else:
            seen.add(key)
            out.append(line)
    return "\n".join(out)


def _opt(x: str) -> float | None:
    return float(x) if x.strip() else None


def _gold() -> list[dict]:
    with open(GOLD / "figures_seeds.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["value"], r["value_max"] = _opt(r["value"]), _opt(r["value_max"])
        r["approximate"] = r["approximate"] == "true"
        r["vague"] = r["vague"] == "true"
        r["occurrence"] = int(r["occurrence"])
    return rows


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9)


def _match(f: Figure, g: dict, span: tuple[int, int]) -> bool:
    return f.start < span[1] and span[0] < f.end and _same(f.value, g["value"]) and _same(f.value_max, g["value_max"])


def _score_seeds() -> tuple[int, int, int, int, list[str]]:
    """(true positives, n predicted, n gold, attribute-correct matches, problems) over deduplicated seeds."""
    gold = _gold()
    tp = n_pred = attr_ok = 0
    problems: list[str] = []
    for key, lang in LANG.items():
        text = _blank_repeats(_seed_text(key))
        items = []
        for g in (g for g in gold if g["file"] == key):
            occ = _occurrences(text, g["text"])
            assert len(occ) >= g["occurrence"], f"gold text {g['text']!r} not in seed {key}"
            items.append((g, occ[g["occurrence"] - 1]))
        preds = find_figures(text, lang)
        n_pred += len(preds)
        used: set[int] = set()
        for f in preds:
            hit = next((i for i, (g, sp) in enumerate(items) if i not in used and _match(f, g, sp)), None)
            if hit is None:
                problems.append(f"{key} false positive {f.text!r} value={f.value}")
                continue
            used.add(hit)
            tp += 1
            g = items[hit][0]
            if (f.unit, f.category, f.approximate, f.vague) == (g["unit"], g["category"], g["approximate"], g["vague"]):
                attr_ok += 1
            else:
                problems.append(f"{key} attributes {f.text!r}: {(f.unit, f.category, f.approximate, f.vague)}")
        problems += [f"{key} missed {g['text']!r}" for i, (g, _) in enumerate(items) if i not in used]
    return tp, n_pred, len(gold), attr_ok, problems


def test_seed_precision_recall() -> None:
    tp, n_pred, n_gold, attr_ok, problems = _score_seeds()
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold
    assert n_gold == 38  # 약 135조원 left (second rendering of 1000억달러), 30 多岁 joined (an age)
    assert recall >= BAR, (recall, problems)
    assert precision >= BAR, (precision, problems)
    assert attr_ok / max(tp, 1) >= BAR, problems


def test_seed_raw_text_with_repeats() -> None:
    """On the raw text (repeats included) every copy found is a gold figure and every gold figure is found."""
    gold = _gold()
    for key, lang in LANG.items():
        raw = _seed_text(key)
        items = [(g, sp) for g in gold if g["file"] == key for sp in _occurrences(raw, g["text"])]
        preds = find_figures(raw, lang)
        stray = [f.text for f in preds if not any(_match(f, g, sp) for g, sp in items)]
        assert not stray, (key, stray)
        missed = [g["text"] for g in gold if g["file"] == key
                  and not any(_match(f, g, sp) for f in preds for sp in _occurrences(raw, g["text"]))]
        assert not missed, (key, missed)
    n_001 = len(find_figures(_seed_text("001"), "ko"))
    assert n_001 == 2 * sum(1 for g in gold if g["file"] == "001")  # the body is there twice


def _negatives() -> list[tuple[str, str, str]]:
    with open(GOLD / "figures_not_figures.csv", encoding="utf-8", newline="") as fh:
        return [(r["file"], r["text"], r["reason"]) for r in csv.DictReader(fh)]


@pytest.mark.parametrize("key,needle,reason", _negatives())
def test_seed_not_figures(key: str, needle: str, reason: str) -> None:
    raw = _seed_text(key)
    spans = _occurrences(raw, needle)
    assert spans, f"{needle!r} not in seed {key}"
    preds = find_figures(raw, LANG[key])
    bad = [f.text for f in preds for s, e in spans if f.start < e and s < f.end]
    assert not bad, (needle, reason, bad)


# --------------------------------------------------------------------------------------------------------------
# Hand-written news phrasing: (lang, text, [(verbatim, value, value_max, unit, category, approximate, vague)])
# --------------------------------------------------------------------------------------------------------------
M, C, D, X, P, R = "money", "count", "duration", "multiplier", "percent", "resolution"
CASES: list[tuple[str, str, list[tuple]]] = [
    # English
    ("en", "Microsoft and OpenAI plan to spend $100 billion on the Stargate data center.",
     [("$100 billion", 1e11, None, "USD", M, False, False)]),
    ("en", "The project could cost $100\nbillion, according to The Information.",
     [("$100\nbillion", 1e11, None, "USD", M, False, False)]),
    ("en", "The deal is worth approximately 135 trillion won.",
     [("approximately 135 trillion won", 1.35e14, None, "KRW", M, True, False)]),
    ("en", "Nvidia shipped as many as 500,000 GPUs last quarter.",
     [("as many as 500,000 GPUs", 5e5, None, "GPU", C, True, False)]),
    ("en", "An estimated 720,000 Nvidia H100 graphics cards would be needed.",
     [("An estimated 720,000 Nvidia H100 graphics cards", 720000, None, "graphics card", C, True, False)]),
    ("en", "The model generates clips of 15-20 seconds.", [("15-20 seconds", 15, 20, "second", D, False, False)]),
    ("en", "Voice Engine needs only a 15-second audio sample.", [("15-second", 15, None, "second", D, False, False)]),
    ("en", "Sora can produce videos up to one minute long.", [("up to one minute", 1, None, "minute", D, True, False)]),
    ("en", "The clip was rendered in 720p and took several minutes.", [("720p", 720, None, "p", R, False, False)]),
    ("en", "The new chip is three times faster than its predecessor.",
     [("three times", 3, None, "times", X, False, False)]),
    ("en", "Revenue rose 25% to $3.4 billion.",
     [("25%", 25, None, "%", P, False, False), ("$3.4 billion", 3.4e9, None, "USD", M, False, False)]),
    ("en", "Shares fell 3.5 percent on Tuesday.", [("3.5 percent", 3.5, None, "%", P, False, False)]),
    ("en", "OpenAI released GPT-4 in March 2023.", []),
    ("en", "Sora 2 was announced on Sept. 30, 2025.", []),
    ("en", "Call 02-781-1234 or email tips1234@kbs.co.kr.", []),
    ("en", "The briefing started at 17:22 local time.", []),
    ("en", "The company has 1,500 employees in 12 countries.",
     [("1,500 employees", 1500, None, "employee", C, False, False), ("12 countries", 12, None, "country", C, False,
                                                                      False)]),
    ("en", "About 100 million people use ChatGPT every week.",
     [("About 100 million people", 1e8, None, "person", C, True, False)]),
    ("en", "Hundreds of millions of dollars have been invested.",
     [("Hundreds of millions of dollars", None, None, "USD", M, False, True)]),
    ("en", "Several hundred engineers worked on the project.",
     [("Several hundred engineers", None, None, "engineer", C, False, True)]),
    ("en", "The cluster will house nearly 2 million chips.",
     [("nearly 2 million chips", 2e6, None, "chip", C, True, False)]),
    ("en", "Altman is reportedly seeking $5 trillion to $7 trillion.",
     [("$5 trillion", 5e12, None, "USD", M, False, False), ("$7 trillion", 7e12, None, "USD", M, False, False)]),
    ("en", "Experts say AGI could arrive within five to ten years.",
     [("five to ten years", 5, 10, "year", D, False, False)]),
    ("en", "The training run lasted 90 days.", [("90 days", 90, None, "day", D, False, False)]),
    ("en", "She is a 30-year-old engineer at the lab.", [("30-year-old", 30, None, "year", "age", False, False)]),
    ("en", "The startup raised £2.5bn in funding.", [("£2.5bn", 2.5e9, None, "GBP", M, False, False)]),
    ("en", "Sales reached ¥3 trillion last year.", [("¥3 trillion", 3e12, None, "JPY", M, False, False)]),
    ("en", "The fine was €1.2 billion.", [("€1.2 billion", 1.2e9, None, "EUR", M, False, False)]),
    ("en", "Inference costs are at least 10x higher.", [("at least 10x", 10, None, "times", X, True, False)]),
    ("en", "It will take between 15 and 20 seconds to generate.",
     [("between 15 and 20 seconds", 15, 20, "second", D, False, False)]),
    ("en", "In 2024 companies spent more on AI than ever.", []),
    ("en", "Chapter 3 explains the method.", []),
    ("en", "The model has 175 billion parameters.",
     [("175 billion parameters", 1.75e11, None, "parameter", C, False, False)]),
    ("en", "The new tool is 100-fold cheaper.", [("100-fold", 100, None, "times", X, False, False)]),
    ("en", "Its share rose 2.5 percentage points.",
     [("2.5 percentage points", 2.5, None, "percentage point", P, False, False)]),
    ("en", "The gap is about a year and a half.", [("about a year and a half", 1.5, None, "year", D, True, False)]),
    ("en", "Tens of thousands of users signed up.",
     [("Tens of thousands of users", None, None, "user", C, False, True)]),
    ("en", "He paid US$1.5 million for the domain.", [("US$1.5 million", 1.5e6, None, "USD", M, False, False)]),
    ("en", "He ranked 1st among 40 candidates in the 2nd round.", [("40 candidates", 40, None, "candidate", C, False,
                                                                  False)]),
    ("en", "The COVID-19 pandemic slowed chip supply.", []),
    # Korean
    ("ko", "스타게이트 프로젝트 비용은 1000억달러(약 135조원)에 달한다.",
     [("1000억달러", 1e11, None, "USD", M, False, False)]),  # the parenthesis is its second rendering (also_text)
    ("ko", "삼성전자는 올해 1조 2000억원을 투자한다.", [("1조 2000억원", 1.2e12, None, "KRW", M, False, False)]),
    ("ko", "정부는 5천만 원의 지원금을 지급했다.", [("5천만 원", 5e7, None, "KRW", M, False, False)]),
    ("ko", "회사는 엔비디아 GPU 1만 대를 확보했다.", [("1만 대", 1e4, None, "GPU", C, False, False)]),
    ("ko", "국내 20대 여성의 이용률이 높았다.", []),
    ("ko", "국내 3대 기업이 컨소시엄에 참여했다.", []),
    ("ko", "AGI 구현 기간이 10년에서 1∼2년으로 단축될 것이라고 예측했다.",
     [("10년", 10, None, "year", D, False, False), ("1∼2년", 1, 2, "year", D, False, False)]),
    ("ko", "오픈AI는 2024년 3월 15일 소라를 공개했다.", []),
    ("ko", "오픈AI가 지난 15일(현지시간) 소라를 공개했다.", []),
    ("ko", "영상 길이는 최대 1분이다.", [("최대 1분", 1, None, "minute", D, True, False)]),
    ("ko", "15~20초 길이의 결과물이 생성된다.", [("15~20초", 15, 20, "second", D, False, False)]),
    ("ko", "회의는 1시간 반 동안 진행됐다.", [("1시간 반", 1.5, None, "hour", D, False, False)]),
    ("ko", "수천억 원이 투입될 예정이다.", [("수천억 원", None, None, "KRW", M, False, True)]),
    ("ko", "올해 2분기 매출은 3조원이다.", [("3조원", 3e12, None, "KRW", M, False, False)]),
    ("ko", "가입자 수가 30% 증가했다.", [("30%", 30, None, "%", P, False, False)]),
    ("ko", "기준금리가 0.25%p 올랐다.", [("0.25%p", 0.25, None, "percentage point", P, False, False)]),
    ("ko", "추론 성능이 두 배 향상됐다.", [("두 배", 2, None, "times", X, False, False)]),
    ("ko", "현재 데이터센터 구축 비용의 100배에 달하는 금액이다.", [("100배", 100, None, "times", X, False, False)]),
    ("ko", "배터리 수명이 크게 늘었다.", []),
    ("ko", "100여 명의 직원이 참석했다.", [("100여 명", 100, None, "person", C, True, False)]),
    ("ko", "세 명의 연구원이 새로 합류했다.", [("세 명", 3, None, "person", C, False, False)]),
    ("ko", "한 블로거가 소라로 만든 영상을 올렸다.", []),
    ("ko", "▷ 전화 : 02-781-1234, 4444 ▷ 이메일 : kbs1234@kbs.co.kr", []),
    ("ko", "중국은 AI 분야 특허 건수에서 세계 1위를 달린다.", []),
    ("ko", "오픈AI는 GPT-4.0에 이어 GPT-5를 공개할 계획이다.", []),
    ("ko", "소라의 도움으로 일주일 만에 완성했다.", [("일주일", 1, None, "week", D, False, False)]),
    ("ko", "행사는 이틀 동안 진행된다.", [("이틀", 2, None, "day", D, False, False)]),
    ("ko", "1990년대 이후 반도체 산업이 성장했다.", []),
    ("ko", "지난 3년간 매출이 두 배로 늘었다.",
     [("3년", 3, None, "year", D, False, False), ("두 배", 2, None, "times", X, False, False)]),
    ("ko", "1억5000만 달러 규모의 투자를 유치했다.", [("1억5000만 달러", 1.5e8, None, "USD", M, False, False)]),
    ("ko", "개발에는 약 3개월 정도 걸린다.", [("약 3개월 정도", 3, None, "month", D, True, False)]),
    ("ko", "몇 년 안에 AGI가 등장할 것이다.", [("몇 년", None, None, "year", D, False, True)]),
    ("ko", "수백만 명이 이 영상을 시청했다.", [("수백만 명", None, None, "person", C, False, True)]),
    ("ko", "당국은 100만 위안의 벌금을 부과했다.", [("100만 위안", 1e6, None, "CNY", M, False, False)]),
    ("ko", "소프트뱅크는 3000억 엔을 투입한다.", [("3000억 엔", 3e11, None, "JPY", M, False, False)]),
    ("ko", "개정안 제3조에 따라 신고해야 한다.", []),
    ("ko", "1. 오픈AI 소라 기능", []),
    ("ko", "이달 일본 도쿄에 아시아 첫 사무소를 열 예정이다.", []),
    ("ko", "사용자는 2주 이내에 답변을 받는다.", [("2주 이내", 2, None, "week", D, True, False)]),
    ("ko", "챗GPT 주간 이용자는 1억 명을 넘었다.", [("1억 명", 1e8, None, "person", C, False, False)]),
    ("ko", "오픈AI는 영상 7편을 공개했다.", [("7편", 7, None, "video", C, False, False)]),
    ("ko", "할 수 있는 일이 많다.", []),
    # Chinese
    ("zh", "星际之门项目耗资约1000亿美元。", [("约1000亿美元", 1e11, None, "USD", M, True, False)]),
    ("zh", "该项目计划投资一千亿美元。", [("一千亿美元", 1e11, None, "USD", M, False, False)]),
    ("zh", "当年全国财政收入达 135万亿元。", [("135万亿元", 1.35e14, None, "CNY", M, False, False)]),
    ("zh", "这段 20 秒的 720p 分辨率短片", [("20 秒", 20, None, "second", D, False, False),
                                   ("720p", 720, None, "p", R, False, False)]),
    ("zh", "Sora 花了几分钟才制作完成。", [("几分钟", None, None, "minute", D, False, True)]),
    ("zh", "AGI 实现可能从 10 年缩短至一两年。",
     [("10 年", 10, None, "year", D, False, False), ("一两年", 1, 2, "year", D, False, False)]),
    ("zh", "仅仅过去了 14 个月时间。", [("14 个月", 14, None, "month", D, False, False)]),
    ("zh", "两位 30 多岁的职业女性坐下来接受采访。",
     [("两位", 2, None, "person", C, False, False), ("30 多岁", None, None, "year", "age", True, True)]),  # 30-odd
    ("zh", "新芯片的性能提升了一百倍。", [("一百倍", 100, None, "times", X, False, False)]),
    ("zh", "当地时间 3 月 13 日周三。", []),
    ("zh", "该数据中心预计 2028年建成。", []),
    ("zh", "360 创始人周鸿祎发布微博。", []),
    ("zh", "一条美人鱼和她的螃蟹伙伴。", []),
    ("zh", "公司营收增长了 30%。", [("30%", 30, None, "%", P, False, False)]),
    ("zh", "这需要数十亿美元的投资。", [("数十亿美元", None, None, "USD", M, False, True)]),
    ("zh", "英伟达出货了 50 万块显卡。", [("50 万块", 5e5, None, "graphics card", C, False, False)]),
    ("zh", "训练耗时约 3 个月左右。", [("约 3 个月左右", 3, None, "month", D, True, False)]),
    ("zh", "三家公司参与了竞标。", [("三家", 3, None, "company", C, False, False)]),
    ("zh", "公司每年研发投入超过 100 亿元人民币。",
     [("超过 100 亿元人民币", 1e10, None, "CNY", M, True, False)]),
    ("zh", "这是上世纪80年代的技术。", []),
    ("zh", "他们只用了半年时间。", [("半年", 0.5, None, "year", D, False, False)]),
    ("zh", "整个过程相当于一个半小时。", [("一个半小时", 1.5, None, "hour", D, False, False)]),
    ("zh", "该模型在评测中获得第一名。", []),
    ("zh", "AI 人才缺口达 50 万人。", [("50 万人", 5e5, None, "person", C, False, False)]),
    ("zh", "央行将利率下调 0.5 个百分点。", [("0.5 个百分点", 0.5, None, "percentage point", P, False, False)]),
    ("zh", "把所有的电影都看一遍。", []),
    ("zh", "成本高达 7 万亿美元。", [("高达 7 万亿美元", 7e12, None, "USD", M, True, False)]),
    ("zh", "生成一段视频只需两三天。", [("两三天", 2, 3, "day", D, False, False)]),
    ("zh", "该应用吸引了数百万用户。", [("数百万", None, None, "user", C, False, True)]),
    ("zh", "OpenAI 推出 Sora 2 后引发关注。", []),
    ("zh", "大多数人认为这是一个新的高度。", []),
    # Japanese
    ("ja", "スターゲート計画の費用は約1000億ドルに上る。", [("約1000億ドル", 1e11, None, "USD", M, True, False)]),
    ("ja", "ソフトバンクは3兆円を投資する。", [("3兆円", 3e12, None, "JPY", M, False, False)]),
    ("ja", "動画は最大1分の長さまで生成できる。", [("最大1分", 1, None, "minute", D, True, False)]),
    ("ja", "15秒の音声サンプルから声を再現する。", [("15秒", 15, None, "second", D, False, False)]),
    ("ja", "2024年3月13日に発表した。", []),
    ("ja", "処理速度は従来の10倍だ。", [("10倍", 10, None, "times", X, False, False)]),
    ("ja", "利用者は1億人を超えた。", [("1億人", 1e8, None, "person", C, False, False)]),
    ("ja", "完成までに約3か月かかる。", [("約3か月", 3, None, "month", D, True, False)]),
    ("ja", "従来の3分の1のコストで済む。", []),
    ("ja", "数百万ドルの資金を調達した。", [("数百万ドル", None, None, "USD", M, False, True)]),
    ("ja", "東京オフィスには10人程度の社員が勤務する。", [("10人程度", 10, None, "person", C, True, False)]),
    ("ja", "30代の女性が歩いている。", []),
    ("ja", "開発には2年半かかった。", [("2年半", 2.5, None, "year", D, False, False)]),
    ("ja", "市場シェアは25%に達した。", [("25%", 25, None, "%", P, False, False)]),
    ("ja", "1080pの動画を生成できる。", [("1080p", 1080, None, "p", R, False, False)]),
    ("ja", "GPT-4は2023年に公開された。", []),
    ("ja", "5〜6年以内にAGIが実現するとの見方がある。", [("5〜6年以内", 5, 6, "year", D, True, False)]),
    ("ja", "二人の研究者が論文を発表した。", [("二人", 2, None, "person", C, False, False)]),
    ("ja", "彼は一人で作業した。", []),
    ("ja", "オープンAIは7本の動画を公開した。", [("7本", 7, None, "video", C, False, False)]),
    ("ja", "罰金は100億元に上る。", [("100億元", 1e10, None, "CNY", M, False, False)]),
    ("ja", "売上高は前年比20%増の5000億円だった。",
     [("20%", 20, None, "%", P, False, False), ("5000億円", 5e11, None, "JPY", M, False, False)]),
    ("ja", "この3年間で市場は急拡大した。", [("3年間", 3, None, "year", D, False, False)]),
    ("ja", "ランキングで1位を獲得した。", []),
    # more traps and composite numbers
    ("en", "Nvidia will ship 1000-2000 GPUs to the lab.", [("1000-2000 GPUs", 1000, 2000, "GPU", C, False, False)]),
    ("en", "DALL·E 231 was cited in the footnotes.", []),
    ("en", "Windows 11 users can download it for $20.", [("$20", 20, None, "USD", M, False, False)]),
    # a count of occurrences is a count (unit "time"); the blind Chang'e-6 gold counted 10차례 so
    ("en", "He met Altman three times last year.", [("three times", 3, None, "time", C, False, False)]),
    ("en", "Prices rose 20-30% this year.", [("20-30%", 20, 30, "%", P, False, False)]),
    ("en", "OpenAI is valued at $80bn, up from $29 billion.",
     [("$80bn", 8e10, None, "USD", M, False, False), ("$29 billion", 2.9e10, None, "USD", M, False, False)]),
    ("ko", "GPU 2만5000개를 구매했다.", [("2만5000개", 25000, None, "GPU", C, False, False)]),
    ("ko", "100여만 명이 몰렸다.", [("100여만 명", 1e6, None, "person", C, True, False)]),
    ("ko", "1~2조원 규모의 투자가 필요하다.", [("1~2조원", 1e12, 2e12, "KRW", M, False, False)]),
    ("ko", "삼성전자 점유율은 3분의 1 수준이다.", []),
    ("ko", "한 달 만에 사용자 1억 명을 돌파했다.",
     [("한 달", 1, None, "month", D, False, False), ("1억 명", 1e8, None, "person", C, False, False)]),
    ("zh", "每年有 100 多万人参加。", [("100 多万人", 1e6, None, "person", C, True, False)]),
    ("zh", "最近 3 年的增长很快。", [("3 年", 3, None, "year", D, False, False)]),
    ("zh", "上半年营收增长 20%。", [("20%", 20, None, "%", P, False, False)]),
    ("zh", "OpenAI 在 2024 年 2 月发布了 Sora。", []),
    ("zh", "十几个国家参与了谈判。", [("十几个", None, None, "country", C, False, True)]),
    ("ja", "100万人以上が利用している。", [("100万人以上", 1e6, None, "person", C, True, False)]),
    ("en", "Delays hit Boeing 737 flights and Microsoft 365 users.", []),
    ("en", "Q3 revenue rose at 3 p.m. after the 10-K filing.", []),
    ("en", "The company said it had 300 million weekly active users.",
     [("300 million weekly active users", 3e8, None, "user", C, False, False)]),
    ("ko", "1분기 영업이익은 6조6000억원을 기록했다.", [("6조6000억원", 6.6e12, None, "KRW", M, False, False)]),
    ("ko", "오전 10시 30분에 발표했다.", []),
    ("ko", "삼성전자 주가는 7만2000원이다.", [("7만2000원", 72000, None, "KRW", M, False, False)]),
    ("ja", "午後3時15分に発表した。", []),
    ("zh", "第 3 季度营收同比增长 15.3%。", [("15.3%", 15.3, None, "%", P, False, False)]),
]


def _as_tuple(f: Figure) -> tuple:
    return (f.text, f.value, f.value_max, f.unit, f.category, f.approximate, f.vague)


@pytest.mark.parametrize("lang,text,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_cases(lang: str, text: str, expected: list[tuple]) -> None:
    got = find_figures(text, lang)
    for f in got:
        assert text[f.start:f.end] == f.text  # offsets index the given text
    exp = [(t, None if v is None else float(v), None if vm is None else float(vm), u, c, a, vg)
           for t, v, vm, u, c, a, vg in expected]
    assert [_as_tuple(f) for f in got] == exp


def test_case_count() -> None:
    assert len(CASES) >= 100
    assert {c[0] for c in CASES} == {"en", "ko", "zh", "ja"}
    assert sum(1 for c in CASES if not c[2]) >= 25  # traps


def test_fullwidth_digits_keep_offsets() -> None:
    text = "费用约１０００亿美元。"
    (f,) = find_figures(text, "zh")
    assert f.text == "约１０００亿美元" and f.value == 1e11 and f.unit == "USD"


def test_empty_and_unknown_language() -> None:
    assert find_figures("", "ko") == []
    (f,) = find_figures("It costs $5 million.", "xx")
    assert f.value == 5e6


@pytest.mark.parametrize("s,value", [
    ("1,000", 1000), ("1.5", 1.5), ("135조", 1.35e14), ("1조 2000억", 1.2e12), ("1000억", 1e11), ("5천만", 5e7),
    ("1억5000만", 1.5e8), ("一千亿", 1e11), ("1000亿", 1e11), ("1.5万亿", 1.5e12), ("135万亿", 1.35e14),
    ("135 trillion", 1.35e14), ("2.5bn", 2.5e9), ("三亿五千万", 3.5e8), ("十五", 15), ("一百零五", 105),
    ("3兆", 3e12), ("三万亿", 3e12),
])
def test_parse_amount(s: str, value: float) -> None:
    assert math.isclose(parse_amount(s)[0], value)


def test_cjk_value() -> None:
    assert cjk_value("一百") == 100 and cjk_value("二十") == 20 and cjk_value("两千") == 2000


# --------------------------------------------------------------------------------------------------------------
# Rates and normalisation
# --------------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rates() -> FxRates:
    return load_rates()


def test_load_rates(rates: FxRates) -> None:
    assert rates.per_usd["USD"] == 1.0
    assert 1300 < rates.per_usd["KRW"] < 1400 and 7 < rates.per_usd["CNY"] < 7.4 and 140 < rates.per_usd["JPY"] < 160
    assert {"EUR", "GBP"} <= set(rates.per_usd)
    assert all("approximate" in rates.sources[c] for c in ("KRW", "CNY", "JPY"))


def test_load_rates_skips_bad_rows(tmp_path: Path) -> None:
    p = tmp_path / "fx.csv"
    p.write_text("currency,per_usd,date,source\nKRW,abc,2024,x\nCNY,7.2,2024,y\n", encoding="utf-8")
    r = load_rates(p)
    assert "KRW" not in r.per_usd and r.per_usd["CNY"] == 7.2 and r.per_usd["USD"] == 1.0


def test_normalize_money(rates: FxRates) -> None:
    won = Figure(0, 1, "약 135조원", 1.35e14, unit="KRW", category="money", approximate=True)
    v, unit, basis = normalize(won, rates)
    assert unit == "USD" and math.isclose(v, 1.35e14 / 1364) and "1364" in basis and "2024" in basis
    usd = Figure(0, 1, "$100 billion", 1e11, unit="USD", category="money")
    assert normalize(usd, rates)[:2] == (1e11, "USD")
    v, unit, _ = normalize(usd, rates, target="KRW")
    assert unit == "KRW" and math.isclose(v, 1e11 * 1364)
    odd = Figure(0, 1, "100 zorkmids", 100, unit="ZMK", category="money")
    assert normalize(odd, rates)[0] is None


def test_normalize_duration_and_others(rates: FxRates) -> None:
    assert normalize(Figure(0, 1, "1분", 1, unit="minute", category="duration"), rates)[:2] == (60, "second")
    half = normalize(Figure(0, 1, "반년", 0.5, unit="year", category="duration"), rates)
    assert math.isclose(half[0], 0.5 * 365.2425 * 86400) and half[1] == "second"
    rng = normalize(Figure(0, 1, "15~20초", 15, 20, unit="second", category="duration"), rates)
    assert rng[0] == 17.5 and "midpoint" in rng[2]
    assert normalize(Figure(0, 1, "100배", 100, unit="times", category="multiplier"), rates)[:2] == (100, "times")
    assert normalize(Figure(0, 1, "720p", 720, unit="p", category="resolution"), rates)[:2] == (720, "p")
    assert normalize(Figure(0, 1, "30%", 30, unit="%", category="percent"), rates)[:2] == (30, "%")
    assert normalize(Figure(0, 1, "many", None, unit="chip", category="count", vague=True), rates)[0] is None


def test_normalize_every_seed_figure(rates: FxRates) -> None:
    for key, lang in LANG.items():
        for f in find_figures(_seed_text(key), lang):
            v, unit, basis = normalize(f, rates)
            assert basis and unit
            assert v is None or v > 0


# --------------------------------------------------------------------------------------------------------------
# Agreement groups
# --------------------------------------------------------------------------------------------------------------

def _row(doc: str, source: str, lang: str, topic: str, cat: str, value: float | None, unit: str, text: str) -> dict:
    return {"doc_id": doc, "source": source, "language": lang, "topic": topic, "category": cat,
            "normalized_value": value, "normalized_unit": unit, "text": text, "sentence": text}


def _stargate(rates: FxRates, extra: list[dict] | None = None) -> pd.DataFrame:
    won = normalize(Figure(0, 1, "x", 1.35e14, unit="KRW", category="money"), rates)[0]
    rows = [
        _row("000", "limnews", "en", "Stargate", "money", won, "USD", "approximately 135 trillion won"),
        _row("002", "Hankyung", "ko", "Stargate", "money", 1e11, "USD", "1000억달러"),
        _row("002", "Hankyung", "ko", "Stargate", "money", won, "USD", "약 135조원"),
        _row("005", "Reuters", "en", "Stargate", "money", 1e11, "USD", "$100 billion"),
        _row("002", "Hankyung", "ko", "Sora", "duration", 60, "second", "최대 1분"),
        _row("003", "Tistory", "ko", "Sora", "duration", 60, "second", "최대 1분"),
        _row("003", "Tistory", "ko", "Sora", "duration", 4, "second", "4초 정도"),
        _row("002", "Hankyung", "ko", "Stargate", "count", None, "chip", "수백만 개"),
    ]
    return pd.DataFrame(rows + (extra or []))


def test_agreement_stargate_agrees(rates: FxRates) -> None:
    g = agreement_groups(_stargate(rates))
    assert list(g.columns) == ["group_id", "topic", "category", "normalized_unit", "value_min", "value_max",
                               "n_sources", "sources", "texts", "agreement", "note"]
    money = g[(g.topic == "Stargate") & (g.category == "money")]
    assert len(money) == 1
    row = money.iloc[0]
    assert row.agreement == "agree" and row.n_sources == 3
    assert "1000억달러" in row.texts and "$100 billion" in row.texts and "approximately 135 trillion won" in row.texts
    sora = g[(g.topic == "Sora") & (g.category == "duration")].sort_values("value_min")
    assert list(sora.agreement) == ["single source", "agree"]
    vague = g[g.category == "count"].iloc[0]
    assert vague.agreement == "single source" and vague.n_sources == 1
    assert g.group_id.is_unique


def test_agreement_flags_disagreement(rates: FxRates) -> None:
    extra = [_row("006", "Bloomberg", "en", "Stargate", "money", 1.15e11 * 1.02, "USD", "$117 billion")]
    g = agreement_groups(_stargate(rates, extra))
    money = g[(g.topic == "Stargate") & (g.category == "money")]
    assert len(money) == 1 and money.iloc[0].agreement == "disagree" and money.iloc[0].n_sources == 4
    assert "$117 billion" in money.iloc[0].texts
    assert "117 billion USD (Bloomberg)" in money.iloc[0].note and "Reuters" in money.iloc[0].note


def test_agreement_order_of_magnitude_and_topics(rates: FxRates) -> None:
    rows = [_row("a", "A", "en", "Stargate", "money", 1e11, "USD", "$100 billion"),
            _row("b", "B", "en", "Stargate", "money", 1e13, "USD", "$10 trillion"),
            _row("c", "C", "en", "GPT-5", "money", 1e11, "USD", "$100 billion"),
            _row("d", "D", "en", "", "money", 1e11, "USD", "$100 billion"),
            _row("e", "E", "en", "", "money", 1e11, "USD", "$100 billion")]
    g = agreement_groups(pd.DataFrame(rows))
    assert set(g.agreement) == {"single source"}  # different magnitude, different topic, no topic
    assert len(g) == 5


def test_agreement_same_source_two_values_is_not_a_conflict() -> None:
    year = 31556952.0
    rows = [_row("001", "KBS", "ko", "AGI", "duration", 10 * year, "second", "10년"),
            _row("001", "KBS", "ko", "AGI", "duration", 15 * year, "second", "15년"),
            _row("004", "NBD", "zh", "AGI", "duration", 10 * year, "second", "10 年")]
    g = agreement_groups(pd.DataFrame(rows)).sort_values("value_min")
    assert list(g.agreement) == ["agree", "single source"]
    assert g.iloc[0].texts == "10년 | 10 年" and g.iloc[0].n_sources == 2


def test_agreement_vague_rows_stand_alone() -> None:
    rows = [_row("002", "Hankyung", "ko", "Stargate", "count", 5.5e6, "chip", "수백만 개"),
            _row("009", "Other", "en", "Stargate", "count", 5e6, "chip", "5 million chips")]
    rows[0]["vague"], rows[1]["vague"] = True, False
    g = agreement_groups(pd.DataFrame(rows))
    assert len(g) == 2 and set(g.agreement) == {"single source"}


def test_agreement_empty() -> None:
    g = agreement_groups(pd.DataFrame(columns=["doc_id", "source", "language", "topic", "category",
                                               "normalized_value", "normalized_unit", "text", "sentence"]))
    assert g.empty and "agreement" in g.columns


# --------------------------------------------------------------------------------------------------------------
# Robustness: any text, any language -> figures whose offsets index the text; never an exception
# --------------------------------------------------------------------------------------------------------------

_ALPHABET = list("0123456789,.-~∼ \n$%p") + list("억만조원달러년개월초분배명편수백천약최대") + list(
    "亿万元美元年个月秒倍位两一十百千约数几多") + list("円ドル人本兆億") + ["billion", " seconds", " times faster",
                                                                     " about ", " GPUs", "between "] + list(
    "℃度영하零下點○成割()（）·・:-") + ["百分之", "magnitude ", "M", "震度", " degrees", " F", "km", "(약 ", " per ",
                                      " and ", "aged ", ", ", "마다", "every ", "시간 ", "분", "新台幣", "미터", "메트"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join), st.sampled_from(["en", "ko", "zh", "ja"]))
def test_never_fails_and_offsets_hold(text: str, lang: str) -> None:
    figs = find_figures(text, lang)
    last_end = -1
    for f in figs:
        assert 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.text
        assert f.start >= last_end  # no overlaps, sorted
        last_end = f.end
        assert f.category in CATEGORIES
        assert f.value is None or f.value >= 0 or f.category == "temperature"
        assert not f.vague or (f.value is None and f.value_max is None)  # a vague amount never has a number
        assert f.value_max is None or (f.value is not None and f.value_max > f.value)


# --------------------------------------------------------------------------------------------------------------
# Issue 14 classes, written from the issue's own examples (not from the bundled story)
# (lang, text, [(verbatim, value, value_max, unit, category, bound, vague)])
# --------------------------------------------------------------------------------------------------------------
ISSUE_CASES: list[tuple[str, str, list[tuple]]] = [
    ("ko", "소프트뱅크는 2천850억엔을 투자한다.", [("2천850억엔", 2.85e11, None, "JPY", M, "", False)]),
    ("ko", "총 1조3천억원 규모다.", [("1조3천억원", 1.3e12, None, "KRW", M, "", False)]),
    ("ko", "매출은 4천760억원이었다.", [("4천760억원", 4.76e11, None, "KRW", M, "", False)]),
    ("zh", "日本企業獲利500億日圓。", [("500億日圓", 5e10, None, "JPY", M, "", False)]),
    ("zh", "投資新台幣300億元,另有港幣20億元與美金5億元。",
     [("新台幣300億元", 3e10, None, "TWD", M, "", False), ("港幣20億元", 2e9, None, "HKD", M, "", False),
      ("美金5億元", 5e8, None, "USD", M, "", False)]),
    ("zh", "該公司砸下新台币1000億元。", [("新台币1000億元", 1e11, None, "TWD", M, "", False)]),
    ("zh", "日幣貶值至100日幣兌0.9美元。",
     [("100日幣", 100, None, "JPY", M, "", False), ("0.9美元", 0.9, None, "USD", M, "", False)]),
    ("zh", "韓圜兌換500韓圜。", [("500韓圜", 500, None, "KRW", M, "", False)]),
    ("ko", "수백만 명이 몰렸다.", [("수백만 명", None, None, "person", C, "", True)]),
    ("zh", "數百萬人受災。", [("數百萬人", None, None, "person", C, "", True)]),
    ("zh", "需要数十亿美元。", [("数十亿美元", None, None, "USD", M, "", True)]),
    ("en", "Several hundred people were evacuated.", [("Several hundred people", None, None, "person", C, "", True)]),
    ("en", "Thousands of homes lost power.", [("Thousands of homes", None, None, "home", C, "", True)]),
    ("en", "More than 250 people died.", [("More than 250 people", 250, None, "person", C, "lower", False)]),
    ("en", "Over 40,000 fans came.", [("Over 40,000 fans", 4e4, None, "fan", C, "lower", False)]),
    ("en", "At least 1,000 jobs will go.", [("At least 1,000 jobs", 1000, None, "job", C, "lower", False)]),
    ("en", "Up to 30 flights were cancelled.", [("Up to 30 flights", 30, None, "flight", C, "upper", False)]),
    ("ko", "최소 1천 명이 다쳤다.", [("최소 1천 명", 1000, None, "person", C, "lower", False)]),
    ("zh", "超过3000人受伤。", [("超过3000人", 3000, None, "person", C, "lower", False)]),
    ("ja", "死者は100人以上に上った。", [("100人以上", 100, None, "person", C, "lower", False)]),
    ("ko", "물가상승률은 3%다.", [("3%", 3, None, "%", P, "", False)]),
    ("ko", "점유율은 30%였다.", [("30%", 30, None, "%", P, "", False)]),
    ("ko", "가격이 5배나 올랐다.", [("5배", 5, None, "times", X, "", False)]),
    ("en", "TSMC makes 16 nanometer chips, 3-5nm parts and 8-inch wafers.",
     [("16 nanometer", 16, None, "nm", "length", "", False), ("3-5nm", 3, 5, "nm", "length", "", False),
      ("8-inch", 8, None, "in", "length", "", False)]),
    ("ko", "확률은 1억분의 1이다.", []),
    ("en", "It is a one-millionth chance.", []),
    ("en", "She types 300 words per minute.", [("300 words per minute", 300, None, "word/minute", "rate", "", False)]),
    ("ja", "85歳の男性が救助された。", [("85歳", 85, None, "year", "age", "", False)]),
    ("ko", "85세 노인이 구조됐다.", [("85세", 85, None, "year", "age", "", False)]),
    ("en", "A woman aged 85 died.", [("aged 85", 85, None, "year", "age", "", False)]),
    ("en", "The wall is 200 m long.", [("200 m", 200, None, "m", "length", "", False)]),
    ("en", "A 200-meter tower.", [("200-meter", 200, None, "m", "length", "", False)]),
    ("ko", "진앙은 약 30km 떨어져 있다.", [("약 30km", 30, None, "km", "length", "", False)]),
    ("zh", "高500公尺的大樓。", [("500公尺", 500, None, "m", "length", "", False)]),
    ("zh", "水深约80米。", [("约80米", 80, None, "m", "length", "", False)]),
    ("ko", "영하 40도까지 떨어졌다.", [("영하 40도", -40, None, "°C", "temperature", "", False)]),
    ("zh", "气温降至零下30度。", [("零下30度", -30, None, "°C", "temperature", "", False)]),
    ("en", "It was minus 40 degrees.", [("minus 40 degrees", -40, None, "°C", "temperature", "", False)]),
    ("ja", "気温はマイナス20度まで下がった。", [("マイナス20度", -20, None, "°C", "temperature", "", False)]),
    ("ko", "그는 30도 각도로 꺾었다.", []),
    ("zh", "他三度访华。", []),
    ("en", "Three new satellites were launched.", [("Three new satellites", 3, None, "satellite", C, "", False)]),
    ("en", "A dozen eggs broke.", [("A dozen eggs", 12, None, "egg", C, "", False)]),
    ("en", "It took four months.", [("four months", 4, None, "month", D, "", False)]),
    ("zh", "歷時五個月完工。", [("五個月", 5, None, "month", D, "", False)]),
    ("zh", "約兩個月後完工。", [("約兩個月", 2, None, "month", D, "", False)]),
    ("en", "A $250-million deal.", [("$250-million", 2.5e8, None, "USD", M, "", False)]),
    ("en", "A 30-second clip.", [("30-second", 30, None, "second", D, "", False)]),
    ("ko", "시험에서 90점을 받았다.", [("90점", 90, None, "point", "score", "", False)]),
    ("zh", "他在考试中得了80分。", [("80分", 80, None, "point", "score", "", False)]),
    ("ko", "회의는 3주마다 열린다.", [("3주마다", 3, None, "week", "frequency", "", False)]),
    ("en", "It meets every three weeks.", [("every three weeks", 3, None, "week", "frequency", "", False)]),
    ("zh", "每三周开会一次。", [("每三周", 3, None, "week", "frequency", "", False)]),
    ("ko", "약 3시간 12분 걸렸다.", [("약 3시간 12분", 192, None, "minute", D, "", False)]),
    ("en", "It took 4 hours 5 minutes.", [("4 hours 5 minutes", 245, None, "minute", D, "", False)]),
    ("ja", "2時間40分かかった。", [("2時間40分", 160, None, "minute", D, "", False)]),
    ("en", "It lasted two and a half years.", [("two and a half years", 2.5, None, "year", D, "", False)]),
    ("ko", "1년 반 만에 끝났다.", [("1년 반", 1.5, None, "year", D, "", False)]),
    ("zh", "用了一年半时间。", [("一年半", 1.5, None, "year", D, "", False)]),
    ("en", "On Mar. 12 this year, the firm said so.", []),
    ("en", "Sales rose on Sept. 3 and Aug 9 this year.", []),
    ("en", "Delays hit Boeing 737 flights, Model 3 cars and iPhone 15 users.", []),
]


@pytest.mark.parametrize("lang,text,expected", ISSUE_CASES,
                         ids=[f"issue-{c[0]}-{i}" for i, c in enumerate(ISSUE_CASES)])
def test_issue_cases(lang: str, text: str, expected: list[tuple]) -> None:
    got = [(f.text, f.value, f.value_max, f.unit, f.category, f.bound, f.vague) for f in find_figures(text, lang)]
    exp = [(t, None if v is None else float(v), None if vm is None else float(vm), u, c, b, vg)
           for t, v, vm, u, c, b, vg in expected]
    assert got == exp


def test_one_amount_two_renderings() -> None:
    (f,) = find_figures("스타게이트 비용은 1000억달러(약 135조원)에 달한다.", "ko")
    assert (f.text, f.value, f.unit) == ("1000억달러", 1e11, "USD")
    assert (f.also_text, f.also_value, f.also_unit) == ("약 135조원", 1.35e14, "KRW")
    (g,) = find_figures("The epicenter was approximately 95 kilometers (59 miles) away.", "en")
    assert (g.value, g.unit, g.also_text, g.also_value, g.also_unit) == (95, "km", "59 miles", 59, "mi")
    (h,) = find_figures("Palm Springs hit 124 degrees (51.1 C) on Friday.", "en")
    assert h.unit == "°F" and h.also_unit == "°C"  # the parenthesis says which degrees
    two = find_figures("영업익 3378억원(영업이익률 5.3%)을 기록했다.", "ko")  # different kinds: two figures
    assert [f.category for f in two] == ["money", "percent"] and not two[0].also_text


def test_taiwan_dollars_for_bare_yuan_in_a_taiwan_document() -> None:
    text = "台積電營收逾326億元(新台幣,下同)。單季營收介於920億至940億元之間。"
    assert {f.unit for f in find_figures(text, "zh") if f.category == "money"} == {"TWD"}
    assert {f.unit for f in find_figures("该项目投资3.28万亿元。", "zh")} == {"CNY"}
    assert {f.unit for f in find_figures("投資總規模為四千六百八十九億元(人民幣,下同)。", "zh")} == {"CNY"}


def test_cjk_positional_and_decimal_numerals() -> None:
    assert math.isclose(cjk_value("三四六億"), 3.46e10) and math.isclose(cjk_value("一點○五兆"), 1.05e12)
    assert math.isclose(cjk_value("五○五七點四億"), 5.0574e11) and math.isclose(cjk_value("一兆一一二三億"), 1.1123e12)
    assert math.isclose(cjk_value("一萬七千四百億"), 1.74e12) and cjk_value("十九點五") == 19.5
    assert math.isclose(parse_amount("2천850억")[0], 2.85e11) and math.isclose(parse_amount("1억4400만")[0], 1.44e8)


def test_no_story_names_in_code() -> None:
    """Product and model names of one story live nowhere in the extractor's code (the rule is generic)."""
    src = (ROOT / "analysis" / "figures.py").read_text(encoding="utf-8")
    for name in ("GPT", "DALL", "Sora", "Gemini", "Llama", "Claude", "iPhone", "Galaxy", "Midjourney", "Stargate",
                 "OpenAI", "Nvidia"):
        assert name not in src, name
    lists = (ROOT / "data" / "figures.toml").read_text(encoding="utf-8")
    assert "labels" in lists and "Sora" not in lists


def test_normalize_physical_and_new_kinds(rates: FxRates) -> None:
    def n(value: float, unit: str, cat: str, vmax: float | None = None) -> tuple:
        return normalize(Figure(0, 1, "x", value, vmax, unit=unit, category=cat), rates)
    assert n(30, "km", "length")[:2] == (30000, "m") and "1 km = 1000 m" in n(30, "km", "length")[2]
    v, unit, basis = n(100, "°F", "temperature")
    assert unit == "°C" and math.isclose(v, 37.7777, rel_tol=1e-4) and "°F" in basis
    assert n(-40, "°C", "temperature")[:2] == (-40, "°C")
    assert math.isclose(n(36, "km/h", "speed")[0], 10) and n(36, "km/h", "speed")[1] == "m/s"
    assert math.isclose(n(15, "mu", "area")[0], 1e4) and n(1, "kWh", "energy")[:2] == (3.6e6, "J")
    assert n(3, "t", "mass")[:2] == (3000, "kg") and n(500, "MW", "power")[:2] == (5e8, "W")
    assert n(3, "week", "frequency")[:2] == (3 * 604800, "second")
    vague = Figure(0, 1, "수백만 명", None, unit="person", category="count", vague=True)
    assert normalize(vague, rates)[0] is None


def test_agreement_compares_like_with_like(rates: FxRates) -> None:
    rows = [_row("a", "A", "en", "Quake", "count", 300, "person", "300 people"),
            _row("b", "B", "ko", "Quake", "count", 300, "building", "300 buildings"),
            _row("c", "C", "en", "Quake", "count", 2.7e8, "", "270 million"),
            _row("d", "D", "en", "Quake", "count", 2.7e8, "", "270 million"),
            _row("e", "E", "ja", "Quake", "count", 305, "person", "305人")]
    g = agreement_groups(pd.DataFrame(rows))
    people = g[g.normalized_unit == "person"]
    assert len(people) == 1 and people.iloc[0].agreement == "agree"
    assert set(g[g.normalized_unit == "building"].agreement) == {"single source"}
    assert set(g[g.normalized_unit == ""].agreement) == {"single source"}  # counts of nothing named: never compared
    won = Figure(0, 1, "x", 1.2345e14, unit="KRW", category="money")
    nv, _, basis = normalize(won, rates)
    money = [_row("a", "A", "ko", "Deal", "money", nv, "USD", "123조4500억원"),
             _row("b", "B", "en", "Deal", "money", 1.5e11, "USD", "$150 billion")]
    money[0]["normalization_basis"], money[1]["normalization_basis"] = basis, "as stated"
    m = agreement_groups(pd.DataFrame(money)).iloc[0]
    assert m.agreement == "disagree" and "1 USD = 1364 KRW" in m.note
    assert "90.5 billion USD" in m.note  # 3 significant figures


# --------------------------------------------------------------------------------------------------------------
# Real sentences of other stories (tests/gold/figures_real.csv, hand-written from stored pages before the rules).
# The blind part (figures_real_blind.csv) is never asserted; `python -m tests.test_figures` reports both.
# --------------------------------------------------------------------------------------------------------------

def _real_gold(name: str) -> dict[str, dict]:
    with open(GOLD / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    sents: dict[str, dict] = {}
    for r in rows:
        s = sents.setdefault(r["sid"], {"lang": r["lang"], "sentence": r["sentence"], "figs": [], "nots": []})
        if r["kind"] == "figure":
            s["figs"].append(r)
        elif r["kind"] == "not":
            s["nots"].append(r["text"])
    return sents


def _gold_spans(sentence: str, figs: list[dict]) -> list[tuple[int, int]]:
    """Span of each gold figure: the first occurrence of its text not inside an earlier figure's span."""
    out: list[tuple[int, int]] = []
    for g in figs:
        i = sentence.find(g["text"])
        while i >= 0 and any(i < b and a < i + len(g["text"]) for a, b in out):
            i = sentence.find(g["text"], i + 1)
        assert i >= 0, (g["sid"], g["text"])
        out.append((i, i + len(g["text"])))
    return out


def score_real(name: str) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Per language: gold, predicted, true positives, attribute-correct, not-figure violations, vague with number."""
    stats: dict[str, dict[str, int]] = {}
    problems: list[str] = []
    for sid, s in _real_gold(name).items():
        lang, text = s["lang"], s["sentence"]
        st = stats.setdefault(lang, {"gold": 0, "pred": 0, "tp": 0, "attr": 0, "notviol": 0, "vaguenum": 0})
        preds = find_figures(text, lang)
        items = list(zip(s["figs"], _gold_spans(text, s["figs"])))
        st["pred"] += len(preds)
        st["gold"] += len(items)
        used: set[int] = set()
        for f in preds:
            st["vaguenum"] += int(f.vague and (f.value is not None or f.value_max is not None))
            hit = next((i for i, (g, (a, b)) in enumerate(items) if i not in used and f.start < b and a < f.end
                        and _same(f.value, _opt(g["value"])) and _same(f.value_max, _opt(g["value_max"]))), None)
            if hit is None:
                problems.append(f"{sid} false positive {f.text!r} value={f.value}")
                continue
            used.add(hit)
            st["tp"] += 1
            g = items[hit][0]
            ok = (f.category, f.bound, f.vague, f.also_text) == (g["category"], g["bound"], g["vague"] == "true",
                                                                  g["also_text"])
            if ok and (g["category"] == "count" or f.unit == g["unit"]):
                st["attr"] += 1
            else:
                problems.append(f"{sid} attributes {f.text!r}: {(f.unit, f.category, f.bound, f.vague, f.also_text)}")
        problems += [f"{sid} missed {g['text']!r}" for i, (g, _) in enumerate(items) if i not in used]
        for needle in s["nots"]:
            a = text.find(needle)
            if any(f.start < a + len(needle) and a < f.end for f in preds):
                st["notviol"] += 1
                problems.append(f"{sid} not a figure but found: {needle!r}")
    return stats, problems


def test_real_gold_shape() -> None:
    stats, _ = score_real("figures_real.csv")
    assert set(stats) == {"en", "ko", "zh", "ja"}
    assert all(st["gold"] >= 40 for st in stats.values())
    blind = _real_gold("figures_real_blind.csv")
    assert {s["lang"] for s in blind.values()} == {"en", "ko", "zh", "ja"}
    assert not set(blind) & set(_real_gold("figures_real.csv"))  # the blind sentences are held apart


@pytest.mark.parametrize("lang", ["en", "ko", "zh", "ja"])
def test_real_gold_in_sample(lang: str) -> None:
    stats, problems = score_real("figures_real.csv")
    st = stats[lang]
    mine = [p for p in problems if p.startswith(lang)]
    assert st["tp"] / st["pred"] >= BAR, mine
    assert st["tp"] / st["gold"] >= BAR, mine
    assert st["attr"] / st["tp"] >= 0.85, mine
    assert st["notviol"] == 0 and st["vaguenum"] == 0, mine



# --------------------------------------------------------------------------------------------------------------
# Session 2: classes found on real sentences of trade, aviation, election and sport stories (the dev part of
# tests/gold/figures_real_s2.csv) and on the blind Chang'e-6 run; every sentence is copied from a stored page.
# (lang, text, [(verbatim, value, value_max, unit, category, bound, vague)])
# --------------------------------------------------------------------------------------------------------------
S2_CASES: list[tuple[str, str, list[tuple]]] = [
    # seats and places (counters from the Korean pack)
    ("ko", "비례대표의 경우 새누리당이 17석, 더민주와 국민의당이 각각 13석, 정의당이 4석을 차지했다.",
     [("17석", 17, None, "seat", C, "", False), ("13석", 13, None, "seat", C, "", False),
      ("4석", 4, None, "seat", C, "", False)]),
    # counts of occurrences
    ("zh", "机场人员说,到飞机消失时止,看到它摇晃了3次。", [("3次", 3, None, "time", C, "", False)]),
    ("ja", "この種目の世界記録は、男子部門で7回、女子部門で12回、オリンピック中に更新または破られました。",
     [("7回", 7, None, "time", C, "", False), ("12回", 12, None, "time", C, "", False)]),
    # sports times: the fraction after the unit, minutes before seconds, m:ss.cc
    ("zh", "2012年伦敦,博尔特再次站上更高领奖台,这一次他跑出9.63秒,成为新的奥运会纪录保持者。",
     [("9.63秒", 9.63, None, "second", D, "", False)]),
    ("zh", "2016年里约,女排姑娘们时隔12年再次登顶;2020东京(实际2021年举办),苏炳添以9秒83刷新亚洲纪录...",
     [("12年", 12, None, "year", D, "", False), ("9秒83", 9.83, None, "second", D, "", False)]),
    ("zh", "男子1500米自由泳决赛,身处第7道的美国选手芬克,从一入水就处于领先的位置,最终以14分30秒67触壁,获得冠军的同时,"
           "也打破了世界纪录。",
     [("1500米", 1500, None, "m", "length", "", False), ("14分30秒67", 870.67, None, "second", D, "", False)]),
    ("zh", "田径男子马拉松赛,坡度、起伏较大,难度不小,共有10名选手未能完赛"
           ",而埃塞俄比亚选手托拉跑出2小时06分26秒,刷新奥运会纪录的成绩。",
     [("10名", 10, None, "person", C, "", False), ("2小时06分26秒", 7586, None, "second", D, "", False)]),
    ("ja", "世界陸上ロンドン大会の走り高跳び"
           "でも金メダル(2m35)を獲った。", [("2m35", 2.35, None, "m", "length", "", False)]),
    ("en", "With the crowd urging him on, defending champion Finke"
           " powered home in 14min 30.67sec to better the previous "
           "best of 14:31.02 set by China’s Sun Yang at London in 2012.",
     [("14min 30.67sec", 870.67, None, "second", D, "", False), ("14:31.02", 871.02, None, "second", D, "", False)]),
    ("en", "How sad, then, that National Stadium was essentially empty when Warholm obliterated his own world record — "
           "slicing it from 46.70 seconds to 45.94 in the afternoon.",
     [("46.70 seconds", 46.7, None, "second", D, "", False), ("45.94", 45.94, None, "second", D, "", False)]),
    # minus signs (▲ is a minus only in the Japanese pack)
    ("ja", "季節調整値で見た輸出金額は前月比+0.7%と 6 ヶ月連続の増加、輸出数量は"
           "同▲0.9% (季節調整値は大和総研による)と 2 ヶ月連続の減少となった。",
     [("0.7%", 0.7, None, "%", P, "", False), ("6 ヶ月", 6, None, "month", D, "", False),
      ("▲0.9%", -0.9, None, "%", P, "", False), ("2 ヶ月", 2, None, "month", D, "", False)]),
    ("ko", "대(對) 중국 수출이 13.6% 줄어든 것을 비롯해 EU(-18.2%)와 베트남(-6.2%), 일본(-12.5%) 수출이 줄었다.",
     [("13.6%", 13.6, None, "%", P, "", False), ("-18.2%", -18.2, None, "%", P, "", False),
      ("-6.2%", -6.2, None, "%", P, "", False), ("-12.5%", -12.5, None, "%", P, "", False)]),
    # a number glued to "·" in a Korean list
    ("ko", "대중국(66억달러·3.4%↓), 대베트남(31억달러·14.3%↓) 등 다른 지역 수출액도 대체로 줄었다.",
     [("66억달러", 6.6e9, None, "USD", M, "", False), ("3.4%", 3.4, None, "%", P, "", False),
      ("31억달러", 3.1e9, None, "USD", M, "", False), ("14.3%", 14.3, None, "%", P, "", False)]),
    # flight numbers, Minguo years and ranks are no figures
    ("ko", "외항기 중에서는 중국국제항공 129편이 2002년 4월 15일 중국"
           " 베이징에서 출발해 김해국제공항에 착륙을 시도하던 중 경남 김해시 "
           "돗대산 기슭에 추락해 129명이 숨지기도 했다.", [("129명", 129, None, "person", C, "", False)]),
    ("ja", "日本航空123便墜落事故。死亡者数520名、生存者は4名。",
     [("520名", 520, None, "person", C, "", False), ("4名", 4, None, "person", C, "", False)]),
    ("zh", "全球供應鏈重組改寫台灣外貿版圖，財政部統計，114年台灣對5大"
           "市場出口同步上揚，其中對美出口1982.7億美元，刷新歷史紀錄。",
     [("1982.7億美元", 1.9827e11, None, "USD", M, "", False)]),
    ("zh", "全球最強護照排行出爐！前三全是亞洲國家 台灣排36名", []),
    # a Korean "1년 전보다" is the comparison baseline, not a quoted duration; 넉 달 is four months
    ("ko", "지난 1일부터 20일까지 수출이 1년 전보다 5% 넘게 감소했다.", [("5%", 5, None, "%", P, "lower", False)]),
    ("ko", "지난달 수출이 34% 줄면서 무역수지가 넉 달 만에 적자로 돌아섰다.",
     [("34%", 34, None, "%", P, "", False), ("넉 달", 4, None, "month", D, "", False)]),
    ("ko", "조업일수는 지난해와 같은 15.5일이었지만 5.2%(18억7000만달러) 줄었다.",
     [("15.5일", 15.5, None, "day", D, "", False), ("5.2%", 5.2, None, "%", P, "", False),
      ("18억7000만달러", 1.87e9, None, "USD", M, "", False)]),
    # written tens of Traditional Chinese; 出超 is a surplus, not "more than"
    ("zh", "財政部公布去年全年進出口統計，累計出口總額六四○七點五億美元，年增百分之卅四點九，再創歷史新高。",
     [("六四○七點五億美元", 6.4075e11, None, "USD", M, "", False), ("百分之卅四點九", 34.9, None, "%", P, "", False)]),
    ("zh", "在出、進口互抵後，去年12月出超194.43億美元，全年出超1,571.4億美元，較上年大增765.61億美元。",
     [("194.43億美元", 1.9443e10, None, "USD", M, "", False), ("1,571.4億美元", 1.5714e11, None, "USD", M, "", False),
      ("765.61億美元", 7.6561e10, None, "USD", M, "", False)]),
    # a fraction of a unit, and the same time restated in parentheses
    ("ja", "1000分の5秒差は、1980年のモスクワオリンピック以来、"
           "過去34年間の世界の100メートル走における最短記録でもある。",
     [("1000分の5秒", 0.005, None, "second", D, "", False), ("34年間", 34, None, "year", D, "", False),
      ("100メートル", 100, None, "m", "length", "", False)]),
    # counters and units of the packs: bodies, nautical miles, tournaments
    ("zh", "救援人员已经找到至少60具尸体。", [("至少60具", 60, None, "body", C, "lower", False)]),
    ("zh", "据地面人员报告,飞机在大连机场东侧约20海里失事。", [("约20海里", 20, None, "nmi", "length", "", False)]),
    ("ja", "ボルト選手はこの種目で史上初と"
           "なる3大会連続の金メダルです。", [("3大会", 3, None, "tournament", C, "", False)]),
    ("zh", "男子标枪决赛中,巴基斯坦选手纳迪姆在第二投投出92米97,将原先90米57的奥运会纪录提高了两米多。",
     [("92米97", 92.97, None, "m", "length", "", False), ("90米57", 90.57, None, "m", "length", "", False),
      ("两米多", 2, None, "m", "length", "lower", False)]),
    # Chang'e-6 blind misses (classes): a handful of, 10차례, pounds of mass, grams with decimals
    ("en", "Nine other lunar missions from NASA's crewed Apollo flights and a handful of robotic probes to the Soviet "
           "Luna 16 mission in 1970 have retrieved bits of the moon and returned them to Earth.",
     [("Nine other lunar missions", 9, None, "mission", C, "", False),
      ("a handful of robotic probes", None, None, "probe", C, "", True)]),
    ("en", "Change 6 is carrying about 4.4 pounds (2 kilograms) of "
           "lunar samples, the first-ever lunar far side specimens "
           "to be returned to our planet.", [("about 4.4 pounds", 4.4, None, "lb", "mass", "", False)]),
    ("en", "It bought $19.5 billion in 2017 but only $9.1 billion in 2018 and $8.6 billion in 2019.",
     [("$19.5 billion", 1.95e10, None, "USD", M, "", False), ("$9.1 billion", 9.1e9, None, "USD", M, "", False),
      ("$8.6 billion", 8.6e9, None, "USD", M, "", False)]),
    ("en", "Rudisha had told his rivals in the 800 meters to be re"
           "ady for a world record, and he delivered on his word, "
           "winning Thursday's final in 1 minute, 40.91 seconds, one-tenth of a second off the mark he set in 2010.",
     [("800 meters", 800, None, "m", "length", "", False), ("1 minute, 40.91 seconds", 100.91, None, "second", D, "",
                                                            False)]),
]


@pytest.mark.parametrize("lang,text,expected", S2_CASES, ids=[f"s2-{c[0]}-{i}" for i, c in enumerate(S2_CASES)])
def test_session2_cases(lang: str, text: str, expected: list[tuple]) -> None:
    got = [(f.text, f.value, f.value_max, f.unit, f.category, f.bound, f.vague) for f in find_figures(text, lang)]
    exp = [(t, None if v is None else float(v), None if vm is None else float(vm), u, c, b, vg)
           for t, v, vm, u, c, b, vg in expected]
    assert [(t, v if v is None else round(v, 9), vm, u, c, b, vg) for t, v, vm, u, c, b, vg in got] == exp


def test_session2_renderings() -> None:
    (f,) = [x for x in find_figures("관세청은 4월1~20일 수출액이 339억달러(약 "
                                    "48조원·통관기준 잠정)로 지난해 같은 기간보다 "
                                    "5.2% 줄었다고 21일 밝혔다.", "ko") if x.category == "money"]
    assert (f.value, f.unit, f.also_text, f.also_unit) == (3.39e10, "USD", "약 48조원", "KRW")
    (g,) = [x for x in find_figures("注目すべきは、7人の選手のタイム差がわずか0.09秒(0.09秒)だったことです。", "ja")
            if x.category == "duration"]
    assert (g.value, g.also_text) == (0.09, "0.09秒")  # the same time restated is one figure
    (h,) = find_figures("Temperatures topped 90 degrees in the valley on Tuesday.", "en")
    assert h.unit == "°F"  # no air temperature is 90 °C
    (k,) = find_figures("The club paid 40 pounds for each ticket.", "en")
    assert (k.unit, k.category) == ("GBP", "money")  # a price: sterling


# German, read wholly from data/lang/de/figures.toml (real sentences of stored German news pages)
DE_CASES: list[tuple[str, list[tuple]]] = [
    ("Bei den Importen fiel der Zuwachs noch größer aus: Ihr Wert erhöhte sich um 17,0 Prozent auf 40,4 Milliarden "
     "Euro (Deutschland: plus 8,3 Prozent).",  # statistik.rlp.de
     [("17,0 Prozent", 17, None, "%", P, ""), ("40,4 Milliarden Euro", 4.04e10, None, "EUR", M, ""),
      ("8,3 Prozent", 8.3, None, "%", P, "")]),
    ("In europäische Länder, die nicht der EU angehören, gingen Ausfuhren im Wert von 4,1 Milliarden Euro, was einem "
     "Zuwachs um acht Prozent entspricht.",  # statistik.rlp.de
     [("4,1 Milliarden Euro", 4.1e9, None, "EUR", M, ""), ("acht Prozent", 8, None, "%", P, "")]),
    ("2014 beliefen sich die deutschen Exporte auf 1.123,7 Milliarden = rund 1,1 Billionen Euro.",  # instatis.de
     [("1.123,7 Milliarden", 1.1237e12, None, "EUR", M, ""), ("rund 1,1 Billionen Euro", 1.1e12, None, "EUR", M, "")]),
    ("Auch mit Syrien wurde gehandelt - mitten im Bürgerkrieg: Export 67 Mio., Import 9 Mio. Euro.",  # instatis.de
     [("67 Mio.", 6.7e7, None, "EUR", M, ""), ("9 Mio. Euro", 9e6, None, "EUR", M, "")]),
    ("Im Jahr 2016 führten die Unternehmen Produkte im Wert von 1,2075 Billionen Euro aus, wie das Statistische "
     "Bundesamt mitteilte.",  # zeit.de
     [("1,2075 Billionen Euro", 1.2075e12, None, "EUR", M, "")]),
    ("An der Elbe in Dresden lag der Pegelwert am Morge"
     "n bei 5,54 Metern, so das Landeshochwasserzentrum.",  # bluewin.ch
     [("5,54 Metern", 5.54, None, "m", "length", "")]),
    ("Mehr als 60.000 Menschen haben sich in den letzten Tagen an Überschwemmungsmaßnahmen in Bayern beteiligt, "
     "sagte Söder.",  # aussiedlerbote.de
     [("Mehr als 60.000 Menschen", 6e4, None, "person", C, "lower")]),
    ("Bislang waren etwa 6.600 Evakuierungen notwendig.",  # aussiedlerbote.de
     [("etwa 6.600 Evakuierungen", 6600, None, "evacuation", C, "")]),
    ("Etwa 1300 Menschen aus 34 Städten und Dörfern wurden durch das Hochwasser der Donau gezwungen, ihre Häuser zu "
     "verlassen.",  # euronews
     [("Etwa 1300 Menschen", 1300, None, "person", C, ""), ("34 Städten", 34, None, "place", C, "")]),
    ("In der Tschechischen Republik werden weiter sechs Menschen vermisst.",  # euronews
     [("sechs Menschen", 6, None, "person", C, "")]),
    ("Mindestens elf Tote durch Hochwasser in Europa: In Teilen von Österreich, Polen, Rumänien und Tschechien bleibt "
     "die Lage weiterhin angespannt.",  # bluewin.ch
     [("Mindestens elf Tote", 11, None, "death", C, "lower")]),
]


@pytest.mark.parametrize("text,expected", DE_CASES, ids=[f"de-{i}" for i in range(len(DE_CASES))])
def test_german_from_its_pack(text: str, expected: list[tuple]) -> None:
    got = [(f.text, f.value, f.value_max, f.unit, f.category, f.bound) for f in find_figures(text, "de")]
    assert got == [(t, float(v), vm, u, c, b) for t, v, vm, u, c, b in expected]
    for f in find_figures(text, "de"):
        assert text[f.start:f.end] == f.text and not (f.vague and f.value is not None)


def test_german_needs_no_code() -> None:
    """German is data: no German word or language code in the extractor, and without its pack it falls back."""
    src = (ROOT / "analysis" / "figures.py").read_text(encoding="utf-8")
    for word in ('"de"', "Milliarde", "Prozent", "Euro ", "rund", "mindestens", "Billionen"):
        assert word not in src, word
    assert find_figures("Der Umsatz stieg um 5 percent.", "xx")[0].unit == "%"  # unknown language: read as English


S2_FLOOR = {"en": (0.98, 0.90), "ko": (0.98, 0.98), "zh": (0.98, 0.98), "ja": (0.98, 0.98)}  # (precision, recall)


@pytest.mark.parametrize("lang", ["en", "ko", "zh", "ja"])
def test_session2_dev_gold(lang: str) -> None:
    """The dev part of the session-2 gold keeps the scores reached on it (in-sample; the blind part is not asserted)."""
    stats, problems = score_real("figures_real_s2.csv")
    st, mine = stats[lang], [p for p in problems if p.startswith(f"s2{lang}")]
    precision, recall = S2_FLOOR[lang]
    assert st["tp"] / st["pred"] >= precision, mine
    assert st["tp"] / st["gold"] >= recall, mine
    assert st["attr"] / st["tp"] >= 0.9, mine
    assert st["notviol"] == 0 and st["vaguenum"] == 0, mine


def test_session2_gold_shape() -> None:
    dev, blind = _real_gold("figures_real_s2.csv"), _real_gold("figures_real_s2_blind.csv")
    assert not set(dev) & set(blind)  # the blind sentences are held apart
    for part in (dev, blind):
        assert {s["lang"] for s in part.values()} == {"en", "ko", "zh", "ja"}
    for lang in ("en", "ko", "zh", "ja"):
        figs = sum(len(s["figs"]) for s in dev.values() if s["lang"] == lang)
        sents = sum(1 for s in list(dev.values()) + list(blind.values()) if s["lang"] == lang and s["figs"])
        assert figs >= 40 and sents >= 40, (lang, figs, sents)

# Round 3 classes, real sentences of stored pages (Nippon Steel / U.S. Steel and earlier dev gold; none bundled).
S3_CASES = [
    # Japanese day counts need a word after 日 (a bare 3日 is a day of the month)
    ("ja", "30日以内に買収に関連する取り引きを完全かつ永久に放棄するよう求めている。",
     [("30日以内", 30, None, "day", D, "upper", False)]),
    ("ja", "3営業日後に諸手続きが発効し、日鉄とUSSの契約期限だった18日にクロージングする。",
     [("3営業日", 3, None, "day", D, "", False)]),
    ("ja", "バイデン大統領は3日、買収計画の中止命令を出した。", []),
    # a vague amount in a hyphenated adjective: no number
    ("en", "Nippon Steel completed its multi-billion-dollar acquisition of US Steel on Wednesday.",
     [("multi-billion-dollar", None, None, "USD", M, "", True)]),
    # "the two companies", "the world's two biggest economies": a reference to two parties, not a count
    ("en", "The two companies’ combined production was 57.82 million tons of crude steel last year.",
     [("57.82 million tons", 5.782e7, None, "t", "mass", "", False)]),
    ("en", "What geologic activity is responsible for the differences between the two sides?", []),
    ("en", "in each of the six age groups", [("six age groups", 6, None, "group", C, "", False)]),
    # a garbled amount (large units not falling) has no defensible value
    ("ko", "지난해 일본제철의 조강 생산량은 4만437만t으로 세계 4위였다.", []),
    ("ko", "통상 1조3천억원 규모다.", [("1조3천억원", 1.3e12, None, "KRW", M, "", False)]),
    # a page's comment counter is site furniture
    ("zh", "www.wforum.com | 2025-06-14 09:56:54  自由时报 | 0条评论 | 查看/发表评论", []),
    # 每一年 / 每一個月 are "per year / per month"; ○點九億 is 0.9 × 10^8
    ("zh", "過去四年間，平均每一年的出口都比南韓大概少了約兩千億美元，換算每一個月比南韓少了約一七一億美元",
     [("四年", 4, None, "year", D, "", False), ("約兩千億美元", 2e11, None, "USD", M, "", False),
      ("約一七一億美元", 1.71e10, None, "USD", M, "", False)]),
    ("zh", "對美出口增加○點九億美元", [("○點九億美元", 9e7, None, "USD", M, "", False)]),
    # third-round blind run (TSMC Kumamoto pages), classes it showed
    ("en", "The Japanese government plans to provide up to JPY730 billion (around US$5 billion) of direct subsidy.",
     [("up to JPY730 billion", 7.3e11, None, "JPY", M, "upper", False)]),
    ("en", "TSMC announced Tuesday it plans to begin construction on the plant, which will produce 6- to 7-nanometer "
           "semiconductors, by the end of 2024.", [("6- to 7-nanometer", 6, 7, "nm", "length", "", False)]),
    ("en", "The fab will have two production lines, one that produces 12 and 16 nanometer chips, and one that "
           "manufactures 22 and 28 nanometer silicon.",
     [("two production lines", 2, None, "line", C, "", False), ("12", 12, None, "nm", "length", "", False),
      ("16 nanometer", 16, None, "nm", "length", "", False), ("22", 22, None, "nm", "length", "", False),
      ("28 nanometer", 28, None, "nm", "length", "", False)]),
    ("ko", "2022년 4월 착공부터 지난해 12월 완공까지 걸린 기간은 불과 1년 7개월입니다.",
     [("1년 7개월", 19, None, "month", D, "", False)]),
    ("ja", "TSMCが熊本に建てる2つ目の工場に対し、最大で約7300億円の支援を行う方針を固めた。",
     [("最大で約7300億円", 7.3e11, None, "JPY", M, "upper", False)]),
    ("ja", "当初は24年末の着工を目指していたが、周辺の交通渋滞などを理由に延期されていた。", []),
    ("ja", "工事は20〜30年かかる見通しだ。", [("20〜30年", 20, 30, "year", D, "", False)]),
    # second third-round blind run (SLIM lunar lander pages)
    ("zh", "月球上的黑夜大约持续两周,在月表温度低至零下170度的严苛环境中,再次启动或存在难度,但第一次度过黑夜取得成功。",
     [("两周", 2, None, "week", D, "", False), ("零下170度", -170, None, "°C", "temperature", "", False)]),
    ("zh", "“勉强及格,60分。”国中均评价此次任务时称。", [("60分", 60, None, "point", "score", "", False)]),
    ("zh", "SLIM今天零時左右從月表上空約15公裏處展開最後降落", [("約15公裏", 15, None, "km", "length", "", False)]),
    ("zh", "日本小型登月探測器SLIM于東京時間20日零時20分(北京時間19日23時20分)在月表成功實現誤差100米以內的精準著陸。",
     [("100米以內", 100, None, "m", "length", "upper", False)]),
    ("zh", "讀賣新聞報導,SLIM這次設定100公尺內誤差範圍完成「精準著陸」目標",
     [("100公尺內", 100, None, "m", "length", "upper", False)]),
    # third third-round blind run (Osaka Expo pages)
    ("ko", "그러나 운영 비용은 초기 예측보다 증가할 가능성이 존재하며, 기상 악화로 정상 개장이 이루어지지 않을 경우 "
           "하루 6억 엔의 손실이 발생할 수 있다고 협회 관계자는 설명했다.",
     [("6억 엔", 6e8, None, "JPY", M, "", False)]),
    ("ko", "이번 대설은 단순한 적설을 넘어서 하루 사이 20cm 이상의 눈이 쏟아질 수 있다는 예보가 있습니다.",
     [("하루", 1, None, "day", D, "", False), ("20cm 이상", 20, None, "cm", "length", "lower", False)]),
    ("zh", "若再加上最後一天的入場人數,也頂多2,550多萬", [("2,550多萬", 2.55e7, None, "", C, "lower", False)]),
    ("zh", "在184日的會期有逾2,550萬人次入場", [("184日", 184, None, "day", D, "", False),
                                         ("逾2,550萬人", 2.55e7, None, "person", C, "lower", False)]),
    ("zh", "估計可實現230億至280億日圓盈餘。", [("230億至280億日圓", 2.3e10, 2.8e10, "JPY", M, "", False)]),
    ("en", "free passes to all children and teenagers aged 4 to 17 residing in the city.",
     [("aged 4 to 17", 4, 17, "year", "age", "", False)]),
    # round-3 blind pharmaceutical story (lecanemab), run once, now dev: classes of error it showed
    ("en", "($1 = 145.8100 yen)", [("145.8100 yen", 145.81, None, "JPY", M, "", False)]),  # base of a rate
    ("en", "According to Naito, the US market eligible to use Leqembi annually currently stands at around 100,000, "
           "while globally, once markets such as India and China are added by 2030, that number is put at 2.5 million.",
     [("around 100,000", 1e5, None, "", C, "", False), ("2.5 million", 2.5e6, None, "", C, "", False)]),
    ("en", "The index stands at 38,000 points.", [("38,000 points", 38000, None, "point", "score", "", False)]),
    ("ja", "国内の普及状況については、現時点で初期導入施設が約700施設、"
           "フォローアップ施設が約1200施設で今後も拡大予定と説明。",
     [("約700施設", 700, None, "facility", C, "", False), ("約1200施設", 1200, None, "facility", C, "", False)]),
    ("ja", "同薬は体重1kgあたり10mgを2週間に1回投与する薬剤で、体重50kgの場合、年間の薬剤費は約298万円となる。",
     [("2週間に1回", 2, None, "week", "frequency", "", False), ("50kg", 50, None, "kg", "mass", "", False),
      ("約298万円", 2.98e6, None, "JPY", M, "", False)]),  # 1kgあたり: a denominator
    ("ja", "既存治療で効果不十分な患者群でも効果が認められた", []),  # 十分: "enough", not ten minutes
    ("ja", "今年の始め、1ドル115円台だった円相場は10月21日には一時151円台をつけるなど、"
           "約32年ぶりの円安水準を更新した。",
     [("115円", 115, None, "JPY", M, "", False), ("151円", 151, None, "JPY", M, "", False),
      ("約32年", 32, None, "year", D, "", False)]),  # 1ドル: the base of the rate (a stored page, checked blind)
    ("ja", "円安が進行し、ついに1ドル=155円を超えた。", [("155円", 155, None, "JPY", M, "lower", False)]),
    ("ja", "休憩は十分間だった。", [("十分間", 10, None, "minute", D, "", False)]),
    ("ja", "日米欧でそれぞれ「23年中のフル承認を目指す」と語った。", []),  # 23年中: during (20)23
    ("ko", "[세종=뉴스핌] 신도경 기자 = 글로벌 제약회사 한국에자이가 "
           "알츠하이머 치매 치료제 '레켐비'(성분명 레카네맙)", []),
    ("ko", "한편 에자이는 지난 5월, 23년 실적발표(3월 결산법인)를 통해 레켐비가 43억엔의 매출을 올렸다고 발표했다.",
     [("43억엔", 4.3e9, None, "JPY", M, "", False)]),  # 23년 실적: (20)23's results
    ("ko", "2주 1회 정맥 투여하는 주사제로 성인에서 알츠하이머병으로 인한 경도인지장애와 "
           "경증 알츠하이머병(이하 초기 알츠하이머병) 치료에 사용된다.",
     [("2주", 2, None, "week", "frequency", "", False)]),
    ("zh", "这款药的使用方法为10mg/kg,每两周一次注射。若按60kg体重计算,"
           "一个月需要注射6盒,月治疗费用约2万元,年治疗费用约26万元。",
     [("每两周", 2, None, "week", "frequency", "", False), ("60kg", 60, None, "kg", "mass", "", False),
      ("6盒", 6, None, "box", C, "", False), ("约2万元", 2e4, None, "CNY", M, "", False),
      ("约26万元", 2.6e5, None, "CNY", M, "", False)]),  # 两周一次 is not 周一 (Monday); 一个月 ... 6盒: per month
    ("zh", "目前该药物尚未进入医保,患者自费一年的治疗费用约18万元人民币。",
     [("约18万元人民币", 1.8e5, None, "CNY", M, "", False)]),  # 一年的治疗费用: per year, a rate's period
    ("zh", "过去一年的销售额增长了30%",
     [("一年", 1, None, "year", D, "", False), ("30%", 30, None, "%", P, "", False)]),
    ("zh", "日本厚生勞動相武見敬三925日正式批准了日本衛材和美國渤健(Biogen)"
           "共同開發的阿爾茨海默病治療藥", []),  # 9|25: a date
]


@pytest.mark.parametrize("lang,text,expected", S3_CASES, ids=[f"s3-{c[0]}-{i}" for i, c in enumerate(S3_CASES)])
def test_round3_cases(lang: str, text: str, expected: list[tuple]) -> None:
    got = [(f.text, f.value, f.value_max, f.unit, f.category, f.bound, f.vague) for f in find_figures(text, lang)]
    exp = [(t, None if v is None else float(v), None if vm is None else float(vm), u, c, b, vg)
           for t, v, vm, u, c, b, vg in expected]
    assert [(t, v if v is None else round(v, 9), vm, u, c, b, vg) for t, v, vm, u, c, b, vg in got] == exp


def test_renderings_listed_in_one_parenthesis() -> None:
    """"732 billion yen (NT$153.78 billion, US$4.86 billion)": the first rendering is the amount's own, the next stays
    a figure; a ringgit rendering (約231億令吉) is money, not a bare count."""
    text = ("TAIPEI (Taiwan News) — Japan will spend 732 billion yen (NT$153.78 billion, US$4.86 billion) in "
            "subsidies for a second plant in Kumamoto.")
    got = [(f.text, f.also_text) for f in find_figures(text, "en")]
    assert got == [("732 billion yen", "NT$153.78 billion"), ("US$4.86 billion", "")]
    zh = find_figures("日本政府基本上決定為該項目提供約7300億日元(約231億令吉)的補貼。", "zh")
    assert [(f.text, f.also_text, f.also_unit) for f in zh] == [("約7300億日元", "約231億令吉", "MYR")]


def test_renderings_with_a_word_inside_the_parenthesis_and_as_a_range() -> None:
    ko = find_figures("엑스포의 총 운영 비용은 약 1160억 엔(한화 약 1조 870억 원)으로 추산되며", "ko")
    assert [(f.text, f.also_text) for f in ko] == [("약 1160억 엔", "약 1조 870억 원")]
    zh = find_figures("估計可實現230億至280億日圓（約新台幣47億元至56億元）盈餘。", "zh")
    got = [(f.value, f.value_max, f.also_text, f.also_value) for f in zh]
    assert got == [(2.3e10, 2.8e10, "約新台幣47億元至56億元", 4.7e9)]


def test_blind_scorer_credits_a_second_rendering() -> None:
    """bench/blind_eval.py: a gold figure that is the parenthesised second rendering of another amount is found as
    that row's also_text (recall), and the row is still one row for precision."""
    sent = "日本製鉄はUSスチールに対して2028年までに約110億ドル(1.6兆円)を投資するとしている。"
    gold = {"figure": [{"file": "ja_4.txt", "text": "約110億ドル", "value": 1.1e10, "unit": "USD"},
                       {"file": "ja_4.txt", "text": "1.6兆円", "value": 1.6e12, "unit": "JPY"}]}
    row = {"path": "ja_4.txt", "doc_id": "ja_4", "text": "約110億ドル", "value": "11000000000.0", "sentence": sent,
           "also_text": "1.6兆円", "also_value": "1600000000000.0", "language": "ja"}
    res, notes = blind_eval.score_figures(gold, [row])
    assert not [n for n in notes if n.startswith("figure missed")], notes
    assert (res["recall"].hit["ja"], res["recall"].total["ja"]) == (2, 2)
    assert (res["precision"].hit["ja"], res["precision"].total["ja"]) == (1, 1)
    wrong = dict(row, also_value="1.0")
    _, notes = blind_eval.score_figures(gold, [wrong])
    assert "figure missed: ja_4.txt 1.6兆円" in notes


def test_blind_scorer_never_counts_an_optional_item_as_a_false_hit() -> None:
    """bench/blind_eval.py: a row on an optional gold item's span is neutral even when its value differs (a range
    the gold leaves without a value); a row on no gold span is still an extra."""
    sent = "Eisai is aiming to have 4,000-5,000 patients on the drug, and 10 clinics."
    gold = {"figure": [{"file": "en_1.txt", "text": "4,000-5,000 patients", "optional": True},
                       {"file": "en_1.txt", "text": "10 clinics", "value": 10}]}
    rows = [{"path": "en_1.txt", "doc_id": "en_1", "text": "4,000-5,000 patients", "value": "4000.0",
             "sentence": sent, "language": "en"},
            {"path": "en_1.txt", "doc_id": "en_1", "text": "10 clinics", "value": "10.0", "sentence": sent,
             "language": "en"},
            {"path": "en_1.txt", "doc_id": "en_1", "text": "the drug", "value": "1.0", "sentence": sent,
             "language": "en"}]
    res, notes = blind_eval.score_figures(gold, rows)
    assert (res["precision"].hit["en"], res["precision"].total["en"]) == (1, 2), notes
    assert (res["recall"].hit["en"], res["recall"].total["en"]) == (1, 1)
    assert not [n for n in notes if "4,000-5,000" in n]


def test_garbled_amounts_are_told_apart() -> None:
    assert well_formed_amount("1조 2000억") and well_formed_amount("3亿5000万") and well_formed_amount("1.5万亿")
    assert not well_formed_amount("4만437만") and not well_formed_amount("3억 5조")


if __name__ == "__main__":  # report: python -m tests.test_figures [figures_real_blind.csv]
    import sys

    for gold_file in [a for a in sys.argv[1:] if not a.startswith("-")] or ["figures_real.csv"]:
        table, issues = score_real(gold_file)
        print(f"{gold_file}: lang gold pred tp precision recall attributes not-figure-hits vague-with-number")
        for code, st in sorted(table.items()):
            print(f"  {code} {st['gold']} {st['pred']} {st['tp']} {st['tp'] / max(st['pred'], 1):.3f} "
                  f"{st['tp'] / max(st['gold'], 1):.3f} {st['attr'] / max(st['tp'], 1):.3f} {st['notviol']} "
                  f"{st['vaguenum']}")
        if "-v" in sys.argv:
            print("\n".join(issues))
