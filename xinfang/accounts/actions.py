"""Every write to staff accounts and units from the staff UI (系统管理): creating and
changing users, resetting a password, a unit's contact details. Administrators only, within
their own region."""

from __future__ import annotations

import secrets
import string

from django.db import transaction

from xinfang.accounts.models import Role, User
from xinfang.lib.errors import Invalid, NotAllowed
from xinfang.lib.identity import IdentityError, check_phone
from xinfang.regions.models import Unit

TEMPORARY_LENGTH = 12
ALPHABET = string.ascii_letters + string.digits


def may_manage_users(actor) -> bool:
    return (
        actor.is_authenticated
        and actor.is_active
        and (actor.role == Role.ADMIN or actor.is_superuser)
    )


def may_manage_shared_lists(actor) -> bool:
    """The lists every county shares (the content classes) are kept by an administrator of
    the whole deployment: a superuser, or an administrator with no region or a city's (or
    higher) region. A county's administrator manages its own users and units only."""
    if not may_manage_users(actor):
        return False
    region = actor.region
    return actor.is_superuser or region is None or region.level in ("national", "province", "city")


def within(actor, region) -> bool:
    """Whether `region` lies in the actor's own scope (an admin without a region: anywhere)."""
    if actor.is_superuser or not actor.region_id:
        return True
    return region is not None and region.path.startswith(actor.region.path)


def _check(actor, user: User | None, values: dict) -> dict:
    if not may_manage_users(actor):
        raise NotAllowed("只有管理员可以管理用户")
    errors: dict[str, list[str]] = {}
    username = (values.get("username") or "").strip()
    if user is None:
        if not 3 <= len(username) <= 40 or not username.replace("-", "").replace("_", "").isalnum():
            errors["username"] = ["登录名为3至40位字母、数字、-或_"]
        elif User.objects.filter(username__iexact=username).exists():
            errors["username"] = ["该登录名已被使用"]
    full_name = (values.get("full_name") or "").strip()
    if not 2 <= len(full_name) <= 40:
        errors["full_name"] = ["请填写姓名（2至40字）"]
    role = values.get("role")
    if role not in Role.values:
        errors["role"] = ["请选择角色"]
    unit, region = values.get("unit"), values.get("region")
    if unit is None:
        errors["unit"] = ["请选择所在单位"]
    elif not within(actor, unit.region):
        errors["unit"] = ["只能选择本管辖区域内的单位"]
    if region is not None and not within(actor, region):
        errors["region"] = ["管辖区划须在您的管辖范围内"]
    # A bureau's staff see the place the bureau serves, not another one.
    if (
        unit is not None and region is not None and unit.is_bureau
        and not region.path.startswith(unit.region.path)
    ):  # fmt: skip
        errors["region"] = [f"信访部门工作人员的管辖区划应为{unit.region.name}或其下级"]
    phone = (values.get("phone") or "").strip()
    if phone:
        try:
            phone = check_phone(phone)
        except IdentityError as exc:
            errors["phone"] = [str(exc)]
    if errors:
        raise Invalid(errors)
    return {"username": username, "full_name": full_name, "phone": phone}


def save_user(actor, user: User | None = None, **values) -> tuple[User, str]:
    """Create a user (user=None; returns the temporary password to hand over once) or
    change one (returns ""). An administrator never locks themselves out."""
    clean = _check(actor, user, values)
    if (
        user is not None
        and user.pk == actor.pk
        and (values.get("role") != Role.ADMIN or not values.get("is_active", True))
    ):
        raise Invalid({"role": ["不能取消自己的管理员角色或停用自己的账号"]})
    if user is not None and not within(actor, user.region or (user.unit and user.unit.region)):
        raise NotAllowed("该用户不在您的管辖范围内")
    password = ""
    with transaction.atomic():
        if user is None:
            password = temporary_password()
            user = User(username=clean["username"])
            user.set_password(password)
        user.full_name, user.phone = clean["full_name"], clean["phone"]
        user.role, user.unit, user.region = values["role"], values["unit"], values.get("region")
        user.email = (values.get("email") or "").strip()
        user.is_active = values.get("is_active", True)
        user.may_handle_accusations = bool(values.get("may_handle_accusations"))
        user.save()
    return user, password


def reset_password(actor, user: User) -> str:
    """A new temporary password for `user`, shown once to the administrator."""
    if not may_manage_users(actor):
        raise NotAllowed("只有管理员可以重置密码")
    if not within(actor, user.region or (user.unit and user.unit.region)):
        raise NotAllowed("该用户不在您的管辖范围内")
    password = temporary_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    return password


def temporary_password() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(TEMPORARY_LENGTH))


def update_unit(actor, unit: Unit, **values) -> Unit:
    """Change a unit's public contact details (电话, 地址, 接待时间, 职责) and whether it is in
    use; administrators within the unit's region only."""
    if not may_manage_users(actor):
        raise NotAllowed("只有管理员可以维护单位信息")
    if actor.region_id and not unit.region.path.startswith(actor.region.path):
        raise NotAllowed("该单位不在您的管辖范围内")
    errors: dict[str, list[str]] = {}
    limits = {"phone": 30, "address": 120, "hours": 80, "duties": 200}
    clean = {}
    for field, most in limits.items():
        value = (values.get(field) or "").strip()
        if len(value) > most:
            errors[field] = [f"不能超过{most}字"]
        clean[field] = value
    if clean["phone"] and not all(c.isdigit() or c in "-+() 转" for c in clean["phone"]):
        errors["phone"] = ["电话只能包含数字、-、+、括号和“转”，如：0745-2712345"]
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        for field, value in clean.items():
            setattr(unit, field, value)
        unit.is_active = bool(values.get("is_active", unit.is_active))
        unit.save(update_fields=[*clean, "is_active"])
    return unit
