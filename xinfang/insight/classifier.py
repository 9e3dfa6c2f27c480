"""Content class suggestions (内容分类建议) while the registrar types, with the words behind them.

`xinfang classify train` fits the model (`classifier_model`) on the bureau's confirmed
classes and stores a new version under `VAR_DIR/models`; every process uses the newest
version, looking for one at most every half minute. A fresh install uses a model fitted
in process on the project's seed examples and the class tree (`classifier_data`).
Suggestions are mapped onto the classes valid on the receiving date.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import joblib
from django.conf import settings
from sklearn.metrics import accuracy_score, f1_score

from xinfang.classes.models import ContentClass
from xinfang.insight import classifier_data as data
from xinfang.insight.classifier_model import (  # noqa: F401 (Suggestion: re-exported)
    MAX_SUGGESTIONS,
    Suggestion,
    TextClassifier,
    cross_validate,
    train,
)
from xinfang.lib import timesource

log = logging.getLogger(__name__)

SEED_TEMPERATURE_FLOOR = 0.15
CONFIDENT = 0.8  # at or above: one suggestion; below: the top three
MIN_EXAMPLES = data.MIN_EXAMPLES
HISTORY_LIMIT = 50_000
KEEP_VERSIONS = 5
RECHECK_SECONDS = 30.0


# -- versions under VAR_DIR/models -----------------------------------------------------------


def models_dir(var_dir: Path) -> Path:
    return Path(var_dir) / "models"


def save(model: TextClassifier, var_dir: Path) -> Path:
    """Write `classifier-<YYYYmmddHHMMSS>.joblib` and its `.json`, newest last by name.

    The stamp is the training time (one second later if taken, so names stay unique and
    sorted); the metadata file is written first and the model moved in last, so a reader
    never sees half a model. Versions beyond the newest few are removed.
    """
    folder = models_dir(var_dir)
    folder.mkdir(parents=True, exist_ok=True)
    moment = timesource.now()
    while True:
        version = f"classifier-{moment:%Y%m%d%H%M%S}"
        if not (folder / f"{version}.joblib").exists():
            break
        moment += dt.timedelta(seconds=1)
    model.meta = {**model.meta, "version": version}
    (folder / f"{version}.json").write_text(
        json.dumps(model.meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    partial = folder / f".{version}.joblib.partial"
    joblib.dump(model, partial, compress=3)
    os.replace(partial, folder / f"{version}.joblib")
    for old in _versions(folder)[:-KEEP_VERSIONS]:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)
    _cache.forget()
    return folder / f"{version}.joblib"


def _versions(folder: Path) -> list[Path]:
    return sorted(folder.glob("classifier-*.joblib"))


def newest_version(var_dir: Path) -> Path | None:
    found = _versions(models_dir(var_dir))
    return found[-1] if found else None


def load_latest(var_dir: Path) -> TextClassifier | None:
    """The newest stored model that loads, or None. Files come only from `save` (trusted)."""
    for path in reversed(_versions(models_dir(var_dir))):
        try:
            model = joblib.load(path)
        except Exception:  # written by an older release, or damaged: try the one before
            log.warning("cannot load classifier %s", path, exc_info=True)
            continue
        if isinstance(model, TextClassifier):
            return model
    return None


# -- training on the bureau's classes --------------------------------------------------------


def train_from_history(
    *, min_examples: int = MIN_EXAMPLES, limit: int = HISTORY_LIMIT, folds: int = 5
) -> TextClassifier:
    """A model of the bureau's confirmed classes, its CV figures in `meta["cv"]`.

    CV needs enough history (ten petitions a fold); petitions of one matter stay in one
    fold. Figures are given for the exact class and for its first level, the level the
    registrar must always get right.
    """
    tree = data.ClassTree.from_db()
    history, fixed, _ = data.training_examples(
        tree, data.history_examples(limit), min_examples=min_examples
    )
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
        "cv": cv,
    }
    model = train(history + fixed, top_of=top_of, meta=meta)
    model.meta["classes"] = model.labels
    if not history.docs:
        _temper(model)
    return model


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


def suggest_class(title: str, content: str, *, on: dt.date | None = None) -> list[ClassSuggestion]:
    """Classes for a petition being typed, best first: one when confident, else the top three.

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

    Looks for a newer version file (and a changed tree) at most every RECHECK_SECONDS, so
    a model trained by the command reaches every worker within half a minute.
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
        newest = newest_version(var_dir)
        if newest is None or newest != self.source or var_dir != self.var_dir:
            stored = load_latest(var_dir) if newest is not None else None
            self.model, self.source = stored, newest if stored is not None else None
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
    """Drop this process's model, so the next suggestion loads the newest (tests, after save)."""
    _cache.forget()
