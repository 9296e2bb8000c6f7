"""Chart files: PNG/SVG through one Kaleido server (Debian's Chromium) behind a lock, and self-contained HTML.

Without Chromium, `image_support()` says why and the app offers HTML and CSV only.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading

import plotly.graph_objects as go

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_started = False
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
EXPORT_SCALE = 2


def browser_path() -> str | None:
    env = os.environ.get("BROWSER_PATH")
    if env and os.path.exists(env):
        return env
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def image_support() -> tuple[bool, str]:
    """(available, reason). PNG/SVG need a Chromium the Kaleido package can drive."""
    path = browser_path()
    if path is None:
        return False, "PNG/SVG export needs Chromium (apt-get install chromium); HTML and CSV still work."
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return False, "PNG/SVG export needs the kaleido package; HTML and CSV still work."
    return True, path


def _ensure_server() -> None:
    global _started
    if _started:
        return
    import kaleido

    path = browser_path()
    if path:
        os.environ.setdefault("BROWSER_PATH", path)
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    _started = True


def figure_image(fig: go.Figure, fmt: str = "png", *, width: int = 1100, height: int | None = None) -> bytes:
    """PNG or SVG bytes of a figure. Exports are serialised: concurrent calls on one server mix up images."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported image format: {fmt}")
    ok, why = image_support()
    if not ok:
        raise RuntimeError(why)
    import kaleido

    opts = {"format": fmt, "width": width, "height": height or fig.layout.height or 450, "scale": EXPORT_SCALE}
    with _LOCK:
        _ensure_server()
        return kaleido.calc_fig_sync(fig, opts=opts)


def figure_html(fig: go.Figure, title: str = "") -> bytes:
    """A self-contained HTML file (plotly.js inlined: works offline)."""
    html = fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})
    if title:
        from html import escape

        html = html.replace("<head>", f"<head><meta charset=\"utf-8\"><title>{escape(title)}</title>", 1)
    return html.encode("utf-8")
