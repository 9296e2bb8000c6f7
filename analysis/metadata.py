"""Complete a Document's metadata from its text, recording the basis of every inferred value.

The manifest always wins: a value it gave is kept and its basis stays "manifest".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from urllib.parse import urlparse

from analysis.dates import infer_published, infer_published_month
from analysis.language import detect_language
from analysis.records import Document
from analysis.sentence_kind import line_kind
from analysis.sentences import split_sentences

TITLE_MAX = 140
TITLE_LOOKAHEAD = 6  # lines of the page's top where its headline is looked for
_REPEATED = "repeated: "  # prefix of a line the cleaner removed as a repeat (loaders/clean.py)
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")
# basis key holding the publication month (YYYY-MM) of a document whose date is known to the month only
PUBLISHED_MONTH = "published_month"


def _cut(line: str) -> str:
    return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1].rstrip() + "…"


def first_line_title(text: str) -> str:
    return _cut(next((ln.strip() for ln in text.splitlines() if ln.strip()), ""))


def _norm(line: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", line).split())


def _masthead(line: str, source: str) -> bool:
    """A short line naming the publisher ("The Yomiuri Shimbun" on a page of "The Japan News (Yomiuri)",
    "聯合報／ 記者…／即時報導" on a page of 聯合報): all capitalised words of a Latin line of at most three words,
    one of them a word of the source's name; or a short line containing the source's whole name."""
    if not source or source.startswith("("):
        return False
    text, name = _norm(line).casefold(), _norm(source).casefold()
    if len(text) <= 20 and len(name) >= 2 and name in text:
        return True
    words = _WORD.findall(_norm(line))
    named = {w.casefold() for w in _WORD.findall(_norm(source)) if len(w) >= 4}
    return (0 < len(words) <= 3 and not _CJK.search(line) and all(w[0].isupper() for w in words)
            and any(w.casefold() in named for w in words))


def _skip_reason(line: str, kind: str, source: str, repeated: set[str]) -> str:
    """Why a line at the top of a page is not its headline ("" when it may be)."""
    if kind not in ("heading", "sentence"):
        return kind
    if kind == "sentence" and _norm(line)[:80] in repeated:  # a headline may repeat too, a heading is kept
        return "caption (repeated in the file)"
    if _masthead(line, source):
        return "site name"
    if kind == "heading" and not _CJK.search(line) and len(_WORD.findall(line)) < 2:
        return "one word"
    return ""


def headline(text: str, lang: str, source: str = "", removed: tuple[str, ...] = ()) -> tuple[str, str]:
    """The article's title and its basis: the first line at the top of the page that reads as a headline. Site
    names, navigation, bylines, credits, captions (a caption pasted twice, as alt text and below the photo, is
    one) and one-word headings are passed over; a heading among the first two remaining lines wins over a
    sentence before it (a teaser above the headline); without one, the first remaining line. The first line when
    nothing remains."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:TITLE_LOOKAHEAD]
    if not lines:
        return "", "text: empty"
    repeated = {_norm(r[len(_REPEATED):])[:80] for r in removed if r.startswith(_REPEATED)}
    kept: list[tuple[int, str]] = []
    skipped: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        kind = line_kind(line, lang, site=source)
        why = _skip_reason(line, kind, source, repeated)
        if why:
            skipped.append((i, why))
        else:
            kept.append((i, kind))
    if not kept:
        return _cut(lines[0]), "text: first line"
    i, kind = next(((j, k) for j, k in kept[:2] if k == "heading"), kept[0])
    title = lines[i]
    if kind == "sentence":  # a lead paragraph: its first sentence
        first = split_sentences(title, lang)
        title = first[0].text if first else title
    if i == 0:
        return _cut(title), "text: first line" + ("" if title == lines[0] else ", its first sentence")
    reasons = [why for j, why in skipped if j < i] + (["a sentence above it"] if kept[0][0] < i else [])
    passed = ", ".join(dict.fromkeys(reasons))
    return _cut(title), f"text: line {i + 1}, the first that reads as a headline (passed over: {passed})"


def complete_metadata(doc: Document) -> Document:
    basis = dict(doc.basis)
    fields: dict[str, object] = {}
    if not doc.language:
        lang, how = detect_language(doc.text)
        fields["language"] = lang
        basis["language"] = how
    if doc.published is None:
        text = doc.raw_text or doc.text
        date, how = infer_published(text, doc.url, doc.language or str(fields.get("language", "")))
        fields["published"] = date
        earlier = basis.get("published")  # what the reader said, e.g. "row: date '3/30' could not be read"
        month, month_how = ("", "") if date else infer_published_month(text, doc.url)
        if date:
            basis["published"] = how
        elif month:  # "/2025/03/": known to the month, never to an invented day
            basis["published"] = month_how + (f"; {earlier}" if earlier else "")
            basis[PUBLISHED_MONTH] = month
        else:
            basis["published"] = f"undated ({how}" + (f"; {earlier})" if earlier else ")")
    if not doc.title:
        lang = doc.language or str(fields.get("language", ""))
        fields["title"], basis["title"] = headline(doc.text, lang, doc.source, doc.removed)
    if not doc.source:
        host = urlparse(doc.url).hostname if doc.url else None
        if host:
            fields["source"] = host.removeprefix("www.")
            basis["source"] = "url: host name"
        else:
            fields["source"] = "(unknown source)"
            basis["source"] = "rule: no manifest entry and no address"
    return replace(doc, basis=basis, **fields)
