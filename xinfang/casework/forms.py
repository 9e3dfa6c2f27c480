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
    petition = forms.ModelChoiceField(
        label="批阅来信", queryset=None, required=False, empty_label="（对事项批示，不是批阅来信）",
        help_text="阅读了本事项的某封来信并作批示时选择，计入批阅件数",
    )  # fmt: skip

    def __init__(self, *args, letters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["petition"].queryset = letters


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="回复内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)


class HandoverForm(forms.Form):
    """A 交办 batch: its name, report date and requirements, and for each matter
    (field `leader_<matter id>`) the leader below who receives it."""

    title = forms.CharField(
        label="批次名称", max_length=80, help_text="如：2026年第4批领导交办事项"
    )
    report_by = forms.DateField(
        label="报告期限", widget=DATE, help_text="承接领导须在此日期前报告办理情况"
    )
    note = forms.CharField(
        label="交办要求", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, rows=(), **kwargs):
        """`rows`: (matter, receivers) pairs, receivers being the leaders it may go to."""
        super().__init__(*args, **kwargs)
        self.rows = []
        for matter, receivers in rows:
            name = f"leader_{matter.pk}"
            self.fields[name] = forms.ModelChoiceField(
                label=f"{matter.number} 承接领导", queryset=receivers, required=False,
                empty_label="请选择承接领导",
                initial=receivers[0].pk if receivers else None,
            )  # fmt: skip
            self.rows.append((matter, self[name]))

    def items(self):
        return [(m, self.cleaned_data.get(f"leader_{m.pk}")) for m, _ in self.rows]


class ReportForm(forms.Form):
    report = forms.CharField(
        label="办理情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
