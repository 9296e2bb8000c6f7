"""Who is quoted: speakers, their words and roles in en/ko/zh/ja news text, for any story.

Speakers are found by rules, not by a list of the story's people: per-language name patterns read from the
language packs (``data/lang/<code>/quotes.toml``: titles and roles, organisation endings, reporting verbs,
pronouns, anonymous-source words) find the people of each document before its quotes are attributed:

* English: capitalised names after a title ("Prime Minister Jane Roe", "Acme Chairman John Doe"), in an
  appositive with a role ("Jane Doe, a spokeswoman for X"), or next to a reporting verb ("said Jane Doe");
* Korean: the one or two words before a title, past an organisation or place ("존 스미스 영국 총리는",
  "박민수 주일대사가"), or a name right after a title ("한빛전자 창업자 이서준은");
* Chinese: 2-4 Han characters after a title ("经济产业大臣王明"), or starting with a surname of the pack's table
  at the head of a clause whose verb reports speech ("李明说"), or a transliterated name with a middle dot;
* Japanese: kanji or katakana names before a title or 氏/さん ("山田太郎会長は", "ジョン・ドウ社長が").

A later short form (family name, given name, "劉氏", "김 회장", "Doe") is linked to the full name given in
the same document when exactly one full name fits (precision first: no link when two could). A Latin name in
parentheses right after a CJK name (마크롱(Emmanuel Macron)) merges the two and becomes the display name.
``data/people.toml`` is an optional override: its canonical names and roles win when it lists a person.

What counts as a quote (the gold files follow the same rules):

* transcript lines ``[Name/Title: words]``; labels that are not people (voices, sounds, reporters) are skipped;
* words in quotation marks (“ ” " ' ‘ ’ 「 」) with a speaker cue: a reporting verb next to the quote
  (라고 말했다, 고 밝혔다, 表示, と述べた, said ...), or a short "李明感慨。" sentence right after it;
* reported speech without marks when a named speaker and a reporting verb introduce it: "X表示，...",
  "X said (that) ...", "..., X said Tuesday.", "X는 ...라고 밝혔다", "Xは...と明かした / との考えを示した";
* a quote belongs to the subject of its clause ("X社長は … Yについて「…」と述べた" is X's), not the nearest name;
* attribution: "transcript"; "explicit" when the speaker is named in the sentence; "coreference" for a pronoun,
  a title ("the prime minister", 이 블로거), a clause with no subject after a quote (이어 ...), or a short form;
* a quote with no cue right after a sentence that quoted someone continues that speaker ("coreference");
  a whole sentence of speech at the start of a line (a headline quote) is kept as "unattributed".

Organisations are not speakers: their words in marks are kept as "unattributed" with the organisation as
speaker_text; their unmarked statements are not quotes. A spokesperson of an organisation who is not named is
the speaker "spokesperson of X" (role "spokesperson"). Generic or anonymous sources ("an analyst", 한 재계 인사,
业内人士) are never resolved to anyone: their words in marks are "unattributed" with speaker_text saying who.

Not quotes: scare quotes around single terms, titles of works in 『』/《》, prompts or texts introduced by a colon
without a speaker, "라는 단편영화", "라고 불리는". Quotes spanning several sentences give one Quote at the first
sentence; several separate quoted spans in one sentence give one Quote each.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis import langpack
from analysis.records import Quote, Sentence

log = logging.getLogger(__name__)


class _CompiledOnce:
    """The ``re`` functions over a cache of this module's own: every pattern is compiled once per process.

    ``re``'s own cache holds 512 patterns for the whole program; the pipeline's enrichers together use more, so
    this module's patterns were evicted and compiled again document after document."""

    _MAX = 20000

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int], re.Pattern[str]] = {}

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        key = (pattern, int(flags))
        got = self._cache.get(key)
        if got is None:
            if len(self._cache) >= self._MAX:
                self._cache.clear()
            got = self._cache[key] = re.compile(pattern, flags)
        return got

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).match(string)

    def search(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).search(string)

    def fullmatch(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return self.compile(pattern, flags).fullmatch(string)

    def finditer(self, pattern: str, string: str, flags: int = 0) -> Iterator[re.Match[str]]:
        return self.compile(pattern, flags).finditer(string)

    def findall(self, pattern: str, string: str, flags: int = 0) -> list[Any]:
        return self.compile(pattern, flags).findall(string)

    def sub(self, pattern: str, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
        return self.compile(pattern, flags).sub(repl, string, count)

    def split(self, pattern: str, string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
        return self.compile(pattern, flags).split(string, maxsplit)


_rx = _CompiledOnce()

DEFAULT_PEOPLE = Path(__file__).resolve().parent.parent / "data" / "people.toml"
UNATTRIBUTED = "unattributed"
SPOKESPERSON = "spokesperson"
ANONYMOUS = "anonymous"  # kind of a found phrase that is an unnamed person ("王姓男子"): a speaker never named
LANGS = ("en", "ko", "zh", "ja")

_HAN = "一-鿿㐀-䶿豈-﫿々〆"
_KATA = "ァ-ヺー"
_HANGUL = "가-힣"
_HAN_RE = re.compile(f"[{_HAN}]")


# ----------------------------------------------------------------------------------------------------- people
@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    kind: str = "person"  # "person" | "organisation"
    basis: str = "people.toml"  # how the person is known: "people.toml" or the rule that found the name
    short_forms: tuple[str, ...] = ()  # aliases that are short forms found in a document ("황 CEO", "劉氏")


def _norm_key(name: str) -> str:
    return _rx.sub(r"[\s·・•\-.]", "", name).casefold()


def _clean_name(name: str) -> str:
    name = _rx.sub(r"\s+", " ", name.strip())
    return name.strip(" \"'“”‘’「」『』[]()")


# what may follow a Korean name: a particle, a title, punctuation; not more Hangul of the same word
_KO_AFTER = (r"(?=(?:은|는|이|가|의|도|와|과|을|를|에|께|씨|님|로|으로|만|측|처럼|보다|부터|까지|"
             r"께서|이라|라고|이다|에게|에서)"
             r"|[^가-힣]|$)")
_KO_AFTER_RE = re.compile(_KO_AFTER)


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def _is_latin_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum() or "À" <= ch <= "ÿ"


@dataclass(frozen=True, eq=False)
class _AliasMatcher:
    """One alias as a small pattern plus the boundary it needs, checked in Python.

    The boundaries (no Latin letter around a Latin name, no Hangul syllable before a Korean name, a particle or a
    non-Hangul character after it) are plain character tests: as character classes inside a per-document regular
    expression, the Hangul and accented-Latin ranges cost more to compile than the document takes to read."""

    regex: re.Pattern[str]
    kind: str  # "latin" | "ko" (Hangul before forbidden) | "ko_end" (and a particle or non-Hangul after) | "plain"
    key: str  # a lower-cased piece that must occur in the text for the alias to match (a cheap pre-filter)

    def finditer(self, text: str, low: str) -> Iterable[tuple[int, int]]:
        if self.key not in low:
            return
        for m in self.regex.finditer(text):
            s, e = m.span()
            if self.kind == "latin":
                if (s > 0 and _is_latin_word_char(text[s - 1])) or (e < len(text) and _is_latin_word_char(text[e])):
                    continue
            elif self.kind in ("ko", "ko_end"):
                if s > 0 and _is_hangul(text[s - 1]):
                    continue
                if self.kind == "ko_end" and not _KO_AFTER_RE.match(text, e):
                    continue
            yield s, e


@lru_cache(maxsize=65536)
def _alias_matcher(alias: str) -> _AliasMatcher:
    raw = [p for p in _rx.split(r"[\s·・•]+", alias.strip()) if p]
    parts = [re.escape(p) for p in raw]
    key = raw[0].lower() if raw else ""
    if all(_rx.fullmatch(r"[A-Za-z0-9À-ÿ\-'.]+", p) for p in raw):
        body = r"\s+".join(parts)
        # a single capitalised word of 4+ letters keeps its case ("Cook" is not "cook"); other Latin aliases fold
        sensitive = len(raw) == 1 and alias[:1].isupper() and len(alias) > 3
        return _AliasMatcher(re.compile(body if sensitive else f"(?i:{body})"), "latin", key)
    body = r"[\s·・•]*".join(parts)
    if _rx.search(r"[A-Za-z]", alias):  # "LG전자", "ABC社長": the Latin letters of a mixed alias fold case
        body = f"(?i:{body})"
    if _rx.match(r"[가-힣]", alias):
        return _AliasMatcher(re.compile(body), "ko_end" if _rx.search(r"[가-힣]$", alias) else "ko", key)
    return _AliasMatcher(re.compile(body), "plain", key)


class PeopleIndex:
    """Alias -> canonical name, and mention finding in any script.

    A document's index is small (the names found in it) and falls back on ``base`` (the override file's people,
    compiled once); ``find`` results are memoised per text because attribution asks about a sentence many times."""

    def __init__(self, people: Sequence[Person], base: PeopleIndex | None = None):
        self.people = list(people)
        self.base = base
        self._found: dict[str, list[tuple[int, int, str]]] = {}
        self._by_key: dict[str, Person] = {}
        self._short: set[str] = set()  # keys of short forms: "马克龙" of "埃马纽埃尔·马克龙", "Doe" of "Jane Doe"
        pats: list[tuple[str, _AliasMatcher]] = []
        for p in self.people:
            keys = {_norm_key(a) for a in {p.name, *p.aliases}}
            self._short |= {k for k in keys if any(k != o and k in o for o in keys)}
            self._short |= {_norm_key(a) for a in p.short_forms}
            for a in {p.name, *p.aliases}:
                if not a.strip():
                    continue
                self._by_key.setdefault(_norm_key(a), p)
                pats.append((a, _alias_matcher(a)))
        pats.sort(key=lambda x: len(x[0]), reverse=True)  # longest alias first
        self._matchers = [m for _, m in pats]

    def all_people(self) -> list[Person]:
        return (self.base.all_people() if self.base else []) + self.people

    def canonical(self, name: str) -> str:
        cleaned = _clean_name(name)
        p = self.person(cleaned)
        return p.name if p else cleaned

    def person(self, name: str) -> Person | None:
        key = _norm_key(_clean_name(name))
        p = self._by_key.get(key)
        if p is None and self.base is not None:
            return self.base.person(name)
        return p

    def is_short_form(self, written: str) -> bool:
        """True for a surname or other short alias of a person whose full name is also listed."""
        key = _norm_key(_clean_name(written))
        return key in self._short or (self.base is not None and self.base.is_short_form(written))

    def kind(self, name: str) -> str:
        p = self.person(name)
        return p.kind if p else "person"

    def _own_mentions(self, text: str) -> list[tuple[int, int, str]]:
        """Left to right, the longest alias at a position; no overlaps (what one alternation of all aliases,
        longest first, would give)."""
        if not self._matchers:
            return []
        low = text.lower()
        spans = sorted({sp for m in self._matchers for sp in m.finditer(text, low)}, key=lambda x: (x[0], -x[1]))
        out: list[tuple[int, int, str]] = []
        last = -1
        for s, e in spans:
            if s >= last:
                out.append((s, e, self.canonical(text[s:e])))
                last = e
        return out

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, canonical) mentions, longest alias first, sorted by position."""
        got = self._found.get(text)
        if got is not None:
            return got
        own = self._own_mentions(text)
        if self.base is not None:
            merged = sorted(own + self.base.find(text), key=lambda m: (m[0], -(m[1] - m[0])))
            own = []
            for m in sorted(merged, key=lambda m: -(m[1] - m[0])):  # longest wins an overlap
                if not any(m[0] < o[1] and o[0] < m[1] for o in own):
                    own.append(m)
            own = [(s, e, self.canonical(text[s:e])) for s, e, _ in sorted(own)]
        if len(self._found) > 4096:
            self._found.clear()
        self._found[text] = own
        return own


def load_people(path: Path | str = DEFAULT_PEOPLE) -> PeopleIndex:
    """The people override file (an empty index when it is missing: the rules find speakers without it)."""
    path = Path(path)
    if not path.is_file():
        log.info("no people file at %s; speakers come from the rules alone", path.name)
        return PeopleIndex([])
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    people = [
        Person(
            name=str(p["name"]),
            aliases=tuple(str(a) for a in p.get("aliases", [])),
            role=str(p.get("role", "")),
            kind=str(p.get("kind", "person")),
        )
        for p in data.get("person", [])
    ]
    return PeopleIndex(people)


# ----------------------------------------------------------------------------------------------------- lexicon
def _alt(words: Iterable[str]) -> str:
    ws = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in ws) if ws else r"(?!x)x"


@dataclass(frozen=True, eq=False)
class _Lex:
    """One language's quote knowledge, read from data/lang/<code>/quotes.toml (see that file)."""

    lang: str
    titles: dict[str, str]  # as written (with case variants for Latin) -> English role
    title_alt: str
    spokes_alt: str
    org_suffixes: tuple[str, ...]
    not_names: frozenset[str]
    anonymous_alt: str
    pronoun_alt: str
    org_anaphor_alt: str
    verb_alt: str
    cue_verb_alt: str
    words: dict[str, tuple[str, ...]]


def _title_variants(titles: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in titles.items():
        out.setdefault(k, v)
        if _rx.fullmatch(r"[A-Za-z .\-]+", k):
            out.setdefault(k.lower(), v)
            out.setdefault(" ".join(w[:1].upper() + w[1:] for w in k.split(" ")), v)
            if len(k.replace(".", "")) <= 3:
                out.setdefault(k.upper(), v)
    return out


@lru_cache(maxsize=16)
def _members(family: str) -> tuple[str, ...]:
    """Languages whose pack says ``family = "<family>"``: they are read with that family's rules and add their
    words to its lexicon (German joins English: "„…“, sagte X" is "…, said X")."""
    return tuple(c for c in langpack.languages()
                 if c not in LANGS and langpack.pack(c, "quotes").get("family") == family)


def _rules_lang(lang: str) -> str:
    """The rule family a language code is read with: itself for en/ko/zh/ja, a pack's ``family``, else English."""
    if lang in LANGS:
        return lang
    fam = str(langpack.pack(lang, "quotes").get("family", "en")) if lang else "en"
    return fam if fam in LANGS else "en"


def _lex(lang: str) -> _Lex:
    code = _rules_lang(lang)
    pack = dict(langpack.pack(code, "quotes"))
    titles = {str(k): str(v) for k, v in pack.get("titles", {}).items()}
    for member in _members(code):
        titles.update({str(k): str(v) for k, v in langpack.pack(member, "quotes").get("titles", {}).items()})
    if code != "en":  # Latin titles inside CJK text ("한빛전자 CEO", "Acme首席技术官", "CEO")
        for k, v in langpack.pack("en", "quotes").get("titles", {}).items():
            if len(k) <= 3:
                titles.setdefault(str(k).upper(), str(v))
    titles = _title_variants(titles)

    def w(key: str) -> tuple[str, ...]:
        return langpack.words(code, "quotes", key) + tuple(
            x for member in _members(code) for x in langpack.words(member, "quotes", key))

    keys = ("spokesperson", "org_suffixes", "not_names", "anonymous", "pronouns", "org_anaphors", "verbs", "cue_verbs",
            "place_suffixes", "places", "connectives", "nonperson_labels", "surnames", "adverbials", "prepositions",
            "verb_blocks_before", "verb_blocks_after", "answer_labels", "question_labels", "stance_nouns", "noun_verbs",
            "report_objects", "honorifics", "verbs_without_comma", "adnominals", "surname_not_endings", "topic_words",
            "participles", "place_hyphen_endings", "verbs_with_object", "title_prefixes",
            "possessed_nouns", "anonymous_after_surname", "noun_titles", "verbs_to_addressee")
    words = {k: w(k) for k in keys}
    return _Lex(
        lang=code, titles=titles, title_alt=_alt(titles), spokes_alt=_alt(words["spokesperson"]),
        org_suffixes=words["org_suffixes"], not_names=frozenset(words["not_names"]),
        anonymous_alt=_alt(words["anonymous"]), pronoun_alt=_alt(words["pronouns"]),
        org_anaphor_alt=_alt(words["org_anaphors"]), verb_alt=_alt(words["verbs"]),
        cue_verb_alt=_alt(words["cue_verbs"] or words["verbs"]), words=words,
    )


@lru_cache(maxsize=16)
def _title_re(lang: str) -> re.Pattern[str]:
    lex = _lex(lang)
    if lang == "en":
        return re.compile(rf"(?<![A-Za-z])(?:{lex.title_alt})(?![A-Za-z])")
    return re.compile(lex.title_alt)


def _title_of(written: str, lang: str) -> str:
    return _lex(lang).titles.get(written, _lex(lang).titles.get(written.lower(), written))


@lru_cache(maxsize=16)
def _nonperson_label_re(lang: str) -> re.Pattern[str]:
    words = [w for code in LANGS for w in langpack.words(code, "quotes", "nonperson_labels")]
    return re.compile(_alt(words), re.IGNORECASE)


def _is_org_word(word: str, lang: str) -> bool:
    """An organisation by its ending ("삼성전자", "东京电力公司", "Sony Group", "Tokyo Electric Power Co.")."""
    word = word.strip()
    if not word:
        return False
    for suf in _lex(lang).org_suffixes:
        if lang == "en":
            if _rx.search(rf"(?<![A-Za-z]){re.escape(suf)}$", word):
                return True
        elif word.endswith(suf) and (len(word) > len(suf) or len(suf) >= 2):
            return True
    return False


_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9&]{1,9}(?![A-Za-z0-9])")


# ----------------------------------------------------------------------------------------------------- discovery
@dataclass
class _Found:
    """A person or organisation found in one document (mutable while the document is read)."""

    name: str
    kind: str = "person"
    role: str = ""
    title: str = ""  # the English title it was found with ("chairman")
    aliases: set[str] = field(default_factory=set)
    basis: str = ""
    shorts: set[str] = field(default_factory=set)


class _Finds:
    def __init__(self, lang: str, people: PeopleIndex | None):
        self.lang = lang
        self.people = people
        self.full: dict[str, _Found] = {}
        self.short: list[tuple[str, str, str]] = []  # (short name, written with its title, English title)

    def add(self, name: str, role: str = "", title: str = "", basis: str = "", kind: str = "person") -> None:
        name = _clean_name(name)
        if not name or len(name) > 40:
            return
        known = self.people.person(name) if self.people else None
        written = name
        if known is not None:
            name = known.name
            kind = known.kind
        f = self.full.get(name)
        if f is not None and written != name:
            f.aliases.add(written)
        if f is None:
            self.full[name] = _Found(name, kind, role, title, {written} - {name}, basis)
        elif role and not f.role:
            f.role, f.title = role, title or f.title

    def add_short(self, short: str, written: str, title: str) -> None:
        self.short.append((_clean_name(short), written.strip(), title))


def discover_people(sentences: Sequence[Sentence], lang: str, people: PeopleIndex | None = None) -> list[Person]:
    """The people and organisations the rules find in one document, with how each was found (``basis``) and the
    short forms linked to them; a hook for entity linking (names are clean: no particles, no titles)."""
    return _discover(list(sentences), (lang or "en")[:2].lower(), people).people


def _doc_text(sents: Sequence[Sentence]) -> str:
    return "\n".join(s.text for s in sents)


def _discover(sents: Sequence[Sentence], lang: str, people: PeopleIndex | None) -> PeopleIndex:
    """The document's own people index: the override file's people plus the names the rules find here."""
    text = _doc_text(sents)
    finds = _Finds(lang, people)
    {"en": _discover_en, "ko": _discover_ko, "zh": _discover_zh, "ja": _discover_ja}.get(lang, _discover_en)(
        text, finds)
    if lang != "en":
        _discover_en(text, finds, latin_only=True)  # Latin names inside CJK text
    _parenthesised(text, finds)
    _orgs(text, lang, finds)
    return _index(finds, people, text)


def _role(org: str, title_en: str, people: PeopleIndex | None) -> str:
    org = org.strip(" ,、의の")
    if org and people is not None and people.kind(org) == "organisation":
        org = people.canonical(org)
    return f"{org} {title_en}".strip() if title_en else org


# ---- English
# a capitalised word; a Korean given name may start with one capital ("Kim E-jun")
_EN_TOK = r"(?:[A-Z]\.(?:[A-Z]\.)*|[A-Z][a-zà-ÿ]+(?:['’\-][A-Za-zà-ÿ]+)*|[A-Z]-[a-zà-ÿ]+)"
_EN_SEQ = rf"{_EN_TOK}(?:[^\S\n]+(?:(?:de|van|von|der|da|di|du|le|la|bin|al)[^\S\n]+)?{_EN_TOK}){{0,3}}"


def _en_clean(seq: str, lex: _Lex) -> str:
    """Drop leading/trailing words that are not part of a name ("Prime", "Tuesday", "Mr.")."""
    toks = seq.split()
    honor = set(lex.words["honorifics"]) if lex.lang == "en" else set(_lex("en").words["honorifics"])
    not_names = lex.not_names if lex.lang == "en" else _lex("en").not_names
    titles = _lex("en").titles
    seq = " ".join(toks)
    while True:  # a title phrase glued in front ("Chief Operating Officer Doug Bowser")
        tm = _rx.match(rf"(?:{_lex('en').title_alt})\s+", seq)
        if not tm:
            break
        seq = seq[tm.end():]
    toks = seq.split()
    while toks and (toks[0] in not_names or toks[0] in honor or toks[0] in titles or _rx.search(r"['’]s$", toks[0])):
        toks.pop(0)
    keep: list[str] = []
    verbs = set(_lex("en").words["verbs"])
    for t in toks:
        if t in not_names or t in titles or t.lower() in verbs:  # "Fumio Kishida Says" in a Title Case headline
            break
        stem = _rx.sub(r"['’]s$", "", t)
        keep.append(stem)
        if stem != t:  # "President Yoon Suk Yeol's reasoning": the possessive ends the name
            break
    return " ".join(keep)


def _says_it(text: str, name: str, verbs: str) -> bool:
    """"X said it will …", "X said in a statement that it …", "X and its …": X is an organisation, not a person."""
    n = re.escape(name)
    said_it = rf"\b{n}\s+(?:also\s+)?(?:{verbs})\s+(?:[\w\s,]{{0,30}}?\bthat\s+)?(?:it|its)\b"
    and_its = rf"\b{n}\s+(?:and|or)\s+its\b"
    return _rx.search(said_it, text) is not None or _rx.search(and_its, text) is not None


def _discover_en_hyphenated(text: str, finds: _Finds, lex: _Lex) -> None:
    """A family name and a hyphenated given name ("Kim Ji-hoon", "Ji-hoon Kim") is a person with no title; a
    place's ending ("Jeollanam-do") is no given name."""
    places = tuple(f"-{e}" for e in lex.words["place_hyphen_endings"])
    given = r"[A-Z][a-z]*-[a-z]+"
    for m in _rx.finditer(rf"(?<![\w\-])(?:([A-Z][a-z]+)[^\S\n]({given})|({given})[^\S\n]([A-Z][a-z]+))(?![\w\-])",
                          text):
        fam, giv = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if giv.endswith(places) or fam in lex.not_names or fam in lex.titles or _is_org_word(fam, "en"):
            continue
        name = m.group()
        if any(name in n for n in finds.full) or any(name in f.aliases for f in finds.full.values()):
            continue
        finds.add(name, "", "", "a hyphenated given name")


def _discover_en(text: str, finds: _Finds, latin_only: bool = False) -> None:
    lex = _lex("en")
    verbs = lex.verb_alt
    titles = lex.title_alt
    singles: list[tuple[str, str]] = []  # (token, title)
    # title before the name: "Prime Minister Jane Roe", "Acme Chairman John Doe", "CEO Doe"
    for m in _rx.finditer(rf"(?<![A-Za-z])((?:[A-Z][\w&.\-]* ){{0,3}}?)({titles})\s+({_EN_SEQ})", text):
        line = text[text.rfind("\n", 0, m.start()) + 1:text.find("\n", m.end()) % (len(text) + 1)]
        words = _rx.findall(r"[A-Za-z][\w'’\-]*", line)
        small = {"a", "an", "the", "of", "over", "for", "in", "on", "to", "and", "or", "at", "by", "with", "as", "from",
                 "vs", "amid", "after", "into", "about"}
        lower = sum(1 for w in words if not (w[0].isupper() or w in small))
        if len(words) >= 4 and lower <= len(words) // 8 and not line.rstrip().endswith("."):
            continue  # a Title Case headline ("Minister Vows Efforts over …", "… to Take off …"): capitals say nothing
        name = _en_clean(m.group(3), lex)
        if not name or _is_org_word(name, "en"):
            continue
        title = _title_of(m.group(2), "en")
        org = " ".join(t for t in m.group(1).split() if t not in lex.not_names and t not in lex.titles)
        role = _role(org, title, finds.people)
        if len(name.split()) >= 2:
            finds.add(name, role, title, "title before the name")
        else:
            singles.append((name, title))
            finds.add_short(name, f"{m.group(2)} {name}", title)
            finds.add(name, role, title, "title before the name")
    # a role, then the name between commas: "the captain, Genki Miyamoto, 39, reported …", "its keeper, Jane Doe, said"
    for m in _rx.finditer(rf"\b(?:the|its|their|his|her|a|an)\s+(?:[a-z][\w\-’']*\s+){{0,2}}?({titles}),\s+"
                          rf"({_EN_SEQ})(?=,)", text):
        name = _en_clean(m.group(2), lex)
        if len(name.split()) >= 2 and not _is_org_word(name, "en") and name not in finds.full:
            finds.add(name, _title_of(m.group(1), "en"), _title_of(m.group(1), "en"), "role before the name")
    # appositive with a role: "Jane Doe, a spokeswoman for X," / "Yamaguchi Natsuo, the chief representative of"
    # (a lookahead, so that "X, according to Li Guo, deputy director of …" also reads Li Guo's appositive)
    for m in _rx.finditer(rf"(?<![\w\-])(?=({_EN_SEQ}),\s+(?:(?:a|an|the)\s+)?([^,;:\"“”()]{{2,160}}?)"
                          rf"(?=,|\s+(?:{verbs})\b|\.?$))", text, re.M):
        name = _en_clean(m.group(1), lex)
        app = m.group(2)
        tm = _rx.search(rf"(?<![A-Za-z])(?:{titles})(?![A-Za-z])", app)
        if tm and len(app) > 90 and tm.start() > 30:  # a long appositive names a role in its first words
            tm = None
        if len(name.split()) >= 2 and tm and not _is_org_word(name, "en") and not _rx.match(r"who\b|which\b", app):
            role = _rx.sub(r"^(?:a|an|the)\s+", "", app).strip()
            finds.add(name, role, _title_of(tm.group(), "en"), "appositive role")
        elif len(name.split()) >= 2 and _rx.match(r"who\s", app) and not _is_org_word(name, "en"):
            finds.add(name, "", "", "appositive")
    # one or two appositives between the name and its verb: "A B, a geologist at X, said", "A B, deputy director of X,
    # who is also Y, told reporters"
    for m in _rx.finditer(rf"({_EN_SEQ})(?:,\s+[^,\"“”]{{3,120}}?){{1,2}},\s+(?:also\s+)?(?:{verbs})\b", text):
        name = _en_clean(m.group(1), lex)
        if len(name.split()) >= 2 and not _is_org_word(name, "en") and name not in finds.full:
            finds.add(name, "", "", "appositive before a reporting verb")
    # next to a reporting verb: "Jane Doe said", "said John Roe", "Ann Lee, who heads ..., told NHK"
    for pat in (rf"({_EN_SEQ})(?:,[^,\"“”]{{3,90}},)?\s+(?:also\s+|has\s+|had\s+)?(?:{verbs})\b",
                rf"\b(?:{verbs})\s+({_EN_SEQ})"):
        for m in _rx.finditer(pat, text):
            name = _en_clean(m.group(1), lex)
            if not name or _is_org_word(name, "en"):
                continue
            if len(name.split()) >= 2:
                kind = "organisation" if _says_it(text, name, verbs) else "person"
                finds.add(name, "", "", "next to a reporting verb" + (" of 'it'" if kind != "person" else ""),
                          kind=kind)
            else:
                singles.append((name, ""))
    _discover_en_hyphenated(text, finds, lex)
    for tok, _title in list(singles):
        if tok in lex.not_names or any(tok in n.split() for n in finds.full):
            continue
        pairs = {m.group(1) for m in _rx.finditer(rf"(?<![\w\-])([A-Z][a-z]*(?:-[a-z]+)?) {re.escape(tok)}\b", text)
                 if m.group(1) not in lex.not_names and m.group(1) not in lex.titles}
        # family name first, a hyphenated given name after it ("Han said" and "Han Dong-hoon")
        family_first = {m.group(1) for m in _rx.finditer(rf"\b{re.escape(tok)} ([A-Z][a-z]*-[a-z]+)\b", text)}
        if len(pairs) == 1 and not _is_org_word(tok, "en"):
            finds.add(f"{pairs.pop()} {tok}", "", "", "given name before a speaker's family name")
        elif not pairs and len(family_first) == 1 and not _is_org_word(tok, "en"):
            finds.add(f"{tok} {family_first.pop()}", "", "", "given name after a speaker's family name")
    for name in [n for n, f in finds.full.items() if f.kind == "person" and _rx.match(r"[A-Z]", n)]:
        for tok in name.split():
            if len(tok) > 2 and tok not in lex.not_names and not tok.endswith(".") and tok in text.replace(name, ""):
                singles.append((tok, ""))
    if latin_only:
        return
    # a single word links to the one full name that has it as a word ("Doe" -> "Jane Doe")
    for tok, title in singles:
        finds.add_short(tok, tok, title)


# ---- Korean
_KO_NEAR_STOP = re.compile(r"(?:운|른|된|던|을|를|의|에서|에게|로서|하는|했던|이던|적인|"
                           r"씨가|씨는|씨의|씨)$")
_KO_STOP_END = re.compile(r"(?:의|을|를|에|서|으로|고|며|한|된|던|면|게|해|써|은|는|와|과|만|"
                          r"인|할|될|난|온|간|본|운|른|진|친)$")


def _adnominal(syllable: str) -> bool:
    """A one-syllable verb form before a noun ("본", "할"), not a name ("황", "존"): listed in the Korean pack."""
    return syllable in _lex("ko").words["adnominals"]


def _ko_name_before(words: list[str], lex: _Lex) -> tuple[str, str]:
    """(name, organisation/place) from the words before a title, nearest last."""
    places = set(lex.words["places"])
    place_suf = lex.words["place_suffixes"]
    mods: list[str] = []
    toks: list[str] = []
    chain = 0  # "X 중앙위원회 총서기, 국가주석, 중앙군사위원회 주석은": earlier titles of one person
    for wd in reversed(words[-9:]):
        core = wd[:-1] if wd.endswith(",") else wd
        if not toks and wd.endswith(",") and core and (core in lex.titles or _is_org_word(core, "ko") or
                                                       any(core.endswith(t) for t in lex.titles if len(t) >= 2)):
            chain += 1
            mods.insert(0, core)
            continue
        if not wd or _rx.search(r"[^가-힣A-Za-z0-9()&·\-]", wd):
            break
        is_hangul = _rx.fullmatch(r"[가-힣]{1,6}", wd) is not None
        if not toks and (not is_hangul or wd in places or _is_org_word(wd, "ko")
                         or (len(wd) >= 4 and wd.endswith(tuple(place_suf)))):
            if len(mods) >= 2 + 2 * chain:
                break
            mods.insert(0, wd)
            continue
        if toks and not is_hangul and _rx.fullmatch(r"[A-Za-z0-9&]{1,8}", wd) and len(mods) + len(toks) <= 2:
            mods = toks + mods  # "로버츠 LA 다저스 감독": the Hangul words after a Latin one name the organisation
            toks = []
            mods.insert(0, wd)
            continue
        if not is_hangul or wd in lex.not_names or wd in places or wd in lex.titles or _KO_NEAR_STOP.search(wd) \
                or _rx.fullmatch(lex.anonymous_alt, wd) \
                or (not toks and _rx.search(r"[가-힣]{2}[와과]$", wd)):
            break
        if toks and (_is_org_word(wd, "ko") or (len(wd) >= 3 and wd.endswith("인"))):
            break
        if toks and (_KO_STOP_END.search(wd) and len(wd) <= 3 or (len(wd) == 1 and _adnominal(wd))):
            break
        toks.insert(0, wd)
        if len(toks) == 4:
            break
    if len(toks) >= 3 and not mods:  # "존 스미스 런던 시장", "존 스미스 애크미 로보틱스 CEO": nearest = place/org
        mods = toks[2:] + mods
        toks = toks[:2]
    elif len(toks) >= 3:  # an organisation or place already stands before the title: the name is next to it
        toks = toks[-2:]
    return " ".join(toks), " ".join(mods)


def _discover_ko(text: str, finds: _Finds) -> None:
    lex = _lex("ko")
    title_re = re.compile(rf"(\S{{0,12}}?)({lex.title_alt})(?:\([A-Za-z]+\))?"
                          r"(?=[은는이가도의와과께에인\s,.)」”\"'’]|$)")
    for line in text.split("\n"):
        line = _rx.sub(r"(?<=[가-힣])\s?\([^()]{1,40}\)", "", line)  # "마크롱(Emmanuel Macron) 대통령": the name alone
        for m in title_re.finditer(line):
            title_w = m.group(2)
            title = _title_of(title_w, "ko")
            prefix = m.group(1)
            if prefix and not _rx.fullmatch(r"[가-힣A-Za-z0-9&]+", prefix):
                continue
            before = line[:m.start()].split(" ")
            if before and before[-1] == "":
                before = before[:-1]
            elif before:
                continue  # the title is glued to a previous word that is not a prefix
            after = line[m.end():]
            # a name right after the title: "한빛전자 창업자 이서준은", "아티스트 존 에런 스미스 등이"
            nm = _rx.match(r"(?:인|이자)?\s+((?:[가-힣]{1,5}\s){0,2}[가-힣]{2,5}?)"
                          r"(?:은|는|이|가|도|와|과|\s등(?:이|은|의|과|와)?)(?=[\s,])", after)
            if nm and not any(t in lex.not_names or t in lex.titles or _is_org_word(t, "ko") or _KO_NEAR_STOP.search(t)
                              for t in nm.group(1).split()):
                org_words = [wd for wd in before[-2:] if wd and not _KO_STOP_END.search(wd)]
                org = (org_words[-1] if org_words else "") + prefix
                finds.add(nm.group(1), _role(org, title, finds.people), title, "name after a title")
                continue
            if before and len(before[-1]) == 1 and before[-1] in lex.words["surnames"] and not prefix:
                # "한 대표는", "이 대표는": a family name that is also a common word; linked only to a full name
                finds.add_short(before[-1], f"{before[-1]} {title_w}", title)
                continue
            name, mods = _ko_name_before(before, lex)
            if title_w in lex.words["noun_titles"] and not _ko_native_name(name, lex):
                continue  # "인지기능 검사", "혈액 검사": a test, not a prosecutor
            used = len(name.split()) + len(mods.split())
            if name and len(before) > used and before[-used - 1].endswith(",") \
                    and _ko_native_name(before[-used - 1][:-1], lex):
                continue  # "김상진, 정은주, 정진호 OO병원 교수는": several people speak; the last is not the speaker
            org = " ".join(x for x in (mods, prefix) if x)
            if name:
                written = line[m.start() - len(" ".join(before[-len(name.split()):])) - 1:m.end()]
                if len(name.split()) == 1:
                    finds.add_short(name, f"{name} {prefix}{title_w}".strip(), title)
                if len(name) >= 2:
                    finds.add(name, _role(org, title, finds.people), title, "name before a title")
                _ = written
    _discover_ko_untitled(text, finds)


def _ko_native_name(name: str, lex: _Lex) -> bool:
    """A Korean name: three syllables starting with a family name (pack: surnames, surname_not_endings)."""
    return _rx.fullmatch(r"[가-힣]{3}", name) is not None and name.startswith(lex.words["surnames"]) \
        and not name.endswith(lex.words["surname_not_endings"])


_KO_BARE_SUBJECT = re.compile(r"(?<![가-힣])([가-힣]{3})(?:은|는|이|가)(?=[\s,])")


def _discover_ko_untitled(text: str, finds: _Finds) -> None:
    """A three-syllable word starting with a family name (pack: surnames), the subject of a clause whose verb is a
    strong reporting verb, is a person with no title ("박민수는 … “…”고 말했다")."""
    lex = _lex("ko")
    surnames = lex.words["surnames"]
    if not surnames:
        return
    titles = [t for t in lex.titles if len(t) >= 2]
    for m in _KO_BARE_SUBJECT.finditer(text):
        name = m.group(1)
        if name in finds.full or not name.startswith(surnames) or name.endswith(lex.words["surname_not_endings"]):
            continue
        if name in lex.not_names or name in lex.words["places"] or _is_org_word(name, "ko") or \
                _rx.search(lex.anonymous_alt, name) or any(t in name for t in titles) or _adnominal(name[-1]):
            continue
        clause = _rx.split(r"(?<=다)\.|\n", text[m.end():m.end() + 300], maxsplit=1)[0]
        if _rx.search(lex.cue_verb_alt, clause):
            finds.add(name, "", "", "family name, subject of a reporting verb")


# ---- Chinese
def _zh_name_at(s: str, lex: _Lex, need_surname: bool) -> str:
    """The name at the start of s (2-4 Han characters, or a dotted transliteration) if a boundary follows."""
    bounds = _zh_boundary(lex)
    m = _rx.match(rf"([{_HAN}]{{1,6}}(?:\s?[·・•]\s?[{_HAN}]{{1,6}})+)", s)
    if m:
        name = m.group(1)
        last = _rx.split(r"[·・•]\s?", name)[-1]
        head = name[:len(name) - len(last)]
        rest = s[len(head):]
        k = next((k for k in range(1, len(last) + 1) if k == len(last) or bounds.match(rest[k:])), len(last))
        return head + last[:k]
    run = _rx.match(f"[{_HAN}]*", s).group()
    cut = next((k for k in range(2, min(len(run), 5) + 1) if k == len(run) or bounds.match(s[k:])), 0)
    sizes = [n for n in ((4, 3, 2) if need_surname else (5, 4, 3, 2)) if n == cut] if cut else []
    for n in sizes:
        cand = s[:n]
        if len(cand) < n or not _rx.fullmatch(f"[{_HAN}]+", cand):
            continue
        rest = s[n:]
        if not (rest == "" or not _HAN_RE.match(rest[0]) or bounds.match(rest)):
            continue
        if need_surname and not any(cand.startswith(x) and len(cand) > len(x) for x in lex.words["surnames"]):
            continue
        if n > 2 and bounds.match(cand[-1:] + rest):
            continue  # "李明华也表示" read as 4 characters: the 4th starts an adverbial or the verb
        if bounds.match(cand) or _rx.match(lex.verb_alt, cand) or cand[0] in "团團们們界方员員":
            continue  # "记者团…": the title's own noun goes on, not a name
        if cand in lex.titles or any(cand.startswith(w) for w in lex.not_names) or _is_org_word(cand, "zh") or \
                _rx.search(lex.anonymous_alt, cand):
            continue
        return cand
    return ""


def _zh_boundary(lex: _Lex) -> re.Pattern[str]:
    return _zh_boundary_for(lex.lang)


@lru_cache(maxsize=4)
def _zh_boundary_for(lang: str) -> re.Pattern[str]:
    lex = _lex(lang)
    words = (*lex.words["adverbials"], *lex.words["prepositions"], *lex.words["verbs"],
             "及", "与", "與", "跟", "等", "的", "是", "将", "將", "已", "今", "昨", "本", "当",
             "當", "并", "並",
             "会", "會", "说", "說", "亲", "親", "致", "以", "指", "提", "率", "为", "為", "与", "则", "則", "時", "时")
    return re.compile(_alt(words))


def _discover_zh(text: str, finds: _Finds) -> None:
    lex = _lex("zh")
    for m in _rx.finditer(rf"({lex.title_alt})[”\"」』]?\s?", text):
        name = _zh_name_at(text[m.end():], lex, need_surname=False)
        if not name:
            continue
        if text[m.end() + len(name):m.end() + len(name) + 1] == "的" and text.count(name) == 1:
            continue  # "代行总统职权的…": a noun the title qualifies, named once, is not a person
        title = _title_of(m.group(1), "zh")
        head = text[max(0, m.start() - 12):m.start()]
        if _rx.search(r"(?:一位|一名|某|多位|有)$", head):
            continue
        org_m = _rx.search(rf"([A-Za-z0-9][A-Za-z0-9&]*|[{_HAN}]{{2,8}})\s?[”\"」』]?\s?$", head)
        org = ""
        if org_m:
            o = org_m.group(1)
            if _rx.fullmatch(r"[A-Za-z0-9][A-Za-z0-9&]*", o) or _is_org_word(o, "zh") or len(o) <= 4:
                org = o
        finds.add(name, _role(org, title, finds.people), title, "name after a title")
        if len(name) == 4 and _rx.search(re.escape(name[:2]) + rf"(?!{re.escape(name[2:])})", text):
            finds.add_short(name[:2], name[:2], title)  # a family name alone later ("高桥" of "高桥一郎")
    for m in _rx.finditer(rf"(?:{lex.title_alt})\s?([A-Z][a-z]+(?:[ \-][A-Z][a-z]+){{1,2}})(?![A-Za-z])", text):
        name = m.group(1)  # "發言人Steven Schrank說", "外交部長 Cho Hyun 則表示": a Latin name after a title
        if not _is_org_word(name, "en"):
            title = _title_of(_rx.match(lex.title_alt, m.group()).group(), "zh")
            finds.add(name, title, title, "Latin name after a title")
    for m in _rx.finditer(rf"([{_HAN}]{{2,3}})({lex.title_alt})", text):
        if any(n != m.group(1) and n.startswith(m.group(1)) and len(n) >= 4 for n in finds.full):
            finds.add_short(m.group(1), m.group(), _title_of(m.group(2), "zh"))
    # a transliterated name with the Latin original in brackets: "库克(Tim Cook)表示" (a person with no title)
    for m in _rx.finditer(rf"(?<![{_HAN}])([{_HAN}]{{2,4}})\s?[（(]([A-Z][a-z]+(?: [A-Z][a-z]+){{1,2}})[)）]", text):
        han, latin = m.group(1), m.group(2)
        if not (_is_org_word(han, "zh") or _is_org_word(latin, "en") or han in lex.titles
                or _rx.search(lex.anonymous_alt, han)) and latin not in finds.full and han not in finds.full:
            finds.add(han, "", "", "name with its Latin original in brackets")
    # a surname at the head of a clause whose verb reports speech: "李明说", "王小明今天受访表示"
    adv = _alt((*lex.words["adverbials"], *lex.words["prepositions"]))
    for m in _rx.finditer(rf"(?:^|[，,。；;：:！？!?、」』”\"\s])(?=[{_HAN}])", text, re.M):
        s = text[m.end():m.end() + 40]
        name = _zh_name_at(s, lex, need_surname=True)
        if not name:
            continue
        rest = s[len(name):]
        if _rx.match(rf"(?:(?:{adv})[^，,。：:“”\"]{{0,18}}?)?(?<!被)(?:{lex.verb_alt})", rest):
            if _zh_surname_only(name, lex):
                finds.add(name, "", "", "a surname alone (an unnamed person)", kind=ANONYMOUS)
            else:
                finds.add(name, "", "", "surname before a reporting verb")
    _discover_zh_name_before_title(text, finds, lex)


def _discover_zh_name_before_title(text: str, finds: _Finds, lex: _Lex) -> None:
    """"光田綜合醫院神經內科楊鈞百主任指出": a surname-led name between organisations and a title, the subject of a
    reporting verb (what stands before it is a chain of organisations and titles, or the clause's start)."""
    adv = _alt((*lex.words["adverbials"], *lex.words["prepositions"]))
    bounds = _zh_boundary(lex)
    for m in _rx.finditer(rf"(?:{lex.title_alt})", text):
        after = text[m.end():m.end() + 40]
        if not _rx.match(rf"(?:(?:{adv})[^，,。：:“”\"]{{0,18}}?)?(?<!被)(?:{lex.verb_alt})", after):
            continue
        for k in (3, 2, 4):
            name = text[max(0, m.start() - k):m.start()]
            if len(name) != k or not _rx.fullmatch(f"[{_HAN}]+", name) or name in finds.full \
                    or not any(name.startswith(x) and len(name) > len(x) for x in lex.words["surnames"]) \
                    or _is_org_word(name, "zh") or name in lex.titles or _rx.search(lex.title_alt, name) \
                    or _rx.search(lex.anonymous_alt, name) or _zh_surname_only(name, lex) \
                    or any(bounds.match(text, m.start() - k + i) for i in range(1, k)):
                continue  # "李明华在记者会上说": a preposition or verb inside is no name
            before = text[max(0, m.start() - k - 40):m.start() - k]
            head = _zh_strip_role_chain(before, lex)
            if head and not _rx.search(r"[，,。；;：:！？!?\s」』”)）“「『]$", head):
                continue  # no chain of organisations back to the clause's start: inside a word or a clause
            org = before[len(head):].strip("、 ")
            if not org:
                continue  # "任天堂社长在会上表示": with nothing before it, the word is the title's organisation
            finds.add(name, _role(org, _title_of(m.group(), "zh"), finds.people), _title_of(m.group(), "zh"),
                      "name between an organisation and a title")
            break


def _zh_surname_only(name: str, lex: _Lex) -> bool:
    """"王姓男子", "王男", "李女士": a surname and a word for a man or woman (pack: anonymous_after_surname)."""
    return any(name.startswith(sn) and name[len(sn):].startswith(lex.words["anonymous_after_surname"])
               for sn in lex.words["surnames"] if len(name) > len(sn))


# ---- Japanese
def _discover_ja(text: str, finds: _Finds) -> None:
    lex = _lex("ja")
    paren = r"(?:[（(][^）)]{1,30}[）)])?"
    chain = rf"(?:{lex.title_alt}){paren}(?:兼(?:{lex.title_alt}){paren})*"
    name_re = rf"(?<![{_HAN}])([{_HAN}]{{1,7}}?)|(?<![{_KATA}])([{_KATA}][{_KATA}・]{{1,20}})"
    for m in _rx.finditer(rf"(?:{name_re}){paren}({chain})", text):
        name = m.group(1) or m.group(2)
        org_inside = ""
        if m.group(1):
            for k in range(len(name) - 2, 1, -1):  # "山田日銀総裁": a name, then an organisation, then the title
                if _is_org_word(name[k:], "ja"):
                    name, org_inside = name[:k], name[k:]
                    break
            if len(name) > 5:
                continue
        if not name or name in lex.not_names or name in lex.titles or any(t in name for t in lex.titles if len(t) > 1):
            continue
        if m.group(1) and name in lex.org_suffixes:
            continue  # "チェジュ航空社長": an organisation's ending before the title, no name
        if m.group(2) and len(name.replace("・", "")) < 2:
            continue
        chain_w = m.group(3)
        first = _rx.match(lex.title_alt, chain_w)
        title = _title_of(first.group(), "ja") if first else ""
        # the role: the title after the name, or one before it ("創業者の山田太郎氏", "取締役を務める鈴木花子氏")
        head = text[max(0, m.start() - 14):m.start()]
        pre = _rx.search(rf"((?:[A-Za-z][A-Za-z0-9&]*|[{_HAN}{_KATA}]{{1,10}})?)({lex.title_alt})"
                        r"(?:の|を務める|で)$", head)
        org_m = _rx.search(rf"([A-Za-z][A-Za-z0-9&]*|[{_HAN}{_KATA}]{{2,10}})(?:の|）|\))$", head)
        if not title and pre:
            title = _title_of(pre.group(2), "ja")
            org = pre.group(1)
        else:
            org = org_inside or (org_m.group(1) if org_m else "")
        role = _role(org, title, finds.people) if title else ""
        if m.group(1) and len(name) >= 4:
            for k in range(len(name) - 2, 0, -1):
                tail = name[k:]
                later = text.replace(name, "")
                if _rx.search(re.escape(tail) + rf"[{_HAN}]{{1,3}}(?:{lex.title_alt}|の|は|が)", later):
                    org_inside = org_inside or name[:k]
                    name = tail  # "任天堂古川社長" when "古川俊太郎" is named elsewhere
                    break
        if m.group(1) and len(name) <= 2:
            finds.add_short(name, text[m.start():m.end()], title)
            if len(name) == 2:
                finds.add(name, role, title, "name before a title")
        else:
            finds.add(name, role, title, "name before a title")
    _discover_ja_dotted(text, finds)


def _discover_ja_dotted(text: str, finds: _Finds) -> None:
    """A foreign name in katakana with a middle dot ("ジョン・スミス"), the subject (は/が/も) of a clause that
    quotes (「) or reports (…と述べた), is a person with no title."""
    lex = _lex("ja")
    said = rf"と(?:{lex.verb_alt}|{_alt(lex.words['noun_verbs'])})"
    for m in _rx.finditer(rf"(?<![{_KATA}・])([{_KATA}]{{2,}}(?:・[{_KATA}]{{2,}})+)(?:は|が|も)", text):
        name = m.group(1)
        if name in finds.full or name in lex.not_names or _is_org_word(name, "ja") or \
                any(name in f.aliases for f in finds.full.values()):
            continue
        clause = _rx.split(r"[。\n]", text[m.end():m.end() + 200], maxsplit=1)[0]
        if "「" in clause or _rx.search(said, clause):
            finds.add(name, "", "", "dotted katakana name, subject of a quote")
    # a Latin full name right before a title: "Tim Cook CEOは「…」", "John Smith氏は"
    for m in _rx.finditer(rf"(?<![A-Za-z])([A-Z][a-z]+(?: [A-Z][a-z]+){{1,2}})\s?(?:{lex.title_alt})", text):
        name = m.group(1)
        if name not in finds.full and not _is_org_word(name, "en") and name.split()[0] not in _lex("en").not_names:
            finds.add(name, "", "", "Latin name before a title")
    # a role, a middle dot, then the name: "ジャーナリスト・山田太郎は「…」"
    dotted = rf"({lex.title_alt})・([{_HAN}]{{2,5}}|[{_KATA}]{{2,}}(?:・[{_KATA}]{{2,}})*)(?:氏|さん)?(?:は|が|も)"
    for m in _rx.finditer(dotted, text):
        name = m.group(2)
        if name not in finds.full and name not in lex.not_names and not _is_org_word(name, "ja"):
            title = _title_of(m.group(1), "ja")
            finds.add(name, title, title, "title, a middle dot, then the name")
    # a Han name with its reading (and age) in parentheses: "李明（イ・ミン＝33）", "山田太郎（やまだ・たろう）"
    for m in _rx.finditer(rf"(?<![{_HAN}])([{_HAN}]{{2,4}})[（(]([{_KATA}ぁ-ゖ][{_KATA}ぁ-ゖ・]{{1,20}})"
                          r"(?:[＝=][0-9０-９]{1,3})?[）)]", text):
        name = m.group(1)
        if name in finds.full or name in lex.not_names or _is_org_word(name, "ja") or "・" not in m.group(2) and \
                not _rx.search(r"[＝=]", m.group()):
            continue
        finds.add(name, "", "", "name with its reading in parentheses")
        if finds.full.get(name) is not None and _rx.match(f"[{_KATA}]", m.group(2)):
            finds.full[name].aliases.add(m.group(2))


# ---- cross-script and organisations
def _parenthesised(text: str, finds: _Finds) -> None:
    """'마크롱(Emmanuel Macron)', '马克龙(Emmanuel Macron)', '張三(チャン・サン)': one person in two scripts."""
    for name, f in list(finds.full.items()):
        if f.kind != "person":
            continue
        pat = r"[\s·・•]*".join(re.escape(p) for p in _rx.split(r"[\s·・•]+", name) if p)
        for m in _rx.finditer(rf"{pat}\s*[（(]\s*([^（）()]{{2,40}}?)\s*[)）]", text):
            inner = m.group(1).strip()
            if _rx.fullmatch(rf"{_EN_TOK}(?:\s+{_EN_TOK}){{1,3}}", inner) and not _is_org_word(inner, "en"):
                f.aliases.add(name)
                f.basis = (f.basis + "; " if f.basis else "") + "Latin name in parentheses"
                _rename(finds, name, inner)
                break
            if _rx.fullmatch(rf"[{_KATA}][{_KATA}・]+|[{_HAN}]{{2,4}}|[가-힣]{{2,5}}(?: [가-힣]{{1,5}})?", inner):
                f.aliases.add(inner)


def _rename(finds: _Finds, old: str, new: str) -> None:
    f = finds.full.pop(old)
    known = finds.people.person(new) if finds.people else None
    f.name = known.name if known else new
    target = finds.full.get(f.name)
    if target:
        target.aliases |= f.aliases | {old}
        target.role = target.role or f.role
    else:
        finds.full[f.name] = f


def _orgs(text: str, lang: str, finds: _Finds) -> None:
    """Organisations named in the text (acronyms and words with an organisation ending): never speakers."""
    lex = _lex(lang)
    titles = set(lex.titles) | set(_lex("en").titles)
    for m in _ACRONYM.finditer(text):
        w = m.group()
        if w not in titles and w not in _lex("en").not_names and w not in finds.full and len(w) >= 3:
            finds.add(w, kind="organisation", basis="acronym")


def _orgs_of_roles(finds: _Finds) -> None:
    """A name that is the organisation of someone's role ("X Chairman A B", "X 社長") is an organisation."""
    for f in list(finds.full.values()):
        if f.kind != "person" or not f.role or not f.title or not (f.role.endswith(f.title) or
                                                                   f.role.lower().startswith(f.title.lower() + " ")):
            continue
        org = f.role[:-len(f.title)].strip() if f.role.endswith(f.title) else \
            _rx.sub(r"^(?:of|at|for)\s+(?:the\s+)?", "", f.role[len(f.title):].strip())  # "CEO of X"
        other = finds.full.get(org)
        if other is not None and other is not f and other.kind == "person" and not other.role:
            other.kind = "organisation"
            other.basis = (other.basis + "; " if other.basis else "") + "the organisation of a role"


def _index(finds: _Finds, people: PeopleIndex | None, text: str = "") -> PeopleIndex:
    """Link short forms to full names, then build the document's index (override people first)."""
    _orgs_of_roles(finds)
    persons = {n: f for n, f in finds.full.items() if f.kind == "person"}
    if finds.lang in ("ja", "zh") and text:
        for n, f in list(persons.items()):
            others = [o for o in persons if o != n and len(o) >= 3]
            if any(_rx.search(re.escape(n) + r"(?:の|的)" + re.escape(o), text) for o in others) and \
                    not any(o.startswith(n) for o in others):
                f.kind = "organisation"  # "任天堂の古川俊太郎社長": 任天堂 is not a person
                persons.pop(n)
    if finds.lang == "ko":  # "로버츠 다저스 감독" beside "데이브 로버츠": a family name, then the organisation
        for n in [n for n in persons if len(n.split()) == 2]:
            head = n.split()[0]
            full = [m for m in persons if m != n and len(m.split()) >= 2 and m.split()[-1] == head]
            if len(full) == 1:
                persons[full[0]].aliases.add(n)
                persons[full[0]].shorts.add(n)
                persons.pop(n)
                finds.full.pop(n, None)
    if finds.lang == "ko":
        _ko_split_glued_organisation(persons, finds, text)
    for f in list(persons.values()):  # "스미스" of "존 에런 스미스", "马克龙" of "埃马纽埃尔·马克龙"
        for form in {f.name, *f.aliases}:
            words = [w for w in _rx.split(r"[\s·・•]+", form) if w]
            latin = _rx.match(r"[A-Za-z]", form) is not None
            if len(words) >= 2:
                for w in words:
                    if len(w) >= (3 if latin else 2) and w not in _lex("en" if latin else finds.lang).not_names \
                            and not w.endswith("."):
                        finds.add_short(w, w, "")
    for short, written, title in finds.short:
        cands = [f for n, f in persons.items() if n != short and _short_of(short, n, f)]
        if len(cands) > 1 and title:
            same = [f for f in cands if f.title == title]
            cands = same or cands
        if len(cands) > 1 and text and not title:
            cands = _named_first(cands, text)
        if len(cands) == 1:
            target = cands[0]
            target.aliases.add(written)
            target.shorts.add(written)
            if len(short) >= 2 or _rx.fullmatch(r"[A-Za-z].*", short):
                target.aliases.add(short)
                target.shorts.add(short)
            if short in persons and persons[short] is not target and not persons[short].aliases:
                finds.full.pop(short, None)
    out: list[Person] = []
    for f in finds.full.values():
        if people is not None and people.person(f.name) is not None:
            known = people.person(f.name)
            if f.aliases - set(known.aliases):
                out.append(Person(known.name, tuple(sorted(f.aliases)), f.role or known.role, known.kind, known.basis,
                                  tuple(sorted(f.shorts))))
            continue
        out.append(Person(f.name, tuple(sorted(a for a in f.aliases if a != f.name)), f.role, f.kind,
                          f.basis or "rule", tuple(sorted(f.shorts))))
    return PeopleIndex(out, base=people)


def _ko_split_glued_organisation(persons: dict[str, _Found], finds: _Finds, text: str) -> None:
    """"고홍병 한국에자이 대표" beside "고홍병 대표": the first word is the whole name (found alone before a title),
    the second an organisation with no organisation ending; it goes to the role. A family name found alone
    ("스미스 총리" of "존 스미스 총리") keeps the two words a name, and so does a given name never written alone
    ("우에다 가즈오" beside "우에다 총재"): the second word must stand elsewhere without the first."""
    for n in [n for n in persons if len(n.split()) == 2]:
        first, second = n.split()
        alone = persons.get(first)
        if alone is None or second in persons or alone is persons[n] \
                or not _rx.fullmatch(r"[가-힣]{2,4}", first) \
                or any(short == second for short, _, _ in finds.short) \
                or not _rx.search(rf"(?<!{re.escape(first)} )(?<![가-힣]){re.escape(second)}", text):
            continue
        glued = persons.pop(n)
        finds.full.pop(n, None)
        if glued.title:
            alone.role, alone.title = f"{second} {glued.role}".strip() if second not in glued.role else glued.role, \
                glued.title
        alone.basis = (alone.basis + "; " if alone.basis else "") + "an organisation glued to the name split off"


def _named_first(cands: list[_Found], text: str) -> list[_Found]:
    """Two people share a family name ("Keisuke Naito ... his father Haruo Naito"; then "Naito said"): the bare
    name is the one named in full first, the story's subject by newswire custom (the other keeps his full name)."""
    where = sorted((text.find(f.name), i) for i, f in enumerate(cands) if text.find(f.name) >= 0)
    if len(where) != len(cands):
        return cands
    return [cands[where[0][1]]]


def _short_of(short: str, full: str, f: _Found) -> bool:
    """Is `short` a family or given name of `full` (a word of it, or its first characters in CJK scripts)?"""
    words = [w for w in _rx.split(r"[\s·・•]+", full) if w]
    aliases = [a for a in f.aliases if a]
    if short in words and len(words) >= 2:
        return True
    if any(short in _rx.split(r"[\s·・•]+", a) and len(_rx.split(r"[\s·・•]+", a)) >= 2 for a in aliases):
        return True
    if _rx.fullmatch(f"[{_HAN}{_HANGUL}]+", short) and len(words) == 1 and full.startswith(short) \
            and len(full) > len(short):
        return True
    return False


# ----------------------------------------------------------------------------------------------------- patterns
@lru_cache(maxsize=16)
def _pat(lang: str) -> dict[str, re.Pattern[str]]:
    """The per-language regular expressions, built once from the pack's word lists."""
    lex = _lex(lang)
    w = lex.words
    titles = lex.title_alt
    p: dict[str, re.Pattern[str]] = {}
    p["verb"] = re.compile(rf"(?:{lex.verb_alt})")
    p["cue_verb"] = re.compile(rf"(?:{lex.cue_verb_alt})")
    if lang == "en":
        p["verb"] = re.compile(rf"\b(?:{lex.verb_alt})\b", re.IGNORECASE)
        p["anaphor"] = re.compile(rf"\b(?:{_alt(w['pronouns'])}|{_alt(x.title() for x in w['pronouns'])})\b"
                                  rf"|\b[Tt]he ({titles})\b")
        caps = _alt(x.capitalize() for x in w["org_anaphors"])
        p["org_anaphor"] = re.compile(rf"\b(?:{lex.org_anaphor_alt}|{caps})\b")
    elif lang == "ko":
        p["anaphor"] = re.compile(rf"(?<![가-힣])(?:{lex.pronoun_alt})(?=는|가|의|도)"
                                  rf"|(?:이|그|해당)\s*({titles})(?=은|는|이|가|도)")
        p["org_anaphor"] = re.compile(lex.org_anaphor_alt)
    elif lang == "zh":
        kin = _alt(w["possessed_nouns"])  # "她丈夫說": her husband speaks, not she
        p["anaphor"] = re.compile(rf"(?:{lex.pronoun_alt})(?![们們]|{kin})|(?:该|該|這位|这位|此位)({titles})")
        p["org_anaphor"] = re.compile(lex.org_anaphor_alt)
    else:
        p["anaphor"] = re.compile(rf"(?:{lex.pronoun_alt})(?!ら)")
        p["org_anaphor"] = re.compile(lex.org_anaphor_alt)
    if lang == "zh":
        after = _alt(w["verb_blocks_after"])
        blocks = "".join(f"(?<!{re.escape(b)})" for b in w["verb_blocks_before"] if len(b) == 1)
        p["verb"] = re.compile(rf"{blocks}(?:{lex.verb_alt})(?!(?:{after}))")
    return p


_KO_CUE = re.compile(r"^\s*(?:(?:이)?라고|고|(?:이)?라며|며|(?:이)?라는|(?:이)?라면서|면서)(?:도)?\b")
_KO_STANCE = re.compile(
    r"\s*(?:이)?라?는\s*(?:입장|반응|설명|주장|의견|말)(?:이다|입니다|이었|을 보였|을 밝혔|을 내놨|을 했)"
)


def _zh_reported_re() -> re.Pattern[str]:
    return _zh_reported(_lex("zh").verb_alt)


@lru_cache(maxsize=2)
def _zh_reported(verbs: str) -> re.Pattern[str]:
    lex = _lex("zh")
    objects = _alt(lex.words["report_objects"])
    bare = _alt(lex.words["verbs_without_comma"])
    told = _alt(lex.words["verbs_with_object"])  # "告诉经济观察网，…": whoever is told, then the words
    return re.compile(
        rf"^\s*([^。:：\"“”《》]{{0,30}}?)(?<!被)(?:(?:{verbs})[了道着起]?(?:說|说)?(?:{objects})?\s*[,，:：]\s*"
        rf"|(?:{told})[^，,。:：\"“”「」《》]{{1,12}}?[,，:：]\s*"
        rf"|(?:{bare})[了起]?(?=[^，,。]{{6,}}))")


@lru_cache(maxsize=2)
def _en_reported() -> re.Pattern[str]:
    lex = _lex("en")
    verbs = lex.verb_alt
    objects = _alt(lex.words["report_objects"])
    addressed = _alt(lex.words["verbs_to_addressee"]) or "(?!)"
    return re.compile(
        rf"^\s*(?:also\s+|has\s+|had\s+|previously\s+|later\s+|then\s+)?(?:"
        rf"(?:{verbs})(?:\s+(?:{objects}|(?:[A-Z][\w.]*\s*){{1,4}}|the\s+(?:[A-Z][\w.]*\s*){{1,4}}|the\s+\w+"
        rf"|an?\s+\w+))?"
        rf"(?:\s+(?:on|in|at|after|during|last|this|late|early)\s+(?:[^,:\"“”]|(?<=\d):(?=\d)){{1,60}}?)?"
        rf"\s*(?:,|:|that\b)"
        rf"|(?:{addressed})\s+to\s+(?:the\s+)?[\w'’.\- ]{{1,40}}?"  # "reported to the coast guard … that"
        rf"(?:\s+(?:on|in|at|after|during|around|last|this|late|early)\s+(?:[^,:\"“”]|(?<=\d):(?=\d)){{1,60}}?)?"
        rf"\s+that\b"
        rf"|(?:said|says|predicted|warned|argued|insisted|noted|added|believes|thinks|announced|stressed|emphasized"
        rf"|claims|insists|warns|stresses|believes)"
        rf"(?=\s+(?!to\b|in\b|on\b|at\b|during\b|last\b|this\b|with\b|of\b|for\b|it\s+was\b)[A-Za-z]))\s*"
    )


@lru_cache(maxsize=2)
def _ko_reported_end() -> re.Pattern[str]:
    verbs = _lex("ko").verb_alt
    return re.compile(
        rf"(?:(?:이)?라고|다고|(?:이)?라며|(?<=것)으로|냐고|고)(?:도)?\s*(?:[가-힣]+\s+){{0,2}}?(?:{verbs})[가-힣]*[.\s]*$"
    )


@lru_cache(maxsize=2)
def _ko_connective() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{_alt(_lex('ko').words['connectives'])})\s*,?\s*")


@lru_cache(maxsize=2)
def _ja_verb_re() -> re.Pattern[str]:
    lex = _lex("ja")
    stance = _alt(lex.words["stance_nouns"])
    return re.compile(rf"(?:と|っと|って)(?:も|は)?[、,]?\s*(?:{lex.verb_alt})|との(?:{stance})")


_OPEN_CLOSE = {"“": "”", "‘": "’", "「": "」", '"': '"', "'": "'"}
_DOUBLE = ("“", '"', "「")
for _code in langpack.languages():  # quotation marks a pack declares ("„…“", "»…«"): same handling as the others
    for _pair in langpack.pack(_code, "quotes").get("quote_marks", []):
        if len(_pair) == 2 and _pair[0] not in _OPEN_CLOSE:
            _OPEN_CLOSE[str(_pair[0])] = str(_pair[1])
            _DOUBLE = (*_DOUBLE, str(_pair[0])) if _pair[0] not in "‚‘'" else _DOUBLE
_SINGLE = ("‘", "'")


@dataclass
class _Speaker:
    name: str
    role: str = ""
    text: str = ""
    attribution: str = "explicit"


@dataclass
class _State:
    """What the previous sentences said: last speaker, roles stated in the document, recent person mentions."""

    lang: str = "en"
    people: PeopleIndex = field(default_factory=lambda: PeopleIndex([]))
    last_speaker: _Speaker | None = None
    last_speaker_idx: int = -10
    intro: _Speaker | None = None  # "Following are excerpts from X's comments": whose quotes follow
    roles: dict[str, str] = field(default_factory=dict)  # canonical -> role stated in the text
    labels: dict[str, str] = field(default_factory=dict)  # label speaker (blogger 'X') -> role
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (sentence_idx, canonical) of persons
    full_seen: set[str] = field(default_factory=set)  # persons already named in full ("埃马纽埃尔·马克龙")
    org_mentions: list[tuple[int, str]] = field(default_factory=list)  # (sentence_idx, written) of organisations


# ----------------------------------------------------------------------------------------------------- helpers
_EN_APPOSITIVE = re.compile(r",\s*((?:an?\s+|the\s+)?[^,;:\"“”()]{3,80}?)\s*(?:,|\.?$)")


def _role_near(text: str, start: int, end: int, people: PeopleIndex | None = None, lang: str = "en") -> str:
    """Role stated right after a name in this sentence: "Oren Etzioni, a professor emeritus at ..."."""
    if lang == "en":
        app = _EN_APPOSITIVE.match(text[end:])
        if app and _title_re("en").search(app.group(1)) and not (
                people and people.find(app.group(1)) and " and " in app.group(1)):
            return _rx.sub(r"^(?:an?|the)\s+", "", app.group(1)).strip()
    return ""

def _is_single_term(q: str, lang: str) -> bool:
    q = q.strip()
    if lang in ("zh", "ja"):
        return len(q) <= 8 and not _rx.search(r"[,，。！？!?、；;]", q)
    words = q.split()
    if len(words) <= 1:
        return True
    if lang == "ko":
        return len(words) <= 2 and not _rx.search(r"(?:다|요|죠|까|네|지)[.!?…]*$", q)
    return len(words) <= 2


def _is_one_token(q: str, lang: str) -> bool:
    q = q.strip()
    if lang in ("zh", "ja"):
        return len(q) <= 4
    return len(q.split()) <= 1


# "'X'라고 불리는", "'X'라는 단편영화", "called 'X'", "被称为" : naming, not speech.
_NAMING = re.compile(
    r"\s*(?:(?:이)?라고\s*(?:불리|부르|이름)|(?:(?:이)?라는|는|란)(?!\s*(?:반응|말|입장|발언|주장|평가))|"
    r"(?:이|가|을|를|의|와|과|로|으로|에)(?![가-힣]))"
)
_NAMING_BEFORE = re.compile(
    r"(?:\b(?:called|dubbed|named|so-called|titled|the word|the term)|被称为|称为|称之为|所谓|名为|叫做)\s*$",
    re.IGNORECASE,
)


def _speechlike(q: str, lang: str) -> bool:
    q = q.strip()
    if _is_single_term(q, lang):
        return False
    if lang == "ko":
        return bool(_rx.search(r"(?:다|요|죠|까|데|네|지|라|군|자)[\s.!?…~]*$", q)) or "?" in q
    if lang == "en":
        return len(q.split()) >= 4 and bool(_rx.search(r"[.!?]$", q) or len(q.split()) >= 6)
    if lang == "ja" and len(q) >= 10 and _rx.search(r"(?:[、。！？!?…]|[だたいるすねよか]$)", q):
        return True  # "…理解したが残念だ": a Japanese clause with a comma or a predicate ending
    return len(q) >= 10 and bool(_rx.search(r"[,，。！？!?…]", q))


def _quote_spans(text: str) -> list[tuple[int, int, str]]:
    """(open_pos, close_pos, opener) of quoted spans; outer double quotes first, then single ones outside them."""
    spans: list[tuple[int, int, str]] = []
    for openers in (_DOUBLE, _SINGLE):
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == '"' and _rx.match(r'"(?:라고|고\s|라며|며\s|이라|라는|と)', text[i:i + 4]) and \
                    not any(s <= i <= e for s, e, _ in spans):
                i += 1  # a stray closing mark ('…생각합니다."라고'): not the opening of a quote
                continue
            if ch in openers and not any(s <= i <= e for s, e, _ in spans):
                if ch == "'" and ((i > 0 and text[i - 1].isalpha() and _rx.match(r"[A-Za-z]", text[i - 1]))
                                  or _rx.match(r"'s\b", text[i:i + 3])):
                    i += 1  # apostrophe (don't, Acme's)
                    continue
                if ch == "'" and i > 0 and _rx.match(r"[가-힣]", text[i - 1]) and "'" not in text[i + 1:]:
                    i += 1  # a closing mark whose opener was another sign ("`기억장애클리닉'을 개설했다")
                    continue
                close = _OPEN_CLOSE[ch]
                j = text.find(close, i + 1)
                while ch == "'" and j != -1 and j + 1 < len(text) and _rx.match(r"[A-Za-z]", text[j + 1]) \
                        and _rx.match(r"[A-Za-z]", text[j - 1]):
                    j = text.find(close, j + 1)
                if j == -1:
                    spans.append((i, len(text), ch))  # open until the end of the sentence
                    break
                spans.append((i, j, ch))
                i = j + 1
                continue
            i += 1
    return sorted(spans)




def _outside(mentions: list[tuple[int, int, str]], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return [m for m in mentions if not any(s <= m[0] < e for s, e, _ in spans)]


def _ko_subject_ok(text: str, end: int) -> bool:
    """A Korean mention can be the speaker unless a case particle other than topic/subject follows it."""
    nxt = text[end:end + 2]
    return not _rx.match(r"(?:의|를|을|에|와|과|로|으로|만|께)", nxt)


def _label_speakers(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, label, role) for bloggers/users named by a quoted label: 블로거 '밤하늘 연구소'."""
    out = []
    pat = r"(블로거|유튜버|博主|网友|ブロガー|blogger|YouTuber)\s*['‘\"“「]([^'’\"”」]{1,30})['’\"”」]"
    for m in _rx.finditer(pat, text):
        label = m.group(1)
        role = next((_lex(c).titles[label] for c in LANGS if label in _lex(c).titles), label.lower())
        out.append((m.start(), m.end(), m.group(2).strip(), role))
    return out


def _resolve_anaphor(match: re.Match[str], state: _State, idx: int) -> _Speaker | None:
    title = next((g for g in match.groups() if g), None) if match.groups() else None
    if title:
        want = _title_of(title, state.lang)
        cands = [n for n, r in state.labels.items() if r.endswith(want)]
        cands += [n for n, r in state.roles.items() if want and r.endswith(want)]
        if state.last_speaker and want and state.last_speaker.role.endswith(want):
            cands.insert(0, state.last_speaker.name)
        if len(set(cands)) >= 1:
            name = cands[0]
            role = state.labels.get(name) or state.roles.get(name, "")
            return _Speaker(name, role, match.group(), "coreference")
        if state.last_speaker and idx - state.last_speaker_idx <= 2 and state.lang == "en":
            s = state.last_speaker  # "the 92-year-old said", "the president added": the speaker just quoted
            return _Speaker(s.name, s.role, match.group(), "coreference")
        return None
    # pronoun: the most recent of (last speaker, last person mentioned in an earlier sentence), if near
    mention = next(((sidx, n) for sidx, n in reversed(state.mentions) if sidx < idx), None)
    speaker = state.last_speaker if state.last_speaker and idx - state.last_speaker_idx <= 3 else None
    if speaker and (mention is None or mention[0] <= state.last_speaker_idx):
        return _Speaker(speaker.name, speaker.role, match.group(), "coreference")
    if mention and idx - mention[0] <= 1:  # precision first: only the person named in the sentence before
        return _Speaker(mention[1], state.roles.get(mention[1], ""), match.group(), "coreference")
    return None


def _title_reference(text: str, state: _State) -> _Speaker | None:
    """A title used alone ("Acme首席技术官最新透露", "首相は", "the prime minister") -> the one person the
    document gives that role."""
    people = state.people
    for m in _title_re(state.lang).finditer(text):
        if any(abs(s - m.end()) <= 1 or abs(e - m.start()) <= 1
               for s, e, n in people.find(text) if people.kind(n) == "person"):
            continue
        want = _title_of(m.group(), state.lang)
        if not want:
            continue
        head = text[max(0, m.start() - 14):m.start()]
        org = _rx.search(r"([A-Za-z][A-Za-z0-9&]+|[가-힣]{2,8}|[一-鿿]{2,8})\s*(?:의|の)?\s*$", head)
        cands = {n for n, r in state.roles.items() if r.endswith(want)}
        if org and len(cands) > 1:
            cands = {n for n in cands if org.group(1) in state.roles[n]} or cands
        elif org and len(cands) == 1 and _rx.match(r"[A-Z가-힣一-鿿]", org.group(1)) and \
                state.roles[next(iter(cands))] != want and org.group(1) not in state.roles[next(iter(cands))]:
            continue  # "Ex-PPP chief says …" is not the one chief the document names ("Chief Justice …")
        if len(cands) == 1:
            name = cands.pop()
            return _Speaker(name, state.roles[name], text[m.start():m.end()], "coreference")
    return None


# ----------------------------------------------------------------------------------------------------- speakers
def _org_speaker(text: str, start: int, end: int, written: str, state: _State) -> _Speaker:
    """An organisation as subject: its spokesperson when the text says so, else nobody ("unattributed")."""
    lex = _lex(state.lang)
    after = text[end:end + 24]
    before = text[max(0, start - 30):start]
    sp = _rx.match(rf"\s*(?:'s\s+|의\s*|の\s*)?(?:{lex.spokes_alt})", after, re.IGNORECASE)
    if not sp and state.lang == "en":
        sp = _rx.search(rf"(?:{lex.spokes_alt})\s+(?:for|of|at)\s+(?:the\s+)?$", before, re.IGNORECASE)
    name = state.people.canonical(written) if state.people.person(written) else written
    if sp:
        return _Speaker(f"{SPOKESPERSON} of {name}", SPOKESPERSON, f"{written} {sp.group().strip()}", "explicit")
    return _Speaker(UNATTRIBUTED, "", written, "unattributed")


def _subject_rank(text: str, start: int, end: int, lang: str) -> int:
    """0 for the topic of the clause (X는, Xは), 1 for a subject (X가, Xが), 2 otherwise (ko/ja)."""
    tail = text[end:end + 40]
    lex = _lex(lang)
    if lang == "ko":
        bare = _rx.match(r"(은|는|이|가|도)(?![가-힣])", tail)  # the particle right on the mention comes first
        if bare:
            return 0 if bare.group(1) in ("은", "는", "도") else 1
        m = _rx.match(rf"(?:\s*(?:[가-힣A-Za-z0-9()&]+\s+){{0,2}}?[가-힣A-Za-z0-9&]*?(?:{lex.title_alt})"
                     r"(?:\([A-Za-z]+\))?)?"
                     r"(은|는|이|가|도)(?![가-힣])", tail)
        if m:
            return 0 if m.group(1) in ("은", "는", "도") else 1
        if lex.words["topic_words"] and _rx.match(rf"\s+(?:{_alt(lex.words['topic_words'])})(?=[\s,])", tail):
            return 0  # "박민수 역시 “…”라고 밝혔다": the name, then "too", is the topic
    elif lang == "ja":
        m = _rx.match(rf"(?:[（(][^）)]{{1,30}}[）)])?\s?(?:[{_HAN}]{{1,2}}(?=(?:{lex.title_alt})))?"
                     rf"(?:(?:{lex.title_alt})(?:[（(][^）)]{{1,20}}[）)])?(?:兼)?)*(は|が|も)", tail)
        if m:
            return 0 if m.group(1) in ("は", "も") else 1
    return 2


def _speaker_in(
    text: str, spans: list[tuple[int, int, str]], qpos: int, lang: str, state: _State, idx: int,
) -> _Speaker | None:
    """The speaker named in this sentence for the quote at ``qpos`` (outside any quoted span)."""
    people = state.people
    labels = list(_label_speakers(text))
    mentions = _outside(people.find(text), spans)
    mentions = [m for m in mentions if not any(ls <= m[0] < le for ls, le, _, _ in labels)]
    if lang == "ko":
        mentions = [m for m in mentions if _ko_subject_ok(text, m[1])]
    if lang == "en":  # a possessive ("Biden's response") is not the subject of a clause
        mentions = [m for m in mentions if not _rx.match(r"['’]s\b", text[m[1]:m[1] + 3])]
    if labels:
        s, e, name, role = min(labels, key=lambda x: abs(x[0] - qpos))
        return _Speaker(name, role, name, "explicit")
    if lang == "en":  # '"…," he told reporters, though he did not reveal Biden's response': the pronoun speaks
        close = next((e for s, e, _ in spans if s == qpos), -1)
        pm = _rx.match(rf"\s*[,.]?\s*(?:he|she|He|She)\s+(?:{_lex('en').verb_alt})\b", text[close + 1:]) \
            if close >= 0 else None
        if pm:
            am = _pat("en")["anaphor"].search(text, close + 1)
            sp = _resolve_anaphor(am, state, idx) if am else None
            if sp:
                return sp
            mention = next(((sidx, n) for sidx, n in reversed(state.mentions) if sidx < idx), None)
            if am and mention and idx - mention[0] <= 3:  # the person named last, a few sentences up
                return _Speaker(mention[1], state.roles.get(mention[1], ""), am.group(), "coreference")
            if am:  # the pronoun is the speaker: never a person named later in the sentence
                return _Speaker(UNATTRIBUTED, "", am.group(), "unattributed")
    persons = [m for m in mentions if people.kind(m[2]) == "person"]
    orgs = [m for m in mentions if people.kind(m[2]) != "person"]
    if persons:
        before = [m for m in persons if m[1] <= qpos]
        after = [m for m in persons if m[1] > qpos]
        if lang in ("ko", "ja") and before:
            # the topic (X는, Xは) before a mere subject (X가, Xが); between equals the one nearer the quote (an
            # earlier "X가 …한" is inside a clause that qualifies something else)
            ranked = sorted(before, key=lambda m: (_subject_rank(text, m[0], m[1], lang), -m[0]))
            best = ranked[0]
            if _subject_rank(text, best[0], best[1], lang) == 2:
                prev = _previous(state, idx, window=2)
                if prev is not None:  # nobody named here is a subject: the clause goes on with the last speaker
                    return prev
            pick = best if _subject_rank(text, best[0], best[1], lang) < 2 else before[-1]
        elif lang == "en" and after and not before:
            pick = after[0]
        elif lang == "zh" and len(before) >= 2:
            pick = _zh_clause_subject(text, before, qpos)
        elif before:
            pick = before[-1]
        else:
            pick = after[0]
        # an organisation that is the topic of the clause outranks a person only mentioned in it
        if lang in ("ko", "ja") and orgs:
            topic_orgs = [o for o in orgs if o[1] <= qpos and _subject_rank(text, o[0], o[1], lang) == 0]
            if topic_orgs and _subject_rank(text, pick[0], pick[1], lang) == 2 and topic_orgs[0][0] < pick[0]:
                o = topic_orgs[0]
                return _org_speaker(text, o[0], o[1], text[o[0]:o[1]], state)
        written = text[pick[0]:pick[1]]
        role = _role_near(text, pick[0], pick[1], people, lang) or state.roles.get(pick[2], "")
        return _Speaker(pick[2], role, written, _mention_attribution(written, pick[2], people, state))
    outside_text = "".join(ch if not any(s <= i < e for s, e, _ in spans) else " " for i, ch in enumerate(text))
    ana = _pat(lang)["anaphor"].search(outside_text)
    if ana:
        sp = _resolve_anaphor(ana, state, idx)
        if sp:
            return sp
    if orgs:
        before = [m for m in orgs if m[1] <= qpos]
        o = before[-1] if before else orgs[0]
        return _org_speaker(text, o[0], o[1], text[o[0]:o[1]], state)
    org_ana = _pat(lang)["org_anaphor"].search(outside_text)
    if org_ana:
        return _resolve_org_anaphor(org_ana, state, idx)
    return _title_reference(outside_text, state)


def _zh_clause_subject(text: str, before: list[tuple[int, int, str]], qpos: int) -> tuple[int, int, str]:
    """Of the persons named in the clause before a quote, its subject: the first one not in a possessive
    ("主席A祝福B：“…”" is A's), else the nearest; the clause starts after the last sentence or clause stop."""
    stops = [m.end() for m in _rx.finditer(r"[。！？!?；;，,]", text[:qpos])]
    start = stops[-1] if stops else 0
    inside = [m for m in before if m[0] >= start and not text[m[1]:m[1] + 1] == "的"]
    if len(inside) >= 2 and inside[0][2] != inside[-1][2]:
        return inside[0]
    return before[-1]


def _resolve_org_anaphor(match: re.Match[str], state: _State, idx: int) -> _Speaker | None:
    for sidx, name in reversed(state.org_mentions):
        if 0 <= idx - sidx <= 3:
            return _Speaker(UNATTRIBUTED, "", f"{match.group()} ({name})", "unattributed")
    return _Speaker(UNATTRIBUTED, "", match.group(), "unattributed")


def _has_cue(text: str, s: int, e: int, lang: str) -> bool:
    """A reporting verb attached to the quoted span text[s:e+1]."""
    after = text[e + 1:]
    before = text[:s]
    if lang == "ko" or _rx.search(r"[가-힣]", after[:4]):
        cue_verb = _pat("ko")["cue_verb"]
        if _KO_CUE.match(after) and _rx.search(r"(?:라고|고)(?:도)?\s*(?:했|하였|한다|합니다)", after[:9]):
            return True
        if _KO_STANCE.match(after):  # "..."는 입장이다 / 라는 반응을 보였다
            return True
        if _KO_CUE.match(after) and cue_verb.search(after[:60]):
            return True
        # quotative 고/라고 and the clause's predicate: '"…"고 너스레를 떨었다', '"…"라고 발언했습니다'
        clause = _rx.split(r"(?<=다)\.", after, maxsplit=1)[0]
        if _rx.match(r"\s*(?:(?:이)?라고|고|(?:이)?라며|며|(?:이)?라면서|면서)(?:도)?\s", after) and \
                _KO_PAST_END.search(clause) and len(clause) <= 60:
            return True
    if lang in ("zh", "ja") or _rx.search(r"[一-龥ぁ-んァ-ン]", after[:4] + before[-4:]):
        ja = _lex("ja")
        if _rx.match(rf"\s*との(?:{_alt(ja.words['stance_nouns'])})", after):
            return True
        nouns = _alt(ja.words["noun_verbs"])
        if _rx.match(rf"\s*と(?:{nouns})(?:[。、]|$|し)", after) or \
                _rx.match(r"\s*と[^。「」]{1,12}?を(?:寄せ|示し|見せ|語っ|述べ|表し)", after):
            return True
        if _rx.match(r"\s*とし(?:[、,]|ながら|つつ)", after):
            return True  # "「…」とし、…と述べた", "「…」としながらも": the quotative of a report
        if _rx.match(rf"\s*(?:と|って)(?:も|は)?[、,]?\s*(?:{ja.verb_alt})", after) or _rx.match(
            rf"\s*と[^。「」]{{1,25}}?(?:{ja.verb_alt})", after
        ) or _rx.match(r"\s*(?:と|って)した(?:うえで|上で)", after):
            return True
        zh_verbs = _lex("zh").verb_alt
        zh_verb = _pat("zh")["verb"]
        if _rx.search(rf"(?:{zh_verbs})[了道着]?\s*[,，:：]?\s*$", before) and zh_verb.search(before[-8:]):
            return True
        if _rx.search(rf"(?:{zh_verbs})[了道着]?[^，,。：:“”\"「」]{{1,8}}[:：]\s*$", before) and \
                zh_verb.search(before[-16:]):
            return True  # "主席A祝福B：“…”": the verb takes an object before the colon
        if _rx.match(rf"\s*[,，]?\s*([^,，。\"“”]{{0,12}}?)(?:{zh_verbs})(?:道)?\s*[。.]?\s*$", after):
            return True
    if lang == "en" or _rx.search(r"[A-Za-z]", after[:3] + before[-3:]):
        verbs = _lex("en").verb_alt
        if _rx.match(rf"\s*[,.]?\s*(?:[\w.\-’']+,?\s+){{0,12}}\s*(?:{verbs})\b", after):
            return True
        if _rx.match(rf"\s*[,.]?\s*(?:[A-Z][\w.\-’']*\s+){{1,4}}?[A-Z][\w.\-’']*(?:,\s+[^\"“”,]{{3,120}}?){{1,2}},"
                    rf"\s+(?:also\s+)?(?:{verbs})\b", after):
            return True  # '"…," Jane Doe, who heads …, told NHK', '"…," A B, deputy director of X, who is …, said'

        if _rx.search(rf"\b(?:{verbs})(?:\s+[\w'’.-]+){{0,12}}\s*[,:]\s*$", before):
            return True
        if _rx.search(rf"\b(?:{_alt(_lex('en').words['participles'])})(?:\s+(?:a|an|the|that))?\s*[,:]?\s*$",
                      before):
            return True
        if _rx.search(rf"\b(?:{verbs})\b[^\"“”.]{{0,60}}\bthat\s*$", before):  # 'told the news media that“…”'
            return True
        if _rx.search(r"\baccording to\b[^.]{0,60}[,:]?\s*$", before, re.IGNORECASE):
            return True
        if _rx.search(rf"\b(?:{verbs})\s+(?:that\s+)?[^\"“”]{{0,80}}$", before) and _rx.match(r"[\s.,]*$", after[:3]):
            return True  # 'said that the opening "will further strengthen ..."'
        if _rx.search(rf"\b(?:{verbs})\s+(?:that\s+)?(?:it|this|that|they|the\s+[\w\-]+)\s+(?:was|is|were|are|had been|"
                      r"has been|would be|will be)\s+(?:[a-z]+ly\s+)?$", before):
            return True  # 'X said it was "very unfortunate" that …': the speaker's own judgement, quoted
    return False


# a Korean past-tense predicate at a clause end: any syllable whose final consonant is ㅆ ("했다", "건넸습니다")
_KO_PAST = "".join(chr(0xAC00 + lead_vowel * 28 + 20) for lead_vowel in range(19 * 21))
_KO_PAST_END = re.compile(rf"[{_KO_PAST}](?:다|습니다)?[.\s]*$")


def _colon_intro_without_speaker(text: str, s: int) -> bool:
    """'请你想象一幕场景:" ..."' / 'the prompt:' -> a cited text, not speech."""
    before = text[:s].rstrip()
    if not before.endswith((":", "：")):
        return False
    head = before[:-1]
    saying = _rx.search(rf"\b(?:{_alt(_lex('en').words['participles'])})\s*$", head)  # "…, saying: “…”"
    return not (_pat("zh")["verb"].search(head[-8:]) or _pat("en")["verb"].search(head[-30:]) or saying)


def _spokes_subject(text: str, lang: str) -> _Speaker | None:
    """An unnamed spokesperson of an organisation: "an Acme spokesperson", "外交部发言人表示", "X 대변인은"."""
    lex = _lex(lang)
    if lang == "en":
        m = _rx.search(rf"\b(?:[Aa]n?|[Tt]he)\s+((?:[A-Z][\w&.\-’']*\s+){{1,4}})(?:{lex.spokes_alt})\b", text)
        if m:
            org = _rx.sub(r"['’]s$", "", m.group(1).strip())
            return _Speaker(f"{SPOKESPERSON} of {org}", SPOKESPERSON, m.group().strip(), "explicit")
        m = _rx.search(rf"\b(?:[Aa]n?|[Tt]he)\s+(?:{lex.spokes_alt})\s+(?:for|of|at)\s+(?:the\s+)?"
                      rf"((?:[A-Z][\w&.\-]*\s?){{1,5}})", text)
        if m:
            return _Speaker(f"{SPOKESPERSON} of {m.group(1).strip()}", SPOKESPERSON, m.group().strip(), "explicit")
        return None
    if lang == "zh":
        m = _rx.search(rf"([{_HAN}A-Za-z]{{2,12}}?)(的)?(?:{lex.spokes_alt})"
                      rf"(?![{_HAN}]{{2,4}}(?:表示|说|說|称|稱|指出))", text)
    elif lang == "ko":
        m = _rx.search(rf"([가-힣A-Za-z]{{2,12}})\s?(?:{lex.spokes_alt})(?:은|는|이|가)", text)
    else:
        m = _rx.search(rf"([{_HAN}{_KATA}A-Za-z]{{2,12}})の?(?:{lex.spokes_alt})(?:は|が)", text)
    if m and lang == "zh" and not (_is_org_word(m.group(1), "zh") or _rx.fullmatch(r"[A-Za-z].*", m.group(1))
                                   or m.group(2)):
        m = None  # "请问发言人": the spokesperson of an organisation, not of a verb ("X的发言人" is X's)
    if m:
        return _Speaker(f"{SPOKESPERSON} of {m.group(1)}", SPOKESPERSON, m.group(), "explicit")
    return None


# ----------------------------------------------------------------------------------------------------- main
def find_quotes(sentences: Sequence[Sentence], lang: str, people: PeopleIndex | None = None) -> list[Quote]:
    """Quotes in document order; see the module docstring for what counts as a quote."""
    lang = _rules_lang((lang or "en")[:2].lower())
    sents = _unglue(_unwrap(list(sentences))) if lang == "en" else list(sentences)
    if not sents:
        return []
    index = _discover(sents, lang, people)
    state = _State(lang=lang, people=index)
    lang = state.lang
    out: list[Quote] = []
    skip_until = -1
    present = {name for sent in sents for _, _, name in index.find(sent.text)}
    for p in index.all_people():  # roles stated in the document, else the override file's default role
        if p.kind == "person" and p.role and p.name in present:
            state.roles.setdefault(p.name, p.role)
    for sent in sents:
        for s, e, name in index.find(sent.text):
            if index.kind(name) != "person":
                continue
            role = _role_near(sent.text, s, e, index, lang)
            if role:
                state.roles[name] = role
    for pos, sent in enumerate(sents):
        _remember(sent, state)
        intro = _intro_speaker(sent.text, state)
        if intro is not None:
            state.intro = intro
        if _rx.search(r"(?:次のように|以下のように|こう)(?:答え|述べ|語っ|話し|説明し)"
                     r"|(?:如下|这样|這樣)(?:表示|说|說|回答)", sent.text):
            ahead = _speaker_in(sent.text, [], len(sent.text), lang, state, sent.idx)
            if ahead is not None and ahead.name != UNATTRIBUTED:  # "彼は次のように答えた。" then the quote line
                state.last_speaker, state.last_speaker_idx = ahead, sent.idx
        if pos <= skip_until:
            continue
        got, consumed = _transcript(sents, pos, state)
        if got is not None:
            out.append(got)
            state.last_speaker = _Speaker(got.speaker, got.role, got.speaker_text, "transcript")
            state.last_speaker_idx = sent.idx
        if consumed >= 0:  # a transcript line (a person's, or a voice/sound label that is skipped)
            skip_until = consumed
            continue
        quotes, consumed = _marked(sents, pos, lang, state)
        if not quotes:
            quotes = _reported(sent, lang, state)
        elif consumed == pos:  # reported words around the marked ones ("他相信，…，「…」")
            quotes = quotes + [q for q in _reported(sent, lang, state) if _beyond_marks(q.quote, quotes, lang)]
        for q in quotes:
            if not q.role and q.speaker in state.roles:
                q = replace(q, role=state.roles[q.speaker])
            out.append(q)
            if q.speaker != UNATTRIBUTED:
                state.last_speaker = _Speaker(q.speaker, q.role, q.speaker_text, q.attribution)
                state.last_speaker_idx = sents[max(pos, consumed)].idx
        skip_until = max(skip_until, consumed)
    return [replace(q, speaker_kind=_speaker_kind(q.speaker, state)) for q in out]


_WRAPPED_END = re.compile(r"(?:[,A-Za-z0-9%)]|\b(?:a|an|the|and|of|to|in|on))$")


# a full stop glued to the next sentence's capital in scraped copy ("… to escape.Prime Minister X said …"): after two
# lower-case letters, so "U.S.Army" and "p.m.The" are not cut
_GLUED_STOP = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z])|(?<=[a-z]{2}[.!?][\"”’])(?=[A-Z])")


def _unglue(sents: list[Sentence]) -> list[Sentence]:
    """English sentences whose full stops lost the space after them, cut at those stops (each piece keeps the
    sentence's index, so a quote found in a piece still points at the sentence as written)."""
    out: list[Sentence] = []
    for sent in sents:
        cuts = [m.start() for m in _GLUED_STOP.finditer(sent.text)]
        if not cuts:
            out.append(sent)
            continue
        for a, b in zip([0, *cuts], [*cuts, len(sent.text)], strict=True):
            out.append(Sentence(sent.idx, sent.start + a, sent.start + b, sent.text[a:b]))
    return out


def _unwrap(sents: list[Sentence]) -> list[Sentence]:
    """Hard-wrapped copy ("… 98.6 billion yen ($676.22 million),\nchief executive X told a briefing."): a line that
    ends inside a sentence and a next line that starts in lower case are one sentence (the first line's index)."""
    out: list[Sentence] = []
    for sent in sents:
        prev = out[-1] if out else None
        if prev is not None and 0 < sent.start - prev.end <= 2 and _WRAPPED_END.search(prev.text) \
                and _rx.match(r"[a-z(]", sent.text):
            out[-1] = Sentence(prev.idx, prev.start, sent.end, f"{prev.text} {sent.text}")
        else:
            out.append(sent)
    return out


def _speaker_kind(speaker: str, state: _State) -> str:
    """What a quote's speaker is: a person (a spokesperson is one), a blogger's handle, or an organisation."""
    if speaker == UNATTRIBUTED:
        return ""
    if speaker.startswith(f"{SPOKESPERSON} of "):
        return "person"
    if speaker in state.labels:
        return "handle"
    return "organisation" if state.people.kind(speaker) == "organisation" else "person"


def _beyond_marks(content: str, marked: list[Quote], lang: str) -> bool:
    """True when reported words say more than the marked quotes of the same sentence."""
    rest = content
    for q in marked:
        rest = rest.replace(q.quote, "")
    rest = _rx.sub(r"[\s\"'“”‘’「」『』,，、.。:：]", "", rest)
    return lang == "zh" and len(rest) >= 10


def _mention_attribution(written: str, name: str, people: PeopleIndex, state: _State) -> str:
    """A short form after the full name was given ("马克龙" after "埃马纽埃尔·马克龙") refers back: "coreference"."""
    if people.is_short_form(written) and name in state.full_seen:
        return "coreference"
    return "explicit"


def _remember(sent: Sentence, state: _State) -> None:
    people = state.people
    for s, e, name in people.find(sent.text):
        if people.kind(name) == ANONYMOUS:
            continue
        if people.kind(name) == "person":
            state.mentions.append((sent.idx, name))
            if not people.is_short_form(sent.text[s:e]):
                state.full_seen.add(name)
        else:
            state.org_mentions.append((sent.idx, sent.text[s:e]))
    state.org_mentions.sort()
    for _, _, label, role in _label_speakers(sent.text):
        state.labels[label] = role


def _transcript(sents: list[Sentence], pos: int, state: _State) -> tuple[Quote | None, int]:
    """``[Name/Title: words]`` possibly over several sentences; a briefing's "答：" line.

    Returns (quote, last consumed position); (None, -1) when the sentence is not a transcript line and
    (None, last) for a line whose label is not a person ("[AI imitation voice: ...]"), so its lines are skipped."""
    people = state.people
    text = sents[pos].text
    answer = _lex(state.lang).words["answer_labels"]
    if answer and _rx.match(rf"^\s*(?:{_alt(answer)})\s*[:：]", text):
        words = _rx.sub(rf"^\s*(?:{_alt(answer)})\s*[:：]\s*", "", text)
        sp = _briefing_speaker(sents, pos, state)
        if len(words) >= 6:
            return Quote(sents[pos].idx, sp.name, words.strip(), sp.role, sp.text, sp.attribution), pos
    m = _rx.match(r"^\s*\[([^\[\]:：]{1,160}?)\s*[:：]\s*(.*)$", text)
    if not m:
        return None, -1
    label, words = m.group(1).strip(), m.group(2)
    parts = [words]
    last = pos
    while "]" not in parts[-1] and last + 1 < len(sents) and last - pos < 8:
        last += 1
        parts.append(sents[last].text)
    joined = " ".join(p.strip() for p in parts)
    joined = joined[: joined.rfind("]")] if "]" in joined else joined
    name_part, _, title = label.partition("/")
    name_part = name_part.strip()
    known = people.person(name_part)
    if not known and (_nonperson_label_re(state.lang).search(name_part) or not _looks_like_name(name_part)):
        log.debug("transcript label %r is not a person; skipped", label)
        return None, last
    canonical = people.canonical(name_part)
    return Quote(
        sentence_idx=sents[pos].idx, speaker=canonical, quote=joined.strip(), role=title.strip(),
        speaker_text=name_part, attribution="transcript",
    ), last


def _briefing_speaker(sents: list[Sentence], pos: int, state: _State) -> _Speaker:
    """Who answers in a "问：… 答：…" briefing: a spokesperson named or described earlier in the document."""
    for k in range(pos - 1, -1, -1):
        sp = _spokes_subject(sents[k].text, state.lang)
        if sp:
            return _Speaker(sp.name, sp.role, sp.text, "coreference")
        if state.last_speaker and state.last_speaker_idx == sents[k].idx:
            s = state.last_speaker
            return _Speaker(s.name, s.role, "", "coreference")
    spokes = _lex(state.lang).words["spokesperson"]
    asked = next((w for k in range(pos) for w in spokes if w in sents[k].text), "")
    return _Speaker(UNATTRIBUTED, "", asked, "unattributed")


def _looks_like_name(s: str) -> bool:
    return bool(
        _rx.fullmatch(r"(?:[A-Z][a-zà-ÿ]+(?:-[a-z]+)?\s?){1,4}", s.strip())
        or _rx.fullmatch(r"[가-힣]{2,5}", s.strip())
        or _rx.fullmatch(r"[一-龥]{2,4}|[ァ-ヶー・]{3,20}", s.strip())
    )


def _marked(sents: list[Sentence], pos: int, lang: str, state: _State) -> tuple[list[Quote], int]:
    sent = sents[pos]
    text = sent.text
    spans = _quote_spans(text)
    last = pos
    # an opening mark not closed in this sentence: join the following sentences until it closes
    if spans and spans[-1][1] == len(text):
        opener = spans[-1][2]
        close = _OPEN_CLOSE[opener]
        extra = []
        k = pos
        while k + 1 < len(sents) and k - pos < 5:
            if close != opener and sents[k + 1].text.lstrip().startswith(opener) and extra:
                break  # a new paragraph of the same speech opens again: this paragraph's words end here
            k += 1
            extra.append(sents[k].text)
            if close in sents[k].text:
                break
        if extra and close in extra[-1]:
            text = _joined(sents[pos:k + 1])
            spans = _quote_spans(text)
            last = k
        elif extra and close != opener and k + 1 < len(sents) and sents[k + 1].text.lstrip().startswith(opener):
            text = _joined(sents[pos:k + 1]) + close  # the English convention: no closing mark before the next
            spans = _quote_spans(text)                   # paragraph of the same quotation
            last = k
    out: list[Quote] = []
    for s, e, opener in spans:
        quote = text[s + 1:e].strip().rstrip(",，、。")
        if not quote or (opener in _SINGLE and any(ps < s and e < pe for ps, pe, po in spans if po in _DOUBLE)):
            continue
        if _colon_intro_without_speaker(text, s) or _NAMING.match(text[e + 1:]) or _NAMING_BEFORE.search(text[:s]):
            continue
        if _inner_citation(text, s, e, spans):
            continue
        cue = _has_cue(text, s, e, lang) or _shares_cue(text, s, e, spans, lang)
        headline = not cue and _headline_quote(text, s, e, lang) and len(quote) >= 5 and \
            _headline_speaker(text, s, lang, state, sent.idx) is not None
        if _is_single_term(quote, lang) and (not cue or _is_one_token(quote, lang)) and not headline:
            continue  # a scare quote around a term; a short noun phrase still counts when a reporting verb follows
        speaker: _Speaker | None = None
        anonymous = ""
        if cue:
            speaker = _speaker_in(text, spans, s, lang, state, sent.idx)
            if speaker is None:
                speaker = _spokes_subject(_mask(text, spans), lang)
            if speaker is None:
                anonymous = _unknown_subject(text, spans, s, e, lang) or _org_topic(text, spans, s, lang)
                if anonymous and lang == "en" and _definite_description(anonymous):
                    speaker, anonymous = _previous(state, sent.idx), ""
                else:
                    speaker = None if anonymous else _previous(state, sent.idx)
        else:
            nxt = sents[last + 1] if last + 1 < len(sents) else None
            trailing = _trailing_attribution(nxt, lang, state) if nxt and e >= len(text.rstrip("。. ")) - 2 \
                else None
            if trailing:
                speaker = trailing
                last = max(last, pos + 1) if nxt is sents[pos + 1] else last
            elif not _speechlike(quote, lang) and not (_headline_quote(text, s, e, lang)
                                                       and _headline_speaker(text, s, lang, state, sent.idx)):
                continue
            else:
                topic = _topic_person(text, s, lang, state)
                anonymous = "" if topic else _unknown_subject(text, spans, s, e, lang)
                speaker = topic or (None if anonymous else _previous(state, sent.idx, window=1))
                if speaker is None and not anonymous and state.intro and _rx.match(r"^\s*$", text[:s]):
                    speaker = state.intro  # a paragraph of speech under "excerpts from X's comments"
                if speaker is None and not anonymous and not _headline_quote(text, s, e, lang) and \
                        not _rx.match(r"^[\s○■▶●◆\-]*$", text[:s]):
                    continue
                if speaker is None and not anonymous and _headline_quote(text, s, e, lang):
                    speaker = _headline_speaker(text, s, lang, state, sent.idx)
        if speaker is None or speaker.name == UNATTRIBUTED:
            who = speaker.text if speaker else anonymous
            out.append(Quote(sent.idx, UNATTRIBUTED, quote, speaker_text=who, attribution="unattributed"))
        else:
            out.append(Quote(sent.idx, speaker.name, quote, speaker.role, speaker.text, speaker.attribution))
            state.last_speaker, state.last_speaker_idx = speaker, sents[last].idx
    return out, last


def _joined(sents: Sequence[Sentence]) -> str:
    """Sentences of one quotation as one text: a space where the source had a gap, none where one sentence ran on
    into the next ("…ものがある。エーザイは…" stays as written)."""
    out = sents[0].text
    for prev, nxt in zip(sents, sents[1:]):
        out += ("" if nxt.start == prev.end else " ") + nxt.text
    return out


def _intro_speaker(text: str, state: _State) -> _Speaker | None:
    """'Following are excerpts from X's comments ...:' / 'X's remarks:': the quotes below are X's."""
    if state.lang != "en" or not _rx.search(r"\b(?:excerpts?|comments?|remarks?|statement|transcript)\b", text):
        return None
    m = _rx.search(r"(?:excerpts? from|comments? (?:by|from)|remarks? (?:by|of|from)|statement (?:by|from))\s+"
                  r"(.{2,80}?)(?:['’]s\b|[:,]|$)", text)
    if not m:
        return None
    found = [x for x in state.people.find(m.group(1)) if state.people.kind(x[2]) == "person"]
    if len(found) != 1:
        return None
    name = found[0][2]
    return _Speaker(name, state.roles.get(name, ""), m.group(1)[found[0][0]:found[0][1]], "coreference")


def _definite_description(phrase: str) -> bool:
    """'the 92-year-old', 'the veteran': a definite description, not an anonymous source ('the analysts')."""
    words = phrase.split()
    anon = set(_lex("en").words["anonymous"])
    return words[:1] in (["the"], ["The"]) and len(words) <= 3 and not any(w.lower() in anon for w in words)


def _topic_person(text: str, s: int, lang: str, state: _State) -> _Speaker | None:
    """A known person as the topic right before the quotation marks ("山田監督は…で「", "김 감독은 \"")."""
    if lang not in ("ja", "ko"):
        return None
    people = state.people
    for ms, me, name in reversed([m for m in people.find(text[:s]) if people.kind(m[2]) == "person"]):
        if _subject_rank(text, ms, me, lang) == 0 and not _rx.search(r"[。.!?]", text[me:s]) and s - me <= 40:
            return _Speaker(name, state.roles.get(name, ""), text[ms:me], _mention_attribution(text[ms:me], name,
                                                                                              people, state))
    return None


def _mask(text: str, spans: list[tuple[int, int, str]]) -> str:
    return "".join(ch if not any(s <= i <= e for s, e, _ in spans) else " " for i, ch in enumerate(text))


def _inner_citation(text: str, s: int, e: int, spans: list[tuple[int, int, str]]) -> bool:
    """A quoted promise or question inside reported speech ("对…“不得到理解不会进行排海”的承诺"), a question put
    to the speaker ("‘…’는 질문에는"): not the speaker's words."""
    after = text[e + 1:e + 8]
    return bool(_rx.match(r"\s*(?:的(?:承诺|承諾|说法|說法|原则|原則|问题|問題)|(?:이)?라?는\s*(?:질문|물음|지적|요청)"
                         r"|という(?:質問|問い))",
                         after))


def _headline_quote(text: str, s: int, e: int, lang: str) -> bool:
    """'ABC創業者「新時代の始まり」 工場が開所' / '김민준 대사 "…"': a headline quote after its speaker."""
    before = text[:s].strip()
    after = text[e + 1:].strip()
    return 0 < len(before) <= 30 and not _rx.search(r"[.。!?！？]", before) and len(after) <= 30 and \
        not _rx.search(r"[。.]$", text.strip()) and e - s >= 4


def _headline_speaker(text: str, s: int, lang: str, state: _State, idx: int) -> _Speaker | None:
    before = text[:s]
    people = state.people
    persons = [m for m in people.find(before) if people.kind(m[2]) == "person"]
    if persons:
        m = persons[-1]
        return _Speaker(m[2], state.roles.get(m[2], ""), before[m[0]:m[1]], "explicit")
    return _title_reference(before, state)


_KO_TOPIC = re.compile(r"(?:^|\s)((?:(?:한|일부|다른|익명의)\s)?[가-힣A-Za-z]+(?:\s[가-힣A-Za-z]+){0,2}?)(?:은|는)\s")
_EN_ANON = r"((?:[Aa]n?|[Oo]ne|[Aa]nother|[Ss]ome|[Tt]he)\s+(?:[\w'’-]+\s+){0,4}?)"


def _unknown_subject(text: str, spans: list[tuple[int, int, str]], s: int, e: int, lang: str) -> str:
    """A speaker phrase that names nobody we know ("한 애널리스트는", "an analyst said", "一位分析师表示").

    The quote then stays unattributed instead of being given to the previous speaker."""
    masked = "".join(ch if not any(a <= i <= b for a, b, _ in spans) else " " for i, ch in enumerate(text))
    before, after = masked[:s], masked[e + 1:]
    if lang in ("ko", "ja"):
        who = _unknown_subject_cjk(before, after, lang)
        return who if who and _personish(who, lang) else ""
    return _unknown_subject_other(before, after, lang)


def _org_topic(text: str, spans: list[tuple[int, int, str]], s: int, lang: str) -> str:
    """'로이터통신은 "…"고 전했다', '이시카와현은 "…"': an organisation or place is the topic of the clause, so the
    words stay unattributed (with it as speaker_text) instead of going to the previous speaker."""
    if lang != "ko":
        return ""
    before = _mask(text, spans)[:s]
    found = list(_KO_TOPIC.finditer(before))
    if not found:
        return ""
    phrase = found[-1].group(1).strip()
    last = phrase.split()[-1]
    lex = _lex("ko")
    if _is_org_word(last, "ko") or last in lex.words["places"] or last.endswith(tuple(lex.words["place_suffixes"])) \
            and len(last) >= 3:
        return phrase
    return ""


def _personish(phrase: str, lang: str) -> bool:
    """An anonymous source is a person word ("한 애널리스트", "専門家"), not a thing ("금융시장", "リスク")."""
    lex = _lex(lang)
    return bool(_rx.search(lex.anonymous_alt, phrase) or _rx.search(lex.title_alt, phrase)
                or _rx.search(r"(?:자|인|원|가|들|氏|さん|者|家|員|官|長|筋)$", phrase))


def _unknown_subject_cjk(before: str, after: str, lang: str) -> str:
    if lang == "ko":
        found = [m for m in _KO_TOPIC.finditer(before)
                 if not _rx.search(r"(?:하|있|없|되|라|다|않|그|이|으로부터|로부터|에서|에게|에|으로|로|부터|"
                                  r"까지|대해|관해|통해|해서|해선|와|과)$",
                                  m.group(1))]
        return found[-1].group(1).strip() if found else ""
    voice = bool(_rx.match(r"\s*との(?:声|意見|指摘|批判)", after))
    name_re = r"([一-龥ァ-ヶーA-Za-z]{2,12})"
    pat = name_re + (r"(?:は|が|からは|からも)" if voice else r"(?:は|が)")
    found = list(_rx.finditer(pat, before))
    return found[-1].group(1) if found else ""


def _unknown_subject_other(before: str, after: str, lang: str) -> str:
    if lang == "en":
        titles = _lex("en").title_alt
        official = _rx.search(rf"\b((?:[A-Z][\w.\-]*(?:['’]s)?\s+){{1,3}}(?:[a-z][\w\-]*\s+)?(?:{titles}))\b"
                             r"[^\"“”]{0,40}$", before)
        if official and not _rx.match(r"(?:The|A|An)\s", official.group(1)):
            return official.group(1).strip()  # "South Korea's foreign minister ... expressing": unnamed, not resolved
        verbs = _lex("en").verb_alt
        m = _rx.match(rf"^\s*[,.]?\s*{_EN_ANON}(?:{verbs}|expressing)\b", after) or \
            _rx.search(rf"\b{_EN_ANON}(?:{verbs}|expressing)\b[^\"“]*$", before)
        return m.group(1).strip() if m else ""
    if lang == "zh":
        verbs = _lex("zh").verb_alt
        m = _rx.search(rf"(?:^|[,，。])\s*([^,，。:：\"“”]{{1,15}}?)(?:{verbs})\s*[,，:：]?\s*$", before) or \
            _rx.match(rf"^\s*[,，]?\s*([^,，。\"“”]{{1,12}}?)(?:{verbs})", after)
        return m.group(1).strip() if m and not _rx.fullmatch(r"[\s，,]*", m.group(1)) else ""
    return ""


def _shares_cue(text: str, s: int, e: int, spans: list[tuple[int, int, str]], lang: str) -> bool:
    """'"A"며 "B"고 밝혔다': the first quote is linked by 며/라며/and to the next quote, which has the cue."""
    if not _rx.match(r"\s*(?:(?:이)?라며|며|(?:이)?라면서|고\s*밝히고,?|고|,|，|、|and|"
                    r"と(?:した)?(?:うえで|上で)?、?)\s*"
                    r"[“\"‘「]", text[e + 1:e + 14]):
        return False
    later = [sp for sp in spans if sp[0] > e]
    return any(_has_cue(text, ls, le, lang) or _shares_cue(text, ls, le, spans, lang) for ls, le, _ in later[:1])


def _previous(state: _State, idx: int, window: int = 2) -> _Speaker | None:
    if state.last_speaker and 0 <= idx - state.last_speaker_idx <= window:
        s = state.last_speaker
        return _Speaker(s.name, s.role, "", "coreference")
    return None


def _trailing_attribution(nxt: Sentence, lang: str, state: _State) -> _Speaker | None:
    """'" ... 。" 李明感慨。' — the cue sits alone in the next sentence."""
    t = nxt.text.strip()
    if lang == "en" and len(t) <= 200:  # '"… sides?"' + 'A B, a geologist at X, said in a statement.'
        verbs = _lex("en").verb_alt
        m = _rx.match(rf"((?:[A-Z][\w.\-’']*\s+){{0,3}}[A-Z][\w.\-’']*)(?:,\s+[^\"“”,]{{3,120}}?){{0,2}},?\s+"
                      rf"(?:also\s+)?(?:{verbs})\b", t)
        if m and state.people.find(m.group(1)):
            return _speaker_in(t, [], 0, lang, state, nxt.idx)
    if len(t) > 25:
        return None
    if not any(_pat(code)["verb"].search(t) for code in LANGS):
        return None
    return _speaker_in(t, [], 0, lang, state, nxt.idx)


def _strip_marks(q: str) -> str:
    q = q.strip().rstrip("。.")
    if len(q) > 2 and q[0] in _OPEN_CLOSE and q.endswith(_OPEN_CLOSE[q[0]]):
        q = q[1:-1].strip().rstrip("。.,，")
    return q


def _reported(sent: Sentence, lang: str, state: _State) -> list[Quote]:
    """Reported speech without marks, introduced by a speaker and a reporting verb."""
    text = sent.text
    funcs = {"zh": _reported_zh, "ko": _reported_ko, "en": _reported_en, "ja": _reported_ja}
    if lang not in funcs or not text.strip():
        return []
    return [replace(q, quote=_strip_marks(q.quote)) for q in funcs[lang](sent, state)
            if q.speaker != UNATTRIBUTED or state.people.kind(q.speaker_text) == ANONYMOUS]


def _subject_candidates(text: str, lang: str, state: _State, idx: int) -> list[tuple[int, int, _Speaker]]:
    """(start, end, speaker) for every possible speaker phrase in the sentence (persons only)."""
    people = state.people
    cands: list[tuple[int, int, _Speaker]] = []
    for s, e, name in people.find(text):
        if people.kind(name) == ANONYMOUS:  # "王姓男子說": someone unnamed speaks; shown as written, never a name
            cands.append((s, e, _Speaker(UNATTRIBUTED, "", text[s:e], "unattributed")))
            continue
        if people.kind(name) != "person":
            continue
        attribution = _mention_attribution(text[s:e], name, people, state)
        role = _role_near(text, s, e, people, lang) or state.roles.get(name, "")
        cands.append((s, e, _Speaker(name, role, text[s:e], attribution)))
    for s, e, label, role in _label_speakers(text):
        cands.append((s, e, _Speaker(label, role, label, "explicit")))
    for m in _pat(lang)["anaphor"].finditer(text):
        sp = _resolve_anaphor(m, state, idx)
        if sp:
            cands.append((m.start(), m.end(), sp))
    for m in _title_re(lang).finditer(text):
        if any(cs <= m.start() < ce or abs(cs - m.end()) <= 1 for cs, ce, _ in cands):
            continue
        sp = _title_reference(text[max(0, m.start() - 14):m.end()], state)
        if sp:
            cands.append((m.start(), m.end(), sp))
    return sorted(cands, key=lambda c: c[0])


def _name_end(text: str, s: int) -> int:
    """End of a 2-4 character Han name starting at s when a title follows it ("楊鈞百主任指出"), else s."""
    title = re.compile(_lex("zh").title_alt)
    for k in (2, 3, 4):
        if _rx.fullmatch(rf"[{_HAN}]+", text[s:s + k]) and len(text) > s + k and title.match(text, s + k):
            return s + k
    return s


def _zh_strip_role_chain(head: str, lex: _Lex) -> str:
    """Drop a chain of titles and organisations before a name ("北京大学第一医院神经内科主任医师、某协会常务副主任
    委员兼秘书长", "光田綜合醫院神經內科"): the name still opens its clause."""
    titles = lex.title_alt
    prefixes = _alt(lex.words["title_prefixes"])
    orgs = _alt(lex.org_suffixes)
    step = re.compile(rf"(?:(?:{prefixes})?(?:{titles})|(?:{prefixes})|[兼、暨及]|[(（][A-Za-z0-9&\-]{{1,12}}[)）]"
                      rf"|[{_HAN}A-Za-z0-9]{{1,12}}?(?:{orgs})|(?:^|(?<=[、兼暨]))[{_HAN}]{{2,8}})$")
    for _ in range(12):
        cut = step.sub("", head)
        if cut == head:
            break
        head = cut
    return head


def _clause_start_ok(text: str, s: int, lang: str) -> bool:
    """The speaker phrase opens its clause (after a title or organisation, or after punctuation)."""
    head = text[:s]
    if lang == "zh":
        lex = _lex("zh")
        had_title = head != _rx.sub(rf"(?:{lex.title_alt})[”\"」』]?\s?$", "", head)
        head = _rx.sub(rf"(?:{lex.title_alt})[”\"」』]?\s?$", "", head)
        head = _rx.sub(r"[A-Za-z][A-Za-z0-9&\-]*\s*$", "", head)  # an organisation: "Acme 首席技术官", "ABC社長"
        if had_title or _name_end(text, s) > s:
            head = _zh_strip_role_chain(head, lex)
        if had_title:
            head = _rx.sub(rf"[{_HAN}]{{1,10}}?(?:{_alt(lex.org_suffixes)})[”\"“]?$|[{_HAN}]{{2,6}}$", "", head)
        if _rx.fullmatch(lex.title_alt, text[s:s + 12][:len(text[s:])]) or _rx.match(rf"(?:{lex.title_alt})", text[s:]):
            head = _rx.sub(rf"[{_HAN}A-Za-z0-9]{{1,8}}$", "", head)  # "任天堂社长称…": the organisation before a title
        head = _rx.sub(r"(?:但是?|而且?|并且?|並且?|同时|同時|不过|不過|此外|另外|对此|對此)?(?:据|據)?$", "", head)
        return head == "" or bool(_rx.search(r"[，,。；;：:！？!?\s」』”)）“「『]$", head))
    return True


def _reported_zh(sent: Sentence, state: _State) -> list[Quote]:
    text = sent.text
    rep = _zh_reported_re()
    found: list[tuple[int, int, _Speaker]] = []  # (clause start, content start, speaker)
    for s, e, sp in _subject_candidates(text, "zh", state, sent.idx):
        if found and s < found[-1][1]:
            continue
        if _rx.match(r"\s*[:：]", text[e:]) and s <= 20 and len(text) <= 60:  # headline "张三：……"
            found.append((s, e + len(_rx.match(r"\s*[:：]\s*", text[e:]).group()), sp))
            continue
        m = rep.match(text[e:])
        stop_verbs = _alt((*_lex("zh").words["verbs_without_comma"], "表示", "强调", "強調"))
        if not m or _rx.search(stop_verbs, m.group(1) or ""):
            continue
        if not _clause_start_ok(text, s, "zh"):  # "这距离他…宣布实施": a pronoun inside a clause is no speaker
            continue
        found.append((s, e + m.end(), sp))
    out = []
    for i, (_s, c, sp) in enumerate(found):
        stop = len(text)
        if i + 1 < len(found):
            stop = found[i + 1][0]
            head = text[c:stop]
            cut = max(head.rfind("，"), head.rfind(","), head.rfind("。"))
            stop = c + cut if cut > 0 else stop
        content = text[c:stop].strip().rstrip("。，,")
        content = _rx.sub(r"[，,](?:另外|此外|同时|同時)$", "", content)
        if len(content) >= 6:
            out.append(Quote(sent.idx, sp.name, content, sp.role, sp.text, sp.attribution))
    return out


_EN_CIRCUMSTANCE = (r"(?:At|In|On|During|After|Before|Following|Speaking|Holding|Asked|Later|Earlier|Meanwhile|"
                    r"Separately|Answering|Addressing|Responding)\b")


def _reported_en(sent: Sentence, state: _State) -> list[Quote]:
    text = sent.text
    head = _rx.match(r"^\s*([^:.\"“”]{2,60}?)\s*:\s+([A-Z][^\"“”]{10,})$", text)
    if head and sent.idx <= 2 and len(text) <= 160:  # a headline "BOJ governor Doe: Inflation is rising"
        cands = [c for c in _subject_candidates(head.group(1), "en", state, sent.idx)]
        if cands:
            sp = cands[-1][2]
            return [Quote(sent.idx, sp.name, head.group(2).strip().rstrip("."), sp.role, sp.text, sp.attribution)]
    m = _rx.match(r"^\s*According to ([^,]{2,60}),\s*(.+)$", text)
    if m:
        cands = _subject_candidates(m.group(1), "en", state, sent.idx)
        if cands:
            sp = cands[0][2]
            return [Quote(sent.idx, sp.name, m.group(2).strip().rstrip("."), sp.role, sp.text, sp.attribution)]
    # trailing source: "The base is fully prepared to welcome X, according to Li Guo, deputy director of …."
    m = _rx.match(r"^\s*([^\"“”]{15,}?),\s+according to ([^,\"“”]{2,60})(?:,[^\"“”]*)?[.!]?\s*$", text)
    if m:
        cands = _subject_candidates(m.group(2), "en", state, sent.idx)
        if cands and len(m.group(1).split()) >= 4:
            sp = cands[0][2]
            return [Quote(sent.idx, sp.name, m.group(1).strip(), sp.role, sp.text, sp.attribution)]
    cands = _subject_candidates(text, "en", state, sent.idx)
    verbs = _lex("en").verb_alt
    for s, e, sp in cands:
        tail = text[e:]
        tail = _rx.sub(r"^,\s*(?:the\s+|who\s+)?[^,]{0,80},", "", tail)  # appositive: "Doe, the Acme CEO, said"
        # where the speaker works: "expert Zeng Wen from the center said that …", "Doe of Acme told reporters …"
        tail = _rx.sub(rf"^\s+(?:from|of|at)\s+(?:the\s+)?[\w'’&.\- ]{{1,50}}?(?=\s+(?:{verbs})\b)", "", tail)
        m = _en_reported().match(tail)
        lead = _rx.search(r",\s*((?:[\w'’.\-]+\s+){0,8})$", text[:s])
        fronted = lead and len(text[:s].split()) >= 6 and not _rx.search(
            r"\b(?:where|when|while|as|and|but|who|which|after|before|then|so)\b", lead.group(1)) and \
            not _rx.match(_EN_CIRCUMSTANCE, text)  # "At a press conference later on Tuesday, X said he …"
        # "As for when …, expert Zeng Wen from the center said that …": a role after the comma and "said that" make
        # the clause after the comma the speaker's own, not words fronted before it
        role_said_that = m is not None and _rx.search(r"\bthat\s*$", m.group()) is not None and _rx.search(
            rf"(?:[,;]\s*(?:(?:a|an|the)\s+)?|\b(?:the|its|their)\s+)(?:[a-z][\w\-]*\s+){{0,2}}?"
            rf"(?:{_lex('en').title_alt}),?\s+$", text[:s])
        if m and (role_said_that or not fronted) and (s == 0 or role_said_that
                                  or _rx.search(r"(?:^|[,;]\s*|\b(?:and|but|where|when)\s+)$", text[:s])
                                  or _rx.fullmatch(r"(?:[A-Z][\w&.\-’']*\s+)*", text[:s])
                                  or (_title_re("en").search(text[max(0, s - 25):s])
                                      and len(text[:s].split()) <= 8 and not _pat("en")["verb"].search(text[:s]))
                                  or _rx.search(r"[—–-]\s*$", text[:s])):
            content = tail[m.end():].strip().rstrip(".")
            if len(content.split()) >= 3:
                return [Quote(sent.idx, sp.name, content, sp.role, sp.text, sp.attribution)]
    # fronted reported speech: "Japan's government has approved a plan ..., Prime Minister Yoshihide Suga said
    # Tuesday." / "..., the president added."
    for s, e, sp in cands:
        tail = text[e:]
        if not _rx.match(rf"\s*(?:,[^,\"“”]{{3,80}},\s*)?(?:{verbs})\b(?:\s+(?!that\b)[^\"“”]{{0,160}})?\.?$", tail):
            continue
        cut = text.rfind(",", 0, s)
        if cut <= 0:
            continue
        between = text[cut + 1:s]
        if len(between.split()) > 8 or _rx.search(r"[\"“”]", between):
            continue
        content = text[:cut].strip()
        content = _rx.sub(r"^[A-Z][A-Z ,.()]*\([^)]*\)\s*[—–-]+\s*", "", content)  # "TAIPEI (Jiji Press) — "
        if _rx.match(_EN_CIRCUMSTANCE, content) and len(content.split()) <= 8:
            continue  # "At the press conference, X expressed an intention …": a setting, not words
        if len(content.split()) >= 4 and (not _rx.search(r"[\"“”]", content) or _only_scare_quotes(content)):
            return [Quote(sent.idx, sp.name, content, sp.role, sp.text, sp.attribution)]
    return []


def _only_scare_quotes(content: str) -> bool:
    """The marks in reported words hold a few words each ("Eisai is making “a good progress” for …"), not a
    quotation of their own: the reported words are still the speaker's."""
    spans = _quote_spans(content)
    marks = len(_rx.findall(r"[\"“”]", content))
    return bool(spans) and marks == 2 * len(spans) and all(len(content[a + 1:b].split()) <= 4 for a, b, _ in spans)


def _reported_ko(sent: Sentence, state: _State) -> list[Quote]:
    text = sent.text
    end = _ko_reported_end().search(text)
    if not end:
        return []
    people = state.people
    titles = _lex("ko").title_alt
    tail_re = re.compile(rf"(?:\s*(?:[가-힣A-Za-z0-9()&]+\s+){{0,2}}?[가-힣A-Za-z0-9&]*?(?:{titles})"
                         r"(?:\([A-Za-z]+\))?)?"
                         r"(?:은|는|이|가)\s")
    cands = _subject_candidates(text, "ko", state, sent.idx)
    cands.sort(key=lambda c: (_subject_rank(text, c[0], c[1], "ko"), c[0]))
    for _s, e, sp in cands:
        m = tail_re.match(text[e:])
        if not m or e + m.end() >= end.start():
            continue
        content = text[e + m.end():end.start()].strip()
        content = _rx.sub(r"^(?:\d+일(?:\s*\(현지시간\))?\s*)", "", content)
        if len(content) >= 6:
            return [Quote(sent.idx, sp.name, content, sp.role, sp.text, sp.attribution)]
    con = _ko_connective().match(text)
    prev = _previous(state, sent.idx, window=2)
    named = [m for m in people.find(text) if _ko_subject_ok(text, m[1]) and people.kind(m[2]) == "person"]
    if con and prev and not named:
        content = text[con.end():end.start()].strip()
        if len(content) >= 6:
            return [Quote(sent.idx, prev.name, content, prev.role, "", "coreference")]
    return []


def _reported_ja(sent: Sentence, state: _State) -> list[Quote]:
    text = sent.text
    lex = _lex("ja")
    for s0, e, sp in _subject_candidates(text, "ja", state, sent.idx):
        after = _rx.match(rf"(?:[（(][^）)]{{1,30}}[）)])?(?:{lex.title_alt})*(?:が|は)(?:[^、。「」]{{0,10}}?に)?"
                          rf"(?:{lex.verb_alt})", text[e:])
        if after and s0 > 4 and text[s0 - 1] == "と" and sp.name != UNATTRIBUTED:  # "…はないと山田社長が語る"
            content = text[:s0 - 1].strip()
            content = _rx.sub(r"^.*[。]", "", content)
            if len(content) >= 4 and not content.startswith("「"):
                return [Quote(sent.idx, sp.name, content, sp.role, sp.text, sp.attribution)]
    for _s, e, sp in _subject_candidates(text, "ja", state, sent.idx):
        m = _rx.match(rf"(?:{lex.title_alt})?によると[、,]?(.{{4,}}?)(?:という|とのことだ)。?$", text[e:])
        if m and sp.name != UNATTRIBUTED:  # "山田氏によると、計画に変更はないという。"
            return [Quote(sent.idx, sp.name, m.group(1).strip(), sp.role, sp.text, sp.attribution)]
    stance = _alt(lex.words["stance_nouns"])
    nouns = _alt(lex.words["noun_verbs"])
    end = _rx.search(rf"(?:と|っと)(?!いう|の)(?:も)?(?:[^、。「」]{{0,8}}?)(?:{lex.verb_alt})"
                    rf"|との(?:{stance})を(?:示し|明らかにし|表明し)"
                    rf"|と(?:{nouns})(?=[。、]|$)|(?<=[るいた])(?:考え|意向|方針)を(?:伝え|示し|明らかにし|表明し)"
                    r"|とした", text)
    if not end:
        return []
    titles = lex.title_alt
    cands = _subject_candidates(text, "ja", state, sent.idx)
    cands.sort(key=lambda c: (_subject_rank(text, c[0], c[1], "ja"), c[0]))
    for _s, e, sp in cands:
        m = _rx.match(rf"(?:[（(][^）)]{{1,30}}[）)])?(?:[{_HAN}]{{1,2}}(?=(?:{titles})))?"
                     rf"(?:(?:{titles})(?:[（(][^）)]{{1,20}}[）)])?(?:兼)?)*(?:は|が)[、,]?",
                     text[e:])
        if m and e + m.end() < end.start():
            content = text[e + m.end():end.start()].strip()
            content = _rx.sub(r"^\d+日[、,]?", "", content)
            if len(content) >= 4:
                return [Quote(sent.idx, sp.name, content, sp.role, sp.text, sp.attribution)]
    # no subject of its own: "同工場の量産スケジュールについては、…を見て決めるとした。" continues the speaker
    prev = _previous(state, sent.idx, window=2)
    if prev and not [c for c in cands if c[2].attribution == "explicit"] and _rx.search(r"とした。?$", text) and \
            not _rx.search(r"(?:は|が)[、,]", text[:end.start()].split("について")[0][-3:] or "x"):
        content = text[:end.start()].strip()
        if len(content) >= 8:
            return [Quote(sent.idx, prev.name, content, prev.role, "", "coreference")]
    return []
