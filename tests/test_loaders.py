from __future__ import annotations

import os
from pathlib import Path

import pytest

from loaders.clean import clean_text
from loaders.corpus import CorpusError, load_corpus
from loaders.encoding import DecodeError, decode_bytes
from loaders.manifest import read_manifest

KO = "오픈AI가 지난 15일 동영상 생성 인공지능 소라를 공개했다."
ZH = "北京时间2月16日，OpenAI发布文生视频模型Sora，效果惊艳。"
ZH_TW = "北京時間2月16日，OpenAI發布文生影片模型Sora，效果驚艷。"
JA = "米国時間2月15日、オープンAIは動画生成AI「ソラ」を発表した。"


@pytest.mark.parametrize(
    ("text", "codec"),
    [(KO, "utf-8"), (KO, "utf-8-sig"), (KO, "utf-16"), (KO, "cp949"), (KO, "euc-kr"), (ZH, "gb18030"),
     (ZH, "gbk"), (ZH_TW, "big5"), (JA, "shift_jis"), ("Plain English news.", "utf-8")],
)
def test_decode_round_trips_short_cjk_text(text: str, codec: str) -> None:
    decoded, _ = decode_bytes(text.encode(codec))
    assert decoded == text


def test_binary_is_refused_with_reason() -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_clean_removes_boilerplate_and_repeated_body() -> None:
    raw = "Title line of the article\n본문 바로가기\nThe first paragraph of the body is here.\n\n" \
          "■ 제보하기\n▷ 전화 : 02-781-1234, 4444\nThe first paragraph of the body is here.\nThank you.\nThank you.\n"
    text, removed = clean_text(raw)
    assert text.count("The first paragraph") == 1
    assert "본문 바로가기" not in text and "02-781-1234" not in text
    assert text.count("Thank you.") == 2  # short lines may legitimately repeat
    assert any(r.startswith("repeated:") for r in removed)
    assert any("제보하기" in r for r in removed)


def test_seed_001_body_kept_once(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    kbs = next(d for d in corpus.documents if d.path.startswith("001_"))
    assert kbs.text.count("지난 15일(현지시간) 소라를 공개했는데") == 1
    assert "읽어주기 기능은" not in kbs.text and "수신료" not in kbs.text
    assert "입력 2024.02.23 (17:22)" in kbs.raw_text  # the byline stays available to date inference
    hk = next(d for d in corpus.documents if d.path.startswith("002_"))
    assert hk.text.count("풍선 머리를 한 주인공이 등장하는 단편 영화") == 1


def test_seed_corpus_loads_with_manifest(corpus_dir: Path) -> None:
    corpus = load_corpus(corpus_dir)
    assert len(corpus.documents) == 5 and corpus.skipped == () and corpus.problems == ()
    by_path = {d.path: d for d in corpus.documents}
    hk = by_path["002_7655ee233d4f65f3.txt"]
    assert hk.source == "The Korea Economic Daily (Hankyung)"
    assert hk.published.isoformat() == "2024-04-08"
    assert hk.basis["published"].startswith("manifest")
    assert hk.meta["kind"] == "news article"  # extra manifest columns are kept as metadata
    assert by_path["004_9b3ddd21529d1169.txt"].published is None


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def test_bad_files_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    _write(tmp_path / "good.txt", "OpenAI unveiled Sora on Thursday, a model that makes video from text.")
    _write(tmp_path / "empty.txt", "   \n")
    _write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    _write(tmp_path / "report.pdf", b"%PDF-1.4")
    _write(tmp_path / "big.txt", "x" * 2000)
    _write(tmp_path / "only-boilerplate.md", "본문 바로가기\n목차\n")
    _write(tmp_path / "sub" / "nested.md", "# Voice Engine\nOpenAI showed Voice Engine to partners.")
    _write(tmp_path / "manifest.csv", "file,outlet,published,desk\ngood.txt,Example News,2024-03-29,tech\n"
                                      "missing.txt,Nobody,2024-01-01,x\n")
    corpus = load_corpus(tmp_path, max_bytes=1000)
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["photo.txt"]
    assert "unsupported format '.pdf'" in reasons["report.pdf"]
    assert "too large" in reasons["big.txt"]
    assert "no text left" in reasons["only-boilerplate.md"]
    assert sorted(d.path for d in corpus.documents) == ["good.txt", "sub/nested.md"]
    assert corpus.files_seen == 7  # nothing silently dropped (the manifest itself is not an article)
    good = next(d for d in corpus.documents if d.path == "good.txt")
    assert good.source == "Example News" and good.meta == {"desk": "tech"}
    assert any("missing.txt" in p for p in corpus.problems)


def test_manifest_without_file_column_is_reported(tmp_path: Path) -> None:
    _write(tmp_path / "manifest.csv", "name,outlet\na.txt,X\n")
    assert "no 'file' column" in read_manifest(tmp_path).problems[0]


def test_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nope")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "OpenAI and Microsoft plan Stargate, a data center project.")
    os.symlink(tmp_path, tmp_path / "loop")
    corpus = load_corpus(tmp_path)
    assert [d.path for d in corpus.documents] == ["a.txt"]
    assert any("symbolic link" in s.reason for s in corpus.skipped)
