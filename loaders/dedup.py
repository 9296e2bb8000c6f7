"""Near-duplicate documents (syndicated copies, one wire story in two outlets).

Character 5-gram shingles over the text (NFKC, case-folded, whitespace collapsed) (works for Korean, Chinese
and Japanese without segmentation), hashed with a stable 64-bit rolling hash in numpy. Candidates come from
MinHash LSH (one-permutation hashing with densification: one hash per shingle, so 10k documents take seconds);
every candidate pair is then confirmed with the exact Jaccard similarity of the two shingle sets, so a reported
pair always has Jaccard >= threshold. Groups are joined transitively; each group maps to its first copy (earliest
published, undated last, then path order).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from core.records import Document

SHINGLE = 5
NUM_BINS = 128
_P = np.uint64(0x100000001B3)  # FNV prime as the rolling-hash base
_EMPTY = np.uint64(np.iinfo(np.uint64).max)


def normalize_for_shingles(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the rolling hash over all 64 bits (uint64 arithmetic wraps)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """Sorted unique 64-bit hashes of the character k-grams of the normalised text (empty if shorter than k)."""
    norm = normalize_for_shingles(text)
    if len(norm) < k:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(k):
            h = h * _P + codes[i : i + n] + np.uint64(1)
        h = np.sort(_mix(h))
    keep = np.empty(len(h), dtype=bool)
    keep[0] = True
    np.not_equal(h[1:], h[:-1], out=keep[1:])
    return h[keep]


def _signature(hashes: np.ndarray, bins: int = NUM_BINS) -> np.ndarray:
    """One-permutation MinHash: the minimum hash in each of ``bins`` buckets; empty buckets borrow from the
    next non-empty one (rotation densification) so that short texts still get comparable signatures."""
    sig = np.full(bins, _EMPTY, dtype=np.uint64)
    if len(hashes) == 0:
        return sig
    shift = np.uint64(64 - int(np.log2(bins)))
    bucket = (hashes >> shift).astype(np.int64)
    np.minimum.at(sig, bucket, hashes & ((np.uint64(1) << shift) - np.uint64(1)))
    empty = sig == _EMPTY
    if empty.any():
        filled = np.flatnonzero(~empty)
        idx = np.arange(bins)
        pos = np.searchsorted(filled, idx) % len(filled)  # next non-empty bucket, circularly
        donor = filled[pos]
        dist = ((donor - idx) % bins).astype(np.uint64)
        with np.errstate(over="ignore"):
            sig = np.where(empty, sig[donor] + dist * np.uint64(0x9E3779B97F4A7C15), sig)
    return sig


def _bands(threshold: float) -> tuple[int, int]:
    """(bands, rows) with bands * rows == NUM_BINS; the LSH curve sits well below the threshold (high recall)."""
    if threshold >= 0.7:
        return 32, 4  # P(candidate | J=0.7) > 0.9999
    if threshold >= 0.45:
        return 64, 2
    return 128, 1


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) == 0 or len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def near_duplicate_pairs(docs: Sequence[Document], threshold: float = 0.8) -> list[tuple[int, int, float]]:
    """(i, j, jaccard) for every confirmed pair of documents (indices into docs, i < j)."""
    shingles = [shingle_hashes(d.text) for d in docs]
    bands, rows = _bands(threshold)
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i, sh in enumerate(shingles):
        if len(sh) == 0:
            continue
        sig = _signature(sh)
        for b in range(bands):
            buckets[(b, sig[b * rows : (b + 1) * rows].tobytes())].append(i)
    candidates: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                candidates.add((members[x], members[y]))
    pairs: list[tuple[int, int, float]] = []
    for i, j in sorted(candidates):
        a, b = shingles[i], shingles[j]
        if min(len(a), len(b)) < threshold * max(len(a), len(b)):
            continue  # the size ratio bounds Jaccard from above
        sim = jaccard(a, b)
        if sim >= threshold:
            pairs.append((i, j, sim))
    return pairs


def near_duplicates(docs: Sequence[Document], threshold: float = 0.8) -> dict[str, str]:
    """Map each duplicate doc_id to the doc_id of the first copy of its group (the first copy is not a key).

    The first copy is the earliest published document of the group; undated ones come after dated ones;
    ties go to path order. Similarity is the Jaccard index of character 5-gram sets (threshold inclusive).
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    pairs = [(i, j) for i, j, _ in near_duplicate_pairs(docs, threshold)]
    keys = [_order_key(d, i) for i, d in enumerate(docs)]
    return _first_copies([d.doc_id for d in docs], pairs, keys)


def signature(text: str) -> bytes:
    """A document's MinHash signature (128 × 32 bits), small enough to keep beside its row in the tables."""
    return (_signature(shingle_hashes(text)) & np.uint64(0xFFFFFFFF)).astype("<u4").tobytes()


def near_duplicates_from_signatures(doc_ids: Sequence[str], signatures: Sequence[bytes | None],
                                    order_keys: Sequence[tuple], threshold: float = 0.8) -> dict[str, str]:
    """near_duplicates() for a corpus whose texts are not in memory: the Jaccard index is estimated from the
    signatures (share of equal MinHash bins; ±0.04 at 128 bins) instead of being computed exactly."""
    bands, rows = _bands(threshold)
    sigs = [np.frombuffer(s, dtype="<u4") if s else None for s in signatures]
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i, sig in enumerate(sigs):
        if sig is None or len(sig) != NUM_BINS:
            continue
        for b in range(bands):
            buckets[(b, sig[b * rows:(b + 1) * rows].tobytes())].append(i)
    candidates = {(m[x], m[y]) for m in buckets.values() if len(m) > 1
                  for x in range(len(m)) for y in range(x + 1, len(m))}
    pairs = [(i, j) for i, j in sorted(candidates) if float(np.mean(sigs[i] == sigs[j])) >= threshold]
    return _first_copies(list(doc_ids), pairs, list(order_keys))


def _first_copies(doc_ids: list[str], pairs: list[tuple[int, int]], keys: list[tuple]) -> dict[str, str]:
    """Union the pairs into groups; map every member but the first (smallest key) to the first."""
    parent = list(range(len(doc_ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(doc_ids)):
        groups[find(i)].append(i)
    result: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        first = min(members, key=lambda m: keys[m])
        for m in members:
            if m != first:
                result[doc_ids[m]] = doc_ids[first]
    return result


def _order_key(doc: Document, index: int) -> tuple[int, str, str, int]:
    published = doc.published.isoformat() if doc.published else ""
    return (0 if published else 1, published, doc.path, index)
