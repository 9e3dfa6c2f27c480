"""Sensitive periods (特护期): 全国两会, 春节, 清明, major meetings. During one, each county
concerned watches its daily figures against lower warning thresholds than usual and sends a
daily report (每日报告) by a deadline time, a 零报告 ("no incident") when nothing happened.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse


class PeriodKind(models.TextChoices):
    TWO_SESSIONS = "two_sessions", "全国两会"
    SPRING_FESTIVAL = "spring_festival", "春节"
    QINGMING = "qingming", "清明"
    MEETING = "meeting", "重大会议"
    OTHER = "other", "其他"


class SensitivePeriod(models.Model):
    """A 特护期: its days, the regions concerned, its warning thresholds and report deadline.

    A region concerned is a county (reports for itself) or the city (each county below it
    reports). The thresholds are per county and day; a figure at or above one is a warning.
    """

    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=20, choices=PeriodKind.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    regions = models.ManyToManyField("regions.Region", related_name="+", verbose_name="涉及地区")
    report_deadline = models.TimeField("每日报送截止时间", default=dt.time(16, 0))
    persons_warning = models.PositiveIntegerField("人次预警值（每县每日）", default=20)
    collective_warning = models.PositiveIntegerField("集体访预警值（批次，每县每日）", default=1)
    overlevel_warning = models.PositiveIntegerField("越级/进京预警值（批次，每县每日）", default=1)
    note = models.CharField("工作要求", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField("创建时间")

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = verbose_name_plural = "特护期"
        indexes = [models.Index(fields=["ends_on", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.starts_on:%m-%d}至{self.ends_on:%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("periods:detail", args=[self.pk])

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class DailyReport(models.Model):
    """A county's daily report (每日报告) for one day of a period: a 零报告 or the incidents,
    with the day's figures as they stood when it was sent."""

    period = models.ForeignKey(SensitivePeriod, models.CASCADE, related_name="reports")
    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name="县市区"
    )
    day = models.DateField("报告日期")
    is_zero_report = models.BooleanField("零报告", default=False)
    incidents = models.TextField("情况报告", blank=True)
    measures = models.TextField("采取措施", blank=True)
    figures = models.JSONField("当日数据", default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="报送人"
    )
    submitted_at = models.DateTimeField("报送时间")

    class Meta:
        ordering = ["-day", "region__code"]
        verbose_name = verbose_name_plural = "特护期每日报告"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "region", "day"], name="one_report_per_county_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.day:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("periods:report", args=[self.pk])
