"""Target agreements (目标责任状) and the rules that score them (考核评分细则).

An agreement names an owner (a region — a county or a township — or a unit) and a year;
its goals are the `stats.Target` rows of that owner and year, so the statistics dashboard,
the annual report and the agreement read the same targets and the same progress
(`stats.targets.progress`). The issuer of an agreement is the region above its owner (the
city for a county, the county for a township) or, for a unit, the unit's own region; the
issuer's scoring rules for the year score it and rank it among the others it issued.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from xinfang.stats.models import Indicator, Target


class Agreement(models.Model):
    """A yearly target agreement (目标责任状) of a region or a unit."""

    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        "regions.Region", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="责任区划",
    )  # fmt: skip
    unit = models.ForeignKey(
        "regions.Unit", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="责任单位",
    )  # fmt: skip
    title = models.CharField("名称", max_length=80)
    issuer_name = models.CharField("下达单位（甲方）", max_length=80)
    responsible = models.CharField("责任人（乙方）", max_length=80, blank=True)
    signed_on = models.DateField("签订日期", null=True, blank=True)
    note = models.TextField("考核要求", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "目标责任状"
        ordering = ["-year", "region__code", "unit__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, unit__isnull=True)
                | Q(region__isnull=True, unit__isnull=False),
                name="agreement_one_owner",
            ),
            models.UniqueConstraint(
                fields=["year", "region"],
                condition=Q(unit__isnull=True),
                name="one_agreement_per_region",
            ),  # fmt: skip
            models.UniqueConstraint(
                fields=["year", "unit"],
                condition=Q(region__isnull=True),
                name="one_agreement_per_unit",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.owner_name} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:detail", args=[self.pk])

    @property
    def owner_name(self) -> str:
        return self.region.name if self.region_id else self.unit.name

    @property
    def issuer(self):
        """The region that issues (and scores) the agreement."""
        return self.region.parent if self.region_id else self.unit.region

    @property
    def place(self):
        """The region whose figures measure the goals (问题属地): a unit's is its region."""
        return self.region if self.region_id else self.unit.region

    def goals(self):
        return Target.objects.filter(
            year=self.year, region_id=self.region_id, unit_id=self.unit_id
        ).select_related("region", "unit")


class ScoringRule(models.Model):
    """How one indicator scores in the agreements a region issues for a year (考核细则).

    `weight` is the goal's full points; `deduction` the points lost per 人次 (or 批次)
    over a ceiling, or per percentage point short of a rate; a veto (一票否决) goal
    breached for the year zeroes the whole score.
    """

    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name="考核单位（区划）"
    )
    indicator = models.CharField("指标", max_length=40, choices=Indicator.choices)
    weight = models.DecimalField("分值", max_digits=6, decimal_places=2)
    deduction = models.DecimalField("扣分标准", max_digits=6, decimal_places=2, default=0)
    is_veto = models.BooleanField("一票否决", default=False)
    note = models.CharField("说明", max_length=200, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    set_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "考核评分细则"
        ordering = ["year", "region__code", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region", "indicator"], name="one_rule_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region} {self.get_indicator_display()} {self.weight}分"
