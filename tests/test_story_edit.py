"""Story-file edits (analysis.story_edit): each operation, hostile names, and the round trip through tomllib and
analysis.entities.parse_story (the reader the pipeline uses)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from analysis import story_edit as se
from analysis.entities import combine, link, parse_story
from analysis.translit import exact_key

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = [
    ']]\n[[hide]]\nnames = ["Everything"]',
    'He said "hi" \\ and left',
    "line one\nline two\r\nthree\ttabbed",
    "\x00nul\x1b[31mescape\x7f",
    "'''triple''' \"\"\"quotes\"\"\"",
    "# not a comment",
    "a = 1\n[topic]",
    "\u202eright-to-left override",
    "삼성전자 \"따옴표\"",
]
KEYS = {"topic": {"name", "aliases", "kind"}, "person": {"name", "aliases", "kind"}, "merge": {"names"},
        "split": {"names"}, "hide": {"names"}}


def roundtrip(doc: se.StoryDoc) -> tuple[dict, se.StoryDoc]:
    text = se.to_toml(doc)
    data = tomllib.loads(text)
    assert set(data) <= set(KEYS), data.keys()
    for key, tables in data.items():
        assert isinstance(tables, list)
        for t in tables:
            assert set(t) <= KEYS[key], t
    return data, se.parse_text(text)


def sample() -> se.StoryDoc:
    return se.parse_text(
        "# my story\n# second comment line\n\n"
        '[[topic]]\nname = "Sora"\naliases = ["소라", "ソラ"]\n\n'
        '[[topic]]\nname = "Stargate"\naliases = ["스타게이트"]\nkind = "event"\n\n'
        '[[person]]\nname = "Sam Altman"\naliases = ["샘 올트먼"]\n')


# ------------------------------------------------------------------ loading and writing

def test_bundled_story_file_reads_and_writes_back_the_same_story() -> None:
    doc = se.load(ROOT / "data" / "corpus")
    text = se.to_toml(doc)
    original = parse_story(tomllib.loads((ROOT / "data" / "corpus" / "story.toml").read_text(encoding="utf-8")))
    assert parse_story(tomllib.loads(text)) == original
    assert text.startswith("# The bundled corpus's own story file")  # the comments at the top are kept


def test_missing_file_is_an_empty_story_with_an_explaining_header(tmp_path: Path) -> None:
    doc = se.load(tmp_path)
    assert doc.n_curated() == 0 and doc.header.startswith("#")
    assert tomllib.loads(se.to_toml(doc)) == {}


def test_broken_file_is_refused_and_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "story.toml").write_text('[[topic]\nname = "x', encoding="utf-8")
    with pytest.raises(se.StoryFileError):
        se.load(tmp_path)


def test_unknown_keys_are_listed_and_not_written_back() -> None:
    doc = se.parse_text('title = "x"\n[[topic]]\nname = "A"\ncolour = "red"\n[[extra]]\nv = 1\n')
    assert set(doc.ignored) == {"title", "extra", "topic.colour"}
    data, _ = roundtrip(doc)
    assert data == {"topic": [{"name": "A"}]}


def test_save_writes_the_file_in_the_folder(tmp_path: Path) -> None:
    path = se.save(tmp_path, se.rename(se.load(tmp_path), "Sora", "Sora video"))
    assert path == tmp_path / "story.toml"
    assert tomllib.loads(path.read_text(encoding="utf-8"))["topic"] == [{"name": "Sora video", "aliases": ["Sora"]}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.toml"]  # nothing else recorded


# ------------------------------------------------------------------ operations

def test_rename_keeps_the_old_name_as_an_alias() -> None:
    doc = se.rename(sample(), "Sora", "Sora (OpenAI)")
    assert doc.topics[0] == se.Entry("Sora (OpenAI)", ("Sora", "소라", "ソラ"))
    story = parse_story(tomllib.loads(se.to_toml(doc)))
    assert story.topics[0].name == "Sora (OpenAI)" and "Sora" in story.topics[0].aliases


def test_rename_by_an_alias_and_of_a_person_stays_in_its_section() -> None:
    doc = se.rename(sample(), "샘 올트먼", "Samuel Altman")
    assert doc.people == (se.Entry("Samuel Altman", ("Sam Altman", "샘 올트먼")),)
    assert [t.name for t in doc.topics] == ["Sora", "Stargate"]


def test_rename_of_a_discovered_entity_adds_an_entry_of_its_kind() -> None:
    doc = se.rename(sample(), "Macron", "Emmanuel Macron", kind="person")
    assert doc.people[-1] == se.Entry("Emmanuel Macron", ("Macron",))
    doc = se.rename(sample(), "Gaganyaan", "Gaganyaan mission", kind="event")
    assert doc.topics[-1] == se.Entry("Gaganyaan mission", ("Gaganyaan",), "event")
    data, _ = roundtrip(doc)
    assert data["topic"][-1]["kind"] == "event"


def test_rename_keeps_the_discovered_spellings_but_never_another_entrys() -> None:
    doc = se.rename(sample(), "Nebula", "Nebula One", spellings=["네뷸라", "Nebula", "", "스타게이트", "x" * 999])
    assert doc.topics[-1] == se.Entry("Nebula One", ("Nebula", "네뷸라"))
    doc = se.rename(sample(), "Sora", "Sora 2", spellings=["索拉", "소라"])
    assert doc.topics[0].aliases == ("Sora", "소라", "ソラ", "索拉")
    many = se.rename(sample(), "Nova", "Nova X", spellings=[f"n{i}" for i in range(3 * se.MAX_ALIASES)])
    assert len(many.topics[-1].aliases) == se.MAX_ALIASES


def test_rename_to_a_name_of_another_entry_is_refused() -> None:
    with pytest.raises(se.EditError, match="merge"):
        se.rename(sample(), "Sora", "스타게이트")
    with pytest.raises(se.EditError):
        se.rename(sample(), "Sora", "Sora")


def test_add_alias_to_an_entry_and_to_a_discovered_entity() -> None:
    doc = se.add_alias(sample(), "Sora", "索拉")
    assert doc.topics[0].aliases == ("소라", "ソラ", "索拉")
    doc = se.add_alias(doc, "Samsung", "삼성", kind="organisation")
    assert doc.topics[-1] == se.Entry("Samsung", ("삼성",), "organisation")
    with pytest.raises(se.EditError, match="already"):
        se.add_alias(doc, "Sora", "ソラ")
    with pytest.raises(se.EditError, match="Stargate"):
        se.add_alias(doc, "Sora", "스타게이트")  # belongs to another topic: that is a merge


def test_add_alias_takes_it_back_from_the_split_list() -> None:
    doc = se.split(sample(), "ソラ")
    assert ("ソラ",) in doc.splits
    doc = se.add_alias(doc, "Sora", "ソラ")
    assert doc.splits == () and "ソラ" in doc.topics[0].aliases


def test_merge_of_two_discovered_entities_is_a_merge_table() -> None:
    doc = se.merge(sample(), "Voice Engine", "voice cloning tool")
    assert doc.merges == (("Voice Engine", "voice cloning tool"),)
    doc = se.merge(doc, "Voice Engine", "보이스 엔진")  # joins the same group
    assert doc.merges == (("Voice Engine", "voice cloning tool", "보이스 엔진"),)
    data, _ = roundtrip(doc)
    assert data["merge"] == [{"names": ["Voice Engine", "voice cloning tool", "보이스 엔진"]}]
    assert parse_story(data).merges == (("Voice Engine", "voice cloning tool", "보이스 엔진"),)


def test_merge_into_an_entry_folds_the_other_in() -> None:
    doc = se.merge(sample(), "Sora", "Stargate")
    assert [t.name for t in doc.topics] == ["Sora"]
    assert doc.topics[0].aliases == ("소라", "ソラ", "Stargate", "스타게이트")
    doc = se.merge(sample(), "Project Stargate", "Stargate")  # the kept name is new: it takes the entry's place
    assert doc.topics[1] == se.Entry("Project Stargate", ("Stargate", "스타게이트"), "event")
    with pytest.raises(se.EditError):
        se.merge(sample(), "Sora", "소라")
    with pytest.raises(se.EditError):
        se.merge(sample(), "Sora", "SORA")


def test_split_removes_the_alias_everywhere_and_records_it() -> None:
    doc = se.split(sample(), "소라")
    assert doc.topics[0].aliases == ("ソラ",) and doc.splits == (("소라",),)
    with pytest.raises(se.EditError, match="already"):
        se.split(doc, "소라")
    with pytest.raises(se.EditError, match="rename"):
        se.split(doc, "Sora")
    merged = se.split(se.merge(sample(), "A1", "B2"), "B2")
    assert merged.merges == () and ("B2",) in merged.splits
    assert parse_story(tomllib.loads(se.to_toml(doc))).splits == ("소라",)


def test_hide_and_unhide() -> None:
    doc = se.hide(sample(), "Reuters", spellings=["路透社", "Reuters", ""])
    assert doc.hidden == (("Reuters", "路透社"),) and doc.is_hidden("reuters")
    assert parse_story(tomllib.loads(se.to_toml(doc))).hidden == ("Reuters", "路透社")
    with pytest.raises(se.EditError, match="already"):
        se.hide(doc, "REUTERS")
    doc = se.unhide(doc, "路透社")
    assert doc.hidden == () and "hide" not in tomllib.loads(se.to_toml(doc))
    with pytest.raises(se.EditError, match="not hidden"):
        se.unhide(doc, "Reuters")


def test_apply_and_undo() -> None:
    history = se.History()
    doc = sample()
    for edit in [se.Edit("rename", "Sora", "Sora 2"), se.Edit("hide", "Reuters"), se.Edit("alias", "Sora 2", "S2"),
                 se.Edit("merge", "Sora 2", "Stargate"), se.Edit("split", "ソラ"), se.Edit("unhide", "Reuters")]:
        history = history.push(doc)
        doc = se.apply(doc, edit)
        assert edit.describe()
    assert len(history.states) == 6 and [t.name for t in doc.topics] == ["Sora 2"]
    while history.states:
        doc, history = history.undo()
    assert doc == sample()
    with pytest.raises(se.EditError):
        history.undo()
    with pytest.raises(se.EditError):
        se.apply(doc, se.Edit("drop table", "x"))


def test_undo_history_is_bounded() -> None:
    history = se.History()
    for i in range(se.MAX_UNDO + 10):
        history = history.push(se.rename(sample(), "Sora", f"Sora {i}"))
    assert len(history.states) == se.MAX_UNDO


# ------------------------------------------------------------------ validation and hostile names

@pytest.mark.parametrize("bad", ["", "   ", "\n\t", "\x00\x01", "x" * (se.MAX_NAME + 1), "...", None])
def test_bad_names_are_refused(bad) -> None:
    with pytest.raises(se.EditError):
        se.rename(sample(), "Sora", bad)
    with pytest.raises(se.EditError):
        se.add_alias(sample(), "Sora", bad)
    with pytest.raises(se.EditError):
        se.hide(sample(), bad)


def test_a_name_of_the_maximum_length_is_kept_whole() -> None:
    name = "가" * se.MAX_NAME
    _, back = roundtrip(se.rename(sample(), "Sora", name))
    assert back.topics[0].name == name


def test_aliases_are_bounded() -> None:
    doc = sample()
    for i in range(se.MAX_ALIASES - 2):
        doc = se.add_alias(doc, "Sora", f"alias{i}")
    with pytest.raises(se.EditError, match=str(se.MAX_ALIASES)):
        se.add_alias(doc, "Sora", "one too many")


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_stay_text(name: str) -> None:
    doc = se.rename(sample(), "Sora", name)
    doc = se.add_alias(doc, "Stargate", name + " 2")
    doc = se.merge(doc, name + " x", "y " + name)
    doc = se.hide(doc, "h " + name)
    data, back = roundtrip(doc)
    # one table per edit, no table or key smuggled in by the name
    assert len(data["topic"]) == 2 and len(data["hide"]) == 1 and len(data["merge"]) == 1
    assert "person" in data and len(data["person"]) == 1
    cleaned = se.clean_name(name)
    assert data["topic"][0]["name"] == cleaned and "\n" not in cleaned and "\x00" not in cleaned
    assert data["hide"][0]["names"] == [se.clean_name("h " + name)]
    assert back == doc
    story = parse_story(data)
    assert story.topics[0].name == cleaned and story.hidden == (se.clean_name("h " + name),)


@pytest.mark.parametrize("value", ['a"b', "a\\b", "a\nb", "\x00", "\x1f\x7f", "\ud800", "'", '"""', "\\u0041"])
def test_toml_string_escapes_everything_that_could_break_out(value: str) -> None:
    text = f"k = {se.toml_string(value)}\n"
    assert "\n" not in text[:-1]
    parsed = tomllib.loads(text)["k"]
    assert parsed == value.replace("\ud800", "\ufffd")


def test_a_hand_written_file_with_control_characters_round_trips() -> None:
    doc = se.parse_text('[[topic]]\nname = "A\\u0007B"\naliases = ["x\\ny", "x\\ny"]\n')
    assert doc.topics[0].name == "A B" and doc.topics[0].aliases == ("x y",)
    _, back = roundtrip(doc)
    assert back == doc


def test_alias_texts_of_the_entities_table() -> None:
    assert se.alias_texts("Sora (en); 소라 (ko); ソラ (ja); Sora (en)") == ("Sora", "소라", "ソラ")
    assert se.alias_texts("AT&T; Foo (Bar) (en)") == ("AT&T", "Foo (Bar)")
    assert se.alias_texts(None) == () and se.alias_texts(float("nan")) == ()


# ------------------------------------------------------------------ the edits reach the linker

def _mentions(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    out = []
    for i, (doc, text, lang, kind) in enumerate(rows):
        out.append({"doc_id": doc, "path": f"{doc}.txt", "sentence_idx": 0, "text": text, "start": i * 10,
                    "end": i * 10 + len(text), "kind": kind, "basis": "test", "key": exact_key(text, lang),
                    "language": lang})
    return pd.DataFrame(out)


def test_edits_change_the_linked_entities() -> None:
    m = _mentions([("d1", "Nebula", "en", "product"), ("d2", "Nebula", "en", "product"),
                   ("d3", "Nebula", "en", "product"), ("d1", "Quasar", "en", "product"),
                   ("d2", "Quasar", "en", "product")])
    base = link(m)
    assert {"Nebula", "Quasar"} <= set(base.topics)

    renamed = se.rename(se.StoryDoc(), "Nebula", "Nebula One", kind="product")
    assert "Nebula One" in link(m, parse_story(tomllib.loads(se.to_toml(renamed)))).topics

    hidden = se.hide(se.StoryDoc(), "Quasar")
    linked = link(m, parse_story(tomllib.loads(se.to_toml(hidden))))
    assert "Quasar" not in linked.topics and len(linked.hidden) == 1

    # a default curation (data/topics.toml) knows the entity by another spelling: the corpus's rename still wins
    m2 = pd.concat([_mentions([("a1", "네뷸라", "ko", "product"), ("a2", "네뷸라", "ko", "product")]), m],
                   ignore_index=True)  # the Korean spelling comes first in the corpus
    default = parse_story({"topic": [{"name": "Nebula", "aliases": ["네뷸라"]}]}, "data/topics.toml")
    corpus = se.rename(se.StoryDoc(), "Nebula", "Nebula One", spellings=["네뷸라"])
    story = combine(default, parse_story(tomllib.loads(se.to_toml(corpus))))
    assert "Nebula One" in link(m2, story).topics and "Nebula" not in link(m2, story).topics

    merged = se.merge(se.StoryDoc(), "Nebula", "Quasar")
    ents = link(m, parse_story(tomllib.loads(se.to_toml(merged)))).entities
    assert len(ents) == 1 and int(ents["n_mentions"].iloc[0]) == 5
