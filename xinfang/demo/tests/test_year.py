"""One demo year, built once: its units, logins, petitions, and the procedure they went
through; and every page each kind of login is offered opens on it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import CommandError

from xinfang.accounts.models import Role, User
from xinfang.classes.queries import valid_on
from xinfang.demo import build, mix
from xinfang.demo.tests.conftest import (
    LOGINS,
    YEAR_END,
    YEAR_END_DATE,
    YEAR_PETITIONS,
    demo,
)
from xinfang.events.models import Event, EventKind
from xinfang.lib import timesource
from xinfang.lib.identity import check_resident_id
from xinfang.petitions.models import Assignment, Matter, MatterStatus, Petition, Urgency
from xinfang.regions.models import Level, Unit, UnitKind
from xinfang.workflow.models import Clock, ClockState, Rating, Step, StepKind

# What the command built.


def test_it_creates_the_units_listed(db, year):
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


def test_it_creates_the_logins_listed(db, year):
    users = {u.username: u for u in User.objects.select_related("unit", "region")}
    assert len(users) == LOGINS
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


def test_every_unit_that_gets_matters_has_a_handler(db, year):
    users = {u.username: u for u in User.objects.select_related("unit", "region")}
    for username, unit in (
        ("city-health", "怀化市卫生健康委员会"),
        ("city-zhengfa", "中共怀化市委政法委员会"),
        ("hecheng-housing", "鹤城区住房和城乡建设局"),
        ("hongjiangqu-natres", "洪江管理区自然资源局"),
        ("xupu-discipline", "溆浦县纪律检查委员会"),
        ("yuanling-guanzhuang", "沅陵县官庄镇"),
    ):
        user = users[username]
        assert (user.unit.name, user.role, user.region) == (unit, Role.HANDLER, None), username
    assert users["xupu-discipline"].may_handle_accusations
    assert not users["hecheng-housing"].may_handle_accusations
    receiving = Unit.objects.exclude(kind=UnitKind.BUREAU)
    assert set(receiving.values_list("pk", flat=True)) == set(
        User.objects.filter(role=Role.HANDLER, unit__in=receiving).values_list("unit", flat=True)
    )


def test_every_demo_login_works_with_the_demo_password(db, year):
    for user in User.objects.all():
        assert user.check_password(build.PASSWORD), user.username


def test_it_prints_progress_a_summary_and_the_logins(db, year):
    assert f"已登记 {YEAR_PETITIONS}/{YEAR_PETITIONS} 件" in year
    assert f"信访件 {YEAR_PETITIONS} 件" in year
    assert "city-registrar" in year and "hongjiangqu-supervisor" in year
    assert "hecheng-housing" in year and "xupu-lufeng" in year
    assert "事项状态：" in year and "紧迫程度：" in year
    assert f"密码：{build.PASSWORD}" in year


def test_every_petition_is_registered_on_its_received_day_in_the_year(db, year):
    first_day = YEAR_END_DATE - dt.timedelta(days=364)
    for p in Petition.objects.all():
        assert first_day <= p.received_on <= YEAR_END_DATE
        assert p.registered_at.astimezone(timesource.SHANGHAI).date() == p.received_on
        assert p.number.split("-")[1] == str(p.received_on.year)


def test_every_class_is_valid_on_the_received_day(db, year):
    for p in Petition.objects.select_related("content_class"):
        assert valid_on(p.received_on).filter(pk=p.content_class_id).exists(), p.number
        assert p.content_class.level >= 2


def test_repeats_are_linked_to_an_earlier_matter_of_the_same_petitioner(db, year):
    repeats = Petition.objects.filter(is_repeat=True).select_related("matter")
    assert repeats.exists()
    for repeat in repeats:
        first = repeat.matter.petitions.get(is_repeat=False)
        assert first.received_on < repeat.received_on
        assert first.region_id == repeat.region_id == repeat.matter.region_id
        assert repeat.main_petitioner.id_number == first.main_petitioner.id_number
        assert repeat.matter.petition_count == repeat.matter.petitions.count() >= 2


def test_collective_visits_have_five_or_more_people_and_a_few_representatives(db, year):
    visits = Petition.objects.filter(channel="collective_visit")
    assert visits.exists()
    for visit in visits:
        assert 5 <= visit.petitioner_count <= 60
        assert 2 <= visit.petitioners.count() <= 5


def test_petitioners_carry_valid_identity_data(db, year):
    for p in Petition.objects.filter(is_anonymous=False).prefetch_related("petitioners"):
        main = p.main_petitioner
        assert main is not None and main.phone.startswith("+86")
        assert check_resident_id(main.id_number, today=p.received_on).number == main.id_number


def test_no_bureau_is_ever_a_responsible_unit(db, year):
    assert Assignment.objects.exists()
    assert not Assignment.objects.filter(unit__kind=UnitKind.BUREAU).exists()


# The procedure.


def test_matters_stand_at_every_stage_of_the_procedure(db, year):
    statuses = set(Matter.objects.values_list("status", flat=True))
    assert {
        MatterStatus.REGISTERED, MatterStatus.FORWARDED, MatterStatus.ACCEPTED,
        MatterStatus.ANSWERED, MatterStatus.NOT_ACCEPTED,
    } <= statuses  # fmt: skip
    assert statuses & {MatterStatus.CLOSED, MatterStatus.TERMINATED}
    kinds = set(Step.objects.values_list("kind", flat=True))
    assert {StepKind.FORWARD, StepKind.ACCEPT, StepKind.ANSWER, StepKind.SETTLE} <= kinds
    answers = Step.objects.filter(kind=StepKind.ANSWER)
    assert set(answers.values_list("outcome", flat=True)) == {"support", "explain", "reject"}
    assert all(a.facts and a.legal_basis and a.delivered_on == a.on for a in answers)
    # 诉访分离: refused 涉法涉诉 matters go to the 政法 organ.
    refused = Step.objects.filter(kind=StepKind.NOT_ACCEPT).select_related("unit")
    assert refused and all(s.unit.kind == UnitKind.POLITICAL_LEGAL for s in refused)


def test_answered_matters_are_rated_mostly_satisfied(db, year):
    answered = Matter.objects.exclude(answered_on=None).count()
    levels = list(Rating.objects.filter(target="unit").values_list("level", flat=True))
    assert 0.5 * answered <= len(levels) <= 0.9 * answered
    assert levels.count("satisfied") > levels.count("basically") > 0
    assert all(r.reason for r in Rating.objects.filter(level="dissatisfied"))


def test_some_steps_are_late_and_some_matters_overdue(db, year):
    assert Clock.objects.filter(state=ClockState.LATE_MET).exists()
    assert Matter.objects.filter(urgency__in=(Urgency.OVERDUE, Urgency.SERIOUSLY_OVERDUE)).exists()
    recent = Matter.objects.filter(opened_on__gt=YEAR_END_DATE - dt.timedelta(days=60))
    assert {"registered", "forwarded", "accepted"} <= set(recent.values_list("status", flat=True))


def test_steps_follow_each_other_and_stay_within_the_year(db, year):
    last = dt.datetime.combine(YEAR_END_DATE, dt.time(18), timesource.SHANGHAI)
    for matter in Matter.objects.prefetch_related("steps"):
        previous = None
        for step in matter.steps.all():
            assert matter.opened_on <= step.on <= YEAR_END_DATE, matter.number
            assert step.created_at <= last
            if previous is not None:
                assert previous.created_at < step.created_at
            previous = step
    events = Event.objects.filter(kind=EventKind.WORKFLOW_STEP)
    assert events.exists() and not events.filter(created_at__gt=last).exists()


def test_steps_are_taken_by_the_bureau_and_by_the_lead_units_handlers(db, year):
    for step in Step.objects.select_related("actor__unit", "matter__registering_unit", "unit"):
        actor = step.actor
        if step.kind in (StepKind.ACCEPT, StepKind.ANSWER, StepKind.EXTEND, StepKind.OBJECT):
            assert actor.role == Role.HANDLER and actor.unit == step.unit
            assert actor.unit.kind != UnitKind.BUREAU
        elif step.kind in (StepKind.FORWARD, StepKind.ASSIGN, StepKind.NOT_ACCEPT, StepKind.FILE):
            assert actor.unit == step.matter.registering_unit
            assert actor.role in (Role.HANDLER, Role.REGISTRAR)
        else:
            assert actor.unit.kind == UnitKind.BUREAU


def test_accusations_reach_discipline_units_and_never_the_accused(db, year):
    accusations = Matter.objects.filter(is_accusation=True)
    assert accusations.exists()
    for matter in accusations:
        accused = set(matter.petitions.values_list("accused_unit", flat=True)) - {None}
        units = Unit.objects.filter(assignments__matter=matter)
        assert all(u.kind == UnitKind.DISCIPLINE for u in units)
        assert not accused & {u.pk for u in units}
        assert not matter.steps.exclude(actor__may_handle_accusations=True).exists()


def test_it_refuses_to_add_a_second_year_to_a_database_with_petitions(db, year):
    with pytest.raises(CommandError, match="空库"):
        demo("--petitions", "10", "--year-end", YEAR_END)


# Leadership casework.


def test_the_city_and_every_county_have_a_leader_with_a_login(db, year):
    from xinfang.casework.models import Leader, LeaderLevel

    leaders = Leader.objects.select_related("region", "user")
    assert leaders.get(level=LeaderLevel.CITY).user.username == "city-leader"
    counties = {leader.region.name for leader in leaders.filter(level=LeaderLevel.COUNTY)}
    assert {"鹤城区", "溆浦县", "洪江市"} <= counties
    assert all(leader.user.role == Role.LEADER for leader in leaders)


def test_leaders_own_cases_with_instructions_so_the_workbench_is_filled(db, year, client):
    from xinfang.casework.models import Instruction, Ownership

    city = User.objects.get(username="city-leader")
    assert Ownership.objects.filter(leader__user=city).exists()
    assert Instruction.objects.filter(answered_at__isnull=False).exists()
    assert Instruction.objects.filter(answered_at__isnull=True).exists()
    client.force_login(city)
    page = client.get("/").content.decode()
    assert "领导工作台" in page and "暂无包案事项" not in page


def test_a_handover_batch_went_to_the_counties_with_reports_back(db, year):
    from xinfang.casework.models import Handover, HandoverItem, Instruction

    batch = Handover.objects.get()
    assert batch.leader.user.username == "city-leader"
    items = HandoverItem.objects.filter(handover=batch)
    assert items.filter(reported_at__isnull=False).exists()
    assert items.filter(reported_at__isnull=True).exists()
    assert Instruction.objects.filter(petition__isnull=False).exists()  # 批阅


# Backlog work and aid.


def test_a_backlog_campaign_is_under_way_with_owned_cases(db, year, client):
    from xinfang.backlog.models import Campaign, FollowUp, LongTermPetitioner

    campaign = Campaign.objects.get(name="信访积案化解百日会战")
    assert campaign.starts_on < YEAR_END_DATE <= campaign.ends_on
    cases = campaign.cases.select_related("backlog", "owner")
    assert cases.count() >= 10
    assert cases.filter(backlog__ended_on__isnull=False).exists()
    assert cases.filter(backlog__ended_on__isnull=True).exists()
    assert FollowUp.objects.exists() and LongTermPetitioner.objects.exists()
    client.force_login(User.objects.get(username="city-leader"))
    page = client.get(f"/backlog/campaigns/{campaign.pk}/").content.decode()
    assert "化解率" in page and "尚未化解" in page


def test_aid_with_agreements_and_one_waiting_for_the_city_leader(db, year, client):
    from xinfang.aid.models import Aid, AidStatus

    assert Aid.objects.filter(status=AidStatus.APPROVED, has_agreement=True).exists()
    assert Aid.objects.exclude(agreement_stored="").exists()
    client.force_login(User.objects.get(username="city-leader"))
    page = client.get("/").content.decode()
    assert "待审批救助" in page and "没有待审批的救助" not in page


def test_leaders_have_held_receptions_and_a_published_schedule_with_bookings(db, year, client):
    from xinfang.receptions.models import Booking, Reception, ReceptionPetition, Status

    held = Reception.objects.filter(status=Status.HELD)
    assert held.exists() and all(r.people >= r.batches > 0 for r in held)
    assert ReceptionPetition.objects.exists()
    assert Booking.objects.filter(reception__status=Status.PUBLISHED).count() >= 2
    page = client.get("/portal/receptions/").content.decode()
    assert "预约约访" in page and "刘桂兰" not in page
    client.force_login(User.objects.get(username="city-leader"))
    assert "本周接访" in client.get("/").content.decode()


def test_the_townships_keep_dispute_ledgers_and_most_sent_last_months_report(db, year):
    """Each township with a login has a ledger across statuses; one dispute each turned into
    a petition of its county with its measures on the timeline; all but one township sent
    February's report (the year ends 2026-03-01: sent that day)."""
    from xinfang.disputes.models import Dispute, DisputeStatus, MonthlyReport

    assert "矛盾纠纷 40 件" in year
    statuses = set(Dispute.objects.values_list("status", flat=True))
    assert {DisputeStatus.RESOLVED, DisputeStatus.CONVERTED} <= statuses
    for dispute in Dispute.objects.filter(status=DisputeStatus.CONVERTED):
        assert dispute.petition.region == dispute.unit.region
        assert Event.objects.filter(
            matter=dispute.petition.matter, kind=EventKind.DISPUTE_MEASURE
        ).exists()
    assert MonthlyReport.objects.filter(month=dt.date(2026, 2, 1)).count() == 4


# A sensitive period (特护期).


def test_a_sensitive_period_is_under_way_with_one_county_not_reported(db, year, client):
    from xinfang.lib import timesource
    from xinfang.periods import queries
    from xinfang.periods.models import DailyReport, SensitivePeriod

    period = SensitivePeriod.objects.get()
    assert period.name == "2026年全国两会特护期"
    assert period.starts_on < YEAR_END_DATE < period.ends_on
    counties = queries.counties_of(period)
    cutoff = dt.datetime(2026, 3, 1, 18, 0, tzinfo=timesource.SHANGHAI)
    found = queries.overview(period, counties, YEAR_END_DATE, at=cutoff)
    assert found.missing == 1 and found.reported == len(counties) - 1
    assert DailyReport.objects.filter(is_zero_report=False).exists()
    late = queries.summary(period, counties, at=cutoff).total.late
    assert late == 1
    client.force_login(User.objects.get(username="city-supervisor"))
    with timesource.freeze(cutoff):
        page = client.get(f"/periods/{period.pk}/").content.decode()
    assert "逾期未报" in page


def test_the_city_published_briefs_and_has_a_draft(db, year):
    from xinfang.briefs.models import Brief

    published = Brief.objects.filter(published_at__isnull=False).order_by("issue")
    assert [b.issue for b in published] == [1, 2, 3]
    assert Brief.objects.filter(published_at__isnull=True).exists()


# Village projects (挂点项目) and the joint meeting (信访联席会议).


def test_the_resettlement_bureaus_projects_read_as_the_summary(db, year, client):
    """The summary's figures: 牛麻一队 37 households with 11 done, 牛麻二队 all done, the road
    at 车田二队 slow and paused, the 外墙装饰 not begun; two entries carry a site photo."""
    from xinfang.projects import queries
    from xinfang.projects.models import Photo, Project, ProjectStatus

    assert "挂点项目 12 个" in year
    words = {p.name: queries.project_sentence(p) for p in Project.objects.all()}
    assert words["牛麻一队移民新村旧房改造"] == "牛麻村牛麻一队移民新村旧房改造全部37户完成11户"
    assert words["牛麻二队移民新村旧房改造"] == "牛麻村牛麻二队移民新村全部完成旧房改造"
    assert words["牛麻一队移民新村外墙装饰"] == "牛麻一队移民新村外墙装饰全部37户尚未实施"
    assert Project.objects.get(name="车田二队移民新村村屯道路").status == ProjectStatus.PAUSED
    assert Photo.objects.count() == 2
    client.force_login(User.objects.get(username="city-leader"))
    page = client.get("/projects/").content.decode()
    assert "中方县移民开发局挂点项目12个" in page


def test_the_joint_meeting_has_a_late_decision_reminded_once(db, year):
    from xinfang.meetings.models import Decision, DecisionStatus, Meeting

    assert "信访联席会议 1 次，会议决定 3 项" in year
    meeting = Meeting.objects.get()
    assert meeting.attendees.count() >= 5 and meeting.items.exists()
    statuses = sorted(Decision.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [DecisionStatus.DONE, DecisionStatus.UNDER_WAY, DecisionStatus.PENDING]
    )
    assert Event.objects.filter(kind=EventKind.DECISION_LATE).count() == 1


def test_the_logins_have_read_their_notifications_but_the_last_weeks(db, year):
    from xinfang.demo.staff import READ_WITHIN
    from xinfang.events.models import Notification

    since = build.cutoff_of(YEAR_END_DATE, timesource.now()) - READ_WITHIN
    unread = Notification.objects.filter(read_at__isnull=True)
    assert unread.exists() and not unread.filter(created_at__lt=since)
    read = Notification.objects.filter(read_at__isnull=False)
    assert read.exists() and not read.filter(created_at__gte=since)
    assert re.search(r"通知：早于最近7日的 \d+ 条已标为已读", year)


def test_every_county_has_its_target_agreement_with_the_seeds_goals(db, year, client):
    from xinfang.assessment import queries
    from xinfang.assessment.models import Agreement, ScoringRule
    from xinfang.lib import timesource

    agreements = list(Agreement.objects.filter(year=2026))
    assert len(agreements) == 13
    goals = {t.indicator: t for t in agreements[0].goals()}
    assert sum(goals["total_persons"].monthly.values()) == goals["total_persons"].value
    assert (goals["first_time_closed_rate"].comparator, goals["first_time_closed_rate"].value) == (
        "ge",
        98,
    )
    assert ScoringRule.objects.filter(year=2026, is_veto=True).count() == 1
    city = agreements[0].issuer
    rows = queries.ranking(city, 2026, YEAR_END_DATE)["regions"]
    assert rows[-1].is_last and rows[0].score.total > 0
    client.force_login(User.objects.get(username="city-leader"))
    with timesource.freeze(dt.datetime(2026, 3, 1, 18, 0, tzinfo=timesource.SHANGHAI)):
        page = client.get("/assessment/?year=2026").content.decode()
    assert "末位" in page and "按人口比排名" in page


# The bureau's documents (文书).


def test_recent_documents_are_issued_with_unique_numbers_per_unit_pattern(db, year):
    from xinfang.documents.models import Document, NumberCounter

    documents = list(Document.objects.select_related("unit"))
    assert documents
    assert len({d.number for d in documents}) == len(documents)
    forwarded = [d for d in documents if d.kind == "forward" and d.unit.name == "怀化市信访局"]
    assert all(d.number.startswith("怀信转〔") for d in forwarded)
    for counter in NumberCounter.objects.all():
        seqs = sorted(
            Document.objects.filter(
                unit=counter.unit, kind=counter.kind, year=counter.year
            ).values_list("seq", flat=True)
        )
        assert seqs == list(range(1, counter.last + 1))


# Every page the demo's logins are offered opens: links (and htmx loads) followed from the
# home page, one page of each shape (digits stand for any number), so a year of realistic
# data meets every list, detail and form page once per role.

# The PDF card needs a Chinese font installed (contacts' own tests cover it).
SKIPPED = re.compile(r"^/(logout|admin|static|media|api)/|\.pdf(\?|$)")
LINK = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')
NONE_SHOWN = re.compile(r">\s*None\s*<")


def _shape(url: str) -> str:
    path, _, query = url.partition("?")
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return re.sub(r"\d+", "N", path) + "?" + "&".join(keys)


def _unreachable(client, start: str) -> tuple[list[str], int]:
    """Pages offered as links that do not open (with the page offering each), and the count."""
    shapes, seen, broken = set(), set(), []
    frontier = [(start, "")]
    while frontier:
        url, offered_on = frontier.pop()
        if url in seen or _shape(url) in shapes:
            continue
        seen.add(url)
        shapes.add(_shape(url))
        response = client.get(url, follow=True)
        if response.status_code != 200:
            broken.append(f"{url} ({response.status_code}, linked from {offered_on})")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        if NONE_SHOWN.search(html):
            broken.append(f"{url} shows None")
        frontier += [
            (link.replace("&amp;", "&"), url)
            for link in LINK.findall(html)
            if not SKIPPED.search(link)
        ]
    return broken, len(shapes)


@pytest.mark.parametrize(
    "username",
    [
        "city-registrar", "city-handler", "city-leader", "city-supervisor", "city-admin",
        "city-discipline", "city-housing", "city-zhengfa", "hecheng-registrar",
        "hecheng-leader", "zhongfang-zhongfangzhen", "zhongfang-resettlement",
    ],
)  # fmt: skip
def test_every_page_a_login_is_offered_opens(db, year, year_files, client, settings, username):
    settings.XINFANG_OTP_REQUIRED_FOR_ADMINS = False  # the second factor has its own tests
    settings.ATTACHMENT_ROOT = year_files
    client.force_login(User.objects.get(username=username))
    broken, pages = _unreachable(client, "/")
    assert not broken, broken
    assert pages > 20  # the crawl went beyond the menu


def test_every_portal_page_a_visitor_is_offered_opens(db, year, client):
    broken, pages = _unreachable(client, "/portal/")
    assert not broken, broken
    assert pages > 5
