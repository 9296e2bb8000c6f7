"""Chart files: PNG/SVG through Kaleido and Chromium (CJK glyphs must render), HTML offline."""

from __future__ import annotations

import pandas as pd
import pytest

from charts.builders import bar_counts, money
from charts.export import figure_html, figure_image, image_support
from charts.theme import NO_VALUE, Palette

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


# ------------------------------------------------------------------ downloads keep the screen's colours


def _hex(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


def _pixels(img):
    """RGB pixels of an image (Pillow >= 12 calls it get_flattened_data; getdata is deprecated)."""
    return img.get_flattened_data() if hasattr(img, "get_flattened_data") else img.getdata()


def _pixels_near(png: bytes, color: str, tol: int = 6) -> int:
    """How many pixels of the image are within `tol` of the colour in every channel."""
    import io

    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    r0, g0, b0 = _hex(color)
    return sum(1 for r, g, b in _pixels(img) if abs(r - r0) <= tol and abs(g - g0) <= tol and abs(b - b0) <= tol)


def _export_figures():
    """The charts whose downloads lost their colours, built as the app builds them: with Streamlit imported
    (its plotly template, whose colourway holds placeholders #000001 …, becomes plotly's default) and the
    palette of a small corpus."""
    import streamlit.elements.plotly_chart  # noqa: F401  (registers Streamlit's template as the default)

    from analysis import aggregates as agg
    from charts import builders
    from charts.theme import Palette

    topics = Palette.of(["Sora", "Sora", "Stargate", "Voice Engine"])
    sources = Palette.of(["KBS", "KBS", "Hankyung", "NBD"])
    ms = pd.DataFrame({"milestone_id": ["a", "b", "c"], "topic": ["Sora", "Stargate", "Voice Engine"],
                       "date": ["2024-02-15", "2028", "2024-03"], "date_precision": ["day", "year", "month"],
                       "kind": ["past", "projected", "past"], "sources": ["KBS; NBD", "Hankyung", "KBS"],
                       "n_sources": [2, 1, 1], "n_mentions": [2, 1, 1]})
    pts = agg.milestone_points(ms)
    span = (pd.Timestamp("2024-02-18"), pd.Timestamp("2024-04-08"))
    cov = pd.DataFrame({"week": ["2024-02-12", "2024-02-19", "2024-04-08"], "source": ["KBS", "Hankyung", "NBD"],
                        "documents": [1, 2, 1]})
    people = pd.DataFrame({"speaker": ["A", "B", "B"], "source": ["KBS", "Hankyung", "NBD"],
                           "language": ["ko", "ko", "zh"], "quotes": [3, 2, 1]})
    money = pd.DataFrame({"source": ["KBS", "Hankyung"], "normalized_value": [1e11, 2e9], "normalized_unit": "USD",
                          "text": ["$100 billion", "2조원"], "value": [1e11, 2e12], "unit": ["USD", "KRW"],
                          "topic": ["Stargate", "Sora"], "language": ["en", "ko"], "sentence": ["s", "t"],
                          "doc_id": ["a", "b"], "normalization_basis": ["as stated", "rate"]})
    over = pd.DataFrame({"period": ["2024-02-12", "2024-02-19", "2024-02-12", "2024-02-26"],
                         "source": ["KBS", "KBS", "Hankyung", "Hankyung"], "mean": [0.2, 0.1, -0.1, 0.3],
                         "n_scored": [4, 5, 6, 2]})
    return {
        "timeline": (builders.timeline(pts, topics, span), topics, ["Sora", "Stargate", "Voice Engine"]),
        "strip": (builders.milestone_strip(pts, topics, span), topics, ["Sora", "Stargate", "Voice Engine"]),
        "coverage": (builders.coverage(cov, "source", colors=sources), sources, ["KBS", "Hankyung", "NBD"]),
        "people": (builders.people(people, colors=sources), sources, ["KBS", "Hankyung", "NBD"]),
        "money": (builders.money(money, "USD", colors=topics), topics, ["Stargate", "Sora"]),
        "sentiment_over_time": (builders.sentiment_over_time(over, "source", colors=sources), sources,
                                ["KBS", "Hankyung"]),
    }


def test_no_chart_relies_on_a_template_colourway() -> None:
    """Every trace of the exported charts carries its own colours: none is left to the template, whose
    colourway under Streamlit is a set of near-black placeholders."""
    for name, (fig, _, _) in _export_figures().items():
        spec = fig.to_plotly_json()
        text = str(spec["data"])
        assert "#000001" not in text and "#000002" not in text, name


@needs_chromium
@pytest.mark.parametrize("name", ["timeline", "strip", "coverage", "people", "money", "sentiment_over_time"])
def test_png_download_has_the_palette_colours(name: str) -> None:
    """The PNG a user downloads shows each series in its palette colour (before: near-black placeholders)."""
    fig, palette, values = _export_figures()[name]
    png = figure_image(fig, "png")
    for value in values:
        assert _pixels_near(png, palette(value)) >= 40, (name, value, palette(value))
    assert _pixels_near(png, "#000001", tol=1) + _pixels_near(png, "#000003", tol=1) < 200, name


def test_a_value_keeps_its_colour_whatever_else_is_there() -> None:
    """Colours come from the whole corpus's values: filtering the plotted rows never reshuffles them, and an
    unknown value gets a stable hashed colour."""
    from charts.theme import Palette, hash_color

    pal = Palette.of(["Sora", "Sora", "Stargate", "Voice Engine", "GPT-5"])
    assert pal("Sora") != pal("Stargate") != pal("Voice Engine")
    assert pal.map(["Stargate"]) == {"Stargate": pal("Stargate")}
    assert pal("never seen") == hash_color("never seen") == Palette()("never seen")


def test_money_points_without_a_topic_are_grey_never_a_topics_colour() -> None:
    """Before: "(no topic)" took a hashed colour, the same green as 美國政府 on the Nippon Steel story's chart."""
    topics = [f"topic {i}" for i in range(25)]  # more topics than the palette has colours
    df = pd.DataFrame({"normalized_value": [1e9 + i for i in range(26)], "source": ["UPI"] * 26,
                       "topic": [*topics, ""], "text": ["$1 billion"] * 26, "sentence": [""] * 26})
    fig = money(df, colors=Palette.of(topics))
    colours = {tr.name: tr.marker.color for tr in fig.data}
    assert colours["(no topic)"] == NO_VALUE
    assert NO_VALUE not in [c for name, c in colours.items() if name != "(no topic)"]
