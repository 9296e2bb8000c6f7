"""Scale an analysed corpus up by replication, to measure the dashboard at sizes too slow to enrich here.

    python -m bench.replicate ANALYSED_PARQUET_DIR OUT --times 10

Reads the partitioned output of `python -m analysis CORPUS --out DIR` (DIR/parquet) and writes the same tables
with every document copied `times` times under a new doc_id and path (r1/..., r2/...). Document dates, sources,
languages and every enrichment are kept, so row counts and value distributions are those of a real corpus of
`times` × the size; copies are not marked as near-duplicates of each other (each replica stands for a distinct
article). Milestones are merged again over the whole replicated corpus. The dashboard opens OUT like any
analysed output (texts of replicas are not on disk: the reader says so).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from analysis.pipeline import finish_tables
from analysis.store import read_output, write_output
from analysis.tables import ROW_TABLES


def replicate(src: Path, out: Path, times: int) -> None:
    tables, corpus = read_output(src)
    frames: dict[str, pd.DataFrame] = {}
    for name in ROW_TABLES:
        df = getattr(tables, name)
        copies = []
        for j in range(times):
            c = df.copy()
            if j:
                if "doc_id" in c.columns:
                    c["doc_id"] = c["doc_id"].astype(str) + f"~r{j}"
                if "path" in c.columns:
                    c["path"] = f"r{j}/" + c["path"].astype(str)
                if "file_key" in c.columns:
                    c["file_key"] = c["file_key"].astype(str) + f"r{j}"
            copies.append(c)
        frames[name] = pd.concat(copies, ignore_index=True)
    docs = frames["documents"]
    docs["duplicate_of"] = ""
    out_tables = finish_tables({**frames, "documents": docs.drop(columns=["duplicate_of"])})
    write_output(out_tables, out, corpus=Path(corpus))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.replicate", description=__doc__.splitlines()[0])
    p.add_argument("src")
    p.add_argument("out")
    p.add_argument("--times", type=int, default=10)
    a = p.parse_args(argv)
    replicate(Path(a.src), Path(a.out), a.times)
    print(f"wrote {a.times} replicas of {a.src} to {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
