"""`xinfang demo`: the units, logins and year of petitions it builds, and its generators."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from django.core.management import CommandError

from xinfang.accounts.models import User
from xinfang.classes.actions import load_classes
from xinfang.classes.queries import valid_on
from xinfang.demo import build, corpus, mix, people, staff, texts
from xinfang.demo.plan import plan_year
from xinfang.demo.tests.conftest import (
    LOGINS,
    YEAR_END,
    YEAR_END_DATE,
    demo,
    digest,
)
from xinfang.demo.workflow_plan import plan_workflow
from xinfang.holidays.calendar import Calendar
from xinfang.lib import timesource
from xinfang.lib.identity import check_phone, check_resident_id
from xinfang.petitions.models import Petition
from xinfang.regions.actions import load_regions
from xinfang.regions.models import Unit
from xinfang.workflow.limits import DEFAULTS

# The command.


def test_it_is_deterministic(db, without_shared):
    """The same seed plans the same year and the same procedure; another seed does not.

    Compared at the plan (what the command then executes step by step through the actions),
    so the check does not depend on database ids or on anything else in the test session.
    """
    load_regions()
    load_classes()
    build.ensure_units()
    world = build.world()
    staffing = build.staffing(staff.user_specs(build.counties()), world)
    end = dt.datetime.combine(YEAR_END_DATE, dt.time(18), timesource.SHANGHAI)
    common = dict(year_end=YEAR_END_DATE, calendar=Calendar(), limits=DEFAULTS, cutoff=end)

    def year(seed):
        plans = plan_year(world, seed=seed, count=120, year_end=YEAR_END_DATE)
        return plans, plan_workflow(plans, staffing, seed=seed, **common)

    assert year(7) == year(7)
    assert year(7)[0] != year(8)[0]


def test_if_empty_does_nothing_the_second_time(db, without_shared):
    demo("--petitions", "30", "--seed", "3", "--year-end", YEAR_END, "--if-empty")
    assert Petition.objects.count() == 30
    before = digest()
    output = demo("--petitions", "30", "--if-empty")
    assert "不再生成" in output
    assert Petition.objects.count() == 30 and digest() == before


def test_petitions_zero_builds_everything_but_petitions(db, without_shared):
    output = demo("--petitions", "0")
    assert not Petition.objects.exists()
    assert User.objects.count() == LOGINS
    assert Unit.objects.filter(name="怀化市信访局").exists()
    assert "city-registrar" in output


def test_it_leaves_existing_logins_alone(db, without_shared):
    demo("--petitions", "0")
    user = User.objects.get(username="city-handler")
    user.full_name = "改过的名字"
    user.set_password("another-pass-2026")
    user.save()
    demo("--petitions", "0")
    user.refresh_from_db()
    assert user.full_name == "改过的名字" and user.check_password("another-pass-2026")


def test_it_refuses_a_year_end_in_the_future(db, without_shared):
    with pytest.raises(CommandError, match="不能晚于今天"):
        demo("--petitions", "10", "--year-end", "2026-03-11")


# The planner (no registration: bigger samples stay fast).


@pytest.fixture
def big_plan(db, without_shared):
    load_regions()
    load_classes()
    return plan_year(build.world(), seed=5, count=1500, year_end=YEAR_END_DATE)


def test_the_mix_follows_the_seed_document(big_plan):
    n = len(big_plan)
    share = lambda pred: sum(1 for p in big_plan if pred(p)) / n  # noqa: E731
    assert 0.09 < share(lambda p: p.channel == "letter") < 0.16
    assert 0.28 < share(lambda p: p.channel == "online") < 0.38
    assert 0.04 < share(lambda p: p.channel == "collective_visit") < 0.10
    assert 0.06 < share(lambda p: p.is_overlevel) < 0.12
    assert 0.08 < share(lambda p: p.repeat_of is not None) < 0.16
    big_six = ("12", "11", "07", "02", "15", "20")
    assert 0.58 < share(lambda p: p.class_code[:2] in big_six) < 0.72
    visits = [p for p in big_plan if p.channel in mix.VISITS]
    ratio = sum(p.petitioner_count for p in visits) / len(visits)
    assert 3.0 < ratio < 4.6  # 人次/批次 of visits; the seed's year: 31294 / 8326 ≈ 3.8


def test_accusations_go_to_discipline_never_to_the_accused(big_plan):
    accusations = [p for p in big_plan if p.is_accusation]
    assert accusations
    for p in accusations:
        assert p.purpose == "accuse" and p.class_code.startswith("04")
        assert p.registrar == "city-registrar" and p.accused_unit_name
        if p.assign_unit:
            assert p.assign_unit.endswith("纪律检查委员会")
            assert p.assign_unit != p.accused_unit_name
    assert any(p.is_anonymous and not p.signers for p in accusations)
    assert all(not p.is_accusation for p in big_plan if p.repeat_of is not None)


def test_levels_and_registrars_match(big_plan):
    for p in big_plan:
        if p.level in ("national", "province") or p.is_overlevel:
            assert p.channel in mix.VISITS and p.registrar == "city-registrar"
        if p.level == "county":
            assert p.registrar.endswith("-registrar") and p.registrar != "city-registrar"
        if p.is_law_related:
            assert p.class_code.startswith("02")
    national = [p for p in big_plan if p.level == "national"]
    assert sum(p.is_abnormal for p in national) > len(national) / 2


def test_the_procedure_plan_is_cut_at_the_cutoff_and_nowhere_else(big_plan):
    build.ensure_units()
    staffing = build.staffing(staff.user_specs(build.counties()), build.world())
    end = dt.datetime.combine(YEAR_END_DATE, dt.time(18), timesource.SHANGHAI)
    early = end - dt.timedelta(days=40)
    common = dict(seed=5, year_end=YEAR_END_DATE, calendar=Calendar(), limits=DEFAULTS)
    full = plan_workflow(big_plan, staffing, cutoff=end, **common)
    cut = plan_workflow(big_plan, staffing, cutoff=early, **common)
    assert [e for e in full if e.moment <= early] == cut
    assert all(e.moment <= end for e in full)
    answers = [e.fields["outcome"] for e in full if e.action == "answer"]
    assert 0.35 < answers.count("support") / len(answers) < 0.55
    assert 0.08 < answers.count("reject") / len(answers) < 0.22
    by_plan = {p.index: p for p in big_plan}
    for e in full:
        if e.action in ("forward", "assign") and by_plan[e.matter].is_accusation:
            assert e.unit.endswith("纪律检查委员会") and e.actor == "city-registrar"


def test_same_seed_same_plan_other_seed_other_plan(db, without_shared):
    load_regions()
    load_classes()
    world = build.world()

    def titles(seed):
        return [(p.moment, p.title, p.region_code) for p in plan_year(
            world, seed=seed, count=200, year_end=YEAR_END_DATE)]  # fmt: skip

    assert titles(11) == titles(11)
    assert titles(11) != titles(12)


# The generators.


def test_own_texts_cover_every_class_and_read_as_petitions(db):
    load_classes()
    day = dt.date(2025, 11, 20)
    tops = valid_on(day).filter(parent=None).values_list("code", flat=True)
    for top in tops:
        assert texts.BY_CLASS.get(top), f"no template for class {top}"
    for template in texts.TEMPLATES:
        text = texts.fill(random.Random(1), template, "431224", "溆浦县", day, age="45")
        assert 0 < len(text.title) <= 120 and 40 <= len(text.content) <= 2000
        assert "{" not in text.title + text.content + text.demands
        assert valid_on(day).filter(code=text.class_code).exists(), text.class_code


def test_own_texts_are_deterministic():
    day = dt.date(2025, 12, 1)
    one = texts.compose(random.Random(99), "11", "431222", "沅陵县", day)
    two = texts.compose(random.Random(99), "11", "431222", "沅陵县", day)
    assert one == two
    assert "沅陵县" in one.content or "怀化市" in one.content or "公司" in one.content


def test_wage_arrears_text_names_company_workers_and_sum():
    wages = next(t for t in texts.TEMPLATES if t.title.startswith("{company}拖欠"))
    text = texts.fill(random.Random(4), wages, "431202", "鹤城区", dt.date(2026, 1, 5))
    assert re.match(r"湖南.+建筑工程有限公司拖欠\d+名工人工资共计[\d.]+万元", text.title)


def test_people_have_valid_ids_phones_and_births():
    rng = random.Random(3)
    counties = {"431202": "鹤城区", "431222": "沅陵县", "431271": "洪江管理区"}
    day = dt.date(2026, 1, 1)
    for _ in range(300):
        person = people.person(rng, rng.choice(list(counties)), counties, day)
        checked = check_resident_id(person.id_number, today=day)
        assert checked.sex == person.sex and checked.birth_date == person.birth_date
        assert not checked.warnings  # region codes in force at birth (4330xx before 1997)
        assert 1950 <= person.birth_date.year <= 2004
        assert check_phone(person.phone).startswith("+861")


def test_people_fit_the_template_that_needs_them():
    rng = random.Random(8)
    day = dt.date(2026, 1, 1)
    for _ in range(50):
        person = people.person(rng, "431202", {"431202": "鹤城区"}, day, sex="F", ages=(61, 76))
        assert person.sex == "F" and 61 <= person.age_on(day) <= 76


# The message corpus.


def test_localise_unmasks_places_and_moves_years():
    text = "西地省A市A3区与A7县交界，2019年3月起，2005年建成。A3区"
    out = corpus.localise(text, "溆浦县", ["沅陵县", "辰溪县"], shift_years=6, year=2019)
    assert out == "湖南省怀化市溆浦县与沅陵县交界，2025年3月起，2005年建成。溆浦县"


def test_demands_are_the_petitioners_own_request():
    content = "小区门口长期积水。居民出行困难。希望有关部门尽快疏通下水道！谢谢"
    assert corpus.demands_of(content) == "希望有关部门尽快疏通下水道！"


def test_corpus_messages_are_cleaned_and_relabelled(shared_messages):
    messages = corpus.load(shared_messages)
    assert len(messages) > 3000
    labels = {m.label for m in messages if m.label}
    assert {"生态环境", "卫生健康", "教育", "市场监管", "城乡建设"} <= labels
    assert not labels & set(mix.RENAMED_CLASSES)
    assert all("_x000D_" not in m.content for m in messages)


def test_with_the_corpus_petitions_read_as_real_messages_in_huaihua(db, shared_messages):
    demo("--petitions", "80", "--seed", "2", "--year-end", YEAR_END)
    petitions = list(Petition.objects.all())
    masked = re.compile(r"(?<![A-Za-z0-9])[A-Z]\d{0,2}[市县州]|[A-Z]\d{1,2}区|西地省")
    assert not any(masked.search(p.title + p.content) for p in petitions)
    assert sum("怀化" in p.content or "县" in p.content for p in petitions) > 20
    assert all(len(p.content) <= 2000 and len(p.title) <= 120 for p in petitions)


def test_the_demo_routes_by_a_routing_table_with_county_rules(db, without_shared):
    """The forward page's suggestions have a real table behind them in the demo."""
    from xinfang.classes.models import ContentClass
    from xinfang.insight.models import RoutingRule
    from xinfang.insight.routing import best_rule
    from xinfang.regions.models import Region

    demo("--petitions", "0")
    assert RoutingRule.objects.count() > 20
    wages = ContentClass.objects.get(code="1102")
    rule = best_rule(wages.pk, Region.objects.get(code="431202"))
    assert rule.unit.name == "鹤城区人力资源和社会保障局"
