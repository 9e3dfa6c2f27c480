"""The bureau's documents (文书) and their numbers (文号).

A document is issued once for one record of handling (a workflow Step): the first issue
gives it its 文号 from the issuing unit's pattern and the (unit, kind, year) counter; every
later print or download shows the same number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DocumentKind(models.TextChoices):
    """The documents a case produces, each from one kind of step (see `STEP_KINDS`)."""

    ACCEPT = "accept", "受理告知书"
    NOT_ACCEPT = "not_accept", "不予受理告知书"
    FORWARD = "forward", "转送单"
    ASSIGN = "assign", "交办单"
    ANSWER = "answer", "信访处理意见书"
    REVIEW = "review", "复查意见书"


# The 代字 each kind adds to the unit's 机关代字 in the default pattern (怀信访告〔2026〕3号).
KIND_CODES = {
    DocumentKind.ACCEPT: "告",
    DocumentKind.NOT_ACCEPT: "不受",
    DocumentKind.FORWARD: "转",
    DocumentKind.ASSIGN: "交",
    DocumentKind.ANSWER: "处",
    DocumentKind.REVIEW: "复",
}


class NumberPattern(models.Model):
    """How a unit numbers one kind of document: `{year}` and `{seq}` are filled in."""

    unit = models.ForeignKey("regions.Unit", models.CASCADE, related_name="+", verbose_name="单位")
    kind = models.CharField("文书", max_length=12, choices=DocumentKind.choices)
    pattern = models.CharField("文号格式", max_length=60)
    updated_at = models.DateTimeField("修改时间")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="修改人"
    )

    class Meta:
        verbose_name = verbose_name_plural = "文号格式"
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="one_pattern_per_unit_kind")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()}：{self.pattern}"


class NumberCounter(models.Model):
    """The last sequence number a unit gave one kind of document in one year.

    Issuing locks this row (select_for_update), so two clerks issuing at once get
    consecutive numbers, never the same one.
    """

    unit = models.ForeignKey("regions.Unit", models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "文号计数"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "year"], name="one_counter_per_unit_kind_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.kind}/{self.year}={self.last}"


class Document(models.Model):
    """One issued document: its 文号, the step it records and the petition it answers."""

    kind = models.CharField("文书", max_length=12, choices=DocumentKind.choices)
    step = models.OneToOneField(
        "workflow.Step", models.PROTECT, related_name="document", verbose_name="办理记录"
    )
    petition = models.ForeignKey(
        "petitions.Petition", models.PROTECT, related_name="documents", verbose_name="信访件"
    )
    unit = models.ForeignKey(
        "regions.Unit", models.PROTECT, related_name="+", verbose_name="出具单位"
    )
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=80, unique=True)
    issued_at = models.DateTimeField("出具时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="出具人"
    )

    class Meta:
        ordering = ["issued_at", "id"]
        verbose_name = verbose_name_plural = "文书"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "year", "seq"], name="one_document_per_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
