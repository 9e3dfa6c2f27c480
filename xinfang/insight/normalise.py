"""Normal forms of what petitioners write, so that the same thing typed twice matches.

ID numbers (15→18 digits, upper-case X), phones (+86, spaces, dashes), names (width,
spaces, sound), free text (punctuation, width). Pure functions: no database.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from xinfang.lib.identity import normalise_id_number
from xinfang.lib.text import fold

_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
_NOT_DIGIT = re.compile(r"\D+")
_HAN = re.compile(r"[\u3400-\u9fff]")

# Initials and finals that people (and input methods) mix up: 平翘舌, 前后鼻音, n/l, f/h.
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("h", "f"))
_FUZZY_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"), ("iang", "ian"), ("uang", "uan"))


@lru_cache(maxsize=8192)  # a ledger import folds each row's text for its keys, then to rank it
def text(value: str) -> str:
    """Fold width and case, drop punctuation and spaces: what remains is what was said."""
    return text_of_folded(fold(value))


def text_of_folded(folded: str) -> str:
    """`text` of a value whose width and case are folded already (NFKC, lower case)."""
    return _NOT_WORD.sub("", folded).replace("_", "")


@lru_cache(maxsize=65536)  # scoring compares each earlier person again and again
def id_number(value: str) -> str:
    """An ID number as matched: 18 characters, upper-case X; "" when it cannot be one."""
    number = normalise_id_number(unicodedata.normalize("NFKC", value or "")).upper()
    return number if len(number) == 18 else ""


@lru_cache(maxsize=65536)  # scoring compares each earlier person again and again
def phone(value: str) -> str:
    """The national digits of a phone number: +86, 0086, spaces and dashes removed."""
    digits = _NOT_DIGIT.sub("", unicodedata.normalize("NFKC", value or ""))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 10:
            digits = digits[len(prefix) :]
            break
    return digits if len(digits) >= 7 else ""


@lru_cache(maxsize=65536)  # scoring compares each earlier person again and again
def name(value: str) -> str:
    return text(value)


@lru_cache(maxsize=65536)  # pypinyin takes some 0.2 ms a name; a ledger repeats names often
def name_sound(value: str) -> str:
    """How a name sounds, with the usual confusions folded: 陈/程, 林/宁, 张/章 meet."""
    syllables = lazy_pinyin(name(value), style=Style.NORMAL, errors="ignore")
    return "-".join(_fuzzy(s) for s in syllables)


def _fuzzy(syllable: str) -> str:
    for long, short in _FUZZY_FINALS:
        if syllable.endswith(long):
            syllable = syllable[: -len(long)] + short
            break
    for long, short in _FUZZY_INITIALS:
        if syllable.startswith(long):
            return short + syllable[len(long) :]
    return syllable


def name_variants(value: str) -> list[str]:
    """Keys shared by names that differ in one character: each position masked in turn.

    Only names of three or more characters get them: masking one of two characters leaves a
    surname or a given name alone, which half a county shares.
    """
    folded = name(value)
    if len(folded) < 3 or not _HAN.search(folded):
        return []
    variants = {folded[:i] + "?" + folded[i + 1 :] for i in range(len(folded))}
    # Two neighbouring characters swapped (张丰三 for 张三丰) share the sorted form.
    variants.add("sorted:" + "".join(sorted(folded)))
    return sorted(variants)


def one_edit_apart(a: str, b: str) -> bool:
    """True when the names differ by one substitution or one swap of neighbours."""
    a, b = name(a), name(b)
    if a == b or len(a) != len(b):
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diffs) == 1:
        return True
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and a[diffs[0]] == b[diffs[1]]
        and (a[diffs[1]] == b[diffs[0]])
    )
