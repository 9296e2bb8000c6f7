"""Milestones: a date tied to an entity by an event predicate, and their merge across sources.

The pipeline uses :func:`find_candidates` (per file, cached: each date with a predicate in its sentence or the
one before) and :func:`events_from_candidates` (the cheap story pass: which linked entity each candidate is about).
:func:`find_events` is the tracked-topic mode (a caller's TopicIndex, no predicate needed). Every word list (event
predicates, future, reporting, anaphora, epithets, cited sources) is data: ``data/lang/<code>/events.toml``.

Rules (kept simple on purpose, each one tested):
- One Event per (sentence, topic, date). Dates come from :func:`analysis.dates.find_dates` on the sentence.
- A date is not attached to a topic when a reporting verb stands between them ("2 月 16 日,某创始人发文提到
  ... X": the date is the post's, not X's) or when a semicolon separates them.
- A sentence with a date and no topic takes the topics of the next sentence when that one refers back to it
  ("... 2028년을 목표로 ... 프로젝트를 진행 중이다. '누리호'라고 불리는 이 사업은 ...").
- ``kind``: a period that ends before publication is "past", one that starts after it is "projected"; a period
  containing the publication date (올해, 이달, 今年) is "projected" when the sentence uses future phrasing
  (will, 예정, 계획, 将, 预计, 予定 ...), else "past". With no publication date, the document's own latest date
  is a lower bound on it (dates before it are past) and future phrasing decides the rest.
- Approximate dates and ranges keep their flags in ``Event.basis`` ("...; approximate; until 2030").
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from analysis.dates import as_date, find_dates, infer_anchor
from analysis.langpack import pack
from analysis.records import DateMention, Event, Sentence
from analysis.tables import MILESTONE_COLUMNS
from analysis.topics import TopicIndex

log = logging.getLogger(__name__)

__all__ = ["find_events", "find_candidates", "events_from_candidates", "assign_milestones", "merge_milestones",
           "MILESTONE_COLUMNS"]

_PRECISION_RANK = {"day": 0, "month": 1, "season": 2, "quarter": 2, "half": 3, "year": 4}
_PERIOD_MONTHS = {"month": 1, "season": 3, "quarter": 3, "half": 6, "year": 12}
_LOCAL_TZ = re.compile(r"현지|当地|當地|現地|local", re.IGNORECASE)



# ---------------------------------------------------------------- periods


def period(date: str, precision: str, date_end: str | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of an ISO date at its precision ("2024-06" season -> 2024-06-01 .. 2024-08-31)."""
    parts = [int(p) for p in date.split("-")]
    y, m = parts[0], parts[1] if len(parts) > 1 else 1
    start = dt.date(y, m, parts[2] if len(parts) > 2 else 1)
    if date_end:
        end_start, end_end = period(date_end, "day" if date_end.count("-") == 2 else
                                    ("month" if date_end.count("-") == 1 else "year"))
        return start, end_end
    if len(parts) == 3 or precision == "day":
        return start, start
    months = 12 if len(parts) == 1 else _PERIOD_MONTHS.get(precision, 1)
    i = y * 12 + (m - 1) + months
    last = dt.date(i // 12, i % 12 + 1, 1) - dt.timedelta(days=1)
    return start, last


def _attached(mention: DateMention, spans: list[tuple[int, int, str]], sentence: str, topic: str,
              lang: str = "") -> bool:
    """Is the date about this topic? No when a reporting verb or a semicolon stands between them."""
    best = None
    for s, e, name in spans:
        if name != topic:
            continue
        lo, hi = (e, mention.start) if e <= mention.start else (mention.end, s)
        gap = sentence[lo:hi] if lo < hi else ""
        if best is None or len(gap) < len(best):
            best = gap
    if best is None:
        return False
    reporting = markers(lang).reporting
    return not ((reporting and reporting.search(best)) or re.search(r"[;；]", best))


def _anchor(text: str, lang: str, published: dt.date | None) -> tuple[dt.date | None, bool]:
    """(the date relative expressions resolve against, whether it was inferred from the text)."""
    anchor = as_date(published)
    if anchor is not None:
        return anchor, False
    anchor, _ = infer_anchor(text, lang)
    return anchor, anchor is not None


def sentence_dates(sentences: Sequence[Sentence], text: str, lang: str,
                   published: dt.date | None, published_month: str = "") -> list[list[DateMention]]:
    """The date mentions of each sentence (offsets into the sentence), resolved against the publication date or,
    for an undated document, against the anchor its own dates give (basis "inferred"). A document known to the
    month only (``published_month`` "YYYY-MM", e.g. from an address /2025/03/) resolves month- and year-level
    expressions against that month and leaves day-level ones unresolved: no day is invented."""
    if published is None and re.fullmatch(r"\d{4}-\d{2}", published_month or ""):
        return [find_dates(sent.text, lang, published_month) for sent in sentences]
    anchor, inferred = _anchor(text, lang, published)
    found = [find_dates(sent.text, lang, anchor, anchor_inferred=inferred) if anchor
             else find_dates(sent.text, lang, None) for sent in sentences]
    return _document_anaphora(sentences, lang, found)


@dataclass(frozen=True)
class _Anaphora:
    days: re.Pattern[str] | None  # "同日", "翌日", "前日", "같은 날", "이튿날": the day last named, or one off it
    offsets: dict[str, int]
    same_month: re.Pattern[str] | None  # "同月31日", "같은 달 31일": a day of the month last named


@lru_cache(maxsize=16)
def _anaphora(lang: str) -> _Anaphora:
    data = pack(lang, "dates")
    offsets = {str(k): int(v) for k, v in (data.get("anaphoric_days") or {}).items()}
    words = tuple((data.get("document_anaphora") or {}).get("same_month", ()))
    month = _alt(words, False, False)
    return _Anaphora(_alt(tuple(offsets), False, False), offsets,
                     re.compile(f"(?:{month.pattern})\\s*(\\d{{1,2}})\\s*[日일]") if month is not None else None)


def _document_anaphora(sentences: Sequence[Sentence], lang: str,
                       found: list[list[DateMention]]) -> list[list[DateMention]]:
    """Day words that refer back across sentences: "同日", "翌日", "前日", "같은 날", "이튿날" with no day before them
    in their own sentence take the day last named in an earlier one, and "同月31日" / "같은 달 31일" the month last
    named (basis names the date they refer to). A Korean 이튿날 read from the publication date is re-read so when a
    day was named before it. Nothing is resolved when no date was named before."""
    an = _anaphora(lang)
    if an.days is None and an.same_month is None:
        return found
    last_day: tuple[dt.date, str] | None = None
    last_month: tuple[int, int, str] | None = None
    out: list[list[DateMention]] = []
    for sent, mentions in zip(sentences, found, strict=True):
        text, ms = sent.text, list(mentions)
        for m in (an.days.finditer(text) if an.days is not None else ()):
            over = [x for x in ms if x.start < m.end() and m.start() < x.end]
            if over and not all(x.basis == _RELATIVE_BASIS and x.precision == "day" for x in over):
                continue
            before = [x for x in ms if x.end <= m.start() and x.precision == "day" and not x.date_end
                      and x not in over]
            ref = (dt.date.fromisoformat(before[-1].date), before[-1].text) if before else last_day
            if ref is None or (over and not before and last_day is None):
                continue
            if not before and not over and lang != "ko" and any(x.start > m.end() for x in ms):
                continue  # "同日" before a day of its own sentence: dates.py reads that sentence
            d = ref[0] + dt.timedelta(days=an.offsets.get(m.group(0), an.offsets.get(m.group(0).replace(" ", ""), 0)))
            ms = [x for x in ms if x not in over] + [DateMention(
                start=m.start(), end=m.end(), text=m.group(0), date=d.isoformat(), precision="day",
                basis=f"relative to '{ref[1]}' before it")]
        for m in (an.same_month.finditer(text) if an.same_month is not None else ()):
            if last_month is None:
                continue
            y, mo, what = last_month
            day = int(m.group(1))
            if not 1 <= day <= calendar.monthrange(y, mo)[1]:
                continue
            ms = [x for x in ms if not (x.start < m.end() and m.start() < x.end)] + [DateMention(
                start=m.start(), end=m.end(), text=m.group(0), date=f"{y:04d}-{mo:02d}-{day:02d}", precision="day",
                basis=f"month from '{what}' before it")]
        ms.sort(key=lambda x: x.start)
        for x in ms:
            if x.date_end or x.precision not in ("day", "month") or not re.match(r"\d{4}-\d{2}", x.date):
                continue
            y, mo = int(x.date[:4]), int(x.date[5:7])
            last_month = (y, mo, x.text)
            if x.precision == "day":
                last_day = (dt.date.fromisoformat(x.date), x.text)
        out.append(ms)
    return out


def find_events(sentences: Sequence[Sentence], text: str, lang: str, published: dt.date | None,
                topics: TopicIndex, dates: Sequence[Sequence[DateMention]] | None = None) -> list[Event]:
    """Milestones: each (sentence, tracked topic, date) with the date stated in that sentence.

    dates: sentence_dates() of the same sentences, when the caller has them already."""
    sents = list(sentences)
    anchor, inferred = _anchor(text, lang, published)
    by_sentence = dates if dates is not None else sentence_dates(sents, text, lang, published)
    out: list[Event] = []
    seen: set[tuple[int, str, str, str]] = set()
    for i, sent in enumerate(sents):
        mentions = by_sentence[i]
        if not mentions:
            continue
        spans = [sp for sp in topics.spans(sent.text) if not _background(lang, sent.text, sp[0], sp[1])]
        carried: list[str] = []
        note = ""
        anaphor = markers(lang).anaphor
        if not spans and i + 1 < len(sents) and anaphor and anaphor.search(sents[i + 1].text):
            carried = list(dict.fromkeys(name for _, _, name in topics.spans(sents[i + 1].text)))
            note = "; topic named in the next sentence"
        for mention in mentions:
            names = carried or list(dict.fromkeys(name for _, _, name in spans))
            for topic in names:
                if not carried and not _attached(mention, spans, sent.text, topic, lang):
                    log.debug("date %r not attached to %s in %r", mention.text, topic, sent.text)
                    continue
                key = (sent.idx, topic, mention.date, mention.precision)
                if key in seen:
                    continue
                seen.add(key)
                basis = mention.basis
                if mention.approximate:
                    basis += "; approximate"
                if mention.date_end:
                    basis += f"; until {mention.date_end}"
                out.append(Event(
                    sentence_idx=sent.idx, topic=topic, date=mention.date, date_precision=mention.precision,
                    kind=_kind_for(lang, mention, sent.text, anchor, not inferred), date_text=mention.text,
                    tz_note=mention.tz_note, basis=basis + note,
                ))
    return out


# ---------------------------------------------------------------- milestones from sentence structure
# A milestone is a date tied to an entity by an event predicate (data/lang/<code>/events.toml), within the
# sentence or its predecessor. Enrichment writes candidate rows (cached); the cheap pass in finish_tables picks
# the entity each candidate is about, from the linked mentions, so a story-file edit needs no re-enrichment.


@dataclass(frozen=True)
class _Markers:
    predicates: tuple[tuple[str, re.Pattern[str]], ...]  # (label, pattern)
    future: re.Pattern[str] | None
    reporting: re.Pattern[str] | None
    anaphor: re.Pattern[str] | None
    epithet_after: re.Pattern[str] | None
    epithet_before: re.Pattern[str] | None
    source_after: re.Pattern[str] | None = None
    source_before: re.Pattern[str] | None = None
    later: re.Pattern[str] | None = None  # "later this year", 晚些时候: a current period that is still to come
    dateline: re.Pattern[str] | None = None  # "[신화망 베이징 6월26일]", "新华社华盛顿3月14日电": the report's date
    earlier: re.Pattern[str] | None = None  # in a date expression: it lies behind ("지난 2023년", "last year")
    condition: re.Pattern[str] | None = None  # an illness word ending or after a name ("阿尔茨海默病", "X's disease")
    addressee_before: re.Pattern[str] | None = None  # a name a filing or a request goes to ("向X提出申請")
    addressee_after: re.Pattern[str] | None = None  # the same after the name ("FDA、PMDA、EMA)に…申請")


def _alt(items: Sequence[str], latin: bool, regex: bool) -> re.Pattern[str] | None:
    parts = [(i if regex else re.escape(i)) for i in items if i]
    if not parts:
        return None
    body = "|".join(sorted(parts, key=len, reverse=True))
    return re.compile(rf"\b(?:{body})\b" if latin else f"(?:{body})", re.IGNORECASE)


@lru_cache(maxsize=16)
def markers(lang: str) -> _Markers:
    """The event words of one language, compiled once (English patterns are regular expressions)."""
    data = pack(lang, "events")
    latin = lang not in ("ko", "zh", "ja")
    regex = latin
    preds = tuple((str(label), p) for label, items in (data.get("predicates") or {}).items()
                  if (p := _alt(tuple(items), latin, regex)) is not None)
    mk = data.get("markers") or {}
    return _Markers(
        preds, _alt(tuple(mk.get("future", ())), latin, regex), _alt(tuple(mk.get("reporting", ())), latin, regex),
        _alt(tuple(mk.get("anaphor", ())), False, True), _alt(tuple(mk.get("epithet_after", ())), False, True),
        _alt(tuple(mk.get("epithet_before", ())), False, True), _alt(tuple(mk.get("source_after", ())), False, True),
        _alt(tuple(mk.get("source_before", ())), False, True), _alt(tuple(mk.get("later", ())), latin, regex),
        _alt(tuple(mk.get("dateline", ())), False, True), _alt(tuple(mk.get("earlier", ())), latin, regex),
        _alt(tuple(mk.get("condition", ())), False, True), _alt(tuple(mk.get("addressee_before", ())), False, True),
        _alt(tuple(mk.get("addressee_after", ())), False, True))


@dataclass(frozen=True)
class _Furniture:
    timestamp: re.Pattern[str] | None  # a date written as page furniture writes it ("2025-06-19", "2025/06/20")
    clock: re.Pattern[str] | None  # a time of day right after it ("2024-11-23 00:31:19")
    sentence_end: re.Pattern[str] | None  # how a running sentence ends (a line without it is a heading or a label)


@lru_cache(maxsize=1)
def furniture() -> _Furniture:
    """Page-furniture dates (data/lang/common/events.toml [furniture]): time stamps, not happenings."""
    f = pack("common", "events").get("furniture") or {}
    return _Furniture(_alt(tuple(f.get("timestamp", ())), False, True), _alt(tuple(f.get("clock", ())), False, True),
                      _alt(tuple(f.get("sentence_end", ())), False, True))


def _dateline_end(lang: str, sentence: str) -> int:
    """Where the dateline at the start of a sentence ends (0 when there is none)."""
    dl = markers(lang).dateline
    head = dl.match(sentence) if dl is not None else None
    return head.end() if head is not None else 0


def report_date(lang: str, sentence: str, mention: DateMention) -> bool:
    """Is this date the report's own (a dateline "[신화망 베이징 6월26일]", "新华社…3月14日电", "Dec. 18 (UPI) --",
    or a page time stamp "公開日 2025/06/20", "2025-06-19 기자", "发布时间:2024-11-23 00:31:19") rather than a
    happening's? Such dates are never milestones."""
    if mention.start < _dateline_end(lang, sentence):
        return True
    fu = furniture()
    if fu.timestamp is None or not fu.timestamp.fullmatch(mention.text.strip()):
        return False
    if fu.clock is not None and fu.clock.match(sentence, mention.end):
        return True
    return fu.sentence_end is not None and not fu.sentence_end.search(sentence.rstrip())


@lru_cache(maxsize=1)
def predicate_classes() -> dict[str, str]:
    return {str(k): str(v) for k, v in (pack("common", "events").get("classes") or {}).items()}


def predicate_class(label: object) -> str:
    lab = _text(label)
    return predicate_classes().get(lab, lab)


def find_predicates(sentence: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of the event predicates of a sentence, by position."""
    out = [(m.start(), m.end(), label) for label, pat in markers(lang).predicates for m in pat.finditer(sentence)]
    out.sort()
    kept: list[tuple[int, int, str]] = []
    for sp in out:  # overlapping words: the first (longest at a position) wins
        if kept and sp[0] < kept[-1][1]:
            continue
        kept.append(sp)
    return kept


def _future(lang: str, sentence: str, date_text: str) -> bool:
    mk = markers(lang)
    return bool((mk.future and mk.future.search(sentence)) or (mk.later and mk.later.search(date_text)))


def _kind_for(lang: str, mention: DateMention, sentence: str, ref: dt.date | None, ref_is_publication: bool) -> str:
    start, end = period(mention.date, mention.precision, mention.date_end)
    if ref is not None:
        if end < ref:
            return "past"
        if ref_is_publication and start > ref:
            return "projected"
    earlier = markers(lang).earlier
    before = sentence[max(0, mention.start - _EARLIER_WINDOW):mention.start] if mention.start <= len(sentence) else ""
    if earlier is not None and (earlier.search(mention.text) or re.search(f"(?:{earlier.pattern})\\s*$", before,
                                                                          re.IGNORECASE)):
        return "past"  # "지난 2023년", "last year", "去年", "先月": the date says it is behind
    return "projected" if _future(lang, sentence, mention.text) else "past"


def find_candidates(sentences: Sequence[Sentence], text: str, lang: str, published: dt.date | None,
                    dates: Sequence[Sequence[DateMention]] | None = None,
                    names: dict[int, list[tuple[int, int]]] | None = None) -> list[dict[str, object]]:
    """Candidate milestone rows: each date of a sentence with an event predicate in it or in its predecessor.

    ``entity_sentences`` says where the entity is looked for (the sentence; its predecessor when the predicate
    is there; the next sentence when this one refers forward to it: "이 사업", "the project")."""
    sents = list(sentences)
    anchor, inferred = _anchor(text, lang, published)
    by_sentence = dates if dates is not None else sentence_dates(sents, text, lang, published)
    mk = markers(lang)
    out: list[dict[str, object]] = []
    # a predicate word inside a name is not a predicate ("Open AI", "Launch Pad")
    preds_of = [[p for p in find_predicates(s.text, lang)
                 if not any(a < p[1] and p[0] < b for a, b in (names or {}).get(s.idx, ()))] for s in sents]
    pub = as_date(published)
    # a page that states a year somewhere ("25년 1월 25일", "2023年") keeps its bare months unresolved
    lifted = (_yearless(sents, lang, months=not any(by_sentence)) if anchor is None else [[] for _ in sents])
    if anchor is not None and inferred:
        # a page dated only by its own latest date ("カンさんは3日、…移動した" on a page whose latest date is 4月5日):
        # its bare days, which that date does not resolve, are left to the story pass as in a page with no date
        lifted = [[m for m in ms if m.basis == _RELATIVE_BASIS] for ms in _yearless(sents, lang, months=False)]
    for i, sent in enumerate(sents):
        found = by_sentence[i] + [m for m in lifted[i] if not any(x.start < m.end and m.start < x.end
                                                                   for x in by_sentence[i])]
        found = [m for m in found if not report_date(lang, sent.text, m)]
        found = [m for m in found if not (m in lifted[i] and _cited_day(lang, sent.text, m, found))]
        if not found:
            happened = [p for p in preds_of[i] if predicate_class(p[2]) not in _MODAL]
            if pub is not None and happened and not (mk.future and mk.future.search(sent.text)):
                p = happened[0]
                out.append({
                    "sentence_idx": sent.idx, "date": pub.isoformat(), "date_precision": "day", "kind": "past",
                    "date_text": "", "tz_note": "", "basis": UNDATED_BASIS, "predicate": p[2],
                    "predicate_text": sent.text[p[0]:p[1]], "predicate_sentence": i, "pred_start": p[0],
                    "pred_end": p[1], "date_start": p[0], "date_end": p[1], "entity_sentences": str(i),
                    "sentence": sent.text, "undated": True,
                })
            continue
        preds, note, where = preds_of[i], "", [i]
        rest = sent.text
        for m in found:
            rest = rest.replace(m.text, "")
        if not preds and i > 0 and preds_of[i - 1] and len(re.findall(r"\w", rest)) >= _MIN_REST_LETTERS:
            preds, note, where = preds_of[i - 1], "; predicate in the previous sentence", [i - 1, i]
        if not preds:
            continue
        if i + 1 < len(sents) and mk.anaphor and mk.anaphor.search(sents[i + 1].text):
            where = [*where, i + 1]
        seen: set[tuple[str, str]] = set()
        for m in found:
            if (m.date, m.precision) in seen:
                continue
            seen.add((m.date, m.precision))
            # the nearest happening (a "plan"/"target" word is modality: used only when no other predicate is there)
            pool = [p for p in preds if predicate_class(p[2]) not in _MODAL] or preds
            pred = min(pool, key=lambda p: min(abs(p[0] - m.end), abs(m.start - p[1]))) if where[0] == i else pool[-1]
            basis = m.basis + ("; approximate" if m.approximate else "") + (
                f"; until {m.date_end}" if m.date_end else "") + note
            row = {
                "sentence_idx": sent.idx, "date": m.date, "date_precision": m.precision,
                "kind": _kind_for(lang, m, sent.text, anchor, not inferred), "date_text": m.text,
                "tz_note": m.tz_note, "basis": basis, "predicate": pred[2],
                "predicate_text": (sent.text if where[0] == i else sents[i - 1].text)[pred[0]:pred[1]],
                "predicate_sentence": where[0], "pred_start": pred[0], "pred_end": pred[1],
                "date_start": m.start, "date_end": m.end, "entity_sentences": ";".join(map(str, where)),
                "sentence": sent.text, "predicate_classes": ";".join(sorted({predicate_class(p[2]) for p in pool})),
            }
            if m in lifted[i]:
                # the story pass gives it the year (and, for a bare day, the month) of the same happening in the
                # corpus's dated pages, else the story's year, or drops it
                row["year_unknown"] = True
                if _DAY_ONLY.search(m.text) and m.precision == "day" and m.basis == _RELATIVE_BASIS:
                    row["month_unknown"] = True
            out.append(row)
    return out


_NO_YEAR = dt.date(2000, 12, 31)  # a stand-in anchor: only the month and day of what it resolves are kept
_YEARLESS_BASIS = "year from publication date"
# a stand-in anchor for bare months: at mid-year no month is read as the year before or after
_MID_YEAR = dt.date(2000, 6, 30)
_RELATIVE_BASIS = "relative to publication date"
STORY_YEAR_BASIS = "year from the story ({year}: the page states no year and no date)"


# a day of the month written with its number ("3日", "지난달 3일", "先月3日", "3號"), not a day word ("昨日", "이날")
_DAY_ONLY = re.compile(r"\d\s*[日일号號]")
_DAY_NUMBER = re.compile(r"(\d{1,2})\s*[日일号號]")
_MONTH_FROM = "month from "  # analysis/dates.py: a bare day that took the month of a month-day before it
# a day named off another month ("지난달 3일", "先月3日", "下月3日"): no month of the page's is carried to it
_DAY_OFF_MONTH = re.compile(r"달|月")


_CITED_DAY_CHARS = 20  # "18일 연합뉴스에 따르면": the source's name between the day and the citing words


def _cited_day(lang: str, sentence: str, m: DateMention, found: Sequence[DateMention]) -> bool:
    """A bare day right before a cited source ("18일 연합뉴스에 따르면 일본제철은 19일 …") is the report's day when
    the sentence names another date after it for the happening."""
    after = markers(lang).source_after
    if after is None or not _DAY_ONLY.search(m.text) or not any(x.start > m.end for x in found):
        return False
    for k in range(m.end, min(len(sentence), m.end + _CITED_DAY_CHARS)):
        if sentence[k] in _CLAUSE_BREAKS - {" "}:
            return False
        if after.match(sentence, k):
            return True
    return False


def _yearless(sents: Sequence[Sentence], lang: str, months: bool = True) -> list[list[DateMention]]:
    """In a page with no date at all, the month-day dates ("6月2日", "June 1", "5월 3일") and the bare months ("7월",
    "6月") of CJK pages when ``months`` (the page states no year either), resolved against a stand-in year; the
    story pass gives them the corpus's year. Days written with their number and no month ("3日", "지난달 3일",
    "先月3日") are kept too: the story pass dates them only by the same happening in a dated page (else drops
    them); but a bare day after a month-day of the page ("1月5日 … 8日", "当地时间1月5日…。…在5日8时30分开始") takes
    that month, its year left to the story pass as the month-day's. Day words ("昨日", "yesterday") and weekdays stay
    unresolved."""
    month = _bare_month_pattern() if months else None
    out = []
    last: tuple[int, int, str] | None = None  # the month-day last named in the page: (stand-in year, month, text)
    for s in sents:
        found = []
        for m in find_dates(s.text, lang, _NO_YEAR):
            if m.precision != "day" or m.date_end is not None:
                continue
            if m.basis == _YEARLESS_BASIS:
                found.append(m)
            elif m.basis.startswith(_MONTH_FROM) and not _DAY_OFF_MONTH.search(m.text):
                # "1月5日,…将从8日起恢复使用": the month of a month-day before it in the sentence; the year still open
                found.append(replace(m, basis=f"{_YEARLESS_BASIS}; {m.basis}"))
            elif m.basis == _RELATIVE_BASIS and _DAY_ONLY.search(m.text):
                day = int(_DAY_NUMBER.search(m.text).group(1))
                if (last is not None and not _DAY_OFF_MONTH.search(m.text)
                        and day <= calendar.monthrange(last[0], last[1])[1]):
                    # "…当地时间1月5日8时30分开始了。…拆除工作在5日8时30分开始": a bare day after a month-day of an
                    # earlier sentence is in that month (the page's own, not one the story suggests)
                    found.append(replace(m, date=f"{last[0]:04d}-{last[1]:02d}-{day:02d}",
                                         basis=f"{_YEARLESS_BASIS}; {_MONTH_FROM}'{last[2]}' before it"))
                else:
                    found.append(m)
        for m in found:
            if m.basis == _YEARLESS_BASIS and re.match(r"\d{4}-\d{2}-\d{2}$", m.date):
                last = (int(m.date[:4]), int(m.date[5:7]), m.text)
        if month is not None:  # "7월 중국내 …공급을 시작했으며", "6月に…就いた": a month of the same stand-in year
            found += [m for m in find_dates(s.text, lang, _MID_YEAR)
                      if m.precision == "month" and m.basis == _RELATIVE_BASIS and m.date.startswith("2000-")
                      and month.search(m.text) and not any(x.start < m.end and m.start < x.end for x in found)]
        out.append(found)
    return out


@lru_cache(maxsize=1)
def _bare_month_pattern() -> re.Pattern[str] | None:
    """A numbered month ("7월", "6月底"; not "3개월", "3个月"): data/lang/common/events.toml [yearless]."""
    return _alt(tuple((pack("common", "events").get("yearless") or {}).get("month", ())), False, True)


def story_year(published: Sequence[object]) -> int | None:
    """The year most of the corpus's dated pages were published in (None when no page is dated)."""
    years = Counter(str(p)[:4] for p in published if isinstance(p, (str, dt.date)) and re.match(r"\d{4}", str(p)))
    return int(years.most_common(1)[0][0]) if years else None


def _flag(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame[name].astype("boolean").fillna(False).astype(bool)


def _with_story_year(candidates: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """Yearless candidates take the story's year (basis says so), with a ``_lift`` column saying what the page left
    open ("year"; "month" for a bare day, whose stand-in date is kept until a dated page gives its month); without
    a story year their date stays the stand-in one, for :func:`_dated_by_the_story` to date or drop."""
    if "year_unknown" not in candidates.columns:
        return candidates
    flag, day_only = _flag(candidates, "year_unknown"), _flag(candidates, "month_unknown")
    c = candidates.drop(columns=[x for x in ("year_unknown", "month_unknown") if x in candidates.columns])
    if not flag.any():
        return c
    c = c.copy()
    c["_lift"] = ["month" if d else ("year" if f else "") for f, d in zip(flag, day_only, strict=True)]
    by_year = flag & ~day_only
    if year is not None:
        c.loc[by_year, "date"] = [f"{year:04d}{str(d)[4:]}" for d in c.loc[by_year, "date"]]
        c.loc[by_year, "basis"] = [str(b).replace(_YEARLESS_BASIS, STORY_YEAR_BASIS.format(year=year)).replace(
            _RELATIVE_BASIS, STORY_YEAR_BASIS.format(year=year)) for b in c.loc[by_year, "basis"]]
    else:
        c.loc[by_year, "_lift"] = "year?"  # no story year: kept only if a dated page gives the same happening
    return c


SAME_HAPPENING_BASIS = "{what} from the same happening in a dated page ({date}, {doc})"


def _dated_by_the_story(out: pd.DataFrame, story: int | None) -> pd.DataFrame:
    """Date the yearless rows of undated pages by the corpus's dated rows of the same entity and happening.

    A month-day ("12月13日") of a page with no year takes the year of a dated row of the same entity, predicate
    class and month-day, when exactly one year fits (else it keeps the story's year); a bare day ("3日",
    "先月3日") takes the month and year of a dated row of the same entity, class and day of month when exactly one
    fits, else it is dropped: no month is invented. The basis names the row that gave the date."""
    if "_lift" not in out.columns:
        return out
    lift = out["_lift"].fillna("").astype(str)
    if not (lift != "").any():
        return out.drop(columns=["_lift"])
    dated: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    undated = _flag(out, "undated")  # a page's own date for an undated report is no date of the happening
    for eid, date, prec, pred, doc, lf, und in zip(out["entity_id"], out["date"], out["date_precision"],
                                                   out["predicate"], out["doc_id"], lift, undated, strict=True):
        if not lf and not und and str(prec) == "day" and len(str(date)) == 10:
            dated[str(eid)].append((str(date), predicate_class(pred), str(doc)))
    page_month = _page_months(out, lift, dated)
    keep, dates, bases = [], [], []
    for eid, date, pred, doc, basis, lf in zip(out["entity_id"], out["date"], out["predicate"], out["doc_id"],
                                              out["basis"], lift, strict=True):
        date, basis = str(date), str(basis)
        if not lf or len(date) != 10:
            keep.append(lf != "year?")
            dates.append(date)
            bases.append(basis)
            continue
        cls = predicate_class(pred)
        tail = date[8:] if lf == "month" else date[5:]
        fits = {(d, o) for d, c, o in dated.get(str(eid), ()) if o != str(doc) and d.endswith(tail)
                and (c == cls or not c or not cls or c in _MODAL or cls in _MODAL)}
        options = {d for d, _ in fits}
        if len(options) == 1:
            got = options.pop()
            src = sorted(o for d, o in fits if d == got)[0]
            what = "month and year" if lf == "month" else "year"
            for old in (STORY_YEAR_BASIS.format(year=story), _RELATIVE_BASIS, _YEARLESS_BASIS):
                basis = basis.replace(old, SAME_HAPPENING_BASIS.format(what=what, date=got, doc=src))
            keep.append(True)
            dates.append(got)
            bases.append(basis)
        elif lf == "month" and str(doc) in page_month and (not options or any(
                d.startswith(page_month[str(doc)][0]) for d in options)) and _valid_day(page_month[str(doc)][0],
                                                                                         date[8:]):
            # no one happening fits: the month the page's other bare days share with the story's dated pages
            month, note = page_month[str(doc)]
            basis = basis.replace(_RELATIVE_BASIS, note)
            keep.append(True)
            dates.append(f"{month}-{date[8:]}")
            bases.append(basis)
        else:
            keep.append(lf == "year")  # a month-day keeps the story's year; a bare day has no month: dropped
            dates.append(date)
            bases.append(basis)
    res = out.copy()
    res["date"], res["basis"] = dates, bases
    return res[pd.Series(keep, index=res.index)].drop(columns=["_lift"]).reset_index(drop=True)


_PAGE_MONTH_MIN_DAYS = 2
PAGE_MONTH_BASIS = ("month and year from the story: {n} of the page's {k} bare days fall on days of {month} in dated "
                    "pages about the same entities")


def _valid_day(month: str, day: str) -> bool:
    y, m = int(month[:4]), int(month[5:7])
    return day.isdigit() and 1 <= int(day) <= calendar.monthrange(y, m)[1]


def _page_months(out: pd.DataFrame, lift: pd.Series, dated: dict[str, list[tuple[str, str, str]]]) -> dict[str, tuple]:
    """The month of each undated page's bare days ("2일 … 3일 … 4일"), from the story: each distinct day of the page
    votes for the months in which a dated page has a milestone of the same entity on that day of the month (any
    happening); the month with most votes, when no other has as many, for a page that names two days or more (its
    bare days are written in one month; a single day matched by another happening only is no evidence)."""
    votes: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    days: dict[str, set[str]] = defaultdict(set)
    for eid, date, doc, lf in zip(out["entity_id"], out["date"], out["doc_id"], lift, strict=True):
        date, doc = str(date), str(doc)
        if lf != "month" or len(date) != 10:
            continue
        days[doc].add(date[8:])
        for d, _, o in dated.get(str(eid), ()):
            if o != doc and d[8:] == date[8:]:
                votes[doc][d[:7]].add(date[8:])
    res: dict[str, tuple[str, str]] = {}
    for doc, by_month in votes.items():
        ranked = sorted(by_month.items(), key=lambda kv: -len(kv[1]))
        if len(ranked) > 1 and len(ranked[1][1]) == len(ranked[0][1]):
            continue  # two months fit as well: none is taken
        month, hit = ranked[0]
        if len(days[doc]) < _PAGE_MONTH_MIN_DAYS:
            continue  # one bare day matched by another happening only: no month (a landing is no launch)
        res[doc] = (month, PAGE_MONTH_BASIS.format(n=len(hit), k=len(days[doc]), month=month))
    return res


def _background(lang: str, sentence: str, start: int, end: int) -> bool:
    """An entity used to describe another ("the maker of X", "X 개발사", "X 开发商") is not what a date is about."""
    mk = markers(lang)
    while end < len(sentence) and sentence[end] in _CLOSERS:  # "(NASA)によると", "「X」开发商": past the bracket
        end += 1
    for after in (mk.epithet_after, mk.source_after):
        if after is not None and after.match(sentence, end):
            return True
    if mk.source_after is not None and lang in _SOURCE_TAIL_LANGS:
        # the rest of a longer source name before the marker ("アメリカ航空|宇宙局(NASA)によると")
        for k in range(end + 1, min(len(sentence), end + _SOURCE_TAIL_CHARS)):
            if sentence[k - 1] in _CLAUSE_BREAKS:
                break
            if mk.source_after.match(sentence, k):
                return True
    before_text = sentence[max(0, start - 24):start]
    return any(before is not None and re.search(f"(?:{before.pattern})\\s*$", before_text, re.IGNORECASE)
               for before in (mk.epithet_before, mk.source_before))


_ADDRESSEE_GAP = 2  # "向日本藥品…機構": a country word may stand between the marker and the name


def _addressee(lang: str, sentence: str, start: int, end: int) -> bool:
    """A name a filing or a request goes to ("向X提出申請", "X、Y)に…申請", "X에 … 신청")."""
    mk = markers(lang)
    while end < len(sentence) and sentence[end] in _CLOSERS:
        end += 1
    if mk.addressee_after is not None and mk.addressee_after.match(sentence, end):
        return True
    before = mk.addressee_before
    return before is not None and bool(re.search(f"(?:{before.pattern})\\w{{0,{_ADDRESSEE_GAP}}}$",
                                                 sentence[max(0, start - 24):start]))


def _condition_at(lang: str, sentence: str, start: int, end: int) -> bool:
    """A name that is an illness here: it ends with an illness word or one follows it ("阿尔茨海默病", "阿爾茨海默癥",
    "アルツハイマー病", "Alzheimer's disease"). What a drug or a study is about is no milestone's subject."""
    cond = markers(lang).condition
    if cond is None:
        return False
    name = sentence[start:end]
    return bool(cond.match(sentence, end) or any(cond.fullmatch(name, k) for k in range(max(0, len(name) - 4),
                                                                                      len(name))))


def _conditions(candidates: pd.DataFrame, mentions: pd.DataFrame | None) -> set[str]:
    """Entities named as an illness in some candidate sentence (by the name or the word after it) or whose
    mention's text ends with an illness word: never what a milestone is about."""
    out: set[str] = set()
    if mentions is None or not len(mentions):
        return out
    blank = pd.Series("", index=candidates.index)
    text_of = {(str(d), int(i)): (str(t), str(lang)) for d, i, t, lang in zip(
        candidates["doc_id"], candidates["sentence_idx"], candidates.get("sentence", blank),
        candidates.get("language", blank), strict=True)}
    for d, si, s, e, eid in zip(mentions["doc_id"], mentions["sentence_idx"], mentions["sent_start"],
                                mentions["sent_end"], mentions["entity_id"], strict=True):
        got = text_of.get((str(d), int(si)))
        if got is not None and isinstance(eid, str) and _condition_at(got[1], got[0], int(s), int(e)):
            out.add(eid)
    return out


# A sentence that reports a happening without a date ("X has unveiled Y") dates it by the publication, as an
# upper bound; kept only for a topic with no dated milestone in that document, once per document.
UNDATED_BASIS = "no date in the sentence: reported as done by the publication date"
_MODAL = {"plan"}  # predicate classes that say when something is meant to happen, compatible with any happening
_SOURCE_TAIL_LANGS = frozenset({"ko", "ja"})  # zh: "X发布消息称" is X's own announcement, not a cited source
_SOURCE_TAIL_CHARS = 16  # the rest of a longer source name may stand between a name and the marker
_CLAUSE_BREAKS = frozenset(" 、,，。;；:：")
_CLOSERS = frozenset(")）]］」』】〕》>\"”'’")
_BEYOND_REPORTING = 5000  # rank penalty of a name that a reporting verb separates from the date
_EARLIER_WINDOW = 12  # "지난 2004년": the word may stand just before the date expression
_MIN_REST_LETTERS = 8  # a date line with fewer other letters (a byline "by X 2024. 2. 18.") takes no predicate
# Entity kinds that can be what a milestone is about, except for the predicate classes listed for them.
# People meet, visit, sign, approve, block, decide, sue, are elected, take office and win, are born, leave, arrive
# and return; places host.
_KIND_PREDICATES = {"person": {"visit", "hold", "agreement", "approve", "block", "decide", "legal", "vote", "office",
                               "win", "born", "depart", "arrive", "return"},
                    "place": {"hold"}}
# Which entity a milestone is about: products and events first, then organisations and other names (a topic of
# the story before others), then people, then places.
_KIND_ORDER = {"product": 0, "event": 0, "organisation": 1, "name": 1, "person": 3, "place": 4}
_WEAK_ORDER = 3.5  # a name known only from quotation marks ranks after people, before places
_QUOTED_BASIS = "quoted"  # analysis/entities.py: a mention found only as a quoted term
_SUBJECT_KINDS = frozenset({"product", "event", "organisation", "name"})


def events_from_candidates(candidates: pd.DataFrame, mentions: pd.DataFrame, entity_names: dict[str, str],
                           topics: set[str], hidden: frozenset[str] = frozenset(),
                           entity_kinds: dict[str, str] | None = None, year: int | None = None) -> pd.DataFrame:
    """One event per candidate (sentence, date): the entity it is about, by the order: a topic first, then
    products and events, names, organisations, people, places; nearest the predicate; background mentions and
    mentions cut off by a reporting verb or a semicolon are skipped. Candidates with no entity are dropped.

    year: the story's year (:func:`story_year`), given to month-day dates of pages that state no year and no date
    (basis says so); without it those candidates are dropped."""
    if candidates is None or candidates.empty:
        return pd.DataFrame()
    candidates = _with_story_year(candidates, year)
    if candidates.empty:
        return pd.DataFrame()
    by_sent: dict[tuple[str, int], list[tuple]] = defaultdict(list)
    if mentions is not None and len(mentions):
        cols = [mentions[c].tolist() for c in ("doc_id", "sentence_idx", "sent_start", "sent_end", "entity_id", "kind")]
        for d, si, s, e, eid, kind in zip(*cols, strict=True):
            if isinstance(eid, str) and eid and eid not in hidden:
                by_sent[(str(d), int(si))].append((int(s), int(e), eid, (entity_kinds or {}).get(eid, str(kind))))
    weak = _quoted_only(mentions, entity_names, topics)
    ill = _conditions(candidates, mentions)
    if ill:  # an illness is no subject: left out like a hidden entity
        by_sent = defaultdict(list, {k: [x for x in v if x[2] not in ill] for k, v in by_sent.items()})
    main_of = _main_subjects(by_sent, entity_names, topics)
    rows = []
    candidates = candidates.sort_values(["doc_id", "sentence_idx", "date_start", "date"], kind="stable")
    keys = list(candidates.columns)
    records = [dict(zip(keys, vals, strict=True)) for vals in zip(*(candidates[c].tolist() for c in keys), strict=True)]
    for r in records:  # plain lists: to_dict over Arrow-backed columns is slow
        lang = str(r.get("language", ""))
        doc, si = str(r["doc_id"]), int(r["sentence_idx"])
        text = str(r.get("sentence", ""))
        best, best_key, best_kind = None, None, ""
        # the happenings of the sentence ("인수를 허가하는 행정명령에 서명했다": an acquisition and a signing)
        classes = {predicate_class(r.get("predicate")), *_text(r.get("predicate_classes")).split(";")} - {""}
        head = _dateline_end(lang, text)  # a name in the dateline ("[워싱턴=AP/뉴시스]", "新华社…电") is the reporter's
        speaker = beyond = False
        blocked = False  # a name was there but the date is not about it (a person's post, a reported date)
        # a name a filing goes to is so in each of its renderings ("向…綜合機構(PMDA)提出")
        to = {x[2] for x in by_sent.get((doc, si), ()) if _addressee(lang, text, x[0], x[1])}
        for where in str(r.get("entity_sentences", si)).split(";"):
            w = int(where)
            for s, e, eid, kind in by_sent.get((doc, w), ()):
                if w == si and (_background(lang, text, s, e) or s < head or eid in to):
                    continue
                if kind in _KIND_PREDICATES and not (classes & _KIND_PREDICATES[kind]) and kind != "person":
                    continue
                if w == si:
                    lo, hi = (e, int(r["date_start"])) if e <= int(r["date_start"]) else (int(r["date_end"]), s)
                    gap = text[lo:hi] if lo < hi else ""
                    mk = markers(lang)
                    if re.search(r"[;；]", gap):
                        blocked = True
                        continue
                    dist = min(abs(s - int(r["pred_end"])), abs(int(r["pred_start"]) - e)) \
                        if int(r["predicate_sentence"]) == si else 1000
                    if mk.reporting and mk.reporting.search(gap):
                        # beyond a reporting verb ("6月18日,X發布消息稱,其已完成對Y的收購"): the date is the report's,
                        # often the happening's too; any name on the date's side of the verb comes first
                        dist += _BEYOND_REPORTING
                        beyond = True
                    elif kind == "person":
                        speaker = True  # a person on the date's side of the verb: the date may be their post
                else:
                    dist = 2000 + abs(w - si)
                name = entity_names.get(eid, "")
                key = _label_key(kind, name in topics, eid in weak, dist)
                if best_key is None or key < best_key:
                    best, best_key, best_kind = (eid, name, w), key, kind
        stand_in = best_kind == "person" and not (classes & _KIND_PREDICATES["person"])
        if best_key is not None and ((best_key[0] and speaker) or (stand_in and beyond)):
            continue  # "2月16日,某创始人发布微博提到…X": the date is the person's post, not X's
        fallback = ""
        if best is not None and best[1] not in topics and (best_kind == "place" or best[0] in weak or stand_in) \
                and r.get("undated") is not True:
            # only a place, a stray phrase or a person who does not do this kind of thing (a product's launch
            # announced by its maker's chief): the topic of the sentence before continues the story, else the
            # document's main subject when it is a topic, else the person
            carried = _previous_topic(by_sent.get((doc, si - 1), ()), entity_names, topics)
            if carried is not None:
                best = (carried, entity_names.get(carried, ""), si - 1)
            elif stand_in and entity_names.get(main_of.get(doc, ""), "") in topics:
                best, fallback = (main_of[doc], entity_names.get(main_of[doc], ""), si), \
                    "; entity: the document's main subject (only a person named in the sentence)"
        if best is None and not blocked and r.get("undated") is not True:
            # no name in the sentence: its predecessor's, else the document's main subject (subjectless
            # sentences, frequent in Korean, Japanese and Chinese, continue the story's subject)
            prev = [x for x in by_sent.get((doc, si - 1), ())
                    if not (x[3] in _KIND_PREDICATES and not (classes & _KIND_PREDICATES[x[3]]))]
            if prev:
                x = min(prev, key=lambda x: (_KIND_ORDER.get(x[3], 1), 0 if entity_names.get(x[2], "") in topics
                                             else 1, x[0]))
                best, fallback = (x[2], entity_names.get(x[2], ""), si - 1), ""
            elif doc in main_of:
                best, fallback = (main_of[doc], entity_names.get(main_of[doc], ""), si), \
                    "; entity: the document's main subject (no name in the sentence)"
        if best is None:
            continue
        if r.get("undated") is True:
            if best[1] not in topics:
                continue
        row = dict(r)
        row["entity_id"], row["topic"] = best[0], best[1]
        row["basis"] = str(row["basis"]) + fallback
        if best[2] > si:
            row["basis"] = str(row["basis"]) + "; entity named in the next sentence"
        elif best[2] < si and "previous sentence" not in str(row["basis"]):
            row["basis"] = str(row["basis"]) + "; entity named in the previous sentence"
        rows.append(row)
    out = _dated_by_the_story(pd.DataFrame(rows), year)
    if len(out) and "undated" in out.columns:
        undated = out["undated"].astype("boolean").fillna(False).astype(bool)
        dated_pairs = set(zip(out.loc[~undated, "doc_id"], out.loc[~undated, "entity_id"], strict=True))
        keep = ~undated | ~pd.Series([(d, e) in dated_pairs for d, e in zip(out["doc_id"], out["entity_id"],
                                                                             strict=True)], index=out.index)
        out = out[keep]
        first = ~(undated & out.duplicated(subset=["doc_id", "entity_id", "undated"], keep="first"))
        out = out[first[out.index]]
        out = out[~_subsumed(out)].drop(columns=["undated"]).reset_index(drop=True)
    return out


def _label_key(kind: str, is_topic: bool, weak: bool, dist: int) -> tuple[float, ...]:
    """Rank of a mention as what a milestone is about (lowest wins): a name beyond a reporting verb last; then a topic
    of the story first, then products and events, organisations and names, people, places; a phrase known only from
    quotation marks (a slogan, a quoted clause: "亮起綠燈") after people; nearest the predicate."""
    order = _WEAK_ORDER if weak and not is_topic else _KIND_ORDER.get(kind, 1)
    return (1 if dist >= _BEYOND_REPORTING else 0, 0 if is_topic else 1, order, dist)


def _previous_topic(items: Sequence[tuple], entity_names: dict[str, str], topics: set[str]) -> str | None:
    """The topic product, event or organisation of a sentence (the first by kind, then by position), if any."""
    pool = [x for x in items if entity_names.get(x[2], "") in topics and x[3] in _SUBJECT_KINDS]
    return min(pool, key=lambda x: (_KIND_ORDER.get(x[3], 1), x[0]))[2] if pool else None


def _quoted_only(mentions: pd.DataFrame | None, entity_names: dict[str, str], topics: set[str]) -> set[str]:
    """Stray phrases: entities (not topics) whose every mention was found only between quotation marks ("亮起綠燈"),
    and names of no known kind mentioned once in the whole corpus ("力爭")."""
    if mentions is None or not len(mentions):
        return set()
    bases: dict[str, set[str]] = defaultdict(set)
    count: Counter = Counter()
    kinds: dict[str, str] = {}
    basis_col = mentions["basis"].tolist() if "basis" in mentions.columns else [""] * len(mentions)
    for eid, basis, kind in zip(mentions["entity_id"].tolist(), basis_col, mentions["kind"].tolist(), strict=True):
        if isinstance(eid, str) and eid:
            bases[eid].add(str(basis))
            count[eid] += 1
            kinds[eid] = str(kind)
    return {eid for eid, b in bases.items() if entity_names.get(eid, "") not in topics and (
        all(x.startswith(_QUOTED_BASIS) for x in b) or (kinds[eid] == "name" and count[eid] == 1))}


def _main_subjects(by_sent: dict[tuple[str, int], list[tuple]], entity_names: dict[str, str],
                   topics: set[str]) -> dict[str, str]:
    """Each document's most mentioned product, event, organisation or name (topics first)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for (doc, _), items in by_sent.items():
        for _, _, eid, kind in items:
            if kind in ("product", "event", "organisation", "name"):
                counts[doc][eid] += 1
    out = {}
    for doc, c in counts.items():
        out[doc] = max(c, key=lambda e: (entity_names.get(e, "") in topics, c[e], e))
    return out


UNDATED_WINDOW_DAYS = 31


def _subsumed(ev: pd.DataFrame) -> pd.Series:
    """Undated reports of a happening that a dated milestone of the same entity and class, in the month before
    the publication, already places."""
    undated = ev["undated"].astype("boolean").fillna(False).astype(bool)
    dated: dict[tuple[str, str], list[dt.date]] = defaultdict(list)
    for eid, pred, date, prec in zip(ev.loc[~undated, "entity_id"], ev.loc[~undated, "predicate"],
                                     ev.loc[~undated, "date"], ev.loc[~undated, "date_precision"], strict=True):
        start, _ = period(str(date), str(prec))
        dated[(str(eid), predicate_class(pred))].append(start)
    out = []
    for is_undated, eid, pred, date in zip(undated, ev["entity_id"], ev["predicate"], ev["date"], strict=True):
        if not is_undated:
            out.append(False)
            continue
        pub = dt.date.fromisoformat(str(date))
        starts = dated.get((str(eid), predicate_class(pred)), [])
        out.append(any(0 <= (pub - d).days <= UNDATED_WINDOW_DAYS for d in starts))
    return pd.Series(out, index=ev.index)


# ---------------------------------------------------------------- merging across sources


@dataclass(frozen=True)
class _Item:
    kind: str
    precision: str
    start: dt.date
    end: dt.date
    tz: bool


def _item(date: object, precision: object, kind: object, tz: object) -> _Item:
    p = str(precision)
    start, end = period(str(date), p)
    return _Item(str(kind), p, start, end, bool(tz) and not (isinstance(tz, float) and pd.isna(tz)))


def _compatible(a: _Item, b: _Item) -> bool:
    """Same milestone? Dates equal at the coarser precision, or one day apart explained by a time-zone note."""
    if a.precision == b.precision == "day":
        if a.start == b.start:
            return True  # same day: the same milestone even if one source still called it projected
        return a.kind == b.kind and abs((a.start - b.start).days) == 1 and (a.tz or b.tz)
    if a.kind != b.kind:
        return False
    # coarser precision: the finer period lies inside the coarser one (equal when both are equally coarse)
    if _PRECISION_RANK.get(a.precision, 4) >= _PRECISION_RANK.get(b.precision, 4):
        return a.start <= b.start and b.end <= a.end
    return b.start <= a.start and a.end <= b.end


def _slug(s: str) -> str:
    return re.sub(r"[^0-9a-z가-힣\u4e00-\u9fff]+", "-", s.lower()).strip("-") or "topic"


def assign_milestones(events: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``events`` with a ``milestone_id`` column: rows that report the same milestone share it."""
    ev = events.copy().reset_index(drop=True)
    if ev.empty:
        ev["milestone_id"] = pd.Series(dtype=str)
        return ev
    parent = list(range(len(ev)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    items = [_item(d, p, k, t) for d, p, k, t in zip(ev["date"], ev["date_precision"], ev["kind"],
                                                      ev["tz_note"] if "tz_note" in ev else [""] * len(ev),
                                                      strict=True)]
    classes = [predicate_class(p) for p in (ev["predicate"] if "predicate" in ev else [""] * len(ev))]
    for _, idx in ev.groupby("topic", sort=False).groups.items():
        # reports with the same period, kind, class and time-zone flag are one milestone at once (many sources of
        # one happening); only one of them takes part in the sweep
        first_of: dict[tuple, int] = {}
        for k in idx:
            it = items[k]
            b = first_of.setdefault((it.start, it.end, it.precision, it.kind, it.tz, classes[k]), k)
            if b != k:
                parent[k] = b
        # sweep by start date: only periods that overlap or touch (one day) can be the same milestone
        rows = sorted(first_of.values(), key=lambda k: items[k].start)
        for x, i in enumerate(rows):
            reach = items[i].end + dt.timedelta(days=1)
            for j in rows[x + 1:]:
                if items[j].start > reach:
                    break
                if root(i) != root(j) and _compatible(items[i], items[j]) and (
                        classes[i] == classes[j] or not classes[i] or not classes[j]
                        or classes[i] in _MODAL or classes[j] in _MODAL):
                    parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(ev)):
        groups.setdefault(root(i), []).append(i)
    recs = _records(ev)
    ids: dict[int, str] = {}
    used: set[str] = set()
    for r, members_idx in groups.items():
        members = [recs[k] for k in members_idx]
        rep = _representative(members)
        mid = f"{_slug(rep['topic'])}-{rep['date']}-{_merged_kind(members)}"
        while mid in used:  # distinct milestones never share an id
            mid += "+"
        used.add(mid)
        ids[r] = mid
    ev["milestone_id"] = [ids[root(i)] for i in range(len(ev))]
    return ev


def _text(v: object) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT:
        return ""
    return str(v)


def _pub(v: object) -> str | None:
    """Publication date as an ISO string (None when missing)."""
    if v is None or v is pd.NaT or (isinstance(v, float) and pd.isna(v)):
        return None
    if isinstance(v, (dt.date, pd.Timestamp)):
        return pd.Timestamp(v).date().isoformat()
    s = str(v).strip()
    return s[:10] if s and s.lower() not in ("nat", "nan", "none") else None


def _records(ev: pd.DataFrame) -> list[dict[str, object]]:
    """Plain rows with the fields merging needs (pandas per-group operations are too slow for big corpora)."""
    n = len(ev)

    def col(name: str) -> list[object]:
        return list(ev[name]) if name in ev else [""] * n

    out = []
    for topic, date, prec, kind, tz, sent, pub, src, path, doc, pred, eid in zip(
            col("topic"), col("date"), col("date_precision"), col("kind"), col("tz_note"), col("sentence"),
            col("published"), col("source"), col("path"), col("doc_id"), col("predicate"), col("entity_id"),
            strict=True):
        out.append({"topic": _text(topic), "date": _text(date), "date_precision": _text(prec), "kind": _text(kind),
                    "tz_note": _text(tz), "sentence": _text(sent), "pub": _pub(pub),
                    "src": _text(src) or _text(path) or _text(doc), "predicate": _text(pred), "entity_id": _text(eid)})
    return out


def _representative(members: list[dict[str, object]]) -> dict[str, object]:
    """Finest precision; among those a date noted in local time, else the most reported, else the earliest."""
    counts: dict[object, int] = {}
    for m in members:
        counts[m["date"]] = counts.get(m["date"], 0) + 1
    return min(members, key=lambda m: (_PRECISION_RANK.get(str(m["date_precision"]), 4),
                                       0 if _LOCAL_TZ.search(str(m["tz_note"])) else 1,
                                       -counts[m["date"]], str(m["date"])))


def _merged_kind(members: list[dict[str, object]]) -> str:
    return "past" if any(m["kind"] == "past" for m in members) else "projected"


def merge_milestones(events: pd.DataFrame, assigned: bool = False) -> pd.DataFrame:
    """One row per milestone across sources; columns in ``MILESTONE_COLUMNS``.

    ``first_reported`` is the earliest publication date (ISO string, None when no source is dated);
    ``sources`` lists sources by publication date (undated last); ``disagreement`` names differing dates at
    the same precision (with their time-zone notes) and differing kinds.

    assigned: the events carry the ``milestone_id`` of :func:`assign_milestones` already (not computed again).
    """
    if events is None or events.empty:
        return pd.DataFrame(columns=MILESTONE_COLUMNS)
    ev = events if assigned and "milestone_id" in events.columns else assign_milestones(events)
    recs = _records(ev)
    groups: dict[str, list[dict[str, object]]] = {}
    for mid, rec in zip(ev["milestone_id"], recs, strict=True):
        groups.setdefault(str(mid), []).append(rec)
    rows = []
    for mid, g in groups.items():
        rep = _representative(g)
        by_pub = sorted(g, key=lambda m: (m["pub"] is None, str(m["pub"] or "")))
        first = by_pub[0]
        rows.append({
            "milestone_id": mid,
            "topic": rep["topic"],
            "date": rep["date"],
            "date_precision": rep["date_precision"],
            "kind": _merged_kind(g),
            "sources": "; ".join(dict.fromkeys(str(m["src"]) for m in by_pub)),
            "n_sources": len({m["src"] for m in g}),
            "n_mentions": len(g),
            "first_reported": first["pub"],
            "first_source": first["src"],
            "disagreement": _disagreement(g),
            "sentences": "\n".join(dict.fromkeys(str(m["sentence"]) for m in g)),
            "predicate": Counter(str(m["predicate"]) for m in g if m["predicate"]).most_common(1)[0][0]
            if any(m["predicate"] for m in g) else "",
            "entity_id": rep["entity_id"],
        })
    out = pd.DataFrame(rows, columns=MILESTONE_COLUMNS)
    return out.sort_values(["date", "topic"], kind="stable").reset_index(drop=True)


def _disagreement(g: list[dict[str, object]]) -> str:
    notes = []
    by_prec: dict[str, dict[str, set[str]]] = {}
    for m in g:
        tzs = by_prec.setdefault(str(m["date_precision"]), {}).setdefault(str(m["date"]), set())
        if m["tz_note"]:
            tzs.add(str(m["tz_note"]))
    any_tz = any(m["tz_note"] for m in g)
    for prec, dates in by_prec.items():
        if len(dates) < 2:
            continue
        ordered = sorted(dates)
        labels = [f"{d} ({', '.join(sorted(dates[d]))})" if dates[d] else d for d in ordered]
        note = "dates differ: " + " vs ".join(labels)
        if prec == "day" and any_tz and len(ordered) == 2:
            if (dt.date.fromisoformat(ordered[1]) - dt.date.fromisoformat(ordered[0])).days == 1:
                note += " (one day apart: time zones)"
        notes.append(note)
    kinds = sorted({str(m["kind"]) for m in g})
    if len(kinds) > 1:
        notes.append("kind differs: " + " vs ".join(kinds))
    return "; ".join(notes)
