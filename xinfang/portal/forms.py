"""Portal forms: parse what the petitioner typed; the rules are the staff intake's
(petitions.drafts.validate), whose messages go back on the same fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from xinfang.classes.models import ContentClass
from xinfang.classes.queries import class_choices
from xinfang.lib import timesource
from xinfang.petitions import drafts
from xinfang.petitions.forms import MultipleFileField
from xinfang.petitions.models import IdType, PetitionerKind, Purpose
from xinfang.regions.models import Level, Region
from xinfang.regions.queries import region_choices
from xinfang.workflow.models import Satisfaction

MAX_PORTAL_FILES = 5
YES_NO = [("no", "否"), ("yes", "是")]


def _region(pk) -> Region:
    region = Region.objects.filter(pk=pk).first()
    if region is None:
        raise ValidationError("问题属地不存在")
    return region


def _class(pk) -> ContentClass:
    node = ContentClass.objects.filter(pk=pk).first()
    if node is None:
        raise ValidationError("内容分类不存在")
    return node


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(
        label="信访人类型", choices=PetitionerKind.choices, initial=PetitionerKind.PERSON,
        widget=forms.RadioSelect,
    )  # fmt: skip
    name = forms.CharField(label="姓名或单位名称", max_length=80)
    id_number = forms.CharField(
        label="身份证号码或统一社会信用代码", max_length=32,
        help_text="个人填写18位身份证号码；单位填写18位统一社会信用代码",
    )  # fmt: skip
    phone = forms.CharField(label="手机号码", max_length=30, help_text="查询办理进度时需要后4位")
    region = forms.TypedChoiceField(label="问题属地", coerce=int)
    content_class = forms.TypedChoiceField(label="问题分类", coerce=int)
    purpose = forms.ChoiceField(label="信访目的", choices=Purpose.choices, initial=Purpose.REQUEST)
    title = forms.CharField(label="标题", max_length=drafts.TITLE_MAX)
    content = forms.CharField(
        label="反映内容", max_length=drafts.CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    demands = forms.CharField(
        label="诉求", max_length=drafts.DEMANDS_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    is_accusation = forms.ChoiceField(
        label="是否为检举控告", choices=YES_NO, widget=forms.RadioSelect,
        help_text="检举、揭发、控告的内容严格保密，不会公开，也不会转给被检举控告的人或单位",
    )  # fmt: skip
    accused_name = forms.CharField(label="被反映人姓名", max_length=60, required=False)
    accused_unit_name = forms.CharField(label="被反映人单位", max_length=80, required=False)
    consent_public = forms.BooleanField(
        label="同意公开", required=False,
        help_text="同意后，本件标题、内容和答复将在“公开信件”中公布（不含您的个人信息）",
    )  # fmt: skip
    attachments = MultipleFileField(
        label="附件", required=False,
        help_text=f"最多{MAX_PORTAL_FILES}个，PDF、JPG、PNG、DOC、DOCX、XLS、XLSX、TXT，每个不超过10MB",
    )  # fmt: skip
    answer = forms.CharField(label="验证题", max_length=4)
    token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "请选择")] + region_choices()
        self.fields["content_class"].choices = [("", "请选择")] + class_choices(timesource.today())

    def clean_region(self):
        return _region(self.cleaned_data["region"])

    def clean_content_class(self):
        return _class(self.cleaned_data["content_class"])

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_PORTAL_FILES:
            raise ValidationError(f"附件不能超过{MAX_PORTAL_FILES}个")
        return files

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError("提交失败")
        return ""

    def _person(self) -> drafts.PetitionerDraft:
        d = self.cleaned_data
        organisation = d["kind"] == PetitionerKind.ORGANISATION
        return drafts.PetitionerDraft(
            name=d["name"], kind=d["kind"],
            id_type=IdType.CREDIT_CODE if organisation else IdType.RESIDENT_ID,
            id_number=d["id_number"], phone=d["phone"], is_main=True,
        )  # fmt: skip

    def person_errors(self) -> dict[str, list[str]]:
        """The petitioner's own errors (ID number, phone) while other fields have errors of
        their own, so that every mistake is shown in one pass (`drafts.check_people`)."""
        if any(name not in self.cleaned_data for name in ("kind", "name", "id_number", "phone")):
            return {}
        return drafts.check_people([self._person()], channel="online", today=timesource.today())

    def draft(self) -> drafts.PetitionDraft:
        d = self.cleaned_data
        accusation = d["is_accusation"] == "yes"
        person = self._person()
        return drafts.PetitionDraft(
            channel="online", received_on=timesource.today(), level=Level.COUNTY,
            region=d["region"], content_class=d["content_class"], purpose=d["purpose"],
            title=d["title"], content=d["content"], demands=d["demands"],
            is_accusation=accusation, consent_public=d["consent_public"] and not accusation,
            accused_name=d["accused_name"], accused_unit_name=d["accused_unit_name"],
            petitioners=[person], attachments=d["attachments"],
        )  # fmt: skip


FIELD_NAMES = {"petitioners-0-name": "name", "petitioners-0-id_number": "id_number",
               "petitioners-0-phone": "phone", "petitioners-0-id_type": "id_number"}  # fmt: skip


def apply_errors(form: SubmitForm, errors: dict[str, list[str]]) -> None:
    for key, messages in errors.items():
        name = FIELD_NAMES.get(key, key)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class LookupForm(forms.Form):
    number = forms.CharField(label="信访件编号", max_length=32)
    code = forms.CharField(label="查询码", max_length=16)
    phone_last4 = forms.CharField(
        label="手机号码后4位", max_length=4, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip


class RateForm(forms.Form):
    bureau = forms.ChoiceField(
        label="对信访部门", choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    unit = forms.ChoiceField(
        label="对责任单位", choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="理由（不满意时必填）", max_length=300, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label="申请复查的理由", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class BoardFilterForm(forms.Form):
    q = forms.CharField(label="关键词", max_length=40, required=False)
    content_class = forms.TypedChoiceField(
        label="分类", coerce=int, required=False, empty_value=None
    )
    region = forms.TypedChoiceField(label="属地", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_class"].choices = [("", "全部")] + [
            (c.pk, c.name) for c in ContentClass.objects.filter(parent=None)
        ]
        self.fields["region"].choices = [("", "全部")] + region_choices()


class ScheduleFilterForm(forms.Form):
    region = forms.TypedChoiceField(label="地区", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "全部")] + region_choices()


class BookForm(forms.Form):
    """约访 booking: who comes, how to reach them, what about; the same challenge and
    honeypot as a submission."""

    name = forms.CharField(label="姓名", max_length=40)
    phone = forms.CharField(
        label="手机号码", max_length=30, help_text="信访部门如需调整时间会联系您"
    )
    topic = forms.CharField(
        label="反映的事项", max_length=200, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="简要说明要向领导反映的问题（200字以内）",
    )  # fmt: skip
    answer = forms.CharField(label="验证题", max_length=4)
    token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError("提交失败")
        return ""
