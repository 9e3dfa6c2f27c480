from __future__ import annotations

from django.conf import settings
from django.db import models


class EventKind(models.TextChoices):
    PETITION_REGISTERED = "petition_registered", "登记信访件"
    MATTER_OPENED = "matter_opened", "新建信访事项"
    REPEAT_LINKED = "repeat_linked", "关联为重信重访"
    REPEAT_DISMISSED = "repeat_dismissed", "排除重复建议"
    ATTENTION_RAISED = "attention_raised", "提示重点关注"
    ATTACHMENT_ADDED = "attachment_added", "上传附件"
    ATTACHMENT_DOWNLOADED = "attachment_downloaded", "下载附件"
    PERSONAL_DATA_REVEALED = "personal_data_revealed", "查看个人信息"
    UNIT_ASSIGNED = "unit_assigned", "指定责任单位"
    QUERY_CODE_REISSUED = "query_code_reissued", "重置查询码"
    WORKFLOW_STEP = "workflow_step", "办理"
    CLOCK_WARNING = "clock_warning", "即将到期"
    CLOCK_LATE = "clock_late", "超期催办"
    SUPERVISION = "supervision", "督办"
    SUPERVISION_REPLY = "supervision_reply", "督办回复"
    ANONYMISED = "anonymised", "个人信息匿名化"
    # Leadership casework (xinfang.casework).
    CASE_OWNED = "case_owned", "领导包案"
    INSTRUCTION = "instruction", "领导批示"
    INSTRUCTION_ANSWERED = "instruction_answered", "批示回复"
    INSTRUCTION_LATE = "instruction_late", "批示超期未回复"
    HANDED_OVER = "handed_over", "领导交办"
    HANDOVER_REPORTED = "handover_reported", "交办情况报告"
    HANDOVER_LATE = "handover_late", "交办超期未报告"
    # Backlog work and aid (xinfang.backlog, xinfang.aid).
    BACKLOG_MARKED = "backlog_marked", "列为积案"
    BACKLOG_ENDED = "backlog_ended", "积案化解"
    FOLLOW_UP_PLANNED = "follow_up_planned", "积案跟踪计划"
    FOLLOW_UP_DONE = "follow_up_done", "积案跟踪完成"
    FOLLOW_UP_LATE = "follow_up_late", "积案跟踪超期"
    LONG_TERM_FLAGGED = "long_term_flagged", "老户标记"
    CAMPAIGN_LISTED = "campaign_listed", "列入积案化解活动"
    AID_RECORDED = "aid_recorded", "登记救助帮扶"
    AID_DECIDED = "aid_decided", "审批救助帮扶"
    PETITION_VOIDED = "petition_voided", "作废信访件"
    PETITION_CORRECTED = "petition_corrected", "更正登记信息"
    PETITION_MERGED = "petition_merged", "并入重复事项"
    BRIEF_PUBLISHED = "brief_published", "印发信息简报"
    LIST_EXPORTED = "list_exported", "导出信访件列表"
    # The dispute ledger (xinfang.disputes): a dispute that became this matter, and its history.
    DISPUTE_CONVERTED = "dispute_converted", "矛盾纠纷转入信访"
    DISPUTE_MEASURE = "dispute_measure", "矛盾纠纷化解措施"
    # Joint meetings and special groups (xinfang.meetings): a matter discussed, a decision on
    # it with its responsible unit and deadline, the decision's follow-up, a late decision.
    MEETING_DISCUSSED = "meeting_discussed", "提交联席会议研究"
    MEETING_DECISION = "meeting_decision", "联席会议决定"
    DECISION_FOLLOW_UP = "decision_follow_up", "会议决定落实情况"
    DECISION_LATE = "decision_late", "会议决定超期未落实"
    # The bureau's documents (xinfang.documents): a 文号 given, a document printed or saved.
    DOCUMENT_ISSUED = "document_issued", "出具文书"
    DOCUMENT_DOWNLOADED = "document_downloaded", "打印或下载文书"
    # The content classifier (xinfang.insight): a model trained (made current or rejected),
    # the current model rolled back to an earlier version. No matter: the bureau's own record.
    CLASSIFIER_TRAINED = "classifier_trained", "训练内容分类模型"
    CLASSIFIER_ROLLED_BACK = "classifier_rolled_back", "回退内容分类模型"


class Event(models.Model):
    """Who did what, when, to which case, with old and new values.

    Rows are only ever inserted: save() refuses updates and delete() refuses outright,
    so the timeline is evidence.
    """

    created_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    kind = models.CharField("事件", max_length=40, choices=EventKind.choices)
    # No index of their own: the (petition, created_at) and (matter, created_at) indexes lead
    # with them, and every extra index is written for each of the millions of events.
    matter = models.ForeignKey(
        "petitions.Matter", models.PROTECT, null=True, blank=True, related_name="events",
        db_index=False,
    )  # fmt: skip
    petition = models.ForeignKey(
        "petitions.Petition", models.PROTECT, null=True, blank=True, related_name="events",
        db_index=False,
    )  # fmt: skip
    summary = models.CharField("摘要", max_length=200)
    data = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = verbose_name_plural = "事件"
        indexes = [
            models.Index(fields=["matter", "created_at"]),
            models.Index(fields=["petition", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("events are append-only")


class Notification(models.Model):
    """An event brought to one user's attention (the bell in the top bar)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(Event, models.PROTECT, related_name="notifications")
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "通知"
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event"], name="one_notification_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.event}"


class OutboxState(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class OutboxMessage(models.Model):
    """One notification to send through one backend (e-mail, SMS …): the outbox.

    Written in the transaction that creates the notification, so a message exists exactly
    when its step committed; sent later by the worker (xinfang.events.outbox), never inside
    a request. A worker claims a row by a conditional UPDATE (token and time in `claim`,
    `claimed_at`); a claim older than the outbox's timeout belongs to a worker that died
    and may be taken again.
    """

    notification = models.ForeignKey(
        Notification, models.CASCADE, related_name="messages", verbose_name="通知"
    )
    backend = models.CharField("发送方式", max_length=200)
    # Held for the recipient's daily digest: sent with their other digest rows as one message.
    digest = models.BooleanField("每日汇总", default=False)
    address = models.CharField("发送地址", max_length=254)
    state = models.CharField(
        "状态", max_length=8, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    created_at = models.DateTimeField("创建时间")
    next_attempt_at = models.DateTimeField("下次尝试时间")
    claim = models.CharField(max_length=32, blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "待发消息"
        indexes = [
            # The worker's scan: pending rows whose time has come.
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_pending_due",
                condition=models.Q(state="pending"),
            ),
            models.Index(fields=["claim"], name="outbox_claim", condition=~models.Q(claim="")),
            # The daily purge of old sent rows.
            models.Index(fields=["sent_at"], name="outbox_sent", condition=models.Q(state="sent")),
        ]

    def __str__(self) -> str:
        return f"{self.backend.rsplit('.', 1)[-1]} → {self.address} ({self.get_state_display()})"
