"""The content class tree as the demo planner reads it: insight's snapshot (`ClassTree`,
validity from each class's dates, no query per petition) with the planner's questions added."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from xinfang.demo.corpus import score
from xinfang.insight.classifier_data import ClassTree, Node


class PlanTree(ClassTree):
    """Which classes a planned petition may take on a day, and which one fits its text."""

    def is_valid(self, code: str, day: dt.date) -> bool:
        """The rule registration applies (classes.queries.valid_on), read from the snapshot."""
        node = self.nodes.get(code)
        return node is not None and node.is_valid_on(day)

    def first_of(self, lineage: Iterable[str], day: dt.date) -> str | None:
        """The first code of a lineage (current, then former) valid on `day`."""
        return next((code for code in lineage if self.is_valid(code, day)), None)

    def top_by_name(self, name: str, day: dt.date) -> str | None:
        for code in self.children.get(None, []):
            if self.nodes[code].name == name and self.is_valid(code, day):
                return code
        return None

    def subtree(self, code: str) -> list[Node]:
        found, frontier = [], [code]
        while frontier:
            current = frontier.pop(0)
            found.append(self.nodes[current])
            frontier.extend(self.children.get(current, []))
        return found

    def words(self, code: str) -> list[str]:
        """Every keyword and node name in the subtree: what a text about it may mention."""
        words: list[str] = []
        for info in self.subtree(code):
            words.extend(info.keywords)
            words.append(info.name)
        return words

    def settle(self, code: str, day: dt.date) -> str | None:
        """`code` if valid on `day`, else its nearest valid ancestor."""
        while code is not None and not self.is_valid(code, day):
            code = self.nodes[code].parent if code in self.nodes else None
        return code

    def pick_node(
        self, rng: random.Random, top: str, day: dt.date, title: str = "", text: str = ""
    ) -> str:
        """A second- or third-level class under `top` for a text.

        1. With a text, the valid node whose keywords and name it mentions most (deeper
           nodes win ties).
        2. Otherwise a random valid second-level child, and below it, more often than not,
           a random valid third-level one.
        3. A class without valid children is used itself.
        """
        below = [i for i in self.subtree(top)[1:] if self.is_valid(i.code, day)]
        if text:
            best, best_key = None, (0, 0)
            for info in below:
                hits = score(title + text, title, (*info.keywords, info.name))
                key = (hits, len(info.code))
                if hits and key > best_key:
                    best, best_key = info.code, key
            if best is not None:
                return best
        seconds = [i.code for i in below if i.parent == top]
        if not seconds:
            return top
        second = rng.choice(seconds)
        thirds = [i.code for i in below if i.parent == second]
        if thirds and rng.random() < 0.6:
            return rng.choice(thirds)
        return second
