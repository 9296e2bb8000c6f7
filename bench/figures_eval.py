"""Figures: gold scores per language and speed against an earlier revision, in one run.

    .venv/bin/python bench/figures_eval.py [--base REV] [--rounds N] [gold.csv ...]

Scores come from ``tests.test_figures.score_real`` (span overlap + same value; attributes separately). Speed runs
``find_figures`` of this tree and of ``analysis/figures.py`` at ``--base`` (default: the commit before this session's
figures work) on the bundled corpus plus every gold sentence, alternating rounds; it reports the time ratio, never an
absolute threshold.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import figures as new  # noqa: E402
from tests.test_figures import LANG, score_real  # noqa: E402

GOLD = ROOT / "tests" / "gold"


def _texts() -> list[tuple[str, str]]:
    out = []
    for p in sorted((ROOT / "data" / "corpus").glob("*.txt")):
        out.append((p.read_text(encoding="utf-8"), LANG.get(p.name[:3], "en")))
    for g in sorted(GOLD.glob("figures_real*.csv")):
        with open(g, encoding="utf-8", newline="") as fh:
            out += list({(r["sentence"], r["lang"]) for r in csv.DictReader(fh)})
    return out


def _old_module(rev: str):
    src = subprocess.run(["git", "show", f"{rev}:analysis/figures.py"], cwd=ROOT, check=True, capture_output=True,
                         text=True).stdout
    tmp = Path(tempfile.mkdtemp()) / "figures_old.py"
    tmp.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("figures_old", tmp)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["figures_old"] = mod
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    mod.WORD_LISTS = new.WORD_LISTS  # the old module reads the same data/figures.toml
    mod._word_lists.cache_clear()
    return mod


def _time(fn, texts: list[tuple[str, str]], repeat: int = 5) -> float:
    t0 = time.process_time()
    for _ in range(repeat):
        for text, lang in texts:
            fn(text, lang)
    return time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="*", default=["figures_real.csv", "figures_real_s2.csv"])
    ap.add_argument("--base", default="bcf02a3")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    for name in args.gold:
        stats, _ = score_real(name)
        print(f"{name}: lang gold pred tp precision recall attributes")
        for lang, st in sorted(stats.items()):
            print(f"  {lang} {st['gold']} {st['pred']} {st['tp']} {st['tp'] / max(st['pred'], 1):.3f} "
                  f"{st['tp'] / max(st['gold'], 1):.3f} {st['attr'] / max(st['tp'], 1):.3f}")
    texts = _texts()
    old = _old_module(args.base)
    for t, lang in texts[:3]:  # warm the caches of both
        old.find_figures(t, lang), new.find_figures(t, lang)
    for r in range(args.rounds):
        a, b = _time(old.find_figures, texts), _time(new.find_figures, texts)
        print(f"round {r + 1}: {len(texts)} texts x5, old {a:.2f} s CPU, new {b:.2f} s CPU, new/old {b / a:.2f}")


if __name__ == "__main__":
    main()
