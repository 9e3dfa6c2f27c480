"""Identity data: resident ID numbers (GB 11643), 统一社会信用代码, phone numbers.

Each `check_*` function returns the normalised value (plus facts read from it) or raises
`IdentityError` with a message in Chinese that a form can show on the field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

import phonenumbers
from stdnum import exceptions as stdnum_errors
from stdnum import numdb
from stdnum.cn import ric, uscc


class IdentityError(ValueError):
    """The value is not a valid identifier; the message is for the user."""


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: dt.date
    sex: str  # "M" or "F", read from the order code
    warnings: list[str] = field(default_factory=list)


_ID18 = re.compile(r"^\d{17}[\dX]$")
_ID15 = re.compile(r"^\d{15}$")


def normalise_id_number(raw: str) -> str:
    """Strip separators, upper-case the check character, widen 15 digits to 18.

    Used both for validation and for matching repeat petitioners, so that 15-digit legacy
    numbers and a lower-case x find the same person.
    """
    number = ric.compact(raw or "").replace(" ", "")
    if _ID15.match(number):
        body = number[:6] + "19" + number[6:]
        return body + ric.calc_check_digit(body + "0")
    return number


@lru_cache(maxsize=4096)
def place_code_existed(code: str) -> bool:
    """Whether a 6-digit 行政区划代码 was ever in use, by python-stdnum's place table.

    Not whether it existed at birth: an ID number's code is the one in force when the card
    was issued, so 怀化 adults carry 4312xx codes that date from 1997. Only a code that never
    existed is worth a warning. (stdnum's own get_birth_place checks the birth year, and its
    2.2 raises KeyError for some unknown codes, hence the table read here.)
    """
    try:
        found = numdb.get("cn/loc").info(code)
    except (KeyError, ValueError):
        return False
    return any("county" in props for _, props in found)


def check_resident_id(raw: str, *, today: dt.date) -> ResidentId:
    """Validate a 居民身份证号码 (15 or 18 characters)."""
    number = normalise_id_number(raw)
    if len(number) != 18:
        raise IdentityError("身份证号码应为18位（或15位旧号码）")
    if not _ID18.match(number):
        raise IdentityError("身份证号码格式不正确：前17位应为数字，末位为数字或X")
    if number[-1] != ric.calc_check_digit(number):
        raise IdentityError("身份证号码校验位不正确，请核对")
    try:
        birth = ric.get_birth_date(number)
    except stdnum_errors.ValidationError as exc:
        raise IdentityError("身份证号码中的出生日期不存在") from exc
    if birth > today:
        raise IdentityError("身份证号码中的出生日期晚于今天")
    if birth.year < 1900:
        raise IdentityError("身份证号码中的出生日期早于1900年")
    warnings: list[str] = []
    if not place_code_existed(number[:6]):
        warnings.append(f"身份证地区码{number[:6]}不是曾经使用过的行政区划代码，请核对")
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return ResidentId(number=number, birth_date=birth, sex=sex, warnings=warnings)


def check_credit_code(raw: str) -> str:
    """Validate a 统一社会信用代码 (18 characters, GB 32100)."""
    try:
        return uscc.validate(raw or "")
    except stdnum_errors.InvalidLength as exc:
        raise IdentityError("统一社会信用代码应为18位") from exc
    except stdnum_errors.InvalidChecksum as exc:
        raise IdentityError("统一社会信用代码校验位不正确，请核对") from exc
    except stdnum_errors.ValidationError as exc:
        raise IdentityError("统一社会信用代码格式不正确") from exc


@lru_cache(maxsize=65536)  # a ledger import checks the same numbers again for each repeat
def check_phone(raw: str) -> str:
    """Validate a phone number (China by default) and return it in E.164 form."""
    text = (raw or "").strip()
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as exc:
        raise IdentityError("电话号码格式不正确") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise IdentityError("电话号码无效，请核对位数和区号")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mask_id_number(number: str) -> str:
    """Show region and check character only: 431202********123X style."""
    if len(number) < 8:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(e164: str) -> str:
    """Show the first three and last four digits of the national number."""
    digits = e164.removeprefix("+86")
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_text(text: str, keep: int = 1) -> str:
    """Mask an address or other free text, keeping its first characters."""
    if not text:
        return ""
    return text[:keep] + "*" * min(len(text) - keep, 8)
