"""The CLI's work, importable for tests: load, enrich with a progress bar, write tables, print counts."""

from __future__ import annotations

import sys
from pathlib import Path

from analysis.pipeline import Tables, build_tables
from loaders.corpus import CorpusError, load_corpus

CSV_TABLES = ("documents", "sentences", "events", "milestones", "figures", "quotes", "dates", "skipped")


def _bar(label: str):
    def show(i: int, n: int, path: str) -> None:
        width = 30
        done = int(width * i / max(n, 1))
        sys.stderr.write(f"\r{label} [{'#' * done}{'.' * (width - done)}] {i}/{n} {path[:40]:<40}")
        if i == n:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def write_tables(tables: Tables, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in CSV_TABLES:
        getattr(tables, name).to_csv(out / f"{name}.csv", index=False, encoding="utf-8")


def run(corpus: Path, out: Path, *, progress: bool = True) -> int:
    try:
        loaded = load_corpus(corpus, progress=_bar("reading  ") if progress else None)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not loaded.documents:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in loaded.skipped[:3]) or "no files"
        print(f"error: nothing readable in {corpus} ({reasons})", file=sys.stderr)
        return 2
    tables = build_tables(loaded.documents, loaded.skipped, progress=_bar("enriching") if progress else None)
    write_tables(tables, out)
    for note in loaded.problems:
        print(f"note: {note}", file=sys.stderr)
    counts = ", ".join(f"{len(getattr(tables, n))} {n}" for n in CSV_TABLES)
    seen = len(tables.documents) + len(tables.skipped)
    print(f"{seen} files seen: {counts}. Tables written to {out}")
    return 0
