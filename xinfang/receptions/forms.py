"""Forms of leader receptions: they parse input; the rules live in the actions."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from xinfang.receptions.models import ReceptionForm
from xinfang.regions.models import Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class LeaderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{obj.post}，{obj.region.name}）"


class ScheduleForm(forms.Form):
    leader = LeaderChoice(label="接访领导", queryset=None)
    form = forms.ChoiceField(label="接访形式", choices=[("", "请选择")] + ReceptionForm.choices)
    date = forms.DateField(label="接访日期", widget=DATE)
    starts_at = forms.TimeField(label="开始时间", widget=TIME, initial=dt.time(9, 0))
    ends_at = forms.TimeField(label="结束时间", widget=TIME, initial=dt.time(12, 0))
    place = forms.CharField(label="接访地点", max_length=120, required=False,
                            help_text="网上接访不填，填写接访链接")  # fmt: skip
    link = forms.URLField(label="网上接访链接", required=False, assume_scheme="https")
    topics = forms.CharField(label="接访事项", max_length=200, required=False,
                             help_text="如：城乡建设、征地拆迁方面的信访问题")  # fmt: skip
    region = forms.ModelChoiceField(
        label="接访地区", queryset=Region.objects.none(), required=False,
        help_text="不选则为领导所在地区；下访、处访可选下级地区",
    )  # fmt: skip
    slots = forms.IntegerField(label="约访名额", min_value=0, required=False,
                               help_text="仅约访填写：网上可预约的人数")  # fmt: skip

    def __init__(self, *args, leaders=None, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders
        self.fields["region"].queryset = regions


class RecordForm(forms.Form):
    batches = forms.IntegerField(label="接待批次", min_value=0)
    people = forms.IntegerField(label="接待人次", min_value=0)
    instructions = forms.CharField(
        label="领导交办意见", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class TakeOnForm(forms.Form):
    petition = forms.CharField(widget=forms.HiddenInput)
    unit = forms.ModelChoiceField(label="共同责任单位", queryset=None)
    target_workdays = forms.IntegerField(label="办结期限（工作日）", min_value=1, initial=30)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


def parse_dates(text: str) -> set[dt.date]:
    """Dates typed as "2026-03-12, 2026-03-13" (commas, spaces or 、 between)."""
    found = set()
    for part in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(","):
        if part.strip():
            try:
                found.add(dt.date.fromisoformat(part.strip()))
            except ValueError as exc:
                raise ValidationError(f"日期“{part.strip()}”格式不正确，应如2026-03-12") from exc
    return found


class RotaForm(forms.Form):
    region = forms.ModelChoiceField(label="坐班地区", queryset=None)
    starts_on = forms.DateField(label="起始日期", widget=DATE)
    ends_on = forms.DateField(label="截止日期", widget=DATE)
    place = forms.CharField(label="坐班地点", max_length=120, initial="信访接待中心")
    starts_at = forms.TimeField(label="开始时间", widget=TIME, initial=dt.time(8, 30))
    ends_at = forms.TimeField(label="结束时间", widget=TIME, initial=dt.time(12, 0))
    leaders = forms.ModelMultipleChoiceField(
        label="参加坐班的领导", queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, leaders=None, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["leaders"].queryset = leaders
        self.fields["leaders"].label_from_instance = lambda o: f"{o.name}（{o.post}）"
        self.leader_list = list(leaders)
        for leader in self.leader_list:
            self.fields[f"away_{leader.pk}"] = forms.CharField(
                label=f"{leader.name}不能坐班的日期", required=False,
                help_text="多个日期用逗号分隔，如：2026-03-12, 2026-03-13",
            )  # fmt: skip

    def away_fields(self):
        return [self[f"away_{leader.pk}"] for leader in self.leader_list]

    def unavailable(self) -> dict[int, set[dt.date]]:
        found = {}
        for leader in self.leader_list:
            text = self.cleaned_data.get(f"away_{leader.pk}") or ""
            try:
                days = parse_dates(text)
            except ValidationError as exc:
                self.add_error(f"away_{leader.pk}", exc)
                continue
            if days:
                found[leader.pk] = days
        return found


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
