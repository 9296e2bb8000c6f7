"""The enriched tables of the bundled corpus: what an analyst must see, end to end."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.entities import load_story
from analysis.filters import Filters, apply_filters
from analysis.pipeline import build_tables, story_pass
from analysis.records import Document
from analysis.registry import REGISTRY, Enricher, Inputs, Output
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def bundled(seed_tables):
    """The bundled corpus with its own story file (data/corpus/story.toml) applied: the cheap pass only."""
    return story_pass(seed_tables, load_story(CORPUS))


def test_documents_metadata_and_bases(seed_tables) -> None:
    docs = seed_tables.documents.set_index("doc_id")
    assert docs.loc["004_9b3ddd21529d1169", "published"] == ""
    assert docs.loc["004_9b3ddd21529d1169", "published_basis"].startswith("undated")
    assert docs.loc["001_747bf3bd7eb8621c", "published_basis"].startswith("manifest")
    assert docs.loc["000_0e504aa3121093fd", "title_basis"].startswith("text: first line")  # its first sentence
    assert set(docs["language"]) == {"en", "ko", "zh"}


def test_stargate_2028_is_a_projected_milestone(bundled) -> None:
    ev = bundled.events
    stargate = ev[(ev["topic"] == "Stargate") & (ev["date"] == "2028")]
    assert len(stargate) == 1 and stargate["kind"].iloc[0] == "projected"
    sora = bundled.milestones[bundled.milestones["milestone_id"].str.startswith("sora-2024-02-1")]
    assert len(sora) == 1 and sora["n_sources"].iloc[0] >= 2  # 15 Feb local time = 16 Feb Beijing time
    assert "dates differ" in sora["disagreement"].iloc[0]


def test_stargate_cost_agrees_across_languages(bundled) -> None:
    f = bundled.figures
    money = f[(f["category"] == "money") & (f["topic"] == "Stargate")]
    assert set(money["unit"]) == {"KRW", "USD"}
    assert money["normalized_value"].between(0.85e11, 1.15e11).all()
    won = money[money["also_text"].fillna("").str.contains("135조원")].iloc[0]  # 1000억달러(약 135조원): one figure
    assert won["also_value"] == pytest.approx(1.35e14) and won["also_unit"] == "KRW"


def test_figures_sit_in_their_sentence(seed_tables) -> None:
    f = seed_tables.figures
    for row in f.itertuples():
        core = row.text.split()[-1][:2]
        assert core in row.sentence, (row.text, row.sentence)


def test_amount_split_across_a_line_break_is_one_figure() -> None:
    doc = Document(doc_id="x", path="x.txt", text="Stargate could cost $100\nbillion by 2028.", language="en",
                   source="Test")
    t = build_tables([doc])
    money = t.figures[t.figures["category"] == "money"]
    assert money["normalized_value"].tolist() == [1e11]


def test_people_are_merged_across_scripts(seed_tables) -> None:
    q = seed_tables.quotes
    zhou = q[q["speaker"] == "Zhou Hongyi"]
    assert set(zhou["language"]) == {"ko", "zh"}
    assert "Mira Murati" in set(q["speaker"]) and "Jeong Myeong-su" in set(q["speaker"])


def test_sentences_never_get_zero_for_unreadable_text(seed_tables) -> None:
    s = seed_tables.sentences
    empty = s[s["sentiment_label"] == "empty"]
    assert empty["sentiment"].isna().all()
    assert (empty["sentiment_reason"].str.len() > 0).all()
    scored = s[s["sentiment"].notna()]
    assert scored["sentiment"].between(-1, 1).all()
    assert set(scored["language"]) == {"en", "ko", "zh"}


def test_one_broken_document_does_not_sink_the_corpus() -> None:
    def boom(x: Inputs) -> Output:
        if "BOOM" in x["metadata"].text:
            raise ValueError("synthetic failure")
        return Output()

    registry = REGISTRY.with_enricher(Enricher("boom", boom, ("metadata",)))
    docs = [Document(doc_id="a", path="a.txt", text="OpenAI showed Sora. It costs $5 million.", language="en"),
            Document(doc_id="b", path="b.txt", text="BOOM 15 seconds", language="en")]
    t = build_tables(docs, registry=registry)
    assert t.documents["doc_id"].tolist() == ["a"]
    assert t.skipped["path"].tolist() == ["b.txt"]
    assert t.skipped["reason"].iloc[0] == "enrichment failed: ValueError: synthetic failure"
    assert isinstance(t.figures, pd.DataFrame) and len(t.figures) == 1
    assert set(t.figures["doc_id"]) == {"a"}  # the failed document left no partial rows


def test_syndicated_copy_is_flagged_and_counted_once() -> None:
    body = ("OpenAI and Microsoft are planning a data center project called Stargate that could cost as much as "
            "$100 billion, according to people familiar with the plans. The supercomputer could launch as soon as "
            "2028, the report said, and would be powered by millions of specialised chips.")
    docs = [Document(doc_id="wire", path="wire.txt", text=body, language="en", source="Reuters",
                     published=dt.date(2024, 3, 29)),
            Document(doc_id="copy", path="copy.txt", text=body + " Copyright 2024.", language="en",
                     source="Yahoo Finance", published=dt.date(2024, 3, 30)),
            Document(doc_id="other", path="other.txt", text="Sora makes video from text prompts in a minute.",
                     language="en", source="The Verge", published=dt.date(2024, 2, 16))]
    t = build_tables(docs)
    dup = t.documents.set_index("doc_id")["duplicate_of"]
    assert dup.to_dict() == {"wire": "", "copy": "wire", "other": ""}
    once = apply_filters(t, Filters())
    assert set(once.documents["doc_id"]) == {"wire", "other"}
    assert set(once.figures["doc_id"]) == {"wire"}
    every = apply_filters(t, Filters(dedupe=False))
    assert set(every.documents["doc_id"]) == {"wire", "copy", "other"}
    assert "minhash" not in t.documents.columns
