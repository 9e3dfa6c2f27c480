from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from xinfang.lib.identity import IdentityError, check_phone


class Role(models.TextChoices):
    REGISTRAR = "registrar", "登记员"
    HANDLER = "handler", "经办人"
    LEADER = "leader", "领导"
    SUPERVISOR = "supervisor", "督查"
    ADMIN = "admin", "管理员"


class User(AbstractUser):
    """A staff member. What they see is decided by `region` (a subtree) and `unit`.

    A bureau registrar has both: the bureau's region and the bureau as unit. A department
    handler usually has only a unit and sees the matters assigned to it.
    """

    full_name = models.CharField("姓名", max_length=40, blank=True)
    role = models.CharField("角色", max_length=12, choices=Role.choices, default=Role.HANDLER)
    region = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="管辖区划",
        help_text="可查看问题属地在此区划及其下级的信访件",
    )
    unit = models.ForeignKey(
        "regions.Unit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="所在单位",
    )
    phone = models.CharField(
        "手机号码",
        max_length=20,
        blank=True,
        help_text="用于短信通知；保存为国际格式（如 +8613807450000）",
    )
    daily_digest = models.BooleanField(
        "每日汇总通知",
        default=False,
        help_text="开启后，短信和邮件每天早上汇总发送一次；系统内通知照常即时显示",
    )
    may_handle_accusations = models.BooleanField(
        "可办理检举控告件",
        default=False,
        help_text="本单位登记或交由本单位办理的检举控告件仅对获授权人员可见",
    )

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.phone:
            # One form (E.164) whatever was typed, so the SMS gateway gets a number it takes.
            try:
                self.phone = check_phone(self.phone)
            except IdentityError as exc:
                raise ValidationError({"phone": str(exc)}) from exc

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def may_register(self) -> bool:
        return self.role in (Role.REGISTRAR, Role.ADMIN) or (
            self.role == Role.HANDLER and self.unit_id is not None and self.unit.is_bureau
        )
