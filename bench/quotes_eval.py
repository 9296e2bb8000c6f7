"""Quote accuracy on hand-written gold of real stories: precision/recall of (speaker, quote) per language.

    .venv/bin/python -m bench.quotes_eval                    # in-sample story (tests/gold/quotes_real.toml)
    .venv/bin/python -m bench.quotes_eval --blind            # the blind story: run once, report as it came
    .venv/bin/python -m bench.quotes_eval --blind2           # the second blind story
    .venv/bin/python -m bench.quotes_eval --no-people        # with an empty people index (rules alone)
    .venv/bin/python -m bench.quotes_eval --show             # list misses and false positives
    .venv/bin/python -m bench.quotes_eval --story boj        # one story of the gold file
    .venv/bin/python -m bench.quotes_eval --speed            # time against the rules before this rewrite (git)
    .venv/bin/python -m bench.quotes_eval --stage-speed REV  # quotes stage in the enrichment, REV vs working tree
    .venv/bin/python -m bench.quotes_eval --s2               # session-2 dev stories (martial law, Noto, Nippon Steel)
    .venv/bin/python -m bench.quotes_eval --s2-blind         # session-2 blind stories: run once, report as it came
    .venv/bin/python -m bench.quotes_eval --s3-blind         # session-3 blind story (Georgia plant raid): run once

A prediction matches a gold quote when its speaker is the gold speaker (or one of its `forms`; spaces, dots and
case ignored) and its quote contains the gold fragment (spaces, punctuation and quotation marks ignored; a
fragment of 8+ characters may lack its last character, where reported speech ends before 다고/と); matching is
one to one. "people found" is the share of (document, named speaker) pairs of the gold with at least one quote of theirs
attributed to them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from analysis.quotes import UNATTRIBUTED, PeopleIndex, find_quotes, load_people
from analysis.records import Quote
from analysis.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
IN_SAMPLE = ROOT / "tests" / "gold" / "quotes_real.toml"
BLIND = ROOT / "tests" / "gold" / "quotes_real_blind.toml"
BLIND2 = ROOT / "tests" / "gold" / "quotes_real_blind2.toml"
BLIND3 = ROOT / "tests" / "gold" / "quotes_real_blind3.toml"
BLIND4 = ROOT / "tests" / "gold" / "quotes_real_blind4.toml"
S2_DEV = ROOT / "tests" / "gold" / "quotes_real_s2.toml"
S2_BLIND = ROOT / "tests" / "gold" / "quotes_real_s2_blind.toml"
S3_BLIND = ROOT / "tests" / "gold" / "quotes_real_s3_blind.toml"


def norm_text(s: str) -> str:
    return re.sub(r"[\s\"'“”‘’「」『』,，、.。:：()（）]", "", s).casefold()


def norm_name(s: str) -> str:
    return re.sub(r"[\s·・•.\-]", "", s).casefold()


@dataclass(frozen=True)
class Score:
    lang: str
    n_gold: int
    n_pred: int
    n_match: int
    people: int
    people_found: int

    @property
    def precision(self) -> float:
        return self.n_match / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.n_match / self.n_gold if self.n_gold else 1.0


def speaker_ok(pred: Quote, gold: dict) -> bool:
    if gold["speaker"] == UNATTRIBUTED:
        return pred.speaker == UNATTRIBUTED
    names = {norm_name(gold["speaker"]), *(norm_name(f) for f in gold.get("forms", []))}
    return norm_name(pred.speaker) in names


def quote_ok(frag: str, pred: str) -> bool:
    """The gold fragment is in the predicted words (a reported clause may stop before a last ending: 결정했|다고)."""
    return frag in pred or (len(frag) >= 8 and frag[:-1] in pred)


def match_doc(preds: list[Quote], golds: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs."""
    used: set[int] = set()
    pairs = []
    cands = {gi: [pi for pi, p in enumerate(preds) if speaker_ok(p, g) and quote_ok(norm_text(g["quote"]),
                                                                                      norm_text(p.quote))]
             for gi, g in enumerate(golds)}
    for gi in sorted(cands, key=lambda k: len(cands[k])):  # the most constrained gold quote first
        frag = norm_text(golds[gi]["quote"])
        free = [pi for pi in cands[gi] if pi not in used]
        if free:  # the prediction that starts with the fragment, else the shortest one containing it
            pi = min(free, key=lambda k: (not norm_text(preds[k].quote).startswith(frag[:6]), len(preds[k].quote)))
            used.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def evaluate(path: Path, people: PeopleIndex | None, show: bool = False, story: str = "") -> dict[str, Score]:
    """Scores per language (and "all") over the documents whose id starts with `story` (all when empty)."""
    with open(path, "rb") as fh:
        docs = [d for d in tomllib.load(fh)["doc"] if d["id"].startswith(story)]
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for doc in docs:
        lang = doc["lang"]
        golds = doc.get("quote", [])
        preds = find_quotes(split_sentences(doc["text"], lang), lang, people)
        pairs = match_doc(preds, golds)
        named = {g["speaker"] for g in golds if g["speaker"] != UNATTRIBUTED}
        found = {golds[gi]["speaker"] for gi, _ in pairs} & named
        for key in (lang, "all"):
            a = acc[key]
            a[0] += len(golds)
            a[1] += len(preds)
            a[2] += len(pairs)
            a[3] += len(named)
            a[4] += len(found)
        if show:
            got_g = {gi for gi, _ in pairs}
            got_p = {pi for _, pi in pairs}
            for gi, g in enumerate(golds):
                if gi not in got_g:
                    print(f"  MISS {doc['id']}: {g['speaker']} | {g['quote'][:50]}")
            for pi, p in enumerate(preds):
                if pi not in got_p:
                    print(f"  FP   {doc['id']}: {p.speaker} [{p.speaker_text}] | {p.quote[:60]}")
    return {k: Score(k, *v) for k, v in acc.items()}


def table(scores: dict[str, Score]) -> str:
    lines = ["| language | gold | predicted | matched | precision | recall | people found |",
             "|---|---|---|---|---|---|---|"]
    for lang in ("en", "ko", "zh", "ja", "all"):
        if lang in scores:
            s = scores[lang]
            lines.append(f"| {lang} | {s.n_gold} | {s.n_pred} | {s.n_match} | {s.precision:.2f} | {s.recall:.2f} | "
                         f"{s.people_found}/{s.people} |")
    return "\n".join(lines)


BASELINE_COMMIT = "2a4f171"  # analysis/quotes.py before speakers were discovered by rules (ORGS, people.toml only)


def speed(reps: int = 5) -> str:
    """Best-of-reps time of find_quotes on the gold texts and the bundled corpus: now vs the baseline commit."""
    src = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:analysis/quotes.py"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "quotes_baseline.py"
        path.write_text(src, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("quotes_baseline", path)
        assert spec and spec.loader
        old = importlib.util.module_from_spec(spec)
        sys.modules["quotes_baseline"] = old
        spec.loader.exec_module(old)
    docs = []
    for gold in (IN_SAMPLE,):
        with open(gold, "rb") as fh:
            docs += [(d["text"], d["lang"]) for d in tomllib.load(fh)["doc"]]
    seed_lang = {"000": "en", "001": "ko", "002": "ko", "003": "ko", "004": "zh"}
    docs += [(p.read_text(encoding="utf-8"), seed_lang.get(p.name[:3], "en"))
             for p in sorted((ROOT / "data" / "corpus").glob("*.txt"))]
    pre = [(split_sentences(t, lang), lang) for t, lang in docs]
    people_old = old.load_people(ROOT / "data" / "people.toml")
    people_new = load_people()

    def run(fn, people) -> float:  # noqa: ANN001
        best = float("inf")
        for _ in range(reps):
            t0 = time.perf_counter()
            for sents, lang in pre:
                fn(sents, lang, people)
            best = min(best, time.perf_counter() - t0)
        return best

    run(old.find_quotes, people_old)
    run(find_quotes, people_new)
    t_old, t_new = run(old.find_quotes, people_old), run(find_quotes, people_new)
    chars = sum(len(t) for t, _ in docs)
    return (f"{len(docs)} documents, {chars} characters: baseline {t_old * 1000:.0f} ms, now {t_new * 1000:.0f} ms, "
            f"ratio now/baseline {t_new / t_old:.2f} (best of {reps}, same run)")


STAGE = """
import importlib.util, json, subprocess, sys, time
sys.path.insert(0, {root!r})
rev = {rev!r}
if rev:  # the quotes module as it was at `rev`, everything else as it is now
    src = subprocess.run(["git", "show", rev + ":analysis/quotes.py"], cwd={root!r}, capture_output=True,
                         text=True, check=True).stdout
    spec = importlib.util.spec_from_loader("analysis.quotes", loader=None)
    mod = importlib.util.module_from_spec(spec)
    mod.__file__ = {root!r} + "/analysis/quotes.py"
    sys.modules["analysis.quotes"] = mod
    exec(compile(src, "quotes_at_rev", "exec"), mod.__dict__)
from loaders.corpus import load_corpus
from analysis import pipeline
docs = load_corpus({folder!r}).documents[:{n}]
ctx = pipeline.default_context(); pipeline.enrich_document(docs[0], ctx); pipeline.STAGE_SECONDS.clear()
n = 0
for d in docs:
    n += len(pipeline.enrich_document(d, ctx)["sentences"])
print(json.dumps({{"docs": len(docs), "sentences": n, "quotes_s": pipeline.STAGE_SECONDS["quotes"],
                  "total_s": sum(pipeline.STAGE_SECONDS.values())}}))
"""


def stage_speed(rev: str, n: int = 100) -> str:
    """The quotes stage inside the whole per-document enrichment (other enrichers share the process, as in
    bench/speed.py's stage table): `rev`'s analysis/quotes.py, then the working tree's, in one run."""
    folder = ROOT / "bench" / ".data" / "corpus-1000"
    if not folder.is_dir():
        return "no bench corpus (run python -m bench first)"
    out = {}
    for label, r in (("before", rev), ("after", "")):
        code = STAGE.format(root=str(ROOT), rev=r, folder=str(folder), n=n)
        res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        out[label] = json.loads(res.stdout.strip().splitlines()[-1])
    b, a = out["before"], out["after"]
    return (f"{a['docs']} documents ({a['sentences']} sentences), quotes stage: before ({rev}) {b['quotes_s']:.2f} s, "
            f"after {a['quotes_s']:.2f} s, ratio {a['quotes_s'] / b['quotes_s']:.2f} (same run; whole enrichment "
            f"{b['total_s']:.1f} s / {a['total_s']:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--blind", action="store_true")
    ap.add_argument("--blind2", action="store_true", help="the second blind story (Nintendo)")
    ap.add_argument("--blind3", action="store_true", help="the third blind story (Ohtani)")
    ap.add_argument("--blind4", action="store_true", help="the fourth blind story (Tim Cook)")
    ap.add_argument("--s2", action="store_true", help="session-2 dev stories (quotes_real_s2.toml)")
    ap.add_argument("--s2-blind", action="store_true", help="session-2 blind stories: run once at the end")
    ap.add_argument("--s3-blind", action="store_true", help="session-3 blind story (Georgia plant raid): run once")
    ap.add_argument("--no-people", action="store_true")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--stage-speed", metavar="REV", help="quotes stage seconds in the enrichment: REV vs now")
    ap.add_argument("--story", default="", help="only documents whose id starts with this (tsmc, boj, fuku)")
    args = ap.parse_args(argv)
    if args.speed:
        print(speed())
        return 0
    if args.stage_speed:
        print(stage_speed(args.stage_speed))
        return 0
    people = PeopleIndex([]) if args.no_people else load_people()
    chosen = [g for g, on in ((S3_BLIND, args.s3_blind), (S2_BLIND, args.s2_blind), (S2_DEV, args.s2),
                              (BLIND4, args.blind4), (BLIND3, args.blind3), (BLIND2, args.blind2),
                              (BLIND, args.blind)) if on]
    gold = chosen[0] if chosen else IN_SAMPLE
    print(table(evaluate(gold, people, args.show, args.story)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
