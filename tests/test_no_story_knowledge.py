"""No story knowledge in code: names of the bundled articles' story live in data (a story file, language packs),
never in the Python of analysis/, loaders/, charts/, ui/ or pages/ (comments and docstrings may cite examples)."""

from __future__ import annotations

import ast
import sys
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
