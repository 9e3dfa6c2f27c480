"""Backlog work: 积案 (long-unresolved matters), their follow-up plans, the 老户 service flag
and 积案化解 campaigns (e.g. 信访积案化解百日会战).

Built on the case core and on leadership casework (a campaign case's owner is a casework
Leader); the core does not know these tables exist.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class Ending(models.TextChoices):
    """How a 积案 ended (多渠道终结)."""

    LAW = "law", "依法终结"
    SUSPENDED = "suspended", "程序中止"
    AGREEMENT = "agreement", "协议化解"
    HEARING = "hearing", "听证终结"
    AID = "aid", "救助息访"


class Backlog(models.Model):
    """积案: a matter marked as long unresolved, until it ends (化解) one of the five ways.

    One open mark per matter (ended_on is NULL); an ended mark stays as history, and the
    matter may be marked again if it comes back.
    """

    matter = models.ForeignKey(
        "petitions.Matter", models.PROTECT, related_name="+", verbose_name="信访事项"
    )
    reason = models.CharField("列为积案原因", max_length=300)
    marked_on = models.DateField("列为积案日期")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="登记人"
    )
    marked_at = models.DateTimeField("登记时间")
    ending = models.CharField("终结方式", max_length=12, choices=Ending.choices, blank=True)
    ended_on = models.DateField("化解日期", null=True, blank=True)
    ending_note = models.CharField("化解情况", max_length=300, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField("销号时间", null=True, blank=True)

    class Meta:
        ordering = ["marked_on", "pk"]
        verbose_name = verbose_name_plural = "信访积案"
        constraints = [
            models.UniqueConstraint(
                fields=["matter"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_backlog_per_matter",
            )
        ]
        indexes = [models.Index(fields=["ending", "ended_on"])]

    def __str__(self) -> str:
        return f"积案 {self.matter.number}"

    def get_absolute_url(self) -> str:
        return reverse("backlog:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class FollowUpKind(models.TextChoices):
    VISIT = "visit", "回访"
    CALL = "call", "电话回访"
    HELP = "help", "帮扶"


class FollowUp(models.Model):
    """One item of an open 积案's follow-up plan (积案跟踪帮扶): a visit, a call or help, due
    on a working day of the project's calendar; the tick reminds once when it is late."""

    backlog = models.ForeignKey(
        Backlog, models.CASCADE, related_name="follow_ups", verbose_name="积案"
    )
    kind = models.CharField("方式", max_length=8, choices=FollowUpKind.choices)
    plan = models.CharField("计划内容", max_length=300)
    due_on = models.DateField("计划完成日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="制定人"
    )
    created_at = models.DateTimeField("制定时间")
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_note = models.CharField("完成情况", max_length=300, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField("超期提醒时间", null=True, blank=True)
    # The tick's claim token (see casework.Instruction.claim): two workers never remind twice.
    claim = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = verbose_name_plural = "积案跟踪计划"
        indexes = [
            models.Index(
                fields=["due_on"],
                name="follow_up_waiting",
                condition=models.Q(done_on__isnull=True, reminded_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%Y-%m-%d}"


class LongTermPetitioner(models.Model):
    """老户: a service flag on a petitioner as recorded on one petition, so that staff who may
    see that case know the person needs patient, continued help (第37条).

    Not a list of people: it is shown only on the pages of cases the reader may already see,
    never on the portal or the API, and there is no page listing the flagged.
    """

    petitioner = models.OneToOneField(
        "petitions.Petitioner", models.CASCADE, related_name="+", verbose_name="信访人"
    )
    note = models.CharField("帮扶说明", max_length=200, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="登记人"
    )
    marked_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = verbose_name_plural = "信访老户标记"

    def __str__(self) -> str:
        return "老户"


class Campaign(models.Model):
    """A 积案化解 campaign (e.g. 信访积案化解百日会战): dates, a region and the 积案 in it."""

    name = models.CharField("名称", max_length=60)
    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name="地区"
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField("创建时间")

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = verbose_name_plural = "积案化解活动"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("backlog:campaign", args=[self.pk])


class CampaignCase(models.Model):
    """A 积案 listed in a campaign, with the leader answerable for it (包案责任人)."""

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="cases", verbose_name="活动"
    )
    backlog = models.ForeignKey(
        Backlog, models.PROTECT, related_name="campaign_cases", verbose_name="积案"
    )
    owner = models.ForeignKey(
        "casework.Leader", models.PROTECT, related_name="+", verbose_name="包案责任人"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    added_at = models.DateTimeField("列入时间")

    class Meta:
        ordering = ["pk"]
        verbose_name = verbose_name_plural = "活动积案"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "backlog"], name="one_listing_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.backlog}"
