"""Every write of target agreements (目标责任状) and their scoring rules (考核细则).

Goals are written through `stats.actions.set_target` / `remove_target`, so the statistics
read the same rows. Each action checks who may act (admins and supervisors, for the
agreements their region issues and those below it), validates with Chinese messages and
runs in one transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction

from xinfang.assessment import queries
from xinfang.assessment.models import Agreement, ScoringRule
from xinfang.lib.errors import Invalid, NotAllowed
from xinfang.regions.models import Region, Unit
from xinfang.stats import actions as stats_actions
from xinfang.stats.models import RATE_INDICATORS, Comparator, Indicator, Target

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_COUNT = Decimal(10_000_000)
MAX_POINTS = Decimal(1000)

# The seed's goals (the city report's 具体目标 and the province's 控制指标): indicator →
# (comparator, value). The 总量 ceiling differs per owner and is set with it.
SEED_GOALS = {
    Indicator.NATIONAL_ABNORMAL_PERSONS: (Comparator.AT_MOST, 80),
    Indicator.REPEAT_ABNORMAL_PERSONS: (Comparator.AT_MOST, 36),
    Indicator.FIRST_TIME_CLOSED_RATE: (Comparator.AT_LEAST, 98),
    Indicator.ON_TIME_RATE: (Comparator.EXACTLY, 100),
    Indicator.SETTLED_RATE: (Comparator.AT_LEAST, 95),
    Indicator.REPEAT_RATE: (Comparator.AT_MOST, 5),
}


def _check_manager(actor) -> None:
    if not queries.may_manage(actor):
        raise NotAllowed("只有管理员或督查人员可以管理目标责任状")


def _check_year(year, errors: dict) -> None:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = [f"年度应在{FIRST_YEAR}至{LAST_YEAR}之间"]


def _header(values: dict, errors: dict) -> dict:
    clean = {
        "title": (values.get("title") or "").strip(),
        "issuer_name": (values.get("issuer_name") or "").strip(),
        "responsible": (values.get("responsible") or "").strip(),
        "signed_on": values.get("signed_on"),
        "note": (values.get("note") or "").strip(),
    }
    if not 2 <= len(clean["title"]) <= 80:
        errors["title"] = ["请填写名称（2至80字）"]
    if not 2 <= len(clean["issuer_name"]) <= 80:
        errors["issuer_name"] = ["请填写下达单位（2至80字）"]
    if len(clean["responsible"]) > 80:
        errors["responsible"] = ["责任人不超过80字"]
    if clean["signed_on"] is not None and not isinstance(clean["signed_on"], dt.date):
        errors["signed_on"] = ["请填写正确的签订日期"]
    if len(clean["note"]) > 2000:
        errors["note"] = ["考核要求不超过2000字"]
    return clean


def _owner_fields(owner) -> dict:
    if isinstance(owner, Region):
        return {"region": owner, "unit": None}
    if isinstance(owner, Unit):
        return {"region": None, "unit": owner}
    raise Invalid({"owner": ["请选择责任地区或责任单位"]})


def _exists(year: int, owner: dict) -> bool:
    return Agreement.objects.filter(year=year, **owner).exists()


@transaction.atomic
def create_agreement(actor, *, year: int, owner, at: dt.datetime, **values) -> Agreement:
    """A new agreement for `owner` (a region or a unit) and `year`, without goals yet."""
    _check_manager(actor)
    errors: dict[str, list[str]] = {}
    _check_year(year, errors)
    fields = _owner_fields(owner)
    clean = _header(values, errors)
    draft = Agreement(year=year, **fields)
    if draft.issuer is None or not queries.within(actor, draft.issuer):
        errors["owner"] = ["只能为本辖区的下级地区或单位签订目标责任状"]
    elif "year" not in errors and _exists(year, fields):
        errors["owner"] = [f"{owner.name}{year}年度的目标责任状已存在"]
    if errors:
        raise Invalid(errors)
    return Agreement.objects.create(
        year=year, **fields, **clean, created_by=actor, created_at=at, updated_at=at
    )


@transaction.atomic
def update_agreement(actor, agreement: Agreement, *, at: dt.datetime, **values) -> Agreement:
    """Change the agreement's title, parties, date or requirements."""
    _check_writer(actor, agreement)
    errors: dict[str, list[str]] = {}
    clean = _header(values, errors)
    if errors:
        raise Invalid(errors)
    for name, value in clean.items():
        setattr(agreement, name, value)
    agreement.updated_at = at
    agreement.save()
    return agreement


def _check_writer(actor, agreement: Agreement) -> None:
    if not queries.may_manage_agreement(actor, agreement):
        raise NotAllowed("只能管理本辖区下达的目标责任状")


def _decimal(value, field: str, errors: dict) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors[field] = ["请填写数字"]
        return None
    if not number.is_finite():
        errors[field] = ["请填写数字"]
        return None
    return number


def _check_goal(indicator, comparator, value, monthly) -> tuple[Decimal, dict[int, float]]:
    errors: dict[str, list[str]] = {}
    if indicator not in Indicator.values:
        errors["indicator"] = ["请选择考核指标"]
    if comparator not in Comparator.values:
        errors["comparator"] = ["请选择要求（≤、≥ 或 =）"]
    number = _decimal(value, "value", errors)
    is_rate = indicator in RATE_INDICATORS
    if number is not None:
        if number < 0:
            errors["value"] = ["目标值不能为负数"]
        elif is_rate and number > 100:
            errors["value"] = ["比率的目标值应在0至100（%）之间"]
        elif not is_rate and (number != number.to_integral_value() or number > MAX_COUNT):
            errors["value"] = ["人次、批次的目标值应为整数"]
    months: dict[int, float] = {}
    for key, amount in (monthly or {}).items():
        if amount in (None, ""):
            continue
        month = int(key)
        quota = _decimal(amount, "monthly", errors)
        if quota is None:
            break
        if not 1 <= month <= 12 or quota < 0 or quota != quota.to_integral_value():
            errors["monthly"] = ["分月指标应为1至12月的非负整数"]
            break
        months[month] = float(quota)
    if months and "monthly" not in errors:
        if is_rate or comparator != Comparator.AT_MOST:
            errors["monthly"] = ["只有数量上限（≤ 人次、批次）的指标可以分解到月份"]
        elif len(months) != 12:
            errors["monthly"] = ["分解到月份时请填写全部12个月"]
        elif number is not None and Decimal(str(sum(months.values()))) != number:
            total = f"{sum(months.values()):g}"
            errors["monthly"] = [f"12个月合计{total}，应等于全年目标值{number.normalize():f}"]
    if errors:
        raise Invalid(errors)
    return number, months


@transaction.atomic
def set_goal(
    actor, agreement: Agreement, *, indicator: str, comparator: str, value,
    monthly: dict[int, float] | None = None, note: str = "", at: dt.datetime,
) -> Target:  # fmt: skip
    """Set (or replace) one goal of the agreement: a `stats.Target` of its owner and year."""
    _check_writer(actor, agreement)
    number, months = _check_goal(indicator, comparator, value, monthly)
    note = (note or "").strip()
    if len(note) > 200:
        raise Invalid({"note": ["说明不超过200字"]})
    agreement.updated_at = at
    agreement.save(update_fields=["updated_at"])
    return stats_actions.set_target(
        actor, year=agreement.year, region=agreement.region, unit=agreement.unit,
        indicator=indicator, comparator=comparator, value=number, monthly=months, note=note,
        at=at,
    )  # fmt: skip


@transaction.atomic
def remove_goal(actor, agreement: Agreement, indicator: str, *, at: dt.datetime) -> None:
    _check_writer(actor, agreement)
    goal = agreement.goals().filter(indicator=indicator).first()
    if goal is None:
        raise Invalid({"indicator": ["该目标责任状没有这项指标"]})
    stats_actions.remove_target(actor, goal)
    agreement.updated_at = at
    agreement.save(update_fields=["updated_at"])


@transaction.atomic
def copy_agreement(actor, agreement: Agreement, *, year: int, at: dt.datetime) -> Agreement:
    """The same owner's agreement for `year` with the same goals (沿用上年目标责任状):
    the title's year follows, every goal and month split is copied."""
    _check_writer(actor, agreement)
    errors: dict[str, list[str]] = {}
    _check_year(year, errors)
    if not errors and year == agreement.year:
        errors["year"] = ["请选择另一个年度"]
    owner = {"region": agreement.region, "unit": agreement.unit}
    if not errors and _exists(year, owner):
        errors["year"] = [f"{agreement.owner_name}{year}年度的目标责任状已存在"]
    if errors:
        raise Invalid(errors)
    copy = Agreement.objects.create(
        year=year, **owner, title=agreement.title.replace(str(agreement.year), str(year)),
        issuer_name=agreement.issuer_name, responsible=agreement.responsible, signed_on=None,
        note=agreement.note, created_by=actor, created_at=at, updated_at=at,
    )  # fmt: skip
    for goal in agreement.goals():
        stats_actions.set_target(
            actor, year=year, region=goal.region, unit=goal.unit, indicator=goal.indicator,
            comparator=goal.comparator, value=goal.value,
            monthly={int(k): v for k, v in goal.monthly.items()}, note=goal.note, at=at,
        )  # fmt: skip
    return copy


# ---- scoring rules --------------------------------------------------------------------


def _check_rule_writer(actor, region: Region) -> None:
    if not queries.may_set_rules(actor, region):
        raise NotAllowed("只能设置本辖区的考核评分细则")


@transaction.atomic
def set_rule(
    actor, *, region: Region, year: int, indicator: str, weight, deduction=0,
    is_veto: bool = False, note: str = "", at: dt.datetime,
) -> ScoringRule:  # fmt: skip
    """Set (or replace) how `indicator` scores in the agreements `region` issues for `year`."""
    _check_rule_writer(actor, region)
    errors: dict[str, list[str]] = {}
    _check_year(year, errors)
    if indicator not in Indicator.values:
        errors["indicator"] = ["请选择考核指标"]
    points = _decimal(weight, "weight", errors)
    if points is not None and not Decimal(0) < points <= MAX_POINTS:
        errors["weight"] = [f"分值应大于0且不超过{MAX_POINTS}"]
    per_unit = _decimal(deduction if deduction not in (None, "") else 0, "deduction", errors)
    if per_unit is not None and not Decimal(0) <= per_unit <= MAX_POINTS:
        errors["deduction"] = [f"扣分标准应在0至{MAX_POINTS}之间"]
    note = (note or "").strip()
    if len(note) > 200:
        errors["note"] = ["说明不超过200字"]
    if errors:
        raise Invalid(errors)
    rule, _ = ScoringRule.objects.update_or_create(
        year=year, region=region, indicator=indicator,
        defaults={
            "weight": points, "deduction": per_unit, "is_veto": bool(is_veto), "note": note,
            "set_by": actor, "set_at": at,
        },
    )  # fmt: skip
    return rule


@transaction.atomic
def remove_rule(actor, rule: ScoringRule) -> None:
    _check_rule_writer(actor, rule.region)
    rule.delete()


@transaction.atomic
def copy_rules(actor, *, region: Region, from_year: int, to_year: int, at: dt.datetime) -> int:
    """Copy `from_year`'s rules of `region` to `to_year` (replacing any there); how many."""
    _check_rule_writer(actor, region)
    rules = list(ScoringRule.objects.filter(region=region, year=from_year))
    if not rules:
        raise Invalid({"year": [f"{from_year}年没有可沿用的考核评分细则"]})
    for rule in rules:
        set_rule(
            actor, region=region, year=to_year, indicator=rule.indicator, weight=rule.weight,
            deduction=rule.deduction, is_veto=rule.is_veto, note=rule.note, at=at,
        )  # fmt: skip
    return len(rules)
