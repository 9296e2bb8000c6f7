"""Every page renders on every corpus, including tiny and hostile ones (AppTest, the real dashboard.py).

Corpora built in a temporary folder: a single article with nothing to find, articles without any date, quotes
with no figure inside them, and a manifest whose values carry markdown, links, images and KaTeX. A hostile
value must show as literal text on every page, never as markup.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app import run_page

PAGES = ["overview", "timeline", "sentiment", "figures", "people", "documents"]
pytestmark = pytest.mark.app


def _corpus(folder: Path, files: dict[str, str], manifest: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    if manifest is not None:
        (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    return folder


CORPORA = {
    "single article, nothing to find": ({"note.txt": "A short note about the weather.\n"}, None),
    "no dates": ({"a.txt": "Acme Corp makes widgets. It sold 300 widgets.\n",
                  "b.txt": "Widgets are popular. People like them a lot.\n"}, None),
    "quotes, no figure inside a quote": (
        {"q.txt": "Widget Day\n\nAcme said on Monday it would spend $5 billion on new plants.\n"
                  "\"We are very happy with the plan,\" said Jane Roe, the chief executive of Acme.\n"},
        "file,outlet,published,language\nq.txt,Acme Wire,2024-05-02,en\n"),
}


def _run(monkeypatch, folder: Path, page: str) -> AppTest:
    monkeypatch.setenv("NEWS_CORPUS", str(folder))
    return run_page(page)


@pytest.mark.parametrize("name", list(CORPORA))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_a_small_corpus(tmp_path, monkeypatch, name: str, page: str) -> None:
    files, manifest = CORPORA[name]
    folder = _corpus(tmp_path / "corpus", files, manifest)
    at = _run(monkeypatch, folder, page)
    assert [t.value for t in at.title]  # the page drew its header, then its content or an empty state


def test_people_page_with_quotes_but_no_figure_in_them(tmp_path, monkeypatch) -> None:
    """Before: KeyError in quote_figures when no figure stands inside a quote."""
    files, manifest = CORPORA["quotes, no figure inside a quote"]
    at = _run(monkeypatch, _corpus(tmp_path / "c", files, manifest), "people")
    frames = [d.value for d in at.dataframe]
    assert frames and any("Speaker" in f.columns for f in frames)


HOSTILE_SOURCE = "**Bold** [link](http://evil.example/l) $x^2$ :red[dir] <b>b</b> ![s](http://evil.example/s.png)"
HOSTILE_TITLE = "![img](http://evil.example/t.png) [title link](http://evil.example/t) $$\\\\frac{a}{b}$$ **loud**"


@pytest.fixture()
def hostile(tmp_path) -> Path:
    text = (f"{HOSTILE_TITLE}\n\nAcme said on 2024-05-01 it will spend $5 billion on Widget City by 2026.\n"
            "\"It is great,\" said Jane Roe.\n")
    manifest = ("file,outlet,published,language,note\n"
                f"evil.txt,\"{HOSTILE_SOURCE}\",2024-05-02,en-![x](http://evil.example/x.png),"
                "\"[note](http://evil.example/n) $y$\"\n")
    return _corpus(tmp_path / "hostile", {"evil.txt": text}, manifest)


_UNESCAPED = re.compile(r"(?<!\\)(!\[|\]\(|\$|<b>|:red\[|\*\*Bold|\*\*loud)")


def _markdown_sources(at: AppTest) -> list[str]:
    """The markdown source of everything the page writes as markdown (text, captions, notes, labels, metrics)."""
    out = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "subheader", "title", "header")
           for e in getattr(at, kind)]
    for m in at.metric:
        out += [str(m.label), str(m.value), str(getattr(m, "delta", "") or "")]
    for kind in ("toggle", "checkbox", "button", "radio", "selectbox", "text_input", "multiselect"):
        out += [str(getattr(e, "label", "")) for e in getattr(at, kind)]
    return out


@pytest.mark.parametrize("page", PAGES)
def test_hostile_manifest_shows_as_literal_text(hostile, monkeypatch, page: str) -> None:
    at = _run(monkeypatch, hostile, page)
    for src in _markdown_sources(at):
        hit = _UNESCAPED.search(src)
        assert hit is None, (page, src[max(0, hit.start() - 60): hit.end() + 60])
    if page == "documents":
        shown = "\n".join(_markdown_sources(at)).replace("\\", "").replace("\u200b", "")
        assert HOSTILE_SOURCE in shown
        assert "en-![x](http://evil.example/x.png)" in shown  # kept as metadata, shown literally
