"""The shared records, re-exported: they live in :mod:`core.records` (below both loaders and analysis)."""

from __future__ import annotations

from core.records import (
    CorpusError,
    DateMention,
    Document,
    Event,
    Figure,
    Quote,
    Sentence,
    SentimentScore,
    Skipped,
)

__all__ = ["CorpusError", "DateMention", "Document", "Event", "Figure", "Quote", "Sentence", "SentimentScore",
           "Skipped"]
