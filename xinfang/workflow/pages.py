"""The step pages: for each action, its form, how the form's data reach the action, and the
words on the page. One table, so the UI offers exactly the machine's actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xinfang.workflow import actions, forms
from xinfang.workflow.machine import Action


@dataclass(frozen=True)
class StepPage:
    form: type
    run: Callable  # (user, matter, cleaned_data) -> Matter
    hint: str = ""
    danger: bool = False
    # The steps that decide or answer the matter open the petition's text above their form:
    # a 处理意见书 answers the 诉求, and the clerk should not need a second tab to read it.
    reads_text: bool = False


def _answer(fn):
    return lambda user, matter, d: fn(
        user, matter, outcome=d["outcome"], text=d["text"], facts=d["facts"], legal_basis=d["legal_basis"],
        delivery=d["delivery"], delivered_on=d["delivered_on"], reaction=d["reaction"],
    )  # fmt: skip


PAGES: dict[str, StepPage] = {
    Action.FORWARD: StepPage(
        forms.ForwardForm,
        lambda u, m, d: actions.forward(u, m, d["unit"], assisting=d["assisting"], note=d["note"]),
        "转送有权处理的责任单位（第22条），责任单位应在15日内告知信访人是否受理。",
        reads_text=True,
    ),
    Action.ASSIGN: StepPage(
        forms.ForwardForm,
        lambda u, m, d: actions.forward(
            u, m, d["unit"], assign=True, assisting=d["assisting"], note=d["note"]
        ),
        "交办：责任单位办理后须向信访部门报告办理结果。",
        reads_text=True,
    ),
    Action.ANSWER_DIRECTLY: StepPage(
        forms.AnswerForm,
        _answer(actions.answer_directly),
        "信访部门直接出具处理意见。",
        reads_text=True,
    ),
    Action.NOT_ACCEPT: StepPage(
        forms.RefuseForm,
        lambda u, m, d: actions.refuse(u, m, reason=d["reason"], legal_unit=d["legal_unit"]),
        "应通过诉讼、仲裁、行政复议等途径解决的，告知信访人并转政法机关（诉访分离）。",
        danger=True,
        reads_text=True,
    ),
    Action.NOT_REACCEPT: StepPage(
        forms.ReasonForm,
        lambda u, m, d: actions.refuse(u, m, reason=d["reason"], again=True),
        "已经复核终结、以同一事实和理由再次提出的，不再受理（第36条）。",
        danger=True,
    ),
    Action.FILE: StepPage(
        forms.ReasonForm,
        lambda u, m, d: actions.file_away(u, m, reason=d["reason"]),
        "无需办理的来信存档。",
        danger=True,
    ),
    Action.ACCEPT: StepPage(
        forms.AcceptForm,
        lambda u, m, d: actions.accept(
            u, m, notice=d["notice"], delivery=d["delivery"], fast_track=d["fast_track"]
        ),
        "受理后应在60日内办结答复（简易办理10个工作日）。",
    ),
    Action.OBJECT: StepPage(
        forms.ReasonForm,
        lambda u, m, d: actions.object_to_transfer(u, m, reason=d["reason"]),
        "认为不属本单位职权的，应在收到之日起5个工作日内提出异议并退回（第23条）。",
        danger=True,
    ),
    Action.EXTEND: StepPage(
        forms.ExtendForm,
        lambda u, m, d: actions.extend(
            u, m, days=d["days"], reason=d["reason"], approver=d["approver"]
        ),
        "情况复杂的，经本单位负责人批准可延期一次，最长不超过30日，并告知信访人延期理由（第34条）。",
    ),
    Action.ANSWER: StepPage(
        forms.AnswerForm,
        _answer(actions.answer),
        "出具信访处理意见书：支持、解释说明或不予支持。",
        reads_text=True,
    ),
    Action.REQUEST_REVIEW: StepPage(
        forms.ReviewRequestForm,
        lambda u, m, d: actions.request_review(
            u,
            m,
            reviewing_unit=d["reviewing_unit"],
            reason=d["reason"],
            requested_on=d["requested_on"],
        ),
        "信访人自收到处理意见书之日起30日内可请求上一级机关复查（第35条）。",
    ),
    Action.DECIDE_REVIEW: StepPage(
        forms.DecisionForm,
        lambda u, m, d: actions.decide_review(u, m, outcome=d["outcome"], text=d["text"]),
        "复查机关应在30日内提出复查意见。",
        reads_text=True,
    ),
    Action.REQUEST_REREVIEW: StepPage(
        forms.ReviewRequestForm,
        lambda u, m, d: actions.request_rereview(
            u,
            m,
            reviewing_unit=d["reviewing_unit"],
            reason=d["reason"],
            requested_on=d["requested_on"],
        ),
        "信访人自收到复查意见之日起30日内可请求复核（第36条）。",
    ),
    Action.DECIDE_REREVIEW: StepPage(
        forms.DecisionForm,
        lambda u, m, d: actions.decide_rereview(u, m, outcome=d["outcome"], text=d["text"]),
        "复核意见为最终意见，事项终结。",
        reads_text=True,
    ),
    Action.TERMINATE: StepPage(
        forms.TerminateForm,
        lambda u, m, d: actions.terminate(u, m, method=d["method"], text=d["text"]),
        "多渠道终结：依法终结、程序中止、协议化解、听证终结、救助息访。",
        danger=True,
    ),
    Action.NOTE: StepPage(
        forms.NoteForm,
        lambda u, m, d: actions.add_note(u, m, kind=d["kind"], text=d["text"], on=d["on"]),
    ),
    Action.HEARING: StepPage(
        forms.HearingForm,
        lambda u, m, d: actions.hold_hearing(
            u, m, held_on=d["held_on"], ended_on=d["ended_on"], text=d["text"]
        ),
        "复核期间听证所需时间不计入复核期限。",
    ),
    Action.RATE: StepPage(
        forms.RateForm,
        lambda u, m, d: actions.rate(u, m, bureau=d["bureau"], unit=d["unit"], reason=d["reason"]),
        "代信访人录入满意度评价（电话回访、当面）。",
    ),
    Action.SETTLE: StepPage(
        forms.TextForm,
        lambda u, m, d: actions.mark_settled(u, m, text=d["text"]),
        "案结事了：问题已实际解决。",
    ),
    Action.STOP: StepPage(
        forms.TextForm,
        lambda u, m, d: actions.mark_stopped(u, m, text=d["text"]),
        "息访：信访人已停止信访。",
    ),
    Action.URGE: StepPage(
        forms.UrgeForm,
        lambda u, m, d: actions.urge(u, m, text=d["text"]),
        "催办：提醒责任单位抓紧办理，责任单位工作人员会收到通知。",
    ),
    Action.SUPERVISE: StepPage(
        forms.SuperviseForm,
        lambda u, m, d: actions.supervise(u, m, text=d["text"]),
        "督办：向责任单位发出督办单，责任单位须书面回复；未回复前不再重复督办。",
    ),
    Action.REASSIGN: StepPage(
        forms.ReassignForm,
        lambda u, m, d: actions.reassign(u, m, d["unit"], reason=d["reason"]),
        "改派：责任单位受理前，改由其他单位办理；15日受理告知期限重新计算。",
    ),
    Action.WITHDRAW: StepPage(
        forms.ReasonForm,
        lambda u, m, d: actions.withdraw(u, m, reason=d["reason"]),
        "撤回：责任单位受理前收回转送，由信访部门重新处理。",
        danger=True,
    ),
}
