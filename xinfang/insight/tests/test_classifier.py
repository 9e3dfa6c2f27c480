"""Content class suggestions: the seed model, the commands, versions and the learning loop."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xinfang.classes.actions import load_classes
from xinfang.classes.models import ContentClass
from xinfang.demo import corpus
from xinfang.insight import classifier, classifier_model
from xinfang.insight import classifier_data as data
from xinfang.insight import classifier_versions as versions
from xinfang.insight.classifier import suggest_class

SCORES_LINE = re.compile(r"^macro_f1=\d\.\d{3} accuracy=\d\.\d{3}$")


pytestmark = pytest.mark.usefixtures("var_dir")


@pytest.fixture
def tree(db):
    load_classes()
    return data.ClassTree.from_db()


def run(*args) -> str:
    out = io.StringIO()
    call_command("classify", *args, stdout=out)
    return out.getvalue()


# -- a fresh install -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "content", "first_level"),
    [
        (
            "小区电梯坏了三个月，物业不修",
            "物业公司照收物业费，电梯一直停运，老人上下楼困难。",
            "12",
        ),
        ("工地老板拖欠工资", "我们在工地干了半年，包工头拖欠十二个人的工资不给。", "11"),
        ("化工厂往河里排废水", "村旁化工厂夜里偷排废水，河水发臭，鱼都死了。", "17"),
        ("孩子入学被划到很远的学校", "我家就在学校旁边，孩子上小学却没有分到学位。", "09"),
    ],
    ids=["property-management", "unpaid-wages", "water-pollution", "school-place"],
)
def test_the_seed_model_suggests_the_obvious_class(tree, title, content, first_level):
    """Without a trained model the seed model (own examples and the tree) already helps."""
    best = suggest_class(title, content)[0]
    assert best.first_level.code == first_level


def test_every_suggestion_names_the_words_that_matched(tree):
    """The screen can say why: the words of the text that pushed toward the class."""
    best = suggest_class("小区电梯坏了三个月，物业不修", "物业公司照收物业费。")[0]
    assert any("物业" in word or "电梯" in word for word in best.words)
    assert all(word in "小区电梯坏了三个月，物业不修。物业公司照收物业费。" for word in best.words)


def test_a_confident_suggestion_comes_alone(tree):
    suggestions = suggest_class("工地老板拖欠农民工工资", "包工头拖欠我们十二个人半年的工资。")
    assert len(suggestions) == 1
    assert suggestions[0].confidence >= classifier.CONFIDENT


def test_low_confidence_shows_the_top_three_best_first(tree):
    suggestions = suggest_class("有个情况想反映", "希望领导重视一下。")
    assert len(suggestions) == 3
    assert suggestions[0].confidence < classifier.CONFIDENT
    confidences = [s.confidence for s in suggestions]
    assert confidences == sorted(confidences, reverse=True)
    assert len({s.first_level.code for s in suggestions}) == 3


def test_suggestions_are_classes_valid_on_the_receiving_date(tree):
    """A 2018 letter gets 国土资源 (retired end of 2018), today's gets 自然资源."""
    title, content = "修路征收承包地，征地补偿款没有发", "镇里征地时承诺三个月内发放补偿款。"
    assert suggest_class(title, content)[0].first_level.code == "07"
    old = suggest_class(title, content, on=dt.date(2018, 6, 1))[0]
    assert old.first_level.code == "06"
    assert old.content_class.is_valid_on(dt.date(2018, 6, 1))


def test_an_empty_text_gets_no_suggestion(tree):
    assert suggest_class("", " ") == []


def test_the_fast_path_computes_the_same_features_as_the_pipeline(tree):
    """Suggestions use a per-text shortcut; it must agree with the fitted pipeline."""
    model = classifier.seed_model(tree)
    doc = ("小区电梯坏了，物业不修", "物业公司照收物业费，电梯停运半年。ABC 123")
    fast = model.vector(doc).toarray()
    assert np.allclose(fast, model.features.transform([doc]).toarray())


# -- the class tree --------------------------------------------------------------------------


def test_a_retired_class_stands_for_its_successor_and_back(tree):
    today, before = dt.date(2026, 3, 10), dt.date(2018, 6, 1)
    assert tree.counterpart("0601", today) == "0701"  # 征地补偿, renamed parent
    assert tree.counterpart("14", today) == "15"  # 卫生计生 → 卫生健康
    assert tree.counterpart("07", before) == "06"
    assert tree.counterpart("26", before) is None  # 军队事务 did not exist yet


def test_history_under_a_retired_class_teaches_its_successor(tree):
    history = [data.Example(("征地补偿款未发", f"第{i}户"), "0601", f"m{i}") for i in range(5)]
    examples, _, _ = data.training_examples(tree, history, day=dt.date(2026, 3, 10))
    assert set(examples.labels) == {"0701"}  # 国土资源/征地补偿 → 自然资源/征地补偿


def test_a_deeper_class_is_learnt_only_with_enough_examples(tree):
    codes = ["1205"] * 5 + ["120203"] * 4
    labels = data.granular_labels(codes, tree, min_examples=5)
    assert labels["1205"] == "1205"
    assert labels["120203"] == "12"  # four examples: its first level


# -- the commands ----------------------------------------------------------------------------


def write_csv(path, rows):
    lines = ["留言主题,留言详情,一级分类"] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


TINY = [
    ("小区物业不修电梯", "物业公司收费不办事，电梯长期停运", "城乡建设"),
    ("物业乱收停车费", "小区物业占用公共车位收费", "城乡建设"),
    ("小区违建无人管", "小区楼顶违章搭建，物业不管", "城乡建设"),
    ("小区路灯不亮", "小区路灯坏了半年，物业推诿", "城乡建设"),
    ("电梯停运物业推诿", "电梯坏了物业说没钱修", "城乡建设"),
    ("小区垃圾无人清运", "物业不清运垃圾，小区臭气熏天", "城乡建设"),
    ("公司拖欠工资", "公司拖欠员工三个月工资", "劳动和社会保障"),
    ("单位不交社保", "单位一直不给员工缴纳养老保险", "劳动和社会保障"),
    ("包工头欠薪跑路", "工地包工头拖欠农民工工资后失联", "劳动和社会保障"),
    ("被公司无故辞退", "公司辞退员工不给经济补偿", "劳动和社会保障"),
    ("加班不给加班费", "公司长期加班却不发加班工资", "劳动和社会保障"),
    ("退休金核定有误", "社保局核定养老金少算了工龄", "劳动和社会保障"),
]


def test_evaluate_trains_on_one_file_and_ends_with_the_scores(tmp_path):
    train = write_csv(tmp_path / "train.csv", TINY[:4] + TINY[6:10])
    test = write_csv(tmp_path / "test.csv", TINY[4:6] + TINY[10:])
    out = run("evaluate", "--train", str(train), "--test", str(test))
    assert "train time:" in out and "ms per text" in out
    assert re.search(r"test macro-F1 95% bootstrap interval: \d\.\d{3}–\d\.\d{3}", out)
    assert SCORES_LINE.match(out.strip().splitlines()[-1])


def test_evaluate_names_test_classes_the_training_file_has_no_example_of(tmp_path):
    train = write_csv(tmp_path / "train.csv", TINY)
    police = [("派出所不立案", "报警后派出所一直不立案", "政法")]
    test = write_csv(tmp_path / "test.csv", TINY[4:6] + TINY[10:] + police)
    out = run("evaluate", "--train", str(train), "--test", str(test))
    assert "test classes with no training example (F1 0): 政法 (1)" in out
    assert re.search(r"macro-F1 over the 2 trained classes only: \d\.\d{3}", out)


def test_evaluate_says_nothing_of_unseen_classes_when_there_are_none(tmp_path):
    train = write_csv(tmp_path / "train.csv", TINY)
    test = write_csv(tmp_path / "test.csv", TINY[4:6] + TINY[10:])
    assert "no training example" not in run("evaluate", "--train", str(train), "--test", str(test))


NOISE = [
    ("工地夜间施工噪音扰民", "工地每晚施工到凌晨，噪音太大", "城乡建设"),
    ("拖欠工资还有噪音", "公司拖欠工资，车间噪音也大", "劳动和社会保障"),
]


@pytest.fixture
def fitted_models(monkeypatch):
    """The models `classify evaluate` trains, each with the examples it was given."""
    models = []

    def recording(examples, **kwargs):
        models.append((examples, train(examples, **kwargs)))
        return models[-1][1]

    train = classifier_model.train
    monkeypatch.setattr(classifier_model, "train", recording)
    return models


def vocabulary(model) -> dict:
    union = model.features.named_steps["features"]
    return dict(union.transformer_list)["text"][-1].vocabulary_


def test_evaluate_weighs_words_by_the_test_texts_but_never_sees_their_labels(
    tmp_path, fitted_models
):
    train = write_csv(tmp_path / "train.csv", TINY)
    test = write_csv(tmp_path / "test.csv", NOISE)
    out = run("evaluate", "--train", str(train), "--test", str(test), "--categories", "none")
    assert "vocabulary and IDF: also the test texts" in out
    ((examples, model),) = fitted_models
    assert "噪音" in vocabulary(model)  # in both test texts, in no training text
    assert examples.docs == [(title, content) for title, content, _ in TINY]


def test_evaluate_with_a_closed_vocabulary_knows_only_the_training_words(tmp_path, fitted_models):
    train = write_csv(tmp_path / "train.csv", TINY)
    test = write_csv(tmp_path / "test.csv", NOISE)
    out = run("evaluate", "--train", str(train), "--test", str(test), "--closed-vocabulary")
    assert "vocabulary and IDF" not in out
    assert "噪音" not in vocabulary(fitted_models[0][1])


def test_a_closed_vocabulary_without_a_test_file_is_refused(tmp_path):
    train = write_csv(tmp_path / "train.csv", TINY)
    with pytest.raises(CommandError, match="只用于 --test"):
        run("evaluate", "--train", str(train), "--folds", "3", "--closed-vocabulary")


def test_evaluate_cross_validates_with_folds(tmp_path):
    train = write_csv(tmp_path / "train.csv", TINY)
    out = run("evaluate", "--train", str(train), "--folds", "3")
    assert "3-fold stratified CV" in out
    assert SCORES_LINE.match(out.strip().splitlines()[-1])


def test_evaluate_names_a_missing_column(tmp_path):
    train = write_csv(tmp_path / "train.csv", TINY)
    with pytest.raises(CommandError, match="分类"):
        run("evaluate", "--train", str(train), "--folds", "3", "--label-column", "分类")


def test_train_writes_a_versioned_model_that_the_app_then_uses(register, var_dir):
    register()
    out = run("train", "--folds", "0")
    written = sorted((var_dir / "models").glob("classifier-*.joblib"))
    assert [p.name for p in written] == ["classifier-20260310020000.joblib"]
    meta = json.loads(written[0].with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["version"] == "classifier-20260310020000"
    assert meta["n_examples"] == 1 and "12" in meta["classes"]
    assert f"written: {written[0]}" in out
    suggest_class("小区电梯坏了", "物业不修")
    assert classifier._cache.get()[0].meta["version"] == "classifier-20260310020000"


def test_a_second_training_is_a_newer_version(register, var_dir):
    register()
    run("train", "--folds", "0")
    run("train", "--folds", "0")
    names = [p.name for p in sorted((var_dir / "models").glob("classifier-*.joblib"))]
    assert names == ["classifier-20260310020000.joblib", "classifier-20260310020001.joblib"]
    assert versions.load_current(var_dir).meta["version"] == "classifier-20260310020001"


def test_a_damaged_current_file_falls_back_to_the_one_before(register, var_dir):
    register()
    run("train", "--folds", "0")
    (var_dir / "models" / "classifier-29990101000000.joblib").write_bytes(b"not a model")
    versions.make_current(var_dir, "classifier-29990101000000")
    assert versions.load_current(var_dir).meta["version"] == "classifier-20260310020000"


def test_a_correction_changes_the_next_suggestion_after_retraining(register):
    """The seed model files gas connection fees under 市场监管; the bureau's registrars
    corrected them to 城乡建设 / 城市建设和市政管理, and after training so does the model."""
    title, content = "燃气开户费太贵", "燃气公司收取开户费和安装费，每户三千多元。"
    assert suggest_class(title, content)[0].first_level.code == "24"
    utilities = ContentClass.objects.get(code="1204")
    for place in ("鹤城区", "中方县", "沅陵县", "辰溪县", "溆浦县", "会同县"):
        register(title=f"{place}{title}", content=content, content_class=utilities)
    run("train", "--folds", "0")
    best = suggest_class(title, content)[0]
    assert best.content_class.code == "1204"  # six examples: the deeper class itself
    assert best.first_level.code == "12"


# -- the benchmark messages (skipped without ../shared) -------------------------------------


@pytest.fixture
def tipdm():
    path = corpus.tipdm_dir()
    if path is None:
        pytest.skip(f"no TipDM messages at {corpus.shared_dir()}/data/tipdm2020")
    return path


def test_on_real_messages_one_fold_scores_well_and_suggests_fast(tipdm):
    """Fold 1 of the 5-fold CV on the 495 labelled messages (the full CV runs in bench)."""
    docs, labels = data.read_csv(
        tipdm / "messages-labeled.csv", data.TIPDM_TEXT_COLUMNS, data.TIPDM_LABEL_COLUMN
    )
    examples = data.Examples().add([data.Example(d, y) for d, y in zip(docs, labels, strict=True)])
    weak = data.Examples().add(
        data.category_docs(tipdm / "categories.csv", data.TIPDM_LABEL_COLUMN, labels), weak=True
    )
    fit, held = classifier_model._splits(labels, examples.groups, 5)[0]
    model = classifier_model.train(examples.take(fit) + weak, calibrate=False)
    predicted = model.predict([docs[i] for i in held])
    from sklearn.metrics import f1_score

    assert f1_score([labels[i] for i in held], predicted, average="macro") >= 0.85
    assert np.median(classifier_model.prediction_times(model, docs[:50])) < 5.0
