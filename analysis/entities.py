"""Entity discovery per language (offline analyzers whose models ship in their wheels) and linking across scripts.

Discovery (per document, inside the cached enrichment) finds name mentions in every sentence:

- Korean: kiwipiepy proper nouns (NNP), Latin words (SL) and Hanja (SH), glued tokens joined ("삼성" + "전자").
- Chinese: jieba part of speech nr/nrfg/nrt (person), ns (place), nt (organisation), nz (other), eng (Latin).
- Japanese: fugashi + unidic-lite proper nouns (固有名詞: 人名, 地名, 一般) and katakana nouns (foreign names).
- English: capitalised phrases, minus the sentence-start and calendar words of ``data/lang/en/entities.toml``.
- Every language: terms in quotation marks ('누리호', 「スリム」, “月球狙击手”) and Latin names written inside CJK text.

The kind (person, organisation, product, event, place, name) comes from the analyzer's tag or the words around the
name (titles, organisation suffixes, product cues: data per language). Linking (:func:`link`, a cheap pass over
the cached mention rows in ``finish_tables``) groups mentions into entities; every merge keeps its reason.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.langpack import pack, words
from analysis.records import Sentence
from analysis.tables import ENTITY_COLUMNS
from analysis.translit import (
    _opencc,
    exact_key,
    latin,
    loan_key,
    romaji_name,
    script,
    skeleton,
    sound_keys,
    to_simplified,
)

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TOPICS = ROOT / "data" / "topics.toml"
DEFAULT_PEOPLE = ROOT / "data" / "people.toml"
STORY_NAME = "story.toml"
MAX_TOPICS = 12  # discovered topics shown by default (sidebar, timeline lanes)
MIN_SKELETON = 3  # consonants a transliteration match needs ("s" for Seoul is too short to merge on sound alone)
MIN_PLACE_SHARE = 0.1  # share of the mentions that must read an entity as a place (dev: 1/91 no, 2/15 "U.S" yes)
MIN_SOUND_RATIO = 0.5  # similarity of the Latin renderings a transliteration match also needs
TOPIC_KINDS = ("product", "event", "organisation", "name")
MULTILINGUAL = 3  # languages of a corpus from which a topic of unknown kind must be written in two of them
SENTENCE_START = "capitalised (sentence start)"
EVENT_PHRASE = "event phrase"  # a modifier and an event word ("trilateral summit", "한일중 정상회의")
SERIAL_NAME = "name + serial number"  # a name numbered in a series ("嫦娥六号", "창어 6호", "長征5号")
DATELINE = " (dateline)"  # appended to the basis of a name inside a dateline or byline ("新华社华盛顿6月18日电")
CITED = " (cited source)"  # appended to the basis of a name the report cites ("据新华社报道", "교도통신은 전했다")
REFOUND = "same name elsewhere in the document"
GAZETTEER = "gazetteer"  # a spelling of data/lang/common/gazetteer.toml (countries, governments' bodies, ...)
GAZETTEER_LANGS = ("zh", "ja", "ko")  # texts without spaces between words, where analyzers split a body's name
MIN_KO_GAZETTEER = 3  # Hangul letters of a spelling searched in Korean text (이란, 인도, 파리 are also words)
KIWI_MODEL = "none"  # kiwipiepy model type (see _kiwi)
# Languages whose analyzer costs more than the rest of enrichment can afford on every sentence: it runs on the
# sentences that can hold a milestone (dated ones and their neighbours) and the lead (bench/ENTITIES.md).
SLOW_ANALYZERS = frozenset({"ko"})
LEAD_SENTENCES = 3
JIEBA_HMM = False  # jieba's HMM for unknown words: 4x slower, no better on the gold stories (bench/ENTITIES.md)



@dataclass(frozen=True)
class Mention:
    sentence_idx: int
    start: int  # offsets into the sentence
    end: int
    text: str
    kind: str = "name"  # person | organisation | product | event | place | name
    basis: str = ""  # how it was found: "kiwi NNP", "jieba nr", "capitalised", "quoted", "katakana"
    full: str = ""  # the full name in the same document this short (family-name) mention stands for
    paren: str = ""  # a name written right after it in brackets ("마크롱(Macron)"): the same entity


# ------------------------------------------------------------------ analyzers (loaded once per process)

@lru_cache(maxsize=1)
def _kiwi():
    try:
        from kiwipiepy import Kiwi
    except ImportError:
        log.warning("kiwipiepy not installed: Korean names are found by quotation marks and Latin letters only")
        return None
    # "none" (no contextual language model) is a third faster than the default and finds the same proper nouns
    # on the gold stories; without the typo and multi-word dictionaries it loads in a third of the time and gives
    # the same tokens on every Korean gold text (bench/ENTITIES.md)
    with _no_gc():
        return Kiwi(model_type=KIWI_MODEL, load_typo_dict=False, load_multi_dict=False)


class _no_gc:
    """Loading a dictionary builds hundreds of thousands of objects: the cyclic collector only slows it (2x)."""

    def __enter__(self) -> None:
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.was:
            gc.enable()


@lru_cache(maxsize=1)
def _jieba():
    with _no_gc():
        try:
            import jieba
            import jieba.posseg as pseg
        except ImportError:
            log.warning("jieba not installed: Chinese names are found by quotation marks and Latin letters only")
            return None
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
    return pseg


@lru_cache(maxsize=1)
def _fugashi():
    try:
        import fugashi
        return fugashi.Tagger()
    except (ImportError, RuntimeError) as exc:
        log.warning("fugashi/unidic-lite unavailable (%s): Japanese names found by script rules only", exc)
        return None


def warm_up() -> None:
    """Load every analyzer now (worker start-up), not on the first document (first calls build their tables)."""
    kiwi, pseg, tagger = _kiwi(), _jieba(), _fugashi()
    if kiwi is not None:
        kiwi.tokenize("가")
    if pseg is not None:
        list(pseg.cut("中文"))
    if tagger is not None:
        tagger("日本")


# ------------------------------------------------------------------ per-language data

@dataclass(frozen=True)
class _Lang:
    person_titles: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    event_suffixes: tuple[str, ...]
    product_cues: tuple[str, ...]
    generic: frozenset[str]
    stopwords: frozenset[str]
    connectors: frozenset[str]
    place_suffixes: tuple[str, ...] = ()
    places: frozenset[str] = frozenset()
    demonym: re.Pattern[str] | None = None
    event_heads: re.Pattern[str] | None = None  # heads of event phrases ("summit", "정상회의"), one named group each
    event_stop: frozenset[str] = frozenset()  # modifiers that do not name an event ("the", "이번", "本次")
    event_between: re.Pattern[str] | None = None  # a word allowed between modifier and head ("3개국")
    event_particles: tuple[str, ...] = ()  # endings that make a Korean word a phrase, not a modifier
    event_max: int = 4  # characters of a CJK modifier
    serial_counters: tuple[str, ...] = ()  # "号", "호": a number after a name numbers a craft in a series
    not_names: frozenset[str] = frozenset()  # words an analyzer takes for names that are not ("한국시간")
    company_words: tuple[str, ...] = ()  # legal-form words not part of a name's key ("Corp", "公司", "株式会社")
    org_middles: tuple[str, ...] = ()  # industry words between a name and an organisation suffix (日本 制铁 公司)
    datelines: re.Pattern[str] | None = None  # datelines and bylines: names in them are sources, not topics
    source_after: re.Pattern[str] | None = None  # a cited source ("X에 따르면", "Xによると"): events.toml's words
    source_before: re.Pattern[str] | None = None  # ("according to X", "据X")
    demonyms: frozenset[str] = frozenset()  # nationality adjectives the pattern does not cover ("Israeli")
    gloss_words: tuple[str, ...] = ()  # words that open a bracketed other name ("(성분명 X)", "(商品名:X)")


@lru_cache(maxsize=16)
def _lang(code: str) -> _Lang:
    def w(key: str) -> tuple[str, ...]:
        return tuple(sorted(words(code, "entities", key), key=len, reverse=True))

    demonym = words(code, "entities", "demonym_pattern")
    data = pack(code, "entities")
    phrase = data.get("event_phrase") or {}
    between = str(phrase.get("between", "") or "")
    return _Lang(w("person_titles"), w("org_suffixes"), w("event_suffixes"), w("product_cues"),
                 frozenset(x.lower() for x in words(code, "entities", "generic")),
                 frozenset(words(code, "entities", "stopwords")), frozenset(words(code, "entities", "connectors")),
                 w("place_suffixes"), frozenset(x.lower() for x in words(code, "entities", "places")),
                 re.compile(demonym[0]) if demonym else None, _event_heads(data.get("event_heads") or {}, code),
                 frozenset(str(x).lower() for x in phrase.get("stop", ())),
                 re.compile(f"(?:{between})$") if between else None,
                 tuple(sorted((str(x) for x in phrase.get("particles", ())), key=len, reverse=True)),
                 int(phrase.get("max_chars", 4)), tuple(str(x) for x in phrase.get("serial_counters", ())),
                 frozenset(words(code, "entities", "not_names")), w("company_words"), w("org_middles"),
                 _alternation(words(code, "entities", "datelines")),
                 _alternation(_markers(code, "source_after")),
                 _alternation([f"(?:{p})\\s*$" for p in _markers(code, "source_before")]),
                 demonyms=frozenset(words(code, "entities", "demonyms")), gloss_words=w("gloss_words"))


def _markers(code: str, key: str) -> list[str]:
    """Patterns of the events pack's [markers] table (cited sources are the events' data too)."""
    value = (pack(code, "events").get("markers") or {}).get(key, ())
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _alternation(patterns: Sequence[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def _event_heads(groups: dict, code: str) -> re.Pattern[str] | None:
    """One pattern for the event heads of a language; the named group says which kind of happening it is."""
    parts = []
    for i, (label, items) in enumerate(groups.items()):
        alts = sorted((str(x) for x in items or () if str(x)), key=len, reverse=True)
        if alts:
            parts.append(f"(?P<h{i}_{re.sub(r'[^0-9A-Za-z]', '_', str(label))}>{'|'.join(alts)})")
    if not parts:
        return None
    body = "|".join(parts)
    return re.compile(rf"\b(?:{body})\b" if code not in ("ko", "zh", "ja") else f"(?:{body})", re.IGNORECASE)


def _head_label(m: re.Match[str]) -> str:
    return (m.lastgroup or "_event").split("_", 1)[1]


@dataclass(frozen=True)
class _Gazetteer:
    kind_of: dict[str, tuple[str, str]]  # linking key of a spelling -> (entry's English name, kind)
    spellings: dict[str, dict[str, list[str]]]  # language -> first character -> spellings, longest first


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """data/lang/common/gazetteer.toml: [kind] tables of entries (English name = spellings in every language)."""
    data = pack("common", "gazetteer")
    kind_of: dict[str, tuple[str, str]] = {}
    spellings: dict[str, dict[str, list[str]]] = {lg: defaultdict(list) for lg in GAZETTEER_LANGS}
    for kind, entries in data.items():
        if not isinstance(entries, dict):
            continue
        for name, forms in entries.items():
            for form in (name, *_names(forms)):
                scr = script(form)
                langs = {"latin": ("en",), "hangul": ("ko",), "kana": ("ja",), "han": ("zh", "ja")}.get(scr, ())
                for lg in langs:
                    kind_of.setdefault(_link_key(form, lg), (str(name), str(kind)))
                    if lg in spellings and len(form) >= (MIN_KO_GAZETTEER if lg == "ko" else 2):
                        spellings[lg][form[0]].append(form)
                        if lg == "zh" and to_simplified(form) != form:
                            spellings[lg][to_simplified(form)[0]].append(to_simplified(form))
    for by_first in spellings.values():
        for first, forms in by_first.items():
            by_first[first] = sorted(set(forms), key=len, reverse=True)
    return _Gazetteer(kind_of, spellings)


def _link_key(text: str, lang: str) -> str:
    """The key :func:`mention_rows` gives a spelling (legal form and place word off, case and script folded)."""
    return exact_key(_strip_cue(_strip_company(text, _lang(lang)), lang), lang)


def _gazetteer_spans(text: str, lang: str) -> list[tuple[int, int, str, str]]:
    """Spellings of the gazetteer in a Chinese, Japanese or Korean sentence (a Korean one at the start of a word),
    longest first: "美国食品药品监督管理局" is one body, not 美国 + 食品药品监督管理局."""
    by_first = _gazetteer().spellings.get(lang)
    if not by_first:
        return []
    plain = to_simplified(text) if lang == "zh" else text
    if len(plain) != len(text):
        plain = text
    out = []
    i = 0
    while i < len(plain):
        forms = by_first.get(plain[i])
        hit = ""
        if forms and not (lang == "ko" and i > 0 and re.match(r"[가-힣A-Za-z0-9]", plain[i - 1])):
            hit = next((f for f in forms if plain.startswith(f, i)), "")
        if hit:
            kind = _gazetteer().kind_of.get(_link_key(hit, lang), ("", "name"))[1]
            out.append((i, i + len(hit), kind, GAZETTEER))
            i += len(hit)
        else:
            i += 1
    return out


def _gazetteer_kind(text: str, lang: str) -> str:
    return _gazetteer().kind_of.get(_link_key(text, lang), ("", ""))[1]


_Q_INNER = r"[^'‘’“”\"「」『』《》〈〉()（）\[\]\n]{2,16}?"
# an opening mark and its own closing mark (a straight apostrophe only outside a word: not "Chang'e")
_QUOTED = re.compile("|".join(rf"{a}({_Q_INNER}){b}" for a, b in (
    (r"(?<![A-Za-z])'", r"'(?![A-Za-z])"), ("‘", "’"), ("“", "”"), ('"', '"'), ("「", "」"), ("『", "』"), ("《", "》"),
    ("〈", "〉"))))
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]*(?:[\-\.·&'][A-Za-z0-9]+)*"
                         r"(?:\s[A-Z0-9][A-Za-z0-9]*(?:[\-\.&][A-Za-z0-9]+)*)*)(?![A-Za-z])")
_EN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-\.'’&]*")
_POSSESSIVE = re.compile(r"['’]s$")
_KATAKANA = re.compile(r"[\u30a0-\u30ff][\u30a0-\u30ff・]+")
_PAREN = re.compile(r"['’”」』]?\s*[\(（]\s*([^()（）\n]{2,40}?)\s*[\)）]")
_SENT_PUNCT = re.compile(r"[.!?。！？,，、;；:：]")


# ------------------------------------------------------------------ discovery

def find_mentions(sentences: Sequence[Sentence], lang: str, focus: set[int] | None = None) -> list[Mention]:
    """Name mentions of one document, sentence by sentence (offsets into each sentence).

    focus: sentence indexes the costly analyzers (SLOW_ANALYZERS) run on; the other sentences get the script
    rules only (quoted terms, Latin names). None: every sentence."""
    out: list[Mention] = []
    finder = {"ko": _korean, "zh": _chinese, "ja": _japanese}.get(lang, _english)
    info = _lang(lang)
    for s in sentences:
        skip = focus is not None and lang in SLOW_ANALYZERS and s.idx not in focus
        dated = _dateline_spans(s.text, info)
        # quoted terms first: on the same span an analyzer's kind replaces "name", but a quoted term is never
        # dropped as a tentative sentence-start word ("so-called 'Moonshot' program")
        spans = _quoted(s.text, info, lang) + ([] if skip else finder(s.text, info))
        if lang not in ("zh", "ja"):  # zh and ja take their modifiers from the analyzer's tokens (in the finder)
            spans += _event_phrases(s.text, info, lang)
        if lang == "ko":
            spans += _ko_serials(s.text, info)
        if lang in ("ko", "zh", "ja"):
            spans += [(m.start(1), m.end(1), "name", "latin in text") for m in _LATIN_NAME.finditer(s.text)]
        if lang in GAZETTEER_LANGS:
            spans += _gazetteer_spans(s.text, lang)
        for start, end, kind, basis in _dedupe(spans):
            pm = _PAREN.match(s.text, end)  # "Co.’s (TSMC)": the bracket follows the possessive
            end = start + len(re.sub(r"['’]s$", "", s.text[start:end]))  # TSMC's -> TSMC
            pm = pm or _PAREN.match(s.text, end)
            text = s.text[start:end].strip(" ·・'’\"")
            if len(text) < 2 and not re.search(r"[\u3400-\u9fff]", text):
                continue
            if text.lower() in info.generic or text in info.stopwords or text.isdigit() or text in info.not_names:
                continue
            if text.lower() not in info.places and (_is_demonym(text, info) or (
                    " " in text and _is_demonym(text.rsplit(" ", 1)[1], info) and basis != EVENT_PHRASE)):
                continue  # "Japanese", "South Korean": an adjective, not a name
            if basis not in (EVENT_PHRASE, SERIAL_NAME, GAZETTEER):  # their kind is what the rule found
                kind = _context_kind(s.text, start, end, kind, info, lang)
            kind = _gazetteer_kind(text, lang) or kind  # a country is a place whatever the analyzer read (헝가리)
            paren = _paren_name(pm.group(1), text, info) if pm else ""
            if any(a <= start and end <= b for a, b in dated):
                basis += DATELINE
            elif _cited(s.text, start, end, info):
                basis += CITED
            out.append(Mention(s.idx, start, end, text, kind, basis, paren=paren))
    if any(m.basis == SENTENCE_START for m in out):
        parts = {p for m in out if m.basis != SENTENCE_START for p in [m.text, *_PARTS.split(m.text)]}
        out = [m for m in out if m.basis != SENTENCE_START or m.text in parts]
    out = _refind(out, sentences, lang, info)
    return _link_short_names(out)


def _is_demonym(word: str, info: _Lang) -> bool:
    """A nationality adjective: the pack's list, or its pattern ("Japanese"); not any word with such an ending
    (a drug's name in -i, a surname in -an)."""
    return word in info.demonyms or (info.demonym is not None and info.demonym.fullmatch(word) is not None)


_GLOSS_PARTS = re.compile(r"\s*[/／]\s*")


def _paren_name(inner: str, text: str, info: _Lang) -> str:
    """The other name a bracket after a name gives: another script's spelling or an acronym (마크롱(Macron), TSMC),
    or any name a gloss word announces ('X'(성분명 Y), 「X」(一般名・Y), X(商品名:Y/Z): the part in another script
    first)."""
    inner = inner.strip()
    gloss = next((g for g in info.gloss_words if inner.startswith(g)), "")
    if gloss:
        parts = [p for p in _GLOSS_PARTS.split(inner[len(gloss):].strip(" :：・·,，、")) if len(p) >= 2]
        other = [p for p in parts if script(p) != script(text)]
        return (other or parts or [""])[0]
    return inner if script(inner) != script(text) or _is_acronym(inner, text) or _is_short_form(inner, text) else ""


def _cited(text: str, start: int, end: int, info: _Lang) -> bool:
    """A source the report cites ("according to X", "X에 따르면", "据X报道", "Xによると"): not what it is about."""
    while end < len(text) and text[end] in ")）」』”’\"'":
        end += 1
    return bool(info.source_after is not None and info.source_after.match(text, end)
                or info.source_before is not None and info.source_before.search(text[max(0, start - 24):start]))


def _dateline_spans(text: str, info: _Lang) -> list[tuple[int, int]]:
    return [m.span() for m in info.datelines.finditer(text)] if info.datelines is not None else []


def _refind(mentions: list[Mention], sentences: Sequence[Sentence], lang: str, info: _Lang) -> list[Mention]:
    """A name found once is the same name wherever else the document writes it: analyzers miss repeats (a
    sentence the costly analyzer skipped, a different segmentation) and a company's name without its legal form
    ("日本制铁公司" ... "日本制铁"). Places and sentence-start words are not searched again."""
    names: dict[str, Mention] = {}
    for m in mentions:
        if m.kind == "place" or m.basis == SENTENCE_START or DATELINE in m.basis or CITED in m.basis:
            continue
        for form in dict.fromkeys((m.text, _strip_company(m.text, info))):
            short = len(form) < (3 if script(form) == "latin" else 2)
            if not short and form not in info.stopwords and form.lower() not in info.generic:
                names.setdefault(form, m)
    if not names:
        return mentions
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pat = re.compile(rf"(?<![A-Za-z0-9])(?:{alts})(?![A-Za-z0-9])" if lang == "en" else f"(?:{alts})")
    taken: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        taken[m.sentence_idx].append(m)
    dropped: set[int] = set()
    out = list(mentions)
    for s in sentences:
        dated = _dateline_spans(s.text, info)
        for mt in pat.finditer(s.text):
            a, b = mt.span()
            over = [m for m in taken[s.idx] if m.start < b and a < m.end]
            if any(x <= a and b <= y for x, y in dated):
                continue
            if over and not all(a <= m.start and m.end <= b and m.end - m.start < b - a and m.basis != REFOUND
                                and m.kind in ("place", "name") for m in over):
                continue  # a longer name holds only the analyzer's shorter piece (日本 | 制铁): it replaces it
            dropped |= {id(m) for m in over}
            if lang != "en" and script(mt.group()) == "latin" and (
                    re.match(r"[A-Za-z0-9]", s.text[b:b + 1]) or re.search(r"[A-Za-z0-9]$", s.text[:a])):
                continue  # a Latin name inside a longer Latin word
            src = names[mt.group()]
            basis = (f"quoted; {REFOUND}" if src.basis.startswith("quoted") else REFOUND) + (
                CITED if _cited(s.text, a, b, info) else "")
            new = Mention(s.idx, a, b, mt.group(), src.kind, basis, paren="")
            taken[s.idx] = [m for m in taken[s.idx] if id(m) not in dropped] + [new]
            out.append(new)
    out = [m for m in out if id(m) not in dropped]
    out.sort(key=lambda m: (m.sentence_idx, m.start))
    return out


def _strip_company(name: str, info: _Lang) -> str:
    """A name without its legal form: "Nippon Steel Corp." -> "Nippon Steel", "株式会社ニコン" -> "ニコン"."""
    for w in info.company_words:
        low, wl = name.lower(), w.lower()
        if low.endswith(wl) and len(name) > len(w) + 1:
            head = name[:-len(w)].rstrip(" ,.")
            if len(head) >= 2 and (script(w) != "latin" or name[:-len(w)].endswith(" ")):
                return head
        if low.startswith(wl) and len(name) > len(w) + 1 and script(w) != "latin":
            return name[len(w):].lstrip(" ")
    return name


_CJK_NUM = "〇零一二三四五六七八九十"


def _event_phrases(text: str, info: _Lang, lang: str) -> list[tuple[int, int, str, str]]:
    """Events named by a common noun and the word before it ("the trilateral summit", "한일중 정상회의"): the
    modifier is one word (Korean: before an optional country count) that is not a determiner or ordinal."""
    if info.event_heads is None:
        return []
    out = []
    for m in info.event_heads.finditer(text):
        hs = m.start()
        before = text[max(0, hs - 40):hs]
        if info.event_between is not None:
            bm = info.event_between.search(before)
            if bm:
                before = before[:bm.start()]
        wm = re.search(r"([^\W_][\w\-·]*?)(?:['’]s)?\s+$" if lang == "en" else r"([^\W_][\w·]*)\s+$", before)
        if not wm:
            continue
        word = wm.group(1)
        low = word.lower()
        if low in info.event_stop or not re.search(r"[^\W\d_]", word) or re.fullmatch(r"제?\d+차", word):
            continue
        if any(word.endswith(p) and len(word) - len(p) >= 2 for p in info.event_particles):
            continue  # "서울에서 회의": a phrase, not a modifier
        start = text.rfind(word, 0, hs)
        out.append((start, m.end(), "event", EVENT_PHRASE))
    return out


def _events_from_tokens(text: str, tokens: list[tuple[int, int, str]], info: _Lang,
                        ok) -> list[tuple[int, int, str, str]]:
    """Chinese and Japanese event phrases: the analyzer's tokens right before an event head, back to a verb or a
    particle, at most ``event_max`` characters ("第九次 | 中日韩 | 领导人会议" -> 中日韩领导人会议)."""
    if info.event_heads is None or not tokens:
        return []
    ends = {t[1]: i for i, t in enumerate(tokens)}
    out = []
    for m in info.event_heads.finditer(text):
        hs = m.start()
        i = ends.get(hs)
        start = hs
        while i is not None and i >= 0 and ok(tokens[i], text) and hs - tokens[i][0] <= info.event_max \
                and text[tokens[i][0]:tokens[i][1]] not in info.event_stop:
            start = tokens[i][0]
            i -= 1
        mod = text[start:hs]
        if len(mod) < 2 or mod.isdigit() or mod.lower() in info.event_stop:
            continue
        out.append((start, m.end(), "event", EVENT_PHRASE))
    return out


def event_key(text: str, lang: str) -> str:
    """The linking key of an event phrase: the kind of happening and its modifier, whose characters are sorted for
    CJK scripts (the host names the countries first: 한중일 = 한일중, 中日韩 = 日中韓). "" when it is none."""
    info = _lang(lang)
    if info.event_heads is None:
        return ""
    found = [m for m in info.event_heads.finditer(text) if m.end() == len(text) and m.start() > 0]
    if not found:
        return ""
    m = found[0]
    mod = text[:m.start()].strip()
    if info.event_between is not None:
        mod = info.event_between.sub("", mod + " ").strip() or mod
    mod = re.sub(r"['’]s$", "", mod).lower()
    if not mod:
        return ""
    if lang in ("ko", "zh", "ja"):
        mod = "".join(sorted(to_simplified(re.sub(r"\s+", "", mod))))
    return f"event:{_head_label(m)}:{mod}"


_KO_SERIAL = r"(?<![가-힣0-9])([가-힣]{2,6})(\s?[\(（][^()（）]{1,10}[\)）])?\s?(\d{1,3})\s?(COUNTERS)(?![가-힣]{2})"


def _ko_serials(text: str, info: _Lang) -> list[tuple[int, int, str, str]]:
    """"창어 6호", "창어(嫦娥) 6호": a Korean name numbered in a series (kiwipiepy splits it)."""
    if not info.serial_counters:
        return []
    pat = _serial_pattern("|".join(map(re.escape, sorted(info.serial_counters, key=len, reverse=True))))
    out = []
    for m in pat.finditer(text):
        word = m.group(1)
        if word in info.event_stop or any(word.endswith(p) and len(word) - len(p) >= 2 for p in info.event_particles):
            continue
        out.append((m.start(1), m.end(4), "product", SERIAL_NAME))
    return out


@lru_cache(maxsize=8)
def _serial_pattern(counters: str) -> re.Pattern[str]:
    return re.compile(_KO_SERIAL.replace("COUNTERS", counters))


def _is_acronym(short: str, name: str) -> bool:
    """"TSMC" for "Taiwan Semiconductor Manufacturing Co.": the capitals of the name's words, in order."""
    if not re.fullmatch(r"[A-Z][A-Z0-9&]{1,9}", short):
        return False
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][A-Za-z]*", name) if w[0].isupper())
    return len(short) >= 2 and initials.startswith(short) or initials == short


def _is_short_form(short: str, name: str) -> bool:
    """"U.S. Steel" for "United States Steel Corporation": the name's first words, each written as it is or as the
    initials of consecutive words ("U.S." = United States), at least one of them abbreviated."""
    words = re.findall(r"[A-Za-z][A-Za-z'’\-]*", name)
    tokens = short.split()
    if len(tokens) < 2 or len(words) <= len(tokens):
        return False
    i, abbreviated = 0, False
    for tok in tokens:
        letters = tok.replace(".", "")
        if i < len(words) and tok.lower() == words[i].lower():
            i += 1
        elif re.fullmatch(r"[A-Z]{2,5}", letters) and "".join(w[0] for w in words[i:i + len(letters)]) == letters:
            i += len(letters)
            abbreviated = True
        else:
            return False
    return abbreviated


def _dedupe(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Longest span wins where spans overlap; an analyzer's kind is kept over a script rule's "name"."""
    spans = sorted(spans, key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, str, str]] = []
    for sp in spans:
        if out and sp[0] < out[-1][1]:
            if out[-1][2] == "name" and sp[2] != "name" and (sp[0], sp[1]) == (out[-1][0], out[-1][1]):
                out[-1] = sp
            continue
        out.append(sp)
    return out


def _quoted(text: str, info: _Lang, lang: str = "") -> list[tuple[int, int, str, str]]:
    """Terms in quotation marks that can be names: not a clause (a verb, a particle, an adjective: "历史性的",
    「非常に困難だ」) and, in Latin letters, not a lower-case word ('partnership')."""
    out = []
    for m in _QUOTED.finditer(text):
        g = next(i for i in range(1, (m.re.groups or 0) + 1) if m.group(i) is not None)
        inner = m.group(g)
        if _SENT_PUNCT.search(inner) or len(inner.split()) > 3 or inner.lower() in info.generic:
            continue
        if script(inner) == "latin" and not re.search(r"[A-Z0-9]", inner):
            continue
        after = _PAREN.match(text, m.end())  # 「X」（Latin name）: a term given with its Latin name is a name
        if not (after and script(after.group(1).strip()) == "latin") and not _quoted_is_name(inner, lang):
            continue
        out.append((m.start(g), m.end(g), "name", "quoted"))
    return out


# parts of speech a name is never made of (a quoted clause or an adjective phrase is not a name)
_ZH_CLAUSE_FLAGS = {"v", "vd", "vi", "a", "ad", "an", "d", "p", "c", "r", "u", "uj", "ul", "uz", "ug", "uv", "ud",
                    "y", "e", "o", "z", "zg"}
_JA_CLAUSE_POS = {"動詞", "形容詞", "助動詞", "助詞", "副詞", "連体詞", "接続詞", "形状詞", "感動詞"}


@lru_cache(maxsize=4096)
def _quoted_is_name(inner: str, lang: str) -> bool:
    if lang == "zh" and re.search(r"[\u3400-\u9fff]", inner):
        pseg = _jieba()
        if pseg is not None:
            flags = [w.flag for w in pseg.cut(to_simplified(inner), HMM=JIEBA_HMM)]
            return not any(f in _ZH_CLAUSE_FLAGS for f in flags)
    if lang == "ja" and re.search(r"[\u3040-\u30ff\u3400-\u9fff]", inner):
        tagger = _fugashi()
        if tagger is not None:
            return not any(str(w.feature.pos1) in _JA_CLAUSE_POS for w in tagger(inner))
    return True


def _english(text: str, info: _Lang) -> list[tuple[int, int, str, str]]:
    tokens = list(_EN_WORD.finditer(text))
    out: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i].group()
        if not tok[0].isupper() or tok in info.stopwords:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and not _POSSESSIVE.search(tokens[j].group()):  # "China's Chang'e-6": two names
            nxt = tokens[j + 1]
            gap = text[tokens[j].end():nxt.start()]
            if gap not in (" ", "-") and not (gap == " " and nxt.group() in info.connectors):
                break
            word = nxt.group()
            if word[0].isupper() and word not in info.stopwords:
                j += 1
            elif word in info.connectors and j + 2 < len(tokens) and tokens[j + 2].group()[0].isupper() \
                    and text[nxt.end():tokens[j + 2].start()] == " " \
                    and not (word in ("and", "&") and (text[tokens[i].start():tokens[j].end()].lower() in info.places
                                                       or tokens[j + 2].group().lower() in info.places)):
                j += 2  # "Bank of America", "Johnson & Johnson"; not "China and Japan" (two places)
            else:
                break
        start, end = tokens[i].start(), tokens[j].end()
        phrase = text[start:end].rstrip(".'’")
        end = start + len(phrase)
        single = i == j
        sentence_start = not text[:start].strip() or text[:start].rstrip()[-1:] in ".!?\"“:[(‘'"
        # one capitalised word at a sentence start is a name only when the document names it elsewhere too
        # (find_mentions keeps it then: "Macron later met reporters." after "Emmanuel Macron")
        tentative = single and sentence_start and not any(c.isupper() for c in phrase[1:])
        out.append((start, end, "name", SENTENCE_START if tentative else "capitalised"))
        i = j + 1
    return out


_LATIN_GLUE = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9&]{0,9}$")  # Latin letters right before katakana: USスチール
_KO_GLUE = {"NNP", "SL", "SH", "SN", "NNG"}
_HANGUL_NAME = re.compile(r"[가-힣]{1,5}")


def _korean(text: str, info: _Lang) -> list[tuple[int, int, str, str]]:
    kiwi = _kiwi()
    if kiwi is None:
        return []
    toks = kiwi.tokenize(text)
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.tag not in ("NNP", "SL", "SH"):
            i += 1
            continue
        start, end, j = t.start, t.start + t.len, i
        tags = {t.tag}
        # glued tokens form one name: 오픈+AI, 삼성+전자, GPT+-+4 (no space between them)
        while j + 1 < len(toks) and toks[j + 1].start == end and toks[j + 1].tag in _KO_GLUE | {"SO", "SW"}:
            j += 1
            end = toks[j].start + toks[j].len
            tags.add(toks[j].tag)
        if j > i and toks[j].tag in ("SO", "SW"):
            end, j = toks[j].start, j - 1
        # a preceding glued common noun belongs to it too (오픈 + AI)
        if i > 0 and toks[i - 1].tag == "NNG" and toks[i - 1].start + toks[i - 1].len == start and t.tag == "SL":
            start = toks[i - 1].start
        if tags <= {"SL", "SN"} and start == t.start:  # Latin words alone: the Latin-name rule handles them
            i = j + 1
            continue
        if text[start:end].lower() in info.generic:
            i = j + 1
            continue
        out.append((start, end, "name", "kiwi " + "+".join(sorted(tags))))
        i = j + 1
    # two proper nouns before a title are one person's full name ("에마뉘엘 마크롱 대통령")
    merged = []
    for sp in out:
        if merged and text[merged[-1][1]:sp[0]] == " " and _title_after(text, sp[1], info) \
                and _gazetteer_kind(text[sp[0]:sp[1]], "ko") != "place" \
                and _HANGUL_NAME.fullmatch(text[sp[0]:sp[1]]) and sp[1] - sp[0] >= 2 \
                and _HANGUL_NAME.fullmatch(text[merged[-1][0]:merged[-1][1]]) and merged[-1][1] - merged[-1][0] >= 2:
            prev = merged.pop()
            sp = (prev[0], sp[1], "person", prev[3])
        merged.append(sp)
    return merged


_JIEBA_KIND = {"nr": "person", "nrfg": "person", "nrt": "person", "ns": "place", "nt": "organisation",
               "nz": "name", "eng": "name"}


def _chinese(text: str, info: _Lang) -> list[tuple[int, int, str, str]]:
    pseg = _jieba()
    if pseg is None:
        return []
    out: list[tuple[int, int, str, str]] = []
    pos = 0
    prev_flag = ""
    simple = to_simplified(text)  # jieba's dictionary is Simplified: 台積電 -> 台积电 (same length, same offsets)
    source = text
    if len(simple) == len(text):
        text = simple
    tokens: list[tuple[int, int, str]] = []
    for w in pseg.cut(text, HMM=JIEBA_HMM):
        word, flag = w.word, w.flag
        start = text.find(word, pos)
        if start < 0:
            continue
        end = start + len(word)
        pos = end
        tokens.append((start, end, flag))
        kind = _JIEBA_KIND.get(flag)
        if out and out[-1][1] == start and out[-1][2] == "person" and len(word) == 1 \
                and out[-1][1] - out[-1][0] < 3 and (prev_flag in ("nr", "nrfg", "nrt") and flag in _ZH_NAME_TAIL
                                                     or out[-1][1] - out[-1][0] == 1 or tokens[-2][1] - tokens[-2][0]
                                                     == 1 and flag[:1] == "n"):
            # 马克 + 龙 -> 马克龙; a one-character family name and single characters: 尹 + 锡 + 悦 -> 尹锡悦
            out[-1] = (out[-1][0], end, "person", out[-1][3])  # 马克 + 龙 -> 马克龙 (without the HMM, 龙 is alone)
            continue
        if kind is None and out and out[-1][1] == start and out[-1][2] != "person" and word in info.org_suffixes:
            out[-1] = (out[-1][0], end, "organisation", out[-1][3])  # 三星 + 电子, 台积电 + 公司
            prev_flag = flag
            continue
        if kind is None or (flag == "eng" and (word.lower() in info.generic or not _latin_name_like(text, start, end))):
            prev_flag = flag
            continue
        if out and out[-1][1] == start and prev_flag in ("nr", "nrfg", "nrt") and kind == "person":
            out[-1] = (out[-1][0], end, "person", out[-1][3])  # 马克 + 龙 -> 马克龙
        else:
            out.append((start, end, kind, f"jieba {flag}"))
        prev_flag = flag
    # a two-character nr with no title before or after is more often a word than a name (修正, 勾勒): dropped
    out = [sp for sp in out if not (sp[2] == "person" and sp[1] - sp[0] < 3 and not _title_after(text, sp[1], info)
                                     and not _title_before(text, sp[0], info))]
    # jieba's dictionary tags some company names as people (比亚迪 nr): without a title it is a name of unknown kind
    out = [(a, b, "name", bs) if k == "person" and not _title_after(text, b, info) and not _title_before(text, a, info)
           else (a, b, k, bs) for a, b, k, bs in out]
    out = _org_chains(text, tokens, out, info, lambda t: t[2][:1] == "n" and t[2] not in ("nr", "nrfg", "nrt"))
    out += [_after_title(text, sp, info) for sp in _before_latin_paren(text, tokens, _ZH_STOP_FLAGS, stop=True)]
    out += _events_from_tokens(text, tokens, info, _zh_modifier)
    out += _serials(text, tokens, info, lambda t: t[2][:1] == "n" or t[2] in ("j", "nz"))
    return [(a, b, k, bs) for a, b, k, bs in out if source[a:b]]


def _after_title(text: str, sp: tuple, info: _Lang) -> tuple:
    """A name taken back from a bracket that runs over a title is the person after it: "钢铁执行长布里特" -> 布里特."""
    a, b = sp[0], sp[1]
    for t in info.person_titles:
        i = text.rfind(t, a, b)
        if i >= 0 and b - (i + len(t)) >= 2:
            return (i + len(t), b, "person", sp[3])
    return sp


def _latin_name_like(text: str, start: int, end: int) -> bool:
    """A Latin word inside CJK text that can be a name: a capital letter, not an address part ("www", "com",
    "sp20241123") and not mostly digits."""
    word = text[start:end]
    if not re.search(r"[A-Z]", word) or len(re.findall(r"\d", word)) > len(word) // 2:
        return False
    return not (text[end:end + 1] == "." and re.match(r"\.[A-Za-z]", text[end:end + 2])
                or text[start - 1:start] == "." and re.search(r"[A-Za-z]\.$", text[:start]))


MAX_ORG_CHAIN = 12  # characters of a CJK organisation name built from a name, industry words and a suffix


def _org_chains(text: str, tokens: list[tuple[int, int, str]], spans: list[tuple], info: _Lang,
                is_noun) -> list[tuple]:
    """A name followed by nouns that end in an organisation suffix is one organisation ("日本 | 制铁 | 公司",
    "美国 | 钢铁公司", "日本 | 製鉄"): at most two nouns after the name, the last one an organisation suffix or
    ending in one, the one between them an industry word (``org_middles``)."""
    if not info.org_suffixes:
        return spans
    start_of = {t[0]: i for i, t in enumerate(tokens)}
    out = []
    for sp in spans:
        a, b, kind, basis = sp
        i = start_of.get(b)
        if kind == "person" or i is None:
            out.append(sp)
            continue
        end = None
        for j in range(i, min(i + 2, len(tokens))):
            tok = tokens[j]
            word = text[tok[0]:tok[1]]
            if not is_noun(tok) or tok[1] - a > MAX_ORG_CHAIN:
                break
            if any(word.endswith(x) for x in info.org_suffixes if len(x) >= 2 or word == x):
                end = tok[1]
                break
            if word not in info.org_middles:
                break
        out.append((a, end, "organisation", basis) if end else sp)
    return out


def _zh_modifier(tok: tuple[int, int, str], text: str) -> bool:
    """A token that can be part of an event's modifier: a noun or name, or one character (日 | 中 | 韩)."""
    flag = tok[2]
    return flag[:1] == "n" or flag in ("j", "s") or (tok[1] - tok[0] == 1 and flag in ("m", "f", "q", "a", "b", "g"))


_NUMBER = re.compile(rf"[0-9０-９]+|[{_CJK_NUM}]+")


def _serials(text: str, tokens: list[tuple[int, int, str]], info: _Lang, is_name) -> list[tuple]:
    """A name token followed by a number and a serial counter ("嫦娥 | 六号", "長征 | 5 | 号"): one product name."""
    if not info.serial_counters:
        return []
    counters = tuple(sorted(info.serial_counters, key=len, reverse=True))
    out = []
    for i, tok in enumerate(tokens[:-1]):
        if not is_name(tok) or tok[1] - tok[0] < 2 or _NUMBER.fullmatch(text[tok[0]:tok[1]]):
            continue
        rest = text[tok[1]:tok[1] + 8]
        m = _NUMBER.match(rest)
        if not m or tokens[i + 1][0] != tok[1]:
            continue
        c = next((c for c in counters if rest.startswith(c, m.end())), None)
        if c is None:
            continue
        end = tok[1] + m.end() + len(c)
        if any(t[0] < end < t[1] for t in tokens):
            continue  # the counter is the start of a longer word
        out.append((tok[0], end, "product", SERIAL_NAME))
    return out


# jieba tags that end a name taken before its Latin form (particles, pronouns, numbers, punctuation)
_ZH_STOP_FLAGS = {"p", "uj", "ul", "uz", "ug", "uv", "ud", "u", "c", "d", "r", "m", "x", "w", "f", "t", "eng", "y"}
_ZH_NAME_TAIL = {"n", "ng", "nr", "j", "g"}  # a single character glued to a person's name continues it
_JA_NAME_POS = {"名詞", "接頭辞", "接尾辞"}
MAX_BRACKETED_NAME = 10  # characters of a CJK name taken before its Latin form in brackets


def _before_latin_paren(text: str, tokens: list[tuple[int, int, str]], tags: set[str],
                        stop: bool = False) -> list[tuple]:
    """The CJK name right before its Latin form in brackets ("台积电（TSMC）", "宇宙航空研究開発機構(JAXA)"):
    whole tokens back from the bracket, at most MAX_BRACKETED_NAME characters, stopping at a particle."""
    out = []
    for m in re.finditer(r"[\(（]\s*[A-Za-z][A-Za-z0-9 .&\-]{0,30}[\)）]", text):
        end = m.start()
        idx = [i for i, t in enumerate(tokens) if t[1] == end]
        if not idx:
            continue
        i, start = idx[0], end
        while i >= 0 and ((tokens[i][2] not in tags) if stop else (tokens[i][2] in tags)) \
                and end - tokens[i][0] <= MAX_BRACKETED_NAME \
                and not re.search(r"[^\u3400-\u9fff\u30a0-\u30ff]", text[tokens[i][0]:tokens[i][1]]):
            start = tokens[i][0]
            i -= 1
        if end - start >= 2:
            out.append((start, end, "name", "before its Latin form"))
    return out


def _japanese(text: str, info: _Lang) -> list[tuple[int, int, str, str]]:
    tagger = _fugashi()
    out: list[tuple[int, int, str, str]] = []
    tokens: list[tuple[int, int, str]] = []
    common: set[tuple[int, int]] = set()  # dictionary common nouns (サンプル, ミッション): not names in katakana
    if tagger is not None:
        pos = 0
        for w in tagger(text):
            surface = w.surface
            start = text.find(surface, pos)
            if start < 0:
                continue
            end = start + len(surface)
            pos = end
            f = w.feature
            tokens.append((start, end, str(f.pos1)))
            if f.pos2 == "普通名詞" and not w.is_unk:
                common.add((start, end))
            if f.pos2 == "固有名詞":
                kind = {"人名": "person", "地名": "place"}.get(f.pos3, "name")
                if out and out[-1][1] in (start, start - 1) and (
                        out[-1][2] == kind and out[-1][1] == start
                        or text[out[-1][1]:start] == "・" and {out[-1][2], kind} <= {"person", "name"}):
                    out[-1] = (out[-1][0], end, kind, out[-1][3])  # 岸田 + 文雄, サム・アルトマン
                else:
                    out.append((start, end, kind, f"unidic {f.pos3}"))
            elif out and out[-1][1] == start and surface in info.org_suffixes and out[-1][2] != "person":
                out[-1] = (out[-1][0], end, "organisation", out[-1][3])  # サムスン + 電子
    out = _ja_given_name_tails(text, tokens, out, info)
    out += [sp for sp in _before_latin_paren(text, tokens, _JA_NAME_POS)
            if not any(a <= sp[0] < b or sp[0] <= a < sp[1] for a, b, _, _ in out)]
    for m in _KATAKANA.finditer(text):
        s = m.start()
        word = m.group().strip("・")
        e = s + len(m.group().rstrip("・"))
        glued = _LATIN_GLUE.search(text[max(0, s - 12):s])
        inside = [t for t in tokens if s <= t[0] < e]
        titled = _title_after(text, e, info)
        if inside and all((t[0], t[1]) in common for t in inside) and not titled and not glued:
            continue  # loanwords the dictionary knows as common nouns (サンプル, サンプルリターン), unless a title
            # follows (トランプ大統領) or Latin letters are glued before it (USスチール)
        if glued and glued.group().lower() not in info.generic:
            s = s - len(glued.group())
            word = text[s:e]
        if len(word) < 3 or word.lower() in info.generic:
            continue
        covered = [sp for sp in out if sp[0] < e and s < sp[1]]
        if not covered:
            out.append((s, e, "person" if titled else "name", "katakana"))
        elif all(s <= sp[0] and sp[1] <= e for sp in covered) and (s, e) != (covered[0][0], covered[-1][1]):
            # a longer katakana name holds the analyzer's piece: ドナルド + ・トランプ, US + スチール
            kind = "person" if titled or any(sp[2] == "person" for sp in covered) else covered[0][2]
            out = [sp for sp in out if sp not in covered] + [(s, e, kind, "katakana")]
    out += _events_from_tokens(text, tokens, info, lambda t, _: t[2] == "名詞")
    out += _serials(text, tokens, info, lambda t: t[2] == "名詞")
    return out


def _ja_given_name_tails(text: str, tokens: list[tuple[int, int, str]], spans: list[tuple],
                         info: _Lang) -> list[tuple]:
    """A person's name whose last kanji unidic reads as a common noun ("内藤景 | 介 | 氏"): one kanji noun glued
    to the name and followed by a title is the end of the given name."""
    start_of = {t[0]: t for t in tokens}
    out = []
    for sp in spans:
        tok = start_of.get(sp[1])
        if sp[2] == "person" and tok is not None and tok[1] - tok[0] == 1 and tok[2] == "名詞" \
                and re.fullmatch(r"[\u3400-\u9fff]", text[tok[0]:tok[1]]) and _title_after(text, tok[1], info):
            sp = (sp[0], tok[1], *sp[2:])
        out.append(sp)
    return out


def _title_before(text: str, start: int, info: _Lang) -> bool:
    before = text[max(0, start - 12):start].rstrip(" ·")
    return any(before.endswith(t) for t in info.person_titles)


def _title_after(text: str, end: int, info: _Lang) -> bool:
    """A title right after the name, not followed by another name ("삼성전자 회장 이재용": 삼성전자 is not a person)."""
    rest = text[end:end + 16].lstrip(" ·")
    for t in info.person_titles:
        if rest.startswith(t):
            after = rest[len(t):]
            return not re.match(r"\s+[\w가-힣]", after) or bool(re.match(r"\s+(?:은|는|이|가|의|도)\b", after))
    return False


def _context_kind(text: str, start: int, end: int, kind: str, info: _Lang, lang: str) -> str:
    name = text[start:end]
    if name.lower() in info.places:
        return "place"
    if kind == "name" and re.search(r"[A-Za-z]", name) and re.search(r"\d", name) and not name.isdigit():
        return "product"  # GPT-4, H-IIA 47, iPhone 15: a model name
    last_word = name.split()[-1] if name.split() else ""
    if lang == "en" and last_word in info.place_suffixes:
        return "place"
    if lang != "en" and kind != "person" and any(name.endswith(x) and len(name) > len(x) + 1
                                                 for x in info.place_suffixes):
        return "place"
    if lang == "en":
        before = text[max(0, start - 20):start].rstrip()
        if any(before.endswith(t) for t in info.person_titles) or re.match(r",\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:"
                                                                         + "|".join(map(re.escape, info.person_titles))
                                                                         + r")\b", text[end:end + 40]):
            return "person"
        last = name.split()[-1] if name.split() else ""
        if last in info.org_suffixes:
            return "organisation"
        if last in info.event_suffixes:
            return "event"
        after = text[end:end + 16].lower().split()
        if after and after[0].strip(",.") in info.product_cues:
            return "product"
        return kind
    # a title after the name makes it a person, also over an analyzer's "place" (橋本 会長): a place listed or
    # ending in a place word was returned above
    if _title_after(text, end, info) and kind not in ("organisation", "event", "product") \
            and not (re.search(r"[A-Za-z]", name) and re.search(r"[^\x00-\x7f]", name)):
        return "person"
    if kind in ("person", "place"):
        return kind
    if any(name.endswith(s) and len(name) > len(s) for s in info.event_suffixes):
        return "event"
    if any(name.endswith(s) and len(name) > len(s) + 1 for s in info.org_suffixes):
        return "organisation"
    rest = text[end:end + 8].lstrip(" ’'”」』")
    if any(rest.startswith(c) for c in info.product_cues):
        return "product"
    return kind


_PARTS = re.compile(r"[\s·・‧•]+")
_MIDDLE_INITIAL = re.compile(r"(?<=[a-z]) [A-Z]\. (?=[A-Z])")


def _link_short_names(mentions: list[Mention]) -> list[Mention]:
    """A later family-name-only mention (Macron, 마크롱, マクロン) links to the full name in the same document."""
    full: dict[str, str] = {}
    for m in mentions:
        parts = [p for p in _PARTS.split(m.text) if p]
        if m.kind == "person" and len(parts) >= 2:
            full.setdefault(parts[-1], m.text)
    if not full:
        return mentions
    out = []
    for m in mentions:
        target = full.get(m.text)
        if target and target != m.text:
            m = Mention(m.sentence_idx, m.start, m.end, m.text, "person", m.basis, full=target, paren=m.paren)
        out.append(m)
    return out


def _strip_cue(name: str, lang: str) -> str:
    """A name without a trailing generic word: "누리호 프로젝트" -> "누리호", "구마모토현" -> "구마모토",
    "Kumamoto Prefecture" -> "Kumamoto" (the same entity)."""
    info = _lang(lang)
    for cue in (*info.product_cues, *info.place_suffixes):
        if len(name) > len(cue) + 1 and name.lower().endswith(cue.lower()):
            head = name[:-len(cue)].rstrip(" ·-")
            if lang == "en" and not name[:-len(cue)].endswith(" "):
                continue
            if len(head) >= 2:
                return head
    return name


def mention_rows(mentions: Iterable[Mention], sentences: Sequence[Sentence], lang: str) -> list[dict]:
    """Cached rows of the mentions table (doc offsets; linking keys computed once, here)."""
    rows = []
    for n, m in enumerate(mentions):
        s = sentences[m.sentence_idx]
        name = _strip_cue(_strip_company(m.full or m.text, _lang(lang)), lang)
        if m.kind == "person":
            name = _MIDDLE_INITIAL.sub(" ", name)  # "David B. Burritt" = "David Burritt"
        if m.basis == SERIAL_NAME:  # "창어(嫦娥) 6호": the bracketed spelling is not part of the key
            name = re.sub(r"\s?[\(（][^()（）]*[\)）]", "", name)
        rows.append({
            "sentence_idx": m.sentence_idx, "mention_no": n, "text": m.text, "start": s.start + m.start,
            "end": s.start + m.end, "sent_start": m.start, "sent_end": m.end, "kind": m.kind, "basis": m.basis,
            "full": m.full, "paren": m.paren,
            "key": (m.kind == "event" and event_key(m.text, lang)) or exact_key(name, lang), "latin": latin(name, lang),
            "skeleton": _numbered_skeleton(name, lang), "script": script(name),
            "paren_key": exact_key(m.paren, lang) if m.paren else "",
        })
    return rows


def _numbered_skeleton(name: str, lang: str) -> str:
    """The sound skeleton of a numbered name keeps its number ("Chang'e-6" = "창어 6호" = "嫦娥六号": "jn6"), so
    that two crafts or models of one series never share a skeleton and one numbered name links across scripts."""
    key = exact_key(name, lang)
    counters = "|".join(map(re.escape, _lang(lang).serial_counters))
    m = re.fullmatch(rf"(.*?[^\W\d_].*?)(\d{{1,4}})(?:{counters})?" if counters else r"(.*?[^\W\d_].*?)(\d{1,4})", key)
    if not m or len(m.group(1)) < 2:
        return skeleton(name, lang)
    return skeleton(m.group(1), lang) + m.group(2)


# ------------------------------------------------------------------ story files

@dataclass(frozen=True)
class StoryTopic:
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = ""


@dataclass(frozen=True)
class Story:
    """Curation: topics (and people) with aliases, entities to merge, aliases to split off, names to hide."""

    topics: tuple[StoryTopic, ...] = ()
    people: tuple[StoryTopic, ...] = ()
    merges: tuple[tuple[str, ...], ...] = ()
    splits: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())

    def is_empty(self) -> bool:
        return not (self.topics or self.people or self.merges or self.splits or self.hidden)


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        log.warning("story file %s unreadable: %s", path.name, exc)
        return {}


def _names(values: object) -> tuple[str, ...]:
    if isinstance(values, str):
        return (values,)
    if isinstance(values, (list, tuple)):
        return tuple(str(v) for v in values if str(v).strip())
    return ()


def parse_story(data: dict, source: str = "") -> Story:
    def topics(key: str, kind: str) -> tuple[StoryTopic, ...]:
        out = []
        for t in data.get(key, []) or []:
            if isinstance(t, dict) and str(t.get("name", "")).strip():
                out.append(StoryTopic(str(t["name"]).strip(), _names(t.get("aliases", [])),
                                      str(t.get("kind", kind))))
        return tuple(out)

    merges = tuple(_names(m.get("names", [])) for m in data.get("merge", []) or [] if isinstance(m, dict))
    splits = tuple(n for s in data.get("split", []) or [] if isinstance(s, dict) for n in _names(s.get("names",
                                                                                                    s.get("name"))))
    hidden = tuple(n for h in data.get("hide", []) or [] if isinstance(h, dict) for n in _names(h.get("names",
                                                                                                   h.get("name"))))
    return Story(topics("topic", "product"), topics("person", "person"), tuple(m for m in merges if len(m) > 1),
                 splits, hidden, (source,) if source else ())


def combine(*stories: Story) -> Story:
    return Story(*(tuple(x for s in stories for x in getattr(s, f)) for f in
                   ("topics", "people", "merges", "splits", "hidden", "sources")))


def load_story(corpus: Path | str | None = None, *, topics: Path = DEFAULT_TOPICS,
               people: Path = DEFAULT_PEOPLE) -> Story:
    """The defaults under data/ (optional overrides), then the corpus's own story file beside its manifest."""
    parts = [parse_story(_read_toml(topics), "data/topics.toml")]
    ppl = _read_toml(people)
    parts.append(parse_story({"person": ppl.get("person", [])}, "data/people.toml"))
    if corpus is not None and (Path(corpus) / STORY_NAME).is_file():
        parts.append(parse_story(_read_toml(Path(corpus) / STORY_NAME), STORY_NAME))
    return combine(*parts)


def story_stamp(corpus: Path | str | None) -> str:
    """Changes when the corpus's story file changes (for caches of finished tables)."""
    p = Path(corpus) / STORY_NAME if corpus is not None else None
    if p is None or not p.is_file():
        return ""
    return hashlib.sha256(p.read_bytes()).hexdigest()[:16]


# ------------------------------------------------------------------ linking (cheap pass)

class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.reasons: dict[str, list[str]] = defaultdict(list)

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str, reason: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        self.parent[rb] = ra
        self.reasons[ra].extend(self.reasons.pop(rb, []))
        self.reasons[ra].append(reason)


def story_mentions(sentences: pd.DataFrame, story: Story, known: set[tuple[str, int, int]]) -> pd.DataFrame:
    """Mentions of curated aliases the analyzers missed (found in the cached sentence texts; cheap)."""
    aliases = sorted({a for t in (*story.topics, *story.people) for a in (t.name, *t.aliases)}, key=len, reverse=True)
    if not aliases or sentences is None or sentences.empty or "text" not in sentences.columns:
        return pd.DataFrame()
    parts = []
    for a in aliases:
        esc = re.escape(a)
        if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 .\-·™]*", a):
            esc = rf"(?<![A-Za-z0-9]){esc}(?![A-Za-z0-9])"
        parts.append(esc)
    pat = re.compile("|".join(parts), re.IGNORECASE)
    rows = []
    texts = sentences["text"].astype(str)
    low = texts.str.lower()
    # one vectorised pass for all aliases (plain substrings) first; the regex only on the sentences it hits
    hits = low.str.contains("|".join(re.escape(a.lower()) for a in aliases), regex=True, na=False)
    hit = sentences[hits.to_numpy()]
    cols = [hit[c].tolist() for c in ("doc_id", "path", "idx", "text", "start", "language")]  # lists: Arrow is slow
    for doc_id, path, idx, text, s_start, language in zip(*cols, strict=True):
        for m in pat.finditer(str(text)):
            start = int(s_start) + m.start()
            if (doc_id, start, int(s_start) + m.end()) in known:
                continue
            lang = str(language)
            rows.append({"doc_id": doc_id, "path": path, "sentence_idx": int(idx), "mention_no": -1,
                         "text": m.group(), "start": start, "end": int(s_start) + m.end(), "sent_start": m.start(),
                         "sent_end": m.end(), "kind": "name", "basis": "story alias", "full": "", "paren": "",
                         "key": exact_key(m.group(), lang), "latin": latin(m.group(), lang),
                         "skeleton": skeleton(m.group(), lang), "script": script(m.group()), "paren_key": "",
                         "language": lang})
    return pd.DataFrame(rows)


SPREAD_BASES = ("quoted", "before its Latin form")  # a name written so is a name in every document that writes it
SPREAD = "same name in another document"
SPREAD_LANGS = ("zh",)  # no spaces and a dictionary without coined words; ko and ja find bare repeats (dev: a quoted
#   Korean common noun and a Japanese term spread into other documents took two milestones' labels)
MAX_SPREAD_NAMES = 300  # most mentioned names searched across documents (cost stays one regex pass per language)


def spread_mentions(sentences: pd.DataFrame | None, mentions: pd.DataFrame) -> pd.DataFrame:
    """A Chinese name one document marks as a name (in quotation marks, or before its Latin form: 「X」, X(Latin))
    where other documents write it without the mark, Traditional and Simplified alike (jieba misses a coined word
    written bare after a common noun: "新药X注射液"). Spans a mention already covers are skipped."""
    if sentences is None or sentences.empty or mentions.empty or "basis" not in mentions.columns \
            or "text" not in sentences.columns:
        return pd.DataFrame()
    strong = mentions[mentions["basis"].astype(str).str.startswith(SPREAD_BASES)
                      & (mentions["kind"].astype(str) != "place")]
    names: dict[str, Counter] = defaultdict(Counter)
    for text, lang in zip(strong["text"].astype(str), strong["language"].astype(str), strict=True):
        if lang in SPREAD_LANGS and script(text) == "han" and len(text) >= 3:
            names[lang][to_simplified(text) if lang == "zh" else text] += 1
    taken: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    spans = [pd.to_numeric(mentions[c], errors="coerce").fillna(-1).astype(int).tolist()
             for c in ("sentence_idx", "sent_start", "sent_end")]
    for d, si, a, b in zip(mentions["doc_id"].astype(str).tolist(), *spans, strict=True):
        taken[(d, si)].append((a, b))
    rows = []
    for lang, counts in names.items():
        forms = sorted((n for n, _ in counts.most_common(MAX_SPREAD_NAMES)), key=len, reverse=True)
        pat = re.compile("|".join(re.escape(f) for f in forms))
        sub = sentences[sentences["language"].astype(str) == lang]
        # a vectorised pass first (the forms as written and in Traditional script); the loop only on its hits
        s2t = _opencc("s2t")
        written = {*forms, *(s2t.convert(f) for f in forms if s2t is not None)}
        sub = sub[sub["text"].astype(str).str.contains("|".join(map(re.escape, written)), regex=True, na=False)]
        cols = [sub[c].tolist() for c in ("doc_id", "path", "idx", "text", "start")]
        for doc_id, path, idx, text, s_start in zip(*cols, strict=True):
            text = str(text)
            plain = to_simplified(text) if lang == "zh" else text
            if len(plain) != len(text):  # offsets must hold in the text as written
                continue
            for mt in pat.finditer(plain):
                a, b = mt.span()
                if any(x < b and a < y for x, y in taken[(str(doc_id), int(idx))]):
                    continue
                taken[(str(doc_id), int(idx))].append((a, b))
                word = text[a:b]
                rows.append({"doc_id": doc_id, "path": path, "sentence_idx": int(idx), "mention_no": -1,
                             "text": word, "start": int(s_start) + a, "end": int(s_start) + b, "sent_start": a,
                             "sent_end": b, "kind": "name", "basis": SPREAD, "full": "", "paren": "",
                             "key": exact_key(word, lang), "latin": latin(word, lang),
                             "skeleton": skeleton(word, lang), "script": script(word), "paren_key": "",
                             "language": lang})
    return pd.DataFrame(rows)


def _drop_covered(mentions: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """Discovered mentions that a curated alias's mention overlaps give way to it (the curation wins)."""
    if extra.empty or mentions.empty:
        return mentions
    spans = defaultdict(list)
    for d, s, e in zip(extra["doc_id"], extra["start"], extra["end"], strict=True):
        spans[d].append((int(s), int(e)))
    keep = [not any(a < e and s < b for a, b in spans.get(d, ())) for d, s, e in
            zip(mentions["doc_id"], mentions["start"], mentions["end"], strict=True)]
    return mentions[keep]


@dataclass(frozen=True)
class Linked:
    entities: pd.DataFrame  # ENTITY_COLUMNS
    mentions: pd.DataFrame  # the mention rows with entity_id
    topics: tuple[str, ...]  # display names of the topics, by rank
    hidden: frozenset[str]  # entity_ids hidden by the story file


def link(mentions: pd.DataFrame, story: Story = Story(), sentences: pd.DataFrame | None = None) -> Linked:
    """Mentions -> entities (one per group of mentions of the same thing, across scripts), ranked."""
    extra = story_mentions(sentences, story, set()) if sentences is not None else pd.DataFrame()
    if mentions is None or mentions.empty:
        mentions = pd.DataFrame(columns=["doc_id", "path", "sentence_idx", "text", "start", "end", "kind", "key"])
    if len(extra):
        # a discovered mention that a curated alias covers takes the alias's key
        mentions = pd.concat([_drop_covered(mentions, extra), extra], ignore_index=True)
    if {"sent_start", "sent_end", "language"} <= set(mentions.columns):
        spread = spread_mentions(sentences, mentions)
        if len(spread):
            mentions = pd.concat([mentions, spread], ignore_index=True)
    if mentions.empty:
        return Linked(pd.DataFrame(columns=ENTITY_COLUMNS), mentions.assign(entity_id=pd.Series(dtype=str)), (),
                      frozenset())
    # the same rows in any order (workers, chunks, cache) give the same entities
    m = mentions.sort_values(["doc_id", "start", "end", "text"], kind="stable").reset_index(drop=True)
    m["key"] = m["key"].astype(str)
    uf = _Union()
    split_keys = {exact_key(s) for s in story.splits}
    lang_col = m["language"].astype(str) if "language" in m.columns else pd.Series([""] * len(m))

    # nodes: one per spelling key
    node_info: dict[str, dict] = {}
    def col(name: str, default: str = "key") -> list:  # plain lists: iterating Arrow-backed columns is slow
        return m[name].tolist() if name in m.columns else m[default].tolist()

    for key, text, kind, lat, skel, scr, doc, lang, basis in zip(
            col("key"), col("text"), col("kind"), col("latin"), col("skeleton"), col("script"), col("doc_id"),
            lang_col.tolist(), col("basis", "kind") if "basis" in m.columns else [""] * len(m), strict=True):
        info = node_info.setdefault(key, {"texts": Counter(), "kinds": Counter(), "docs": set(), "langs": set(),
                                          "latin": str(lat), "skeleton": str(skel), "script": str(scr),
                                          "topic_docs": set(), "topic_langs": set()})
        info["texts"][(str(text), lang)] += 1
        info["kinds"][str(kind)] += 1
        info["docs"].add(doc)
        info["langs"].add(lang)
        basis = str(basis)
        # a dateline, byline or citation names a source; a name re-found in another document labels its sentence
        # but does not make a topic (a quoted common noun found bare elsewhere stays what its own marks say)
        if DATELINE not in basis and CITED not in basis and basis != SPREAD:
            info["topic_docs"].add(doc)
            # a term only ever quoted ("宇宙強国") counts for a topic in the languages it is written in twice
            quoted = info.setdefault("quoted", defaultdict(set))
            if basis.startswith("quoted"):
                quoted[lang].add(doc)
            if not basis.startswith("quoted") or len(quoted[lang]) >= 2:
                info["topic_langs"].add(lang)
        uf.find(key)

    curated: dict[str, StoryTopic] = {}
    # people first, topics after: a corpus story file's rename of an entity wins over data/people.toml
    for t in (*story.people, *story.topics):
        keys = [exact_key(a) for a in (t.name, *t.aliases)]
        for k in keys:
            curated[k] = t
            if k != keys[0]:
                uf.union(keys[0], k, f"story file: {t.name!r} lists {k!r}")
    for names in story.merges:
        keys = [exact_key(a) for a in names]
        for k in keys[1:]:
            uf.union(keys[0], k, f"story file: merge {names[0]!r} + {k!r}")

    # family-name mentions were keyed on their full name already (reason recorded here)
    if "full" in m.columns:
        # dict.fromkeys, not set: the order of unions decides ids, so it must not depend on the hash seed
        for text, full in dict.fromkeys(zip(m["text"], m["full"].fillna(""), strict=True)):
            if full:
                uf.reasons[uf.find(exact_key(full))].append(f"{text!r}: family name of {full!r} in the same document")
    # event phrases share a key when their happening and modifier are the same (recorded as the reason)
    for key, info in node_info.items():
        if key.startswith("event:") and len({t for t, _ in info["texts"]}) > 1:
            spellings = " = ".join(dict.fromkeys(t for (t, _), _ in info["texts"].most_common(4)))
            uf.reasons[uf.find(key)].append(f"same event word ({key.split(':')[1]}) and modifier: {spellings}")
    # a name with another script's spelling in brackets: 마크롱(Macron)
    if "paren_key" in m.columns:
        for key, pk, text, paren in dict.fromkeys(zip(m["key"], m["paren_key"].fillna(""), m["text"],
                                                       m["paren"].fillna(""), strict=True)):
            if pk and pk in node_info and pk not in split_keys and key not in split_keys:
                uf.union(key, pk, f"written together: {text}({paren})")
    gaz_kind = _link_gazetteer(node_info, uf, split_keys)
    _link_family_names(node_info, uf, split_keys)
    # transliterations: the same consonant skeleton in different scripts, and similar Latin renderings
    by_skel: dict[str, list[str]] = defaultdict(list)
    for key, info in node_info.items():
        if key in split_keys:
            continue
        skels = [info["skeleton"]]
        if info["script"] == "latin" and not re.search(r"\d$", info["skeleton"]):
            (text, lang), _ = info["texts"].most_common(1)[0]  # soft g, voiced s: Biogen = バイオジェン "pjn"
            name = _strip_cue(_strip_company(text, _lang(lang)), lang)
            skels += [k for k in sound_keys(name, lang)[1:] if k != info["skeleton"]]
        for sk in skels:
            if len(sk) >= MIN_SKELETON:
                by_skel[sk].append(key)
    # a person's full name also answers to its family name's sound ("Emmanuel Macron" ~ 마크롱, 马克龙)
    for key, info in node_info.items():
        if _kind(info["kinds"]) != "person" or key in split_keys:
            continue
        text, lang = _full_text(info)
        parts = [p for p in _PARTS.split(text) if p]
        if len(parts) >= 2:
            last = skeleton(parts[-1], lang)
            if len(last) >= MIN_SKELETON and key not in by_skel.get(last, []):
                by_skel[last].append(key)
    _link_same_sound(node_info, uf, split_keys)
    _link_mixed_spellings(node_info, uf, split_keys)
    _link_loan_words(node_info, uf, split_keys)
    _link_japanese_readings(node_info, uf, split_keys)
    for skel, keys in by_skel.items():
        per_script: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            per_script[node_info[k]["script"]].append(k)
        if len(per_script) < 2:
            continue
        chosen = {}
        for scr, ks in per_script.items():
            ks = sorted(ks, key=lambda k: -len(node_info[k]["docs"]))
            if len(ks) == 1 or len(node_info[ks[0]]["docs"]) >= 2 * len(node_info[ks[1]]["docs"]) \
                    or len({uf.find(k) for k in ks}) == 1:  # spellings already one entity are not ambiguous
                chosen[scr] = ks[0]  # an ambiguous script (two spellings, similar weight) is left out
        if len(chosen) < 2:
            continue
        anchor_scr = "latin" if "latin" in chosen else sorted(chosen)[0]
        # each spelling joins the anchor's group through the most similar member (特朗普 sounds like トランプ more
        # than like "Donald Trump"); every member must be of a kind compatible with it
        members = [chosen[anchor_scr]]
        pending = [chosen[x] for x in sorted(chosen) if x != anchor_scr]
        while pending:
            best = None
            for b in pending:
                ib = node_info[b]
                if not all(_kinds_compatible(node_info[c]["kinds"], ib["kinds"]) for c in members):
                    continue
                for c in members:
                    ratio = max(SequenceMatcher(None, x, y).ratio() for x in _latin_forms(node_info[c])
                                for y in _latin_forms(ib))
                    if ratio >= MIN_SOUND_RATIO and (best is None or ratio > best[2]):
                        best = (c, b, ratio)
            if best is None:
                break
            c, b, ratio = best
            ta, tb = node_info[c]["texts"].most_common(1)[0][0][0], node_info[b]["texts"].most_common(1)[0][0][0]
            uf.union(c, b, f"transliteration: {ta} = {tb} (sound {skel}, similarity {ratio:.2f})")
            members.append(b)
            pending.remove(b)

    # groups -> entities
    groups: dict[str, list[str]] = defaultdict(list)
    for key in node_info:
        groups[uf.find(key)].append(key)
    hidden_keys = {exact_key(h) for h in story.hidden}
    rows, id_of_key = [], {}
    used: set[str] = set()
    for root, keys in groups.items():
        texts: Counter = Counter()
        kinds: Counter = Counter()
        docs: set = set()
        langs: set = set()
        topic_docs: set = set()
        topic_langs: set = set()
        for k in keys:
            texts.update(node_info[k]["texts"])
            kinds.update(node_info[k]["kinds"])
            docs |= node_info[k]["docs"]
            langs |= node_info[k]["langs"]
            topic_docs |= node_info[k]["topic_docs"]
            topic_langs |= node_info[k]["topic_langs"]
        cur = next((curated[k] for k in keys if k in curated), None)
        name = cur.name if cur else _display(texts)
        kind = cur.kind if cur and cur.kind else next((gaz_kind[k] for k in keys if k in gaz_kind), "") \
            or _entity_kind(kinds, texts)
        eid = _entity_id(name, root, used)
        for k in keys:
            id_of_key[k] = eid
        aliases = "; ".join(f"{t} ({lg})" if lg else t for (t, lg), _ in texts.most_common(12))
        rows.append({"entity_id": eid, "name": name, "kind": kind, "aliases": aliases,
                     "n_mentions": sum(texts.values()), "n_documents": len(docs),
                     "languages": "; ".join(sorted(x for x in langs if x)),
                     "merge_reasons": " | ".join(dict.fromkeys(uf.reasons.get(root, []))),
                     "is_topic": False, "rank": 0, "curated": bool(cur),
                     "_hidden": any(k in hidden_keys for k in keys),
                     "_topic_docs": len(topic_docs), "_score": len({x for x in topic_langs if x}),
                     "_curated_topic": bool(cur) and cur in story.topics})
    ents = pd.DataFrame(rows)
    n_docs = m["doc_id"].nunique()
    # salience: languages, then documents that name it outside datelines (a quoted-only term needs the same
    # language twice to count for it)
    ents = ents.sort_values(["_curated_topic", "_score", "_topic_docs", "n_documents", "n_mentions", "name"],
                            ascending=[False, False, False, False, False, True], kind="stable").reset_index(drop=True)
    ents["rank"] = range(1, len(ents) + 1)
    min_docs = 2 if n_docs > 1 else 1
    eligible = ents["_curated_topic"] | (ents["kind"].isin(TOPIC_KINDS) & (ents["_topic_docs"] >= min_docs)
                                         & (ents["_score"] >= 1))
    eligible &= ~ents["_hidden"]
    if lang_col[lang_col != ""].nunique() >= MULTILINGUAL:
        # a name of no known kind that one language only writes, in a story told in three or more: most often a
        # common word an analyzer took for a name (阿爾茨海默 "Alzheimer", 이라며, 国安) or a spelling not linked
        eligible &= ents["_curated_topic"] | (ents["kind"] != "name") | (ents["_score"] >= 2)
    top = ents.index[eligible][:max(MAX_TOPICS, int(ents["_curated_topic"].sum()))]
    ents.loc[top, "is_topic"] = True
    hidden = frozenset(ents.loc[ents["_hidden"], "entity_id"])
    topics = tuple(ents.loc[top, "name"])
    m["entity_id"] = m["key"].map(id_of_key)
    return Linked(ents[ENTITY_COLUMNS], m, topics, hidden)


MIN_SAME_SOUND = 6  # letters of identical Latin renderings that link two people's names written in two scripts


def _link_same_sound(node_info: dict[str, dict], uf: _Union, split_keys: set[str]) -> None:
    """Two people's names in different scripts with the same Latin rendering (마오닝 = 毛宁: "maoning"), long enough
    that a coincidence is unlikely; both must be people, and each rendering must be one node per script."""
    by_latin: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for key, info in node_info.items():
        if key in split_keys or _kind(info["kinds"]) != "person" or len(info["latin"]) < MIN_SAME_SOUND:
            continue
        by_latin[info["latin"]][info["script"]].append(key)
    for lat, per_script in by_latin.items():
        if len(per_script) < 2 or any(len(v) > 1 for v in per_script.values()):
            continue
        keys = [v[0] for _, v in sorted(per_script.items())]
        for k in keys[1:]:
            ta, tb = _full_text(node_info[keys[0]])[0], _full_text(node_info[k])[0]
            uf.union(keys[0], k, f"same sound: {ta} = {tb} ({lat})")


_MIXED = re.compile(r"^(?:(?P<head>[A-Za-z][A-Za-z0-9&]*)(?P<rest>[^\x00-\x7f]+)|(?P<native>[^\x00-\x7f]+)"
                    r"(?P<tail>[A-Za-z][A-Za-z0-9&]*))$")


def _link_mixed_spellings(node_info: dict[str, dict], uf: _Union, split_keys: set[str]) -> None:
    """A name written half in Latin letters (오픈AI, 챗GPT, US스틸) is the Latin name with the same letters and,
    for the rest, the same sound skeleton (OpenAI: "ai" + "open" = 오픈 "pn"); one Latin name must fit."""
    latin_keys = [k for k, i in node_info.items() if i["script"] == "latin" and k not in split_keys and k.isascii()]
    if not latin_keys:
        return
    for key, info in node_info.items():
        if key in split_keys or info["script"] == "latin":
            continue
        text, lang = info["texts"].most_common(1)[0][0]
        mt = _MIXED.match(re.sub(r"\s+", "", text))
        if not mt:
            continue
        letters = (mt.group("head") or mt.group("tail")).lower()
        native = mt.group("rest") or mt.group("native")
        sound = skeleton(native, lang)
        if not sound:
            continue
        fits = []
        for lk in latin_keys:
            other = lk[len(letters):] if mt.group("head") else lk[:-len(letters)]
            if lk.startswith(letters) if mt.group("head") else lk.endswith(letters):
                if other and skeleton(other) == sound and _kinds_compatible(info["kinds"], node_info[lk]["kinds"]):
                    fits.append(lk)
        if len(fits) == 1 and uf.find(fits[0]) != uf.find(key):
            lt = node_info[fits[0]]["texts"].most_common(1)[0][0][0]
            uf.union(fits[0], key, f"mixed spelling: {text} = {lt} ({letters} + sound {sound})")


def _link_gazetteer(node_info: dict[str, dict], uf: _Union, split_keys: set[str]) -> dict[str, str]:
    """Spellings of one gazetteer entry are one entity (White House = 백악관 = 白宫 = ホワイトハウス: translated,
    not transliterated); returns the kind of every node the gazetteer knows."""
    kind_of = _gazetteer().kind_of
    by_entry: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for key in node_info:
        if key in split_keys or key not in kind_of:
            continue
        name, kind = kind_of[key]
        by_entry[name].append(key)
        kinds[key] = kind
    for name, keys in by_entry.items():
        for k in keys[1:]:
            ta, tb = _full_text(node_info[keys[0]])[0], _full_text(node_info[k])[0]
            uf.union(keys[0], k, f"gazetteer: {ta} = {tb} ({name})")
    return kinds


MIN_LOAN_KEY = 4  # letters of a loan key (vowels included) that short-skeleton names may link on
MIN_LOAN_SCRIPTS = 3  # scripts that must agree on it: Latin, kana and Hangul (Sora = 소라 alone never links)


def _link_loan_words(node_info: dict[str, dict], uf: _Union, split_keys: set[str]) -> None:
    """Names with too few consonants for a skeleton (Eisai "s", エーザイ "j", Orban "pn") link when three scripts
    write the same loan word, vowels included ("esai", "orpan"; a person by the family name): one spelling per
    script, kinds compatible."""
    by_key: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for key, info in node_info.items():
        if key in split_keys or info["script"] not in ("latin", "kana", "hangul") or _kind(info["kinds"]) == "place":
            continue
        text, lang = _full_text(info)
        parts = [p for p in _PARTS.split(text) if p]
        if _kind(info["kinds"]) == "person" and len(parts) >= 2:
            text = parts[-1]  # a person answers to the family name's sound (Viktor Orban = 오르반 = オルバン)
        if len(skeleton(text, lang)) >= MIN_SKELETON:
            continue
        lk = loan_key(_strip_cue(_strip_company(text, _lang(lang)), lang), lang)
        if len(lk) >= MIN_LOAN_KEY:
            by_key[lk][info["script"]].append(key)
    for lk, per_script in by_key.items():
        if len(per_script) < MIN_LOAN_SCRIPTS or any(len(v) > 1 for v in per_script.values()):
            continue
        keys = [per_script[x][0] for x in ("latin", "kana", "hangul") if x in per_script]
        if not all(_kinds_compatible(node_info[a]["kinds"], node_info[b]["kinds"]) for a in keys for b in keys):
            continue
        for k in keys[1:]:
            ta, tb = _full_text(node_info[keys[0]])[0], _full_text(node_info[k])[0]
            uf.union(keys[0], k, f"loan word: {ta} = {tb} ({lk}, {len(per_script)} scripts)")


JA_FAMILY = "姓"  # unidic's tag of a family name


@lru_cache(maxsize=4096)
def _ja_name_reading(text: str) -> tuple[str, str]:
    """(family, given) readings of a Japanese name in kanji, romanised ("内藤晴夫" -> ("naito", "haruo")), from
    unidic's kana; ("", "") when the analyzer does not read it as a family name and a given name."""
    tagger = _fugashi()
    if tagger is None or not re.fullmatch(r"[\u3400-\u9fff]{2,6}", text):
        return "", ""
    family, given = "", ""
    for w in tagger(text):
        f = w.feature
        kana = str(getattr(f, "kana", "") or "")
        if f.pos1 != "名詞" or not kana or kana == "*":
            return "", ""
        if not given and f.pos3 == "人名" and str(getattr(f, "pos4", "")) == JA_FAMILY:
            family += kana
        elif family:
            given += kana  # the given name, whatever unidic tags it ("景" 人名 + "介" 普通名詞)
        else:
            return "", ""
    return (romaji_name(family), romaji_name(given)) if family and given else ("", "")


def _link_japanese_readings(node_info: dict[str, dict], uf: _Union, split_keys: set[str]) -> None:
    """A Japanese person written in kanji (内藤晴夫) is the romanised full name in either order (Haruo Naito) whose
    family name is the kanji's reading: given names too when they read alike, else when each side has only one
    person with that family name (unidic's reading of a given name is often another one: 文雄 "bun'yu" for Fumio)."""
    latin_people: dict[str, list[tuple[str, str]]] = defaultdict(list)  # family -> [(given, key)]
    for key, info in node_info.items():
        # a name of no known kind ("Haruo Naito" after "chief executive officer") links only when both parts match
        if key in split_keys or info["script"] != "latin" or _kind(info["kinds"]) not in ("person", "name"):
            continue
        parts = [p for p in _PARTS.split(_full_text(info)[0]) if p]
        if len(parts) == 2:
            a, b = romaji_name(parts[0]), romaji_name(parts[1])
            latin_people[b].append((a, key))  # Haruo Naito
            if a != b:
                latin_people[a].append((b, key))  # Naito Haruo
    if not latin_people:
        return
    kanji_people: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for key, info in node_info.items():
        if key in split_keys or info["script"] != "han" or _kind(info["kinds"]) != "person" \
                or not any(lg == "ja" for _, lg in info["texts"]):
            continue
        text = _full_text(info)[0]
        fam, given = _ja_name_reading(text)
        if fam and fam in latin_people:
            kanji_people[fam].append((given, key, text))
    for fam, kanjis in kanji_people.items():
        latins = {k: g for g, k in latin_people[fam]}
        people = {k: g for k, g in latins.items() if _kind(node_info[k]["kinds"]) == "person"}
        for given, key, text in kanjis:
            same = [k for k, g in latins.items() if g == given]
            target = same[0] if len(same) == 1 else (next(iter(people)) if len(latins) == len(people) == 1
                                                      and len(kanjis) == 1 else "")
            if target and uf.find(target) != uf.find(key):
                how = "given name read alike" if same else "the only person of that family name on each side"
                lt = _full_text(node_info[target])[0]
                uf.union(target, key, f"Japanese reading: {text} = {lt} ({fam}; {how})")


JA_FULL_NAME = 4  # kanji of a Japanese full name whose first two are the family name (橋本英二 -> 橋本)


def _family_key(text: str, lang: str) -> str:
    """The key of a full name's family name: its last part (Donald Trump, 도널드 트럼프, ドナルド・トランプ), or the
    first two kanji of a four-kanji Japanese name. "" for a one-part name."""
    parts = [p for p in _PARTS.split(text) if p]
    if len(parts) >= 2:
        return exact_key(parts[-1], lang)
    if lang == "ja" and len(text) == JA_FULL_NAME and script(text) == "han":
        return exact_key(text[:2], lang)
    return ""


def _link_family_names(node_info: dict[str, dict], uf: _Union, split_keys: set[str]) -> None:
    """A family name written alone (트럼프, トランプ, 橋本) is the full name with that family name when the corpus has
    exactly one such person in that language (two people named Kim stay apart)."""
    fulls: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, info in node_info.items():
        if _kind(info["kinds"]) != "person" or key in split_keys:
            continue
        text, lang = _full_text(info)
        fam = _family_key(text, lang)
        if fam and fam != key:
            fulls[(lang, fam)].append(key)
    if not fulls:
        return
    for key, info in node_info.items():
        if key in split_keys or _kind(info["kinds"]) not in ("person", "name"):
            continue
        (text, lang), _ = info["texts"].most_common(1)[0]
        found = fulls.get((lang, key), [])
        if len(found) == 1 and uf.find(found[0]) != uf.find(key):
            full = node_info[found[0]]["texts"].most_common(1)[0][0][0]
            uf.union(found[0], key, f"{text!r}: family name of {full!r}, the only full name with it ({lang})")


def entity_counts(entities: pd.DataFrame | None) -> tuple[int, int]:
    """(discovered, curated): entities found in the articles, and those a story file names (topics, people)."""
    if entities is None or entities.empty or "curated" not in entities.columns:
        return (0 if entities is None else len(entities)), 0
    curated = int(entities["curated"].astype("boolean").fillna(False).astype(bool).sum())
    return len(entities) - curated, curated


def entity_counts_line(entities: pd.DataFrame | None) -> str:
    """One short line for the People and Timeline pages."""
    found, curated = entity_counts(entities)
    return (f"{found} entities discovered in the articles, {curated} curated by a story file "
            f"(topics and timeline lanes are the most widely mentioned ones).")


def _full_text(info: dict) -> tuple[str, str]:
    """(spelling, language) of a node with the most name parts, then the most used: a full name's node counts its
    family-name mentions too ("Trump" x5, "Donald Trump" x1), and its full spelling is what sound rules need."""
    (text, lang), _ = max(info["texts"].items(), key=lambda x: (len([p for p in _PARTS.split(x[0][0]) if p]), x[1]))
    return text, lang


def _latin_forms(info: dict) -> list[str]:
    """The Latin rendering of a node, and of its family name for a person ("emmanuelmacron", "macron")."""
    forms = [info["latin"]]
    if _kind(info["kinds"]) == "person":
        text, lang = _full_text(info)
        parts = [p for p in _PARTS.split(text) if p]
        if len(parts) >= 2:
            forms.append(latin(parts[-1], lang))
    return forms


_KIND_CLASH = {frozenset({"person", "organisation"}), frozenset({"person", "place"}), frozenset({"person", "product"}),
               frozenset({"place", "product"}), frozenset({"person", "event"})}


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def _entity_kind(kinds: Counter, texts: Counter) -> str:
    """The kind most mentions give, but a name also written as a capital-letter acronym (BYD, CNSA) is not a person
    (a title after "比亚迪董事长王传福" or "왕촨푸 비야디 회장" belongs to the person beside it)."""
    kind = _kind(kinds)
    if kind == "person" and any(_ACRONYM.fullmatch(t) for t, _ in texts):
        return _kind(Counter({k: n for k, n in kinds.items() if k != "person"}))
    return kind


def _kind(kinds: Counter) -> str:
    """The most given kind other than "name"; a place only when a share of the mentions reads it so (a place is read
    as one nearly everywhere: one product name of 90 read with a glued 주 taken for "state" does not make a place)."""
    total = sum(kinds.values())
    named = [(k, n) for k, n in kinds.most_common() if k != "name" and (k != "place" or n >= MIN_PLACE_SHARE * total)]
    return named[0][0] if named else "name"


def _kinds_compatible(a: Counter, b: Counter) -> bool:
    ka, kb = _kind(a), _kind(b)
    return frozenset({ka, kb}) not in _KIND_CLASH


def _display(texts: Counter) -> str:
    """The most used Latin spelling when there is one (readable in every language), else the most used one."""
    latin_forms = Counter()
    for (t, _), n in texts.items():
        if script(t) == "latin":
            latin_forms[t] += n
    if latin_forms:
        return latin_forms.most_common(1)[0][0]
    return texts.most_common(1)[0][0][0]


def _entity_id(name: str, root: str, used: set[str]) -> str:
    slug = re.sub(r"[^0-9a-z가-힣\u3040-\u30ff\u4e00-\u9fff]+", "-", name.lower()).strip("-")[:40] or "entity"
    eid = f"{slug}-{hashlib.sha1(root.encode()).hexdigest()[:6]}"
    while eid in used:
        eid += "+"
    used.add(eid)
    return eid


# ------------------------------------------------------------------ story editing (topic editor)
# Pure functions on the parsed story file (a dict shaped like story.toml) and a writer for it, for a topic editor:
# each edit returns a new dict; apply with story_pass(tables, parse_story(data)), save with dump_story(data).


def _copy(data: dict) -> dict:
    return {k: [dict(x) for x in v] if isinstance(v, list) else v for k, v in (data or {}).items()}


def _topic(data: dict, name: str) -> dict:
    for t in data.setdefault("topic", []):
        if t.get("name") == name:
            return t
    t = {"name": name, "aliases": []}
    data["topic"].append(t)
    return t


def story_rename(data: dict, entity_name: str, new_name: str, aliases: Sequence[str] = ()) -> dict:
    """Show an entity under another name (its old name and spellings become aliases)."""
    out = _copy(data)
    t = _topic(out, new_name)
    t["aliases"] = list(dict.fromkeys([*t.get("aliases", []), entity_name, *aliases]))
    return out


def story_add_alias(data: dict, name: str, alias: str) -> dict:
    out = _copy(data)
    t = _topic(out, name)
    t["aliases"] = list(dict.fromkeys([*t.get("aliases", []), alias]))
    return out


def story_merge(data: dict, names: Sequence[str]) -> dict:
    out = _copy(data)
    out.setdefault("merge", []).append({"names": list(dict.fromkeys(names))})
    return out


def story_split(data: dict, alias: str) -> dict:
    """Split one spelling off its entity (it becomes an entity of its own)."""
    out = _copy(data)
    for t in out.get("topic", []):
        t["aliases"] = [a for a in t.get("aliases", []) if a != alias]
    out.setdefault("split", []).append({"name": alias})
    return out


def story_hide(data: dict, name: str) -> dict:
    out = _copy(data)
    out.setdefault("hide", []).append({"name": name})
    return out


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dump_story(data: dict) -> str:
    """The story file as TOML (topics, people, merge, split, hide); values are quoted, never interpreted."""
    lines = ["# Story file (topics, people, entities to merge, split or hide): see data/topics.toml"]
    for table in ("topic", "person", "merge", "split", "hide"):
        for item in data.get(table, []) or []:
            lines += ["", f"[[{table}]]"]
            for key, value in item.items():
                if isinstance(value, (list, tuple)):
                    lines.append(f"{key} = [{', '.join(_toml_str(str(v)) for v in value)}]")
                else:
                    lines.append(f"{key} = {_toml_str(str(value))}")
    return "\n".join(lines) + "\n"
