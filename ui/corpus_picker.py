"""Choose the corpus in the browser: the configured folder, or files uploaded for this session only.

An upload lives as long as its session (see ui.uploads): freed when the session ends, after MAX_AGE, or when
all uploads together grow past a bound. Files of the same content uploaded again reuse the analysis cache.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import streamlit as st

from analysis import settings
from loaders.corpus import DEFAULT_MAX_BYTES
from loaders.upload import materialize
from ui.safe import md_escape
from ui.state import forget
from ui.uploads import SWEEP_SECONDS, UploadRegistry, active_sessions, session_id

log = logging.getLogger(__name__)

UPLOAD_KEY = "_upload_dir"
UPLOAD_TYPES = ["txt", "md", "html", "htm", "csv", "tsv", "json", "jsonl", "parquet", "zip"]
MAX_FILES = int(settings.get("max_upload_files"))
UPLOADS = UploadRegistry(on_free=forget)


def _limit_bytes() -> int:
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def _session() -> str:
    return session_id() or "local"


def _ingest_upload() -> None:
    """on_change of the uploader: write the uploaded files into a private temporary folder."""
    files = st.session_state.get("_uploader") or []
    if not files:
        return
    try:
        folder, refused = materialize([(f.name, f.getvalue()) for f in files], max_total_bytes=_limit_bytes(),
                                      max_files=MAX_FILES, max_bytes=DEFAULT_MAX_BYTES)
    except Exception as exc:  # a broken upload must not break the app
        log.exception("upload failed")
        st.session_state["_upload_error"] = f"The upload could not be read: {type(exc).__name__}."
        return
    UPLOADS.register(_session(), folder)  # frees the session's previous upload
    st.session_state[UPLOAD_KEY] = str(folder)
    st.session_state["_upload_refused"] = [(s.path, s.reason) for s in refused]
    st.session_state.pop("_upload_error", None)


def _back_to_default() -> None:
    st.session_state.pop(UPLOAD_KEY, None)
    st.session_state.pop("_upload_refused", None)
    UPLOADS.release(_session())


@st.cache_resource(show_spinner=False)
def _janitor() -> threading.Thread:
    """One thread per server: frees the uploads of ended sessions even when nobody visits."""

    def loop() -> None:
        while True:
            time.sleep(SWEEP_SECONDS)
            try:
                UPLOADS.sweep(active_sessions())
            except Exception:  # noqa: BLE001 - the janitor must survive anything
                log.exception("upload sweep failed")

    thread = threading.Thread(target=loop, name="upload-janitor", daemon=True)
    thread.start()
    return thread


def upload_refusals() -> list[tuple[str, str]]:
    """(file, reason) of the uploaded files that were refused before analysis."""
    return list(st.session_state.get("_upload_refused", []))


def is_upload(folder: Path) -> bool:
    return st.session_state.get(UPLOAD_KEY) == str(folder)


def chosen_folder(default: Path) -> Path:
    """The folder to analyse for this session, with the upload controls in the sidebar."""
    _janitor()
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded:
        UPLOADS.seen(_session())
        if not Path(uploaded).is_dir():  # freed while the session was away (age or size bound)
            st.session_state.pop(UPLOAD_KEY, None)
            st.session_state["_upload_error"] = "Your upload was freed after a long pause; upload it again."
            uploaded = None
    limit_mb = st.get_option("server.maxUploadSize")
    with st.sidebar.expander("Corpus", expanded=False):
        shown = "your uploaded files (this session only)" if uploaded else md_escape(default.name)
        st.caption(f"Now showing: {shown}")
        st.file_uploader(
            "Upload articles or a .zip", type=UPLOAD_TYPES, accept_multiple_files=True, key="_uploader",
            on_change=_ingest_upload,
            help=f"Kept for this session only: at most {limit_mb} MB in all, and {DEFAULT_MAX_BYTES // 2**20} MB "
                 "per article file (inside a .zip too).",
        )
        if st.session_state.get("_upload_error"):
            st.error(md_escape(st.session_state["_upload_error"]))
        if uploaded:
            st.button("Back to the bundled corpus", on_click=_back_to_default)
        for path, reason in upload_refusals():
            st.caption(f"Refused {md_escape(path)}: {md_escape(reason)}")
    return Path(uploaded) if uploaded else default
