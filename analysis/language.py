"""Language identification: script ratios first (exact for CJK), py3langid for Latin text."""

from __future__ import annotations

import re
from functools import lru_cache

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

UNKNOWN = "und"


def script_counts(text: str) -> dict[str, int]:
    return {
        "hangul": len(_HANGUL.findall(text)),
        "kana": len(_KANA.findall(text)),
        "han": len(_HAN.findall(text)),
        "latin": len(_LATIN.findall(text)),
    }


@lru_cache(maxsize=1)
def _langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, str]:
    """Return (ISO 639-1 code or "und", basis).

    Hangul decides Korean, Kana decides Japanese (Japanese text mixes Kanji and Kana), Han alone is Chinese.
    Latin-script text goes to py3langid. Text with no letters is "und".
    """
    c = script_counts(text)
    cjk = c["hangul"] + c["kana"] + c["han"]
    letters = cjk + c["latin"]
    if letters == 0:
        return UNKNOWN, "rule: no letters"
    # CJK characters carry ~3x the information of a Latin letter: weigh them so that
    # a Korean article full of English product names stays Korean.
    if cjk * 3 >= c["latin"]:
        if c["hangul"] >= max(c["kana"], 1) and c["hangul"] >= 0.2 * cjk:
            return "ko", "rule: Hangul script"
        if c["kana"] >= 0.05 * cjk and c["kana"] > 0:
            return "ja", "rule: Kana script"
        if c["han"]:
            return "zh", "rule: Han script"
    lang, prob = _langid().classify(text[:5000])
    return str(lang), f"py3langid ({prob:.2f})"
