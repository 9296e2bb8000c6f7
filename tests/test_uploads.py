"""Uploads live as long as their session; the same content is analysed once; a corpus switch clears filters."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.store import build, default_cache_dir
from loaders.upload import TEMP_PREFIX, materialize
from ui.uploads import UploadRegistry

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "corpus"
APP = str(ROOT / "dashboard.py")


def _upload(texts: dict[str, str]) -> Path:
    folder, refused = materialize([(k, v.encode()) for k, v in texts.items()], max_total_bytes=10**6, max_files=50)
    assert refused == []
    return folder


def test_an_ended_session_frees_its_upload_and_an_active_one_keeps_it() -> None:
    freed: list[Path] = []
    reg = UploadRegistry(grace=60, on_free=freed.append)
    a, b = _upload({"a.txt": "Alpha beta gamma."}), _upload({"b.txt": "Delta epsilon."})
    reg.register("s1", a, now=1000.0)
    reg.register("s2", b, now=1000.0)
    assert reg.sweep({"s1", "s2"}, now=2000.0) == []
    assert reg.sweep({"s2"}, now=1030.0) == []  # s1 may be reconnecting: within the grace period
    assert reg.sweep({"s2"}, now=2000.0) == [a]  # s1 ended: its folder and its tables in memory are freed
    assert not a.exists() and b.exists() and freed == [a]
    reg.release("s2")  # "back to the bundled corpus"
    assert not b.exists() and reg.folders() == {}


def test_uploads_are_bounded_in_age_and_total_size() -> None:
    reg = UploadRegistry(grace=60, max_age=3600, max_total=250)  # each upload: 164 bytes
    old = _upload({"a.txt": "x" * 100})
    reg.register("old", old, now=0.0)
    reg.seen("old", now=4000.0)
    assert reg.sweep(None, now=4000.0) == [old]  # older than max_age, however active
    first, second = _upload({"a.txt": "y" * 100}), _upload({"b.txt": "z" * 100})
    reg.register("s1", first, now=5000.0)
    reg.register("s2", second, now=5001.0)
    assert reg.sweep(None, now=5002.0) == [first]  # over 250 bytes in all: the oldest goes
    assert second.exists()
    reg.release("s2")


def test_a_new_upload_frees_the_sessions_previous_one() -> None:
    reg = UploadRegistry()
    a, b = _upload({"a.txt": "One."}), _upload({"a.txt": "Two."})
    reg.register("s", a)
    reg.register("s", b)
    assert not a.exists() and reg.folders() == {"s": b}
    reg.release("s")


def test_upload_folders_left_by_a_stopped_server_are_freed(tmp_path: Path) -> None:
    left = _upload({"a.txt": "Left behind."})
    long_ago = time.time() - 10 * 3600
    os.utime(left, (long_ago, long_ago))
    reg = UploadRegistry(max_age=3600)
    assert left in reg.sweep(set())
    assert not left.exists()


def test_the_same_upload_twice_is_analysed_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWS_CACHE_DIR", str(tmp_path / "cache"))
    files = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("00[12]_*.txt")}
    one, two = _upload(files), _upload(files)
    try:
        assert one != two and default_cache_dir(one) == default_cache_dir(two)
        assert default_cache_dir(one) != default_cache_dir(_upload({"c.txt": "Other content."}))
        first = build(one, default_cache_dir(one), workers=1)
        second = build(two, default_cache_dir(two), workers=1)
        assert first.enriched_files == 2 and second.enriched_files == 0
        assert len(second.tables.sentences) == len(first.tables.sentences)
    finally:
        for f in Path(one).parent.glob(TEMP_PREFIX + "*"):
            shutil.rmtree(f, ignore_errors=True)


def test_a_file_over_the_per_file_limit_is_refused_at_upload() -> None:
    folder, refused = materialize([("big.txt", b"x" * 2000), ("ok.txt", b"fine")], max_total_bytes=10**6,
                                  max_files=10, max_bytes=1000)
    try:
        assert [(r.path, r.reason) for r in refused] == [("big.txt", "file too large: 2,000 bytes > limit 1,000 "
                                                                     "per file")]
        assert (folder / "ok.txt").is_file()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ------------------------------------------------------------------------------------------ the app

@pytest.fixture()
def app_env(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NEWS_CACHE_DIR", str(tmp_path / "cache"))


def _filter_line(at: AppTest) -> str:
    return next(c.value for c in at.caption if "articles." in str(c.value)).replace("\\", "")


@pytest.mark.app
def test_switching_corpus_clears_the_old_date_range(app_env) -> None:
    import datetime as dt

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["f_dates"] = (dt.date(2024, 2, 18), dt.date(2024, 2, 23))
    at.run()
    assert not at.exception
    assert "to 2024-02-23 (and undated). 3 of 5 articles." in _filter_line(at)  # 2024-02-18 is the first day
    folder = _upload({"x.txt": "Acme Corp said on 3 May 2021 it would open a plant.",
                      "y.txt": "Acme Corp opened the plant on 9 May 2022, the company said."})
    try:
        at.session_state["_upload_dir"] = str(folder)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert "Showing all articles. 2 of 2 articles." in _filter_line(at)
        assert any("filters were cleared" in str(i.value) for i in at.sidebar.info)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.app
def test_an_unreadable_upload_says_why_without_the_temporary_name(app_env) -> None:
    folder = _upload({"empty.txt": "   "})
    try:
        at = AppTest.from_file(APP, default_timeout=120)
        at.session_state["_upload_dir"] = str(folder)
        at.session_state["_upload_refused"] = [("slides.pdf", "unsupported format '.pdf'")]
        at.run()
        message = " ".join(str(e.value) for e in at.error)
        assert "Nothing readable in your upload" in message and TEMP_PREFIX not in message
        shown = at.dataframe[0].value
        assert list(shown.columns) == ["File", "Why it was not read"]
        assert {"slides.pdf", "empty.txt"} <= set(shown["File"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.app
def test_a_repeated_language_in_the_address_is_named_once(app_env) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = ["ko", "ko"]
    at.run()
    assert not at.exception
    line = _filter_line(at)
    assert "in Korean." in line and "Korean, Korean" not in line
