"""Honest classifier figures: the fixed held-out split, nested CV and `classify evaluate`."""

from __future__ import annotations

import hashlib
import io
import random
import re
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import f1_score

from xinfang.demo import corpus
from xinfang.insight import classifier_data as data
from xinfang.insight import classifier_eval, classifier_model

SMALL = Path(__file__).resolve().parent / "fixtures" / "messages-small.csv"
SCORES_LINE = re.compile(r"^macro_f1=\d\.\d{3} accuracy=\d\.\d{3}$")


def small():
    docs, labels = data.read_csv(SMALL, data.TIPDM_TEXT_COLUMNS, data.TIPDM_LABEL_COLUMN)
    keys = data.read_keys(SMALL, data.TIPDM_KEY_COLUMN, data.TIPDM_LABEL_COLUMN)
    return docs, labels, keys


def run(*args) -> str:
    out = io.StringIO()
    call_command("classify", *args, stdout=out)
    return out.getvalue()


# -- the held-out split ----------------------------------------------------------------------


def test_the_held_out_split_depends_on_the_keys_only():
    _, labels, keys = small()
    tuning, held = classifier_eval.held_out_split(keys, labels)
    assert classifier_eval.held_out_split(keys, labels) == (tuning, held)
    rows = list(zip(keys, labels, strict=True))
    random.Random(7).shuffle(rows)
    shuffled_keys, shuffled_labels = zip(*rows, strict=True)
    _, shuffled_held = classifier_eval.held_out_split(shuffled_keys, shuffled_labels)
    assert {shuffled_keys[i] for i in shuffled_held} == {keys[i] for i in held}


def test_the_held_out_split_is_disjoint_complete_and_stratified():
    _, labels, keys = small()
    tuning, held = classifier_eval.held_out_split(keys, labels)
    assert sorted(tuning + held) == list(range(len(keys)))
    assert not {keys[i] for i in tuning} & {keys[i] for i in held}
    for label in set(labels):
        assert sum(labels[i] == label for i in held) == round(0.25 * labels.count(label))


def test_a_key_filed_twice_stays_on_one_side():
    keys = ["1", "2", "3", "4", "4", "5", "6", "7"]
    labels = ["a"] * 8
    tuning, held = classifier_eval.held_out_split(keys, labels, share=0.5)
    sides = {keys[i]: "held" for i in held} | {keys[i]: "tuning" for i in tuning}
    assert [i for i, key in enumerate(keys) if sides[key] == "held"] == held


def test_nothing_fitted_during_evaluation_sees_a_held_out_text(monkeypatch):
    """Features, SVMs (through their features) and the baseline are fitted on the tuning
    part (and weak documents) only; held-out texts are only ever predicted."""
    docs, labels, keys = small()
    _, held = classifier_eval.held_out_split(keys, labels)
    held_docs = {docs[i] for i in held}
    fitted_on: list = []
    build, plain = classifier_model.build_features, classifier_eval.baseline

    def spying_build(settings=classifier_model.DEFAULT):
        pipeline = build(settings)
        fit = pipeline.fit

        def recording_fit(texts, *args, **kwargs):
            fitted_on.extend(texts)
            return fit(texts, *args, **kwargs)

        pipeline.fit = recording_fit
        return pipeline

    def spying_baseline(train_docs, train_labels, test_docs):
        fitted_on.extend(train_docs)
        return plain(train_docs, train_labels, test_docs)

    monkeypatch.setattr(classifier_model, "build_features", spying_build)
    monkeypatch.setattr(classifier_eval, "baseline", spying_baseline)
    report = classifier_eval.evaluate(docs, labels, keys, always=data.Examples(), outer=3, inner=2)
    assert fitted_on and not held_docs & set(fitted_on)
    assert report.n_held_out == len(held) == report.held_out.n_test


# -- the interval around a held-out figure ---------------------------------------------------


def test_perfect_predictions_have_a_point_interval():
    truth = ["交通运输", "城乡建设", "民政"] * 10
    assert classifier_eval.interval(truth, truth) == (1.0, 1.0)


def test_one_text_has_no_interval():
    assert classifier_eval.interval(["民政"], ["交通运输"]) is None


def test_the_interval_holds_the_figure_and_is_the_same_every_run():
    truth = ["交通运输"] * 20 + ["城乡建设"] * 20 + ["民政"] * 20
    predicted = ["城乡建设"] * 4 + ["交通运输"] * 16 + ["城乡建设"] * 18 + ["民政"] * 22
    figure = classifier_eval.score(truth, predicted, 0)
    low, high = figure.f1_interval
    assert low < figure.macro_f1 < high
    assert classifier_eval.interval(truth, predicted) == (low, high)


@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=60),
)
def test_the_bootstraps_macro_f1_is_scikit_learns(pairs):
    truth, predicted = (np.asarray(side) for side in zip(*pairs, strict=True))
    expected = f1_score(truth, predicted, average="macro")
    assert classifier_eval.macro_f1(truth, predicted, 5) == pytest.approx(expected)


def test_ten_times_the_texts_narrow_the_interval():
    """The same mistakes in the same shares over ten times the texts: a tighter interval."""
    truth = ["交通运输"] * 8 + ["城乡建设"] * 8 + ["民政"] * 8
    predicted = ["城乡建设"] * 2 + ["交通运输"] * 6 + ["城乡建设"] * 7 + ["民政"] * 9
    low, high = classifier_eval.interval(truth, predicted)
    low10, high10 = classifier_eval.interval(truth * 10, predicted * 10)
    assert high10 - low10 < (high - low) / 2


def test_two_models_alike_gain_nothing():
    truth = ["交通运输", "城乡建设", "民政"] * 10
    predicted = ["城乡建设", "城乡建设", "民政"] * 10
    assert classifier_eval.gain_interval(truth, predicted, predicted) == (0.0, 0.0)


def test_a_gain_on_the_same_texts_shows_where_two_intervals_overlap():
    """The new model fixes 12 of the old one's 40 mistakes among 200 texts: each model's
    own interval overlaps the other's, but the paired difference stays above zero."""
    classes = ["交通运输", "城乡建设", "民政", "教育文体"]
    truth = [classes[i % 4] for i in range(200)]
    before = [classes[(i + 1) % 4] if i % 5 == 0 else classes[i % 4] for i in range(200)]
    after = [truth[i] if i < 60 else before[i] for i in range(200)]
    old, new = classifier_eval.interval(truth, before), classifier_eval.interval(truth, after)
    assert new[0] < old[1]
    low, high = classifier_eval.gain_interval(truth, before, after)
    assert 0 < low < high


# -- the pipeline end to end -----------------------------------------------------------------


def test_nested_cv_chooses_settings_inside_each_outer_fold():
    docs, labels, _ = small()
    examples = data.Examples().add([data.Example(d, y) for d, y in zip(docs, labels, strict=True)])
    result = classifier_eval.nested_cv(examples, always=data.Examples(), outer=3, inner=2)
    assert len(result.fold_f1) == len(result.chosen) == 3
    assert set(result.chosen) <= set(classifier_eval.GRID)
    assert 0.0 <= result.macro_f1 <= 1.0


def test_evaluate_reports_nested_cv_the_held_out_split_and_the_baseline():
    out = run("evaluate", "--train", str(SMALL), "--outer", "3", "--inner", "2")
    assert "machine: " in out
    assert "held out 12 (29%, stratified, by SHA-256 of 留言编号) · tuning part 30" in out
    assert re.search(r"nested CV on the tuning part \(3 outer folds.*macro-F1 \d\.\d{3}", out)
    held_out = re.search(
        r"held-out: model trained on the 30 tuning texts.*scored once on 12: macro-F1 "
        r"(\d\.\d{3}) \(95% bootstrap interval (\d\.\d{3})–(\d\.\d{3})\)",
        out,
    )
    figure, low, high = map(float, held_out.groups())
    assert low <= figure <= high
    assert re.search(r"baseline on the same split .*macro-F1 \d\.\d{3}", out)
    assert SCORES_LINE.match(out.strip().splitlines()[-1])


def test_evaluate_without_a_key_column_says_which(tmp_path):
    text = SMALL.read_text(encoding="utf-8").replace("留言编号", "编号", 1)
    (tmp_path / "no-key.csv").write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="留言编号"):
        run("evaluate", "--train", str(tmp_path / "no-key.csv"))


def test_evaluate_takes_a_test_file_or_folds_not_both(tmp_path):
    with pytest.raises(CommandError):
        run("evaluate", "--train", str(SMALL), "--test", str(SMALL), "--folds", "3")


# -- the benchmark messages (skipped without ../shared) -------------------------------------


def test_the_tipdm_held_out_split_is_the_documented_one():
    """123 of the 495 labelled messages, the same everywhere (the README's figures)."""
    path = corpus.tipdm_dir()
    if path is None:
        pytest.skip(f"no TipDM messages at {corpus.shared_dir()}/data/tipdm2020")
    labelled = path / "messages-labeled.csv"
    _, labels = data.read_csv(labelled, data.TIPDM_TEXT_COLUMNS, data.TIPDM_LABEL_COLUMN)
    keys = data.read_keys(labelled, data.TIPDM_KEY_COLUMN, data.TIPDM_LABEL_COLUMN)
    tuning, held = classifier_eval.held_out_split(keys, labels)
    assert (len(tuning), len(held)) == (372, 123)
    digest = hashlib.sha256(",".join(sorted(keys[i] for i in held)).encode()).hexdigest()
    assert digest[:12] == "d27a679be978"
