"""Filters and the aggregates behind the charts, on small hand-made tables."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis import aggregates as agg
from analysis.filters import Filters, apply_filters, describe
from analysis.tables import Tables

D = dt.date


@pytest.fixture()
def tables() -> Tables:
    docs = pd.DataFrame([
        {"doc_id": "a", "source": "KBS", "language": "ko", "published": "2024-02-23", "topics": "Sora"},
        {"doc_id": "b", "source": "Hankyung", "language": "ko", "published": "2024-04-08", "topics": "Sora; Stargate"},
        {"doc_id": "c", "source": "NBD", "language": "zh", "published": "", "topics": "Sora"},
        {"doc_id": "d", "source": "Limnews", "language": "en", "published": "2024-04-01", "topics": "Voice Engine"},
    ])
    sents = pd.DataFrame([
        {"doc_id": "a", "idx": 0, "text": "좋다", "source": "KBS", "language": "ko", "sentiment": 0.5,
         "sentiment_label": "positive", "topics": "Sora"},
        {"doc_id": "a", "idx": 1, "text": "나쁘다", "source": "KBS", "language": "ko", "sentiment": -0.5,
         "sentiment_label": "negative", "topics": ""},
        {"doc_id": "b", "idx": 0, "text": "x", "source": "Hankyung", "language": "ko", "sentiment": 0.1,
         "sentiment_label": "neutral", "topics": "Stargate"},
        {"doc_id": "c", "idx": 0, "text": "y", "source": "NBD", "language": "zh", "sentiment": None,
         "sentiment_label": "empty", "topics": "Sora"},
    ])
    events = pd.DataFrame([
        {"doc_id": "b", "topic": "Stargate", "date": "2028", "kind": "projected", "milestone_id": "m1",
         "date_precision": "year", "source": "Hankyung", "language": "ko", "date_text": "2028년",
         "sentence": "s", "published": "2024-04-08"},
        {"doc_id": "b", "topic": "Sora", "date": "2024-02", "kind": "past", "milestone_id": "m2",
         "date_precision": "month", "source": "Hankyung", "language": "ko", "date_text": "지난 2월",
         "sentence": "s", "published": "2024-04-08"},
    ])
    milestones = pd.DataFrame([{"milestone_id": "m1", "topic": "Stargate"}, {"milestone_id": "m2", "topic": "Sora"}])
    return Tables(documents=docs, sentences=sents, events=events, milestones=milestones)


def test_no_filter_keeps_everything(tables: Tables) -> None:
    assert apply_filters(tables, Filters()) is tables


def test_date_range_with_and_without_undated(tables: Tables) -> None:
    f = Filters(date_from=D(2024, 3, 1), date_to=D(2024, 12, 31))
    assert sorted(apply_filters(tables, f).documents["doc_id"]) == ["b", "c", "d"]
    f = Filters(date_from=D(2024, 3, 1), include_undated=False)
    assert sorted(apply_filters(tables, f).documents["doc_id"]) == ["b", "d"]


def test_language_source_and_topic_cascade_to_rows(tables: Tables) -> None:
    v = apply_filters(tables, Filters(languages=("ko",)))
    assert set(v.sentences["doc_id"]) == {"a", "b"}
    v = apply_filters(tables, Filters(sources=("NBD",)))
    assert v.events.empty and v.milestones.empty
    v = apply_filters(tables, Filters(topics=("Stargate",)))
    assert v.documents["doc_id"].tolist() == ["b"]
    assert v.events["topic"].tolist() == ["Stargate"]  # Sora milestone of the same article is filtered out
    assert v.milestones["milestone_id"].tolist() == ["m1"]


def test_describe_in_words() -> None:
    assert describe(Filters()) == "Showing all articles."
    line = describe(Filters(date_from=D(2024, 3, 1), languages=("ko", "zh"), topics=("Sora",), include_undated=False))
    assert line == "Showing articles published 2024-03-01 to the end; in Korean, Chinese; about Sora."


def test_sentiment_summary_counts_not_scored_separately(tables: Tables) -> None:
    s = agg.sentiment_summary(tables.sentences, "source").set_index("source")
    assert s.loc["KBS", "mean"] == pytest.approx(0.0)
    assert s.loc["KBS", "n_scored"] == 2
    assert s.loc["KBS", "ci_high"] > 0 > s.loc["KBS", "ci_low"]
    assert s.loc["NBD", "n_scored"] == 0 and s.loc["NBD", "n_not_scored"] == 1
    assert pd.isna(s.loc["NBD", "mean"])  # never 0 for sentences nobody could score


def test_sentiment_by_topic_and_shares(tables: Tables) -> None:
    by_topic = agg.sentiment_summary(tables.sentences, "topic").set_index("topic")
    assert by_topic.loc["Sora", "n_scored"] == 1 and by_topic.loc["Sora", "n_not_scored"] == 1
    shares = agg.sentiment_shares(tables.sentences, "source")
    kbs = shares[shares["source"] == "KBS"].set_index("label")["share"]
    assert kbs.to_dict() == {"negative": 0.5, "positive": 0.5}


def test_timeline_points_place_coarse_dates_mid_period(tables: Tables) -> None:
    pts = agg.timeline_points(tables.events)
    assert pts.set_index("topic").loc["Stargate", "x"] == pd.Timestamp("2028-07-01")
    assert pts.set_index("topic").loc["Sora", "x"] == pd.Timestamp("2024-02-15")


def test_coverage_weekly_skips_undated(tables: Tables) -> None:
    cov = agg.coverage_weekly(tables.documents, "language")
    assert cov["documents"].sum() == 3
    assert "2024-02-19" in set(cov["week"])  # 2024-02-23 is in the week starting Monday 19 February


def test_ledger_search_and_category() -> None:
    figs = pd.DataFrame([
        {"text": "1000억달러", "category": "money", "sentence": "스타게이트 비용", "value": 1e11},
        {"text": "15초", "category": "duration", "sentence": "음성 샘플", "value": 15.0},
    ])
    assert agg.ledger(figs, ["money"])["text"].tolist() == ["1000억달러"]
    assert agg.ledger(figs, None, "음성")["text"].tolist() == ["15초"]


def test_timeline_points_count_repeated_mentions() -> None:
    ev = pd.DataFrame([
        {"doc_id": d, "topic": "Stargate", "date": "2028", "date_precision": "year", "kind": "projected",
         "source": "Hankyung", "language": "ko", "date_text": "2028년", "sentence": f"s{d}", "milestone_id": "m"}
        for d in ("a", "b", "c")])
    pts = agg.timeline_points(ev)
    assert len(pts) == 1 and pts["mentions"].iloc[0] == 3 and pts["sentence"].iloc[0] == "sa"


def test_reader_choices_are_bounded_and_keep_the_open_article(monkeypatch) -> None:
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(30)], "title": [f"Title {i}" for i in range(30)],
                         "source": ["KBS"] * 29 + ["每日经济新闻"], "path": [f"{i}.txt" for i in range(30)]})
    monkeypatch.setattr(agg, "MAX_READER_CHOICES", 10)
    assert len(agg.reader_choices(docs)) == 10
    assert "d25" in set(agg.reader_choices(docs, keep="d25")["doc_id"])
    assert agg.reader_choices(docs, "每日")["doc_id"].tolist() == ["d29"]


def test_quote_figures_when_no_figure_stands_in_a_quote() -> None:
    """Before: KeyError (an empty merge indexed with an empty list selects columns, not rows)."""
    quotes = pd.DataFrame([{"speaker": "A", "doc_id": "a", "sentence_idx": 1, "quote": "We are happy"}])
    figures = pd.DataFrame([{"doc_id": "a", "sentence_idx": 0, "text": "$5 billion"}])
    assert agg.quote_figures(quotes, figures).empty
    same = pd.DataFrame([{"doc_id": "a", "sentence_idx": 1, "text": "12 cars"}])
    assert agg.quote_figures(quotes, same).empty  # same sentence, not inside the quote
    inside = pd.DataFrame([{"doc_id": "a", "sentence_idx": 1, "text": "happy"}])
    assert agg.quote_figures(quotes, inside)["text"].tolist() == ["happy"]
    summary = agg.people_summary(quotes.assign(role="", source="S", language="en", sentiment=0.1), figures)
    assert summary["figures_cited"].tolist() == [""]


@pytest.mark.parametrize(("date", "precision", "basis", "start", "end"), [
    ("2028", "year", "", "2028-01-01", "2028-12-31"),
    ("2027-12", "month", "", "2027-12-01", "2027-12-31"),
    ("2024-06", "season", "", "2024-06-01", "2024-08-31"),
    ("2024-07", "half", "", "2024-07-01", "2024-12-31"),
    ("2024-02-15", "day", "", "2024-02-15", "2024-02-15"),
    ("2029", "year", "resolved; until 2030", "2029-01-01", "2030-12-31"),
])
def test_date_span_covers_the_period_at_its_precision(date, precision, basis, start, end) -> None:
    a, b = agg.date_span(date, precision, basis)
    assert (a.date().isoformat(), b.date().isoformat()) == (start, end)


def test_milestone_labels_name_the_event_when_the_predicate_is_known() -> None:
    ms = pd.DataFrame({"milestone_id": ["s", "g"], "topic": ["Sora", "Gadget"], "date": ["2024-02-15", "2028"],
                       "date_precision": ["day", "year"], "kind": ["past", "projected"],
                       "sources": ["A; B; C", "A"], "n_sources": [3, 1], "n_mentions": [3, 1]})
    ev = pd.DataFrame({"milestone_id": ["s", "s", "g"], "predicate": ["unveil", "unveil", "launch"],
                       "basis": ["", "", ""]})
    labels = agg.milestone_points(ms, ev)["label"].tolist()
    assert labels == ["Sora unveiled · 2024-02-15 · 3 sources", "Gadget to launch · 2028 · 1 source"]
    assert agg.milestone_points(ms)["label"].tolist()[0] == "Sora · 2024-02-15 · 3 sources"


def test_key_figures_show_a_second_rendering_as_one_figure() -> None:
    base = {"category": "money", "topic": "Gate", "sentence": "s", "normalized_unit": "USD", "sentence_idx": 0}
    figures = pd.DataFrame([
        base | {"doc_id": "a", "source": "A", "text": "1000억달러", "unit": "USD", "normalized_value": 1e11,
                "start": 10, "end": 17},
        base | {"doc_id": "a", "source": "A", "text": "약 135조원", "unit": "KRW", "normalized_value": 9.9e10,
                "start": 18, "end": 25},
        base | {"doc_id": "b", "source": "B", "text": "$100 billion", "unit": "USD", "normalized_value": 1e11,
                "start": 0, "end": 12},
        base | {"doc_id": "b", "source": "B", "text": "$2 million", "unit": "USD", "normalized_value": 2e6,
                "start": 40, "end": 50},
    ])
    cards = agg.key_figures(figures)
    assert cards["shown"].tolist() == ["1000억달러 ≈ 135조원", "$2 million"]
    assert cards["n_sources"].tolist() == [2, 1] and cards["amount"].iloc[0] == "≈ 100 billion USD"
    with_column = figures.assign(also_text=["약 135조원", None, "", ""]).drop(index=1)
    assert agg.key_figures(with_column)["shown"].iloc[0] == "1000억달러 ≈ 135조원"


def test_human_amounts_are_rounded_with_their_unit() -> None:
    assert agg.human_amount(98_973_607_038.123, "USD") == "99 billion USD"
    assert agg.human_amount(4.733543e7, "second") == "1.5 years"
    assert agg.human_amount(15, "second") == "15 seconds"
    assert agg.human_amount(720_000, "graphics card") == "720,000 graphics card"


def test_sentiment_contrast_says_when_intervals_overlap() -> None:
    summ = pd.DataFrame({"source": ["A", "B"], "mean": [0.12, 0.18], "ci_low": [0.05, 0.10],
                         "ci_high": [0.19, 0.26]})
    assert agg.sentiment_contrast(summ, "source").startswith("No clear difference")
    apart = summ.assign(ci_low=[0.10, 0.16], ci_high=[0.14, 0.20])
    assert "do not overlap" in agg.sentiment_contrast(apart, "source")


def test_labels_placed_in_a_lane_never_overlap() -> None:
    from charts.builders import place_labels

    xs, widths = [0, 10, 20, 300, 305], [100, 100, 100, 50, 50]
    lanes = place_labels(xs, widths, lanes=2)
    assert lanes == [0, 1, -1, 0, 1]
    for lane in (0, 1):
        spans = sorted((x, x + w) for x, w, ln in zip(xs, widths, lanes) if ln == lane)
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
