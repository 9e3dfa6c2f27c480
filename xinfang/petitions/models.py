from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Right
from django.urls import reverse

from xinfang.lib.identity import mask_phone
from xinfang.regions.models import Level


class Channel(models.TextChoices):
    """信访形式. Visits split into 个体访 and 集体访 because they count differently."""

    LETTER = "letter", "来信"
    VISIT = "visit", "来访（个体访）"
    COLLECTIVE_VISIT = "collective_visit", "来访（集体访）"
    ONLINE = "online", "网上信访"
    PHONE = "phone", "来电"
    FAX = "fax", "传真"


VISIT_CHANNELS = (Channel.VISIT, Channel.COLLECTIVE_VISIT)
COLLECTIVE_VISIT_MIN_PEOPLE = 5  # 集体访 is conventionally five or more people (第20条)


class Purpose(models.TextChoices):
    """信访目的."""

    ACCUSE = "accuse", "揭发控告"
    SUGGEST = "suggest", "意见建议"
    APPEAL = "appeal", "申诉"
    REQUEST = "request", "求决"
    CONSULT = "consult", "咨询"
    OTHER = "other", "其他"


class MatterStatus(models.TextChoices):
    """Where a matter stands. Only `xinfang.workflow.machine` changes it (one table of edges)."""

    REGISTERED = "registered", "待处理"
    FORWARDED = "forwarded", "已转送待受理"
    ACCEPTED = "accepted", "办理中"
    ANSWERED = "answered", "已答复"
    REVIEWING = "reviewing", "复查中"
    REVIEWED = "reviewed", "已复查"
    REREVIEWING = "rereviewing", "复核中"
    CLOSED = "closed", "已办结"
    TERMINATED = "terminated", "已终结"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    NOT_REACCEPTED = "not_reaccepted", "不再受理"
    FILED = "filed", "已存档"
    VOIDED = "voided", "已作废"  # its only petition was registered by mistake


OPEN_STATUSES = (
    MatterStatus.REGISTERED,
    MatterStatus.FORWARDED,
    MatterStatus.ACCEPTED,
    MatterStatus.ANSWERED,
    MatterStatus.REVIEWING,
    MatterStatus.REVIEWED,
    MatterStatus.REREVIEWING,
)


class Urgency(models.IntegerChoices):
    """How pressing the matter's nearest deadline is (kept current by `xinfang tick`)."""

    NONE = 0, "正常"
    DUE_SOON = 1, "即将到期"
    OVERDUE = 2, "已超期"
    SERIOUSLY_OVERDUE = 3, "严重超期"


class Priority(models.IntegerChoices):
    """How much attention what the petition says calls for (not how late it is)."""

    NORMAL = 0, "普通"
    HIGH = 1, "优先关注"
    URGENT = 2, "紧急关注"


class Matter(models.Model):
    """A 信访事项: one set of facts and demands, raised by one or more petitions.

    Repeats (重信重访) are further petitions on the same matter, so statistics count the
    matter once and the repeats separately.
    """

    number = models.CharField("事项编号", max_length=32, unique=True)
    # The serial at the end of the number (…-2026-000123 → 000123), indexed: the case list
    # finds a number by its last 4+ characters through it instead of a LIKE '%…' scan
    # (bench.core's search lines at 1,000,000 petitions).
    serial = models.GeneratedField(
        expression=Right("number", 6),
        output_field=models.CharField(max_length=6),
        db_persist=True,
        db_index=True,
    )
    title = models.CharField("标题", max_length=120)
    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name="问题属地"
    )
    content_class = models.ForeignKey(
        "classes.ContentClass", models.PROTECT, related_name="+", verbose_name="内容分类"
    )
    status = models.CharField(
        "状态", max_length=20, choices=MatterStatus.choices, default=MatterStatus.REGISTERED
    )
    is_accusation = models.BooleanField("检举控告", default=False)
    registering_unit = models.ForeignKey(
        "regions.Unit", models.PROTECT, related_name="+", verbose_name="登记单位"
    )
    opened_on = models.DateField("首次收到日期")
    petition_count = models.PositiveIntegerField("信访件数", default=1)
    last_received_on = models.DateField("最近收到日期")
    created_at = models.DateTimeField("创建时间")
    # Facts about the outcome, kept apart from the status (a matter can be answered and
    # not settled, or settled by agreement before any answer).
    answered_on = models.DateField("办结（答复）日期", null=True, blank=True)
    closed_on = models.DateField("终结或结案日期", null=True, blank=True)
    termination = models.CharField("终结方式", max_length=20, blank=True)
    is_settled = models.BooleanField("案结事了", default=False)
    settled_on = models.DateField("案结事了日期", null=True, blank=True)
    petitioner_stopped = models.BooleanField("息访", default=False)
    stopped_on = models.DateField("息访日期", null=True, blank=True)
    is_fast_track = models.BooleanField("简易办理", default=False)
    # The nearest running deadline and how pressing it is, for lists and home pages.
    next_due_on = models.DateField("最近期限", null=True, blank=True)
    urgency = models.PositiveSmallIntegerField(
        "紧迫程度", choices=Urgency.choices, default=Urgency.NONE
    )
    # Raised by what a petition says (危及生命, 扬言, 群体性) — see insight.attention.
    priority = models.PositiveSmallIntegerField(
        "关注等级", choices=Priority.choices, default=Priority.NORMAL
    )

    class Meta:
        verbose_name = verbose_name_plural = "信访事项"
        indexes = [
            models.Index(fields=["status", "opened_on"]),
            models.Index(fields=["urgency", "next_due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def lead_assignment(self):
        return (
            self.assignments.filter(role=AssignmentRole.LEAD, is_active=True)
            .select_related("unit")
            .first()
        )


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    ASSIST = "assist", "协办单位"


class Assignment(models.Model):
    """A unit responsible for a matter (责任单位): one lead, any number assisting."""

    matter = models.ForeignKey(Matter, models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("regions.Unit", models.PROTECT, related_name="assignments")
    role = models.CharField("角色", max_length=10, choices=AssignmentRole.choices)
    is_active = models.BooleanField(default=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField()

    class Meta:
        verbose_name = verbose_name_plural = "责任单位"
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "unit"],
                condition=models.Q(is_active=True),
                name="one_active_assignment_per_unit",
            )
        ]
        indexes = [models.Index(fields=["unit", "is_active", "matter"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()}"


class Petition(models.Model):
    """A 信访件: one letter, visit, online message, call or fax, as registered."""

    number = models.CharField("信访件编号", max_length=32, unique=True)
    # The serial at the end of the number (…-2026-000123 → 000123), indexed: the case list
    # finds a number by its last 4+ characters through it instead of a LIKE '%…' scan
    # (bench.core's search lines at 1,000,000 petitions).
    serial = models.GeneratedField(
        expression=Right("number", 6),
        output_field=models.CharField(max_length=6),
        db_persist=True,
        db_index=True,
    )
    query_code_hash = models.CharField(max_length=64, editable=False)
    matter = models.ForeignKey(
        Matter, models.PROTECT, related_name="petitions", verbose_name="信访事项"
    )
    is_repeat = models.BooleanField("重信重访", default=False)

    channel = models.CharField("信访形式", max_length=20, choices=Channel.choices)
    received_on = models.DateField("收到日期")
    registering_unit = models.ForeignKey(
        "regions.Unit",
        models.PROTECT,
        related_name="+",
        verbose_name="登记单位",
        db_index=False,  # the (registering_unit, received_on) index leads with it
    )
    level = models.CharField("登记层级", max_length=10, choices=Level.choices)
    lodged_with = models.CharField("受理机关", max_length=80, blank=True)
    petitioner_count = models.PositiveIntegerField("信访人数")
    people_concerned = models.PositiveIntegerField("涉及人数")
    region = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        related_name="+",
        verbose_name="问题属地",
        db_index=False,  # the (region, received_on) index leads with it
    )

    title = models.CharField("标题", max_length=120)
    content = models.TextField("反映内容")
    demands = models.TextField("诉求", blank=True)
    purpose = models.CharField("信访目的", max_length=10, choices=Purpose.choices)
    content_class = models.ForeignKey(
        "classes.ContentClass",
        models.PROTECT,
        related_name="+",
        verbose_name="内容分类",
        db_index=False,  # the (content_class, received_on) index leads with it
    )

    accused_name = models.CharField("被反映人姓名", max_length=60, blank=True)
    accused_unit_name = models.CharField("被反映人单位", max_length=80, blank=True)
    accused_level = models.CharField("被反映人级别", max_length=20, blank=True)
    # Set when the accused unit is one of ours: 检举控告 must never reach it (第30条).
    accused_unit = models.ForeignKey(
        "regions.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="被反映单位（系统内）",
    )

    is_overlevel = models.BooleanField("越级", default=False)
    is_abnormal = models.BooleanField("非正常", default=False)
    is_urgent = models.BooleanField("重大紧急", default=False)
    is_law_related = models.BooleanField("涉法涉诉", default=False)
    is_accusation = models.BooleanField("检举控告", default=False)
    is_anonymous = models.BooleanField("匿名", default=False)
    is_joint = models.BooleanField("联名", default=False)
    consent_public = models.BooleanField("同意公开", default=False)

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="登记人"
    )
    registered_at = models.DateTimeField("登记时间")
    # Set when the retention policy cleared the petitioners' personal data (xinfang retention).
    anonymised_on = models.DateField("个人信息匿名化日期", null=True, blank=True, editable=False)
    # 作废: registered by mistake. The row stays (its number is never reused, the audit page
    # reads it) but it leaves every list, count and report (xinfang.intake.actions.void_petition).
    voided_at = models.DateTimeField("作废时间", null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="作废人",
    )
    void_reason = models.CharField("作废原因", max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "信访件"
        indexes = [
            models.Index(fields=["-received_on", "-id"], name="petition_recent"),
            models.Index(fields=["region", "-received_on"], name="petition_region_recent"),
            models.Index(fields=["channel", "-received_on"], name="petition_channel_recent"),
            models.Index(fields=["content_class", "-received_on"], name="petition_class_recent"),
            models.Index(fields=["registering_unit", "-received_on"], name="petition_unit_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("petitions:detail", args=[self.number])

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    @property
    def main_phone_masked(self) -> str:
        """The main petitioner's phone as lists show it (`main_phone` from queries.list_rows)."""
        phone = getattr(self, "main_phone", "")
        return mask_phone(phone) if phone else ""

    @property
    def main_petitioner(self) -> Petitioner | None:
        for person in self.petitioners.all():
            if person.is_main:
                return person
        return None

    def flag_labels(self) -> list[str]:
        names = [
            "is_overlevel", "is_abnormal", "is_urgent", "is_law_related",
            "is_accusation", "is_anonymous", "is_joint", "consent_public",
        ]  # fmt: skip
        return [str(self._meta.get_field(n).verbose_name) for n in names if getattr(self, n)]


class PetitionerKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    PASSPORT = "passport", "护照"
    OTHER = "other", "其他证件"
    NONE = "none", "无"


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"
    UNKNOWN = "", "未填"


class Petitioner(models.Model):
    """A petitioner (信访人) as recorded on one petition.

    Kept per petition, not as a person file: the system records who petitioned, it does
    not build profiles of people. Repeats are matched on the normalised number and phone.
    """

    petition = models.ForeignKey(Petition, models.CASCADE, related_name="petitioners")
    kind = models.CharField(
        "类型", max_length=14, choices=PetitionerKind.choices, default=PetitionerKind.PERSON
    )
    name = models.CharField("姓名或名称", max_length=80, db_index=True)  # the list's search
    sex = models.CharField("性别", max_length=1, choices=Sex.choices, blank=True)
    id_type = models.CharField(
        "证件类型", max_length=12, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField("证件号码", max_length=32, blank=True, db_index=True)
    phone = models.CharField("联系电话", max_length=20, blank=True, db_index=True)
    household_place = models.CharField("户籍地", max_length=80, blank=True)
    residence_place = models.CharField("常住地", max_length=80, blank=True)
    address = models.CharField("住址", max_length=120, blank=True)
    occupation = models.CharField("职业", max_length=40, blank=True)
    is_main = models.BooleanField("主信访人", default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = verbose_name_plural = "信访人"

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    """A file that came with a petition, stored under var/ with a generated name."""

    petition = models.ForeignKey(Petition, models.CASCADE, related_name="attachments")
    original_name = models.CharField("文件名", max_length=200)
    stored_name = models.CharField(max_length=80, unique=True)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.original_name


class NumberSequence(models.Model):
    """Counters behind petition and matter numbers, one row per prefix and year."""

    key = models.CharField(max_length=40, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.last}"
