"""Date expressions in en/ko/zh/ja news text, resolved against the publication date.

Rules only (no dateparser): one pattern table per language plus a few numeric patterns shared by all.
Every pattern yields a candidate with its span; overlapping candidates are resolved longest-first, then
time-zone notes, weekdays and approximation words next to a date are folded into its span.

Conventions
- ``DateMention.date`` is ISO at its precision (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``). Seasons, quarters and
  halves use their first month and ``date_end`` their last month ("올여름" 2024 -> 2024-06 .. 2024-08);
  weeks are day ranges (Monday .. Sunday).
- A bare day or month ("지난 15일", "이달", "3 月 13 日") takes its year and month from the anchor.
  Bare days and months are read as the nearest past occurrence ("지난 15일") unless marked future ("오는").
  A month-day without year and without anchor is resolved only when a weekday pins the year; the year
  closest to today that fits is taken ("当地时间 3 月 13 日周三" -> 2024-03-13, basis "inferred year from weekday").
- "N년 내", "within N years", "N年内" are read as a horizon: anchor year + N, approximate ("5~6년 내" from
  2024-04-08 -> 2029 .. 2030, approximate). Durations ("10년에서 1∼2년으로", "14 个月", "15 seconds") are
  not dates.
- With no anchor, relative expressions are resolved only against a date the document itself states
  (see :func:`infer_anchor`); then only year-level expressions ("今年", "今年晚些时候") and month-days are
  resolved, and the basis says "inferred". Day-level relatives ("今天", "on Thursday") need the real
  publication date and are dropped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from analysis import langpack
from analysis.records import DateMention

log = logging.getLogger(__name__)

__all__ = ["find_dates", "infer_published", "infer_published_month", "infer_anchor", "as_date", "byline_date"]

EXPLICIT = "explicit"
RELATIVE = "relative to publication date"
WEEKDAY_YEAR = "inferred year from weekday"
END_OF_YEAR = "end of year"
REST_OF_YEAR = "rest of the year (within the year)"


# ---------------------------------------------------------------- per-language words (data/lang/<code>/dates.toml)


def _words(code: str, key: str) -> tuple[str, ...]:
    """A word list of data/lang/<code>/dates.toml; nested under [words] or at the top level."""
    nested = langpack.pack(code, "dates").get("words", {})
    if isinstance(nested, dict) and key in nested:
        value = nested[key]
        return (value,) if isinstance(value, str) else tuple(str(v) for v in value)
    return langpack.words(code, "dates", key)


def _offsets(code: str, key: str) -> dict[str, int]:
    """A word -> day offset table of data/lang/<code>/dates.toml (e.g. [relative_days] "전날" = -1)."""
    table = langpack.pack(code, "dates").get(key, {})
    return {str(k): int(v) for k, v in table.items()} if isinstance(table, dict) else {}


def _alt(words: tuple[str, ...] | list[str], fallback: str = "(?!x)x") -> str:
    """A regex alternation of literal words, longest first; a space matches any run of spaces (or none in CJK)."""
    parts = [re.escape(w).replace(r"\ ", r"\s*") for w in sorted(set(words), key=len, reverse=True) if w]
    return "(?:" + "|".join(parts) + ")" if parts else fallback


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")  # same length: offsets are kept

_YEAR = r"(?:19[5-9]\d|20\d\d|2100)"
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9, "十": 10, "廿": 20, "卅": 30}
_CN = "〇零○一二两兩三四五六七八九十廿卅"
_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_SEASON_WORDS = {
    "spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter",
    "봄": "spring", "여름": "summer", "가을": "autumn", "겨울": "winter",
    "春": "spring", "夏": "summer", "秋": "autumn", "冬": "winter",
    "春天": "spring", "夏天": "summer", "秋天": "autumn", "冬天": "winter",
    "春季": "spring", "夏季": "summer", "秋季": "autumn", "冬季": "winter",
}
_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_EN_WEEKDAYS = {"monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
                "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
                "sunday": 6, "sun": 6}
_CJK_WEEKDAYS = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6,
                 "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
                 "月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5}


# ---------------------------------------------------------------- small calendar helpers

def _num(s: str) -> int:
    """Arabic or Chinese numeral ("13", "十三", "二〇二四") to int."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if all(c in "〇零○一二三四五六七八九" for c in s) and len(s) == 4:  # year written digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total, cur = 0, 0
    for c in s:
        v = _CN_DIGITS.get(c)
        if v is None:
            raise ValueError(s)
        if v == 10:
            total += (cur or 1) * 10
            cur = 0
        elif v in (20, 30):  # 廿九 = 29, 卅一 = 31
            total += v
            cur = 0
        else:
            cur = v
    return total + cur


def _valid(y: int, m: int, d: int | None = None) -> bool:
    if not (1 <= m <= 12 and 1900 <= y <= 2100):
        return False
    return d is None or 1 <= d <= calendar.monthrange(y, m)[1]


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _nearest_year(m: int, d: int, anchor: dt.date, direction: int = 0) -> int | None:
    """Year for month-day m/d near the anchor: -1 latest on/before, +1 first on/after, 0 closest."""
    options = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        if _valid(y, m, d):
            options.append((abs((dt.date(y, m, d) - anchor).days), y, dt.date(y, m, d)))
    if direction < 0:
        options = [o for o in options if o[2] <= anchor]
    elif direction > 0:
        options = [o for o in options if o[2] >= anchor]
    return min(options)[1] if options else None


def _year_for_weekday(m: int, d: int, wd: int, near: dt.date) -> int | None:
    """The year closest to ``near`` (not after it when possible) in which m/d falls on weekday ``wd``."""
    cands = [y for y in range(near.year - 12, near.year + 2) if _valid(y, m, d) and dt.date(y, m, d).weekday() == wd]
    if not cands:
        return None
    past = [y for y in cands if dt.date(y, m, d) <= near]
    return max(past) if past else min(cands)


# ---------------------------------------------------------------- candidates


@dataclass
class _Ctx:
    text: str
    anchor: dt.date | None
    inferred: bool  # anchor comes from the document's own dates, not its publication date
    lang: str = ""
    month_only: bool = False  # the publication date is known to the month only (anchor = its first day)

    def year_anchor(self) -> tuple[dt.date, str] | None:
        """Anchor usable for year-level relatives and month-days."""
        if self.anchor is None:
            return None
        if self.inferred:
            return self.anchor, f"inferred: relative to document date {self.anchor.isoformat()}"
        return self.anchor, (f"{RELATIVE} (known to the month: {self.anchor:%Y-%m})" if self.month_only else RELATIVE)

    def fine_anchor(self, level: str = "day") -> tuple[dt.date, str] | None:
        """Anchor usable for day/week/month relatives (only the real publication date; a publication date known to
        the month serves month-level relatives, never day-level ones)."""
        if self.anchor is None or self.inferred:
            return None
        if self.month_only:
            return (self.anchor, f"{RELATIVE} (known to the month: {self.anchor:%Y-%m})") if level == "month" else None
        return self.anchor, RELATIVE


@dataclass
class _Cand:
    start: int
    end: int
    date: str
    precision: str
    date_end: str | None = None
    basis: str = EXPLICIT
    approximate: bool = False
    tz_note: str = ""
    yearless: bool = False  # a month-day (or a bare month) whose year came from the anchor, not from the text
    bare_day: bool = False  # a day of month whose month came from the anchor ("8일", "10日")
    has_month: bool = False  # a day date that names its month ("9월 8일", "上月29日")
    anaphor: int | None = None  # "次日", "前一晚", "同日": offset from the day last named in the sentence


Handler = Callable[[re.Match[str], _Ctx], "_Cand | None"]


def _cand(m: re.Match[str], date: str, precision: str, **kw: object) -> _Cand:
    return _Cand(m.start(), m.end(), date, precision, **kw)  # type: ignore[arg-type]


def _g(m: re.Match[str], name: str) -> str:
    try:
        return m.group(name) or ""
    except IndexError:
        return ""


# ---- year words per language: offset from the anchor year
_YEAR_WORDS = {
    "올해": 0, "올": 0, "금년": 0, "이번": 0, "지난해": -1, "작년": -1, "지난": -1, "재작년": -2, "내년": 1,
    "이듬해": 1, "내후년": 2, "오는": 1,
    "今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1, "后年": 2, "後年": 2,
    "昨年": -1, "来年": 1, "再来年": 2, "一昨年": -2, "今": 0, "来": 1, "昨": -1, "去": -1,
    "this": 0, "last": -1, "next": 1, "this year's": 0, "next year's": 1, "last year's": -1,
}


def _year_of(prefix: str, ctx: _Ctx) -> tuple[int, str] | None:
    """Year named by a prefix ("2024년", "올", "明年", "next", "") -> (year, basis)."""
    p = re.sub(r"^(\d{4}|[〇零○一二三四五六七八九]{4})\s*[년年]$", r"\1", prefix.strip())
    if re.fullmatch(r"\d{4}", p):
        return int(p), EXPLICIT
    if p and all(c in _CN_DIGITS for c in p) and len(p) == 4:
        return _num(p), EXPLICIT
    off = _YEAR_WORDS.get(p.lower(), 0 if not p else None)
    ya = ctx.year_anchor()
    if off is None or ya is None:
        return None
    return ya[0].year + off, ya[1]


def _h_ymd(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    y, mo, d = _num(m["y"]), _num(m["m"]), _num(m["d"])
    return _cand(m, _iso(y, mo, d), "day") if _valid(y, mo, d) else None


def _h_ym(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    y, mo = _num(m["y"]), _num(m["m"])
    return _cand(m, _iso(y, mo), "month") if _valid(y, mo) else None


def _h_y(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    y = _num(m["y"])
    return _cand(m, _iso(y), "year") if 1900 <= y <= 2100 else None


def _h_year_range(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    y1, y2s = _num(m["y"]), m["y2"]
    y2 = _num(y2s)
    if y2 < 100:  # "2028～30年"
        y2 = y1 // 100 * 100 + y2
    if not (1900 <= y1 < y2 <= 2100 and y2 - y1 <= 50):
        return None
    return _cand(m, _iso(y1), "year", date_end=_iso(y2))


_DATELINE_AFTER = re.compile(r"\s*(?:" + _alt(_words("zh", "dateline_after")) + ")")


def _h_dmy_numeric(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"Thursday (25/1/2024)": a numeric date whose order a number above 12 settles (25/1 is day-first, 1/25 is
    month-first); with both parts 12 or less the order is unknown and nothing is read."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12 >= b:
        d, mo = a, b
    elif b > 12 >= a:
        mo, d = a, b
    else:
        return None
    return _cand(m, _iso(y, mo, d), "day") if _valid(y, mo, d) else None


def _h_md(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """Month-day with an optional year word before it ("지난해 3월 5일", "明年 3 月 1 日", "3 月 13 日周三")."""
    mo, d = _num(m["m"]), _num(m["d"])
    if not (1 <= mo <= 12 and 1 <= d <= 31) or _recurring_before(ctx.text, m.start()):
        return None
    end = m.end()
    wd, end2 = _peek_weekday(ctx.text, end)
    yw = _g(m, "yw")
    direction = {"지난": -1, "오는": 1}.get(yw.strip(), 0)
    if not yw and _DATELINE_AFTER.match(ctx.text, end):
        direction = -1  # "中新网 1月20日电": a wire dateline is never after the page's date
    if yw and direction == 0:
        yb = _year_of(yw, ctx)
        if yb is None:
            return None
        year, basis = yb
    else:
        ya = ctx.year_anchor()
        if wd is not None and (ya is None or ctx.inferred):
            year_w = _year_for_weekday(mo, d, wd, ya[0] + dt.timedelta(days=200) if ya else dt.date.today())
            if year_w is None:
                return None
            year, basis = year_w, WEEKDAY_YEAR
        elif ya is not None:
            near = _nearest_year(mo, d, ya[0], direction)
            if near is None:
                return None
            year, basis = near, ya[1].replace("relative to", "year from") if not ctx.inferred else (
                f"inferred year from document date {ya[0].isoformat()}")
            if wd is not None and _valid(year, mo, d) and dt.date(year, mo, d).weekday() != wd:
                alt = _year_for_weekday(mo, d, wd, ya[0] + dt.timedelta(days=366))
                if alt is not None and abs(alt - year) <= 1:
                    year, basis = alt, WEEKDAY_YEAR
        else:
            return None
    if not _valid(year, mo, d):
        return None
    return _Cand(m.start(), end2 if wd is not None else end, _iso(year, mo, d), "day", basis=basis,
                 yearless=not yw and basis not in (WEEKDAY_YEAR,), has_month=True)


def _h_month(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """Month with a year word or direction ("지난해 3월", "지난 2월", "오는 3월", "今年 3 月", "in March")."""
    mo = _EN_MONTHS.get(m["m"].lower().rstrip(".")) if not re.match(r"\d|[" + _CN + "]", m["m"]) else _num(m["m"])
    if mo is None or not 1 <= mo <= 12:
        return None
    yw = _g(m, "yw").strip()
    direction = {"지난": -1, "last": -1, "오는": 1, "next": 1}.get(yw.lower(), 0)
    if yw and direction == 0:
        yb = _year_of(yw, ctx)
        if yb is None:
            return None
        return _cand(m, _iso(yb[0], mo), "month", basis=yb[1])
    fa = ctx.fine_anchor("month")
    if fa is None:
        return None
    a = fa[0]
    if direction == 0 and _PAST_MONTH_BEFORE.search(ctx.text, max(0, m.start() - 12), m.start()):
        direction = -1  # "since May": the latest May on or before publication
    if direction < 0:
        y = a.year if mo < a.month else a.year - 1
    elif direction > 0:
        y = a.year if mo > a.month else a.year + 1
    else:  # bare month: the same year unless that is more than half a year away
        y = a.year
        if mo - a.month > 6:
            y -= 1
        elif a.month - mo > 6 and not _past_tense(ctx, m.end()):
            y += 1  # not when the sentence is in the past tense ("4月からステーションに滞在し…務めた" in November)
        return _cand(m, _iso(y, mo), "month", basis=fa[1], yearless=True)
    return _cand(m, _iso(y, mo), "month", basis=fa[1])


def _h_day(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """Bare day of month ("지난 15일", "29日(米国時間)", "오는 3일")."""
    d = _num(m["d"])
    fa = ctx.fine_anchor()
    if fa is None or not 1 <= d <= 31 or _recurring_before(ctx.text, m.start()):
        return None
    if _numbered_name(ctx.text, m):
        return None
    a = fa[0]
    yw = _g(m, "yw").strip()
    if yw in ("오는", "다음 달", "내달"):
        y, mo = (a.year, a.month) if (d >= a.day and yw == "오는") else _add_months(a.year, a.month, 1)
    elif yw in ("이달", "이번 달", "本月", "今月"):
        y, mo = a.year, a.month
    elif yw in ("지난달", "上月", "上个月", "上個月", "先月"):
        y, mo = _add_months(a.year, a.month, -1)
    elif yw in ("下月", "下个月", "下個月", "来月"):
        y, mo = _add_months(a.year, a.month, 1)
    else:  # bare day or 지난: nearest past occurrence ("지난 15일" on the 15th is a month ago)
        same = d < a.day if yw == "지난" else d <= a.day
        earlier = _EARLIER_DAY_BEFORE.search(ctx.text, max(0, m.start() - 4), m.start())
        if not yw and d > a.day and not earlier and (_FUTURE_AFTER.search(ctx.text, m.end(), m.end() + 40)
                                                     or _FUTURE_BEFORE_CJK.search(ctx.text, max(0, m.start() - 8),
                                                                                  m.start())
                                                     or _upcoming_by_tense(ctx, m.end())):
            same = True  # "20일 출시할 예정", "20日に発売する予定", "將於18日起", "23일 개막전까지 ... 나섭니다"
        if not yw and d == a.day + 1 and not earlier:
            # the day after the page's date: a page updated past midnight ("8時間あまりたった3日午前2時15分ごろ、
            # 火は消し止められた" on a page of the 2nd), not a day a month back (written "先月3日", "지난달 3일")
            same = True
        y, mo = (a.year, a.month) if same else _add_months(a.year, a.month, -1)
    if not _valid(y, mo, d):
        return None
    wd, end2 = _peek_weekday(ctx.text, m.end())
    return _Cand(m.start(), end2 if wd is not None else m.end(), _iso(y, mo, d), "day", basis=fa[1],
                 bare_day=not yw, has_month=bool(yw))


_FUTURE_AFTER = re.compile(r"예정|계획|방침|予定|将|將|计划|計劃|预计|預計|する見通し|"
                           + _alt(_words("zh", "future_after") + _words("ja", "future_after")))
# "前日15日に…締結した": a day named as the one before another is behind the report, never this month's upcoming one
_EARLIER_DAY_BEFORE = re.compile(_alt(tuple(w for code in ("zh", "ja")
                                            for w, off in _offsets(code, "anaphoric_days").items() if off < 0))
                                 + r"\s*$")
_FUTURE_BEFORE_CJK = re.compile(_alt(_words("zh", "future_before")) + r"\s*$")
_RECURRING = re.compile(_alt(_words("ko", "recurring") + _words("zh", "recurring") + _words("ja", "recurring")
                             + ("every", "each")) + r"[^.。,，;]{0,10}$", re.IGNORECASE)
_PAST_MONTH_BEFORE = re.compile(r"\b" + _alt(_words("en", "past_month_markers")) + r"\s+$", re.IGNORECASE)


# a trailing space in a mark is a real space ("열린 " is not "열린다")
_PAST_MARKS = {code: re.compile("|".join(re.escape(w).replace(r"\ ", r"\s") for w in _words(code, "past_marks"))
                                or "(?!x)x") for code in ("ko", "ja")}


def _upcoming_by_tense(ctx: _Ctx, pos: int) -> bool:
    """Korean and Japanese: the rest of the sentence after a bare day is not in the past tense (no 했다/됐다/열린,
    no した/された), so a day later than the publication day is this month's, not last month's."""
    past = _PAST_MARKS.get(ctx.lang)
    if past is None:
        return False
    rest = re.split(r"[.。!?！？\n]", ctx.text[pos:pos + 160], maxsplit=1)[0] + "。"
    return not past.search(rest)


_ZH_PAST = re.compile(_alt(_words("zh", "past_marks")))
_ZH_NOT_PAST = re.compile(_alt(_words("zh", "not_past")))


def _past_tense(ctx: _Ctx, pos: int) -> bool:
    """Is the rest of the sentence after a bare month in the past tense? Korean and Japanese by their past-tense
    endings; Chinese by its past marks (了, 已经, 曾: data/lang/zh/dates.toml) and no future word, used for bare
    months only."""
    if ctx.lang in _PAST_MARKS:
        return not _upcoming_by_tense(ctx, pos)
    if ctx.lang != "zh":
        return False
    rest = re.split(r"[。!?！？\n]", ctx.text[pos:pos + 160], maxsplit=1)[0]
    # a future word anywhere in it ("2月份从空间站返回时,他们将带回…困了…") keeps the month ahead
    return bool(_ZH_PAST.search(_ZH_NOT_PAST.sub("", rest))) and not _FUTURE_AFTER.search(rest)


def _recurring_before(text: str, pos: int) -> bool:
    """"每年4月30日前", "매년 3월", "毎週": a recurring date is not a date."""
    return bool(_RECURRING.search(text, max(0, pos - 14), pos))


def _rel(level: str, offset_of: Callable[[str], int | None]) -> Handler:
    """Handler for a relative word: level is "year", "month", "week" or "day"."""

    def h(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        off = offset_of(m.group(0))
        if off is None:
            return None
        anc = ctx.year_anchor() if level == "year" else ctx.fine_anchor(level)
        if anc is None:
            return None
        a, basis = anc
        approx = bool(_g(m, "approx"))
        if level == "year":
            return _cand(m, _iso(a.year + off), "year", basis=basis, approximate=approx)
        if level == "month":
            y, mo = _add_months(a.year, a.month, off)
            return _cand(m, _iso(y, mo), "month", basis=basis, approximate=approx)
        if level == "week":
            monday = a - dt.timedelta(days=a.weekday()) + dt.timedelta(weeks=off)
            sunday = monday + dt.timedelta(days=6)
            return _cand(m, monday.isoformat(), "day", date_end=sunday.isoformat(), basis=basis)
        return _cand(m, (a + dt.timedelta(days=off)).isoformat(), "day", basis=basis)

    return h


def _h_weekday(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """A weekday, optionally with a week word ("on Thursday", "last Friday", "上周五", "지난 수요일")."""
    fa = ctx.fine_anchor()
    if (fa is None or _recurring_before(ctx.text, m.start())
            or _NOT_WEEKDAY_BEFORE.search(ctx.text, max(0, m.start() - 10), m.start())):
        return None
    if re.match(r"\s+the\s+\d", ctx.text[m.end():m.end() + 12]):  # "Friday the 13th"
        return None
    a, basis = fa
    w = m["wd"].lower()
    wd = _EN_WEEKDAYS.get(w)
    if wd is None:
        wd = _CJK_WEEKDAYS.get(w[0])
    if wd is None:
        return None
    ww = _g(m, "ww").strip().lower()
    week = {"last": -1, "지난주": -1, "上周": -1, "上週": -1, "上星期": -1, "上个星期": -1, "先週": -1, "지난": None,
            "next": 1, "다음 주": 1, "다음주": 1, "下周": 1, "下週": 1, "下星期": 1, "来週": 1, "오는": None,
            "this": 0, "이번 주": 0, "이번주": 0, "本周": 0, "这周": 0, "今週": 0}.get(ww, None)
    monday = a - dt.timedelta(days=a.weekday())
    if week is not None:
        day = monday + dt.timedelta(weeks=week, days=wd)
    else:
        past = bool(_PAST_REPORTING.search(ctx.text, max(0, m.start() - 16), m.start()))  # "said Friday"
        future = ww in ("오는", "coming") or (not ww and not past and _future_before(ctx.text, m.start()))
        back = (a.weekday() - wd) % 7
        day = a + dt.timedelta(days=(7 - back) % 7) if future else a - dt.timedelta(days=back)
        if ww == "지난" and back == 0:
            day = a - dt.timedelta(days=7)
        if not future and not ww and back == 6 and ctx.lang == "en":
            # "SEOUL, Dec. 3 — ... voted early Wednesday": the page is dated in an earlier time zone than the event
            # (a Tuesday date, a Wednesday in Seoul); a weekday six days back would be "last Wednesday"
            return _cand(m, (a + dt.timedelta(days=1)).isoformat(), "day",
                         basis=f"{basis} (the day after: the page is dated in an earlier time zone)")
    return _cand(m, day.isoformat(), "day", basis=basis)


_FUTURE_BEFORE = re.compile(r"\b(?:will|would|shall|is set to|are set to|plans? to|is scheduled|are scheduled|is due|"
                            r"are due|expected to|going to)\b[^.;]{0,90}$", re.IGNORECASE)


_NOT_WEEKDAY_BEFORE = re.compile(r"\b" + _alt(_words("en", "not_weekday_before")) + r"\s+$", re.IGNORECASE)
_PAST_REPORTING = re.compile(r"\b" + _alt(_words("en", "past_reporting")) + r"\s+(?:on\s+)?$", re.IGNORECASE)


def _future_before(text: str, pos: int) -> bool:
    # "plans to announce emergency measures to prevent a recurrence of such incidents on Tuesday": the plan word
    # may stand a long clause before the weekday
    return bool(_FUTURE_BEFORE.search(text[max(0, pos - 110):pos]))


def _h_season(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    season = _SEASON_WORDS.get(m["s"].lower())
    if season is None:
        return None
    yb = _year_of(_g(m, "yw"), ctx)
    if yb is None:
        return None
    y, basis = yb
    first = _SEASON_MONTHS[season]
    if season == "winter" and basis != EXPLICIT and ctx.anchor is not None and ctx.anchor.month <= 2:
        y -= 1  # "今冬" in January is the winter that began last December
    ey, em = _add_months(y, first, 2)
    return _cand(m, _iso(y, first), "season", date_end=_iso(ey, em), basis=basis, approximate=bool(_g(m, "approx")))


def _h_quarter(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}.get(
        m["q"].lower()) or _num(m["q"])
    yb = _year_of(_g(m, "yw"), ctx)
    if yb is None or not 1 <= q <= 4:
        return None
    y, basis = yb
    return _cand(m, _iso(y, 3 * q - 2), "quarter", date_end=_iso(y, 3 * q), basis=basis)


def _h_half(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    h = 1 if m["h"][0] in "上상前" else 2
    yb = _year_of(_g(m, "yw"), ctx)
    if yb is None:
        return None
    y, basis = yb
    return _cand(m, _iso(y, 6 * h - 5), "half", date_end=_iso(y, 6 * h), basis=basis)


def _h_within_years(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"5~6년 내", "within five years", "3年内": a horizon of N years from the anchor, approximate."""
    ya = ctx.year_anchor()
    if ya is None:
        return None
    n1 = _word_num(m["n"])
    n2 = _word_num(_g(m, "n2")) if _g(m, "n2") else None
    if n1 is None or n1 > 30 or (n2 is not None and (n2 <= n1 or n2 > 30)):
        return None
    a, basis = ya
    sign = -1 if re.search(r"전|前|ago|以前", m.group(0)) else 1
    if sign < 0:
        return _cand(m, _iso(a.year - n1), "year", basis=basis)
    if (n2 is None and _LOOKBACK_BEFORE.search(ctx.text, max(0, m.start() - 3), m.start())
            and not _FUTURE_IN_SENTENCE.search(_clause_of(ctx.text, m.start()))):
        # "於一年內急速擴增" (grew within a year): the N years up to publication, not a horizon after it
        y0, mo0 = _add_months(a.year, a.month, -12 * n1)
        return _cand(m, _iso(y0, mo0), "month", date_end=_iso(a.year, a.month), approximate=True,
                     basis=f"the {n1} year(s) before publication ({basis})")
    return _cand(m, _iso(a.year + n1), "year", date_end=_iso(a.year + n2) if n2 else None, basis=basis,
                 approximate=True)


_LOOKBACK_BEFORE = re.compile(_alt(_words("zh", "lookback_before")) + r"\s*$")
_FUTURE_IN_SENTENCE = re.compile(_alt(_words("zh", "future_before") + _words("zh", "future_in_sentence")))


def _clause_of(text: str, pos: int) -> str:
    marks = "。！？!?\n,，;；"
    start = max(text.rfind(ch, 0, pos) for ch in marks) + 1
    ends = [i for i in (text.find(ch, pos) for ch in marks) if i >= 0]
    return text[start:min(ends) if ends else len(text)]


_EN_NUMS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "a": 1, "a couple of": 2, "a few": None}


def _word_num(s: str) -> int | None:
    s = s.strip().lower()
    if s in _EN_NUMS:
        return _EN_NUMS[s]
    try:
        return _num(s)
    except ValueError:
        return None


# ---------------------------------------------------------------- end of year, rest of year, ranges, day words


def _year_from(m: re.Match[str], ctx: _Ctx) -> tuple[int, str] | None:
    """The year a match names: an explicit year (group y) or a year word (group yw, "" = the anchor year)."""
    if _g(m, "y"):
        return _num(m["y"]), EXPLICIT
    yw = _g(m, "yw").strip().lower()
    return _year_of({"this": "this", "next": "next", "last": "last"}.get(yw, yw), ctx)


def _h_end_of_year(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"by the end of 2026", "2026년 말", "2026年末", "今年年底", "올해 말": the last month of the year, approximate."""
    yb = _year_from(m, ctx)
    if yb is None:
        return None
    y, basis = yb
    note = END_OF_YEAR if basis == EXPLICIT else f"{END_OF_YEAR}, {basis}"
    return _cand(m, _iso(y, 12), "month", basis=note, approximate=True)


def _h_rest_of_year(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"年内", "연내", "within the year": from the publication month to December."""
    fa = ctx.fine_anchor("month")
    if fa is None:
        ya = ctx.year_anchor()
        if ya is None:
            return None
        return _cand(m, _iso(ya[0].year), "year", basis=f"{REST_OF_YEAR}, {ya[1]}", approximate=True)
    a, basis = fa
    return _cand(m, _iso(a.year, a.month), "month", date_end=_iso(a.year, 12), basis=f"{REST_OF_YEAR}, {basis}",
                 approximate=True)


def _month_of(s: str) -> int | None:
    s = s.strip().lower().rstrip(".")
    if s in _EN_MONTHS:
        return _EN_MONTHS[s]
    try:
        return _num(s)
    except ValueError:
        return None


def _h_month_range(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"올해 7~9월", "7—9月", "1-7月份", "今年前8月", "October–December": one period of months."""
    m1 = 1 if _g(m, "n") else _month_of(m["m1"])
    m2 = _month_of(_g(m, "n") or m["m2"])
    if m1 is None or m2 is None or not 1 <= m1 < m2 <= 12:
        return None
    if _g(m, "y") or _g(m, "yw"):
        yb = _year_from(m, ctx)
        if yb is None:
            return None
        y, basis = yb
    else:
        fa = ctx.fine_anchor("month")
        if fa is None:
            return None
        a, basis = fa
        y = a.year
        future = bool(_FUTURE_AFTER.search(ctx.text, m.end(), m.end() + 40)) or _future_before(ctx.text, m.start())
        if m1 > a.month + 2 and not future:
            y -= 1  # a period not begun yet and not announced as coming: last year's
    return _cand(m, _iso(y, m1), "month", date_end=_iso(y, m2), basis=basis)


def _h_quarter_range(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"올해 1~3분기", "今年前三季度": quarters q1..q2 as one period."""
    q1 = 1 if _g(m, "n") else _num(m["q1"])
    q2 = _num(_g(m, "n") or m["q2"])
    if not 1 <= q1 < q2 <= 4:
        return None
    yb = _year_from(m, ctx)
    if yb is None:
        return None
    y, basis = yb
    return _cand(m, _iso(y, 3 * q1 - 2), "quarter", date_end=_iso(y, 3 * q2), basis=basis)


def _numbered_name(text: str, m: re.Match[str]) -> bool:
    """"嫦娥6号", "长征5号", "3号机": a number glued to a name before 号 (號) numbers a thing, it is not a day; but a
    part of the day or a time of day after it makes it one ("國土交通省3號傍晚公布", "他5号8时抵达")."""
    start = m.start("d")
    return (not _g(m, "yw") and text[m.end() - 1:m.end()] in "号號" and start > 0 and text[start - 1].isalpha()
            and text[start - 1] not in "月" and not _DAY_TIME_AFTER.match(text, m.end()))


def _h_day_range(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"9월 8~10일", "3月5日至7日": days d1..d2 of one month."""
    mo, d1, d2 = _num(m["m"]), _num(m["d1"]), _num(m["d2"])
    if not (1 <= mo <= 12 and 1 <= d1 < d2 <= 31):
        return None
    if _g(m, "y") or _g(m, "yw"):
        yb = _year_from(m, ctx)
        if yb is None:
            return None
        y, basis = yb
    else:
        ya = ctx.year_anchor()
        if ya is None:
            return None
        y = _nearest_year(mo, d1, ya[0]) or ya[0].year
        basis = "year from publication date" if not ctx.inferred else f"inferred year from document date {ya[0]}"
    if not (_valid(y, mo, d1) and _valid(y, mo, d2)):
        return None
    return _cand(m, _iso(y, mo, d1), "day", date_end=_iso(y, mo, d2), basis=basis,
                 yearless=not (_g(m, "y") or _g(m, "yw")), has_month=True)


def _h_bare_day_range(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"23∼24일", "9日至11日": days of the publication month (or of the month before, as for a bare day)."""
    d1, d2 = _num(m["d1"]), _num(m["d2"])
    fa = ctx.fine_anchor()
    if fa is None or not 1 <= d1 < d2 <= 31 or _recurring_before(ctx.text, m.start()):
        return None
    a, basis = fa
    same = (d1 <= a.day or _upcoming_by_tense(ctx, m.end())
            or bool(_FUTURE_AFTER.search(ctx.text, m.end(), m.end() + 40)))
    y, mo = (a.year, a.month) if same else _add_months(a.year, a.month, -1)
    if not (_valid(y, mo, d1) and _valid(y, mo, d2)):
        return None
    return _cand(m, _iso(y, mo, d1), "day", date_end=_iso(y, mo, d2), basis=basis, bare_day=True)


def _resolve_day_word(off: int, ctx: _Ctx, day: int | None = None) -> tuple[dt.date, str] | None:
    fa = ctx.fine_anchor()
    if fa is None:
        return None
    a, basis = fa
    target = a + dt.timedelta(days=off)
    if day is not None and target.day != day:
        # the stated day wins when it is within a few days of the word ("今(12)日" in a page dated the 11th)
        options = [target + dt.timedelta(days=k) for k in range(-3, 4)]
        near = [o for o in options if o.day == day]
        if not near:
            return None
        target = near[0]
    return target, basis


def _day_word_handler(table: dict[str, int]) -> Handler:
    """Relative day words of a table ("昨晚" -1, "今夜" 0), optionally with a part of the day after them."""
    lowered = {k.lower(): v for k, v in table.items()}

    def h(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        off = lowered.get(re.sub(r"\s+", " ", m["w"]).lower())
        if off is None:
            return None
        r = _resolve_day_word(off, ctx)
        return None if r is None else _cand(m, r[0].isoformat(), "day", basis=r[1])

    return h


def _h_paren_day(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"今(12)日", "昨(11)日", "今(27)天": a day word with the day of the month in parentheses."""
    off = _PAREN_DAY_WORDS.get(m["w"])
    if off is None:
        return None
    r = _resolve_day_word(off, ctx, int(m["d"]))
    return None if r is None else _cand(m, r[0].isoformat(), "day", basis=r[1])


def _h_ko_day_word(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """전날, 전일, 당일, 이튿날, 다음 날 relative to publication -- only where they follow a clause
    ("코스피지수는 전날보다"),
    not a noun ("설 전날", "연휴 전날" are the days around a holiday)."""
    word = re.sub(r"\s+", " ", m["w"])
    off = _KO_DAY_WORDS.get(word, _KO_DAY_WORDS.get(word.replace(" ", "")))
    if off is None:
        return None
    before = ctx.text[max(0, m.start() - 12):m.start()]
    prev = re.search(r"(\S+)\s+$", before)
    if prev is not None and not (prev.group(1)[-1] in _KO_PARTICLES or re.search(r"\d\s*일[)）]?$", prev.group(1))
                                 or prev.group(1)[-1] in ")）,"):
        return None
    if prev is None and before and not before[-1].isspace() and before.strip():
        return None  # glued to a word ("설전날")
    if off == 0 and not re.match(r"\s*(?:[(（]|" + _alt(_words("ko", "day_parts")) + ")", ctx.text[m.end():]):
        return None  # 당일 alone means the day of the event being told
    r = _resolve_day_word(off, ctx)
    return None if r is None else _cand(m, r[0].isoformat(), "day", basis=r[1])


def _h_report_day(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"이날": the day being reported, the publication date (a day named before it in the same sentence is
    background: "지난 4월 13일 개막한 엑스포는 ... 이날 폐막한다")."""
    r = _resolve_day_word(0, ctx)
    if r is None:
        return None
    return _Cand(m.start(), m.end(), r[0].isoformat(), "day", basis=r[1])


def _h_day_paren_year_month(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"12日(2021年4月)": a day with its year and month in parentheses after it."""
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    return _cand(m, _iso(y, mo, d), "day") if _valid(y, mo, d) else None


def _h_new_year_day(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"元日", "2024年元日", "元旦": 1 January of the named year, else of the publication year."""
    if _g(m, "y") or _g(m, "yw"):
        yb = _year_from(m, ctx)
    else:
        ya = ctx.year_anchor()
        yb = (ya[0].year, ya[1]) if ya else None
    if yb is None:
        return None
    return _cand(m, _iso(yb[0], 1, 1), "day", basis=yb[1])


def _short_year(yy: int, ctx: _Ctx) -> int:
    near = (ctx.anchor or dt.date.today()).year
    y = 2000 + yy
    return y if y <= near + 10 else y - 100


def _h_short_year(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """Japanese two-digit years: "11年の事故", "26年3月", "26年2月26日", "16年度"."""
    y = _short_year(int(m["yy"]), ctx)
    basis = "two-digit year"
    if _g(m, "d"):
        mo, d = int(m["m"]), int(m["d"])
        return _cand(m, _iso(y, mo, d), "day", basis=basis) if _valid(y, mo, d) else None
    if _g(m, "m"):
        mo = int(m["m"])
        return _cand(m, _iso(y, mo), "month", basis=basis) if _valid(y, mo) else None
    return _cand(m, _iso(y), "year", basis=basis)


def _h_slash_md(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"12/12(四)": month/day pinned by a weekday in parentheses (Chinese and Japanese schedules)."""
    return _h_md(m, ctx)


def _h_en_month_yearword(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"April of this year", "March next year"."""
    mo = _EN_MONTHS[m["m"].lower().rstrip(".")]
    yb = _year_of(m["yw2"].lower(), ctx)
    return None if yb is None else _cand(m, _iso(yb[0], mo), "month", basis=yb[1])


def _h_era(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"令和7年12月25日", "平成31年4月", "民國114年": an era year, month and day."""
    base = _ERAS.get(m["era"])
    if base is None:
        return None
    y = base + (1 if m["ey"] == "元" else int(m["ey"]))
    if _g(m, "d"):
        mo, d = int(m["m"]), int(m["d"])
        return _cand(m, _iso(y, mo, d), "day", basis=f"era year {m['era']}") if _valid(y, mo, d) else None
    if _g(m, "m"):
        mo = int(m["m"])
        return _cand(m, _iso(y, mo), "month", basis=f"era year {m['era']}") if _valid(y, mo) else None
    return _cand(m, _iso(y), "year", basis=f"era year {m['era']}") if 1900 <= y <= 2100 else None


def _h_anaphor(table: dict[str, int]) -> Handler:
    def h(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        off = table.get(m["w"])
        return None if off is None else _Cand(m.start(), m.end(), "", "day", basis="", anaphor=off)

    return h


def _bare_era_table(code: str) -> list[tuple[str, Handler]]:
    """A bare era year of the pack's [bare_era] ("114年度", "一一四年", "111至113年" in Taiwanese text)."""
    cfg = langpack.pack(code, "dates").get("bare_era")
    if not isinstance(cfg, dict) or "offset" not in cfg:
        return []
    base, lo, hi = int(cfg["offset"]), int(cfg.get("min", 100)), int(cfg.get("max", 149))
    not_after = _alt(tuple(str(w) for w in cfg.get("not_after", ())))
    num = r"(?:\d{3}|[一][〇零○一二三四五六七八九]{2})"

    def era_year(s: str) -> int | None:
        v = int(s) if s.isdigit() else int("".join(str(_CN_DIGITS[c]) for c in s))
        return base + v if lo <= v <= hi else None

    def one(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        y = era_year(m["ry"])
        return _cand(m, _iso(y), "year", basis=f"era year (offset {base})") if y else None

    def rng(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        y1, y2 = era_year(m["ry"]), era_year(m["ry2"])
        if not y1 or not y2 or y2 <= y1:
            return None
        return _cand(m, _iso(y1), "year", date_end=_iso(y2), basis=f"era year (offset {base})")

    lead = rf"(?<![\d{_CN}第.])"
    return [
        (lead + rf"(?P<ry>{num})\s*(?:年度?)?\s*(?:至|到|[~～\-–])\s*(?P<ry2>{num})\s*年度?(?!\s*\d|{not_after})", rng),
        (lead + rf"(?P<ry>{num})\s*年度?(?!\s*\d\s*[月歲岁]|{not_after})", one),
    ]


_ERAS = {**_offsets("ja", "eras"), **_offsets("zh", "eras")}
_PAREN_DAY_WORDS = _offsets("zh", "paren_day_words")
_KO_DAY_WORDS = _offsets("ko", "relative_days")
_KO_PARTICLES = frozenset("".join(_words("ko", "particles")))


def _h_decade(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"the 1980s", "1980年代", "1980년대": the ten years of a decade."""
    y = int(m["y"])
    return _cand(m, _iso(y), "year", date_end=_iso(y + 9), basis="decade") if y % 10 == 0 else None


def _h_postponed_year(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"postponed to 2019", "pushed back to 2027": a year after a postponement verb is the new planned date."""
    return _Cand(m.start("y"), m.end("y"), m["y"], "year", basis="new planned date (after a postponement word)")



# ---------------------------------------------------------------- pattern tables

_NOT_NUM_BEFORE = r"(?<![\d.,/\-A-Za-z])(?<!\d:)"
_NOT_NUM_AFTER = r"(?![\d:/]|\.\d)"

_COMMON: list[tuple[str, Handler]] = [
    # ISO and dotted dates: 2024-02-23, 2024.02.23, 2024. 2. 18., 2024/03/30
    (_NOT_NUM_BEFORE + rf"(?P<y>{_YEAR})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?![\d])", _h_ymd),
    (_NOT_NUM_BEFORE + rf"(?P<y>{_YEAR})\.\s?(?P<m>\d{{1,2}})\.\s?(?P<d>\d{{1,2}})\.?(?!\d)", _h_ymd),
    (_NOT_NUM_BEFORE + rf"(?P<y>{_YEAR})/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?![\d/])", _h_ymd),
    (_NOT_NUM_BEFORE + rf"(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])(?![\d\-])", _h_ym),
]

_KO_YW = rf"(?:(?P<yw>지난해|작년|재작년|올해|금년|내년|내후년|이듬해|올|{_YEAR}\s*년)\s*)"
_KO_APPROX_Y = r"(?P<approx>\s*(?:안에|안|이내|중에|말까지|초까지|까지|말|초|께|경|내))?"
_KO_END = _alt(_words("ko", "end_of_year"))
_KO_NOT_MONTH = _alt(_words("ko", "not_after_month"))
_KO: list[tuple[str, Handler]] = [
    # new classes first: on equal length the earlier table entry wins
    (rf"(?<!\d)(?P<y>(?:19|20)\d0)\s*(?:{_alt(_words('ko', 'decade_suffix'))})", _h_decade),
    (rf"(?:(?P<y>{_YEAR})\s*년|(?<![가-힣])(?P<yw>올해|금년|내년|지난해|작년|재작년|내후년))\s*(?:연말|{_KO_END})"
     r"(?:까지|께|경|쯤)?", _h_end_of_year),
    (r"(?<![가-힣])연말(?:까지|께|경|쯤)?", _h_end_of_year),
    (r"(?<![가-힣])" + _alt(_words("ko", "rest_of_year")) + r"(?:에|까지)?", _h_rest_of_year),
    (rf"(?:(?P<yw>올해|금년|지난해|작년|내년|올|{_YEAR}\s*년)\s*)?(?<![\d.~∼\-])(?P<m1>\d{{1,2}})\s*[~∼\-–—～]\s*"
     r"(?P<m2>\d{1,2})\s*월(?!\s*\d{1,2}\s*일)", _h_month_range),
    (rf"(?:(?P<yw>올해|금년|지난해|작년|내년|올|{_YEAR}\s*년)\s*)?(?<![\d.~∼\-])(?P<m>\d{{1,2}})\s*월\s*"
     r"(?P<d1>\d{1,2})\s*[~∼\-–—～]\s*(?P<d2>\d{1,2})\s*일", _h_day_range),
    (rf"(?:(?P<yw>올해|금년|지난해|작년|내년|올|{_YEAR}\s*년)\s*)(?<!\d)(?P<q1>[1-4])\s*[~∼\-–]\s*(?P<q2>[1-4])\s*분기",
     _h_quarter_range),
    (r"(?<![\d.,~∼\-월])(?<!월\s)(?P<d1>\d{1,2})\s*[~∼\-–～]\s*(?P<d2>\d{1,2})\s*일(?![간째차치씩\d])",
     _h_bare_day_range),
    (r"(?<![가-힣])(?P<w>" + _alt(tuple(_KO_DAY_WORDS)) + r")(?=[에의은는도보까부과와(（\s,.·]|$)",
     _h_ko_day_word),
    (r"(?<![가-힣])(?:" + _alt(_words("ko", "report_day")) + r")(?=\s|[은도의에부까만,.·)]|$)", _h_report_day),
    (rf"(?P<y>{_YEAR})\s*년\s*(?P<m>\d{{1,2}})\s*월\s*(?P<d>\d{{1,2}})\s*일", _h_ymd),
    # a two-digit year with a month and a day ("25년 1월 25일"); never without the day ("징역 1년 6월" is a term)
    (r"(?<![\d.,~∼\-–년/])(?P<yy>\d{2})\s*년\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일", _h_short_year),
    (rf"(?P<y>{_YEAR})\s*년\s*(?P<m>\d{{1,2}})\s*월(?!\s*\d)", _h_ym),
    (rf"(?P<y>{_YEAR})\s*년?\s*(?:[~∼\-–～]|부터)\s*(?P<y2>{_YEAR})\s*년(?:까지|\s*사이)?", _h_year_range),
    (rf"(?<![\d.])(?<!\d,)(?P<y>{_YEAR})\s*년(?!\s*\d|간|대)", _h_y),
    (r"(?:(?P<yw>지난해|작년|재작년|올해|금년|내년|이듬해|지난|오는)\s*)?(?<![\d.,~∼\-])(?P<m>\d{1,2})\s*월\s*"
     r"(?P<d>\d{1,2})\s*일(?![간째])", _h_md),
    (r"(?:(?P<yw>지난해|작년|재작년|올해|금년|올|내년|이듬해|지난|오는)\s*)(?<![\d.,])(?P<m>\d{1,2})\s*월(?![\d간])",
     _h_month),
    (r"(?<![\d.,~∼\-\w])(?P<m>\d{1,2})\s*월(?![\d간]|\s*\d{1,2}\s*일|\s*" + _KO_NOT_MONTH + ")", _h_month),
    (r"(?:(?P<yw>지난|오는|이달|이번 달|지난달|다음 달|내달)\s*|(?<![\d.,~∼\-\w]))(?P<d>\d{1,2})\s*일"
     r"(?![간째차치씩\d]|\s*(?:동안|만에|이내|이상|이하|분|일(?:정|간|씩)|회|연속|넘게|가량|정도)"
     r"|\s*(?:후|뒤)(?=$|[\s,.·)]|인\s|에|의\s|부터))", _h_day),  # "3일 후인 18일": three days later
    (_KO_YW + r"?(?P<s>봄|여름|가을|겨울)" + _KO_APPROX_Y, _h_season),
    (rf"(?:(?P<yw>지난해|작년|올해|금년|내년|올|지난|{_YEAR}\s*년)\s*)?(?<!\d)(?P<q>[1-4])\s*분기"
     r"(?!\s*(?:만에|연속|째|동안))", _h_quarter),  # "3분기 만에" is a duration
    (rf"(?:(?P<yw>지난해|작년|올해|금년|내년|올|{_YEAR}\s*년)\s*)?(?P<h>상|하)반기", _h_half),
    (r"(?<![가-힣])(?:지난해|작년)(?P<approx>\s*(?:말|초))?", _rel("year", lambda s: -1)),
    (r"(?<![가-힣])재작년", _rel("year", lambda s: -2)),
    (r"(?<![가-힣])(?:올해|금년)(?P<approx>\s*(?:안에|안|이내|중에|말까지|초까지|까지|말|초|내))?",
     _rel("year", lambda s: 0)),
    (r"(?<![가-힣])연(?P<approx>내|말|초)(?![가-힣]{0,1}(?:금|회|구|결|기|출|장|속|봉|합))", _rel("year", lambda s: 0)),
    (r"(?<![가-힣])내년(?P<approx>\s*(?:안에|이내|까지|말|초|중))?", _rel("year", lambda s: 1)),
    (r"(?<![가-힣])내후년", _rel("year", lambda s: 2)),
    (r"(?<![가-힣])(?:지난달|전월)(?P<approx>\s*(?:말|초|중순))?", _rel("month", lambda s: -1)),
    (r"(?<![가-힣])(?:이달|이번 달|이번달|금월)(?P<approx>\s*(?:말|초|중순|안에|중))?", _rel("month", lambda s: 0)),
    (r"(?<![가-힣])(?:다음 달|다음달|내달)(?P<approx>\s*(?:말|초|중순))?", _rel("month", lambda s: 1)),
    (r"(?<![가-힣])(?:지난주|지난 주)(?!\s*[월화수목금토일]요일)", _rel("week", lambda s: -1)),
    (r"(?<![가-힣])(?:이번 주|이번주|금주)(?!\s*[월화수목금토일]요일)", _rel("week", lambda s: 0)),
    (r"(?<![가-힣])(?:다음 주|다음주|차주)(?!\s*[월화수목금토일]요일)", _rel("week", lambda s: 1)),
    (r"(?<![가-힣])(?:오늘|어제|그제|내일|모레)(?![의은])",
     _rel("day", lambda s: {"오늘": 0, "어제": -1, "그제": -2, "내일": 1, "모레": 2}[s])),
    (r"(?:(?P<ww>지난주|지난 주|다음 주|다음주|이번 주|이번주|지난|오는)\s*)?(?<![가-힣])(?P<wd>[월화수목금토일])요일",
     _h_weekday),
    (r"(?<![\d.,~∼])(?P<n>\d{1,2})\s*(?:[~∼\-–]\s*(?P<n2>\d{1,2})\s*)?년\s*(?:내|이내|안에|안|전)(?![가-힣])",
     _h_within_years),
]

_ZH_Y = rf"(?:{_YEAR}|[〇零○一二三四五六七八九]{{4}})"
_ZH_N = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})"
_ZH_YW = r"(?P<yw>今年|去年|明年|前年|后年|本年|昨年|来年|再来年|一昨年)"
_ZH_WD = r"(?:周|週|星期|礼拜|禮拜)"
_ZH_YW2 = r"(?P<yw>今年|去年|明年|本年|昨年|来年|前年|再来年|一昨年)"
_ZH_END = _alt(_words("zh", "end_of_year") + _words("ja", "end_of_year"))
_ZH_REST = _alt(_words("zh", "rest_of_year") + _words("ja", "rest_of_year"))
_ZH_PARTS = _alt(_words("zh", "day_parts") + _words("ja", "day_parts"))
_DAY_TIME_AFTER = re.compile(rf"\s*(?:{_ZH_PARTS}|\d{{1,2}}\s*[点點时時])")  # "3號傍晚", "5号8时"
_ZH_DAY_WORDS = {"今天": 0, "今日": 0, "本日": 0, "昨天": -1, "昨日": -1, "明天": 1, "明日": 1, "前天": -2, "后天": 2,
                 "後天": 2, **_offsets("zh", "relative_days"), **_offsets("ja", "relative_days")}
_ZH_NOT_TODAY = r"(?!新聞|新闻|頭條|头条|焦點|焦点|美國|美国|中國|中国)"  # 今日新聞 is a name, not a day
_CJK_DECADE_SUFFIX = _alt(_words("zh", "decade_suffix") + _words("ko", "decade_suffix"))
_CJK_DECADE = (rf"(?<!\d)(?P<y>(?:19|20)\d0)\s*(?:{_CJK_DECADE_SUFFIX})", _h_decade)
_ZH_ANAPHORS = {**_offsets("zh", "anaphoric_days"), **_offsets("ja", "anaphoric_days")}
_ZH_ANAPHOR_NOT_AFTER = _alt(tuple(langpack.pack("zh", "dates").get("words_anaphoric", {}).get("not_after", ()))
                             + tuple(langpack.pack("ja", "dates").get("words_anaphoric", {}).get("not_after", ())))
_ZH: list[tuple[str, Handler]] = [
    # new classes first: on equal length the earlier table entry wins
    _CJK_DECADE,
    *_bare_era_table("zh"),
    (rf"(?P<w>{_alt(tuple(_ZH_ANAPHORS))})(?!{_ZH_ANAPHOR_NOT_AFTER})", _h_anaphor(_ZH_ANAPHORS)),
    (rf"(?:(?P<y>{_ZH_Y})\s*年|{_ZH_YW2}\s*)(?:{_ZH_END})(?!\d)", _h_end_of_year),
    (rf"(?<![今去明来本昨前\d{_CN}年])(?:年底前|年底|年末(?:までに|まで)?)(?!\d)", _h_end_of_year),
    (rf"(?:(?:今年|本年)\s*)?(?<![\d{_CN}去明来昨前])(?:{_ZH_REST})(?!\d)", _h_rest_of_year),
    (rf"(?:(?P<y>{_ZH_Y})\s*年\s*|{_ZH_YW2}\s*の?\s*)?(?:(?<![\d.~\-])(?P<m1>\d{{1,2}})\s*[~∼\-–—～至到]\s*"
     rf"(?P<m2>\d{{1,2}})|前(?P<n>\d{{1,2}}|[{_CN}]{{1,2}})\s*(?:个|個|か|ヶ|カ)?)\s*月(?:份|期)?(?!\s*\d{{1,2}}\s*[日号號])",
     _h_month_range),
    (rf"(?:(?P<y>{_ZH_Y})\s*年\s*|{_ZH_YW2}\s*)?前(?P<n>[1-4一二三四])\s*(?:个|個)?\s*(?:季度|四半期)",
     _h_quarter_range),
    (rf"(?:(?P<y>{_ZH_Y})\s*年\s*|{_ZH_YW2}\s*)?(?<![\d.~\-])(?P<m>\d{{1,2}})\s*月\s*(?P<d1>\d{{1,2}})\s*[日号]?\s*"
     r"[~∼\-–—～至到]\s*(?P<d2>\d{1,2})\s*[日号]", _h_day_range),
    (rf"(?P<w>今|昨|明|前)\s*[(（]\s*(?P<d>\d{{1,2}})\s*[)）]\s*(?:日|天|号|號)?(?:{_ZH_PARTS})?", _h_paren_day),
    (rf"(?P<w>{_alt(tuple(w for w in _ZH_DAY_WORDS if w != '今日'))})(?:{_ZH_PARTS})?",
     _day_word_handler(_ZH_DAY_WORDS)),
    (rf"(?P<w>今日){_ZH_NOT_TODAY}(?:{_ZH_PARTS})?", _day_word_handler(_ZH_DAY_WORDS)),
    (rf"(?<!\d)(?P<d>\d{{1,2}})\s*日\s*[(（]\s*(?P<y>{_YEAR})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*[)）]",
     _h_day_paren_year_month),
    (rf"(?:(?P<y>{_YEAR})\s*年\s*の?|{_ZH_YW2}\s*の?\s*)?{_alt(_words('ja', 'new_year_day'))}", _h_new_year_day),
    (r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=\s*[(（]\s*(?:星期|周|週)?[一二三四五六日天月火水木金土]\s*[)）])",
     _h_slash_md),
    (rf"(?P<era>{_alt(tuple(_ERAS))})\s*(?P<ey>元|\d{{1,3}})\s*年(?:度)?(?:\s*(?P<m>\d{{1,2}})\s*月(?:\s*(?P<d>\d{{1,2}})\s*日)?)?",
     _h_era),
    (r"(?:本月|今月|这个月|這個月)?(?<![\d一二三四五六七八九十])月内(?:に|中)?", _rel("month", lambda s: 0)),
    # the older table
    (rf"(?P<y>{_ZH_Y})\s*年\s*(?P<m>{_ZH_N})\s*月\s*(?P<d>{_ZH_N})\s*[日号號]", _h_ymd),
    (rf"(?P<y>{_ZH_Y})\s*年\s*(?P<m>{_ZH_N})\s*月(?!\s*\d|份?\s*[{_CN}])", _h_ym),
    (rf"(?P<y>{_YEAR})\s*年?\s*(?:至|到|[\-–~～—])\s*(?P<y2>{_YEAR}|\d\d)\s*年(?!代)\s*(?:间|間|之间|之間|にかけて|まで)?",
     _h_year_range),
    (rf"(?P<y>{_YEAR})\s*年\s*から\s*(?P<y2>{_YEAR})\s*年(?:にかけて|まで)?", _h_year_range),
    (rf"(?<![\d.])(?<!\d,)(?P<y>{_ZH_Y})\s*年(?:度)?(?!\s*\d|代|间|間|来|前|後|后)", _h_y),
    (rf"(?:{_ZH_YW}\s*[の的]?\s*)?(?<![\d.~\-])(?<!\d,)(?P<m>{_ZH_N})\s*月\s*(?P<d>{_ZH_N})\s*[日号號]", _h_md),
    (rf"(?:{_ZH_YW}\s*の?\s*)(?P<m>{_ZH_N})\s*月(?:份)?(?![\d{_CN}])", _h_month),
    (r"(?<![\d.~\-年个個か])(?<!\d,)(?P<m>\d{1,2})\s*月(?:份)?(?!\s*[\d日号號]|[間间]|中(?!旬)|\s*[一二三四五六七八九十])",
     _h_month),
    (r"(?:(?P<yw>本月|今月|上月|上个月|上個月|先月|下月|下个月|下個月|来月)\s*|(?<![\d.~\-月年]))(?P<d>\d{1,2})\s*"
     r"(?:日|[号號](?![機机線线車车館馆室炉爐店艇棟栋楼樓院文令台位]))(?![间間後后前内連连]|以(?![降前后後来來])|\d(?!\d?\s*[时時点點]))",
     _h_day),
    # a day in Chinese numerals ("據央視二日消息", "列入廿九日討論事項"); never a count of days ("為期三日", "每日")
    (rf"(?<![{_CN}\d月年第每期续續数數几幾这這那该該前後后上下今昨明当當翌次同初])(?P<d>[{_CN}]{{1,3}})日"
     r"(?![间間後后前以内內連连之起元本報报刊])", _h_day),
    (rf"(?:(?P<yw>今年|去年|明年|来年|昨年|再来年|今|来|昨|去|{_YEAR}\s*年)\s*の?\s*)"
     r"(?P<s>春天|夏天|秋天|冬天|春季|夏季|秋季|冬季|春|夏|秋|冬)(?P<approx>末|初|頃|ごろ|までに)?", _h_season),
    (rf"(?:(?P<yw>今年|去年|明年|本年|来年|昨年|{_YEAR}\s*年)\s*)?(?:第)?(?<!\d)(?P<q>[1-4一二三四])\s*(?:季度|四半期)",
     _h_quarter),
    (rf"(?:(?P<yw>今年|去年|明年|本年|来年|昨年|{_YEAR}\s*年)\s*)?(?P<h>上半|下半|前半|後半)(?:年|期)?(?!场|場|段|生)",
     _h_half),
    (r"(?:今年|本年)(?P<approx>晚些时候|晚些時候|早些时候|早些時候|年底|年初|年内|年內|底|初|内|內|以内|之内|下旬)?",
     _rel("year", lambda s: 0)),
    (r"(?:去年|昨年)(?P<approx>年底|年初|底|初|末)?", _rel("year", lambda s: -1)),
    (r"(?:明年|来年)(?P<approx>年底|年初|底|初|末|早些时候|晚些时候|以内|まで)?", _rel("year", lambda s: 1)),
    (rf"(?<![\d{_CN}今去明来年])前年(?!同期|度|比)", _rel("year", lambda s: -2)),
    (r"(?<![今去明来])(?P<approx>年内|年內|年底|年初|年末|年明け)(?!\d)", _rel("year", lambda s: 0)),
    (r"(?:上个月|上個月|上月|先月)(?P<approx>底|末|初)?", _rel("month", lambda s: -1)),
    (r"(?:本月|这个月|這個月|今月)(?P<approx>底|末|初|中)?", _rel("month", lambda s: 0)),
    (r"(?:下个月|下個月|下月|来月)(?P<approx>底|末|初)?", _rel("month", lambda s: 1)),
    (rf"(?:上周|上週|上星期|先週)(?!\s*{_ZH_WD}?[一二三四五六日天月火水木金土])", _rel("week", lambda s: -1)),
    (rf"(?:本周|这周|這週|本週|今週)(?!\s*{_ZH_WD}?[一二三四五六日天月火水木金土])", _rel("week", lambda s: 0)),
    (rf"(?:下周|下週|下星期|来週)(?!\s*{_ZH_WD}?[一二三四五六日天月火水木金土])", _rel("week", lambda s: 1)),
    (r"(?P<ww>上周|上週|上星期|上个星期|下周|下週|下星期|本周|这周|本週)(?P<wd>[一二三四五六日天])", _h_weekday),
    (r"(?:(?P<ww>先週|来週|今週)\s*の?\s*)?(?P<wd>[月火水木金土日])曜日?", _h_weekday),
    (r"(?<![上下本这這每])(?:周|週|星期|礼拜|禮拜)(?P<wd>[一二三四五六日天])(?![次遍回])", _h_weekday),
    (rf"(?<![\d.,~])(?P<n>\d{{1,2}}|[{_CN}]{{1,2}})\s*(?:(?:到|至|-|~|～)\s*(?P<n2>\d{{1,2}}|[{_CN}]{{1,2}})\s*)?"
     r"年(?:以内|之内|内|內|以内に|以内|前)(?![\d])", _h_within_years),
]

_JA_SHORT_AFTER = _alt(_words("ja", "short_year_after"))
_JA: list[tuple[str, Handler]] = [
    (r"(?<![\d.,~∼\-–年/])(?P<yy>\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?", _h_short_year),
    (rf"(?<![\d.,~∼\-–年/])(?P<yy>\d{{2}})\s*年(?:度)?(?={_JA_SHORT_AFTER})(?!に(?:一|1)度|にわたり|にわたって|に及)",
     _h_short_year),
]

_EN_MON_ALT = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
               r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_EN_MON = rf"(?P<m>{_EN_MON_ALT})"
_EN_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_EN_NUMW = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a)"


def _h_en_md_range(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"from April 13 to October 13, 2025": two month-days joined by to/through/until, the year written once at the
    end; the first day takes the same year (or the year before when its month comes later)."""
    m1, m2 = _EN_MONTHS[m["m1"].lower().rstrip(".")], _EN_MONTHS[m["m2"].lower().rstrip(".")]
    d1, d2, y = int(m["d1"]), int(m["d2"]), int(m["y"])
    y1 = y if (m1, d1) <= (m2, d2) else y - 1
    if not (_valid(y1, m1, d1) and _valid(y, m2, d2)):
        return None
    return _cand(m, _iso(y1, m1, d1), "day", date_end=_iso(y, m2, d2))


def _h_en_mdy(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    mo = _EN_MONTHS[m["m"].lower().rstrip(".")]
    d = int(m["d"])
    if _g(m, "y"):
        y = int(m["y"])
        return _cand(m, _iso(y, mo, d), "day") if _valid(y, mo, d) else None
    if _g(m, "yw2"):  # "October 30 this year"
        yb = _year_of(m["yw2"].lower(), ctx)
        return _cand(m, _iso(yb[0], mo, d), "day", basis=yb[1]) if yb and _valid(yb[0], mo, d) else None
    wd = _EN_WEEKDAYS.get(_g(m, "wd").lower()) if _g(m, "wd") else None
    ya = ctx.year_anchor()
    if ya is not None:
        year = _nearest_year(mo, d, ya[0])
        basis = "year from publication date" if not ctx.inferred else f"inferred year from document date {ya[0]}"
    elif wd is not None:
        year, basis = _year_for_weekday(mo, d, wd, dt.date.today()), WEEKDAY_YEAR
    else:
        return None
    if year is None or not _valid(year, mo, d):
        return None
    return _cand(m, _iso(year, mo, d), "day", basis=basis)


def _h_en_my(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    mo = _EN_MONTHS[m["m"].lower().rstrip(".")]
    return _cand(m, _iso(int(m["y"]), mo), "month") if _valid(int(m["y"]), mo) else None


_EN_END = _alt(_words("en", "end_of_year"))
_EN_YEAR_END = _alt(_words("en", "year_end"))
_EN: list[tuple[str, Handler]] = [
    (rf"\b(?:from\s+)?(?P<m1>{_EN_MON_ALT})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:to|through|until|till|[-–—])\s+"
     rf"(?P<m2>{_EN_MON_ALT})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR})(?!\d)", _h_en_md_range),
    (r"(?:\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s*\(\s*)?"
     r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])", _h_dmy_numeric),
    # new classes first: on equal length the earlier table entry wins
    (rf"(?<![\d\w])(?P<y>(?:19|20)\d0)(?:{_alt(_words('en', 'decade_suffix'))})(?![\w])", _h_decade),
    (rf"\b(?i:{_alt(_words('en', 'postponed_to'))})\s+(?P<y>{_YEAR})(?!\d|,\d|%|\.\d)", _h_postponed_year),
    (rf"\b(?i:{_EN_END})\s+(?:(?P<y>{_YEAR})(?!\d|,\d|%)|(?P<yw>[Tt]his|[Nn]ext|[Ll]ast)\s+year\b(?!'s))",
     _h_end_of_year),
    (rf"\b(?i:(?:by|at|before|until|toward|towards)\s+)?(?i:{_EN_YEAR_END})\b", _h_end_of_year),
    (rf"(?<![\w-])(?P<m1>{_EN_MON_ALT})\s*(?:[–—-]|\s+through\s+)\s*(?P<m2>{_EN_MON_ALT})(?:,?\s+(?P<y>{_YEAR}))?(?![\w-])",
     _h_month_range),
    (rf"\b{_EN_MON}\s+(?:of\s+)?(?P<yw2>this|next|last)\s+year\b(?!'s)", _h_en_month_yearword),
    (rf"(?:{_EN_WD},?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MON}(?:,?\s+(?P<y>{_YEAR}))?(?!\d)",
     _h_en_mdy),
    (rf"(?:{_EN_WD},?\s+\(?)?{_EN_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{_YEAR})|"
     rf"\s+(?P<yw2>this|next|last)\s+year\b)?(?![\d:])", _h_en_mdy),
    (rf"{_EN_MON},?\s+(?:of\s+)?(?P<y>{_YEAR})(?!\d)", _h_en_my),
    (rf"(?:(?P<yw>[Ll]ast|[Nn]ext|[Tt]his)\s+|(?<=\b[Ii]n\s)|(?<=\b[Ss]ince\s)|(?<=\b[Uu]ntil\s)|(?<=\b[Bb]y\s)|"
     rf"(?<=\b[Ee]arly\s)|(?<=\b[Ll]ate\s)|(?<=\bmid-)|(?<=\bend of\s)|(?<=\bbeginning of\s)|(?<=\bstart of\s)|"
     rf"(?<=\bmiddle of\s)|(?<=\bfor\s)|(?<=\bto\s)){_EN_MON}(?![\w])", _h_month),
    (rf"(?:between|from)\s+(?P<y>{_YEAR})\s+(?:and|to)\s+(?P<y2>{_YEAR})(?!\d)", _h_year_range),
    (rf"(?<![\d\-/.,$])(?P<y>{_YEAR})\s*(?:-|–|to)\s*(?P<y2>{_YEAR}|\d\d)(?![\d,%])", _h_year_range),
    (rf"(?:(?<=\b[Ii]n\s)|(?<=\b[Ss]ince\s)|(?<=\b[Uu]ntil\s)|(?<=\b[Bb]y\s)|(?<=\b[Bb]efore\s)|(?<=\b[Aa]fter\s)|"
     rf"(?<=\bas soon as\s)|(?<=\bas early as\s)|(?<=\b[Tt]oward\s)|(?<=\b[Tt]owards\s)|(?<=\bof\s)|"
     rf"(?<=\bfor\s)|(?<=\bend of\s)|(?<=\bfull-year\s)|(?<=\bfiscal\s)|(?<=\bcalendar\s)|"
     rf"(?<=\b[Ee]arly\s)|(?<=\b[Ll]ate\s)|(?<=\bmid-)|(?<=\bthrough\s)|(?<=\bfrom\s)|(?<=\bbeginning of\s)|"
     rf"(?<=\ba\s)|(?<=\bthe\s))"
     rf"(?P<y>{_YEAR})(?!\d|,\d|%|\.\d|'?s\b|\s*(?:GPUs|units|chips|people|won|dollars|yuan))", _h_y),
    (rf"(?:(?P<h>first|second)\s+half|(?P<h2>H[12]))\s+(?:of\s+)?(?P<yw>{_YEAR}|this year|next year|last year)",
     lambda m, c: _h_half_en(m, c)),
    (rf"(?P<h>first|second)\s+half\s+of\s+(?:the\s+)?(?P<yw>year|{_YEAR}|this year|next year|last year)",
     lambda m, c: _h_half_en(m, c)),
    (rf"(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?|Q(?P<q2>[1-4]))\s+"
     rf"(?P<yw>{_YEAR}|this year|next year|last year)", lambda m, c: _h_quarter_en(m, c)),
    (r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?!\s+(?:of\s+)?(?:\d|this|next|last))",
     lambda m, c: _h_quarter_en(m, c)),
    (rf"(?:(?P<yw>[Tt]his|[Nn]ext|[Ll]ast)\s+)(?P<s>spring|summer|autumn|fall|winter)|(?P<s2>[Ss]pring|[Ss]ummer|"
     rf"[Aa]utumn|[Ff]all|[Ww]inter)\s+(?:of\s+)?(?P<y>{_YEAR})", lambda m, c: _h_season_en(m, c)),
    (r"\b(?:(?P<approx>later|earlier|early|late|end of|the end of|the beginning of|the start of|mid-)\s*)?"
     r"(?P<w>[Tt]his|[Nn]ext|[Ll]ast)\s+year(?!'s\s+(?:model|version))",
     _rel("year", lambda s: {"this": 0, "next": 1, "last": -1}[re.search(r"(this|next|last)\s+year", s, re.I)
                                                             .group(1).lower()])),
    (r"\b(?:(?P<approx>later|earlier|early|late|end of|the end of)\s*)?(?P<w>[Tt]his|[Nn]ext|[Ll]ast)\s+month",
     _rel("month", lambda s: {"this": 0, "next": 1, "last": -1}[re.search(r"(this|next|last)\s+month", s, re.I)
                                                              .group(1).lower()])),
    (rf"\b(?P<w>[Tt]his|[Nn]ext|[Ll]ast)\s+week(?!\s*(?:'s|end))(?!,?\s+on\s+{_EN_WD})",
     _rel("week", lambda s: {"this": 0, "next": 1, "last": -1}[s.split()[0].lower()])),
    (r"\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow)\b(?!'s)",
     _rel("day", lambda s: {"yesterday": -1, "today": 0, "tomorrow": 1}[s.lower()])),
    (rf"(?:\b(?P<ww>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+|\b[Oo]n\s+|(?<!Black )(?<!Cyber )(?<!Super )(?<!Good ))"
     rf"\b{_EN_WD}(?!,?\s+{_EN_MON})",
     _h_weekday),
    (rf"\b(?:[Ww]ithin|[Ii]n)\s+(?:the\s+next\s+)?(?P<n>{_EN_NUMW})(?:\s*(?:to|-|or)\s*(?P<n2>{_EN_NUMW}))?\s+years?"
     r"(?!\s+(?:of|old))", _h_within_years),
    (rf"\b(?P<n>{_EN_NUMW})\s+years?\s+ago\b", _h_within_years),
]


def _h_half_en(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    h = (_g(m, "h") or _g(m, "h2")).lower()
    yw = _g(m, "yw").lower()
    yb = _year_of({"year": "", "this year": "this", "next year": "next", "last year": "last"}.get(yw, yw), ctx)
    if yb is None:
        return None
    half = 1 if h in ("first", "h1") else 2
    return _cand(m, _iso(yb[0], 6 * half - 5), "half", date_end=_iso(yb[0], 6 * half), basis=yb[1])


def _h_quarter_en(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    qs = (_g(m, "q") or _g(m, "q2")).lower()
    q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}.get(qs) or int(qs)
    yw = _g(m, "yw").lower()
    yb = _year_of({"this year": "this", "next year": "next", "last year": "last"}.get(yw, yw), ctx)
    if yb is None:
        return None
    return _cand(m, _iso(yb[0], 3 * q - 2), "quarter", date_end=_iso(yb[0], 3 * q), basis=yb[1])


def _h_season_en(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    season = _SEASON_WORDS[(_g(m, "s") or _g(m, "s2")).lower()]
    yb = _year_of(_g(m, "y") or _g(m, "yw").lower(), ctx)
    if yb is None:
        return None
    y, basis = yb
    first = _SEASON_MONTHS[season]
    if _g(m, "yw").lower() == "last" and ctx.anchor is not None:  # the last such season that ended before publication
        a = ctx.anchor
        y = next(yy for yy in (a.year, a.year - 1, a.year - 2) if _add_months(yy, first, 2) < (a.year, a.month))
    ey, em = _add_months(y, first, 2)
    return _cand(m, _iso(y, first), "season", date_end=_iso(ey, em), basis=basis)


def _compile(table: list[tuple[str, Handler]], flags: int = 0) -> list[tuple[re.Pattern[str], Handler]]:
    return [(re.compile(p, flags), h) for p, h in table]


_TABLES: dict[str, list[tuple[re.Pattern[str], Handler]]] = {
    "common": _compile(_COMMON),
    "ko": _compile(_KO),
    "zh": _compile(_ZH),
    "en": _compile(_EN),
}
# Chinese and Japanese share 年月日 and most relative words (the zh table has both); Japanese adds two-digit years
_TABLES["ja"] = _compile(_JA) + _TABLES["zh"]


# ---------------------------------------------------------------- languages added as data (data/lang/<code>/dates.toml)
#
# A language without a table above is read from its pack alone: [months], [weekdays], [numbers], [ordinals], [units],
# [relative_days|weeks|months|years] and [templates] (see data/lang/de/dates.toml for the placeholders). The rules are
# the same for every such language; nothing here names one.

_PLACEHOLDER = re.compile(r"\{(day|monthnum|month|year|weekday|number|unit|ordinal|yearword)\}")


def _lower_map(value: object) -> dict[str, object]:
    return {str(k).lower(): v for k, v in value.items()} if isinstance(value, dict) else {}


@dataclass(frozen=True)
class _PackWords:
    months: dict[str, object]
    weekdays: dict[str, object]
    numbers: dict[str, object]
    ordinals: dict[str, object]
    units: dict[str, object]
    years: dict[str, object]
    approx: tuple[str, ...]
    future: tuple[str, ...]

    def number(self, s: str) -> int | None:
        s = s.lower()
        return int(s) if s.isdigit() else (int(self.numbers[s]) if s in self.numbers else None)  # type: ignore[arg-type]


def _template_regex(template: str, w: _PackWords) -> str:
    alts = {"month": _alt(tuple(w.months)), "weekday": _alt(tuple(w.weekdays)), "number": r"(?:\d{1,3}|"
            + _alt(tuple(w.numbers)) + ")", "unit": _alt(tuple(w.units)), "ordinal": _alt(tuple(w.ordinals)),
            "yearword": _alt(tuple(w.years)), "day": r"\d{1,2}", "monthnum": r"\d{1,2}", "year": _YEAR}
    out, pos = [], 0
    for m in _PLACEHOLDER.finditer(template):
        out.append(re.escape(template[pos:m.start()]).replace(r"\ ", r"\s+"))
        out.append(f"(?P<{m.group(1)}>{alts[m.group(1)]})")
        pos = m.end()
    out.append(re.escape(template[pos:]).replace(r"\ ", r"\s+"))
    return r"(?<![\w.])" + "".join(out) + r"(?![\w])"


def _pack_handlers(w: _PackWords) -> dict[str, Handler]:
    def month_of(m: re.Match[str]) -> int | None:
        if _g(m, "monthnum"):
            return int(m["monthnum"])
        return int(w.months[m["month"].lower()]) if _g(m, "month").lower() in w.months else None  # type: ignore[arg-type]

    def approx_of(m: re.Match[str]) -> bool:
        head = m.group(0).lower()
        return any(head.startswith(a.lower() + " ") for a in w.approx)

    def year_of(m: re.Match[str], ctx: _Ctx) -> tuple[int, str] | None:
        if _g(m, "year"):
            return int(m["year"]), EXPLICIT
        ya = ctx.year_anchor()
        if ya is None:
            return None
        off = int(w.years[m["yearword"].lower()]) if _g(m, "yearword") else 0  # type: ignore[arg-type]
        return ya[0].year + off, ya[1]

    def day(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        mo, d = month_of(m), int(m["day"])
        if mo is None or not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        if _g(m, "year"):
            y = int(m["year"])
            return _cand(m, _iso(y, mo, d), "day") if _valid(y, mo, d) else None
        ya = ctx.year_anchor()
        year = _nearest_year(mo, d, ya[0]) if ya else None
        if year is None or not _valid(year, mo, d):
            return None
        return _cand(m, _iso(year, mo, d), "day", basis=ya[1].replace("relative to", "year from"), yearless=True,
                     has_month=True)

    def month(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        mo = month_of(m)
        if mo is None:
            return None
        if _g(m, "year"):
            return _cand(m, _iso(int(m["year"]), mo), "month", approximate=approx_of(m))
        fa = ctx.fine_anchor("month")
        if fa is None:
            return None
        a, y = fa[0], fa[0].year
        if mo - a.month > 6:
            y -= 1
        elif a.month - mo > 6:
            y += 1
        return _cand(m, _iso(y, mo), "month", basis=fa[1], yearless=True, approximate=approx_of(m))

    def end_of_year(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        yb = year_of(m, ctx)
        if yb is None:
            return None
        basis = END_OF_YEAR + ("" if yb[1] == EXPLICIT else f"; {yb[1]}")
        return _cand(m, _iso(yb[0], 12), "month", basis=basis, approximate=True)

    def year(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        yb = year_of(m, ctx)
        return _cand(m, _iso(yb[0]), "year", basis=yb[1], approximate=approx_of(m)) if yb else None

    def quarter(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        q = int(w.ordinals.get(m["ordinal"].lower(), 0))  # type: ignore[call-overload]
        yb = year_of(m, ctx)
        if not 1 <= q <= 4 or yb is None:
            return None
        return _cand(m, _iso(yb[0], 3 * q - 2), "quarter", date_end=_iso(yb[0], 3 * q), basis=yb[1])

    def shifted(m: re.Match[str], ctx: _Ctx, sign: int) -> _Cand | None:
        n, unit = w.number(m["number"]), str(w.units.get(m["unit"].lower(), ""))
        level = "year" if unit == "year" else unit
        anc = ctx.year_anchor() if level == "year" else ctx.fine_anchor(level or "day")
        if n is None or not unit or anc is None or n > 100:
            return None
        a, basis = anc
        if unit == "year":
            return _cand(m, _iso(a.year + sign * n), "year", basis=basis, approximate=True)
        if unit == "month":
            y, mo = _add_months(a.year, a.month, sign * n)
            return _cand(m, _iso(y, mo), "month", basis=basis, approximate=True)
        day_ = a + dt.timedelta(days=sign * n * (7 if unit == "week" else 1))
        if unit == "week":
            monday = day_ - dt.timedelta(days=day_.weekday())
            return _cand(m, monday.isoformat(), "day", date_end=(monday + dt.timedelta(days=6)).isoformat(),
                         basis=basis, approximate=True)
        return _cand(m, day_.isoformat(), "day", basis=basis, approximate=True)

    def weekday(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        fa = ctx.fine_anchor()
        if fa is None:
            return None
        a, wd = fa[0], int(w.weekdays[m["weekday"].lower()])  # type: ignore[arg-type]
        head = m.group(0).lower()
        if any(f.lower() in head for f in w.future):
            d = a + dt.timedelta(days=(wd - a.weekday()) % 7 or 7)
        else:  # the last such weekday on or before the publication date
            d = a - dt.timedelta(days=(a.weekday() - wd) % 7)
        return _cand(m, d.isoformat(), "day", basis=fa[1])

    return {"day": day, "month": month, "end_of_year": end_of_year, "year": year, "quarter": quarter,
            "ago": lambda m, c: shifted(m, c, -1), "within": lambda m, c: shifted(m, c, 1), "weekday": weekday}


_PACK_TABLES: dict[str, list[tuple[re.Pattern[str], Handler]] | None] = {}


def _pack_table(code: str) -> list[tuple[re.Pattern[str], Handler]] | None:
    """The pattern table of a language given as data only (None when its pack has no [months] and [templates])."""
    if code in _PACK_TABLES:
        return _PACK_TABLES[code]
    pk = langpack.pack(code, "dates") if re.fullmatch(r"[a-z]{2,3}", code or "") else {}
    tpl = pk.get("templates") if isinstance(pk, dict) else None
    table: list[tuple[re.Pattern[str], Handler]] | None = None
    if isinstance(tpl, dict) and _lower_map(pk.get("months")):
        w = _PackWords(months=_lower_map(pk.get("months")), weekdays=_lower_map(pk.get("weekdays")),
                       numbers=_lower_map(pk.get("numbers")), ordinals=_lower_map(pk.get("ordinals")),
                       units=_lower_map(pk.get("units")), years=_lower_map(pk.get("relative_years")),
                       approx=tuple(str(x) for x in tpl.get("approx_before", ())),
                       future=tuple(str(x) for x in tpl.get("future_before", ())))
        handlers = _pack_handlers(w)
        table = []
        for kind, handler in handlers.items():
            for t in dict.fromkeys(str(x) for x in tpl.get(kind, ())):
                needs = set(_PLACEHOLDER.findall(t))
                if ("weekday" in needs and not w.weekdays) or ("ordinal" in needs and not w.ordinals):
                    continue
                table.append((re.compile(_template_regex(t, w), re.IGNORECASE), handler))
        for level, key in (("day", "relative_days"), ("week", "relative_weeks"), ("month", "relative_months"),
                           ("year", "relative_years")):
            offsets = {k: int(v) for k, v in _lower_map(pk.get(key)).items()}  # type: ignore[call-overload]
            if offsets:
                table.append((re.compile(r"(?<![\w.])" + _alt(tuple(offsets)) + r"(?![\w])", re.IGNORECASE),
                              _rel(level, lambda s, o=offsets: o.get(re.sub(r"\s+", " ", s.lower())))))
    _PACK_TABLES[code] = table
    return table


def _tables_for(lang: str) -> list[tuple[re.Pattern[str], Handler]]:
    lang = (lang or "").lower()[:2]
    if lang in ("ko", "zh", "ja", "en"):
        # English phrasing appears inside CJK text (quotes, names); CJK never inside English reports
        extra = _TABLES["en"] if lang != "en" else []
        return _TABLES["common"] + _TABLES[lang] + extra
    table = _pack_table(lang)
    if table:  # a language added as data
        return _TABLES["common"] + table
    return _TABLES["common"] + _TABLES["ko"] + _TABLES["zh"] + _TABLES["en"]


# ---------------------------------------------------------------- surroundings: tz notes, weekdays, approximation

_TZ_WORDS = (r"현지\s?시간|현지\s?시각|한국\s?시간|한국\s?시각|미국\s?시간|미\s?동부\s?시간|미\s?서부\s?시간|"
             r"北京时间|北京時間|当地时间|當地時間|美国时间|美國時間|美东时间|美東時間|美西时间|"
             r"米国時間|米東部時間|米西部時間|現地時間|日本時間|太平洋時間|"
             r"local time|Beijing time|Seoul time|Korea time|Tokyo time|[A-Z][a-z]+ time|[EPC][SD]?T|GMT|UTC|KST")
_TZ_BEFORE = re.compile(rf"(?:{_TZ_WORDS})\s*[,:]?\s*$")
_TZ_AFTER = re.compile(rf"\s*(?:[(（]\s*(?P<a>{_TZ_WORDS})\s*[)）]|,?\s+(?P<b>local time|Beijing time|Seoul time|"
                       rf"Korea time|Tokyo time|[EPC][SD]?T|GMT|UTC|KST)\b)")
_WD_AFTER = re.compile(r"\s*(?:[(（]\s*(?P<p>[월화수목금토일月火水木金土]|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?\s*[)）]|"
                       r"[(（]\s*(?:星期|周|週|礼拜|禮拜)?(?P<z2>[一二三四五六天])\s*[)）]|"
                       r"[(（]\s*(?:星期|周|週|礼拜|禮拜)(?P<z3>日)\s*[)）]|"
                       r"(?:周|週|星期|礼拜|禮拜)(?P<z>[一二三四五六日天])|(?P<k>[월화수목금토일])요일|"
                       r"(?P<j>[月火水木金土日])曜日?)")
_APPROX_BEFORE = re.compile(r"(?:\b(?:as soon as|as early as|as late as|no later than|toward|towards|by|around|"
                            r"about|circa|sometime in|some time in|until|before)\s+(?:the\s+)?(?:end of\s+)?"
                            r"|\b(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?:the\s+)?"
                            r"|(?:early|late|mid)[\s-]|(?:早在|最早|最迟|最晚|大约|约|이르면|늦어도|早ければ|遅くとも)\s*)$",
                            re.IGNORECASE)
_APPROX_AFTER = re.compile(r"(?:\s?(?:말|초|중순)(?:께|경|까지)?|께|경|쯤|무렵|까지|左右|前后|前後|以前|之前|"
                           r"底前|底|初|末|上旬|中旬|下旬|頃|ごろ|までに|まで)(?![가-힣])")
# "오늘(17일)", "다음 달(9월)", "3분기(7~9월)": the stated day or months in parentheses belong to the mention
_PAREN_DAY = re.compile(r"\s*[(（]\s*\d{1,2}\s*[일日号]\s*[)）]")
_PAREN_MONTHS = re.compile(r"\s*[(（]\s*\d{1,2}\s*[월月]?(?:\s*[~∼\-–—～]\s*\d{1,2}\s*[월月])?\s*[)）]")


def _peek_weekday(text: str, pos: int) -> tuple[int | None, int]:
    m = _WD_AFTER.match(text, pos)
    if not m:
        return None, pos
    w = m["p"] or m["z"] or m["z2"] or m["z3"] or m["k"] or m["j"]
    wd = _EN_WEEKDAYS.get(w.lower()) if w[0].isascii() else _CJK_WEEKDAYS.get(w)
    return wd, m.end()


def _paren_day_wins(c: _Cand, day: int) -> None:
    """"내일(14일)" in a quote of the day before: the stated day of the month wins over the word's offset from the
    page date when it is within three days of it (a quote, a page dated in another time zone)."""
    try:
        got = dt.date.fromisoformat(c.date)
    except ValueError:
        return
    if got.day == day:
        return
    near = [got + dt.timedelta(days=k) for k in (-1, 1, -2, 2, -3, 3) if (got + dt.timedelta(days=k)).day == day]
    if near:
        c.date = near[0].isoformat()
        c.basis = f"{c.basis}; day from its parenthesis ({day})"


def _dress(c: _Cand, text: str) -> _Cand:
    """Fold a time-zone note, a weekday and approximation words next to the date into the mention."""
    paren = (_PAREN_DAY if c.precision == "day" else _PAREN_MONTHS).match(text, c.end)
    if paren and c.basis != EXPLICIT:
        c.end = paren.end()
        if c.precision == "day" and c.date_end is None:
            _paren_day_wins(c, int(re.sub(r"\D", "", paren.group(0))))
    wd, end = _peek_weekday(text, c.end)
    if wd is not None and c.precision == "day" and c.date_end is None:
        c.end = end
    tz = ""
    m = _TZ_AFTER.match(text, c.end)
    if m:
        tz = (m["a"] or m["b"]).strip()
        c.end = m.end()
    else:
        m = _TZ_BEFORE.search(text, max(0, c.start - 16), c.start)
        if m and m.end() == c.start:
            tz = m.group(0).strip(" ,:")
            c.start = m.start()
    if tz:
        c.tz_note = re.sub(r"\s+", " ", tz)
    m = _APPROX_BEFORE.search(text, max(0, c.start - 24), c.start)
    if m and m.end() == c.start:
        c.start = m.start()
        c.approximate = True
    m = _APPROX_AFTER.match(text, c.end)
    if m and c.precision != "day":
        c.end = m.end()
        c.approximate = True
    return c


# ---------------------------------------------------------------- public API


def _scan(text: str, lang: str, anchor: dt.date | None, inferred: bool, month_only: bool = False) -> list[_Cand]:
    text = text.translate(_FULLWIDTH_DIGITS)  # "２０２６年度" -> "2026年度" (same offsets)
    ctx = _Ctx(text=text, anchor=anchor, inferred=inferred, lang=(lang or "").lower()[:2], month_only=month_only)
    cands: list[_Cand] = []
    for pat, handler in _tables_for(lang):
        for m in pat.finditer(text):
            if m.end() == m.start():
                continue
            try:
                c = handler(m, ctx)
            except (ValueError, KeyError, OverflowError) as exc:  # a malformed number: not a date
                log.debug("date candidate %r rejected: %s", m.group(0), exc)
                continue
            if c is not None:
                cands.append(c)
    # longest first, then earliest; drop anything overlapping an accepted span
    cands.sort(key=lambda c: (-(c.end - c.start), c.start))
    taken: list[_Cand] = []
    for c in cands:
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    _carry_context(taken, text)
    taken = [c for c in taken if c.date]  # an anaphoric day word with no day before it is not resolved
    taken = _absorb_year_words(taken, text)
    out = []
    for c in taken:
        c = _dress(c, text)
        if out and c.start < out[-1].end:  # dressing made two mentions touch: keep the first
            continue
        out.append(c)
    return out


def _absorb_year_words(cands: list[_Cand], text: str) -> list[_Cand]:
    """"今年2024年8月", "this year, 2024": a year word right before an explicit date of that year is one mention."""
    out: list[_Cand] = []
    for c in cands:
        p = out[-1] if out else None
        if (p is not None and p.precision == "year" and p.date_end is None and c.start - p.end <= 1
                and c.date[:4] == p.date and c.basis == EXPLICIT and re.match(r"\d{4}", text[c.start:c.end])):
            c.start = p.start
            out[-1] = c
            continue
        out.append(c)
    return out


def _set_ym(c: _Cand, y: int, mo: int | None, basis: str) -> None:
    """Move a day candidate (and its range end) to year y (and month mo), when the days exist there."""
    d1 = dt.date.fromisoformat(c.date)
    d2 = dt.date.fromisoformat(c.date_end) if c.date_end else None
    mo1 = mo or d1.month
    if not _valid(y, mo1, d1.day) or (d2 and not _valid(y, mo or d2.month, d2.day)):
        return
    c.date = _iso(y, mo1, d1.day)
    if d2:
        c.date_end = _iso(y, mo or d2.month, d2.day)
    c.basis = basis


def _carry_context(cands: list[_Cand], text: str) -> None:
    """Within one sentence, a month-day without a year right after a year word takes that year ("지난해 추석연휴인
    9월 8~10일"), and a bare day after a dated month-day takes its month and year ("9월 8~10일 ... 8일에 ... 10일")."""
    for i, c in enumerate(cands):
        if c.anaphor is not None:  # "25日……次日": the day after the day last named in this sentence
            prev = next((p for p in reversed(cands[:i]) if p.precision == "day" and p.anaphor is None and p.date
                         and p.date_end is None), None)
            if prev is not None and not re.search(r"[.。!?！？]", text[prev.end:c.start]):
                d = dt.date.fromisoformat(prev.date) + dt.timedelta(days=c.anaphor)
                c.date, c.basis = d.isoformat(), f"relative to '{text[prev.start:prev.end]}' before it"
            continue
        if c.precision == "month" and c.yearless and c.date_end is None and i > 0:
            # "올해 프로야구는 ... 11월 프리미어 12": a bare month after a year in the same clause is in that year
            p = cands[i - 1]
            if (p.precision == "year" and p.date_end is None and c.start - p.end <= 40
                    and not re.search(r"[.。!?！？;；]", text[p.end:c.start])):
                c.date = f"{int(p.date):04d}-{c.date[5:7]}"
                c.basis = f"year from '{text[p.start:p.end]}' before it"
            continue
        if c.precision != "day":
            continue
        if c.yearless and i > 0:
            p = cands[i - 1]
            gap = text[p.end:c.start]
            if p.precision == "year" and p.date_end is None and len(gap) <= 12 and re.fullmatch(r"[\s가-힣]*", gap):
                _set_ym(c, int(p.date), None, f"year from '{text[p.start:p.end]}' before it")
        if c.bare_day:
            prev = next((p for p in reversed(cands[:i]) if p.precision == "day" and p.has_month), None)
            if prev is not None and _TZ_AFTER.match(text, c.end) and len(text[prev.end:c.start].strip()) > 4:
                continue  # "9월24일 이후로 연기했다고 6일(현지시간) 밝혔다": the reporting day, from the page date
            if prev is not None and not re.search(r"[.。!?！？]", text[prev.end:c.start]):
                d = dt.date.fromisoformat(prev.date)
                _set_ym(c, d.year, d.month, f"month from '{text[prev.start:prev.end]}' before it")


def _to_mention(c: _Cand, text: str) -> DateMention:
    return DateMention(start=c.start, end=c.end, text=text[c.start:c.end], date=c.date, precision=c.precision,
                       date_end=c.date_end, tz_note=c.tz_note, basis=c.basis, approximate=c.approximate)


def as_date(value: object) -> dt.date | None:
    """A plain ``datetime.date`` from a date, datetime, pandas Timestamp or ISO string; None for missing values."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):  # also pandas.Timestamp; NaT has no valid date
        try:
            return value.date()
        except (ValueError, AttributeError):
            return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()[:10] if value.strip() else ""):
        return dt.date.fromisoformat(value.strip()[:10])
    return None


def infer_anchor(text: str, lang: str = "") -> tuple[dt.date | None, str]:
    """A reference date from the document's own explicit day dates (the latest one, not after today).

    Used when the publication date is unknown: the document was written on or after the dates it reports. A date
    with a future word before it in its sentence or just after it ("승인결정예정일은 25년 1월 25일로", "将于18日",
    "20日に発売予定") may lie ahead of the report: it is no lower bound and is not used.
    """
    best: dt.date | None = None
    for c in _scan(text, lang, None, inferred=True):
        if c.precision != "day" or c.date_end is not None:
            continue
        d = dt.date.fromisoformat(c.date)
        if d > dt.date.today():
            continue
        if _ahead_of_report(text, c.start, c.end):
            continue
        if best is None or d > best:
            best = d
    if best is None:
        return None, "not found"
    return best, f"inferred: latest date stated in the text ({best.isoformat()})"


_AHEAD_AFTER_CHARS = 12  # "20일 출시 예정", "20日に発売予定": the future word right after the date


def _ahead_of_report(text: str, start: int, end: int) -> bool:
    """A future word before a date in its sentence, or just after it: the date may be ahead of the report."""
    lo = max(max(text.rfind(ch, 0, start) for ch in "。!?！？\n") + 1, text.rfind(". ", 0, start) + 2)
    return bool(_FUTURE_AFTER.search(text, lo, start) or _FUTURE_AFTER.search(text, end, end + _AHEAD_AFTER_CHARS))


def find_dates(text: str, lang: str, anchor: dt.date | str | None, *,
               anchor_inferred: bool = False) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``anchor`` (the publication date).

    With ``anchor`` None the document's own explicit dates give an inferred anchor (see module doc);
    ``anchor_inferred=True`` says a given anchor is such an inferred date, not the publication date.
    ``anchor`` "YYYY-MM" is a publication date known to the month only: month- and year-level expressions use it,
    day-level ones ("어제", "on Friday", "15日") stay unresolved.
    """
    if not text:
        return []
    if isinstance(anchor, str) and re.fullmatch(r"\s*\d{4}-\d{2}\s*", anchor):
        y, mo = (int(x) for x in anchor.strip().split("-"))
        if _valid(y, mo):
            return [_to_mention(c, text) for c in _scan(text, lang, dt.date(y, mo, 1), False, month_only=True)]
    anchor = as_date(anchor)
    if anchor is None:
        anchor, _ = infer_anchor(text, lang)
        anchor_inferred = anchor is not None
    return [_to_mention(c, text) for c in _scan(text, lang, anchor, anchor_inferred)]


# ---------------------------------------------------------------- publication date

_TOP_CHARS = 700
_BYLINE_LATER = (r"(?:Last\s+)?Updated(?:\s+on)?|Modified|Revised|수정|최종\s*수정|업데이트|"
                 r"更新日時|更新日?|更新時間|更新时间|"
                 + _alt(_words("en", "byline_later")))
_BYLINE = re.compile(
    r"(?:입력|등록|게재|작성|기사입력|최초입력|발행|송고|송고시간|승인|기사승인|등록일|입력일|작성일|발행일|게재일|发布时间|發佈時間|發布時間|发布日期|發布日期|發佈日期|发表时间|發表時間|发表于|發表於|"
    r"日期|時間|时间|(?:配信|公開|掲載|投稿|更新)日時|配信日?|公開日?|掲載日?|放送日?|投稿日|"
    r"Published(?:\s+on)?|Posted(?:\s+on)?|Date|Dated|" + _alt(_words("en", "byline_first")) + "|"
    + _BYLINE_LATER + r"|by\s+\S+(?:\s+\S+){0,2}\s*[•·|]?|기자|记者|編集部|[•·|])\s*[:：]?"
    # "Published 9:30 AM EST, Tue March 12, 2024": a time, zone and weekday may stand between keyword and date
    r"(?:\s*\d{1,2}:\d\d\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:[A-Z]{2,4})?,?)?"
    r"(?:\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?)?\s*$",
    re.IGNORECASE,
)
_IS_LATER = re.compile(rf"(?:{_BYLINE_LATER})\s*[:：]?"
                       r"(?:\s*\d{1,2}:\d\d\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:[A-Z]{2,4})?,?)?"
                       r"(?:\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?)?\s*$", re.IGNORECASE)
# what may stand before a stamp on its own line: bullets, bars, brackets ("• 2025-06-01 18:05", "( 2025-12-25 )")
_STAMP_LEAD = re.compile(r"[\s•·|\-–—*#>\[(（【]*")
# "TORONTO, Nov. 4, 2025 /PRNewswire/ --", "MILPITAS, Calif., Dec. 18, 2003—", "TORONTONov. 4, 2025"
_CITY_LEAD = re.compile(r"\s*(?:[A-Z][A-Za-z .\-]+(?:,\s*[A-Z][A-Za-z. ]+)?,\s*|[A-Z][A-Z .\-]{2,})")
_CITY_TAIL = re.compile(r"\s*(?:/\s*[A-Za-z]|[-–—]|[(（]|$)")
_TIME_AFTER = re.compile(r",?\s*[(（]?\s*(?:\d{1,2}:\d\d(?::\d\d)?(?:\s*[AaPp]\.?[Mm]\.?)?|\d{1,2}\s*時\s*\d{1,2}\s*分|"
                         r"\d{1,2}\.\d\d\s*[AaPp]\.?[Mm]\.?)\s*[)）]?")
# a short name before a stamp with a time ("长安君 2024-12-04 14:43:07", a blog's "알 수 없는 사용자 2021. 12. 21.
# 17:22"): at most four words, no digits, no sentence punctuation
_NAME_LEAD = re.compile(r"\s*(?:[^\d\s.,。，、!?！？:：]{1,12}\s+){1,4}")
_PAREN_CLOSE = re.compile(r"\s*[)）][ \t]*(?:\n|$)")
_US_STAMP = re.compile(r"^[\s•·|]*(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\s+\d{1,2}:\d\d", re.MULTILINE)
_URL_PATTERNS = [
    re.compile(rf"/(?P<y>{_YEAR})/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?:/|$|\D)"),
    re.compile(rf"(?<![\d])(?P<y>{_YEAR})-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"),
    re.compile(rf"(?<![\d])(?P<y>{_YEAR})_(?P<m>\d\d)_(?P<d>\d\d)(?!\d)"),
    re.compile(rf"/(?P<y>{_YEAR})(?P<m>\d\d)/(?P<d>\d\d)(?=/)"),  # /202502/27/
    re.compile(rf"/(?P<y>{_YEAR})/(?P<m>\d\d)(?P<d>\d\d)(?=/)"),  # /2021/1024/
    re.compile(rf"/(?P<y>{_YEAR})-(?P<m>\d\d)/(?P<d>\d\d)(?=/)"),  # /2024-07/02/
    # a date and a time (hhmmss) opening an article key, whatever follows: ?ud=2024122714330742846aa9cc43d0_48
    re.compile(rf"(?<==)(?P<y>{_YEAR})(?P<m>\d\d)(?P<d>\d\d)(?:[01]\d|2[0-3])[0-5]\d[0-5]\d[0-9a-z]*(?=$|[/?&#.\-_])"),
    # an article number behind a short lower-case site code: /article/view/kuk202412190075
    re.compile(rf"(?<=/)[a-z]{{1,4}}(?P<y>{_YEAR})(?P<m>\d\d)(?P<d>\d\d)\d{{0,8}}(?=$|[/?&#.\-_])"),
    # article numbers: /2024040864281, ?nid=2025121215500291759, odn-20241220-..., /t20230105_..., 202405020785Y,
    # ?articleId=A202505280061
    re.compile(rf"(?:(?<=[/=\-_])|(?<=/t)|(?<==t)|(?<=/[A-Z])|(?<==[A-Z]))(?P<y>{_YEAR})(?P<m>\d\d)(?P<d>\d\d)(?:\d{{0,12}})[A-Za-z]?"
               rf"(?=$|[/?&#.\-_])"),
    re.compile(rf"(?P<y>{_YEAR})年/?(?P<m>\d{{1,2}})月/?(?P<d>\d{{1,2}})日"),
    # an article code of a letter, the date and a section code: /news/a20240223PD212/
    re.compile(rf"/[a-z](?P<y>{_YEAR})(?P<m>\d\d)(?P<d>\d\d)[A-Z]{{2,3}}\d{{1,6}}(?=/)"),
    # a US-order address, month first: /article/12/04/2024/ (a first number above 12 is a day: /25/12/2024/)
    re.compile(rf"/(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>{_YEAR})(?=/|$)"),
]
_URL_MONTH_PATTERNS = [
    re.compile(rf"/(?P<y>{_YEAR})/(?P<m>\d\d)(?=/)"),
    re.compile(rf"/(?P<y>{_YEAR})(?P<m>\d\d)(?=/)"),
]


def _url_path(url: str) -> str:
    return re.sub(r"^[a-z]+://[^/]+", "", unquote(url), flags=re.IGNORECASE) if url else ""


def _url_date(url: str) -> tuple[dt.date | None, str]:
    """A publication day in the address; an address with only year and month gives none (see _url_month)."""
    path = _url_path(url)
    for pat in _URL_PATTERNS:
        for m in pat.finditer(path):
            if "a" in pat.groupindex:
                a, b = int(m["a"]), int(m["b"])
                mo, d = (b, a) if a > 12 else (a, b)
                y = int(m["y"])
            else:
                y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
            if _valid(y, mo, d) and dt.date(y, mo, d) <= dt.date.today():
                return dt.date(y, mo, d), f"url: {m.group(0).strip('/=-_?&#.t')}"
    return None, ""


def _url_month(url: str) -> tuple[tuple[int, int] | None, str]:
    """(year, month) of an address that names a month but no day ("/2025/03/")."""
    path = _url_path(url)
    for pat in _URL_MONTH_PATTERNS:
        for m in pat.finditer(path):
            y, mo = int(m["y"]), int(m["m"])
            if _valid(y, mo) and dt.date(y, mo, 1) <= dt.date.today():
                return (y, mo), f"url: {m.group(0).strip('/')}"
    return None, ""


def infer_published_month(text: str, url: str = "") -> tuple[str, str]:
    """("YYYY-MM", basis) when the publication date is known to the month only (an address such as /2025/03/ and no
    day-precise byline, stamp or address); ("", "") otherwise. Never a day: the month is not a publication day."""
    ym, how = _url_month(url)
    if ym is None:
        return "", ""
    month = f"{ym[0]:04d}-{ym[1]:02d}"
    return month, f"known to the month: {month} (url)"


_AGENCY = r"\s*[(（](?:Reuters|AP|AFP|Bloomberg|Yonhap|Xinhua|Kyodo|UPI|연합뉴스|뉴시스|뉴스1|新华社|共同)[)）]"


def infer_published(text: str, url: str = "", lang: str = "") -> tuple[dt.date | None, str]:
    """The publication date from the byline/dateline near the top of the text or from the URL.

    Order of evidence: a dated byline near the top ("입력 2024.02.23 (17:22)", "by 정티그로 2024. 2. 18.",
    "發布時間:2025/3/12 09:30", "Published 16th February 2024"; an "Updated" stamp only when nothing else is
    given), then a date in the URL ("/2024/03/30/", "2024-04-01-...", article numbers such as "2024040864281"),
    then a stamp or dateline on one of the first lines ("• 2025-06-01 18:05", "2025.3.12", "March 29 (Reuters)",
    "TORONTO, Nov. 4, 2025 /PRNewswire/"). A date in the body is not the publication date, and an address with only
    year and month gives no day (see :func:`infer_published_month`).
    """
    top = text[:_TOP_CHARS]
    # a year-less byline ("日期:3月31日", "March 29 (Reuters)") takes its year from the URL or a weekday
    url_d, url_basis = _url_date(url)
    ym, _ = _url_month(url)
    doc_anchor = url_d or (dt.date(ym[0], ym[1], 15) if ym else None)
    if doc_anchor is None:
        a, _ = infer_anchor(text, lang)
        doc_anchor = a
    mentions = [m for m in _scan(top, lang, doc_anchor, inferred=True)
                if m.precision == "day" and m.date_end is None]
    bylines, later, datelines = [], [], []
    for c in mentions:
        d = dt.date.fromisoformat(c.date)
        if d > dt.date.today():
            continue
        ls = top.rfind("\n", 0, c.start) + 1
        le = top.find("\n", c.end)
        line = top[ls:le if le >= 0 else len(top)]
        before, after = top[ls:c.start], top[c.end:c.end + 40]
        time_m = _TIME_AFTER.match(after)
        tail = c.end + (time_m.end() if time_m else 0)
        kw = _BYLINE.search(before)
        if kw and _IS_LATER.search(before):
            later.append((c, d, top[ls + kw.start():tail].strip()))
        elif kw and kw.group(0).strip(" :：") not in "•·|":
            bylines.append((c, d, top[ls + kw.start():tail].strip()))
        elif _STAMP_LEAD.fullmatch(before) and (len(line.strip()) <= 40 or time_m):
            datelines.append((c, d, top[c.start:tail].strip()))
        elif _CITY_LEAD.fullmatch(before) and (re.match(_AGENCY, after) or _CITY_TAIL.match(after)):
            datelines.append((c, d, line.strip()[:60]))
        elif time_m and _NAME_LEAD.fullmatch(before) and len(line.strip()) <= 48:
            datelines.append((c, d, line.strip()))  # "长安君 2024-12-04 14:43:07": an author's name and a stamp
        elif _PAREN_CLOSE.match(after) and before.rstrip().endswith(("(", "（")) and c.basis == EXPLICIT:
            datelines.append((c, d, line.strip()[-40:]))  # a title closed by its date: "…モーニング】(2024年12月4日)"
    if lang.lower().startswith("en") or not re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", top):
        for m in _US_STAMP.finditer(top):  # "11/4/25 6:30:00 AM ET": month/day/year, US order
            y = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
            mo, d = int(m["m"]), int(m["d"])
            if _valid(y, mo, d) and dt.date(y, mo, d) <= dt.date.today():
                c = _Cand(m.start(), m.end(), _iso(y, mo, d), "day")
                datelines.append((c, dt.date(y, mo, d), m.group(0).strip(" •·|")))
    if bylines:
        c, d, line = bylines[0]
        return d, _basis("text", line, c)
    if url_d is not None:
        return url_d, url_basis
    if datelines:  # a stamp with a time ("September 8 2021, 3.05pm") before a bare date (a site's date header)
        c, d, line = min(datelines, key=lambda t: (not _TIME_AFTER.match(top, t[0].end), t[0].start))
        return d, _basis("text", line, c)
    end_d, end_line = _end_stamp(text, lang)
    if end_d is not None:  # "2024/06/25 15:30" or "(2024年6月25日)" as the last line of the text
        return end_d, f"text: end-of-text stamp {end_line}"
    if later:
        c, d, line = later[0]
        return d, _basis("text", line, c)
    d, line = byline_date(text[_TOP_CHARS:], lang, stamps=True)  # a byline or stamp below a long header
    if d is not None:
        return d, f"text: {line}"
    return _yearless_dateline(top)


def _end_stamp(text: str, lang: str = "") -> tuple[dt.date | None, str]:
    """A date standing alone (with an optional time, in optional parentheses) on one of the last three lines of the
    text: "2024-06-25 16:36:59", "(2024年6月25日)", "(12月4日)" is not one (no year)."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()][-3:]
    for line in reversed(lines):
        if len(line) > 40 or not re.search(r"\d", line):
            continue
        for c in _scan(line, lang, None, inferred=True):
            if c.precision != "day" or c.date_end is not None or c.basis != EXPLICIT:
                continue
            time_m = _TIME_AFTER.match(line, c.end)
            rest = line[time_m.end() if time_m else c.end:]
            if _STAMP_LEAD.fullmatch(line[:c.start]) and re.fullmatch(r"[\s)）\]】.。]*", rest):
                d = dt.date.fromisoformat(c.date)
                if d <= dt.date.today():
                    return d, line
    # "……继续奋斗。 2024-06-25 16:36:59": a stamp closing the last paragraph, after its final sentence
    tail = text.rstrip()[-60:]
    for c in _scan(tail, lang, None, inferred=True):
        if c.precision != "day" or c.date_end is not None or c.basis != EXPLICIT:
            continue
        time_m = _TIME_AFTER.match(tail, c.end)
        rest = tail[time_m.end() if time_m else c.end:]
        if re.search(r"[。.!?！？」”)）]\s*[(（]?\s*$", tail[:c.start]) and re.fullmatch(r"[\s)）]*", rest):
            d = dt.date.fromisoformat(c.date)
            if d <= dt.date.today():
                return d, tail[c.start:].strip()
    return None, ""


def byline_date(text: str, lang: str = "", max_lines: int = 400, stamps: bool = False) -> tuple[dt.date | None, str]:
    """The first dated byline anywhere in a page's text ("입력 2024.02.23 (17:22)", "發布時間:2025/3/12", "Published
    March 12, 2024"), for pages whose byline is not at the top. "Updated" stamps never count; with ``stamps`` a line
    that is only a date and a time ("2024.02.23 17:22", "• 2025-06-01 18:05") counts too, a bare date does not."""
    for line in text.splitlines()[:max_lines]:
        if len(line) > 200 or not re.search(r"\d", line):
            continue
        for c in _scan(line, lang, None, inferred=True):
            if c.precision != "day" or c.date_end is not None:
                continue
            before = line[:c.start]
            time_m = _TIME_AFTER.match(line, c.end)
            kw = _BYLINE.search(before)
            if kw and not _IS_LATER.search(before) and kw.group(0).strip(" :：") not in "•·|":
                start = kw.start()
            elif stamps and time_m and _STAMP_LEAD.fullmatch(before) and len(line.strip()) <= 40:
                start = c.start
            else:
                continue
            d = dt.date.fromisoformat(c.date)
            if d <= dt.date.today():
                return d, line[start:time_m.end() if time_m else c.end].strip()
    return None, ""


_MD_LINE_START = re.compile(
    rf"^\s*(?:[A-Z][A-Za-z .\-]+,\s*)?"
    rf"(?:{_EN_MON}\.?\s+(?P<d>\d{{1,2}})|(?P<m2>\d{{1,2}})\s*月\s*(?P<d2>\d{{1,2}})\s*日)"
    rf"(?=\s*(?:[(（]|[-–—]|$))",
    re.MULTILINE,
)
_LEAD_WEEKDAY = re.compile(r"\b(?:on|last|this)\s+(?P<e>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                           r"|(?:周|星期|週)(?P<z>[一二三四五六日天])")


def _yearless_dateline(top: str) -> tuple[dt.date | None, str]:
    """"March 29 (Reuters) - ... on Friday ...": the lead's weekday names the dateline day and pins its year."""
    for m in _MD_LINE_START.finditer(top):
        if m["m"]:
            mo, d = _EN_MONTHS[m["m"].lower().rstrip(".")], int(m["d"])
        else:
            mo, d = int(m["m2"]), int(m["d2"])
        w = _LEAD_WEEKDAY.search(top, m.end(), m.end() + 200)
        if not w:
            continue
        wd = _EN_WEEKDAYS[w["e"].lower()] if w["e"] else _CJK_WEEKDAYS[w["z"]]
        year = _year_for_weekday(mo, d, wd, dt.date.today())
        if year is not None:
            return dt.date(year, mo, d), f"text: {m.group(0).strip()} (year inferred from weekday: {w.group(0)})"
    return None, "not found"


def _basis(kind: str, line: str, c: _Cand) -> str:
    note = f"{kind}: {line}"
    if c.basis not in (EXPLICIT,):
        note += f" ({c.basis.replace('inferred: relative to document date', 'year inferred from')})"
    return note
