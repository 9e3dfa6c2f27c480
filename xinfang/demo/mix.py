"""The proportions of the demo year, and where each kind of matter is sent.

Figures follow the seed document's annual summary for 怀化 (8326批次31294人次; 进京访88批次,
赴省访345批次, 越级到市访768批次, 人民来信1036件次) and its remark that 涉法涉诉, 城乡建设,
劳动社保, 国土资源, 医患纠纷 and 民政优抚 make up about 65% of the volume.
"""

from __future__ import annotations

# 信访形式, as shares of all petitions.
CHANNELS: dict[str, float] = {
    "letter": 0.12,
    "visit": 0.38,
    "collective_visit": 0.07,
    "online": 0.33,
    "phone": 0.09,
    "fax": 0.01,
}
VISITS = ("visit", "collective_visit")
VISIT_SHARE = CHANNELS["visit"] + CHANNELS["collective_visit"]

# Where a visit was lodged, as shares of all petitions: 进京 1%, 赴省 4%, 越级到市 9%.
# Only visits count as 进京/赴省/越级 (批次), so the shares are drawn among visits.
NATIONAL_SHARE = 0.01
PROVINCE_SHARE = 0.04
OVERLEVEL_SHARE = 0.09
# Of the letters, calls and online items, the share sent to the city (市长信箱, 12345 …).
CITY_DESK_SHARE = 0.22
# Matters whose 问题属地 is the city itself (市直单位) rather than one of its counties.
CITY_MATTER_SHARE = 0.08
# The city seat sees more petitions than its population alone suggests.
URBAN_FACTOR = {"431202": 1.6}

REPEAT_SHARE = 0.12  # 重信重访
ACCUSATION_SHARE = 0.02  # 检举控告, all registered at the city bureau
ANONYMOUS_OTHER_SHARE = 0.004  # anonymous letters that accuse no one (a tip about pollution …)
URGENT_SHARE = 0.01
ABNORMAL = {"national": 0.88, "province": 0.08, "overlevel": 0.04, "other": 0.002}
CONSENT_PUBLIC = {"online": 0.3, "other": 0.05}
JOINT_LETTER_SHARE = 0.08
ASSIGN_BASE, ASSIGN_AGE = (
    0.5,
    0.5,
)  # P(wanted) = base + age × (days old / 365); some classes have no route: ≈ 70% assigned

# First-level content classes, each a lineage (current code first, the pre-2019 one after)
# so a year before the 2018 renaming still draws the class valid then. The first six carry
# ≈ 65% of the volume, as the seed says.
CLASSES: tuple[tuple[tuple[str, ...], float], ...] = (
    (("12",), 18.0),  # 城乡建设
    (("11",), 14.0),  # 劳动和社会保障
    (("07", "06"), 11.0),  # 自然资源 (国土资源)
    (("02",), 9.0),  # 涉法涉诉
    (("15", "14"), 7.0),  # 卫生健康 (卫生计生)
    (("20", "19"), 6.0),  # 民政与应急 (民政)
    (("13",), 7.0),  # 农村农业
    (("01",), 4.0),  # 政法
    (("17", "16"), 4.0),  # 生态环境
    (("09", "08"), 4.0),  # 教育
    (("18",), 3.0),  # 交通运输
    (("05",), 2.0),  # 党务政务
    (("21", "19"), 2.0),  # 退役军人事务
    (("22",), 2.0),  # 经济管理
    (("24", "23"), 2.0),  # 市场监管
    (("25",), 1.0),  # 组织人事
    (("10", "08"), 1.0),  # 文体旅游
    (("03",), 1.0),  # 科技与信息产业
    (("26",), 0.3),  # 军队事务
    (("27",), 1.7),  # 其他
)
ACCUSATION_CLASS = "04"  # 纪检监察: every 检举控告 here, and nothing else
SEASONAL = {"11": {12: 1.8, 1: 1.9, 2: 1.4}}  # wage arrears peak before the Spring Festival

# Old first-level names in the message corpus → the current tree (same name otherwise).
RENAMED_CLASSES = {
    "环境保护": "生态环境",
    "卫生计生": "卫生健康",
    "教育文体": "教育",
    "商贸旅游": "市场监管",
    "国土资源": "自然资源",
    "民政": "民政与应急",
}

# Responsible departments, by the longest matching class-code prefix:
# (county department suffix or None, city department).
ROUTES: dict[str, tuple[str | None, str]] = {
    "12": ("住房和城乡建设局", "怀化市住房和城乡建设局"),
    "1201": ("自然资源局", "怀化市自然资源和规划局"),
    "11": ("人力资源和社会保障局", "怀化市人力资源和社会保障局"),
    "07": ("自然资源局", "怀化市自然资源和规划局"),
    "06": ("自然资源局", "怀化市自然资源和规划局"),
    "02": (None, "中共怀化市委政法委员会"),
    "01": (None, "怀化市公安局"),
    "0104": (None, "中共怀化市委政法委员会"),
    "15": (None, "怀化市卫生健康委员会"),
    "14": (None, "怀化市卫生健康委员会"),
    "20": (None, "怀化市民政局"),
    "19": (None, "怀化市民政局"),
    "2003": (None, "中共怀化市委政法委员会"),
    "09": (None, "怀化市教育局"),
    "08": (None, "怀化市教育局"),
    "17": (None, "怀化市生态环境局"),
    "16": (None, "怀化市生态环境局"),
    "18": (None, "怀化市交通运输局"),
    "24": (None, "怀化市市场监督管理局"),
    "23": (None, "怀化市市场监督管理局"),
    "13": (None, "怀化市农业农村局"),
    "21": (None, "怀化市退役军人事务局"),
    "26": (None, "怀化市退役军人事务局"),
    "2201": ("人力资源和社会保障局", "怀化市人力资源和社会保障局"),
    "2202": (None, "怀化市公安局"),
    "2203": (None, "怀化市市场监督管理局"),
}
# Classes the township (属地) handles when the county has a township unit in the demo.
TOWNSHIP_CLASSES = ("13", "05", "27", "1205", "0702")
TOWNSHIP_SHARE = 0.5

CITY_DEPARTMENTS = (
    "怀化市住房和城乡建设局",
    "怀化市人力资源和社会保障局",
    "怀化市自然资源和规划局",
    "怀化市卫生健康委员会",
    "怀化市民政局",
    "怀化市公安局",
    "怀化市教育局",
    "怀化市生态环境局",
    "怀化市交通运输局",
    "怀化市市场监督管理局",
    "怀化市农业农村局",
    "怀化市退役军人事务局",
)
COUNTY_DEPARTMENTS = ("住房和城乡建设局", "人力资源和社会保障局", "自然资源局")
CITY_DISCIPLINE = "中共怀化市纪律检查委员会"
CITY_POLITICAL_LEGAL = "中共怀化市委政法委员会"
CITY_BUREAU = "怀化市信访局"


def route(class_code: str) -> tuple[str | None, str] | None:
    """The (county suffix, city department) for a class, by its longest listed prefix."""
    for length in range(len(class_code), 1, -2):
        found = ROUTES.get(class_code[:length])
        if found is not None:
            return found
    return None


# Login slugs of the handler each receiving unit gets: `city-<slug>` for the city's units,
# `<county slug>-<slug>` for a county's (townships are in places.TOWNSHIP_SLUGS).
CITY_UNIT_SLUGS = {
    "怀化市住房和城乡建设局": "housing",
    "怀化市人力资源和社会保障局": "hrss",
    "怀化市自然资源和规划局": "natres",
    "怀化市卫生健康委员会": "health",
    "怀化市民政局": "civil",
    "怀化市公安局": "police",
    "怀化市教育局": "education",
    "怀化市生态环境局": "ecology",
    "怀化市交通运输局": "transport",
    "怀化市市场监督管理局": "market",
    "怀化市农业农村局": "agriculture",
    "怀化市退役军人事务局": "veterans",
    CITY_DISCIPLINE: "discipline",
    CITY_POLITICAL_LEGAL: "zhengfa",
}
COUNTY_UNIT_SLUGS = {
    "住房和城乡建设局": "housing",
    "人力资源和社会保障局": "hrss",
    "自然资源局": "natres",
    "纪律检查委员会": "discipline",
}
