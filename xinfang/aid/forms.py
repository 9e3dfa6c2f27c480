"""Forms of aid: they parse input; the rules live in the actions."""

from __future__ import annotations

from django import forms

from xinfang.aid.models import AidSource, AidStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AidForm(forms.Form):
    matter = forms.CharField(
        label="关联信访事项编号", max_length=32, required=False,
        help_text="可不填；关联后地区取该事项的问题属地",
    )  # fmt: skip
    region = forms.ModelChoiceField(label="地区", queryset=None, required=False)
    source = forms.ChoiceField(label="救助来源", choices=AidSource.choices)
    amount = forms.DecimalField(label="金额（元）", max_digits=12, decimal_places=2, min_value=0)
    given_on = forms.DateField(label="救助日期", widget=DATE)
    people = forms.IntegerField(label="救助人数", min_value=1, initial=1)
    recipient_name = forms.CharField(label="受助信访人", max_length=80)
    note = forms.CharField(
        label="救助事由", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    has_agreement = forms.BooleanField(label="签订息访协议", required=False)
    agreement = forms.FileField(
        label="息访协议文件", required=False, help_text="PDF 或照片；上传后即视为已签订"
    )

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="审批",
        choices=[("approve", "批准"), ("reject", "不予批准")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="审批意见", max_length=200, required=False)


class AgreementForm(forms.Form):
    agreement = forms.FileField(label="息访协议文件", help_text="PDF 或照片")


class FilterForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
    status = forms.ChoiceField(
        label="审批状态", choices=[("", "全部"), *AidStatus.choices], required=False
    )
