"""Speakers linked to the story's person entities across scripts (analysis/speakers.py, in the story pass)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from analysis.speakers import ONLY_ENTITY, SAME_DOCUMENT, link_speakers

ROOT = Path(__file__).resolve().parent.parent

ENTITIES = pd.DataFrame({"entity_id": ["trump", "kim-a", "kim-b", "acme"],
                         "name": ["Donald Trump", "Kim Yuna", "Kim Jong", "Acme"],
                         "kind": ["person", "person", "person", "organisation"]})
MENTIONS = pd.DataFrame({
    "doc_id": ["ja1", "ko1", "ko2", "ko3", "ko3", "en1"],
    "text": ["トランプ", "트럼프", "김", "김", "김", "Acme"],
    "entity_id": ["trump", "trump", "kim-a", "kim-b", "kim-a", "acme"]})


def _quotes(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "speaker", "speaker_text", "speaker_kind"])


def test_one_person_in_four_scripts_is_one_speaker() -> None:
    q = _quotes([("ja1", "トランプ", "トランプ", "person"), ("ko1", "트럼프", "트럼프 대통령", "person"),
                 ("zz", "트럼프", "", "person")])
    out = link_speakers(q, MENTIONS, ENTITIES)
    assert out["speaker"].tolist() == ["Donald Trump"] * 3
    assert out["speaker_found"].tolist() == ["トランプ", "트럼프", "트럼프"]
    assert out["speaker_basis"].iloc[0].startswith(SAME_DOCUMENT)
    assert out["speaker_basis"].iloc[2].startswith(ONLY_ENTITY)  # no mention in its own document


def test_an_ambiguous_spelling_stays_as_written() -> None:
    q = _quotes([("ko3", "김", "김", "person"), ("other", "김", "김", "person"), ("ko2", "김", "김", "person")])
    out = link_speakers(q, MENTIONS, ENTITIES)
    assert out["speaker"].tolist()[:2] == ["김", "김"]  # two entities in ko3 once each; two in the corpus
    assert out["speaker_entity"].tolist()[:2] == ["", ""]
    assert out["speaker"].iloc[2] == "Kim Yuna"  # in its own document the spelling is one person's


def test_organisations_unattributed_and_non_persons_are_never_linked() -> None:
    q = _quotes([("en1", "Acme", "Acme", "organisation"), ("ja1", "unattributed", "", None),
                 ("ja1", "トランプ", "トランプ", "handle")])
    out = link_speakers(q, MENTIONS, ENTITIES)
    assert out["speaker"].tolist() == ["Acme", "unattributed", "トランプ"]
    assert set(out["speaker_entity"]) == {""}


def test_a_second_pass_starts_from_the_quote_rules_names() -> None:
    q = _quotes([("ja1", "トランプ", "トランプ", "person")])
    once = link_speakers(q, MENTIONS, ENTITIES)
    unlinked = link_speakers(once, MENTIONS.iloc[:0], ENTITIES)  # e.g. after a story edit split the entity off
    assert unlinked["speaker"].tolist() == ["トランプ"]
    assert link_speakers(once, MENTIONS, ENTITIES)["speaker"].tolist() == ["Donald Trump"]


def test_the_cli_gives_one_speaker_per_person_across_scripts(tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "analysis", "tests/gold/blind_eval2/corpus", "--out", str(out),
                    "--no-cache", "--quiet"], cwd=ROOT, check=True, timeout=600)
    q = pd.read_csv(out / "quotes.csv")
    written = q.groupby("speaker")["speaker_found"].agg(lambda s: set(s.astype(str)))
    trump = next(v for k, v in written.items() if "Trump" in k)
    assert {"トランプ", "트럼프"} <= trump  # Japanese and Korean quotes of one person, one speaker
    linked = q[q["speaker_entity"].notna()]
    assert (linked["speaker_basis"].astype(str).str.len() > 0).all()


def test_a_family_name_written_alone_never_takes_a_speaker_named_in_full_elsewhere() -> None:
    """Two people of one family name (a father and son, both Naito): the quote rules named the son in full; the
    family name written alone is a mention of the father's entity, and must not take the son's quote."""
    entities = pd.DataFrame({"entity_id": ["father", "son"], "name": ["Naito", "Keisuke Naito"],
                             "kind": ["person", "name"]})
    mentions = pd.DataFrame({"doc_id": ["en1", "en3", "en3"], "text": ["Haruo Naito", "Naito", "Keisuke Naito"],
                             "entity_id": ["father", "father", "son"]})
    q = _quotes([("en3", "Keisuke Naito", "Naito", "person"), ("en1", "Haruo Naito", "Haruo Naito", "person")])
    out = link_speakers(q, mentions, entities)
    assert out["speaker"].tolist() == ["Keisuke Naito", "Haruo Naito"]  # the father's entity shows his full name
    assert out["speaker_entity"].tolist() == ["", "father"]


def test_a_cjk_family_name_entity_shows_the_full_name() -> None:
    entities = pd.DataFrame({"entity_id": ["n"], "name": ["内藤"], "kind": ["person"]})
    mentions = pd.DataFrame({"doc_id": ["ja1", "ja1", "ja2"], "text": ["内藤晴夫", "内藤", "エーザイ・内藤晴夫"],
                             "entity_id": ["n", "n", "n"]})
    out = link_speakers(_quotes([("ja1", "内藤", "内藤", "person")]), mentions, entities)
    assert out["speaker"].tolist() == ["内藤晴夫"]  # not the spelling glued to the company


def test_a_name_that_is_an_organisation_of_the_document_is_not_a_person() -> None:
    entities = pd.DataFrame({"entity_id": ["ns"], "name": ["Nippon Steel"], "kind": ["organisation"]})
    mentions = pd.DataFrame({"doc_id": ["zh5"], "text": ["Nippon Steel"], "entity_id": ["ns"]})
    q = _quotes([("zh5", "Nippon Steel", "日本製鐵", "person"), ("zh6", "Nippon Steel", "Steel", "person")])
    once = link_speakers(q, mentions, entities)
    assert once["speaker_kind"].tolist() == ["organisation", "person"]  # only where the document says so
    assert once["speaker_basis"].iloc[0].startswith("an organisation entity")
    again = link_speakers(once, mentions.iloc[:0], entities)  # the story changed: the pass starts afresh
    assert again["speaker_kind"].tolist() == ["person", "person"]
