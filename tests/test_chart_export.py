"""Chart files: PNG/SVG through Kaleido and Chromium (CJK glyphs must render), HTML offline."""

from __future__ import annotations

import pandas as pd
import pytest

from charts.builders import bar_counts
from charts.export import figure_html, figure_image, image_support

needs_chromium = pytest.mark.skipif(not image_support()[0], reason=image_support()[1])


def _fig(label: str):
    return bar_counts(pd.DataFrame({"source": [label], "documents": [1]}), "source", title=label)


def test_html_is_self_contained() -> None:
    html = figure_html(_fig("KBS 뉴스"), "chart <title>").decode("utf-8")
    assert "<script src=\"https://" not in html and "plotly" in html.lower()
    assert "KBS 뉴스" in html or "KBS \\ub274\\uc2a4" in html
    assert "<title>chart &lt;title&gt;</title>" in html


@needs_chromium
@pytest.mark.parametrize(("a", "b"), [("가나다", "라마바"), ("新闻报道", "经济日报"), ("ソラです", "エンジン")])
def test_png_renders_distinct_cjk_glyphs(a: str, b: str) -> None:
    """Without CJK fonts both labels become identical empty boxes, so the images would be equal."""
    png_a, png_b = figure_image(_fig(a), "png"), figure_image(_fig(b), "png")
    assert png_a.startswith(b"\x89PNG") and png_b.startswith(b"\x89PNG")
    assert png_a != png_b


@needs_chromium
def test_svg_export_keeps_text() -> None:
    svg = figure_image(_fig("스타게이트 星际之门"), "svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg") and "스타게이트 星际之门" in svg
