"""Frozen records shared by every stage: files -> Document -> enrichments -> tables.

Offsets (``start``/``end``) are character offsets into the text the enricher was given.
Dates are ISO strings at their precision: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field


class CorpusError(Exception):
    """The corpus as a whole cannot be read (missing folder, not a folder, nothing readable)."""


@dataclass(frozen=True)
class Skipped:
    """A file (or row) that could not be loaded, with a specific reason."""

    path: str
    reason: str


@dataclass(frozen=True)
class Document:
    doc_id: str
    path: str  # relative to the corpus folder (``table.csv#3`` for a row)
    text: str  # clean text (boilerplate removed)
    title: str = ""
    source: str = ""
    url: str = ""
    language: str = ""
    published: dt.date | None = None
    # field name -> how the value was obtained: "manifest", "text: 입력 2024.02.23", "url", "rule", ...
    basis: Mapping[str, str] = field(default_factory=dict)
    meta: Mapping[str, str] = field(default_factory=dict)  # extra manifest columns
    removed: tuple[str, ...] = ()  # what cleaning removed (boilerplate lines, repeated blocks)
    raw_text: str = ""  # text before cleaning (bylines live there); not shown, not exported


@dataclass(frozen=True)
class Sentence:
    idx: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str  # verbatim, e.g. "지난 15일(현지시간)"
    date: str  # ISO at its precision; start of the range for ranges
    precision: str  # "day" | "month" | "season" | "quarter" | "half" | "year"
    date_end: str | None = None  # end of a range ("2028年至2030年" -> "2030")
    tz_note: str = ""  # "현지시간", "北京时间", "米国時間", "local time" ...
    basis: str = "explicit"  # "explicit" | "relative to publication date" | "inferred year (weekday)" ...
    approximate: bool = False  # "as soon as", "toward", "later this year"


@dataclass(frozen=True)
class Event:
    sentence_idx: int
    topic: str
    date: str
    date_precision: str
    kind: str  # "past" | "projected"
    date_text: str
    tz_note: str = ""
    basis: str = ""


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str  # verbatim, qualifiers included ("약 135조원", "approximately 135 trillion won")
    value: float | None  # None for vague amounts without a range
    value_max: float | None = None  # upper end for ranges
    unit: str = ""  # "KRW", "USD", "second", "GPU", "times", "%", "p", "video" ...
    category: str = "count"  # "money" | "count" | "duration" | "multiplier" | "percent" | "resolution" | "length" ...
    approximate: bool = False
    vague: bool = False  # 수백만, 数十亿, several hundred
    bound: str = ""  # "lower" (more than, 이상, 超过) | "upper" (up to, 이하, 不到) | ""
    also_text: str = ""  # the same amount rendered again in parentheses: "약 135조원" of "1000억달러(약 135조원)"
    also_value: float | None = None  # value of that second rendering, in its own unit
    also_unit: str = ""  # its unit ("KRW", "mi", "°C")


@dataclass(frozen=True)
class Quote:
    sentence_idx: int
    speaker: str  # canonical name, or "unattributed"
    quote: str
    role: str = ""  # "KAIST professor", "360 founder"
    speaker_text: str = ""  # as written in the text
    attribution: str = "explicit"  # "explicit" | "transcript" | "coreference" | "unattributed"
    speaker_kind: str = ""  # "person" | "handle" (a blogger's label) | "organisation"; "" when unattributed


@dataclass(frozen=True)
class SentimentScore:
    score: float | None  # in [-1, 1]; None when no scorer can read the sentence
    label: str  # "positive" | "neutral" | "negative" | "empty" (not scored)
    method: str = ""  # "textblob+domain", "use-linear", ...
    reason: str = ""  # why not scored, when score is None
