"""What the demo knows about 怀化's county-level areas beyond the region fixture.

Names and populations come from the region tree in the database; this module adds a login
slug, the pre-1997 ID-card region code, a few towns and streets for addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

CITY_CODE = "431200"
CITY_NAME = "怀化市"


@dataclass(frozen=True)
class CountyFacts:
    slug: str
    # ID numbers carry the code in force at birth: 怀化's 4312xx codes date from 1997, earlier
    # births carry the 怀化地区 codes 4330xx (see DOMAIN.md).
    old_code: str
    new_id_code: str  # 431271 is a statistics code, never printed on an ID card
    towns: tuple[str, ...]
    roads: tuple[str, ...]


_COUNTY_ROADS = ("人民路", "建设路", "解放路", "新华路", "河滨路", "文昌路", "沿河路", "育才路")

COUNTIES: dict[str, CountyFacts] = {
    "431202": CountyFacts(
        "hecheng", "433001", "431202",
        ("城北街道", "城中街道", "城南街道", "迎丰街道", "红星街道", "坨院街道", "河西街道",
         "鸭嘴岩镇", "黄金坳镇"),
        ("迎丰路", "人民路", "天星路", "锦溪路", "鹤洲路", "湖天路", "正清路", "榆市路", "舞水路"),
    ),
    "431221": CountyFacts(
        "zhongfang", "433001", "431221",
        ("中方镇", "泸阳镇", "铜湾镇", "桐木镇", "花桥镇", "新建镇", "袁家镇"), _COUNTY_ROADS,
    ),
    "431222": CountyFacts(
        "yuanling", "433022", "431222",
        ("沅陵镇", "官庄镇", "五强溪镇", "凉水井镇", "七甲坪镇", "筲箕湾镇", "麻溪铺镇"),
        _COUNTY_ROADS,
    ),
    "431223": CountyFacts(
        "chenxi", "433023", "431223",
        ("辰阳镇", "孝坪镇", "火马冲镇", "潭湾镇", "修溪镇", "黄溪口镇"), _COUNTY_ROADS,
    ),
    "431224": CountyFacts(
        "xupu", "433024", "431224",
        ("卢峰镇", "低庄镇", "大江口镇", "龙潭镇", "桥江镇", "观音阁镇", "双井镇"), _COUNTY_ROADS,
    ),
    "431225": CountyFacts(
        "huitong", "433029", "431225",
        ("林城镇", "坪村镇", "若水镇", "广坪镇", "连山乡", "高椅乡"), _COUNTY_ROADS,
    ),
    "431226": CountyFacts(
        "mayang", "433025", "431226",
        ("高村镇", "锦和镇", "吕家坪镇", "兰里镇", "江口墟镇"), _COUNTY_ROADS,
    ),
    "431227": CountyFacts(
        "xinhuang", "433026", "431227",
        ("晃州镇", "波洲镇", "鱼市镇", "扶罗镇", "中寨镇", "凉伞镇"), _COUNTY_ROADS,
    ),
    "431228": CountyFacts(
        "zhijiang", "433027", "431228",
        ("芷江镇", "罗旧镇", "新店坪镇", "公坪镇", "楠木坪镇"), _COUNTY_ROADS,
    ),
    "431229": CountyFacts(
        "jingzhou", "433030", "431229",
        ("渠阳镇", "甘棠镇", "坳上镇", "新厂镇", "平茶镇", "太阳坪乡"), _COUNTY_ROADS,
    ),
    "431230": CountyFacts(
        "tongdao", "433031", "431230",
        ("双江镇", "县溪镇", "播阳镇", "牙屯堡镇", "陇城镇"), _COUNTY_ROADS,
    ),
    "431281": CountyFacts(
        "hongjiang", "433021", "431281",
        ("黔城镇", "安江镇", "托口镇", "江市镇", "沅河镇", "岔头乡"), _COUNTY_ROADS,
    ),
    "431271": CountyFacts(
        "hongjiangqu", "433002", "431281",
        ("河滨路街道", "新民路街道", "沅江路街道"), ("新民路", "河滨路", "沅江路", "大湾塘路"),
    ),
}  # fmt: skip

# Townships that get a unit of their own (乡镇（街道）), keyed by the county they belong to.
TOWNSHIP_UNITS: tuple[tuple[str, str], ...] = (
    ("431221", "中方县中方镇"),
    ("431222", "沅陵县官庄镇"),
    ("431224", "溆浦县卢峰镇"),
    ("431228", "芷江侗族自治县芷江镇"),
    ("431202", "鹤城区城北街道"),
)
# The county resettlement bureau attached to resettlement villages (挂点项目), and its login.
RESETTLEMENT_UNIT = ("431221", "中方县移民开发局", "zhongfang-resettlement")
# Logins of the townships' handlers.
TOWNSHIP_SLUGS = {
    "中方县中方镇": "zhongfang-zhongfangzhen",
    "沅陵县官庄镇": "yuanling-guanzhuang",
    "溆浦县卢峰镇": "xupu-lufeng",
    "芷江侗族自治县芷江镇": "zhijiang-zhijiangzhen",
    "鹤城区城北街道": "hecheng-chengbei",
}

# People whose 户籍 lies outside 怀化 (migrant workers, those who married in, ...).
OUTSIDE_HOMES: tuple[tuple[str, str], ...] = (
    ("433122", "湖南省湘西土家族苗族自治州泸溪县"),
    ("433123", "湖南省湘西土家族苗族自治州凤凰县"),
    ("522626", "贵州省黔东南苗族侗族自治州岑巩县"),
    ("522229", "贵州省铜仁市松桃苗族自治县"),
)
