"""Edit a corpus's story file (``story.toml`` beside its manifest) as plain data: pure logic, no Streamlit.

The story file curates what entity discovery found (see :mod:`analysis.entities`): ``[[topic]]`` and
``[[person]]`` entries (``name``, ``aliases``, ``kind``), ``[[merge]] names=[…]``, ``[[split]] names=[…]`` and
``[[hide]] names=[…]``. This module loads such a file into a :class:`StoryDoc`, applies one edit at a time
(rename, merge, split off an alias, hide, unhide, add an alias; undo through :class:`History`) and writes it
back as TOML. Names are untrusted text (typed in a browser, or taken from the articles): every string is
written as a TOML basic string with quotes, backslashes and control characters escaped, and no key is written
that the format does not have. Comments at the top of an existing file are kept; nothing else is recorded
anywhere (no log of edits outside the story file).
"""

from __future__ import annotations

import logging
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from analysis.translit import exact_key

log = logging.getLogger(__name__)

STORY_NAME = "story.toml"
MAX_NAME = 120  # characters of one name or alias
MAX_ALIASES = 50  # aliases of one topic or person, names of one merge or hide group
MAX_ENTRIES = 2000  # tables of each kind in one story file
MAX_FILE_BYTES = 2 * 1024 * 1024  # a story file larger than this is not read
MAX_UNDO = 50
KINDS = ("person", "organisation", "product", "event", "place", "name")
NEW_FILE_HEADER = ("# Story file of this corpus: curation of the discovered entities (topics, people, merges,\n"
                   "# split-off aliases, hidden names). Written by the Topics page; safe to edit by hand.\n")


class EditError(ValueError):
    """An edit that cannot be applied (the message says why, in words fit for the analyst)."""


class StoryFileError(ValueError):
    """The story file exists but cannot be read as TOML (it is then never overwritten by an edit)."""


@dataclass(frozen=True)
class Entry:
    """One ``[[topic]]`` or ``[[person]]`` table."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str = ""
    role: str = ""  # a person's default role (quotes give it when an article states none); kept as written

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class StoryDoc:
    topics: tuple[Entry, ...] = ()
    people: tuple[Entry, ...] = ()
    merges: tuple[tuple[str, ...], ...] = ()
    splits: tuple[tuple[str, ...], ...] = ()
    hidden: tuple[tuple[str, ...], ...] = ()  # one group of names per hidden entity
    header: str = ""  # the comment lines at the top of the file, kept as they were
    ignored: tuple[str, ...] = field(default=())  # keys of the file the format does not have (not written back)

    def n_curated(self) -> int:
        """Curation entries in the file: topics, people, merges, splits and hidden groups."""
        return len(self.topics) + len(self.people) + len(self.merges) + len(self.splits) + len(self.hidden)

    def hidden_names(self) -> tuple[str, ...]:
        return tuple(n for g in self.hidden for n in g)

    @cached_property
    def _hidden_keys(self) -> frozenset[str]:
        return frozenset(_key(n) for n in self.hidden_names())

    def is_hidden(self, name: str) -> bool:
        return _key(name) in self._hidden_keys

    def entry(self, name: str) -> Entry | None:
        """The topic or person that has this name or alias (spellings compared as the linker compares them)."""
        k = _key(name)
        return next((e for e in (*self.topics, *self.people) if k in {_key(n) for n in e.names()}), None)


# ------------------------------------------------------------------ validation

_SPACE = re.compile(r"\s+")


def clean_name(value: object, what: str = "name") -> str:
    """A name as it may be stored: control characters removed, runs of white space (line breaks too) made one
    space, trimmed; refused when empty or longer than MAX_NAME characters."""
    text = unicodedata.normalize("NFC", str(value if value is not None else ""))
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text
                   if unicodedata.category(c) != "Cs")  # lone surrogates cannot be written as UTF-8
    text = _SPACE.sub(" ", text).strip()
    if not text:
        raise EditError(f"The {what} is empty.")
    if len(text) > MAX_NAME:
        raise EditError(f"The {what} is longer than {MAX_NAME} characters.")
    if not _key(text):
        raise EditError(f"The {what} has no letters or digits.")
    return text


def _key(name: str) -> str:
    return exact_key(str(name))


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for n in names:
        k = _key(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return tuple(out)


def _bounded(names: tuple[str, ...], what: str) -> tuple[str, ...]:
    if len(names) > MAX_ALIASES:
        raise EditError(f"At most {MAX_ALIASES} {what}.")
    return names


# ------------------------------------------------------------------ reading

def _names(value: object) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []
    out = []
    for v in value:
        if isinstance(v, (str, int, float)) and not isinstance(v, bool):
            try:
                out.append(clean_name(v))
            except EditError:
                continue  # an empty or over-long name in a hand-written file is left out
    return out[:MAX_ALIASES]


def _header(text: str) -> str:
    """The comment (and blank) lines at the top of a file, up to the first line with content."""
    lines = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines.append(line.rstrip())
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def from_data(data: dict, header: str = "") -> StoryDoc:
    """A story file's parsed TOML as a StoryDoc (only the keys of the format; the others are listed as ignored)."""
    ignored = [str(k) for k in data if k not in ("topic", "person", "merge", "split", "hide")]

    def tables(key: str) -> list[dict]:
        value = data.get(key, [])
        if not isinstance(value, list):
            ignored.append(key)
            return []
        return [t for t in value if isinstance(t, dict)][:MAX_ENTRIES]

    def entries(key: str) -> tuple[Entry, ...]:
        out = []
        for t in tables(key):
            names = _names(t.get("name"))
            if not names:
                continue
            kind = str(t.get("kind", "")).strip()
            keys = ("name", "aliases", "kind", "role") if key == "person" else ("name", "aliases", "kind")
            ignored.extend(f"{key}.{k}" for k in t if k not in keys)
            aliases = tuple(dict.fromkeys(a for a in _names(t.get("aliases", [])) if a != names[0]))  # as written
            role = str(t.get("role", "")).strip()[:MAX_NAME] if key == "person" else ""
            out.append(Entry(names[0], aliases[:MAX_ALIASES], kind if kind in KINDS else "", role))
        return tuple(out)

    def groups(key: str, least: int) -> tuple[tuple[str, ...], ...]:
        out = []
        for t in tables(key):
            ignored.extend(f"{key}.{k}" for k in t if k not in ("names", "name"))
            names = _unique([*_names(t.get("names", [])), *_names(t.get("name"))])
            if len(names) >= least:
                out.append(names)
        return tuple(out)

    return StoryDoc(entries("topic"), entries("person"), groups("merge", 2), groups("split", 1), groups("hide", 1),
                    header, tuple(dict.fromkeys(ignored)))


def parse_text(text: str) -> StoryDoc:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StoryFileError(f"The story file is not valid TOML ({exc}).") from exc
    return from_data(data, _header(text))


def load(folder: Path | str) -> StoryDoc:
    """The corpus folder's story file as a StoryDoc (an empty one when there is none)."""
    path = Path(folder) / STORY_NAME
    if not path.is_file():
        return StoryDoc(header=NEW_FILE_HEADER)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise StoryFileError(f"The story file is larger than {MAX_FILE_BYTES // 2**20} MB.")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StoryFileError(f"The story file cannot be read ({type(exc).__name__}).") from exc
    return parse_text(text)


# ------------------------------------------------------------------ writing

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and every control character escaped."""
    out = ['"']
    for c in str(value):
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        elif 0xD800 <= ord(c) <= 0xDFFF:
            out.append("\\uFFFD")  # a lone surrogate has no UTF-8 form
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _array(values: Iterable[str]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def to_toml(doc: StoryDoc) -> str:
    """The story file's text: the kept header, then one table per entry (only the format's keys)."""
    header = "\n".join(line for line in doc.header.splitlines() if not line.strip() or line.lstrip().startswith("#"))
    parts = [header.rstrip("\n") + "\n"] if header.strip() else []
    for key, entries, default_kind in (("topic", doc.topics, "product"), ("person", doc.people, "person")):
        for e in entries:
            lines = [f"[[{key}]]", f"name = {toml_string(e.name)}"]
            if e.aliases:
                lines.append(f"aliases = {_array(e.aliases)}")
            if e.kind and e.kind in KINDS and e.kind != default_kind:
                lines.append(f"kind = {toml_string(e.kind)}")
            if e.role and key == "person":
                lines.append(f"role = {toml_string(e.role)}")
            parts.append("\n".join(lines) + "\n")
    for key, groups in (("merge", doc.merges), ("split", doc.splits), ("hide", doc.hidden)):
        for g in groups:
            parts.append(f"[[{key}]]\nnames = {_array(g)}\n")
    return "\n".join(parts)


def to_bytes(doc: StoryDoc) -> bytes:
    return to_toml(doc).encode("utf-8")


def save(folder: Path | str, doc: StoryDoc) -> Path:
    """Write the story file into the corpus folder (through a temporary file, so a reader never sees half)."""
    path = Path(folder) / STORY_NAME
    text = to_toml(doc)
    tomllib.loads(text)  # never write what cannot be read back
    tmp = path.with_name(f".{STORY_NAME}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


# ------------------------------------------------------------------ edits

def _replace_entry(doc: StoryDoc, old: Entry | None, new: Entry | None, person: bool) -> StoryDoc:
    """doc with the entry `old` replaced by `new` in its place (dropped when new is None), or `new` added (to
    the people when `person`, else to the topics) when old is None."""
    topics, people = list(doc.topics), list(doc.people)
    if old is None:
        if new is not None:
            (people if person else topics).append(new)
    else:
        for section in (topics, people):
            i = next((i for i, e in enumerate(section) if e is old), None)
            if i is not None:
                if new is None:
                    del section[i]
                else:
                    section[i] = new
                break
    if len(topics) > MAX_ENTRIES or len(people) > MAX_ENTRIES:
        raise EditError(f"At most {MAX_ENTRIES} topics and {MAX_ENTRIES} people in a story file.")
    return replace(doc, topics=tuple(topics), people=tuple(people))


def _is_person(doc: StoryDoc, entry: Entry) -> bool:
    return any(e is entry for e in doc.people) or entry.kind == "person"


def _without_names(groups: tuple[tuple[str, ...], ...], keys: set[str], least: int) -> tuple[tuple[str, ...], ...]:
    out = []
    for g in groups:
        kept = tuple(n for n in g if _key(n) not in keys)
        if len(kept) >= least:
            out.append(kept)
    return tuple(out)


def _kind(kind: str) -> str:
    return kind if kind in KINDS else ""


def _spellings(values: Iterable[str]) -> list[str]:
    out = []
    for v in values:
        try:
            out.append(clean_name(v))
        except EditError:
            continue
    return out


def rename(doc: StoryDoc, old: str, new: str, kind: str = "", spellings: Iterable[str] = ()) -> StoryDoc:
    """The entity now shown as `old` is shown as `new`; `old` stays one of its aliases (so it still matches).

    `spellings`: the entity's other discovered names, kept as aliases too, so that the new name wins over a
    default curation (data/topics.toml) that knows the entity by one of them. Bounded by MAX_ALIASES."""
    old, new = clean_name(old, "current name"), clean_name(new, "new name")
    if old == new:
        raise EditError("The new name is the current name.")
    other = doc.entry(new)
    entry = doc.entry(old)
    if other is not None and other is not entry:
        raise EditError(f"{new!r} is already a name of {other.name!r}: merge the two instead.")
    extra = [s for s in _spellings(spellings) if doc.entry(s) in (None, entry)]  # never take another's alias
    if entry is None:
        kind = _kind(kind)
        aliases = _unique(a for a in (old, *extra) if _key(a) != _key(new))[:MAX_ALIASES]
        return _replace_entry(doc, None, Entry(new, aliases, "" if kind == "person" else kind), kind == "person")
    aliases = _unique(a for a in (entry.name, *entry.aliases) if _key(a) != _key(new))
    aliases = _bounded(aliases, "aliases")
    aliases = (*aliases, *(a for a in _unique(extra) if _key(a) != _key(new)
                           and _key(a) not in {_key(x) for x in aliases}))[:MAX_ALIASES]
    return _replace_entry(doc, entry, Entry(new, aliases, entry.kind, entry.role), False)


def add_alias(doc: StoryDoc, name: str, alias: str, kind: str = "") -> StoryDoc:
    """`alias` is another spelling of the entity `name` (it is no longer split off)."""
    name, alias = clean_name(name), clean_name(alias, "alias")
    if _key(name) == _key(alias):
        raise EditError("The alias is the name itself.")
    entry, other = doc.entry(name), doc.entry(alias)
    if other is not None and other is not entry:
        raise EditError(f"{alias!r} already belongs to {other.name!r}: merge the two instead.")
    splits = _without_names(doc.splits, {_key(alias)}, 1)
    if entry is None:
        kind = _kind(kind)
        new = Entry(name, (alias,), "" if kind == "person" else kind)
        return _replace_entry(replace(doc, splits=splits), None, new, kind == "person")
    if other is entry:
        raise EditError(f"{alias!r} is already an alias of {entry.name!r}.")
    aliases = _bounded(_unique((*entry.aliases, alias)), "aliases")
    return _replace_entry(replace(doc, splits=splits), entry, replace(entry, aliases=aliases), False)


def merge(doc: StoryDoc, keep: str, other: str) -> StoryDoc:
    """The entities `keep` and `other` are one; `keep` names it when either is a curated topic or person."""
    keep, other = clean_name(keep, "first name"), clean_name(other, "second name")
    if _key(keep) == _key(other):
        raise EditError("An entity cannot be merged with itself.")
    a, b = doc.entry(keep), doc.entry(other)
    if a is not None and a is b:
        raise EditError(f"{other!r} is already an alias of {a.name!r}.")
    moved = {_key(n) for n in (b.names() if b else (other,))}
    splits = _without_names(doc.splits, moved, 1)
    if a is not None or b is not None:  # fold into one entry: the linker then names the entity without doubt
        names = b.names() if b is not None else (other,)
        if a is None:
            assert b is not None
            person = _is_person(doc, b)
            new = Entry(keep, _bounded(_unique(n for n in names if _key(n) != _key(keep)), "aliases"),
                        "" if person else b.kind, b.role)
            return _replace_entry(replace(doc, splits=splits), b, new, person)  # in b's place
        if b is not None:
            doc = _replace_entry(doc, b, None, False)
        aliases = _bounded(_unique(n for n in (*a.aliases, *names) if _key(n) != _key(a.name)), "aliases")
        return _replace_entry(replace(doc, splits=splits), a, replace(a, aliases=aliases), False)
    keys = {_key(keep), _key(other)}
    joined = [g for g in doc.merges if keys & {_key(n) for n in g}]
    rest = tuple(g for g in doc.merges if g not in joined)
    group = _bounded(_unique([keep, *(n for g in joined for n in g), other]), "merged names")
    if len(rest) + 1 > MAX_ENTRIES:
        raise EditError(f"At most {MAX_ENTRIES} merges in a story file.")
    return replace(doc, merges=(*rest, group), splits=splits)


def split(doc: StoryDoc, alias: str) -> StoryDoc:
    """`alias` is a different entity: removed from every topic, person and merge, and kept apart by the linker."""
    alias = clean_name(alias, "alias")
    k = _key(alias)
    entry = doc.entry(alias)
    if entry is not None and _key(entry.name) == k:
        raise EditError(f"{alias!r} is the name of a curated entry: rename it first, then split the old name off.")
    if any(k == _key(n) for g in doc.splits for n in g):
        raise EditError(f"{alias!r} is split off already.")
    if entry is not None:
        doc = _replace_entry(doc, entry, replace(entry, aliases=tuple(a for a in entry.aliases if _key(a) != k)),
                             False)
    if len(doc.splits) + 1 > MAX_ENTRIES:
        raise EditError(f"At most {MAX_ENTRIES} split-off names in a story file.")
    return replace(doc, merges=_without_names(doc.merges, {k}, 2), splits=(*doc.splits, (alias,)))


def hide(doc: StoryDoc, name: str, spellings: Iterable[str] = ()) -> StoryDoc:
    """Hide the entity `name` (never a topic). `spellings`: other names of it that the linker may know it by
    (its discovered spellings), written in the same group so that unhiding removes them together."""
    name = clean_name(name)
    if doc.is_hidden(name):
        raise EditError(f"{name!r} is hidden already.")
    extra = []
    for s in spellings:
        try:
            extra.append(clean_name(s))
        except EditError:
            continue
    group = _unique([name, *extra])[:MAX_ALIASES]
    if len(doc.hidden) + 1 > MAX_ENTRIES:
        raise EditError(f"At most {MAX_ENTRIES} hidden entities in a story file.")
    return replace(doc, hidden=(*doc.hidden, group))


def unhide(doc: StoryDoc, name: str) -> StoryDoc:
    """Show the entity again: every hidden group that names it is removed."""
    name = clean_name(name)
    k = _key(name)
    kept = tuple(g for g in doc.hidden if k not in {_key(n) for n in g})
    if len(kept) == len(doc.hidden):
        raise EditError(f"{name!r} is not hidden.")
    return replace(doc, hidden=kept)


# ------------------------------------------------------------------ edits as data, and undo

OPERATIONS = ("rename", "merge", "split", "hide", "unhide", "alias")


@dataclass(frozen=True)
class Edit:
    op: str  # one of OPERATIONS
    name: str
    other: str = ""  # rename: the new name; merge: the entity merged in; alias: the alias
    kind: str = ""  # the entity's kind, for an entry that does not exist yet
    spellings: tuple[str, ...] = ()  # rename, hide: the entity's other (discovered) names

    def describe(self) -> str:
        return {"rename": f"renamed {self.name!r} to {self.other!r}", "merge": f"merged {self.other!r} into "
                f"{self.name!r}", "split": f"split {self.name!r} off", "hide": f"hid {self.name!r}",
                "unhide": f"showed {self.name!r} again", "alias": f"added alias {self.other!r} to {self.name!r}"
                }.get(self.op, self.op)


def apply(doc: StoryDoc, edit: Edit) -> StoryDoc:
    if edit.op == "rename":
        return rename(doc, edit.name, edit.other, edit.kind, edit.spellings)
    if edit.op == "merge":
        return merge(doc, edit.name, edit.other)
    if edit.op == "split":
        return split(doc, edit.name)
    if edit.op == "hide":
        return hide(doc, edit.name, edit.spellings)
    if edit.op == "unhide":
        return unhide(doc, edit.name)
    if edit.op == "alias":
        return add_alias(doc, edit.name, edit.other, edit.kind)
    raise EditError(f"Unknown edit {edit.op!r}.")


@dataclass(frozen=True)
class History:
    """The story file's states before each edit of this session (kept in memory only), for undo."""

    states: tuple[StoryDoc, ...] = ()

    def push(self, before: StoryDoc) -> History:
        return History((*self.states, before)[-MAX_UNDO:])

    def undo(self) -> tuple[StoryDoc, History]:
        if not self.states:
            raise EditError("Nothing to undo.")
        return self.states[-1], History(self.states[:-1])


# ------------------------------------------------------------------ helpers for the entities table

_LANG_SUFFIX = re.compile(r"\s\((?:[a-z]{2,3}(?:-[A-Za-z0-9]+)?)?\)$")


def alias_texts(cell: object) -> tuple[str, ...]:
    """The spellings in an entities table's `aliases` cell ("Sora (en); 소라 (ko)" -> ("Sora", "소라"))."""
    if not isinstance(cell, str) or not cell.strip():
        return ()
    return _unique(t for t in (_LANG_SUFFIX.sub("", p).strip() for p in cell.split("; ")) if t)


__all__ = ["Edit", "EditError", "Entry", "History", "KINDS", "MAX_ALIASES", "MAX_NAME", "StoryDoc", "StoryFileError",
           "add_alias", "alias_texts", "apply", "clean_name", "from_data", "hide", "load", "merge", "parse_text",
           "rename", "save", "split", "to_bytes", "to_toml", "toml_string", "unhide"]
