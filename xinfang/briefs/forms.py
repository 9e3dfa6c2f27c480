from __future__ import annotations

from django import forms

from xinfang.briefs.models import BriefKind


class DraftForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=BriefKind.choices)
    month = forms.CharField(
        label="月份", widget=forms.DateInput(attrs={"type": "month"}), help_text="按该月数据起草"
    )

    def clean_month(self):
        text = self.cleaned_data["month"]
        try:
            year, month = (int(x) for x in text.split("-"))
        except ValueError as exc:
            raise forms.ValidationError("请选择月份，如 2026-03") from exc
        return year, month


class EditForm(forms.Form):
    title = forms.CharField(label="标题", max_length=80)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 18}))
