"""Uploaded corpora live as long as their session: freed when it ends, and bounded in age and total size.

Streamlit has no "session ended" callback. Every run of a session marks its upload as seen; a sweep (at most
every SWEEP_SECONDS, from any session's run) frees the upload of every session the server no longer has as
active and has not seen for GRACE_SECONDS (a reload reconnects within that), any upload older than MAX_AGE_SECONDS,
and the oldest ones while all uploads together exceed MAX_TOTAL_BYTES. Upload folders left in the temporary
directory by a stopped server are freed after MAX_AGE_SECONDS too. Freeing removes the folder and drops the
analysed tables from the server's memory; the on-disk cache is keyed by content, so the same files uploaded
again are not analysed again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from analysis import settings
from loaders.upload import cleanup, folder_bytes, stale_temp_folders

log = logging.getLogger(__name__)

GRACE_SECONDS = float(settings.get("upload_grace_seconds"))
MAX_AGE_SECONDS = float(settings.get("upload_max_age_seconds"))
MAX_TOTAL_BYTES = int(settings.get("upload_max_total_bytes"))
SWEEP_SECONDS = float(settings.get("upload_sweep_seconds"))


@dataclass
class _Upload:
    folder: Path
    size: int
    created: float
    seen: float


class UploadRegistry:
    """session id -> its uploaded folder. Thread-safe; `on_free` is called with each folder freed."""

    def __init__(self, *, grace: float = GRACE_SECONDS, max_age: float = MAX_AGE_SECONDS,
                 max_total: int = MAX_TOTAL_BYTES, on_free: Callable[[Path], None] | None = None) -> None:
        self.grace, self.max_age, self.max_total = grace, max_age, max_total
        self.on_free = on_free
        self._lock = threading.Lock()
        self._uploads: dict[str, _Upload] = {}
        self._last_sweep = 0.0

    def register(self, session: str, folder: Path, now: float | None = None) -> None:
        """The session's new upload (its previous one, if any, is freed)."""
        now = time.time() if now is None else now
        with self._lock:
            old = self._uploads.pop(session, None)
            self._uploads[session] = _Upload(Path(folder), folder_bytes(Path(folder)), now, now)
        if old and old.folder != Path(folder):
            self._free(old.folder)

    def seen(self, session: str, now: float | None = None) -> Path | None:
        """Mark the session as alive; its upload folder if it still has one."""
        with self._lock:
            up = self._uploads.get(session)
            if up is None:
                return None
            up.seen = time.time() if now is None else now
            return up.folder

    def release(self, session: str) -> None:
        """The session went back to the bundled corpus: free its upload now."""
        with self._lock:
            up = self._uploads.pop(session, None)
        if up:
            self._free(up.folder)

    def folders(self) -> dict[str, Path]:
        with self._lock:
            return {s: u.folder for s, u in self._uploads.items()}

    def sweep(self, active: Iterable[str] | None, now: float | None = None) -> list[Path]:
        """Free ended sessions' uploads (active None: the server's sessions are unknown, keep them), old ones and
        the oldest beyond the size bound; returns the folders freed."""
        now = time.time() if now is None else now
        live = None if active is None else set(active)
        freed: list[Path] = []
        with self._lock:
            for session, up in list(self._uploads.items()):
                ended = live is not None and session not in live and now - up.seen > self.grace
                if ended or now - up.created > self.max_age or not up.folder.exists():
                    freed.append(self._uploads.pop(session).folder)
            total = sum(u.size for u in self._uploads.values())
            for session, up in sorted(self._uploads.items(), key=lambda kv: kv[1].created):
                if total <= self.max_total:
                    break
                total -= up.size
                freed.append(self._uploads.pop(session).folder)
            self._last_sweep = now
        registered = {u.folder.resolve() for u in self._uploads.values()}
        for orphan in stale_temp_folders(self.max_age, now):
            if orphan.resolve() not in registered:
                freed.append(orphan)
        for folder in freed:
            self._free(folder)
        return freed

    def sweep_due(self, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        return now - self._last_sweep >= SWEEP_SECONDS

    def _free(self, folder: Path) -> None:
        log.info("freeing upload %s", folder.name)
        cleanup(folder)
        if self.on_free is not None:
            try:
                self.on_free(folder)
            except Exception:  # noqa: BLE001 - freeing memory must never break a run
                log.exception("could not drop %s from memory", folder)


def session_id() -> str | None:
    """This run's Streamlit session id (None outside a Streamlit run)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx else None


def active_sessions() -> set[str] | None:
    """Ids of the sessions the server has as active, or None when no server runtime is there (tests)."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    rt = Runtime.instance()
    try:
        return {s.session.id for s in rt._session_mgr.list_active_sessions()}
    except Exception:  # noqa: BLE001 - an internal API: when it changes, fall back to age and size bounds
        log.warning("cannot list active sessions; uploads are freed by age and size only")
        return None
