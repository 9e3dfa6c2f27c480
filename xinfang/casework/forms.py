"""Forms of leadership casework: they parse input; the rules live in the actions."""

from __future__ import annotations

from django import forms

from xinfang.accounts.models import Role, User
from xinfang.casework.models import LeaderLevel
from xinfang.regions.models import Region, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LeaderForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    post = forms.CharField(label="职务", max_length=60, help_text="如：市委副书记、县长")
    level = forms.ChoiceField(label="级别", choices=LeaderLevel.choices)
    region = forms.ModelChoiceField(label="所在地区", queryset=Region.objects.none())
    user = forms.ModelChoiceField(
        label="登录账号",
        queryset=User.objects.none(),
        required=False,
        help_text="领导本人使用系统时选择；仅列出角色为“领导”的账号",
    )
    is_active = forms.BooleanField(label="在任", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.exclude(level="national").order_by("code")
        self.fields["user"].queryset = User.objects.filter(
            role=Role.LEADER, is_active=True
        ).order_by("username")


class OwnForm(forms.Form):
    leader = forms.ModelChoiceField(label="包案领导", queryset=None)
    unit = forms.ModelChoiceField(label="共同责任单位", queryset=None)
    target_workdays = forms.IntegerField(
        label="办结期限（工作日）", required=False, min_value=1,
        help_text="按节假日安排计算工作日；与“指定日期”二选一",
    )  # fmt: skip
    target_on = forms.DateField(label="或指定日期", required=False, widget=DATE)

    def __init__(self, *args, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders
        self.fields["unit"].queryset = (
            Unit.objects.filter(is_active=True)
            .select_related("region")
            .order_by("region__code", "kind", "name")
        )


class InstructionForm(forms.Form):
    text = forms.CharField(
        label="批示内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    answer_by = forms.DateField(
        label="要求回复日期", required=False, widget=DATE, help_text="不填则无需回复"
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="回复内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
