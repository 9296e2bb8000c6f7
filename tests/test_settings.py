"""Settings as one table: README lists exactly the table, modules read it, environment overrides are validated."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from analysis import aggregates, sentiment, settings, store
from ui import corpus_picker, uploads, widgets

ROOT = Path(__file__).resolve().parent.parent


def test_readme_settings_section_is_the_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- settings:start -->\n(.*?)\n<!-- settings:end -->", readme, re.S)
    assert found, "README has no generated Settings section"
    assert found.group(1) == settings.markdown(), "README's Settings differ from analysis/settings.py: regenerate"


def test_every_setting_is_read_by_the_module_it_names() -> None:
    for s in settings.SETTINGS:
        source = (ROOT / s.used_in).read_text(encoding="utf-8")
        assert f'settings.get("{s.name}")' in source or f'settings.setting("{s.name}")' in source, s.name


def test_module_constants_are_the_table_defaults() -> None:
    assert widgets.MAX_TABLE_ROWS == settings.setting("max_table_rows").default
    assert aggregates.MAX_AGREEMENT_ROWS == settings.setting("max_agreement_rows").default
    assert aggregates.MAX_READER_CHOICES == settings.setting("max_reader_choices").default
    assert aggregates.MAX_KEY_CANDIDATES == settings.setting("max_key_candidates").default
    assert uploads.GRACE_SECONDS == settings.setting("upload_grace_seconds").default
    assert uploads.MAX_AGE_SECONDS == settings.setting("upload_max_age_seconds").default
    assert uploads.MAX_TOTAL_BYTES == settings.setting("upload_max_total_bytes").default
    assert uploads.SWEEP_SECONDS == settings.setting("upload_sweep_seconds").default
    assert corpus_picker.MAX_FILES == settings.setting("max_upload_files").default
    # the store's own constants must not drift from what the table says
    assert store.CHUNK_FILES == settings.setting("chunk_files").default
    assert store.REPAIR_ROUNDS == settings.setting("repair_rounds").default
    assert sentiment.CACHE_MAX == settings.setting("embed_cache").default


def test_names_are_unique_and_every_setting_is_documented() -> None:
    names = [s.name for s in settings.SETTINGS]
    assert len(names) == len(set(names))
    for s in settings.SETTINGS:
        assert s.help.strip() and isinstance(s.default, s.kind), s.name
        assert not s.env or s.env.startswith("NEWS_"), s.name


def test_environment_override_is_parsed_and_validated(monkeypatch, caplog) -> None:
    monkeypatch.setenv("NEWS_MAX_VIEWS", "2")
    assert settings.get("max_views") == 2
    monkeypatch.setenv("NEWS_RECHECK_SECONDS", "2.5")
    assert settings.get("recheck_seconds") == 2.5
    for bad in ("-1", "0", "many"):
        monkeypatch.setenv("NEWS_MAX_VIEWS", bad)
        with caplog.at_level(logging.WARNING, logger="analysis.settings"):
            assert settings.get("max_views") == 4
        assert "NEWS_MAX_VIEWS" in caplog.text
    monkeypatch.delenv("NEWS_MAX_VIEWS")
    assert settings.get("max_views") == 4


def test_the_view_cache_follows_the_setting(monkeypatch) -> None:
    import pandas as pd

    from analysis.filters import CorpusTables, Filters
    from analysis.tables import Tables
    from ui.state import Corpus

    docs = pd.DataFrame({"doc_id": ["a", "b"], "path": ["a.txt", "b.txt"], "language": ["en", "ko"],
                         "source": ["X", "Y"], "published": ["2024-01-01", ""], "topics": ["", ""],
                         "duplicate_of": ["", ""]})
    corpus = Corpus(root="", tables=CorpusTables.of(Tables(documents=docs)))
    monkeypatch.setenv("NEWS_MAX_VIEWS", "2")
    views = [corpus.view(Filters(languages=(x,))) for x in ("en", "ko", "zh")]
    assert len(corpus._views) == 2 and corpus.view(Filters(languages=("zh",))) is views[2]
    assert len(views[0].documents) == 1 and len(views[2].documents) == 0


@pytest.mark.parametrize("name", [s.name for s in settings.SETTINGS])
def test_markdown_row_per_setting(name: str) -> None:
    assert f"| `{name}` |" in settings.markdown()
