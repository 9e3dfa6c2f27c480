"""Past ledgers of leadership casework (领导接访、包案、救助台账) kept as they were written.

A bureau starts using Xinfang with years of spreadsheets behind it. Their rows are imported
here as ledger rows, linked to a matter when the ledger names one the system holds, and never
turned into fake matters or sessions: the casework report counts them beside the records made
in the app (casework, backlog, aid, receptions).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xinfang.receptions.models import ReceptionForm


class LedgerKind(models.TextChoices):
    RECEPTIONS = "receptions", "领导接访台账"
    CASES = "cases", "领导包案台账"
    AID = "aid", "救助帮扶台账"


class ImportBatch(models.Model):
    """One imported file: what, from where, by whom (empty: the system)."""

    kind = models.CharField("台账", max_length=12, choices=LedgerKind.choices)
    file_name = models.CharField("文件", max_length=200)
    rows = models.PositiveIntegerField("行数")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="导入人",
    )  # fmt: skip
    imported_at = models.DateTimeField("导入时间")

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = verbose_name_plural = "台账导入"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"


class ReceptionRecord(models.Model):
    """A ledger row of a leader's reception: who, when, how, and how many came."""

    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="+")
    line = models.PositiveIntegerField("行号")
    held_on = models.DateField("日期")
    leader = models.ForeignKey("casework.Leader", models.PROTECT, related_name="+")
    form = models.CharField("形式", max_length=12, choices=ReceptionForm.choices)
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+")
    batches = models.PositiveIntegerField("批次")
    persons = models.PositiveIntegerField("人次")

    class Meta:
        verbose_name = verbose_name_plural = "领导接访台账"
        indexes = [models.Index(fields=["held_on", "region"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_form_display()} {self.persons}人次"


class CaseRecord(models.Model):
    """A ledger row of a leader's case (包案台账)."""

    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="+")
    line = models.PositiveIntegerField("行号")
    matter = models.ForeignKey(
        "petitions.Matter", models.PROTECT, null=True, blank=True, related_name="+"
    )
    number = models.CharField("事项编号", max_length=40)
    summary = models.CharField("事项摘要", max_length=300)
    leader = models.ForeignKey("casework.Leader", models.PROTECT, related_name="+")
    owned_on = models.DateField("包案日期")
    target_on = models.DateField("办结期限")
    settled_on = models.DateField("办结日期", null=True, blank=True)
    is_backlog = models.BooleanField("积案", default=False)
    ending = models.CharField("终结方式", max_length=12, blank=True)
    handed_by = models.ForeignKey(
        "casework.Leader", models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "领导包案台账"
        indexes = [models.Index(fields=["owned_on", "region"])]

    def __str__(self) -> str:
        return f"包案 {self.number}"


class AidRecord(models.Model):
    """A ledger row of aid given (救助台账). The recipient's name is personal data: shown
    masked, as the aid app's records."""

    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="+")
    line = models.PositiveIntegerField("行号")
    given_on = models.DateField("日期")
    recipient_name = models.CharField("信访人", max_length=80)
    people = models.PositiveIntegerField("人数")
    source = models.CharField("来源", max_length=10)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    approver = models.CharField("批准人", max_length=40, blank=True)
    matter = models.ForeignKey(
        "petitions.Matter", models.PROTECT, null=True, blank=True, related_name="+"
    )
    number = models.CharField("事项编号", max_length=40, blank=True)
    has_agreement = models.BooleanField("息访协议", default=False)
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "救助帮扶台账"
        indexes = [models.Index(fields=["given_on", "region"])]

    def __str__(self) -> str:
        return f"救助 {self.given_on} {self.people}人"


class ReceptionDay(models.Model):
    """One leader's receptions on one day in one place, summed: what the casework report
    reads (a year's tens of thousands of ledger rows become a few thousand days). Kept by
    `leadership.rollup` in the import's transaction; `rebuild` recomputes it from the rows."""

    leader = models.ForeignKey("casework.Leader", models.CASCADE, related_name="+")
    held_on = models.DateField("日期")
    region = models.ForeignKey("regions.Region", models.CASCADE, related_name="+")
    sitting = models.BooleanField("坐班接访", default=False)  # 开门接访 or 轮流坐班接访 that day
    visiting = models.BooleanField("下访", default=False)  # 下访 or 处访 that day
    persons = models.PositiveIntegerField("接待人次", default=0)
    appointment_persons = models.PositiveIntegerField("约访人次", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "领导接访日汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "held_on", "region"], name="one_reception_day"
            )
        ]
        indexes = [models.Index(fields=["held_on", "region"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.persons}人次"
