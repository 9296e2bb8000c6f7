"""Complete a Document's metadata from its text, recording the basis of every inferred value.

The manifest always wins: a value it gave is kept and its basis stays "manifest".
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlparse

from analysis.dates import infer_published
from analysis.language import detect_language
from analysis.records import Document

TITLE_MAX = 140


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
        date, how = infer_published(doc.raw_text or doc.text, doc.url, doc.language or str(fields.get("language", "")))
        fields["published"] = date
        if date:
            basis["published"] = how
        else:  # keep what the reader said (e.g. "row: date '3/30' could not be read") beside the text's verdict
            earlier = basis.get("published")
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
