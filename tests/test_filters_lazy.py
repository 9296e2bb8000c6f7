"""The app's lazy data layer: tables read column by column from an output folder, filtered views that take only
the columns an aggregate asks for, and the view-level aggregates (the same frames as on the whole tables)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import aggregates as agg
from analysis import views
from analysis.filters import CorpusTables, FilteredTables, Filters, apply_filters, document_mask, index_tables
from analysis.store import _write_snapshot, write_output
from analysis.tables import Tables
from ui.state import _lazy


@pytest.fixture(scope="module")
def output(seed_tables, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lazy") / "parquet"
    write_output(seed_tables, out, corpus=Path("data/corpus"))
    return out


def _filters(docs: pd.DataFrame) -> list[Filters]:
    langs = sorted(docs["language"].astype(str).unique())
    sources = sorted(docs["source"].astype(str).unique())
    topics = sorted({x for v in docs["topics"].astype(str) for x in v.split("; ") if x and x != "nan"})
    out = [Filters(languages=(x,)) for x in langs] + [Filters(sources=tuple(sources[:2]))]
    out += [Filters(topics=(t,)) for t in topics[:3]] + [Filters(), Filters(dedupe=False)]
    return out


def test_a_narrow_read_reads_only_its_columns_and_equals_the_whole_table(output: Path) -> None:
    lazy = _lazy(output)
    narrow = lazy.table("figures", ["category", "normalized_value"])
    assert "figures" not in lazy.loaded()  # only two columns (and the document key) were read
    assert set(lazy._narrow["figures"].columns) == {"doc_id", "_doc", "category", "normalized_value"}
    whole = _lazy(output).figures
    assert list(narrow.columns) == ["category", "normalized_value"]
    pd.testing.assert_frame_equal(narrow, whole[["category", "normalized_value"]])
    assert lazy.count("figures") == len(whole) > 0
    after = lazy.figures  # the whole table read later: every column, in the contract's order
    assert list(after.columns) == list(whole.columns)
    pd.testing.assert_frame_equal(lazy.table("figures", ["text"]), whole[["text"]])


def test_a_column_the_parts_lack_is_empty_as_in_the_whole_table(output: Path) -> None:
    lazy = _lazy(output)
    got = lazy.table("quotes", ["speaker", "no_such_column"])
    assert list(got.columns) == ["speaker"]  # not a column of the table: left out
    whole = _lazy(output).quotes
    pd.testing.assert_frame_equal(got, whole[["speaker"]])


def test_filtered_columns_and_counts_equal_the_filtered_whole_tables(seed_tables: Tables, output: Path) -> None:
    lazy = _lazy(output)
    for f in _filters(lazy.documents):
        view = FilteredTables(lazy, f)
        whole = FilteredTables(_lazy(output), f)
        for name, cols in (("events", ["milestone_id", "predicate", "basis"]), ("figures", ["topic", "text"]),
                           ("quotes", ["speaker", "role"]), ("sentences", ["sentiment", "topics"])):
            pd.testing.assert_frame_equal(view.table(name, cols), whole.table(name)[cols])
            assert view.count(name) == len(whole.table(name))
        pd.testing.assert_frame_equal(view.milestones, whole.milestones)
        plain = apply_filters(seed_tables, f)  # the same rows as filtering the plain tables
        assert view.count("figures") == len(plain.figures) and view.count("events") == len(plain.events)
        assert sorted(view.documents["doc_id"].astype(str)) == sorted(plain.documents["doc_id"].astype(str))


def test_view_aggregates_equal_the_whole_table_aggregates(output: Path) -> None:
    lazy = _lazy(output)
    for f in _filters(lazy.documents):
        view = FilteredTables(lazy, f)
        whole = FilteredTables(_lazy(output), f)
        pd.testing.assert_frame_equal(agg.key_figures_of(view, 8), agg.key_figures(whole.figures, 8))
        pd.testing.assert_frame_equal(agg.top_speakers_of(view), agg.top_speakers(whole.quotes))
        pd.testing.assert_frame_equal(agg.milestone_strip_of(view), agg.milestone_strip(whole.milestones,
                                                                                          whole.events))
        pd.testing.assert_frame_equal(views.headline_quantities_of(view, min_sources=1),
                                      views.headline_quantities(whole.figures, min_sources=1))
    assert not agg.key_figures_of(FilteredTables(lazy)).empty  # the bundled corpus quotes money


def test_view_aggregates_of_plain_tables(seed_tables: Tables) -> None:
    pd.testing.assert_frame_equal(agg.key_figures_of(seed_tables), agg.key_figures(seed_tables.figures))
    view = FilteredTables(CorpusTables.of(seed_tables), Filters(languages=("ko",)))
    pd.testing.assert_frame_equal(agg.top_speakers_of(view), agg.top_speakers(view.quotes))


def _predicates_reference(events: pd.DataFrame) -> dict[str, str]:
    """The mode of each milestone's predicates as pandas' value_counts gives it (the former implementation)."""
    ev = events[events["predicate"].notna() & events["milestone_id"].notna()]
    if ev.empty:
        return {}
    n = ev.value_counts(["milestone_id", "predicate"]).rename("n").reset_index().astype(
        {"milestone_id": str, "predicate": str})
    n = n[~n["predicate"].isin(["", "nan", "None"])]
    n = n.sort_values(["milestone_id", "n", "predicate"], ascending=[True, False, True], kind="stable")
    first = n.drop_duplicates("milestone_id")
    return dict(zip(first["milestone_id"], first["predicate"]))


@pytest.mark.parametrize("seed", range(20))
def test_predicate_modes_equal_value_counts(seed: int) -> None:
    rng = random.Random(seed)
    preds = ["unveil", "open", "plan", "launch", "", None, "발표", "发布"]
    rows = [{"milestone_id": f"m{rng.randint(0, 12)}" if rng.random() > 0.05 else None,
             "predicate": rng.choice(preds)} for _ in range(rng.randint(1, 300))]
    events = pd.DataFrame(rows, columns=["milestone_id", "predicate"])
    assert agg._predicates(events) == _predicates_reference(events)
    cats = events.astype({"milestone_id": "category", "predicate": "category"})
    assert agg._predicates(cats) == _predicates_reference(events)


def test_document_mask_on_categories_equals_the_row_by_row_mask() -> None:
    docs = pd.DataFrame({"doc_id": list("abcdef"), "published": ["2024-01-02", "", "2024-03-01", "x", "", ""],
                         "language": ["en", "ko", "ko", "zh", "en", "ja"], "source": list("PQRPQR"),
                         "topics": ["Sora", "Sora; Stargate", "", "nan", "Stargate", "Voice"],
                         "duplicate_of": ["", "a", "", "nan", "", "nannan"]})
    cats = docs.astype({c: "category" for c in ("language", "source", "topics", "duplicate_of")})
    for f in (Filters(topics=("Stargate",)), Filters(topics=("Sora", "Voice")), Filters(dedupe=True),
              Filters(languages=("ko",), include_undated=False), Filters(dedupe=False, sources=("Q",))):
        assert np.array_equal(document_mask(docs, f).to_numpy(), document_mask(cats, f).to_numpy()), f
    assert document_mask(docs, Filters(topics=("Stargate",), dedupe=False)).tolist() == [False, True, False, False,
                                                                                         True, False]
    assert document_mask(docs, Filters()).tolist() == [True, False, True, True, True, False]  # copies left out


def test_a_snapshot_is_read_column_by_column_like_an_output_folder(seed_tables: Tables, tmp_path: Path) -> None:
    """The store's snapshot holds the tables indexed (categories, `_doc`): narrow reads equal the whole table."""
    snap = tmp_path / "final" / "s"
    _write_snapshot(snap, index_tables(seed_tables))
    lazy, whole = _lazy(snap), _lazy(snap)
    for name, cols in (("figures", ["topic", "text", "category"]), ("events", ["milestone_id", "basis"]),
                       ("quotes", ["speaker", "role"]), ("sentences", ["topics", "sentiment"])):
        pd.testing.assert_frame_equal(lazy.table(name, cols), whole.table(name)[cols])
    for f in (Filters(languages=("ko",)), Filters()):
        view, full = FilteredTables(lazy, f), FilteredTables(whole, f)
        pd.testing.assert_frame_equal(agg.key_figures_of(view), agg.key_figures(full.figures))
        pd.testing.assert_frame_equal(agg.milestone_strip_of(view), agg.milestone_strip(full.milestones, full.events))


def _headline_reference(figures: pd.DataFrame, k: int = 3, tolerance: float = 0.15, min_sources: int = 2):
    """headline_quantities written the plain way (every group of every category and unit, pandas all along)."""
    f = figures[~figures["category"].astype(str).isin(views.NOT_HEADLINE) & figures["normalized_value"].notna()]
    f = f.assign(_v=pd.to_numeric(f["normalized_value"]), _topic=f["topic"].fillna("").astype(str),
                 _src=f["source"].fillna("").astype(str), _text=f["text"].astype(str).str.strip())
    groups = []
    for _, part in f.groupby([f["category"].astype(str), f["normalized_unit"].astype(str)], sort=False,
                             dropna=False):
        part = part.sort_values("_v", kind="stable")
        start, vals = 0, part["_v"].tolist()
        for i in range(1, len(vals) + 1):
            if i == len(vals) or vals[i] - vals[start] > tolerance * max(abs(vals[i]), 1e-9):
                groups.append(part.iloc[start:i])
                start = i
    out = []
    for g in groups:
        sources = sorted(set(g["_src"]))
        if len(sources) < min_sources:
            continue
        wordings, named = g["_text"].value_counts(), g["_topic"].value_counts()
        topics = [t for t in named.index if t]
        main = topics[0] if topics and named[topics[0]] * 2 > len(g) else ""
        out.append({"shown": wordings.index[0], "amount": " · ".join(list(wordings.index[1:4])), "topic": main,
                    "n_sources": len(sources), "sources": "; ".join(sources), "sentence": str(g["sentence"].iloc[0]),
                    "also_topics": "; ".join(t for t in topics if t != main),
                    "normalized_value": float(g["_v"].median())})
    if not out:
        return pd.DataFrame(columns=views.HEADLINE_OUT)
    ranked = pd.DataFrame(out, columns=views.HEADLINE_OUT)
    return ranked.sort_values(["n_sources", "normalized_value"], ascending=False, kind="stable").head(k)


@pytest.mark.parametrize("seed", range(40))
def test_headline_quantities_equal_the_plain_reference(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 80))
    figures = pd.DataFrame({
        "category": rng.choice(["count", "duration", "mass", "money", None], n),
        "normalized_unit": rng.choice(["", "s", "kg", None], n),
        "normalized_value": np.where(rng.random(n) < 0.1, np.nan, rng.choice([1, 1.1, 1.2, 2, 3, 3.3, 10, -5, 0], n)),
        "source": rng.choice(["a", "b", "c", "d", None], n), "topic": rng.choice(["", "X", "Y", None], n),
        "text": rng.choice(["a", "b", " c", "d"], n), "sentence": [f"s{i}" for i in range(n)]},
        index=rng.permutation(n) + 100)
    want = _headline_reference(figures).reset_index(drop=True)
    got = views.headline_quantities(figures)
    pd.testing.assert_frame_equal(got.astype(str), want.astype(str))
