"""Build the 怀化 demo in the database, through the same actions every other door uses.

Reference data, units and users are created when missing (idempotent); petitions are
registered with `register_petition` under a clock frozen at each one's registration moment,
then matters are assigned with `assign_to_unit`. The whole build is one transaction: a
crash leaves nothing half done.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from xinfang.accounts.models import Role, User
from xinfang.classes.actions import load_classes
from xinfang.classes.models import ContentClass
from xinfang.classes.queries import valid_on
from xinfang.demo import corpus, mix, people
from xinfang.demo.places import CITY_CODE, COUNTIES, TOWNSHIP_UNITS
from xinfang.demo.plan import PetitionPlan, World, plan_year
from xinfang.demo.tree import ClassInfo, ClassTree
from xinfang.lib import clock
from xinfang.petitions.actions import assign_to_unit, register_petition
from xinfang.petitions.drafts import PetitionDraft, PetitionerDraft
from xinfang.petitions.models import Assignment, Matter, Petition
from xinfang.regions.actions import create_unit, load_regions
from xinfang.regions.models import Level, Region, Unit, UnitKind

PASSWORD = "xinfang2026"
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class UserSpec:
    username: str
    role: str
    unit: str
    region: str | None  # region code
    may_handle_accusations: bool = False
    is_admin: bool = False


@dataclass
class Summary:
    units: int
    users: int
    petitions: int
    matters: int
    repeats: int
    assigned: int
    warnings: int
    seconds: float
    texts_from: str
    logins: list[tuple[str, str, str]]


def counties() -> list[Region]:
    """The county-level areas of 怀化 (问题属地 of most matters), in code order."""
    return list(Region.objects.filter(parent__code=CITY_CODE).order_by("code"))


# 1. Units.
def ensure_units() -> dict[str, Unit]:
    city = Region.objects.get(code=CITY_CODE)
    areas = counties()
    create_unit(mix.CITY_BUREAU, UnitKind.BUREAU, city)
    for county in areas:
        create_unit(f"{county.name}信访局", UnitKind.BUREAU, county)
    for name in mix.CITY_DEPARTMENTS:
        create_unit(name, UnitKind.DEPARTMENT, city)
    create_unit(mix.CITY_DISCIPLINE, UnitKind.DISCIPLINE, city)
    create_unit(mix.CITY_POLITICAL_LEGAL, UnitKind.POLITICAL_LEGAL, city)
    for county in areas:
        for suffix in mix.COUNTY_DEPARTMENTS:
            create_unit(f"{county.name}{suffix}", UnitKind.DEPARTMENT, county, level=Level.COUNTY)
        create_unit(f"{county.name}纪律检查委员会", UnitKind.DISCIPLINE, county, level=Level.COUNTY)
    by_code = {c.code: c for c in areas}
    for county_code, name in TOWNSHIP_UNITS:
        if county_code in by_code:
            create_unit(name, UnitKind.TOWNSHIP, by_code[county_code], level=Level.TOWNSHIP)
    return {unit.name: unit for unit in Unit.objects.select_related("region")}


# 2. Users.
def user_specs(areas: list[Region]) -> list[UserSpec]:
    bureau = mix.CITY_BUREAU
    specs = [
        UserSpec("city-registrar", Role.REGISTRAR, bureau, CITY_CODE, may_handle_accusations=True),
        UserSpec("city-handler", Role.HANDLER, bureau, CITY_CODE),
        UserSpec("city-leader", Role.LEADER, bureau, CITY_CODE),
        UserSpec("city-supervisor", Role.SUPERVISOR, bureau, CITY_CODE),
        UserSpec("city-admin", Role.ADMIN, bureau, CITY_CODE, is_admin=True),
        UserSpec("city-discipline", Role.HANDLER, mix.CITY_DISCIPLINE, None, True),
        UserSpec("city-housing", Role.HANDLER, "怀化市住房和城乡建设局", None),
        UserSpec("city-hrss", Role.HANDLER, "怀化市人力资源和社会保障局", None),
    ]
    for county in areas:
        facts = COUNTIES.get(county.code)
        if facts is None:
            continue
        for suffix, role in (("registrar", Role.REGISTRAR), ("handler", Role.HANDLER),
                             ("leader", Role.LEADER), ("supervisor", Role.SUPERVISOR)):  # fmt: skip
            specs.append(
                UserSpec(f"{facts.slug}-{suffix}", role, f"{county.name}信访局", county.code)
            )
    return specs


def staff_name(username: str) -> str:
    """A plausible Chinese name, the same for a login whatever the seed."""
    rng = random.Random(f"staff:{username}")
    return people.full_name(rng, "M" if rng.random() < 0.55 else "F")


def ensure_users(specs: list[UserSpec], units: dict[str, Unit]) -> int:
    """Create the demo logins that do not exist yet; existing ones are left alone."""
    regions = {r.code: r for r in Region.objects.all()}
    existing = set(
        User.objects.filter(username__in=[s.username for s in specs]).values_list(
            "username", flat=True
        )
    )
    created = 0
    for spec in specs:
        if spec.username in existing:
            continue
        user = User.objects.create_user(spec.username, password=PASSWORD)
        user.full_name = staff_name(spec.username)
        user.role = spec.role
        user.unit = units[spec.unit]
        user.region = regions[spec.region] if spec.region else None
        user.may_handle_accusations = spec.may_handle_accusations
        user.is_staff = user.is_superuser = spec.is_admin
        user.save()
        created += 1
    return created


# 3. Petitions.
def world(*, with_corpus: bool = True) -> World:
    """The planner's view of the database (and of the message corpus, when present)."""
    areas = counties()
    nodes = ContentClass.objects.select_related("parent")
    infos = [
        ClassInfo(c.code, c.name, c.parent.code if c.parent_id else None, tuple(c.keywords.split()))
        for c in nodes
    ]
    path = corpus.tipdm_dir() if with_corpus else None
    return World(
        counties={c.code: c.name for c in areas},
        populations={c.code: c.population or 0 for c in areas},
        classes=ClassTree(infos, lambda day: valid_on(day).values_list("code", flat=True)),
        townships={code: name for code, name in TOWNSHIP_UNITS},
        messages=corpus.load(path) if path else None,
    )


def draft_for(
    plan: PetitionPlan,
    regions: dict[str, Region],
    classes: dict[str, ContentClass],
    units: dict[str, Unit],
    matters: dict[int, Matter],
) -> PetitionDraft:
    signers = [
        PetitionerDraft(
            name=s.person.name,
            sex=s.person.sex,
            id_type="resident_id" if s.with_id else "none",
            id_number=s.person.id_number if s.with_id else "",
            phone=s.person.phone,
            household_place=s.person.household_place,
            residence_place=s.person.residence_place,
            address=s.person.address,
            occupation=s.person.occupation,
            is_main=s.is_main,
        )
        for s in plan.signers
    ]
    return PetitionDraft(
        channel=plan.channel,
        received_on=plan.day,
        level=plan.level,
        region=regions[plan.region_code],
        content_class=classes[plan.class_code],
        title=plan.title,
        content=plan.content,
        purpose=plan.purpose,
        demands=plan.demands,
        lodged_with=plan.lodged_with,
        petitioner_count=plan.petitioner_count,
        people_concerned=plan.people_concerned,
        accused_name=plan.accused_name,
        accused_unit_name=plan.accused_unit_name,
        accused_level=plan.accused_level,
        accused_unit=units[plan.accused_unit_name] if plan.accused_in_system else None,
        is_overlevel=plan.is_overlevel,
        is_abnormal=plan.is_abnormal,
        is_urgent=plan.is_urgent,
        is_law_related=plan.is_law_related,
        is_accusation=plan.is_accusation,
        is_anonymous=plan.is_anonymous,
        is_joint=plan.is_joint,
        consent_public=plan.consent_public,
        petitioners=signers,
        repeat_of=matters[plan.repeat_of] if plan.repeat_of is not None else None,
    )


def register_plans(
    plans: list[PetitionPlan], units: dict[str, Unit], log: Callable[[str], None]
) -> tuple[int, int]:
    """Register every planned petition, then make the planned assignments.

    Returns (assignments made, registration warnings).
    """
    started = time.monotonic()
    names = {p.registrar for p in plans} | {p.assigned_by for p in plans if p.assigned_by}
    users = {
        u.username: u
        for u in User.objects.select_related("unit__region").filter(username__in=names)
    }
    regions = {r.code: r for r in Region.objects.all()}
    classes = {c.code: c for c in ContentClass.objects.all()}
    matters: dict[int, Matter] = {}
    warnings = 0
    for done, plan in enumerate(plans, start=1):
        draft = draft_for(plan, regions, classes, units, matters)
        with clock.freeze(plan.moment):
            result = register_petition(users[plan.registrar], draft)
        warnings += len(result.warnings)
        if plan.repeat_of is None:
            matters[plan.index] = result.petition.matter
        if done % PROGRESS_EVERY == 0 or done == len(plans):
            log(f"  已登记 {done}/{len(plans)} 件（{time.monotonic() - started:.1f} 秒）")
    assigned = 0
    for plan in sorted(
        (p for p in plans if p.assign_unit), key=lambda p: (p.assign_moment, p.index)
    ):
        with clock.freeze(plan.assign_moment):
            assign_to_unit(users[plan.assigned_by], matters[plan.index], units[plan.assign_unit])
        assigned += 1
    log(f"  已交办 {assigned} 个事项（{time.monotonic() - started:.1f} 秒）")
    return assigned, warnings


def build_demo(
    *, seed: int, petitions: int, year_end: dt.date, log: Callable[[str], None] = print
) -> Summary:
    """Everything, in one transaction."""
    started = time.monotonic()
    texts_from = "none"
    warnings = 0
    with transaction.atomic():
        load_regions()
        load_classes()
        units = ensure_units()
        specs = user_specs(counties())
        created = ensure_users(specs, units)
        log(f"参考数据、{len(units)} 个单位、{len(specs)} 个演示账号就绪（新建 {created} 个）")
        if petitions > 0:
            setting = world()
            texts_from = "tipdm2020" if setting.messages else "own"
            log(f"生成 {petitions} 件信访件（种子 {seed}，截至 {year_end}，文本：{texts_from}）")
            plans = plan_year(
                setting, seed=seed, count=petitions, year_end=year_end, latest=clock.now()
            )
            _, warnings = register_plans(plans, units, log)
    by_name = {u.username: u for u in User.objects.select_related("unit")}
    logins = [
        (s.username, Role(s.role).label, by_name[s.username].unit.name)
        for s in specs
        if s.username in by_name
    ]
    return Summary(
        units=Unit.objects.count(),
        users=len(logins),
        petitions=Petition.objects.count(),
        matters=Matter.objects.count(),
        repeats=Petition.objects.filter(is_repeat=True).count(),
        assigned=Assignment.objects.filter(is_active=True).values("matter").distinct().count(),
        warnings=warnings,
        seconds=time.monotonic() - started,
        texts_from=texts_from,
        logins=logins,
    )
