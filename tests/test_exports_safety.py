"""CSV exports neutralise spreadsheet formulas; corpus text renders literally in markdown."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analysis.exports import csv_bytes, neutralise_cell
from ui.safe import highlight, md_escape


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert neutralise_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["135조원", "$100 billion", "Sora", "", "a=b"])
def test_plain_cells_are_kept(cell: str) -> None:
    assert neutralise_cell(cell) == cell


def test_csv_bytes_is_utf8_bom_and_round_trips() -> None:
    df = pd.DataFrame({"text": ["=1+2", "135조원", "北京时间"], "value": [1.0, 1.35e14, None]})
    data = csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.StringIO(data.decode("utf-8-sig")))
    assert back["text"].tolist() == ["'=1+2", "135조원", "北京时间"]
    assert back["value"].iloc[1] == 1.35e14
    assert df["text"].iloc[0] == "=1+2"  # the caller's frame is not modified


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))",
     "![x](http://evil.example/p.png)", ":red[big] **bold** $x^2$", "# heading", "`code`"],
)
def test_md_escape_leaves_no_markup(hostile: str) -> None:
    out = md_escape(hostile)
    for ch in "<>[]()*`$#:":
        assert f"\\{ch}" in out or ch not in hostile
    # every markup character is preceded by a backslash
    i = 0
    while i < len(out):
        if out[i] == "\\":
            i += 2
            continue
        assert out[i] not in "<>[]()*`$#:!", out
        i += 1


def test_highlight_wraps_spans_and_escapes_inside() -> None:
    text = "Stargate costs $100 billion <b>now</b>."
    md = highlight(text, [(15, 27, "figure"), (0, 8, "topic")], {"figure": "orange", "topic": "green"})
    assert md.startswith(":green-background[Stargate]")
    assert ":orange-background[\\$100 billion]" in md
    assert "\\<b\\>" in md


def test_chart_text_is_escaped_for_plotly_but_csv_keeps_it() -> None:
    from charts.builders import bar_counts

    df = pd.DataFrame({"source": ['<a href="javascript:alert(1)">x</a>'], "documents": [1]})
    fig = bar_counts(df, "source")
    shown = fig.data[0].customdata[0]
    assert "<a" not in shown and "&lt;a" in shown
    assert df["source"].iloc[0].startswith("<a")  # the caller's frame (the CSV rows) is untouched


def test_md_escape_breaks_bare_autolinks_without_changing_visible_text() -> None:
    out = md_escape("see http://evil.example/x and www.evil.example or a@b.co")
    assert "http://" not in out and "www." not in out and "a@" not in out
    assert out.replace("\u200b", "").replace("\\", "") == "see http://evil.example/x and www.evil.example or a@b.co"
