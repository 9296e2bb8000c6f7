"""Quoted figures (money, counts, durations, multipliers, percentages, resolutions) in en/ko/zh/ja news text.

Design: one scanner finds *number tokens* (1,000 / 1.5 / 135조 / 1조 2000억 / 一千亿 / 수백만 / several hundred /
native numerals such as 두, 两), then per-language tables attach what follows (a unit, currency or classifier)
and what surrounds it (currency symbol, qualifiers such as 약 / about / 左右). A number with nothing quantitative
attached is not a figure, which is what keeps dates, years, model names and phone numbers out; a second guard
masks spans that look like dates, clock times, phone numbers, e-mail addresses, URLs, section headings,
ordinals and product names.

Decisions (documented because they are judgement calls):
- Ranks (세계 1위, 第一名, No. 1) are not quoted figures: they order, they do not measure.
- Ages (30 多岁, 30세, 20대 여성, 30-year-old, 30代) are not figures: they describe a person, not a reported quantity.
- The Korean/Chinese/Japanese numeral "one" used as an article (한 블로거, 一条美人鱼, 一人で) is not a count;
  it is kept for durations (한 달, 一年), multipliers and money.
- Korean 번/회 and Chinese 次 (occurrences) and bare "a week"/"a year" in English are not extracted.
- Korean 1인 (as in 1인 스튜디오) is read as a compound, not a count: 인 is not a classifier here; 명 is.
- "several"/"若干"/"여러" without a number are not figures; vague amounts with an order of magnitude are, with a
  range: 수/数/几/several = 2..9 of the unit (수백 -> 200..900, 数十亿 -> 2e9..9e9, 几分钟 -> 2..9 minutes),
  十几 -> 11..19, dozens -> 24..108.
- Qualifiers (약, 최대, 최소, 정도, about, up to, at least, 约, 左右, 約, 程度 ...) and "more than" markers
  (100여 명, 100多万, 30多年) set ``approximate``; ``between 15 and 20`` is a range, not approximate.
- Values are in the unit as written: money as the full amount in its currency (135조원 -> 1.35e14 KRW),
  durations in their own unit (1년 반 -> 1.5 year), ranges as value..value_max.
- Repeated text is not deduplicated here: every occurrence is returned with its own offsets (the loader
  removes repeated blocks before enrichers run).
"""

from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.records import Figure

log = logging.getLogger(__name__)

DEFAULT_RATES = Path(__file__).resolve().parent.parent / "data" / "fx_rates.csv"
TOLERANCE = 0.15  # relative difference under which two reports of a quantity agree

# Full-width digits and punctuation -> ASCII, one character for one (offsets are kept).
_FW = str.maketrans("０１２３４５６７８９．，％～＄", "0123456789.,%~$")

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SMALL = {"십": 10, "백": 100, "천": 1000, "十": 10, "百": 100, "千": 1000}
_BIG = {"만": 1e4, "억": 1e8, "조": 1e12, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "兆": 1e12}
_CJK_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
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

_CJK_NUM_CHARS = "零〇一二两兩三四五六七八九十百千万萬亿億兆"
_CJK_NUM = rf"(?:[一二两兩三四五六七八九十]|[百千](?=[万萬亿億]))[{_CJK_NUM_CHARS}]*"
# 135조 / 1조 2000억 / 5천만 / 100多万 (多/余/여 before a large unit: "more than") / 2만5000 / 2만 5000
_SEG = rf"(?:{_ARABIC})[십백천十百千]?(?:[ ]?[多余여]?[만억조万萬亿億兆])*"
_SEG_BIG = rf"(?:{_ARABIC})[십백천十百千]?(?:[만억조万萬亿億兆])+"
_TAIL = rf"(?<=[만억조万萬亿億兆])[ ]?(?:{_ARABIC})(?![\d.,]|[ ]?[년年월月일日])"  # 2만5000, not 1000억 2024년
_NUM_CJK_ARABIC = rf"{_SEG}(?:[ ]?{_SEG_BIG})*(?:{_TAIL})?"
_EN_WORD_NUM = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|"
                r"seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a\s+dozen|a\s+hundred|a\s+thousand)"
                r"(?:\s+(?:hundred|thousand|million|billion|trillion))?")
_EN_NUM = rf"(?:{_ARABIC})(?:\s*(?:thousand|million|billion|trillion)\b|(?:bn|tn|mn)\b)?"
_EN_VAGUE = (r"(?:several|a\s+few)\s+(?:hundred|thousand|million|billion|trillion)(?:\s+(?:thousand|million|billion))?"
             r"|(?:tens|hundreds|thousands|millions|billions|dozens)(?:\s+of\s+(?:thousands|millions|billions))?"
             r"(?:\s+of)?")
_KO_VAGUE = r"(?<![가-힣])(?:수|몇)(?:[십백천](?:만|억|조)?|만|억|조)?"
_ZH_VAGUE = (r"(?:[数數几幾何](?:十|百|千|万|萬|亿|億)+|十[几幾数]|上[百千万亿億]"
             r"|(?<![多少无半分函指倍参变系人次总个件岁字点票位基天年级])[数數]"
             r"(?=[ ]?(?:个|個|年|天|日|分|秒|小时|時間|周|週|倍|位|名|人|家|款|部|台|カ月|か月|ヶ月))"
             r"|[几幾](?=[ ]?(?:个|個|年|天|日|分|秒|小时|周|倍|位|名|人|家|款|部|台)))")

_VAGUE_BASE = {"수": (2, 9), "몇": (2, 9), "数": (2, 9), "數": (2, 9), "几": (2, 9), "幾": (2, 9), "何": (2, 9),
               "several": (2, 9), "a few": (2, 9)}

# Lexical amounts: (pattern, value, unit, category)
_LEXICAL: dict[str, list[tuple[str, float, str, str]]] = {
    "ko": [(r"일주일", 1, "week", "duration"), (r"(?<![가-힣])반년", 0.5, "year", "duration"),
           (r"(?<![가-힣])하루", 1, "day", "duration"), (r"(?<![가-힣])이틀", 2, "day", "duration"),
           (r"(?<![가-힣])사흘", 3, "day", "duration"), (r"(?<![가-힣])나흘", 4, "day", "duration"),
           (r"(?<![가-힣])보름", 15, "day", "duration"), (r"(?<![가-힣])반나절", 0.25, "day", "duration")],
    "zh": [(r"(?<![上下前后])半年", 0.5, "year", "duration"), (r"半个月", 0.5, "month", "duration"),
           (r"半(?:个)?小时", 0.5, "hour", "duration"), (r"(?<!多)半天", 0.5, "day", "duration")],
    "ja": [(r"半年", 0.5, "year", "duration"), (r"半日", 0.5, "day", "duration")],
    "en": [(r"\b(?:a|an|one)\s+(year|hour|month|week|day)\s+and\s+a\s+half\b", 1.5, "", "duration"),
           (r"\bone\s+and\s+a\s+half\s+(years|hours|months|weeks|days)\b", 1.5, "", "duration"),
           (r"\bhalf\s+(?:a|an)\s+(year|hour|month|day|minute)\b", 0.5, "", "duration"),
           (r"\ba\s+decade\b", 10, "year", "duration")],
}

_DUR_SECONDS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0, "week": 604800.0,
                "month": 2629746.0, "year": 31556952.0, "decade": 315569520.0}

# Unit tables: (regex matched right after the number, category, unit). Order matters (longest first).
_KO_UNITS: list[tuple[str, str, str]] = [
    (r"달러|불(?=[^가-힣]|$)", "money", "USD"), (r"위안", "money", "CNY"), (r"엔(?:화)?", "money", "JPY"),
    (r"원(?:화)?", "money", "KRW"), (r"유로", "money", "EUR"), (r"파운드", "money", "GBP"),
    (r"개월", "duration", "month"), (r"달(?!러)", "duration", "month"), (r"년(?!대)", "duration", "year"),
    (r"해", "duration", "year"), (r"주일", "duration", "week"),
    (r"주(?=간|[ ]?(?:동안|만에|이내|내|후|뒤|전|째))", "duration", "week"),
    (r"일(?=간|[ ]?(?:동안|만에|이내|내에|안에|후|뒤|째))", "duration", "day"),
    (r"시간", "duration", "hour"), (r"분(?!의\s?(?:\d|[일이삼사오육칠팔구]))", "duration", "minute"),
    (r"초", "duration", "second"), (r"배", "multiplier", "times"),
    (r"%p|%포인트|퍼센트포인트", "percent", "percentage point"), (r"%|퍼센트", "percent", "%"),
    (r"개국", "count", "country"), (r"개사", "count", "company"), (r"개", "count", "item"), (r"명", "count", "person"),
    (r"편", "count", "work"), (r"건", "count", "case"), (r"대", "count", "unit"), (r"곳", "count", "place"),
    (r"장", "count", "sheet"), (r"종", "count", "kind"), (r"가지", "count", "kind"), (r"부류", "count", "group"),
    (r"마리", "count", "animal"), (r"권", "count", "book"),
]
_ZH_UNITS: list[tuple[str, str, str]] = [
    (r"美元|美金", "money", "USD"), (r"港元|港币", "money", "HKD"), (r"日元|日圆", "money", "JPY"),
    (r"韩元", "money", "KRW"), (r"欧元", "money", "EUR"), (r"英镑", "money", "GBP"),
    (r"元人民币|人民币|元(?!宇宙|素|旦|首|老|年|月|件|器|论|化)|块钱", "money", "CNY"),
    (r"个半月", "duration", "month+half"), (r"个半小时|个半钟头", "duration", "hour+half"),
    (r"个多?月", "duration", "month"), (r"个多?小时|小时|个钟头|钟头", "duration", "hour"),
    (r"分钟", "duration", "minute"), (r"秒钟|秒", "duration", "second"), (r"天", "duration", "day"),
    (r"个星期|星期(?![一二三四五六日天])|周(?![一二三四五六日末年])", "duration", "week"),
    (r"年半", "duration", "year+half"), (r"年(?![代级初底末度])", "duration", "year"),
    (r"倍", "multiplier", "times"), (r"个百分点|百分点", "percent", "percentage point"), (r"%", "percent", "%"),
    (r"位(?![于置数元])|名(?![字义称单牌额次])|人(?![工类民物士们才气])", "count", "person"),
    (r"个", "count", "item"), (r"家(?![庭族长乡人])", "count", "company"), (r"款", "count", "product"),
    (r"部(?![分门署长件队])", "count", "work"), (r"台(?![湾阶风])", "count", "machine"), (r"张", "count", "sheet"),
    (r"块", "count", "piece"), (r"条(?![件例款约])", "count", "item"), (r"段(?!落)", "count", "segment"),
    (r"层(?![面次])", "count", "layer"), (r"种(?![子类])", "count", "kind"), (r"项(?!目)", "count", "item"),
    (r"篇", "count", "article"), (r"颗", "count", "piece"), (r"枚", "count", "piece"), (r"辆", "count", "vehicle"),
]
_JA_UNITS: list[tuple[str, str, str]] = [
    (r"米ドル|ドル", "money", "USD"), (r"円", "money", "JPY"), (r"人民元|元", "money", "CNY"),
    (r"ウォン", "money", "KRW"), (r"ユーロ", "money", "EUR"), (r"ポンド", "money", "GBP"),
    (r"[かカヶヵケ箇]月(?:間)?", "duration", "month"), (r"週間", "duration", "week"), (r"日間", "duration", "day"),
    (r"時間", "duration", "hour"), (r"分間|分(?!の\s?[\d一二三四五六七八九]|[け野析類])", "duration", "minute"),
    (r"秒間|秒", "duration", "second"), (r"年半", "duration", "year+half"),
    (r"年間|年(?![代度生])", "duration", "year"),
    (r"倍", "multiplier", "times"), (r"%|パーセント", "percent", "%"), (r"ポイント", "percent", "percentage point"),
    (r"人", "count", "person"), (r"社", "count", "company"), (r"台", "count", "machine"), (r"本", "count", "work"),
    (r"件", "count", "case"), (r"個", "count", "item"), (r"枚", "count", "sheet"), (r"種類", "count", "kind"),
    (r"つ", "count", "item"),
]
_EN_UNITS: list[tuple[str, str, str]] = [
    (r"(?:US\s+)?dollars?\b|USD\b", "money", "USD"), (r"(?:Korean\s+)?won\b|KRW\b", "money", "KRW"),
    (r"(?:Chinese\s+)?yuan\b|renminbi\b|RMB\b|CNY\b", "money", "CNY"), (r"(?:Japanese\s+)?yen\b|JPY\b", "money", "JPY"),
    (r"euros?\b|EUR\b", "money", "EUR"), (r"pounds?(?:\s+sterling)?\b|GBP\b", "money", "GBP"),
    (r"-?(?:seconds?|secs?)\b(?!-old)", "duration", "second"), (r"-?(?:minutes?|mins?)\b", "duration", "minute"),
    (r"-?(?:hours?|hrs?)\b", "duration", "hour"), (r"-?days?\b(?!-old)", "duration", "day"),
    (r"-?weeks?\b(?!-old|\s+old)", "duration", "week"), (r"-?months?\b(?!-old|\s+old)", "duration", "month"),
    (r"-?years?\b(?!-old|\s+old)", "duration", "year"), (r"-?decades?\b", "duration", "decade"),
    (r"times(?=\s+(?:as|the|more|less|over|that|what|[a-z]+er)\b)|-?fold\b|x(?![A-Za-z0-9])", "multiplier", "times"),
    (r"%|percent\b|per\s+cent\b", "percent", "%"), (r"percentage\s+points?\b", "percent", "percentage point"),
]
_UNITS = {"ko": _KO_UNITS, "zh": _ZH_UNITS, "ja": _JA_UNITS, "en": _EN_UNITS}
_COMPILED_UNITS = {lang: [(re.compile(p), c, u) for p, c, u in table] for lang, table in _UNITS.items()}

# Korean units must end a word or be followed by a particle / suffix.
_KO_FOLLOW = re.compile(
    r"(?:[^가-힣]|$|의|이|가|을|를|은|는|에|으로|로|과|와|도|만|씩|나|까지|부터|보다|라|란|인|짜리|가량|정도|여|쯤|째|간|"
    r"동안|안팎|내외|남짓|이상|이하|미만|초과|께|대|당|밖에|뿐|면|내|후|뒤|전|반|였|치|어치|규모|분량|차|길이|분)"
)
_KO_MACHINE = re.compile(r"(?:GPU|서버|차량|컴퓨터|로봇|기기|장비|카메라|드론|스마트폰|노트북|PC|대수)\s?$")

# Nouns that name what a count counts (checked after generic classifiers, and for English counts).
_NOUNS: list[tuple[str, str]] = [
    (r"graphics\s+cards?|graphics\s+processing\s+units?|그래픽\s?카드|그래픽처리장치|显卡|グラフィックスカード|グラボ",
     "graphics card"),
    (r"GPUs?", "GPU"), (r"(?:AI\s?)?칩|반도체|芯片|チップ|(?:AI\s+)?chips?|semiconductors?", "chip"),
    (r"동영상|영상|비디오|视频|影片|短片|動画|ビデオ|videos?|clips?", "video"),
    (r"영화|电影|映画|films?|movies?", "film"),
    (r"사용자|이용자|用户|ユーザー|users?", "user"), (r"직원|임직원|员工|従業員|employees?|workers?", "employee"),
    (r"기업|회사|업체|企业|公司|企業|会社|companies|company|firms?", "company"),
    (r"국가|나라|国家|countries", "country"), (r"기사|文章|記事|articles?", "article"),
    (r"이미지|사진|图片|图像|画像|images?|photos?", "image"),
    (r"파라미터|매개변수|参数|パラメータ|parameters?", "parameter"),
    (r"subscribers?|구독자|订阅者", "subscriber"), (r"servers?|서버|服务器|サーバー", "server"),
    (r"people|persons?|women|men|사람|人们|人(?![工类民])", "person"),
]
_NOUN_RE = [(re.compile(p), u) for p, u in _NOUNS]
_GENERIC_CLASSIFIERS = {"item", "work", "piece", "sheet", "unit", "machine", "product"}
_EN_STOP = (r"of|the|and|to|in|for|on|at|by|with|from|or|than|are|is|were|was|will|would|that|which|a|an|"
            r"its|their|his|her|our|per|each|more|new|old|last|next|first")
_EN_COUNT = re.compile(rf"(?:\s+(?!(?:{_EN_STOP})\b)[A-Za-z][\w\-]*){{0,3}}?\s+(?P<noun>" +
                       "|".join(p for p, _ in _NOUNS) + r")\b")
_EN_PLURAL = re.compile(rf"\s+(?!(?:{_EN_STOP}|times|years|days|points|percent|ago|old|words|hundreds|thousands)\b)"
                        r"(?P<noun>[a-z][a-z\-]{1,}s)\b")
# A capitalised word right before a count makes it a model name (Boeing 737, Office 365) unless it is one of these.
_EN_PREV_NAME = re.compile(r"\b([A-Z][A-Za-z]+)\s$")
_EN_NOT_NAMES = {"about", "approximately", "around", "nearly", "almost", "some", "over", "under", "only", "just",
                 "the", "all", "and", "its", "their", "estimated", "roughly", "another", "with", "by", "of", "to",
                 "than", "those", "these", "at", "up", "as", "more", "least", "most", "in", "for", "since", "after",
                 "before", "from", "on", "last", "every", "each", "first", "fewer", "less", "once", "while", "but",
                 "so", "if", "when", "there", "here", "we", "they", "it", "he", "she", "i", "you", "top"}
_EN_IRREGULAR = {"people": "person", "women": "person", "men": "person", "children": "child", "persons": "person"}

_SHORT_SCALE = re.compile(r"\s*(thousand|million|billion|trillion)\b|(bn|tn|mn|m|k|b)(?![A-Za-z0-9])", re.IGNORECASE)
_SHORT = {"bn": 1e9, "tn": 1e12, "mn": 1e6, "m": 1e6, "k": 1e3, "b": 1e9}
# Currency written before the number.
_CUR_PREFIX = re.compile(r"(?:(?P<code>US\$|HK\$|USD|KRW|CNY|JPY|RMB|EUR|GBP|HKD|人民币)\s?|(?P<sym>[$₩￦¥￥€£]))$")
_SYM = {"$": "USD", "₩": "KRW", "￦": "KRW", "€": "EUR", "£": "GBP", "US$": "USD", "HK$": "HKD", "RMB": "CNY",
        "人民币": "CNY"}

_PRE_QUAL = {
    "en": re.compile(r"(?<![A-Za-z])(?:about|approximately|approx\.|around|roughly|nearly|almost|close\s+to|some|"
                     r"as\s+much\s+as|as\s+many\s+as|as\s+long\s+as|up\s+to|at\s+least|at\s+most|more\s+than|"
                     r"over|under|less\s+than|fewer\s+than|an\s+estimated|estimated|upwards\s+of|just\s+over|"
                     r"just\s+under)\s+$|~\s?$", re.IGNORECASE),
    "ko": re.compile(r"(?<![가-힣])(?:약|대략|최대|최소|최고|최장|거의|무려|이른바)\s?$"),
    "zh": re.compile(r"(?:大约|大概|约合|约|(?<![最附])近|将近|接近|超过|逾|最多|最少|至少|高达|多达|不到|不足|"
                     r"最高|最长|最快|大致)\s?$"),
    "ja": re.compile(r"(?:約|およそ|最大で|最大|最低|少なくとも|最高|最長|ほぼ|推定|実に|ざっと)\s?$"),
}
_POST_QUAL = {
    "en": re.compile(r"\s+or\s+so\b|\s+or\s+more\b|\s+or\s+less\b|-plus\b|\+"),
    "ko": re.compile(r"[ ]?(?:정도|가량|안팎|내외|남짓|이상|이하|미만|초과|쯤|이내)"),
    "zh": re.compile(r"[ ]?(?:左右|上下|以上|以下|之多|出头|多)"),
    "ja": re.compile(r"[ ]?(?:程度|前後|ほど|以上|以下|未満|超|余り|あまり|近く|強|弱)"),
}
_INFIX_APPROX = {"ko": r"여", "zh": r"多|余|来", "ja": r"余り?|余", "en": r"(?!)"}
_RANGE_SEP = {"en": r"\s*[-–—~]\s*|\s+to\s+", "ko": r"\s*[~∼〜～\-–]\s*", "zh": r"\s*[~∼〜～\-–—至到]\s*",
              "ja": r"\s*[~∼〜～\-–—]\s*"}

# Spans that are never figures.
_BLOCK = [
    # e-mail; the lookbehind and the bounded local part keep it linear on long unbroken tokens
    re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"),
    re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[a-z]{2,})+/\S*"),  # URL
    re.compile(r"\(?\b0\d{1,2}\)?[-.\s]\d{3,4}[-.]\d{4}(?:\s?,\s?\d{3,4})*"),  # phone (+ extension list)
    re.compile(r"\b(?:19|20)\d{2}\s?[.\-/년]\s?\d{1,2}\s?[.\-/월]\s?\d{1,2}\s?[.일]?"),  # 2024.02.23, 2024. 2. 18.
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b"),  # clock time
    # 10시 30분, 10時30分, 3시 반
    re.compile(r"\d{1,2}\s?[시時点點]\s?(?:\d{1,2}\s?[분分](?:\s?\d{1,2}\s?[초秒])?|반)"),
    re.compile(r"(?m)^[ \t]*\d{1,2}[.)][ \t]"),  # section heading "1. "
    re.compile(r"第\s?[\d一二三四五六七八九十百]+|(?<![가-힣])제\s?\d+|\b\d+(?:st|nd|rd|th)\b|(?:No\.|#)\s?\d+"),
    re.compile(r"(?i)(?<![A-Za-z])(?:GPT|DALL[·\-‧•]?\s?E|Sora|Gemini|Llama|Claude|iPhone|Galaxy|Windows|Model|Veo|"
               r"Kling|Phi|Qwen|Mistral|Midjourney|Stable\s+Diffusion|version|ver\.?)\s?-?\s?\d+(?:\.\d+)*"),
    re.compile(r"\b[vV]\d+(?:\.\d+)*"),
    re.compile(r"\b(?:Chapter|Section|Article|Figure|Fig\.|Table|Page|Part|Vol\.|Episode|Season|Level|Phase|Stage|"
               r"Round|Day|Game|Room|Route|Gate|Series|Gen)\s+\d+"),
    re.compile(r"有一天|总有一天"),
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


# ---------------------------------------------------------------------------------------------------------------
# Number parsing
# ---------------------------------------------------------------------------------------------------------------

def _cjk_small(s: str) -> float:
    """Value of a CJK numeral below 10,000 (十五, 一百零五, 三千)."""
    total, digit = 0.0, None
    for ch in s:
        if ch in _CJK_DIGIT:
            digit = _CJK_DIGIT[ch]
        elif ch in _SMALL:
            total += (digit if digit is not None else 1) * _SMALL[ch]
            digit = None
    return total + (digit or 0)


def cjk_value(s: str) -> float:
    """Value of a CJK numeral string: 一千亿 -> 1e11, 三万亿 -> 3e12, 三亿五千万 -> 3.5e8, 十五 -> 15."""
    for big in ("兆", "亿", "億", "万", "萬"):
        if big in s:
            i = s.rindex(big)
            left = s[:i]
            right = s[i + 1:]
            left_v = cjk_value(left) if left else 1.0
            return left_v * _BIG[big] + (cjk_value(right) if right else 0.0)
    return _cjk_small(s)


def parse_amount(s: str) -> tuple[float, bool]:
    """Value of a number with optional large units: '1,000' / '1.5' / '135조' / '1조 2000억' / '5천만' / '一千亿' /
    '1000亿' / '1.5万亿' / '135 trillion'. Returns (value, scaled) where scaled says a large unit was applied."""
    s = s.strip()
    m = re.fullmatch(rf"({_ARABIC})\s*(thousand|million|billion|trillion|bn|tn|mn)?", s)
    if m:
        v = float(m.group(1).replace(",", ""))
        return (v * _EN_SCALE[m.group(2)], True) if m.group(2) else (v, False)
    if re.fullmatch(f"[{_CJK_NUM_CHARS}]+", s):
        return cjk_value(s), any(ch in _BIG for ch in s)
    total, scaled = 0.0, False
    s = re.sub(r"[多余여]", "", s)
    for seg in re.finditer(rf"({_ARABIC})([십백천十百千]?)((?:\s?[만억조万萬亿億兆])*)", s):
        v = float(seg.group(1).replace(",", ""))
        if seg.group(2):
            v *= _SMALL[seg.group(2)]
        for ch in seg.group(3).replace(" ", ""):
            v *= _BIG[ch]
            scaled = True
        total += v
    return total, scaled


def _en_word_value(s: str) -> float:
    s = re.sub(r"\s+", " ", s.lower().strip())
    words = s.split(" ")
    head = words[0]
    if head == "a" and len(words) > 1:
        v = {"dozen": 12.0, "hundred": 100.0, "thousand": 1000.0}[words[1]]
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


def _vague_range(s: str) -> tuple[float, float]:
    """수백 -> (200, 900); 数十亿 -> (2e9, 9e9); several hundred -> (200, 900); hundreds of millions -> (2e8, 9e8)."""
    s = re.sub(r"\s+", " ", s.strip().lower())
    if s.startswith("十") and len(s) == 2:
        return 11.0, 19.0
    if s.startswith("上"):
        f = _SMALL.get(s[1], _BIG.get(s[1], 1))
        return float(f), 9.0 * f
    m = re.match(r"(several|a few) (.+)", s)
    if m:
        f = 1.0
        for w in m.group(2).split():
            f *= _EN_SCALE[w]
        return 2 * f, 9 * f
    m = re.match(r"(tens|hundreds|thousands|millions|billions|dozens)(?: of (thousands|millions|billions))?", s)
    if m:
        base = {"tens": 10, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "dozens": 12}
        f = base[m.group(1)] * (base[m.group(2)] if m.group(2) else 1)
        return 2 * f, 9 * f
    f = 1.0
    for ch in s[1:]:
        f *= _SMALL.get(ch, _BIG.get(ch, 1))
    lo, hi = _VAGUE_BASE.get(s[0], (2, 9))
    return lo * f, hi * f


# ---------------------------------------------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------------------------------------------

def _token_regex(lang: str) -> re.Pattern[str]:
    alts = []
    if lang == "en":
        alts.append(rf"(?P<vague>\b(?i:{_EN_VAGUE}))")
        alts.append(rf"(?P<word>\b(?i:{_EN_WORD_NUM})\b)")
        alts.append(rf"(?P<num>(?<![\w.\-/·@:#]){_EN_NUM})")
    else:
        alts.append(rf"(?P<pair>(?:{'|'.join(_CJK_PAIRS)})[十百千万萬亿億]*)" if lang in ("zh", "ja") else r"(?!)")
        vague = _KO_VAGUE if lang == "ko" else _ZH_VAGUE
        alts.append(rf"(?P<vague>{vague})")
        alts.append(rf"(?P<num>(?<![A-Za-z0-9_.\-/·@:#]){_NUM_CJK_ARABIC})")
        if lang == "ko":
            native = "|".join(sorted(_KO_NATIVE, key=len, reverse=True))
            alts.append(rf"(?P<native>(?<![가-힣])(?:{native})(?=[ ]?[가-힣]))")
        else:
            alts.append(rf"(?P<cjk>{_CJK_NUM})")
    return re.compile("|".join(alts))


_TOKEN_RE = {lang: _token_regex(lang) for lang in ("en", "ko", "zh", "ja")}


def _make_num(m: re.Match[str]) -> _Num:
    s, e, g = m.start(), m.end(), m.lastgroup
    txt = m.group()
    if g == "vague":
        if _is_bare_su(txt):
            return _Num(s, e, 2.0, 9.0, vague=True, bare_su=True)
        lo, hi = _vague_range(txt)
        return _Num(s, e, lo, hi, vague=True, scaled=True)
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


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for pat in _BLOCK for m in pat.finditer(text)]


def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < e and s < b for s, e in spans)


def _is_year(num: _Num, text: str) -> bool:
    raw = text[num.start:num.end]
    return bool(re.fullmatch(r"[12]\d{3}", raw)) or bool(re.fullmatch(r"[一二][〇零一二三四五六七八九]{3}", raw))


def _match_unit(text: str, pos: int, lang: str) -> tuple[int, str, str, float] | None:
    """Unit right after a number: (end, category, unit, added) or None."""
    gap = re.compile(r"\s*" if lang == "en" else r"[ \t]?").match(text, pos)
    p = gap.end() if gap else pos
    for pat, cat, unit in _COMPILED_UNITS[lang]:
        m = pat.match(text, p)
        if not m:
            continue
        end = m.end()
        if lang == "ko" and not _KO_FOLLOW.match(text, end):
            continue
        added = 0.0
        if unit.endswith("+half"):
            unit, added = unit[:-5], 0.5
        if lang == "en" and unit == "times" and p > pos and text[pos:p].strip() == "" and m.group() == "x":
            continue  # "10 x" is not "10x"
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
    m = _EN_COUNT.match(text, pos)
    if m:
        noun = m.group("noun")
        for rx, unit in _NOUN_RE:
            if rx.fullmatch(noun):
                return unit, m.end()
    m = _EN_PLURAL.match(text, pos)
    if m:
        noun = m.group("noun")
        unit = _EN_IRREGULAR.get(noun) or (noun[:-3] + "y" if noun.endswith("ies") else noun[:-1])
        return unit, m.end()
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
    """Every figure quoted in ``text`` (money, counts, durations, multipliers, percentages, resolutions).

    ``lang`` is "en", "ko", "zh" or "ja" (anything else is read as English). Offsets index into ``text``.
    """
    lang = lang if lang in _TOKEN_RE else "en"
    if not text:
        return []
    t = text.translate(_FW)
    blocked = _blocked_spans(t)
    out: list[Figure] = []
    for m in _TOKEN_RE[lang].finditer(t):
        try:
            num = _make_num(m)
        except (KeyError, ValueError) as exc:  # a token the tables do not cover: skip it, never fail the document
            log.debug("figure token %r skipped: %s", m.group(), exc)
            continue
        if _overlaps(num.start, num.end, blocked):
            continue
        fig = _build(t, num, lang)
        if fig is not None:
            out.append(fig)
    out.extend(_lexical(t, lang, blocked))
    return [Figure(start=f.start, end=f.end, text=text[f.start:f.end], value=f.value, value_max=f.value_max,
                   unit=f.unit, category=f.category, approximate=f.approximate, vague=f.vague)
            for f in _drop_overlaps(out)]


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


def _build(t: str, num: _Num, lang: str) -> Figure | None:
    c = _Cand(num.start, num.end, num.value, num.value_max, num.scaled)
    _extend_range(t, num, lang, c)
    unit_pos = _approx_infix(t, num, lang, c)
    if not _attach_unit(t, num, lang, c, unit_pos) and not _attach_count(t, num, lang, c):
        return None
    if c.category == "count" and not _count_ok(t, num, lang, c):
        return None
    if c.category == "duration" and not _duration_ok(t, num, lang, c):
        return None
    if c.category == "multiplier" and num.bare_su and lang == "ko" and t[num.end:num.end + 1] != " ":
        return None  # 수배 (wanted), not 수 배
    if c.added and c.value is not None:
        c.value += c.added
        c.value_max = c.value_max + c.added if c.value_max is not None else None
    if c.value is not None and c.value_max is not None and c.value_max <= c.value:
        c.value_max = None
    _qualifiers(t, lang, c)
    return Figure(start=c.start, end=c.end, text=t[c.start:c.end], value=c.value, value_max=c.value_max,
                  unit=c.unit, category=c.category, approximate=c.approximate, vague=num.vague)


def _extend_range(t: str, num: _Num, lang: str, c: _Cand) -> None:
    """15~20초, 1∼2년, 15-20 seconds, 5至6年, 1~2조원, five to ten years, between 15 and 20."""
    sep = _RANGE_SEP[lang]
    between = re.search(r"(?i)\bbetween\s+$", t[max(0, c.start - 10):c.start]) if lang == "en" else None
    if between:
        sep += r"|\s+and\s+"
    if c.value is None or num.vague or c.value_max is not None:
        return
    if num.native:
        if lang == "en":
            rm = re.compile(rf"(?:{sep})(?P<w>(?i:{_EN_WORD_NUM}))\b").match(t, c.end)
            if rm and _en_word_value(rm.group("w")) > c.value:
                c.value_max, c.end = _en_word_value(rm.group("w")), rm.end()
    else:
        rm = re.compile(rf"(?:{sep})(?P<n2>{_EN_NUM if lang == 'en' else _NUM_CJK_ARABIC})(?![\d.])").match(t, c.end)
        if rm:
            v2, scaled2 = parse_amount(rm.group("n2"))
            v1 = c.value * _scale_of(rm.group("n2")) if scaled2 and not c.scaled else c.value
            if v2 > v1:
                c.value, c.value_max, c.end, c.scaled = v1, v2, rm.end(), c.scaled or scaled2
    if between and c.value_max is not None:
        c.start = max(0, c.start - 10) + between.start()


def _approx_infix(t: str, num: _Num, lang: str, c: _Cand) -> int:
    """100여 명, 30多年, 100余人, 100多万: mark approximate; return where the unit starts."""
    if lang == "en":
        return c.end
    if re.search(r"[多余여]", t[num.start:num.end]):
        c.approximate = True
    im = re.compile(rf"[ ]?(?:{_INFIX_APPROX[lang]})(?=[ ]?\S)").match(t, c.end)
    if im and _match_unit(t, im.end(), lang):
        c.approximate = True
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
        if um and um[1] == "money":  # "$100 billion dollars": absorb the repeated currency word
            c.end = um[0]
        return True
    um = _match_unit(t, unit_pos, lang)
    if um is not None:
        c.end, c.category, c.unit, c.added = um
        return True
    if num.vague or not c.value:
        return False
    if re.match(r"p(?![A-Za-z0-9])", t[c.end:c.end + 2]) and 144 <= c.value <= 4320:
        c.category, c.unit, c.end = "resolution", "p", c.end + 1
        return True
    if re.match(r"K(?![A-Za-z0-9])", t[c.end:c.end + 2]) and c.value in (2, 4, 5, 8, 16):
        c.category, c.unit, c.end = "resolution", "K", c.end + 1
        return True
    return False


def _attach_count(t: str, num: _Num, lang: str, c: _Cand) -> bool:
    """English counts named by a noun (720,000 ... graphics cards); bare large numbers (1.5 million, 10만, 数百万)."""
    if lang == "en" and not num.article_one:
        cu = _en_count_unit(t, c.end)
        year_like = re.fullmatch(r"(?:19|20)\d{2}", t[num.start:num.end])
        if cu is not None and not (year_like and c.value_max is None):
            c.category, c.unit, c.end = "count", cu[0], cu[1]
            return True
    if (c.scaled or (num.vague and not num.bare_su)) and not num.native:
        noun = _noun_after(t, c.end) if lang != "en" else None
        c.category, c.unit = "count", noun[0] if noun else ""
        return True
    return False


def _count_ok(t: str, num: _Num, lang: str, c: _Cand) -> bool:
    if num.article_one or (num.bare_su and t[num.end:num.end + 1] != " "):
        return False  # 한 블로거 / 一条 (articles); 수명 (lifespan), not 수 명
    if lang == "en":
        prev = _EN_PREV_NAME.search(t[max(0, num.start - 30):num.start])
        if prev and prev.group(1).lower() not in _EN_NOT_NAMES:
            return False  # Boeing 737 flights, Office 365 users: a model name, not a count
    if lang == "ko" and c.unit == "unit":
        machine = _KO_MACHINE.search(t[max(0, num.start - 12):num.start])
        if not machine and (c.value in (10, 20, 30, 40, 50, 60, 70, 80, 90) or not re.match(r"[를을가이의는은에]",
                                                                                        t[c.end:c.end + 1])):
            return False  # 20대 여성 (age), 3대 기업 (the big three)
    if lang != "en" and c.unit in _GENERIC_CLASSIFIERS:
        after = _noun_after(t, c.end)
        before = _noun_before(t, num.start)
        c.unit = after[0] if after else before or c.unit
    return True


def _duration_ok(t: str, num: _Num, lang: str, c: _Cand) -> bool:
    if _is_year(num, t) and c.unit in ("year", "decade"):
        return False  # 2024년, 2028年
    if c.unit == "year" and re.match(r"\s?\d{1,2}\s?[월月]", t[c.end:c.end + 5]):
        return False  # 24년 3월
    if lang == "ko" and c.unit in ("year", "hour", "month"):
        hm = re.compile(r"[ ]?반(?![가-힣]{2})").match(t, c.end)  # 1년 반, 1시간 반
        if hm:
            c.added, c.end = 0.5, hm.end()
    return True


def _qualifiers(t: str, lang: str, c: _Cand) -> None:
    qs = _qualifier_before(t, c.start, lang)
    if qs is not None:
        c.start, c.approximate = qs, True
    pm = _POST_QUAL[lang].match(t, c.end)
    if pm and not (lang == "zh" and pm.group().strip() == "多" and c.category != "duration"):
        c.end, c.approximate = pm.end(), True


def _scale_of(s: str) -> float:
    """The large-unit factor of a number's first segment ('2조' -> 1e12, '2 billion' -> 1e9, '20' -> 1)."""
    m = re.match(rf"\s*(?:{_ARABIC})([십백천十百千]?)((?:\s?[多余여]?[만억조万萬亿億兆])*)\s*(\w*)", s)
    if not m:
        return 1.0
    f = _SMALL.get(m.group(1), 1.0) if m.group(1) else 1.0
    for ch in re.sub(r"[\s多余여]", "", m.group(2)):
        f *= _BIG[ch]
    return f * _EN_SCALE.get(m.group(3).lower(), 1.0)


def _lexical(t: str, lang: str, blocked: list[tuple[int, int]]) -> list[Figure]:
    out = []
    for pat, value, unit, cat in _LEXICAL.get(lang, []):
        for m in re.finditer(pat, t, re.IGNORECASE if lang == "en" else 0):
            if _overlaps(m.start(), m.end(), blocked):
                continue
            u = unit or m.group(1).lower().rstrip("s")
            start, end, approx = m.start(), m.end(), False
            qs = _qualifier_before(t, start, lang)
            if qs is not None:
                start, approx = qs, True
            pm = _POST_QUAL[lang].match(t, end)
            if pm and not (lang == "zh" and pm.group().strip() == "多"):
                end, approx = pm.end(), True
            out.append(Figure(start=start, end=end, text=t[start:end], value=float(value), unit=u, category=cat,
                              approximate=approx))
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
    """(normalized_value, normalized_unit, basis): money -> ``target`` currency, durations -> seconds,
    everything else -> the number itself with its unit. Ranges normalise to their midpoint."""
    v, note = _point(fig)
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
    if fig.category == "duration":
        secs = _DUR_SECONDS.get(fig.unit)
        if v is None or secs is None:
            return None, "second", note + "vague duration without a number"
        basis = "as stated" if fig.unit == "second" else f"1 {fig.unit} = {secs:g} s"
        if fig.unit in ("month", "year", "decade"):
            basis += " (mean Gregorian length)"
        return v * secs, "second", note + basis
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
    alone proves nothing); rows without a normalized value, and vague rows, form their own groups.
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
        if not topic:
            for _, grp in known.groupby(["_src", "_val"], sort=True):
                groups.append((topic, cat, unit, [grp], "no topic"))
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
        note = {"vague": "vague or unnormalised amount", "no topic": "no topic: not compared across sources"}.get(
            flag, "")
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
    return f"{v:,.4g} {unit}".rstrip()


def _within(lo: float, v: float, tolerance: float) -> bool:
    if lo == 0:
        return v == 0
    return abs(v - lo) / abs(lo) <= tolerance + 1e-9
