"""An action's refusal shown on a form: on the field it names, or on the form as a whole."""

from django import forms

from xinfang.lib.errors import DomainError, Invalid, show_on_form


class NoteForm(forms.Form):
    title = forms.CharField()
    name = forms.CharField(required=False)


def _bound() -> NoteForm:
    form = NoteForm({"title": "会议纪要"})
    assert form.is_valid()
    return form


def test_a_refusal_naming_a_field_of_the_form_lands_on_that_field():
    form = _bound()
    show_on_form(form, DomainError("标题已被使用", field="title"))
    assert form.errors == {"title": ["标题已被使用"]}


def test_a_refusal_naming_no_field_of_the_form_lands_on_the_form():
    form = _bound()
    show_on_form(form, DomainError("该事项已办结，不能再修改", field="matter"))
    assert form.non_field_errors() == ["该事项已办结，不能再修改"]


def test_every_message_of_an_invalid_input_is_shown():
    form = _bound()
    show_on_form(form, Invalid({"title": ["标题过长", "标题含有非法字符"], "": ["请重新填写"]}))
    assert form.errors["title"] == ["标题过长", "标题含有非法字符"]
    assert form.non_field_errors() == ["请重新填写"]


def test_prefixed_field_names_are_renamed_to_the_forms_own():
    form = _bound()
    show_on_form(
        form,
        Invalid({"petitioners-0-name": ["请填写姓名"]}),
        rename=lambda field: field.rsplit("-", 1)[-1],
    )
    assert form.errors == {"name": ["请填写姓名"]}
