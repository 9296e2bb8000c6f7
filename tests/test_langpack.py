"""Language packs: folder and flat layouts are merged; absent packs are empty, never an error."""

from __future__ import annotations

import analysis.langpack as lp


def test_folder_and_flat_layouts_merge(tmp_path, monkeypatch):
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "quotes.toml").write_text('verbs = ["sagte", "meinte"]\n', encoding="utf-8")
    (tmp_path / "xx_dates.toml").write_text('months = ["Januar"]\nsingle = "heute"\n', encoding="utf-8")
    monkeypatch.setattr(lp, "LANG_DIR", tmp_path)
    lp.pack.cache_clear()
    try:
        assert lp.words("xx", "quotes", "verbs") == ("sagte", "meinte")
        assert lp.words("xx", "dates", "months") == ("Januar",)
        assert lp.words("xx", "dates", "single") == ("heute",)
        assert lp.words("xx", "dates", "missing") == ()
        assert lp.pack("yy", "quotes") == {}
        assert lp.languages() == ("xx",)
    finally:
        lp.pack.cache_clear()
