"""CLI: python -m analysis CORPUS --out DIR  -> UTF-8 CSV tables (and partitioned Parquet) with counts.

Exit 0 when the corpus loads (even with skipped files); 2 with a one-line message when CORPUS is missing or
nothing in it is readable.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path

from analysis.cli import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="folder of articles (optionally with manifest.csv)")
    parser.add_argument("--out", required=True, help="folder to write the tables into")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--workers", type=int, default=None, help="processes to enrich with (default: all cores)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the on-disk cache")
    parser.add_argument("--cache-dir", default=None, help="cache folder (default: $NEWS_CACHE_DIR or ~/.cache)")
    parser.add_argument("--dask", default=None, metavar="local|tcp://HOST:PORT",
                        help="enrich on a Dask cluster: 'local' starts a LocalCluster")
    parser.add_argument("--no-csv", action="store_true", help="write only the partitioned Parquet output")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # SIGTERM (kill, a stopped service) ends the run like Ctrl-C: workers are stopped, nothing half-written stays
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    return run(Path(args.corpus), Path(args.out), progress=not args.quiet, workers=args.workers,
               cache=not args.no_cache, cache_dir=Path(args.cache_dir) if args.cache_dir else None,
               dask=args.dask, csv=not args.no_csv)


if __name__ == "__main__":
    sys.exit(main())
