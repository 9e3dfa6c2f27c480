"""Build the 怀化 demo in the database, through the same actions every other door uses.

Reference data, units and users are created when missing (idempotent). The year is planned
first (petitions in `plan`, each matter's procedure in `workflow_plan`), then carried out in
date order: petitions registered with `register_petition`, steps taken with the workflow
actions, each passed its moment (`at=`), as production code passes times (the time seam is
frozen only by tests). Finally the tick, run at the year's end, marks what is due or overdue.
The whole build is one transaction: a crash leaves nothing half done.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.test import override_settings

from xinfang.accounts.models import Role, User
from xinfang.classes.actions import load_classes
from xinfang.classes.models import ContentClass
from xinfang.demo import (
    assessment,
    backlog,
    briefs,
    casework,
    corpus,
    disputes,
    documents,
    joint_meetings,
    mix,
    periods,
    receptions,
    staff,
    village_projects,
    workflow_run,
)
from xinfang.demo.places import CITY_CODE, RESETTLEMENT_UNIT, TOWNSHIP_UNITS
from xinfang.demo.plan import PetitionPlan, World, plan_year
from xinfang.demo.staff import PASSWORD, UserSpec, ensure_users, user_specs
from xinfang.demo.tree import PlanTree
from xinfang.demo.workflow_plan import Event, Staffing, plan_workflow
from xinfang.demo.workflow_run import Figures, Runner
from xinfang.holidays.queries import load_calendar
from xinfang.intake.actions import register_petition
from xinfang.lib import timesource
from xinfang.petitions.drafts import PetitionDraft, PetitionerDraft
from xinfang.petitions.models import Assignment, Matter, Petition
from xinfang.portal.actions import publish
from xinfang.regions.actions import create_unit, load_regions
from xinfang.regions.models import Level, Region, Unit, UnitKind
from xinfang.workflow.limits import all_limits
from xinfang.workflow.models import Step

__all__ = ["PASSWORD", "Summary", "build_demo", "world"]
PROGRESS_EVERY = 500
DAY_END = dt.time(18, 0)


@dataclass
class Summary:
    units: int
    users: int
    petitions: int
    matters: int
    repeats: int
    assigned: int
    steps: int
    warnings: int
    seconds: float
    texts_from: str
    logins: list[tuple[str, str, str]]
    figures: Figures | None = None


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
    county_code, name, _ = RESETTLEMENT_UNIT
    if county_code in by_code:
        create_unit(name, UnitKind.DEPARTMENT, by_code[county_code], level=Level.COUNTY)
    _contact_details()
    return {unit.name: unit for unit in Unit.objects.select_related("region")}


def _contact_details() -> None:
    """The bureaus' public details for the contact card (便民一卡通): a made-up switchboard
    number in 怀化's 0745 area, a street address in the place, the usual reception hours."""
    for n, unit in enumerate(Unit.objects.filter(kind=UnitKind.BUREAU, phone="").order_by("pk")):
        unit.phone = f"0745-27{n:02d}{(n * 37) % 1000:03d}"
        unit.address = f"{unit.region.name}人民路{n + 1}号政务服务中心三楼"
        unit.hours = "工作日 8:00-12:00，14:30-17:30"
        unit.duties = "受理群众来信来访和网上信访，转送、交办、督办信访事项"
        unit.save(update_fields=["phone", "address", "hours", "duties"])


def ensure_routing_rules(units: dict[str, Unit]) -> int:
    """The bureau's routing table (分办规则) the demo routes by: a city rule per class, and
    a county rule where the county has its own department."""
    from xinfang.classes.models import ContentClass
    from xinfang.insight.models import RoutingRule

    classes = {c.code: c for c in ContentClass.objects.filter(code__in=list(mix.ROUTES))}
    made = 0
    for code, (suffix, city_unit) in sorted(mix.ROUTES.items()):
        if code not in classes:
            continue
        targets = [(None, units[city_unit])]
        if suffix:
            targets += [(c, units[f"{c.name}{suffix}"]) for c in counties()]
        for region, unit in targets:
            _, created = RoutingRule.objects.get_or_create(
                content_class=classes[code], region=region, unit=unit
            )
            made += created
    return made


# 2. Petitions (users: see staff.py).
def world(*, with_corpus: bool = True) -> World:
    """The planner's view of the database (and of the message corpus, when present)."""
    areas = counties()
    path = corpus.tipdm_dir() if with_corpus else None
    return World(
        counties={c.code: c.name for c in areas},
        populations={c.code: c.population or 0 for c in areas},
        classes=PlanTree.from_db(),
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


# 3. The procedure, in date order with the registrations.
def staffing(specs: list[UserSpec], setting: World) -> Staffing:
    units = {u.name: (u.region.code, u.kind) for u in Unit.objects.select_related("region")}
    return Staffing(handlers=staff.handlers(specs), units=units, counties=setting.counties)


def cutoff_of(year_end: dt.date, latest: dt.datetime) -> dt.datetime:
    """The last moment anything may happen: the year's last day, and never after now."""
    return min(latest, dt.datetime.combine(year_end, DAY_END, timesource.SHANGHAI))


def run_year(
    plans: list[PetitionPlan],
    events: list[Event],
    units: dict[str, Unit],
    log: Callable[[str], None],
) -> tuple[int, int]:
    """Register the petitions and take the workflow steps, all in date order.

    Returns (steps taken, registration warnings).
    """
    started = time.monotonic()
    users = {u.username: u for u in User.objects.select_related("unit__region")}
    regions = {r.code: r for r in Region.objects.all()}
    classes = {c.code: c for c in ContentClass.objects.all()}
    runner = Runner(units)
    matters: dict[int, Matter] = {}
    timeline: list[tuple[dt.datetime, int, int, PetitionPlan | Event]] = [
        (p.moment, 0, p.index, p) for p in plans
    ]
    timeline += [(e.moment, 1, i, e) for i, e in enumerate(events)]
    timeline.sort(key=lambda row: row[:3])
    warnings = registered = steps = 0
    for _, phase, _, item in timeline:
        if phase == 1:
            runner.perform(item, matters[item.matter])
            steps += 1
            continue
        draft = draft_for(item, regions, classes, units, matters)
        result = register_petition(users[item.registrar], draft, at=item.moment)
        if draft.consent_public and not draft.is_accusation:
            # The registrar reviews the redacted text and publishes it on the board.
            publish(users[item.registrar], result.petition, at=item.moment)
        warnings += len(result.warnings)
        if item.repeat_of is None:
            matters[item.index] = result.petition.matter
        registered += 1
        if registered % PROGRESS_EVERY == 0 or registered == len(plans):
            log(
                f"  已登记 {registered}/{len(plans)} 件，办理步骤 {steps} 个"
                f"（{time.monotonic() - started:.1f} 秒）"
            )
    log(f"  办理步骤共 {steps} 个（{time.monotonic() - started:.1f} 秒）")
    return steps, warnings


def build_demo(
    *, seed: int, petitions: int, year_end: dt.date, log: Callable[[str], None] = print
) -> Summary:
    """Everything, in one transaction."""
    started = time.monotonic()
    texts_from, warnings, figures = "none", 0, None
    # A year of history notifies thousands of times: the bell keeps every one, but none may
    # leave as mail, SMS or log lines when the transaction commits.
    with override_settings(XINFANG_NOTIFY_BACKENDS=[]), transaction.atomic():
        load_regions()
        load_classes()
        units = ensure_units()
        ensure_routing_rules(units)
        specs = user_specs(counties())
        created = ensure_users(specs, units)
        log(f"参考数据、{len(units)} 个单位、{len(specs)} 个演示账号就绪（新建 {created} 个）")
        log(f"领导名录：{len(casework.ensure_leaders())} 名领导")
        if petitions > 0:
            setting = world()
            texts_from = "tipdm2020" if setting.messages else "own"
            log(f"生成 {petitions} 件信访件（种子 {seed}，截至 {year_end}，文本：{texts_from}）")
            latest = timesource.now()
            plans = plan_year(setting, seed=seed, count=petitions, year_end=year_end, latest=latest)
            cutoff = cutoff_of(year_end, latest)
            events = plan_workflow(
                plans, staffing(specs, setting), seed=seed, year_end=year_end, cutoff=cutoff,
                calendar=load_calendar(), limits=all_limits(),
            )  # fmt: skip
            _, warnings = run_year(plans, events, units, log)
            # Before the year-end tick, so 批示 left unanswered are reminded as the tick does.
            owned, written = casework.build_casework(cutoff)
            log(f"  领导包案 {owned} 件，批示 {written} 件")
            handed, read = casework.build_handover(cutoff)
            log(f"  领导交办 {handed} 件，批阅来信 {read} 件")
            listed, resolved, aided = backlog.build_backlog(cutoff)
            log(f"  积案化解百日会战：积案 {listed} 件，已化解 {resolved} 件；救助帮扶 {aided} 件")
            held, scheduled = receptions.build_receptions(casework.ensure_leaders(), cutoff, latest)
            log(f"  领导接访：已记录 {held} 场，今后安排 {scheduled} 场")
            found, converted, sent = disputes.build_disputes(cutoff, seed=seed)
            log(f"  矛盾纠纷 {found} 件（转入信访 {converted} 件），乡镇月报表 {sent} 份")
            areas, sent = periods.build_period(cutoff)
            log(f"  特护期：{areas} 个县市区，每日报告 {sent} 份")
            log(f"  信息简报 {briefs.build_briefs(cutoff)} 期（含草稿）")
            made, entries = village_projects.build_projects(cutoff)
            log(f"  挂点项目 {made} 个，进度记录 {entries} 条")
            held, decided = joint_meetings.build_meetings(cutoff)
            log(f"  信访联席会议 {held} 次，会议决定 {decided} 项")
            signed, goals = assessment.build_assessment(cutoff)
            log(f"  目标责任状 {signed} 份，考核指标 {goals} 项")
            log(f"  文书：近{documents.DAYS}日出具 {documents.build_documents(cutoff)} 份")
            report = workflow_run.finish(cutoff)
            log(f"  截至 {cutoff.date()} 的期限状态已更新（巡检：{report.counts()}）")
            read = staff.read_old_notifications(cutoff)
            log(f"  通知：早于最近{staff.READ_WITHIN.days}日的 {read} 条已标为已读")
            figures = workflow_run.figures()
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
        steps=Step.objects.count(),
        warnings=warnings,
        seconds=time.monotonic() - started,
        texts_from=texts_from,
        logins=logins,
        figures=figures,
    )
