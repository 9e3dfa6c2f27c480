"""Leader receptions (领导接访): the sessions where a leader meets petitioners in person or
online, the petitions registered at them, the cases taken on there, the 约访 bookings made on
the portal, and the 轮流坐班 rotas that schedule them.

Built on casework's leaders; the case core does not know these tables exist.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class ReceptionForm(models.TextChoices):
    """The six forms of a leader reception (接访形式)."""

    OPEN = "open", "开门接访"
    ROTA = "rota", "轮流坐班接访"
    VISIT_DOWN = "visit_down", "下访"
    ON_SITE = "on_site", "处访"
    APPOINTMENT = "appointment", "约访"
    ONLINE = "online", "网上接访"


# Days at the grassroots (到基层天数) count the distinct days of these forms.
GRASSROOTS_FORMS = (ReceptionForm.VISIT_DOWN, ReceptionForm.ON_SITE)


class Status(models.TextChoices):
    """A reception's state; reception_transitions in actions lists the legal edges."""

    DRAFT = "draft", "待公布"
    PUBLISHED = "published", "已公布"
    HELD = "held", "已接访"
    CANCELLED = "cancelled", "已取消"


class Rota(models.Model):
    """轮流坐班接访 rota: leaders taking turns on the working days of a period."""

    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name="地区"
    )
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("截止日期")
    place = models.CharField("接访地点", max_length=120)
    starts_at = models.TimeField("开始时间")
    ends_at = models.TimeField("结束时间")
    # {leader id: ["YYYY-MM-DD", …]}: kept so the printed rota can say who was away when.
    unavailable = models.JSONField("不能坐班的日期", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="编排人"
    )
    created_at = models.DateTimeField("编排时间")

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = verbose_name_plural = "坐班排班"

    def __str__(self) -> str:
        return f"{self.region.name}坐班接访排班 {self.starts_on}至{self.ends_on}"

    def get_absolute_url(self) -> str:
        return reverse("receptions:rota", args=[self.pk])


class Reception(models.Model):
    """One leader reception (领导接访) on a day: scheduled, perhaps published on the portal
    at least two days ahead, then recorded (批次, 人次, the instructions given)."""

    leader = models.ForeignKey(
        "casework.Leader", models.PROTECT, related_name="receptions", verbose_name="接访领导"
    )
    form = models.CharField("接访形式", max_length=12, choices=ReceptionForm.choices)
    date = models.DateField("接访日期")
    starts_at = models.TimeField("开始时间")
    ends_at = models.TimeField("结束时间")
    place = models.CharField("接访地点", max_length=120, blank=True)
    link = models.URLField("网上接访链接", blank=True)
    topics = models.CharField("接访事项", max_length=200, blank=True)
    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name="接访地区"
    )
    slots = models.PositiveSmallIntegerField("约访名额", default=0)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    rota = models.ForeignKey(Rota, models.CASCADE, null=True, blank=True, related_name="receptions")
    # The session's record (接访记录).
    batches = models.PositiveIntegerField("接待批次", default=0)
    people = models.PositiveIntegerField("接待人次", default=0)
    instructions = models.TextField("领导交办意见", blank=True)
    recorded_at = models.DateTimeField("记录时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="安排人"
    )
    created_at = models.DateTimeField("安排时间")

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        verbose_name = verbose_name_plural = "领导接访"
        indexes = [
            models.Index(fields=["leader", "date"]),
            models.Index(fields=["status", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.leader.name} {self.date} {self.get_form_display()}"

    def get_absolute_url(self) -> str:
        return reverse("receptions:detail", args=[self.pk])

    @property
    def is_online(self) -> bool:
        return self.form == ReceptionForm.ONLINE

    @property
    def takes_bookings(self) -> bool:
        return self.form == ReceptionForm.APPOINTMENT and self.status == Status.PUBLISHED


class ReceptionPetition(models.Model):
    """A petition registered at a reception (接访登记): who came, one 批次 each."""

    reception = models.ForeignKey(Reception, models.PROTECT, related_name="petition_links")
    petition = models.OneToOneField(
        "petitions.Petition", models.PROTECT, related_name="+", verbose_name="信访件"
    )
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    linked_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "接访登记的信访件"

    def __str__(self) -> str:
        return f"{self.petition.number}（{self.reception}）"


class ReceptionCase(models.Model):
    """A case the leader took on (包案) at the reception: the casework ownership it made."""

    reception = models.ForeignKey(Reception, models.PROTECT, related_name="case_links")
    ownership = models.OneToOneField("casework.Ownership", models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "接访包案"

    def __str__(self) -> str:
        return f"{self.ownership}（{self.reception}）"


class Booking(models.Model):
    """A petitioner's 约访 booking made on the portal; the code is what they bring along."""

    reception = models.ForeignKey(
        Reception, models.PROTECT, related_name="bookings", verbose_name="约访"
    )
    code = models.CharField("预约码", max_length=12, unique=True)
    # The portal form's challenge nonce: a double click books once.
    nonce = models.CharField(max_length=64, unique=True)
    name = models.CharField("姓名", max_length=40)
    phone = models.CharField("手机号码", max_length=20)
    topic = models.CharField("反映事项", max_length=200)
    created_at = models.DateTimeField("预约时间")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = verbose_name_plural = "约访预约"
        constraints = [
            models.UniqueConstraint(
                fields=["reception", "phone"], name="one_booking_per_phone_per_reception"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}（{self.reception}）"
