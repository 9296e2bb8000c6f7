"""Topics: the story's discovered entities, the default topics, and the editor of the corpus's story file.

Every edit (analysis.story_edit) is saved to story.toml in the corpus folder (for an uploaded corpus, in the
session's upload folder, and offered as a download); the tables are then rebuilt from the analysis cache
(ui.state.invalidate): only the cheap linking pass runs again, no article is enriched again.
"""

from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import settings
from analysis import story_edit as se
from analysis.filters import language_name
from ui.corpus_picker import is_upload
from ui.safe import md_escape
from ui.state import invalidate
from ui.widgets import page_header

MAX_CHOICES = int(settings.get("max_entity_choices"))  # entities the pickers offer (by rank); find reaches the rest
MAX_ROWS = 2000  # rows of the entities table shown

v = page_header("Topics")
folder = Path(v.loaded.root)
ents = v.tables.entities if v.tables.entities is not None else pd.DataFrame()
history_key = f"_story_history:{folder}"

try:
    doc = se.load(folder)
except se.StoryFileError as exc:
    st.error(f"{md_escape(str(exc))} Fix or remove {se.STORY_NAME} in the corpus folder to edit topics here.")
    st.stop()

n_found = len(ents)
st.caption(f"{n_found} entities discovered, {doc.n_curated()} curated in {se.STORY_NAME}."
           + (" Your edits are kept for this session: download the story file to keep them." if is_upload(folder)
              else ""))
done = st.session_state.get(f"_topics_done:{folder}")  # kept: the rebuild may rerun the script more than once
if done:
    st.success(md_escape(done))
if doc.ignored:
    st.warning(f"{se.STORY_NAME} has keys the story format does not know; an edit will not write them back: "
               + md_escape(", ".join(doc.ignored)))


def _col(name: str, default: object = "") -> pd.Series:
    return ents[name] if name in ents.columns else pd.Series([default] * len(ents), index=ents.index)


if ents.empty or "name" not in ents.columns:
    st.info("No entities were discovered in this corpus. Topics can still be curated in the story file.")
    names: list[str] = []
    rows = pd.DataFrame()
else:
    order = ents.sort_values("rank", kind="stable") if "rank" in ents.columns else ents
    rows = pd.DataFrame({
        "name": order["name"].fillna("").astype(str),
        "kind": _col("kind").reindex(order.index).fillna("").astype(str),
        "documents": pd.to_numeric(_col("n_documents", 0).reindex(order.index), errors="coerce").fillna(0).astype(int),
        "mentions": pd.to_numeric(_col("n_mentions", 0).reindex(order.index), errors="coerce").fillna(0).astype(int),
        "languages": _col("languages").reindex(order.index).fillna("").astype(str),
        "topic": _col("is_topic", False).reindex(order.index).fillna(False).astype(bool),
        "curated": _col("curated", False).reindex(order.index).fillna(False).astype(bool),
        "aliases": _col("aliases").reindex(order.index).fillna("").astype(str),
    })
    rows["hidden"] = [doc.is_hidden(n) or any(doc.is_hidden(a) for a in se.alias_texts(al)[:3])
                      for n, al in zip(rows["name"], rows["aliases"], strict=True)] if doc.hidden else False
    topics = rows.loc[rows["topic"], "name"].tolist()
    st.markdown("**Default topics** (sidebar and timeline lanes): "
                + (", ".join(md_escape(t) for t in topics) if topics else "none"))
    find = st.text_input("Find an entity", key="topics_find", placeholder="a name or alias, any script")
    shown = rows
    if find.strip():
        needle = find.strip().lower()
        shown = rows[rows["name"].str.lower().str.contains(needle, regex=False)
                     | rows["aliases"].str.lower().str.contains(needle, regex=False)]
    if len(shown) > MAX_ROWS:
        st.caption(f"Showing the first {MAX_ROWS:,} of {len(shown):,} entities by rank; use the find box.")
    table_rows = shown.head(MAX_ROWS)
    table_rows = table_rows.assign(languages=["; ".join(language_name(c.strip()) for c in codes.split(";") if c.strip())
                                              for codes in table_rows["languages"]])
    st.dataframe(table_rows, hide_index=True, width="stretch", column_config={
        "name": "Name", "kind": "Kind", "documents": st.column_config.NumberColumn("Articles", format="%d"),
        "mentions": st.column_config.NumberColumn("Mentions", format="%d"), "languages": "Languages",
        "topic": "Topic", "curated": "Curated", "aliases": st.column_config.TextColumn("Aliases (language)",
                                                                                     width="large"),
        "hidden": "Hidden"})
    names = list(dict.fromkeys(shown["name"].head(MAX_CHOICES).tolist() + rows["name"].head(MAX_CHOICES).tolist()))


expected = st.session_state.get(f"_topics_expect:{folder}")
if expected and not rows.empty and expected not in set(rows["name"]):
    st.warning(f"The new name {md_escape(expected)} is saved in {se.STORY_NAME}, but the entity is still shown under "
               "another name: a default curation (data/topics.toml or data/people.toml) names it too.")


def _row(name: str) -> pd.Series | None:
    hit = rows[rows["name"] == name] if not rows.empty else rows
    return hit.iloc[0] if len(hit) else None


def _kind(name: str) -> str:
    r = _row(name)
    return str(r["kind"]) if r is not None else ""


def _spellings(name: str) -> list[str]:
    """The entity's names the linker knows: its discovered spellings and its story aliases."""
    r = _row(name)
    out = list(se.alias_texts(r["aliases"])) if r is not None else []
    entry = doc.entry(name)
    if entry is not None:
        out += list(entry.names())
    return [s for s in dict.fromkeys(out) if s != name]


def _save(edit: se.Edit) -> None:
    try:
        new = se.apply(doc, edit)
        se.save(folder, new)
    except se.EditError as exc:
        st.error(md_escape(str(exc)))
        return
    except OSError as exc:
        st.error(f"The story file could not be written ({md_escape(type(exc).__name__)}).")
        return
    st.session_state[history_key] = st.session_state.get(history_key, se.History()).push(doc)
    st.session_state[f"_topics_expect:{folder}"] = edit.other if edit.op == "rename" else None
    st.session_state[f"_topics_done:{folder}"] = (f"Last edit saved: {edit.describe()}. The tables were rebuilt "
                                                  "from the cache.")
    invalidate(folder)
    st.rerun()


st.subheader("Edit")
if not names:
    st.caption("Nothing to edit yet.")
else:
    rename_tab, alias_tab, merge_tab, split_tab, hide_tab = st.tabs(
        ["Rename", "Add an alias", "Merge", "Split off an alias", "Hide or show"])
    with rename_tab:
        who = st.selectbox("Entity", names, key="te_rename_entity")
        new_name = st.text_input("New name", key="te_rename_new", max_chars=se.MAX_NAME,
                                 help="The old name stays an alias, so it still matches the articles.")
        if st.button("Rename", key="te_rename_go"):
            _save(se.Edit("rename", who, new_name, _kind(who), spellings=tuple(_spellings(who))))
    with alias_tab:
        who = st.selectbox("Entity", names, key="te_alias_entity")
        alias = st.text_input("Alias (another spelling, any script)", key="te_alias_new", max_chars=se.MAX_NAME)
        if st.button("Add the alias", key="te_alias_go"):
            _save(se.Edit("alias", who, alias, _kind(who)))
    with merge_tab:
        keep = st.selectbox("Keep", names, key="te_merge_keep")
        other = st.selectbox("Merge into it", [n for n in names if n != keep], key="te_merge_other")
        if st.button("Merge", key="te_merge_go") and other:
            _save(se.Edit("merge", keep, other))
    with split_tab:
        who = st.selectbox("Entity", names, key="te_split_entity")
        options = _spellings(who)
        if options:
            alias = st.selectbox("Alias to split off (a different thing)", options, key="te_split_alias")
            if st.button("Split off", key="te_split_go"):
                _save(se.Edit("split", alias))
        else:
            st.caption("This entity has no other spelling to split off.")
    with hide_tab:
        visible = [n for n in names if not doc.is_hidden(n)]
        who = st.selectbox("Entity to hide", visible, key="te_hide_entity")
        if st.button("Hide", key="te_hide_go") and who:
            _save(se.Edit("hide", who, spellings=tuple(_spellings(who)[:3])))
        hidden = [g[0] for g in doc.hidden]
        if hidden:
            again = st.selectbox("Hidden", hidden, key="te_unhide_entity")
            if st.button("Show again", key="te_unhide_go"):
                _save(se.Edit("unhide", again))

history = st.session_state.get(history_key, se.History())
col_undo, col_download = st.columns(2)
with col_undo:
    if st.button("Undo the last edit", key="te_undo", disabled=not history.states):
        before, rest = history.undo()
        try:
            se.save(folder, before)
        except OSError as exc:
            st.error(f"The story file could not be written ({md_escape(type(exc).__name__)}).")
        else:
            st.session_state[history_key] = rest
            st.session_state[f"_topics_expect:{folder}"] = None
            st.session_state[f"_topics_done:{folder}"] = "Undone: the story file is as it was before the last edit."
            invalidate(folder)
            st.rerun()
with col_download:
    st.download_button(f"Download {se.STORY_NAME}", data=se.to_bytes(doc), file_name=se.STORY_NAME,
                       mime="application/toml", key="te_download", icon=":material/download:", on_click="ignore")
