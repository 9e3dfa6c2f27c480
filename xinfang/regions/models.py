from __future__ import annotations

from django.db import models


class Level(models.TextChoices):
    """Administrative level (层级) of a region, a unit or a registration."""

    NATIONAL = "national", "国家"
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县"
    TOWNSHIP = "township", "乡镇"


class Region(models.Model):
    """A GB/T 2260 administrative division (行政区划), with its population for per-head rates."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=60)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级"
    )
    # Materialised path of codes ("/430000/431200/431221/") so a subtree is one prefix query.
    path = models.CharField(max_length=200, editable=False, db_index=True)
    population = models.PositiveIntegerField("常住人口", null=True, blank=True)
    is_standard = models.BooleanField(
        "GB/T 2260代码", default=True, help_text="统计用管理区等非国标代码为否"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "行政区划"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        prefix = self.parent.path if self.parent_id else "/"
        self.path = f"{prefix}{self.code}/"
        super().save(*args, **kwargs)


class UnitKind(models.TextChoices):
    BUREAU = "bureau", "信访部门"
    DEPARTMENT = "department", "职能部门"
    TOWNSHIP = "township", "乡镇（街道）"
    DISCIPLINE = "discipline", "纪检监察机关"
    POLITICAL_LEGAL = "political_legal", "政法机关"
    GOVERNMENT = "government", "党委政府"
    OTHER = "other", "其他"


class Unit(models.Model):
    """An organisation that registers or handles petitions (信访部门 / 责任单位)."""

    name = models.CharField("单位名称", max_length=80, unique=True)
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="units", verbose_name="所在区划"
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    # What the public sees on the contact card (便民一卡通) and the portal's contact page.
    address = models.CharField("办公地址", max_length=120, blank=True)
    hours = models.CharField(
        "接待时间", max_length=80, blank=True, help_text="如：工作日 8:00-12:00，14:30-17:30"
    )
    duties = models.CharField("主要职责", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["region__code", "kind", "name"]
        verbose_name = verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name

    @property
    def is_bureau(self) -> bool:
        return self.kind == UnitKind.BUREAU
