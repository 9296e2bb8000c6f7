"""Bring your own corpus: HTML, tables (CSV/TSV/JSON/JSONL/Parquet), zip archives, uploads, boilerplate, dedup."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from analysis.records import Document
from loaders.clean import _norm, clean_text, load_patterns
from loaders.corpus import load_corpus
from loaders.dedup import jaccard, near_duplicates, shingle_hashes
from loaders.formats import normalize_language, parse_date, read_delimited, read_json
from loaders.upload import cleanup, materialize, sanitize_name

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KO = "오픈AI가 지난 15일(현지시간) 동영상 생성 인공지능 소라를 공개했다."
ZH = "北京时间2月16日，OpenAI发布文生视频模型Sora，效果惊艳。"
ZH_TW = "北京時間2月16日，OpenAI發布文生影片模型Sora，效果驚艷。"
JA = "米国時間2月15日、オープンAIは動画生成AI「ソラ」を発表した。"


def _corpus(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def _by_path(corpus) -> dict[str, Document]:
    return {d.path: d for d in corpus.documents}


def _reasons(corpus) -> dict[str, str]:
    return {s.path: s.reason for s in corpus.skipped}


# ------------------------------------------------------------------------------------------------ HTML

def test_html_page_gives_body_and_metadata_without_navigation(tmp_path: Path) -> None:
    corpus = load_corpus(_corpus(tmp_path, "ko_article.html"))
    (doc,) = corpus.documents
    assert doc.path == "ko_article.html" and doc.doc_id == "ko_article"
    assert doc.title == "오픈AI, 동영상 생성 AI '소라' 공개"
    assert doc.source == "한빛일보"
    assert doc.url == "https://news.example.kr/article/2024/02/16/sora"
    assert doc.published == dt.date(2024, 2, 16)
    assert doc.language == "ko"
    for field in ("title", "source", "url", "published", "language"):
        assert doc.basis[field] == "html meta", field
    assert "최대 1분 길이의 동영상" in doc.text and "가짜 영상 확산" in doc.text
    for junk in ("정치", "많이 본 뉴스", "대표전화", "회원가입", "All rights reserved", "무단전재"):
        assert junk not in doc.text, junk
    assert any("무단전재 및 재배포 금지" in r for r in doc.removed)
    assert "<" not in doc.raw_text and "og:title" not in doc.raw_text  # the raw page is not kept


def test_html_in_euc_kr_with_declared_charset(tmp_path: Path) -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
            "<title>소라 공개</title></head><body><article>"
            f"<p>{KO}</p><p>오픈AI는 안전성 검증을 위해 일부 전문가들에게만 먼저 소라를 제공하고 있다고 밝혔다.</p>"
            "</article></body></html>")
    (tmp_path / "page.htm").write_bytes(page.encode("euc-kr"))
    (doc,) = load_corpus(tmp_path).documents
    assert KO in doc.text
    assert doc.basis["encoding"].startswith("euc-kr")


def test_html_without_article_text_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><head><title>T</title></head><body><script>var x = 1;</script>"
                                         "</body></html>")
    assert _reasons(load_corpus(tmp_path)) == {"empty.html": "no article text found in the HTML page"}


# ------------------------------------------------------------------------------------------------ tables

def test_gdelt_csv_rows_become_documents(tmp_path: Path) -> None:
    corpus = load_corpus(_corpus(tmp_path, "gdelt_artlist.csv"))
    docs = _by_path(corpus)
    assert sorted(docs) == ["gdelt_artlist.csv#1", "gdelt_artlist.csv#2", "gdelt_artlist.csv#3", "gdelt_artlist.csv#5"]
    first = docs["gdelt_artlist.csv#1"]
    assert first.doc_id == "gdelt_artlist#1"
    assert first.title == "OpenAI unveils Sora text-to-video model"
    assert first.source == "example.com" and first.basis["source"] == "row: Domain"
    assert first.published == dt.date(2024, 2, 16) and first.basis["published"] == "row: SeenDate"
    assert first.language == "en" and docs["gdelt_artlist.csv#2"].language == "ko"
    assert first.meta == {"SourceCountry": "United States"}  # unmapped, non-empty columns
    japanese = docs["gdelt_artlist.csv#5"]
    assert japanese.published is None
    assert japanese.meta["published (row, unparsed)"] == "not-a-date"
    assert "unparsed" in japanese.basis["published"]
    assert _reasons(corpus) == {"gdelt_artlist.csv#4": "row has no text (looked for columns: text, content, body, "
                                                       "full_text, fulltext)"}


def test_media_cloud_csv_keeps_ids_in_meta_and_skips_only_the_bad_row(tmp_path: Path) -> None:
    corpus = load_corpus(_corpus(tmp_path, "mediacloud.csv"))
    docs = _by_path(corpus)
    assert sorted(docs) == ["mediacloud.csv#1", "mediacloud.csv#2"]
    ko = docs["mediacloud.csv#2"]
    assert ko.source == "한빛일보" and ko.basis["source"] == "row: media_name"
    assert ko.published == dt.date(2024, 3, 31) and ko.language == "ko"
    assert docs["mediacloud.csv#1"].published == dt.date(2024, 3, 30)  # "2024-03-30 12:00:00"
    assert ko.meta["id"] == "1002" and ko.meta["media_url"] == "news.example.kr"
    assert _reasons(corpus) == {"mediacloud.csv#3": "malformed row: 11 fields, header has 9"}


def test_newsapi_json_wrapper(tmp_path: Path) -> None:
    corpus = load_corpus(_corpus(tmp_path, "newsapi.json"))
    (doc,) = corpus.documents
    assert doc.path == "newsapi.json#1"
    assert doc.source == "Example News" and doc.basis["source"] == "row: source.name"
    assert doc.published == dt.date(2024, 3, 29) and doc.basis["published"] == "row: publishedAt"
    assert doc.text.endswith("to a small group of partners")  # NewsAPI's "… [+2345 chars]" is cut
    assert doc.meta["text truncated"].startswith("yes")
    assert doc.meta["author"] == "Jane Doe" and doc.meta["source.id"] == "example-news"
    reasons = _reasons(corpus)
    assert reasons["newsapi.json#2"].startswith("row has no text")
    assert reasons["newsapi.json#3"] == "row is not an object (found str)"


def test_jsonl_tsv_parquet_and_plain_json_list(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    (tmp_path / "a.jsonl").write_text(
        json.dumps({"content": ZH, "lang": "zh-CN", "pubdate": "2024/02/16"}, ensure_ascii=False) + "\n\n"
        + "{broken\n" + json.dumps({"body": "Second body text.", "link": "https://x.example/2"}) + "\n",
        encoding="utf-8")
    (tmp_path / "b.tsv").write_text("headline\tfull_text\tpublisher\nSora\t" + JA + "\t日経\n", encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps([{"article": KO, "date": "2024년 2월 16일"}], ensure_ascii=False),
                                     encoding="utf-8")
    table = pa.table({"text": ["Parquet body one.", None], "title": ["P1", "P2"],
                      "published": [dt.datetime(2024, 3, 30, 12), dt.datetime(2024, 3, 31)]})
    pq.write_table(table, tmp_path / "d.parquet")
    corpus = load_corpus(tmp_path)
    docs = _by_path(corpus)
    assert docs["a.jsonl#1"].language == "zh" and docs["a.jsonl#1"].published == dt.date(2024, 2, 16)
    assert docs["a.jsonl#3"].url == "https://x.example/2"
    assert _reasons(corpus)["a.jsonl#2"].startswith("invalid JSON line")
    assert docs["b.tsv#1"].title == "Sora" and docs["b.tsv#1"].source == "日経" and docs["b.tsv#1"].text == JA
    assert docs["c.json#1"].published == dt.date(2024, 2, 16)
    assert docs["d.parquet#1"].published == dt.date(2024, 3, 30) and docs["d.parquet#1"].title == "P1"
    assert _reasons(corpus)["d.parquet#2"].startswith("row has no text")


@pytest.mark.parametrize(("text", "codec"), [(KO, "cp949"), (KO, "euc-kr"), (ZH, "gb18030"), (ZH, "gbk"),
                                             (ZH_TW, "big5"), (JA, "shift_jis"), (KO, "utf-16"), (ZH, "utf-8-sig")])
def test_tables_in_legacy_encodings(text: str, codec: str) -> None:
    csv_units = read_delimited(f"title,text\n제목,{text}\n".encode(codec) if codec in ("cp949", "euc-kr", "utf-16")
                               else f"title,text\nT,{text}\n".encode(codec), "t.csv")
    assert [u.text for u in csv_units] == [text]
    json_units = read_json(json.dumps({"articles": [{"text": text}]}, ensure_ascii=False).encode(codec), "t.json")
    assert [u.text for u in json_units] == [text]


@pytest.mark.parametrize(("value", "expected"), [
    ("20240330T120000Z", "2024-03-30"), ("20240330120000", "2024-03-30"), ("20240330", "2024-03-30"),
    ("2024-03-30", "2024-03-30"), ("2024-03-30T23:59:00+09:00", "2024-03-30"), ("2024-03-30 12:00:00", "2024-03-30"),
    ("2024-03-30T12:00:00.123Z", "2024-03-30"), ("2024/3/30", "2024-03-30"), ("2024.03.30 09:12", "2024-03-30"),
    ("2024년 3월 30일", "2024-03-30"), ("2024年3月30日 08:00", "2024-03-30"),
    ("Sat, 30 Mar 2024 12:00:00 GMT", "2024-03-30"),
    ("March 30, 2024", "2024-03-30"), ("30 Mar 2024", "2024-03-30"),
    ("not-a-date", None), ("", None), ("20241330", None), ("99999999999999", None), ("1e400", None),
])
def test_parse_date(value: str, expected: str | None) -> None:
    got = parse_date(value)
    assert (got.isoformat() if got else None) == expected


def test_language_names_and_tags() -> None:
    assert [normalize_language(v) for v in ("English", "Korean", "zh-CN", "ja_JP", "EN", "Klingon!", "")] == \
        ["en", "ko", "zh", "ja", "en", "", ""]


def test_manifest_overrides_row_and_html_values(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, "gdelt_artlist.csv", "ko_article.html", "mediacloud.csv")
    (folder / "manifest.csv").write_text(
        "file,outlet,title,published,desk\n"
        "gdelt_artlist.csv#1,Wire Service,,2024-02-15,wire\n"
        "ko_article.html,,Manifest title,,it\n"
        "mediacloud.csv,Media Cloud outlet,,,mc\n", encoding="utf-8")
    corpus = load_corpus(folder)
    docs = _by_path(corpus)
    row = docs["gdelt_artlist.csv#1"]
    assert row.source == "Wire Service" and row.basis["source"] == "manifest"
    assert row.published == dt.date(2024, 2, 15) and row.basis["published"] == "manifest"
    assert row.meta["desk"] == "wire" and row.title == "OpenAI unveils Sora text-to-video model"
    assert docs["gdelt_artlist.csv#2"].source == "news.example.kr"  # the manifest named row 1 only
    html = docs["ko_article.html"]
    assert html.title == "Manifest title" and html.basis["title"] == "manifest" and html.source == "한빛일보"
    assert {d.source for p, d in docs.items() if p.startswith("mediacloud")} == {"Media Cloud outlet"}
    assert corpus.problems == ()


# ------------------------------------------------------------------------------------------------ archives

def _zip(entries: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data if isinstance(data, bytes) else data.encode("utf-8"))
    return buf.getvalue()


def test_zip_entries_are_read_in_memory_with_inner_paths(tmp_path: Path) -> None:
    inner = _zip({"deep/w.txt": "Nested wire copy about Sora.", "deeper.zip": _zip({"x.txt": "too deep"})})
    (tmp_path / "bundle.zip").write_bytes(_zip({
        "news/a.txt": KO, "news/t.csv": "title,text\nT1,Row one body.\nT2,\n",
        "page.html": (FIXTURES / "ko_article.html").read_bytes(),
        "manifest.csv": "file,outlet\nnews/a.txt,Zip Outlet\n",
        "inner.zip": inner, "__MACOSX/._a.txt": b"\x00\x05\x16\x07", "news/": b"",
    }))
    before = sorted(p.name for p in tmp_path.iterdir())
    corpus = load_corpus(tmp_path)
    docs = _by_path(corpus)
    assert sorted(docs) == ["bundle.zip/inner.zip/deep/w.txt", "bundle.zip/news/a.txt", "bundle.zip/news/t.csv#1",
                            "bundle.zip/page.html"]
    assert docs["bundle.zip/news/a.txt"].source == "Zip Outlet"  # the archive's own manifest applies
    assert docs["bundle.zip/news/a.txt"].doc_id == "a"
    assert docs["bundle.zip/page.html"].source == "한빛일보"
    reasons = _reasons(corpus)
    assert reasons["bundle.zip/news/t.csv#2"].startswith("row has no text")
    assert reasons["bundle.zip/inner.zip/deeper.zip"] == "archive nested more than 1 level(s) deep: not opened"
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing extracted next to the archive


def test_zip_with_korean_cp949_entry_names(tmp_path: Path) -> None:
    # Windows Korean zip tools write CP949 names without the UTF-8 flag; Python reads those as CP437.
    cp949 = "기사.txt".encode("cp949")
    placeholder = b"abcd.txt"
    assert len(cp949) == len(placeholder)
    data = _zip({placeholder.decode(): KO}).replace(placeholder, cp949)
    (tmp_path / "ko.zip").write_bytes(data)
    (doc,) = load_corpus(tmp_path).documents
    assert doc.path == "ko.zip/기사.txt" and doc.text == KO


# ------------------------------------------------------------------------------------------------ uploads

def test_upload_sanitises_names_and_loads(tmp_path: Path) -> None:
    files = [("../../evil.txt", b"Escaped body text one."), (".hidden.md", b"Hidden body text two."),
             ("a\x00b\x1f.txt", b"Control body text three."), ("same.txt", b"First same."),
             ("same.txt", b"Second same."), ("C:\\Users\\x\\win.txt", b"Windows path body."),
             ("pack.zip", _zip({"in/z.txt": "Zipped body.", "../slip.txt": "nope", "/abs.txt": "nope"}))]
    folder, refused = materialize(files, max_total_bytes=10_000, max_files=20)
    try:
        names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        assert names == [".upload-digest", "a_b_.txt", "evil.txt", "hidden.md", "pack.zip/in/z.txt", "same-2.txt",
                         "same.txt", "win.txt"]  # the digest (hidden: not an article) keys the cache by content
        assert {s.path: s.reason for s in refused} == {
            "pack.zip/../slip.txt": "'..' in archive path (zip-slip): not extracted",
            "pack.zip/abs.txt": "absolute path in archive (zip-slip): not extracted",
        }
        corpus = load_corpus(folder)
        assert len(corpus.documents) == 7 and corpus.skipped == ()
        assert not (tmp_path.parent / "slip.txt").exists() and not Path("/abs.txt").exists()
    finally:
        cleanup(folder)
    assert not folder.exists()


def test_upload_limits_are_reported_per_file() -> None:
    files = [("a.txt", b"x" * 600), ("b.txt", b"y" * 600), ("c.txt", b""), ("d.txt", b"d"), ("e.txt", b"e")]
    folder, refused = materialize(files, max_total_bytes=1000, max_files=2)
    try:
        assert {s.path: s.reason for s in refused} == {
            "b.txt": "upload size limit reached (1,000 bytes)", "c.txt": "empty file",
            "e.txt": "too many files: limit is 2",
        }
        assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == ["a.txt", "d.txt"]
    finally:
        cleanup(folder)


def test_upload_refuses_zip_bomb_and_cleanup_only_removes_its_own_folders(tmp_path: Path) -> None:
    bomb = _zip({"zeros.txt": b"0" * 3_000_000})
    folder, refused = materialize([("bomb.zip", bomb)], max_total_bytes=10_000_000, max_files=10)
    try:
        assert [s.path for s in refused] == ["bomb.zip"] and "zip bomb" in refused[0].reason
        assert [p.name for p in folder.iterdir() if not p.name.startswith(".")] == ["bomb.zip"]
        assert not any(folder.rglob("*.txt"))
    finally:
        cleanup(folder)
    keep = tmp_path / "keep"
    keep.mkdir()
    cleanup(keep)
    assert keep.exists()


@pytest.mark.parametrize(("name", "expected"), [("../x.txt", "x.txt"), ("..", "upload"), ("a/b\\c.txt", "c.txt"),
                                                ("\u202etxt.exe", "txt.exe"), ("   ", "upload"), ("ok.txt", "ok.txt")])
def test_sanitize_name(name: str, expected: str) -> None:
    assert sanitize_name(name) == expected


# ------------------------------------------------------------------------------------------------ boilerplate

BOILERPLATE = [
    "<저작권자 ⓒ 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>",
    "무단전재 및 재배포 금지",
    "저작권자 © 한빛일보 무단전재 및 재배포 금지",
    "ⓒ 한국경제신문, 무단전재 및 재배포 금지",
    "구독하기",
    "네이버에서 한빛일보 구독하기",
    "제보는 카카오톡 okjebo",
    "카카오톡 공유",
    "版权所有 © 2024 某某网 保留所有权利",
    "未经授权，不得转载",
    "未经许可，禁止转载。",
    "（本文未经授权不得转载）",
    "关注我们",
    "点击查看更多",
    "分享到：微信 微博",
    "责任编辑：王小明",
    "記事・写真の無断転載を禁じます",
    "無断転載禁止",
    "転載禁止",
    "この記事をシェア",
    "Copyright © 2024 Example News. All rights reserved.",
    "All rights reserved.",
    "Click here to subscribe",
    "Sign up for our newsletter",
    "Subscribe now for unlimited access",
    "We use cookies to improve your experience.",
    "Accept all cookies",
    "Follow us on Twitter",
    "Share this article",
    "Skip to main content",
]
BODY = [
    "Copyright law is changing as AI firms train on news articles.",
    "The company said all rights reserved for the film would stay with the studio, it said on Friday.",
    "저작권자들은 무단 전재 문제를 제기하며 오픈AI를 상대로 소송을 냈고 "
    "법원은 이를 받아들였다고 밝혔다, 업계는 이 판결이 AI 학습 데이터 관행에 큰 영향을 줄 것으로 본다.",
    "该公司表示，未经授权使用他人作品训练模型的做法引发了诉讼。",
    "出版商称OpenAI未经许可使用了其报道。",
    "日本新聞協会は、生成AIによる記事の無断利用に懸念を示した。",
    "Subscribers to ChatGPT Plus will get access first.",
    "Facebook parent Meta also showed a video model.",
    "We use cookies, the professor joked, to lure students into the lab.",
    "구독자 수가 1억 명을 넘었다.",
    "Share prices rose 3% on Friday.",
]


def test_boilerplate_lines_are_removed_and_body_lines_kept() -> None:
    patterns = load_patterns()
    missed = [line for line in BOILERPLATE if not any(p.fullmatch(_norm(line)) for p in patterns)]
    kept_wrongly = [line for line in BODY if any(p.fullmatch(_norm(line)) for p in patterns)]
    assert missed == [] and kept_wrongly == []
    text, removed = clean_text("\n".join([BODY[0], *BOILERPLATE, BODY[2]]))
    assert text.splitlines() == [BODY[0], BODY[2]] and len(removed) == len(BOILERPLATE)


# ------------------------------------------------------------------------------------------------ dedup

WIRE_KO = ("오픈AI가 지난 15일(현지시간) 텍스트를 입력하면 최대 1분 길이의 동영상을 "
           "만들어 주는 인공지능 모델 소라를 공개했다. "
           "소라는 여러 등장인물과 특정한 움직임, 배경의 세부 묘사를 포함한 "
           "복잡한 장면을 생성할 수 있다고 회사 측은 설명했다. "
           "업계에서는 영상 제작 비용이 크게 줄어들 것이라는 전망과 함께 가짜 영상 확산에 대한 우려도 나온다.")
WIRE_ZH = ("北京时间2月16日，OpenAI发布文生视频模型Sora，可以根据文字生成长达一分钟的视频。业内人士认为，"
           "Sora将大幅降低视频制作成本，但也有专家担心虚假视频的传播。OpenAI表示，目前仅向部分专家开放测试。")


def _doc(doc_id: str, text: str, published: str | None = None, path: str | None = None) -> Document:
    return Document(doc_id=doc_id, path=path or f"{doc_id}.txt", text=text,
                    published=dt.date.fromisoformat(published) if published else None)


def test_syndicated_copies_map_to_the_earliest_copy() -> None:
    docs = [
        _doc("b_outlet", "[한빛일보] " + WIRE_KO + " 김기자 기자", "2024-02-17"),
        _doc("a_wire", WIRE_KO, "2024-02-16"),
        _doc("c_undated", WIRE_KO.replace("크게", "상당히"), None),
        _doc("zh1", WIRE_ZH, "2024-02-16"),
        _doc("zh2", "（新华社）" + WIRE_ZH + "（完）", "2024-02-16", path="a_first_path.txt"),
        _doc("other", "완전히 다른 기사: 마이크로소프트와 오픈AI가 최대 1000억 달러 규모의 "
                      "데이터센터 프로젝트를 추진한다.", "2024-03-30"),
        _doc("short", "Sora.", None),
    ]
    dups = near_duplicates(docs)
    assert dups == {"b_outlet": "a_wire", "c_undated": "a_wire", "zh1": "zh2"}  # zh: same day, first path wins
    assert near_duplicates(docs, threshold=1.0) == {}
    sim = jaccard(shingle_hashes(WIRE_KO), shingle_hashes("[한빛일보] " + WIRE_KO + " 김기자 기자"))
    assert 0.8 < sim < 1.0


def test_dedup_is_fast_for_thousands_of_documents() -> None:
    import random

    rng = random.Random(7)
    syllables = [chr(0xAC00 + i * 37) for i in range(300)]
    docs = [_doc(f"d{i}", "".join(rng.choice(syllables) for _ in range(800))) for i in range(2000)]
    docs += [_doc(f"copy{i}", docs[i].text[20:] + " 끝", path=f"zz{i}.txt") for i in range(0, 2000, 100)]
    start = time.perf_counter()
    dups = near_duplicates(docs)
    elapsed = time.perf_counter() - start
    assert dups == {f"copy{i}": f"d{i}" for i in range(0, 2000, 100)}
    assert elapsed < 10, elapsed
