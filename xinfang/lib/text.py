"""Text folded for comparing: width and case (NFKC, lower case), the one form that search,
the repeat rule and hot issues read a petition's words in."""

from __future__ import annotations

import re
import unicodedata

# CJK unified ideographs: each its own NFKC form, and never composed with a neighbour
# (Unicode's "stable" code points), so a text is normalised between them piece by piece.
_NOT_IDEOGRAPHS = re.compile(r"[^\u4e00-\u9fff]+")


def fold(text: str) -> str:
    """NFKC, then lower case. Only the runs between ideographs are normalised: a petition's
    full-width commas send the whole text down NFKC's slow path, 56 µs a ledger row where
    the runs take 29 µs (bench/imports.py; a test holds it to NFKC of the whole)."""
    return _NOT_IDEOGRAPHS.sub(_normalised, text or "").lower()


def _normalised(run: re.Match) -> str:
    return unicodedata.normalize("NFKC", run.group())
