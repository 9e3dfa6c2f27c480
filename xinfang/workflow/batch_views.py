"""催办 and 督办 in batch: the matters ticked on the case list, one text for all.

Each matter is its own step (its own transaction, its own check): the page says which were
urged or supervised and, for each one that was not, why. Nothing is offered for a matter
the user may not take the step on.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from xinfang.lib.errors import DomainError
from xinfang.petitions.models import Matter
from xinfang.petitions.queries import visible_petitions
from xinfang.workflow import actions
from xinfang.workflow.machine import Action
from xinfang.workflow.queries import may, why_not

MAX_PICKED = 200
BATCH = {
    Action.URGE: (actions.urge, "催办意见", "请抓紧办理，按期答复信访人，并将办理情况报告信访部门。"),
    Action.SUPERVISE: (actions.supervise, "督办意见", "该事项已超过或临近办理期限，请说明原因并限期办结。"),
}  # fmt: skip


class BatchForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


def _picked(user, numbers: list[str]) -> list[Matter]:
    numbers = list(dict.fromkeys(n.strip().upper() for n in numbers if n.strip()))[:MAX_PICKED]
    found = {
        m.number: m
        for m in Matter.objects.filter(
            number__in=numbers, pk__in=visible_petitions(user).values("matter_id")
        ).select_related("region")
    }
    return [found[n] for n in numbers if n in found]


@login_required
def batch(request, action: str):
    """GET: the picked matters, which may take the step, and the text; POST: take it."""
    if action not in BATCH:
        raise Http404("没有该批量操作")
    run, label, default = BATCH[action]
    source = request.POST if request.method == "POST" else request.GET
    matters = _picked(request.user, source.getlist("m"))
    able = [m for m in matters if may(request.user, m, action)]
    unable = [(m, why_not(request.user, m, action)) for m in matters if m not in able]
    form = BatchForm(request.POST or None, initial={"text": default})
    form.fields["text"].label = label
    done, failed = [], []
    if request.method == "POST" and form.is_valid() and able:
        for matter in able:
            try:
                run(request.user, matter, text=form.cleaned_data["text"])
            except DomainError as exc:
                failed.append((matter, exc.message))
            else:
                done.append(matter)
    context = {
        "action": action, "verb": Action(action).label, "form": form, "able": able,
        "unable": unable, "done": done, "failed": failed,
        "finished": request.method == "POST" and form.is_valid() and able,
    }  # fmt: skip
    return render(request, "workflow/batch.html", context)
