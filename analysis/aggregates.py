"""Tidy aggregates behind each chart: frame in, frame out (exactly the rows a chart plots)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import settings
from analysis.filters import language_name
from analysis.langpack import pack
from core.cells import explode_lists, is_dated, published_dates

Z95 = 1.96


def counts_by(docs: pd.DataFrame, col: str) -> pd.DataFrame:
    out = docs.groupby(col, dropna=False).size().reset_index(name="documents")
    if col == "language":
        out["language_name"] = out["language"].map(language_name)
    return out.sort_values("documents", ascending=False, kind="stable").reset_index(drop=True)


def coverage_weekly(docs: pd.DataFrame, by: str = "source") -> pd.DataFrame:
    """Articles per week (weeks start on Monday) by source or language; undated articles are not plotted."""
    dated = docs[is_dated(docs["published"])].copy()
    if dated.empty:
        return pd.DataFrame(columns=["week", by, "documents"])
    d = published_dates(dated["published"])
    dated["week"] = (d - pd.to_timedelta(d.dt.day_of_week, unit="D")).dt.date.astype(str)
    return dated.groupby(["week", by]).size().reset_index(name="documents").sort_values(["week", by])


def _texts(col: pd.Series, missing: str) -> np.ndarray:
    """A column as an array of Python strings, `missing` for empty cells (categories converted once each, not per
    row)."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = np.array([str(c) for c in col.cat.categories] + [missing], dtype=object)
        return cats[col.cat.codes.to_numpy()]  # code -1 (missing) picks the last entry
    out = col.astype(object).to_numpy(copy=True)
    out[pd.isna(out)] = missing
    return np.array([x if isinstance(x, str) else str(x) for x in out], dtype=object)


def decategorize(df: pd.DataFrame) -> pd.DataFrame:
    """Category columns back to plain text (for small frames handed to code that edits values). Only the rows'
    own categories are converted (a document-id column has as many categories as the corpus has articles)."""
    cats = [c for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    if not cats:
        return df
    out = {}
    for c in cats:
        codes = df[c].cat.codes.to_numpy()
        values = np.asarray(df[c].cat.categories.take(codes.clip(0)), dtype=object) if len(codes) else \
            np.array([], dtype=object)
        if (codes < 0).any():
            values[codes < 0] = np.nan
        out[c] = pd.Series(values, index=df.index, dtype=object)
    return df.assign(**out)


def _labels(col: pd.Series) -> pd.Series:
    """Group labels as text (categories stay categories: no per-row conversion)."""
    return col if isinstance(col.dtype, pd.CategoricalDtype) else col.astype(str)


def explode_topics(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (row, topic) for rows that mention topics ("Sora; Stargate" or an Arrow list -> two rows)."""
    return explode_lists(df, "topics", "topic")


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
    dated = docs[is_dated(docs["published"])]
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


def _ledger_rows(figures: pd.DataFrame, categories: list[str] | None = None, query: str = "") -> pd.DataFrame:
    df = figures
    if categories:
        df = df[df["category"].isin(categories)]
    if query.strip():
        q = query.strip().lower()
        hit = df["text"].astype(str).str.lower().str.contains(q, regex=False) | df["sentence"].astype(
            str).str.lower().str.contains(q, regex=False)
        df = df[hit]
    return df


def ledger(figures: pd.DataFrame, categories: list[str] | None = None, query: str = "") -> pd.DataFrame:
    """The figures ledger, optionally restricted to categories and to rows whose text or sentence has `query`."""
    df = _ledger_rows(figures, categories, query)
    return df[[c for c in LEDGER_COLUMNS if c in df.columns]].reset_index(drop=True)


def highlight_spans(figures: pd.DataFrame, dates: pd.DataFrame, doc_id: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) offsets into a document's clean text for the reader's highlights."""
    spans: list[tuple[int, int, str]] = []
    for frame, kind in ((figures, "figure"), (dates, "date")):
        rows = frame[frame["doc_id"] == doc_id]
        spans += [(int(a), int(b), kind) for a, b in zip(rows["start"], rows["end"])]
    return sorted(spans)


METRIC_SETS = (("test", "frozen test set (scored once)"), ("dev", "development set (used to tune)"),
               ("eval", "held-out sentences"))


def method_metrics(info: dict) -> pd.DataFrame:
    """Measured accuracy of the sentence scorer per language, from the model card: the frozen test set when the
    card has one (`test` = {lang: {n, macro_f1, accuracy}}), the development and held-out sets, and TextBlob on
    English beside them (`textblob_*_en` = {variant: {n, macro_f1, accuracy}})."""
    cols = ["scorer", "measured_on", "language", "sentences", "accuracy", "macro_F1"]
    rows = []
    for key, name in METRIC_SETS:
        for lang, m in sorted((info.get(key) or {}).items()):
            if isinstance(m, dict) and "macro_f1" in m:
                rows.append({"scorer": info.get("method", ""), "measured_on": name, "language": language_name(lang),
                             "sentences": m.get("n"), "accuracy": m.get("accuracy"), "macro_F1": m.get("macro_f1")})
    for key in sorted(k for k in info if k.startswith("textblob_") and k.endswith("_en")):
        part = key.removeprefix("textblob_").removesuffix("_en")
        name = dict(METRIC_SETS).get(part, part)
        for variant, m in (info.get(key) or {}).items():
            if isinstance(m, dict) and "macro_f1" in m:
                rows.append({"scorer": f"TextBlob ({variant})", "measured_on": name, "language": "English",
                             "sentences": m.get("n"), "accuracy": m.get("accuracy"), "macro_F1": m.get("macro_f1")})
    return pd.DataFrame(rows, columns=cols)


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
        d = published_dates(sentences["published"])
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
    inside = [_inside(str(t), str(qt)) for t, qt in zip(m["text"], m["quote"])]
    m = m.loc[pd.Series(inside, index=m.index, dtype=bool)]  # a mask, also when empty (a list would pick columns)
    return m[["speaker", "doc_id", "sentence_idx", "text"]].reset_index(drop=True)


def _inside(figure: str, quote: str) -> bool:
    words = figure.split()
    return figure in quote or (bool(words) and words[-1] in quote)


MAX_AGREEMENT_ROWS = int(settings.get("max_agreement_rows"))


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


MAX_READER_CHOICES = int(settings.get("max_reader_choices"))


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


# ---------------------------------------------------------------- the story at a glance (Overview, Timeline)

_PERIOD_MONTHS = {"month": 1, "season": 3, "quarter": 3, "half": 6, "year": 12}
_UNTIL = re.compile(r"until (\d{4}(?:-\d{2}){0,2})")


def date_span(date: object, precision: object = "", basis: object = "") -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last day of a date at its precision (see _date_span); worked out once per distinct date."""
    return _date_span(str(date or ""), str(precision or ""), str(basis or ""))


@lru_cache(maxsize=1 << 16)
def _date_span(date: str, precision: str, basis: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last day of a date at its precision ("2028" -> 2028-01-01 .. 2028-12-31, "2024-06" season ->
    2024-06-01 .. 2024-08-31; "until YYYY-MM" in the basis extends the end). None for an unreadable date."""
    text = str(date or "")
    parts = text.split("-")
    if not parts or not parts[0].isdigit() or len(parts[0]) != 4 or not all(p.isdigit() for p in parts):
        return None
    try:
        y, m = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1
        start = pd.Timestamp(y, m, int(parts[2]) if len(parts) > 2 else 1)
        until = _UNTIL.search(str(basis or ""))
        if until:
            end_span = date_span(until.group(1))
            if end_span is not None and end_span[1] >= start:
                return start, end_span[1]
        if len(parts) == 3:
            return start, start
        months = 12 if len(parts) == 1 else _PERIOD_MONTHS.get(str(precision), 1)
        end = start + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    except ValueError:
        return None
    return start, end


def date_text(date: object, precision: object = "") -> str:
    """A date as an analyst reads it, at its precision: 2024-02-15, 2024-02, 2028, summer 2024 as 2024-06–08."""
    span = date_span(date, precision)
    if span is None:
        return str(date or "")
    start, end = span
    if str(precision) in ("season", "quarter", "half") and end.month != start.month:
        return f"{start:%Y-%m}–{end:%m}" if end.year == start.year else f"{start:%Y-%m}–{end:%Y-%m}"
    return str(date)


def publication_span(docs: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last publication date of the documents (None when none is dated)."""
    if "_published" in docs.columns:  # prepared tables: parsed once when the corpus was read
        d = docs["_published"].dropna()
    else:
        d = published_dates(docs["published"]).dropna()
    return (d.min(), d.max()) if len(d) else None


def _past(verb: str) -> str:
    """An English event predicate as a past participle for a label ("unveil" -> "unveiled", "plan" -> "planned");
    anything that is not one plain English word stays as it is."""
    v = verb.strip()
    irregular = pack("en", "labels").get("past", {})  # began, held, won (data/lang/en/labels.toml)
    if v in irregular:
        return str(irregular[v])
    if not v or not v.isascii() or not v.isalpha() or v.endswith("ed"):
        return v
    if v.endswith("e"):
        return v + "d"
    if v.endswith("y") and len(v) > 1 and v[-2] not in "aeiou":
        return v[:-1] + "ied"
    vowel_groups = re.findall(r"[aeiou]+", v)
    if len(vowel_groups) == 1 and re.search(r"[^aeiou][aeiou][bdgklmnprt]$", v):
        return v + v[-1] + "ed"
    return v + "ed"


def _event_name(topic: str, predicate: str, kind: str) -> str:
    """"Sora unveiled" for what happened, "GPT-5 to unveil" (headline style) for what is projected, the topic
    alone without a predicate."""
    if not predicate:
        return topic
    if kind == "past":
        return f"{topic} {_past(predicate)}"
    return f"{topic} to {pack('en', 'labels').get('projected', {}).get(predicate, predicate)}"


def _predicates(events: pd.DataFrame) -> dict[str, str]:
    """The most frequent event predicate per milestone (when the events table names one); ties: the first in sort
    order (as Series.mode gives). Counted at once on integer codes."""
    if "predicate" not in events.columns or "milestone_id" not in events.columns or events.empty:
        return {}
    ev = events[["milestone_id", "predicate"]]
    ev = ev[ev["predicate"].notna() & ev["milestone_id"].notna()]
    if ev.empty:
        return {}
    mids, mid_names = pd.factorize(ev["milestone_id"])
    preds, pred_names = pd.factorize(ev["predicate"])
    return _modes(mids, np.asarray(mid_names, dtype=object), preds, np.asarray(pred_names, dtype=object))


def _modes(mids: np.ndarray, mid_names: np.ndarray, preds: np.ndarray, pred_names: np.ndarray) -> dict[str, str]:
    """{milestone: its most frequent predicate} from integer codes (-1: missing, left out); ties go to the first
    predicate in sort order; empty predicates ("", "nan", "None") never count."""
    ok = (mids >= 0) & (preds >= 0)
    mids, preds = mids[ok].astype(np.int64), preds[ok]
    names = np.array([str(x) for x in pred_names], dtype=object)
    rank = np.empty(len(names), dtype=np.int64)
    rank[np.argsort(names, kind="stable")] = np.arange(len(names))  # a predicate's place in sort order
    width = max(1, len(names))
    pairs, n = np.unique(mids * width + rank[preds], return_counts=True)
    mid, place = np.divmod(pairs, width)
    ignored = rank[[i for i, x in enumerate(names) if x in ("", "nan", "None")]]
    ok = ~np.isin(place, ignored)
    mid, place, n = mid[ok], place[ok], n[ok]
    order = np.lexsort((place, -n, mid))  # per milestone: the most frequent first, ties to the first in sort order
    first = order[np.r_[True, mid[order][1:] != mid[order][:-1]]] if len(order) else order
    by_rank = names[np.argsort(rank)]
    return {str(mid_names[mid[i]]): str(by_rank[place[i]]) for i in first}


STRIP_COLUMNS = ["milestone_id", "topic", "date", "date_precision", "kind", "n_sources", "n_mentions", "sources",
                 "label", "when", "x", "start", "end"]


def _last_per_key(keys: pd.Series, values: pd.Series, coded: tuple[np.ndarray, np.ndarray] | None = None
                  ) -> dict[str, str]:
    """{key: the value of its last row} as text, for the rows whose key is known (`coded`: the keys' codes)."""
    codes, uniques = coded if coded is not None else pd.factorize(keys)
    known = np.flatnonzero(codes >= 0)
    last = np.full(len(uniques), -1, dtype=np.int64)
    np.maximum.at(last, codes[known], known)
    seen = np.flatnonzero(last >= 0)
    return {str(k): str(v) for k, v in zip(np.asarray(uniques, dtype=object)[seen], values.iloc[last[seen]])}


def milestone_points(milestones: pd.DataFrame, events: pd.DataFrame | None = None, *,
                     predicates: dict[str, str] | None = None, bases: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per merged milestone, placed on the axis: x is the middle of its period, start/end the period
    (a year, a season, a month or a day), and a label such as "Sora unveiled · 2024-02-15 · 3 sources".
    `predicates` and `bases` (each milestone's most frequent predicate and its last event's basis) are worked
    out from `events` unless given."""
    if milestones.empty:
        return pd.DataFrame(columns=STRIP_COLUMNS)
    ms = decategorize(milestones).copy()
    preds = predicates if predicates is not None else _predicates(events) if events is not None else {}
    basis: dict[str, str] = bases if bases is not None else {}
    if bases is None and events is not None and "basis" in events.columns and not events.empty:
        basis = _last_per_key(events["milestone_id"], events["basis"])  # the last row's basis per milestone
    keys = [(str(d), str(p), basis.get(str(i), "")) for d, p, i in
            zip(ms["date"], ms["date_precision"], ms["milestone_id"])]
    unique = {k: date_span(*k) for k in set(keys)}  # few distinct dates: each worked out once
    spans = [unique[k] for k in keys]
    ms["start"] = [s[0] if s else pd.NaT for s in spans]
    ms["end"] = [s[1] if s else pd.NaT for s in spans]
    ms = ms.dropna(subset=["start"])
    ms["x"] = ms["start"] + (ms["end"] - ms["start"]) / 2
    whens = {k: date_text(*k) for k in set(zip(ms["date"].astype(str), ms["date_precision"].astype(str)))}
    ms["when"] = [whens[k] for k in zip(ms["date"].astype(str), ms["date_precision"].astype(str))]
    n = pd.to_numeric(ms["n_sources"], errors="coerce").fillna(1).astype(int)
    ms["n_sources"] = n
    if "n_mentions" not in ms.columns:
        ms["n_mentions"] = n
    names = []
    for mid, topic, kind in zip(ms["milestone_id"], ms["topic"], ms["kind"]):
        names.append(_event_name(str(topic), preds.get(str(mid), ""), str(kind)))
    ms["label"] = [f"{name} · {when} · {k} source{'s' if k != 1 else ''}"
                   for name, when, k in zip(names, ms["when"], n)]
    return ms[STRIP_COLUMNS].sort_values(["x", "topic"]).reset_index(drop=True)


STRIP_EVENT_INPUT = ("milestone_id", "predicate", "basis")  # what milestone_points reads of the events


def milestone_strip_of(view, k: int = 10) -> pd.DataFrame:
    """milestone_strip of a view (analysis.filters.FilteredTables): the predicates counted on the events' integer
    codes, the events' basis read for one row per milestone. The same frame as milestone_strip(view.milestones,
    view.events)."""
    if not hasattr(view, "rows_with"):
        return milestone_strip(view.milestones, view.events, k)
    cols = view.columns("events")
    if view.count("events") == 0 or "milestone_id" not in cols:
        return milestone_strip(view.milestones, view.table("events", STRIP_EVENT_INPUT), k)
    mids = view.codes("events", "milestone_id")
    preds = _modes(*mids, *view.codes("events", "predicate")) if "predicate" in cols else {}
    bases = _last_per_key(None, view.table("events", ["basis"])["basis"], mids) if "basis" in cols else {}
    return milestone_strip(view.milestones, k=k, predicates=preds, bases=bases)


def milestone_strip(milestones: pd.DataFrame, events: pd.DataFrame | None = None, k: int = 10, *,
                    predicates: dict[str, str] | None = None, bases: dict[str, str] | None = None) -> pd.DataFrame:
    """The milestones that tell the story, in date order: at most k, one per topic and kind first. Ranked by how
    many sources report them and how often; ties go to the topic the corpus mentions most, then to what is
    projected (what comes next is news)."""
    pts = milestone_points(milestones, events, predicates=predicates, bases=bases)
    if pts.empty:
        return pts
    weight = pts.groupby("topic")["n_mentions"].transform("sum")
    ranked = pts.assign(_w=weight, _p=(pts["kind"] == "projected").astype(int)).sort_values(
        ["n_sources", "n_mentions", "_w", "_p", "x"], ascending=[False, False, False, False, True], kind="stable")
    first = ranked.drop_duplicates(["topic", "kind"])
    rest = ranked.drop(first.index)
    chosen = pd.concat([first, rest]).head(k).drop(columns=["_w", "_p"])
    return chosen.sort_values(["x", "topic"]).reset_index(drop=True)


KEY_FIGURE_COLUMNS = ["shown", "text", "also_text", "normalized_value", "normalized_unit", "amount", "topic",
                      "n_sources", "sources", "sentence", "doc_id"]
_LEADING_WORD = re.compile(r"^[^\d\s$€£¥₩₹]+\s+(?=\S*[\d$€£¥₩₹])")


def _amount_only(text: str) -> str:
    """A second rendering without its leading approximation word ("약 135조원" -> "135조원", "about $1 billion" ->
    "$1 billion"): the ≈ beside it says as much. Language-independent: a first word with no digit or currency
    sign, followed by one that has them, is dropped."""
    return _LEADING_WORD.sub("", text.strip(), count=1)


def _also(money: pd.DataFrame) -> pd.DataFrame:
    """`also_text` of each money row: the figures table's column when present; otherwise a second rendering of
    the same amount written right after it in the same sentence ("1000억달러(약 135조원)": within 3 characters,
    another currency, a converted value within 10%), which is then dropped as a row of its own."""
    m = money.copy()
    if "also_text" in m.columns:
        m["also_text"] = m["also_text"].astype(object).where(m["also_text"].notna(), "").astype(str)
        m.loc[m["also_text"].isin(["nan", "None"]), "also_text"] = ""
        return m
    m["also_text"] = ""
    if not {"start", "end", "doc_id"} <= set(m.columns) or m.empty:
        return m
    drop = []
    m = m.sort_values(["doc_id", "start"], kind="stable")
    rows = list(m.itertuples())
    for a, b in zip(rows, rows[1:]):
        if a.Index in drop or a.doc_id != b.doc_id or str(a.unit) == str(b.unit):
            continue
        gap = float(b.start) - float(a.end)
        va, vb = float(a.normalized_value), float(b.normalized_value)
        if 0 <= gap <= 3 and max(va, vb) > 0 and abs(va - vb) / max(va, vb) <= 0.10:
            m.loc[a.Index, "also_text"] = str(b.text)
            drop.append(b.Index)
    return m.drop(index=drop)


MAX_KEY_CANDIDATES = int(settings.get("max_key_candidates"))


def key_figures(figures: pd.DataFrame, k: int = 3, tolerance: float = 0.15,
                details: Callable[[pd.Index], pd.DataFrame] | None = None) -> pd.DataFrame:
    """The largest money amounts, one per amount: "1000억달러 ≈ 135조원" (the amount as quoted, with its second
    rendering), its value in the tables' currency, its topic, and how many sources quote an amount within
    `tolerance` of it on the same topic.

    `details(labels)`: those rows with the columns the cards show (KEY_FIGURE_DETAILS), when `figures` holds only
    KEY_FIGURE_INPUT (see key_figures_of)."""
    money = figures[(figures["category"] == "money") & figures["normalized_value"].notna()]
    if money.empty:
        return pd.DataFrame(columns=KEY_FIGURE_COLUMNS)
    # every money row takes part in the source counts: only the three columns they need, as plain arrays
    every = pd.DataFrame({"topic": _texts(money["topic"], ""), "source": _texts(money["source"], "nan"),
                          "normalized_value": pd.to_numeric(money["normalized_value"], errors="coerce")},
                         index=money.index)
    top = money.loc[every["normalized_value"].nlargest(MAX_KEY_CANDIDATES).index]  # the cards show the largest
    if details is not None:  # the candidates' other columns, for them alone
        top = details(top.index)
    m = _also(decategorize(top).assign(topic=every.loc[top.index, "topic"],
                                       normalized_value=every.loc[top.index, "normalized_value"]))
    m = m.sort_values(["normalized_value", "also_text"], ascending=[False, False], kind="stable")
    out, used = [], set()
    for idx in m.index:
        if idx in used:
            continue
        r = m.loc[idx]
        v = float(r["normalized_value"])
        close = (every["topic"] == r["topic"]) & ((every["normalized_value"] - v).abs() <= tolerance * max(abs(v),
                                                                                                        1e-9))
        used.update(every.index[close])
        near = m.loc[m.index.intersection(every.index[close])]
        sources = set(every.loc[close, "source"])
        best = near.sort_values("also_text", key=lambda s: s.str.len(), ascending=False).iloc[0]
        also = _amount_only(str(best["also_text"])) if best["also_text"] else ""
        out.append({"shown": f"{best['text']} ≈ {also}" if also else str(best["text"]), "text": best["text"],
                    "also_text": best["also_text"], "normalized_value": v, "normalized_unit": r["normalized_unit"],
                    "amount": f"≈ {human_number(v)} {r['normalized_unit']}", "topic": r["topic"],
                    "n_sources": len(sources), "sources": "; ".join(sorted(sources)),
                    "sentence": best["sentence"], "doc_id": best["doc_id"]})
        if len(out) >= k:
            break
    return pd.DataFrame(out, columns=KEY_FIGURE_COLUMNS)


KEY_FIGURE_INPUT = ("category", "normalized_value", "topic", "source")  # read for every figure of the view
KEY_FIGURE_DETAILS = (*KEY_FIGURE_INPUT, "text", "also_text", "normalized_unit", "unit", "sentence", "doc_id",
                      "start", "end")  # read for the largest candidates only


def key_figures_of(view, k: int = 3, tolerance: float = 0.15) -> pd.DataFrame:
    """key_figures of a view's figures (analysis.filters.FilteredTables), reading only the columns it needs: four
    for every figure, the others for the largest candidates alone. The same frame as key_figures(view.figures)."""
    if not hasattr(view, "rows_with"):
        return key_figures(view.figures, k, tolerance)
    return key_figures(view.table("figures", KEY_FIGURE_INPUT), k, tolerance,
                       details=lambda labels: view.rows_with("figures", labels, KEY_FIGURE_DETAILS))


def human_number(v: float) -> str:
    """A rounded amount in words, three significant digits: 98,973,607,038 -> "99.0 billion"."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    for div, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= div:
            return f"{v / div:.3g} {name}"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


def top_speakers(quotes: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """Who is quoted most: speaker, role, quotes, sources (named speakers only). Counted vectorised; roles and
    source lists are worked out for the top k only (a large corpus has thousands of speakers)."""
    cols = ["speaker", "role", "quotes", "n_sources", "sources"]
    q = quotes[quotes["speaker"] != "unattributed"] if not quotes.empty else quotes
    if q.empty:
        return pd.DataFrame(columns=cols)
    # quotes per (speaker, source) pair, on the category codes: no per-row text conversion
    pairs = q.groupby(["speaker", "source"], observed=True, dropna=False).size()
    pairs = pairs[pairs > 0]
    per = pairs.groupby(level=0, observed=True, dropna=False)
    counts = pd.DataFrame({"quotes": per.sum(), "n_sources": per.size()})
    counts.index = counts.index.astype(str)
    counts = counts.rename_axis("speaker").reset_index().sort_values(
        ["quotes", "n_sources", "speaker"], ascending=[False, False, True]).head(k)
    chosen = q[q["speaker"].isin(list(counts["speaker"]))]
    speaker = chosen["speaker"].astype(object).astype(str)
    rows = []
    for r in counts.itertuples():
        mine = chosen[speaker == r.speaker]
        rows.append({"speaker": r.speaker, "role": _most_common_text(mine["role"]) if "role" in mine else "",
                     "quotes": int(r.quotes), "n_sources": int(r.n_sources),
                     "sources": "; ".join(sorted({str(x) for x in mine["source"].unique()}))})
    return pd.DataFrame(rows, columns=cols)


SPEAKER_INPUT = ("speaker", "source", "role")


def top_speakers_of(view, k: int = 5) -> pd.DataFrame:
    """top_speakers of a view's quotes (analysis.filters.FilteredTables), counted on the speakers' and sources'
    integer codes; roles are read for the top k only. The same frame as top_speakers(view.quotes)."""
    if not hasattr(view, "rows_with"):
        return top_speakers(view.quotes, k)
    cols = view.columns("quotes")
    if view.count("quotes") == 0 or not {"speaker", "source"} <= set(cols):
        return top_speakers(view.table("quotes", SPEAKER_INPUT), k)
    sp, sp_names = view.codes("quotes", "speaker")
    src, src_names = view.codes("quotes", "source")
    if (sp < 0).any() or (src < 0).any():  # missing values: the frame-based count says how they group
        return top_speakers(view.table("quotes", SPEAKER_INPUT), k)
    names = np.array([str(x) for x in sp_names], dtype=object)
    named = np.flatnonzero(names[sp] != "unattributed")
    if not len(named):
        return pd.DataFrame(columns=["speaker", "role", "quotes", "n_sources", "sources"])
    width = max(1, len(src_names))
    pairs, n = np.unique(sp[named] * width + src[named], return_counts=True)
    who = pairs // width
    quotes = np.bincount(who, weights=n, minlength=len(names)).astype(np.int64)
    n_sources = np.bincount(who, minlength=len(names))
    top = sorted(np.flatnonzero(n_sources > 0), key=lambda c: (-quotes[c], -n_sources[c], names[c]))[:k]
    roles = view.table("quotes", ["role"])["role"] if "role" in cols else None
    rows = []
    for c in top:
        mine = named[sp[named] == c]
        rows.append({"speaker": names[c], "role": _most_common_text(roles.iloc[mine]) if roles is not None else "",
                     "quotes": int(quotes[c]), "n_sources": int(n_sources[c]),
                     "sources": "; ".join(sorted({str(src_names[x]) for x in np.unique(src[mine])}))})
    return pd.DataFrame(rows, columns=["speaker", "role", "quotes", "n_sources", "sources"])


def _most_common_text(col: pd.Series) -> str:
    """The most frequent non-empty text of a column ("" when there is none); ties: the first in sort order."""
    if isinstance(col.dtype, pd.CategoricalDtype):  # count the values present, not every category of the corpus
        col = col.astype(object)
    vc = col.value_counts(dropna=True)
    vc = vc[vc > 0]
    vc.index = vc.index.astype(object).astype(str)
    vc = vc[~vc.index.isin(["", "nan", "None"])]
    if vc.empty:
        return ""
    return str(min(vc.index[vc == vc.max()]))


def discriminates(counts: pd.Series) -> bool:
    """A bar chart of counts says something only when the counts differ (not every bar the same height)."""
    return len(counts) > 1 and counts.nunique() > 1


def sentiment_contrast(summary: pd.DataFrame, by: str, name=str) -> str:
    """One sentence on whether the groups differ: the highest and lowest mean, and whether their 95% intervals
    overlap (then the difference is not clear at this sample size)."""
    d = summary.dropna(subset=["mean"])
    if len(d) < 2:
        return ""
    lo, hi = d.loc[d["mean"].idxmin()], d.loc[d["mean"].idxmax()]
    a, b = name(lo[by]), name(hi[by])
    if pd.isna(lo["ci_high"]) or pd.isna(hi["ci_low"]):
        return (f"{b} scores highest ({hi['mean']:+.2f}) and {a} lowest ({lo['mean']:+.2f}), but one of them has "
                "too few scored sentences for an interval: no clear difference can be read.")
    if lo["ci_high"] >= hi["ci_low"]:
        return (f"No clear difference: {b} ({hi['mean']:+.2f}) and {a} ({lo['mean']:+.2f}) are the extremes, "
                "and their 95% intervals overlap.")
    return (f"{b} ({hi['mean']:+.2f}) is more positive than {a} ({lo['mean']:+.2f}); their 95% intervals do not "
            "overlap.")


_SECONDS = ((365.2425 * 86400, "year"), (30.436875 * 86400, "month"), (7 * 86400, "week"), (86400, "day"),
            (3600, "hour"), (60, "minute"), (1, "second"))


def human_amount(v: object, unit: object) -> str:
    """A normalised value as an analyst reads it: money rounded in words (≈ 99.0 billion USD), a duration held
    in seconds in its largest whole unit (1.5 years), a count with its unit."""
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if math.isnan(x):
        return ""
    u = str(unit or "")
    if u == "second":
        for size, name in _SECONDS:
            if abs(x) >= size:
                n = x / size
                return f"{n:.3g} {name}{'s' if round(n, 2) != 1 else ''}"
        return f"{x:.3g} seconds"
    return f"{human_number(x)} {u}".strip()


def agreement_view(groups: pd.DataFrame, all_groups: bool = False) -> pd.DataFrame:
    """The agreement table as shown: groups two or more sources back (all of them with all_groups), their range
    in words."""
    if groups.empty:
        return pd.DataFrame(columns=["topic", "category", "range", "n_sources", "agreement", "texts", "sources",
                                     "note"])
    g = groups if all_groups else groups[pd.to_numeric(groups["n_sources"], errors="coerce").fillna(0) >= 2]
    lo = [human_amount(a, u) for a, u in zip(g["value_min"], g["normalized_unit"])]
    hi = [human_amount(b, u) for b, u in zip(g["value_max"], g["normalized_unit"])]
    rng = [a if a == b else f"{a} – {b}" for a, b in zip(lo, hi)]
    out = g.assign(range=rng)
    return out[["topic", "category", "range", "n_sources", "agreement", "texts", "sources", "note"]].reset_index(
        drop=True)


def ledger_view(figures: pd.DataFrame, categories: list[str] | None = None, query: str = "",
                limit: int | None = None) -> pd.DataFrame:
    """The ledger as shown: the amount as quoted (with its second rendering, "1000억달러 ≈ 135조원"), its
    conversion rounded in words with the rate it used, then the context."""
    cols = ["quoted", "converted", "rate", "category", "topic", "source", "language", "sentence", "doc_id"]
    df = _ledger_rows(figures, categories, query)
    df = decategorize(df.head(limit) if limit else df)  # the table shows its first rows; the CSV has them all
    if df.empty:
        return pd.DataFrame(columns=cols)
    quoted = df["text"].astype(str).tolist()
    if "also_text" in df.columns:
        also = df["also_text"].astype(object).where(df["also_text"].notna(), "").astype(str)
        quoted = [f"{q} ≈ {_amount_only(x)}" if x not in ("", "nan", "None") else q
                  for q, x in zip(quoted, also)]
    basis = df["normalization_basis"].astype(str) if "normalization_basis" in df.columns else pd.Series(
        "", index=df.index)
    money = (df["category"].astype(str) == "money").tolist()
    conv = [("≈ " if m and b != "as stated" else "") + human_amount(v, u) if pd.notna(v) else ""
            for v, u, b, m in zip(df["normalized_value"], df["normalized_unit"], basis, money)]
    rate = [b if m and b != "as stated" else "" for b, m in zip(basis, money)]  # a unit conversion is no news
    if "vague" in df.columns:  # 수백만, 數百萬, "several hundred": no number is shown for them
        conv = ["vague: no number" if vg else c for c, vg in zip(conv, df["vague"].fillna(False).astype(bool))]
    out = pd.DataFrame({"quoted": quoted, "converted": conv, "rate": rate,
                        "category": df["category"].tolist(), "topic": df["topic"].tolist(),
                        "source": df["source"].tolist(), "language": df["language"].tolist(),
                        "sentence": df["sentence"].tolist(), "doc_id": df["doc_id"].tolist()})
    if "vague" in df.columns and df["vague"].fillna(False).astype(bool).any():
        out.insert(2, "vague", df["vague"].fillna(False).astype(bool).tolist())
    return out


def people_only(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes whose speaker is a person (or unattributed): rows the quotes table marks as an organisation's
    (`speaker_kind`) are left out; without that column every row stays."""
    if "speaker_kind" not in quotes.columns or quotes.empty:
        return quotes
    kind = quotes["speaker_kind"].astype(str)
    return quotes[kind.isin(["person", "", "nan", "None"]) | (quotes["speaker"].astype(str) == "unattributed")]
