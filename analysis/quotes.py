"""Who is quoted: speakers, their words and roles in en/ko/zh/ja news text.

What counts as a quote (the gold files follow the same rules):

* transcript lines ``[Name/Title: words]`` / ``[이름/직함 : 발언]``; labels that are not people
  (``[Real human voice: ...]``, ``[AI imitation voice: ...]``, ``[현장음: ...]``) are skipped;
* words in quotation marks (“ ” " ' ‘ ’ 「 」) with a speaker cue: a reporting verb next to the quote
  (라고 말했다, 고 밝혔다, 表示, と述べた, said ...), or a short "周鸿祎感慨。" sentence right after it;
* reported speech without marks when a speaker and a reporting verb introduce it: "穆拉蒂透露，...",
  "X said (that) ...", "저우훙이는 ...라며 ...것으로 봤다", "Xは...と述べた";
* attribution: "transcript"; "explicit" when the speaker is named in the sentence; "coreference" for a pronoun
  or title (그는, 他, she, 이 블로거, the CEO, OpenAI首席技术官), a clause with no subject after a quote (이어 ...),
  or a short form after the full name was given (穆拉蒂 after 米拉 · 穆拉蒂);
* a quote with no cue right after a sentence that quoted someone continues that speaker ("coreference");
  a whole sentence of speech at the start of a line (a headline quote) is kept as "unattributed".

Not quotes: scare quotes around single terms ('소라', " 福利 "), titles of works in 『』/《》, prompts or texts
introduced by a colon without a speaker ("请你想象一幕场景：" ..."), "라는 단편영화", "라고 불리는".
Generic or anonymous sources (experts, they, 业内人士, 한 재계 인사, "an analyst") are not resolved to anyone: their
reported speech without marks is not a quote; their words in marks are kept as "unattributed" with speaker_text
saying who ("한 애널리스트"). Transcript labels that only give a role (Reporter, 앵커) are skipped like voices.

Quotes spanning several sentences (an open mark closed in a later sentence, a transcript bracket) give one
Quote at the first sentence with the words joined by a space. Several separate quoted spans in one sentence give
one Quote each.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from analysis.records import Quote, Sentence

log = logging.getLogger(__name__)

DEFAULT_PEOPLE = Path(__file__).resolve().parent.parent / "data" / "people.toml"
UNATTRIBUTED = "unattributed"


# ----------------------------------------------------------------------------------------------------- people
@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    kind: str = "person"  # "person" | "organisation"


def _norm_key(name: str) -> str:
    return re.sub(r"[\s·・•\-.]", "", name).casefold()


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name.strip())
    return name.strip(" \"'“”‘’「」『』[]()")


def _alias_pattern(alias: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[\s·・•]+", alias.strip()) if p]
    if all(re.fullmatch(r"[A-Za-z0-9À-ÿ\-'.]+", p.replace("\\", "")) for p in parts):
        return r"(?<![A-Za-zÀ-ÿ0-9])" + r"\s+".join(parts) + r"(?![A-Za-zÀ-ÿ0-9])"
    body = r"[\s·・•]*".join(parts)
    if re.match(r"[가-힣]", alias):
        return r"(?<![가-힣])" + body
    return body


class PeopleIndex:
    """Alias -> canonical name, and mention finding in any script."""

    def __init__(self, people: Sequence[Person]):
        self.people = list(people)
        self._by_key: dict[str, Person] = {}
        self._short: set[str] = set()  # keys of short forms: "穆拉蒂" of "米拉·穆拉蒂", "Altman" of "Sam Altman"
        pats: list[tuple[str, str]] = []
        for p in self.people:
            keys = {_norm_key(a) for a in {p.name, *p.aliases}}
            self._short |= {k for k in keys if any(k != o and k in o for o in keys)}
            for a in {p.name, *p.aliases}:
                self._by_key.setdefault(_norm_key(a), p)
                pats.append((a, _alias_pattern(a)))
        pats.sort(key=lambda x: len(x[0]), reverse=True)  # longest alias first
        self._regex = re.compile("|".join(f"(?:{p})" for _, p in pats), re.IGNORECASE) if pats else None

    def canonical(self, name: str) -> str:
        cleaned = _clean_name(name)
        p = self._by_key.get(_norm_key(cleaned))
        return p.name if p else cleaned

    def person(self, name: str) -> Person | None:
        return self._by_key.get(_norm_key(_clean_name(name)))

    def is_short_form(self, written: str) -> bool:
        """True for a surname or other short alias of a person whose full name is also listed."""
        return _norm_key(_clean_name(written)) in self._short

    def kind(self, name: str) -> str:
        p = self.person(name)
        return p.kind if p else "person"

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, canonical) mentions, longest alias first, sorted by position."""
        if self._regex is None:
            return []
        return [(m.start(), m.end(), self.canonical(m.group())) for m in self._regex.finditer(text)]


def load_people(path: Path | str = DEFAULT_PEOPLE) -> PeopleIndex:
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


# ----------------------------------------------------------------------------------------------------- lexicons
# title as written -> English title. Longest first when matching.
TITLES: dict[str, str] = {
    "최고경영자": "CEO", "CEO": "CEO", "首席执行官": "CEO", "首席執行官": "CEO", "执行长": "CEO",
    "최고기술책임자": "CTO", "CTO": "CTO", "首席技术官": "CTO", "首席技術官": "CTO",
    "창립자": "founder", "창업자": "founder", "创始人": "founder", "創始人": "founder", "founder": "founder",
    "創業者": "founder", "董事长": "chairman", "회장": "chairman", "대표": "CEO", "사장": "president",
    "교수": "professor", "Professor": "professor", "教授": "professor",
    "감독": "director", "导演": "director", "監督": "director", "director": "director",
    "블로거": "blogger", "博主": "blogger", "blogger": "blogger", "ブロガー": "blogger",
    "연구원": "researcher", "研究员": "researcher", "researcher": "researcher",
    "아티스트": "artist", "artist": "artist", "기자": "reporter", "记者": "reporter", "reporter": "reporter",
    "主持人": "host", "社長": "president", "spokesperson": "spokesperson", "spokesman": "spokesperson",
    "spokeswoman": "spokesperson", "대변인": "spokesperson", "发言人": "spokesperson", "報道官": "spokesperson",
}
# organisation as written -> display name (used to build "360 founder", "OpenAI CTO").
ORGS: dict[str, str] = {
    "치후360": "360", "360": "360", "奇虎360": "360", "오픈AI": "OpenAI", "OpenAI": "OpenAI", "Open AI": "OpenAI",
    "런웨이": "Runway", "Runway": "Runway", "BGI": "BGI", "华大基因": "BGI", "엔비디아": "Nvidia", "Nvidia": "Nvidia",
    "英伟达": "Nvidia", "KAIST": "KAIST", "카이스트": "KAIST", "샤이키즈": "Shy Kids", "샤이 키즈": "Shy Kids",
    "Shy Kids": "Shy Kids", "구글 딥마인드": "Google DeepMind", "딥마인드": "Google DeepMind", "Google": "Google",
    "Microsoft": "Microsoft", "마이크로소프트": "Microsoft", "微软": "Microsoft",
}
_TITLE_RE = re.compile("|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True)))
_ORG_RE = re.compile("|".join(re.escape(o) for o in sorted(ORGS, key=len, reverse=True)))
# what may stand between a Korean name and its particle: " 오픈AI 최고경영자(CEO)", " 감독", " CEO"
_KO_TITLE_TAIL = rf"(?:\s*(?:{_ORG_RE.pattern})?\s*(?:{_TITLE_RE.pattern})(?:\([A-Za-z]+\))?)?"

# Transcript labels that are not people.
_NON_PERSON_LABEL = re.compile(
    r"voice|audio|sound|narration|narrator|music|recording|interview|caption|subtitle|effect|video|clip|AI\b|"
    r"reporter|anchor|announcer|host|"
    r"음성|목소리|현장음|녹취|자막|효과음|내레이션|인터뷰|영상|기자|앵커|리포터|"
    r"音|声|字幕|画面|録音|记者|主持人|キャスター|記者",
    re.IGNORECASE,
)

# Reporting verbs.
_KO_VERBS = (
    r"말했|말한|말하|밝혔|밝힌|내다봤|내다본|평가했|평가한|전망했|전망한|설명했|설명한|강조했|강조한|덧붙였|지적했|"
    r"주장했|언급했|전했|예측했|예상했|비유했|토로했|털어놨|답했|물었|말을 이었|너스레를 떨었|반응을 보였|"
    r"입장을 밝혔|소감을 밝혔|봤|보았|했다|했습니다"
)
_KO_CUE = re.compile(r"^\s*(?:(?:이)?라고|고|(?:이)?라며|며|(?:이)?라는|(?:이)?라면서|면서)\b")
_KO_VERB_RE = re.compile(_KO_VERBS)
# verbs that make a quote in marks a quote ("봤", "했다" alone are too vague after a quoted term)
_KO_CUE_VERB = re.compile(
    r"말했|말한|밝혔|내다봤|평가했|전망했|설명했|강조했|덧붙였|지적했|주장했|언급했|전했|예측했|예상했|"
    r"비유했|토로했|털어놨|답했|물었|너스레를 떨었|반응을 보였|입장을 밝혔|소감을 밝혔"
)
_KO_STANCE = re.compile(
    r"\s*(?:이)?라?는\s*(?:입장|반응|설명|주장|의견|말)(?:이다|입니다|이었|을 보였|을 밝혔|을 내놨|을 했)"
)
_ZH_VERBS = (
    r"表示|指出|透露|认为|認為|提到|强调|強調|坦言|承诺|承諾|介绍|介紹|感慨|直言|回应|回應|"
    r"说道|說道|说|說|称|稱|写道|寫道|补充"
)
_ZH_VERB_RE = re.compile(rf"(?<!被)(?<!据)(?<!所)(?:{_ZH_VERBS})(?![为為明法赞讚])")
_JA_VERB_RE = re.compile(r"と(?:述べ|語っ|話し|説明し|強調し|指摘し|明かし|言っ|コメントし|発言し|書い|投稿し)")
_EN_VERBS = r"said|says|told|tells|added|adds|noted|explained|argued|warned|stated|wrote|recalled|insisted|predicted"
_EN_VERB_RE = re.compile(rf"\b(?:{_EN_VERBS})\b", re.IGNORECASE)

# Anaphors: pronouns and "this blogger"-style titles.
_ANAPHOR = {
    "ko": re.compile(
        r"(?<![가-힣])(?:그녀|그)(?=는|가|의)|(?:이|그|해당)\s*(블로거|교수|감독|CEO|대표|창립자|연구원|아티스트)"
    ),
    "zh": re.compile(r"[他她](?![们們])|(?:该|這位|这位)(博主|教授|导演|创始人|首席执行官|首席技术官|CEO)"),
    "ja": re.compile(r"彼女|彼(?!ら)|同氏"),
    "en": re.compile(r"\b(?:he|she|He|She)\b|\b[Tt]he (CEO|CTO|professor|director|founder|blogger|researcher)\b"),
}
# "the company", "이 회사", "该公司", "同社": the organisation mentioned last.
_ORG_ANAPHOR = {
    "en": re.compile(r"\b[Tt]he (?:company|firm|startup|lab)\b"),
    "ko": re.compile(r"(?:이|해당|같은)\s?회사|회사\s?측"),
    "zh": re.compile(r"该公司|公司方面|该企业"),
    "ja": re.compile(r"同社"),
}
# Reported speech right after a speaker: "穆拉蒂在接受采访时透露，..." / "Altman said on Monday that ...".
_ZH_REPORTED = re.compile(
    rf"^\s*(?:在[^,，。]{{0,30}}?时\s*[,，]?|[^,，。:：\"“”《》]{{0,15}}?)(?:{_ZH_VERBS})\s*[,，:：]\s*"
)
_EN_REPORTED = re.compile(
    rf"^\s*(?:also\s+|has\s+|had\s+|previously\s+)?(?:"
    rf"(?:{_EN_VERBS})(?:\s+(?:[A-Z][\w.]*\s*){{1,4}}|\s+(?:reporters|the\s+\w+|an?\s+\w+|us|me))?"
    rf"(?:\s+(?:on|in|at|last|this|late|early)\s+\w+)?\s*(?:,|:|that\b)"
    rf"|(?:said|says|predicted|warned|argued|insisted|noted|added|believes|thinks)"
    rf"(?=\s+(?!to\b|in\b|on\b|at\b|during\b|last\b|this\b|with\b|of\b|for\b|it\s+was\b)[A-Za-z]))\s*"
)
_KO_REPORTED_END = re.compile(
    rf"(?:(?:이)?라고|다고|(?:이)?라며|(?<=것)으로|냐고)\s*(?:[가-힣]+\s+){{0,2}}?(?:{_KO_VERBS})[가-힣]*[.\s]*$"
)
_KO_CONNECTIVE = re.compile(r"^\s*(?:또한|또|이어|이어서|아울러|그러면서|그는|이와 함께|특히|다만)\s*,?\s*")

_OPEN_CLOSE = {"“": "”", "‘": "’", "「": "」", '"': '"', "'": "'"}
_DOUBLE = ("“", '"', "「")
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

    last_speaker: _Speaker | None = None
    last_speaker_idx: int = -10
    roles: dict[str, str] = field(default_factory=dict)  # canonical -> role stated in the text
    labels: dict[str, str] = field(default_factory=dict)  # label speaker ('AI 정신병원') -> role
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (sentence_idx, canonical) of persons
    full_seen: set[str] = field(default_factory=set)  # persons already named in full ("米拉 · 穆拉蒂")
    org_mentions: list[tuple[int, str]] = field(default_factory=list)  # (sentence_idx, canonical) of organisations


# ----------------------------------------------------------------------------------------------------- helpers
_TITLE_END = r"(?![가-힣A-Za-z])|(?=은|는|이|가|의|과|와|로)"


_EN_APPOSITIVE = re.compile(r",\s*((?:an?\s+|the\s+)?[^,;:\"“”()]{3,80}?)\s*(?:,|\.?$)")
_EN_ROLE_WORD = re.compile(
    r"\b(?:chief|executive|CEO|CTO|founder|co-founder|professor|director|president|analyst|researcher|spokes\w+|"
    r"head|officer|scientist|engineer|artist|filmmaker|reporter|editor|partner|chair\w*|minister|manager)\b",
    re.IGNORECASE,
)


def _role_near(text: str, start: int, end: int, people: PeopleIndex | None = None) -> str:
    """Role stated right before or after a name: "치후360 창립자 저우훙이" -> "360 founder"."""
    role = _role_from_titles(text, start, end)
    if not role:
        app = _EN_APPOSITIVE.match(text[end:])
        if app and _EN_ROLE_WORD.search(app.group(1)) and not (people and people.find(app.group(1))
                                                                and " and " in app.group(1)):
            role = re.sub(r"^(?:an?|the)\s+", "", app.group(1)).strip()
    return role


def _role_from_titles(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 40):start]
    after = text[end:end + 30]
    m = re.match(rf"\s*(?:({_ORG_RE.pattern})\s*)?({_TITLE_RE.pattern})(?:{_TITLE_END})", after)
    if m:
        title = TITLES[m.group(2)]
        org_m = m.group(1)
        if not org_m:
            orgs = list(_ORG_RE.finditer(before[-20:]))
            org_m = orgs[-1].group() if orgs else None
    else:
        titles = [t for t in _TITLE_RE.finditer(before) if re.fullmatch(r"[\s·,]*", before[t.end():])]
        if not titles:
            return ""
        title = TITLES[titles[-1].group()]
        orgs = list(_ORG_RE.finditer(before[max(0, titles[-1].start() - 25):titles[-1].start()]))
        org_m = orgs[-1].group() if orgs else None
    return f"{ORGS[org_m]} {title}" if org_m else title


def _is_single_term(q: str, lang: str) -> bool:
    q = q.strip()
    if lang in ("zh", "ja"):
        return len(q) <= 8 and not re.search(r"[,，。！？!?、；;]", q)
    words = q.split()
    if len(words) <= 1:
        return True
    if lang == "ko":
        return len(words) <= 2 and not re.search(r"(?:다|요|죠|까|네|지)[.!?…]*$", q)
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
        return bool(re.search(r"(?:다|요|죠|까|데|네|지|라|군|자)[\s.!?…~]*$", q)) or "?" in q
    if lang == "en":
        return len(q.split()) >= 4 and bool(re.search(r"[.!?]$", q) or len(q.split()) >= 6)
    return len(q) >= 10 and bool(re.search(r"[,，。！？!?…]", q))


def _quote_spans(text: str) -> list[tuple[int, int, str]]:
    """(open_pos, close_pos, opener) of quoted spans; outer double quotes first, then single ones outside them."""
    spans: list[tuple[int, int, str]] = []
    for openers in (_DOUBLE, _SINGLE):
        i = 0
        while i < len(text):
            ch = text[i]
            if ch in openers and not any(s <= i <= e for s, e, _ in spans):
                if ch == "'" and i > 0 and text[i - 1].isalpha() and re.match(r"[A-Za-z]", text[i - 1]):
                    i += 1  # apostrophe (don't, OpenAI's)
                    continue
                close = _OPEN_CLOSE[ch]
                j = text.find(close, i + 1)
                while ch == "'" and j != -1 and j + 1 < len(text) and re.match(r"[A-Za-z]", text[j + 1]) \
                        and re.match(r"[A-Za-z]", text[j - 1]):
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
    return not re.match(r"(?:의|를|을|에|와|과|로|으로|도|만|께)", nxt)


def _label_speakers(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, label, role) for bloggers/users named by a quoted label: 블로거 'AI 정신병원'."""
    out = []
    pat = r"(블로거|유튜버|博主|网友|ブロガー|blogger|YouTuber)\s*['‘\"“「]([^'’\"”」]{1,30})['’\"”」]"
    for m in re.finditer(pat, text):
        out.append((m.start(), m.end(), m.group(2).strip(), TITLES.get(m.group(1), m.group(1).lower())))
    return out


def _resolve_anaphor(
    match: re.Match[str], state: _State, idx: int, people: PeopleIndex | None
) -> _Speaker | None:
    title = next((g for g in match.groups() if g), None) if match.groups() else None
    if title:
        want = TITLES.get(title, title.lower())
        cands = [n for n, r in state.labels.items() if r.endswith(want)]
        cands += [n for n, r in state.roles.items() if r.endswith(want)]
        if state.last_speaker and state.last_speaker.role.endswith(want):
            cands.insert(0, state.last_speaker.name)
        if cands:
            name = cands[0]
            role = state.labels.get(name) or state.roles.get(name, "")
            return _Speaker(name, role, match.group(), "coreference")
        return None
    # pronoun: the most recent of (last speaker, last person mentioned in an earlier sentence), if near
    mention = next(((sidx, n) for sidx, n in reversed(state.mentions) if sidx < idx), None)
    speaker = state.last_speaker if state.last_speaker and idx - state.last_speaker_idx <= 3 else None
    if speaker and (mention is None or mention[0] <= state.last_speaker_idx):
        return _Speaker(speaker.name, speaker.role, match.group(), "coreference")
    if mention and idx - mention[0] <= 2:
        return _Speaker(mention[1], state.roles.get(mention[1], ""), match.group(), "coreference")
    return None


def _title_reference(text: str, state: _State, people: PeopleIndex | None) -> _Speaker | None:
    """A title used alone ("OpenAI首席技术官最新透露") -> the one person the document gives that role."""
    for m in _TITLE_RE.finditer(text):
        if people and any(abs(s - m.end()) <= 1 or abs(e - m.start()) <= 1
                          for s, e, n in people.find(text) if people.kind(n) == "person"):
            continue
        want = TITLES[m.group()]
        org = _ORG_RE.search(text[max(0, m.start() - 12):m.start()])
        cands = {n for n, r in state.roles.items() if r.endswith(want) and (not org or ORGS[org.group()] in r)}
        # Korean "황 CEO", "올트먼 대표": a surname before the title narrows the candidates
        surname = None if org else re.search(r"(?<![가-힣])([가-힣]{1,4})\s?$", text[:m.start()])
        if surname and people:
            cands = {n for n in cands if any(surname.group(1) in re.split(r"[\s·・]+", a)
                                             for a in (people.person(n).aliases if people.person(n) else ()))}
        if len(cands) == 1:
            name = cands.pop()
            written_from = max(0, m.start() - 12) + org.start() if org else (surname.start() if surname else m.start())
            return _Speaker(name, state.roles[name], text[written_from:m.end()], "coreference")
    return None


# ----------------------------------------------------------------------------------------------------- speakers
def _speaker_in(
    text: str, spans: list[tuple[int, int, str]], qpos: int, lang: str, people: PeopleIndex | None, state: _State,
    idx: int,
) -> _Speaker | None:
    """The speaker named in this sentence for the quote at ``qpos`` (outside any quoted span)."""
    labels = [(s, e, n, r) for s, e, n, r in _label_speakers(text)]
    mentions = _outside(people.find(text), spans) if people else []
    mentions = [m for m in mentions if not any(ls <= m[0] < le for ls, le, _, _ in labels)]
    if lang == "ko":
        mentions = [m for m in mentions if _ko_subject_ok(text, m[1])]
    if labels:
        s, e, name, role = min(labels, key=lambda x: abs(x[0] - qpos))
        return _Speaker(name, role, name, "explicit")
    persons = [m for m in mentions if not people or people.kind(m[2]) == "person"]
    orgs = [m for m in mentions if people and people.kind(m[2]) != "person"]
    for group in (persons, orgs):
        if not group:
            continue
        before = [m for m in group if m[1] <= qpos]
        after = [m for m in group if m[1] > qpos]
        if lang == "en" and after and not before:
            pick = after[0]
        elif before:
            pick = before[-1]
        else:
            pick = after[0]
        role = _role_near(text, pick[0], pick[1], people)
        written = text[pick[0]:pick[1]]
        return _Speaker(pick[2], role, written, _mention_attribution(written, pick[2], people, state))
    unknown = _unknown_name(text, spans, lang)
    if unknown:
        name, role, written = unknown
        at = text.find(written)
        role = role or (_role_near(text, at, at + len(written), people) if at >= 0 else "")
        return _Speaker(people.canonical(name) if people else name, role, written, "explicit")
    outside_text = "".join(ch if not any(s <= i < e for s, e, _ in spans) else " " for i, ch in enumerate(text))
    ana = _ANAPHOR.get(lang, _ANAPHOR["en"]).search(outside_text)
    if ana:
        return _resolve_anaphor(ana, state, idx, people)
    org_ana = _ORG_ANAPHOR.get(lang, _ORG_ANAPHOR["en"]).search(outside_text)
    if org_ana:
        return _resolve_org_anaphor(org_ana, state, idx)
    return _title_reference(outside_text, state, people)


def _resolve_org_anaphor(match: re.Match[str], state: _State, idx: int) -> _Speaker | None:
    for sidx, name in reversed(state.org_mentions):
        if 0 <= idx - sidx <= 3:
            return _Speaker(name, "", match.group(), "coreference")
    return None


def _unknown_name(text: str, spans: list[tuple[int, int, str]], lang: str) -> tuple[str, str, str] | None:
    """A name not in people.toml, recognised by a title next to it: "김철수 교수는", "CEO John Smith said"."""
    masked = "".join(ch if not any(s <= i < e for s, e, _ in spans) else "\0" for i, ch in enumerate(text))
    if lang == "ko":
        m = re.search(
            r"(?<![가-힣])([가-힣]{2,4})\s?(교수|대표|감독|연구원|회장|사장|기자|CEO)(?:은|는|이|가)\s", masked
        )
        if m and m.group(1) not in ORGS:
            return m.group(1), TITLES.get(m.group(2), m.group(2)), f"{m.group(1)} {m.group(2)}"
    elif lang == "en":
        m = re.search(r"\b((?:[A-Z][a-z]+(?:-[a-z]+)?\s){1,2}[A-Z][a-z]+(?:-[a-z]+)?)\s*,?\s+(?:" + _EN_VERBS + r")\b",
                      masked)
        if m and not re.match(r"(?:The|This|That|It|They|We|But|And|In|On)\b", m.group(1)):
            return m.group(1), "", m.group(1)
        m = re.search(r"\b(?:" + _EN_VERBS + r")\s+((?:[A-Z][a-z]+\s){1,2}[A-Z][a-z]+)\b", masked)
        if m:
            return m.group(1), "", m.group(1)
    elif lang == "ja":
        m = re.search(r"([ァ-ヶー・]{3,20}|[一-龥]{2,4})(?:氏|さん)(?:は|が)", masked)
        if m:
            return m.group(1), "", m.group()
    return None


def _has_cue(text: str, s: int, e: int, lang: str) -> bool:
    """A reporting verb attached to the quoted span text[s:e+1]."""
    after = text[e + 1:]
    before = text[:s]
    if lang == "ko" or re.search(r"[가-힣]", after[:4]):
        if _KO_CUE.match(after) and re.search(r"(?:라고|고)\s*(?:했|하였|한다|합니다)", after[:8]):
            return True
        if _KO_STANCE.match(after):  # "..."는 입장이다 / 라는 반응을 보였다
            return True
        if _KO_CUE.match(after) and _KO_CUE_VERB.search(after):
            return True
    if lang in ("zh", "ja") or re.search(r"[一-龥ぁ-んァ-ン]", after[:4] + before[-4:]):
        if re.match(r"\s*との(?:声|見方|意見|コメント|考え)", after):
            return True
        if _JA_VERB_RE.match(after.lstrip()) or re.match(r"\s*って(?:言っ|話し)", after) or re.match(
            r"\s*と[^。「」]{1,25}?(?:述べ|語っ|話し|説明し|強調し|指摘し|明かし|言っ)", after
        ):
            return True
        if re.search(rf"(?:{_ZH_VERBS})[了道着]?\s*[,，:：]?\s*$", before) and _ZH_VERB_RE.search(before[-6:]):
            return True
        zh_after = re.match(rf"\s*[,，]?\s*([^,，。\"“”]{{0,12}}?)(?:{_ZH_VERBS})(?:道)?\s*[。.]?\s*$", after)
        if zh_after:
            return True
    if lang == "en" or re.search(r"[A-Za-z]", after[:3] + before[-3:]):
        if re.match(rf"\s*[,.]?\s*(?:[\w.\-’']+\s+){{0,4}}\s*(?:{_EN_VERBS})\b", after):
            return True
        if re.search(rf"\b(?:{_EN_VERBS})(?:\s+[\w'’.-]+){{0,6}}\s*[,:]\s*$", before):
            return True
        if re.search(r"\baccording to\b[^.]{0,60}[,:]?\s*$", before, re.IGNORECASE):
            return True
    return False


def _colon_intro_without_speaker(text: str, s: int) -> bool:
    """'请你想象一幕场景:" ..."' / 'the prompt:' -> a cited text, not speech."""
    before = text[:s].rstrip()
    if not before.endswith((":", "：")):
        return False
    head = before[:-1]
    return not (_ZH_VERB_RE.search(head[-8:]) or _EN_VERB_RE.search(head[-30:]))


# ----------------------------------------------------------------------------------------------------- main
def find_quotes(sentences: Sequence[Sentence], lang: str, people: PeopleIndex | None = None) -> list[Quote]:
    """Quotes in document order; see the module docstring for what counts as a quote."""
    lang = (lang or "en")[:2].lower()
    state = _State()
    out: list[Quote] = []
    skip_until = -1
    sents = list(sentences)
    if people is not None:  # roles stated anywhere in the document ("OpenAI 首席技术官米拉·穆拉蒂")
        for sent in sents:
            for s, e, name in people.find(sent.text):
                if people.kind(name) != "person":
                    continue
                role = _role_near(sent.text, s, e, people)
                if role and name not in state.roles:
                    state.roles[name] = role
    for pos, sent in enumerate(sents):
        _remember(sent, people, state)
        if pos <= skip_until:
            continue
        got, consumed = _transcript(sents, pos, people)
        if got is not None:
            out.append(got)
            state.last_speaker = _Speaker(got.speaker, got.role, got.speaker_text, "transcript")
            state.last_speaker_idx = sent.idx
        if consumed >= 0:  # a transcript line (a person's, or a voice/sound label that is skipped)
            skip_until = consumed
            continue
        quotes, consumed = _marked(sents, pos, lang, people, state)
        if not quotes:
            quotes = _reported(sent, lang, people, state)
        for q in quotes:
            if not q.role and q.speaker in state.roles:
                q = replace(q, role=state.roles[q.speaker])
            out.append(q)
            if q.speaker != UNATTRIBUTED:
                state.last_speaker = _Speaker(q.speaker, q.role, q.speaker_text, q.attribution)
                state.last_speaker_idx = sent.idx
        skip_until = max(skip_until, consumed)
    return out


def _mention_attribution(written: str, name: str, people: PeopleIndex | None, state: _State) -> str:
    """A short form after the full name was given ("穆拉蒂" after "米拉 · 穆拉蒂") refers back: "coreference"."""
    if people is not None and people.is_short_form(written) and name in state.full_seen:
        return "coreference"
    return "explicit"


def _remember(sent: Sentence, people: PeopleIndex | None, state: _State) -> None:
    if people is None:
        return
    for s, e, name in people.find(sent.text):
        if people.kind(name) == "person":
            state.mentions.append((sent.idx, name))
            if not people.is_short_form(sent.text[s:e]):
                state.full_seen.add(name)
        else:
            state.org_mentions.append((sent.idx, name))
    for m in _ORG_RE.finditer(sent.text):
        if not m.group().isdigit():
            state.org_mentions.append((sent.idx, ORGS[m.group()]))
    state.org_mentions.sort()
    for _, _, label, role in _label_speakers(sent.text):
        state.labels[label] = role


def _transcript(sents: list[Sentence], pos: int, people: PeopleIndex | None) -> tuple[Quote | None, int]:
    """``[Name/Title: words]`` possibly over several sentences.

    Returns (quote, last consumed position); (None, -1) when the sentence is not a transcript line and
    (None, last) for a line whose label is not a person ("[AI imitation voice: ...]"), so its lines are skipped."""
    text = sents[pos].text
    m = re.match(r"^\s*\[([^\[\]:：]{1,160}?)\s*[:：]\s*(.*)$", text)
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
    known = people.person(name_part) if people else None
    if not known and (_NON_PERSON_LABEL.search(name_part) or not _looks_like_name(name_part)):
        log.debug("transcript label %r is not a person; skipped", label)
        return None, last
    canonical = people.canonical(name_part) if people else _clean_name(name_part)
    return Quote(
        sentence_idx=sents[pos].idx, speaker=canonical, quote=joined.strip(), role=title.strip(),
        speaker_text=name_part, attribution="transcript",
    ), last


def _looks_like_name(s: str) -> bool:
    return bool(
        re.fullmatch(r"(?:[A-Z][a-zà-ÿ]+(?:-[a-z]+)?\s?){1,4}", s.strip())
        or re.fullmatch(r"[가-힣]{2,5}", s.strip())
        or re.fullmatch(r"[一-龥]{2,4}|[ァ-ヶー・]{3,20}", s.strip())
    )


def _marked(
    sents: list[Sentence], pos: int, lang: str, people: PeopleIndex | None, state: _State
) -> tuple[list[Quote], int]:
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
            k += 1
            extra.append(sents[k].text)
            if close in sents[k].text:
                break
        if extra and close in extra[-1]:
            text = text + " " + " ".join(extra)
            spans = _quote_spans(text)
            last = k
    out: list[Quote] = []
    for s, e, opener in spans:
        quote = text[s + 1:e].strip().rstrip(",，、。")
        if not quote or (opener in _SINGLE and any(ps < s and e < pe for ps, pe, po in spans if po in _DOUBLE)):
            continue
        if _colon_intro_without_speaker(text, s) or _NAMING.match(text[e + 1:]) or _NAMING_BEFORE.search(text[:s]):
            continue
        cue = _has_cue(text, s, e, lang) or _shares_cue(text, s, e, spans, lang)
        if _is_single_term(quote, lang) and (not cue or _is_one_token(quote, lang)):
            continue  # a scare quote around a term; a short noun phrase still counts when a reporting verb follows
        speaker: _Speaker | None = None
        anonymous = ""
        if cue:
            speaker = _speaker_in(text, spans, s, lang, people, state, sent.idx)
            if speaker is None:
                anonymous = _unknown_subject(text, spans, s, e, lang)
                speaker = None if anonymous else _previous(state, sent.idx)
        else:
            nxt = sents[last + 1] if last + 1 < len(sents) else None
            trailing = _trailing_attribution(nxt, lang, people, state) if nxt and e >= len(text.rstrip("。. ")) - 2 \
                else None
            if trailing:
                speaker = trailing
                last = max(last, pos + 1) if nxt is sents[pos + 1] else last
            elif not _speechlike(quote, lang):
                continue
            else:
                anonymous = _unknown_subject(text, spans, s, e, lang)
                speaker = None if anonymous else _previous(state, sent.idx, window=1)
                if speaker is None and not anonymous and not re.match(r"^[\s○■▶●◆\-]*$", text[:s]):
                    continue
        if speaker is None:
            out.append(Quote(sent.idx, UNATTRIBUTED, quote, speaker_text=anonymous, attribution="unattributed"))
        else:
            out.append(Quote(sent.idx, speaker.name, quote, speaker.role, speaker.text, speaker.attribution))
            state.last_speaker, state.last_speaker_idx = speaker, sent.idx
    return out, last


_KO_TOPIC = re.compile(r"(?:^|\s)((?:(?:한|일부|다른|익명의)\s)?[가-힣A-Za-z]+(?:\s[가-힣A-Za-z]+){0,2}?)(?:은|는)\s")
_EN_ANON = r"((?:[Aa]n?|[Oo]ne|[Aa]nother|[Ss]ome|[Tt]he)\s+(?:[\w-]+\s+){0,4}?)"
_EN_ANON_AFTER = re.compile(rf"^\s*[,.]?\s*{_EN_ANON}(?:{_EN_VERBS})\b")
_EN_ANON_BEFORE = re.compile(rf"\b{_EN_ANON}(?:{_EN_VERBS})\b[^\"“]*$")
_ZH_ANON_BEFORE = re.compile(rf"(?:^|[,，。])\s*([^,，。:：\"“”]{{1,15}}?)(?:{_ZH_VERBS})\s*[,，:：]?\s*$")
_ZH_ANON_AFTER = re.compile(rf"^\s*[,，]?\s*([^,，。\"“”]{{1,12}}?)(?:{_ZH_VERBS})")


def _unknown_subject(text: str, spans: list[tuple[int, int, str]], s: int, e: int, lang: str) -> str:
    """A speaker phrase that names nobody we know ("한 애널리스트는", "an analyst said", "一位分析师表示").

    The quote then stays unattributed instead of being given to the previous speaker."""
    masked = "".join(ch if not any(a <= i <= b for a, b, _ in spans) else " " for i, ch in enumerate(text))
    before, after = masked[:s], masked[e + 1:]
    if lang == "ko":
        found = [m for m in _KO_TOPIC.finditer(before)
                 if not re.search(r"(?:하|있|없|되|라|다|않|그|이)$", m.group(1))]
        return found[-1].group(1).strip() if found else ""
    if lang == "en":
        m = _EN_ANON_AFTER.match(after) or _EN_ANON_BEFORE.search(before)
        return m.group(1).strip() if m else ""
    if lang == "zh":
        m = _ZH_ANON_BEFORE.search(before) or _ZH_ANON_AFTER.match(after)
        return m.group(1).strip() if m and not re.fullmatch(r"[\s，,]*", m.group(1)) else ""
    if lang == "ja":
        found = list(re.finditer(r"([一-龥ァ-ヶーA-Za-z]{2,12})(?:は|が|からは|からも)", before))
        return found[-1].group(1) if found else ""
    return ""


def _shares_cue(text: str, s: int, e: int, spans: list[tuple[int, int, str]], lang: str) -> bool:
    """'"A"며 "B"고 밝혔다': the first quote is linked by 며/라며/and to the next quote, which has the cue."""
    if not re.match(r"\s*(?:(?:이)?라며|며|(?:이)?라면서|고|,|，|and)\s*[“\"‘]", text[e + 1:e + 8]):
        return False
    later = [sp for sp in spans if sp[0] > e]
    return any(_has_cue(text, ls, le, lang) or _shares_cue(text, ls, le, spans, lang) for ls, le, _ in later[:1])


def _previous(state: _State, idx: int, window: int = 2) -> _Speaker | None:
    if state.last_speaker and 0 <= idx - state.last_speaker_idx <= window:
        s = state.last_speaker
        return _Speaker(s.name, s.role, "", "coreference")
    return None


def _trailing_attribution(
    nxt: Sentence, lang: str, people: PeopleIndex | None, state: _State
) -> _Speaker | None:
    """'" ... 。" 周鸿祎感慨。' — the cue sits alone in the next sentence."""
    t = nxt.text.strip()
    if len(t) > 25:
        return None
    if not (_ZH_VERB_RE.search(t) or _EN_VERB_RE.search(t) or _JA_VERB_RE.search(t) or _KO_VERB_RE.search(t)):
        return None
    sp = _speaker_in(t, [], 0, lang, people, state, nxt.idx)
    if sp:
        sp.attribution = "explicit" if sp.attribution == "explicit" else sp.attribution
    return sp


def _strip_marks(q: str) -> str:
    q = q.strip().rstrip("。.")
    if len(q) > 2 and q[0] in _OPEN_CLOSE and q.endswith(_OPEN_CLOSE[q[0]]):
        q = q[1:-1].strip().rstrip("。.,，")
    return q


def _reported(sent: Sentence, lang: str, people: PeopleIndex | None, state: _State) -> list[Quote]:
    """Reported speech without marks, introduced by a speaker and a reporting verb."""
    text = sent.text
    funcs = {"zh": _reported_zh, "ko": _reported_ko, "en": _reported_en, "ja": _reported_ja}
    if lang not in funcs or not text.strip():
        return []
    return [replace(q, quote=_strip_marks(q.quote)) for q in funcs[lang](sent, people, state)]


def _subject_candidates(
    text: str, lang: str, people: PeopleIndex | None, state: _State, idx: int
) -> list[tuple[int, int, _Speaker]]:
    """(start, end, speaker) for every possible speaker phrase in the sentence."""
    cands: list[tuple[int, int, _Speaker]] = []
    if people:
        for s, e, name in people.find(text):
            attribution = _mention_attribution(text[s:e], name, people, state)
            cands.append((s, e, _Speaker(name, _role_near(text, s, e, people), text[s:e], attribution)))
    for s, e, label, role in _label_speakers(text):
        cands.append((s, e, _Speaker(label, role, label, "explicit")))
    ana_re = _ANAPHOR.get(lang)
    if ana_re:
        for m in ana_re.finditer(text):
            sp = _resolve_anaphor(m, state, idx, people)
            if sp:
                cands.append((m.start(), m.end(), sp))
    org_re = _ORG_ANAPHOR.get(lang)
    if org_re:
        for m in org_re.finditer(text):
            sp = _resolve_org_anaphor(m, state, idx)
            if sp:
                cands.append((m.start(), m.end(), sp))
    for m in _TITLE_RE.finditer(text):
        if any(cs <= m.start() < ce or abs(cs - m.end()) <= 1 for cs, ce, _ in cands):
            continue
        sp = _title_reference(text[max(0, m.start() - 12):m.end()], state, people)
        if sp:
            cands.append((m.start(), m.end(), sp))
    return sorted(cands, key=lambda c: c[0])


def _reported_zh(sent: Sentence, people: PeopleIndex | None, state: _State) -> list[Quote]:
    text = sent.text
    for _s, e, sp in _subject_candidates(text, "zh", people, state, sent.idx):
        m = _ZH_REPORTED.match(text[e:])
        if not m:
            continue
        if people and people.kind(sp.name) != "person" and _TITLE_RE.match(text[e:].lstrip()):
            continue  # "OpenAI首席技术官透露": the title, not the organisation, is the speaker
        content = text[e + m.end():].strip().rstrip("。")
        if len(content) < 6:
            continue
        return [Quote(sent.idx, sp.name, content, sp.role, sp.text, sp.attribution)]
    return []


def _reported_en(sent: Sentence, people: PeopleIndex | None, state: _State) -> list[Quote]:
    text = sent.text
    m = re.match(r"^\s*According to ([^,]{2,60}),\s*(.+)$", text)
    if m:
        cands = _subject_candidates(m.group(1), "en", people, state, sent.idx)
        persons = [c for c in cands if not people or people.kind(c[2].name) == "person"]
        if persons:
            sp = persons[0][2]
            return [Quote(sent.idx, sp.name, m.group(2).strip().rstrip("."), sp.role, sp.text, sp.attribution)]
    for s, e, sp in _subject_candidates(text, "en", people, state, sent.idx):
        tail = text[e:]
        tail = re.sub(r"^,\s*(?:the\s+)?[^,]{0,60},", "", tail)  # appositive: "Altman, the OpenAI CEO, said"
        m = _EN_REPORTED.match(tail)
        if m and (s == 0 or re.search(r"(?:^|[,;]\s*|\b(?:and|but)\s+)$", text[:s]) or text[:s].strip().istitle()):
            content = tail[m.end():].strip().rstrip(".")
            if len(content.split()) >= 3:
                return [Quote(sent.idx, sp.name, content, sp.role, sp.text, sp.attribution)]
    return []


def _reported_ko(sent: Sentence, people: PeopleIndex | None, state: _State) -> list[Quote]:
    text = sent.text
    end = _KO_REPORTED_END.search(text)
    if not end:
        return []
    for _s, e, sp in _subject_candidates(text, "ko", people, state, sent.idx):
        # the speaker is the topic of the main clause: name (+ org/title) + 은/는; 이/가 only for a person
        particles = "은|는|이|가" if not people or people.kind(sp.name) == "person" else "은|는"
        m = re.match(rf"{_KO_TITLE_TAIL}(?:{particles})\s", text[e:])
        if not m or e + m.end() >= end.start():
            continue
        content = text[e + m.end():end.start()].strip()
        if len(content) >= 6:
            return [Quote(sent.idx, sp.name, content, sp.role, sp.text, sp.attribution)]
    con = _KO_CONNECTIVE.match(text)
    prev = _previous(state, sent.idx, window=2)
    named = [m for m in people.find(text) if _ko_subject_ok(text, m[1]) and people.kind(m[2]) == "person"] if people \
        else []
    if con and prev and not named:
        content = text[con.end():end.start()].strip()
        if len(content) >= 6:
            return [Quote(sent.idx, prev.name, content, prev.role, "", "coreference")]
    return []


def _reported_ja(sent: Sentence, people: PeopleIndex | None, state: _State) -> list[Quote]:
    text = sent.text
    end = re.search(r"(?:と|っと)(?:述べ|語っ|話し|説明し|強調し|指摘し|明かし|言っ)", text)
    if not end:
        return []
    for _s, e, sp in _subject_candidates(text, "ja", people, state, sent.idx):
        m = re.match(r"(?:氏|さん|CEO|社長)?(?:は|が)[、,]?", text[e:])
        if m and e + m.end() < end.start():
            content = text[e + m.end():end.start()].strip()
            if len(content) >= 4:
                return [Quote(sent.idx, sp.name, content, sp.role, sp.text, sp.attribution)]
    return []
