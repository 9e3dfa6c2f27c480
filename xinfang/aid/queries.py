"""Reads over aid (救助帮扶) and who may do what with it.

1. An aid record linked to a matter is seen by whoever may see the matter (petitions'
   one rule: a county's staff see the county's cases only, 检举控告 stay confidential).
   One linked to no matter is seen by staff over its region.
2. The recipient's name and the amount are personal data. Lists show them masked to
   everyone; the record's own page shows them to the holders of the personal-data right
   (bureau staff, leaders, supervisors, administrators), and each such look is recorded in
   the audit log (查看记录). A department's handler sees the record masked.
3. A handler or registrar never approves aid. Up to settings.XINFANG_AID_LEADER_APPROVAL_ABOVE
   yuan a supervisor or a leader over the place approves; above it only a leader (an
   account with the leader role linked to a casework Leader whose region holds the aid's).
   Nobody approves aid they recorded themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from xinfang.accounts.models import Role
from xinfang.aid.models import Aid, AidSource, AidStatus
from xinfang.backlog.models import Backlog, Ending
from xinfang.casework.queries import leader_of
from xinfang.lib.identity import mask_text
from xinfang.petitions.queries import visible_petitions
from xinfang.regions.models import Region
from xinfang.regions.queries import subtree

BUREAU_ROLES = (Role.REGISTRAR, Role.HANDLER)
MASKED_AMOUNT = "****"


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


def _bureau_staff(user) -> bool:
    return user.role in BUREAU_ROLES and user.unit_id is not None and user.unit.is_bureau


def works_aid(user) -> bool:
    """Whether `user`'s role works with aid at all (the menu, the list, the totals)."""
    if not _active(user):
        return False
    return (
        user.is_superuser
        or user.role in (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)
        or _bureau_staff(user)
    )


def may_record_aid(user) -> bool:
    """Aid is recorded by the bureau's staff and supervisors (and administrators)."""
    if not _active(user):
        return False
    return user.is_superuser or user.role in (Role.SUPERVISOR, Role.ADMIN) or _bureau_staff(user)


def may_see_particulars(user) -> bool:
    """The personal-data right over aid: who is shown the name and amount on the record's
    page (each look logged). A department's handler is not."""
    return works_aid(user)


def leader_threshold() -> Decimal:
    return Decimal(settings.XINFANG_AID_LEADER_APPROVAL_ABOVE)


def needs_leader(aid: Aid) -> bool:
    return aid.amount > leader_threshold()


def _within(region: Region, over: Region | None) -> bool:
    return over is not None and region.path.startswith(over.path)


def visible_aid(user) -> QuerySet[Aid]:
    if not _active(user):
        return Aid.objects.none()
    q = Q(matter_id__in=visible_petitions(user).values("matter_id"))
    if user.region_id:
        q |= Q(matter__isnull=True, region_id__in=subtree(user.region).values("pk"))
    return Aid.objects.filter(q)


def access_aid(user, pk: int) -> Aid:
    found = (
        visible_aid(user)
        .select_related("matter", "region", "recorded_by", "decided_by", "approving_leader")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有找到该救助记录")
    return found


def approval_refusal(user, aid: Aid) -> str:
    """Why `user` may not approve or turn down `aid` ("" when they may)."""
    if aid.status != AidStatus.PENDING:
        return "该救助已审批"
    if not _active(user) or user.role in BUREAU_ROLES:
        return "经办人、登记员不能审批救助"
    if aid.recorded_by_id == user.pk:
        return "不能审批本人登记的救助"
    if not visible_aid(user).filter(pk=aid.pk).exists():
        return "无权查看该救助记录"
    leader = leader_of(user)
    if leader is not None and _within(aid.region, leader.region):
        return ""
    if needs_leader(aid):
        return f"金额超过{leader_threshold():,.0f}元的救助须由所在地区的领导审批"
    if user.role == Role.SUPERVISOR and _within(aid.region, user.region):
        return ""
    return "只有领导或督查可以审批救助"


def may_decide(user, aid: Aid) -> bool:
    return approval_refusal(user, aid) == ""


def waiting_for(user) -> QuerySet[Aid]:
    """Aid waiting for `user`'s approval as a leader (the workbench), oldest first."""
    leader = leader_of(user)
    if leader is None:
        return Aid.objects.none()
    return (
        visible_aid(user)
        .filter(status=AidStatus.PENDING, region__path__startswith=leader.region.path)
        .exclude(recorded_by=user)
        .select_related("matter", "region")
        .order_by("recorded_at", "pk")
    )


# Masking.


def masked_name(aid: Aid) -> str:
    return mask_text(aid.recipient_name, 1)


@dataclass(frozen=True)
class Shown:
    """An aid record as a list row shows it: name and amount masked."""

    aid: Aid
    name: str
    amount: str


def list_rows(rows) -> list[Shown]:
    return [Shown(aid, masked_name(aid), MASKED_AMOUNT) for aid in rows]


# Totals per year, source and region (approved aid only).


@dataclass
class Total:
    label: str
    records: int = 0
    people: int = 0
    amount: Decimal = Decimal("0")
    agreements: int = 0

    @property
    def wan(self) -> str:
        """The amount in 万元 with one decimal, as the seed quotes it ("680余万元")."""
        return f"{self.amount / 10000:.1f}"

    def add(self, row: dict) -> None:
        self.records += row["records"]
        self.people += row["people"] or 0
        self.amount += row["amount"] or Decimal("0")
        self.agreements += row["agreements"]


@dataclass
class Totals:
    year: int
    all: Total
    by_source: list[Total] = field(default_factory=list)
    by_region: list[Total] = field(default_factory=list)
    closed_by_aid: int = 0  # 积案 ended by 救助息访 in the year
    closed_with_aid: int = 0  # of those, with an approved aid record on the matter

    @property
    def sentence(self) -> str:
        a = self.all
        return (
            f"{self.year}年救助帮扶{a.people}人次，协调救助资金{a.wan}万元，"
            f"其中签订息访协议{a.agreements}件次；通过救助息访化解积案{self.closed_by_aid}件。"
        )


def totals(user, year: int, region: Region | None = None) -> Totals:
    """Approved aid given in `year` that `user` may see, in all, per source and per region
    below `region` (the user's own region by default); and the 积案 ended by 救助息访."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = visible_aid(user).filter(
        status=AidStatus.APPROVED, given_on__gte=first, given_on__lte=last
    )
    root = region or user.region
    if root is not None:
        rows = rows.filter(region__path__startswith=root.path)
    sums = dict(
        records=Count("pk"),
        people=Sum("people"),
        amount=Sum("amount"),
        agreements=Count("pk", filter=Q(has_agreement=True)),
    )
    result = Totals(year, Total("合计"))
    by_source = {row["source"]: row for row in rows.values("source").annotate(**sums).order_by()}
    for value, label in AidSource.choices:
        total = Total(label)
        if value in by_source:
            total.add(by_source[value])
            result.all.add(by_source[value])
        result.by_source.append(total)
    per_place = list(rows.values("region__path").annotate(**sums).order_by())
    if root is not None:
        places = [(root.name + "（本级）", root.path, True)] + [
            (child.name, child.path, False)
            for child in Region.objects.filter(parent=root).order_by("code")
        ]
        for name, path, own in places:
            total = Total(name)
            for row in per_place:
                if (row["region__path"] == path) if own else row["region__path"].startswith(path):
                    total.add(row)
            if total.records or not own:
                result.by_region.append(total)
    ended = Backlog.objects.filter(
        ending=Ending.AID,
        ended_on__gte=first,
        ended_on__lte=last,
        matter_id__in=visible_petitions(user).values("matter_id"),
    )
    if root is not None:
        ended = ended.filter(matter__region__path__startswith=root.path)
    result.closed_by_aid = ended.count()
    result.closed_with_aid = ended.filter(
        matter_id__in=Aid.objects.filter(status=AidStatus.APPROVED).values("matter_id")
    ).count()
    return result


def closed_by_aid(user, year: int) -> QuerySet[Backlog]:
    """The 积案 ended by 救助息访 in `year` that `user` may see, latest first."""
    return (
        Backlog.objects.filter(
            ending=Ending.AID,
            ended_on__year=year,
            matter_id__in=visible_petitions(user).values("matter_id"),
        )
        .select_related("matter", "matter__region")
        .order_by("-ended_on", "-pk")
    )
