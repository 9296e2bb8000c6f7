"""Script conversion for linking one name across scripts: Hangul -> Latin (Revised Romanization), kana -> romaji,
hanzi/kanji -> pinyin (pypinyin), Traditional/Japanese kanji -> Simplified (OpenCC), and a consonant skeleton
that survives transliteration ("Macron", "마크롱", "マクロン", "马克龙" -> "mkrn").

The tables below are script knowledge (how letters sound), not knowledge of any story.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

log = logging.getLogger(__name__)

# ------------------------------------------------------------------ scripts

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA = re.compile(r"[\u3041-\u30ff\u31f0-\u31ff]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def script(text: str) -> str:
    """The dominant script of a name: "hangul", "kana", "han", "latin" or "other"."""
    counts = {"hangul": len(_HANGUL.findall(text)), "kana": len(_KANA.findall(text)),
              "han": len(_HAN.findall(text)), "latin": len(_LATIN.findall(text))}
    if counts["kana"]:
        return "kana"  # kana (with or without kanji): a Japanese spelling
    for name in ("hangul", "han"):
        if counts[name]:
            return name  # any CJK letter makes it that script's spelling ("챗GPT" is Korean, not Latin)
    return "latin" if counts["latin"] else "other"


# ------------------------------------------------------------------ Hangul

_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_MEDIALS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
            "yu", "eu", "ui", "i"]
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t"]


def romanize_hangul(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            i, rest = divmod(code, 588)
            m, f = divmod(rest, 28)
            out.append(_INITIALS[i] + _MEDIALS[m] + _FINALS[f])
        else:
            out.append(ch)
    return "".join(out)


# ------------------------------------------------------------------ kana

_KANA_ROWS = {
    "あいうえお": ["a", "i", "u", "e", "o"], "かきくけこ": ["ka", "ki", "ku", "ke", "ko"],
    "がぎぐげご": ["ga", "gi", "gu", "ge", "go"], "さしすせそ": ["sa", "shi", "su", "se", "so"],
    "ざじずぜぞ": ["za", "ji", "zu", "ze", "zo"], "たちつてと": ["ta", "chi", "tsu", "te", "to"],
    "だぢづでど": ["da", "ji", "zu", "de", "do"], "なにぬねの": ["na", "ni", "nu", "ne", "no"],
    "はひふへほ": ["ha", "hi", "fu", "he", "ho"], "ばびぶべぼ": ["ba", "bi", "bu", "be", "bo"],
    "ぱぴぷぺぽ": ["pa", "pi", "pu", "pe", "po"], "まみむめも": ["ma", "mi", "mu", "me", "mo"],
    "やゆよ": ["ya", "yu", "yo"], "らりるれろ": ["ra", "ri", "ru", "re", "ro"], "わをん": ["wa", "o", "n"],
    "ぁぃぅぇぉ": ["a", "i", "u", "e", "o"], "ゃゅょ": ["ya", "yu", "yo"], "ゔ": ["vu"],
}
_KANA_MAP: dict[str, str] = {}
for _row, _sounds in _KANA_ROWS.items():
    for _ch, _snd in zip(_row, _sounds, strict=True):
        _KANA_MAP[_ch] = _snd
        _KANA_MAP[chr(ord(_ch) + 0x60)] = _snd  # katakana is hiragana + 0x60


def romanize_kana(text: str) -> str:
    out: list[str] = []
    double = False
    for ch in text:
        if ch in "っッ":
            double = True
            continue
        if ch in "ー":
            continue
        snd = _KANA_MAP.get(ch)
        if snd is None:
            out.append(ch)
            continue
        if ch in "ゃゅょャュョぁぃぅぇぉァィゥェォ" and out:
            prev = out[-1]
            stem = prev[:-1] if prev.endswith("i") else prev
            if ch in "ぁぃぅぇぉァィゥェォ":  # the small vowel replaces the one before: ティ "ti", ファ "fa", ウィ "wi"
                out[-1] = ("w" if prev == "u" else prev[:-1]) + snd[-1:]
            else:  # Hepburn: シャ "sha", チョ "cho", ジョ "jo" (no y after sh, ch, j)
                out[-1] = stem + (snd[1:] if stem.endswith(("sh", "ch", "j")) else snd)
            continue
        if double and snd:
            snd = snd[0] + snd
        double = False
        out.append(snd)
    return "".join(out)


# ------------------------------------------------------------------ hanzi

@lru_cache(maxsize=1)
def _pinyin():
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # optional: without it, han names link only by their characters
        log.warning("pypinyin not installed: Chinese names are not romanised")
        return None
    return lazy_pinyin


@lru_cache(maxsize=4)
def _opencc(config: str):
    try:
        import opencc
    except ImportError:
        log.warning("opencc not installed: Traditional and Simplified Chinese are not unified")
        return None
    return opencc.OpenCC(config)


@lru_cache(maxsize=1 << 16)
def to_simplified(text: str, lang: str = "zh") -> str:
    """Traditional Chinese (and Japanese shinjitai kanji, through Traditional) as Simplified Chinese."""
    if not _HAN.search(text):
        return text
    if lang == "ja":
        jp = _opencc("jp2t")
        text = jp.convert(text) if jp else text
    cc = _opencc("t2s")
    return cc.convert(text) if cc else text


def romanize_han(text: str) -> str:
    fn = _pinyin()
    return "".join(fn(text)) if fn else text


# ------------------------------------------------------------------ keys

@lru_cache(maxsize=1 << 16)
def latin(text: str, lang: str = "") -> str:
    """A lower-case Latin rendering of a name in any of the supported scripts."""
    s = unicodedata.normalize("NFKC", text)
    if _HANGUL.search(s):
        s = romanize_hangul(s)
    if _KANA.search(s):
        s = romanize_kana(s)
    if _HAN.search(s):
        s = romanize_han(to_simplified(s, lang))
    return re.sub(r"[^0-9a-z]+", "", _fold_accents(s.lower()))


def _fold_accents(s: str) -> str:
    """Latin letters without their accents ("Orbán" -> "orban"); only for text with no kana or Hangul left (NFKD
    would split a syllable into jamo and ガ into カ + a voicing mark)."""
    if s.isascii() or _HANGUL.search(s) or _KANA.search(s):
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def exact_key(text: str, lang: str = "") -> str:
    """Key for spellings that are the same name: case, width, spacing, dots and Traditional forms ignored."""
    s = unicodedata.normalize("NFKC", text).lower()
    s = to_simplified(s, lang) if _HAN.search(s) else s
    s = _fold_accents(s)  # Orbán = Orban
    s = _SERIAL_NUMERAL.sub(lambda m: str(_cjk_number(m.group(1))), s) if _HAN.search(s) else s
    return re.sub(r"[\s·・.\-_'’\"“”]+", "", s)


_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_SERIAL_NUMERAL = re.compile(r"([〇零一二三四五六七八九十]{1,3})(?=[号號])")


def _cjk_number(s: str) -> int:
    """一 .. 九十九 as a number (a craft's number before 号: 六号 = 6号)."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(_DIGITS[c]) for c in s))


_SKELETON_STEPS = (
    # a glide after a consonant is a vowel (Korean 촨 "chwan" = pinyin "chuan", 권 "gwon" = Kwon)
    (r"(?<=[bcdfghjklmnpqrstvxz])w", "u"),
    (r"ng", "n"), (r"ck", "k"), (r"ph", "p"), (r"sh|sch", "s"), (r"tch|ch|tsu|ts|zh|dj|dzh", "j"), (r"th", "t"),
    (r"c(?=[eiy])", "s"), (r"x", "ks"), (r"[cqg]", "k"),
    # m before p or b is the nasal that kana (ン) and pinyin (lang) write as n: Trump = トランプ = 特朗普
    (r"m(?=[pbfv])", "n"), (r"[fvbw]", "p"), (r"d", "t"), (r"[zj]", "j"),
    # r and l are dropped: silent (non-rhotic "Carter" -> 카터) or epenthetic ("Hartman" -> ハートマン)
    (r"[lr]", ""), (r"h", ""), (r"y", ""),
)


@lru_cache(maxsize=1 << 16)
def skeleton(text: str, lang: str = "") -> str:
    """Consonant skeleton of a name's Latin rendering: vowels dropped, sounds that scripts confuse folded."""
    s = latin(text, lang)
    if script(text) == "han":  # pinyin x and q are the sounds Korean writes ㅅ and ㅊ (习近平 = 시진핑, 李强 = 리창)
        s = s.replace("x", "s").replace("q", "ch")
    return _skeleton_of(s)


# Latin spellings a kana or Hangul rendering reads another way: a soft g or c before e/i ("Biogen" = バイオジェン =
# 바이오젠, "jen"), an s between vowels voiced ("Eisai" = エーザイ, "za"), pinyin x and q. Each gives one more
# skeleton to compare.
_LATIN_VARIANTS = ((r"g(?=[eiy])", "j"), (r"(?<=[aeiou])s(?=[aeiou])", "z"),
                   # a Chinese name in pinyin (Xi Jinping = 习近平 = 시진핑)
                   (r"x", "s"), (r"q", "ch"))


@lru_cache(maxsize=1 << 16)
def sound_keys(text: str, lang: str = "") -> tuple[str, ...]:
    """The skeleton of a name and, for a Latin spelling, the skeletons of the other readings of its letters that
    loan renderings use (soft g, voiced s); the first is :func:`skeleton`."""
    first = skeleton(text, lang)
    if script(text) != "latin":
        return (first,)
    forms = {latin(text, lang)}
    for pat, rep in _LATIN_VARIANTS:
        forms |= {re.sub(pat, rep, f) for f in forms}
    out = [first]
    for f in sorted(forms):
        k = _skeleton_of(f)
        if k not in out:
            out.append(k)
    return tuple(out)


def _skeleton_of(s: str) -> str:
    for pat, rep in _SKELETON_STEPS:
        s = re.sub(pat, rep, s)
    s = re.sub(r"[aeiou0-9]+", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


# vowels that loan renderings write as one or two letters: a long vowel (エー "e", ナイトウ "naitou" = Naito),
# a Latin vowel pair read as one (Eisai = エーザイ "e"), Korean's eo/eu for a Latin o/u and its epenthetic eu
_LOAN_VOWELS = ((r"ei|ee|eh(?![aeiou])", "e"), (r"ou|oo|oh(?![aeiou])|eo", "o"), (r"uu", "u"), (r"ii", "i"),
                (r"aa", "a"), (r"eu", "u"))
_LOAN_CONSONANTS = ((r"[szj]", "s"), (r"[lr]", "r"), (r"[fvbwp]", "p"), (r"[cqkg]", "k"), (r"d", "t"))


@lru_cache(maxsize=1 << 16)
def loan_key(text: str, lang: str = "") -> str:
    """A rendering with its vowels, for names too short in consonants for a skeleton: Latin, kana and Hangul
    spellings of one loan word agree on it ("Eisai", "エーザイ", "에자이" -> "esai")."""
    s = latin(text, lang)
    if not s.isalpha():
        return ""
    for pat, rep in (*_LOAN_VOWELS, *_LOAN_CONSONANTS):
        s = re.sub(pat, rep, s)
    # the vowel kana and Hangul put between two consonants (オルバン "oruban", 오르반 "oreuban" = Orban)
    s = re.sub(r"(?<=[^aeiou])u(?=[^aeiou])", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


_HEPBURN_LONG = ((r"ou|oo|oh(?![aeiou])", "o"), (r"uu", "u"))


def romaji_name(text: str) -> str:
    """A romanised Japanese name as kana readings and Latin spellings both give it: long vowels short (ナイトウ
    "naitou" = "Naito", "Ohno" = "Ono"), lower case, letters only."""
    s = latin(text)
    for pat, rep in _HEPBURN_LONG:
        s = re.sub(pat, rep, s)
    return s
