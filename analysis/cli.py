"""The CLI's work, importable for tests: enrich (cached, parallel) with a progress bar, write tables, counts."""

from __future__ import annotations

import sys
from pathlib import Path

from analysis.exports import safe_frame
from analysis.store import build, default_cache_dir, public, write_output
from analysis.tables import Tables

CSV_TABLES = ("documents", "sentences", "events", "milestones", "figures", "quotes", "dates", "skipped", "entities",
              "mentions")


def _bar(label: str):
    tty = sys.stderr.isatty()

    def show(i: int, n: int, path: str) -> None:
        if n == 0:
            sys.stderr.write(f"{label} nothing new to enrich (all files cached)\n")
            return
        width = 30
        done = int(width * i / max(n, 1))
        line = f"{label} [{'#' * done}{'.' * (width - done)}] {i}/{n} files"
        if tty:
            sys.stderr.write("\r" + line + ("\n" if i == n else ""))
        elif i == n or i % max(1, n // 10) < 64:  # logs: about ten lines
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    return show


def write_tables(tables: Tables, out: Path) -> None:
    """UTF-8 CSV per table; text cells a spreadsheet would run as a formula (=, +, -, @ …) are prefixed with an
    apostrophe, as in the dashboard's downloads (the Parquet output keeps the raw text)."""
    out.mkdir(parents=True, exist_ok=True)
    for name in CSV_TABLES:
        safe_frame(public(getattr(tables, name))).to_csv(out / f"{name}.csv", index=False, encoding="utf-8")


def run(corpus: Path, out: Path, *, progress: bool = True, workers: int | None = None, cache: bool = True,
        cache_dir: Path | None = None, dask: str | None = None, csv: bool = True) -> int:
    if not corpus.exists():
        print(f"error: corpus folder not found: {corpus}", file=sys.stderr)
        return 2
    if not corpus.is_dir():
        print(f"error: corpus is not a folder: {corpus}", file=sys.stderr)
        return 2
    store = (cache_dir or default_cache_dir(corpus)) if cache else None
    try:
        result = build(corpus, store, workers=workers, dask=dask, progress=_bar("enriching") if progress else None)
    except OSError as exc:
        print(f"error: cannot read {corpus}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    tables = result.tables  # finished by build, with the corpus's own story file (story.toml) when it has one
    if tables.documents.empty:
        reasons = "; ".join(f"{r.path}: {r.reason}" for r in tables.skipped.head(3).itertuples()) or "no files"
        print(f"error: nothing readable in {corpus} ({reasons})", file=sys.stderr)
        return 2
    if csv:
        write_tables(tables, out)
    write_output(tables, out / "parquet", corpus=corpus)
    for note in result.problems:
        print(f"note: {note}", file=sys.stderr)
    counts = ", ".join(f"{len(getattr(tables, n))} {n}" for n in CSV_TABLES)
    seen = len(tables.documents) + len(tables.skipped)
    print(f"{seen} files seen: {counts}. Tables written to {out} "
          f"({result.enriched_files} files enriched, {result.cached_files} from cache, {result.seconds:.1f} s)")
    return 0

