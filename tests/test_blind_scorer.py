"""bench/blind_eval.py's milestone date rule: a row's date is compared at the gold's precision."""

from __future__ import annotations

from bench.blind_eval import at_precision


def test_a_finer_row_date_matches_a_year_level_gold_date() -> None:
    assert at_precision("2024-12", {"2024"})  # "올해 말" given as the year by the gold, December by the pipeline
    assert at_precision("2024-07-01", {"2024-07"})
    assert at_precision("2024-07", {"2024-07"})


def test_a_coarser_or_other_date_never_matches() -> None:
    assert not at_precision("2024", {"2024-12"})  # the row says less than the gold
    assert not at_precision("2025-01", {"2024"})
    assert not at_precision("", {"2024"})
    assert not at_precision("2024-03", {"2024-02", ""})
