from __future__ import annotations

from django.conf import settings
from django.db import models

from xinfang.holidays.calendar import Measure


class ClockKind(models.TextChoices):
    """The statutory clocks a matter can carry (《信访工作条例》)."""

    DISPOSE = "dispose", "登记处理（转送/交办/直接办理）"  # 第22条: 15日 from receipt
    ACCEPT_NOTICE = "accept_notice", "受理告知"  # 第23条: 15日
    HANDLE = "handle", "办理答复"  # 第34条: 60日 from 受理
    HANDLE_FAST = "handle_fast", "简易办理答复"  # 10工作日
    EXTENSION = "extension", "延期办理"  # 第34条: at most 30日, once
    REVIEW_WINDOW = "review_window", "申请复查期限"  # 第35条: petitioner has 30日
    REVIEW = "review", "复查"  # 第35条: 30日
    REREVIEW_WINDOW = "rereview_window", "申请复核期限"  # 第36条: petitioner has 30日
    REREVIEW = "rereview", "复核"  # 第36条: 30日, hearing time not counted
    RATING_WINDOW = "rating_window", "满意度评价期限"


# Windows are the petitioner's time, not an office's duty: when they lapse nobody is late.
WINDOW_KINDS = (ClockKind.REVIEW_WINDOW, ClockKind.REREVIEW_WINDOW, ClockKind.RATING_WINDOW)


class TimeLimit(models.Model):
    """A configurable limit; the 条例's values are the defaults (a province may set its own)."""

    kind = models.CharField("时限", max_length=20, choices=ClockKind.choices, unique=True)
    amount = models.PositiveSmallIntegerField("时长")
    measure = models.CharField("计算单位", max_length=10, choices=Measure.choices)
    warn_days = models.PositiveSmallIntegerField("提前预警（天）", default=3)
    serious_days = models.PositiveSmallIntegerField("严重超期（超期天数）", default=15)

    class Meta:
        verbose_name = verbose_name_plural = "办理时限"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.amount}{self.get_measure_display()}"


class ClockState(models.TextChoices):
    RUNNING = "running", "计时中"
    PAUSED = "paused", "暂停"
    MET = "met", "按期完成"
    LATE = "late", "已超期"
    LATE_MET = "late_met", "超期完成"
    LAPSED = "lapsed", "期满"
    CANCELLED = "cancelled", "已取消"


class Clock(models.Model):
    """One running statutory limit of a matter, with the dates it was set and met."""

    matter = models.ForeignKey("petitions.Matter", models.CASCADE, related_name="clocks")
    kind = models.CharField("时限", max_length=20, choices=ClockKind.choices)
    unit = models.ForeignKey(
        "regions.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="责任单位",
    )
    amount = models.PositiveSmallIntegerField("时长")
    measure = models.CharField("计算单位", max_length=10, choices=Measure.choices)
    started_on = models.DateField("起算日")
    due_on = models.DateField("到期日")
    provisional = models.BooleanField("暂定", default=False)
    state = models.CharField(
        "状态", max_length=10, choices=ClockState.choices, default=ClockState.RUNNING
    )
    met_on = models.DateField("完成日期", null=True, blank=True)
    paused_on = models.DateField("暂停日期", null=True, blank=True)
    # Set by the tick run that claimed the row, so two workers never act on it twice.
    warned_at = models.DateTimeField(null=True, blank=True)
    late_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True, db_index=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = verbose_name_plural = "时限"
        indexes = [models.Index(fields=["state", "due_on"], name="clock_state_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 至 {self.due_on}"


class StepKind(models.TextChoices):
    """办理方式 and the other records of handling, one row each on the matter."""

    FORWARD = "forward", "转送"
    ASSIGN = "assign", "交办"
    ANSWER_DIRECTLY = "answer_directly", "直接答复"
    NOT_ACCEPT = "not_accept", "不予受理"
    NOT_REACCEPT = "not_reaccept", "不再受理"
    FILE = "file", "存档"
    ACCEPT = "accept", "受理告知"
    OBJECT = "object", "异议退回"
    NOTE = "note", "办理记录"
    SITE_VISIT = "site_visit", "实地调查"
    HEARING = "hearing", "听证"
    MEDIATION = "mediation", "调解/和解"
    EXTEND = "extend", "延期"
    ANSWER = "answer", "信访处理意见书"
    REQUEST_REVIEW = "request_review", "申请复查"
    REVIEW_DECISION = "review_decision", "复查意见"
    REQUEST_REREVIEW = "request_rereview", "申请复核"
    REREVIEW_DECISION = "rereview_decision", "复核意见"
    TERMINATE = "terminate", "终结"
    SETTLE = "settle", "案结事了"
    STOP = "stop", "息访"
    URGE = "urge", "催办"
    SUPERVISE = "supervise", "督办"
    REASSIGN = "reassign", "改派"
    WITHDRAW = "withdraw", "撤回"


class Outcome(models.TextChoices):
    """The 信访处理意见书's decision (第32条)."""

    SUPPORT = "support", "支持"
    EXPLAIN = "explain", "解释说明"
    REJECT = "reject", "不予支持"


class Delivery(models.TextChoices):
    IN_PERSON = "in_person", "当面送达"
    POST = "post", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"


class Termination(models.TextChoices):
    """多渠道终结."""

    LAWFUL = "lawful", "依法终结"
    SUSPENDED = "suspended", "程序中止"
    AGREEMENT = "agreement", "协议化解"
    HEARING = "hearing", "听证终结"
    AID = "aid", "救助息访"


class Step(models.Model):
    """A record of handling: destination, method, opinion, handler, dates, delivery, reaction."""

    matter = models.ForeignKey(
        "petitions.Matter", models.CASCADE, related_name="steps",
        db_index=False,  # the (matter, kind) index leads with it
    )  # fmt: skip
    kind = models.CharField("办理方式", max_length=20, choices=StepKind.choices)
    unit = models.ForeignKey(
        "regions.Unit", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="单位"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="经办人"
    )
    on = models.DateField("日期")
    created_at = models.DateTimeField()
    text = models.TextField("意见或内容", blank=True)
    outcome = models.CharField("处理结果", max_length=10, choices=Outcome.choices, blank=True)
    facts = models.TextField("查明事实", blank=True)
    legal_basis = models.TextField("法律政策依据", blank=True)
    delivery = models.CharField("送达方式", max_length=12, choices=Delivery.choices, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    reaction = models.CharField("信访人意见", max_length=200, blank=True)
    approver = models.CharField("批准人", max_length=40, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = "办理记录"
        indexes = [models.Index(fields=["matter", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class RatingTarget(models.TextChoices):
    BUREAU = "bureau", "信访部门"
    UNIT = "unit", "责任单位"


class Rating(models.Model):
    """The petitioner's rating of the bureau and of the responsible unit (one row each)."""

    matter = models.ForeignKey("petitions.Matter", models.CASCADE, related_name="ratings")
    target = models.CharField("评价对象", max_length=10, choices=RatingTarget.choices)
    unit = models.ForeignKey(
        "regions.Unit", models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.CharField("评价", max_length=14, choices=Satisfaction.choices)
    reason = models.CharField("理由", max_length=300, blank=True)
    rated_on = models.DateField("评价日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        help_text="工作人员代录时填写；信访人网上评价为空",
    )  # fmt: skip

    class Meta:
        verbose_name = verbose_name_plural = "满意度评价"
        constraints = [
            models.UniqueConstraint(fields=["matter", "target"], name="one_rating_per_target")
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()}：{self.get_level_display()}"


class SupervisionNotice(models.Model):
    """A 督办 notice to a seriously late unit; it stays open until the unit replies in writing."""

    matter = models.ForeignKey(
        "petitions.Matter", models.CASCADE, related_name="supervision_notices"
    )
    clock = models.ForeignKey(Clock, models.CASCADE, related_name="notices")
    unit = models.ForeignKey(
        "regions.Unit", models.PROTECT, related_name="+", verbose_name="被督办单位"
    )
    issued_at = models.DateTimeField("督办时间")
    text = models.TextField("督办意见")
    reply = models.TextField("书面回复", blank=True)
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = verbose_name_plural = "督办单"

    def __str__(self) -> str:
        return f"督办 {self.matter.number}"
