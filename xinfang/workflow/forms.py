"""One small form per step of the procedure. Rules live in the actions; forms parse input."""

from __future__ import annotations

from django import forms

from xinfang.regions.models import Unit, UnitKind
from xinfang.workflow.models import Delivery, Outcome, Satisfaction, StepKind, Termination

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def grouped_units(units) -> list[tuple[str, list[tuple[int, str]]]]:
    """Units as option groups by region (city first, then its counties), for a long list."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for unit in units:
        groups.setdefault(unit.region.name, []).append((unit.pk, unit.name))
    return list(groups.items())


def _units():
    return (
        Unit.objects.filter(is_active=True)
        .select_related("region")
        .order_by("region__code", "kind", "name")
    )


class ForwardForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="责任单位（牵头）", queryset=_units(),
        widget=forms.Select(attrs={"data-filter": "输入单位名称筛选"}),
    )  # fmt: skip
    assisting = forms.ModelMultipleChoiceField(
        label="协办单位",
        queryset=_units(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8, "data-filter": "输入单位名称筛选"}),
        help_text="按住Ctrl（手机上直接点选）可选多个；按地区分组",
    )
    note = forms.CharField(
        label="转送意见", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units()
        self.fields["unit"].choices = [("", "请选择"), *grouped_units(_units())]
        self.fields["assisting"].queryset = _units()
        self.fields["assisting"].choices = grouped_units(self.fields["assisting"].queryset)


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label="处理结果", choices=Outcome.choices)
    text = forms.CharField(label="处理意见", widget=forms.Textarea(attrs={"rows": 5}))
    facts = forms.CharField(
        label="查明事实", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    legal_basis = forms.CharField(
        label="法律政策依据", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    delivery = forms.ChoiceField(label="送达方式", choices=Delivery.choices, initial=Delivery.POST)
    delivered_on = forms.DateField(label="送达日期", widget=DATE, required=False)
    reaction = forms.CharField(label="信访人意见", max_length=200, required=False)


class RefuseForm(forms.Form):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 3}))
    legal_unit = forms.ModelChoiceField(
        label="转交政法机关（涉法涉诉）",
        queryset=Unit.objects.filter(kind=UnitKind.POLITICAL_LEGAL, is_active=True),
        required=False,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(forms.Form):
    notice = forms.CharField(
        label="受理告知内容",
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="您反映的问题已受理，我单位将依法在规定期限内办理并书面答复。",
    )
    delivery = forms.ChoiceField(label="送达方式", choices=Delivery.choices, initial=Delivery.POST)
    fast_track = forms.BooleanField(label="简易办理（10个工作日内答复）", required=False)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延期天数", min_value=1, max_value=30, initial=30)
    reason = forms.CharField(
        label="延期理由（将告知信访人）", widget=forms.Textarea(attrs={"rows": 3})
    )
    approver = forms.CharField(label="批准人", max_length=40)


class ReviewRequestForm(forms.Form):
    reviewing_unit = forms.ModelChoiceField(
        label="复查（复核）机关", queryset=Unit.objects.filter(kind=UnitKind.BUREAU, is_active=True)
    )
    requested_on = forms.DateField(label="申请日期", widget=DATE, required=False)
    reason = forms.CharField(label="申请理由", widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="结果", choices=Outcome.choices)
    text = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 4}))


class TerminateForm(forms.Form):
    method = forms.ChoiceField(label="终结方式", choices=Termination.choices)
    text = forms.CharField(label="终结说明", widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="记录类型",
        choices=[
            (k, StepKind(k).label) for k in (StepKind.NOTE, StepKind.SITE_VISIT, StepKind.MEDIATION)
        ],
    )
    on = forms.DateField(label="日期", widget=DATE, required=False)
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 4}))


class HearingForm(forms.Form):
    held_on = forms.DateField(label="听证开始日期", widget=DATE)
    ended_on = forms.DateField(label="听证结束日期", widget=DATE)
    text = forms.CharField(label="听证情况", widget=forms.Textarea(attrs={"rows": 4}))


class RateForm(forms.Form):
    bureau = forms.ChoiceField(
        label="对信访部门的评价", choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    unit = forms.ChoiceField(
        label="对责任单位的评价", choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="理由（不满意时必填）",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TextForm(forms.Form):
    text = forms.CharField(label="情况说明", widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    text = forms.CharField(label="书面回复", widget=forms.Textarea(attrs={"rows": 4}))


class UrgeForm(forms.Form):
    text = forms.CharField(label="催办意见", widget=forms.Textarea(attrs={"rows": 3}))


class SuperviseForm(forms.Form):
    text = forms.CharField(label="督办意见", widget=forms.Textarea(attrs={"rows": 4}))


class ReassignForm(forms.Form):
    unit = forms.ModelChoiceField(label="改派至（牵头单位）", queryset=_units())
    reason = forms.CharField(label="改派理由", widget=forms.Textarea(attrs={"rows": 3}))
