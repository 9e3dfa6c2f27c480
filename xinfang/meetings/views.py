"""Pages of joint meetings (信访联席会议) and special groups (专项小组): the list with the
decisions left late, recording a meeting, the meeting page (matters, decisions with their
clocks, follow-ups), the minutes as docx, and the groups.

Each view fetches through one access function in `queries` and writes through one action.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xinfang.classes.models import ContentClass
from xinfang.classes.queries import class_choices
from xinfang.holidays.queries import load_calendar
from xinfang.hotspots.queries import latest_snapshot
from xinfang.lib import timesource
from xinfang.lib.errors import DomainError, Invalid, show_on_form
from xinfang.meetings import actions, queries
from xinfang.meetings.forms import DecisionForm, FollowUpForm, GroupForm, MeetingForm
from xinfang.meetings.minutes import minutes
from xinfang.meetings.models import SpecialGroup
from xinfang.petitions.models import Matter
from xinfang.regions.models import Region, Unit
from xinfang.regions.queries import regions_under

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _clocked(decisions, today):
    calendar = load_calendar()
    rows = list(decisions)
    for decision in rows:
        decision.clock = queries.clock(decision, today, calendar)
    return rows


@login_required
def meeting_list(request):
    """联席会议: the meetings the user may see, and the decisions left late."""
    user = request.user
    today = timesource.today()
    context = {
        "meetings": queries.visible_meetings(user)[:200],
        "late": _clocked(queries.late_decisions(user, today).order_by("due_on")[:50], today),
        "may_record": queries.may_record_meetings(user),
    }
    return render(request, "meetings/list.html", context)


def _meeting_form(request) -> MeetingForm:
    user = request.user
    groups = [(g.pk, f"{g.name}（{g.region.name}）") for g in queries.visible_groups(user)]
    attendees = [(u.pk, u.name) for u in queries.attendee_units(user)]
    initial = {"region": user.region_id, "convener": user.unit_id, "held_on": timesource.today()}
    return MeetingForm(
        request.POST or None, groups=groups, regions=regions_under([user.region]),
        conveners=[(u.pk, u.name) for u in queries.convening_units(user)],
        attendees=attendees, initial=initial,
    )  # fmt: skip


@login_required
def new(request):
    """登记联席会议 (or a special group's meeting), after it was held."""
    user = request.user
    if not queries.may_record_meetings(user):
        raise Http404("没有找到该页面")
    form = _meeting_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        numbers = data["matters"]
        found = {m.number: m for m in Matter.objects.filter(number__in=numbers)}
        missing = [n for n in numbers if n not in found]
        draft = actions.MeetingDraft(
            kind=data["kind"],
            group=SpecialGroup.objects.filter(pk=data["group"]).first() if data["group"] else None,
            region=Region.objects.filter(pk=data["region"]).first(),
            convener=Unit.objects.filter(pk=data["convener"]).first(),
            held_on=data["held_on"], place=data["place"], topic=data["topic"],
            chair=data["chair"], summary=data["summary"],
            attendees=list(Unit.objects.filter(pk__in=data["attendees"])),
            matters=[found[n] for n in numbers if n in found],
        )  # fmt: skip
        try:
            if missing:
                raise Invalid({"matters": [f"没有找到信访事项“{n[:32]}”" for n in missing]})
            meeting = actions.record_meeting(user, draft)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, f"已登记{meeting.title}，请记录会议决定")
            return redirect(meeting)
    return render(request, "meetings/form.html", {"form": form})


def _decision_form(meeting, items, data=None) -> DecisionForm:
    units = [(u.pk, u.name) for u in meeting.attendees.order_by("name")]
    matters = [(i.matter.pk, f"{i.matter.number} {i.matter.title}") for i in items]
    return DecisionForm(data, units=units, matters=matters)


def _detail(request, meeting, *, forms=None, status=200):
    user = request.user
    today = timesource.today()
    items = list(queries.items_for(user, meeting))
    decisions = _clocked(queries.decisions_for(user, meeting).prefetch_related("follow_ups"), today)
    for decision in decisions:
        decision.may_follow_up = queries.may_follow_up(user, decision)
    records = (
        queries.may_record_meetings(user)
        and bool(user.region_id)
        and (meeting.region.path.startswith(user.region.path))
    )
    context = {
        "meeting": meeting,
        "attendees": meeting.attendees.order_by("name"),
        "items": items,
        "decisions": decisions,
        "may_decide": records,
        "decision_form": _decision_form(meeting, items),
        "follow_up_form": FollowUpForm(initial={"on": today}),
        "failed_decision": None,
    }
    context.update(forms or {})
    return render(request, "meetings/detail.html", context, status=status)


@login_required
def detail(request, pk: int):
    return _detail(request, queries.access_meeting(request.user, pk))


@login_required
@require_POST
def decide(request, pk: int):
    """记录会议决定."""
    user = request.user
    meeting = queries.access_meeting(user, pk)
    items = list(queries.items_for(user, meeting))
    form = _decision_form(meeting, items, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_decision(
                user, meeting, text=data["text"],
                unit=meeting.attendees.filter(pk=data["unit"]).first(), days=data["days"],
                matter=next((i.matter for i in items if i.matter.pk == data["matter"]), None),
            )  # fmt: skip
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已记录会议决定")
            return redirect(meeting)
    return _detail(request, meeting, forms={"decision_form": form}, status=422)


@login_required
@require_POST
def follow_up(request, pk: int):
    """报告落实情况 of one decision."""
    user = request.user
    decision = queries.access_decision(user, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            actions.follow_up(user, decision, **form.cleaned_data)
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, "已报告落实情况")
            return redirect(decision.meeting)
    forms = {"follow_up_form": form, "failed_decision": decision.pk}
    return _detail(request, decision.meeting, forms=forms, status=422)


@login_required
def minutes_docx(request, pk: int):
    """会议纪要 as docx, holding only what the reader may see."""
    meeting = queries.access_meeting(request.user, pk)
    body = minutes(request.user, meeting, timesource.today())
    name = f"{meeting.title}纪要{meeting.held_on:%Y%m%d}.docx"
    response = HttpResponse(body, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def groups(request):
    """专项小组: the groups of the user's region, one per hot class; new ones formed here."""
    user = request.user
    may_form = queries.may_record_meetings(user)
    form = None
    if may_form:
        units = [(u.pk, u.name) for u in queries.attendee_units(user)]
        form = GroupForm(
            request.POST or None, regions=regions_under([user.region]),
            classes=class_choices(timesource.today()), units=units,
            initial={"region": user.region_id},
        )  # fmt: skip
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                actions.create_group(
                    user, name=data["name"],
                    region=Region.objects.filter(pk=data["region"]).first(),
                    content_class=ContentClass.objects.filter(pk=data["content_class"]).first(),
                    lead_unit=Unit.objects.filter(pk=data["lead_unit"]).first(),
                    members=list(Unit.objects.filter(pk__in=data["members"])),
                )  # fmt: skip
            except DomainError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, f"已成立{data['name']}")
                return redirect("meetings:groups")
    elif request.method == "POST":
        raise Http404("没有找到该页面")
    snapshot = latest_snapshot()
    hot = []
    if snapshot is not None:
        for classes in snapshot.issues.values_list("classes", flat=True):
            hot.extend(name for name, _ in classes if name not in hot)
    rows = queries.visible_groups(user).prefetch_related("members")
    context = {"groups": rows, "form": form, "hot_classes": hot[:10]}
    return render(
        request, "meetings/groups.html", context, status=422 if form and form.errors else 200
    )
