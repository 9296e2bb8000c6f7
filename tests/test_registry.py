"""The enricher registry: declarations are checked, the fingerprint follows them, rows match what is declared."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.pipeline import enrich_document
from analysis.registry import (
    REGISTRY,
    ROOT,
    Enricher,
    Output,
    Registry,
    RegistryError,
    _is_project_module,
    default_context,
    imported_modules,
)
from core.records import Document


def _noop(x) -> Output:
    return Output(value=None)


def _parsed_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if _is_project_module(m)}


def test_the_import_scan_finds_every_import_a_parse_finds() -> None:
    """The fingerprint scans import lines instead of parsing; it must never miss a module a parse would see."""
    modules = []
    for pkg in ("analysis", "core", "loaders", "charts", "ui"):
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            modules.append((path, ".".join(parts[:-1] if parts[-1] == "__init__" else parts)))
    assert len(modules) > 30
    for path, module in modules:
        assert _parsed_imports(path) <= imported_modules(module), module
    assert "analysis.figures" in imported_modules("analysis.registry")


def test_registering_an_enricher_changes_the_fingerprint() -> None:
    base = REGISTRY.fingerprint("1")
    more = REGISTRY.with_enricher(Enricher("extra", _noop, ("sentences",), module="analysis.sentences"))
    assert more.fingerprint("1") != base
    assert REGISTRY.fingerprint("1") == base  # stable for the same registry


def test_declared_data_files_are_in_the_fingerprint() -> None:
    files = {p.as_posix() for p in REGISTRY.data_files()}
    for rel in ("data/lang/ko/dates.toml", "data/lang/common/sentences.toml", "data/figures.toml",
                "data/sentiment/model.npz"):
        assert any(f.endswith(rel) for f in files), rel


@pytest.mark.parametrize(
    ("enrichers", "why"),
    [
        ((Enricher("a", _noop), Enricher("a", _noop)), "two enrichers named"),
        ((Enricher("a", _noop, ("missing",)),), "not registered"),
        ((Enricher("a", _noop, writes={"t": ("x",)}), Enricher("b", _noop, writes={"t": ("y",)})), "both write"),
    ],
)
def test_bad_registries_are_refused(enrichers, why: str) -> None:
    with pytest.raises(RegistryError, match=why):
        Registry(enrichers)


def test_needs_come_first() -> None:
    order = [e.name for e in REGISTRY.ordered]
    for e in REGISTRY.ordered:
        assert all(order.index(n) < order.index(e.name) for n in e.needs), e.name


def test_rows_have_the_declared_columns() -> None:
    doc = Document(doc_id="d1", path="a.txt", text=(
        "Acme Corp unveiled its new factory on March 5, 2024. \"We will hire 1,200 people,\" chief executive "
        "Jane Doe said. The plant will open in 2026 at a cost of $2 billion."), title="Acme factory",
        source="Example News", language="en")
    rows = enrich_document(doc, default_context())
    declared = REGISTRY.tables()
    for table, cols in declared.items():
        for row in rows.get(table, []):
            fixed = {c for c in cols if not c.endswith("*")}
            prefixes = tuple(c[:-1] for c in cols if c.endswith("*"))
            assert fixed <= set(row), (table, fixed - set(row))
            extra = {k for k in row if k not in fixed and not k.startswith(prefixes)}
            assert not extra, (table, extra)
    assert rows["figures"] and rows["quotes"] and rows["dates"]


def test_a_page_known_to_the_month_anchors_months_not_days() -> None:
    """An address /2025/03/ gives the month only: "last month" and "in June" resolve, "yesterday" stays
    unresolved (no invented day), and the basis says the anchor is known to the month."""
    doc = Document(doc_id="m1", path="m.txt", url="https://news.example.com/2025/03/plant-story",
                   text="Acme Corp said last month it would open the plant in June. It was confirmed yesterday.",
                   title="Plant", source="Example", language="en")
    rows = enrich_document(doc, default_context())
    dates = {r["text"]: r for r in rows["dates"]}
    assert dates["last month"]["date"] == "2025-02" and dates["June"]["date"] == "2025-06", dates
    assert "known to the month" in dates["June"]["basis"]
    assert "yesterday" not in dates
    doc_row = rows["documents"][0]
    assert not doc_row["published"] and doc_row["published_month"] == "2025-03"


def test_tables_do_not_depend_on_the_hash_seed(tmp_path) -> None:
    """Two runs of the same tree on the same corpus give the same tables whatever PYTHONHASHSEED is (entity
    ids once depended on the order a set was iterated in)."""
    root = Path(__file__).resolve().parent.parent
    outs = []
    for seed in ("1", "5"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "NEWS_CACHE_DIR": str(tmp_path / "cache")}
        subprocess.run([sys.executable, "-m", "analysis", "data/corpus", "--out", str(out), "--no-cache", "--quiet"],
                       cwd=root, env=env, check=True, timeout=600, capture_output=True)
        outs.append(out)
    for name in ("entities.csv", "mentions.csv", "events.csv", "milestones.csv", "quotes.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
