"""The dispute screening ledger (矛盾纠纷排查化解台账): disputes townships and units find before
they become petitions, the dated measures taken on each, and the monthly reports (月报表)
townships send upward.

A feature on top of the case core: a dispute that turns into a petition keeps a link to it,
the core does not know these tables exist.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse


class DisputeKind(models.TextChoices):
    """纠纷类型, the kinds a township's ledger and the resettlement bureau's screening use."""

    LAND_TAKING = "land_taking", "征地拆迁"
    RESETTLEMENT = "resettlement", "移民安置"
    LAND_RIGHTS = "land_rights", "土地山林权属"
    FAMILY = "family", "婚姻家庭"
    NEIGHBOURS = "neighbours", "邻里纠纷"
    LABOUR = "labour", "劳资纠纷"
    CONSTRUCTION = "construction", "工程建设"
    POLLUTION = "pollution", "环境污染"
    OTHER = "other", "其他"


class Risk(models.TextChoices):
    """风险等级: how likely the dispute is to escalate (集体访, 越级访, 群体事件)."""

    HIGH = "high", "高"
    MEDIUM = "medium", "中"
    LOW = "low", "低"


class DisputeStatus(models.TextChoices):
    SCREENED = "screened", "排查"
    RESOLVING = "resolving", "化解中"
    RESOLVED = "resolved", "已化解"
    CONVERTED = "converted", "转入信访"


class Dispute(models.Model):
    """One dispute (矛盾纠纷) on a ledger. Status changes go through `machine.advance`; each
    status keeps the date it was reached, so a month's report can be drawn up afterwards."""

    unit = models.ForeignKey(
        "regions.Unit", models.PROTECT, related_name="+", verbose_name="填报单位"
    )
    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name="所在区划"
    )
    place = models.CharField("村（社区）组", max_length=80, blank=True)
    found_on = models.DateField("排查日期")
    title = models.CharField("纠纷概要", max_length=120)
    details = models.TextField("基本情况", blank=True)
    parties = models.CharField("当事人", max_length=300)
    kind = models.CharField("纠纷类型", max_length=20, choices=DisputeKind.choices)
    people = models.PositiveIntegerField("涉及人数")
    risk = models.CharField("风险等级", max_length=10, choices=Risk.choices)
    measures = models.TextField("化解措施", blank=True)
    responsible_person = models.CharField("责任人", max_length=40)
    responsible_unit = models.CharField("责任单位", max_length=80)
    status = models.CharField(
        "状态", max_length=12, choices=DisputeStatus.choices, default=DisputeStatus.SCREENED
    )
    resolving_on = models.DateField("开始化解日期", null=True, blank=True)
    resolved_on = models.DateField("化解日期", null=True, blank=True)
    converted_on = models.DateField("转入信访日期", null=True, blank=True)
    petition = models.ForeignKey(
        "petitions.Petition",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="转入的信访件",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    recorded_at = models.DateTimeField("登记时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = verbose_name_plural = "矛盾纠纷"
        indexes = [
            models.Index(fields=["unit", "found_on"]),
            models.Index(fields=["region", "found_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.found_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("disputes:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (DisputeStatus.SCREENED, DisputeStatus.RESOLVING)


class DisputeMeasure(models.Model):
    """A dated measure taken on a dispute (化解措施: a visit, a mediation, an agreement)."""

    dispute = models.ForeignKey(Dispute, models.CASCADE, related_name="history")
    done_on = models.DateField("日期")
    text = models.CharField("措施", max_length=500)
    done_by = models.CharField("实施人", max_length=60)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["done_on", "id"]
        verbose_name = verbose_name_plural = "化解措施"

    def __str__(self) -> str:
        return f"{self.done_on:%Y-%m-%d} {self.text[:20]}"


class MonthlyReport(models.Model):
    """A township's monthly report (月报表) as submitted: the figures frozen when it was sent."""

    unit = models.ForeignKey(
        "regions.Unit", models.PROTECT, related_name="+", verbose_name="填报单位"
    )
    month = models.DateField("月份", help_text="该月第一天")
    figures = models.JSONField("报表数据")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="填报人"
    )
    submitted_at = models.DateTimeField("上报时间")

    class Meta:
        ordering = ["-month", "unit__name"]
        verbose_name = verbose_name_plural = "矛盾纠纷月报表"
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="one_dispute_report_a_month")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y年%m月}"


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)
