"""No story knowledge in code: names of the bundled articles' story live in data (a story file, language packs),
never in the Python of analysis/, loaders/, charts/, ui/ or pages/ (comments and docstrings may cite examples)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("analysis", "loaders", "charts", "ui", "pages")
# Products, projects, organisations and people of the bundled corpus, in the scripts they appear in.
STORY_NAMES = (
    "KAIST", "카이스트", "치후360", "奇虎360", "런웨이", "Runway", "Shy Kids", "샤이키즈", "华大基因", "저우훙이",
    "周鸿祎", "Murati", "穆拉蒂", "무라티", "Altman", "올트먼", "Stargate", "스타게이트", "星际之门", "Voice Engine",
    "보이스 엔진", "Sora", "소라", "Woodman", "Valenzuela", "ChatGPT", "챗GPT", "DALL", "Midjourney", "OpenAI",
    "오픈AI", "Nvidia", "엔비디아", "英伟达", "Hankyung", "KBS", "limnews", "每日经济新闻", "Hong Young-jae",
    "Trillo", "Stevenson",
)


def _docstring_nodes(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def story_names_in_code() -> list[str]:
    hits = []
    for d in CODE_DIRS:
        for path in sorted((ROOT / d).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docs = _docstring_nodes(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                    hits += [f"{path.relative_to(ROOT)}:{node.lineno} {name!r}" for name in STORY_NAMES
                             if name in node.value]
    return hits


def test_no_name_of_the_bundled_story_in_code() -> None:
    assert story_names_in_code() == []


def test_the_check_sees_a_name_in_a_literal(tmp_path, monkeypatch) -> None:
    pkg = tmp_path / "analysis"
    pkg.mkdir()
    (pkg / "x.py").write_text('"""Docstrings may say Sora."""\n# comments too: Stargate\nORGS = {"오픈AI": "x"}\n',
                              encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert story_names_in_code() == ["analysis/x.py:3 '오픈AI'"]


# ------------------------------------------------------------------------------------- shared data defaults
# What every corpus reads (data/*.toml and the language packs): a bundled name there would reach a story that never
# mentions it. The bundled corpus's own story file (data/corpus/story.toml) is where its names belong.
SHARED_DATA = ("data/*.toml", "data/lang/**/*.toml")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (str(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _story_file_names() -> set[str]:
    data = tomllib.loads((ROOT / "data" / "corpus" / "story.toml").read_text(encoding="utf-8"))
    names = {str(t.get("name", "")) for key in ("topic", "person") for t in data.get(key, [])}
    names |= {str(a) for key in ("topic", "person") for t in data.get(key, []) for a in t.get("aliases", [])}
    return {n for n in names if len(n) >= 4 or (re.search(r"[가-힣一-龥ぁ-ヿ]", n) and len(n) >= 2)}


def story_names_in_shared_data(root: Path = ROOT) -> list[str]:
    """Bundled-story names among the values of the shared data files (comments may cite examples)."""
    names = set(STORY_NAMES) | _story_file_names()
    pats = [(n, re.compile(r"(?<![A-Za-z])" + re.escape(n) + r"(?![A-Za-z])")) for n in sorted(names)]
    hits = []
    for pattern in SHARED_DATA:
        for path in sorted(root.glob(pattern)):
            for s in _strings(tomllib.loads(path.read_text(encoding="utf-8"))):
                hits += [f"{path.relative_to(root)} {n!r} in {s[:40]!r}" for n, pat in pats if pat.search(s)]
    return hits


def test_no_name_of_the_bundled_story_in_shared_data() -> None:
    assert story_names_in_shared_data() == []


def test_the_data_check_sees_a_name_in_a_value_not_in_a_comment(tmp_path: Path) -> None:
    (tmp_path / "data" / "lang" / "xx").mkdir(parents=True)
    (tmp_path / "data" / "people.toml").write_text('# Sam Altman in a comment\n[[person]]\nname = "Jane Roe"\n',
                                                     encoding="utf-8")
    (tmp_path / "data" / "lang" / "xx" / "quotes.toml").write_text('orgs = ["오픈AI 연구소"]\n', encoding="utf-8")
    assert story_names_in_shared_data(tmp_path) == ["data/lang/xx/quotes.toml '오픈AI' in '오픈AI 연구소'"]
