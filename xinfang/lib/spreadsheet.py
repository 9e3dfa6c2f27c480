"""Cells written to spreadsheets (csv, xlsx) from data people typed.

A cell starting with = + - @ (or a tab or carriage return) is read by Excel and WPS as a
formula: a petition titled "=HYPERLINK(...)" would run when the 台账 is opened (CSV/formula
injection, OWASP). Every export writes its cells through `safe_cell`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value`, with a text that a spreadsheet would read as a formula quoted as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]
