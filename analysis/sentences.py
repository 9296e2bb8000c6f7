"""Sentence splitting for en/ko/zh/ja news text, with character offsets into the text."""

from __future__ import annotations

import re

from analysis.records import Sentence

# A sentence ends at . ! ? (followed by space, a closing quote/bracket, or end) or at 。！？ (always),
# and at every line break: news paragraphs, captions and transcript lines are separate sentences.
_END = re.compile(
    r"""(?:
        [.!?…]+["'”’」』)\]]*(?=\s|$)      # Latin terminators before whitespace
      | [。！？]+["'”’」』)\]]*           # CJK terminators
    )""",
    re.VERBOSE,
)
# Abbreviations after which a period does not end a sentence.
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Inc|Ltd|Co|Corp|vs|etc|No|U\.S|U\.K|e\.g|i\.e|a\.m|p\.m"
                     r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$")  # "Feb. 24" is one sentence
_MIN_CHARS = 2


def split_sentences(text: str, lang: str = "") -> list[Sentence]:
    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        base = para.start()
        chunk = para.group()
        pos = 0
        for m in _END.finditer(chunk):
            end = m.end()
            if _ABBREV.search(chunk[pos:end]) or (
                chunk[m.start()] == "." and m.start() > 0 and chunk[m.start() - 1].isdigit() and end < len(chunk)
                and end + 1 < len(chunk) and chunk[end:end + 2].strip()[:1].isdigit()
            ):
                continue
            _add(out, text, base + pos, base + end)
            pos = end
        _add(out, text, base + pos, base + len(chunk))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= _MIN_CHARS:
        out.append(Sentence(idx=len(out), start=start, end=end, text=text[start:end]))
