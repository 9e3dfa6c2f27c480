"""Content class suggestions (内容分类建议) while the registrar types, with the words behind them.

`xinfang classify train` fits the model (`classifier_model`) on the bureau's confirmed
classes, outside a fixed held-out split, and scores it against the current model on that
split: a model that scores worse is not made current. Versions and the pointer to the current
one live in `classifier_versions`; every process looks for a change at most every half
minute. A fresh install uses a model fitted in process on the project's seed examples and
the class tree (`classifier_data`). Suggestions are mapped onto the classes valid on the
receiving date; below a configured confidence the panel says the model is unsure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from sklearn.metrics import accuracy_score, f1_score

from xinfang.classes.models import ContentClass
from xinfang.insight import classifier_data as data
from xinfang.insight import classifier_eval
from xinfang.insight import classifier_versions as versions
from xinfang.insight.classifier_model import (  # noqa: F401 (Suggestion: re-exported)
    MAX_SUGGESTIONS,
    Suggestion,
    TextClassifier,
    cross_validate,
    train,
)
from xinfang.insight.classifier_versions import Accepted
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError

SEED_TEMPERATURE_FLOOR = 0.15
CONFIDENT = 0.8  # at or above: one suggestion; below: the top three
MIN_EXAMPLES = data.MIN_EXAMPLES
HISTORY_LIMIT = 50_000
RECHECK_SECONDS = 30.0
HOLDOUT_PERCENT = 20  # one matter in five; never change it, or the split is no longer fixed
HOLDOUT_RULE = f"sha256(事项编号) mod 100 < {HOLDOUT_PERCENT}"
RELIABILITY_EDGES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


# -- the held-out split ----------------------------------------------------------------------


def is_held_out(matter_number: str) -> bool:
    """Whether a matter's petitions belong to the held-out split (one matter in five).

    Decided by a hash of the 事项编号 alone, so the same petitions are held out at every
    training and never trained on; a matter's petitions (repeat letters often retell one
    text) stay on one side, so no held-out text has a near-copy among the training ones.
    """
    digest = hashlib.sha256(matter_number.encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < HOLDOUT_PERCENT


def split_history(history: Sequence[data.Example]) -> tuple[list, list]:
    """(training, held-out) examples of `data.history_examples`, whose group names the matter."""
    fit, held = [], []
    for example in history:
        number = example.group.removeprefix(data.MATTER_GROUP)
        mine = number != example.group and is_held_out(number)
        (held if mine else fit).append(example)
    return fit, held


def first_level_probabilities(
    model: TextClassifier, tree: data.ClassTree, docs: Sequence[data.Doc], day: dt.date
) -> tuple[list[str], np.ndarray]:
    """Each text's probability of each first-level class valid on `day` (as the panel sums
    them), and those classes' codes in column order."""
    head = model.top or model.head
    p = head.probabilities(model.features.transform(list(docs)))
    firsts: dict[str, int] = {}
    mass_of = []
    for i, label in enumerate(head.labels):
        code = tree.counterpart(label, day)
        if code is not None:
            mass_of.append((i, firsts.setdefault(tree.first_level(code), len(firsts))))
    mass = np.zeros((len(docs), len(firsts)))
    for i, j in mass_of:
        mass[:, j] += p[:, i]
    return list(firsts), mass


def held_out_answers(
    model: TextClassifier,
    tree: data.ClassTree,
    held: Sequence[data.Example],
    day: dt.date | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The held-out examples' first-level classes today, and the model's with its confidence.

    The first level is the level every model predicts and the registrar must always get
    right, so two models with different deeper classes compare fairly.
    """
    day = day or timesource.today()
    truth = np.asarray([tree.first_level(tree.counterpart(e.label, day) or e.label) for e in held])
    firsts, mass = first_level_probabilities(model, tree, [e.doc for e in held], day)
    predicted = np.asarray(firsts)[mass.argmax(1)] if firsts else np.full(len(held), "")
    confidence = mass.max(1) if firsts else np.zeros(len(held))
    return truth, predicted, confidence


def held_out_score(truth: np.ndarray, predicted: np.ndarray, confidence: np.ndarray) -> dict:
    """A model's first-level figures on the held-out examples.

    `f1_interval` is the macro-F1's 95% bootstrap interval; `reliability` bins the
    confidence the panel would show against how often the class was right.
    """
    right = truth == predicted
    bins = []
    for low, high in zip(RELIABILITY_EDGES, RELIABILITY_EDGES[1:], strict=False):
        inside = (confidence >= low) & ((confidence < high) | (high == RELIABILITY_EDGES[-1]))
        if inside.any():
            bins.append({
                "from": low, "to": high, "n": int(inside.sum()),
                "confidence": round(float(confidence[inside].mean()), 3),
                "accuracy": round(float(right[inside].mean()), 3),
            })  # fmt: skip
    spread = classifier_eval.interval(list(truth), list(predicted))
    return {
        "n": len(truth),
        "macro_f1": round(float(f1_score(truth, predicted, average="macro")), 4),
        "f1_interval": [round(bound, 4) for bound in spread] if spread else None,
        "accuracy": round(float(right.mean()), 4),
        "reliability": bins,
    }


def held_out_gain(truth: np.ndarray, before: np.ndarray, after: np.ndarray) -> dict | None:
    """The new model's macro-F1 minus the current one's on the same petitions, with its 95%
    paired bootstrap interval: on a few hundred petitions each figure moves by ±0.05, but
    the two move together, and the difference is what the admin decides on."""
    spread = classifier_eval.gain_interval(list(truth), list(before), list(after))
    if spread is None:
        return None
    gain = f1_score(truth, after, average="macro") - f1_score(truth, before, average="macro")
    return {"macro_f1": round(float(gain), 4), "interval": [round(bound, 4) for bound in spread]}


# -- training on the bureau's classes --------------------------------------------------------


def train_from_history(
    *,
    min_examples: int = MIN_EXAMPLES,
    limit: int = HISTORY_LIMIT,
    folds: int = 5,
    history: Sequence[data.Example] | None = None,
) -> TextClassifier:
    """A model of the bureau's confirmed classes, its CV figures in `meta["cv"]`.

    The confirmed class is the one each petition has now: a registrar's correction
    (更正登记信息) replaces it, so it is what the next training learns. `history` defaults
    to the registered petitions outside the held-out split. CV needs enough history (ten
    petitions a fold); petitions of one matter stay in one fold. Figures are given for the
    exact class and for its first level, the level the registrar must always get right.
    """
    tree = data.ClassTree.from_db()
    if history is None:
        history = split_history(data.history_examples(limit))[0]
    history, fixed, _ = data.training_examples(tree, history, min_examples=min_examples)
    top_of = _first_levels(tree, history.labels + fixed.labels)
    cv = None
    if folds >= 2 and len(history.docs) >= 10 * folds and len(set(history.labels)) >= 2:
        evaluation = cross_validate(history, always=fixed, folds=folds, top_of=top_of)
        top = [top_of[label] for label in history.labels]
        top_predicted = evaluation.top_predictions
        cv = {
            "folds": folds,
            "macro_f1": evaluation.macro_f1,
            "accuracy": evaluation.accuracy,
            "first_level_macro_f1": f1_score(top, top_predicted, average="macro"),
            "first_level_accuracy": accuracy_score(top, top_predicted),
        }
    meta = {
        "trained_at": timesource.now().isoformat(),
        "source": "history" if history.docs else "seed",
        "n_examples": len(history.docs),
        "n_seed_and_tree_docs": len(fixed.docs),
        "min_examples": min_examples,
        "held_out_rule": HOLDOUT_RULE,
        "cv": cv,
    }
    model = train(history + fixed, top_of=top_of, meta=meta)
    model.meta["classes"] = model.labels
    if not history.docs:
        _temper(model)
    return model


@dataclass(frozen=True)
class Retraining:
    """What `retrain` did: the new version, its figures and the current one's, the verdict."""

    model: TextClassifier
    path: Path
    status: str  # Accepted.*
    before: dict | None  # the model current before, on the held-out split (None: nothing held out)
    after: dict | None  # the new model, on the same petitions
    replaced: str  # the version current before ("seed": the seed model)
    reason: str  # why it was (not) made current, in words


def retrain(
    var_dir: Path,
    *,
    force: bool = False,
    min_examples: int = MIN_EXAMPLES,
    limit: int = HISTORY_LIMIT,
    folds: int = 5,
) -> Retraining:
    """Fit a new model and make it current unless it scores worse than the current one.

    1. The history is split by `is_held_out`; the new model learns from the rest only.
    2. The current model (the seed model on a fresh install) and the new one are scored on
       the held-out petitions with the classes they have today.
    3. Worse means a lower first-level macro-F1 (accuracy breaks a tie). A worse model is
       recorded as rejected (its figures, not its model) unless `force`.
    A current model trained before the split existed has seen the held-out petitions; its
    figure would be flattering, so the new model replaces it without a comparison.
    """
    tree = data.ClassTree.from_db()
    fit, held = split_history(data.history_examples(limit))
    model = train_from_history(min_examples=min_examples, folds=folds, history=fit)
    current = versions.load_current(var_dir)
    replaced = current.meta.get("version", "?") if current is not None else "seed"
    baseline = current if current is not None else seed_model(tree)
    before = after = gain = None
    if held:
        truth, old, old_confidence = held_out_answers(baseline, tree, held)
        _, new, new_confidence = held_out_answers(model, tree, held)
        before = held_out_score(truth, old, old_confidence)
        after = held_out_score(truth, new, new_confidence)
        gain = held_out_gain(truth, old, new)
    status, reason = Accepted.ACCEPTED, "评分不低于当前版本"
    if after is None:
        reason = "没有留出样本，未比较"
    elif current is not None and current.meta.get("held_out_rule") != HOLDOUT_RULE:
        reason = "当前版本训练于留出集划分之前（已见过留出样本），未比较"
    elif (after["macro_f1"], after["accuracy"]) < (before["macro_f1"], before["accuracy"]):
        status = Accepted.FORCED if force else Accepted.REJECTED
        reason = "评分低于当前版本，按 --force 仍启用" if force else "评分低于当前版本，未启用"
    model.meta.update({
        "n_held_out": len(held), "held_out": after, "reason": reason,
        "before": {**before, "version": replaced} if before is not None else None,
        "gain": gain,
    })  # fmt: skip
    path = versions.save(model, var_dir, status=status)
    _cache.forget()
    return Retraining(model, path, status, before, after, replaced, reason)


def rollback(var_dir: Path, to: str | None = None) -> tuple[str | None, str]:
    """Make an earlier version current again: `to`, or the newest accepted one before the
    current. Returns (the version current before, the one current now)."""
    current = versions.current_name(var_dir)
    if to is None:
        target = versions.previous(var_dir)
        if target is None:
            raise DomainError("没有可回退的早先版本")
    else:
        target = next((v for v in versions.versions(var_dir) if v.name == to), None)
        if target is None or target.is_current or not target.may_become_current:
            raise DomainError(f"版本 {to} 不存在、已是当前版本或未通过评估，不能回退到它")
    versions.make_current(var_dir, target.name)
    _cache.forget()
    return current, target.name


# -- what the registration page and the API call ---------------------------------------------


@dataclass(frozen=True)
class ClassSuggestion:
    """A content class to offer, valid on the receiving date, and why.

    `content_class` is the deepest class the model can tell (its first-level class when
    the history has too few examples below it); `confidence` is that the first level is
    right, `class_confidence` that the deeper class is; `words` are the text's own
    n-grams that pushed toward it.
    """

    content_class: ContentClass
    first_level: ContentClass
    confidence: float
    class_confidence: float
    words: tuple[str, ...]

    @property
    def code(self) -> str:
        return self.content_class.code

    @property
    def path(self) -> str:
        return self.content_class.path_name


def unsure_below() -> float:
    """The first-level confidence under which the model says it is unsure (a setting)."""
    return settings.XINFANG_CLASS_SUGGESTION_FLOOR / 100


def is_unsure(suggestions: Sequence[ClassSuggestion]) -> bool:
    """Whether even the likeliest class is below the floor: the candidates are only hints."""
    return bool(suggestions) and suggestions[0].confidence < unsure_below()


def suggest_class(title: str, content: str, *, on: dt.date | None = None) -> list[ClassSuggestion]:
    """Classes for a petition being typed, best first: one when confident, else the top three
    (`is_unsure` tells when even the first is too unsure to offer as a choice).

    1. The first-level probabilities (the `top` head, else the labels' own) and the
       labels' probabilities, from the newest stored model or the seed model.
    2. Each label moved to the class valid `on` (default today) that stands for it;
       labels with none are dropped.
    3. First-level classes ranked by probability; within each, its likeliest label is
       offered, with the first level's probability times its share of the level.
    """
    if not (title or "").strip() and not (content or "").strip():
        return []
    day = on or timesource.today()
    model, tree = _cache.get()
    doc = (title or "", content or "")
    X = model.vector(doc)
    top_head = model.top or model.head
    mass: dict[str, float] = {}
    why: dict[str, tuple[float, int]] = {}  # first level → the top head's likeliest label
    for i, p in enumerate(top_head.probabilities(X)[0]):
        code = tree.counterpart(top_head.labels[i], day)
        if code is not None:
            first = tree.first_level(code)
            mass[first] = mass.get(first, 0.0) + float(p)
            why[first] = max(why.get(first, (-1.0, i)), (float(p), i))
    within: dict[str, float] = {}
    best: dict[str, tuple[float, str]] = {}  # first level → its likeliest label, moved
    for i, p in enumerate(model.head.probabilities(X)[0]):
        code = tree.counterpart(model.labels[i], day)
        if code is not None:
            first = tree.first_level(code)
            within[first] = within.get(first, 0.0) + float(p)
            if first not in best or p > best[first][0]:
                best[first] = (float(p), code)
    ranked = [c for c in sorted(mass, key=lambda c: -mass[c]) if c in best][:MAX_SUGGESTIONS]
    if ranked and mass[ranked[0]] >= CONFIDENT:
        ranked = ranked[:1]
    rows = ContentClass.objects.in_bulk({*ranked, *(best[c][1] for c in ranked)}, field_name="code")
    return [
        ClassSuggestion(
            content_class=rows[best[first][1]],
            first_level=rows[first],
            confidence=round(mass[first], 3),
            class_confidence=round(mass[first] * best[first][0] / within[first], 3),
            words=tuple(model.words(X, why[first][1], doc, head=top_head)),
        )
        for first in ranked
        if first in rows and best[first][1] in rows
    ]


def seed_model(tree: data.ClassTree) -> TextClassifier:
    """The fresh-install model: seed examples and the tree only (under a second to fit).

    Its own examples are cleaner than real petitions, so its self-calibrated temperature
    is too confident; on the TipDM messages the best one was about 0.15, kept as a floor.
    """
    _, fixed, _ = data.training_examples(tree, [])
    meta = {"source": "seed", "trained_at": timesource.now().isoformat(), "n_examples": 0}
    return _temper(train(fixed, top_of=_first_levels(tree, fixed.labels), meta=meta))


def _temper(model: TextClassifier) -> TextClassifier:
    """Keep a model of seed examples only from being surer than real petitions allow."""
    for head in filter(None, (model.head, model.top)):
        head.temperature = max(head.temperature, SEED_TEMPERATURE_FLOOR)
    return model


def _first_levels(tree: data.ClassTree, labels: list[str]) -> dict[str, str]:
    return {label: tree.first_level(label) for label in set(labels)}


class _Cache:
    """The model in use in this process, and the tree it maps onto.

    Reads the current version's name (and the tree) at most every RECHECK_SECONDS, so a
    model trained or rolled back to reaches every worker within half a minute.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.seed: tuple[int, TextClassifier] | None = None
        self.forget()

    def forget(self) -> None:
        self.model: TextClassifier | None = None
        self.source: Path | None = None
        self.var_dir: Path | None = None
        self.tree: data.ClassTree | None = None
        self.checked = 0.0

    def get(self) -> tuple[TextClassifier, data.ClassTree]:
        var_dir = Path(settings.VAR_DIR)
        with self.lock:
            stale = time.monotonic() - self.checked > RECHECK_SECONDS
            if self.model is None or var_dir != self.var_dir or stale:
                self._refresh(var_dir)
            return self.model, self.tree

    def _refresh(self, var_dir: Path) -> None:
        self.tree = data.ClassTree.from_db()
        current = versions.current_name(var_dir)
        if current is None or current != self.source or var_dir != self.var_dir:
            stored = versions.load_current(var_dir) if current is not None else None
            self.model, self.source = stored, current if stored is not None else None
            if stored is not None:
                stored.warm()
        if self.source is None:
            signature = self.tree.signature()
            if self.seed is None or self.seed[0] != signature:
                self.seed = (signature, seed_model(self.tree).warm())
            self.model = self.seed[1]
        self.var_dir = var_dir
        self.checked = time.monotonic()


_cache = _Cache()


def forget_cached_model() -> None:
    """Drop this process's model, so the next suggestion loads the current one (tests)."""
    _cache.forget()
