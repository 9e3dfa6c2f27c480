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

from bench.run import machine  # noqa: E402
from xinfang.demo import corpus  # noqa: E402
from xinfang.insight import classifier_data as data  # noqa: E402
from xinfang.insight import classifier_eval, classifier_model  # noqa: E402


def bench_classify(outer: int = 5, inner: int = 3) -> list[dict]:
    """Nested CV and the fixed held-out split, labelled messages alone and with the unlabeled."""
    path = corpus.tipdm_dir()
    if path is None:
        print(f"classify: no TipDM messages at {corpus.shared_dir()}/data/tipdm2020; skipping")
        return []
    columns, label = data.TIPDM_TEXT_COLUMNS, data.TIPDM_LABEL_COLUMN
    labelled = path / "messages-labeled.csv"
    docs, labels = data.read_csv(labelled, columns, label)
    keys = data.read_keys(labelled, data.TIPDM_KEY_COLUMN, label)
    unlabeled, _ = data.read_csv(path / "messages-unlabeled.csv", columns, None)
    weak = data.Examples().add(
        data.category_docs(path / "categories.csv", label, labels), weak=True
    )
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--outer", type=int, default=5)
    parser.add_argument("--inner", type=int, default=3)
    parser.add_argument("--no-machine", action="store_true", help="bench.run printed it")
    args = parser.parse_args()
    if not args.no_machine:
        print(f"machine: {machine()}")
    bench_classify(args.outer, args.inner)


if __name__ == "__main__":
    main()
