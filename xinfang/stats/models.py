"""Count tables (rollups) that every report reads, their fill state, and yearly targets.

Reports never scan petitions: they sum these small tables.

- `VolumeCount` holds one row per month and one per year (`span`) × 问题属地 × form, with
  the level and flag combinations the indicators need as columns (进京, 非正常, 越级到市 …),
  so a city's year is a few dozen rows and its months a few hundred.
- `ClassCount` is the same with the first-level content class in the key: the class mix,
  and every figure when the dashboard is filtered by class.

All are kept by `stats.actions.count_petition` (called by registration) and rebuilt
idempotently by `xinfang rollup rebuild`, which advances a `FillState` checkpoint.

- `RateCount` is the rates' rollup: the statutory clocks (受理告知, 办理, 延期, 评价期限) by the
  month their deadline falls in × 问题属地 × unit × part, kept by `stats.cohorts` as the
  workflow changes them and as days pass (`RateState.as_of`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SizeBand(models.IntegerChoices):
    """集体访 size bands (a collective visit is 5 or more people)."""

    NONE = 0, "非集体访"
    SMALL = 5, "5–9人"
    MEDIUM = 10, "10–49人"
    LARGE = 50, "50–99人"
    HUGE = 100, "100人以上"


def size_band(channel: str, people: int) -> int:
    if channel != "collective_visit":
        return SizeBand.NONE
    for band in (SizeBand.HUGE, SizeBand.LARGE, SizeBand.MEDIUM):
        if people >= band:
            return band
    return SizeBand.SMALL


class CountValues(models.Model):
    """The measures every count row carries."""

    petitions = models.PositiveIntegerField("批次（件）", default=0)
    persons = models.PositiveIntegerField("人次", default=0)
    new_matters = models.PositiveIntegerField("初信初访（新事项）", default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.region_id} {self.channel}: {self.petitions}"


class Span(models.TextChoices):
    MONTH = "month", "月"
    YEAR = "year", "年"


class VolumeValues(CountValues):
    """The measures of a period row: totals, and the totals of the subsets indicators use.

    Columns are filters on level and flags, not indicator definitions: "national" is every
    petition lodged at the national level, whatever its form; `stats.queries` adds the
    form conditions (进京访 counts visits only) from the row's channel.
    """

    abnormal_petitions = models.PositiveIntegerField("非正常（批次）", default=0)
    abnormal_persons = models.PositiveIntegerField("非正常（人次）", default=0)
    repeat_abnormal_petitions = models.PositiveIntegerField("重复非正常（批次）", default=0)
    repeat_abnormal_persons = models.PositiveIntegerField("重复非正常（人次）", default=0)
    national_petitions = models.PositiveIntegerField("国家级登记（批次）", default=0)
    national_persons = models.PositiveIntegerField("国家级登记（人次）", default=0)
    national_abnormal_petitions = models.PositiveIntegerField("国家级非正常（批次）", default=0)
    national_abnormal_persons = models.PositiveIntegerField("国家级非正常（人次）", default=0)
    province_petitions = models.PositiveIntegerField("省级登记（批次）", default=0)
    province_persons = models.PositiveIntegerField("省级登记（人次）", default=0)
    overlevel_city_petitions = models.PositiveIntegerField("市级越级（批次）", default=0)
    overlevel_city_persons = models.PositiveIntegerField("市级越级（人次）", default=0)
    band_5 = models.PositiveIntegerField("5–9人（批次）", default=0)
    band_10 = models.PositiveIntegerField("10–49人（批次）", default=0)
    band_50 = models.PositiveIntegerField("50–99人（批次）", default=0)
    band_100 = models.PositiveIntegerField("100人以上（批次）", default=0)

    class Meta:
        abstract = True


VOLUME_MEASURES = (
    "petitions", "persons", "new_matters",
    "abnormal_petitions", "abnormal_persons", "repeat_abnormal_petitions",
    "repeat_abnormal_persons", "national_petitions", "national_persons",
    "national_abnormal_petitions", "national_abnormal_persons", "province_petitions",
    "province_persons", "overlevel_city_petitions", "overlevel_city_persons",
    "band_5", "band_10", "band_50", "band_100",
)  # fmt: skip


def volume_values(
    *, level: str, is_overlevel: bool, is_abnormal: bool, is_repeat: bool, band: int,
    petitions: int, persons: int, new_matters: int,
) -> dict[str, int]:  # fmt: skip
    """The non-zero measures that `petitions` petitions sharing these flags add to a row."""
    values = {"petitions": petitions, "persons": persons, "new_matters": new_matters}
    subsets = []
    if is_abnormal:
        subsets.append("abnormal")
        if is_repeat:
            subsets.append("repeat_abnormal")
    if level == "national":
        subsets.append("national")
        if is_abnormal:
            subsets.append("national_abnormal")
    elif level == "province":
        subsets.append("province")
    elif level == "city" and is_overlevel:
        subsets.append("overlevel_city")
    for subset in subsets:
        values[f"{subset}_petitions"] = petitions
        values[f"{subset}_persons"] = persons
    if band:
        values[f"band_{band}"] = petitions
    return {name: value for name, value in values.items() if value}


class VolumeCount(VolumeValues):
    span = models.CharField(max_length=5, choices=Span.choices)
    start = models.DateField("起始日")  # the first day of the month or year
    region = models.ForeignKey("regions.Region", models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20)

    KEY = ("span", "start", "region_id", "channel")
    MEASURES = VOLUME_MEASURES

    class Meta:
        verbose_name = verbose_name_plural = "月、年统计"
        constraints = [
            models.UniqueConstraint(
                fields=["span", "start", "region", "channel"], name="volume_count_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.span} {self.start} {self.region_id} {self.channel}: {self.petitions}"


class ClassCount(VolumeValues):
    span = models.CharField(max_length=5, choices=Span.choices)
    start = models.DateField("起始日")
    region = models.ForeignKey("regions.Region", models.CASCADE, related_name="+")
    channel = models.CharField(max_length=20)
    top_class = models.ForeignKey("classes.ContentClass", models.CASCADE, related_name="+")

    KEY = ("span", "start", "region_id", "channel", "top_class_id")
    MEASURES = VOLUME_MEASURES

    class Meta:
        verbose_name = verbose_name_plural = "分类月、年统计"
        constraints = [
            models.UniqueConstraint(
                fields=["span", "start", "region", "channel", "top_class"],
                name="class_count_key",
            )
        ]
        # The dashboard's class filter reads one class's rows without the others'.
        indexes = [
            models.Index(fields=["top_class", "span", "start"], name="class_count_class"),
        ]

    def __str__(self) -> str:
        return f"{self.span} {self.start} {self.region_id} {self.top_class_id}: {self.petitions}"


class FillState(models.Model):
    """How far the count tables are complete (zulip's checkpoint): rebuilds resume from it."""

    class State(models.TextChoices):
        STARTED = "started", "重建中"
        DONE = "done", "完成"

    property = models.CharField(max_length=40, unique=True)
    end_day = models.DateField("已完成至", null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DONE)
    last_modified = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "统计重建进度"

    def __str__(self) -> str:
        return f"{self.property}: {self.end_day} ({self.state})"


class RatePart(models.TextChoices):
    ACCEPT = "accept", "受理告知"
    HANDLE = "handle", "办理（含延期）"
    RATING = "rating", "评价"


RATE_MEASURES = (
    "clocks", "met", "first_clocks", "first_met", "answered", "settled", "resolved", "days",
    "rated", "good",
)  # fmt: skip


class RateCount(models.Model):
    """The clocks due in a month that count in its rates, summed (see `stats.cohorts`).

    Plain integers, not positive ones: the rows move by differences, and a repair must be
    able to run (`xinfang rollup rebuild`) rather than a workflow step fail on a CHECK.
    """

    month = models.DateField("到期月份")  # the first day of the month the deadline falls in
    region = models.ForeignKey("regions.Region", models.CASCADE, related_name="+")
    # The clock's unit, 0 when it has none: a key column of an upsert cannot be NULL.
    unit_key = models.PositiveIntegerField("责任单位", default=0)
    part = models.CharField(max_length=8, choices=RatePart.choices)
    clocks = models.IntegerField("期内到期", default=0)
    met = models.IntegerField("按期完成", default=0)
    first_clocks = models.IntegerField("初信初访期内到期", default=0)
    first_met = models.IntegerField("初信初访按期完成", default=0)
    answered = models.IntegerField("已完成", default=0)
    settled = models.IntegerField("案结事了", default=0)
    resolved = models.IntegerField("化解（案结事了或息访）", default=0)
    days = models.BigIntegerField("办理天数合计", default=0)
    rated = models.IntegerField("已评价", default=0)
    good = models.IntegerField("满意和基本满意", default=0)

    KEY = ("month", "region_id", "unit_key", "part")
    MEASURES = RATE_MEASURES

    class Meta:
        verbose_name = verbose_name_plural = "时效和满意度统计"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region", "unit_key", "part"], name="rate_count_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.region_id} {self.unit_key} {self.part}: {self.clocks}"


class RateState(models.Model):
    """The day `RateCount` is current for: one row. Locked while the day advances."""

    as_of = models.DateField("统计截至", null=True)  # NULL: to be rebuilt from the clocks

    class Meta:
        verbose_name = verbose_name_plural = "时效统计日期"

    def __str__(self) -> str:
        return f"{self.as_of}"


class Indicator(models.TextChoices):
    """Indicators a target can be set on (see `stats.queries.DEFINITIONS`)."""

    TOTAL_PERSONS = "total_persons", "信访总量（人次）"
    TOTAL_BATCHES = "total_batches", "信访总量（批次）"
    NATIONAL_PERSONS = "national_persons", "进京访（人次）"
    NATIONAL_ABNORMAL_PERSONS = "national_abnormal_persons", "进京非正常访（人次）"
    REPEAT_ABNORMAL_PERSONS = "repeat_abnormal_persons", "重复非正常访（人次）"
    PROVINCE_PERSONS = "province_persons", "赴省访（人次）"
    OVERLEVEL_CITY_PERSONS = "overlevel_city_persons", "越级到市访（人次）"
    FIRST_TIME_CLOSED_RATE = "first_time_closed_rate", "初信初访办结率"
    ON_TIME_RATE = "on_time_rate", "按期办结率"
    TIMELY_ACCEPT_RATE = "timely_accept_rate", "及时受理率"
    SETTLED_RATE = "settled_rate", "案结事了率"
    REPEAT_RATE = "repeat_rate", "重信重访率"
    SATISFACTION_RATE = "satisfaction_rate", "满意率"


RATE_INDICATORS = {
    Indicator.FIRST_TIME_CLOSED_RATE, Indicator.ON_TIME_RATE, Indicator.TIMELY_ACCEPT_RATE,
    Indicator.SETTLED_RATE, Indicator.REPEAT_RATE, Indicator.SATISFACTION_RATE,
}  # fmt: skip


class Comparator(models.TextChoices):
    AT_MOST = "le", "不超过（≤）"
    AT_LEAST = "ge", "不低于（≥）"
    EXACTLY = "eq", "达到（=）"


class Target(models.Model):
    """A yearly target (目标责任) for a region (or a unit), optionally split by month.

    Counts are in their unit (人次, 批次); rates in percent (98 means 98%). `monthly` holds
    twelve cumulative-or-not quotas when the year is split: {"1": 6, "2": 6, …}.
    """

    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        "regions.Region", models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name="区划",
    )  # fmt: skip
    unit = models.ForeignKey(
        "regions.Unit", models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name="责任单位",
    )  # fmt: skip
    indicator = models.CharField("指标", max_length=40, choices=Indicator.choices)
    comparator = models.CharField("要求", max_length=2, choices=Comparator.choices)
    value = models.DecimalField("目标值", max_digits=12, decimal_places=2)
    monthly = models.JSONField("分月指标", default=dict, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    set_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "目标责任指标"
        ordering = ["year", "region__code", "indicator"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False) | models.Q(unit__isnull=False),
                name="target_has_owner",
            ),
            models.UniqueConstraint(
                fields=["year", "region", "unit", "indicator"], name="one_target_per_owner"
            ),
        ]

    def __str__(self) -> str:
        owner = self.region or self.unit
        return f"{self.year} {owner} {self.get_indicator_display()} {self.comparator} {self.value}"


class ImportedPetition(models.Model):
    """The external number (编号) of a petition loaded from a historical ledger.

    Makes `xinfang import` idempotent: a number already here is skipped.
    """

    external_number = models.CharField("编号", max_length=64, unique=True)
    petition = models.OneToOneField(
        "petitions.Petition", models.CASCADE, related_name="imported_as"
    )
    imported_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "导入记录"

    def __str__(self) -> str:
        return self.external_number
