"""Every page through Streamlit's AppTest: no exception, and real content from the bundled corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")
TIMEOUT = 120

pytestmark = pytest.mark.app



def run_page(page: str, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def texts(at: AppTest) -> str:
    """Visible text of markdown-like elements (markdown escapes removed, as the browser shows them)."""
    raw = "\n".join(str(m.value) for m in [*at.markdown, *at.caption, *at.info, *at.warning])
    return raw.replace("\\", "").replace("\u200b", "")


def frames(at: AppTest) -> list:
    return [d.value for d in at.dataframe]


def frame_with(at: AppTest, column: str):
    return next(f for f in frames(at) if column in f.columns)


def strip_points(at: AppTest) -> list[tuple[str, str]]:
    """(label, marker symbol) of every labelled point of the Overview's milestone strip."""
    spec = next(s for s in specs(at) if "story so far" in s["layout"]["title"]["text"])
    out = []
    for tr in spec["data"]:
        if tr.get("mode") == "markers+text":
            symbols = tr["marker"]["symbol"]
            out += list(zip(tr.get("customdata") and [c[0] for c in tr["customdata"]] or tr["text"],
                            symbols if isinstance(symbols, list) else [symbols] * len(tr["text"])))
    return out


def test_overview_tells_the_story_in_one_screen() -> None:
    at = run_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "5" and metrics["Languages"] == "3"
    assert int(metrics["Milestones"]) >= 4 and int(metrics["Figures quoted"]) >= 15
    points = strip_points(at)
    assert any(lab.startswith("Sora") and "2024-02" in lab for lab, _ in points), points
    stargate = [(lab, sym) for lab, sym in points if lab.startswith("Stargate") and "2028" in lab]
    assert stargate and all(sym == "circle-open" for _, sym in stargate), points  # projected: hollow


def test_overview_strip_has_voice_engine_dated_by_its_first_report() -> None:
    """No article states when Voice Engine was announced ("has unveiled", "공개했다"): the strip shows it, dated no
    later than its first report (the events' basis says the date is the publication date); never an invented
    month."""
    at = run_page("overview")
    voice = [lab for lab, _ in strip_points(at) if lab.startswith("Voice Engine")]
    assert voice, strip_points(at)
    dates = [lab.split(" · ")[1] for lab in voice]
    assert min(dates) <= "2024-04-01", voice


def test_key_figure_card_shows_both_renderings_as_one_figure() -> None:
    at = run_page("overview")
    cards = [str(m.value).replace("\\", "") for m in at.metric]
    assert "1000억달러 ≈ 135조원" in cards, cards
    assert "135조원" not in [c for c in cards if "≈" not in c]  # not a second card of its own
    body = texts(at)
    assert "Who is quoted most" in [h.value for h in at.subheader] and "Zhou Hongyi" in body


def test_articles_by_source_chart_only_when_counts_differ() -> None:
    at = run_page("overview")
    titles = [s["layout"]["title"]["text"] for s in specs(at)]
    assert "Articles by source" not in titles  # every bundled source has exactly one article
    assert "Every source has 1 article" in texts(at)


@pytest.mark.parametrize("page", ["overview", "timeline", "sentiment", "figures", "people", "documents"])
def test_no_table_header_has_an_underscore_or_none_text(page: str) -> None:
    at = run_page(page)
    for f in frames(at):
        assert not [c for c in f.columns if "_" in str(c)], list(f.columns)
        assert not f.isna().to_numpy().any(), list(f.columns)  # Streamlit would write "None"
        cells = f.astype(str).to_numpy().ravel().tolist()
        assert "None" not in cells and "nan" not in cells, list(f.columns)


def _topic_colors(at: AppTest) -> dict[str, str]:
    spec = next(s for s in specs(at) if s["layout"]["title"]["text"].startswith("Milestones"))
    out: dict[str, str] = {}
    for tr in spec["data"]:
        if tr.get("mode") == "markers+text":
            colors = tr["marker"]["color"]
            out.update(zip(tr["y"], colors if isinstance(colors, list) else [colors] * len(tr["y"])))
    return out


def test_a_topic_keeps_its_colour_under_a_filter() -> None:
    everything = _topic_colors(run_page("timeline"))
    filtered = _topic_colors(run_page("timeline", f_lang=["zh"]))
    assert "Sora" in filtered and len(filtered) < len(everything)
    assert all(everything[k] == c for k, c in filtered.items()), (everything, filtered)


def test_timeline_draws_periods_and_the_publication_span() -> None:
    at = run_page("timeline")
    spec = next(s for s in specs(at) if s["layout"]["title"]["text"].startswith("Milestones"))
    spans = [tr for tr in spec["data"] if tr.get("mode") == "lines" and tr.get("x") and tr["x"][0]]
    assert any(str(tr["x"][0]).startswith("2028-01-01") and str(tr["x"][1]).startswith("2028-12-31")
               for tr in spans) or any(str(tr["x"][0]).startswith("2029-01-01") for tr in spans), spans
    shapes = spec["layout"].get("shapes", [])
    assert any(str(sh["x0"]).startswith("2024-02-18") and str(sh["x1"]).startswith("2024-04-08") for sh in shapes)
    projected = [tr for tr in spec["data"] if tr.get("name") == "projected" and tr.get("mode") == "markers+text"]
    assert projected and projected[0]["marker"]["symbol"] == "circle-open"
    coverage = next(s for s in specs(at) if s["layout"]["title"]["text"] == "Articles per week")
    assert coverage["layout"]["xaxis"]["type"] == "date" and coverage["layout"]["yaxis"]["dtick"] >= 1


def test_sentiment_page_has_at_most_four_charts_and_says_when_unclear() -> None:
    at = run_page("sentiment")
    body = texts(at)
    assert "sentences scored" in body and "not scored" in body
    titles = [s["layout"]["title"]["text"] for s in specs(at)]
    assert len(titles) <= 4, titles
    assert "Mean sentence sentiment by source (95% interval)" in titles
    assert "No clear difference" in body or "do not overlap" in body
    by_language = next(s for s in specs(at) if "by language" in s["layout"]["title"]["text"])
    assert all(not any(code in str(y) for code in ("(en", "ko (", "zh (")) for y in by_language["data"][0]["y"])
    assert any("Korean" in str(y) for y in by_language["data"][0]["y"])
    metrics = frame_with(at, "Macro-F1")
    assert {"English", "Korean", "Chinese", "Japanese"} <= set(metrics["Language"])
    from analysis.sentiment import model_info

    card = model_info()
    key = "test" if card.get("test") else "dev" if card.get("dev") else "eval"
    shown = metrics[(metrics["Scorer"] == card["method"]) & metrics["Measured on"].str.startswith(
        {"test": "frozen", "dev": "development", "eval": "held-out"}[key])].set_index("Language")
    assert shown.loc["Korean", "Macro-F1"] == pytest.approx(card[key]["ko"]["macro_f1"])  # the card's numbers


def test_sentiment_hides_small_topics_by_default() -> None:
    at = run_page("sentiment")
    topic_chart = [s for s in specs(at) if "by topic" in s["layout"]["title"]["text"]]
    hidden = [y for s in topic_chart for y in s["data"][0]["y"]]
    assert all(int(str(y).rsplit("n=", 1)[1].rstrip(")")) >= 5 for y in hidden), hidden
    shown = run_page("sentiment", sent_small_topics=True)
    topic_chart = [s for s in specs(shown) if "by topic" in s["layout"]["title"]["text"]]
    assert topic_chart and len(topic_chart[0]["data"][0]["y"]) >= len(hidden)


def test_figures_ledger_rounds_converted_values_with_the_rate() -> None:
    at = run_page("figures")
    agreement = frame_with(at, "Agreement")
    stargate = agreement[agreement["Topic"] == "Stargate"]
    assert (stargate["Number of sources"] >= 2).any() and "agree" in set(stargate["Agreement"])
    ledger = frame_with(at, "Converted")
    krw = ledger[ledger["Rate"].str.contains("KRW")]
    assert len(krw) and krw["Converted"].str.fullmatch(r"≈ \d+(\.\d)? billion USD").all(), krw["Converted"]
    assert krw["Rate"].str.contains("1 USD = ").all()
    money = specs(at)[0]
    assert money["layout"]["xaxis"]["type"] == "log"
    assert all(str(t).endswith("USD") for t in money["layout"]["xaxis"]["ticktext"])


def test_documents_reader_shows_metadata_basis_and_legend() -> None:
    at = run_page("documents")
    body = texts(at)
    assert "manifest" in body and "Highlighted:" in body
    assert "Ingest report" in [h.value for h in at.subheader]


def test_reader_opens_the_article_in_the_address() -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["doc"] = "004_9b3ddd21529d1169"
    at.run()
    at.switch_page("pages/documents.py")
    at.run()
    assert not at.exception
    assert at.selectbox(key="reader_doc").value == "004_9b3ddd21529d1169"
    assert at.query_params.get("doc") in ("004_9b3ddd21529d1169", ["004_9b3ddd21529d1169"])


def test_filter_by_language_changes_the_view() -> None:
    at = run_page("overview", f_lang=["zh"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "1"
    assert "in Chinese" in texts(at)


def test_filter_to_nothing_shows_empty_state() -> None:
    at = run_page("timeline", f_lang=["zh"], f_source=["KBS News"])  # KBS News published in Korean only
    assert any("match the current filters" in i.value for i in at.info)


def test_people_page_merges_scripts_and_lists_quotes() -> None:
    at = run_page("people")
    people = frame_with(at, "Figures cited").set_index("Speaker")
    assert set(people.loc["Zhou Hongyi", "Languages"].split(", ")) == {"Chinese", "Korean"}
    assert people.loc["Zhou Hongyi", "Quotes"] >= 4
    assert "Mira Murati" in people.index
    quotes = frame_with(at, "Attribution")
    assert len(quotes) >= 20


def test_sentiment_over_time_is_plotted_or_explained() -> None:
    at = run_page("sentiment")
    titles = [s["layout"]["title"]["text"] for s in specs(at)]
    assert "Mean sentiment per week" in titles or "there is no line over time to draw" in texts(at)


def test_streamlit_promotional_popup_is_off() -> None:
    """Streamlit 1.67 shows its "Help agents write better apps" pop-up to a non-headless local server unless the
    welcome message is hidden: the app's config hides it, and Streamlit then withholds the pop-up."""
    import tomllib

    from streamlit import config
    from streamlit.web import skills

    conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert conf["logger"]["hideWelcomeMessage"] is True
    before = (config.get_option("server.headless"), config.get_option("logger.hideWelcomeMessage"))
    try:
        config.set_option("server.headless", False)
        config.set_option("logger.hideWelcomeMessage", conf["logger"]["hideWelcomeMessage"])
        assert skills.nudge_suppression_reason(str(ROOT)) == "welcome_hidden"
    finally:
        config.set_option("server.headless", before[0])
        config.set_option("logger.hideWelcomeMessage", before[1])
