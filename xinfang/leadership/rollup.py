"""The reception days (ReceptionDay): kept as rows are imported, equal to a rebuild.

The casework report counts 坐班接访天次 as distinct (leader, day) pairs; summing a year of
ledger rows per pair at report time costs a scan of every row (≈ 500 ms at 200,000 rows, the
bench's figure), so each import adds its rows to the day they fall on, in its transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Max, Q, Sum

from xinfang.leadership.models import ReceptionDay, ReceptionRecord
from xinfang.receptions.models import ReceptionForm

SITTING = (ReceptionForm.OPEN, ReceptionForm.ROTA)
VISITING = (ReceptionForm.VISIT_DOWN, ReceptionForm.ON_SITE)
CHUNK = 2000


def _key(row) -> tuple[int, object, int]:
    return (row.leader_id, row.held_on, row.region_id)


def add(records: Iterable[ReceptionRecord]) -> int:
    """Add saved reception rows to their days; returns how many days were touched."""
    days: dict[tuple, ReceptionDay] = {}
    for r in records:
        day = days.setdefault(_key(r), ReceptionDay(
            leader_id=r.leader_id, held_on=r.held_on, region_id=r.region_id,
        ))  # fmt: skip
        day.sitting |= r.form in SITTING
        day.visiting |= r.form in VISITING
        day.persons += r.persons
        day.appointment_persons += r.persons if r.form == ReceptionForm.APPOINTMENT else 0
    if not days:
        return 0
    dates = [k[1] for k in days]
    existing = ReceptionDay.objects.filter(
        held_on__range=(min(dates), max(dates)), leader_id__in={k[0] for k in days}
    )
    changed = []
    for old in existing.iterator(chunk_size=CHUNK):
        new = days.pop(_key(old), None)
        if new is None:
            continue
        old.sitting |= new.sitting
        old.visiting |= new.visiting
        old.persons += new.persons
        old.appointment_persons += new.appointment_persons
        changed.append(old)
    fields = ["sitting", "visiting", "persons", "appointment_persons"]
    ReceptionDay.objects.bulk_update(changed, fields, batch_size=CHUNK)
    ReceptionDay.objects.bulk_create(days.values(), batch_size=CHUNK)
    return len(changed) + len(days)


def rebuild() -> int:
    """Recompute every day from the rows (the invariant's other side; also a repair)."""
    ReceptionDay.objects.all().delete()
    grouped = (
        ReceptionRecord.objects.values("leader_id", "held_on", "region_id")
        .annotate(
            any_sitting=Max("pk", filter=Q(form__in=SITTING)),
            any_visiting=Max("pk", filter=Q(form__in=VISITING)),
            total=Sum("persons"),
            by_appointment=Sum("persons", filter=Q(form=ReceptionForm.APPOINTMENT)),
        )
        .order_by()
    )
    rows = [
        ReceptionDay(
            leader_id=g["leader_id"],
            held_on=g["held_on"],
            region_id=g["region_id"],
            sitting=g["any_sitting"] is not None,
            visiting=g["any_visiting"] is not None,
            persons=g["total"] or 0,
            appointment_persons=g["by_appointment"] or 0,
        )  # fmt: skip
        for g in grouped.iterator(chunk_size=CHUNK)
    ]
    ReceptionDay.objects.bulk_create(rows, batch_size=CHUNK)
    return len(rows)
