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


@pytest.fixture(autouse=True)
def _navigation_like_the_browser(monkeypatch):
    """AppTest re-detects Streamlit's legacy `pages/` folder mode before every run and then runs a page file on
    its own; a browser session does that at most once. Run every AppTest run through dashboard.py's
    st.navigation, as the browser does after its first run."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


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


def test_overview_counts_and_takeaways() -> None:
    at = run_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "5" and metrics["Languages"] == "3"
    assert int(metrics["Milestones"]) >= 4 and int(metrics["Figures quoted"]) >= 15
    body = texts(at)
    # "5~6년 내" (within 5-6 years, said on 2024-04-08) is the furthest projection in the seeds
    assert "Latest projected milestone: AGI (2029" in body
    assert "Largest money figure" in body
    assert "5 files loaded, 0 skipped" in body
    titles = [s["layout"]["title"]["text"] for s in specs(at)]
    assert titles == ["Articles by language", "Articles by source"]


def test_timeline_has_stargate_2028_projected() -> None:
    at = run_page("timeline")
    spec = specs(at)[0]
    points = [(tr["name"], x) for tr in spec["data"] for x in tr["x"]]
    assert any(name.startswith("Stargate") and str(x).startswith("2028") for name, x in points), points
    projected = [tr for tr in spec["data"] if "projected" in tr["name"]]
    assert projected and all(tr["marker"]["symbol"] == "circle-open" for tr in projected)


def test_sentiment_counts_not_scored() -> None:
    at = run_page("sentiment")
    body = texts(at)
    assert "sentences scored" in body and "not scored" in body
    titles = [s["layout"]["title"]["text"] for s in specs(at)]
    assert "Mean sentence sentiment by source (95% interval)" in titles
    assert "Mean sentence sentiment by language (95% interval)" in titles
    frames = [d.value for d in at.dataframe]
    metrics = next(f for f in frames if "macro_F1" in f.columns)
    assert {"English", "Korean", "Chinese", "Japanese"} <= set(metrics["language"])
    assert (metrics.loc[metrics["scorer"] == "use-linear", "macro_F1"] >= 0.6).all()
    comparison = next(f for f in frames if "textblob_mean" in f.columns)
    assert comparison["source"].str.startswith("limnews").all()


def test_figures_ledger_has_stargate_cost() -> None:
    at = run_page("figures")
    frames = [d.value for d in at.dataframe]
    agreement = next(f for f in frames if "agreement" in f.columns)
    stargate = agreement[agreement["topic"] == "Stargate"]
    assert (stargate["n_sources"] >= 2).any() and "agree" in set(stargate["agreement"])
    ledger = next(f for f in frames if "normalization_basis" in f.columns)
    assert ledger["text"].str.contains("135조원").any()
    money = specs(at)[0]
    assert money["layout"]["xaxis"]["type"] == "log"


def test_documents_reader_shows_metadata_basis() -> None:
    at = run_page("documents")
    body = texts(at)
    assert "manifest (date in the article number of the page address)" in body.replace("\\", "") or \
           "manifest" in body
    assert "Ingest report" in [h.value for h in at.subheader]


def test_filter_by_language_changes_the_view() -> None:
    at = run_page("overview", f_lang=["zh"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "1"
    assert "in Chinese" in texts(at)


def test_filter_to_nothing_shows_empty_state() -> None:
    at = run_page("timeline", f_lang=["en"], f_topic=["GPT-5"])
    assert any("match the current filters" in i.value for i in at.info)


def test_people_page_merges_scripts_and_lists_quotes() -> None:
    at = run_page("people")
    frames = [d.value for d in at.dataframe]
    people = next(f for f in frames if "figures_cited" in f.columns).set_index("speaker")
    assert set(people.loc["Zhou Hongyi", "languages"].split(", ")) == {"Chinese", "Korean"}
    assert people.loc["Zhou Hongyi", "quotes"] >= 4
    assert "Mira Murati" in people.index
    quotes = next(f for f in frames if "attribution" in f.columns)
    assert len(quotes) == 29


def test_sentiment_over_time_is_plotted() -> None:
    at = run_page("sentiment")
    titles = [s["layout"]["title"]["text"] for s in specs(at)]
    assert "Mean sentiment per week" in titles
