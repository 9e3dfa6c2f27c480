"""The demo's leaders and their casework: a leader for the city and each county (the demo's
leader logins), each owning a few open cases with 批示, some answered, so every workbench is
filled. Written through the casework actions, like everything else the demo builds."""

from __future__ import annotations

import datetime as dt

from xinfang.accounts.models import Role, User
from xinfang.casework import actions
from xinfang.casework.models import Leader, LeaderLevel, Ownership
from xinfang.casework.queries import REGION_LEVEL
from xinfang.lib import timesource
from xinfang.petitions.models import OPEN_STATUSES, Assignment, AssignmentRole, Matter

CASES_PER_LEADER = 3
INSTRUCTIONS = (
    "请牵头单位会同属地乡镇，一周内拿出化解方案，依法依规解决群众合理诉求。",
    "此事群众反映强烈，请主要负责同志亲自过问，办理结果及时报我。",
    "请核实情况，做好群众解释疏导工作，防止矛盾激化。",
)
ANSWER = "已按批示要求召开专题会议研究，约谈相关责任人，制定化解方案，现正按方案推进，进展情况将及时报告。"


def _post(leader_user: User) -> tuple[str, str]:
    """(level, post) for a leader login over the city or a county."""
    region = leader_user.region
    if region.level == REGION_LEVEL[LeaderLevel.CITY]:
        return LeaderLevel.CITY, "市委副书记"
    return LeaderLevel.COUNTY, f"{region.name[-1]}委书记"


def ensure_leaders() -> list[Leader]:
    """A leader for each demo leader login over the city or a county (kept when present)."""
    admin = User.objects.filter(username="city-admin").first()
    found = []
    logins = User.objects.filter(role=Role.LEADER, region__isnull=False).select_related("region")
    for user in logins.order_by("region__code"):
        leader = Leader.objects.filter(user=user).first()
        if leader is None:
            level, post = _post(user)
            if user.region.level != REGION_LEVEL[level] or admin is None:
                continue
            leader = actions.save_leader(
                admin, name=user.display_name, post=post, level=level, region=user.region,
                user=user,
            )  # fmt: skip
        found.append(leader)
    return found


def _open_cases(leader: Leader) -> list[tuple[Matter, Assignment]]:
    """Open, non-accusation matters of the leader's place with a lead unit, oldest first."""
    rows = (
        Assignment.objects.filter(
            role=AssignmentRole.LEAD, is_active=True,
            matter__status__in=OPEN_STATUSES, matter__is_accusation=False,
            matter__region__path__startswith=leader.region.path,
        )
        .exclude(matter_id__in=Ownership.objects.values("matter_id"))
        .select_related("matter__region", "unit")
        .order_by("matter__opened_on", "matter_id")
    )  # fmt: skip
    return [(row.matter, row) for row in rows[:CASES_PER_LEADER]]


def build_casework(cutoff: dt.datetime) -> tuple[int, int]:
    """Leaders, and their owned cases with 批示 in the weeks before `cutoff`, once.

    Returns (owned cases, instructions) created.
    """
    leaders = ensure_leaders()
    if Ownership.objects.exists():
        return 0, 0
    owned = written = 0
    for index, leader in enumerate(leaders):
        for number, (matter, lead) in enumerate(_open_cases(leader)):
            at = cutoff - dt.timedelta(days=21 - number * 3, hours=index % 5)
            actions.own_matter(
                leader.user, matter, leader=leader, unit=lead.unit,
                target_workdays=(10, 20, 30)[number], at=at,
            )  # fmt: skip
            owned += 1
            instruction = actions.write_instruction(
                leader.user, matter, text=INSTRUCTIONS[number],
                answer_by=timesource.day_of(at + dt.timedelta(days=7)), at=at + dt.timedelta(hours=1),
            )  # fmt: skip
            written += 1
            handler = User.objects.filter(unit=lead.unit, role=Role.HANDLER, is_active=True).first()
            if number == 0 and handler is not None:
                actions.answer_instruction(
                    handler, instruction, text=ANSWER, at=at + dt.timedelta(days=2)
                )
    return owned, written


HANDOVER_NOTE = "请县市区党政主要负责同志亲自包案，逐件落实化解措施，按期报告办理情况。"
REPORT = (
    "已由县委主要负责同志牵头召开专题会，责任单位已制定化解方案并上门见面沟通，当事人表示认可。"
)
READING = "请信访局会同相关部门认真核查来信反映的问题，依法依规处理并答复来信人。"


def build_handover(cutoff: dt.datetime) -> tuple[int, int]:
    """A 交办 batch from the city leader to each county's leader (one open matter each, half
    of them reported back) and a 批阅 of a letter per leader, once.

    Returns (matters handed over, letters read)."""
    from xinfang.casework import handover_actions
    from xinfang.casework.models import HandoverItem
    from xinfang.petitions.models import Channel, Petition

    if HandoverItem.objects.exists():
        return 0, 0
    leaders = ensure_leaders()
    city = next((x for x in leaders if x.level == LeaderLevel.CITY), None)
    if city is None:
        return 0, 0
    at = cutoff - dt.timedelta(days=12)
    items = []
    for leader in leaders:
        if leader.level == LeaderLevel.COUNTY:
            cases = _open_cases(leader)
            if cases:
                items.append((cases[-1][0], leader))
    if items:
        batch = handover_actions.hand_over(
            city.user, title=f"{cutoff.year}年第4批市领导交办信访事项",
            report_by=timesource.day_of(cutoff + dt.timedelta(days=5)), items=items,
            note=HANDOVER_NOTE, at=at,
        )  # fmt: skip
        for index, item in enumerate(batch.items.select_related("leader__user", "matter")):
            if index % 2 == 0:
                handover_actions.report_back(
                    item.leader.user, item, text=REPORT, at=at + dt.timedelta(days=4 + index % 3)
                )
    read = 0
    for leader in leaders:
        letter = (
            Petition.objects.filter(
                channel=Channel.LETTER, is_accusation=False, matter__status__in=OPEN_STATUSES,
                region__path__startswith=leader.region.path,
            )
            .select_related("matter")
            .order_by("-received_on", "pk")
            .first()
        )  # fmt: skip
        if letter is not None:
            actions.write_instruction(
                leader.user, letter.matter, text=READING, petition=letter,
                at=cutoff - dt.timedelta(days=3),
            )  # fmt: skip
            read += 1
    return len(items), read
