"""Safe tabular exports: UTF-8 with BOM, spreadsheet formulas neutralised."""

from __future__ import annotations

import pandas as pd

from core.cells import flat_cells

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe (OWASP advice)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy fit for a CSV: list columns (the app's topics) joined to their "; " cells, formulas neutralised."""
    out = flat_cells(df).copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_cell)
    out.columns = [str(neutralise_cell(str(c))) for c in out.columns]
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV for spreadsheets: UTF-8 with BOM (Excel reads Hangul/Hanzi right), formulas neutralised."""
    return safe_frame(df).to_csv(index=False).encode("utf-8-sig")
