"""Which pieces of a page are sentences: headings, bylines, captions, credits, site names, navigation and lists
of headlines are not, and get no sentiment.

The unit is the line of the page (``split_sentences`` never joins lines; a line may hold several sentences):
every sentence of a line gets the line's kind. Rules, in order (first match wins), with every word list and
pattern in the language packs ``data/lang/<code>/sentence_kind.toml`` and ``data/lang/common/sentence_kind.toml``:

1. ``site``: the line is the document's source / site name.
2. ``navigation``: the line is page furniture from the pack's list ("Skip to main content", "본문 바로가기", "首页",
   "ページの先頭へ", …) or starts with one of its prefixes (after rules 3–5: a line with almost no letters).
3. ``credit``: copyright / photo-credit notices ("©", "무단전재 및 재배포 금지", "版权声明", "無断転載", "(사진=…)").
4. ``byline``: the whole line is a byline or a dateline ("By Jane Doe", "홍길동 기자", "[앵커]", "记者 张三",
   "作者：…", "文・山田太郎", a bare date/time).
5. ``caption``: photo captions ("▲ …", "… (사진=연합뉴스)", "… 本报记者 王五摄", "…(写真：ロイター)").
6. ``list``: the line starts with a bullet mark ("-", "•", "■", "▶", …).
7. ``heading``: the line's last character is not terminal punctuation (after closing quotes/brackets) and the
   line is short (per-language length limit; Korean/Japanese lines that end in a predicate ending are
   sentences), or, in English, a short title-case line.
8. A run of ``min_list_run`` or more consecutive heading lines is a ``list`` (boxes of headlines, link lists at
   the end of a page).
9. Everything else is a ``sentence``.

``KINDS`` lists the kinds; ``not_sentence_reason(kind)`` is the ``sentiment_reason`` the scorer gives.
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from analysis.langpack import pack
from analysis.records import Sentence
from analysis.sentences import split_sentences

log = logging.getLogger(__name__)

SENTENCE = "sentence"
KINDS = (SENTENCE, "heading", "byline", "caption", "credit", "site", "navigation", "list")
CONCERN = "sentence_kind"
REASON_PREFIX = "not a sentence: "

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’\-]*")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u3400-\u4dbf\uac00-\ud7a3]")
_CJK_CLASS = r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]"
_SPACE_BETWEEN_CJK = re.compile(_CJK_CLASS + r"\s+" + _CJK_CLASS)
_TRIM = re.compile(r"^[\W_]+|[\W_]+$", re.UNICODE)


def not_sentence_reason(kind: str) -> str:
    """The sentiment reason for a line that is not a sentence ("" for a sentence)."""
    return "" if kind == SENTENCE else f"{REASON_PREFIX}{kind}"


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _trim(text: str) -> str:
    return _TRIM.sub("", _norm(text))


@dataclass(frozen=True)
class Rules:
    """One language's rules, compiled from its pack merged over the common pack."""

    lang: str
    bullets: tuple[str, ...]
    terminals: frozenset[str]
    soft_terminals: frozenset[str]
    min_soft_terminal_letters: int
    closers: frozenset[str]
    credit: tuple[re.Pattern[str], ...]
    byline: tuple[re.Pattern[str], ...]
    caption: tuple[re.Pattern[str], ...]
    dateline: tuple[re.Pattern[str], ...]
    navigation: frozenset[str]
    navigation_prefixes: tuple[str, ...]
    predicate_endings: tuple[str, ...]
    predicate_min_chars: int
    max_heading_words: int
    max_heading_chars: int
    max_title_words: int
    title_ratio: float
    title_small_words: frozenset[str]
    max_navigation_letters: int
    min_list_run: int


def _patterns(values: object, where: str) -> tuple[re.Pattern[str], ...]:
    out = []
    for v in values if isinstance(values, list) else []:
        try:
            out.append(re.compile(str(v), re.IGNORECASE))
        except re.error as exc:  # a bad pattern in an analyst-edited pack must not stop the pipeline
            log.warning("sentence_kind: bad pattern %r in %s: %s", v, where, exc)
    return tuple(out)


@lru_cache(maxsize=32)
def rules(lang: str) -> Rules:
    """Compiled rules for a language code (only the common rules for a language without a pack)."""
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    common = pack("common", CONCERN)
    own = pack(code, CONCERN) if code and code != "common" else {}

    def both(key: str) -> list:
        return list(common.get(key, [])) + list(own.get(key, []))

    def num(key: str, default: float) -> float:
        return float(own.get(key, common.get(key, default)))

    return Rules(
        lang=code,
        bullets=tuple(sorted((str(b) for b in both("bullets")), key=len, reverse=True)),
        terminals=frozenset(str(t) for t in both("terminals")),
        soft_terminals=frozenset(str(t) for t in both("soft_terminals")),
        min_soft_terminal_letters=int(num("min_soft_terminal_letters", 7)),
        closers=frozenset(str(c) for c in both("closers")),
        credit=_patterns(both("credit"), f"{code}/credit"),
        byline=_patterns(both("byline"), f"{code}/byline"),
        caption=_patterns(both("caption"), f"{code}/caption"),
        dateline=_patterns(both("dateline"), f"{code}/dateline"),
        navigation=frozenset(_trim(str(n)) for n in both("navigation")),
        navigation_prefixes=tuple(_norm(str(p)) for p in both("navigation_prefixes")),
        predicate_endings=tuple(str(e) for e in both("predicate_endings")),
        predicate_min_chars=int(num("predicate_min_chars", 25)),
        max_heading_words=int(num("max_heading_words", 20)),
        max_heading_chars=int(num("max_heading_chars", 40)),
        max_title_words=int(num("max_title_words", 0)),
        title_ratio=num("title_ratio", 1.0),
        title_small_words=frozenset(str(w).casefold() for w in both("title_small_words")),
        max_navigation_letters=int(num("max_navigation_letters", 3)),
        min_list_run=int(num("min_list_run", 3)),
    )


def _last_char(line: str, r: Rules) -> str:
    s = line.rstrip()
    while s and (s[-1] in r.closers or s[-1].isspace()):
        s = s[:-1]
    return s[-1:] if s else ""


def _ends_like_sentence(line: str, r: Rules) -> bool:
    last = _last_char(line, r)
    if last in r.terminals:
        return True
    if last in r.soft_terminals and len(_LETTERS.findall(line)) >= r.min_soft_terminal_letters:
        return True  # "He said:" / "下面谈几个问题：" introduces what follows
    core = line.rstrip()
    # A predicate ending counts only on the line's own last word: a line that ends in a closing quote without a
    # full stop inside it is a headline quoting someone ("X 대표 \"…안된다\""), not a sentence.
    return (core[-1:] not in r.closers and len(core) >= r.predicate_min_chars
            and any(core.endswith(e) for e in r.predicate_endings))


def _is_title_case(line: str, r: Rules) -> bool:
    if r.max_title_words <= 0:
        return False
    words = _LATIN_WORD.findall(line)
    if not 2 <= len(words) <= r.max_title_words:
        return False
    counted = [w for w in words if w.casefold() not in r.title_small_words]
    if len(counted) < 2:
        return False
    caps = sum(1 for w in counted if w[0].isupper())
    return caps / len(counted) >= r.title_ratio


def _short(line: str, r: Rules) -> bool:
    """Short enough to be a heading when it has no terminal punctuation."""
    n_cjk = len(_CJK.findall(line))
    if n_cjk >= len(_LATIN_WORD.findall(line)):
        limit = r.max_heading_chars
        # CJK headlines separate their phrases with spaces instead of punctuation: allow them to be longer.
        if _SPACE_BETWEEN_CJK.search(line):
            limit *= 2
        return n_cjk <= limit
    return len(_LATIN_WORD.findall(line)) <= r.max_heading_words


@lru_cache(maxsize=16384)
def line_kind(line: str, lang: str, site: str = "") -> str:
    """Kind of one line of a page on its own (no neighbours): one of KINDS."""
    r = rules(lang)
    text = line.strip()
    norm = _norm(text)
    trimmed = _trim(text)
    if site and trimmed and trimmed == _trim(site):
        return "site"
    if trimmed in r.navigation or any(norm.startswith(p) for p in r.navigation_prefixes if p):
        return "navigation"
    if any(p.search(text) for p in r.credit):
        return "credit"
    if any(p.match(text) for p in r.byline) or any(p.match(text) for p in r.dateline):
        return "byline"
    if any(p.search(text) for p in r.caption):
        return "caption"
    ends = _ends_like_sentence(text, r)
    if len(_LETTERS.findall(text)) <= r.max_navigation_letters and not ends:
        return "navigation"
    if any(text.startswith(b) for b in r.bullets):
        return "list"
    if not ends and _short(text, r):
        return "heading"
    if _is_title_case(text, r) and not ends:
        return "heading"
    return SENTENCE


_NEWLINE = re.compile("\n")


def _line_of(sents: Sequence[Sentence], text: str) -> list[int]:
    breaks = [m.start() for m in _NEWLINE.finditer(text)]
    return [bisect.bisect_left(breaks, s.start) for s in sents]


def sentence_kinds(sents: Sequence[Sentence], text: str, lang: str, site: str = "") -> list[str]:
    """Kind of every sentence of a document (same order as ``sents``), judged on the line that holds it.

    ``text`` is the document text the sentences' offsets point into; ``site`` its source name (a line that is just
    the site name is not a sentence)."""
    if not sents:
        return []
    r = rules(lang)
    line_ids = _line_of(sents, text)
    order: list[int] = []
    spans: dict[int, list[int]] = {}
    for i, lid in enumerate(line_ids):
        if lid not in spans:
            order.append(lid)
            spans[lid] = []
        spans[lid].append(i)
    kinds_by_line = {}
    for lid in order:
        idx = spans[lid]
        line = text[sents[idx[0]].start:sents[idx[-1]].end]
        kinds_by_line[lid] = line_kind(line, lang, site)
    # Runs of consecutive heading lines (blank lines between them do not break a run) are lists of headlines.
    run: list[int] = []
    for lid in [*order, None]:
        if lid is not None and kinds_by_line[lid] == "heading":
            run.append(lid)
            continue
        if len(run) >= r.min_list_run:
            for x in run:
                kinds_by_line[x] = "list"
        run = []
    return [kinds_by_line[lid] for lid in line_ids]


def text_kinds(text: str, lang: str, site: str = "") -> list[tuple[str, str]]:
    """(sentence text, kind) for a whole text (splits it first); a convenience for tests and the benchmark."""
    sents = split_sentences(text, lang)
    return [(s.text, k) for s, k in zip(sents, sentence_kinds(sents, text, lang, site))]
