"""Tidy aggregates behind each chart: frame in, frame out (exactly the rows a chart plots)."""

from __future__ import annotations

import math

import pandas as pd

from analysis.filters import language_name

Z95 = 1.96


def counts_by(docs: pd.DataFrame, col: str) -> pd.DataFrame:
    out = docs.groupby(col, dropna=False).size().reset_index(name="documents")
    if col == "language":
        out["language_name"] = out["language"].map(language_name)
    return out.sort_values("documents", ascending=False, kind="stable").reset_index(drop=True)


def coverage_weekly(docs: pd.DataFrame, by: str = "source") -> pd.DataFrame:
    """Articles per week (weeks start on Monday) by source or language; undated articles are not plotted."""
    dated = docs[docs["published"].astype(str).str.len() > 0].copy()
    if dated.empty:
        return pd.DataFrame(columns=["week", by, "documents"])
    d = pd.to_datetime(dated["published"], errors="coerce")
    dated["week"] = (d - pd.to_timedelta(d.dt.day_of_week, unit="D")).dt.date.astype(str)
    return dated.groupby(["week", by]).size().reset_index(name="documents").sort_values(["week", by])


def decategorize(df: pd.DataFrame) -> pd.DataFrame:
    """Category columns back to plain text (for small frames handed to code that edits values)."""
    cats = [c for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    return df.astype({c: object for c in cats}) if cats else df


def _labels(col: pd.Series) -> pd.Series:
    """Group labels as text (categories stay categories: no per-row conversion)."""
    return col if isinstance(col.dtype, pd.CategoricalDtype) else col.astype(str)


def explode_topics(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (row, topic) for rows that mention topics ("Sora; Stargate" -> two rows)."""
    col = df["topics"]
    values = col.cat.categories if isinstance(col.dtype, pd.CategoricalDtype) else col.astype(str).unique()
    split = {str(v): str(v).split("; ") for v in values if str(v) not in ("", "nan")}
    rows = df[col.isin(list(split))]
    return rows.assign(topic=rows["topics"].astype(str).map(split)).explode("topic")


def sentiment_summary(sentences: pd.DataFrame, by: str) -> pd.DataFrame:
    """Mean sentence score with a 95% interval (normal approximation), spread, scored and not-scored counts."""
    df = explode_topics(sentences) if by == "topic" else sentences
    cols = [by, "mean", "sd", "ci_low", "ci_high", "n_scored", "n_not_scored", "share_scored"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    score = pd.to_numeric(df["sentiment"], errors="coerce")
    g = score.groupby(_labels(df[by]), observed=True)
    out = pd.DataFrame({"mean": g.mean(), "sd": g.std(ddof=1), "n_scored": g.count(), "n": g.size()})
    half = Z95 * out["sd"] / out["n_scored"].clip(lower=1) ** 0.5
    half[out["n_scored"] < 2] = math.nan
    out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
    out["n_not_scored"] = out["n"] - out["n_scored"]
    out["share_scored"] = out["n_scored"] / out["n"]
    out = out.rename_axis(by).reset_index()
    return out[cols].sort_values("mean", na_position="last").reset_index(drop=True)


def sentiment_shares(sentences: pd.DataFrame, by: str) -> pd.DataFrame:
    """Share of positive / neutral / negative among scored sentences, for diverging bars."""
    df = explode_topics(sentences) if by == "topic" else sentences
    df = df[df["sentiment_label"].isin(["positive", "neutral", "negative"])]
    cols = [by, "label", "sentences", "share"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    out = df.groupby([_labels(df[by]), _labels(df["sentiment_label"])], observed=True).size().reset_index(
        name="sentences")
    out = out.rename(columns={"sentiment_label": "label"})
    out["share"] = out["sentences"] / out.groupby(by)["sentences"].transform("sum")
    return out[cols]


def extreme_sentences(sentences: pd.DataFrame, k: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The k most positive and k most negative scored sentences (rows keep their labels: texts can be joined)."""
    cols = [c for c in ["sentiment", "text", "source", "language", "doc_id", "idx"] if c in sentences.columns]
    score = pd.to_numeric(sentences["sentiment"], errors="coerce")
    pos = sentences.loc[score[score > 0].nlargest(k).index, cols]
    neg = sentences.loc[score[score < 0].nsmallest(k).index, cols]
    return pos, neg


def money_points(figures: pd.DataFrame, target: str = "USD", rates=None) -> pd.DataFrame:
    """Money figures with a known amount, in `target` (the tables hold USD; `rates` converts onward)."""
    money = figures[(figures["category"] == "money") & figures["normalized_value"].notna()]
    cols = ["source", "normalized_value", "normalized_unit", "text", "value", "unit", "topic", "language",
            "sentence", "doc_id", "normalization_basis"]
    out = money[cols].copy()
    if target != "USD" and rates is not None and not out.empty:
        out["normalized_value"] = out["normalized_value"].map(lambda v: rates.convert(float(v), "USD", target))
        out["normalization_basis"] = out["normalization_basis"] + f"; then 1 USD = {rates.per_usd[target]:g} {target}"
        out["normalized_unit"] = target
        out = out.dropna(subset=["normalized_value"])
    return out.sort_values("normalized_value", ascending=False).reset_index(drop=True)


def people_counts(quotes: pd.DataFrame) -> pd.DataFrame:
    q = quotes[quotes["speaker"] != "unattributed"]
    cols = ["speaker", "source", "language", "quotes"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    return q.groupby(["speaker", "source", "language"]).size().reset_index(name="quotes")[cols]


def timeline_points(events: pd.DataFrame) -> pd.DataFrame:
    """One point per topic, date, kind and source (mentions counted), placed in the middle of its date's period
    (see _pad_date); the hover shows the first sentence behind it."""
    cols = ["topic", "x", "date", "date_precision", "kind", "source", "language", "mentions", "date_text",
            "sentence", "doc_id", "milestone_id"]
    if events.empty:
        return pd.DataFrame(columns=cols)
    df = decategorize(events[["topic", "date", "date_precision", "kind", "source", "language", "date_text",
                              "sentence", "doc_id", "milestone_id"]])
    keys = ["topic", "date", "kind", "source"]
    firsts = df.drop_duplicates(keys).set_index(keys)
    firsts["mentions"] = df.groupby(keys).size()
    out = firsts.reset_index()
    out["x"] = pd.to_datetime(out["date"].astype(str).map(_pad_date), errors="coerce")
    return out.dropna(subset=["x"])[cols].sort_values(["topic", "x"]).reset_index(drop=True)


def _pad_date(d: str) -> str:
    """Where a date of coarse precision sits on the axis: the middle of its period (2028 -> 2028-07-01,
    2024-02 -> 2024-02-15), so "later this year" is not drawn before what was announced in February."""
    parts = d.split("-")
    if not parts or not parts[0].isdigit():
        return ""
    if len(parts) == 1:
        return f"{parts[0]}-07-01"
    if len(parts) == 2:
        return f"{parts[0]}-{parts[1]}-15"
    return d


def takeaways(docs: pd.DataFrame, events: pd.DataFrame, figures: pd.DataFrame,
              sentences: pd.DataFrame) -> list[str]:
    """A few computed sentences for the overview, each traceable to rows in the tables."""
    out: list[str] = []
    proj = events[events["kind"] == "projected"]
    if not proj.empty:
        last = proj.assign(x=proj["date"].astype(str).map(_pad_date)).sort_values("x").iloc[-1]
        out.append(f"Latest projected milestone: {last['topic']} ({last['date']}, \"{last['date_text']}\"), "
                   f"reported by {last['source']}.")
    money = money_points(figures)
    if not money.empty:
        top = money.iloc[0]
        out.append(f"Largest money figure: \"{top['text']}\" ≈ {_human(top['normalized_value'])} "
                   f"{top['normalized_unit']}" + (f" ({top['topic']})" if top["topic"] else "")
                   + f", quoted by {top['source']}.")
    summ = sentiment_summary(sentences, "source")
    summ = summ[summ["n_scored"] >= 3]
    if len(summ) >= 2:
        worst, best = summ.iloc[0], summ.iloc[-1]
        lead = "Most negative source" if worst["mean"] < 0 else "Least positive source"
        out.append(f"{lead}: {worst['source']} (mean {worst['mean']:+.2f} over {int(worst['n_scored'])} scored "
                   f"sentences); most positive: {best['source']} ({best['mean']:+.2f}).")
    dated = docs[docs["published"].astype(str).str.len() > 0]
    if not dated.empty:
        out.append(f"Coverage runs from {dated['published'].min()} to {dated['published'].max()}"
                   f" ({len(docs) - len(dated)} undated).")
    return out


def _human(v: float) -> str:
    for div, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= div:
            return f"{v / div:,.3g} {name}"
    return f"{v:,.0f}"


LEDGER_COLUMNS = ["text", "value", "value_max", "unit", "normalized_value", "normalized_unit", "category",
                  "approximate", "vague", "topic", "source", "language", "sentence", "doc_id", "path",
                  "normalization_basis"]


def ledger(figures: pd.DataFrame, categories: list[str] | None = None, query: str = "") -> pd.DataFrame:
    """The figures ledger, optionally restricted to categories and to rows whose text or sentence has `query`."""
    df = figures
    if categories:
        df = df[df["category"].isin(categories)]
    if query.strip():
        q = query.strip().lower()
        hit = df["text"].astype(str).str.lower().str.contains(q, regex=False) | df["sentence"].astype(
            str).str.lower().str.contains(q, regex=False)
        df = df[hit]
    return df[[c for c in LEDGER_COLUMNS if c in df.columns]].reset_index(drop=True)


def highlight_spans(figures: pd.DataFrame, dates: pd.DataFrame, doc_id: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) offsets into a document's clean text for the reader's highlights."""
    spans: list[tuple[int, int, str]] = []
    for frame, kind in ((figures, "figure"), (dates, "date")):
        rows = frame[frame["doc_id"] == doc_id]
        spans += [(int(a), int(b), kind) for a, b in zip(rows["start"], rows["end"])]
    return sorted(spans)


def method_metrics(info: dict) -> pd.DataFrame:
    """Measured accuracy of the sentence scorer per language (from the model card), TextBlob beside it."""
    rows = [{"scorer": info.get("method", ""), "language": language_name(lang), "sentences": m.get("n"),
             "accuracy": m.get("accuracy"), "macro_F1": m.get("macro_f1")}
            for lang, m in sorted(info.get("eval", {}).items())]
    for variant, m in info.get("textblob_eval_en", {}).items():
        rows.append({"scorer": f"TextBlob ({variant})", "language": "English", "sentences": m.get("n"),
                     "accuracy": m.get("accuracy"), "macro_F1": m.get("macro_f1")})
    return pd.DataFrame(rows, columns=["scorer", "language", "sentences", "accuracy", "macro_F1"])


def english_comparison(sentences: pd.DataFrame) -> pd.DataFrame:
    """English sentences: the cross-lingual score beside TextBlob's (domain-fixed) polarity, per source."""
    en = sentences[(sentences["language"] == "en")].copy()
    cols = ["source", "cross_lingual_mean", "textblob_mean", "sentences"]
    if en.empty:
        return pd.DataFrame(columns=cols)
    en["sentiment"] = pd.to_numeric(en["sentiment"], errors="coerce")
    en["textblob"] = pd.to_numeric(en["textblob"], errors="coerce")
    out = en.groupby("source").agg(cross_lingual_mean=("sentiment", "mean"), textblob_mean=("textblob", "mean"),
                                   sentences=("idx", "size")).reset_index()
    return out[cols]


def sentiment_over_time(sentences: pd.DataFrame, by: str = "source", docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mean sentence score per week (weeks start on Monday) and source/language; undated articles left out.

    docs: the whole (unfiltered) documents table of prepared tables, whose `_week` the rows' `_doc` index."""
    cols = ["period", by, "mean", "n_scored"]
    score = pd.to_numeric(sentences["sentiment"], errors="coerce")
    if docs is not None and "_week" in docs.columns and "_doc" in sentences.columns:
        week = pd.Series(docs["_week"].to_numpy()[sentences["_doc"].to_numpy()], index=sentences.index)
    else:
        d = pd.to_datetime(sentences["published"].astype(str).replace("", None), errors="coerce")
        week = (d - pd.to_timedelta(d.dt.day_of_week, unit="D")).dt.date.astype(str).where(d.notna(), "")
    ok = score.notna() & (week != "") & week.notna()
    if not ok.any():
        return pd.DataFrame(columns=cols)
    frame = pd.DataFrame({"period": week[ok], by: _labels(sentences.loc[ok, by]), "sentiment": score[ok]})
    out = frame.groupby(["period", by], observed=True)["sentiment"].agg(["mean", "size"]).reset_index()
    out = out.rename(columns={"size": "n_scored"})
    return out[cols].sort_values(["period", by]).reset_index(drop=True)


def people_summary(quotes: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per speaker: quotes, sources, languages, mean sentence sentiment, figures cited in their quotes."""
    cols = ["speaker", "role", "quotes", "sources", "languages", "mean_sentiment", "figures_cited"]
    q = quotes[quotes["speaker"] != "unattributed"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    cited = quote_figures(q, figures)
    rows = []
    for speaker, g in q.groupby("speaker"):
        roles = [r for r in g["role"].astype(str) if r and r != "nan"]
        figs = cited[cited["speaker"] == speaker]["text"].tolist()
        rows.append({"speaker": speaker, "role": max(set(roles), key=roles.count) if roles else "",
                     "quotes": len(g), "sources": "; ".join(sorted(set(g["source"]))),
                     "languages": ", ".join(language_name(x) for x in sorted(set(g["language"]))),
                     "mean_sentiment": pd.to_numeric(g["sentiment"], errors="coerce").mean(),
                     "figures_cited": "; ".join(dict.fromkeys(figs))})
    return pd.DataFrame(rows, columns=cols).sort_values(["quotes", "speaker"], ascending=[False, True])


def quote_figures(quotes: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Figures that stand inside a quote's sentence (same document and sentence), with the speaker."""
    if quotes.empty or figures.empty:
        return pd.DataFrame(columns=["speaker", "doc_id", "sentence_idx", "text"])
    q = quotes[["speaker", "doc_id", "sentence_idx", "quote"]].dropna(subset=["sentence_idx"])
    f = figures[["doc_id", "sentence_idx", "text"]].dropna(subset=["sentence_idx"])
    m = q.astype({"sentence_idx": "int64"}).merge(f.astype({"sentence_idx": "int64"}), on=["doc_id", "sentence_idx"])
    m = m[[str(t) in str(qt) or str(t).split()[-1] in str(qt) for t, qt in zip(m["text"], m["quote"])]]
    return m[["speaker", "doc_id", "sentence_idx", "text"]]


MAX_AGREEMENT_ROWS = 20_000


def agreement_candidates(figures: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Figures worth comparing across sources (a topic, a number), at most MAX_AGREEMENT_ROWS; note says why
    fewer were compared."""
    f = figures[(figures["topic"].astype(str).replace("nan", "") != "") & figures["normalized_value"].notna()]
    if "vague" in f.columns:
        f = f[~f["vague"].fillna(False).astype(bool)]
    if len(f) <= MAX_AGREEMENT_ROWS:
        return decategorize(f), ""
    money = f[f["category"] == "money"]
    if len(money) <= MAX_AGREEMENT_ROWS:
        return decategorize(money), (f"{len(f):,} figures carry a topic: only the {len(money):,} money figures "
                                     "are compared (narrow the filters to compare every category).")
    return decategorize(money.head(MAX_AGREEMENT_ROWS)), (
        f"Only the first {MAX_AGREEMENT_ROWS:,} of {len(money):,} money figures are compared; narrow the filters "
        "to compare them all.")


MAX_READER_CHOICES = 1000


def reader_choices(docs: pd.DataFrame, find: str = "", keep: str | None = None) -> pd.DataFrame:
    """Documents offered by the reader's picker: those matching `find` (title, source or path), at most
    MAX_READER_CHOICES, always including `keep` (the article already open)."""
    out = docs
    if find.strip():
        q = find.strip().lower()
        hay = (docs["title"].astype(str) + " " + docs["source"].astype(str) + " " + docs["path"].astype(str))
        out = docs[hay.str.lower().str.contains(q, regex=False)]
    head = out.head(MAX_READER_CHOICES)
    if keep is not None and keep not in set(head["doc_id"].astype(str)):
        head = pd.concat([docs[docs["doc_id"].astype(str) == keep], head])
    return head
