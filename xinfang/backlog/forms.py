"""Forms of backlog work: they parse input; the rules live in the actions."""

from __future__ import annotations

from django import forms

from xinfang.backlog.models import Ending, FollowUpKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MarkForm(forms.Form):
    reason = forms.CharField(
        label="列为积案原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：多次答复仍反复信访，诉求涉及征拆补偿未落实",
    )  # fmt: skip
    marked_on = forms.DateField(
        label="列为积案日期", required=False, widget=DATE, help_text="不填为今天"
    )


class EndForm(forms.Form):
    ending = forms.ChoiceField(label="终结方式", choices=Ending.choices)
    ended_on = forms.DateField(
        label="化解日期", required=False, widget=DATE, help_text="不填为今天"
    )
    note = forms.CharField(
        label="化解情况", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label="方式", choices=FollowUpKind.choices)
    plan = forms.CharField(label="计划内容", max_length=300)
    due_workdays = forms.IntegerField(
        label="期限（工作日）", required=False, min_value=1,
        help_text="按节假日安排计算工作日；与“指定日期”二选一",
    )  # fmt: skip
    due_on = forms.DateField(label="或指定日期", required=False, widget=DATE)


class DoneForm(forms.Form):
    note = forms.CharField(label="完成情况", max_length=300)
    done_on = forms.DateField(label="完成日期", required=False, widget=DATE, help_text="不填为今天")


class FlagForm(forms.Form):
    note = forms.CharField(label="帮扶说明", max_length=200, required=False)


class CampaignForm(forms.Form):
    name = forms.CharField(label="活动名称", max_length=60, initial="信访积案化解百日会战")
    region = forms.ModelChoiceField(label="地区", queryset=None)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class ListForm(forms.Form):
    backlog = forms.ModelChoiceField(label="积案", queryset=None)
    owner = forms.ModelChoiceField(
        label="包案责任人", queryset=None, required=False,
        help_text="不选则为该事项现任包案领导",
    )  # fmt: skip

    def __init__(self, *args, backlogs=None, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["backlog"].queryset = backlogs
        self.fields["backlog"].label_from_instance = lambda b: (
            f"{b.matter.number} {b.matter.title[:30]}"
        )
        self.fields["owner"].queryset = leaders


class StateForm(forms.Form):
    state = forms.ChoiceField(
        label="状态",
        choices=[("open", "未化解"), ("ended", "已化解"), ("all", "全部")],
        required=False,
    )
