"""Tracked topics with aliases per language, loaded from data/topics.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TOPICS = Path(__file__).resolve().parent.parent / "data" / "topics.toml"


@dataclass(frozen=True)
class Topic:
    name: str
    aliases: tuple[str, ...]


class TopicIndex:
    """Finds topic mentions in text with one compiled regex per topic."""

    def __init__(self, topics: list[Topic]):
        self.topics = topics
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        for t in topics:
            parts = []
            for a in sorted({t.name, *t.aliases}, key=len, reverse=True):
                esc = re.escape(a)
                if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 .\-·™]*", a):
                    # whole word for Latin aliases; "GPT-4" must not match "GPT-4o" or "GPT-40"
                    esc = rf"(?<![A-Za-z0-9]){esc}(?![A-Za-z0-9]|\.\d)"
                parts.append(esc)
            self._patterns.append((t.name, re.compile("|".join(parts), re.IGNORECASE)))

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.topics]

    def find(self, text: str) -> list[str]:
        """Topic names mentioned in ``text``, in the order of the topic file."""
        return [name for name, pat in self._patterns if pat.search(text)]

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, topic) of every mention, sorted by position."""
        out = [(m.start(), m.end(), name) for name, pat in self._patterns for m in pat.finditer(text)]
        return sorted(out)


def load_topics(path: Path | str = DEFAULT_TOPICS) -> TopicIndex:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    topics = [Topic(name=str(t["name"]), aliases=tuple(str(a) for a in t.get("aliases", [])))
              for t in data.get("topic", [])]
    return TopicIndex(topics)
