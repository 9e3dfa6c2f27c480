"""The content classifier on the TipDM messages: 5-fold CV, train time, prediction latency.

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

from bench.run import machine  # noqa: E402
from xinfang.demo import corpus  # noqa: E402
from xinfang.insight import classifier_data as data  # noqa: E402
from xinfang.insight import classifier_model  # noqa: E402


def bench_classify(folds: int = 5) -> list[dict]:
    """CV figures for the labelled messages alone and with the unlabeled ones (IDF only)."""
    path = corpus.tipdm_dir()
    if path is None:
        print(f"classify: no TipDM messages at {corpus.shared_dir()}/data/tipdm2020; skipping")
        return []
    columns, label = data.TIPDM_TEXT_COLUMNS, data.TIPDM_LABEL_COLUMN
    docs, labels = data.read_csv(path / "messages-labeled.csv", columns, label)
    unlabeled, _ = data.read_csv(path / "messages-unlabeled.csv", columns, None)
    names = data.category_docs(path / "categories.csv", label, labels)
    examples = data.Examples().add([data.Example(d, y) for d, y in zip(docs, labels, strict=True)])
    weak = data.Examples().add(names, weak=True)
    print(
        f"classify data: {len(docs)} labelled messages, {len(set(labels))} classes, "
        f"{len(names)} category-name documents, {len(unlabeled)} unlabeled messages"
    )
    rows = []
    for variant, extra in (("labelled only", []), ("+ unlabeled for IDF", unlabeled)):
        result = classifier_model.cross_validate(
            examples, always=weak, folds=folds, unlabeled=extra
        )
        started = time.perf_counter()
        model = classifier_model.train(examples + weak, unlabeled=extra)
        full_seconds = time.perf_counter() - started
        ms = classifier_model.prediction_times(model, docs)
        row = {
            "variant": variant,
            "macro_f1": result.macro_f1,
            "accuracy": result.accuracy,
            "fold_f1": result.fold_f1,
            "fold_train_s": statistics.mean(result.fit_seconds),
            "full_train_s": full_seconds,
            "p50_ms": statistics.median(ms),
            "p95_ms": classifier_model.p95(ms),
        }
        rows.append(row)
        print(
            f"classify [{variant}] {folds}-fold stratified CV (seed {classifier_model.SEED}): "
            f"macro-F1 {row['macro_f1']:.3f} (folds "
            + " ".join(f"{f:.3f}" for f in row["fold_f1"])
            + f"), accuracy {row['accuracy']:.3f}",
            flush=True,
        )
        print(
            f"classify [{variant}] train {row['fold_train_s']:.2f} s per fold, "
            f"{row['full_train_s']:.2f} s on all {len(docs)} with calibration; "
            f"prediction per petition p50 {row['p50_ms']:.2f} ms, p95 {row['p95_ms']:.2f} ms "
            f"({len(ms)} texts one at a time, with confidences and matched words)",
            flush=True,
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-machine", action="store_true", help="bench.run printed it")
    args = parser.parse_args()
    if not args.no_machine:
        print(f"machine: {machine()}")
    bench_classify(args.folds)


if __name__ == "__main__":
    main()
