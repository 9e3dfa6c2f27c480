"""The second factor's forms: a six-digit code from the user's authenticator app."""

from __future__ import annotations

from django import forms


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="动态验证码",
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "required": "请输入验证器应用显示的6位数字",
            "invalid": "验证码应为6位数字，请查看验证器应用后重新输入",
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 8}
        ),
    )

    def cleaned_code(self) -> str:
        return self.cleaned_data["code"].strip()
