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
