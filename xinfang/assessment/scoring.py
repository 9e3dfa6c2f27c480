"""The assessment score (考核得分) of an agreement from its goals' progress and the rules.

1. Each goal with a rule starts from the rule's weight (分值).
2. Its miss is how far the figure is past the goal: 人次 over a ceiling — over the months'
   quotas to date when the year is split by month (量化到月份), else over the year's —
   or percentage points short of a rate's floor (or off an exact aim).
3. It loses `deduction` points per unit of miss, down to zero.
4. A veto goal (一票否决) past its year's limit zeroes the whole score.
A goal without data (no clock yet due) keeps its points; a goal without a rule scores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xinfang.assessment.models import ScoringRule
from xinfang.stats.models import Comparator
from xinfang.stats.targets import TargetProgress


@dataclass
class GoalScore:
    progress: TargetProgress
    rule: ScoringRule | None
    miss: float  # past the goal, in the goal's measure (0 when met)
    breached: bool  # past the year's limit
    points: float

    @property
    def lost(self) -> float:
        """Points deducted (扣分)."""
        return round(float(self.rule.weight) - self.points, 2) if self.rule else 0.0

    @property
    def vetoes(self) -> bool:
        return bool(self.rule and self.rule.is_veto and self.breached)


@dataclass
class Score:
    goals: list[GoalScore] = field(default_factory=list)
    total: float = 0.0
    maximum: float = 0.0
    vetoed: bool = False

    @property
    def veto_labels(self) -> list[str]:
        return [g.progress.target.get_indicator_display() for g in self.goals if g.vetoes]


def _miss(item: TargetProgress) -> tuple[float, bool]:
    """(miss against the limit to date, breached the year's limit)."""
    actual, limit = item.actual, item.limit
    if actual is None:
        return 0.0, False
    if item.comparator == Comparator.AT_MOST:
        allowed = item.quota_to_date if item.quota_to_date is not None else limit
        return max(0.0, actual - allowed), actual > limit
    if item.comparator == Comparator.AT_LEAST:
        return max(0.0, limit - actual), actual < limit
    return abs(limit - actual), actual != limit


def score(items: list[TargetProgress], rules: dict[str, ScoringRule]) -> Score:
    out = Score()
    for item in items:
        rule = rules.get(item.target.indicator)
        miss, breached = _miss(item)
        points = 0.0
        if rule is not None:
            weight = float(rule.weight)
            points = max(0.0, weight - float(rule.deduction) * miss)
            out.maximum += weight
        out.goals.append(GoalScore(item, rule, round(miss, 2), breached, round(points, 2)))
    out.vetoed = any(g.vetoes for g in out.goals)
    out.total = 0.0 if out.vetoed else round(sum(g.points for g in out.goals), 2)
    out.maximum = round(out.maximum, 2)
    return out
