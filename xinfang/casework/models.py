"""Leadership casework: leaders (领导), their cases (领导包案) and instructions (批示).

Built on the case core (matters, the timeline, the calendar), never threaded through it:
the core does not know these tables exist.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class LeaderLevel(models.TextChoices):
    """A leader's level (级别), from the top down."""

    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡级"


class Leader(models.Model):
    """A leader who owns cases and writes instructions, with their login when they use
    the system (an account with the leader role, whose scope is the leader's region)."""

    name = models.CharField("姓名", max_length=40)
    post = models.CharField("职务", max_length=60)
    level = models.CharField("级别", max_length=10, choices=LeaderLevel.choices)
    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name="所在地区"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="leader",
        verbose_name="登录账号",
        help_text="领导本人使用系统时填写；账号角色须为“领导”",
    )
    is_active = models.BooleanField("在任", default=True)

    class Meta:
        ordering = ["region__code", "level", "name"]
        verbose_name = verbose_name_plural = "领导"

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"

    def get_absolute_url(self) -> str:
        return reverse("casework:leader_edit", args=[self.pk])


class TargetMeasure(models.TextChoices):
    """How the owner's target was given: a number of working days, or a date."""

    WORKDAYS = "workdays", "工作日"
    DATE = "date", "指定日期"


class Ownership(models.Model):
    """领导包案: a leader owns a matter, with a co-responsible unit and a target date.

    One current owner per matter (ended_at is NULL); taking the matter over ends the
    previous ownership, which stays as history.
    """

    matter = models.ForeignKey(
        "petitions.Matter", models.PROTECT, related_name="+", verbose_name="信访事项"
    )
    leader = models.ForeignKey(
        Leader, models.PROTECT, related_name="ownerships", verbose_name="包案领导"
    )
    unit = models.ForeignKey(
        "regions.Unit", models.PROTECT, related_name="+", verbose_name="共同责任单位"
    )
    started_on = models.DateField("包案日期")
    target_on = models.DateField("办结期限")
    # Kept as given, so the page can say "20个工作日" and why the date is what it is.
    target_measure = models.CharField(
        "期限方式", max_length=10, choices=TargetMeasure.choices, default=TargetMeasure.DATE
    )
    target_workdays = models.PositiveSmallIntegerField("工作日数", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间")
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "领导包案"
        constraints = [
            models.UniqueConstraint(
                fields=["matter"],
                condition=models.Q(ended_at__isnull=True),
                name="one_current_owner_per_matter",
            )
        ]
        indexes = [models.Index(fields=["leader", "started_on"])]

    def __str__(self) -> str:
        return f"{self.leader.name} 包案 {self.matter.number}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None


class Instruction(models.Model):
    """批示: a leader's instruction on a matter, answered by the case's handlers when an
    answer is asked for (answer_by); the tick escalates one left unanswered past its date."""

    matter = models.ForeignKey(
        "petitions.Matter", models.PROTECT, related_name="+", verbose_name="信访事项"
    )
    leader = models.ForeignKey(
        Leader, models.PROTECT, related_name="instructions", verbose_name="批示领导"
    )
    # 批阅: the letter the leader read and instructed on; empty for a 批示 on the matter.
    petition = models.ForeignKey(
        "petitions.Petition",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批阅的来信",
    )
    text = models.TextField("批示内容")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="录入人"
    )
    written_at = models.DateTimeField("批示时间")
    answer_by = models.DateField("要求回复日期", null=True, blank=True)
    answer = models.TextField("回复内容", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="回复人",
    )
    answered_at = models.DateTimeField("回复时间", null=True, blank=True)
    escalated_at = models.DateTimeField("超期提醒时间", null=True, blank=True)
    # The tick's claim token (see xinfang.workflow.tick): two workers never remind twice.
    claim = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = verbose_name_plural = "领导批示"
        indexes = [
            models.Index(fields=["leader", "written_at"]),
            models.Index(
                fields=["answer_by"],
                name="instruction_waiting",
                condition=models.Q(answered_at__isnull=True, answer_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader.name} 批示 {self.matter.number}"

    @property
    def is_reading(self) -> bool:
        """批阅 (a letter read and instructed on), not a 批示 on the matter."""
        return self.petition_id is not None

    @property
    def awaits_answer(self) -> bool:
        return self.answer_by is not None and self.answered_at is None


class Handover(models.Model):
    """交办: a leader hands a batch of matters to leaders below, each to report back on
    what was done by the batch's date (向县市区党政一把手交办)."""

    title = models.CharField("批次名称", max_length=80)
    leader = models.ForeignKey(
        Leader, models.PROTECT, related_name="handovers_given", verbose_name="交办领导"
    )
    note = models.TextField("交办要求", blank=True)
    report_by = models.DateField("报告期限")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("交办时间")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "交办批次"
        indexes = [models.Index(fields=["leader", "created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("casework:handover", args=[self.pk])


class HandoverItem(models.Model):
    """One matter of a 交办 batch, with the leader who receives it and their report back."""

    handover = models.ForeignKey(
        Handover, models.CASCADE, related_name="items", verbose_name="交办批次"
    )
    matter = models.ForeignKey(
        "petitions.Matter", models.PROTECT, related_name="+", verbose_name="信访事项"
    )
    leader = models.ForeignKey(
        Leader, models.PROTECT, related_name="handovers_received", verbose_name="承接领导"
    )
    report = models.TextField("办理情况报告", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField("报告时间", null=True, blank=True)
    reminded_at = models.DateTimeField("超期提醒时间", null=True, blank=True)
    # The tick's claim token, as Instruction.claim.
    claim = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        ordering = ["handover", "pk"]
        verbose_name = verbose_name_plural = "交办事项"
        constraints = [
            models.UniqueConstraint(fields=["handover", "matter"], name="one_item_per_matter")
        ]
        indexes = [models.Index(fields=["leader", "reported_at"])]

    def __str__(self) -> str:
        return f"{self.handover.title}：{self.matter.number}"
