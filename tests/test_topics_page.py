"""The Topics page through Streamlit's AppTest, on a copy of the bundled corpus: an edit is saved to the corpus's
story file and the tables are rebuilt from the analysis cache, without enriching any article again."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.entities import load_story

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")
TIMEOUT = 300

pytestmark = pytest.mark.app



@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("topics") / "corpus"
    shutil.copytree(ROOT / "data" / "corpus", folder)
    return folder.resolve()


@pytest.fixture()
def app(corpus: Path, tmp_path_factory, monkeypatch) -> AppTest:
    monkeypatch.setenv("NEWS_CORPUS", str(corpus))
    monkeypatch.setenv("NEWS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "topics-cache"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/topics.py")
    at.run()
    _ok(at)
    return at


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _loaded(corpus: Path):
    from ui.state import PRELOAD

    return PRELOAD.entries[str(corpus)].loaded


def _entities(at: AppTest):
    return next(d.value for d in at.dataframe if "topic" in d.value.columns and "aliases" in d.value.columns)


def _topics(corpus: Path) -> list[str]:
    ents = _loaded(corpus).tables.entities
    return ents.loc[ents["is_topic"].astype(bool), "name"].astype(str).tolist()


def _caption(at: AppTest) -> str:
    return next(str(c.value) for c in at.caption if "entities discovered" in str(c.value))


def test_rename_is_saved_and_the_tables_are_rebuilt_from_the_cache(app: AppTest, corpus: Path) -> None:
    before = _entities(app)
    assert len(before) > 0 and "Sora" in _topics(corpus)
    data = tomllib.loads((corpus / "story.toml").read_text(encoding="utf-8"))
    n_curated = len(data["topic"]) + len(data["person"])  # the bundled story's topics and people
    assert _caption(app).startswith(f"{len(before)} entities discovered, {n_curated} curated in story.toml")

    app.selectbox(key="te_rename_entity").select("Sora")
    app.text_input(key="te_rename_new").input('Sora "video" model')
    app.button(key="te_rename_go").click()
    app.run()
    _ok(app)

    data = tomllib.loads((corpus / "story.toml").read_text(encoding="utf-8"))
    sora = next(t for t in data["topic"] if t["name"] == 'Sora "video" model')
    assert "Sora" in sora["aliases"] and "소라" in sora["aliases"]
    assert (corpus / "story.toml").read_text(encoding="utf-8").startswith("# The bundled corpus")  # comments kept
    story = load_story(corpus)
    assert 'Sora "video" model' in [t.name for t in story.topics]

    loaded = _loaded(corpus)
    assert loaded.enriched_files == 0 and loaded.cached_files == 5  # rebuilt from the cache, nothing re-enriched
    topics = _topics(corpus)
    assert 'Sora "video" model' in topics and "Sora" not in topics
    events = loaded.tables.events
    assert (events["topic"].astype(str) == 'Sora "video" model').any()
    assert not (events["topic"].astype(str) == "Sora").any()
    shown = _entities(app)
    assert 'Sora "video" model' in shown["name"].tolist()
    assert any("Last edit saved: renamed" in str(s.value).replace("\\", "") for s in app.success)

    # undo puts the file back as it was
    app.button(key="te_undo").click()
    app.run()
    _ok(app)
    assert "Sora" in _topics(corpus)
    assert _loaded(corpus).enriched_files == 0


def test_hiding_a_topic_removes_it_from_the_topic_list(app: AppTest, corpus: Path) -> None:
    topics = _topics(corpus)
    victim = next(t for t in topics if t not in ("Sora", "Voice Engine", "Stargate"))  # a discovered topic
    app.selectbox(key="te_hide_entity").select(victim)
    app.button(key="te_hide_go").click()
    app.run()
    _ok(app)
    data = tomllib.loads((corpus / "story.toml").read_text(encoding="utf-8"))
    assert [victim] == data["hide"][0]["names"][:1]
    assert victim not in _topics(corpus)
    assert _loaded(corpus).enriched_files == 0
    row = _entities(app).set_index("name").loc[victim]
    assert bool(row["hidden"]) and not bool(row["topic"])

    app.selectbox(key="te_unhide_entity").select(victim)
    app.button(key="te_unhide_go").click()
    app.run()
    _ok(app)
    assert victim in _topics(corpus)
    assert "hide" not in tomllib.loads((corpus / "story.toml").read_text(encoding="utf-8"))


def test_a_refused_edit_says_why_and_writes_nothing(app: AppTest, corpus: Path) -> None:
    text = (corpus / "story.toml").read_bytes()
    app.selectbox(key="te_rename_entity").select("Stargate")
    app.text_input(key="te_rename_new").input("   ")
    app.button(key="te_rename_go").click()
    app.run()
    assert not app.exception
    assert any("empty" in str(e.value) for e in app.error)
    assert (corpus / "story.toml").read_bytes() == text


def test_a_hostile_name_is_shown_as_text(app: AppTest, corpus: Path) -> None:
    hostile = "**bold** <b>x</b> [link](https://evil.example) ]]\n[[hide]]"
    app.selectbox(key="te_rename_entity").select("Stargate")
    app.text_input(key="te_rename_new").input(hostile)
    app.button(key="te_rename_go").click()
    app.run()
    _ok(app)
    data = tomllib.loads((corpus / "story.toml").read_text(encoding="utf-8"))
    assert "hide" not in data and any(t["name"].startswith("**bold**") for t in data["topic"])
    shown = [str(m.value) for m in [*app.markdown, *app.success] if "bold" in str(m.value)]
    assert shown and all("\\*\\*bold\\*\\*" in s and "](https" not in s and "<b>" not in s for s in shown), shown
    app.button(key="te_undo").click()
    app.run()
    _ok(app)
    assert "Stargate" in _topics(corpus)


def test_an_uploaded_corpus_keeps_its_story_file_in_the_upload_folder(corpus: Path, tmp_path_factory,
                                                                      monkeypatch) -> None:
    monkeypatch.setenv("NEWS_CORPUS", str(ROOT / "data" / "corpus"))  # the configured corpus stays untouched
    monkeypatch.setenv("NEWS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "topics-cache"))
    bundled = (ROOT / "data" / "corpus" / "story.toml").read_bytes()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["_upload_dir"] = str(corpus)  # as ui.corpus_picker records an upload of this session
    at.run()
    at.switch_page("pages/topics.py")
    at.run()
    _ok(at)
    assert "download the story file" in _caption(at)
    assert [b for b in at.get("download_button") if "story.toml" in b.proto.label]
    at.selectbox(key="te_alias_entity").select("Voice Engine")
    at.text_input(key="te_alias_new").input("VE-1")
    at.button(key="te_alias_go").click()
    at.run()
    _ok(at)
    data = tomllib.loads((corpus / "story.toml").read_text(encoding="utf-8"))
    assert "VE-1" in next(t for t in data["topic"] if t["name"] == "Voice Engine")["aliases"]
    assert (ROOT / "data" / "corpus" / "story.toml").read_bytes() == bundled
    assert _loaded(corpus).enriched_files == 0


def test_a_rename_that_does_not_show_says_so(app: AppTest, corpus: Path) -> None:
    """An entity the default curation (data/) also names: the new name is shown, or a warning says why not."""
    name = next(n for n in _topics(corpus) if n not in ("Sora", "Voice Engine", "Stargate"))
    app.selectbox(key="te_rename_entity").select(name)
    app.text_input(key="te_rename_new").input(name + " renamed")
    app.button(key="te_rename_go").click()
    app.run()
    _ok(app)
    shown = name + " renamed" in _entities(app)["name"].tolist()
    warned = any("still shown under another name" in str(w.value) for w in app.warning)
    assert shown != warned, (shown, warned)
    app.button(key="te_undo").click()
    app.run()
    _ok(app)
    assert not any("still shown under another name" in str(w.value) for w in app.warning)
