"""Forms of village projects: they parse what was typed; the rules live in the actions."""

from __future__ import annotations

from django import forms

from xinfang.projects.models import Measure, ProjectKind, ProjectStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; the action checks each."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "multiple": True})

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(item, initial) for item in items]


def _choices(enum, blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + list(enum.choices)


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="项目类型", required=False, choices=_choices(ProjectKind, "全部")
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=_choices(ProjectStatus, "全部")
    )
    unit = forms.TypedChoiceField(label="挂点单位", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部")] + units


class ProjectForm(forms.Form):
    unit = forms.TypedChoiceField(label="挂点单位", coerce=int)
    region = forms.TypedChoiceField(label="所在区划", coerce=int)
    place = forms.CharField(
        label="村（屯）组", max_length=80, help_text="如：牛麻村牛麻一队移民新村"
    )
    name = forms.CharField(label="项目名称", max_length=120)
    kind = forms.ChoiceField(label="项目类型", choices=_choices(ProjectKind, "请选择"))
    measure = forms.ChoiceField(label="计量单位", choices=_choices(Measure, "请选择"))
    planned = forms.IntegerField(label="计划量", min_value=1)
    description = forms.CharField(
        label="项目概况", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["region"].choices = regions


class ProgressForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)
    done = forms.IntegerField(label="累计完成量", min_value=0)
    text = forms.CharField(
        label="进展情况", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = PhotosField(label="现场照片", required=False, help_text="jpg、png，最多9张")


class IssueForm(forms.Form):
    raised_on = forms.DateField(label="反映日期", widget=DATE)
    raised_by = forms.CharField(label="反映人", max_length=60, help_text="如：移民新村村民代表")
    text = forms.CharField(label="问题", max_length=500)


class ResolveForm(forms.Form):
    answer = forms.CharField(label="解决情况", max_length=500)


class LinkForm(forms.Form):
    number = forms.CharField(label="信访事项编号", required=False, max_length=32)
    dispute = forms.TypedChoiceField(label="矛盾纠纷", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, disputes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dispute"].choices = [("", "请选择")] + disputes
