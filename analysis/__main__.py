"""CLI: python -m analysis CORPUS --out DIR  -> UTF-8 CSV tables and counts.

Exit 0 when the corpus loads (even with skipped files); 2 with a one-line message when CORPUS is missing or
nothing in it is readable.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from analysis.cli import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="folder of articles (optionally with manifest.csv)")
    parser.add_argument("--out", required=True, help="folder to write the CSV tables into")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return run(Path(args.corpus), Path(args.out), progress=not args.quiet)


if __name__ == "__main__":
    sys.exit(main())
