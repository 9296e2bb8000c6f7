"""Decode bytes to text: BOMs first, then UTF-8, then the legacy CJK codecs, choosing by script fit."""

from __future__ import annotations

import re

_CANDIDATES = ("cp949", "gb18030", "big5", "shift_jis")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_BAD = re.compile(r"[\ufffd\u0080-\u009f\ue000-\uf8ff]")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")  # what Chinese or Korean bytes read as Shift_JIS turn into


class DecodeError(ValueError):
    pass


def _fit(text: str, codec: str) -> float:
    """How plausible the decoded text is: share of expected-script characters, minus junk."""
    n = max(len(text), 1)
    hangul, kana, han = len(_HANGUL.findall(text)), len(_KANA.findall(text)), len(_HAN.findall(text))
    bad = len(_BAD.findall(text)) + len(_HALFWIDTH_KANA.findall(text))
    # Legacy bytes read with the wrong codec become rare Han "soup" without Hangul or Kana: Hangul decides
    # cp949, Kana (doubly weighted) decides Shift_JIS, plain Han goes to the Chinese codecs.
    expected = {"cp949": hangul, "gb18030": han, "big5": han, "shift_jis": 2 * kana + han}[codec]
    return (expected - 3 * bad) / n


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raise DecodeError with a reason when no codec fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM shows NULs in every other byte of ASCII text
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        if odd > 0.3 * len(data[1:4096:2]) and even == 0:
            try:
                return data.decode("utf-16-le"), "utf-16-le"
            except UnicodeDecodeError:
                pass
        if even > 0.3 * len(data[0:4096:2]) and odd == 0:
            try:
                return data.decode("utf-16-be"), "utf-16-be"
            except UnicodeDecodeError:
                pass
        raise DecodeError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for codec in _CANDIDATES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _fit(text, codec)
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is None or best[0] <= 0:
        raise DecodeError("cannot decode: not UTF-8, UTF-16, CP949, GB18030, Big5 or Shift_JIS")
    return best[1], best[2]
