"""Honest figures for the content classifier: a fixed held-out split and nested CV.

A figure is only worth what the data behind it never shaped. So:

1. A fixed part of the labelled file is held out (`held_out_split`): chosen by a hash of
   each row's key (留言编号 for the TipDM messages), stratified by class, the same on every
   machine and run. Nothing is tuned on it; it is scored once, by a model trained on the
   rest (the tuning part) with settings chosen on the tuning part alone.
2. On the tuning part, nested CV (`nested_cv`): in each outer fold the settings are chosen
   by an inner CV over the outer training part only, then scored on the outer held fold.
3. A plain baseline (`baseline`) on the same split tells what the model adds.
4. The held-out figure comes with a bootstrap interval (`interval`): 123 messages cannot
   tell 0.86 from 0.90, and a reader comparing the figure with a goal should see that.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.stats import bootstrap
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, classification_report, f1_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from xinfang.insight import classifier_data as data
from xinfang.insight import classifier_model as model
from xinfang.insight.classifier_data import Doc

HELD_OUT_SHARE = 0.25
RESAMPLES = 2000  # bootstrap resamples of the held-out texts
CONFIDENCE = 0.95
OUTER_FOLDS = 5
INNER_FOLDS = 3
# What nested CV chooses among: the shipped settings first (ties keep the earlier one).
GRID = (
    model.DEFAULT,
    *(
        model.Settings(c=c, title_weight=w)
        for c in (0.25, 0.5, 1.0)
        for w in (0.4, 0.7, 1.0)
        if model.Settings(c=c, title_weight=w) != model.DEFAULT
    ),
)


def _rank(key: str) -> str:
    return hashlib.sha256(key.strip().encode("utf-8")).hexdigest()


def held_out_split(
    keys: Sequence[str], labels: Sequence[str], share: float = HELD_OUT_SHARE
) -> tuple[list[int], list[int]]:
    """Row indexes (tuning, held out): about `share` of each class held out, by key hash.

    1. Within each class, the distinct keys are ordered by the SHA-256 of the key: the
       order owes nothing to the file's order, a random seed or a library version.
    2. Keys are taken in that order until round(share × the class's rows) rows are held.
    3. Every row of a taken key is held out (one message filed twice stays on one side).
    """
    rows_of: dict[str, dict[str, int]] = defaultdict(dict)  # label → key → rows
    for key, label in zip(keys, labels, strict=True):
        rows_of[label][key] = rows_of[label].get(key, 0) + 1
    held_keys: set[str] = set()
    for label in sorted(rows_of):
        counts = rows_of[label]
        target, taken = round(share * sum(counts.values())), 0
        for key in sorted(counts, key=lambda k: (_rank(k), k)):
            if taken >= target:
                break
            held_keys.add(key)
            taken += counts[key]
    held = [i for i, key in enumerate(keys) if key in held_keys]
    tuning = [i for i, key in enumerate(keys) if key not in held_keys]
    return tuning, held


@dataclass
class Score:
    macro_f1: float
    accuracy: float
    n_train: int
    n_test: int
    f1_interval: tuple[float, float] | None  # the macro-F1's 95% bootstrap interval


def score(truth: Sequence[str], predicted: Sequence[str], n_train: int) -> Score:
    return Score(
        float(f1_score(truth, predicted, average="macro")),
        float(accuracy_score(truth, predicted)),
        n_train,
        len(truth),
        interval(truth, predicted),
    )


def interval(
    truth: Sequence[str], predicted: Sequence[str], resamples: int = RESAMPLES
) -> tuple[float, float] | None:
    """The macro-F1's percentile bootstrap interval (95%, seed 42) over the scored texts.

    Texts are resampled with replacement, each with its prediction (paired), and each
    resample is scored as the figure itself is: the mean F1 over the classes it holds (in
    its truth or its predictions). The middle 95% of the resamples' macro-F1 is the
    interval: how far the figure could move on another sample of the same size from the
    same source. None for fewer than two texts: one text has no spread.
    """
    if len(truth) < 2:
        return None
    classes, (t, p) = _encoded(truth, predicted)
    return _percentile_interval((t, p), functools.partial(macro_f1, classes=classes), resamples)


def gain_interval(
    truth: Sequence[str],
    before: Sequence[str],
    after: Sequence[str],
    resamples: int = RESAMPLES,
) -> tuple[float, float] | None:
    """The 95% percentile bootstrap interval of macro-F1(after) − macro-F1(before), two
    models' predictions for the same texts, resampled together (seed 42). None for fewer
    than two texts."""
    if len(truth) < 2:
        return None
    classes, (t, b, a) = _encoded(truth, before, after)

    def gain(t, b, a, axis=-1):
        return macro_f1(t, a, classes, axis) - macro_f1(t, b, classes, axis)

    return _percentile_interval((t, b, a), gain, resamples)


def _encoded(*sides: Sequence[str]) -> tuple[int, list[np.ndarray]]:
    """Labels as class codes shared by all the (equally long) sides, and how many classes."""
    classes, codes = np.unique(
        np.concatenate([np.asarray(side, str) for side in sides]), return_inverse=True
    )
    return len(classes), np.split(codes, len(sides))


def _percentile_interval(samples: tuple, statistic, resamples: int) -> tuple[float, float]:
    found = bootstrap(
        samples, statistic, n_resamples=resamples, paired=True, vectorized=True,
        confidence_level=CONFIDENCE, method="percentile", rng=np.random.default_rng(model.SEED),
    )  # fmt: skip
    low, high = found.confidence_interval
    return float(low), float(high)


def macro_f1(truth: np.ndarray, predicted: np.ndarray, classes: int, axis: int = -1):
    """scikit-learn's macro-F1 of class codes 0…classes-1, along `axis`: the mean F1 over
    the classes found in the truth or the predictions of each sample.

    Written out so the bootstrap scores all its resamples at once (one call of
    `f1_score` per resample: 4 s for 558 held-out petitions, against 0.04 s); a test holds
    the two equal.
    """
    total = found = 0
    for c in range(classes):
        is_true, is_predicted = truth == c, predicted == c
        hits = 2 * (is_true & is_predicted).sum(axis)
        tried = is_true.sum(axis) + is_predicted.sum(axis)
        total = total + np.divide(hits, tried, out=np.zeros(hits.shape), where=tried > 0)
        found = found + (tried > 0)
    return total / found


def choose(
    examples: data.Examples,
    *,
    always: data.Examples,
    grid: Sequence[model.Settings] = GRID,
    folds: int = INNER_FOLDS,
    unlabeled: Sequence[Doc] = (),
) -> tuple[model.Settings, dict[model.Settings, float]]:
    """The settings with the best mean macro-F1 over a CV of `examples` alone.

    The settings change neither the vocabulary nor the IDF weights, so each fold fits the
    features once and every setting only re-weighs the title block and refits the SVM.
    """
    if len(grid) == 1:
        return grid[0], {}
    labels = np.asarray(examples.labels)
    scores: dict[model.Settings, list[float]] = {settings: [] for settings in grid}
    for fit_part, held in model._splits(examples.labels, examples.groups, folds):
        training = examples.take(fit_part) + always
        features = model.build_features().fit([*examples.take(fit_part).docs, *unlabeled])
        fit_blocks = _blocks(features, training.docs)
        held_blocks = _blocks(features, [examples.docs[i] for i in held])
        for settings in grid:
            svm = model._svm(settings).fit(
                _combine(fit_blocks, settings), training.labels, sample_weight=training.weights
            )
            predicted = svm.predict(_combine(held_blocks, settings))
            scores[settings].append(float(f1_score(labels[held], predicted, average="macro")))
    means = {settings: float(np.mean(f1s)) for settings, f1s in scores.items()}
    best = max(means.values())
    return next(s for s in grid if means[s] == best), means


def _blocks(features, docs: Sequence[Doc]) -> list:
    """The feature union's parts (text, title) before weighting and normalising."""
    union = features.named_steps["features"]
    return [part.transform(docs) for _, part in union.transformer_list]


def _combine(blocks: list, settings: model.Settings):
    """What `build_features(settings)` would give from the same fitted parts."""
    text, title = blocks
    return normalize(sp.hstack([text, title * settings.title_weight]).tocsr())


@dataclass
class NestedCV:
    macro_f1: float  # mean over the outer folds
    accuracy: float
    fold_f1: list[float]
    chosen: list[model.Settings]  # per outer fold
    seconds: float


def nested_cv(
    examples: data.Examples,
    *,
    always: data.Examples,
    grid: Sequence[model.Settings] = GRID,
    outer: int = OUTER_FOLDS,
    inner: int = INNER_FOLDS,
    unlabeled: Sequence[Doc] = (),
) -> NestedCV:
    """Outer stratified K-fold; in each, settings chosen by an inner CV of its training part."""
    started = time.perf_counter()
    labels = np.asarray(examples.labels)
    fold_f1, accuracies, chosen = [], [], []
    for fit_part, held in model._splits(examples.labels, examples.groups, outer):
        training = examples.take(fit_part)
        settings, _ = choose(training, always=always, grid=grid, folds=inner, unlabeled=unlabeled)
        fitted = model.train(
            training + always, unlabeled=unlabeled, calibrate=False, settings=settings
        )
        predicted = fitted.predict([examples.docs[i] for i in held])
        fold_f1.append(float(f1_score(labels[held], predicted, average="macro")))
        accuracies.append(float(accuracy_score(labels[held], predicted)))
        chosen.append(settings)
    return NestedCV(
        float(np.mean(fold_f1)),
        float(np.mean(accuracies)),
        fold_f1,
        chosen,
        time.perf_counter() - started,
    )


def baseline(train_docs: Sequence[Doc], train_labels: Sequence[str], test_docs: Sequence[Doc]):
    """A plain character 1–2-gram TF-IDF (sublinear) + LinearSVC (C=1) of title and content."""
    plain = make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True), LinearSVC()
    )
    return list(
        plain.fit(model._joined(train_docs), train_labels).predict(model._joined(test_docs))
    )


@dataclass
class Report:
    """What `classify evaluate` and the benchmark print."""

    n_labelled: int
    n_tuning: int
    n_held_out: int
    n_classes: int
    n_weak: int
    n_unlabeled: int
    nested: NestedCV
    settings: model.Settings  # chosen on the whole tuning part
    held_out: Score
    baseline: Score
    train_seconds: float
    fitted: model.TextClassifier
    truth: list[str]  # the held-out labels
    predicted: list[str]  # and the model's classes for them
    latency_ms: list[float]  # one whole suggestion per held-out text


def evaluate(
    docs: Sequence[Doc],
    labels: Sequence[str],
    keys: Sequence[str],
    *,
    always: data.Examples,
    unlabeled: Sequence[Doc] = (),
    grid: Sequence[model.Settings] = GRID,
    outer: int = OUTER_FOLDS,
    inner: int = INNER_FOLDS,
    share: float = HELD_OUT_SHARE,
) -> Report:
    """Nested CV on the tuning part, then the held-out part scored once.

    The held-out model is trained on the whole tuning part with the settings an (outer-
    sized) CV of the tuning part prefers; the baseline is trained on the same rows.
    """
    tuning, held = held_out_split(keys, labels, share)
    examples = data.Examples().add([data.Example(d, y) for d, y in zip(docs, labels, strict=True)])
    part = examples.take(tuning)
    nested = nested_cv(
        part, always=always, grid=grid, outer=outer, inner=inner, unlabeled=unlabeled
    )
    settings, _ = choose(part, always=always, grid=grid, folds=outer, unlabeled=unlabeled)
    started = time.perf_counter()
    fitted = model.train(part + always, unlabeled=unlabeled, settings=settings)
    train_seconds = time.perf_counter() - started
    held_docs = [docs[i] for i in held]
    truth = [labels[i] for i in held]
    plain = baseline(part.docs, part.labels, held_docs)
    predicted = fitted.predict(held_docs)
    return Report(
        n_labelled=len(docs),
        n_tuning=len(tuning),
        n_held_out=len(held),
        n_classes=len(set(labels)),
        n_weak=len(always.docs),
        n_unlabeled=len(unlabeled),
        nested=nested,
        settings=settings,
        held_out=score(truth, predicted, len(tuning)),
        baseline=score(truth, plain, len(tuning)),
        train_seconds=train_seconds,
        fitted=fitted,
        truth=truth,
        predicted=predicted,
        latency_ms=model.prediction_times(fitted, held_docs[: model.LATENCY_SAMPLE]),
    )


def _interval(figure: Score) -> str:
    if figure.f1_interval is None:
        return ""
    low, high = figure.f1_interval
    return f" (95% bootstrap interval {low:.3f}–{high:.3f})"


def describe(report: Report, machine: str, key: str = data.TIPDM_KEY_COLUMN) -> list[str]:
    """The report as lines; the last one is the held-out `macro_f1=… accuracy=…`."""
    r, nested = report, report.nested
    share = r.n_held_out / r.n_labelled
    lines = [
        f"machine: {machine}",
        f"data: {r.n_labelled} labelled texts, {r.n_classes} classes · held out {r.n_held_out} "
        f"({share:.0%}, stratified, by SHA-256 of {key}) · tuning part {r.n_tuning} · "
        f"{r.n_weak} category-name documents · {r.n_unlabeled} unlabeled texts"
        + (" (vocabulary and IDF only)" if r.n_unlabeled else ""),
        f"nested CV on the tuning part ({len(nested.fold_f1)} outer folds, settings chosen "
        f"inside each by an inner CV of its training part): macro-F1 {nested.macro_f1:.3f} "
        f"accuracy {nested.accuracy:.3f} (folds "
        + " ".join(f"{f:.3f}" for f in nested.fold_f1)
        + f"; chosen {', '.join(str(s) for s in nested.chosen)}; {nested.seconds:.0f} s)",
        f"held-out: model trained on the {r.n_tuning} tuning texts with {r.settings} (chosen "
        f"by CV of the tuning part) in {r.train_seconds:.1f} s, scored once on "
        f"{r.n_held_out}: macro-F1 {r.held_out.macro_f1:.3f}{_interval(r.held_out)} "
        f"accuracy {r.held_out.accuracy:.3f}",
        f"baseline on the same split (char 1–2-gram TF-IDF + LinearSVC, no category names): "
        f"macro-F1 {r.baseline.macro_f1:.3f} accuracy {r.baseline.accuracy:.3f}",
        f"prediction: {np.median(r.latency_ms):.2f} ms per text (p50), "
        f"{model.p95(r.latency_ms):.2f} ms (p95), over {len(r.latency_ms)} held-out texts",
        classification_report(r.truth, r.predicted, digits=3, zero_division=0),
        f"macro_f1={r.held_out.macro_f1:.3f} accuracy={r.held_out.accuracy:.3f}",
    ]
    return lines
