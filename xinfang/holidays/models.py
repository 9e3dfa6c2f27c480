from __future__ import annotations

from django.db import models

WEEKDAYS = "一二三四五六日"


class DayOverride(models.Model):
    """One day whose status an administrator decided, winning over the `chinesecalendar` package.

    Used for next year's State Council notice (announced each November, before the package
    is updated) and for local holidays. Written only through `holidays.actions`.
    """

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("上班", help_text="勾选为工作日（含调休上班），不勾选为休息日")
    note = models.CharField("说明", max_length=40, blank=True, help_text="如“2027年春节”“调休上班”")
    created_at = models.DateTimeField("录入时间")

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "节假日调整"

    def __str__(self) -> str:
        status = "上班" if self.is_workday else "休息"
        return f"{self.date:%Y-%m-%d} {status} {self.note}".rstrip()

    @property
    def weekday_name(self) -> str:
        return "星期" + WEEKDAYS[self.date.weekday()]


class OfficialYear(models.Model):
    """A year whose whole official holiday notice an administrator has entered as overrides.

    Its days count as known (deadlines in it are no longer provisional) even though the
    package does not cover it: days without an override follow the plain week.
    """

    year = models.PositiveSmallIntegerField("年份", unique=True)
    note = models.CharField(
        "依据",
        max_length=100,
        blank=True,
        help_text="如“国务院办公厅关于2027年部分节假日安排的通知”",
    )
    created_at = models.DateTimeField("录入时间")

    class Meta:
        ordering = ["year"]
        verbose_name = verbose_name_plural = "已录入全年安排的年份"

    def __str__(self) -> str:
        return f"{self.year}年"
