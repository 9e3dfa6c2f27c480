"""The demo's joint meeting (信访联席会议) and special group (专项小组): 中方县 formed a group
for its hottest class and, two weeks before the cutoff, held a joint meeting on matters that
involve several departments (the resettlement villages' road, housing, land). Three
decisions: one carried out, one under way and not yet due, and one past its deadline with
no report, which the year-end tick reminds once.

Written through the meetings actions, like everything else the demo builds.
"""

from __future__ import annotations

import datetime as dt

from xinfang.accounts.models import User
from xinfang.classes.models import ContentClass
from xinfang.lib import timesource
from xinfang.meetings import actions
from xinfang.meetings.models import DecisionStatus, Meeting, MeetingKind
from xinfang.petitions.models import OPEN_STATUSES, Matter
from xinfang.regions.models import Region, Unit

COUNTY = "431221"
CLERK = "zhongfang-handler"
ATTENDING = ("中方县信访局", "中方县移民开发局", "中方县住房和城乡建设局", "中方县自然资源局",
             "中方县人力资源和社会保障局", "中方县中方镇")  # fmt: skip


def _when(day: dt.date, cutoff: dt.datetime, hour: int) -> dt.datetime:
    return min(cutoff, dt.datetime.combine(day, dt.time(hour), timesource.SHANGHAI))


def build_meetings(cutoff: dt.datetime) -> tuple[int, int]:
    """The county's group and meeting, once. Returns (meetings, decisions)."""
    clerk = User.objects.filter(username=CLERK).select_related("region", "unit").first()
    county = Region.objects.filter(code=COUNTY).first()
    if clerk is None or county is None or Meeting.objects.exists():
        return 0, 0
    units = {u.name: u for u in Unit.objects.filter(name__in=ATTENDING)}
    attendees = [units[name] for name in ATTENDING if name in units]
    matters = list(
        Matter.objects.filter(
            region=county, status__in=OPEN_STATUSES, is_accusation=False
        ).order_by("-opened_on")[:3]
    )
    end = timesource.day_of(cutoff)
    held = end - dt.timedelta(days=14)
    while held.weekday() >= 5:
        held -= dt.timedelta(days=1)
    hot = ContentClass.objects.filter(code="12").first() or ContentClass.objects.first()
    group = actions.create_group(
        clerk, region=county, content_class=hot, name=f"{county.name}{hot.name}专项小组",
        lead_unit=units.get("中方县住房和城乡建设局", attendees[0]), members=attendees[1:],
        at=_when(held - dt.timedelta(days=30), cutoff, 10),
    )  # fmt: skip
    del group
    meeting = actions.record_meeting(
        clerk,
        actions.MeetingDraft(
            kind=MeetingKind.JOINT, region=county, convener=units["中方县信访局"], held_on=held,
            place="中方县信访局三楼会议室", topic="移民新村项目施工和群众反映的多部门交叉问题",
            chair="县委常委、政法委书记 向东明", attendees=attendees, matters=matters,
            summary="会议听取了县移民开发局关于挂点村屯项目施工进展的汇报，研究了近期群众反映集中、"
                    "涉及多个部门的信访事项。\n会议要求各责任单位按时限落实，并将落实情况报县信访局。",
        ),
        at=_when(held, cutoff, 17),
    )  # fmt: skip
    first = matters[0] if matters else None
    second = matters[1] if len(matters) > 1 else None
    made = []
    for text, unit, days, matter in (
        ("县移民开发局牵头，会同中方镇入户宣传政策，做好车田二队移民思想工作，尽快恢复村屯道路施工",
         "中方县移民开发局", 5, first),
        ("县自然资源局核实何屋屯道路施工占地权属，依法出具处理意见", "中方县自然资源局", 20, second),
        ("县住建局督促施工单位按设计变更方案施工，外墙装饰年内启动", "中方县住房和城乡建设局", 3, None),
    ):  # fmt: skip
        if unit in units:
            made.append(
                actions.add_decision(
                    clerk,
                    meeting,
                    text=text,
                    unit=units[unit],
                    days=days,
                    matter=matter,
                    at=_when(held, cutoff, 17),
                )  # fmt: skip
            )
    # The housing bureau reports its decision done; the resettlement bureau's stays late.
    for decision in made:
        if decision.unit.name == "中方县住房和城乡建设局":
            day = min(end, decision.due_on)
            actions.follow_up(clerk, decision, status=DecisionStatus.DONE,
                              text="已召开施工协调会，施工单位承诺按变更方案施工", on=day,
                              at=_when(day, cutoff, 16))  # fmt: skip
        elif decision.unit.name == "中方县自然资源局":
            day = min(end, held + dt.timedelta(days=3))
            actions.follow_up(clerk, decision, status=DecisionStatus.UNDER_WAY,
                              text="已组织现场勘界，正在调取土地承包档案", on=day,
                              at=_when(day, cutoff, 16))  # fmt: skip
    return 1, len(made)
