"""Hot issues (热点问题): clusters of recent petitions raising the same issue in one place.

A snapshot is computed once a day (by the tick, or `xinfang hotspots refresh`) and replaces
the previous one whole; readers take the newest snapshot and recompute every figure over the
members they may see (`queries.hot_issues`), so the stored figures are the city-wide view.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse


class Snapshot(models.Model):
    """One computation over a window of received dates."""

    computed_on = models.DateField("计算日期", db_index=True)
    computed_at = models.DateTimeField("计算时间")
    window_start = models.DateField("窗口起")
    window_end = models.DateField("窗口止")
    petitions_scanned = models.PositiveIntegerField("扫描信访件数")
    seconds = models.FloatField("耗时（秒）")

    class Meta:
        verbose_name = verbose_name_plural = "热点问题计算"
        ordering = ["-computed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.window_start:%Y-%m-%d}–{self.window_end:%Y-%m-%d}"


class HotIssue(models.Model):
    """One cluster, with its city-wide figures at the time of the snapshot."""

    snapshot = models.ForeignKey(Snapshot, models.CASCADE, related_name="issues")
    rank = models.PositiveIntegerField("排序")
    label = models.CharField("代表标题", max_length=120)
    representative = models.ForeignKey(
        "petitions.Petition", models.SET_NULL, null=True, related_name="+", verbose_name="代表件"
    )
    phrases = models.JSONField("共同词语", default=list)  # [[phrase, members containing it]]
    batches = models.PositiveIntegerField("批次")
    persons = models.PositiveIntegerField("人次")
    matters = models.PositiveIntegerField("事项数")
    recent = models.PositiveIntegerField("近7日批次")
    previous = models.PositiveIntegerField("前7日批次")
    trend = models.CharField("趋势", max_length=10)
    is_fast_growing = models.BooleanField("快速增长", default=False)
    is_collective = models.BooleanField("集体访", default=False)
    is_multi_place = models.BooleanField("涉及多地", default=False)
    places = models.JSONField("涉及地区", default=list)  # [[name, batches]]
    classes = models.JSONField("内容分类", default=list)  # [[name, batches]]

    class Meta:
        verbose_name = verbose_name_plural = "热点问题"
        ordering = ["snapshot", "rank"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("hotspots:detail", args=[self.pk])


class HotIssueMember(models.Model):
    """A petition in a hot issue, with why it belongs there."""

    hot_issue = models.ForeignKey(HotIssue, models.CASCADE, related_name="members")
    petition = models.ForeignKey("petitions.Petition", models.CASCADE, related_name="+")
    centrality = models.FloatField("与其他成员的平均相似度")
    phrases = models.JSONField("包含的共同词语", default=list)

    class Meta:
        verbose_name = verbose_name_plural = "热点问题成员"
        constraints = [
            models.UniqueConstraint(fields=["hot_issue", "petition"], name="one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.hot_issue_id}∋{self.petition_id}"
