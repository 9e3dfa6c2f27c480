"""Forms of the dispute ledger: they parse what was typed; the rules live in the actions."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from xinfang.classes.models import ContentClass
from xinfang.classes.queries import class_choices
from xinfang.disputes.models import DisputeKind, DisputeStatus, Risk
from xinfang.petitions.models import Channel
from xinfang.regions.models import Region, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


def _choices(enum, blank: str = "全部") -> list[tuple[str, str]]:
    return [("", blank)] + list(enum.choices)


class FilterForm(forms.Form):
    """The ledger's filters (GET): status, type, risk, region, the month found."""

    status = forms.ChoiceField(label="状态", required=False, choices=_choices(DisputeStatus))
    kind = forms.ChoiceField(label="纠纷类型", required=False, choices=_choices(DisputeKind))
    risk = forms.ChoiceField(label="风险等级", required=False, choices=_choices(Risk))
    region = forms.TypedChoiceField(label="所在区划", required=False, coerce=int, empty_value=None)
    month = forms.DateField(label="排查月份", required=False, input_formats=["%Y-%m"], widget=MONTH)

    def __init__(self, *args, regions: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "全部")] + regions


class DisputeForm(forms.Form):
    unit = forms.TypedChoiceField(label="填报单位", coerce=int)
    region = forms.TypedChoiceField(label="所在区划", coerce=int)
    place = forms.CharField(label="村（社区）组", required=False, max_length=80,
                            help_text="如：铜湾镇白岩村三组")  # fmt: skip
    found_on = forms.DateField(label="排查日期", widget=DATE)
    title = forms.CharField(label="纠纷概要", max_length=120)
    kind = forms.ChoiceField(label="纠纷类型", choices=_choices(DisputeKind, "请选择"))
    risk = forms.ChoiceField(label="风险等级", choices=_choices(Risk, "请选择"))
    people = forms.IntegerField(label="涉及人数", min_value=1)
    parties = forms.CharField(label="当事人", max_length=300, help_text="多人以顿号分隔")
    responsible_person = forms.CharField(label="责任人", max_length=40)
    responsible_unit = forms.CharField(label="责任单位", max_length=80)
    details = forms.CharField(
        label="基本情况", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    measures = forms.CharField(label="化解措施", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="计划采取的措施；已实施的措施在纠纷页逐条记录")  # fmt: skip

    def __init__(self, *args, units, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["region"].choices = regions

    def clean_unit(self):
        return Unit.objects.select_related("region").get(pk=self.cleaned_data["unit"])

    def clean_region(self):
        return Region.objects.get(pk=self.cleaned_data["region"])


class MeasureForm(forms.Form):
    done_on = forms.DateField(label="日期", widget=DATE)
    done_by = forms.CharField(label="实施人", max_length=60, help_text="单位或姓名")
    text = forms.CharField(label="措施", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ConvertForm(forms.Form):
    """What registration needs beyond the dispute: how it came in, its class, who petitions."""

    channel = forms.ChoiceField(label="信访形式", choices=Channel.choices)
    content_class = forms.TypedChoiceField(label="内容分类", coerce=int)
    petitioner_count = forms.IntegerField(label="信访人数", min_value=1)
    name = forms.CharField(label="信访人姓名", max_length=40)
    id_number = forms.CharField(label="证件号码", max_length=30, required=False,
                                help_text="来访须填写身份证号码")  # fmt: skip
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    title = forms.CharField(label="标题", max_length=120)
    content = forms.CharField(label="反映内容", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_class"].choices = [("", "请选择")] + class_choices(today)

    def clean_content_class(self):
        node = ContentClass.objects.filter(pk=self.cleaned_data["content_class"]).first()
        if node is None:
            raise ValidationError("内容分类不存在")
        return node


class ImportForm(forms.Form):
    file = forms.FileField(label="台账文件", help_text="CSV（UTF-8 或 GBK）或 .xlsx，第1行为表头")
    dry_run = forms.BooleanField(label="只检查，不导入", required=False)
