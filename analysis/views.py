"""Small pure shapes of aggregates as pages show them (no Streamlit): distinct key-figure cards, counts said in
words when a chart would not discriminate, the grouping that has a line over time to draw."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.cells import split_topics

MAX_BARS = 15  # bars a counts chart draws; the rest are summed up in its note
# money has its own cards; a share or a multiple says nothing without what it is of ("100%", "3 times")
NOT_HEADLINE = ("money", "percent", "multiplier")


def distinct_cards(cards: pd.DataFrame, k: int = 3, tolerance: float = 0.15) -> pd.DataFrame:
    """At most k key-figure cards of distinct amounts. `cards` (agg.key_figures, largest first) has one row per
    topic and amount; one amount quoted under several topics (a deal's price under each party's name) becomes
    one card: the row most sources quote (a row with a topic first among equals), its source count and
    sources the union of those rows', `also_topics` the other topics. Amounts within `tolerance` of the
    previous one are the same amount."""
    if cards.empty:
        return cards.assign(also_topics=pd.Series(dtype=object))
    rows = cards.sort_values("normalized_value", ascending=False, kind="stable").reset_index(drop=True)
    groups: list[list[int]] = []
    for i, v in enumerate(rows["normalized_value"].astype(float)):
        if groups and abs(float(rows.loc[groups[-1][0], "normalized_value"]) - v) <= tolerance * max(abs(v), 1e-9):
            groups[-1].append(i)
        else:
            groups.append([i])
    out = []
    for g in groups[:k]:
        part = rows.loc[g]
        rank = part.assign(_topic=part["topic"].astype(str).ne(""), _n=part["n_sources"].astype(int))
        best = rank.sort_values(["_n", "_topic"], ascending=False, kind="stable").iloc[0]
        sources = sorted({s for val in part["sources"] for s in split_topics(val)})  # "; " cells, as topics
        others = [t for t in dict.fromkeys(part["topic"].astype(str)) if t and t != best["topic"]]
        row = best.drop(labels=["_topic", "_n"]).to_dict()
        row.update(n_sources=max(len(sources), int(best["n_sources"])), sources="; ".join(sources),
                   also_topics="; ".join(others))
        out.append(row)
    return pd.DataFrame(out, columns=[*cards.columns, "also_topics"])


def counts_in_words(counts: pd.DataFrame, name: str, value: str = "documents", unit: str = "article",
                    most: int = 3) -> str:
    """A sentence instead of a chart when the counts hardly differ: every group the same count, or only a few
    groups (at most `most`) above a count all the others share. "" when a chart says more."""
    if counts.empty:
        return ""
    n = counts[value].astype(int)
    low = int(n.min())

    def units(k: int) -> str:
        return f"{k} {unit}{'s' if k != 1 else ''}"

    names = counts[name].astype(str)
    if n.nunique() == 1:
        return f"Every {name} has {units(low)}: " + "; ".join(names) + "."
    above = counts[n > low]
    if n.nunique() == 2 and len(above) <= most and len(counts) - len(above) >= 2 * len(above):
        lead = "; ".join(f"{s} {units(int(k))}" for s, k in zip(above[name].astype(str), above[value].astype(int)))
        return f"{lead}; the other {len(counts) - len(above)} {name}s {units(low)} each."
    return ""


def top_bars(counts: pd.DataFrame, value: str = "documents", n: int = MAX_BARS) -> tuple[pd.DataFrame, int]:
    """The n largest counts (ties in the given order) and how many groups were left out."""
    top = counts.sort_values(value, ascending=False, kind="stable").head(n)
    return top.reset_index(drop=True), max(0, len(counts) - n)


def has_line(over_time: pd.DataFrame, by: str) -> bool:
    """Whether some group of a weekly series (agg.sentiment_over_time) has two or more weeks to join."""
    return not over_time.empty and int(over_time.groupby(by)["period"].nunique().max()) >= 2


def headline_quantities(figures: pd.DataFrame, k: int = 3, tolerance: float = 0.15, min_sources: int = 2
                        ) -> pd.DataFrame:
    """The quantities most sources quote when a story has no money ("53 days", "about 2 kg"): figures of one
    category and unit whose values lie within `tolerance` of each other, ranked by how many sources quote them.
    Columns as distinct_cards' (`shown`: the most quoted wording, `amount`: other wordings as written, never a
    converted number), only groups quoted by `min_sources` or more. Vague amounts have no value and take no
    part. Money, percentages and multipliers are not headline quantities (NOT_HEADLINE)."""
    if "source" not in figures.columns or figures.empty:
        return pd.DataFrame(columns=HEADLINE_OUT)
    codes = {c: pd.factorize(figures[c], use_na_sentinel=False)[0] for c in ("category", "normalized_unit", "source")}
    cats = pd.Index(pd.factorize(figures["category"], use_na_sentinel=False)[1])
    return _headline(codes, cats, figures["normalized_value"], lambda pos: figures.iloc[pos][_DETAILS], k, tolerance,
                     min_sources)


def headline_quantities_of(view, k: int = 3, tolerance: float = 0.15, min_sources: int = 2) -> pd.DataFrame:
    """headline_quantities of a view's figures (analysis.filters.FilteredTables): grouped on the codes the corpus
    worked out once per column, the wordings read for the rows of the groups shown alone. The same frame as
    headline_quantities(view.figures)."""
    if not hasattr(view, "rows_with"):
        return headline_quantities(view.figures, k, tolerance, min_sources)
    if "source" not in view.columns("figures"):
        return pd.DataFrame(columns=HEADLINE_OUT)
    values = view.table("figures", ["normalized_value"])["normalized_value"]
    codes, cats = {}, pd.Index([])
    for c in ("category", "normalized_unit", "source"):
        codes[c], uniques = view.codes("figures", c)
        if c == "category":
            cats = pd.Index(uniques)
    labels = values.index
    return _headline(codes, cats, values, lambda pos: view.rows_with("figures", labels[pos], _DETAILS), k,
                     tolerance, min_sources)


HEADLINE_OUT = ["shown", "amount", "topic", "n_sources", "sources", "sentence", "also_topics", "normalized_value"]
_DETAILS = ["source", "topic", "text", "sentence"]


def _headline(codes: dict[str, np.ndarray], categories: pd.Index, values: pd.Series, details, k: int,
              tolerance: float, min_sources: int) -> pd.DataFrame:
    """headline_quantities on integer codes per row (-1 = missing); `details(positions)` gives the rows at those
    positions with _DETAILS, asked for the groups shown only."""
    cols = HEADLINE_OUT
    if not len(values):
        return pd.DataFrame(columns=cols)
    headline_codes = np.flatnonzero(~categories.astype(str).isin(NOT_HEADLINE))
    v_all = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    keep = (np.isin(codes["category"], headline_codes) | (codes["category"] < 0)) & ~np.isnan(v_all)
    pos = np.flatnonzero(keep)
    if not len(pos):
        return pd.DataFrame(columns=cols)
    v = v_all[pos]
    gid = _value_groups(codes["category"][pos], codes["normalized_unit"][pos], v, tolerance)
    # sources per group first (vectorised); wordings and topics only for the few groups that are shown
    per = pd.DataFrame({"gid": gid, "src": codes["source"][pos], "v": v})
    n_src = per.drop_duplicates(["gid", "src"]).groupby("gid", sort=True).size()
    median = per.groupby("gid", sort=True)["v"].median()
    stats = pd.DataFrame({"n_sources": n_src, "normalized_value": median})
    stats = stats[stats["n_sources"] >= min_sources]
    if stats.empty:
        return pd.DataFrame(columns=cols)
    top = stats.sort_values(["n_sources", "normalized_value"], ascending=False, kind="stable").head(k)
    out = []
    for g_id in top.index:
        mine = np.flatnonzero(gid == g_id)
        mine = mine[np.lexsort((mine, v[mine]))]  # the group's rows by value, then by position (stable)
        g = details(pos[mine])
        g = g.assign(_v=v[mine], _topic=g["topic"].fillna("").astype(str), _src=g["source"].fillna("").astype(str),
                     _text=g["text"].astype(str).str.strip())
        sources = sorted(g["_src"].unique().tolist())
        wordings = g["_text"].value_counts()
        named = g["_topic"].value_counts()
        topics = [t for t in named.index if t]
        # a topic names the card only when most of its figures carry it (a topic is each figure's nearest name)
        main = topics[0] if topics and named[topics[0]] * 2 > len(g) else ""
        out.append({"shown": wordings.index[0], "amount": " · ".join(list(wordings.index[1:4])), "topic": main,
                    "n_sources": len(sources), "sources": "; ".join(sources),
                    "sentence": str(g["sentence"].iloc[0]), "also_topics": "; ".join(t for t in topics if t != main),
                    "normalized_value": float(g["_v"].median())})
    return pd.DataFrame(out, columns=cols)


def _value_groups(category: np.ndarray, unit: np.ndarray, values: np.ndarray, tolerance: float) -> np.ndarray:
    """A group number per row: rows of one category and unit whose sorted values lie within `tolerance` of the
    group's smallest value. Numbered by first appearance of the (category, unit) pair, then by value. The chaining
    runs over the distinct values only (a large corpus repeats its figures)."""
    pair = pd.factorize((category.astype(np.int64) + 1) * (int(unit.max()) + 2) + unit + 1, sort=False)[0]
    gid = np.empty(len(values), dtype=np.int64)
    next_id = 0
    for p in range(int(pair.max()) + 1):
        idx = np.flatnonzero(pair == p)
        distinct, inverse = np.unique(values[idx], return_inverse=True)
        ids = np.empty(len(distinct), dtype=np.int64)
        start = 0
        for i in range(len(distinct)):
            if distinct[i] - distinct[start] > tolerance * max(abs(distinct[i]), 1e-9):
                next_id += 1
                start = i
            ids[i] = next_id
        next_id += 1
        gid[idx] = ids[inverse.ravel()]
    return gid
