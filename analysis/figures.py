"""Quoted figures (money, counts, durations, multipliers, percentages, physical quantities, ages, scores,
frequencies) in en/ko/zh/ja news text.

Design: one scanner finds *number tokens* (1,000 / 1.5 / 135조 / 1조 2000억 / 2천850억 / 一千亿 / 三四六億 / 一點○五兆 /
수백만 / several hundred / native numerals such as 두, 两), then per-language tables attach what follows (a unit,
currency or classifier) and what surrounds it (currency word, qualifiers such as 약 / about / 左右, bounds such as
"more than" / 이상 / 超过). A number with nothing quantitative attached is not a figure, which keeps dates, years,
model names and phone numbers out; a second guard masks spans that look like dates, clock times, phone numbers,
e-mail addresses, URLs, section headings, ordinals and labels (label words live in ``data/figures.toml``).
Separate passes read forms that do not fit "number + unit": 百分之二十 (percent), magnitude 7.9 / M8・1 / 규모 5.8,
震度6強, ages (85세, aged 85, "Mutai, 30,", 女性(70)), h:mm:ss race times.

Decisions (documented because they are judgement calls):
- Ranks (세계 1위, 第一名, No. 1) are not quoted figures: they order, they do not measure.
- Ages (85歳, 85세, 30-year-old, aged 85) are figures of category "age", never counts. Age brackets (20대 여성,
  30代) describe a group, not a quoted age, and are not figures.
- Vague amounts (수백만, 數百萬, 数十亿, several hundred, thousands of, a few dozen) are figures with ``vague=True``
  and **no number**: value, value_max and the normalised value stay empty. 十几 (eleven to nineteen) is vague too.
- Bounds: "more than 250", "over 40,000", "at least", 최소, 이상, 超过, 逾, 以上, 多/余/여 (100-odd) give
  ``bound="lower"``; "up to", "under", 최대, 이하, 미만, 以内, 不到, 以下, 未満 give ``bound="upper"``.
  A bound written after the number wins over one written before it (최대 30cm 이상 -> lower).
- Physical quantities have their own categories (length, temperature, mass, speed, area, volume, power, energy,
  force, pressure, voltage) and normalise to SI; a process node (3nm) is a length, a wind speed written in metres
  after 풍속/風速 is a speed. Fractions (3분의 1, 1억분의 1, one-millionth) are skipped; "300 words per minute" is a
  rate.
- One amount written twice, the second in parentheses in the same kind ("1000억달러(약 135조원)", "95 kilometers
  (59 miles)"), is ONE figure; the second rendering is kept in ``also_text``/``also_value``/``also_unit``.
- Compound durations ("3시간 12분", "an hour and 22 minutes", "2時間40分") are one duration in the smallest unit.
- A count of occurrences (10차례, 3次, 7回, "three times" with nothing compared after it) is a count with unit
  "time"; bare "a week"/"a year" in English are not extracted.
- Language packs (``data/lang/<code>/figures.toml``) add units, counters, vague words, minus signs, blocked patterns
  and fraction words to the built-in tables; a language with no built-in table (German) is read wholly from its pack
  (number format, scale and number words, qualifiers, bounds, range words): no language-specific code.
- Korean 1인 (as in 1인 스튜디오) is read as a compound, not a count: 인 is not a classifier here; 명 is.
- A bare Chinese 元 is yuan unless the document is in New Taiwan dollars (新台幣 / 台幣 named, or "(新台幣,下同)").
- Values are in the unit as written: money as the full amount in its currency (135조원 -> 1.35e14 KRW),
  durations in their own unit (1년 반 -> 1.5 year), ranges as value..value_max.
- Repeated text is not deduplicated here: every occurrence is returned with its own offsets (the loader
  removes repeated blocks before enrichers run).
"""

from __future__ import annotations

import csv
import logging
import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import langpack
from analysis.records import Figure

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_RATES = DATA_DIR / "fx_rates.csv"
WORD_LISTS = DATA_DIR / "figures.toml"
TOLERANCE = 0.15  # relative difference under which two reports of a quantity agree

# Full-width digits and punctuation -> ASCII, one character for one (offsets are kept).
_FW = str.maketrans("０１２３４５６７８９．，％～＄／－" + "".join(chr(c) for c in range(0xFF21, 0xFF3B))
                    + "".join(chr(c) for c in range(0xFF41, 0xFF5B)),
                    "0123456789.,%~$/-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

_ARABIC = r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # 1,87,000 (lakh)
_SMALL = {"십": 10, "백": 100, "천": 1000, "十": 10, "百": 100, "千": 1000}
_BIG = {"만": 1e4, "억": 1e8, "조": 1e12, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "兆": 1e12}
_CJK_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CJK_PAIRS = {"一两": (1, 2), "一兩": (1, 2), "两三": (2, 3), "兩三": (2, 3), "二三": (2, 3), "三四": (3, 4),
              "三五": (3, 5), "四五": (4, 5), "五六": (5, 6), "六七": (6, 7), "七八": (7, 8), "八九": (8, 9)}
_KO_NATIVE = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
              "스무": 20, "서른": 30, "마흔": 40, "쉰": 50}
_EN_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
_EN_SCALE = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
             "bn": 1e9, "tn": 1e12, "mn": 1e6}

_CJK_TENS = {"廿": 20, "卅": 30, "卌": 40}  # 年增百分之卅四點九 (34.9): written tens of Traditional Chinese
_CJK_D = "零〇○一二两兩三四五六七八九"
_CJK_NUM_CHARS = _CJK_D + "十百千万萬亿億兆廿卅卌"
_CJK_NUM = (rf"(?:[一二两兩三四五六七八九十廿卅卌]|[百千](?=[万萬亿億])|[○〇零](?=[點点][{_CJK_D}]))"  # ○點九億
            rf"(?:[{_CJK_NUM_CHARS}]|[點点](?=[{_CJK_D}]))*")
# 135조 / 1조 2000억 / 5천만 / 2천850억 / 21만3천550 / 3천7백 80 / 100多万 (多/余/여 before a large unit: "more than") /
# 2만5000 / 2만 5000. A part after a unit character may follow (with one space after a large unit); the last part is
# never a year or date (1000억 2024년).
_SMALL_U = r"[천백십千百十](?![瓦伏米克卡帕])"  # 千 of 千瓦/千伏/千米 is a unit prefix, not a numeral
_BIG_U = r"[多余여]?[만억조万萬亿億兆]"
_NUM_CJK_ARABIC = (rf"(?:{_ARABIC})(?:{_SMALL_U})?(?:[ ]?{_BIG_U})*"
                   rf"(?:(?<=[천백십千百十만억조万萬亿億兆])[ ]?(?:{_ARABIC})"
                   rf"(?:{_SMALL_U}(?:[ ]?{_BIG_U})*|(?:[ ]?{_BIG_U})+|(?![\d.,]|[ ]?[년年월月일日])))*")
_EN_WORD_NUM = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|"
                r"seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a\s+dozen|a\s+hundred|a\s+thousand|a\s+million|"
                r"a\s+billion)"
                r"(?:\s+(?:hundred|thousand|million|billion|trillion))?")
_EN_NUM = rf"(?:{_ARABIC})(?:\s*(?:thousand|million|billion|trillion)\b|(?:bn|tn|mn)\b)?"
_EN_VAGUE = (r"(?:several|a\s+few)\s+(?:hundred|thousand|million|billion|trillion|dozen)"
             r"(?:\s+(?:thousand|million|billion))?"
             r"|(?:tens|hundreds|thousands|millions|billions|dozens)(?:\s+of\s+(?:thousands|millions|billions))?"
             r"(?:\s+of)?")
_KO_VAGUE = r"(?<![가-힣])(?:수|몇)(?:[십백천](?:만|억|조)?|만|억|조)?"
_ZH_VAGUE = (r"(?:[数數几幾何](?:十|百|千|万|萬|亿|億)+|十[几幾数數]|上[百千万萬亿億]"
             r"|(?<![多少无半分函指倍参变系人次总個个件岁字点票位基天年级])[数數]"
             r"(?=[ ]?(?:个|個|年|天|日|分|秒|小时|小時|時間|周|週|倍|位|名|人|家|款|部|台|カ月|か月|ヶ月))"
             r"|[几幾](?=[ ]?(?:个|個|年|天|日|分|秒|小时|小時|周|週|倍|位|名|人|家|款|部|台)))")

# Lexical amounts: (pattern, value, unit, category)
_LEXICAL: dict[str, list[tuple[str, float, str, str]]] = {
    "ko": [(r"일주일", 1, "week", "duration"), (r"(?<![가-힣])반년", 0.5, "year", "duration"),
           (r"(?<![가-힣])하루", 1, "day", "duration"), (r"(?<![가-힣])이틀", 2, "day", "duration"),
           (r"(?<![가-힣])사흘", 3, "day", "duration"), (r"(?<![가-힣])나흘", 4, "day", "duration"),
           (r"(?<![가-힣])보름", 15, "day", "duration"), (r"(?<![가-힣])반나절", 0.25, "day", "duration")],
    "zh": [(r"(?<![上下前后])半年", 0.5, "year", "duration"), (r"半[个個]月", 0.5, "month", "duration"),
           (r"半(?:[个個])?小[时時]", 0.5, "hour", "duration"), (r"(?<!多)半天", 0.5, "day", "duration")],
    "ja": [(r"半年", 0.5, "year", "duration"), (r"半日", 0.5, "day", "duration")],
    "en": [(r"\b(?:a|an|one)\s+(year|hour|month|week|day)\s+and\s+a\s+half\b", 1.5, "", "duration"),
           (r"\bone\s+and\s+a\s+half\s+(years|hours|months|weeks|days)\b", 1.5, "", "duration"),
           (r"\bhalf\s+(?:a|an)\s+(year|hour|month|day|minute)\b", 0.5, "", "duration"),
           (r"\ba\s+decade\b", 10, "year", "duration"),
           (r"\bhalf\s+a\s+million\b", 5e5, "", "count"), (r"\bhalf\s+a\s+billion\b", 5e8, "", "count"),
           # "an hour and 22 minutes": the article counts only when a second part follows (compound duration)
           (r"\b(?:an?|one)\s+(hour|minute|day|week|month|year)(?=,?\s+and\s+(?:\d|a\s|an\s|[a-z]+\s))", 1, "",
            "duration")],
}

_DUR_SECONDS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0, "week": 604800.0,
                "month": 2629746.0, "year": 31556952.0, "decade": 315569520.0}

# Physical units: unit -> (category, SI unit, factor). Temperatures are converted by formula (see _si_value).
_SI: dict[str, tuple[str, str, float]] = {
    "km": ("length", "m", 1e3), "m": ("length", "m", 1.0), "cm": ("length", "m", 1e-2), "mm": ("length", "m", 1e-3),
    "nm": ("length", "m", 1e-9), "mi": ("length", "m", 1609.344), "ft": ("length", "m", 0.3048),
    "in": ("length", "m", 0.0254), "yd": ("length", "m", 0.9144),
    "kg": ("mass", "kg", 1.0), "g": ("mass", "kg", 1e-3), "t": ("mass", "kg", 1e3), "lb": ("mass", "kg", 0.45359237),
    "mg": ("mass", "kg", 1e-6), "nmi": ("length", "m", 1852.0), "jin": ("mass", "kg", 0.5),
    "m/s": ("speed", "m/s", 1.0), "km/h": ("speed", "m/s", 1 / 3.6), "mph": ("speed", "m/s", 0.44704),
    "kn": ("speed", "m/s", 0.514444),
    "m²": ("area", "m²", 1.0), "km²": ("area", "m²", 1e6), "ha": ("area", "m²", 1e4),
    "acre": ("area", "m²", 4046.8564224),
    "mi²": ("area", "m²", 2589988.110336), "ft²": ("area", "m²", 0.09290304), "mu": ("area", "m²", 1e4 / 15),
    "pyeong": ("area", "m²", 400 / 121),
    "m³": ("volume", "m³", 1.0), "L": ("volume", "m³", 1e-3), "gal": ("volume", "m³", 0.003785411784),
    "W": ("power", "W", 1.0), "kW": ("power", "W", 1e3), "MW": ("power", "W", 1e6), "GW": ("power", "W", 1e9),
    "J": ("energy", "J", 1.0), "kWh": ("energy", "J", 3.6e6), "MWh": ("energy", "J", 3.6e9),
    "GWh": ("energy", "J", 3.6e12), "TWh": ("energy", "J", 3.6e15),
    "N": ("force", "N", 1.0), "lbf": ("force", "N", 4.4482216152605),
    "Pa": ("pressure", "Pa", 1.0), "hPa": ("pressure", "Pa", 100.0),
    "V": ("voltage", "V", 1.0), "kV": ("voltage", "V", 1e3),
    "°C": ("temperature", "°C", 1.0), "°F": ("temperature", "°C", 1.0), "deg": ("temperature", "°C", 1.0),
}
PHYSICAL = {"length", "mass", "speed", "area", "volume", "power", "energy", "force", "pressure", "voltage",
            "temperature"}
CATEGORIES = {"money", "count", "duration", "multiplier", "percent", "resolution", "age", "score", "frequency",
              "rate", "magnitude", "intensity"} | PHYSICAL

# Unit tables: (regex matched right after the number, category, unit). Order matters (longest first).
_KO_UNITS: list[tuple[str, str, str]] = [
    (r"대만\s?달러", "money", "TWD"), (r"홍콩\s?달러", "money", "HKD"),
    (r"달러|불(?=[^가-힣]|$)", "money", "USD"), (r"위안", "money", "CNY"), (r"엔(?:화)?", "money", "JPY"),
    (r"원(?:화)?", "money", "KRW"), (r"유로", "money", "EUR"), (r"파운드", "money", "GBP"),
    (r"주마다", "frequency", "week"), (r"개월마다", "frequency", "month"), (r"년마다", "frequency", "year"),
    (r"일마다", "frequency", "day"), (r"시간마다", "frequency", "hour"), (r"분마다", "frequency", "minute"),
    (r"개월", "duration", "month"), (r"달(?!러)", "duration", "month"), (r"년(?!대)", "duration", "year"),
    (r"해", "duration", "year"), (r"주일", "duration", "week"),
    (r"주(?=간|[ ]?(?:동안|만에|이내|내|후|뒤|전|째))", "duration", "week"),
    (r"일(?=간|[ ]?(?:동안|만에|이내|내에|안에|후|뒤|째))", "duration", "day"),
    (r"시간", "duration", "hour"), (r"분(?!의\s?(?:\d|[일이삼사오육칠팔구]))", "duration", "minute"),
    (r"초(?!속|반|기|등|과|대|고|청)", "duration", "second"), (r"배", "multiplier", "times"),
    (r"세(?!대|기|계|금|상|력|균|율|요|븐|트|종|부)", "age", "year"), (r"살(?!림|인|아|이|해)", "age", "year"),
    (r"%p|%포인트|퍼센트포인트", "percent", "percentage point"), (r"%|퍼센트", "percent", "%"),
    (r"mm/h", "rate", "mm/h"), (r"m/s|㎧", "speed", "m/s"), (r"km/h|㎞/h|㎞/시", "speed", "km/h"),
    (r"노트|kt\b", "speed", "kn"),
    (r"㎢|km²|km2|제곱킬로미터|평방킬로미터", "area", "km²"), (r"㎡|m²|제곱미터|평방미터", "area", "m²"),
    (r"헥타르|ha\b|㏊", "area", "ha"), (r"에이커", "area", "acre"), (r"평(?![가-힣])", "area", "pyeong"),
    (r"㎥|m³|세제곱미터|입방미터", "volume", "m³"), (r"리터|ℓ", "volume", "L"),
    (r"㎞|km|킬로미터", "length", "km"), (r"㎝|cm|센티미터|센티", "length", "cm"),
    (r"㎜|mm|밀리미터|밀리", "length", "mm"),
    (r"nm|나노미터|나노", "length", "nm"), (r"미터|m(?![A-Za-z/²³])", "length", "m"), (r"마일", "length", "mi"),
    (r"피트", "length", "ft"), (r"인치", "length", "in"),
    (r"톤", "mass", "t"), (r"㎏|kg|킬로그램", "mass", "kg"), (r"그램", "mass", "g"),
    (r"kWh|킬로와트시", "energy", "kWh"), (r"MWh|메가와트시", "energy", "MWh"), (r"GWh|기가와트시", "energy", "GWh"),
    (r"GW|기가와트", "power", "GW"), (r"MW|㎿|메가와트", "power", "MW"), (r"kW|㎾|킬로와트", "power", "kW"),
    (r"hPa|헥토파스칼", "pressure", "hPa"), (r"kV|킬로볼트", "voltage", "kV"),
    (r"℃|°C|°", "temperature", "°C"), (r"℉|°F", "temperature", "°F"),
    (r"도(?![시록입달구민청내])", "temperature", "deg"),
    (r"점(?![포검심차])", "score", "point"),
    (r"개국", "count", "country"), (r"개사", "count", "company"), (r"개", "count", "item"), (r"명", "count", "person"),
    (r"편", "count", "work"), (r"건", "count", "case"), (r"대", "count", "unit"), (r"곳", "count", "place"),
    (r"장", "count", "sheet"), (r"종", "count", "kind"), (r"가지", "count", "kind"), (r"부류", "count", "group"),
    (r"마리", "count", "animal"), (r"권", "count", "book"), (r"가구", "count", "household"),
    (r"세대", "count", "household"),
    (r"채", "count", "building"), (r"경기(?![도장침])", "count", "game"),
    (r"승(?![인리진객계부용차])", "count", "win"), (r"패(?![션턴배키널])", "count", "loss"),
]
_ZH_UNITS: list[tuple[str, str, str]] = [
    (r"美元|美金", "money", "USD"), (r"港元|港币|港幣|港圓", "money", "HKD"),
    (r"日元|日圆|日圓|日幣|日币", "money", "JPY"),
    (r"新台幣|新台币|新臺幣|台幣|臺幣|台币", "money", "TWD"),
    (r"韩元|韓元|韓圜|韩圜|韓幣|韩币", "money", "KRW"), (r"欧元|歐元", "money", "EUR"), (r"英镑|英鎊", "money", "GBP"),
    (r"元人民币|元人民幣|人民币|人民幣|元(?!宇宙|素|旦|首|老|年|月|件|器|论|論|化)|块钱|塊錢", "money", "CNY"),
    (r"[个個]半月", "duration", "month+half"),
    (r"[个個]半小[时時]|[个個]半[钟鐘]头|[个個]半[钟鐘]頭", "duration", "hour+half"),
    (r"[个個]多?月", "duration", "month"),
    (r"[个個]多?小[时時]|小[时時]|[个個][钟鐘][头頭]|[钟鐘][头頭]", "duration", "hour"),
    (r"分[钟鐘]", "duration", "minute"), (r"秒[钟鐘]|秒", "duration", "second"), (r"天", "duration", "day"),
    (r"[个個]多?星期|星期(?![一二三四五六日天])|[周週](?![一二三四五六日](?![次回])|[末年刊])", "duration", "week"),
    (r"年半", "duration", "year+half"), (r"年(?![代级級初底末度])", "duration", "year"),
    (r"倍", "multiplier", "times"), (r"[个個]百分点|[个個]百分點|百分点|百分點", "percent", "percentage point"),
    (r"%", "percent", "%"), (r"成(?![为為功长長本立员員交绩績熟年人])", "percent", "tenth"),
    (r"周岁|週歲|岁|歲", "age", "year"),
    (r"毫米/小[时時]|mm/h", "rate", "mm/h"),
    (r"公里/小[时時]|千米/小[时時]|km/h", "speed", "km/h"), (r"米/秒|m/s", "speed", "m/s"),
    (r"平方公里|平方千米|km²|㎢", "area", "km²"), (r"平方米|平方公尺|㎡|m²", "area", "m²"),
    (r"公顷|公頃|ha\b", "area", "ha"),
    (r"亩|畝", "area", "mu"), (r"立方米|立方公尺|m³", "volume", "m³"), (r"公升", "volume", "L"),
    (r"公里|千米|km|㎞", "length", "km"), (r"㏊", "area", "ha"), (r"厘米|公分|cm", "length", "cm"),
    (r"毫米|mm", "length", "mm"),
    (r"奈米|纳米|納米|nm", "length", "nm"), (r"公尺|米(?![饭飯粉价價面麵酒])|m(?![A-Za-z/²³])", "length", "m"),
    (r"英里|哩", "length", "mi"), (r"英尺|呎", "length", "ft"), (r"英寸|吋", "length", "in"),
    (r"公吨|公噸|吨|噸", "mass", "t"), (r"公斤|千克|kg", "mass", "kg"),
    (r"千瓦时|千瓦時|kWh", "energy", "kWh"), (r"千瓦|kW", "power", "kW"), (r"兆瓦|MW", "power", "MW"),
    (r"吉瓦|GW", "power", "GW"), (r"千伏|kV", "voltage", "kV"), (r"百帕|hPa", "pressure", "hPa"),
    (r"℃|°C|摄氏度|攝氏度", "temperature", "°C"), (r"℉|°F|华氏度|華氏度", "temperature", "°F"),
    (r"度(?![电電假过過])", "temperature", "deg"),  # 零下170度的: a bare 度 needs a temperature word (_physical_ok)
    (r"分(?![钟鐘之别別析享子])", "score", "point"),
    (r"位(?![于於置数數元])|名(?![字义義称稱单單牌额額次])|人(?![工类類民物士们們才气氣])", "count", "person"),
    (r"[个個]", "count", "item"), (r"家(?![庭族长長乡鄉人])", "count", "company"), (r"款", "count", "product"),
    (r"部(?![分门門署长長件队隊])", "count", "work"), (r"台(?![湾灣阶階风風])", "count", "machine"),
    (r"[张張]", "count", "sheet"), (r"[块塊]", "count", "piece"), (r"[条條](?![件例款约約])", "count", "item"),
    (r"段(?!落)", "count", "segment"), (r"[层層](?![面次])", "count", "layer"),
    (r"[种種](?![子类類])", "count", "kind"),
    (r"[项項](?!目)", "count", "item"), (r"篇", "count", "article"), (r"[颗顆]", "count", "piece"),
    (r"枚", "count", "piece"), (r"[辆輛]", "count", "vehicle"), (r"座", "count", "item"),
    (r"[县縣]", "count", "county"),
    (r"所(?![以有谓謂])", "count", "institution"), (r"架", "count", "aircraft"), (r"艘", "count", "ship"),
    (r"[栋棟]", "count", "building"), (r"[户戶]", "count", "household"), (r"起(?![来來])", "count", "case"),
    (r"例", "count", "case"), (r"[间間](?![隔谍諜])", "count", "room"),
    (r"[头頭](?![条條脑腦发髮])", "count", "animal"),
    (r"[只隻](?![有是要能])", "count", "animal"), (r"匹", "count", "animal"),
]
_JA_UNITS: list[tuple[str, str, str]] = [
    (r"台湾ドル", "money", "TWD"), (r"香港ドル", "money", "HKD"),
    (r"米ドル|ドル", "money", "USD"), (r"円", "money", "JPY"), (r"人民元|元", "money", "CNY"),
    (r"ウォン", "money", "KRW"), (r"ユーロ", "money", "EUR"), (r"ポンド", "money", "GBP"),
    (r"週間(?:ごと|おき)|週(?:ごと|おき)", "frequency", "week"),
    (r"[かカヶヵケ箇]月(?:ごと|おき)", "frequency", "month"),
    (r"日(?:ごと|おき)", "frequency", "day"), (r"時間(?:ごと|おき)", "frequency", "hour"),
    (r"[かカヶヵケ箇]月(?:間)?", "duration", "month"), (r"週間", "duration", "week"), (r"日間", "duration", "day"),
    (r"時間", "duration", "hour"), (r"分間|分(?!の\s?[\d一二三四五六七八九]|[け野析類])", "duration", "minute"),
    (r"秒間|秒(?!速)", "duration", "second"), (r"年半", "duration", "year+half"),
    (r"年間|年(?![代度生])", "duration", "year"),
    (r"倍", "multiplier", "times"), (r"%|パーセント", "percent", "%"), (r"ポイント", "percent", "percentage point"),
    (r"割(?![引合安当り])", "percent", "tenth"),
    (r"歳|才(?![能])", "age", "year"),
    (r"mm/h|ミリ/時", "rate", "mm/h"),
    (r"km/h|キロ毎時", "speed", "km/h"), (r"m/s|メートル毎秒", "speed", "m/s"), (r"ノット", "speed", "kn"),
    (r"平方キロメートル|平方キロ|km²|㎢", "area", "km²"), (r"平方メートル|㎡|m²", "area", "m²"),
    (r"ヘクタール|ha\b|㏊", "area", "ha"), (r"ムー", "area", "mu"), (r"エーカー", "area", "acre"),
    (r"立方メートル|m³", "volume", "m³"), (r"リットル", "volume", "L"),
    (r"キロメートル|キロ(?!グラム|ワット|カロリー|リットル)|km|㎞", "length", "km"),
    (r"センチメートル|センチ|cm", "length", "cm"), (r"ミリメートル|ミリ(?!秒|リットル|グラム)|mm", "length", "mm"),
    (r"ナノメートル|ナノ|nm", "length", "nm"), (r"メートル|m(?![A-Za-z/²³])", "length", "m"),
    (r"マイル", "length", "mi"),
    (r"フィート", "length", "ft"), (r"インチ", "length", "in"),
    (r"トン", "mass", "t"), (r"キログラム|キロ(?=グラム)|kg", "mass", "kg"), (r"グラム", "mass", "g"),
    (r"キロワット時|kWh", "energy", "kWh"), (r"ギガワット|GW", "power", "GW"), (r"メガワット|MW", "power", "MW"),
    (r"キロワット|kW", "power", "kW"), (r"ヘクトパスカル|hPa", "pressure", "hPa"), (r"キロボルト|kV", "voltage", "kV"),
    (r"℃|°C", "temperature", "°C"), (r"℉|°F", "temperature", "°F"), (r"度(?![目々])", "temperature", "deg"),
    (r"点(?![検数滅灯火])", "score", "point"),
    (r"人", "count", "person"), (r"名", "count", "person"), (r"社", "count", "company"), (r"台", "count", "machine"),
    (r"本", "count", "work"), (r"件", "count", "case"), (r"個", "count", "item"), (r"枚", "count", "sheet"),
    (r"種類", "count", "kind"), (r"つ", "count", "item"), (r"棟", "count", "building"), (r"戸", "count", "household"),
    (r"世帯", "count", "household"), (r"[カヵヶか]所|箇所", "count", "place"), (r"校", "count", "school"),
    (r"TEU", "count", "TEU"), (r"(?:観測)?地点|観測点", "count", "place"), (r"頭", "count", "animal"),
    (r"匹", "count", "animal"), (r"軒", "count", "building"), (r"機(?![関能器構械])", "count", "aircraft"),
    (r"隻", "count", "ship"), (r"店舗|店(?![員長])", "count", "shop"), (r"路線", "count", "line"),
    (r"駅", "count", "station"), (r"便(?![利乗])", "count", "flight"), (r"試合", "count", "game"),
    (r"勝(?![利者])", "count", "win"), (r"敗", "count", "loss"),
]
_EN_UNITS: list[tuple[str, str, str]] = [
    (r"(?:New\s+)?Taiwan(?:ese)?\s+dollars?\b|TWD\b", "money", "TWD"),
    (r"Hong\s+Kong\s+dollars?\b|HKD\b", "money", "HKD"),
    (r"-?(?:US\s+)?dollars?\b|USD\b", "money", "USD"), (r"(?:Korean\s+)?won\b|KRW\b", "money", "KRW"),
    (r"(?:Chinese\s+)?yuan\b|renminbi\b|RMB\b|CNY\b", "money", "CNY"), (r"(?:Japanese\s+)?yen\b|JPY\b", "money", "JPY"),
    (r"euros?\b|EUR\b", "money", "EUR"), (r"(?:Indian\s+)?rupees?\b|INR\b", "money", "INR"),
    (r"(?:Russian\s+)?(?:roubles?|rubles?)\b|RUB\b", "money", "RUB"), (r"Swiss\s+francs?\b|CHF\b", "money", "CHF"),
    (r"(?:Turkish\s+)?lira\b|TRY\b", "money", "TRY"), (r"baht\b|THB\b", "money", "THB"),
    (r"rupiah\b|IDR\b", "money", "IDR"), (r"(?:Saudi\s+)?riyals?\b|SAR\b", "money", "SAR"),
    (r"dirhams?\b|AED\b", "money", "AED"), (r"(?:South\s+African\s+)?rand\b|ZAR\b", "money", "ZAR"),
    (r"shekels?\b|ILS\b", "money", "ILS"), (r"(?:Mexican\s+)?pesos?\b|MXN\b", "money", "MXN"),
    (r"reais\b|BRL\b", "money", "BRL"), (r"(?:Singapore\s+)dollars?\b|SGD\b", "money", "SGD"),
    (r"(?:Australian\s+)dollars?\b|AUD\b", "money", "AUD"), (r"(?:Canadian\s+)dollars?\b|CAD\b", "money", "CAD"),
    (r"pounds?\s+of\s+(?:thrust|force)\b", "force", "lbf"), (r"pounds?(?=\s+of\s+[a-z])|lbs?\b", "mass", "lb"),
    (r"pounds?(?:\s+sterling)?\b|GBP\b", "money", "GBP"),
    (r"-(?:years?)-old\b|\s?years?\s+(?:old|young)\b", "age", "year"),
    (r"-(?:months?)-old\b|\s?months?\s+old\b", "age", "month"),
    (r"-(?:weeks?)-old\b", "age", "week"), (r"-(?:days?)-old\b", "age", "day"),
    (r"-?(?:seconds?|secs?)\b(?!-old)", "duration", "second"), (r"-?(?:minutes?|mins?)\b", "duration", "minute"),
    (r"-?(?:hours?|hrs?)\b", "duration", "hour"), (r"-?days?\b(?!-old)", "duration", "day"),
    (r"-?weeks?\b(?!-old|\s+old)", "duration", "week"), (r"-?months?\b(?!-old|\s+old)", "duration", "month"),
    (r"-?years?\b(?!-old|\s+old)", "duration", "year"), (r"-?decades?\b", "duration", "decade"),
    (r"times(?=\s+(?:as|the|more|less|over|that|what|[a-z]+er)\b)|-?fold\b|x(?![A-Za-z0-9])", "multiplier", "times"),
    (r"%|percent\b|per\s+cent\b", "percent", "%"), (r"percentage\s+points?\b", "percent", "percentage point"),
    (r"basis\s+points?\b|bps?\b", "percent", "basis point"),
    (r"mm/h\b|(?:mm|millimet(?:er|re)s?)\s+(?:per|an)\s+hour\b", "rate", "mm/h"),
    (r"(?:km|kilomet(?:er|re)s?)\s*(?:/\s*h\b|/\s*hr\b|per\s+hour\b|an\s+hour\b)|km/h\b|kph\b|kmh\b", "speed", "km/h"),
    (r"mph\b|-?miles?[\s-](?:per|an)[\s-]hour\b", "speed", "mph"),
    (r"-(?:kilomet(?:er|re))-(?:per|an)-hour\b", "speed", "km/h"),
    (r"m/s\b|met(?:er|re)s?\s+(?:per|a)\s+second\b", "speed", "m/s"), (r"knots?\b|kt\b", "speed", "kn"),
    (r"square\s+(?:kilomet(?:er|re)s?|km)\b|sq\.?\s*km\b|km²|km2\b", "area", "km²"),
    (r"square\s+miles?\b|sq\.?\s*mi(?:les?)?\b|mi²", "area", "mi²"),
    (r"square\s+(?:feet|foot)\b|sq\.?\s*ft\b", "area", "ft²"),
    (r"square\s+met(?:er|re)s?\b|m²|sq\.?\s*m\b", "area", "m²"),
    (r"-?acres?\b", "area", "acre"), (r"-?hectares?\b|ha\b", "area", "ha"),
    (r"cubic\s+met(?:er|re)s?\b|m³", "volume", "m³"), (r"-?(?:liters?|litres?)\b", "volume", "L"),
    (r"-?gallons?\b", "volume", "gal"),
    (r"-?(?:kilomet(?:er|re)s?|km)\b", "length", "km"), (r"-?(?:centimet(?:er|re)s?|cm)\b", "length", "cm"),
    (r"-?(?:millimet(?:er|re)s?|mm)\b", "length", "mm"), (r"-?(?:nanomet(?:er|re)s?|nm)\b", "length", "nm"),
    (r"-?met(?:er|re)s?\b|m(?![A-Za-z0-9/²³])(?!\s+[a-z]+s\b)", "length", "m"), (r"-?miles?\b", "length", "mi"),
    (r"-?(?:feet|foot|ft)\b", "length", "ft"), (r"-?inch(?:es)?\b", "length", "in"), (r"-?yards?\b", "length", "yd"),
    (r"-?(?:kilograms?|kilos?|kg)\b", "mass", "kg"), (r"-?(?:metric\s+)?(?:tons?|tonnes?)\b", "mass", "t"),
    (r"-?grams?\b", "mass", "g"),
    (r"(?:kWh|kilowatt[-\s]hours?)\b", "energy", "kWh"), (r"(?:MWh|megawatt[-\s]hours?)\b", "energy", "MWh"),
    (r"(?:GWh|gigawatt[-\s]hours?)\b", "energy", "GWh"), (r"(?:TWh|terawatt[-\s]hours?)\b", "energy", "TWh"),
    (r"-?(?:gigawatts?|GW)\b", "power", "GW"), (r"-?(?:megawatts?|MW)\b", "power", "MW"),
    (r"-?(?:kilowatts?|kW)\b", "power", "kW"), (r"-?watts?\b", "power", "W"), (r"-?joules?\b", "energy", "J"),
    (r"-?(?:kilovolts?|kV)\b", "voltage", "kV"), (r"-?volts?\b", "voltage", "V"),
    (r"hPa\b|hectopascals?\b|millibars?\b", "pressure", "hPa"),
    (r"degrees?\s+(?:Fahrenheit\b|F\b)|°\s?F\b|℉", "temperature", "°F"),
    (r"degrees?\s+(?:Celsius\b|centigrade\b|C\b)|°\s?C\b|℃", "temperature", "°C"),
    (r"degrees?\b(?!\s+(?:north|south|east|west|of\s+(?:latitude|longitude|arc)|latitude|longitude|angle|turn))"
     r"|-degrees?\b(?=\s+(?:heat|weather|temperatures?|days?|highs?|lows?|cold))|°(?![FC])", "temperature", "deg"),
    (r"F(?![A-Za-z0-9])", "temperature", "°F"), (r"C(?![A-Za-z0-9])", "temperature", "°C"),
    (r"points?\b", "score", "point"),
]
_UNITS = {"ko": _KO_UNITS, "zh": _ZH_UNITS, "ja": _JA_UNITS, "en": _EN_UNITS}


@lru_cache(maxsize=32)
def _units(lang: str) -> list[tuple[re.Pattern[str], str, str]]:
    """The unit table of ``lang``: the language pack's ``units`` (data) first, then the built-in table."""
    rows = [(str(p), str(c), str(u)) for p, c, u in _pack(lang).get("units", [])]
    return [(re.compile(p), c, u) for p, c, u in rows + _UNITS.get(lang, [])]
_SYMBOL_UNIT = re.compile(r"[A-Za-z%℃℉°㎞㎝㎜㎢㎡㎥㎏ℓ㎧²³/]")  # a unit written in symbols needs no Korean ending check

# Korean units must end a word or be followed by a particle / suffix.
_KO_FOLLOW = re.compile(
    r"(?:[^가-힣]|$|의|이|가|을|를|은|는|에|으로|로|과|와|도|만|씩|나|까지|부터|보다|라|란|인|짜리|"
    r"가량|정도|여|쯤|째|간|"
    r"동안|안팎|내외|남짓|이상|이하|미만|초과|께|대|당|밖에|뿐|면|내|후|뒤|전|반|였|치|어치|"
    r"규모|분량|차|길이|분|다|이다|이며|"
    r"이고|이나|에서|선|대로|마다|짜리|밑|아래|넘|를|을|팀|입니다|입니까)"
)
_KO_MACHINE = re.compile(r"(?:GPU|서버|차량|컴퓨터|로봇|기기|장비|카메라|드론|스마트폰|노트북|PC|대수|헬기|항공기|"
                         r"소방차|차|트럭|버스|선박|전투기|탱크|열차)\s?$")

# Nouns that name what a count counts (checked after generic classifiers, and for English counts).
_NOUNS: list[tuple[str, str]] = [
    (r"graphics\s+cards?|graphics\s+processing\s+units?|그래픽\s?카드|그래픽처리장치|显卡|顯示卡|"
     r"グラフィックスカード|グラボ",
     "graphics card"),
    (r"GPUs?", "GPU"), (r"(?:AI\s?)?칩|반도체|芯片|晶片|チップ|(?:AI\s+)?chips?|semiconductors?", "chip"),
    (r"동영상|영상|비디오|视频|視頻|影片|短片|動画|ビデオ|videos?|clips?", "video"),
    (r"영화|电影|電影|映画|films?|movies?", "film"),
    (r"사용자|이용자|用户|用戶|ユーザー|users?", "user"),
    (r"직원|임직원|员工|員工|従業員|employees?|workers?", "employee"),
    (r"기업|회사|업체|企业|企業|公司|会社|companies|company|firms?", "company"),
    (r"국가|나라|国家|國家|countries", "country"), (r"기사|文章|記事|articles?", "article"),
    (r"이미지|사진|图片|圖片|图像|圖像|画像|images?|photos?", "image"),
    (r"파라미터|매개변수|参数|參數|パラメータ|parameters?", "parameter"),
    (r"subscribers?|구독자|订阅者|訂閱者", "subscriber"), (r"servers?|서버|服务器|伺服器|サーバー", "server"),
    (r"people|persons?|women|men|사람|人们|人們|人(?![工类類民])", "person"),
]
_NOUN_RE = [(re.compile(p), u) for p, u in _NOUNS]
_GENERIC_CLASSIFIERS = {"item", "work", "piece", "sheet", "unit", "machine", "product"}
_EN_STOP = (r"of|the|and|to|in|for|on|at|by|with|from|or|than|are|is|were|was|will|would|that|which|a|an|"
            r"its|their|his|her|our|per|each|more|old|last|next|first|this|these|those|year|years|month|"
            r"months|day|days|week|weeks|percent")
_EN_COUNT = re.compile(rf"(?:\s+(?!(?:{_EN_STOP})\b)[A-Za-z][\w\-]*){{0,3}}?\s+(?P<noun>" +
                       "|".join(p for p, _ in _NOUNS) + r")\b")
# Words ending in -s that are not plural nouns (so "Mar. 12 this year" is no count of "thi").
_EN_NOT_PLURAL = (r"this|is|was|has|its|his|hers|ours|yours|theirs|thus|plus|less|unless|across|always|perhaps|"
                  r"whereas|besides|towards|afterwards|news|series|species|ago|us|yes|bus|gas|class|mass|"
                  r"process|access|success|business|press|loss|boss|status|bonus|campus|census|virus|basis|"
                  r"crisis|analysis|thesis|emphasis|chaos|overseas|various|previous|serious|famous|numerous|"
                  r"enormous|tremendous|continuous|anonymous|obvious|nervous|dangerous|precious|generous|"
                  r"ambitious|cautious|conscious|curious|gorgeous|hazardous|jealous|joyous|luxurious|"
                  r"mysterious|notorious|outrageous|prestigious|rigorous|spacious|suspicious|vicious|"
                  r"ridiculous|religious|fabulous|marvelous|nas|its|gets|lets|does|goes|makes|takes|says|remains|seems|"
                  r"means|looks|comes|shows|suggests|includes|needs|wants|adds|holds|stands|sits|lies|tells|"
                  r"thanks|yes|whereas|perhaps|always|sometimes|nevertheless|regardless|nonetheless")
_EN_PLURAL = re.compile(rf"(?:\s+(?!(?:{_EN_STOP}|{_EN_NOT_PLURAL}|and|or|but|as|so|if|then|than|who|"
                        r"when|where|while|after|before|since|until|because|during|into|onto|over|under|about|"
                        r"between|against|through|without|within|also|not|only|just|even|still|more|most)\b)"
                        r"(?:[a-z]+(?:-[a-z]+)*(?<!s)|[A-Z]{2,5}|(?P<cap>[A-Z][a-z]+(?<!s)))){0,3}"
                        rf"\s+(?!(?:{_EN_STOP}|{_EN_NOT_PLURAL}|times|points|ago|old|hundreds|thousands|"
                        r"millions|billions|dollars|percent|cents|degrees|meters|metres|miles|feet|inches|tons|"
                        r"kilometers|kilometres|acres|hectares|pounds)\b)"
                        r"(?P<noun>[a-z][a-z\-]{1,}s)\b")
_EN_IRREGULAR = {"people": "person", "women": "person", "men": "person", "children": "child", "persons": "person"}
_EN_PER = re.compile(r"\s+(?:per|a|an)\s+(minute|hour|day|week|month|year|second|page|capita|person|head|game|"
                     r"match|household|student|patient)\b")

_SHORT_SCALE = re.compile(r"[\s-]*(thousand|million|billion|trillion)\b|(bn|tn|mn|m|k|b)(?![A-Za-z0-9])",
                          re.IGNORECASE)
_SHORT = {"bn": 1e9, "tn": 1e12, "mn": 1e6, "m": 1e6, "k": 1e3, "b": 1e9}
# Currency written before the number.
_CUR_PREFIX = re.compile(r"(?:(?P<code>US\$|HK\$|NT\$|S\$|A\$|C\$|USD|KRW|CNY|JPY|RMB|EUR|GBP|HKD|TWD|"
                         r"人民币|人民幣|新台幣|新台币|新臺幣|台幣|臺幣|台币|港幣|港币|港元|美金|日圓|日幣|日圆|"
                         r"韓圜|韩圜|韓元|韩元|韓幣|歐元|欧元)\s?"
                         r"|(?P<sym>[$₩￦¥￥€£₹]))$")
_GLUED_CODES = "USD|JPY|KRW|CNY|EUR|GBP|HKD|TWD|RMB|INR"  # codes written against the number: JPY730 billion
_SYM = {"$": "USD", "₹": "INR", "₩": "KRW", "￦": "KRW", "€": "EUR", "£": "GBP", "US$": "USD", "HK$": "HKD",
        "RMB": "CNY", "NT$": "TWD", "S$": "SGD", "A$": "AUD", "C$": "CAD",
        "人民币": "CNY", "人民幣": "CNY", "新台幣": "TWD", "新台币": "TWD", "新臺幣": "TWD",
        "台幣": "TWD", "臺幣": "TWD",
        "台币": "TWD", "港幣": "HKD", "港币": "HKD", "港元": "HKD", "美金": "USD", "日圓": "JPY", "日幣": "JPY",
        "日圆": "JPY", "韓圜": "KRW", "韩圜": "KRW", "韓元": "KRW", "韩元": "KRW", "韓幣": "KRW", "歐元": "EUR",
        "欧元": "EUR"}
_TWD_DOC = re.compile(r"新?[台臺]幣|新台币|台币|NT\$|新台幣[,，、]?下同")
_YUAN_DECLARED = re.compile(r"[(（]\s*(人民[币幣]|新?[台臺]幣|港[元幣币])\s*[,，、]\s*下同\s*[)）]")

_PRE_QUAL = {
    "en": re.compile(r"(?<![A-Za-z])(?:about|approximately|approx\.|around|roughly|nearly|almost|close\s+to|some|"
                     r"as\s+much\s+as|as\s+many\s+as|as\s+long\s+as|as\s+high\s+as|as\s+far\s+as|up\s+to|at\s+least|"
                     r"at\s+most|"
                     r"more\s+than|over|under|less\s+than|fewer\s+than|an\s+estimated|estimated|upwards\s+of|"
                     r"just\s+over|just\s+under|above|below|in\s+excess\s+of|no\s+fewer\s+than|no\s+less\s+than|"
                     r"no\s+more\s+than|a\s+maximum\s+of|a\s+minimum\s+of|on\s+the\s+order\s+of)\s+$|~\s?$",
                     re.IGNORECASE),
    "ko": re.compile(r"(?<![가-힣])(?:약|대략|최대|최소|최고|최장|거의|무려|이른바)\s?$"),
    "zh": re.compile(r"(?:大约|大約|大概|约合|約合|约为|約為|约|約|(?<![最附])近|将近|將近|接近|"
                     r"超过|超過|(?<![出入])超(?![级級市出前])|逾|最多|最少|至少|"
                     r"高达|高達|多达|多達|不到|不足|最高|最长|最長|最快|大致|上看)\s?$"),
    "ja": re.compile(r"(?:約|およそ|最大で|最大|最低|少なくとも|最高|最長|ほぼ|推定|実に|ざっと)\s?$"),
}
_PRE_BOUND = {
    "en": (re.compile(r"(?i)^(?:at\s+least|more\s+than|over|upwards\s+of|just\s+over|above|in\s+excess\s+of|"
                      r"no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of)\b"),
           re.compile(r"(?i)^(?:up\s+to|at\s+most|under|less\s+than|fewer\s+than|as\s+much\s+as|as\s+many\s+as|"
                      r"as\s+high\s+as|as\s+long\s+as|as\s+far\s+as|just\s+under|below|no\s+more\s+than|"
                      r"a\s+maximum\s+of)\b")),
    "ko": (re.compile(r"^최소"), re.compile(r"^(?:최대|최고|최장)")),
    "zh": (re.compile(r"^(?:超过|超過|超|逾|至少|最少)"),
           re.compile(r"^(?:最多|最高|最长|最長|不到|不足|高达|高達|多达|多達|上看)")),
    "ja": (re.compile(r"^(?:少なくとも|最低)"), re.compile(r"^(?:最大|最高|最長)")),
}
_POST_QUAL = {
    "en": re.compile(r"\s+or\s+so\b|\s+or\s+more\b|\s+or\s+less\b|\s+or\s+fewer\b|-plus\b|\+"),
    "ko": re.compile(r"[ ]?(?:정도|가량|안팎|내외|남짓|이상|이하|미만|초과|쯤|이내|아래)"),
    "zh": re.compile(r"[ ]?(?:左右|上下|以上|以下|以内|以內|之多|出头|出頭|多|[内內](?![地容部外线線政閣阁]))"),
    "ja": re.compile(r"[ ]?(?:程度|前後|ほど|以上|以下|未満|超|余り|あまり|余|近く|強|弱|以内|以深|以浅)"),
}
_POST_BOUND = {
    "en": (re.compile(r"^(?:\s+or\s+more|-plus|\+)"), re.compile(r"^(?:\s+or\s+less|\s+or\s+fewer)")),
    "ko": (re.compile(r"^[ ]?(?:이상|초과)"), re.compile(r"^[ ]?(?:이하|미만|이내|아래)")),
    "zh": (re.compile(r"^[ ]?(?:以上|多)"), re.compile(r"^[ ]?(?:以下|以内|以內|[内內])")),
    "ja": (re.compile(r"^[ ]?(?:以上|超|余り|あまり|余|以深|強)"), re.compile(r"^[ ]?(?:以下|未満|以内|以浅|弱)")),
}
# Verbs right after (or before) a figure that bound it without being part of it: 600mm가 넘는, 50m/sを超える.
_VERB_BOUND_AFTER = {
    "ko": (re.compile(r"^[ ]?(?:[이가을를]\s?)?(?:넘(?:는|은|게|어|었|긴|을)|돌파|웃돌)"),
           re.compile(r"^[ ]?(?:[을를]\s?)?(?:밑|아래|하회|밑돌)")),
    "ja": (re.compile(r"^[ ]?を?(?:超え|超す|突破|上回)"), re.compile(r"^[ ]?を下回")),
    "zh": (re.compile(r"^(?!)"), re.compile(r"^(?!)")),
    "en": (re.compile(r"^(?!)"), re.compile(r"^(?!)")),
}
_VERB_BOUND_BEFORE_EN = re.compile(r"(?i)(?:exceed(?:ed|ing|s)?|surpass(?:ed|ing|es)?|top(?:ped|ping|s)?|"
                                   r"more\s+than)\s+$")
_INFIX_APPROX = {"ko": r"여", "zh": r"多|余|餘|来|來", "ja": r"余り?|余", "en": r"(?!)"}
# "6- to 7-nanometer": a suspended hyphen before "to"
_RANGE_SEP = {"en": r"-\s+to\s+|\s*[-–—~]\s*|\s+to\s+", "ko": r"\s*[~∼〜～\-–]\s*", "zh": r"\s*[~∼〜～\-–—至到]\s*",
              "ja": r"\s*(?:[~∼〜～\-–—]|から)\s*"}

# Month names (English date words) for the date guard: "Mar. 12", "Sept. 3", "6 February".
_EN_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
             r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")


@lru_cache(maxsize=1)
def _word_lists() -> dict[str, dict[str, list[str]]]:
    """Language word lists from data/figures.toml (labels, names, context words)."""
    try:
        with open(WORD_LISTS, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        log.warning("figures word lists not read (%s); using none", exc)
        return {}


def _words(section: str, lang: str) -> list[str]:
    """A word list of data/figures.toml, extended by the same key of the language pack
    (data/lang/<code>/figures.toml)."""
    extra = _pack(lang).get(section, [])
    extra = [extra] if isinstance(extra, str) else list(extra) if isinstance(extra, list) else []
    return [str(w) for w in _word_lists().get(section, {}).get(lang, [])] + [str(w) for w in extra]


@lru_cache(maxsize=32)
def _pack(lang: str) -> dict:
    """The figures pack of one language (data/lang/<code>/figures.toml, merged with data/lang/common/figures.toml
    for keys the language does not set); {} when absent or unreadable."""
    out: dict = {}
    for code in ("common", lang):
        try:
            out.update(langpack.pack(code, "figures"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            log.warning("figures pack %r not read (%s)", code, exc)
    return out if lang else {}


@lru_cache(maxsize=8)
def _labels(lang: str) -> frozenset[str]:
    return frozenset(w.lower().rstrip(".") for w in _words("labels", lang))


_LABEL_CAND = re.compile(r"(?<![A-Za-z])([A-Za-z]{2,12})\.?\s?-?\s?#?\d+(?:\.\d+)*")


def _label_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Label word + number (Chapter 3, phase 2, type 2): the word list is data, matched without regard to case."""
    labels = _labels(lang)
    if not labels:
        return []
    return [(m.start(), m.end()) for m in _LABEL_CAND.finditer(text) if m.group(1).lower() in labels]


@lru_cache(maxsize=8)
def _context_re(section: str, lang: str) -> re.Pattern[str] | None:
    words = _words(section, lang)
    return re.compile("|".join(re.escape(w) for w in words)) if words else None


@lru_cache(maxsize=8)
def _not_names(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _words("not_names", lang))


# Spans that are never figures.
_BLOCK = [
    # e-mail; the lookbehind and the bounded local part keep it linear on long unbroken tokens
    re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"),
    re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[a-z]{2,})+/\S*"),  # URL
    re.compile(r"\(?\b0\d{1,2}\)?[-.\s]\d{3,4}[-.]\d{4}(?:\s?,\s?\d{3,4})*"),  # phone (+ extension list)
    re.compile(r"\b(?:19|20)\d{2}\s?[.\-/년]\s?\d{1,2}\s?[.\-/월]\s?\d{1,2}\s?[.일]?"),  # 2024.02.23, 2024. 2. 18.
    re.compile(r"\b(?!\d:\d{2}:\d{2}\b)\d{1,2}:\d{2}(?::\d{2})?\b"),  # clock time (h:mm:ss with one-digit h is a time)
    # 10시 30분, 10時30分, 3시 반
    re.compile(r"\d{1,2}\s?[시時点點]\s?(?:\d{1,2}\s?[분分](?:\s?\d{1,2}\s?[초秒])?|반|半)"),
    re.compile(r"(?m)^[ \t]*\d{1,2}[.)][ \t]"),  # section heading "1. "
    re.compile(r"第\s?[\d一二三四五六七八九十百]+|(?<![가-힣])제\s?\d+|\b\d+(?:st|nd|rd|th)\b|(?:No\.|#)\s?\d+"),
    re.compile(r"\b[vV]\d+(?:\.\d+)*"),
    re.compile(rf"\b{_EN_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"),  # Mar. 12, Sept. 3, 2025
    re.compile(rf"\b\d{{1,2}}\s+{_EN_MONTH}\b(?:\s+\d{{4}})?"),  # 6 February 2024
    re.compile(r"\[\d{1,3}\]"),  # citation markers [4]
    re.compile(r"(?<!\d)\d{1,4}\s?(?:호|号|號)(?:\s?태풍|台風|台风|颱風)?"
               r"|(?:台風|台风|颱風|태풍)\s?\d+\s?(?:号|號|호)?"),  # 태풍 14호
    re.compile(r"有一天|总有一天"),
    re.compile(r"(?:令和|平成|昭和|大正|明治)\s?(?:\d{1,2}|元)\s?年"),  # Japanese era years
]


@dataclass(frozen=True)
class _Num:
    start: int
    end: int
    value: float | None
    value_max: float | None = None
    vague: bool = False
    scaled: bool = False  # carries a large unit (억, 万, billion) or scale word
    article_one: bool = False  # 한 / 一 / one: an article, not a count
    native: bool = False  # word numeral (두, 两, three): needs a unit right after
    bare_su: bool = False  # Korean 수 / Chinese 数 with no multiplier
    needs_noun: bool = False  # a vague word ("several") that is a figure only before a counted noun


# ---------------------------------------------------------------------------------------------------------------
# Number parsing
# ---------------------------------------------------------------------------------------------------------------

def _cjk_small(s: str) -> float:
    """Value of a CJK numeral below 10,000 (十五, 一百零五, 三千); digit strings are positional (三四六 -> 346)
    and 點 marks decimals (六十二點三 -> 62.3)."""
    if "點" in s or "点" in s:
        whole, _, frac = s.replace("点", "點").partition("點")
        digits = "".join(str(_CJK_DIGIT[ch]) for ch in frac if ch in _CJK_DIGIT)
        return (_cjk_small(whole) if whole else 0.0) + (float("0." + digits) if digits else 0.0)
    if len(s) >= 2 and all(ch in _CJK_DIGIT for ch in s):
        return float("".join(str(_CJK_DIGIT[ch]) for ch in s))
    total, digit = 0.0, None
    for ch in s:
        if ch in _CJK_TENS:
            total += _CJK_TENS[ch]
            digit = None
        elif ch in _CJK_DIGIT:
            digit = _CJK_DIGIT[ch]
        elif ch in _SMALL:
            total += (digit if digit is not None else 1) * _SMALL[ch]
            digit = None
    return total + (digit or 0)


def cjk_value(s: str) -> float:
    """Value of a CJK numeral string: 一千亿 -> 1e11, 三万亿 -> 3e12, 三亿五千万 -> 3.5e8, 十五 -> 15,
    三四六億 -> 3.46e10, 一點○五兆 -> 1.05e12."""
    for big in ("兆", "亿", "億", "万", "萬"):
        if big in s:
            i = s.rindex(big) if big in ("万", "萬") else s.index(big)
            left = s[:i]
            right = s[i + 1:]
            left_v = cjk_value(left) if left else 1.0
            return left_v * _BIG[big] + (cjk_value(right) if right else 0.0)
    return _cjk_small(s)


def well_formed_amount(s: str) -> bool:
    """An amount written in parts has its large units falling from part to part (1조 2000억, 3億5000万); a part
    repeating or exceeding the previous one ("4만437만", a garbled page) has no defensible value."""
    last = math.inf
    for seg in re.finditer(rf"(?:{_ARABIC})[십백천十百千]?((?:\s?[만억조万萬亿億兆])+)", s):
        scale = math.prod(_BIG[ch] for ch in seg.group(1).replace(" ", ""))
        if scale >= last:
            return False
        last = scale
    return True


def parse_amount(s: str) -> tuple[float, bool]:
    """Value of a number with optional large units: '1,000' / '1.5' / '135조' / '1조 2000억' / '5천만' /
    '2천850억' / '1조3천억' / '一千亿' / '1000亿' / '1.5万亿' / '135 trillion'. Returns (value, scaled) where scaled
    says a large unit was applied. A part without a large unit (2천) joins the next large unit (2천850억 =
    2850억), as written Korean and Chinese amounts mean."""
    s = s.strip()
    m = re.fullmatch(rf"({_ARABIC})\s*(thousand|million|billion|trillion|bn|tn|mn)?", s)
    if m:
        v = float(m.group(1).replace(",", ""))
        return (v * _EN_SCALE[m.group(2)], True) if m.group(2) else (v, False)
    if re.fullmatch(f"[{_CJK_NUM_CHARS}點点]+", s):
        return cjk_value(s), any(ch in _BIG for ch in s)
    total, pending, scaled = 0.0, 0.0, False
    s = re.sub(r"[多余여]", "", s)
    for seg in re.finditer(rf"({_ARABIC})([십백천十百千]?)((?:\s?[만억조万萬亿億兆])*)", s):
        v = float(seg.group(1).replace(",", ""))
        if seg.group(2):
            v *= _SMALL[seg.group(2)]
        bigs = seg.group(3).replace(" ", "")
        if not bigs:
            pending += v
            continue
        v += pending
        pending = 0.0
        for ch in bigs:
            v *= _BIG[ch]
            scaled = True
        total += v
    return total + pending, scaled


def _en_word_value(s: str) -> float:
    s = re.sub(r"\s+", " ", s.lower().strip())
    words = s.split(" ")
    head = words[0]
    if head == "a" and len(words) > 1:
        v = {"dozen": 12.0, "hundred": 100.0, "thousand": 1000.0, "million": 1e6, "billion": 1e9}[words[1]]
        words = words[2:]
    elif "-" in head:
        t, o = head.split("-")
        v = float(_EN_TENS[t] + _EN_WORDS[o])
        words = words[1:]
    else:
        v = float(_EN_WORDS.get(head, _EN_TENS.get(head, 0)))
        words = words[1:]
    for w in words:
        v *= _EN_SCALE[w]
    return v


# ---------------------------------------------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------------------------------------------

BUILTIN = ("en", "ko", "zh", "ja")


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    """Escaped words, longest first, as one regex alternation (never matching when empty)."""
    ws = sorted({str(w) for w in words if str(w)}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws) or "(?!)"


@lru_cache(maxsize=32)
def _generic(lang: str) -> dict | None:
    """Number format and words of a language read wholly from its pack ([number] table present), or None.

    Keys: ``number.decimal`` / ``number.group`` (",", "." for "1.234,5"), ``scales`` (scale word -> factor),
    ``number_words`` (number word -> value). Nothing here is specific to one language."""
    if lang in BUILTIN:
        return None
    pk = _pack(lang)
    fmt = pk.get("number")
    if not isinstance(fmt, dict):
        return None
    dec, grp = re.escape(str(fmt.get("decimal", "."))), re.escape(str(fmt.get("group", ",")))
    scales = {str(k): float(v) for k, v in (pk.get("scales") or {}).items()}
    words = {str(k).lower(): float(v) for k, v in (pk.get("number_words") or {}).items()}
    arabic = rf"\d{{1,3}}(?:{grp}\d{{3}})+(?:{dec}\d+)?(?!\d)|\d+(?:{dec}\d+)?"
    scale = rf"(?:\s*(?:{_alternation(list(scales))})(?!\w))"
    word = rf"(?:{_alternation(list(words))})(?![\w-])"
    return {"arabic": arabic, "scale": scale, "word": word, "num": rf"(?:{arabic}){scale}?",
            "scales": {k.lower(): v for k, v in scales.items()}, "words": words,
            "dec": str(fmt.get("decimal", ".")), "grp": str(fmt.get("group", ","))}


def _generic_value(lang: str, s: str) -> tuple[float, bool, float]:
    """(value, scaled, factor) of a number written in a pack language's format (digits or a number word, then an
    optional scale word)."""
    gen = _generic(lang) or {}
    s = s.strip()
    m = re.fullmatch(rf"({gen['arabic']}|{gen['word']})({gen['scale']})?", s, re.IGNORECASE)
    if not m:
        raise ValueError(f"not a number: {s!r}")
    head = m.group(1)
    if head.lower() in gen["words"]:
        v = gen["words"][head.lower()]
    else:
        v = float(head.replace(gen["grp"], "").replace(gen["dec"], "."))
    factor = gen["scales"].get(m.group(2).strip().lower(), 1.0) if m.group(2) else 1.0
    return float(Decimal(repr(v)) * Decimal(repr(factor))), factor != 1.0, factor  # 4,1 x 10^9 exactly


def _token_regex(lang: str) -> re.Pattern[str]:
    alts = []
    vague_words = _alternation(_words("vague_words", lang))  # a handful of, several: vague only before a noun
    gen = _generic(lang)
    if gen is not None:
        alts.append(rf"(?P<vague>(?<!\w)(?i:{_alternation(_words('vague', lang))})(?!\w))")
        alts.append(rf"(?P<vaguew>(?<!\w)(?i:{vague_words})(?!\w))")
        alts.append(rf"(?P<gword>(?<![\w-])(?i:{gen['word']})(?i:{gen['scale']})?)")
        alts.append(rf"(?P<gnum>(?<![\w./·@:#])(?<!\w-)(?:{gen['arabic']})(?i:{gen['scale']})?)")
    elif lang == "en":
        pack_vague = _alternation(_words("vague", lang))  # multi-billion: the pack's vague amounts
        alts.append(rf"(?P<vague>\b(?i:{_EN_VAGUE}|(?:{pack_vague})(?!\w)))")
        alts.append(rf"(?P<vaguew>\b(?i:{vague_words})\b)")
        alts.append(rf"(?P<word>\b(?i:{_EN_WORD_NUM})\b)")
        glued = rf"(?<=(?<![A-Za-z])(?:{_GLUED_CODES}))"  # JPY730 billion
        alts.append(rf"(?P<num>(?:(?<![\w./·@:#])|{glued})(?<!\w-){_EN_NUM})")
    else:
        pairs = "|".join(_CJK_PAIRS)
        alts.append(rf"(?P<pair>(?:{pairs})[十百千万萬亿億]*(?![{_CJK_D}點点]))" if lang in ("zh", "ja") else r"(?!)")
        vague = _KO_VAGUE if lang == "ko" else _ZH_VAGUE
        alts.append(rf"(?P<vague>{vague})")
        alts.append(rf"(?P<num>(?<![A-Za-z0-9_./@#])(?<![\d:]:)(?<!\d·)(?<![A-Za-z0-9]-)(?<!\d[만억조万萬亿億兆])"
                    rf"{_NUM_CJK_ARABIC})")
        if lang == "ko":
            native = "|".join(sorted(_KO_NATIVE, key=len, reverse=True))
            alts.append(rf"(?P<native>(?<![가-힣])(?:{native})(?=[ ]?[가-힣]))")
        else:
            alts.append(rf"(?P<cjk>{_CJK_NUM})")
    return re.compile("|".join(alts))


@lru_cache(maxsize=32)
def _token_re(lang: str) -> re.Pattern[str]:
    return _token_regex(lang)


def _make_num(m: re.Match[str], lang: str = "en") -> _Num:
    s, e, g = m.start(), m.end(), m.lastgroup
    txt = m.group()
    if g == "vaguew":  # "a handful of", "several": a vague count only when a noun follows
        return _Num(s, e, None, None, vague=True, needs_noun=True)
    if g in ("gnum", "gword"):
        v, scaled, _ = _generic_value(lang, txt)
        return _Num(s, e, v, scaled=scaled, native=g == "gword" and not scaled)
    if g == "vague":  # a vague amount never gets a number (수백만, 數百萬, several hundred)
        return _Num(s, e, None, None, vague=True, scaled=not _is_bare_su(txt), bare_su=_is_bare_su(txt))
    if g == "pair":
        lo_d, hi_d = _CJK_PAIRS[txt[:2]]
        rest = txt[2:]
        lo = cjk_value("一" + rest) * lo_d if rest else float(lo_d)
        hi = cjk_value("一" + rest) * hi_d if rest else float(hi_d)
        return _Num(s, e, lo, hi, native=True)
    if g == "native":
        v = float(_KO_NATIVE[txt])
        return _Num(s, e, v, native=True, article_one=v == 1)
    if g == "word":
        v = _en_word_value(txt)
        return _Num(s, e, v, native=True, article_one=txt.lower() == "one", scaled=v >= 1000)
    if g == "cjk":
        v = cjk_value(txt)
        return _Num(s, e, v, native=True, article_one=txt == "一", scaled=any(ch in _BIG for ch in txt))
    v, scaled = parse_amount(txt)
    return _Num(s, e, v, scaled=scaled)


def _is_bare_su(txt: str) -> bool:
    return txt in ("수", "몇", "数", "數", "几", "幾")


def _blocked_spans(text: str, lang: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for pat in _BLOCK + _pack_blocks(lang) for m in pat.finditer(text)]
    for suffix, context in _numbered_after(lang):  # 8124편 after 항공, 123便 after 航空: a flight number
        found = list(suffix.finditer(text))
        named = {re.sub(r"\s", "", m.group()) for m in found if context.search(text[max(0, m.start() - 24):m.start()])}
        # a number once named as a flight stays that flight's number in the same text ("516便は ..." later on)
        spans += [(m.start(), m.end()) for m in found if re.sub(r"\s", "", m.group()) in named]
    return spans + _label_spans(text, lang)


@lru_cache(maxsize=32)
def _pack_blocks(lang: str) -> list[re.Pattern[str]]:
    """Spans a language pack says are never figures (``not_figures``: regexes such as an era year or a rank)."""
    out = []
    for rx in _words("not_figures", lang):
        try:
            out.append(re.compile(rx))
        except re.error as exc:
            log.warning("figures pack %s: bad not_figures pattern %r (%s)", lang, rx, exc)
    return out


@lru_cache(maxsize=32)
def _numbered_after(lang: str) -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    """``numbered_after`` pairs [suffix, context words]: a number before the suffix names a thing (a flight) when one
    of the context words stands shortly before it."""
    out = []
    for suffix, context in _pack(lang).get("numbered_after", []):
        out.append((re.compile(rf"(?<!\d)(?<!\d[.,])\d{{1,5}}\s?(?:{suffix})"), re.compile(str(context))))
    return out


def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < e and s < b for s, e in spans)


def _is_year(num: _Num, text: str) -> bool:
    raw = text[num.start:num.end]
    return bool(re.fullmatch(r"[12]\d{3}", raw)) or bool(re.fullmatch(r"[一二][〇○零一二三四五六七八九]{3}", raw))


def _match_unit(text: str, pos: int, lang: str) -> tuple[int, str, str, float] | None:
    """Unit right after a number: (end, category, unit, added) or None."""
    gap = re.compile(r"\s*" if lang == "en" else r"[ \t]?").match(text, pos)
    p = gap.end() if gap else pos
    for pat, cat, unit in _units(lang):
        m = pat.match(text, p)
        if not m:
            continue
        end = m.end()
        if lang == "ko" and not _SYMBOL_UNIT.match(m.group()) and not _KO_FOLLOW.match(text, end):
            continue
        added = 0.0
        if unit.endswith("+half"):
            unit, added = unit[:-5], 0.5
        if lang == "en" and p > pos and text[pos:p].strip() == "" and m.group() in ("x", "F", "C", "m"):
            if m.group() == "x" or p - pos > 1:
                continue  # "10 x" is not "10x"; "F"/"C"/"m" only one space away
        if lang == "en" and m.group() in ("F", "C") and p == pos and not re.search(
                r"(?<![\d.])\d{1,3}(?:\.\d+)?$", text[max(0, pos - 8):pos]):
            continue  # "7370F" is a code; "40C" and "118 F" are temperatures
        return end, cat, unit, added
    return None


def _noun_after(text: str, pos: int) -> tuple[str, int] | None:
    m = re.compile(r"[ ]?(?:의|的|の)?[ ]?").match(text, pos)
    p = m.end() if m else pos
    for rx, unit in _NOUN_RE:
        mm = rx.match(text, p)
        if mm:
            return unit, mm.end()
    return None


def _noun_before(text: str, pos: int) -> str | None:
    window = text[max(0, pos - 8):pos]
    for rx, unit in _NOUN_RE:
        if re.search(rf"(?:{rx.pattern})[ ]?$", window):
            return unit
    return None


def _en_count_unit(text: str, pos: int) -> tuple[str, int] | None:
    found = _en_count_unit_in(text, pos)
    if found is None and _title_case(text, pos):  # "Kills 30 People": a headline's nouns are capitalised
        found = _en_count_unit_in(text.lower(), pos)
    return found


def _en_count_unit_in(text: str, pos: int) -> tuple[str, int] | None:
    m = _EN_COUNT.match(text, pos)
    if m:
        noun = m.group("noun")
        for rx, unit in _NOUN_RE:
            if rx.fullmatch(noun):
                return unit, m.end()
    m = _EN_PLURAL.match(text, pos)
    if m and m.group("cap") and any(w.lower() in _not_names("en") for w in re.findall(r"[A-Z][a-z]+", m.group())):
        m = None  # "on 5 May members voted": a month, weekday or function word, not a modifier of the noun
    if m:
        noun = m.group("noun")
        unit = _EN_IRREGULAR.get(noun) or (noun[:-3] + "y" if noun.endswith("ies") else noun[:-1])
        return unit, m.end()
    m = re.compile(r"\s+(people|women|men|children|persons)\b").match(text, pos)
    if m:
        return _EN_IRREGULAR[m.group(1)], m.end()
    return None


def _currency_before(text: str, start: int, lang: str) -> tuple[int, str] | None:
    m = _CUR_PREFIX.search(text[max(0, start - 8):start])
    if not m:
        return None
    raw = m.group("code") or m.group("sym")
    if raw in ("¥", "￥"):
        cur = "CNY" if lang == "zh" else "JPY"
    else:
        cur = _SYM.get(raw, raw)
    return start - (len(m.group())), cur


def _qualifier_before(text: str, start: int, lang: str) -> int | None:
    m = _PRE_QUAL[lang].search(text[max(0, start - 24):start])
    return start - len(m.group()) if m else None


def find_figures(text: str, lang: str) -> list[Figure]:
    """Every figure quoted in ``text`` (money, counts, durations, multipliers, percentages, resolutions,
    physical quantities, ages, scores, frequencies, magnitudes).

    ``lang`` is "en", "ko", "zh" or "ja" (anything else is read as English). Offsets index into ``text``.
    """
    lang = _ensure_lang(lang)
    if not text:
        return []
    t = _prepare(text)
    blocked = _blocked_spans(t, lang)
    out: list[Figure] = []
    for m in _token_re(lang).finditer(t):
        try:
            num = _make_num(m, lang)
        except (KeyError, ValueError) as exc:  # a token the tables do not cover: skip it, never fail the document
            log.debug("figure token %r skipped: %s", m.group(), exc)
            continue
        if _overlaps(num.start, num.end, blocked):
            continue
        if re.search(r"\d,$", t[max(0, num.start - 2):num.start]) and not re.match(r"\d{3}(?!\d)", t[num.start:]):
            continue  # "12,2": a decimal comma, not a new number
        try:
            fig = _build(t, num, lang)
        except (KeyError, ValueError, IndexError) as exc:
            log.debug("figure at %d skipped: %s", num.start, exc)
            continue
        if fig is not None:
            out.append(fig)
    out.extend(_lexical(t, lang, blocked))
    out.extend(_special(t, lang, blocked))
    figs = _drop_overlaps(out)
    figs = _merge_compound_durations(t, lang, figs)
    figs = _clock_readings(t, lang, figs)
    figs = _merge_renderings(t, lang, figs)
    figs = _carried_unit(t, lang, figs)
    figs = _elided_unit(t, lang, figs)
    figs = _resolve_degrees(t, lang, figs)
    figs = _local_currency(t, lang, figs)
    return [replace(f, text=text[f.start:f.end]) for f in figs]


def _ensure_lang(lang: str) -> str:
    """``lang`` when it is built in or its pack describes a number format (then its qualifier, bound and range words
    are read from the pack once); "en" otherwise."""
    lang = (lang or "").lower()
    if lang in BUILTIN:
        return lang
    if _generic(lang) is None:
        return "en"
    if lang not in _PRE_QUAL:
        _register(lang)
    return lang


def _register(lang: str) -> None:
    """Fill the per-language tables of a pack language from its words (no language-specific code)."""
    pk = _pack(lang)

    def alt(key: str) -> str:
        return _alternation(_words(key, lang))

    approx, lower, upper = alt("approx_before"), alt("lower_before"), alt("upper_before")
    after_lower, after_upper, after_approx = alt("lower_after"), alt("upper_after"), alt("approx_after")
    _PRE_QUAL[lang] = re.compile(rf"(?<!\w)(?:{approx}|{lower}|{upper})\s+$|~\s?$", re.IGNORECASE)
    _PRE_BOUND[lang] = (re.compile(rf"(?i)^(?:{lower})(?!\w)"), re.compile(rf"(?i)^(?:{upper})(?!\w)"))
    _POST_QUAL[lang] = re.compile(rf"(?i)\s+(?:{after_lower}|{after_upper}|{after_approx})(?!\w)")
    _POST_BOUND[lang] = (re.compile(rf"(?i)^\s+(?:{after_lower})"), re.compile(rf"(?i)^\s+(?:{after_upper})"))
    _VERB_BOUND_AFTER[lang] = (re.compile(r"^(?!)"), re.compile(r"^(?!)"))
    _INFIX_APPROX[lang] = r"(?!)"
    seps = _words("range_separators", lang) or ["-", "–"]
    _RANGE_SEP[lang] = "|".join(rf"\s*{re.escape(x)}\s*" if not x.isalpha() else rf"\s+{re.escape(x)}\s+" for x in seps)
    _NEG_BEFORE[lang] = rf"(?:(?i:{alt('minus_words')})\s+|(?<![\w-])[-−])$"
    joins = alt("compound_joins")
    _COMPOUND_SEP[lang] = re.compile(rf"\s*,?\s*(?:(?:{joins})\s+)?", re.IGNORECASE)
    _SPEED_PREFIX[lang] = (r"(?!)", r"(?!)")
    _EVERY[lang] = rf"(?i)(?<!\w)(?:{alt('every_before')})\s+$"
    log.debug("figures: language %s read from its pack (%d units)", lang, len(pk.get("units", [])))


def _prepare(text: str) -> str:
    """Full-width forms to ASCII and the Japanese middle dot used as a decimal point (8・1), one char for one."""
    t = text.translate(_FW)
    return re.sub(r"(?<=\d)[・･](?=\d)", ".", t)


def _drop_overlaps(figs: list[Figure]) -> list[Figure]:
    figs = sorted(figs, key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Figure] = []
    for f in figs:
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


@dataclass
class _Cand:
    """A figure being assembled around one number token."""

    start: int
    end: int
    value: float | None
    value_max: float | None
    scaled: bool
    category: str = ""
    unit: str = ""
    added: float = 0.0
    approximate: bool = False
    bound: str = ""
    odd: bool = False  # "N-odd": 70多, 100여, 70歳余り (a lower bound the text leaves open)


def _build(t: str, num: _Num, lang: str) -> Figure | None:
    if num.scaled and lang != "en" and not well_formed_amount(t[num.start:num.end]):
        log.debug("malformed amount %r skipped", t[num.start:num.end])
        return None
    c = _Cand(num.start, num.end, num.value, num.value_max, num.scaled)
    _extend_range(t, num, lang, c)
    unit_pos = _approx_infix(t, num, lang, c)
    if not _attach_unit(t, num, lang, c, unit_pos) and not _attach_count(t, num, lang, c):
        return None
    _decimal_after_unit(t, num, lang, c)
    if _is_fraction(t, c, lang):
        return None
    if c.unit == "tenth":  # 三成, 3割: tenths
        _tenth_parts(t, lang, c)
        c.unit = "%"
        c.value = c.value * 10 if c.value is not None else None
        c.value_max = c.value_max * 10 if c.value_max is not None else None
    _range_after_unit(t, num, lang, c)
    if _denominator(t, lang, c):
        return None
    if c.category == "count" and not _count_ok(t, num, lang, c):
        return None
    local = str(_pack(lang).get("bare_money_currency", "")) or {"zh": "CNY", "ko": "KRW", "ja": "JPY"}.get(lang, "")
    if c.category == "count" and not c.unit and local and c.scaled and _money_clause(t, c.start, lang):
        c.category, c.unit = "money", local  # 票房13.65亿: yuan
    if c.category == "duration" and not _duration_ok(t, num, lang, c):
        return None
    if c.category == "age" and not _age_ok(t, num, lang, c):
        return None
    if c.category in PHYSICAL and not _physical_ok(t, num, lang, c):
        return None
    if c.category == "score" and not _score_ok(t, num, lang, c):
        return None
    if c.category in ("multiplier", "score", "age") and num.bare_su and lang == "ko" and t[num.end:num.end + 1] != " ":
        return None  # 수배 (wanted), not 수 배
    if num.vague and c.category not in ("money", "count", "duration", "multiplier", "percent", "length", "mass",
                                        "area", "frequency"):
        return None
    if c.added and c.value is not None:
        c.value += c.added
        c.value_max = c.value_max + c.added if c.value_max is not None else None
    if c.value is not None and c.value_max is not None and c.value_max <= c.value:
        c.value_max = None
    _minus_sign(t, lang, c)
    _qualifiers(t, lang, c)
    _frequency(t, lang, c)
    if _speed_context(t, lang, c):
        _pre_qualifier(t, lang, c)  # 최고 초속 45m: the qualifier stands before the speed word
    _verb_bounds(t, lang, c)
    vague = num.vague
    if c.category == "age" and c.odd:  # 70多歲, 70여 세, 70歳余り: "in his seventies", an age the text does not give
        c.value = c.value_max = None
        vague = True
    return Figure(start=c.start, end=c.end, text=t[c.start:c.end], value=c.value, value_max=c.value_max,
                  unit=c.unit, category=c.category, approximate=c.approximate, vague=vague, bound=c.bound)


_JA_BU_RIN = re.compile(r"(?P<bu>\d)分(?:(?P<rin>\d)[厘里])?")


def _tenth_parts(t: str, lang: str, c: _Cand) -> None:
    """打率2割7分3厘 (.273): hundredths (分) and thousandths (厘) after the tenths are part of one ratio (27.3%), not
    seven minutes."""
    m = _JA_BU_RIN.match(t, c.end) if lang == "ja" and c.value is not None and c.value_max is None else None
    if m:
        c.value = round(c.value + int(m["bu"]) / 10 + (int(m["rin"]) / 100 if m["rin"] else 0), 6)
        c.end = m.end()


def _denominator(t: str, lang: str, c: _Cand) -> bool:
    """体重1kgあたり10mg, 1人当たり5万円: the quantity before a "per" word (pack ``denominator_after``) is
    the denominator of a rate, not a quoted amount."""
    rx = _context_re("denominator_after", lang)
    return bool(rx is not None and rx.match(t, c.end))


def _minus_sign(t: str, lang: str, c: _Cand) -> None:
    """-6.5%, EU(-18.2%), ▲0.9%: a minus sign (pack ``minus_signs``) glued before a percentage makes it negative."""
    if c.category != "percent" or c.value is None or c.start == 0 or c.value_max is not None:
        return
    sign = t[c.start - 1]
    if sign not in _words("minus_signs", lang) or (c.start >= 2 and re.match(r"[A-Za-z0-9]", t[c.start - 2])):
        return
    c.start -= 1
    c.value = -c.value


def _decimal_after_unit(t: str, num: _Num, lang: str, c: _Cand) -> None:
    """9秒83, 6米25, 2m35: the digits right after a unit (pack ``decimal_after_unit``) are its decimal part."""
    if c.value is None or c.value_max is not None or not float(c.value).is_integer() or "." in t[num.start:num.end]:
        return
    units = _words("decimal_after_unit", lang)
    if not units or not any(t.endswith(u, 0, c.end) for u in units):
        return
    m = re.compile(r"\d{1,3}(?![\d%]|[.,]\d|\s?[年月日時时分秒米点點号號])").match(t, c.end)
    if m:
        c.value = c.value + float("0." + m.group())
        c.end = m.end()


def _extend_range(t: str, num: _Num, lang: str, c: _Cand) -> None:
    """15~20초, 1∼2년, 15-20 seconds, 5至6年, 1~2조원, five to ten years, between 15 and 20, 三四六億至三五八億."""
    sep = _RANGE_SEP[lang]
    between = re.search(r"(?i)\bbetween\s+$", t[max(0, c.start - 10):c.start]) if lang == "en" else None
    if between:
        sep += r"|\s+and\s+"
    if c.value is None or num.vague or c.value_max is not None:
        return
    gen = _generic(lang)
    if gen is not None:  # a pack language: number, range word of the pack, number (with scale words)
        n2 = rf"(?P<n2>(?i:{gen['arabic']}|{gen['word']})(?i:{gen['scale']})?)"
        rm = re.compile(rf"(?:{sep}){n2}(?![\d.,])").match(t, c.end)
        if rm:
            v2, scaled2, factor = _generic_value(lang, rm.group("n2"))
            v1 = c.value * factor if scaled2 and not c.scaled else c.value
            if v2 > v1:
                c.value, c.value_max, c.end, c.scaled = v1, v2, rm.end(), c.scaled or scaled2
        return
    if num.native:
        if lang == "en":
            rm = re.compile(rf"(?:{sep})(?P<w>(?i:{_EN_WORD_NUM}))\b").match(t, c.end)
            if rm and _en_word_value(rm.group("w")) > c.value:
                c.value_max, c.end = _en_word_value(rm.group("w")), rm.end()
        elif lang in ("zh", "ja"):
            rm = re.compile(rf"(?:{sep})(?P<c>{_CJK_NUM})").match(t, c.end)
            if rm:
                v2 = cjk_value(rm.group("c"))
                if v2 > c.value:
                    c.value_max, c.end = v2, rm.end()
    else:
        rm = re.compile(rf"(?:{sep})(?P<n2>{_EN_NUM if lang == 'en' else _NUM_CJK_ARABIC})(?![\d.])").match(t, c.end)
        if rm:
            v2, scaled2 = parse_amount(rm.group("n2"))
            v1 = c.value * _scale_of(rm.group("n2")) if scaled2 and not c.scaled else c.value
            if _is_year(num, t) and ("," in rm.group("n2") or v2 > 3000):
                return  # "in 2018—22,867 structures": a year, then the figure, not a range from 2018
            if v2 > v1:
                c.value, c.value_max, c.end, c.scaled = v1, v2, rm.end(), c.scaled or scaled2
    if between and c.value_max is not None:
        c.start = max(0, c.start - 10) + between.start()


def _range_after_unit(t: str, num: _Num, lang: str, c: _Cand) -> None:
    """54%-59%, 3.4%至5.6%, 20 km to 30 km: a range whose unit is written after both numbers."""
    if c.value is not None and c.value_max is None and not num.vague and c.category == "money" and lang != "en":
        _money_range_after_unit(t, lang, c)
        return
    if c.value is None or c.value_max is not None or num.vague or c.category in ("count", "money", ""):
        return
    gen = _generic(lang)
    rm = re.compile(rf"(?:{_RANGE_SEP[lang]})(?P<n2>{gen['arabic'] if gen else _ARABIC})").match(t, c.end)
    if not rm:
        return
    um = _match_unit(t, rm.end(), lang)
    if um is None or um[1] != c.category or um[2] != c.unit:
        return
    v2 = _generic_value(lang, rm.group("n2"))[0] if gen else float(rm.group("n2").replace(",", ""))
    if v2 > c.value:
        c.value_max, c.end = v2, um[0]


def _money_range_after_unit(t: str, lang: str, c: _Cand) -> None:
    """47億元至56億元, 230억 엔~280억 엔: one range when the second amount repeats the currency (新台幣47億元至56億元:
    the bare 元 of the second takes the first's currency). English "$5 trillion to $7 trillion" stays two figures."""
    rm = re.compile(rf"(?:{_RANGE_SEP[lang]})(?P<n2>{_NUM_CJK_ARABIC})").match(t, c.end)
    if not rm or rm.group("n2")[-1:] in "年월月일日":
        return
    um = _match_unit(t, rm.end(), lang)
    if um is None or um[1] != "money" or (um[2] != c.unit and um[2] != _BARE_YUAN.get(lang)):
        return
    v2, _ = parse_amount(rm.group("n2"))
    if v2 > c.value:
        c.value_max, c.end = v2, um[0]


_BARE_YUAN = {"zh": "CNY"}  # 新台幣47億元至56億元: the second 元 is read as yuan until the document says otherwise


def _approx_infix(t: str, num: _Num, lang: str, c: _Cand) -> int:
    """100여 명, 30多年, 100余人, 100多万: approximate, lower bound; return where the unit starts."""
    if lang == "en":
        return c.end
    if re.search(r"[多余여]", t[num.start:num.end]):
        c.approximate, c.bound, c.odd = True, "lower", True
    im = re.compile(rf"[ ]?(?:{_INFIX_APPROX[lang]})(?=[ ]?\S)").match(t, c.end)
    if im and _match_unit(t, im.end(), lang):
        c.approximate, c.bound, c.odd = True, "lower", True
        return im.end()
    return c.end


def _attach_unit(t: str, num: _Num, lang: str, c: _Cand, unit_pos: int) -> bool:
    """Currency before the number, or a unit/classifier after it, or a resolution suffix."""
    cur = _currency_before(t, c.start, lang)
    if cur is not None:
        c.start, c.category, c.unit = cur[0], "money", cur[1]
        sm = _SHORT_SCALE.match(t, c.end)
        if sm and not c.scaled:
            f = _EN_SCALE.get(sm.group(1).lower()) if sm.group(1) else _SHORT[sm.group(2).lower()]
            c.value = c.value * f if c.value is not None else None
            c.value_max = c.value_max * f if c.value_max is not None else None
            c.end = sm.end()
        um = _match_unit(t, c.end, lang)
        if um and um[1] == "money":  # "$100 billion dollars", 台幣1.5兆元: absorb the repeated currency word
            c.end = um[0]
        return True
    um = _match_unit(t, unit_pos, lang)
    if um is not None:
        c.end, c.category, c.unit, c.added = um
        if lang == "en" and c.unit == "GBP" and not _pound_is_money(t, c):
            c.category, c.unit = "mass", "lb"  # "about 4.4 pounds (2 kilograms) of samples"
        return True
    if num.vague or not c.value:
        return False
    for suffix in _words("day_count_suffix", lang):  # 184日的會期: no month has a 184th day, so it counts days
        if t.startswith(suffix, c.end) and c.value > 31 and c.value == int(c.value) and not num.scaled \
                and not _month_day_typo(t, num, c.end + len(suffix), lang):
            c.end, c.category, c.unit = c.end + len(suffix), "duration", "day"
            return True
    raw = t[num.start:num.end]
    if "." in raw or (_generic(lang) or {}).get("dec", ".") in raw:  # 15.5일, 46.17s: units only a decimal can carry
        for pat, cat, unit in _pack(lang).get("decimal_only_units", []):
            dm = re.compile(rf"[ ]?(?:{pat})").match(t, c.end)
            if dm and not (lang == "ko" and not _KO_FOLLOW.match(t, dm.end())):
                c.end, c.category, c.unit = dm.end(), str(cat), str(unit)
                return True
    if re.match(r"p(?![A-Za-z0-9])", t[c.end:c.end + 2]) and 144 <= c.value <= 4320:
        c.category, c.unit, c.end = "resolution", "p", c.end + 1
        return True
    if re.match(r"K(?![A-Za-z0-9])", t[c.end:c.end + 2]) and c.value in (2, 4, 5, 8, 16):
        c.category, c.unit, c.end = "resolution", "K", c.end + 1
        return True
    return False


def _month_day_typo(t: str, num: _Num, after: int, lang: str) -> bool:
    """厚生勞動相925日正式批准: digits that read as a month and a day (9|25) before the day word, with no duration word
    after it (pack ``day_count_after``: 184日的會期, 925日間), are a date missing its month word, not 925 days."""
    m = re.fullmatch(r"([1-9]|1[0-2])(0[1-9]|[12]\d|3[01])", t[num.start:num.end])
    if m is None:
        return False
    rx = _context_re("day_count_after", lang)
    return not (rx is not None and rx.match(t, after))


def _pound_is_money(t: str, c: _Cand) -> bool:
    """The word "pound(s)" after a number is sterling when written as such, when the amount is scaled (5 million
    pounds) or when the clause speaks of money (pack ``pound_money_context``); otherwise it is a weight."""
    word = t[c.start:c.end]
    if c.scaled or re.search(r"(?i)sterling|GBP", word):
        return True
    kilos = r"\s?[(（]\s?(?:about\s+|approximately\s+|some\s+)?[\d.,]+\s?(?:kilo(?:gram)?s?|kg)\b"
    if re.match(kilos, t[c.end:c.end + 40]):
        return False
    ctx = _context_re("pound_money_context", "en")
    clause = re.split(r"[.;!?\n]", t[max(0, c.start - 120):c.end + 60].replace(word, " "))
    return bool(ctx is not None and ctx.search(" ".join(clause)))


def _attach_count(t: str, num: _Num, lang: str, c: _Cand) -> bool:
    """English counts named by a noun (720,000 ... graphics cards); bare large numbers (1.5 million, 10만, 数百万)."""
    if lang == "en" and not num.article_one:
        cu = _en_count_unit(t, c.end)
        year_like = re.fullmatch(r"(?:19|20)\d{2}", t[num.start:num.end])
        if cu is not None and not (year_like and c.value_max is None):
            c.category, c.unit, c.end = "count", cu[0], cu[1]
            per = _EN_PER.match(t, c.end)
            if per:
                c.category, c.unit, c.end = "rate", f"{cu[0]}/{per.group(1)}", per.end()
            return True
    if num.needs_noun:
        return False  # "several" with no counted noun after it
    if (c.scaled or (num.vague and not num.bare_su)) and not num.native:
        noun = _noun_after(t, c.end) if lang != "en" else None
        c.category, c.unit = "count", noun[0] if noun else ""
        return True
    return False


def _is_fraction(t: str, c: _Cand, lang: str) -> bool:
    """1억분의 1, 3분의 1, 三分之一, 3分の1, one-millionth: a fraction, not a count or duration."""
    return bool(re.match(r"[ ]?(?:분의|分之|分の)", t[c.end:c.end + 4])) if lang != "en" else bool(
        re.match(r"-?(?:hundredth|thousandth|millionth|billionth)s?\b", t[c.end:c.end + 13]))


@lru_cache(maxsize=32)
def _partitive_re(lang: str) -> re.Pattern[str] | None:
    """Pack ``partitive_before``: words after which "one" counts one of a group (其中一人), not an article."""
    words = _words("partitive_before", lang)
    return re.compile(rf"(?:{_alternation(words)})\s?$") if words else None


def _count_ok(t: str, num: _Num, lang: str, c: _Cand) -> bool:
    part = _partitive_re(lang) if num.article_one else None
    # 机上有6人,其中一人逃出: one of the six, a count
    article = num.article_one and not (part is not None and part.search(t, max(0, num.start - 6), num.start))
    if article or (num.bare_su and t[num.end:num.end + 1] != " "):
        return False  # 한 블로거 / 一条 (articles); 수명 (lifespan), not 수 명
    if lang == "en" and re.search(r"(?i)\b(?:one|\d+)\s+(?:in|out\s+of)\s+$", t[max(0, num.start - 14):num.start]):
        return False  # one in five people: a ratio
    if lang == "en" and not num.vague and not num.native and _model_name_before(t, num.start):
        return False  # Boeing 737 flights, Office 365 users: a model name, not a count
    if lang == "ko" and c.unit == "unit":
        machine = _KO_MACHINE.search(t[max(0, num.start - 12):num.start])
        nxt = t[c.end:c.end + 2]
        particle = re.match(r"[를을가이의는도와과로]|에(?![가-힣]{2})|$|[^\s가-힣]", nxt)
        decade = c.value in (10, 20, 30, 40, 50, 60, 70, 80, 90)
        if not machine and (decade or not particle):
            return False  # 20대 여성, 50대 경찰관 (age brackets), 3대 기업 (the big three)
    if lang == "zh" and c.unit == "person" and re.search(r"[前后後头頭]$", t[max(0, num.start - 1):num.start]):
        return False  # 前两名: the top two, a rank
    if lang != "en" and c.unit in _GENERIC_CLASSIFIERS:
        after = _noun_after(t, c.end)
        before = _noun_before(t, num.start)
        c.unit = after[0] if after else before or c.unit
    return True


_NAME_BEFORE = re.compile(r"(?<![\w'’])([A-Z][A-Za-z0-9]*[A-Za-z0-9]|[a-z]+[A-Z][A-Za-z0-9]*|[A-Z])[\s-]$")


def _model_name_before(t: str, start: int) -> bool:
    """A capitalised or product-like token right before the number (Boeing 737, Model 3, eVTOL 2, RTX 4090).
    In a Title Case headline ("Quake Kills 30 People") a capitalised word says nothing, only a product-like one."""
    prev = _NAME_BEFORE.search(t[max(0, start - 30):start])
    if not prev or prev.group(1).lower() in _not_names("en"):
        return False
    word = prev.group(1)
    return not (_title_case(t, start) and re.fullmatch(r"[A-Z][a-z]+", word))


def _title_case(t: str, pos: int) -> bool:
    """Most words around ``pos`` are capitalised (a headline in Title Case)."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", t[max(0, pos - 50):pos + 50])
    long = [w for w in words if len(w) > 3]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) / len(long) >= 0.7


def _money_clause(t: str, start: int, lang: str) -> bool:
    """A money word (票房, 매출, 売上) earlier in the same clause."""
    ctx = _context_re("money_context", lang)
    if ctx is None:
        return False
    clause = re.split(r"[,，;；。!?！？\n]", t[max(0, start - 60):start])[-1]
    return bool(ctx.search(clause))


def _duration_ok(t: str, num: _Num, lang: str, c: _Cand) -> bool:
    if _is_year(num, t) and c.unit in ("year", "decade"):
        return False  # 2024년, 2028年
    if c.unit == "year" and re.match(r"\s?\d{1,2}\s?[월月]", t[c.end:c.end + 5]):
        return False  # 24년 3월
    if lang != "en" and c.unit == "year" and c.value is not None and c.value < 100 and not num.native \
            and re.match(r"[ ]?(?:に|には|から|まで|度|의|에|부터|까지|起|到)", t[c.end:c.end + 2]) \
            and re.search(r"(?:19|20)\d{2}\s?[年년]", t[max(0, c.start - 60):c.start]):
        return False  # 2018年に到着し…20年に持ち帰る: "20年" is 2020
    if lang == "ko" and c.unit in ("year", "hour", "month"):
        hm = re.compile(r"[ ]?반(?![가-힣]{2})").match(t, c.end)  # 1년 반, 1시간 반
        if hm:
            c.added, c.end = 0.5, hm.end()
    if lang in ("zh", "ja") and c.unit == "minute" and t[c.end - 1:c.end] == "分":
        ctx = _context_re("score_context", lang)
        if ctx is not None and ctx.search(t[max(0, c.start - 30):c.end + 10]):
            c.category, c.unit = "score", "point"  # 80分 in a sentence about a test score
    return True


def _age_ok(t: str, num: _Num, lang: str, c: _Cand) -> bool:
    if lang == "ko" and num.native and t[c.end - 1:c.end] == "세":
        return False  # 세 is also "three"
    return c.value is None or 0 < c.value <= 130


def _score_ok(t: str, num: _Num, lang: str, c: _Cand) -> bool:
    if lang == "ko":
        return not num.native
    ctx = _context_re("score_context", lang)
    if lang == "en":
        return True
    if ctx is not None and ctx.search(t[max(0, c.start - 30):c.end + 10]):
        return True
    if lang == "ja" and t[c.end - 1:c.end] == "点":
        c.category, c.unit = "count", "item"  # 作品10点: ten items
        return True
    return False


_NEG_BEFORE = {"ko": r"(?:영하\s?|[-−])$", "zh": r"(?:零下\s?|[-−])$", "ja": r"(?:マイナス\s?|氷点下\s?|[-−])$",
               "en": r"(?:(?i:minus)\s+|(?<![\w-])[-−])$"}


def _physical_ok(t: str, num: _Num, lang: str, c: _Cand) -> bool:
    """Context checks for physical units that are also ordinary words (도/度 = degree; m; キロ)."""
    if num.native and lang == "ko":
        return False
    if c.category == "temperature":
        before = t[max(0, c.start - 8):c.start]
        neg = re.search(_NEG_BEFORE[lang], before)
        if c.unit == "deg" and lang != "en":
            ctx = _context_re("temperature_context", lang)
            window = t[max(0, c.start - 30):c.end + 8]
            if not neg and not (ctx is not None and ctx.search(window)):
                return False  # 30도 angle, 三度 (three times)
            c.unit = "°C"
        if lang != "en" and c.unit == "deg":
            c.unit = "°C"
        if neg:
            c.start -= len(neg.group())
            c.value = -c.value if c.value is not None else None
            if c.value_max is not None:
                c.value, c.value_max = -c.value_max, c.value
    if c.category == "length" and c.unit == "m" and lang == "en" and c.value is not None and c.value >= 1e6:
        return False
    return True


def _qualifiers(t: str, lang: str, c: _Cand) -> None:
    _pre_qualifier(t, lang, c)
    pm = _POST_QUAL[lang].match(t, c.end)
    if pm and not (lang == "zh" and pm.group().strip() == "多" and c.category != "duration"
                   and c.category not in PHYSICAL):
        lower, upper = _POST_BOUND[lang]
        if lower.match(pm.group()):
            c.bound = "lower"
        elif upper.match(pm.group()):
            c.bound = "upper"
        c.odd = c.odd or pm.group().strip() in ("余り", "あまり", "多", "余", "餘")
        c.end, c.approximate = pm.end(), True
    if lang == "zh" and c.category == "duration" and re.search(r"[个個]多", t[c.start:c.end]):
        c.bound, c.approximate, c.odd = "lower", True, True  # 2个多月, 3个多小时: more than N (a bound keeps N)
    if lang == "ko" and c.category in ("percent", "money") and _KO_LEVEL.match(t, c.end):
        c.end, c.approximate, c.bound = c.end + 1, True, "lower"  # 3%대, 1만원대: "in the 3% range", at least 3%


_KO_LEVEL = re.compile(r"대(?![비상출형표학회체응책통])")


def _pre_qualifier(t: str, lang: str, c: _Cand) -> None:
    for _ in range(2):  # stacked qualifiers: 最大で約7300億円, up to about 5 km
        qs = _qualifier_before(t, c.start, lang)
        if qs is None:
            return
        c.start, c.approximate = qs, True
        lower, upper = _PRE_BOUND[lang]
        word = t[qs:].lstrip()
        if lower.match(word):
            c.bound = "lower"
        elif upper.match(word):
            c.bound = "upper"
        if lang == "en" and re.match(r"(?i)on\s+the\s+order\s+of", word):
            c.bound = ""


def _verb_bounds(t: str, lang: str, c: _Cand) -> None:
    """600mm가 넘는, 50m/sを超える, exceed 100 degrees: a bound from a verb outside the figure's text."""
    lower, upper = _VERB_BOUND_AFTER[lang]
    rest = t[c.end:c.end + 8]
    if lower.match(rest):
        c.bound = "lower"
    elif upper.match(rest):
        c.bound = "upper"
    if lang == "en" and not c.bound and _VERB_BOUND_BEFORE_EN.search(t[max(0, c.start - 16):c.start]):
        c.bound = "lower"
    if lang == "zh" and not c.bound and re.search(r"(?:突破|超越|跨越)\s?$", t[max(0, c.start - 4):c.start]):
        c.bound = "lower"  # 票房突破100亿元


_EVERY = {"en": r"(?i)\bevery\s+$", "zh": r"每[隔]?\s?$", "ko": r"매\s?$", "ja": r"毎\s?$"}


def _frequency(t: str, lang: str, c: _Cand) -> None:
    """every three weeks, 每三周, 3주마다 (unit table), 3週間ごと (unit table): a frequency, not a duration."""
    if c.category != "duration":
        return
    pre = _EVERY.get(lang)
    m = re.search(pre, t[max(0, c.start - 8):c.start]) if pre else None
    if m:
        c.category, c.start = "frequency", c.start - len(m.group())


_SPEED_PREFIX = {"ko": (r"초속\s?$", r"(?:시속|시간당)\s?$"), "zh": (r"秒速\s?$", r"(?:时速|時速|每小时|每小時)\s?$"),
                 "ja": (r"秒速\s?$", r"(?:時速\s?|(?:1|一)?時間(?:に|当たり|あたり)\s?)$"), "en": (r"(?!)", r"(?!)")}


def _speed_context(t: str, lang: str, c: _Cand) -> bool:
    """초속 45m, 시속 61㎞, 每小時逾二百公里, 1時間に35キロ, 風速25メートル: a speed written as a length."""
    if c.category != "length" or lang == "en":
        return False
    per_s, per_h = _SPEED_PREFIX[lang]
    before = t[max(0, c.start - 8):c.start]
    ms, mh = re.search(per_s, before), re.search(per_h, before)
    if ms and c.unit == "m":
        c.category, c.unit, c.start = "speed", "m/s", c.start - len(ms.group())
        return True
    if mh and c.unit == "km":
        c.category, c.unit, c.start = "speed", "km/h", c.start - len(mh.group())
        return True
    if mh and c.unit == "mm":  # 1時間に約100ミリ, 시간당 50mm: a rain rate
        c.category, c.unit, c.start = "rate", "mm/h", c.start - len(mh.group())
        return True
    wind = _context_re("wind_context", lang)
    if c.unit == "m" and wind is not None:
        window = t[max(0, c.start - 14):c.start] + "|" + t[c.end:c.end + 4]
        if wind.search(window) or (lang == "ja" and re.match(r"の?(?:暴風|強風|風)", t[c.end:c.end + 3])):
            c.category, c.unit = "speed", "m/s"
    if lang == "ja" and c.unit == "km" and re.search(r"時速", t[max(0, c.start - 14):c.start]):
        c.category, c.unit = "speed", "km/h"
    if lang == "ja" and c.unit == "km" and re.search(r"体重|重さ|重量", t[max(0, c.start - 12):c.end + 2]):
        c.category, c.unit = "mass", "kg"  # キロ is kilograms where weight is meant
    return False


def _scale_of(s: str) -> float:
    """The large-unit factor of a number's first segment ('2조' -> 1e12, '2 billion' -> 1e9, '20' -> 1)."""
    m = re.match(rf"\s*(?:{_ARABIC})([십백천十百千]?)((?:\s?[多余여]?[만억조万萬亿億兆])*)\s*(\w*)", s)
    if not m:
        return 1.0
    f = _SMALL.get(m.group(1), 1.0) if m.group(1) else 1.0
    for ch in re.sub(r"[\s多余여]", "", m.group(2)):
        f *= _BIG[ch]
    return f * _EN_SCALE.get(m.group(3).lower(), 1.0)


_EN_HALF = re.compile(rf"\b(?P<n>\d+|(?i:{_EN_WORD_NUM}))\s+and\s+a\s+half\s+"
                      r"(?P<u>years|hours|months|weeks|days|minutes)\b",
                      re.IGNORECASE)
_RACE_TIME = re.compile(r"(?<![\d:.])(\d):(\d{2}):(\d{2})(?:\.\d)?(?![\d:])")
# 14:31.02, minutes:seconds.hundredths of a race (a clock time never has hundredths)
_SPLIT_TIME = re.compile(r"(?<![\d:.])(\d{1,2}):([0-5]\d)\.(\d{1,3})(?![\d:.])")


def _lexical(t: str, lang: str, blocked: list[tuple[int, int]]) -> list[Figure]:
    out = []
    lexical = _LEXICAL.get(lang, []) + [(str(p), float(v), str(u), str(c))
                                        for p, v, u, c in _pack(lang).get("lexical", [])]
    nb = _words("lexical_rate_after", lang)
    not_before = re.compile("|".join(f"(?:{w})" for w in nb)) if nb else None
    for pat, value, unit, cat in lexical:
        for m in re.finditer(pat, t, re.IGNORECASE if lang == "en" else 0):
            if _overlaps(m.start(), m.end(), blocked) or (not_before and not_before.match(t, m.end())):
                continue  # 하루 6억 엔, 하루 관람객이 20만 명: "per day", the denominator of a rate
            u = unit or m.group(1).lower().rstrip("s")
            out.append(_qualified(t, lang, m.start(), m.end(), float(value), None, u, cat))
    if lang == "en" and "half" in t.lower():
        for m in _EN_HALF.finditer(t):
            n = m.group("n")
            v = float(n) if n.isdigit() else _en_word_value(n)
            out.append(_qualified(t, lang, m.start(), m.end(), v + 0.5, None, m.group("u").lower().rstrip("s"),
                                  "duration"))
    # 2:07:30, a finishing time (clock times have two-digit hours or no seconds)
    for m in _RACE_TIME.finditer(t) if ":" in t else ():
        v = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
        out.append(_qualified(t, lang, m.start(), m.end(), float(v), None, "second", "duration"))
    for m in _SPLIT_TIME.finditer(t) if ":" in t else ():  # minutes:seconds.hundredths of a race
        v = int(m.group(1)) * 60 + int(m.group(2)) + float("0." + m.group(3))
        out.append(_qualified(t, lang, m.start(), m.end(), round(v, 6), None, "second", "duration"))
    out.extend(_fractions_of_unit(t, lang, blocked))
    return out


def _fractions_of_unit(t: str, lang: str, blocked: list[tuple[int, int]]) -> list[Figure]:
    """1000分の5秒, 千分之五秒, 1000분의 5초: a fraction of a unit is a quantity of that unit (pack ``fraction_words``,
    ``fraction_units``); a bare fraction (3분의 1) stays no figure."""
    words, units = _words("fraction_words", lang), _pack(lang).get("fraction_units", [])
    if not words or not units or not any(w in t for w in words):
        return []
    out = []
    num = rf"{_ARABIC}|{_CJK_NUM}"
    for pat, cat, unit in units:
        rx = re.compile(rf"(?<![\d.])(?P<d>{num})\s?(?:{_alternation(words)})\s?(?P<n>{num})\s?(?:{pat})")
        for m in rx.finditer(t):
            if _overlaps(m.start(), m.end(), blocked):
                continue
            d, n = _any_value(m.group("d")), _any_value(m.group("n"))
            if d > 0:
                out.append(_qualified(t, lang, m.start(), m.end(), round(n / d, 12), None, str(unit), str(cat)))
    return out


def _qualified(t: str, lang: str, start: int, end: int, value: float | None, value_max: float | None, unit: str,
               cat: str, vague: bool = False) -> Figure:
    c = _Cand(start, end, value, value_max, False, category=cat, unit=unit)
    _qualifiers(t, lang, c)
    _verb_bounds(t, lang, c)
    return Figure(start=c.start, end=c.end, text=t[c.start:c.end], value=c.value, value_max=c.value_max, unit=c.unit,
                  category=c.category, approximate=c.approximate, vague=vague, bound=c.bound)


_ZH_PCT = re.compile(rf"百分之(?P<a>{_ARABIC}|{_CJK_NUM}|[{_CJK_D}]+)(?:\s?(?:到|至|-|~|～)\s?(?:百分之)?"
                     rf"(?P<b>{_ARABIC}|{_CJK_NUM}|[{_CJK_D}]+))?")
_MAGNITUDE = {
    "en": [re.compile(r"(?i:magnitude)(?:\s+of)?\s+(?P<a>\d(?:\.\d+)?)(?![\d.,]|\s?(?:%|percent|km|kilomet|miles))"),
           re.compile(r"(?P<a>\d(?:\.\d+)?)[-\s](?i:magnitude)\b"),
           re.compile(r"(?<![A-Za-z0-9])[Mm][Ww]?\s?(?P<a>\d\.\d)(?![\d.])"),
           re.compile(r"(?P<a>\d(?:\.\d)?)(?:\s?[–-]\s?(?P<b>\d(?:\.\d)?))?(?=\s+on\s+the\s+(?:(?:moment|local)\s+)?"
                      r"(?:magnitude|Richter)\s+scale)"),
           re.compile(r"(?<=magnitude)\b[^.;]{0,60}?\b(?:at|of|was|is|measured|registered|reached)\s+"
                      r"(?P<a>\d\.\d)\b(?!\s?(?:%|percent|km|kilomet|mi\b|miles|m\b))", re.IGNORECASE)],
    "ko": [re.compile(r"규모\s?(?P<a>\d(?:\.\d)?)(?![\d.])"),
           re.compile(r"(?<![A-Za-z])M[Ljw]?\s?(?P<a>\d(?:\.\d)?)(?![\d.])")],
    "zh": [re.compile(r"(?:里氏|芮氏|規模|规模|震[级級](?:达|達|为|為|是)?)\s?(?P<a>\d(?:\.\d)?)\s?[级級]?"),
           re.compile(r"(?P<a>\d(?:\.\d)?)\s?[级級](?=(?:强|強)?(?:地震|强震|強震|餘震|余震))"),
           re.compile(r"(?<![A-Za-z])M[Ljw]?\s?(?P<a>\d(?:\.\d)?)(?![\d.])")],
    "ja": [re.compile(r"マグニチュード(?:\s?[(（]M[)）])?(?:を|は|が)?\s?(?P<a>\d(?:\.\d)?)(?:規模)?"),
           re.compile(r"(?<![A-Za-z])M[jw]?\s?(?P<a>\d(?:\.\d)?)(?![\d.])")],
}
_QUAKE_HINT = re.compile(r"(?i)magnitude|richter|[MＭ][LjwＷ]?\s?\d|규모|级|級|マグニチュード|震")
_QUAKE = re.compile(r"地震|震|지진|earthquake|quake|tremor|magnitude|マグニチュード|규모", re.IGNORECASE)
_INTENSITY = {"ja": re.compile(r"震度\s?(?P<a>[0-7])\s?(?:強|弱)?"),
              "ko": re.compile(r"진도\s?(?P<a>\d{1,2})(?![\d.])")}
_AGE = {
    "en": [re.compile(r"(?i)\baged\s+(?:(?:over|under|about|around|between)\s+)?(?P<a>\d{1,3})"
                      r"(?:\s*(?:to|-|–|and)\s*(?P<b>\d{1,3}))?\b"),  # aged 4 to 17
           re.compile(r"\b(?P<name>[A-Z][a-z]+), (?P<a>\d{1,2}),\s"),
           re.compile(r"(?i)\b(?:average\s+|median\s+|mean\s+)?age(?:\s+of)?\s+(?P<a>\d{1,3})\b(?![.,]\d|\s*%)"),
           re.compile(r"(?i)\b(?P<a>\d{1,3})\s+years?\s+of\s+age\b"),
           re.compile(r"(?i)\b(?:adults|people|persons|patients|women|men|children|those)\s+(?P<a>\d{1,3})"
                      r"(?=\s+(?:and|or)\s+(?:over|older|above|up)\b)")],
    "ko": [re.compile(r"(?<=[가-힣])\((?P<a>\d{1,3})\)(?![일월년시분호])")],
    "ja": [re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff])\((?P<a>\d{1,3})\)(?![日月年時分号])")],
    "zh": [],
}


_EN_TOLL = [  # bare counts of people that news phrasing makes clear: "222 were reported dead", "the toll rose to 64"
    re.compile(rf"(?<![\w.,])(?P<a>{_ARABIC})(?=\s+(?:were|have\s+been|had\s+been|are|was)\s+(?:reported\s+|confirmed\s+)?"
               r"(?:killed|dead|injured|missing|hurt|wounded|arrested|evacuated|rescued|hospitali[sz]ed|displaced)\b)"),
    re.compile(rf"\btoll\s+(?:has\s+|had\s+)?(?:rose|risen|climbed|stood|stands|reached|jumped|hit|was|is|of)\s+"
               rf"(?:to\s+|at\s+)?(?P<a>{_ARABIC})(?![\w.,]|\s+(?:percent|%))"),
    # "left more than 5,000 dead", "with 12 injured": the state word stands for the people (a noun after it counts them)
    re.compile(rf"(?<![\w.,$€£¥])(?P<a>{_ARABIC})(?=\s+(?:dead|killed|injured|wounded|missing)\b"
               r"(?!\s+(?:[a-z]+s|people|children|men|women)\b|-))"),
]

# "the market ... currently stands at around 100,000, while ...": a bare grouped number a level verb puts a count at
# (a unit word after it is left to the unit tables; a conjunction or a preposition may follow)
_EN_STANDS_AT = re.compile(
    r"\b(?:stands|stood|standing|stand)\s+at\s+(?:(?:around|about|roughly|some|nearly|almost|approximately|over|"
    r"more\s+than|just\s+over|just\s+under|under)\s+)?(?P<a>\d{1,3}(?:,\d{3})+)(?![\w%]|[.,]\d|\s+(?!(?:and|while|"
    r"but|in|as|by|for|with|from|this|last|according|compared|a|an|the)\b)[A-Za-z])")


# "chips of 6/7 nm", "12/16nm": a pair of process nodes written with a slash is one size range, not a date or a
# fraction (only before a nanometre unit: "3/4 mile" is a fraction)
_NODE_PAIR = re.compile(r"(?<![\d/.,])(?P<a>\d{1,2})\s?/\s?(?P<b>\d{1,2})\s?(?:-?nanomet(?:er|re)s?|nm(?![A-Za-z])|"
                        r"나노(?:미터)?|纳米|奈米|納米|ナノ(?:メートル)?)")


def _special(t: str, lang: str, blocked: list[tuple[int, int]]) -> list[Figure]:
    """Figures whose number is not followed by its unit: 百分之二十, magnitude 7.9, M8・1, 震度6, aged 85, 女性(70)."""
    out: list[Figure] = []
    for m in _NODE_PAIR.finditer(t) if "/" in t else ():
        a, b = sorted((float(m.group("a")), float(m.group("b"))))
        if a < b:
            out.append(_qualified(t, lang, m.start(), m.end(), a, b, "nm", "length"))
    if lang == "zh":
        for m in _ZH_PCT.finditer(t):
            a = _any_value(m.group("a"))
            b = _any_value(m.group("b")) if m.group("b") else None
            out.append(_qualified(t, lang, m.start(), m.end(), a, b if b and b > a else None, "%", "percent"))
    for rx in _MAGNITUDE.get(lang, []) if _QUAKE_HINT.search(t) else []:
        for m in rx.finditer(t):
            a = float(m.group("a"))
            if not 0 < a < 10 or _overlaps(m.start("a"), m.end("a"), blocked):
                continue
            if lang != "en" and "." not in m.group("a") and t[m.start():m.start() + 1] == "M":
                if not _QUAKE.search(t[max(0, m.start() - 40):m.end() + 40].replace(m.group(), "")):
                    continue  # M3 with no earthquake around it is a model name
            b = float(m.group("b")) if "b" in rx.groupindex and m.group("b") else None
            start = m.start("a") if rx.pattern.startswith("(?<=magnitude)") else m.start()
            out.append(_qualified(t, lang, start, m.end(), a, b if b and b > a else None, "M", "magnitude"))
    if lang == "en" and re.search(r"\b(?:toll|were|was|are|been|dead|killed|injured|wounded|missing)\b", t):
        for rx in _EN_TOLL:
            for m in rx.finditer(t):
                if _overlaps(m.start("a"), m.end("a"), blocked) or re.fullmatch(r"(?:19|20)\d{2}", m.group("a")):
                    continue
                out.append(_qualified(t, lang, m.start("a"), m.end("a"), float(m.group("a").replace(",", "")), None,
                                      "person", "count"))
    if lang == "en" and ("stand" in t or "stood" in t):
        for m in _EN_STANDS_AT.finditer(t):
            if not _overlaps(m.start("a"), m.end("a"), blocked):
                out.append(_qualified(t, lang, m.start("a"), m.end("a"), float(m.group("a").replace(",", "")), None,
                                      "", "count"))
    irx = _INTENSITY.get(lang)
    if irx is not None:
        for m in irx.finditer(t):
            out.append(Figure(start=m.start(), end=m.end(), text=m.group(), value=float(m.group("a")),
                              unit="shindo" if lang == "ja" else "intensity", category="intensity"))
    age_hint = lang != "en" or re.search(r"(?i)\bage|, \d|\b(?:and|or) (?:over|older)", t)
    for rx in _AGE.get(lang, []) if age_hint else []:
        for m in rx.finditer(t):
            a = float(m.group("a"))
            if not 0 < a <= 120 or _overlaps(m.start("a"), m.end("a"), blocked):
                continue
            if m.group().startswith("(") and not 10 <= a <= 110:
                continue  # 방안(2): a list number
            if "name" in rx.groupindex and m.group("name").lower() in _not_names("en"):
                continue
            whole = lang == "en" and bool(re.match(r"(?i)aged|age|average|median|mean|\d", m.group()))
            s, e = (m.start(), m.end()) if whole else (m.start("a"), m.end("a"))
            bound = ""
            if lang == "en":
                q = re.match(r"(?i)aged\s+(over|under)", m.group())
                post = re.match(r"(?i)\s+(?:or|and)\s+(?:over|older|above|more|up)\b", t[e:e + 14])
                if post:
                    e, bound = e + post.end(), "lower"
                elif q:
                    bound = "lower" if q.group(1).lower() == "over" else "upper"
            b = float(m.group("b")) if "b" in rx.groupindex and m.group("b") else None
            out.append(Figure(start=s, end=e, text=t[s:e], value=a, value_max=b if b and b > a else None, unit="year",
                              category="age", bound=bound))
    return out


def _any_value(s: str) -> float:
    s = s.strip()
    if re.fullmatch(_ARABIC, s):
        return float(s.replace(",", ""))
    return cjk_value(s)


_COMPOUND_SEP = {"en": re.compile(r"\s*,?\s*(?:and\s+)?"), "ko": re.compile(r"[ ]?"), "zh": re.compile(r"[ ]?零?"),
                 "ja": re.compile(r"[ ]?")}


def _merge_compound_durations(t: str, lang: str, figs: list[Figure]) -> list[Figure]:
    """3시간 12분, an hour and 22 minutes, 2時間40分, two hours, five minutes, and six seconds: one duration."""
    out: list[Figure] = []
    for f in figs:
        prev = out[-1] if out else None
        if (prev is not None and prev.category == "duration" and f.category == "duration" and prev.value is not None
                and f.value is not None and prev.value_max is None
                and re.match(r"[\dA-Za-z一二三四五六七八九十两兩]", t[f.start:f.start + 1])
                and _DUR_SECONDS.get(prev.unit, 0) > _DUR_SECONDS.get(f.unit, 0) > 0):
            gap = _COMPOUND_SEP[lang].fullmatch(t, prev.end, f.start)
            if gap:
                base = prev.value * _DUR_SECONDS[prev.unit] / _DUR_SECONDS[f.unit]
                vmax = round(base + f.value_max, 9) if f.value_max is not None else None
                out[-1] = replace(prev, end=f.end, text=t[prev.start:f.end], value=round(base + f.value, 9),
                                  value_max=vmax, unit=f.unit, bound=prev.bound or f.bound,
                                  approximate=prev.approximate or f.approximate)
                continue
        out.append(f)
    return out


@lru_cache(maxsize=32)
def _clock_patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    """The pack's ``clock_readings`` table compiled: (time of day to the minute, minutes-and-seconds reading, what
    may follow a reading, the "same hour" word before one); None when the pack has none or a pattern is bad."""
    tab = _pack(lang).get("clock_readings")
    if not isinstance(tab, dict) or not {"time", "reading", "after"} <= set(tab):
        return None
    try:
        return (re.compile(str(tab["time"])), re.compile(str(tab["reading"])), re.compile(str(tab["after"])),
                re.compile(rf"(?:{tab['same']})\s?$" if tab.get("same") else r"(?!)"))
    except re.error as exc:
        log.warning("figures pack %s: bad clock_readings pattern (%s)", lang, exc)
        return None


_CLOCK_WINDOW = 600  # characters after a time of day within which an hour-less minutes-and-seconds reading follows it
_CLOCK_SPREAD = 15  # minutes a reading may lie from the last time of day given


def _clock_readings(t: str, lang: str, figs: list[Figure]) -> list[Figure]:
    """Drop minutes-and-seconds "durations" that are clock readings with the hour left out: 午後5時45分 ... 同46分13秒に
    ... 46分47秒に停止, 5시47분27초까지 ... 45분11초~19초 사이. A reading counts as one after the "same hour" word (同),
    or when a time of day to the minute (or an earlier reading) stands shortly before it, its minute lies within
    a quarter hour of that time's, it is not approximate (約4分25초 stays a length) and a word of a point in time
    follows it (に, まで, 사이, 까지; not で, の, 동안)."""
    pats = _clock_patterns(lang)
    if pats is None or not figs:
        return figs
    time_re, reading_re, after_re, same_re = pats
    clocks = [(m.end(), int(m.group("min"))) for m in time_re.finditer(t)]
    out: list[Figure] = []
    for f in figs:
        m = reading_re.match(t, f.start)
        if f.category != "duration" or m is None or f.approximate or not after_re.match(t, f.end):
            out.append(f)
            continue
        minute = int(m.group("min"))
        near = [c for c in clocks if c[0] <= f.start and f.start - c[0] <= _CLOCK_WINDOW]
        if same_re.search(t, max(0, f.start - 3), f.start) or (near and abs(minute - near[-1][1]) <= _CLOCK_SPREAD):
            clocks.append((f.end, minute))
            clocks.sort()
            continue
        out.append(f)
    return out


_FAHRENHEIT_DOC = re.compile(r"Fahrenheit|°\s?F\b|℉|\d\s?F\b")


def _carried_unit(t: str, lang: str, figs: list[Figure]) -> list[Figure]:
    """"from 46.70 seconds to 45.94": the second number of a from-to change carries the first one's unit (pack
    ``carried_unit``: [word before the first number, word between the two])."""
    words = _words("carried_unit", lang)
    if len(words) != 2 or not figs:
        return figs
    before, between = (re.escape(w) for w in words)
    rx = re.compile(rf"\s+{between}\s+(?P<n>{_ARABIC})(?![\w%.,°$€£¥])")
    out = list(figs)
    for f in figs:
        if f.value is None or f.vague or f.value_max is not None or f.category in ("count", "age", ""):
            continue
        if not re.search(rf"(?i)\b{before}\s+$", t[max(0, f.start - 8):f.start]):
            continue
        m = rx.match(t, f.end)
        if m and _match_unit(t, m.end(), lang) is None and not _en_count_unit(t, m.end()) \
                and not any(g.start < m.end("n") and m.start("n") < g.end for g in figs):
            v = float(m.group("n").replace(",", ""))
            out.append(Figure(start=m.start("n"), end=m.end("n"), text=m.group("n"), value=v, unit=f.unit,
                              category=f.category))
    return sorted(out, key=lambda x: x.start)


def _elided_unit(t: str, lang: str, figs: list[Figure]) -> list[Figure]:
    """"12 and 16 nanometer chips", "3 or 4 km": a bare number joined to a physical quantity by a word of the pack
    ``elided_unit_joins`` takes that quantity's unit (written once for both)."""
    joins = _words("elided_unit_joins", lang)
    if not joins or not figs:
        return figs
    rx = re.compile(rf"(?<![\w.,\-/])(?P<n>{_ARABIC})\s*(?:{_alternation(joins)})\s*$")
    out = list(figs)
    for f in figs:
        if f.category not in PHYSICAL or f.value is None or f.vague or not re.match(r"\d", t[f.start:f.start + 1]):
            continue
        m = rx.search(t, max(0, f.start - 24), f.start)
        if m is None or any(g.start < m.end("n") and m.start("n") < g.end for g in out):
            continue
        v = float(m.group("n").replace(",", ""))
        if 0 < v < f.value:  # "12 and 16": listed in rising order, as nodes, sizes and distances are
            out.append(Figure(start=m.start("n"), end=m.end("n"), text=m.group("n"), value=v, unit=f.unit,
                              category=f.category))
    return sorted(out, key=lambda x: x.start)


def _resolve_degrees(t: str, lang: str, figs: list[Figure]) -> list[Figure]:
    """Plain "degrees" in English: Fahrenheit when the text uses Fahrenheit or the value is above 60, else Celsius."""
    if not any(f.unit == "deg" for f in figs):
        return figs
    fahrenheit = bool(_FAHRENHEIT_DOC.search(t))
    # above 60 degrees no air temperature is Celsius (the record is 56.7 °C): "above 90 degrees" is Fahrenheit
    return [replace(f, unit="°F" if fahrenheit or (f.value or 0) > 60 else "°C") if f.unit == "deg" else f
            for f in figs]


_OPEN = re.compile(r"\s?[(（]\s?")
_OPEN_WORD_INSIDE = re.compile(r"\s?[(（]\s?[^\W\d_]{1,3}\s")  # 1160억 엔(한화 약 1조 870억 원)
_OPEN_AFTER_WORD = re.compile(r"\s?[^\W\d_]{1,3}\s?[(（]\s?")  # 三五二億美元計算（約新台幣…）: a word between
_CLOSE = re.compile(r"\s?[)）]")
_LIST_SEP = re.compile(r"\s?[,，、]\s?")  # 732 billion yen (NT$153.78 billion, US$4.86 billion): renderings listed
_CLOSE_TAIL = re.compile(r"\s?[·・,，;；/][^()（）\n]{0,20}[)）]")  # 339억달러(약 48조원·통관기준 잠정)


def _renders(t: str, f: Figure, g: Figure) -> bool:
    """``g`` (in parentheses right after ``f``) renders the same amount again."""
    if f.category in ("percent", "age"):
        return False
    if not (_CLOSE.match(t, g.end) or (_CLOSE_TAIL.match(t, g.end) and g.approximate)):
        return False
    if f.category == "duration":  # 0.09秒(0.09秒), 0.005秒(1000分の5秒): only the same length of time, restated
        fs, gs = _DUR_SECONDS.get(f.unit), _DUR_SECONDS.get(g.unit)
        return bool(fs and gs and f.value is not None and g.value is not None and f.value_max is None
                    and math.isclose(f.value * fs, g.value * gs, rel_tol=0.01) and _OPEN.fullmatch(t, f.end, g.start))
    return bool(_OPEN.fullmatch(t, f.end, g.start)
                or (f.category == "money" and g.approximate and _OPEN_AFTER_WORD.fullmatch(t, f.end, g.start))
                or (f.category == "money" and _OPEN_WORD_INSIDE.fullmatch(t, f.end, g.start) is not None))


def _merge_renderings(t: str, lang: str, figs: list[Figure]) -> list[Figure]:
    """1000억달러(약 135조원), 95 kilometers (59 miles), 118 F (47.7 C): one figure; the parenthesis is its
    second rendering (also_text/also_value/also_unit), not a second figure."""
    out: list[Figure] = []
    i = 0
    while i < len(figs):
        f = figs[i]
        g = figs[i + 1] if i + 1 < len(figs) else None
        h = figs[i + 2] if i + 2 < len(figs) else None
        listed = bool(g is not None and h is not None and h.category == f.category
                      and _LIST_SEP.fullmatch(t, g.end, h.start) and _CLOSE.match(t, h.end))
        if g is not None and f.category == g.category and (listed and _OPEN.fullmatch(t, f.end, g.start)
                                                           or _renders(t, f, g)) and f.value is not None:
            close = _CLOSE.match(t, g.end) or _CLOSE_TAIL.match(t, g.end)
            unit = f.unit
            if f.unit == "deg" and g.unit in ("°C", "°F") and g.value is not None:
                as_f = (f.value - 32) * 5 / 9
                unit = "°F" if g.unit == "°C" and abs(as_f - g.value) <= 1.5 else g.unit
            merged = replace(f, unit=unit, also_text=g.text.strip(), also_value=g.value, also_unit=g.unit)
            after = t[close.end():close.end() + 8] if close else ""
            lower, upper = _POST_BOUND[lang]
            vl, vu = _VERB_BOUND_AFTER[lang]
            if lower.match(after) or vl.match(after):
                merged = replace(merged, bound="lower")
            elif upper.match(after) or vu.match(after):
                merged = replace(merged, bound="upper")
            out.append(merged)
            i += 2
            continue
        out.append(f)
        i += 1
    return out


def _local_currency(t: str, lang: str, figs: list[Figure]) -> list[Figure]:
    """A bare 元 is yuan unless the document is in New Taiwan dollars or Hong Kong dollars."""
    if lang != "zh":
        return figs
    declared = _YUAN_DECLARED.search(t)
    if declared:
        word = declared.group(1)
        local = "CNY" if word.startswith("人民") else "TWD" if "台" in word or "臺" in word else "HKD"
    elif _TWD_DOC.search(t) and not re.search(r"人民[币幣]", t):
        local = "TWD"
    else:
        return figs
    explicit = re.compile(r"人民[币幣]|RMB|CNY")
    out = []
    for f in figs:
        if f.category == "money" and f.unit == "CNY" and not explicit.search(f.text):
            f = replace(f, unit=local)
        if f.also_unit == "CNY" and not explicit.search(f.also_text):
            f = replace(f, also_unit=local)
        out.append(f)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FxRates:
    """Units of each currency per US dollar, with the date and source of each rate."""

    per_usd: dict[str, float] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def convert(self, amount: float, src: str, target: str = "USD") -> float | None:
        if src not in self.per_usd or target not in self.per_usd:
            return None
        return amount / self.per_usd[src] * self.per_usd[target]


def load_rates(path: Path | str = DEFAULT_RATES) -> FxRates:
    """Read currency,per_usd,date,source rows (data/fx_rates.csv)."""
    per_usd: dict[str, float] = {}
    dates: dict[str, str] = {}
    sources: dict[str, str] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            cur = (row.get("currency") or "").strip().upper()
            try:
                rate = float(row.get("per_usd") or "")
            except ValueError:
                log.warning("fx rate for %r is not a number: %r", cur, row.get("per_usd"))
                continue
            if not cur or rate <= 0:
                continue
            per_usd[cur], dates[cur], sources[cur] = rate, (row.get("date") or "").strip(), (row.get("source") or "")
    per_usd.setdefault("USD", 1.0)
    return FxRates(per_usd=per_usd, dates=dates, sources=sources)


def _point(fig: Figure) -> tuple[float | None, str]:
    if fig.value is None:
        return None, ""
    if fig.value_max is not None:
        return (fig.value + fig.value_max) / 2, f"midpoint of {_fmt(fig.value)}..{_fmt(fig.value_max)}; "
    return fig.value, ""


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 and float(v).is_integer() else f"{v:g}"


def normalize(fig: Figure, rates: FxRates, target: str = "USD") -> tuple[float | None, str, str]:
    """(normalized_value, normalized_unit, basis): money -> ``target`` currency, durations and frequencies ->
    seconds, physical quantities -> SI (m, kg, m/s, m², m³, W, J, N, Pa, V, °C), everything else -> the number
    itself with its unit. Ranges normalise to their midpoint; vague amounts have no normalised value."""
    v, note = _point(fig)
    if fig.vague:
        v, note = None, ""
    if fig.category == "money":
        if v is None:
            return None, target, "vague amount without a number"
        if fig.unit == target:
            return v, target, note + "as stated"
        out = rates.convert(v, fig.unit, target)
        if out is None:
            return None, fig.unit, note + f"no exchange rate for {fig.unit}->{target}"
        rate = rates.per_usd[fig.unit] / rates.per_usd[target]
        date = rates.dates.get(fig.unit, "")
        src = rates.sources.get(fig.unit, "")
        basis = f"1 {target} = {rate:g} {fig.unit} ({date}{'; ' + src if src else ''})"
        return out, target, note + basis
    if fig.category in ("duration", "frequency"):
        secs = _DUR_SECONDS.get(fig.unit)
        if v is None or secs is None:
            return None, "second", note + "vague duration without a number"
        basis = "as stated" if fig.unit == "second" else f"1 {fig.unit} = {secs:g} s"
        if fig.unit in ("month", "year", "decade"):
            basis += " (mean Gregorian length)"
        if fig.category == "frequency":
            basis = "period between occurrences; " + basis
        return v * secs, "second", note + basis
    if fig.category in PHYSICAL and fig.unit in _SI:
        _, si_unit, factor = _SI[fig.unit]
        if v is None:
            return None, si_unit, "vague amount without a number"
        if fig.unit == "°F":
            return (v - 32) * 5 / 9, "°C", note + "°C = (°F - 32) × 5/9"
        if fig.unit == si_unit:
            return v, si_unit, note + "as stated"
        return v * factor, si_unit, note + f"1 {fig.unit} = {factor:g} {si_unit}"
    if v is None:
        return None, fig.unit, "vague amount without a number"
    return v, fig.unit, note + "as stated"


# ---------------------------------------------------------------------------------------------------------------
# Cross-source agreement
# ---------------------------------------------------------------------------------------------------------------

GROUP_COLUMNS = ["group_id", "topic", "category", "normalized_unit", "value_min", "value_max", "n_sources",
                 "sources", "texts", "agreement", "note"]


def _source_of(row: pd.Series) -> str:
    src = str(row.get("source") or "").strip()
    return src or str(row.get("doc_id") or "")


def agreement_groups(figures: pd.DataFrame, tolerance: float = TOLERANCE) -> pd.DataFrame:
    """Group the same quantity reported by different sources and languages.

    Input columns: doc_id, source, language, topic ("" if none), category, normalized_value, normalized_unit,
    text, sentence (and optionally vague). Within one topic + category + normalized unit, values sorted ascending
    are chained into a *reading* while each stays within ``tolerance`` (relative) of the reading's smallest value.
    A reading backed by two or more sources "agree"s; one backed by a single source is "single source".
    Two neighbouring readings are merged into one "disagree" group when together they stay within one order of
    magnitude and each has a source the other lacks (a source that reports both values is taken to be talking
    about two different quantities). Rows without a topic are never compared across sources (a shared value
    alone proves nothing); rows without a normalized value, and vague rows, form their own groups. Counts are
    compared only with counts of the same thing (the counted unit is their normalized unit: GPUs with GPUs); a count
    of nothing named ("270 million") is never compared. Values in notes are rounded to 3 significant figures and
    money notes name the exchange rates used (from ``normalization_basis`` when present).
    """
    if figures is None or figures.empty:
        return pd.DataFrame(columns=GROUP_COLUMNS)
    df = figures.copy()
    df["topic"] = df["topic"].fillna("").astype(str) if "topic" in df else ""
    df["_src"] = df.apply(_source_of, axis=1)
    df["_val"] = pd.to_numeric(df["normalized_value"], errors="coerce")
    vague = df["vague"].fillna(False).astype(bool) if "vague" in df else pd.Series(False, index=df.index)
    groups: list[tuple[str, str, str, list[pd.DataFrame], str]] = []  # topic, category, unit, readings, flag
    for (topic, cat, unit), part in df.groupby(["topic", "category", "normalized_unit"], sort=True, dropna=False):
        single = part["_val"].isna() | vague.loc[part.index]
        for _, row in part[single].iterrows():
            groups.append((topic, cat, unit, [row.to_frame().T], "vague"))
        known = part[~single].sort_values("_val", kind="stable")
        if not topic or (cat == "count" and not str(unit or "").strip()):
            flag = "no topic" if not topic else "no counted unit"
            for _, grp in known.groupby(["_src", "_val"], sort=True):
                groups.append((topic, cat, unit, [grp], flag))
            continue
        merged: list[list[pd.DataFrame]] = []
        for reading in _readings(known, tolerance):
            if merged and _conflict(merged[-1], reading):
                merged[-1].append(reading)
            else:
                merged.append([reading])
        groups.extend((topic, cat, unit, readings, "") for readings in merged)
    out = [_group_row(gid, *g, tolerance=tolerance) for gid, g in enumerate(groups, start=1)]
    return pd.DataFrame(out, columns=GROUP_COLUMNS)


def _readings(known: pd.DataFrame, tolerance: float) -> list[pd.DataFrame]:
    runs: list[pd.DataFrame] = []
    cur: list = []
    lo: float | None = None
    for idx, v in known["_val"].items():
        if lo is not None and _within(lo, float(v), tolerance):
            cur.append(idx)
            continue
        if cur:
            runs.append(known.loc[cur])
        cur, lo = [idx], float(v)
    if cur:
        runs.append(known.loc[cur])
    return runs


def _conflict(group: list[pd.DataFrame], reading: pd.DataFrame) -> bool:
    lo = min(float(r["_val"].min()) for r in group)
    hi = float(reading["_val"].max())
    if lo <= 0 or hi / lo >= 10:
        return False
    prev_src = set().union(*(set(r["_src"]) for r in group))
    new_src = set(reading["_src"])
    return bool(prev_src - new_src) and bool(new_src - prev_src)


def _group_row(gid: int, topic: str, cat: str, unit: str, readings: list[pd.DataFrame], flag: str,
               tolerance: float) -> dict:
    rows = pd.concat(readings)
    sources = sorted(set(rows["_src"]))
    vals = rows["_val"].dropna()
    if len(readings) > 1:
        agreement = "disagree"
        parts = [_human(float(r["_val"].min()), unit)
                 + (f"..{_human(float(r['_val'].max()), unit)}" if r["_val"].max() != r["_val"].min() else "")
                 + f" ({', '.join(sorted(set(r['_src'])))})" for r in readings]
        note = f"values differ beyond {tolerance:.0%}: " + " vs ".join(parts)
    elif len(sources) >= 2:
        langs = sorted(set(rows["language"].astype(str))) if "language" in rows else []
        agreement = "agree"
        note = f"{len(sources)} sources within {tolerance:.0%}" + (f" ({', '.join(langs)})" if langs else "")
    else:
        agreement = "single source"
        note = {"vague": "vague or unnormalised amount", "no topic": "no topic: not compared across sources",
                "no counted unit": "count of nothing named: not compared"}.get(flag, "")
    if cat == "money" and "normalization_basis" in rows:
        used = sorted({m.group() for b in rows["normalization_basis"].astype(str)
                       for m in re.finditer(r"1 [A-Z]{3} = [\d.]+ [A-Z]{3}", b)})
        if used:
            note = (note + "; " if note else "") + "converted at " + ", ".join(used)
    return {
        "group_id": gid, "topic": topic, "category": cat, "normalized_unit": unit,
        "value_min": float(vals.min()) if len(vals) else None, "value_max": float(vals.max()) if len(vals) else None,
        "n_sources": len(sources), "sources": "; ".join(sources),
        "texts": " | ".join(dict.fromkeys(rows["text"].astype(str))), "agreement": agreement, "note": note,
    }


def _human(v: float, unit: str) -> str:
    """A value for a note: seconds in the largest fitting unit, large numbers in words."""
    if unit == "second":
        for name in ("year", "month", "week", "day", "hour", "minute"):
            if v >= _DUR_SECONDS[name]:
                n = v / _DUR_SECONDS[name]
                return f"{n:.3g} {name}" + ("" if f"{n:.3g}" == "1" else "s")
        return f"{v:.3g} seconds"
    for word, f in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if abs(v) >= f:
            return f"{v / f:.3g} {word} {unit}".rstrip()
    return f"{_sig3(v)} {unit}".rstrip()


def _sig3(v: float) -> str:
    """A value rounded to 3 significant figures, with thousands separators (123456 -> 123,000)."""
    if v == 0:
        return "0"
    r = float(f"{v:.3g}")
    return f"{r:,.0f}" if abs(r) >= 1000 else f"{r:g}"


def _within(lo: float, v: float, tolerance: float) -> bool:
    if lo == 0:
        return v == 0
    return abs(v - lo) / abs(lo) <= tolerance + 1e-9
