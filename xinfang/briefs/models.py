"""Information briefs (《接访信息》《呈阅件》): numbered issues per year, drafted from the
data, edited, published to leaders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class BriefKind(models.TextChoices):
    RECEPTION_INFO = "reception_info", "接访信息"
    FOR_READING = "for_reading", "呈阅件"


class Brief(models.Model):
    kind = models.CharField("类型", max_length=16, choices=BriefKind.choices)
    # The year of its figures while a draft; the year it came out once published (期号 run
    # per year of publication).
    year = models.PositiveSmallIntegerField("年度")
    issue = models.PositiveSmallIntegerField("期号", null=True, blank=True)  # on publishing
    region = models.ForeignKey("regions.Region", models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=80)
    body = models.TextField("正文")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField("起草时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField("印发时间", null=True, blank=True)

    class Meta:
        ordering = ["-year", "-issue", "-created_at"]
        verbose_name = verbose_name_plural = "信息简报"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "region", "issue"], name="one_issue_number"
            )
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("briefs:detail", args=[self.pk])

    @property
    def label(self) -> str:
        if self.issue:
            return f"《{self.get_kind_display()}》{self.year}年第{self.issue}期"
        return f"《{self.get_kind_display()}》（草稿）"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
