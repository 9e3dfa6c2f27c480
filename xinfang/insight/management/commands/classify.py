"""`xinfang classify train|versions|rollback|evaluate`: fit the content classifier (made current
only if it scores no worse on the held-out split), list and roll back its versions, or measure
it on CSV files."""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from sklearn.metrics import accuracy_score, classification_report, f1_score

from xinfang.insight import actions, classifier, classifier_eval, classifier_model
from xinfang.insight import classifier_data as data
from xinfang.insight import classifier_versions as versions
from xinfang.insight.classifier_versions import Accepted
from xinfang.lib.errors import DomainError
from xinfang.lib.machine import machine


class Command(BaseCommand):
    help = (
        "内容分类模型：train 用本局已确认的分类训练，留出集评分不低于当前版本才启用；"
        "versions 列出版本；rollback 回退到上一版本；evaluate 在 CSV 上评估"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="fit on registered petitions, save a new version")
        train.add_argument(
            "--min-examples",
            type=int,
            default=classifier.MIN_EXAMPLES,
            help="examples a second- or third-level class needs to be predicted itself",
        )
        train.add_argument("--limit", type=int, default=classifier.HISTORY_LIMIT)
        train.add_argument(
            "--folds", type=int, default=5, help="CV folds for the figures (0: none)"
        )
        train.add_argument(
            "--force", action="store_true", help="make it current even if it scores worse"
        )
        sub.add_parser("versions", help="list the stored versions with their figures")
        rollback = sub.add_parser("rollback", help="make the previous version current again")
        rollback.add_argument("--to", help="this version instead of the previous one")
        evaluate = sub.add_parser(
            "evaluate",
            help="nested CV and a fixed held-out split of one CSV (or: train on it, score "
            "another; or a plain CV)",
        )
        evaluate.add_argument("--train", required=True, type=Path, dest="train_file")
        evaluate.add_argument("--test", type=Path, dest="test_file")
        evaluate.add_argument(
            "--folds",
            type=int,
            help="a plain CV of --train with the shipped settings (not nested: optimistic)",
        )
        evaluate.add_argument(
            "--key-column",
            default=data.TIPDM_KEY_COLUMN,
            help="the id whose hash picks the held-out rows (default %(default)s)",
        )
        evaluate.add_argument(
            "--outer", type=int, default=classifier_eval.OUTER_FOLDS, help="nested CV's outer folds"
        )
        evaluate.add_argument(
            "--inner", type=int, default=classifier_eval.INNER_FOLDS, help="nested CV's inner folds"
        )
        evaluate.add_argument(
            "--text-column",
            action="append",
            dest="text_columns",
            help=f"repeatable; the first is the title (default {' + '.join(data.TIPDM_TEXT_COLUMNS)})",
        )
        evaluate.add_argument("--label-column", default=data.TIPDM_LABEL_COLUMN)
        evaluate.add_argument(
            "--unlabeled", type=Path, help="CSV of unlabeled texts (same columns)"
        )
        evaluate.add_argument(
            "--closed-vocabulary",
            action="store_true",
            help="with --test: fit the vocabulary and IDF without the test texts",
        )
        evaluate.add_argument(
            "--categories",
            help="taxonomy CSV whose names teach their first-level class "
            "(default: categories.csv beside --train; 'none' to leave out)",
        )

    def handle(self, *args, action, **options):
        if action == "train":
            self._train(
                options["min_examples"], options["limit"], options["folds"], options["force"]
            )
        elif action == "versions":
            self._versions()
        elif action == "rollback":
            self._rollback(options["to"])
        else:
            self._evaluate(**options)

    def _train(self, min_examples: int, limit: int, folds: int, force: bool) -> None:
        if min_examples < 1:
            raise CommandError("--min-examples 至少为 1")
        started = time.perf_counter()
        outcome = actions.retrain_classifier(
            None, Path(settings.VAR_DIR), force=force,
            min_examples=min_examples, limit=limit, folds=folds,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        fitted, path = outcome.model, outcome.path
        labels = fitted.labels
        deeper = [label for label in labels if len(label) > 2]
        self.stdout.write(
            f"history: {fitted.meta['n_examples']} petitions · seed examples and class names: "
            f"{fitted.meta['n_seed_and_tree_docs']}"
        )
        self.stdout.write(
            f"classes: {len(labels)} ({len(labels) - len(deeper)} first-level, {len(deeper)} "
            f"deeper with ≥ {min_examples} examples)"
        )
        cv = fitted.meta["cv"]
        if cv is None:
            self.stdout.write("cross-validation: skipped (too little history, or --folds 0)")
        else:
            self.stdout.write(
                f"{folds}-fold CV on the history: class macro_f1={cv['macro_f1']:.3f} "
                f"accuracy={cv['accuracy']:.3f}; first level "
                f"macro_f1={cv['first_level_macro_f1']:.3f} "
                f"accuracy={cv['first_level_accuracy']:.3f}"
            )
        self.stdout.write(f"train and score time: {seconds:.1f} s")
        self._held_out(outcome)
        if outcome.status == Accepted.REJECTED:
            self.stdout.write(f"figures kept (model not saved): {path}")
        else:
            self.stdout.write(f"written: {path}")

    def _held_out(self, outcome: classifier.Retraining) -> None:
        """Before/after on the held-out split, the calibration, and the verdict."""
        rule = classifier.HOLDOUT_RULE
        if outcome.after is None:
            self.stdout.write(f"held-out split ({rule}): no petitions yet, nothing compared")
        else:
            self.stdout.write(f"held-out split ({rule}), first level:")
            self.stdout.write(f"  before ({outcome.replaced}): {_figures(outcome.before)}")
            self.stdout.write(
                f"  after  ({outcome.model.meta['version']}): {_figures(outcome.after)}"
            )
            if outcome.model.meta.get("gain"):
                self.stdout.write(f"  after − before: {_gain(outcome.model.meta['gain'])}")
            self.stdout.write("  reliability (confidence shown → share right, n):")
            for row in outcome.after["reliability"]:
                self.stdout.write(
                    f"    {row['from']:.1f}–{row['to']:.1f}: mean {row['confidence']:.2f} → "
                    f"{row['accuracy']:.2f} (n={row['n']})"
                )
        verdicts = {
            Accepted.ACCEPTED: "current: the new version",
            Accepted.FORCED: "current: the new version (--force, although it scores worse)",
            Accepted.REJECTED: "REJECTED: it scores worse than the current version, which stays "
            "current (figures kept, model not saved; --force to use it anyway)",
        }
        self.stdout.write(f"{verdicts[outcome.status]} · {outcome.reason}")

    def _versions(self) -> None:
        found = versions.versions(Path(settings.VAR_DIR))
        if not found:
            self.stdout.write("no stored version: the seed model is in use")
            return
        for v in found:
            mark = "*" if v.is_current else " "
            before = v.meta.get("before") or {}
            self.stdout.write(
                f"{mark} {v.name}  {v.status:<8}  trained on {v.meta.get('n_examples', '?')}  "
                f"held-out {_figures(v.meta.get('held_out'))}  "
                f"(before: {before.get('version', '-')} {_figures(before or None)})"
                + (f"  gain {_gain(v.meta['gain'])}" if v.meta.get("gain") else "")
            )
        self.stdout.write("* current")

    def _rollback(self, to: str | None) -> None:
        try:
            was, now = actions.roll_back_classifier(None, Path(settings.VAR_DIR), to=to)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"current: {now} (was {was})")

    def _evaluate(
        self,
        *,
        train_file,
        test_file,
        folds,
        text_columns,
        label_column,
        unlabeled,
        closed_vocabulary,
        categories,
        key_column,
        outer,
        inner,
        **_,
    ) -> None:
        columns = text_columns or list(data.TIPDM_TEXT_COLUMNS)
        if test_file is not None and folds is not None:
            raise CommandError("--test 与 --folds 只能选一")
        if closed_vocabulary and test_file is None:
            raise CommandError("--closed-vocabulary 只用于 --test")
        if folds is not None and folds < 2:
            raise CommandError("--folds 至少为 2")
        if min(outer, inner) < 2:
            raise CommandError("--outer 与 --inner 至少为 2")
        docs, labels = self._read(train_file, columns, label_column)
        if len(set(labels)) < 2:
            raise CommandError(f"{train_file} 至少需要两个类别")
        weak = self._categories(categories, train_file, label_column, labels)
        extra = self._read(unlabeled, columns, None)[0] if unlabeled else []
        if test_file is None and folds is None:
            try:
                keys = data.read_keys(train_file, key_column, label_column)
            except (OSError, ValueError) as exc:
                raise CommandError(str(exc)) from exc
            self._report(docs, labels, keys, key_column, weak, extra, outer, inner)
            return
        self.stdout.write(f"train: {train_file} · {len(docs)} texts · {len(set(labels))} classes")
        if weak.docs:
            self.stdout.write(f"category names: {len(weak.docs)} documents")
        if extra:
            self.stdout.write(f"unlabeled: {unlabeled} · {len(extra)} texts (vocabulary only)")
        examples = data.Examples().add(
            [data.Example(doc, label) for doc, label in zip(docs, labels, strict=True)]
        )
        if folds is not None:
            result = classifier_model.cross_validate(
                examples, always=weak, folds=folds, unlabeled=extra
            )
            truth, predicted, fitted = labels, result.predictions, result.model
            timing_docs = docs[: classifier_model.LATENCY_SAMPLE]
            self.stdout.write(
                f"{folds}-fold stratified CV (seed {classifier_model.SEED}; settings fixed "
                "beforehand, not nested): macro-F1 per fold "
                + " ".join(f"{f:.3f}" for f in result.fold_f1)
            )
            self.stdout.write(
                f"train time: {statistics.mean(result.fit_seconds):.2f} s per fold "
                f"(about {len(docs) * (folds - 1) // folds} texts)"
            )
            macro_f1, accuracy = result.macro_f1, result.accuracy
        else:
            test_docs, truth = self._read(test_file, columns, label_column)
            self.stdout.write(f"test: {test_file} · {len(test_docs)} texts")
            # Transductive by default: the texts to classify are known, and their words
            # (never their labels) weigh the n-grams as the bureau's history does in
            # production; training on ~74 texts and scoring ~298, +0.059 macro-F1 (README).
            if not closed_vocabulary:
                self.stdout.write(
                    "vocabulary and IDF: also the test texts, not their labels "
                    "(--closed-vocabulary leaves them out)"
                )
            started = time.perf_counter()
            fitted = classifier_model.train(
                examples + weak, unlabeled=extra if closed_vocabulary else [*extra, *test_docs]
            )
            self.stdout.write(f"train time: {time.perf_counter() - started:.2f} s")
            predicted = fitted.predict(test_docs)
            timing_docs = test_docs[: classifier_model.LATENCY_SAMPLE]
            macro_f1 = f1_score(truth, predicted, average="macro")
            accuracy = accuracy_score(truth, predicted)
            spread = classifier_eval.interval(truth, predicted)
            if spread:
                self.stdout.write(
                    f"test macro-F1 95% bootstrap interval: {spread[0]:.3f}–{spread[1]:.3f}"
                )
            self._unseen_classes(labels, truth, predicted)
        ms = classifier_model.prediction_times(fitted, timing_docs)
        self.stdout.write(
            f"prediction: {statistics.median(ms):.2f} ms per text (p50), "
            f"{classifier_model.p95(ms):.2f} ms (p95), over {len(ms)} texts"
        )
        self.stdout.write(classification_report(truth, predicted, digits=3, zero_division=0))
        self.stdout.write(f"macro_f1={macro_f1:.3f} accuracy={accuracy:.3f}")

    def _unseen_classes(self, trained: Sequence[str], truth: Sequence[str], predicted) -> None:
        """Say so when the test file holds classes the training file has no example of.

        The model cannot answer them, and each counts as an F1 of 0 in the macro average: with
        two such classes among nine, a perfect model scores 7/9 = 0.778. The macro-F1 over the
        trained classes alone tells the two apart.
        """
        unseen = sorted(set(truth) - set(trained))
        if not unseen:
            return
        tally = Counter(truth)
        counts = ", ".join(f"{label} ({tally[label]})" for label in unseen)
        self.stdout.write(f"test classes with no training example (F1 0): {counts}")
        known = sorted(set(trained))
        over_known = f1_score(truth, predicted, labels=known, average="macro", zero_division=0)
        self.stdout.write(f"macro-F1 over the {len(known)} trained classes only: {over_known:.3f}")

    def _report(
        self, docs, labels, keys, key_column: str, weak, extra, outer: int, inner: int
    ) -> None:
        """Nested CV on the tuning part, then the fixed held-out part scored once."""
        report = classifier_eval.evaluate(
            docs, labels, keys, always=weak, unlabeled=extra, outer=outer, inner=inner
        )
        for line in classifier_eval.describe(report, machine(), key_column):
            self.stdout.write(line)

    def _read(self, path: Path, columns: list[str], label_column: str | None):
        try:
            return data.read_csv(path, columns, label_column)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc

    def _categories(
        self, option: str | None, train_file: Path, label_column: str, labels: list[str]
    ) -> data.Examples:
        if option == "none":
            return data.Examples()
        path = Path(option) if option else train_file.parent / "categories.csv"
        if not path.is_file():
            if option:
                raise CommandError(f"没有分类表文件 {path}")
            return data.Examples()
        return data.Examples().add(data.category_docs(path, label_column, labels), weak=True)


def _figures(score: dict | None) -> str:
    if not score:
        return "-"
    figures = f"macro_f1={score['macro_f1']:.3f}"
    if score.get("f1_interval"):  # none before 2026-12-07, nor for one held-out petition
        low, high = score["f1_interval"]
        figures += f" (95% {low:.3f}–{high:.3f})"
    return f"{figures} accuracy={score['accuracy']:.3f} n={score['n']}"


def _gain(gain: dict) -> str:
    low, high = gain["interval"]
    return f"macro_f1 {gain['macro_f1']:+.3f} (95% paired bootstrap {low:+.3f} to {high:+.3f})"
