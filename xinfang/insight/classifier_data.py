"""What the content classifier learns from: the class tree, seed examples, history, CSV files.

Labels are class codes. The tree is read into a snapshot (`ClassTree`) so that training
and suggesting never query per class; it also answers which class on another date stands
for a given one (the 2018 renames: 国土资源 → 自然资源, 卫生计生 → 卫生健康 …), so history
registered under a retired class teaches its successor, and a model trained on today's
tree still suggests the class valid on an older receiving date.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from xinfang.lib import timesource

Doc = tuple[str, str]  # (title, content)


class Example(NamedTuple):
    doc: Doc
    label: str
    # Examples of one group (the petitions of one matter, the fillings of one template) are
    # near-duplicates: they are held out together, or CV and calibration flatter the model.
    group: str = ""


SEED_EXAMPLES = Path(__file__).resolve().parent / "fixtures" / "seed_examples.json"
MIN_EXAMPLES = 5  # a deeper class is predicted only with this many confirmed examples
WEAK_WEIGHT = 2.0  # a class name or keyword weighs as much as two petitions (CV: 1.5–3 alike)
TIPDM_TEXT_COLUMNS = ("留言主题", "留言详情")
TIPDM_LABEL_COLUMN = "一级分类"
TIPDM_KEY_COLUMN = "留言编号"


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    parent: str | None
    keywords: tuple[str, ...]
    valid_from: dt.date | None
    valid_to: dt.date | None

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class ClassTree:
    """A read-only snapshot of the content class tree (内容分类)."""

    def __init__(self, nodes: Iterable[Node]):
        self.nodes = {n.code: n for n in nodes}
        self.children: dict[str | None, list[str]] = {}
        for node in sorted(self.nodes.values(), key=lambda n: n.code):
            self.children.setdefault(node.parent, []).append(node.code)
        self._counterparts: dict[tuple[str, dt.date], str | None] = {}

    @classmethod
    def from_db(cls) -> ClassTree:
        from xinfang.classes.models import ContentClass

        rows = ContentClass.objects.values_list(
            "code", "name", "parent__code", "keywords", "valid_from", "valid_to"
        )
        return cls(Node(c, n, p, tuple(k.split()), f, t) for c, n, p, k, f, t in rows)

    def signature(self) -> int:
        """Changes (within a process) when a class is added, renamed, re-dated or re-keyed."""
        return hash(tuple(sorted(self.nodes.items())))

    def lineage(self, code: str) -> list[str]:
        """The class and its ancestors, first level first."""
        chain = []
        while code is not None and code in self.nodes and code not in chain:
            chain.append(code)
            code = self.nodes[code].parent
        return list(reversed(chain))

    def first_level(self, code: str) -> str:
        lineage = self.lineage(code)
        return lineage[0] if lineage else code

    def path_name(self, code: str) -> str:
        return " / ".join(self.nodes[c].name for c in self.lineage(code))

    def counterpart(self, code: str, day: dt.date) -> str | None:
        """The class valid on `day` that stands for `code`, or None when there is none.

        1. The class itself when it is valid on `day`.
        2. Below the first level: the same-named child of the parent's counterpart, else the
           parent's counterpart itself.
        3. A first-level class: the valid first-level class sharing most of its keywords
           (the tree keeps no explicit successor; renamed classes kept their keywords).
        """
        if (code, day) not in self._counterparts:
            self._counterparts[code, day] = self._counterpart(code, day)
        return self._counterparts[code, day]

    def _counterpart(self, code: str, day: dt.date) -> str | None:
        node = self.nodes.get(code)
        if node is None:
            return None
        if node.is_valid_on(day):
            return code
        if node.parent is not None:
            parent = self.counterpart(node.parent, day)
            if parent is None:
                return None
            for child in self.children.get(parent, []):
                if self.nodes[child].name == node.name and self.nodes[child].is_valid_on(day):
                    return child
            return parent
        words = {node.name, *node.keywords}
        best, best_overlap = None, 0.0
        for other in self.children.get(None, []):
            candidate = self.nodes[other]
            if not candidate.is_valid_on(day):
                continue
            theirs = {candidate.name, *candidate.keywords}
            overlap = len(words & theirs) / len(words | theirs)
            if overlap > best_overlap:
                best, best_overlap = other, overlap
        return best


@dataclass
class Examples:
    """Labelled documents. Weak ones (class names, keywords) weigh more than a petition
    but are never held out for calibration and never shape the vocabulary."""

    docs: list[Doc] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    weak: list[bool] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def add(self, examples: Sequence[Example], *, weak: bool = False) -> Examples:
        for example in examples:
            self.docs.append(example.doc)
            self.labels.append(example.label)
            self.weak.append(weak)
            self.groups.append(example.group or f"#{len(self.groups)}")
        return self

    def __add__(self, other: Examples) -> Examples:
        return Examples(
            self.docs + other.docs,
            self.labels + other.labels,
            self.weak + other.weak,
            self.groups + other.groups,
        )

    def take(self, index: Sequence[int]) -> Examples:
        return Examples(
            *([column[i] for i in index] for column in (self.docs, self.labels, self.weak)),
            [self.groups[i] for i in index],
        )

    def relabel(self, labels: Sequence[str]) -> Examples:
        return Examples(self.docs, list(labels), self.weak, self.groups)

    @property
    def weights(self) -> np.ndarray:
        return np.where(self.weak, WEAK_WEIGHT, 1.0)


def training_examples(
    tree: ClassTree,
    history: Sequence[Example],
    *,
    min_examples: int = MIN_EXAMPLES,
    day: dt.date | None = None,
) -> tuple[Examples, Examples, dict[str, str]]:
    """History and seed examples, and the tree's documents, labelled at trainable depth.

    Each confirmed class is first moved to the class valid `day` that stands for it (the
    2018 renames), then to the deepest class on its lineage with `min_examples` examples.
    Returns (history, seed + tree documents, code → label).
    """
    day = day or timesource.today()
    seeds = seed_examples()

    def current(code: str) -> str:
        return tree.counterpart(code, day) or code

    history = [e._replace(label=current(e.label)) for e in history]
    seeds = [e._replace(label=current(e.label)) for e in seeds]
    label_of = granular_labels([e.label for e in [*history, *seeds]], tree, min_examples)
    history = [e._replace(label=label_of.get(e.label, e.label)) for e in history]
    fixed = Examples().add([e._replace(label=label_of.get(e.label, e.label)) for e in seeds])
    fixed.add(tree_docs(tree, day, label_of), weak=True)
    return Examples().add(history), fixed, label_of


def granular_labels(codes: Iterable[str], tree: ClassTree, min_examples: int) -> dict[str, str]:
    """Each code → the deepest class on its lineage with at least `min_examples` examples.

    A class counts its own examples and those of every class below it; the first level is
    kept even when it has fewer, so every example keeps a label.
    """
    codes = list(codes)
    counts: Counter[str] = Counter()
    for code in codes:
        counts.update(tree.lineage(code))
    mapping = {}
    for code in set(codes) | set(tree.nodes):
        lineage = tree.lineage(code) or [code]
        kept = [c for c in lineage if counts[c] >= min_examples]
        mapping[code] = kept[-1] if kept else lineage[0]
    return mapping


def tree_docs(tree: ClassTree, day: dt.date, label_of: dict[str, str]) -> list[Example]:
    """Class names and keywords as short labelled documents (weak supervision).

    Each class valid on `day` gives its name, each of its keywords, and its path with the
    keywords in one line, labelled with the label that stands for it. Registrars' wording
    is close to the tree's, so these teach classes the history barely has.
    """
    docs: list[Example] = []
    for code, node in tree.nodes.items():
        if not node.is_valid_on(day):
            continue
        label = label_of.get(code, tree.first_level(code))
        names = [tree.nodes[c].name for c in tree.lineage(code)]
        line = " ".join(dict.fromkeys([*names, *node.keywords]))
        docs.extend(Example((text, text), label) for text in (node.name, *node.keywords, line))
    return list(dict.fromkeys(docs))


def seed_examples(path: Path = SEED_EXAMPLES) -> list[Example]:
    """The project's own example petitions, one class code each (for a fresh install)."""
    rows = json.loads(path.read_text(encoding="utf-8"))["examples"]
    return [Example((r["title"], r["content"]), r["class"], f"seed-{r['group']}") for r in rows]


MATTER_GROUP = "matter-"  # a history example's group: this and the matter's 事项编号


def history_examples(limit: int) -> list[Example]:
    """The bureau's registered petitions with the class they were confirmed under, newest first."""
    from xinfang.petitions.models import Petition

    rows = (
        Petition.objects.filter(voided_at=None)
        .order_by("-received_on", "-id")
        .values_list("title", "content", "content_class__code", "matter__number")
        .iterator(chunk_size=2000)
    )
    seen: set[Doc] = set()
    examples: list[Example] = []
    for title, content, code, matter_number in rows:
        if (title, content) in seen:
            continue
        seen.add((title, content))
        examples.append(Example((title, content), code, MATTER_GROUP + matter_number))
        if len(examples) >= limit:
            break
    return examples


def read_csv(
    path: Path, text_columns: Sequence[str], label_column: str | None
) -> tuple[list[Doc], list[str]]:
    """Docs and labels from a CSV: the first text column is the title, the rest the content.

    Rows without a label (when a label column is asked for) are skipped; Excel's
    `_x000D_` residue is dropped.
    """
    docs: list[Doc] = []
    labels: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        wanted = [*text_columns, *([label_column] if label_column else [])]
        missing = [c for c in wanted if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: no column {', '.join(missing)}")
        for row in reader:
            parts = [_clean(row[c]) for c in text_columns]
            label = (row[label_column] or "").strip() if label_column else ""
            if label_column and not label:
                continue
            docs.append((parts[0], " ".join(parts[1:]) if len(parts) > 1 else parts[0]))
            labels.append(label)
    return docs, labels


def read_keys(path: Path, key_column: str, label_column: str | None) -> list[str]:
    """Each row's key (an id such as 留言编号), for the rows `read_csv` keeps, in order."""
    keys: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if key_column not in (reader.fieldnames or []):
            raise ValueError(f"{path}: no column {key_column}")
        for row in reader:
            if label_column and not (row[label_column] or "").strip():
                continue
            keys.append((row[key_column] or "").strip())
    return keys


def category_docs(path: Path, label_column: str, labels: Iterable[str]) -> list[Example]:
    """A taxonomy CSV (一级分类, 二级分类, 三级分类) as labelled documents for `labels`.

    Each row gives its deepest name and its names below the first level in one line; each
    label gives its own name. "其他" (other) names nothing and is left out.
    """
    known = set(labels)
    docs: list[Example] = [Example((label, label), label) for label in sorted(known)]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            label = (row.get(label_column) or "").strip()
            if label not in known:
                continue
            names = [
                (v or "").strip()
                for k, v in row.items()
                if k != label_column and (v or "").strip() not in ("", "其他")
            ]
            for text in dict.fromkeys([names[-1], " ".join(names)]) if names else ():
                docs.append(Example((text, text), label))
    return list(dict.fromkeys(docs))


def _clean(text: str | None) -> str:
    return " ".join((text or "").replace("_x000D_", "\n").split())
