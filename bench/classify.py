"""The content classifier on the TipDM messages: nested CV, the held-out split, the baseline.

Run by bench.run (`--part classify`), or alone: python -m bench.classify. No database is
used; the messages are read in place from ../shared (skipped when absent).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402

from bench.run import machine  # noqa: E402
from xinfang.demo import corpus  # noqa: E402
from xinfang.insight import classifier_data as data  # noqa: E402
from xinfang.insight import classifier_eval, classifier_model  # noqa: E402


def _tipdm():
    """The labelled messages (texts, labels, keys), the unlabeled texts, the category names."""
    path = corpus.tipdm_dir()
    if path is None:
        return None
    columns, label = data.TIPDM_TEXT_COLUMNS, data.TIPDM_LABEL_COLUMN
    labelled = path / "messages-labeled.csv"
    docs, labels = data.read_csv(labelled, columns, label)
    keys = data.read_keys(labelled, data.TIPDM_KEY_COLUMN, label)
    unlabeled, _ = data.read_csv(path / "messages-unlabeled.csv", columns, None)
    weak = data.Examples().add(
        data.category_docs(path / "categories.csv", label, labels), weak=True
    )
    return docs, labels, keys, unlabeled, weak


def bench_classify(outer: int = 5, inner: int = 3) -> list[dict]:
    """Nested CV and the fixed held-out split, labelled messages alone and with the unlabeled."""
    messages = _tipdm()
    if messages is None:
        print(f"classify: no TipDM messages at {corpus.shared_dir()}/data/tipdm2020; skipping")
        return []
    docs, labels, keys, unlabeled, weak = messages
    rows = []
    for variant, extra in (("labelled only", []), ("+ unlabeled for IDF", unlabeled)):
        started = time.perf_counter()
        report = classifier_eval.evaluate(
            docs, labels, keys, always=weak, unlabeled=extra, outer=outer, inner=inner
        )
        lines = classifier_eval.describe(report, machine())
        for line in lines[1:-2]:  # the machine was printed once; no per-class table
            print(f"classify [{variant}] {line}", flush=True)
        rows.append(
            {
                "variant": variant,
                "nested_macro_f1": report.nested.macro_f1,
                "nested_accuracy": report.nested.accuracy,
                "held_out_macro_f1": report.held_out.macro_f1,
                "held_out_accuracy": report.held_out.accuracy,
                "held_out_f1_interval": report.held_out.f1_interval,
                "baseline_macro_f1": report.baseline.macro_f1,
                "baseline_accuracy": report.baseline.accuracy,
                "train_s": report.train_seconds,
                "p50_ms": statistics.median(report.latency_ms),
                "p95_ms": classifier_model.p95(report.latency_ms),
                "seconds": time.perf_counter() - started,
            }
        )
        print(f"classify [{variant}] whole evaluation {rows[-1]['seconds']:.0f} s", flush=True)
    return rows


def bench_vocabulary(seeds=(42, 7, 2026, 1, 2)) -> list[dict]:
    """What same-source texts in the vocabulary add when the test set dwarfs the training set.

    `classify evaluate --test` fits the vocabulary and IDF on the test texts too (never their
    labels). Simulated on the tuning part alone (the held-out split stays out): train on one
    fold, score the other folds, with the vocabulary from the training texts alone, with the
    scored texts, with the unlabeled messages, with both; differences paired by split.
    """
    messages = _tipdm()
    if messages is None:
        return []
    docs, labels, keys, unlabeled, weak = messages
    tuning, _ = classifier_eval.held_out_split(keys, labels)
    part = data.Examples().add([data.Example(docs[i], labels[i], keys[i]) for i in tuning])
    variants = ("training texts only", "+ scored texts", "+ unlabeled", "+ both")
    rows = []
    for folds in (5, 2):
        f1 = {variant: [] for variant in variants}
        for seed in seeds:
            for scored, trained in classifier_model._splits(part.labels, part.groups, folds, seed):
                test = [part.docs[i] for i in scored]
                truth = [part.labels[i] for i in scored]
                for variant, extra in zip(
                    variants, ([], test, unlabeled, [*unlabeled, *test]), strict=True
                ):
                    model = classifier_model.train(
                        part.take(trained) + weak, unlabeled=extra, calibrate=False
                    )
                    f1[variant].append(f1_score(truth, model.predict(test), average="macro"))
        closed = np.asarray(f1[variants[0]])
        size = len(part.docs)
        shape = f"train ~{size // folds}, score ~{size - size // folds}"
        for variant in variants:
            scores = np.asarray(f1[variant])
            gain = scores - closed
            line = f"classify [vocabulary, {shape}, {len(closed)} splits] {variant}: "
            line += f"macro-F1 {scores.mean():.3f}"
            if variant != variants[0]:
                line += f", {gain.mean():+.3f} ± {gain.std(ddof=1) / np.sqrt(len(gain)):.3f}"
            print(line, flush=True)
            rows.append({"folds": folds, "variant": variant, "macro_f1": scores.mean(),
                         "gain": gain.mean()})  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--outer", type=int, default=5)
    parser.add_argument("--inner", type=int, default=3)
    parser.add_argument("--no-machine", action="store_true", help="bench.run printed it")
    args = parser.parse_args()
    if not args.no_machine:
        print(f"machine: {machine()}")
    bench_classify(args.outer, args.inner)
    bench_vocabulary()


if __name__ == "__main__":
    main()
