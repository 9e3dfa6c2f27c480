"""`xinfang demo`: the units, logins and year of petitions it builds, and its generators."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client

from xinfang.accounts.models import Role, User
from xinfang.classes.actions import load_classes
from xinfang.classes.queries import valid_on
from xinfang.demo import build, corpus, mix, people, texts
from xinfang.demo.plan import plan_year
from xinfang.lib import clock
from xinfang.lib.identity import check_phone, check_resident_id
from xinfang.petitions.models import Assignment, Matter, Petition
from xinfang.regions.actions import load_regions
from xinfang.regions.models import Level, Unit, UnitKind

YEAR_END = "2026-03-01"
YEAR_END_DATE = dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Sixty PBKDF2 hashes take seconds; the tests check logins, not the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def without_shared(monkeypatch, tmp_path):
    """Run as a fresh install does: no ../shared beside the project."""
    monkeypatch.setenv("XINFANG_SHARED_DIR", str(tmp_path / "no-shared"))


@pytest.fixture
def shared_messages():
    if corpus.tipdm_dir() is None:
        pytest.skip(f"no message corpus at {corpus.shared_dir()}/data/tipdm2020 (../shared absent)")
    return corpus.tipdm_dir()


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def digest() -> str:
    """What a demo year looks like, in one value: numbers, texts, places, people, routing."""
    rows = []
    for p in Petition.objects.order_by("number").select_related("matter", "content_class"):
        main = p.main_petitioner
        units = sorted(p.matter.assignments.values_list("unit__name", flat=True))
        rows.append(
            f"{p.number}|{p.matter.number}|{p.title}|{p.channel}|{p.region_id}|"
            f"{p.content_class.code}|{p.received_on}|{main.id_number if main else ''}|{units}"
        )
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


@pytest.fixture
def demo_year(db, without_shared):
    output = demo("--petitions", "60", "--seed", "1", "--year-end", YEAR_END)
    return output


# The command.


def test_it_creates_the_units_listed(demo_year):
    kinds = dict(Unit.objects.values_list("name", "kind"))
    assert kinds["怀化市信访局"] == UnitKind.BUREAU
    assert kinds["中共怀化市纪律检查委员会"] == UnitKind.DISCIPLINE
    assert kinds["中共怀化市委政法委员会"] == UnitKind.POLITICAL_LEGAL
    for name in mix.CITY_DEPARTMENTS:
        assert kinds[name] == UnitKind.DEPARTMENT
    for county in ("鹤城区", "溆浦县", "靖州苗族侗族自治县", "洪江市", "洪江管理区"):
        assert kinds[f"{county}信访局"] == UnitKind.BUREAU
        assert kinds[f"{county}住房和城乡建设局"] == UnitKind.DEPARTMENT
        assert kinds[f"{county}人力资源和社会保障局"] == UnitKind.DEPARTMENT
        assert kinds[f"{county}自然资源局"] == UnitKind.DEPARTMENT
        assert kinds[f"{county}纪律检查委员会"] == UnitKind.DISCIPLINE
    township = Unit.objects.get(name="沅陵县官庄镇")
    assert (township.kind, township.level, township.region.name) == (
        UnitKind.TOWNSHIP, Level.TOWNSHIP, "沅陵县",
    )  # fmt: skip
    assert Unit.objects.filter(kind=UnitKind.BUREAU).count() == 14


def test_it_creates_the_logins_listed(demo_year):
    users = {u.username: u for u in User.objects.select_related("unit", "region")}
    assert len(users) == 8 + 13 * 4
    registrar = users["city-registrar"]
    assert (registrar.role, registrar.unit.name, registrar.region.code) == (
        Role.REGISTRAR, "怀化市信访局", "431200",
    )  # fmt: skip
    assert registrar.may_handle_accusations
    assert users["city-admin"].is_superuser and users["city-admin"].is_staff
    discipline = users["city-discipline"]
    assert discipline.unit.name == "中共怀化市纪律检查委员会" and discipline.region is None
    assert discipline.may_handle_accusations
    assert users["city-housing"].unit.name == "怀化市住房和城乡建设局"
    assert users["city-hrss"].region is None
    leader = users["hongjiangqu-leader"]
    assert (leader.role, leader.unit.name, leader.region.code) == (
        Role.LEADER, "洪江管理区信访局", "431271",
    )  # fmt: skip
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", u.full_name) for u in users.values())
    assert not users["hecheng-handler"].may_handle_accusations


def test_every_demo_login_works_with_the_demo_password(demo_year):
    usernames = User.objects.values_list("username", flat=True)
    for username in usernames:
        assert Client().login(username=username, password=build.PASSWORD), username


def test_it_prints_progress_a_summary_and_the_logins(demo_year):
    assert "已登记 60/60 件" in demo_year
    assert "信访件 60 件" in demo_year
    assert "city-registrar" in demo_year and "hongjiangqu-supervisor" in demo_year
    assert f"密码：{build.PASSWORD}" in demo_year


def test_every_petition_is_registered_on_its_received_day_in_the_year(demo_year):
    first_day = YEAR_END_DATE - dt.timedelta(days=364)
    for p in Petition.objects.all():
        assert first_day <= p.received_on <= YEAR_END_DATE
        assert p.registered_at.astimezone(clock.SHANGHAI).date() == p.received_on
        assert p.number.split("-")[1] == str(p.received_on.year)


def test_every_class_is_valid_on_the_received_day(demo_year):
    for p in Petition.objects.select_related("content_class"):
        assert valid_on(p.received_on).filter(pk=p.content_class_id).exists(), p.number
        assert p.content_class.level >= 2


def test_repeats_are_linked_to_an_earlier_matter_of_the_same_petitioner(demo_year):
    repeats = Petition.objects.filter(is_repeat=True).select_related("matter")
    assert repeats.exists()
    for repeat in repeats:
        first = repeat.matter.petitions.get(is_repeat=False)
        assert first.received_on < repeat.received_on
        assert first.region_id == repeat.region_id == repeat.matter.region_id
        assert repeat.main_petitioner.id_number == first.main_petitioner.id_number
        assert repeat.matter.petition_count == repeat.matter.petitions.count() >= 2


def test_collective_visits_have_five_or_more_people_and_a_few_representatives(demo_year):
    visits = Petition.objects.filter(channel="collective_visit")
    assert visits.exists()
    for visit in visits:
        assert 5 <= visit.petitioner_count <= 60
        assert 2 <= visit.petitioners.count() <= 5


def test_petitioners_carry_valid_identity_data(demo_year):
    for p in Petition.objects.filter(is_anonymous=False).prefetch_related("petitioners"):
        main = p.main_petitioner
        assert main is not None and main.phone.startswith("+86")
        assert check_resident_id(main.id_number, today=p.received_on).number == main.id_number


def test_about_seventy_percent_of_matters_are_assigned_through_the_action(demo_year):
    matters = Matter.objects.count()
    assigned = Assignment.objects.filter(is_active=True).count()
    assert 0.45 * matters <= assigned <= 0.9 * matters
    assert Assignment.objects.filter(unit__kind=UnitKind.BUREAU).count() == 0


def test_it_is_deterministic(db, without_shared):
    """The same seed in a fresh database gives the same numbers, titles and routing."""

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        demo("--petitions", "40", "--seed", "7", "--year-end", YEAR_END)
        first = digest()
        raise Rollback
    assert not Petition.objects.exists()
    demo("--petitions", "40", "--seed", "7", "--year-end", YEAR_END)
    assert digest() == first


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
    assert User.objects.count() == 60
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


def test_it_refuses_to_add_a_second_year_to_a_database_with_petitions(demo_year):
    with pytest.raises(CommandError, match="空库"):
        demo("--petitions", "10", "--year-end", YEAR_END)


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
