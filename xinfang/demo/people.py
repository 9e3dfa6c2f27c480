"""Invented petitioners: names, valid ID numbers and phones, homes and occupations.

Everything is drawn from the `random.Random` the caller passes, so one seed gives the same
people every time. Nobody here is real: names are random pairs of common characters, ID
numbers only have to pass the GB 11643 checks.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from stdnum.cn import ric

from xinfang.demo.places import CITY_NAME, COUNTIES, OUTSIDE_HOMES

# Common surnames, with the ones frequent among 怀化's Dong and Miao families (杨 吴 龙 粟
# 蒲 向 滕 舒 米) weighted up.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于"
    "杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范石廖贺龙向粟蒲滕舒米覃瞿邹易"
)
SURNAME_WEIGHTS = tuple(
    8 if s in "杨吴龙向粟蒲滕舒米" else 12 if s in "王李张刘陈" else 4 for s in SURNAMES
)
MALE_CHARS = "建国军明华强伟勇志平兵海峰杰斌刚辉文清林波成忠贵富生祥光德云春长少世永双"
FEMALE_CHARS = "秀兰芳红梅丽英娟玉霞凤琴桂珍敏燕萍翠花云春丹艳菊莲香美慧婷"

OCCUPATIONS = {
    "default": ("农民", "个体工商户", "企业职工", "退休职工", "进城务工人员", "自由职业",
                "无业", "个体司机", "私营企业主", "教师", "医务人员", "社区工作者"),
    "11": ("进城务工人员", "企业职工", "建筑工人", "退休职工", "农民"),
    "12": ("企业职工", "个体工商户", "退休职工", "自由职业", "教师", "公务员"),
    "07": ("农民", "农民", "个体工商户", "村民小组长"),
    "13": ("农民", "农民", "种植户", "养殖户"),
    "21": ("退役军人",),
    "09": ("教师", "代课教师", "学生家长", "企业职工"),
}  # fmt: skip

VILLAGE_HEADS = "石杨桃枫龙黄竹水新马茶清岩高田长大双白花金塘柳"
VILLAGE_TAILS = ("溪", "坪", "湾", "塘", "冲", "坡", "田", "桥", "岭", "山", "垅", "口")
ESTATES = (
    "锦绣华庭", "阳光新城", "滨江花园", "书香苑", "金色家园", "御景湾", "和谐家园", "东方明珠小区",
    "翠湖山庄", "紫荆苑", "幸福里", "世纪新城", "香樟园", "舞水名城", "鹤鸣苑", "南山一品",
)  # fmt: skip


BIRTH_YEARS = (1950, 2004)


@dataclass(frozen=True)
class Person:
    name: str
    sex: str
    id_number: str
    birth_date: dt.date
    phone: str
    household_place: str
    residence_place: str
    address: str
    occupation: str

    def age_on(self, day: dt.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


def full_name(rng: random.Random, sex: str) -> str:
    surname = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
    pool = MALE_CHARS if sex == "M" else FEMALE_CHARS
    if rng.random() < 0.2:
        return surname + rng.choice(pool)
    return surname + rng.choice(pool) + rng.choice(pool)


def id_number(rng: random.Random, region_code: str, birth: dt.date, sex: str) -> str:
    """An 18-character 居民身份证号码 with a correct check character (ISO 7064 MOD 11-2)."""
    order = rng.randrange(0, 500) * 2 + (1 if sex == "M" else 0)  # odd male, even female
    body = f"{region_code}{birth:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum skips the last character


def mobile(rng: random.Random) -> str:
    """A China mobile number of a block in use (13x, 15x, 18x, 17x, 19x)."""
    prefix = rng.choice(("13", "13", "15", "15", "18", "18", "17", "19"))
    third = rng.choice("0123456789" if prefix in ("13", "18") else "0125678")
    return prefix + third + f"{rng.randrange(10**8):08d}"


def village(rng: random.Random) -> str:
    return rng.choice(VILLAGE_HEADS) + rng.choice(VILLAGE_TAILS) + "村"


def address(rng: random.Random, county_code: str, county_name: str) -> str:
    """A street address in town or a village address, in the given county."""
    facts = COUNTIES.get(county_code)
    town = rng.choice(facts.towns) if facts else ""
    if facts and (rng.random() < 0.45 or county_code == "431202" and rng.random() < 0.7):
        road = rng.choice(facts.roads)
        estate = rng.choice(ESTATES)
        return (
            f"{CITY_NAME}{county_name}{road}{rng.randrange(1, 400)}号{estate}"
            f"{rng.randrange(1, 30)}栋{rng.randrange(1, 5)}单元{rng.randrange(1, 30)}0{rng.randrange(1, 5)}"
        )
    return f"{CITY_NAME}{county_name}{town}{village(rng)}{rng.randrange(1, 13)}组{rng.randrange(1, 80)}号"


def person(
    rng: random.Random,
    county_code: str,
    counties: dict[str, str],
    on: dt.date,
    class_code: str = "",
    *,
    sex: str = "",
    ages: tuple[int, int] = (20, 76),
) -> Person:
    """A petitioner living in (or, sometimes, only registered in) the given county.

    `counties` maps the county-level codes of 怀化 to their names; the problem's county
    is usually the petitioner's own, sometimes not (人户分离, 户籍 elsewhere). Births fall
    in 1950–2004 and, where possible, within `ages` on the day `on`.
    """
    sex = sex or ("M" if rng.random() < 0.6 else "F")
    first = max(BIRTH_YEARS[0], on.year - ages[1])
    last = min(BIRTH_YEARS[1], on.year - ages[0] - 1)
    year = rng.randint(first, last) if first <= last else rng.randint(*BIRTH_YEARS)
    birth = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    roll = rng.random()
    if roll < 0.80 or county_code not in counties:
        home_code = county_code if county_code in counties else rng.choice(sorted(counties))
        home = f"湖南省{CITY_NAME}{counties[home_code]}"
    elif roll < 0.95:
        home_code = rng.choice(sorted(counties))
        home = f"湖南省{CITY_NAME}{counties[home_code]}"
    else:
        home_code, home = rng.choice(OUTSIDE_HOMES)
    facts = COUNTIES.get(home_code)
    if facts is not None:
        code = facts.old_code if birth.year < 1997 else facts.new_id_code
    else:
        code = home_code
    live_code = county_code if county_code in counties else "431202"
    age = on.year - birth.year
    pool = OCCUPATIONS.get(class_code, OCCUPATIONS["default"])
    occupation = "退休职工" if age >= 62 and rng.random() < 0.5 else rng.choice(pool)
    return Person(
        name=full_name(rng, sex),
        sex=sex,
        id_number=id_number(rng, code, birth, sex),
        birth_date=birth,
        phone=mobile(rng),
        household_place=home,
        residence_place=f"湖南省{CITY_NAME}{counties[live_code]}",
        address=address(rng, live_code, counties[live_code]),
        occupation=occupation,
    )
