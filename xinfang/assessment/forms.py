from __future__ import annotations

from django import forms

from xinfang.stats.models import Comparator, Indicator

MONTHS = range(1, 13)


class AgreementForm(forms.Form):
    owner = forms.ChoiceField(label="责任地区或单位")
    year = forms.IntegerField(label="年度")
    title = forms.CharField(label="名称", max_length=80)
    issuer_name = forms.CharField(label="下达单位（甲方）", max_length=80)
    responsible = forms.CharField(label="责任人（乙方）", max_length=80, required=False)
    signed_on = forms.DateField(
        label="签订日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label="考核要求", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, owners=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["owner"]
            del self.fields["year"]
        else:
            self.fields["owner"].choices = [("", "请选择")] + list(owners or [])


class GoalForm(forms.Form):
    indicator = forms.ChoiceField(label="考核指标", choices=Indicator.choices)
    comparator = forms.ChoiceField(label="要求", choices=Comparator.choices)
    value = forms.CharField(label="目标值（人次、批次或%）", max_length=20)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for month in MONTHS:
            self.fields[f"m{month}"] = forms.CharField(
                label=f"{month}月", max_length=12, required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
            )  # fmt: skip

    def month_fields(self):
        return [self[f"m{month}"] for month in MONTHS]

    def monthly(self) -> dict[int, str]:
        return {month: self.cleaned_data.get(f"m{month}") or "" for month in MONTHS}


class RuleForm(forms.Form):
    indicator = forms.ChoiceField(label="考核指标", choices=Indicator.choices)
    weight = forms.CharField(label="分值", max_length=10)
    deduction = forms.CharField(
        label="扣分标准（每超1人次或每低1个百分点）", max_length=10, required=False
    )
    is_veto = forms.BooleanField(label="一票否决", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100,
        widget=forms.NumberInput(attrs={"style": "width: 7em"}),
    )  # fmt: skip
