"""Reads over sensitive periods (特护期) and who may do what with them.

1. Access. A period concerns counties: those it names, and every county below a city it
   names. A user sees the periods and counties over or under their own region: a county's
   staff their county, the city's staff every county. Anything else answers 404.
2. Figures. The count tables hold months and years, not days, so the daily figures come
   from petitions directly: one grouped query per window over the county's regions and a
   range of `received_on`, which the (region, received_on) index answers. The 纪检监察 class
   (检举控告) is left out for everyone: the figures reach the whole city and the snapshot
   kept in each report cannot know who will read it.
3. Reports. A county's report for a day is on time when sent by the period's deadline time
   that day (Beijing time), late after it; a day with no report is 待报送 until the deadline
   and 逾期未报 after it. Computed from the reports at the moment asked: no job flags them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from xinfang.accounts.models import Role
from xinfang.classes.models import ContentClass
from xinfang.lib import timesource
from xinfang.periods.models import DailyReport, SensitivePeriod
from xinfang.petitions.models import VISIT_CHANNELS, Channel, Petition
from xinfang.regions.models import Level, Region

CONFIDENTIAL_CLASS_CODE = "04"  # 纪检监察, as in stats.queries
DAYS_BEFORE = 7  # the daily view compares today with the seven days before it
UPPER_LEVELS = (Level.NATIONAL, Level.PROVINCE, Level.CITY)


# ---- access ---------------------------------------------------------------------------


def _active(user) -> bool:
    return user.is_authenticated and user.is_active and user.region_id is not None


def works_periods(user) -> bool:
    """Bureau registrars and handlers, supervisors, leaders and administrators, with a region."""
    if not _active(user):
        return False
    if user.is_superuser or user.role in (Role.LEADER, Role.SUPERVISOR, Role.ADMIN):
        return True
    return user.unit_id is not None and user.unit.is_bureau


def may_manage_periods(user) -> bool:
    """Administrators define and change periods (for the regions within theirs)."""
    return _active(user) and (user.is_superuser or user.role == Role.ADMIN)


def may_report(user, county: Region) -> bool:
    """A county's own bureau staff, supervisors and administrators send its daily report."""
    if not works_periods(user) or user.region_id != county.pk:
        return False
    return user.role != Role.LEADER


def _ancestor_paths(path: str) -> list[str]:
    """ "/430000/431200/431221/" -> the paths of it and every region above it."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _related(user_path: str, path: str) -> bool:
    return path.startswith(user_path) or user_path.startswith(path)


def visible_periods(user) -> QuerySet[SensitivePeriod]:
    """Periods naming a region over or under the user's."""
    if not works_periods(user):
        return SensitivePeriod.objects.none()
    path = user.region.path
    ids = SensitivePeriod.regions.through.objects.filter(
        Q(region__path__startswith=path) | Q(region__path__in=_ancestor_paths(path))
    ).values("sensitiveperiod_id")
    return SensitivePeriod.objects.filter(pk__in=ids)


def access_period(user, pk: int) -> SensitivePeriod:
    found = visible_periods(user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有找到该特护期")
    return found


def counties_of(period: SensitivePeriod) -> list[Region]:
    """The counties that report during `period`, in code order."""
    out: dict[int, Region] = {}
    for region in period.regions.all():
        if region.level in UPPER_LEVELS:
            for child in Region.objects.filter(parent=region):
                out[child.pk] = child
        else:
            out[region.pk] = region
    return sorted(out.values(), key=lambda r: r.code)


def user_counties(user, period: SensitivePeriod) -> list[Region]:
    """The period's counties that `user` sees: their own, or all those below them."""
    if not works_periods(user):
        return []
    return [c for c in counties_of(period) if _related(user.region.path, c.path)]


def access_county(user, period: SensitivePeriod, code: str) -> Region:
    for county in user_counties(user, period):
        if county.code == code:
            return county
    raise Http404("没有找到该县市区")


def visible_reports(user) -> QuerySet[DailyReport]:
    if not works_periods(user):
        return DailyReport.objects.none()
    path = user.region.path
    return DailyReport.objects.filter(
        Q(region__path__startswith=path) | Q(region__path__in=_ancestor_paths(path)),
        period__in=visible_periods(user),
    )


def access_report(user, pk: int) -> DailyReport:
    found = (
        visible_reports(user)
        .select_related("period", "region", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有找到该报告")
    return found


def current_periods(user, today: dt.date) -> QuerySet[SensitivePeriod]:
    return visible_periods(user).filter(starts_on__lte=today, ends_on__gte=today)


# ---- figures --------------------------------------------------------------------------


@dataclass
class Figures:
    """A county's petitions on a day (or summed over days), as the 特护期 views show them."""

    batches: int = 0  # 批次: every petition counts one
    persons: int = 0  # 人次
    visit_batches: int = 0
    visit_persons: int = 0
    collective_batches: int = 0  # 集体访
    collective_persons: int = 0
    overlevel_city: int = 0  # 越级到市访 (批次)
    province: int = 0  # 赴省访 (批次)
    national: int = 0  # 进京访 (批次)
    abnormal_persons: int = 0  # 非正常上访 (人次)

    @property
    def overlevel(self) -> int:
        """越级/进京: visits lodged above the county (越级到市, 赴省, 进京)."""
        return self.overlevel_city + self.province + self.national

    def add(self, other: Figures) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, values: dict) -> Figures:
        names = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in values.items() if k in names})


# What the tables show, in order: (attribute, label).
COLUMNS = (
    ("batches", "批次"),
    ("persons", "人次"),
    ("visit_batches", "来访批次"),
    ("collective_batches", "集体访批次"),
    ("collective_persons", "集体访人次"),
    ("overlevel_city", "越级到市"),
    ("province", "赴省访"),
    ("national", "进京访"),
    ("abnormal_persons", "非正常人次"),
)


def hidden_class_ids() -> list[int]:
    """The 纪检监察 class and every class below it."""
    rows = list(ContentClass.objects.values_list("pk", "parent_id", "code"))
    hidden = {pk for pk, parent, code in rows if code == CONFIDENTIAL_CLASS_CODE and not parent}
    grew = True
    while grew:
        more = {pk for pk, parent, _ in rows if parent in hidden and pk not in hidden}
        hidden |= more
        grew = bool(more)
    return sorted(hidden)


def _region_ids(county: Region) -> list[int]:
    return list(Region.objects.filter(path__startswith=county.path).values_list("pk", flat=True))


VISIT = Q(channel__in=[str(c) for c in VISIT_CHANNELS])
COLLECTIVE = Q(channel=Channel.COLLECTIVE_VISIT)
AGGREGATES = {
    "batches": Count("pk"),
    "persons": Sum("petitioner_count"),
    "visit_batches": Count("pk", filter=VISIT),
    "visit_persons": Sum("petitioner_count", filter=VISIT),
    "collective_batches": Count("pk", filter=COLLECTIVE),
    "collective_persons": Sum("petitioner_count", filter=COLLECTIVE),
    "overlevel_city": Count("pk", filter=VISIT & Q(level=Level.CITY, is_overlevel=True)),
    "province": Count("pk", filter=VISIT & Q(level=Level.PROVINCE)),
    "national": Count("pk", filter=VISIT & Q(level=Level.NATIONAL)),
    "abnormal_persons": Sum("petitioner_count", filter=Q(is_abnormal=True)),
}


def _rows(region_ids: list[int], first: dt.date, last: dt.date, by: tuple[str, ...], hidden):
    """Petitions of the regions received from `first` to `last`, grouped by `by`."""
    return (
        Petition.objects.filter(
            region_id__in=region_ids, received_on__gte=first, received_on__lte=last
        )
        .filter(voided_at=None)
        .exclude(content_class_id__in=hidden)
        .values(*by)
        .annotate(**AGGREGATES)
        .order_by()
    )


def _figures(row: dict) -> Figures:
    return Figures(**{name: row[name] or 0 for name in AGGREGATES})


def figures_by_day(
    county: Region, first: dt.date, last: dt.date, *, hidden: list[int] | None = None
) -> dict[dt.date, Figures]:
    """The county's figures for each day from `first` to `last` (every day present)."""
    hidden = hidden_class_ids() if hidden is None else hidden
    out = {first + dt.timedelta(days=i): Figures() for i in range((last - first).days + 1)}
    for row in _rows(_region_ids(county), first, last, ("received_on",), hidden):
        out[row["received_on"]] = _figures(row)
    return out


def figures_by_county_day(
    counties: list[Region], first: dt.date, last: dt.date, *, hidden: list[int] | None = None
) -> dict[tuple[int, dt.date], Figures]:
    """Each county's figures on each day from `first` to `last` that has petitions, keyed
    by (county pk, day), in one query."""
    hidden = hidden_class_ids() if hidden is None else hidden
    if not counties:
        return {}
    within = Q(*[Q(path__startswith=c.path) for c in counties], _connector=Q.OR)
    paths = dict(Region.objects.filter(within).values_list("pk", "path"))
    out: dict[tuple[int, dt.date], Figures] = {}
    for row in _rows(list(paths), first, last, ("region_id", "received_on"), hidden):
        path = paths[row["region_id"]]
        for county in counties:
            if path.startswith(county.path):
                out.setdefault((county.pk, row["received_on"]), Figures()).add(_figures(row))
                break
    return out


def figures_by_county(
    counties: list[Region], first: dt.date, last: dt.date, *, hidden: list[int] | None = None
) -> dict[int, Figures]:
    """Each county's figures summed from `first` to `last`."""
    out = {c.pk: Figures() for c in counties}
    for (pk, _), figures in figures_by_county_day(counties, first, last, hidden=hidden).items():
        out[pk].add(figures)
    return out


def same_day_last_year(day: dt.date) -> dt.date:
    """The same date a year before (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


# ---- warnings -------------------------------------------------------------------------


def warnings(period: SensitivePeriod, figures: Figures) -> dict[str, str]:
    """The period's thresholds that `figures` reach, by column: {column: text}."""
    out = {}
    if figures.persons >= period.persons_warning:
        out["persons"] = f"人次{figures.persons}，达到预警值{period.persons_warning}"
    if figures.collective_batches >= period.collective_warning:
        out["collective_batches"] = (
            f"集体访{figures.collective_batches}批次，达到预警值{period.collective_warning}"
        )
    if figures.overlevel >= period.overlevel_warning:
        text = f"越级/进京{figures.overlevel}批次，达到预警值{period.overlevel_warning}"
        for name in ("overlevel_city", "province", "national"):
            if getattr(figures, name):
                out[name] = text
    return out


# ---- report states --------------------------------------------------------------------


class State:
    ON_TIME = "on_time"
    LATE = "late"
    PENDING = "pending"
    MISSING = "missing"


STATE_LABELS = {
    State.ON_TIME: "按时报送",
    State.LATE: "迟报",
    State.PENDING: "待报送",
    State.MISSING: "逾期未报",
}


def deadline_of(period: SensitivePeriod, day: dt.date) -> dt.datetime:
    """The moment the report for `day` is due: the deadline time that day, Beijing time."""
    return dt.datetime.combine(day, period.report_deadline, tzinfo=timesource.SHANGHAI)


def report_state(
    period: SensitivePeriod, day: dt.date, report: DailyReport | None, at: dt.datetime
) -> str:
    if report is not None:
        return State.ON_TIME if report.submitted_at <= deadline_of(period, day) else State.LATE
    return State.MISSING if at > deadline_of(period, day) else State.PENDING


def clamp_day(period: SensitivePeriod, day: dt.date) -> dt.date:
    return min(max(day, period.starts_on), period.ends_on)


# ---- the daily view -------------------------------------------------------------------


@dataclass
class DayRow:
    day: dt.date
    figures: Figures
    last_year_day: dt.date
    last_year: Figures
    warnings: dict[str, str] = field(default_factory=dict)

    def cells(self) -> list[tuple[str, int, int, str]]:
        """(column, this year, last year, warning text) for each column."""
        return [
            (name, getattr(self.figures, name), getattr(self.last_year, name),
             self.warnings.get(name, ""))
            for name, _ in COLUMNS
        ]  # fmt: skip


@dataclass
class DailyView:
    period: SensitivePeriod
    county: Region
    day: dt.date
    today: DayRow
    before: list[DayRow]  # the days before, newest first
    before_average: dict[str, float]
    report: DailyReport | None
    state: str
    deadline: dt.datetime

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    def average_cells(self) -> list[float]:
        return [self.before_average[name] for name, _ in COLUMNS]


def daily_view(
    period: SensitivePeriod, county: Region, day: dt.date, *, at: dt.datetime
) -> DailyView:
    """`county`'s figures on `day` and the seven days before, each beside the same date a
    year earlier, with the period's warnings; its report for the day and where it stands.

    Two figure queries (this year's eight days, last year's eight), both on the index.
    """
    first = day - dt.timedelta(days=DAYS_BEFORE)
    hidden = hidden_class_ids()
    now = figures_by_day(county, first, day, hidden=hidden)
    last_first, last_day = same_day_last_year(first), same_day_last_year(day)
    then = figures_by_day(county, last_first, last_day, hidden=hidden)
    rows = []
    for offset in range(DAYS_BEFORE + 1):
        d = day - dt.timedelta(days=offset)
        ly = same_day_last_year(d)
        figures = now[d]
        rows.append(DayRow(d, figures, ly, then.get(ly, Figures()), warnings(period, figures)))
    before = rows[1:]
    average = {
        name: round(sum(getattr(r.figures, name) for r in before) / len(before), 1)
        for name, _ in COLUMNS
    }
    report = DailyReport.objects.filter(period=period, region=county, day=day).first()
    return DailyView(
        period=period, county=county, day=day, today=rows[0], before=before,
        before_average=average, report=report, state=report_state(period, day, report, at),
        deadline=deadline_of(period, day),
    )  # fmt: skip


# ---- the city's overview of a day -----------------------------------------------------


@dataclass
class CountyDay:
    county: Region
    report: DailyReport | None
    state: str
    figures: Figures
    warnings: dict[str, str]

    def cells(self) -> list[tuple[int, str]]:
        return [(getattr(self.figures, n), self.warnings.get(n, "")) for n, _ in COLUMNS]

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class Overview:
    day: dt.date
    deadline: dt.datetime
    rows: list[CountyDay]

    def _count(self, test) -> int:
        return sum(1 for r in self.rows if test(r))

    @property
    def reported(self) -> int:
        return self._count(lambda r: r.report is not None)

    @property
    def zero(self) -> int:
        return self._count(lambda r: r.report is not None and r.report.is_zero_report)

    @property
    def incidents(self) -> int:
        return self._count(lambda r: r.report is not None and not r.report.is_zero_report)

    @property
    def pending(self) -> int:
        return self._count(lambda r: r.state == State.PENDING)

    @property
    def missing(self) -> int:
        return self._count(lambda r: r.state == State.MISSING)

    @property
    def warned(self) -> int:
        return self._count(lambda r: bool(r.warnings))


def overview(
    period: SensitivePeriod, counties: list[Region], day: dt.date, *, at: dt.datetime
) -> Overview:
    """Every county's report and figures for `day` (the city's view)."""
    reports = {
        r.region_id: r
        for r in DailyReport.objects.filter(period=period, day=day, region__in=counties)
        .select_related("submitted_by")
    }  # fmt: skip
    figures = figures_by_county(counties, day, day)
    rows = []
    for county in counties:
        report = reports.get(county.pk)
        f = figures[county.pk]
        state = report_state(period, day, report, at)
        rows.append(CountyDay(county, report, state, f, warnings(period, f)))
    return Overview(day, deadline_of(period, day), rows)


# ---- the summary after the period -----------------------------------------------------


@dataclass
class CountySummary:
    label: str
    figures: Figures
    last_year: Figures
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0
    zero: int = 0
    incidents: int = 0
    warning_days: int = 0

    def cells(self) -> list[tuple[int, int]]:
        """(this period, same dates last year) for each column."""
        return [(getattr(self.figures, n), getattr(self.last_year, n)) for n, _ in COLUMNS]

    @property
    def change(self) -> float | None:
        """同比 change of 人次, in percent."""
        before = self.last_year.persons
        return round(100 * (self.figures.persons - before) / before, 1) if before else None


@dataclass
class Summary:
    period: SensitivePeriod
    first: dt.date
    last: dt.date  # the last day counted: the period's end, or today while it runs
    finished: bool
    rows: list[CountySummary]
    total: CountySummary
    incident_reports: list[DailyReport]


def summary(period: SensitivePeriod, counties: list[Region], *, at: dt.datetime) -> Summary:
    """Volumes, 越级/进京, incidents and reporting per county over the period (so far)."""
    today = timesource.day_of(at)
    first, last = period.starts_on, min(period.ends_on, today)
    hidden = hidden_class_ids()
    daily: dict[tuple[int, dt.date], Figures] = {}
    then = {c.pk: Figures() for c in counties}
    if first <= last:
        daily = figures_by_county_day(counties, first, last, hidden=hidden)
        then = figures_by_county(
            counties, same_day_last_year(first), same_day_last_year(last), hidden=hidden
        )
    reports = list(
        DailyReport.objects.filter(period=period, region__in=counties, day__lte=last)
        .select_related("region", "submitted_by")
        .order_by("day", "region__code")
    )
    by_key = {(r.region_id, r.day): r for r in reports}
    days = [first + dt.timedelta(days=i) for i in range(max((last - first).days + 1, 0))]
    rows = []
    total = CountySummary("合计", Figures(), Figures())
    for county in counties:
        row = CountySummary(county.name, Figures(), then[county.pk])
        for d in days:
            figures = daily.get((county.pk, d), Figures())
            row.figures.add(figures)
            report = by_key.get((county.pk, d))
            state = report_state(period, d, report, at)
            setattr(row, state, getattr(row, state) + 1)
            if report is not None:
                if report.is_zero_report:
                    row.zero += 1
                else:
                    row.incidents += 1
            if warnings(period, figures):
                row.warning_days += 1
        rows.append(row)
        total.figures.add(row.figures)
        total.last_year.add(row.last_year)
        for name in ("on_time", "late", "missing", "pending", "zero", "incidents", "warning_days"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return Summary(
        period=period, first=first, last=last, finished=today > period.ends_on, rows=rows,
        total=total, incident_reports=[r for r in reports if not r.is_zero_report],
    )  # fmt: skip
