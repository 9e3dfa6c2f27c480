"""Joint meetings (信访联席会议) and special groups (专项小组): matters that involve several
departments are discussed together; each decision names a responsible unit and a deadline
in working days (a clock), its follow-up is written on the matter's timeline, and a decision
left late is reminded once by the tick.

A feature on top of the case core; the core does not know these tables exist.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class SpecialGroup(models.Model):
    """专项小组: one per hot class (a content class such as 城乡建设 / 征地拆迁) in a region,
    led by one unit with the member units that work the class's matters together."""

    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name="所属区划"
    )
    content_class = models.ForeignKey(
        "classes.ContentClass", models.PROTECT, related_name="+", verbose_name="热点分类"
    )
    name = models.CharField("小组名称", max_length=80)
    lead_unit = models.ForeignKey(
        "regions.Unit", models.PROTECT, related_name="+", verbose_name="牵头单位"
    )
    members = models.ManyToManyField("regions.Unit", related_name="+", verbose_name="成员单位")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField("成立时间")

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = verbose_name_plural = "专项小组"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "content_class"], name="one_special_group_per_class"
            )
        ]

    def __str__(self) -> str:
        return self.name


class MeetingKind(models.TextChoices):
    JOINT = "joint", "信访联席会议"
    GROUP = "group", "专项小组会议"


class Meeting(models.Model):
    """One sitting of a joint meeting or of a special group."""

    kind = models.CharField("会议类型", max_length=10, choices=MeetingKind.choices)
    group = models.ForeignKey(
        SpecialGroup, models.PROTECT, null=True, blank=True, related_name="meetings",
        verbose_name="专项小组",
    )  # fmt: skip
    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name="所属区划"
    )
    convener = models.ForeignKey(
        "regions.Unit", models.PROTECT, related_name="+", verbose_name="召集单位"
    )
    held_on = models.DateField("会议日期")
    place = models.CharField("会议地点", max_length=80)
    topic = models.CharField("会议议题", max_length=120)
    chair = models.CharField("主持人", max_length=60)
    attendees = models.ManyToManyField("regions.Unit", related_name="+", verbose_name="参会单位")
    summary = models.TextField("会议纪要", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = verbose_name_plural = "联席会议"
        indexes = [models.Index(fields=["region", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    @property
    def title(self) -> str:
        if self.kind == MeetingKind.GROUP and self.group_id:
            return f"{self.group.name}会议"
        return f"{self.region.name}信访联席会议"


class MeetingMatter(models.Model):
    """A petition matter put before the meeting (提交会议研究)."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="items")
    matter = models.ForeignKey("petitions.Matter", models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = verbose_name_plural = "研究事项"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "matter"], name="one_matter_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.matter_id}"


class DecisionStatus(models.TextChoices):
    PENDING = "pending", "待落实"
    UNDER_WAY = "under_way", "落实中"
    DONE = "done", "已落实"


class Decision(models.Model):
    """A decision of the meeting (会议决定), with its responsible unit and its clock: due on
    the `days`-th working day after the meeting."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="decisions")
    matter = models.ForeignKey(
        "petitions.Matter", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="涉及事项",
    )  # fmt: skip
    text = models.CharField("决定事项", max_length=500)
    unit = models.ForeignKey(
        "regions.Unit", models.PROTECT, related_name="+", verbose_name="责任单位"
    )
    days = models.PositiveSmallIntegerField("办理时限（工作日）")
    due_on = models.DateField("办结期限")
    status = models.CharField(
        "落实情况", max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    done_on = models.DateField("落实日期", null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = verbose_name_plural = "会议决定"
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["unit"])]

    def __str__(self) -> str:
        return self.text[:30]


class FollowUp(models.Model):
    """A dated report on a decision's follow-up (落实情况), also on the matter's timeline."""

    decision = models.ForeignKey(Decision, models.CASCADE, related_name="follow_ups")
    on = models.DateField("日期")
    status = models.CharField("落实情况", max_length=10, choices=DecisionStatus.choices)
    text = models.CharField("落实情况说明", max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["on", "id"]
        verbose_name = verbose_name_plural = "决定落实情况"

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_status_display()}"
