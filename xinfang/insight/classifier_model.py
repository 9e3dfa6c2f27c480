"""The content classifier itself, independent of Django and of what its labels mean.

The model is deliberately plain, so that it trains in seconds on one core and every
suggestion can show which words matched:

1. Character n-grams of title and content (1–2) and of the title alone (1–3), TF-IDF with
   sublinear counts. Chinese needs no word segmentation this way, and the title, where
   petitioners name the matter, weighs more.
2. A linear SVM with balanced class weights, trained on the petitions plus weak documents
   (class names and keywords) that teach classes the examples barely cover.
3. Temperature scaling of its scores, fitted on cross-validated scores, so a confidence of
   0.8 is right about four times in five.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, Normalizer
from sklearn.svm import LinearSVC

from xinfang.insight import classifier_data as data
from xinfang.insight.classifier_data import Doc

SEED = 42
CALIBRATION_FOLDS = 3
MAX_SUGGESTIONS = 3
WORDS = 5
WORD_FLOOR = 0.05  # a matched stretch is shown if it adds at least this share of the top one
LATENCY_SAMPLE = 200


@functools.cache
def _jieba():
    """jieba, its dictionary loaded once per process (about a second), quietly."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen text[start:end] to the words (jieba) it cuts into, looking a few characters out."""
    low = max(0, start - 4)
    for _, left, right in _jieba().tokenize(text[low : min(len(text), end + 4)]):
        left, right = left + low, right + low
        if left < start < right:
            start = left
        if left < end < right:
            end = right
    return start, end


# -- the model -------------------------------------------------------------------------------


def _joined(docs: Sequence[Doc]) -> list[str]:
    return [f"{title}。{content}" for title, content in docs]


def _titles(docs: Sequence[Doc]) -> list[str]:
    return [title or content[:40] for title, content in docs]


@dataclass(frozen=True)
class Settings:
    """The model's hyper-parameters: the defaults are what ships; nested CV may choose others."""

    c: float = 0.5  # SVM regularisation
    title_weight: float = 0.7  # the title's 1–3-grams beside the whole text's 1–2-grams

    def __str__(self) -> str:
        return f"C={self.c:g} title={self.title_weight:g}"


DEFAULT = Settings()


def build_features(settings: Settings = DEFAULT) -> Pipeline:
    """TF-IDF over characters: title and content (1–2-grams) beside the title (1–3-grams)."""

    def tfidf(ngrams: tuple[int, int], cap: int) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer="char", ngram_range=ngrams, sublinear_tf=True, min_df=2, max_features=cap
        )

    union = FeatureUnion(
        [
            ("text", make_pipeline(FunctionTransformer(_joined), tfidf((1, 2), 100_000))),
            ("title", make_pipeline(FunctionTransformer(_titles), tfidf((1, 3), 40_000))),
        ],
        transformer_weights={"text": 1.0, "title": settings.title_weight},
    )
    return Pipeline([("features", union), ("normalise", Normalizer())])


def _splits(labels: Sequence[str], groups: Sequence[str], folds: int, seed: int = SEED) -> list:
    """Stratified folds (seed 42); groups of near-duplicates stay within one fold."""
    stratified = (
        StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
        if len(set(groups)) < len(groups)
        else StratifiedKFold(folds, shuffle=True, random_state=seed)
    )
    with _quiet():
        return list(stratified.split(np.zeros(len(labels)), labels, groups))


@dataclass
class Suggestion:
    """One label with its confidence and the words of the text that pushed toward it."""

    label: str
    confidence: float
    words: list[str]


@dataclass
class Head:
    """One linear SVM over the shared features, and the softmax temperature of its scores."""

    svm: LinearSVC
    temperature: float = 1.0

    @functools.cached_property
    def labels(self) -> list[str]:
        return [str(label) for label in self.svm.classes_]

    def scores(self, X) -> np.ndarray:
        """The SVM's decision values (one column per label, also with two labels)."""
        coef = self.svm.coef_  # X in coef's dtype: a float64 X would copy all of coef
        raw = np.asarray(sp.csr_matrix(X).astype(coef.dtype) @ coef.T) + self.svm.intercept_
        return np.column_stack([-raw[:, 0], raw[:, 0]]) if raw.shape[1] == 1 else raw

    def probabilities(self, X) -> np.ndarray:
        return softmax(self.scores(X) / self.temperature, axis=1)


class TextClassifier:
    """Fitted features and a head over the labels, with what it was trained on.

    When the labels sit at several depths of a tree, a second head (`top`) learns their
    first-level classes: trained on its own it tells the first level better than summing
    the deeper labels' probabilities (demo history, 5-fold CV: 0.79 against 0.78).
    """

    def __init__(self, features: Pipeline, head: Head, meta: dict, top: Head | None = None):
        self.features = features
        self.head = head
        self.top = top
        self.meta = meta
        self._names: np.ndarray | None = None
        self._parts: list | None = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_names": None, "_parts": None}

    def warm(self) -> TextClassifier:
        """Load what the first suggestion would (feature names, jieba's dictionary: ~1 s)."""
        self.vector(("", ""))
        self._feature_names()
        _jieba()
        return self

    @property
    def labels(self) -> list[str]:
        return self.head.labels

    def probabilities(self, docs: Sequence[Doc]) -> np.ndarray:
        return self.head.probabilities(self.features.transform(docs))

    def predict(self, docs: Sequence[Doc], *, top: bool = False) -> list[str]:
        """The likeliest label of each text (its first-level class with `top`, if learnt)."""
        head = self.top if top and self.top is not None else self.head
        return [head.labels[i] for i in head.scores(self.features.transform(docs)).argmax(1)]

    def vector(self, doc: Doc) -> sp.csr_matrix:
        """`features.transform([doc])` for one text, without its per-call overhead.

        The pipeline's validation and joblib dispatch cost ~3 ms a call, more than the
        work; this reads the same fitted vocabularies and IDF weights (a test holds the two
        equal) and takes well under a millisecond.
        """
        if self._parts is None:
            union = self.features.named_steps["features"]
            self._parts = [
                (part[0].func, part[-1].build_analyzer(), part[-1].vocabulary_, part[-1].idf_,
                 union.transformer_weights[name])
                for name, part in union.transformer_list
            ]  # fmt: skip
        columns, values, offset = [], [], 0
        for pick, analyse, vocabulary, idf, weight in self._parts:
            counts = Counter(g for g in analyse(pick([doc])[0]) if g in vocabulary)
            if counts:
                cols = np.fromiter((vocabulary[g] for g in counts), np.int64, len(counts))
                tf = np.fromiter(counts.values(), np.float64, len(counts))
                value = (1.0 + np.log(tf)) * idf[cols]  # sublinear tf × idf, then l2
                columns.append(cols + offset)
                values.append(value * (weight / np.linalg.norm(value)))
            offset += len(idf)
        cols = np.concatenate(columns) if columns else np.zeros(0, np.int64)
        value = np.concatenate(values) if values else np.zeros(0)
        if len(value):
            value /= np.linalg.norm(value)
        return sp.csr_matrix((value, cols, [0, len(cols)]), shape=(1, offset))

    def suggest(self, title: str, content: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
        """The `limit` most likely labels for one text, best first, each with its words."""
        doc = (title, content)
        X = self.vector(doc)
        p = self.head.probabilities(X)[0]
        best = np.argsort(-p)[:limit]
        return [Suggestion(self.labels[i], float(p[i]), self.words(X, i, doc)) for i in best]

    def words(
        self, X, label_index: int, doc: Doc, n: int = WORDS, head: Head | None = None
    ) -> list[str]:
        """The stretches of the text whose n-grams added most to the label's score.

        A linear model's score is a sum over the text's n-grams, each adding its weight
        times its TF-IDF value: exactly what the screen can show as "matched". Overlapping
        n-grams are joined and widened to whole words ("收取开" reads "收取开户费").
        """
        coef = (head or self.head).svm.coef_
        weights = coef[0] * (1 if label_index else -1) if coef.shape[0] == 1 else coef[label_index]
        row = X.tocsr()
        pushes = row.data * weights[row.indices]
        names = self._feature_names()
        text = _joined([doc])[0]
        spans: list[list] = []
        for k in np.argsort(-pushes)[: n * 8]:
            gram = names[row.indices[k]].split("__", 1)[1]
            at = text.find(gram)
            if pushes[k] <= 0 or len(gram) < 2 or not gram.isalpha() or at < 0:
                continue
            spans.append([at, at + len(gram), float(pushes[k])])
        merged: list[list] = []
        for start, end, push in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
                merged[-1][2] += push
            else:
                merged.append([start, end, push])
        merged.sort(key=lambda span: -span[2])
        floor = merged[0][2] * WORD_FLOOR if merged else 0.0
        found = []
        for start, end, _ in [span for span in merged if span[2] >= floor][:n]:
            start, end = _whole_words(text, start, end)
            found.append(text[start:end])
        return list(dict.fromkeys(found))

    def _feature_names(self) -> np.ndarray:
        if self._names is None:
            union = self.features.named_steps["features"]
            self._names = np.concatenate(
                [
                    [f"{name}__{gram}" for gram in part[-1].get_feature_names_out()]
                    for name, part in union.transformer_list
                ]
            )
        return self._names


def train(
    examples: data.Examples,
    *,
    top_of: Mapping[str, str] | None = None,
    unlabeled: Sequence[Doc] = (),
    calibrate: bool = True,
    meta: dict | None = None,
    settings: Settings = DEFAULT,
) -> TextClassifier:
    """Fit the features on the examples' own texts (and unlabeled ones), then the heads.

    Weak documents are short; fitting the vocabulary on them too made CV scores worse, so
    they are only transformed. Unlabeled texts only sharpen the IDF weights. `top_of`
    maps labels to their first-level class; when any differs, a `top` head learns those.
    """
    real = [doc for doc, weak in zip(examples.docs, examples.weak, strict=True) if not weak]
    features = build_features(settings).fit([*(real or examples.docs), *unlabeled])
    X = features.transform(examples.docs)
    top = None
    if top_of is not None:
        tops = [top_of.get(label, label) for label in examples.labels]
        if tops != examples.labels:
            top = _fit_head(X, examples.relabel(tops), calibrate, settings)
    head = _fit_head(X, examples, calibrate, settings)
    return TextClassifier(features, head, dict(meta or {}), top)


def _fit_head(X, examples: data.Examples, calibrate: bool, settings: Settings) -> Head:
    svm = _svm(settings).fit(X, examples.labels, sample_weight=examples.weights)
    svm.coef_ = svm.coef_.astype(np.float32)  # half the memory; scores agree to ~1e-7
    return Head(svm, _temperature(X, examples, settings) if calibrate else 1.0)


def _svm(settings: Settings) -> LinearSVC:
    return LinearSVC(C=settings.c, class_weight="balanced")


def _temperature(X, examples: data.Examples, settings: Settings) -> float:
    """The softmax temperature that best fits held-out scores of the real examples.

    One third of the petitions (whole groups) is held out once: a single parameter needs
    no more, and each extra SVM fit costs seconds on a large history. scikit-learn's
    CalibratedClassifierCV(method="temperature") needs three examples of every class,
    which the tree's rarer classes do not have; here weak documents always stay in.
    """
    labels = np.asarray(examples.labels)
    real = np.flatnonzero(~np.asarray(examples.weak, dtype=bool))
    counts = {label: int((labels[real] == label).sum()) for label in set(labels[real])}
    if len(counts) < 2 or max(counts.values()) < CALIBRATION_FOLDS:
        return 1.0
    groups = [examples.groups[i] for i in real]
    fit_part, held = _splits(labels[real], groups, CALIBRATION_FOLDS)[0]
    rows = np.concatenate([real[fit_part], np.setdiff1d(np.arange(len(labels)), real)])
    svm = _svm(settings).fit(X[rows], labels[rows], sample_weight=examples.weights[rows])
    raw = svm.decision_function(X[real[held]])
    raw = np.column_stack([-raw, raw]) if raw.ndim == 1 else raw  # two labels: one column
    classes = list(svm.classes_)
    known = np.isin(labels[real[held]], classes)  # a rare label may be held out entirely
    truth = np.asarray([classes.index(label) for label in labels[real[held]][known]])
    scores = raw[known]

    def loss(log_t: float) -> float:
        return -log_softmax(scores / np.exp(log_t), axis=1)[np.arange(len(truth)), truth].mean()

    return float(np.exp(minimize_scalar(loss, bounds=(-5, 3), method="bounded").x))


@dataclass
class Evaluation:
    macro_f1: float
    accuracy: float
    fold_f1: list[float]
    fit_seconds: list[float]
    predictions: list[str]
    top_predictions: list[str]  # first-level classes (the labels themselves without top_of)
    model: TextClassifier  # the last fold's, to time predictions with


def cross_validate(
    examples: data.Examples,
    *,
    always: data.Examples | None = None,
    folds: int = 5,
    unlabeled: Sequence[Doc] = (),
    top_of: Mapping[str, str] | None = None,
    settings: Settings = DEFAULT,
    seed: int = SEED,
) -> Evaluation:
    """Stratified K-fold CV (seed 42): only the training fold's labels reach each model.

    `always` (tree or category documents, seed examples) joins every training fold and is
    never scored. Figures are the mean over folds; predictions are out-of-fold.
    """
    labels = np.asarray(examples.labels)
    predictions = np.empty(len(labels), dtype=object)
    top_predictions = np.empty(len(labels), dtype=object)
    fold_f1, fit_seconds, model = [], [], None
    splits = _splits(examples.labels, examples.groups, folds, seed)
    for fit_part, held in splits:
        started = time.perf_counter()
        model = train(
            examples.take(fit_part) + (always or data.Examples()),
            top_of=top_of,
            unlabeled=unlabeled,
            calibrate=False,  # the temperature does not change which label wins
            settings=settings,
        )
        fit_seconds.append(time.perf_counter() - started)
        held_docs = [examples.docs[i] for i in held]
        predictions[held] = model.predict(held_docs)
        top_predictions[held] = model.predict(held_docs, top=True)
        fold_f1.append(f1_score(labels[held], list(predictions[held]), average="macro"))
    accuracy = float(np.mean([accuracy_score(labels[h], list(predictions[h])) for _, h in splits]))
    return Evaluation(
        float(np.mean(fold_f1)),
        accuracy,
        fold_f1,
        fit_seconds,
        list(predictions),
        list(top_predictions),
        model,
    )


@contextlib.contextmanager
def _quiet():
    """Silence "the least populated class has only N members": rare classes are expected."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def prediction_times(model: TextClassifier, docs: Sequence[Doc]) -> list[float]:
    """Milliseconds per text for a whole suggestion (scores, confidences, words), one by one,
    once the model is warm."""
    model.warm()
    times = []
    for title, content in docs:
        started = time.perf_counter()
        model.suggest(title, content)
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]
