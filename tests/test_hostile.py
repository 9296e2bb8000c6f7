"""Hostile and broken input: every input unit (file, table row, archive entry) becomes a Document or a Skipped
record with a specific reason; nothing raises, nothing is written outside the temporary folders."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis.dates import find_dates
from analysis.figures import find_figures
from analysis.language import detect_language
from analysis.quotes import find_quotes
from analysis.records import Document, Skipped
from analysis.sentences import split_sentences
from loaders.archive import ArchiveLimits, iter_archive
from loaders.clean import clean_text
from loaders.corpus import load_corpus
from loaders.formats import READERS

ROOT = Path(__file__).resolve().parent.parent
GOOD = "OpenAI unveiled Sora on Thursday, a model that makes video from text."
KO = "오픈AI가 지난 15일(현지시간) 동영상 생성 인공지능 소라를 공개했다."
SMALL_LIMITS = ArchiveLimits(max_total_uncompressed=1_000_000, max_entries=50)


def _zip(entries: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name), data if isinstance(data, bytes) else data.encode("utf-8"),
                        compress_type=method)
    return buf.getvalue()


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def build_hostile(folder: Path) -> dict[str, str]:
    """Write the hostile corpus; return {unit path: expected reason prefix, or "" for a Document}."""
    _write(folder / "good.txt", GOOD)
    _write(folder / "sub" / "ko.md", KO)
    _write(folder / "empty.txt", b"")
    _write(folder / "blank.md", "  \n\t\n")
    _write(folder / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _write(folder / "big.txt", "x" * 7000)
    _write(folder / "report.pdf", b"%PDF-1.4")
    _write(folder / "README", b"no extension")
    _write(folder / ".hidden.txt", GOOD)  # hidden files are not input units, as before
    _write(folder / "rows.csv", f'title,text\nT1,"{GOOD}"\nT2,body,extra\nT3\nT4,\n')
    _write(folder / "broken.json", '{"articles": [{"text": "unterminated')
    _write(folder / "lines.jsonl", json.dumps({"text": GOOD}) + "\n{oops\n" + json.dumps([1, 2]) + "\n")
    _write(folder / "bigint.json", '[{"text": "A body with a huge id.", "id": ' + "9" * 5000 + "}]")
    _write(folder / "deep.json", "[" * 2900 + "]" * 2900)
    _write(folder / "slip.zip", _zip({"../evil.txt": "escape", "../../evil2.txt": "escape", "/abs.txt": "abs",
                                      "C:/win.txt": "drive", "ok/inner.txt": GOOD}))
    _write(folder / "bomb.zip", _zip({"zeros.txt": b"0" * 2_000_000}))
    _write(folder / "many.zip", _zip({f"n{i}.txt": f"note {i}" for i in range(60)}))
    _write(folder / "huge.zip", _zip({f"r{i}.txt": os.urandom(300_000).hex()[:400_000] for i in range(3)}))
    _write(folder / "notzip.zip", b"PK\x03\x04 this is not really a zip")
    _write(folder / "nested.zip", _zip({"level1.zip": _zip({"l1.txt": GOOD, "level2.zip": _zip({"l2.txt": GOOD})})}))
    stored = _zip({"crc.txt": "hello corrupt world"}, zipfile.ZIP_STORED).replace(b"hello corrupt", b"jello corrupt")
    _write(folder / "corrupt.zip", stored)
    _write(folder / "locked.txt", GOOD)
    os.symlink("loop_b.txt", folder / "loop_a.txt")
    os.symlink("loop_a.txt", folder / "loop_b.txt")
    _write(folder.parent / "secret.txt", "outside the corpus")
    os.symlink(folder.parent / "secret.txt", folder / "outside.txt")
    os.symlink(folder, folder / "dirloop")
    os.mkfifo(folder / "pipe.txt")
    return {
        "good.txt": "", "sub/ko.md": "", "empty.txt": "empty file", "blank.md": "empty file",
        "photo.txt": "binary file", "big.txt": "file too large: 7,000 bytes > limit 6,000",
        "report.pdf": "unsupported format '.pdf'", "README": "unsupported format '(no extension)'",
        "rows.csv#1": "", "rows.csv#2": "malformed row: 3 fields, header has 2",
        "rows.csv#3": "malformed row: 1 fields, header has 2", "rows.csv#4": "row has no text",
        "broken.json": "invalid JSON: Unterminated string", "lines.jsonl#1": "", "lines.jsonl#2": "invalid JSON line",
        "lines.jsonl#3": "row is not an object (found list)", "bigint.json#1": "", "deep.json": "invalid JSON",
        "slip.zip/../evil.txt": "'..' in archive path (zip-slip)", "slip.zip/../../evil2.txt": "'..' in archive path",
        "slip.zip/abs.txt": "absolute path in archive (zip-slip)", "slip.zip/C:/win.txt": "absolute path in archive",
        "slip.zip/ok/inner.txt": "", "bomb.zip": "refused: entry 'zeros.txt' compresses",
        "many.zip": "refused: 60 entries > limit 50", "huge.zip": "refused: would decompress to 1,200,000 bytes",
        "notzip.zip": "not a readable zip archive", "nested.zip/level1.zip/l1.txt": "",
        "nested.zip/level1.zip/level2.zip": "archive nested more than 1 level(s) deep",
        "corrupt.zip/crc.txt": "corrupt or unsupported archive entry: BadZipFile",
        "locked.txt": "unreadable: Permission denied", "loop_a.txt": "broken or looping symbolic link",
        "loop_b.txt": "broken or looping symbolic link",
        "outside.txt": "symbolic link to a file outside the corpus folder", "dirloop": "symbolic link to a folder",
        "pipe.txt": "not a regular file", "locked_dir": "unreadable folder: Permission denied",
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(os, "symlink"), reason="needs POSIX")
def test_every_unit_is_a_document_or_a_skipped_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "corpus"
    expected = build_hostile(folder)
    (folder / "locked_dir").mkdir()
    _write(folder / "locked_dir" / "x.txt", GOOD)
    real_read, real_scandir = Path.read_bytes, os.scandir

    def read_bytes(self: Path) -> bytes:  # tests run as root, so permission errors are simulated
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    def scandir(path=None):  # noqa: ANN001 - mirrors os.scandir
        if path is not None and Path(path).name == "locked_dir":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path) if path is not None else real_scandir()

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "scandir", scandir)
    corpus = load_corpus(folder, max_bytes=6000, archive_limits=SMALL_LIMITS)
    got: dict[str, str] = {d.path: "" for d in corpus.documents}
    for s in corpus.skipped:
        assert s.path not in got, f"{s.path} counted twice"
        got[s.path] = s.reason
    assert len(got) == corpus.files_seen == len(expected)  # no unit lost, none counted twice
    assert sorted(got) == sorted(expected)
    for path, prefix in expected.items():
        assert got[path].startswith(prefix) if prefix else got[path] == "", (path, got[path])
    bigint = next(d for d in corpus.documents if d.path == "bigint.json#1")
    assert bigint.meta["id"] == "9" * 5000  # a huge number does not cost the file
    assert not list(tmp_path.rglob("evil*.txt")) and not Path("/abs.txt").exists()


def test_lying_and_limited_archives_are_bounded() -> None:
    # an entry larger than the per-file limit inside an otherwise fine archive loses only itself
    data = _zip({"small.txt": GOOD, "large.txt": "y" * 5000})
    items = list(iter_archive(data, "a.zip", max_bytes=4000))
    assert [i.path for i in items] == ["a.zip/small.txt", "a.zip/large.txt"]
    assert isinstance(items[1], Skipped) and items[1].reason == "file too large: 5,000 bytes > limit 4,000"
    # a header that understates the size: reading stops at the declared size and the entry is refused
    raw = bytearray(_zip({"liar.txt": b"z" * 10_000}, zipfile.ZIP_DEFLATED))
    zf = zipfile.ZipFile(io.BytesIO(bytes(raw)))
    info = zf.getinfo("liar.txt")
    size = info.file_size.to_bytes(4, "little")
    small = (100).to_bytes(4, "little")
    raw = bytearray(bytes(raw).replace(size, small))
    (item,) = list(iter_archive(bytes(raw), "l.zip", max_bytes=1_000_000))
    assert isinstance(item, Skipped) and item.path == "l.zip/liar.txt"
    assert "zip bomb" in item.reason or "corrupt" in item.reason


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(os, "symlink"), reason="needs POSIX")
def test_cli_on_a_hostile_folder(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    build_hostile(folder)
    out, cache = tmp_path / "out", tmp_path / "cache"
    before = {p for p in tmp_path.rglob("*") if not p.is_symlink()}
    listing_parent = sorted(p.name for p in tmp_path.parent.iterdir())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWS_CACHE_DIR": str(cache)}
    proc = subprocess.run([sys.executable, "-m", "analysis", str(folder), "--out", str(out), "--quiet"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    skipped = pd.read_csv(out / "skipped.csv", keep_default_na=False)
    reasons = dict(zip(skipped["path"], skipped["reason"]))
    assert reasons["slip.zip/../evil.txt"].startswith("'..' in archive path (zip-slip)")
    assert reasons["slip.zip/abs.txt"].startswith("absolute path in archive")
    assert reasons["bomb.zip"].startswith("refused: entry 'zeros.txt' compresses")
    assert reasons["photo.txt"].startswith("binary file") and reasons["empty.txt"] == "empty file"
    assert reasons["pipe.txt"].startswith("not a regular file")
    assert reasons["loop_a.txt"].startswith("broken or looping symbolic link")
    assert reasons["nested.zip/level1.zip/level2.zip"].startswith("archive nested more than 1 level")
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False)
    assert {"good.txt", "sub/ko.md", "slip.zip/ok/inner.txt", "rows.csv#1", "bigint.json#1"} <= set(docs["path"])
    assert proc.stdout.startswith(f"{len(docs) + len(skipped)} files seen")
    after = {p for p in tmp_path.rglob("*") if not p.is_symlink()}
    new = {p for p in after - before if not ({out, cache} & ({p} | set(p.parents)))}
    assert new == set()  # only the output and cache folders are new
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == listing_parent
    assert not list(tmp_path.rglob("evil*.txt"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX")
def test_store_plan_does_not_block_on_a_named_pipe(tmp_path: Path) -> None:
    import threading

    from analysis.store import plan

    _write(tmp_path / "good.txt", GOOD)
    os.mkfifo(tmp_path / "pipe.txt")
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(plan(tmp_path)), daemon=True)
    worker.start()
    worker.join(timeout=30)  # generous: a loaded machine is slow, a blocked open() never returns
    if worker.is_alive():  # release the blocked open() so that the thread ends
        fd = os.open(tmp_path / "pipe.txt", os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        worker.join(timeout=5)
        pytest.fail("plan() blocked on a named pipe")
    assert done


# ------------------------------------------------------------------------------------------------ properties

NASTY = ["\x00", "\x07", "\x1b[31m", "\u202e", "\u200f", "\u200b", "\ufeff", "\ud800", "\udfff", "\r", "\n\n",
         "9" * 40, "1" + "0" * 400, "-1e400", "1.5조원", "135万亿", "1000억 달러", "$100 billion", "10**400",
         "지난 15일", "2월 16일", "北京时间2月16日", "2024年3月30日", "March 30, 2024", "20240330T120000Z",
         "“", "”", "「", "」", "\"", "'", "said", "밝혔다", "表示", "と述べた", "(", ")", "。", ".", "?", " ",
         "مرحبا", "שלום", "😀", "ﷺ", "Ａ", "a" * 300, "가" * 50, "\t", "…", "%", "조", "億", "second"]
ADVERSARIAL = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(codec=None, categories=["Cs", "Cc", "Cf", "Lo", "Nd", "Po", "Zs"]), max_size=200),
    st.lists(st.sampled_from(NASTY), max_size=30).map("".join),
)
LANGS = st.sampled_from(["en", "ko", "zh", "ja", "", "und"])
ANCHORS = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LONG_LINE = "The model " + "very " * 4000 + "long line said 135 trillion won on March 30, 2024."


def _units_ok(units: list, rel: str) -> None:
    assert units and all(isinstance(u, Document | Skipped) for u in units)
    assert all(u.path == rel or u.path.startswith(rel + "#") or u.path.startswith(rel + "/") for u in units)


@pytest.mark.parametrize("suffix", sorted(READERS))
@PROPS
@given(data=st.one_of(st.binary(max_size=2000), ADVERSARIAL.map(lambda t: t.encode("utf-8", "surrogatepass"))))
@example(data=b'{"articles": [{"text": "x", "n": ' + b"9" * 5000 + b"}]}")
@example(data=b"text\n" + b"\"unterminated" * 100)
@example(data=b"<html><body>" + b"<div>" * 5000 + b"</body></html>")
def test_readers_never_raise(suffix: str, data: bytes) -> None:
    from loaders.formats import read_bytes

    _units_ok(read_bytes(data, f"f{suffix}"), f"f{suffix}")


@PROPS
@given(names=st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=30),
                      min_size=1, max_size=5, unique=True),
       body=ADVERSARIAL)
def test_archive_reader_never_raises_or_escapes(names: list[str], body: str) -> None:
    from loaders.corpus import _archive_units

    data = _zip({n: body.encode("utf-8", "surrogatepass") for n in names if n not in ("/", "")} or {"a.txt": "x"})
    units = _archive_units(data, "x.zip", 100_000, ArchiveLimits())
    assert all(u.path.startswith("x.zip/") for u in units)
    assert not any(".." in u.path.split("/") for u in units if isinstance(u, Document))


@PROPS
@given(obj=st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | ADVERSARIAL,
                        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=10), c, max_size=4),
                        max_leaves=20))
def test_json_reader_on_random_structures(obj: object) -> None:
    from loaders.formats import read_json, read_jsonl

    text = json.dumps(obj, ensure_ascii=False)
    _units_ok(read_json(text.encode("utf-8", "surrogatepass"), "r.json"), "r.json")
    _units_ok(read_jsonl(text.encode("utf-8", "surrogatepass"), "r.jsonl"), "r.jsonl")


@PROPS
@given(text=ADVERSARIAL)
@example(text=LONG_LINE)
def test_clean_text_and_sentences_never_raise(text: str) -> None:
    cleaned, removed = clean_text(text)
    assert isinstance(cleaned, str) and all(isinstance(r, str) for r in removed)
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


@PROPS
@given(text=ADVERSARIAL)
@example(text=LONG_LINE)
def test_detect_language_never_raises(text: str) -> None:
    lang, basis = detect_language(text)
    assert isinstance(lang, str) and isinstance(basis, str)


@PROPS
@given(text=ADVERSARIAL, lang=LANGS, anchor=ANCHORS)
@example(text=LONG_LINE, lang="en", anchor=dt.date(2024, 3, 30))
@example(text="지난 15일 " * 50, lang="ko", anchor=dt.date(1, 1, 1))
@example(text="12월 31일", lang="ko", anchor=dt.date(9999, 12, 31))
def test_find_dates_never_raises(text: str, lang: str, anchor: dt.date | None) -> None:
    for m in find_dates(text, lang, anchor):
        assert text[m.start:m.end] == m.text


@PROPS
@given(text=ADVERSARIAL, lang=LANGS)
@example(text="9" * 5000 + "조원", lang="ko")
@example(text="1" + "0" * 400 + " dollars", lang="en")
@example(text=LONG_LINE, lang="en")
def test_find_figures_never_raises(text: str, lang: str) -> None:
    for f in find_figures(text, lang):
        assert text[f.start:f.end] == f.text


@PROPS
@given(text=ADVERSARIAL, lang=LANGS)
@example(text=LONG_LINE, lang="en")
@example(text="“" * 300 + "he said", lang="en")
def test_find_quotes_never_raises(text: str, lang: str) -> None:
    for q in find_quotes(split_sentences(text), lang):
        assert isinstance(q.quote, str)


@PROPS
@given(texts=st.lists(ADVERSARIAL, max_size=8))
def test_near_duplicates_never_raises(texts: list[str]) -> None:
    from loaders.dedup import near_duplicates

    docs = [Document(doc_id=f"d{i}", path=f"d{i}.txt", text=t) for i, t in enumerate(texts + texts[:2])]
    dups = near_duplicates(docs)
    assert all(k != v and v not in dups for k, v in dups.items())  # every duplicate points at a first copy


def test_manifest_language_must_be_a_language_code(tmp_path: Path) -> None:
    """A manifest value is untrusted: only a language code (or name) becomes the language; anything else is
    kept as metadata, and the language is detected from the text."""
    (tmp_path / "a.txt").write_text("OpenAI said on Monday that it would open an office in Tokyo.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("오픈AI는 도쿄에 사무소를 연다고 밝혔다.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,language\na.txt,en-![x](http://host.test/x.png)\nb.txt,Korean\n", encoding="utf-8")
    from analysis.metadata import complete_metadata
    from loaders.corpus import load_corpus

    docs = {d.path: complete_metadata(d) for d in load_corpus(tmp_path).documents}
    assert docs["a.txt"].language == "en" and docs["a.txt"].basis["language"] != "manifest"
    assert docs["a.txt"].meta["language (manifest, not a language code)"].startswith("en-![x]")
    assert docs["b.txt"].language == "ko" and docs["b.txt"].basis["language"] == "manifest"
