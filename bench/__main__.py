"""Benchmarks: `make bench` (or `python -m bench --sizes 1000,10000`). Writes bench/RESULTS.md and results.json.

Per corpus size: reading the files alone and TextBlob alone (baselines), per-stage throughput, cold enrichment
with 1 and all cores, warm (cached) rerun, peak memory, dashboard warm start and filter-change server time
(AppTest), and, on the bundled corpus, the first page with its charts visible in headless Chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate
from bench.replicate import replicate

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
PY = sys.executable


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines()
                   if x.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem = 0
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 1024 / 1024, 1),
            "python": platform.python_version(), "os": platform.platform()}


def corpus(n: int) -> Path:
    folder = DATA / f"corpus-{n}"
    marker = folder / ".complete"
    if not marker.exists():
        if folder.exists():
            shutil.rmtree(folder)
        generate(folder, n, seed=7)
        marker.write_text("seed 7\n")
    return folder


def child(code: str, env: dict | None = None, timeout: int = 24 * 3600) -> tuple[dict, float]:
    """Run python code in a fresh process; it prints one JSON line. Returns (that dict, peak RSS MiB of children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    r = subprocess.run([PY, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                       env={**os.environ, **(env or {})})
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-3000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = json.loads(r.stdout.strip().splitlines()[-1])
    return out, max(peak, before) / 1024


def cli(folder: Path, out: Path, cache_root: Path, workers: int) -> tuple[float, float, str]:
    """`python -m analysis` in a fresh process, its cache under cache_root (the layout the dashboard uses)."""
    t0 = time.perf_counter()
    r = subprocess.run([PY, "-m", "analysis", str(folder), "--out", str(out), "--quiet", "--workers", str(workers),
                        "--no-csv"], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "NEWS_CACHE_DIR": str(cache_root)})
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-3000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak, r.stdout.strip()


READ_ONLY = """
import json, time
from loaders.corpus import load_corpus
t = time.perf_counter(); c = load_corpus({folder!r}); s = time.perf_counter() - t
print(json.dumps({{"docs": len(c.documents), "seconds": s}}))
"""

STAGES = """
import json, time
from loaders.corpus import load_corpus
from analysis import pipeline
from analysis.sentences import split_sentences
from textblob import TextBlob
docs = load_corpus({folder!r}).documents[:{sample}]
ctx = pipeline.default_context(); pipeline.enrich_document(docs[0], ctx); pipeline.STAGE_SECONDS.clear()
t = time.perf_counter(); n_sent = 0
for d in docs:
    n_sent += len(pipeline.enrich_document(d, ctx)["sentences"])
total = time.perf_counter() - t
t = time.perf_counter(); n_tb = 0
for d in docs:
    for s in split_sentences(d.text, d.language):
        TextBlob(s.text).sentiment.polarity; n_tb += 1
tb = time.perf_counter() - t
print(json.dumps({{"docs": len(docs), "sentences": n_sent, "total": total, "stages": dict(pipeline.STAGE_SECONDS),
                   "textblob_seconds": tb, "textblob_sentences": n_tb}}))
"""

APP = """
import json, os, time, statistics
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
from streamlit.runtime.pages_manager import PagesManager
_init = PagesManager.__init__
def _v2(self, *a, **k):  # run through dashboard.py's st.navigation, as a browser session does (see tests)
    _init(self, *a, **k); PagesManager.uses_pages_directory = False
PagesManager.__init__ = _v2
at = AppTest.from_file({app!r}, default_timeout=36000)
at.run()
first = time.perf_counter() - t0
first_cpu = time.process_time()
assert not at.exception, [e.value for e in at.exception]
docs = int(next(m.value for m in at.metric if m.label == "Articles"))
langs = {langs!r}
# every change a filter state not seen before (no cached view can answer it), then revisits of the last state
states = [[x] for x in langs] + [[a, b] for i, a in enumerate(langs) for b in langs[i + 1:]][:5]
times, cpu, again = [], [], []
for s in states:
    at.session_state["f_lang"] = s
    t, c = time.perf_counter(), time.process_time(); at.run()
    times.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
    assert not at.exception
for _ in range(3):  # a rerun with the filter unchanged (a page widget clicked): the cached view
    t = time.perf_counter(); at.run(); again.append(time.perf_counter() - t)
import resource
print(json.dumps({{"first_run": first, "first_run_cpu": first_cpu, "articles": docs,
                   "filter_median": statistics.median(times), "filter_max": max(times),
                   "filter_cpu_median": statistics.median(cpu), "rerun_median": statistics.median(again),
                   "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def browser_first_page() -> dict:
    """Seconds from starting the server as `make run` does (python -m ui.serve) to the Overview's charts visible
    in headless Chromium, on the bundled corpus."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright not installed"}
    chromium = shutil.which("chromium")
    if not chromium:
        return {"skipped": "chromium not installed"}
    import socket
    import urllib.request

    out = {}
    with tempfile.TemporaryDirectory() as cache, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                    "--disable-background-networking"])
        for label in ("cold cache", "warm cache"):
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            t0 = time.perf_counter()
            proc = subprocess.Popen([PY, "-m", "ui.serve", "--headless", "--port", str(port),
                                     "--server.fileWatcherType", "none"], cwd=ROOT,
                                    env={**os.environ, "NEWS_CACHE_DIR": cache},
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                while True:
                    try:
                        urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                        break
                    except OSError:
                        time.sleep(0.05)
                healthy = time.perf_counter() - t0
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
                out[label] = {"server_healthy_s": round(healthy, 2),
                              "charts_visible_s": round(time.perf_counter() - t0, 2)}
                page.close()
            finally:
                proc.terminate()
                proc.wait(timeout=20)
        browser.close()
    return out


def bench_size(n: int, *, speedup: bool) -> dict:
    folder = corpus(n)
    res: dict = {"articles": n}
    r, _ = child(READ_ONLY.format(folder=str(folder)))
    res["read_only_docs_per_s"] = r["docs"] / r["seconds"]
    sample = min(n, 300)
    s, _ = child(STAGES.format(folder=str(folder), sample=sample))
    res["sample"] = {"docs": s["docs"], "sentences": s["sentences"]}
    res["stages_s"] = {k: round(v, 3) for k, v in sorted(s["stages"].items(), key=lambda kv: -kv[1])}
    res["stage_sentences_per_s"] = {k: round(s["sentences"] / v) for k, v in s["stages"].items() if v > 0}
    res["enrich_sentences_per_s_1core"] = s["sentences"] / s["total"]
    res["textblob_sentences_per_s"] = s["textblob_sentences"] / s["textblob_seconds"]
    slowest = max(s["stages"].values())
    res["overhead_vs_sum_of_stages"] = s["total"] / sum(s["stages"].values()) - 1
    res["total_vs_slowest_stage"] = s["total"] / slowest
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cores = os.cpu_count() or 1
        cold, peak, line = cli(folder, DATA / f"out-{n}", tmp / "cache-root", cores)
        res["cold_all_cores_s"] = cold
        res["cold_peak_rss_mib"] = peak
        res["cli_summary"] = line
        warm, _, _ = cli(folder, tmp / "out-warm", tmp / "cache-root", cores)
        res["warm_s"] = warm
        res["warm_speedup"] = cold / warm
        if speedup:
            one, _, _ = cli(folder, tmp / "out1", tmp / "cache-one", 1)
            res["cold_1_core_s"] = one
            res["parallel_speedup"] = one / cold
        res["cold_docs_per_s"] = n / cold
        if n <= 1000:  # the dashboard enriching a new corpus itself (larger corpora: see the cold CLI run)
            app, _ = child(APP_CODE, env={"NEWS_CORPUS": str(folder), "NEWS_CACHE_DIR": str(tmp / "cache-app")})
            res["dashboard_cold_first_run_s"] = app["first_run"]
        # warm: a fresh process whose cache the all-cores CLI run filled (same cache layout as the app's)
        res.update(dashboard_warm({"NEWS_CORPUS": str(folder), "NEWS_CACHE_DIR": str(tmp / "cache-root")}))
    return res


APP_CODE = APP.format(app=str(ROOT / "dashboard.py"), langs=["en", "ko", "zh", "ja"])


def dashboard_warm(env: dict) -> dict:
    """Warm start, filter-change server times (overview page, AppTest) and memory of a fresh dashboard process."""
    app, _ = child(APP_CODE, env=env)
    return {"dashboard_warm_first_run_s": app["first_run"], "dashboard_warm_first_run_cpu_s": app["first_run_cpu"],
            "filter_change_median_s": app["filter_median"], "filter_change_max_s": app["filter_max"],
            "filter_change_cpu_median_s": app["filter_cpu_median"], "rerun_unchanged_median_s": app["rerun_median"],
            "dashboard_warm_rss_mib": app["rss_mib"]}


def bench_replicated(n: int, base: int) -> dict:
    """Dashboard measures at n articles: the analysed base-size corpus replicated n/base times (bench/replicate.py).
    Enrichment at this size is not run here; its time is projected from the base size's measured throughput."""
    src = DATA / f"out-{base}" / "parquet"
    out = DATA / f"replicated-{n}"
    if not (out / "meta.json").exists():
        replicate(src, out, n // base)
    return {"articles": n, "replicated_from": base, **dashboard_warm({"NEWS_CORPUS": str(out)})}


def _rate(results: dict, r: dict) -> float:
    base = next(x for x in results["runs"] if x["articles"] == r["replicated_from"])
    return base["cold_docs_per_s"]


def targets(results: dict) -> list[str]:
    """Each target of the issue with the measured figure and whether it is met."""
    runs = {r["articles"]: r for r in results["runs"]}
    big = runs.get(max(runs)) if runs else {}
    out = []

    def line(name: str, value, goal: str, ok: bool | None) -> None:
        mark = "not measured" if ok is None else ("met" if ok else "missed")
        out.append(f"- {name}: {value} (target {goal}): **{mark}**")

    warm_page = results.get("browser", {}).get("warm cache", {}).get("charts_visible_s")
    line("first page with charts in a browser, bundled corpus, warm cache", f"{warm_page} s", "≤ 3 s",
         None if warm_page is None else warm_page <= 3)
    for key, goal, limit, unit in (("filter_change_median_s", "≤ 0.15 s", 0.15, "s"),
                                   ("dashboard_warm_first_run_s", "≤ 5 s", 5, "s"),
                                   ("dashboard_warm_rss_mib", "≤ 1,640 MiB", 1640, "MiB")):
        v = big.get(key)
        line(f"{key.replace('_', ' ')} at {big.get('articles', 0):,} articles", f"{v:,.2f} {unit}" if v else "—",
             goal, None if v is None else v <= limit)
    sp = [r["parallel_speedup"] for r in results["runs"] if "parallel_speedup" in r]
    line("parallel speed-up", f"{sp[-1]:.2f}×" if sp else "—", "≥ 1.7×", None if not sp else sp[-1] >= 1.7)
    ratios = [r["total_vs_slowest_stage"] for r in results["runs"] if "total_vs_slowest_stage" in r]
    line("pipeline time over its slowest stage", ", ".join(f"{x:.2f}×" for x in ratios), "≤ 1.3×",
         None if not ratios else max(ratios) <= 1.3)
    ws = [r["warm_speedup"] for r in results["runs"] if "warm_speedup" in r]
    line("second CLI run speed-up (cache)", ", ".join(f"{x:.0f}×" for x in ws), "≥ 4×",
         None if not ws else min(ws) >= 4)
    return out


def write_results(results: dict) -> None:
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    m = results["machine"]
    lines = ["# Benchmark results", "",
             f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}, {m['os']}.",
             f"Run: {results['when']} with `python -m bench --sizes {results['sizes']}`. Synthetic corpora from real "
             "sentences (bench/generate.py, seed 7). Times are wall-clock seconds.", ""]
    if "browser" in results:
        lines += ["## First page in a real browser (bundled corpus)", "", "| cache | server healthy | charts visible |",
                  "|---|---|---|"]
        for k, v in results["browser"].items():
            if isinstance(v, dict):
                lines.append(f"| {k} | {v['server_healthy_s']} s | {v['charts_visible_s']} s |")
        lines.append("")
    header = " | ".join(f"{r['articles']:,}" + (" (replicated)" if "replicated_from" in r else "")
                        for r in results["runs"])
    lines += ["## Per corpus size", "", f"| measure | {header} |", "|---|" + "---|" * len(results["runs"])]
    rows = [("reading files alone (docs/s)", "read_only_docs_per_s", "{:,.0f}"),
            ("TextBlob alone (sentences/s)", "textblob_sentences_per_s", "{:,.0f}"),
            ("enrichment, 1 core (sentences/s)", "enrich_sentences_per_s_1core", "{:,.0f}"),
            ("cold CLI, all cores (s)", "cold_all_cores_s", "{:,.1f}"),
            ("cold CLI, 1 core (s)", "cold_1_core_s", "{:,.1f}"),
            ("parallel speed-up", "parallel_speedup", "{:.2f}×"),
            ("cold throughput (docs/s)", "cold_docs_per_s", "{:,.1f}"),
            ("warm CLI (cache hit, s)", "warm_s", "{:,.2f}"),
            ("warm speed-up", "warm_speedup", "{:,.1f}×"),
            ("peak memory, CLI (MiB)", "cold_peak_rss_mib", "{:,.0f}"),
            ("dashboard cold start (s)", "dashboard_cold_first_run_s", "{:,.1f}"),
            ("dashboard warm start (s)", "dashboard_warm_first_run_s", "{:,.2f}"),
            ("filter change, median server time (s)", "filter_change_median_s", "{:.3f}"),
            ("filter change, max (s)", "filter_change_max_s", "{:.3f}"),
            ("filter change, median CPU of the process (s)", "filter_change_cpu_median_s", "{:.3f}"),
            ("rerun, filter unchanged, median (s)", "rerun_unchanged_median_s", "{:.3f}"),
            ("dashboard warm start, CPU (s)", "dashboard_warm_first_run_cpu_s", "{:,.2f}"),
            ("dashboard memory, warm (MiB)", "dashboard_warm_rss_mib", "{:,.0f}"),
            ("pipeline time / sum of stages − 1", "overhead_vs_sum_of_stages", "{:.1%}"),
            ("pipeline time / slowest stage", "total_vs_slowest_stage", "{:.2f}×")]
    for label, key, fmt in rows:
        cells = [fmt.format(r[key]) if key in r else "—" for r in results["runs"]]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    replicated = [r for r in results["runs"] if "replicated_from" in r]
    if replicated:
        lines += ["", "Sizes marked by replication: the analysed corpus of the size named was copied to reach the size "
                  "(bench/replicate.py); the dashboard columns are measured on it, enrichment is not re-run there "
                  "(projected cold time at the measured cold throughput: "
                  + ", ".join(f"{r['articles']:,} articles ≈ {r['articles'] / _rate(results, r):,.0f} s"
                              for r in replicated) + ")."]
    lines += ["", "## Targets (issues #8, #16)", ""] + targets(results)
    lines += ["", "## Stages (1 core, sample of each corpus; seconds)", ""]
    for r in [x for x in results["runs"] if "stages_s" in x]:
        lines.append(f"- {r['articles']:,} articles (sample {r['sample']['docs']} docs, {r['sample']['sentences']} "
                     f"sentences): " + ", ".join(f"{k} {v}s ({r['stage_sentences_per_s'].get(k, 0):,}/s)"
                                                 for k, v in r["stages_s"].items()))
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000")
    p.add_argument("--speedup-up-to", type=int, default=10000, help="measure 1-core runs up to this size")
    p.add_argument("--no-browser", action="store_true")
    p.add_argument("--max-enrich", type=int, default=10000,
                   help="larger sizes replicate the largest analysed corpus (dashboard measures only)")
    p.add_argument("--keep", action="store_true", help="keep other sizes' results from bench/results.json")
    a = p.parse_args(argv)
    sizes = [int(x) for x in a.sizes.split(",") if x]
    results = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M"), "sizes": a.sizes, "runs": []}
    previous = ROOT / "bench" / "results.json"
    if a.keep and previous.exists():  # add to an earlier run (e.g. a long 100k run on its own)
        old = json.loads(previous.read_text())
        results["runs"] = [r for r in old.get("runs", []) if r["articles"] not in sizes]
        results["browser"] = old.get("browser", {})
        results["sizes"] = ",".join(str(r["articles"]) for r in results["runs"]) + "," + a.sizes
    if not a.no_browser:
        results["browser"] = browser_first_page()
        print("browser", results["browser"], flush=True)
    for n in sizes:
        base = max((x for x in sizes if x <= a.max_enrich), default=0)
        if n > a.max_enrich and base:
            r = bench_replicated(n, base)
        else:
            r = bench_size(n, speedup=n <= a.speedup_up_to)
        print(json.dumps(r), flush=True)
        results["runs"].append(r)
        results["runs"].sort(key=lambda x: x["articles"])
        write_results(results)
    write_results(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
