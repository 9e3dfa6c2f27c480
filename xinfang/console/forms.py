"""Forms of 系统管理: they parse input; the rules live in the owning apps' actions."""

from __future__ import annotations

from django import forms

from xinfang.accounts.models import Role
from xinfang.regions.models import Level, Region, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UserForm(forms.Form):
    username = forms.CharField(label="登录名", max_length=40, required=False)
    full_name = forms.CharField(label="姓名", max_length=40)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    unit = forms.ModelChoiceField(
        label="所在单位", queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"data-filter": "输入单位名称筛选"}),
    )  # fmt: skip
    region = forms.ModelChoiceField(
        label="管辖区划", queryset=Region.objects.none(), required=False,
        help_text="可查看问题属地在此区划及其下级的信访件；部门工作人员可不填",
    )  # fmt: skip
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    may_handle_accusations = forms.BooleanField(label="可办理检举控告件", required=False)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, actor, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True).select_related("region")
        regions = Region.objects.exclude(level=Level.NATIONAL)
        if actor.region_id:
            units = units.filter(region__path__startswith=actor.region.path)
            regions = regions.filter(path__startswith=actor.region.path)
        self.fields["unit"].queryset = units.order_by("region__code", "kind", "name")
        self.fields["region"].queryset = regions.order_by("code")
        if creating:
            self.fields["username"].required = True
        else:
            del self.fields["username"]


class UnitForm(forms.Form):
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    address = forms.CharField(label="办公地址", max_length=120, required=False)
    hours = forms.CharField(label="接待时间", max_length=80, required=False)
    duties = forms.CharField(label="主要职责", max_length=200, required=False)
    is_active = forms.BooleanField(label="启用", required=False)


class DayForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE)
    is_workday = forms.TypedChoiceField(
        label="安排", choices=[("0", "休息（节假日）"), ("1", "上班（调休）")],
        coerce=lambda v: v == "1",
    )  # fmt: skip
    note = forms.CharField(label="说明", max_length=40, required=False)


class YearForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100, required=False)


class ClassSearchForm(forms.Form):
    q = forms.CharField(label="名称或代码", max_length=40, required=False)
    hide_retired = forms.BooleanField(label="不显示已停用的分类", required=False)


class ClassForm(forms.Form):
    """A class's name, keywords and order, and its code when adding (the parent is the
    one the tree's 新增下级 named)."""

    code = forms.CharField(
        label="分类代码", max_length=12, help_text="上级代码加两位数字，保存后不能修改",
        error_messages={"required": "请填写分类代码"},
    )  # fmt: skip
    name = forms.CharField(
        label="分类名称", max_length=40, error_messages={"required": "请填写分类名称"}
    )
    keywords = forms.CharField(
        label="关键词", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="用空格分隔，供登记时自动分类参考",
    )  # fmt: skip
    sort = forms.IntegerField(label="排序", min_value=0, max_value=9999, required=False)

    def __init__(self, *args, adding: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not adding:  # the code stays what petitions and statistics know it by
            del self.fields["code"]


class RetireForm(forms.Form):
    last_day = forms.DateField(
        label="停用日期", widget=DATE, error_messages={"required": "请填写停用日期"},
        help_text="该日为最后有效日；收到日期在此之后的信访件不能再选此分类",
    )  # fmt: skip
