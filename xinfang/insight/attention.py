"""Words and flags that call for urgent attention (危及生命, 扬言, 群体性).

`scan` reads what a petition says and how many came; registration raises the matter's
priority and tells the supervisors when it finds something. About the matter, never the
person: nothing here is stored about petitioners.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xinfang.insight.models import AttentionWord
from xinfang.petitions.models import COLLECTIVE_VISIT_MIN_PEOPLE, Priority
from xinfang.reference.queries import snapshot

LARGE_GROUP = 50  # people concerned from which a petition is 群体性 whatever the channel


@dataclass(frozen=True)
class Finding:
    level: int
    reasons: list[str]
    words: list[str]


def _words() -> tuple[re.Pattern | None, dict[str, tuple[str, int]]]:
    """The active words, kept in memory while current: an administrator's change applies to
    the next registration in every process (see `xinfang.reference`)."""
    return snapshot().get("attention_words", _read_words)


def _read_words() -> tuple[re.Pattern | None, dict[str, tuple[str, int]]]:
    rows = AttentionWord.objects.filter(is_active=True).values_list("word", "category", "level")
    words = {w: (c, lvl) for w, c, lvl in rows}
    ordered = sorted(words, key=len, reverse=True)  # the longest word wins where two overlap
    return (re.compile("|".join(map(re.escape, ordered))) if ordered else None), words


def scan(text: str, *, petitioner_count: int = 1, people_concerned: int = 1) -> Finding:
    pattern, words = _words()
    found = sorted(set(pattern.findall(text))) if pattern and text else []
    level = max((words[w][1] for w in found), default=Priority.NORMAL)
    reasons = [f"{category}：{'、'.join(w for w in found if words[w][0] == category)}"
               for category in sorted({words[w][0] for w in found})]  # fmt: skip
    if petitioner_count >= COLLECTIVE_VISIT_MIN_PEOPLE or people_concerned >= LARGE_GROUP:
        reasons.append(f"群体性：信访{petitioner_count}人，涉及{people_concerned}人")
        level = max(level, Priority.HIGH)
    return Finding(level=int(level), reasons=reasons, words=found)
