"""The CLI contract: tables, columns, counts and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from analysis.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = {
    "documents": ["doc_id", "path", "title", "source", "url", "language", "published", "published_basis",
                  "n_sentences", "sentiment"],
    "sentences": ["doc_id", "path", "idx", "text", "language", "sentiment", "sentiment_label"],
    "events": ["doc_id", "path", "topic", "date", "date_precision", "kind", "date_text", "sentence"],
    "figures": ["doc_id", "path", "text", "value", "value_max", "unit", "category", "normalized_value",
                "normalized_unit", "approximate", "sentence"],
    "quotes": ["doc_id", "path", "speaker", "quote", "sentence"],
    "skipped": ["path", "reason"],
}


def test_cli_writes_every_table_with_its_columns(tmp_path: Path, corpus_dir: Path, capsys) -> None:
    assert main([str(corpus_dir), "--out", str(tmp_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("5 files seen: 5 documents")
    for name, cols in REQUIRED.items():
        df = pd.read_csv(tmp_path / f"{name}.csv", keep_default_na=False)
        assert list(df.columns[: len(cols)]) == cols, name
        if name != "skipped":
            assert len(df) > 0, name
            assert df["path"].isin([p.name for p in corpus_dir.glob("*.txt")]).all()
    docs = pd.read_csv(tmp_path / "documents.csv", keep_default_na=False)
    assert set(docs["language"]) == {"en", "ko", "zh"}
    assert docs.set_index("doc_id").loc["004_9b3ddd21529d1169", "published"] == ""
    sents = pd.read_csv(tmp_path / "sentences.csv", keep_default_na=False)
    assert set(sents["sentiment_label"]) <= {"positive", "neutral", "negative", "uncertain", "empty"}
    assert (sents.loc[sents["sentiment_label"] == "empty", "sentiment"] == "").all()
    assert pd.to_numeric(docs["n_sentences"]).sum() == len(sents)


def test_cli_missing_folder_fails_with_one_line(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "analysis", str(tmp_path / "nope"), "--out", str(tmp_path / "o")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "not found" in r.stderr


def test_cli_nothing_readable_fails(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "b.txt").write_bytes(b"")
    r = subprocess.run([sys.executable, "-m", "analysis", str(tmp_path), "--out", str(tmp_path / "o")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "nothing readable" in r.stderr


def test_cli_exit_zero_with_some_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("OpenAI unveiled Sora on February 15, 2024.", encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"\x00\x01")
    out = tmp_path / "o"
    assert main([str(tmp_path), "--out", str(out), "--quiet"]) == 0
    skipped = pd.read_csv(out / "skipped.csv")
    assert skipped["path"].tolist() == ["b.bin"]
