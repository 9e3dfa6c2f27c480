from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q


class ContentClass(models.Model):
    """One node of the content classification (一级/二级/三级分类).

    No official current code table is public, so the tree is data that administrators
    edit; classes renamed in the 2018 reorganisation keep their old node with `valid_to`
    so old petitions still show the class they were registered under.
    """

    code = models.CharField("代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=40)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级"
    )
    level = models.PositiveSmallIntegerField("级别", editable=False, default=1)
    valid_from = models.DateField("启用日期", null=True, blank=True)
    valid_to = models.DateField("停用日期", null=True, blank=True)
    keywords = models.TextField("关键词", blank=True, help_text="用空格分隔，供自动分类参考")
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = verbose_name_plural = "内容分类"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="class_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.path_name

    def save(self, *args, **kwargs):
        self.level = self.parent.level + 1 if self.parent_id else 1
        super().save(*args, **kwargs)

    @property
    def path_name(self) -> str:
        names = [self.name]
        node = self.parent
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )
