"""Speakers as the story's people: each quoted person linked to the person entity their name is a mention of, so
that one person quoted as トランプ, 트럼프, 特朗普 and Donald Trump is one speaker on the People page.

Part of the story pass (cheap, over cached rows): quotes keep `speaker_text` as written and `speaker_found` as the
quote rules named the speaker (so the pass can run again after a story edit); `speaker` becomes the entity's
display name when the link is sure, `speaker_entity` the entity's id, and `speaker_basis` says how the link was
made. Precision first: a speaker is linked only through an exact spelling, first among the person mentions of the
quote's own document, then through a spelling that only one person entity of the corpus has; an ambiguous
spelling stays as written.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

SAME_DOCUMENT = "same spelling as a person mention in this document"
ONLY_ENTITY = "the only person entity of the corpus with this spelling"
ORGANISATION = "an organisation entity of this document has this spelling: not a person"


def link_speakers(quotes: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """quotes with `speaker` set to the linked person's display name, plus `speaker_entity` and `speaker_basis`
    ("" where no sure link exists)."""
    if "speaker_found" in quotes.columns:  # a second pass starts from the quote rules' own names and kinds
        quotes = quotes.assign(speaker=quotes["speaker_found"])
        if "speaker_basis" in quotes.columns and "speaker_kind" in quotes.columns:
            was_person = quotes["speaker_basis"].astype(str).str.startswith(ORGANISATION)
            quotes = quotes.assign(speaker_kind=quotes["speaker_kind"].where(~was_person, "person"))
    if quotes.empty:
        return quotes.assign(speaker_found=pd.Series(dtype="object"), speaker_entity=pd.Series(dtype="object"),
                             speaker_basis=pd.Series(dtype="object"))
    need = {"entity_id", "kind", "name"} <= set(entities.columns) and {"doc_id", "text", "entity_id"} <= set(
        mentions.columns)
    if not need or "speaker" not in quotes.columns:
        return quotes.assign(speaker_found=quotes.get("speaker", ""), speaker_entity="", speaker_basis="")
    people = entities[entities["kind"].astype(str) == "person"]
    name_of = dict(zip(people["entity_id"].astype(str), people["name"].astype(str), strict=True))
    pm = mentions[mentions["entity_id"].astype(str).isin(name_of)]
    in_doc: dict[tuple[str, str], Counter] = {}
    in_corpus: dict[str, set[str]] = {}
    for d, text, e in zip(pm["doc_id"].astype(str), pm["text"].astype(str).str.strip(), pm["entity_id"].astype(str),
                          strict=True):
        in_doc.setdefault((d, text), Counter())[e] += 1
        in_corpus.setdefault(text, set()).add(e)
    full_name = {e: _full_name(n, {str(t) for t in texts}) for e, n, texts in
                 ((e, name_of[e], g) for e, g in pm.groupby(pm["entity_id"].astype(str))["text"])}
    orgs = set(entities.loc[entities["kind"].astype(str) == "organisation", "entity_id"].astype(str))
    om = mentions[mentions["entity_id"].astype(str).isin(orgs)]
    org_in_doc = set(zip(om["doc_id"].astype(str), om["text"].astype(str).str.strip(), strict=True))
    kinds = quotes["speaker_kind"].astype(str) if "speaker_kind" in quotes.columns else None
    new_kinds = list(quotes["speaker_kind"]) if kinds is not None else None
    written = quotes["speaker_text"] if "speaker_text" in quotes.columns else quotes["speaker"]
    speakers, ids, bases = [], [], []
    for i, (d, sp, wr) in enumerate(zip(quotes["doc_id"].astype(str), quotes["speaker"], written, strict=True)):
        entity, basis = "", ""
        is_person = kinds is None or kinds.iloc[i] == "person"
        if is_person and isinstance(sp, str) and sp and sp != "unattributed":
            entity, basis = _link(d, _spellings(sp, wr), in_doc, in_corpus)
            if not entity and new_kinds is not None and (d, sp.strip()) in org_in_doc:
                new_kinds[i] = "organisation"  # the name is an organisation's in this document, not a person's
                basis = f"{ORGANISATION} ({sp.strip()})"
        speakers.append(full_name.get(entity, name_of.get(entity, "")) if entity else sp)
        ids.append(entity)
        bases.append(basis)
    out = quotes.assign(speaker_found=quotes["speaker"], speaker=speakers, speaker_entity=ids, speaker_basis=bases)
    return out if new_kinds is None else out.assign(speaker_kind=new_kinds)


def _spellings(found: str, written: object) -> list[str]:
    """The quote rules' name first; the text as written only when it is not a part of that name (a family name
    written alone, "Naito", must not take a speaker the rules named in full, "Keisuke Naito", to another Naito)."""
    found, written = found.strip(), str(written or "").strip()
    out = [found] if found else []
    if written and written != found and written not in found:
        out.append(written)
    return out


def _full_name(name: str, spellings: set[str]) -> str:
    """A person's display name: the entity's name, or its full form when the name is a family name written alone
    ("Naito" -> "Haruo Naito": a Latin name of one word that ends a two- or three-word spelling; "内藤" -> "内藤晴夫":
    a CJK name that begins a spelling at most three characters longer, with no separator)."""
    if " " not in name and name.isascii():
        longer = [s for s in spellings if s.isascii() and s.endswith(" " + name) and 2 <= len(s.split()) <= 3]
    else:
        longer = [s for s in spellings if s.startswith(name) and 0 < len(s) - len(name) <= 3
                  and not any(c in s for c in " ・·")]
    return sorted(longer, key=lambda s: (-len(s), s))[0] if len(longer) == 1 else name


def _link(doc: str, spellings: list[str], in_doc: dict[tuple[str, str], Counter],
          in_corpus: dict[str, set[str]]) -> tuple[str, str]:
    for s in spellings:
        got = in_doc.get((doc, s))
        if got:
            (best, n), (_, runner_up) = (got.most_common(2) + [("", 0)])[:2]
            if runner_up < n:  # one entity has this spelling most often in the document
                return best, f"{SAME_DOCUMENT} ({s})"
    for s in spellings:
        ents = in_corpus.get(s, set())
        if len(ents) == 1:
            return next(iter(ents)), f"{ONLY_ENTITY} ({s})"
    return "", ""
