"""`make run` must start every time: repeated cold starts of `python -m ui.serve` on a loaded machine.

The launcher used to import pandas and plotly in a background thread while Streamlit's start-up imported them
too; with fresh bytecode and busy cores about one start in five (six in eight under load) failed with
"partially initialized module 'pandas' has no attribute 'Series'". Each start here gets its own empty bytecode
folder, and two busy-loop processes keep the cores loaded while it starts.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTS = 3
FAILURE_MARKS = ("Traceback", "partially initialized", "AttributeError", "preloading")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def start_once(module: str, corpus: Path, tmp: Path, timeout: float = 120.0) -> tuple[bool, str]:
    """Start the launcher with fresh bytecode, wait until it is healthy and its preload has finished."""
    port = _free_port()
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp / "pycache"), "NEWS_CACHE_DIR": str(tmp / "cache")}
    log = tmp / "server.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", module, "--corpus", str(corpus), "--port", str(port), "--headless",
             "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None and not _healthy(port):
            time.sleep(0.2)
        healthy = _healthy(port)
        time.sleep(3.0)  # the preload thread loads the corpus: let it finish or fail
        return healthy and proc.poll() is None, log.read_text(errors="replace")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.skipif(sys.platform != "linux", reason="busy loops and start-up timing are measured on Linux")
def test_the_launcher_starts_every_time_under_load(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "data" / "corpus", corpus)
    burners = [subprocess.Popen([sys.executable, "-c", "import time\nt=time.time()\nwhile time.time()-t<600: pass"])
               for _ in range(2)]
    try:
        failures = []
        for i in range(STARTS):
            run_dir = tmp_path / f"start{i}"
            run_dir.mkdir()
            ok, log = start_once("ui.serve", corpus, run_dir)
            marks = [m for m in FAILURE_MARKS if m in log]
            if not ok or marks:
                failures.append(f"start {i}: healthy={ok}, {marks}: {log[-600:]}")
        assert not failures, "\n".join(failures)
    finally:
        for b in burners:
            b.kill()
