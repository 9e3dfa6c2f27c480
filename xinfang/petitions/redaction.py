"""Redaction (脱敏) of free text before it is published (公开信件 board, Open311).

Petitioners type their particulars into the text itself ("我叫…，电话139…，住…路88号"). Every
publication goes through `redact`, one function, whose result is stored and served; the
registered particulars never leave through the public interfaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MARK = "＊＊＊"

PATTERNS = (
    # 居民身份证号码: 18 characters (last may be X) or the old 15 digits.
    re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])|(?<!\d)\d{15}(?!\d)"),
    # 银行卡号: 16 to 19 digits, possibly in groups of four.
    re.compile(r"(?<!\d)(?:\d{4}[ -]?){3}\d{4,7}(?!\d)"),
    # 手机 (with or without +86) and 固定电话 (area code, optional dash).
    re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)"),
    re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)"),
    # 机动车号牌: province, letter, five or six letters and digits (湘A12345, 湘A·D12345).
    re.compile(
        r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·・ ]?[A-Z0-9]{5,6}"
    ),
    # 门牌地址: a road, street or lane with a house number and what follows it.
    re.compile(
        r"[\u4e00-\u9fa5]{1,10}(?:路|街|大道|巷|弄|胡同|里)\d+(?:-\d+)?号"
        r"(?:[\d\-]+(?:栋|幢|单元|室|楼|层|号))*"
    ),
    # 村组 and 小区楼栋: 某村3组, 某小区5栋2单元301室.
    re.compile(r"[\u4e00-\u9fa5]{1,10}(?:村|社区)\d+组"),
    re.compile(r"\d+(?:栋|幢)\d+单元(?:\d+(?:室|号))?"),
)


def redact(text: str, particulars: Iterable[str] = ()) -> str:
    """`text` fit for the public: `particulars` (the petitioners' registered names, ID
    numbers, phones, addresses) and anything shaped like an ID number, bank card, phone,
    number plate or house address are replaced by ＊＊＊."""
    text = text or ""
    known = {value.strip() for value in particulars if value and len(value.strip()) >= 2}
    for value in list(known):
        if value.startswith("+86"):
            known.add(value[3:])  # phones are stored in E.164; people type them without
    for value in sorted(known, key=len, reverse=True):
        text = text.replace(value, MARK)
    for pattern in PATTERNS:
        text = pattern.sub(MARK, text)
    return text


def particulars_of(petition) -> list[str]:
    """The registered particulars of a petition's petitioners, to be redacted from its text."""
    return [
        value
        for person in petition.petitioners.all()
        for value in (person.name, person.id_number, person.phone, person.address)
        if value
    ]
