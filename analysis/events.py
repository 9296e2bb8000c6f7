"""Milestones: a tracked topic with a date stated in the same sentence, and their merge across sources.

Rules (kept simple on purpose, each one tested):
- One Event per (sentence, topic, date). Dates come from :func:`analysis.dates.find_dates` on the sentence.
- A date is not attached to a topic when a reporting verb stands between them ("2 月 16 日,周鸿祎发布微博提到
  ... Sora": the date is the post's, not Sora's) or when a semicolon separates them.
- A sentence with a date and no topic takes the topics of the next sentence when that one refers back to it
  ("... 2028년을 목표로 ... 프로젝트를 진행 중이다. '스타게이트 프로젝트'라고 불리는 이 사업은 ...").
- ``kind``: a period that ends before publication is "past", one that starts after it is "projected"; a period
  containing the publication date (올해, 이달, 今年) is "projected" when the sentence uses future phrasing
  (will, 예정, 계획, 将, 预计, 予定 ...), else "past". With no publication date, the document's own latest date
  is a lower bound on it (dates before it are past) and future phrasing decides the rest.
- Approximate dates and ranges keep their flags in ``Event.basis`` ("...; approximate; until 2030").
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.dates import as_date, find_dates, infer_anchor
from analysis.records import DateMention, Event, Sentence
from analysis.topics import TopicIndex

log = logging.getLogger(__name__)

__all__ = ["find_events", "assign_milestones", "merge_milestones", "MILESTONE_COLUMNS"]

_FUTURE = re.compile(
    r"\b(?:will|would|plans?|planned|planning|expected|expects?|set to|scheduled|aims?|aiming|targets?|targeting|"
    r"upcoming|going to|intends?|due to|slated)\b"
    r"|예정|계획|목표|전망|방침|추진|것으로 보|할 것|될 것|낼 것|열 것|나올 것|겠다|겠습니다"
    r"|将|將|预计|預計|计划|計劃|有望|即将|即將|拟|擬|准备|準備|打算|目标|目標|晚些时候|晚些時候"
    r"|予定|計画|目標|見通し|方針|見込み|目指|めざ|する考え",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:said|says|told|wrote|posted|tweeted|argued|claimed|commented|stated)\b"
    r"|말했|밝혔|주장했|평가했|예측했|내다봤|강조했|전했|올린 글|게시했|언급했"
    r"|表示|认为|認為|提到|指出|看法|微博|发文|發文|称|稱|说|說"
    r"|述べ|語っ|話し|明らかにし|発言|投稿",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"(?:이|해당|그|같은)\s*(?:사업|프로젝트|계획|시설|센터)"
    r"|(?:该|該|这|這|此)一?(?:项目|項目|计划|計劃|工程)"
    r"|\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:project|plan|facility|initiative)\b"
    r"|(?:この|同)(?:計画|プロジェクト|事業)",
)
# A topic used only to describe a company ("챗GPT 개발사 오픈AI", "the maker of ChatGPT", "ChatGPT 开发商") is
# not what a date in the sentence is about.
_EPITHET_AFTER = re.compile(
    r"\s*(?:개발사|개발업체|운영사|开发商|開發商|研发商|母公司|の開発元|開発元)"
    r"|\s*(?:developer|maker|creator|owner)\b|'s\s+(?:developer|maker|creator|owner)\b",
    re.IGNORECASE,
)
_EPITHET_BEFORE = re.compile(r"\b(?:maker|creator|developer|owner)s?\s+of\s+$", re.IGNORECASE)
_LATER = re.compile(r"\blater\b|晚些|以降|이후|하반기|下半", re.IGNORECASE)
_PRECISION_RANK = {"day": 0, "month": 1, "season": 2, "quarter": 2, "half": 3, "year": 4}
_PERIOD_MONTHS = {"month": 1, "season": 3, "quarter": 3, "half": 6, "year": 12}
_LOCAL_TZ = re.compile(r"현지|当地|當地|現地|local", re.IGNORECASE)

MILESTONE_COLUMNS = ["milestone_id", "topic", "date", "date_precision", "kind", "sources", "n_sources", "n_mentions",
                     "first_reported", "first_source", "disagreement", "sentences"]


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


def _kind(mention: DateMention, sentence: str, ref: dt.date | None, ref_is_publication: bool) -> str:
    start, end = period(mention.date, mention.precision, mention.date_end)
    future = bool(_FUTURE.search(sentence) or _LATER.search(mention.text))
    if ref is not None:
        if end < ref:
            return "past"
        if ref_is_publication and start > ref:
            return "projected"
    return "projected" if future else "past"


# ---------------------------------------------------------------- events


def _attached(mention: DateMention, spans: list[tuple[int, int, str]], sentence: str, topic: str) -> bool:
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
    return not (_REPORTING.search(best) or re.search(r"[;；]", best))


def _is_epithet(sentence: str, start: int, end: int) -> bool:
    """Topic mention used as a company descriptor: "챗GPT 개발사 오픈AI", "the creator of ChatGPT"."""
    return bool(_EPITHET_AFTER.match(sentence, end) or _EPITHET_BEFORE.search(sentence[max(0, start - 20):start]))


def _anchor(text: str, lang: str, published: dt.date | None) -> tuple[dt.date | None, bool]:
    """(the date relative expressions resolve against, whether it was inferred from the text)."""
    anchor = as_date(published)
    if anchor is not None:
        return anchor, False
    anchor, _ = infer_anchor(text, lang)
    return anchor, anchor is not None


def sentence_dates(sentences: Sequence[Sentence], text: str, lang: str,
                   published: dt.date | None) -> list[list[DateMention]]:
    """The date mentions of each sentence (offsets into the sentence), resolved against the publication date or,
    for an undated document, against the anchor its own dates give (basis "inferred")."""
    anchor, inferred = _anchor(text, lang, published)
    return [find_dates(sent.text, lang, anchor, anchor_inferred=inferred) if anchor
            else find_dates(sent.text, lang, None) for sent in sentences]


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
        spans = [sp for sp in topics.spans(sent.text) if not _is_epithet(sent.text, sp[0], sp[1])]
        carried: list[str] = []
        note = ""
        if not spans and i + 1 < len(sents) and _ANAPHOR.search(sents[i + 1].text):
            carried = list(dict.fromkeys(name for _, _, name in topics.spans(sents[i + 1].text)))
            note = "; topic named in the next sentence"
        for mention in mentions:
            names = carried or list(dict.fromkeys(name for _, _, name in spans))
            for topic in names:
                if not carried and not _attached(mention, spans, sent.text, topic):
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
                    kind=_kind(mention, sent.text, anchor, not inferred), date_text=mention.text,
                    tz_note=mention.tz_note, basis=basis + note,
                ))
    return out


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
    for _, idx in ev.groupby("topic", sort=False).groups.items():
        # sweep by start date: only periods that overlap or touch (one day) can be the same milestone
        rows = sorted(idx, key=lambda k: items[k].start)
        for x, i in enumerate(rows):
            reach = items[i].end + dt.timedelta(days=1)
            for j in rows[x + 1:]:
                if items[j].start > reach:
                    break
                if root(i) != root(j) and _compatible(items[i], items[j]):
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
    for topic, date, prec, kind, tz, sent, pub, src, path, doc in zip(
            col("topic"), col("date"), col("date_precision"), col("kind"), col("tz_note"), col("sentence"),
            col("published"), col("source"), col("path"), col("doc_id"), strict=True):
        out.append({"topic": _text(topic), "date": _text(date), "date_precision": _text(prec), "kind": _text(kind),
                    "tz_note": _text(tz), "sentence": _text(sent), "pub": _pub(pub),
                    "src": _text(src) or _text(path) or _text(doc)})
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


def merge_milestones(events: pd.DataFrame) -> pd.DataFrame:
    """One row per milestone across sources; columns in ``MILESTONE_COLUMNS``.

    ``first_reported`` is the earliest publication date (ISO string, None when no source is dated);
    ``sources`` lists sources by publication date (undated last); ``disagreement`` names differing dates at
    the same precision (with their time-zone notes) and differing kinds.
    """
    if events is None or events.empty:
        return pd.DataFrame(columns=MILESTONE_COLUMNS)
    ev = assign_milestones(events)
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
