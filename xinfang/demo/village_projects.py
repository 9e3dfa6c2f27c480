"""The demo's village projects (挂点项目), in the figures of the resettlement bureau's
half-year summary, recorded by its clerk (zhongfang-resettlement): the bureau is attached to 中方县's resettlement
villages, where 旧房改造 runs from 2 of 7 households (福廖三队) to all of 牛麻二队's, 牛麻一队
has 11 of 37 done, 车田二队's 村屯道路 is slow, the 外墙装饰 has not begun, and the drainage
ditch and retaining wall residents asked for are an issue on their project, settled after a
dispute on the ledger. Two progress entries carry a site photo.

Written through the projects actions, like everything else the demo builds.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from xinfang.accounts.models import User
from xinfang.demo.places import RESETTLEMENT_UNIT
from xinfang.disputes.models import Dispute
from xinfang.lib import timesource
from xinfang.projects import actions
from xinfang.projects.models import Measure, Project, ProjectKind
from xinfang.regions.models import Region, Unit

COUNTY, UNIT, CLERK = RESETTLEMENT_UNIT
BUREAU_CLERK = "zhongfang-handler"  # links the ledger's dispute (the bureau sees the county's)
# (place, name, kind, measure, planned, done, weeks before the cutoff the work began)
PROJECTS = (
    ("福廖村福廖三队移民新村", "福廖三队移民新村旧房改造", ProjectKind.HOUSING, Measure.HOUSEHOLDS, 7, 2, 14),
    ("红江村大江一队移民新村", "大江一队移民新村旧房改造", ProjectKind.HOUSING, Measure.HOUSEHOLDS, 3, 2, 12),
    ("牛麻村牛麻一队移民新村", "牛麻一队移民新村旧房改造", ProjectKind.HOUSING, Measure.HOUSEHOLDS, 37, 11, 16),
    ("牛麻村牛麻二队移民新村", "牛麻二队移民新村旧房改造", ProjectKind.HOUSING, Measure.HOUSEHOLDS, 18, 18, 20),
    ("福庆村福庆一、二队移民新村", "福庆一、二队移民新村旧房改造", ProjectKind.HOUSING, Measure.HOUSEHOLDS, 29, 25, 18),
    ("中龙村何屋屯移民新村", "何屋屯移民新村旧房改造", ProjectKind.HOUSING, Measure.HOUSEHOLDS, 10, 7, 15),
    ("车田村车田二队移民新村", "车田二队移民新村旧房改造", ProjectKind.HOUSING, Measure.HOUSEHOLDS, 12, 12, 22),
    ("车田村车田二队移民新村", "车田二队移民新村村屯道路", ProjectKind.ROAD, Measure.METRES, 1200, 300, 10),
    ("中龙村何屋屯", "何屋屯村屯道路硬化", ProjectKind.ROAD, Measure.METRES, 800, 520, 12),
    ("岩头村移民新村", "岩头村移民新村排水沟", ProjectKind.DRAINAGE, Measure.METRES, 650, 240, 9),
    ("岩头村移民新村", "岩头村移民新村挡土墙（设计外增加）", ProjectKind.RETAINING_WALL, Measure.SITES, 3, 0, 0),
    ("牛麻村牛麻一队移民新村", "牛麻一队移民新村外墙装饰", ProjectKind.OTHER, Measure.HOUSEHOLDS, 37, 0, 0),
)  # fmt: skip
NOTES = ("完成屋面和门窗改造", "完成主体施工并通过村民小组验收", "路基平整完成，铺设碎石垫层",
         "浇筑混凝土路面", "开挖沟槽、砌筑沟壁", "组织施工队进场")  # fmt: skip


def _when(day: dt.date, cutoff: dt.datetime, hour: int) -> dt.datetime:
    return min(cutoff, dt.datetime.combine(day, dt.time(hour), timesource.SHANGHAI))


def site_photo(name: str, colour: tuple[int, int, int]) -> SimpleUploadedFile:
    """A small solid-colour PNG standing in for a site photo (no imaging library needed)."""
    width, height = 160, 120
    row = b"\x00" + bytes(colour) * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    content = (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, content, content_type="image/png")


def build_projects(cutoff: dt.datetime) -> tuple[int, int]:
    """The resettlement bureau's projects in 中方县, once. Returns (projects, entries)."""
    clerk = User.objects.filter(username=CLERK).select_related("region", "unit").first()
    county = Region.objects.filter(code=COUNTY).first()
    unit = Unit.objects.filter(name=UNIT).first()
    if clerk is None or county is None or unit is None or Project.objects.exists():
        return 0, 0
    end = timesource.day_of(cutoff)
    made = entries = 0
    for index, (place, name, kind, measure, planned, done, weeks) in enumerate(PROJECTS):
        draft = actions.ProjectDraft(
            unit=unit, region=county, place=place, name=name, kind=kind, measure=measure,
            planned=planned, description=f"区移民局股室挂点{place}，配合村屯项目施工。",
        )  # fmt: skip
        start = end - dt.timedelta(weeks=max(weeks, 1) + 2)
        project = actions.record_project(clerk, draft, at=_when(start, cutoff, 9))
        made += 1
        if not done:
            continue
        steps = 3 if done < planned else 2
        for step in range(1, steps + 1):
            day = (
                end - dt.timedelta(weeks=weeks) + dt.timedelta(days=step * weeks * 7 // (steps + 1))
            )
            quantity = done * step // steps
            photos = []
            if step == steps and index in (2, 7):
                photos = [
                    site_photo(
                        f"{place}施工现场.png", (92, 124, 88) if index == 2 else (150, 140, 120)
                    )
                ]
            actions.record_progress(
                clerk, project, on=day, done=quantity,
                text=f"{NOTES[(index + step) % len(NOTES)]}，累计完成{quantity}{measure.label}",
                photos=photos, at=_when(day, cutoff, 16),
            )  # fmt: skip
            entries += 1
    _issues(clerk, cutoff)
    return made, entries


def _issues(clerk, cutoff: dt.datetime) -> None:
    """Residents' issues from the summary: the drainage ditch and the retaining wall (settled
    by changing the design), and the slow road at 车田二队 (still open); the ledger's
    dispute about blocking the road linked to its project."""
    end = timesource.day_of(cutoff)
    drainage = Project.objects.get(name="岩头村移民新村排水沟")
    issue = actions.raise_issue(
        clerk, drainage, raised_on=end - dt.timedelta(days=40), raised_by="岩头村移民新村村民代表",
        text="集体要求变更排水沟走向，并在设计外增加挡土墙", at=_when(end - dt.timedelta(days=40), cutoff, 10),
    )  # fmt: skip
    actions.resolve_issue(
        clerk, issue, answer="局领导带队到村屯约访接访，按设计变更方案施工，增设挡土墙3处",
        on=end - dt.timedelta(days=30), at=_when(end - dt.timedelta(days=30), cutoff, 15),
    )  # fmt: skip
    road = Project.objects.get(name="车田二队移民新村村屯道路")
    actions.raise_issue(
        clerk, road, raised_on=end - dt.timedelta(days=12), raised_by="车田二队部分移民",
        text="道路占用责任田补偿未到位，阻挠施工", at=_when(end - dt.timedelta(days=12), cutoff, 11),
    )  # fmt: skip
    actions.change_status(clerk, road, "pause", on=end - dt.timedelta(days=10),
                          at=_when(end - dt.timedelta(days=10), cutoff, 17))  # fmt: skip
    bureau = User.objects.filter(username=BUREAU_CLERK).select_related("region", "unit").first()
    blocking = Dispute.objects.filter(region__code=COUNTY, title__contains="阻挠").first()
    if bureau is not None and blocking is not None:
        actions.link_dispute(bureau, road, blocking)
