from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce

from xinfang.petitions.models import Priority


class RepeatKey(models.Model):
    """One index key of a registered petition (see `fingerprint.keys`).

    Written by the registration action, rebuilt by `xinfang insight rebuild` after imports;
    a lookup is a handful of primary-key range scans, whatever the size of the history.
    """

    pk = models.CompositePrimaryKey("key", "petition")
    key = models.BigIntegerField()
    petition = models.ForeignKey(
        "petitions.Petition", models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = verbose_name_plural = "重复件索引"

    def __str__(self) -> str:
        return f"{self.key}→{self.petition_id}"


class DismissedMatch(models.Model):
    """A suggestion a registrar rejected: this petition is not a repeat of that matter."""

    petition = models.ForeignKey("petitions.Petition", models.CASCADE, related_name="+")
    matter = models.ForeignKey("petitions.Matter", models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    dismissed_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "已排除的重复建议"
        constraints = [
            models.UniqueConstraint(fields=["petition", "matter"], name="one_dismissal_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.petition_id}≠{self.matter_id}"


class RoutingRule(models.Model):
    """A bureau's routing rule (分办规则): matters of this class in this place go to that unit.

    Empty class or place means any; the most specific matching rule wins (deepest class,
    then deepest place), so a county rule overrides the city's default for that county.
    """

    content_class = models.ForeignKey(
        "classes.ContentClass",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="内容分类（空为全部，含下级）",
    )
    region = models.ForeignKey(
        "regions.Region",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="问题属地（空为全部，含下级）",
    )
    unit = models.ForeignKey(
        "regions.Unit", models.CASCADE, related_name="+", verbose_name="责任单位"
    )
    note = models.CharField("说明", max_length=120, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "分办规则"
        constraints = [
            # On the ids with "any" as 0: a plain unique key treats two NULLs as different,
            # so two "any class" rules for one place and unit would both be allowed.
            models.UniqueConstraint(
                Coalesce("content_class", 0),
                Coalesce("region", 0),
                "unit",
                name="one_rule_per_class_place_unit",
                violation_error_message="已有相同内容分类、问题属地和责任单位的分办规则",
            )  # fmt: skip
        ]

    def __str__(self) -> str:
        what = self.content_class.name if self.content_class_id else "全部分类"
        where = self.region.name if self.region_id else "全部属地"
        return f"{what} × {where} → {self.unit}"


class AttentionWord(models.Model):
    """A word or phrase that calls for urgent attention (危及生命, 扬言, 群体性 …).

    A match raises the matter's priority and tells the supervisors: a service to the
    petitioner, never a mark on the person (nothing is kept about people).
    """

    word = models.CharField("词语", max_length=20, unique=True)
    category = models.CharField("类别", max_length=20)
    level = models.PositiveSmallIntegerField(
        "关注等级", choices=Priority.choices, default=Priority.URGENT
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["category", "word"]
        verbose_name = verbose_name_plural = "重点关注词"

    def __str__(self) -> str:
        return f"{self.word}（{self.category}）"
