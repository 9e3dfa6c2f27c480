"""Village projects a unit is attached to (挂点项目): the works in resettlement villages
(旧房改造, 村屯道路, 排水, 挡土墙 …) whose progress the resettlement bureau reports
("旧房改造全部37户完成11户"), the issues residents raise about them, dated progress entries
with photos, and the disputes and petition matters they gave rise to.

A feature on top of the case core and the dispute ledger; neither knows these tables exist.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class ProjectKind(models.TextChoices):
    """项目类型, as the resettlement bureau's summary names them."""

    HOUSING = "housing", "旧房改造"
    ROAD = "road", "村屯道路"
    DRAINAGE = "drainage", "排水"
    RETAINING_WALL = "retaining_wall", "挡土墙"
    INFRASTRUCTURE = "infrastructure", "基础设施"
    OTHER = "other", "其他"


class Measure(models.TextChoices):
    """The unit the planned and done quantities are counted in."""

    HOUSEHOLDS = "households", "户"
    METRES = "metres", "米"
    SITES = "sites", "处"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "规划"
    UNDER_WAY = "under_way", "实施中"
    DONE = "done", "已完工"
    PAUSED = "paused", "暂停"


class Project(models.Model):
    """One project in one village or team (村/组), attached to one unit (挂点单位).

    `done` is the quantity finished so far, as the latest progress entry left it; status
    changes go through `machine.advance`.
    """

    unit = models.ForeignKey(
        "regions.Unit", models.PROTECT, related_name="+", verbose_name="挂点单位"
    )
    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name="所在区划"
    )
    place = models.CharField("村（屯）组", max_length=80, help_text="如：牛麻村牛麻一队移民新村")
    name = models.CharField("项目名称", max_length=120)
    kind = models.CharField("项目类型", max_length=20, choices=ProjectKind.choices)
    measure = models.CharField("计量单位", max_length=12, choices=Measure.choices)
    planned = models.PositiveIntegerField("计划量")
    done = models.PositiveIntegerField("完成量", default=0)
    status = models.CharField(
        "状态", max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    started_on = models.DateField("开工日期", null=True, blank=True)
    finished_on = models.DateField("完工日期", null=True, blank=True)
    description = models.TextField("项目概况", blank=True)
    disputes = models.ManyToManyField(
        "disputes.Dispute", blank=True, related_name="+", verbose_name="关联矛盾纠纷"
    )
    matters = models.ManyToManyField(
        "petitions.Matter", blank=True, related_name="+", verbose_name="关联信访事项"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        ordering = ["region__code", "place", "id"]
        verbose_name = verbose_name_plural = "挂点项目"
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["region"])]

    def __str__(self) -> str:
        return f"{self.place}{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0


class ProgressEntry(models.Model):
    """A dated progress entry (进度): what was done, and the quantity finished by that day."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="progress")
    on = models.DateField("日期")
    done = models.PositiveIntegerField("累计完成量")
    text = models.CharField("进展情况", max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = verbose_name_plural = "项目进度"

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.text[:20]}"


class Photo(models.Model):
    """A site photo of a progress entry, stored as petition attachments are (generated names
    under ATTACHMENT_ROOT, content checked against the extension)."""

    entry = models.ForeignKey(ProgressEntry, models.CASCADE, related_name="photos")
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=80, unique=True)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "现场照片"

    def __str__(self) -> str:
        return self.original_name


class IssueStatus(models.TextChoices):
    OPEN = "open", "待解决"
    RESOLVED = "resolved", "已解决"


class ResidentIssue(models.Model):
    """An issue residents raised about the project (群众反映的问题: 要求变更排水沟, 增加挡土墙 …)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="issues")
    raised_on = models.DateField("反映日期")
    raised_by = models.CharField("反映人", max_length=60)
    text = models.CharField("问题", max_length=500)
    status = models.CharField(
        "状态", max_length=10, choices=IssueStatus.choices, default=IssueStatus.OPEN
    )
    answer = models.CharField("解决情况", max_length=500, blank=True)
    resolved_on = models.DateField("解决日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["status", "-raised_on", "-id"]
        verbose_name = verbose_name_plural = "群众反映问题"

    def __str__(self) -> str:
        return self.text[:30]
