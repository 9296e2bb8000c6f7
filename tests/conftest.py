from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def seed_tables():
    """The bundled corpus, loaded and enriched once for the whole test session."""
    from analysis.pipeline import build_tables
    from loaders.corpus import load_corpus

    corpus = load_corpus(CORPUS)
    return build_tables(corpus.documents, corpus.skipped, root=CORPUS)  # with its story file


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """The enrichment cache of the test session lives in a temporary folder, never in the user's home."""
    import os

    os.environ["NEWS_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield


@pytest.fixture(autouse=True)
def _navigation_like_the_browser(request, monkeypatch):
    """For AppTests (marker "app"): AppTest re-detects Streamlit's legacy `pages/` folder mode before every run
    and then runs a page file on its own; a browser session does that at most once. Run every AppTest run through
    dashboard.py's st.navigation, as the browser does after its first run."""
    if request.node.get_closest_marker("app") is None:
        return
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
