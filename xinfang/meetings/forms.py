"""Forms of joint meetings: they parse what was typed; the rules live in the actions."""

from __future__ import annotations

import re

from django import forms

from xinfang.meetings.models import DecisionStatus, MeetingKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="会议类型", choices=MeetingKind.choices)
    group = forms.TypedChoiceField(label="专项小组", required=False, coerce=int, empty_value=None,
                                   help_text="专项小组会议必选")  # fmt: skip
    region = forms.TypedChoiceField(label="所属区划", coerce=int)
    convener = forms.TypedChoiceField(label="召集单位", coerce=int)
    held_on = forms.DateField(label="会议日期", widget=DATE)
    place = forms.CharField(label="会议地点", max_length=80)
    chair = forms.CharField(label="主持人", max_length=60, help_text="职务和姓名")
    topic = forms.CharField(label="会议议题", max_length=120)
    attendees = forms.TypedMultipleChoiceField(
        label="参会单位", coerce=int, widget=forms.CheckboxSelectMultiple
    )
    matters = forms.CharField(
        label="研究的信访事项", required=False, max_length=2000,
        help_text="填写事项编号，多个以空格或逗号分隔",
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    summary = forms.CharField(
        label="会议纪要", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, groups, regions, conveners, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "（联席会议不选）")] + groups
        self.fields["region"].choices = regions
        self.fields["convener"].choices = conveners
        self.fields["attendees"].choices = attendees

    def clean_matters(self) -> list[str]:
        raw = self.cleaned_data["matters"]
        return [n for n in re.split(r"[\s,，、;；]+", raw) if n]


class DecisionForm(forms.Form):
    text = forms.CharField(
        label="决定事项", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    unit = forms.TypedChoiceField(label="责任单位", coerce=int)
    days = forms.IntegerField(label="办理时限（工作日）", min_value=1, max_value=120,
                              help_text="自会议日期起算，节假日顺延")  # fmt: skip
    matter = forms.TypedChoiceField(label="涉及事项", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, units, matters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "请选择")] + units
        self.fields["matter"].choices = [("", "（不涉及具体事项）")] + matters


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(
        label="落实情况",
        choices=[(DecisionStatus.UNDER_WAY.value, "落实中"), (DecisionStatus.DONE.value, "已落实")],
    )
    on = forms.DateField(label="日期", widget=DATE)
    text = forms.CharField(label="说明", max_length=500)


class GroupForm(forms.Form):
    name = forms.CharField(label="小组名称", max_length=80, help_text="如：征地拆迁专项小组")
    region = forms.TypedChoiceField(label="所属区划", coerce=int)
    content_class = forms.TypedChoiceField(label="热点分类", coerce=int)
    lead_unit = forms.TypedChoiceField(label="牵头单位", coerce=int)
    members = forms.TypedMultipleChoiceField(
        label="成员单位", coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, regions, classes, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions
        self.fields["content_class"].choices = [("", "请选择")] + classes
        self.fields["lead_unit"].choices = [("", "请选择")] + units
        self.fields["members"].choices = units
