"""Sentence splitting for news text in any language, with character offsets into the text.

What a period means in a language (abbreviations, initials, German ordinals "am 12. März") is data:
``data/lang/common/sentences.toml`` plus ``data/lang/<code>/sentences.toml`` (English abbreviations apply to Latin
text in every language: names and titles are quoted across languages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.langpack import pack
from analysis.records import Sentence

# A sentence ends at . ! ? (followed by space, a closing quote/bracket, or end) or at 。！？ (always),
# and at every line break: news paragraphs, captions and transcript lines are separate sentences.
_LATIN_END = r"[.!?…]+[\"'”’」』)\]]*(?=\s|$)"
_CJK_END = r"[。！？]+[\"'”’」』)\]]*"
_MIN_CHARS = 2


@dataclass(frozen=True)
class _Rules:
    end: re.Pattern[str]
    abbrev: re.Pattern[str] | None
    ordinal: re.Pattern[str] | None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=32)
def _rules(lang: str) -> _Rules:
    packs = [pack("common", "sentences"), pack("en", "sentences")]
    if lang and lang != "en":
        packs.append(pack(lang, "sentences"))
    abbreviations = [w for p in packs for w in p.get("abbreviations", ())]
    ordinal_before = [w for p in packs for w in p.get("ordinal_before", ())]
    glued = "".join(r for p in packs for r in p.get("glued_end_after", ()))
    initials = any(p.get("initials", False) for p in packs)
    ends = [_LATIN_END, _CJK_END]
    if glued:
        ends.append(rf"(?<=[{glued}])\.(?=[^\s\d.,])")  # "밝혔습니다.우에다": a glued period still ends
    parts = []
    if abbreviations:
        parts.append(rf"(?:^|(?<=[^\w.]))(?:{_alternation(abbreviations)})\.$")
    if initials:
        parts.append(r"(?:^|(?<=[\s(\[“\"'‘]))(?:[A-Z]\.)*[A-Z]\.$")  # "C.C.", "J."
    abbrev = re.compile("|".join(parts)) if parts else None
    ordinal = re.compile(rf"\s+(?:{_alternation(ordinal_before)})\b") if ordinal_before else None
    return _Rules(end=re.compile("|".join(ends)), abbrev=abbrev, ordinal=ordinal)


def _keeps_going(chunk: str, pos: int, m: re.Match[str], rules: _Rules) -> bool:
    """True when the terminator matched at ``m`` does not end a sentence."""
    end = m.end()
    if chunk[m.start()] != ".":
        return False
    if rules.abbrev is not None and rules.abbrev.search(chunk[pos:m.start() + 1]):
        return True
    before_digit = m.start() > 0 and chunk[m.start() - 1].isdigit()
    if before_digit and end + 1 < len(chunk) and chunk[end:end + 2].strip()[:1].isdigit():
        return True  # "2024. 2. 18."
    if before_digit and rules.ordinal is not None and rules.ordinal.match(chunk, end):
        digits = re.search(r"(?<!\d)\d{1,2}$", chunk[:m.start()])
        return digits is not None  # "am 12. März", "im 3. Quartal"
    return False


def split_sentences(text: str, lang: str = "") -> list[Sentence]:
    rules = _rules((lang or "").lower()[:8])
    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        base = para.start()
        chunk = para.group()
        pos = 0
        for m in rules.end.finditer(chunk):
            if _keeps_going(chunk, pos, m, rules):
                continue
            _add(out, text, base + pos, base + m.end())
            pos = m.end()
        _add(out, text, base + pos, base + len(chunk))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= _MIN_CHARS:
        out.append(Sentence(idx=len(out), start=start, end=end, text=text[start:end]))
