"""Complete a Document's metadata from its text, recording the basis of every inferred value.

The manifest always wins: a value it gave is kept and its basis stays "manifest".
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlparse

from analysis.dates import infer_published, infer_published_month
from analysis.language import detect_language
from analysis.records import Document

TITLE_MAX = 140
# basis key holding the publication month (YYYY-MM) of a document whose date is known to the month only
PUBLISHED_MONTH = "published_month"


def first_line_title(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= TITLE_MAX else line[: TITLE_MAX - 1].rstrip() + "…"


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
        fields["title"] = first_line_title(doc.text)
        basis["title"] = "text: first line"
    if not doc.source:
        host = urlparse(doc.url).hostname if doc.url else None
        if host:
            fields["source"] = host.removeprefix("www.")
            basis["source"] = "url: host name"
        else:
            fields["source"] = "(unknown source)"
            basis["source"] = "rule: no manifest entry and no address"
    return replace(doc, basis=basis, **fields)
