"""Enrich a corpus folder once: an on-disk Parquet cache keyed by file content, all cores, or a Dask cluster.

Layout of a store (also the partitioned output of ``python -m analysis ... --out DIR``)::

    STORE/
      documents/part-*.parquet, sentences/..., events/..., figures/..., quotes/..., dates/..., skipped/...
      files.parquet        # path, size, mtime_ns, content hash, key: lets an unchanged file skip even hashing

Every row carries ``file_key`` = hash(pipeline fingerprint, file bytes, the manifest rows that apply to it).
An unchanged file is never enriched again; a changed file re-enriches only itself; a second start on an
unchanged corpus reads the Parquet parts only (no article is opened). Parts whose keys are no longer in the
corpus are compacted away when they make up more than half of the store.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import stat
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.pipeline import PIPELINE_VERSION, default_context, enrich_document, finish_tables
from analysis.records import Document, Skipped
from analysis.tables import ROW_TABLES, Tables, frame

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
Progress = Callable[[int, int, str], None]
CHUNK_FILES = 64
FILES_INDEX = "files.parquet"


# ------------------------------------------------------------------------------------------ fingerprint

# The code and data whose change alters enriched rows. Orchestration (store, cli, filters, aggregates, tables)
# is left out on purpose: changing how tables are stored or shown must not re-enrich a corpus.
ENRICHMENT_CODE = ("analysis/pipeline.py", "analysis/records.py", "analysis/metadata.py", "analysis/language.py",
                   "analysis/sentences.py", "analysis/topics.py", "analysis/dates.py", "analysis/events.py",
                   "analysis/figures.py", "analysis/quotes.py", "analysis/sentiment.py", "loaders/corpus.py",
                   "loaders/formats.py", "loaders/clean.py", "loaders/encoding.py", "loaders/manifest.py",
                   "loaders/archive.py", "loaders/dedup.py")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Changes when the pipeline version, the enrichment code, or the data it uses (topics, people, rates,
    boilerplate patterns, sentiment model) change."""
    h = hashlib.sha256(PIPELINE_VERSION.encode())
    paths = sorted([*(ROOT / p for p in ENRICHMENT_CODE), *ROOT.joinpath("data").glob("*.toml"),
                    *ROOT.joinpath("data").glob("*.csv"), *ROOT.joinpath("data", "sentiment").glob("*.npz")])
    for p in paths:
        if p.exists():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def default_cache_dir(folder: Path) -> Path:
    """$NEWS_CACHE_DIR or ~/.cache/news-dashboard, one subfolder per corpus folder and fingerprint."""
    base = Path(os.environ.get("NEWS_CACHE_DIR") or Path.home() / ".cache" / "news-dashboard")
    tag = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]
    return base / f"{folder.resolve().name}-{tag}" / fingerprint()


# ------------------------------------------------------------------------------------------ planning

@dataclass(frozen=True)
class FileTask:
    rel: str
    key: str


@dataclass(frozen=True)
class Plan:
    root: str
    tasks: tuple[FileTask, ...]  # every article file, with its key
    listing_skipped: tuple[Skipped, ...]
    problems: tuple[str, ...]
    index: pd.DataFrame  # path, size, mtime_ns, sha, key
    manifest_stamp: str = ""  # changes when any manifest.csv changes (workers re-read manifests then)


def _sha_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _inside(path: Path, real_root: Path) -> bool:
    return not path.is_symlink() or Path(os.path.realpath(path)).is_relative_to(real_root)


def plan(folder: Path, previous: pd.DataFrame | None = None) -> Plan:
    """List the corpus and key every file; files whose size and mtime are unchanged reuse their old hash."""
    from loaders.corpus import list_files, load_manifests, manifest_rows_for

    root = Path(folder)
    files, listing_skipped = list_files(root)
    manifests, problems, articles = load_manifests(root, files)
    fp = fingerprint()
    stamp = _manifest_stamp(manifests)
    old: dict[str, tuple] = {}
    if previous is not None and len(previous) and "stamp" in previous.columns:
        old = {r.path: (r.size, r.mtime_ns, r.sha, r.key, r.stamp) for r in previous.itertuples()}
    rows, tasks = [], []
    real_root = Path(os.path.realpath(root))
    for path in articles:
        rel = path.relative_to(root).as_posix()
        try:
            st = path.stat()
            size, mtime = st.st_size, st.st_mtime_ns
        except OSError:
            size, mtime = -1, -1
        prev = old.get(rel)
        if prev and prev[0] == size and prev[1] == mtime and size >= 0:
            if prev[4] == stamp + fp:  # nothing that feeds the key changed: reuse it (no hashing, no lookups)
                rows.append({"path": rel, "size": size, "mtime_ns": mtime, "sha": prev[2], "key": prev[3],
                             "stamp": stamp + fp})
                tasks.append(FileTask(rel, prev[3]))
                continue
            sha = prev[2]
        elif size < 0:
            sha = "unreadable"
        elif not stat.S_ISREG(st.st_mode) or not _inside(path, real_root):
            sha = f"not hashed: {stat.S_IFMT(st.st_mode)}"  # pipes, devices, links out: the loader says why
        else:
            try:
                sha = _sha_file(path)
            except OSError:
                sha = "unreadable"
        mrows = json.dumps(manifest_rows_for(rel, manifests), sort_keys=True, ensure_ascii=False)
        key = hashlib.sha256(f"{fp}\0{sha}\0{mrows}".encode()).hexdigest()[:24]
        rows.append({"path": rel, "size": size, "mtime_ns": mtime, "sha": sha, "key": key, "stamp": stamp + fp})
        tasks.append(FileTask(rel, key))
    index = pd.DataFrame(rows, columns=["path", "size", "mtime_ns", "sha", "key", "stamp"])
    return Plan(str(root), tuple(tasks), tuple(listing_skipped), tuple(problems), index, stamp)


def _manifest_stamp(manifests) -> str:
    """Changes when any manifest row changes (then every file's key is recomputed from its own rows)."""
    blob = json.dumps({k: sorted(m.rows.items()) for k, m in manifests.items()}, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


# ------------------------------------------------------------------------------------------ enrichment

def enrich_files(root: str, tasks: Sequence[FileTask], stamp: str = "",
                 max_bytes: int | None = None) -> dict[str, pd.DataFrame]:
    """Read and enrich a chunk of files (runs in a worker process or a Dask worker)."""
    from loaders.corpus import DEFAULT_MAX_BYTES, read_file

    rootp = Path(root)
    manifests = _manifests_cached(root, stamp)
    ctx = default_context()
    rows: dict[str, list[dict]] = {k: [] for k in ROW_TABLES}
    for task in tasks:
        for unit in read_file(rootp / task.rel, rootp, manifests, max_bytes or DEFAULT_MAX_BYTES):
            if isinstance(unit, Skipped):
                rows["skipped"].append({"path": unit.path, "reason": unit.reason, "file_key": task.key})
                continue
            try:
                part = enrich_document(unit, ctx)
            except Exception as exc:  # one broken document must not sink the corpus
                log.exception("enrichment failed for %s", unit.path)
                rows["skipped"].append({"path": unit.path, "file_key": task.key,
                                        "reason": f"enrichment failed: {type(exc).__name__}: {exc}"})
                continue
            for name, items in part.items():
                rows[name].extend({**r, "file_key": task.key} for r in items)
    return {name: pd.DataFrame(items) for name, items in rows.items()}


@lru_cache(maxsize=4)
def _manifests_cached(root: str, stamp: str = ""):
    """The corpus manifests, read once per worker and manifest version (`stamp`)."""
    from loaders.corpus import list_files, load_manifests

    files, _ = list_files(Path(root))
    return load_manifests(Path(root), files)[0]


def _warm_up() -> None:
    default_context()
    from analysis.sentiment import score_sentences

    score_sentences(["warm up"], ["en"])


_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")


@contextmanager
def _one_thread_per_worker():
    """Worker processes inherit single-threaded BLAS: N processes x N BLAS threads would oversubscribe cores."""
    saved = {k: os.environ.get(k) for k in _THREAD_VARS}
    os.environ.update(dict.fromkeys(_THREAD_VARS, "1"))
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _chunks(tasks: Sequence[FileTask], size: int) -> list[list[FileTask]]:
    return [list(tasks[i:i + size]) for i in range(0, len(tasks), size)]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def run_chunks(root: str, stamp: str, chunks: list[list[FileTask]], workers: int, dask: str | None,
               on_done: Callable[[int, dict[str, pd.DataFrame]], None]) -> None:
    """Enrich chunks in this process, in a process pool (one model load per worker) or on a Dask cluster."""
    if dask:
        _run_dask(root, stamp, chunks, dask, on_done)
    elif workers <= 1 or len(chunks) <= 1:
        for i, chunk in enumerate(chunks):
            on_done(i, enrich_files(root, chunk, stamp))
    else:
        import multiprocessing as mp

        with _one_thread_per_worker(), ProcessPoolExecutor(
                max_workers=workers, mp_context=mp.get_context("spawn"), initializer=_warm_up) as pool:
            futures = {pool.submit(enrich_files, root, chunk, stamp): i for i, chunk in enumerate(chunks)}
            from concurrent.futures import as_completed

            for fut in as_completed(futures):
                on_done(futures[fut], fut.result())


def _run_dask(root: str, stamp: str, chunks: list[list[FileTask]], address: str,
              on_done: Callable[[int, dict[str, pd.DataFrame]], None]) -> None:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if address == "local":
        with _one_thread_per_worker():
            cluster = LocalCluster(n_workers=default_workers(), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
    else:
        client = Client(address)
    try:
        client.run(_warm_up)
        futures = [client.submit(enrich_files, root, chunk, stamp, key=f"enrich-{i}-{uuid.uuid4().hex[:6]}")
                   for i, chunk in enumerate(chunks)]
        index = {f.key: i for i, f in enumerate(futures)}
        for fut in as_completed(futures):
            on_done(index[fut.key], fut.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ------------------------------------------------------------------------------------------ the store

def _write_part(store: Path, name: str, df: pd.DataFrame, tag: str) -> None:
    if df.empty:
        return
    folder = store / name
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(df, preserve_index=False)
    pq.write_table(table, folder / f"part-{tag}.parquet")


def read_table(store: Path, name: str, keys: set[str] | None = None,
               columns: Sequence[str] | None = None) -> pd.DataFrame:
    """All parts of one table (rows of current keys only), or an empty frame."""
    folder = store / name
    parts = sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []
    frames = []
    for p in parts:
        t = pq.read_table(p, columns=list(columns) if columns else None)
        if keys is not None and "file_key" in t.column_names:
            mask = pc.is_in(t["file_key"], value_set=pa.array(sorted(keys), type=pa.string()))
            t = t.filter(mask)
        if t.num_rows:
            frames.append(t.to_pandas())
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def stored_keys(store: Path) -> set[str]:
    keys: set[str] = set()
    for name in ("documents", "skipped"):
        df = read_table(store, name, columns=["file_key"])
        if not df.empty:
            keys |= set(df["file_key"])
    return keys


def _compact(store: Path, keep: set[str]) -> None:
    """Rewrite each table without rows of keys no longer in the corpus."""
    for name in ROW_TABLES:
        df = read_table(store, name, keep)
        folder = store / name
        if folder.is_dir():
            shutil.rmtree(folder)
        _write_part(store, name, df, "compact")


def _snapshot_dir(store: Path, p: Plan) -> Path:
    """Where the finished tables of exactly this corpus state live (one file per table: fast warm starts)."""
    h = hashlib.sha256("\n".join(sorted(t.key for t in p.tasks)).encode())
    h.update(p.manifest_stamp.encode())
    for s in p.listing_skipped:
        h.update(f"{s.path}\0{s.reason}".encode())
    return store / "final" / h.hexdigest()[:16]


def _write_snapshot(snapshot: Path, tables: Tables, problems: Sequence[str] = ()) -> None:
    try:
        if snapshot.parent.exists():
            shutil.rmtree(snapshot.parent)  # one snapshot per store: the current corpus state
        for name in (*ROW_TABLES, "milestones"):
            df = getattr(tables, name)
            if len(df):
                _write_part(snapshot, name, df, "all")
        snapshot.mkdir(parents=True, exist_ok=True)
        (snapshot / "problems.json").write_text(json.dumps(list(problems), ensure_ascii=False), encoding="utf-8")
        (snapshot / "done").write_text("ok\n")
    except OSError as exc:
        log.warning("could not write the snapshot: %s", exc)


def latest_snapshot(store: Path | None) -> Path | None:
    """The finished tables last written to this store (whatever the corpus looks like now), if any."""
    if store is None:
        return None
    done = sorted((store / "final").glob("*/done")) if (store / "final").is_dir() else []
    return done[-1].parent if done else None


def snapshot_problems(snapshot: Path) -> tuple[str, ...]:
    try:
        return tuple(json.loads((snapshot / "problems.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return ()


def read_snapshot(snapshot: Path) -> Tables:
    frames = {name: read_table(snapshot, name) for name in (*ROW_TABLES, "milestones")}
    return Tables(**{name: frame(df, name) for name, df in frames.items()})


def current_snapshot(folder: Path, store: Path) -> Path:
    """Where the snapshot of the corpus as it is now would be (plans the corpus: stats every file)."""
    previous = None
    if (store / FILES_INDEX).exists():
        try:
            previous = pd.read_parquet(store / FILES_INDEX)
        except Exception:
            previous = None
    return _snapshot_dir(store, plan(folder, previous))


@dataclass(frozen=True)
class BuildResult:
    tables: Tables
    root: str
    problems: tuple[str, ...]
    enriched_files: int  # files enriched in this run (the rest came from the cache)
    cached_files: int
    seconds: float


def build(folder: str | os.PathLike[str], store: Path | None, *, workers: int | None = None,
          dask: str | None = None, progress: Progress | None = None) -> BuildResult:
    """Enriched tables of a corpus folder, through the store when one is given (None: no cache)."""
    t0 = time.perf_counter()
    folder = Path(folder)
    previous = None
    if store is not None and (store / FILES_INDEX).exists():
        try:
            previous = pd.read_parquet(store / FILES_INDEX)
        except Exception:  # a damaged index only costs re-hashing
            log.warning("cache index unreadable; re-hashing files")
    p = plan(folder, previous)
    keys = {t.key for t in p.tasks}
    snapshot = _snapshot_dir(store, p) if store is not None else None
    if snapshot is not None and (snapshot / "done").exists():  # the whole corpus unchanged: finished tables
        try:
            tables = read_snapshot(snapshot)
            return BuildResult(tables, p.root, p.problems, 0, len(p.tasks), time.perf_counter() - t0)
        except Exception:  # a damaged snapshot only costs the finishing step
            log.warning("snapshot unreadable; rebuilding it from the parts")
    done = stored_keys(store) if store is not None else set()
    todo = [t for t in p.tasks if t.key not in done]
    chunks = _chunks(todo, CHUNK_FILES)
    fresh: dict[str, list[pd.DataFrame]] = {k: [] for k in ROW_TABLES}
    finished = 0
    run_tag = uuid.uuid4().hex[:10]

    def on_done(i: int, frames: dict[str, pd.DataFrame]) -> None:
        nonlocal finished
        finished += len(chunks[i])
        for name, df in frames.items():
            if store is not None:
                _write_part(store, name, df, f"{run_tag}-{i:06d}")
            else:
                fresh[name].append(df)
        if progress:
            progress(finished, len(todo), chunks[i][-1].rel)

    if progress and not todo:
        progress(0, 0, "")
    run_chunks(p.root, p.manifest_stamp, chunks, workers if workers is not None else default_workers(), dask, on_done)
    if store is not None:
        store.mkdir(parents=True, exist_ok=True)
        p.index.to_parquet(store / FILES_INDEX, index=False)
        if len(done - keys) > len(keys):
            _compact(store, keys)
        frames = {name: read_table(store, name, keys) for name in ROW_TABLES}
    else:
        frames = {name: pd.concat(dfs, ignore_index=True) if dfs else pd.DataFrame() for name, dfs in fresh.items()}
    listing = pd.DataFrame([{"path": s.path, "reason": s.reason} for s in p.listing_skipped])
    frames["skipped"] = pd.concat([listing, frames["skipped"]], ignore_index=True) if len(listing) else \
        frames["skipped"]
    tables = finish_tables(frames, order=[t.rel for t in p.tasks])
    if snapshot is not None:
        from analysis.filters import index_tables

        _write_snapshot(snapshot, index_tables(tables), p.problems)
    return BuildResult(tables, p.root, p.problems, len(todo), len(p.tasks) - len(todo), time.perf_counter() - t0)


def load_text(root: str | os.PathLike[str], path: str) -> Document | None:
    """One document's text, read on demand for the reader (the tables hold no article texts)."""
    from loaders.corpus import DEFAULT_MAX_BYTES, read_file

    rootp = Path(root)
    file_rel = path.split("#", 1)[0]
    while file_rel and not (rootp / file_rel).is_file() and "/" in file_rel:
        file_rel = file_rel.rsplit("/", 1)[0]  # archive.zip/inner/a.txt -> archive.zip
    if not (rootp / file_rel).is_file():
        return None
    from loaders.corpus import load_manifests

    folders = [rootp, *[rootp / a for a in Path(file_rel).parents if str(a) != "."]]
    candidates = [f / "manifest.csv" for f in folders if (f / "manifest.csv").is_file()]
    manifests = load_manifests(rootp, candidates)[0]  # only the manifests on the file's own path
    for unit in read_file(rootp / file_rel, rootp, manifests, DEFAULT_MAX_BYTES):
        if isinstance(unit, Document) and unit.path == path:
            return unit
    return None


def public(df: pd.DataFrame) -> pd.DataFrame:
    """A table without the dashboard's private index columns (`_doc`, `_week`, ...) and cache keys."""
    return df.drop(columns=[c for c in df.columns if str(c).startswith("_") or c == "file_key"])


def write_output(tables: Tables, out: Path, *, corpus: Path, rows_per_part: int = 200_000) -> None:
    """Partitioned Parquet output (one folder per table) plus meta.json naming the corpus, for the dashboard."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in (*ROW_TABLES, "milestones"):
        df = public(getattr(tables, name))
        for i in range(0, max(len(df), 1), rows_per_part):
            _write_part(out, name, df.iloc[i:i + rows_per_part], f"{i // rows_per_part:05d}")
    meta = {"corpus": str(Path(corpus).resolve()), "fingerprint": fingerprint(), "format": "news-dashboard/1"}
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")


def is_output(folder: Path) -> bool:
    """A folder written by write_output (or its parent holding parquet/)."""
    return (folder / "meta.json").is_file() and (folder / "documents").is_dir()


def read_output(folder: Path) -> tuple[Tables, str]:
    """Tables from partitioned output, and the corpus folder that texts are read from on demand."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    frames = {name: read_table(folder, name) for name in (*ROW_TABLES, "milestones")}
    tables = Tables(**{name: frame(df, name) for name, df in frames.items()})  # written finished
    return tables, meta.get("corpus", "")


__all__ = ["BuildResult", "FileTask", "build", "default_cache_dir", "fingerprint", "load_text", "read_table"]
