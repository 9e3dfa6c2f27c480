"""Reads of target agreements (目标责任状): who may see and change them, each agreement's
progress and score, the ranking of the agreements a region issued (末位 flagged), and the
per-capita ranking of the regions below it (人次 per 10,000 inhabitants).

Access: leaders, supervisors and admins with a region see the agreements whose owner lies in
their region (a county: its own, its townships' and its units'). They manage (admins and
supervisors) the agreements their region or a region below it issued: a city supervisor sets
the counties', a county supervisor its townships', never their own. The ranking of the
agreements a region issued names every owner; an owner's staff (a county) see their own
place in their issuer's ranking, without the other owners' names or scores.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from xinfang.accounts.models import Role
from xinfang.assessment.models import Agreement, ScoringRule
from xinfang.assessment.scoring import Score, score
from xinfang.regions.models import Region, Unit
from xinfang.stats import queries as stats
from xinfang.stats.queries import Period
from xinfang.stats.targets import TargetProgress, progress

VIEWERS = (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)
MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


def may_view(user) -> bool:
    """目标考核 is for leaders, supervisors and admins with a region."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.region_id
        and (user.is_superuser or user.role in VIEWERS)
    )


def may_manage(user) -> bool:
    return may_view(user) and (user.is_superuser or user.role in MANAGERS)


def within(user, region: Region | None) -> bool:
    return region is not None and region.path.startswith(user.region.path)


def may_manage_agreement(user, agreement: Agreement) -> bool:
    return may_manage(user) and within(user, agreement.issuer)


def may_set_rules(user, region: Region) -> bool:
    return may_manage(user) and within(user, region)


def visible_agreements(user):
    if not may_view(user):
        return Agreement.objects.none()
    path = user.region.path
    return Agreement.objects.filter(
        Q(region__path__startswith=path) | Q(unit__region__path__startswith=path)
    ).select_related("region__parent", "unit__region")


def access_agreement(user, pk: int, *, write: bool = False) -> Agreement:
    """The agreement if `user` may see it (and change it, with `write`); else 404."""
    agreement = visible_agreements(user).filter(pk=pk).first()
    if agreement is None or (write and not may_manage_agreement(user, agreement)):
        raise Http404("没有找到该目标责任状")
    return agreement


def owner_choices(user) -> list[tuple[str, str]]:
    """Owners an agreement may be made for: the regions directly below the user's region and
    below those (townships), and the units in them — "r<id>" / "u<id>"."""
    path = user.region.path
    regions = Region.objects.filter(path__startswith=path).exclude(pk=user.region_id)
    units = Unit.objects.filter(region__path__startswith=path, is_active=True)
    return [(f"r{r.pk}", r.name) for r in regions.order_by("path")] + [
        (f"u{u.pk}", u.name)
        for u in units.select_related("region").order_by("region__code", "name")
    ]


def owner_of(key: str):
    """The region or unit a choice key ("r12", "u5") names, or None."""
    key = key or ""
    model = {"r": Region, "u": Unit}.get(key[:1])
    if model is None or not key[1:].isdigit():
        return None
    return model.objects.filter(pk=int(key[1:])).first()


def rules_for(region: Region | None, year: int) -> dict[str, ScoringRule]:
    if region is None:
        return {}
    return {r.indicator: r for r in ScoringRule.objects.filter(region=region, year=year)}


def year_to(year: int, today: dt.date) -> Period:
    """January to the end of `today`'s month (or the whole year once it is over)."""
    end = min(today, dt.date(year, 12, 31))
    last = calendar.monthrange(end.year, end.month)[1]
    return Period(dt.date(year, 1, 1), end.replace(day=last), f"{year}年")


# ---- one agreement --------------------------------------------------------------------


def goal_progress(agreement: Agreement, today: dt.date) -> list[TargetProgress]:
    """Each goal's actual, quota to date, projection and status (`stats.targets.progress`)."""
    goals = list(agreement.goals())
    if not goals:
        return []
    items = progress(agreement.place, agreement.year, upto=today, targets=goals)
    order = {value: i for i, value in enumerate(ORDER)}
    return sorted(items, key=lambda item: order.get(item.target.indicator, len(order)))


def agreement_score(
    agreement: Agreement, today: dt.date, rules: dict[str, ScoringRule] | None = None
) -> Score:
    if rules is None:
        rules = rules_for(agreement.issuer, agreement.year)
    return score(goal_progress(agreement, today), rules)


# The seed's order of goals: volumes first, then the rates.
ORDER = (
    "total_persons", "total_batches", "national_persons", "national_abnormal_persons",
    "repeat_abnormal_persons", "province_persons", "overlevel_city_persons",
    "first_time_closed_rate", "on_time_rate", "timely_accept_rate", "settled_rate",
    "repeat_rate", "satisfaction_rate",
)  # fmt: skip


# ---- rankings -------------------------------------------------------------------------


@dataclass
class Ranked:
    agreement: Agreement
    score: Score
    rank: int = 0
    is_last: bool = False  # 末位
    of: int = 0  # how many are ranked

    @property
    def warnings(self) -> int:
        return sum(1 for g in self.score.goals if g.progress.status in ("at_risk", "exceeded"))


def issued(issuer: Region, year: int):
    """The agreements `issuer` issued for `year`: its child regions' and its units'."""
    return (
        Agreement.objects.filter(year=year)
        .filter(Q(region__parent=issuer, unit=None) | Q(unit__region=issuer, region=None))
        .select_related("region__parent", "unit__region")
    )


def ranking(issuer: Region, year: int, today: dt.date) -> dict[str, list[Ranked]]:
    """The agreements `issuer` issued, scored with its rules and ranked, best first, regions
    and units apart ({"regions": …, "units": …}). Equal scores share a rank; a vetoed
    agreement ranks below every other; 末位 is the last rank when more than one are ranked."""
    rules = rules_for(issuer, year)
    out: dict[str, list[Ranked]] = {"regions": [], "units": []}
    for agreement in issued(issuer, year):
        key = "regions" if agreement.region_id else "units"
        out[key].append(Ranked(agreement, agreement_score(agreement, today, rules)))
    for rows in out.values():
        rows.sort(key=lambda r: (r.score.vetoed, -r.score.total, r.agreement.owner_name))
        _number(rows, key=lambda r: (r.score.vetoed, r.score.total))
        for row in rows:
            row.of = len(rows)
    return out


def _number(rows: list, key) -> None:
    previous, rank = object(), 0
    for i, row in enumerate(rows, start=1):
        value = key(row)
        if value != previous:
            rank, previous = i, value
        row.rank = rank
    if len(rows) > 1:
        last = rows[-1].rank
        for row in rows:
            row.is_last = row.rank == last and last > 1


def own_rank(agreement: Agreement, today: dt.date) -> Ranked | None:
    """The agreement's place in its issuer's ranking (what its owner's staff see)."""
    if agreement.issuer is None:
        return None
    rows = ranking(agreement.issuer, agreement.year, today)
    key = "regions" if agreement.region_id else "units"
    found = [r for r in rows[key] if r.agreement.pk == agreement.pk]
    if not found:
        return None
    return found[0]


@dataclass
class PerCapita:
    region: Region
    persons: float
    per_10k: float | None
    abnormal: float  # 进京非正常访 人次
    abnormal_per_10k: float | None
    rank: int = 0
    is_last: bool = False


def per_capita(issuer: Region, year: int, today: dt.date) -> list[PerCapita]:
    """The regions directly below `issuer` by 信访总量 人次 per 10,000 inhabitants, lowest
    first (the best); a region without a population figure comes last, unranked. The
    进京非正常访 per 10,000 stands beside it (the province ranks cities by both)."""
    rows = []
    for child, figures in stats.volumes_by_child(issuer, year_to(year, today)):
        if child.pk == issuer.pk:
            continue
        persons = figures["total_persons"]
        abnormal = figures["national_abnormal_persons"]
        rows.append(
            PerCapita(
                child,
                persons,
                stats.per_10k(persons, child),
                abnormal,
                stats.per_10k(abnormal, child),
            )  # fmt: skip
        )
    ranked = sorted(
        (r for r in rows if r.per_10k is not None), key=lambda r: (r.per_10k, r.region.code)
    )
    _number(ranked, key=lambda r: r.per_10k)
    return ranked + [r for r in rows if r.per_10k is None]


def own_per_capita(region: Region, year: int, today: dt.date) -> tuple[PerCapita, int] | None:
    """`region`'s row in its parent's per-capita ranking, and how many regions are ranked."""
    if region.parent is None:
        return None
    rows = per_capita(region.parent, year, today)
    ranked = [r for r in rows if r.rank]
    for row in rows:
        if row.region.pk == region.pk:
            return row, len(ranked)
    return None


def default_year(user, today: dt.date) -> int:
    """The latest year of an agreement the user sees, else this year."""
    latest = visible_agreements(user).order_by("-year").values_list("year", flat=True).first()
    return latest or today.year
