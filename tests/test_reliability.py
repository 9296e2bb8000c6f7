"""Faults a real run meets: a run killed mid-write, two runs on one cache, a damaged part, a killed CLI,
formula cells in the CLI's CSV. Each test failed before its fix (issue "Never lose a row")."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

import analysis.store as s
from analysis.store import build, committed_chunks

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "corpus"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(SEEDS, dst)
    return dst


def _clean(corpus: Path):
    return build(corpus, None, workers=1).tables


def _assert_complete(tables, reference) -> None:
    """Every table has exactly the rows of a clean run, and no document lost its sentences."""
    for name in ("documents", "sentences", "events", "figures", "quotes", "dates"):
        assert len(getattr(tables, name)) == len(getattr(reference, name)), name
    docs = tables.documents
    assert docs["doc_id"].is_unique
    with_sentences = set(tables.sentences["doc_id"].astype(str))
    assert all(d in with_sentences for d, n in zip(docs["doc_id"].astype(str), docs["n_sentences"]) if int(n) > 0)


def _run_child(code: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_a_run_killed_between_table_writes_loses_nothing(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(s, "fingerprint", lambda: "fixed")  # the same keys in both processes
    store = tmp_path / "store"
    killed = _run_child(f"""
        import os
        import analysis.store as s
        s.CHUNK_FILES = 2
        s.fingerprint = lambda: "fixed"
        seen = []
        def die(name):
            seen.append(name)
            if seen.count("documents") == 2 and name == "documents":  # second chunk: documents written, the rest not
                os._exit(9)
        s._after_table_written = die
        s.build({str(corpus)!r}, __import__("pathlib").Path({str(store)!r}), workers=1)
    """)
    assert killed.returncode == 9, killed.stderr
    chunks, _ = committed_chunks(store)
    assert len(chunks) == 1  # the first chunk was committed; the half-written second one is not visible
    assert any(p.name.startswith(".tmp-") for p in (store / "chunks").iterdir())

    again = build(corpus, store, workers=1)
    assert (again.enriched_files, again.cached_files) == (3, 2)
    _assert_complete(again.tables, _clean(corpus))
    assert not any(p.name.startswith(".tmp-") for p in (store / "chunks").iterdir())  # swept


def test_two_runs_at_once_on_one_cache_both_succeed_and_later_runs_too(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cmd = [sys.executable, "-m", "analysis", str(corpus), "--quiet", "--workers", "1", "--cache-dir", str(cache)]
    runs = [subprocess.Popen([*cmd, "--out", str(tmp_path / f"out{i}")], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for i in range(2)]
    results = [(r.wait(timeout=300), r.stdout.read(), r.stderr.read()) for r in runs]
    for code, out, err in results:
        assert code == 0, err
        assert out.startswith("5 files seen: 5 documents")
    later = subprocess.run([*cmd, "--out", str(tmp_path / "out3")], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    assert later.returncode == 0, later.stderr
    assert "5 from cache" in later.stdout
    first = pd.read_csv(tmp_path / "out0" / "sentences.csv")
    third = pd.read_csv(tmp_path / "out3" / "sentences.csv")
    assert len(first) == len(third)


def test_duplicate_keys_in_the_cache_are_read_once(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    reference = build(corpus, store, workers=1).tables
    chunk = committed_chunks(store)[0][0]
    shutil.copytree(chunk.path, chunk.path.parent / f"{time.time_ns():020d}-copy")  # the same keys twice
    shutil.rmtree(store / "final")  # as after any corpus change
    again = build(corpus, store, workers=1)
    assert again.enriched_files == 0
    _assert_complete(again.tables, reference)


def test_a_truncated_part_is_dropped_and_its_files_enriched_again(corpus: Path, tmp_path: Path,
                                                                  monkeypatch) -> None:
    monkeypatch.setattr(s, "CHUNK_FILES", 2)
    store = tmp_path / "store"
    reference = build(corpus, store, workers=1).tables
    chunk = committed_chunks(store)[0][1]
    part = chunk.path / "sentences.parquet"
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
    shutil.rmtree(store / "final")
    again = build(corpus, store, workers=1)
    assert again.enriched_files == len(chunk.keys)
    assert any("damaged" in p for p in again.problems)
    _assert_complete(again.tables, reference)
    assert build(corpus, store, workers=1).enriched_files == 0  # repaired for good


def test_a_chunk_without_its_files_is_not_counted_as_done(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    reference = build(corpus, store, workers=1).tables
    chunk = committed_chunks(store)[0][0]
    (chunk.path / "figures.parquet").unlink()
    shutil.rmtree(store / "final")
    again = build(corpus, store, workers=1)
    assert again.enriched_files == 5
    _assert_complete(again.tables, reference)


def _children(pid: int) -> set[int]:
    out = set()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.add(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find worker processes")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_cli_ends_its_workers(tmp_path: Path, sig: int) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    text = (SEEDS / "002_7655ee233d4f65f3.txt").read_text(encoding="utf-8")
    for i in range(3 * s.CHUNK_FILES):  # several chunks: the process pool is used
        (folder / f"a{i:04d}.txt").write_text(f"{i}\n{text}", encoding="utf-8")
    cli = subprocess.Popen([sys.executable, "-m", "analysis", str(folder), "--out", str(tmp_path / "o"),
                            "--quiet", "--workers", "2", "--no-cache"], cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(workers) < 2 and cli.poll() is None:
            workers = {c for c in _children(cli.pid) if "spawn" in (Path("/proc") / str(c) / "cmdline").read_text()}
            time.sleep(0.2)
        assert len(workers) >= 2 and cli.poll() is None, "the CLI should be enriching with two workers"
        os.kill(cli.pid, sig)
        cli.wait(timeout=30)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers), "workers outlived the killed CLI"
    finally:
        if cli.poll() is None:
            os.killpg(cli.pid, signal.SIGKILL)
        for w in _children(cli.pid):
            os.kill(w, signal.SIGKILL)


def test_cli_csv_neutralises_formula_cells_and_parquet_keeps_them(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("=HYPERLINK(\"http://x.test\",\"click\")\nOpenAI said on March 3, 2024 that "
                                  "it raised $2 billion.\n", encoding="utf-8")
    (folder / "manifest.csv").write_text("file,source,title\na.txt,\"+cmd|' /C calc'!A0\",@SUM(A1)\n",
                                         encoding="utf-8")
    out = tmp_path / "o"
    r = subprocess.run([sys.executable, "-m", "analysis", str(folder), "--out", str(out), "--quiet", "--no-cache"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    for name in ("documents", "sentences"):
        with open(out / f"{name}.csv", encoding="utf-8", newline="") as fh:
            cells = [c for row in csv.reader(fh) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or c.startswith("-")], name
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False)
    assert docs.loc[0, "source"] == "'+cmd|' /C calc'!A0" and docs.loc[0, "title"] == "'@SUM(A1)"
    raw = pd.read_parquet(out / "parquet" / "documents")
    assert raw.loc[0, "source"] == "+cmd|' /C calc'!A0"


def test_the_dashboard_store_repairs_a_damaged_cache_and_shows_no_cache_keys(corpus: Path, tmp_path: Path,
                                                                             monkeypatch) -> None:
    monkeypatch.setenv("NEWS_CACHE_DIR", str(tmp_path / "cache"))
    from ui.state import CorpusStore, _cache_dir

    first = CorpusStore().build(corpus)
    store = _cache_dir(corpus)
    part = committed_chunks(store)[0][0].path / "sentences.parquet"
    part.write_bytes(b"PAR1 not really parquet")
    shutil.rmtree(store / "final")
    again = CorpusStore().build(corpus)  # a new server process on the damaged cache
    assert len(again.tables.sentences) == len(first.tables.sentences)
    for name in ("documents", "sentences", "skipped", "figures"):
        assert "file_key" not in getattr(again.tables, name).columns, name  # internal keys never reach a page
