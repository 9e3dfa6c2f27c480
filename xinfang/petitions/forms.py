"""Forms for registering and finding petitions. Rules live in drafts.validate; the forms
parse input and put the domain's messages back on the right field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from xinfang.classes.models import ContentClass
from xinfang.classes.queries import class_choices, subtree_ids
from xinfang.lib import timesource
from xinfang.petitions import drafts
from xinfang.petitions.models import (
    Channel,
    IdType,
    MatterStatus,
    PetitionerKind,
    Purpose,
    Sex,
)
from xinfang.petitions.queries import FLAG_FIELDS, PetitionFilter, access_matter
from xinfang.regions.models import Level, Region, Unit
from xinfang.regions.queries import region_choices


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


FLAG_LABELS = {
    "is_overlevel": "越级",
    "is_abnormal": "非正常",
    "is_urgent": "重大紧急",
    "is_law_related": "涉法涉诉",
    "is_accusation": "检举控告",
    "is_anonymous": "匿名",
    "is_joint": "联名",
    "consent_public": "同意公开",
}


class RegistrationForm(forms.Form):
    """The petition itself; petitioners come in PetitionerFormSet."""

    channel = forms.ChoiceField(label="信访形式", choices=Channel.choices)
    received_on = forms.DateField(
        label="收到日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    lodged_with = forms.CharField(label="受理机关", max_length=80, required=False)
    level = forms.ChoiceField(label="登记层级", choices=Level.choices)
    petitioner_count = forms.IntegerField(label="信访人数", min_value=1, initial=1)
    people_concerned = forms.IntegerField(label="涉及人数", min_value=1, required=False)
    region = forms.TypedChoiceField(
        label="问题属地", coerce=int, widget=forms.Select(attrs={"data-filter": "输入地名筛选"})
    )
    title = forms.CharField(label="标题", max_length=drafts.TITLE_MAX)
    content = forms.CharField(
        label="反映内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=drafts.CONTENT_MAX
    )
    demands = forms.CharField(
        label="诉求",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=drafts.DEMANDS_MAX,
    )
    purpose = forms.ChoiceField(label="信访目的", choices=Purpose.choices, initial=Purpose.REQUEST)
    content_class = forms.TypedChoiceField(
        label="内容分类", coerce=int,
        widget=forms.Select(attrs={"data-filter": "输入关键字筛选分类，如：物业"}),
        help_text="只列出收到日期有效的分类",
    )  # fmt: skip
    accused_name = forms.CharField(label="被反映人姓名", max_length=60, required=False)
    accused_unit_name = forms.CharField(label="被反映人单位", max_length=80, required=False)
    accused_level = forms.CharField(label="被反映人级别", max_length=20, required=False)
    accused_unit = forms.ModelChoiceField(
        label="被反映单位（系统内）",
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        help_text="检举控告件不会转交此单位",
    )
    repeat_of = forms.CharField(
        label="重复件：关联事项编号",
        max_length=32,
        required=False,
        help_text="填写已有信访事项编号，本件将作为重信重访关联到该事项",
    )
    attachments = MultipleFileField(label="附件", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        today = timesource.today()
        self.fields["region"].choices = [("", "请选择")] + region_choices()
        self.fields["content_class"].choices = [("", "请选择")] + class_choices(today)
        self.fields["received_on"].initial = today
        if user.unit_id:
            self.fields["lodged_with"].initial = user.unit.name
            self.fields["level"].initial = user.unit.level
            if user.region_id:
                self.fields["region"].initial = user.region_id
        for name, label in FLAG_LABELS.items():
            self.fields[name] = forms.BooleanField(label=label, required=False)

    def flag_fields(self):
        return [self[name] for name in FLAG_LABELS]

    def clean_repeat_of(self):
        number = self.cleaned_data["repeat_of"].strip().upper()
        if not number:
            return None
        try:
            return access_matter(self.user, number)
        except Exception as exc:
            raise ValidationError("没有找到该信访事项，或您无权查看") from exc

    def clean_region(self):
        region = Region.objects.filter(pk=self.cleaned_data["region"]).first()
        if region is None:
            raise ValidationError("问题属地不存在")
        return region

    def clean_content_class(self):
        node = ContentClass.objects.filter(pk=self.cleaned_data["content_class"]).first()
        if node is None:
            raise ValidationError("内容分类不存在")
        return node


class PetitionerForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", choices=PetitionerKind.choices, initial=PetitionerKind.PERSON
    )
    name = forms.CharField(label="姓名或名称", max_length=80, required=False)
    sex = forms.ChoiceField(
        label="性别", choices=[("", "—"), (Sex.MALE, "男"), (Sex.FEMALE, "女")], required=False
    )
    id_type = forms.ChoiceField(
        label="证件类型", choices=IdType.choices, initial=IdType.RESIDENT_ID
    )
    id_number = forms.CharField(label="证件号码", max_length=32, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    household_place = forms.CharField(label="户籍地", max_length=80, required=False)
    residence_place = forms.CharField(label="常住地", max_length=80, required=False)
    address = forms.CharField(label="住址", max_length=120, required=False)
    occupation = forms.CharField(label="职业", max_length=40, required=False)
    is_main = forms.BooleanField(label="主信访人", required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(n) for n in ("name", "id_number", "phone", "address"))


PetitionerFormSet = forms.formset_factory(
    PetitionerForm, extra=0, min_num=1, max_num=50, validate_max=True
)


def build_draft(form: RegistrationForm, people: list[PetitionerForm]) -> drafts.PetitionDraft:
    data = form.cleaned_data
    names = [f.name for f in drafts.PetitionDraft.__dataclass_fields__.values()]
    values = {n: data[n] for n in names if n in data and n not in ("petitioners", "attachments")}
    values["lodged_with"] = (data.get("lodged_with") or "").strip()
    return drafts.PetitionDraft(
        **values,
        attachments=data.get("attachments") or [],
        petitioners=[drafts.PetitionerDraft(**p.cleaned_data) for p in people if not p.is_blank()],
    )


def people_errors(form: RegistrationForm, formset, today) -> dict[str, list[str]]:
    """The petitioners' own errors while the case part of the form has errors of its own
    (`drafts.check_people`); nothing when the petitioners' fields are not clean yet."""
    if not formset.is_valid():
        return {}
    data = form.cleaned_data  # the case fields that are valid
    return drafts.check_people(
        [drafts.PetitionerDraft(**p.cleaned_data) for p in formset.forms if not p.is_blank()],
        channel=data.get("channel", ""),
        today=today,
        is_anonymous=data.get("is_anonymous", False),
    )


def apply_errors(form: RegistrationForm, formset, errors: dict[str, list[str]]) -> None:
    """Put the domain's field errors back on the form and formset fields."""
    kept = [f for f in formset.forms if not f.is_blank()]
    for key, messages in errors.items():
        if key.startswith("petitioners-") and key.count("-") == 2:
            _, index, field = key.split("-")
            target = kept[int(index)] if int(index) < len(kept) else None
            for message in messages:
                if target is not None and field in target.fields:
                    target.add_error(field, message)
                else:
                    form.add_error(None, message)
        elif key == "petitioners":
            for message in messages:
                form.add_error(None, message)
        else:
            for message in messages:
                form.add_error(key if key in form.fields else None, message)


class PetitionFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=60,
        widget=forms.TextInput(
            attrs={"placeholder": "姓名、证件号码、电话、编号或末4位、标题或内容", "type": "search"}
        ),
    )
    channel = forms.ChoiceField(
        label="信访形式", choices=[("", "全部")] + Channel.choices, required=False
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部")] + MatterStatus.choices, required=False
    )
    content_class = forms.TypedChoiceField(
        label="内容分类", coerce=int, required=False, empty_value=None
    )
    region = forms.TypedChoiceField(label="问题属地", coerce=int, required=False, empty_value=None)
    unit = forms.ModelChoiceField(
        label="单位",
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        empty_label="全部",
    )
    received_from = forms.DateField(
        label="收到日期从",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    received_to = forms.DateField(
        label="至",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    repeat = forms.ChoiceField(
        label="初/重",
        choices=[("", "全部"), ("first", "初信初访"), ("repeat", "重信重访")],
        required=False,
    )
    due = forms.ChoiceField(
        label="期限",
        choices=[("", "全部"), ("late", "已超期"), ("soon", "即将到期")],
        required=False,
    )
    flags = forms.MultipleChoiceField(
        label="标记",
        choices=[(f, FLAG_LABELS[f]) for f in FLAG_FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_class"].choices = [("", "全部")] + class_choices(timesource.today())
        self.fields["region"].choices = [("", "全部")] + region_choices()

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", "结束日期不能早于开始日期")
        return data

    def to_filter(self) -> PetitionFilter:
        data = self.cleaned_data if self.is_valid() else {}
        node = (
            ContentClass.objects.filter(pk=data.get("content_class")).first()
            if data.get("content_class")
            else None
        )
        region = (
            Region.objects.filter(pk=data.get("region")).first() if data.get("region") else None
        )
        unit = data.get("unit")
        return PetitionFilter(
            channel=data.get("channel", ""),
            status=data.get("status", ""),
            content_class_ids=subtree_ids(node) if node else None,
            region=region,
            unit_id=unit.pk if unit else None,
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            flags=tuple(data.get("flags", ())),
            text=data.get("q", ""),
            repeat=data.get("repeat", ""),
            due=data.get("due", ""),
        )


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="查看人", required=False, max_length=40)
    since = forms.DateField(
        label="日期从", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="至", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("开始日期不能晚于结束日期")
        return data


class CorrectionForm(forms.Form):
    """更正登记信息: the registration's correctable fields and the reason (the rules are
    intake.corrections')."""

    title = forms.CharField(label="标题", max_length=drafts.TITLE_MAX)
    content = forms.CharField(
        label="反映内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=drafts.CONTENT_MAX
    )
    channel = forms.ChoiceField(label="信访形式", choices=Channel.choices)
    received_on = forms.DateField(
        label="收到日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    petitioner_count = forms.IntegerField(label="信访人数", min_value=1)
    region = forms.TypedChoiceField(label="问题属地", coerce=int)
    content_class = forms.TypedChoiceField(label="内容分类", coerce=int)
    reason = forms.CharField(
        label="更正原因", max_length=200, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="将记入办理日志，如：收到日期录错",
    )  # fmt: skip

    def __init__(self, *args, petition, **kwargs):
        initial = {
            "title": petition.title, "content": petition.content, "channel": petition.channel,
            "received_on": petition.received_on, "petitioner_count": petition.petitioner_count,
            "region": petition.region_id, "content_class": petition.content_class_id,
        }  # fmt: skip
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["region"].choices = region_choices()
        self.fields["content_class"].choices = class_choices(petition.received_on)

    def clean_region(self):
        return RegistrationForm.clean_region(self)

    def clean_content_class(self):
        return RegistrationForm.clean_content_class(self)

    def changes(self) -> dict:
        """The fields whose value differs from the form's initial one."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name != "reason"}


class MergeForm(forms.Form):
    matter = forms.CharField(
        label="并入的事项编号", max_length=32, help_text="本件所重复的、更早登记的信访事项编号"
    )
    reason = forms.CharField(label="并入原因", max_length=200)
