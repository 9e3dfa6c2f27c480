"""Aid (救助帮扶) to petitioners in difficulty: money or help from one of several budgets,
approved by a supervisor or, above a configurable amount, by a leader over the place; with
the signed 息访协议 (agreement to stop petitioning) kept as an attachment when there is one.

The recipient's name and the amount are personal data: masked in lists, and every look at
them unmasked is recorded in the audit log (查看记录), as for petitioners' particulars.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class AidSource(models.TextChoices):
    """Which budget the aid came from."""

    PETITION = "petition", "信访救助"
    CIVIL = "civil", "民政"
    JUDICIAL = "judicial", "司法救助"
    POVERTY = "poverty", "扶贫"
    DONATION = "donation", "捐赠"
    OTHER = "other", "其他"


class AidStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "不予批准"


class Aid(models.Model):
    """One aid given (or proposed) to a petitioner: source, amount, date, people helped."""

    matter = models.ForeignKey(
        "petitions.Matter",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="关联信访事项",
    )
    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name="地区"
    )
    source = models.CharField("救助来源", max_length=10, choices=AidSource.choices)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    given_on = models.DateField("救助日期")
    people = models.PositiveIntegerField("救助人数", default=1)
    recipient_name = models.CharField("受助信访人", max_length=80)
    note = models.CharField("救助事由", max_length=300, blank=True)
    # The 息访协议: the petitioner's signed agreement to stop petitioning, as a file.
    has_agreement = models.BooleanField("签订息访协议", default=False)
    agreement_name = models.CharField("协议文件名", max_length=200, blank=True)
    agreement_stored = models.CharField(max_length=80, blank=True)
    agreement_type = models.CharField(max_length=80, blank=True)
    agreement_size = models.PositiveIntegerField(null=True, blank=True)
    agreement_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        "审批状态", max_length=10, choices=AidStatus.choices, default=AidStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    approving_leader = models.ForeignKey(
        "casework.Leader",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批准领导",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = verbose_name_plural = "救助帮扶"
        indexes = [
            models.Index(fields=["given_on"]),
            models.Index(fields=["status", "region"]),
        ]

    def __str__(self) -> str:
        return f"救助 {self.given_on:%Y-%m-%d} {self.get_source_display()}"

    def get_absolute_url(self) -> str:
        return reverse("aid:detail", args=[self.pk])

    @property
    def has_file(self) -> bool:
        return bool(self.agreement_stored)
