from __future__ import annotations

from django import forms

from xinfang.documents.models import DocumentKind


class PatternForm(forms.Form):
    kind = forms.ChoiceField(label="文书", choices=DocumentKind.choices)
    pattern = forms.CharField(
        label="文号格式",
        max_length=60,
        help_text="用 {year} 表示年度、{seq} 表示序号，如：怀信访告〔{year}〕{seq}号",
    )
