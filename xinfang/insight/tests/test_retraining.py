"""Learning from staff: the held-out split, retraining on corrected classes, a worse model
rejected, rollback, the versions' list.

alice, a city registrar, registers and corrects petitions (the conftest's cast); the
commands run as cron would, with no user.
"""

from __future__ import annotations

import io
import json

import joblib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xinfang.classes.models import ContentClass
from xinfang.events.models import Event, EventKind
from xinfang.insight import classifier
from xinfang.insight import classifier_versions as versions
from xinfang.insight.classifier import suggest_class
from xinfang.insight.classifier_data import history_examples
from xinfang.intake.actions import void_petition
from xinfang.intake.corrections import correct_petition

GAS = ("燃气开户费太贵", "燃气公司收取开户费和安装费，每户三千多元。")
PLACES = ("鹤城区", "中方县", "沅陵县", "辰溪县", "溆浦县", "会同县", "麻阳县", "新晃县",
          "芷江县", "靖州县", "通道县", "洪江市", "洪江区", "怀化市", "舞水", "太平溪")  # fmt: skip


pytestmark = pytest.mark.usefixtures("var_dir")


def run(*args) -> str:
    out = io.StringIO()
    call_command("classify", *args, stdout=out)
    return out.getvalue()


def klass(code: str) -> ContentClass:
    return ContentClass.objects.get(code=code)


@pytest.fixture
def gas_petitions(register):
    """Gas-fee petitions under 市场监管 (24), at least two held out and six trained on."""

    def build(code: str = "24"):
        held, fit = [], []
        for place in PLACES:
            p = register(title=f"{place}{GAS[0]}", content=GAS[1], content_class=klass(code))
            (held if classifier.is_held_out(p.matter.number) else fit).append(p)
            if len(held) >= 2 and len(fit) >= 6:
                return held, fit
        raise AssertionError("too few held-out matters among the numbers")

    return build


def correct_all(petitions, code: str, cast) -> None:
    for p in petitions:
        correct_petition(cast.alice, p, reason="内容分类登记有误", content_class=klass(code))


def current_version(var_dir) -> str:
    return versions.current_name(var_dir)


def test_the_same_matters_are_held_out_at_every_training(register):
    numbers = [register().matter.number for _ in range(3)]
    assert [classifier.is_held_out(n) for n in numbers] == [
        classifier.is_held_out(n) for n in numbers
    ]
    share = sum(classifier.is_held_out(f"X-2026-{i:06d}") for i in range(5000)) / 5000
    assert 0.18 < share < 0.22


def test_held_out_petitions_are_never_trained_on(gas_petitions, var_dir):
    held, fit = gas_petitions()
    run("train", "--folds", "0")
    meta = versions.load_current(var_dir).meta
    assert meta["n_examples"] == len(fit)
    assert meta["held_out"]["n"] == len(held)


def test_retraining_on_a_registrars_corrections_changes_the_prediction(gas_petitions, cast):
    """Registered under 市场监管, the gas-fee petitions were corrected (更正登记信息) to
    城乡建设 / 城市建设和市政管理; the next training learns the corrected class."""
    held, fit = gas_petitions("24")
    run("train", "--folds", "0")
    assert suggest_class(*GAS)[0].first_level.code == "24"
    correct_all(held + fit, "1204", cast)
    out = run("train", "--folds", "0")
    assert "current: the new version" in out
    assert suggest_class(*GAS)[0].first_level.code == "12"


def test_a_worse_model_is_rejected_and_the_current_one_kept(gas_petitions, cast, var_dir):
    """Only the trained-on petitions are changed to a wrong class: the held-out ones keep
    the right one, so the new model scores worse there."""
    held, fit = gas_petitions("1204")
    run("train", "--folds", "0")
    good = current_version(var_dir)
    correct_all(fit, "0101", cast)
    out = run("train", "--folds", "0")
    assert "REJECTED" in out and "before (classifier-" in out and "after  (classifier-" in out
    assert "figures kept (model not saved)" in out
    assert current_version(var_dir) == good
    assert suggest_class(*GAS)[0].first_level.code == "12"
    rejected = [v for v in versions.versions(var_dir) if v.status == "rejected"]
    assert len(rejected) == 1 and not rejected[0].has_model
    assert rejected[0].meta["held_out"]["macro_f1"] < rejected[0].meta["before"]["macro_f1"]
    gain = rejected[0].meta["gain"]
    assert gain["macro_f1"] < 0 and gain["interval"][0] <= gain["macro_f1"] <= gain["interval"][1]
    assert "after − before: macro_f1 -" in out


def test_force_makes_a_worse_model_current(gas_petitions, cast, var_dir):
    held, fit = gas_petitions("1204")
    run("train", "--folds", "0")
    correct_all(fit, "0101", cast)
    out = run("train", "--folds", "0", "--force")
    assert "--force, although it scores worse" in out
    assert versions.versions(var_dir)[-1].is_current
    assert versions.versions(var_dir)[-1].status == "forced"


def test_rollback_restores_the_previous_version(gas_petitions, cast, var_dir):
    held, fit = gas_petitions("24")
    run("train", "--folds", "0")
    first = current_version(var_dir)
    correct_all(held + fit, "1204", cast)
    run("train", "--folds", "0")
    assert suggest_class(*GAS)[0].first_level.code == "12"
    out = run("rollback")
    assert current_version(var_dir) == first
    assert f"current: {first}" in out
    assert suggest_class(*GAS)[0].first_level.code == "24"
    event = Event.objects.get(kind=EventKind.CLASSIFIER_ROLLED_BACK)
    assert event.actor is None and event.data["to"] == first


def test_rollback_without_an_earlier_version_says_so(register):
    register()
    run("train", "--folds", "0")
    with pytest.raises(CommandError, match="没有可回退的早先版本"):
        run("rollback")


def test_the_pointer_names_the_current_version(register, var_dir):
    register()
    run("train", "--folds", "0")
    run("train", "--folds", "0")
    run("rollback")
    pointer = (var_dir / "models" / "current").read_text(encoding="utf-8").strip()
    assert pointer == "classifier-20260310020000"
    assert not list((var_dir / "models").glob(".*.partial"))


def test_versions_lists_each_with_its_figures_and_marks_the_current(gas_petitions, var_dir):
    gas_petitions("1204")
    run("train", "--folds", "0")
    run("train", "--folds", "0")
    lines = run("versions").splitlines()
    assert lines[0].startswith("  classifier-20260310020000  accepted")
    assert lines[1].startswith("* classifier-20260310020001  accepted")
    assert "held-out macro_f1=" in lines[1] and "before: classifier-20260310020000" in lines[1]
    assert "gain macro_f1 +0.000 (95% paired bootstrap +0.000 to +0.000)" in lines[1]


def test_a_model_from_before_the_split_is_replaced_without_comparison(gas_petitions, var_dir):
    """It was trained on every petition, the held-out ones too: its figure would flatter it."""
    gas_petitions("1204")
    run("train", "--folds", "0")
    path = var_dir / "models" / "classifier-20260310020000.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    model = versions.load_current(var_dir)
    model.meta.pop("held_out_rule")
    joblib.dump(model, path.with_suffix(".joblib"))
    out = run("train", "--folds", "0")
    assert "训练于留出集划分之前" in out and meta["status"] == "accepted"
    assert current_version(var_dir) == "classifier-20260310020001"


def test_training_prints_the_reliability_of_the_confidence(gas_petitions):
    gas_petitions("1204")
    out = run("train", "--folds", "0")
    assert "reliability (confidence shown → share right, n):" in out


def test_a_voided_petition_is_not_a_label(register, cast):
    kept = register(title="燃气开户费太贵", content=GAS[1], content_class=klass("24"))
    mistake = register(
        title="小区电梯停运", content="电梯停运一个月无人维修。", content_class=klass("24")
    )
    void_petition(cast.alice, mistake, reason="重复登记")
    titles = {example.doc[0] for example in history_examples(limit=100)}
    assert kept.title in titles and mistake.title not in titles
