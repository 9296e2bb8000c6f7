"""Choose the corpus in the browser: the configured folder, or files uploaded for this session only."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from ui.safe import md_escape

log = logging.getLogger(__name__)

UPLOAD_KEY = "_upload_dir"
UPLOAD_TYPES = ["txt", "md", "html", "htm", "csv", "tsv", "json", "jsonl", "parquet", "zip"]
MAX_FILES = 2000


def _limit_bytes() -> int:
    return int(st.get_option("server.maxUploadSize")) * 1024 * 1024


def _ingest_upload() -> None:
    """on_change of the uploader: write the uploaded files into a private temporary folder."""
    files = st.session_state.get("_uploader") or []
    if not files:
        return
    try:
        from loaders.upload import cleanup, materialize
    except ImportError:  # pragma: no cover - the upload module ships with the app
        st.session_state["_upload_error"] = "Uploads are not available in this build."
        return
    old = st.session_state.pop(UPLOAD_KEY, None)
    if old:
        cleanup(Path(old))
    try:
        folder, refused = materialize([(f.name, f.getvalue()) for f in files], max_total_bytes=_limit_bytes(),
                                      max_files=MAX_FILES)
    except Exception as exc:  # a broken upload must not break the app
        log.exception("upload failed")
        st.session_state["_upload_error"] = f"The upload could not be read: {type(exc).__name__}."
        return
    st.session_state[UPLOAD_KEY] = str(folder)
    st.session_state["_upload_refused"] = [(s.path, s.reason) for s in refused]
    st.session_state.pop("_upload_error", None)


def _back_to_default() -> None:
    folder = st.session_state.pop(UPLOAD_KEY, None)
    st.session_state.pop("_upload_refused", None)
    if folder:
        from loaders.upload import cleanup

        cleanup(Path(folder))
    for key in [k for k in st.session_state if str(k).startswith("f_")] + ["_seeded"]:
        st.session_state.pop(key, None)


def chosen_folder(default: Path) -> Path:
    """The folder to analyse for this session, with the upload controls in the sidebar."""
    with st.sidebar.expander("Corpus", expanded=False):
        uploaded = st.session_state.get(UPLOAD_KEY)
        shown = "your uploaded files (this session only)" if uploaded else md_escape(default.name)
        st.caption(f"Now showing: {shown}")
        st.file_uploader(
            "Upload articles or a .zip", type=UPLOAD_TYPES, accept_multiple_files=True, key="_uploader",
            on_change=_ingest_upload,
            help=f"Kept for this session only, at most {st.get_option('server.maxUploadSize')} MB in all.",
        )
        if st.session_state.get("_upload_error"):
            st.error(st.session_state["_upload_error"])
        if uploaded:
            st.button("Back to the bundled corpus", on_click=_back_to_default)
        for path, reason in st.session_state.get("_upload_refused", []):
            st.caption(f"Refused {md_escape(path)}: {md_escape(reason)}")
    return Path(uploaded) if uploaded else default
