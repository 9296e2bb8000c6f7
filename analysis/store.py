"""Enrich a corpus folder once: an on-disk Parquet cache keyed by file content, all cores, or a Dask cluster.

Layout of a store::

    STORE/
      chunks/<tag>/documents.parquet, sentences.parquet, ... chunk.json   # committed chunks (see "the store")
      files.parquet        # path, size, mtime_ns, content hash, key: lets an unchanged file skip even hashing
      final/<hash>/        # the finished tables of the current corpus state (warm starts read only these)

Every row carries ``file_key`` = hash(pipeline fingerprint, file bytes, the manifest rows that apply to it).
An unchanged file is never enriched again; a changed file re-enriches only itself; a second start on an
unchanged corpus reads the snapshot only (no article is opened). Chunks of keys no longer in the corpus are
compacted away when they make up more than half of the store. The partitioned output of
``python -m analysis ... --out DIR`` is written by :func:`write_output` (``DIR/<table>/part-*.parquet``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import stat
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis import settings
from analysis.filters import index_tables
from analysis.pipeline import PIPELINE_VERSION, default_context, enrich_units, finish_tables
from analysis.registry import REGISTRY, corpus_context, people_stamp
from analysis.sentiment import score_sentences
from analysis.tables import ROW_TABLES, Tables, frame
from core.records import Document, Skipped
from loaders.corpus import DEFAULT_MAX_BYTES, list_files, load_manifests, manifest_rows_for, read_file
from loaders.manifest import STORY_NAME
from loaders.upload import DIGEST_FILE as UPLOAD_DIGEST  # uploads of the same content share one cache

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
Progress = Callable[[int, int, str], None]
CHUNK_FILES = int(settings.get("chunk_files"))
FILES_INDEX = "files.parquet"


# ------------------------------------------------------------------------------------------ fingerprint

# The fingerprint is derived from the enricher registry (analysis/registry.py): each enricher's declaration, its
# module and every project module it imports, the readers' code, and the data files the enrichers declare. A new
# enricher is a new registry entry, so it changes the fingerprint with no list to keep here.
STORE_FORMAT = "s2"  # layout of the store; part of the cache folder's name


def enrichment_files() -> list[Path]:
    """The code and data whose change alters enriched rows, in a stable order."""
    return sorted({*REGISTRY.code_files(), *REGISTRY.data_files()})


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Changes when the pipeline version, an enricher's declaration, the enrichment code, or the data it uses
    (topics, people, rates, language packs, boilerplate patterns, sentiment model) change."""
    return REGISTRY.fingerprint(PIPELINE_VERSION)


def default_cache_dir(folder: Path) -> Path:
    """$NEWS_CACHE_DIR or ~/.cache/news-dashboard, one subfolder per corpus folder (per content for an upload)
    and fingerprint."""
    base = Path(str(settings.get("cache_dir"))).expanduser()  # settings table: NEWS_CACHE_DIR
    digest = folder / UPLOAD_DIGEST
    if digest.is_file():
        name, tag = "upload", digest.read_text(encoding="utf-8").strip()[:24]
    else:
        name, tag = folder.resolve().name, hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]
    return base / f"{name}-{tag}" / f"{STORE_FORMAT}-{fingerprint()}"


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
    story_stamp: str = ""  # changes when a story file (story.toml) changes: the finishing step reads it


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
    root = Path(folder)
    files, listing_skipped = list_files(root)
    manifests, problems, articles = load_manifests(root, files)
    fp = fingerprint() + people_stamp(root)  # quotes read the people of the corpus's story file
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
    return Plan(str(root), tuple(tasks), tuple(listing_skipped), tuple(problems), index, stamp,
                _story_stamp(root, files))


def _story_stamp(root: Path, files: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        if f.name == STORY_NAME:
            h.update(f.relative_to(root).as_posix().encode())
            try:
                h.update(f.read_bytes())
            except OSError:
                h.update(b"unreadable")
    return h.hexdigest()[:16]


def _manifest_stamp(manifests) -> str:
    """Changes when any manifest row changes (then every file's key is recomputed from its own rows)."""
    blob = json.dumps({k: sorted(m.rows.items()) for k, m in manifests.items()}, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


# ------------------------------------------------------------------------------------------ enrichment

def enrich_files(root: str, tasks: Sequence[FileTask], stamp: str = "",
                 max_bytes: int | None = None) -> dict[str, pd.DataFrame]:
    """Read and enrich a chunk of files (runs in a worker process or a Dask worker)."""
    rootp = Path(root)
    manifests = _manifests_cached(root, stamp)
    ctx = corpus_context(rootp)
    rows: dict[str, list[dict]] = {k: [] for k in ROW_TABLES}
    for task in tasks:
        units = read_file(rootp / task.rel, rootp, manifests, max_bytes or DEFAULT_MAX_BYTES)
        enrich_units(units, ctx, file_key=task.key, rows=rows)
    return {name: pd.DataFrame(items) for name, items in rows.items()}


@lru_cache(maxsize=4)
def _manifests_cached(root: str, stamp: str = ""):
    """The corpus manifests, read once per worker and manifest version (`stamp`)."""
    files, _ = list_files(Path(root))
    return load_manifests(Path(root), files)[0]


def _warm_up(parent: int | None = None) -> None:
    """Worker initialiser: end with the parent, then load the models once."""
    _die_with_parent(parent if parent is not None else os.getppid())
    default_context()
    score_sentences(["warm up"], ["en"])


def _die_with_parent(parent: int) -> None:
    """A worker must never outlive the run that started it (a killed CLI, a crashed server).

    Linux: the kernel sends SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG). Everywhere: a watchdog thread
    that exits when the parent process is gone (re-parented)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        pass
    if os.getppid() != parent:  # the parent died before the prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


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

        with _one_thread_per_worker():  # workers are spawned at the first submit: keep the variables until then
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                       initializer=_warm_up, initargs=(os.getpid(),))
            try:
                futures = {pool.submit(enrich_files, root, chunk, stamp): i for i, chunk in enumerate(chunks)}
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        try:
            for fut in as_completed(futures):
                on_done(futures[fut], fut.result())
        except BaseException:  # interrupted (Ctrl-C, SIGTERM) or a worker failed: stop the workers now
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)


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
#
#   STORE/chunks/<tag>/<table>.parquet, chunk.json   one committed chunk: every table's rows of its files
#   STORE/chunks/.tmp-<tag>/                          a chunk being written: never read
#   STORE/final/<hash>/                               the finished tables of one corpus state (the snapshot)
#
# A chunk is written into its temporary folder, chunk.json (its file keys and row counts) last, then renamed
# into place in one step: a run killed at any moment leaves a whole chunk or none, never a part. One writer at
# a time per store (an exclusive lock on STORE/.lock; a second run waits). A key found in two chunks is read
# from the older chunk only; a chunk whose files are missing or unreadable is dropped with a note and its files
# are enriched again. Deleting the cache by hand is never needed.

CHUNKS = "chunks"
CHUNK_META = "chunk.json"
LOCK_FILE = ".lock"
REPAIR_ROUNDS = int(settings.get("repair_rounds"))


def _write_part(store: Path, name: str, df: pd.DataFrame, tag: str) -> None:
    if df.empty:
        return
    folder = store / name
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(df, preserve_index=False)
    pq.write_table(table, folder / f"part-{tag}.parquet")


def _after_table_written(name: str) -> None:
    """Fault-injection point for tests (a run killed between two table writes). Does nothing."""


@dataclass(frozen=True)
class Chunk:
    path: Path
    keys: frozenset[str]
    rows: dict[str, int]


def _commit_chunk(store: Path, frames: dict[str, pd.DataFrame], keys: Sequence[str]) -> Path:
    """Write one chunk's tables, then make them visible at once (rename of its folder)."""
    root = store / CHUNKS
    tag = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
    tmp = root / f".tmp-{tag}"
    tmp.mkdir(parents=True)
    rows: dict[str, int] = {}
    for name, df in frames.items():
        if df is None or df.empty:
            continue
        pq.write_table(pa.Table.from_pandas(df, preserve_index=False), tmp / f"{name}.parquet")
        rows[name] = len(df)
        _after_table_written(name)
    (tmp / CHUNK_META).write_text(json.dumps({"keys": sorted(set(keys)), "rows": rows}), encoding="utf-8")
    final = root / tag
    os.replace(tmp, final)
    return final


def _drop_chunk(path: Path, why: str) -> str:
    log.warning("cache: dropping %s (%s); its files are analysed again", path.name, why)
    shutil.rmtree(path, ignore_errors=True)
    return f"cache: a damaged part was dropped ({why}); its files were analysed again"


def committed_chunks(store: Path) -> tuple[list[Chunk], list[str]]:
    """The store's whole chunks, oldest first, and notes on the incomplete ones found (and removed)."""
    root = store / CHUNKS
    chunks: list[Chunk] = []
    notes: list[str] = []
    if not root.is_dir():
        return chunks, notes
    for path in sorted(root.iterdir()):
        if path.name.startswith("."):
            continue  # being written (or left by a killed run: removed under the lock)
        try:
            meta = json.loads((path / CHUNK_META).read_text(encoding="utf-8"))
            keys = frozenset(str(k) for k in meta["keys"])
            rows = {str(k): int(v) for k, v in meta["rows"].items()}
            missing = [n for n in rows if not (path / f"{n}.parquet").is_file()]
            if missing:
                raise ValueError("missing " + ", ".join(missing))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            notes.append(_drop_chunk(path, f"incomplete: {type(exc).__name__}"))
            continue
        chunks.append(Chunk(path, keys, rows))
    return chunks, notes


def _owners(chunks: Sequence[Chunk]) -> dict[str, Chunk]:
    """key -> the chunk its rows are read from (the oldest that has it: duplicates are resolved on read)."""
    owner: dict[str, Chunk] = {}
    for c in chunks:
        for k in c.keys:
            owner.setdefault(k, c)
    return owner


def stored_keys(store: Path) -> set[str]:
    return set(_owners(committed_chunks(store)[0]))


def _read_chunks(chunks: Sequence[Chunk], keys: set[str]) -> tuple[dict[str, pd.DataFrame], list[Chunk]]:
    """Rows of the current keys from every chunk (each key from its owner only), and the unreadable chunks."""
    owner = _owners(chunks)
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in ROW_TABLES}
    bad: list[Chunk] = []
    for c in chunks:
        mine = {k for k in c.keys if owner[k] is c and k in keys}
        if not mine:
            continue
        got: dict[str, pd.DataFrame] = {}
        try:
            for name, n in c.rows.items():
                if name not in parts:
                    continue
                t = pq.read_table(c.path / f"{name}.parquet")
                if t.num_rows != n:
                    raise ValueError(f"{name}: {t.num_rows} rows, {n} expected")
                if mine != c.keys and "file_key" in t.column_names:
                    t = t.filter(pc.is_in(t["file_key"], value_set=pa.array(sorted(mine), type=pa.string())))
                got[name] = t.to_pandas()
        except Exception as exc:  # noqa: BLE001 - pyarrow raises many kinds on a damaged file
            log.warning("cache chunk %s unreadable: %s", c.path.name, exc)
            bad.append(c)
            continue
        for name, df in got.items():
            parts[name].append(df)
    return {name: pd.concat(dfs, ignore_index=True) if dfs else pd.DataFrame() for name, dfs in parts.items()}, bad


def read_table(store: Path, name: str, keys: set[str] | None = None,
               columns: Sequence[str] | None = None) -> pd.DataFrame:
    """All parts of one table of a snapshot or an output folder (``STORE/<name>/part-*.parquet``)."""
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


@contextmanager
def store_lock(store: Path):
    """One writer per store: an exclusive lock on STORE/.lock, waited for (with a warning) when another run has it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no cross-process lock
        yield
        return
    store.mkdir(parents=True, exist_ok=True)
    with open(store / LOCK_FILE, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another run is using the cache %s: waiting for it to finish", store)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _sweep_temporary(store: Path) -> None:
    """Folders left by killed runs (only called under the lock: nobody is writing them)."""
    for folder in (store / CHUNKS, store / "final"):
        if folder.is_dir():
            for p in folder.iterdir():
                if p.name.startswith(".tmp-"):
                    shutil.rmtree(p, ignore_errors=True)


def _snapshot_dir(store: Path, p: Plan) -> Path:
    """Where the finished tables of exactly this corpus state live (one file per table: fast warm starts)."""
    h = hashlib.sha256("\n".join(sorted(t.key for t in p.tasks)).encode())
    h.update(p.manifest_stamp.encode())
    h.update(p.story_stamp.encode())
    for s in p.listing_skipped:
        h.update(f"{s.path}\0{s.reason}".encode())
    return store / "final" / h.hexdigest()[:16]


def _write_snapshot(snapshot: Path, tables: Tables, problems: Sequence[str] = ()) -> None:
    """The finished tables, written beside and renamed into place (one snapshot per store: the current state)."""
    tmp = snapshot.parent / f".tmp-{snapshot.name}-{uuid.uuid4().hex[:6]}"
    try:
        tmp.mkdir(parents=True)
        for name in (*ROW_TABLES, "milestones"):
            df = getattr(tables, name)
            if len(df):
                _write_part(tmp, name, df, "all")
        (tmp / "problems.json").write_text(json.dumps(list(problems), ensure_ascii=False), encoding="utf-8")
        (tmp / "done").write_text("ok\n")
        for old in snapshot.parent.iterdir():
            if old != tmp and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
        os.replace(tmp, snapshot)
    except OSError as exc:
        log.warning("could not write the snapshot: %s", exc)
        shutil.rmtree(tmp, ignore_errors=True)


def latest_snapshot(store: Path | None) -> Path | None:
    """The finished tables last written to this store (whatever the corpus looks like now), if any."""
    if store is None or not (store / "final").is_dir():
        return None
    done = sorted(p for p in (store / "final").glob("*/done") if not p.parent.name.startswith("."))
    return done[-1].parent if done else None


def snapshot_problems(snapshot: Path) -> tuple[str, ...]:
    try:
        return tuple(json.loads((snapshot / "problems.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return ()


def read_snapshot(snapshot: Path) -> Tables:
    frames = {name: read_table(snapshot, name) for name in (*ROW_TABLES, "milestones")}
    return Tables(**{name: frame(df, name) for name, df in frames.items()})


def _read_index(store: Path) -> pd.DataFrame | None:
    if not (store / FILES_INDEX).exists():
        return None
    try:
        return pd.read_parquet(store / FILES_INDEX)
    except Exception:  # noqa: BLE001 - a damaged index only costs re-hashing
        log.warning("cache index unreadable; re-hashing files")
        return None


def _write_index(store: Path, index: pd.DataFrame) -> None:
    tmp = store / f".{FILES_INDEX}.{uuid.uuid4().hex[:6]}"
    index.to_parquet(tmp, index=False)
    os.replace(tmp, store / FILES_INDEX)


def current_snapshot(folder: Path, store: Path) -> Path:
    """Where the snapshot of the corpus as it is now would be (plans the corpus: stats every file)."""
    return _snapshot_dir(store, plan(folder, _read_index(store)))


@dataclass(frozen=True)
class BuildResult:
    tables: Tables
    root: str
    problems: tuple[str, ...]
    enriched_files: int  # files enriched in this run (the rest came from the cache)
    cached_files: int
    seconds: float


def _try_snapshot(snapshot: Path | None) -> Tables | None:
    if snapshot is None or not (snapshot / "done").exists():
        return None
    try:
        return read_snapshot(snapshot)
    except Exception:  # noqa: BLE001 - a damaged snapshot only costs the finishing step
        log.warning("snapshot unreadable; rebuilding it from the parts")
        return None


def _in_file_order(frames: dict[str, pd.DataFrame], tasks: Sequence[FileTask]) -> dict[str, pd.DataFrame]:
    """Rows in corpus order whatever order chunks were written in (rows of one file keep their own order)."""
    rank = {t.key: i for i, t in enumerate(tasks)}
    out = {}
    for name, df in frames.items():
        if len(df) and "file_key" in df.columns:
            order = df["file_key"].map(rank).fillna(len(rank)).to_numpy()
            df = df.iloc[order.argsort(kind="stable")].reset_index(drop=True)
        out[name] = df
    return out


def build(folder: str | os.PathLike[str], store: Path | None, *, workers: int | None = None,
          dask: str | None = None, progress: Progress | None = None) -> BuildResult:
    """Enriched tables of a corpus folder, through the store when one is given (None: no cache)."""
    t0 = time.perf_counter()
    folder = Path(folder)
    workers = workers if workers is not None else default_workers()
    if store is None:
        return _build_uncached(folder, workers, dask, progress, t0)
    p = plan(folder, _read_index(store))
    snapshot = _snapshot_dir(store, p)
    tables = _try_snapshot(snapshot)  # the whole corpus unchanged: its finished tables, no lock needed
    if tables is not None:
        return BuildResult(tables, p.root, p.problems, 0, len(p.tasks), time.perf_counter() - t0)
    with store_lock(store):
        _sweep_temporary(store)
        p = plan(folder, _read_index(store))  # again: another run may have finished while we waited
        snapshot = _snapshot_dir(store, p)
        tables = _try_snapshot(snapshot)
        if tables is not None:
            return BuildResult(tables, p.root, p.problems, 0, len(p.tasks), time.perf_counter() - t0)
        keys = {t.key for t in p.tasks}
        chunks, problems = committed_chunks(store)
        enriched = 0
        for _ in range(REPAIR_ROUNDS):
            done = set(_owners(chunks))
            todo = [t for t in p.tasks if t.key not in done]
            enriched += len(todo)
            _enrich_into_store(store, p, todo, workers, dask, progress)
            chunks, notes = committed_chunks(store)
            problems += notes
            frames, bad = _read_chunks(chunks, keys)
            if not bad:
                break
            problems += [_drop_chunk(c.path, "unreadable") for c in bad]
            chunks = [c for c in chunks if c not in bad]
        else:
            problems.append("cache: some parts stayed unreadable; their files are missing from the tables")
        _write_index(store, p.index)
        stale = set(_owners(chunks)) - keys
        if len(stale) > len(keys) or len(chunks) > 4 * max(1, len(p.tasks) // CHUNK_FILES + 1):
            _compact(store, chunks, frames, keys)
        tables = _finish(frames, p)
        _write_snapshot(snapshot, index_tables(tables), [*p.problems, *problems])
    return BuildResult(tables, p.root, (*p.problems, *problems), enriched, len(p.tasks) - enriched,
                       time.perf_counter() - t0)


def _enrich_into_store(store: Path, p: Plan, todo: list[FileTask], workers: int, dask: str | None,
                       progress: Progress | None) -> None:
    chunks = _chunks(todo, CHUNK_FILES)
    finished = 0

    def on_done(i: int, frames: dict[str, pd.DataFrame]) -> None:
        nonlocal finished
        _commit_chunk(store, frames, [t.key for t in chunks[i]])
        finished += len(chunks[i])
        if progress:
            progress(finished, len(todo), chunks[i][-1].rel)

    if progress and not todo:
        progress(0, 0, "")
    run_chunks(p.root, p.manifest_stamp, chunks, workers, dask, on_done)


def _compact(store: Path, chunks: Sequence[Chunk], frames: dict[str, pd.DataFrame], keys: set[str]) -> None:
    """One chunk with the current keys' rows replaces all the others (old corpus states, many small runs)."""
    live = set(_owners(chunks)) & keys
    _commit_chunk(store, frames, sorted(live))
    for c in chunks:
        shutil.rmtree(c.path, ignore_errors=True)


def _finish(frames: dict[str, pd.DataFrame], p: Plan) -> Tables:
    frames = _in_file_order(frames, p.tasks)
    listing = pd.DataFrame([{"path": s.path, "reason": s.reason} for s in p.listing_skipped])
    if len(listing):
        frames["skipped"] = pd.concat([listing, frames["skipped"]], ignore_index=True)
    frames = {name: df.drop(columns=["file_key"], errors="ignore") for name, df in frames.items()}
    return finish_tables(frames, order=[t.rel for t in p.tasks], root=p.root)  # with the corpus's story.toml


def _build_uncached(folder: Path, workers: int, dask: str | None, progress: Progress | None,
                    t0: float) -> BuildResult:
    p = plan(folder, None)
    chunks = _chunks(list(p.tasks), CHUNK_FILES)
    fresh: dict[str, list[pd.DataFrame]] = {k: [] for k in ROW_TABLES}
    finished = 0

    def on_done(i: int, frames: dict[str, pd.DataFrame]) -> None:
        nonlocal finished
        finished += len(chunks[i])
        for name, df in frames.items():
            fresh[name].append(df)
        if progress:
            progress(finished, len(p.tasks), chunks[i][-1].rel)

    if progress and not p.tasks:
        progress(0, 0, "")
    run_chunks(p.root, p.manifest_stamp, chunks, workers, dask, on_done)
    frames = {name: pd.concat(dfs, ignore_index=True) if dfs else pd.DataFrame() for name, dfs in fresh.items()}
    tables = _finish(frames, p)
    return BuildResult(tables, p.root, p.problems, len(p.tasks), 0, time.perf_counter() - t0)


def load_text(root: str | os.PathLike[str], path: str) -> Document | None:
    """One document's text, read on demand for the reader (the tables hold no article texts)."""
    rootp = Path(root)
    file_rel = path.split("#", 1)[0]
    while file_rel and not (rootp / file_rel).is_file() and "/" in file_rel:
        file_rel = file_rel.rsplit("/", 1)[0]  # archive.zip/inner/a.txt -> archive.zip
    if not (rootp / file_rel).is_file():
        return None
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
