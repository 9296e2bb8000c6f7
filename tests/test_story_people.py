"""A story's people live in its own story file (story.toml beside the manifest), not in the shared defaults: quotes
use them, the cache keys on them, and the topic editor keeps their roles."""

from __future__ import annotations

import tomllib
from pathlib import Path

from analysis import story_edit
from analysis.quotes import find_quotes
from analysis.registry import corpus_context, default_context, people_stamp, story_people
from analysis.sentences import split_sentences
from analysis.store import plan

STORY = '''[[person]]
name = "Emmanuel Macron"
aliases = ["마크롱", "马克龙", "Macron", "Emmanuel Macron"]
role = "French president"

[[topic]]
name = "Widget"
'''
TEXT = '마크롱은 "우리는 준비가 됐다"고 말했다.'


def _corpus(tmp_path: Path, story: str | None) -> Path:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    if story is not None:
        (tmp_path / "story.toml").write_text(story, encoding="utf-8")
    return tmp_path


def test_the_story_files_people_reach_the_quotes(tmp_path: Path) -> None:
    root = _corpus(tmp_path, STORY)
    people = story_people(root)
    assert [(p.name, p.aliases, p.role) for p in people] == [
        ("Emmanuel Macron", ("Macron", "马克龙", "마크롱"), "French president")]
    ctx = corpus_context(root)
    quotes = find_quotes(split_sentences(TEXT, "ko"), "ko", ctx.people)
    assert [(q.speaker, q.role) for q in quotes] == [("Emmanuel Macron", "French president")]
    plain = find_quotes(split_sentences(TEXT, "ko"), "ko", default_context().people)
    assert [q.speaker for q in plain] == ["마크롱"]  # without the story file: the name as written


def test_no_story_file_no_people_and_the_defaults(tmp_path: Path) -> None:
    root = _corpus(tmp_path, None)
    assert story_people(root) == () and people_stamp(root) == ""
    assert corpus_context(root) is default_context()
    (root / "story.toml").write_text("not [ toml", encoding="utf-8")  # unreadable: reported by the story pass
    assert story_people(root) == () and corpus_context(root) is default_context()


def test_file_keys_change_with_the_people_not_with_topic_edits(tmp_path: Path) -> None:
    root = _corpus(tmp_path, STORY)
    key = plan(root).tasks[0].key
    (root / "story.toml").write_text(STORY.replace('name = "Widget"', 'name = "Gadget"'), encoding="utf-8")
    assert plan(root).tasks[0].key == key  # a topic edit is the cheap story pass only
    (root / "story.toml").write_text(STORY.replace('"Macron", ', ""), encoding="utf-8")
    assert plan(root).tasks[0].key != key  # a person's spellings change what quotes find


def test_the_topic_editor_keeps_roles_and_the_people_stamp(tmp_path: Path) -> None:
    root = _corpus(tmp_path, STORY)
    stamp = people_stamp(root)
    doc = story_edit.from_data(tomllib.loads(STORY))
    assert doc.people[0].role == "French president" and "person.role" not in doc.ignored
    doc = story_edit.rename(doc, "Widget", "Gadget")
    story_edit.save(root, doc)
    assert 'role = "French president"' in (root / "story.toml").read_text(encoding="utf-8")
    assert people_stamp(root) == stamp
