"""The sidebar owns its filter keys in the address and leaves a page's own keys (the reader's doc) alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.app



def test_filter_keys_are_written_and_other_keys_kept() -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["doc"] = "001_747bf3bd7eb8621c"
    at.session_state["f_lang"] = ["ko"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params.get("lang") in (["ko"], "ko")
    assert at.query_params.get("doc") in (["001_747bf3bd7eb8621c"], "001_747bf3bd7eb8621c")
