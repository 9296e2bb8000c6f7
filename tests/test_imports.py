"""The import graph: every project module imports on its own, and no function body imports a project module.

Imports inside functions hide cycles (the module only works once another one has been imported first). Heavy
third-party packages may still be imported lazily; project modules never are.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "loaders", "analysis", "charts", "ui", "bench")
PROJECT = (*PACKAGES, "pages", "dashboard")


def _modules() -> list[str]:
    out = []
    for pkg in PACKAGES:
        for f in sorted((ROOT / pkg).rglob("*.py")):
            parts = f.relative_to(ROOT).with_suffix("").parts
            out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def _source_files() -> list[Path]:
    files = [f for pkg in (*PACKAGES, "pages") for f in sorted((ROOT / pkg).rglob("*.py"))]
    return [*files, ROOT / "dashboard.py"]


def _is_project(name: str | None) -> bool:
    return bool(name) and name.split(".")[0] in PROJECT


def test_no_function_imports_a_project_module() -> None:
    found = []
    for f in _source_files():
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                found += [f"{f.relative_to(ROOT)}:{node.lineno} {fn.name} imports {n}" for n in names if _is_project(n)]
    assert not found, "\n".join(found)


def test_every_module_imports_on_its_own() -> None:
    """Each module is imported in a process of its own (forked from an interpreter that has imported no project
    module), so a module that only works after another was imported fails here."""
    script = textwrap.dedent("""
        import importlib, os, sys, traceback
        failed = []
        for name in sys.argv[1:]:
            pid = os.fork()
            if pid == 0:
                try:
                    importlib.import_module(name)
                except BaseException:
                    traceback.print_exc()
                    os._exit(1)
                os._exit(0)
            _, status = os.waitpid(pid, 0)
            if status != 0:
                failed.append(name)
        print("FAILED:" + ",".join(failed))
    """)
    mods = _modules()
    assert len(mods) > 40
    res = subprocess.run([sys.executable, "-c", script, *mods], cwd=ROOT, capture_output=True, text=True,
                         timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stdout.strip().endswith("FAILED:"), res.stdout[-2000:] + res.stderr[-3000:]
