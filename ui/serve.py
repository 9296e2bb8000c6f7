"""`make run`: the same as `streamlit run dashboard.py -- --corpus DIR`, but the heavy imports and the corpus
(from the on-disk cache when it is warm) are loaded in a background thread while the server starts, so the
first page does not pay for them.

    python -m ui.serve [--corpus DIR] [--port 8501] [--headless] [--server.address 127.0.0.1 ...]
"""

from __future__ import annotations

import argparse
import gc
import logging
import threading
from pathlib import Path

# The app's own modules, imported at start in the main thread (see _import_everything for why).
import analysis.aggregates  # noqa: F401
import analysis.sentiment  # noqa: F401
import analysis.store  # noqa: F401
import charts.builders  # noqa: F401
import charts.export  # noqa: F401
import ui.app  # noqa: F401
import ui.sidebar  # noqa: F401
import ui.widgets  # noqa: F401
from ui import state

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("ui.serve")


def _import_everything() -> None:
    """Import the app's modules in the main thread, before the server and the preload thread start.

    Importing them in a background thread while Streamlit's own start-up imports plotly and pandas made about one
    start in five fail ("partially initialized module 'pandas' has no attribute 'Series'"): Python's per-module
    import locks let a second thread see a module that the first is still executing. Imported here, every later
    import (the server's, the preload's, the first session's) finds finished modules."""
    import pandas  # noqa: F401
    import plotly.express  # noqa: F401
    import plotly.graph_objects  # noqa: F401
    import pyarrow.parquet  # noqa: F401
    import streamlit.elements.lib.streamlit_plotly_theme  # noqa: F401  (what the server imports at start)


def _warm(folder: Path) -> None:
    """Load the corpus (from the on-disk cache when it is warm) while the server starts: data only, no imports."""
    try:
        if folder.is_dir():
            state.preload(folder)
    except Exception:  # the session will try again and report properly
        log.exception("preloading %s failed", folder)


def _value(v: str) -> object:
    return {"true": True, "false": False}.get(v.lower(), v)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m ui.serve", description=__doc__.splitlines()[0])
    p.add_argument("--corpus", default=str(ROOT / "data" / "corpus"))
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--headless", action="store_true", help="do not open a browser tab")
    a, rest = p.parse_known_args(argv)
    extra = dict(zip(rest[0::2], rest[1::2]))  # other Streamlit options: --server.address 127.0.0.1 ...
    folder = Path(a.corpus).expanduser().resolve()
    _import_everything()
    gc.freeze()  # imported modules never need the cyclic collector's full scans (see ui.state.freeze_heap)
    threading.Thread(target=_warm, args=(folder,), name="preload", daemon=True).start()
    from streamlit.web import bootstrap

    flags = {"server.port": a.port, "browser.gatherUsageStats": False, "server.headless": a.headless,
             **{k.removeprefix("--"): _value(v) for k, v in extra.items()}}
    bootstrap.load_config_options(flag_options=flags)
    host = str(flags.get("server.address") or "localhost")
    print(f"News story dashboard on {folder.name}: open http://{host}:{a.port} in a browser (Ctrl-C stops it).",
          flush=True)
    bootstrap.run(str(ROOT / "dashboard.py"), False, ["--corpus", str(folder)], flags)


if __name__ == "__main__":
    main()
