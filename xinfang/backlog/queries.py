"""Reads over 积案, follow-up plans, the 老户 flag and campaigns, and who may do what.

Access follows the one rule of petitions.queries: a 积案, its plan, a campaign case and a
老户 flag are seen by whoever may see the matter (a county leader sees the county's cases
only; a 检举控告 reaches no one the rule keeps it from). Anything else is a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from xinfang.accounts.models import Role
from xinfang.backlog.models import Backlog, Campaign, CampaignCase, FollowUp, LongTermPetitioner
from xinfang.casework.models import Ownership
from xinfang.casework.queries import _last_activity, _shown_title, is_handler
from xinfang.lib import timesource
from xinfang.petitions.models import Matter, Petitioner
from xinfang.petitions.queries import visible_petitions

# Who works on 积案 (marks them, plans follow-ups, flags 老户): the bureau's staff, its
# supervisors and leaders. A department's handler records what was done on their cases.
BUREAU_ROLES = (Role.REGISTRAR, Role.HANDLER)
LEADING_ROLES = (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)


def percent(part: int, whole: int) -> Decimal | None:
    """part ÷ whole as a percentage, 四舍五入 to one decimal (half up, not to even)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def percent_text(value: Decimal | None, *, short: bool = False) -> str:
    """ "92.2%"; with `short`, a whole number without its ".0" as the seed writes it ("93%")."""
    if value is None:
        return "—"
    if short and value == value.to_integral_value():
        return f"{value:.0f}%"
    return f"{value:.1f}%"


def _visible_matters(user):
    return visible_petitions(user).values("matter_id")


def sees_matter(user, matter: Matter) -> bool:
    return visible_petitions(user).filter(matter=matter).exists()


def works_backlog(user) -> bool:
    """Whether `user`'s role works on 积案 at all (the menu, the list)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.role in LEADING_ROLES:
        return True
    return user.role in BUREAU_ROLES and user.unit_id is not None and user.unit.is_bureau


def may_work_on(user, matter: Matter) -> bool:
    """Whether `user` may mark, end and plan the 积案 of `matter` and flag its 老户."""
    return works_backlog(user) and sees_matter(user, matter)


def may_record_follow_up(user, matter: Matter) -> bool:
    """Whether `user` may record a follow-up as done: who works on it, or a handler of it."""
    return may_work_on(user, matter) or is_handler(user, matter)


def may_run_campaigns(user) -> bool:
    """Campaigns are set up by leaders, supervisors and administrators over a region."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in LEADING_ROLES)
        and user.region_id is not None
    )


# 积案.


def visible_backlogs(user) -> QuerySet[Backlog]:
    return Backlog.objects.filter(matter_id__in=_visible_matters(user))


def access_backlog(user, pk: int) -> Backlog:
    found = (
        visible_backlogs(user)
        .select_related("matter", "matter__region", "marked_by", "ended_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有找到该积案")
    return found


def open_backlog(matter: Matter) -> Backlog | None:
    return Backlog.objects.filter(matter=matter, ended_on__isnull=True).first()


def backlog_history(matter: Matter) -> QuerySet[Backlog]:
    return Backlog.objects.filter(matter=matter).order_by("-marked_on", "-pk")


def _current_owner_name():
    owner = Ownership.objects.filter(matter_id=OuterRef("matter_id"), ended_at__isnull=True)
    return Subquery(owner.values("leader__name")[:1])


def _next_due():
    waiting = FollowUp.objects.filter(backlog_id=OuterRef("pk"), done_on__isnull=True)
    return Subquery(waiting.order_by("due_on").values("due_on")[:1])


def backlog_rows(user, *, state: str = "open") -> QuerySet[Backlog]:
    """The 积案 `user` may see (open, ended or all), each with the title they may be shown,
    its current owner's name and the next follow-up date."""
    rows = visible_backlogs(user)
    if state == "open":
        rows = rows.filter(ended_on__isnull=True)
    elif state == "ended":
        rows = rows.filter(ended_on__isnull=False)
    return (
        rows.annotate(
            shown_title=_shown_title(user), owner_name=_current_owner_name(), next_due=_next_due()
        )
        .select_related("matter", "matter__region")
        .order_by("ended_on", "marked_on", "pk")
    )


def follow_ups_of(backlog: Backlog) -> QuerySet[FollowUp]:
    return backlog.follow_ups.select_related("created_by", "done_by").order_by("due_on", "pk")


# 老户: only on the case pages of cases the reader may already see.


def long_term_flags(user, matter: Matter) -> dict[int, LongTermPetitioner]:
    """The 老户 flags on the petitioners of `matter`'s petitions that `user` may see, by
    petitioner id. Empty for anyone who may not see the case."""
    petitions = visible_petitions(user).filter(matter=matter).values("pk")
    flags = LongTermPetitioner.objects.filter(petitioner__petition_id__in=petitions)
    return {flag.petitioner_id: flag for flag in flags.select_related("petitioner")}


def petitioners_of(user, matter: Matter) -> QuerySet[Petitioner]:
    """The petitioners of the petitions of `matter` that `user` may see."""
    petitions = visible_petitions(user).filter(matter=matter).values("pk")
    return Petitioner.objects.filter(petition_id__in=petitions).select_related("petition")


# Campaigns.


def visible_campaigns(user) -> QuerySet[Campaign]:
    """Campaigns over or under `user`'s region, and any holding a case they may see."""
    if not (user.is_authenticated and user.is_active):
        return Campaign.objects.none()
    holding = CampaignCase.objects.filter(backlog__matter_id__in=_visible_matters(user))
    q = Q(pk__in=holding.values("campaign_id"))
    if user.region_id:
        path = user.region.path
        above = [path[: i + 1] for i, ch in enumerate(path) if ch == "/" and i > 0]
        q |= Q(region__path__startswith=path) | Q(region__path__in=above)
    return Campaign.objects.filter(q).select_related("region")


def access_campaign(user, pk: int) -> Campaign:
    found = visible_campaigns(user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该活动")
    return found


def campaign_cases(user, campaign: Campaign) -> QuerySet[CampaignCase]:
    """The campaign's cases `user` may see, with the shown title and last action."""
    last_at, last_summary = _last_activity(user)
    return (
        campaign.cases.filter(backlog__matter_id__in=_visible_matters(user))
        .annotate(matter_id=F("backlog__matter_id"))
        .annotate(
            shown_title=_shown_title(user),
            last_at=last_at,
            last_summary=last_summary,
        )
        .select_related("backlog", "backlog__matter", "backlog__matter__region", "owner")
        .order_by("backlog__ended_on", "pk")
    )


@dataclass(frozen=True)
class Week:
    ends_on: dt.date
    resolved: int  # cumulative, by the end of the week
    remaining: int


@dataclass(frozen=True)
class Figures:
    """A campaign's figures over the cases one reader may see.

    化解率 = 积案 ended (化解, any of the five ways) by the campaign's last day ÷ 积案 listed;
    案结事了率 = listed matters marked 案结事了 ÷ listed; both 四舍五入 to one decimal.
    """

    listed: int
    resolved: int
    settled: int
    weeks: tuple[Week, ...] = ()

    @property
    def remaining(self) -> int:
        return self.listed - self.resolved

    @property
    def resolved_rate(self) -> Decimal | None:
        return percent(self.resolved, self.listed)

    @property
    def settled_rate(self) -> Decimal | None:
        return percent(self.settled, self.listed)

    @property
    def resolved_rate_text(self) -> str:
        return percent_text(self.resolved_rate)

    @property
    def settled_rate_text(self) -> str:
        return percent_text(self.settled_rate)

    def sentence(self, campaign: Campaign) -> str:
        """The figures in the seed's words: "…化解率93%，…仅有37件积案尚未化解"."""
        if not self.listed:
            return f"{campaign.name}尚未列入积案。"
        rates = (
            f"化解率{percent_text(self.resolved_rate, short=True)}，"
            f"案结事了率{percent_text(self.settled_rate, short=True)}"
        )
        tail = f"仅有{self.remaining}件积案尚未化解" if self.remaining else "积案已全部化解"
        return (
            f"{campaign.name}共列入信访积案{self.listed}件，已化解{self.resolved}件，"
            f"{rates}，{tail}。"
        )


def campaign_figures(user, campaign: Campaign, today: dt.date | None = None) -> Figures:
    """The figures of `campaign` over the cases `user` may see, with the weekly progress
    (cumulative 积案 resolved at the end of each week from the start, up to today)."""
    today = today or timesource.today()
    rows = list(
        campaign.cases.filter(backlog__matter_id__in=_visible_matters(user)).values_list(
            "backlog__ended_on", "backlog__matter__is_settled"
        )
    )
    last = min(today, campaign.ends_on)
    ended = sorted(e for e, _ in rows if e is not None and e <= campaign.ends_on)
    weeks = []
    week_end = campaign.starts_on + dt.timedelta(days=6)
    while campaign.starts_on <= last:
        upto = min(week_end, last)
        done = sum(1 for e in ended if e <= upto)
        weeks.append(Week(upto, done, len(rows) - done))
        if upto >= last:
            break
        week_end += dt.timedelta(days=7)
    return Figures(
        listed=len(rows),
        resolved=len(ended),
        settled=sum(1 for _, settled in rows if settled),
        weeks=tuple(weeks),
    )


def campaigns_of_leader(user) -> list[tuple[Campaign, Figures]]:
    """The running campaigns `user` sees, with their figures (the leader's workbench)."""
    today = timesource.today()
    running = visible_campaigns(user).filter(starts_on__lte=today, ends_on__gte=today)
    return [(c, campaign_figures(user, c, today)) for c in running.order_by("ends_on", "pk")]


def campaign_case_counts(user) -> dict[int, int]:
    """How many cases of each campaign `user` may see (the campaigns' list)."""
    rows = (
        CampaignCase.objects.filter(backlog__matter_id__in=_visible_matters(user))
        .values("campaign_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["campaign_id"]: row["n"] for row in rows}
