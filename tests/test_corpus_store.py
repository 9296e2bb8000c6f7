"""The dashboard's process-wide corpus store: warm starts from the last snapshot, re-checked off the rerun path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ui.state import CorpusStore

SEEDS = Path(__file__).resolve().parent.parent / "data" / "corpus"


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("NEWS_CACHE_DIR", str(tmp_path / "cache"))
    dst = tmp_path / "corpus"
    shutil.copytree(SEEDS, dst)
    return dst


def test_new_process_shows_last_snapshot_then_notices_a_change(corpus: Path) -> None:
    first = CorpusStore().build(corpus)
    assert len(first.tables.documents) == 5

    store = CorpusStore()  # a fresh server process
    warm = store.build(corpus)
    entry = store.entries[str(corpus)]
    assert entry.signature is None and entry.snapshot is not None  # served from the snapshot, not re-planned
    assert len(warm.tables.sentences) == len(first.tables.sentences)

    store._recheck(corpus, entry)  # what the background thread does
    assert not entry.stale and entry.signature is not None

    (corpus / "005_new.txt").write_text("OpenAI said Sora would reach the public later this year.", encoding="utf-8")
    store._recheck(corpus, entry)
    assert entry.stale
    fresh = store.build(corpus)
    assert len(fresh.tables.documents) == 6 and fresh.enriched_files == 1 and fresh.cached_files == 5


def test_a_loaded_corpus_is_frozen_out_of_the_full_collections(corpus: Path) -> None:
    """Streamlit collects garbage fully after every run: the loaded tables must not be walked each time."""
    import gc

    gc.unfreeze()
    CorpusStore().build(corpus)
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
