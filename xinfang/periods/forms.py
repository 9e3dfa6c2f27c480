"""Forms of sensitive periods: they parse input; the rules live in the actions."""

from __future__ import annotations

from django import forms

from xinfang.periods.models import PeriodKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PeriodForm(forms.Form):
    name = forms.CharField(label="名称", max_length=60, help_text="如：2027年全国两会特护期")
    kind = forms.ChoiceField(label="类型", choices=PeriodKind.choices)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    regions = forms.ModelMultipleChoiceField(
        label="涉及地区", queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text="选择全市即全市各县市区均须报送",
    )  # fmt: skip
    report_deadline = forms.TimeField(
        label="每日报送截止时间", widget=TIME, help_text="过时未报送的县市区标记为逾期未报"
    )
    persons_warning = forms.IntegerField(
        label="人次预警值", min_value=1, help_text="每县每日来信来访达到此人次即预警"
    )
    collective_warning = forms.IntegerField(
        label="集体访预警值（批次）", min_value=1, help_text="每县每日集体访达到此批次即预警"
    )
    overlevel_warning = forms.IntegerField(
        label="越级/进京预警值（批次）", min_value=1,
        help_text="每县每日越级到市、赴省、进京访合计达到此批次即预警",
    )  # fmt: skip
    note = forms.CharField(
        label="工作要求", max_length=300, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = regions


class ReportForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)
    incidents = forms.CharField(
        label="情况报告", max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="当日发生的到市、赴省、进京访及其他不稳定情况；无情况请点“零报告”",
    )  # fmt: skip
    measures = forms.CharField(
        label="采取措施", max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class DayForm(forms.Form):
    day = forms.DateField(label="日期", widget=DATE, required=False)
