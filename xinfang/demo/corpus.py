"""Real citizens' messages (TipDM 2020 problem C) as demo petition texts, when at hand.

The files live beside the project in `../shared/data/tipdm2020` (or under
`$XINFANG_SHARED_DIR/data/tipdm2020`) and are read in place, never copied into the
repository. Place names in them are masked ("A市", "A3区"); `localise` puts 怀化's back.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from xinfang.demo.mix import RENAMED_CLASSES
from xinfang.demo.places import CITY_NAME
from xinfang.lib.env import env_str

TITLE_MAX = 120
CONTENT_MAX = 2000
# Messages that only make sense in a provincial capital (怀化 has no metro).
OUT_OF_PLACE = ("地铁", "省会", "轨道交通", "磁浮", "轻轨")

# The corpus calls its province 西地省; its prefectures are "A市", "M6州" …
PROVINCE_MASK, PROVINCE_NAME = "西地省", "湖南省"
_CITY_TOKEN = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]市|[A-Z]\d{0,2}州)")
# Masked counties always carry a number ("A3区", "K11县", "A9市"); "B区" is a block of an estate.
_COUNTY_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Z]\d{1,2}[区县市]")
_YEAR = re.compile(r"(?<!\d)(20[0-2]\d)(?=年)")
_DEMAND = re.compile(
    r"(?:希望|请求|恳请|恳求|强烈要求|要求|建议|请有关|请相关)[^。！？!?\n]*[。！？!?]?"
)


@dataclass(frozen=True)
class Message:
    key: str  # "L<留言编号>" for labeled rows, "U<留言编号>" for unlabeled ones
    title: str
    content: str
    written_on: dt.date | None  # 留言时间
    label: str  # the first-level class name in the current tree, "" when unlabeled


def shared_dir() -> Path:
    """`../shared` beside the repository, unless XINFANG_SHARED_DIR points elsewhere."""
    override = env_str("XINFANG_SHARED_DIR")
    return Path(override) if override else Path(settings.BASE_DIR).parent / "shared"


def tipdm_dir() -> Path | None:
    path = shared_dir() / "data" / "tipdm2020"
    if (path / "messages-labeled.csv").is_file() and (path / "messages-unlabeled.csv").is_file():
        return path
    return None


def load(path: Path) -> list[Message]:
    """Both message files, in file order, minus the ones that would read out of place."""
    rows: list[Message] = []
    for name, prefix in (("messages-labeled.csv", "L"), ("messages-unlabeled.csv", "U")):
        with (path / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                title, content = clean(row["留言主题"]), clean(row["留言详情"])
                if (
                    not title
                    or len(content) < 20
                    or any(w in title + content for w in OUT_OF_PLACE)
                ):
                    continue
                label = (row.get("一级分类") or "").strip()
                written = _date_of(row.get("留言时间") or "")
                rows.append(
                    Message(
                        key=f"{prefix}{row['留言编号']}",
                        title=title,
                        content=content,
                        written_on=written,
                        label=RENAMED_CLASSES.get(label, label),
                    )
                )
    return rows


def clean(text: str) -> str:
    """Drop Excel's `_x000D_` residue and blank lines; keep paragraphs."""
    text = (text or "").replace("_x000D_", "\n").replace("\r", "\n")
    lines = (line.strip(" \t\u3000\xa0") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _date_of(stamp: str) -> dt.date | None:
    match = re.match(r"\s*(\d{4})[/-](\d{1,2})[/-](\d{1,2})", stamp)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def years_between(written_on: dt.date | None, received_on: dt.date) -> int:
    """Whole years from the message's date to the petition's, so moved dates stay in the past."""
    if written_on is None:
        return 0
    years = received_on.year - written_on.year
    if (written_on.month, written_on.day) > (received_on.month, received_on.day):
        years -= 1
    return max(years, 0)


def localise(
    text: str,
    county: str,
    others: Iterable[str],
    *,
    shift_years: int = 0,
    year: int = 0,
) -> str:
    """Unmask place names and move recent years forward.

    1. 西地省 becomes 湖南省, and "A市" or "M6州" (a masked prefecture) 怀化市.
    2. The first masked county ("A3区", "A7县", "A9市") becomes `county`, each further distinct
       one the next of `others`, so "A3区与A7县交界" still names two places.
    3. Years within five years before the message's own `year` move by `shift_years`, so a
       date a year before the message stays a year before the petition.
    """
    text = text.replace(PROVINCE_MASK, PROVINCE_NAME)
    text = _CITY_TOKEN.sub(CITY_NAME, text)
    names = iter([county, *others])
    seen: dict[str, str] = {}

    def county_name(match: re.Match) -> str:
        token = match.group(0)
        if token not in seen:
            seen[token] = next(names, county)
        return seen[token]

    text = _COUNTY_TOKEN.sub(county_name, text)
    if shift_years and year:

        def move(match: re.Match) -> str:
            value = int(match.group(1))
            return str(value + shift_years) if year - 5 <= value <= year else match.group(1)

        text = _YEAR.sub(move, text)
    return text


def demands_of(content: str) -> str:
    """The petitioner's own request, if the message states one (its last such sentence)."""
    found = [m.group(0).strip() for m in _DEMAND.finditer(content) if len(m.group(0).strip()) >= 8]
    return trim(found[-1], 200) if found else ""


def trim(text: str, limit: int) -> str:
    """Cut at a sentence end when one is near the limit, else hard."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(mark) for mark in "。！？")
    return cut[: end + 1] if end >= limit * 0.6 else cut[: limit - 1] + "…"


def score(text: str, title: str, keywords: Iterable[str]) -> int:
    """Keyword overlap: each keyword found counts once, twice when it is in the title."""
    total = 0
    for word in set(keywords):
        if word and word in text:
            total += 2 if word in title else 1
    return total


def classify(
    message: Message,
    candidates: dict[str, Iterable[str]],
    prefer: Callable[[str], float],
) -> str | None:
    """The candidate (first-level code → its subtree's keywords) that fits best, or None.

    Ties go to the class with the higher `prefer` weight (the demo's volume mix).
    """
    body = message.title + message.content
    best, best_key = None, (0, 0.0)
    for code, words in candidates.items():
        hits = score(body, message.title, words)
        key = (hits, prefer(code))
        if hits and key > best_key:
            best, best_key = code, key
    return best
