"""The on-disk cache, parallel enrichment, partitioned output and the Dask path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.store import build, load_text, read_output, write_output

SEEDS = Path(__file__).resolve().parent.parent / "data" / "corpus"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(SEEDS, dst)
    return dst


def _comparable(df: pd.DataFrame) -> pd.DataFrame:
    """Values only: the snapshot stores tables indexed for the dashboard (private `_` columns, categories)."""
    cols = [c for c in df.columns if c != "file_key" and not str(c).startswith("_")]
    return df[cols].sort_values(cols[:3]).reset_index(drop=True).astype(str)


def test_second_run_reads_the_cache_only(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    store = tmp_path / "store"
    first = build(corpus, store, workers=1)
    assert (first.enriched_files, first.cached_files) == (5, 0)

    import analysis.store as s

    def no_enrichment(*a, **k):
        raise AssertionError("an unchanged corpus must not be enriched again")

    monkeypatch.setattr(s, "enrich_files", no_enrichment)
    monkeypatch.setattr(s, "_sha_file", lambda p: (_ for _ in ()).throw(AssertionError("re-hashed " + str(p))))
    second = build(corpus, store, workers=1)
    assert (second.enriched_files, second.cached_files) == (0, 5)
    for name in ("documents", "sentences", "figures", "quotes", "events", "milestones"):
        pd.testing.assert_frame_equal(_comparable(getattr(first.tables, name)),
                                      _comparable(getattr(second.tables, name)))


def test_a_changed_file_re_enriches_only_itself(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build(corpus, store, workers=1)
    path = corpus / "000_0e504aa3121093fd.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nOpenAI said GPT-5 would cost $2 billion to train.\n",
                    encoding="utf-8")
    (corpus / "003_f4a5f78aaa802345.txt").unlink()
    again = build(corpus, store, workers=1)
    assert (again.enriched_files, again.cached_files) == (1, 3)
    docs = again.tables.documents
    assert len(docs) == 4 and "003_f4a5f78aaa802345" not in set(docs["doc_id"])
    assert again.tables.figures["text"].str.contains(r"\$2 billion").any()


def test_manifest_change_re_keys_only_the_row_it_touches(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build(corpus, store, workers=1)
    manifest = (corpus / "manifest.csv").read_text(encoding="utf-8")
    (corpus / "manifest.csv").write_text(manifest.replace("KBS News", "KBS 뉴스"), encoding="utf-8")
    again = build(corpus, store, workers=1)
    assert (again.enriched_files, again.cached_files) == (1, 4)
    assert "KBS 뉴스" in set(again.tables.documents["source"])


def test_two_workers_give_the_same_tables(corpus: Path) -> None:
    one = build(corpus, None, workers=1)
    import analysis.store as s

    s.CHUNK_FILES, old = 2, s.CHUNK_FILES  # several chunks, so the pool is used
    try:
        two = build(corpus, None, workers=2)
    finally:
        s.CHUNK_FILES = old
    for name in ("documents", "sentences", "figures", "quotes", "events"):
        pd.testing.assert_frame_equal(_comparable(getattr(one.tables, name)), _comparable(getattr(two.tables, name)))


def test_partitioned_output_round_trips(corpus: Path, tmp_path: Path) -> None:
    result = build(corpus, None, workers=1)
    out = tmp_path / "out"
    write_output(result.tables, out, corpus=corpus)
    tables, root = read_output(out)
    assert Path(root) == corpus.resolve()
    assert len(tables.sentences) == len(result.tables.sentences)
    assert set(tables.milestones["milestone_id"]) == set(result.tables.milestones["milestone_id"])
    doc = load_text(root, "002_7655ee233d4f65f3.txt")
    assert doc is not None and "스타게이트" in doc.text and doc.source.startswith("The Korea Economic Daily")


def test_dask_local_cluster_gives_the_same_tables(corpus: Path) -> None:
    pytest.importorskip("dask.distributed")
    import analysis.store as s

    s.CHUNK_FILES, old = 2, s.CHUNK_FILES
    try:
        viadask = build(corpus, None, dask="local")
    finally:
        s.CHUNK_FILES = old
    local = build(corpus, None, workers=1)
    for name in ("documents", "figures", "quotes", "events"):
        pd.testing.assert_frame_equal(_comparable(getattr(local.tables, name)),
                                      _comparable(getattr(viadask.tables, name)))
