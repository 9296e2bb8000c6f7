"""The enriched tidy tables and their column contracts (the CLI writes these columns first, in this order)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

DOC_COLUMNS = [
    "doc_id", "path", "title", "source", "url", "language", "published", "published_basis", "n_sentences",
    "sentiment", "n_scored", "topics", "title_basis", "source_basis", "language_basis", "n_chars", "duplicate_of",
]
SENT_COLUMNS = [
    "doc_id", "path", "idx", "text", "language", "sentiment", "sentiment_label", "sentiment_method",
    "sentiment_reason", "textblob", "topics", "source", "published", "start", "end",
]
EVENT_COLUMNS = [
    "doc_id", "path", "topic", "date", "date_precision", "kind", "date_text", "sentence", "tz_note", "basis",
    "sentence_idx", "source", "language", "published", "milestone_id", "predicate", "entity_id",
]
FIG_COLUMNS = [
    "doc_id", "path", "text", "value", "value_max", "unit", "category", "normalized_value", "normalized_unit",
    "approximate", "sentence", "vague", "normalization_basis", "topic", "sentence_idx", "source", "language",
    "published", "start", "end",
]
QUOTE_COLUMNS = [
    "doc_id", "path", "speaker", "quote", "sentence", "role", "speaker_text", "attribution", "sentence_idx",
    "source", "language", "published", "sentiment",
]
DATE_COLUMNS = ["doc_id", "path", "start", "end", "text", "date", "precision", "date_end", "tz_note", "basis"]
MILESTONE_COLUMNS = [
    "milestone_id", "topic", "date", "date_precision", "kind", "sources", "n_sources", "n_mentions",
    "first_reported", "first_source", "disagreement", "sentences", "predicate", "entity_id",
]
SKIPPED_COLUMNS = ["path", "reason"]
# Name mentions (analysis.entities): offsets into the document text; entity_id set by the linking pass.
MENTION_COLUMNS = ["doc_id", "path", "sentence_idx", "entity_id", "text", "start", "end", "kind", "basis", "language"]
ENTITY_COLUMNS = ["entity_id", "name", "kind", "aliases", "n_mentions", "n_documents", "languages", "merge_reasons",
                  "is_topic", "rank", "curated"]
# Candidate milestones (a date with an event predicate), cached per file; events are chosen from them.
CANDIDATE_COLUMNS = ["doc_id", "path", "sentence_idx", "date", "date_precision", "kind", "date_text", "tz_note",
                     "basis", "predicate", "predicate_text", "sentence"]
# Tables stored per file in the cache and in snapshots. "entities" is never written by enrichment: it is derived
# in finish_tables from the mentions (like milestones) and listed here so snapshots and outputs keep it.
ROW_TABLES = ("documents", "sentences", "events", "figures", "quotes", "dates", "skipped", "mentions", "candidates",
              "entities")
COLUMNS = {"documents": DOC_COLUMNS, "sentences": SENT_COLUMNS, "events": EVENT_COLUMNS, "figures": FIG_COLUMNS,
           "quotes": QUOTE_COLUMNS, "dates": DATE_COLUMNS, "skipped": SKIPPED_COLUMNS,
           "milestones": MILESTONE_COLUMNS, "mentions": MENTION_COLUMNS, "entities": ENTITY_COLUMNS,
           "candidates": CANDIDATE_COLUMNS}


def frame(rows: list[dict] | pd.DataFrame, name: str) -> pd.DataFrame:
    """A table with its contract columns first (missing ones added empty), extra columns after."""
    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    columns = COLUMNS[name]
    for c in columns:
        if c not in df.columns:
            df[c] = pd.Series(dtype="object")
    extra = [c for c in df.columns if c not in columns]
    return df[columns + extra]


@dataclass(frozen=True)
class Tables:
    documents: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DOC_COLUMNS))
    sentences: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SENT_COLUMNS))
    events: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EVENT_COLUMNS))
    milestones: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MILESTONE_COLUMNS))
    figures: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FIG_COLUMNS))
    quotes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=QUOTE_COLUMNS))
    dates: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DATE_COLUMNS))
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SKIPPED_COLUMNS))
    mentions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MENTION_COLUMNS))
    candidates: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CANDIDATE_COLUMNS))
    entities: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ENTITY_COLUMNS))
    # Sentence texts, by sentence row label, kept apart from the sentences table once it is prepared for the
    # dashboard (filtering then never copies 2 million strings). Empty until analysis.filters.prepare.
    sentence_text: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["text"]))

    def names(self) -> list[str]:
        return [f.name for f in fields(self)]


