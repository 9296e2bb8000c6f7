"""Render untrusted corpus text as literal text in Streamlit markdown (no HTML, links, images or directives)."""

from __future__ import annotations

import re

# Every ASCII punctuation mark may be backslash-escaped in CommonMark; escape those that start markup.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=&\"'])")


_ZWSP = "\u200b"
# GitHub-flavoured markdown turns bare addresses into links even when their punctuation is escaped: a
# zero-width space after the scheme, "www" or before "@" keeps them plain text (and looks the same).
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www)(?=[:.])|(?=@)")


def md_escape(text: str) -> str:
    """Escape text so that st.markdown shows it literally. Line breaks become hard breaks."""
    out = _AUTOLINK.sub(lambda m: (m.group(1) or "") + _ZWSP, str(text))
    out = _MD_SPECIAL.sub(r"\\\1", out)
    return out.replace("\r", "").replace("\n", "  \n")


def highlight(text: str, spans: list[tuple[int, int, str]], colors: dict[str, str]) -> str:
    """Markdown for text with non-overlapping spans wrapped in Streamlit colour directives.

    spans: (start, end, kind) with offsets into text; kind selects the colour ("figure" -> "orange").
    Overlapping spans keep the earlier/longer one.
    """
    out: list[str] = []
    pos = 0
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if start < pos or end <= start or start >= len(text):
            continue
        out.append(md_escape(text[pos:start]))
        color = colors.get(kind, "gray")
        out.append(f":{color}-background[{md_escape(text[start:end])}]")
        pos = end
    out.append(md_escape(text[pos:]))
    return "".join(out)
