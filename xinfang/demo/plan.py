"""Plan a year of petitions: pure data, no database, the same plan for the same seed.

`plan_year` decides every petition (when, how, where, about what, who) and the unit each
matter belongs to; `workflow_plan` then plans its way through the procedure and `build`
carries both out through the ordinary actions.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field

from xinfang.demo import corpus, mix, people, texts
from xinfang.demo.people import Person
from xinfang.demo.places import CITY_CODE, CITY_NAME, COUNTIES
from xinfang.demo.tree import PlanTree
from xinfang.holidays.calendar import Calendar
from xinfang.lib.timesource import SHANGHAI

# Office hours in which petitions are registered: 08:30–12:00 and 14:30–17:30.
OFFICE_SPANS = ((8 * 60 + 30, 12 * 60), (14 * 60 + 30, 17 * 60 + 30))
OFFICE_MINUTES = sum(end - start for start, end in OFFICE_SPANS)
# How likely an item of each channel arrives on a rest day, relative to a working day.
REST_DAY_WEIGHT = {"visit": 0.0, "collective_visit": 0.0, "letter": 0.1, "fax": 0.0,
                   "phone": 0.3, "online": 0.7}  # fmt: skip
_PACKAGE_CALENDAR = Calendar()
GENERIC_DEMANDS = (
    "请有关部门调查核实，依法依规解决。",
    "恳请领导重视，尽快协调解决。",
    "请求相关部门给予答复并妥善处理。",
)


@dataclass(frozen=True)
class Signer:
    person: Person
    is_main: bool
    with_id: bool = True


@dataclass(frozen=True)
class World:
    """What the planner needs to know about the place: names, people, classes, texts."""

    counties: dict[str, str]  # county-level code → name, in code order
    populations: dict[str, int]
    classes: PlanTree
    townships: dict[str, str] = field(default_factory=dict)  # county code → township unit
    messages: list[corpus.Message] | None = None


@dataclass
class PetitionPlan:
    index: int
    moment: dt.datetime  # registration moment, aware (Asia/Shanghai)
    registrar: str  # username of the registering bureau's registrar
    channel: str
    level: str
    lodged_with: str
    region_code: str
    class_code: str
    title: str
    content: str
    demands: str
    purpose: str
    petitioner_count: int
    people_concerned: int
    signers: list[Signer]
    repeat_of: int | None = None  # index of the matter's first petition
    accused_name: str = ""
    accused_unit_name: str = ""
    accused_level: str = ""
    accused_in_system: bool = False  # accused_unit_name names one of our units
    is_overlevel: bool = False
    is_abnormal: bool = False
    is_urgent: bool = False
    is_law_related: bool = False
    is_accusation: bool = False
    is_anonymous: bool = False
    is_joint: bool = False
    consent_public: bool = False
    assign_unit: str = ""  # the unit with the power to decide (name); "" when none is routed
    text_source: str = "own"  # "own" or a corpus message key

    @property
    def day(self) -> dt.date:
        return self.moment.date()

    @property
    def main(self) -> Signer | None:
        return next((s for s in self.signers if s.is_main), None)


def is_workday(day: dt.date) -> bool:
    """China's working days, 调休 included; a plain Monday–Friday outside the package's years.

    The calendar module without the database's overrides (`Calendar()`): the plan is pure data.
    """
    return _PACKAGE_CALENDAR.is_workday(day)


def office_moment(day: dt.date, minute: int, second: int) -> dt.datetime:
    for start, end in OFFICE_SPANS:
        if minute < end - start:
            clock_minute = start + minute
            break
        minute -= end - start
    else:  # pragma: no cover - minute is always below OFFICE_MINUTES
        raise ValueError(minute)
    return dt.datetime.combine(
        day, dt.time(clock_minute // 60, clock_minute % 60, second), SHANGHAI
    )


def plan_year(
    world: World,
    *,
    seed: int,
    count: int,
    year_end: dt.date,
    latest: dt.datetime | None = None,
) -> list[PetitionPlan]:
    """`count` petitions received over the 365 days ending on `year_end`, in order.

    `latest` (the real now) keeps the last day's registrations out of the future; it never
    changes what is drawn, so the plan stays the same for the same seed.
    """
    rng = random.Random(seed)
    days = [year_end - dt.timedelta(days=364 - i) for i in range(365)]
    work = [is_workday(d) for d in days]
    channels = list(mix.CHANNELS)
    cumulative = {
        ch: _cumulative([1.0 if w else REST_DAY_WEIGHT[ch] for w in work]) for ch in channels
    }
    slots = []
    for _ in range(count):
        channel = rng.choices(channels, list(mix.CHANNELS.values()))[0]
        day = rng.choices(days, cum_weights=cumulative[channel])[0]
        moment = office_moment(day, rng.randrange(OFFICE_MINUTES), rng.randrange(60))
        slots.append((moment, channel))
    slots.sort()
    planner = _Planner(world, rng, year_end, latest, seed)
    return [planner.plan(i, moment, channel) for i, (moment, channel) in enumerate(slots)]


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


class _Planner:
    def __init__(
        self,
        world: World,
        rng: random.Random,
        year_end: dt.date,
        latest: dt.datetime | None,
        seed: int,
    ):
        self.world = world
        self.rng = rng
        self.year_end = year_end
        self.latest = latest
        self.county_codes = list(world.counties)
        self.county_weights = [
            world.populations.get(c, 100_000) * mix.URBAN_FACTOR.get(c, 1.0)
            for c in self.county_codes
        ]
        self.firsts: list[PetitionPlan] = []  # identified first petitions, in time order
        self.first_days: list[dt.date] = []
        self.hot: list[PetitionPlan] = []  # matters raised more than once (老户)
        self.pools = self._pools(random.Random(f"{seed}:corpus"))

    # 1. The corpus, sorted into first-level classes once: labeled rows by their label,
    #    the others by keyword overlap; rows that match nothing feed 其他.
    def _pools(self, rng: random.Random) -> dict[str, list[corpus.Message]]:
        messages = self.world.messages or []
        tree, day = self.world.classes, self.year_end
        tops = [c for c in tree.children.get(None, []) if tree.is_valid(c, day)]
        tops = [c for c in tops if c != mix.ACCUSATION_CLASS]
        words = {code: tree.words(code) for code in tops}
        weights = {tree.first_of(lineage, day): w for lineage, w in mix.CLASSES}
        pools: dict[str, list[corpus.Message]] = {}
        for message in messages:
            code = tree.top_by_name(message.label, day) if message.label else None
            if code is None:
                code = corpus.classify(message, words, lambda c: weights.get(c, 0.0)) or "27"
            if code != mix.ACCUSATION_CLASS:
                pools.setdefault(code, []).append(message)
        for pool in pools.values():
            rng.shuffle(pool)
        return pools

    def plan(self, index: int, moment: dt.datetime, channel: str) -> PetitionPlan:
        rng, day = self.rng, moment.date()
        original = self._original(day) if rng.random() < mix.REPEAT_SHARE else None
        accusation = original is None and rng.random() < mix.ACCUSATION_SHARE
        anonymous = (accusation and rng.random() < 0.5) or (
            original is None and rng.random() < mix.ANONYMOUS_OTHER_SHARE
        )
        # Anonymous items come by letter; an accusation comes by letter, online or in person.
        if anonymous or (accusation and channel not in ("letter", "online", "visit")):
            channel = "letter"
        region = original.region_code if original else self._region()
        level, overlevel = self._level(channel, region, accusation)
        p = PetitionPlan(
            index=index,
            moment=moment,
            registrar=self._registrar(level, region),
            channel=channel,
            level=level,
            lodged_with={"national": "国家信访局", "province": "湖南省信访局"}.get(level, ""),
            region_code=region,
            class_code="",
            title="",
            content="",
            demands="",
            purpose="request",
            petitioner_count=1,
            people_concerned=1,
            signers=[],
            is_overlevel=overlevel,
            is_accusation=accusation,
            is_anonymous=anonymous,
        )
        if original is not None:
            self._repeat_text(p, original)
            main = original.main.person if original.main else None
        else:
            main = self._first_text(p)
        if main is not None:
            self._people(p, main, original)
        self._flags(p)
        if original is None:
            self._assignment(p)
            # Repeats need someone to repeat them; 检举控告 stay out, so a repeat never
            # carries an accusation's content onto a petition without the confidential flag.
            if not anonymous and not accusation:
                self.firsts.append(p)
                self.first_days.append(day)
        if self.latest is not None and p.moment > self.latest:
            p.moment = self.latest
        return p

    # 2. Where and at which level.
    def _region(self) -> str:
        if self.rng.random() < mix.CITY_MATTER_SHARE:
            return CITY_CODE
        return self.rng.choices(self.county_codes, self.county_weights)[0]

    def _level(self, channel: str, region: str, accusation: bool) -> tuple[str, bool]:
        roll = self.rng.random()
        if accusation:
            return "city", False
        if channel in mix.VISITS:
            share = roll * mix.VISIT_SHARE
            if share < mix.NATIONAL_SHARE:
                return "national", False
            if share < mix.NATIONAL_SHARE + mix.PROVINCE_SHARE:
                return "province", False
            if region == CITY_CODE:
                return "city", False
            if share < mix.NATIONAL_SHARE + mix.PROVINCE_SHARE + mix.OVERLEVEL_SHARE:
                return "city", True  # 越级到市: a county matter brought to the city
            return "county", False
        if region == CITY_CODE or roll < mix.CITY_DESK_SHARE:
            return "city", False
        return "county", False

    def _registrar(self, level: str, region: str) -> str:
        if level == "county":
            return f"{COUNTIES[region].slug}-registrar"
        return "city-registrar"

    def _place(self, region: str) -> tuple[str, str]:
        """(code, name) a text talks about: the county, or the city seat for city matters."""
        if region == CITY_CODE:
            return "431202", self.world.counties.get("431202", CITY_NAME)
        return region, self.world.counties[region]

    # 3. What it is about.
    def _top_class(self, day: dt.date) -> str:
        tree = self.world.classes
        codes, weights = [], []
        for lineage, weight in mix.CLASSES:
            code = tree.first_of(lineage, day)
            if code is not None:
                codes.append(code)
                weights.append(weight * mix.SEASONAL.get(code, {}).get(day.month, 1.0))
        return self.rng.choices(codes, weights)[0]

    def _first_text(self, p: PetitionPlan) -> Person | None:
        """Class, text and main petitioner of a first petition (初信初访).

        1. The class: 纪检监察 for 检举控告, else drawn from the volume mix.
        2. The text: a real message of that class while the corpus has one, else a template.
        3. The main petitioner, fitting the template (a widow, a retiree), unless anonymous.
        4. The text filled in, with the petitioner's age where it says "我今年…岁".
        """
        rng, day = self.rng, p.day
        top = mix.ACCUSATION_CLASS if p.is_accusation else self._top_class(day)
        pool = None if p.is_accusation else self.pools.get(top)
        message = pool.pop() if pool else None
        template = None if message else texts.choose(rng, top)
        main = None
        if not p.is_anonymous:
            home = p.region_code if p.region_code != CITY_CODE else self._region_county()
            sex, ages = (template.sex, template.ages) if template else ("", (20, 76))
            main = people.person(rng, home, self.world.counties, day, top, sex=sex, ages=ages)
        if message is not None:
            self._corpus_text(p, top, message)
        elif p.is_accusation:
            self._accusation_text(p, template)
        else:
            code, name = self._place(p.region_code)
            given = {"age": str(main.age_on(day))} if main else {}
            text = texts.fill(rng, template, code, name, day, **given)
            p.class_code = self.world.classes.settle(text.class_code, day) or top
            p.title, p.content, p.demands = text.title, text.content, text.demands
            p.purpose = text.purpose
        return main

    def _corpus_text(self, p: PetitionPlan, top: str, message: corpus.Message) -> None:
        rng, day = self.rng, p.day
        code, name = self._place(p.region_code)
        others = [n for c, n in self.world.counties.items() if c != code]
        rng.shuffle(others)
        shift = corpus.years_between(message.written_on, day)
        year = message.written_on.year if message.written_on else 0
        title = corpus.localise(message.title, name, others, shift_years=shift, year=year)
        content = corpus.localise(message.content, name, others, shift_years=shift, year=year)
        p.class_code = self.world.classes.pick_node(rng, top, day, title, content)
        p.title = corpus.trim(title, corpus.TITLE_MAX)
        p.content = corpus.trim(content, corpus.CONTENT_MAX)
        p.demands = corpus.demands_of(p.content) or rng.choice(GENERIC_DEMANDS)
        p.purpose = _purpose_of(top, p.title)
        p.text_source = message.key

    def _repeat_text(self, p: PetitionPlan, original: PetitionPlan) -> None:
        p.repeat_of = original.index
        p.class_code = original.class_code
        p.title, p.content = texts.repeat_text(original.title, original.content, original.day)
        p.demands, p.purpose = original.demands, original.purpose
        p.text_source = original.text_source
        if original not in self.hot:
            self.hot.append(original)

    def _accusation_text(self, p: PetitionPlan, template: texts.Template) -> None:
        """Whom a 检举控告 accuses: a county department, a township or a village committee."""
        rng = self.rng
        code, name = self._place(p.region_code)
        town = rng.choice(COUNTIES[code].towns)
        if p.region_code == CITY_CODE:
            unit, level, posts, system = (
                rng.choice(mix.CITY_DEPARTMENTS),
                "处级",
                ("副局长", "科长"),
                True,
            )
        else:
            roll = rng.random()
            township = self.world.townships.get(code)
            if roll < 0.45:
                unit = f"{name}{rng.choice(mix.COUNTY_DEPARTMENTS)}"
                level, posts, system = "科级", ("副局长", "股长", "工作人员"), True
            elif roll < 0.6 and township:
                unit, level, posts, system = township, "科级", ("副镇长", "站长"), True
            elif roll < 0.75:
                unit, level, posts, system = (
                    f"{name}{town}人民政府",
                    "科级",
                    ("副镇长", "站长"),
                    False,
                )
            else:
                unit = f"{town}{people.village(rng)}村民委员会"
                level, posts, system = "村（社区）干部", ("主任", "支部书记", "会计"), False
        accused = people.full_name(rng, "M" if rng.random() < 0.85 else "F")
        text = texts.fill(
            rng, template, code, name, p.day,
            accused=accused, accused_unit=unit, accused_post=rng.choice(posts), town=town,
        )  # fmt: skip
        p.class_code = self.world.classes.settle(text.class_code, p.day) or mix.ACCUSATION_CLASS
        p.title, p.content, p.demands = text.title, text.content, text.demands
        p.purpose = "accuse"
        p.accused_name, p.accused_unit_name, p.accused_level = accused, unit, level
        p.accused_in_system = system and rng.random() < 0.7

    # 4. Who came or wrote, besides the main petitioner.
    def _people(self, p: PetitionPlan, main: Person, original: PetitionPlan | None) -> None:
        rng = self.rng
        home = p.region_code if p.region_code != CITY_CODE else self._region_county()
        top = p.class_code[:2]

        def someone() -> Person:
            return people.person(rng, home, self.world.counties, p.day, top)

        kept = [s.person for s in original.signers if not s.is_main] if original else []
        if p.channel == "collective_visit":
            count = _collective_size(rng)
            reps = min(rng.randint(2, 5), count)
            others = (kept + [someone() for _ in range(reps)])[: reps - 1]
            p.signers = [Signer(main, True)] + [Signer(o, False) for o in others]
            p.petitioner_count = count
            p.people_concerned = count + rng.randrange(0, count + 1)
        elif p.channel == "visit":
            count = rng.choices((1, 2, 3, 4), (75, 15, 7, 3))[0]
            others = (kept + [someone() for _ in range(count)])[: count - 1]
            p.signers = [Signer(main, True)] + [Signer(o, False) for o in others]
            p.petitioner_count = count
            p.people_concerned = count + (rng.randrange(0, 20) if rng.random() < 0.2 else 0)
        elif p.channel == "letter" and rng.random() < mix.JOINT_LETTER_SHARE:
            count = rng.randint(2, 4)
            p.signers = [Signer(main, True)] + [
                Signer(someone(), False, with_id=rng.random() < 0.5) for _ in range(count - 1)
            ]
            p.petitioner_count = p.people_concerned = count
            p.is_joint = True
        else:
            p.signers = [Signer(main, True)]
            p.petitioner_count = 1
            p.people_concerned = 1 + (rng.randrange(1, 40) if rng.random() < 0.1 else 0)

    def _region_county(self) -> str:
        return self.rng.choices(self.county_codes, self.county_weights)[0]

    # 5. Flags.
    def _flags(self, p: PetitionPlan) -> None:
        rng = self.rng
        if p.level == "national":
            abnormal = mix.ABNORMAL["national"]
        elif p.level == "province":
            abnormal = mix.ABNORMAL["province"]
        elif p.is_overlevel:
            abnormal = mix.ABNORMAL["overlevel"]
        else:
            abnormal = mix.ABNORMAL["other"]
        p.is_abnormal = p.channel in mix.VISITS and rng.random() < abnormal
        urgent = mix.URGENT_SHARE * (6 if p.channel == "collective_visit" else 1)
        p.is_urgent = rng.random() < urgent
        p.is_law_related = p.class_code.startswith("02")
        consent = mix.CONSENT_PUBLIC["online" if p.channel == "online" else "other"]
        p.consent_public = not p.is_accusation and not p.is_anonymous and rng.random() < consent

    # 6. Who answers for it, and when the bureau sends it there.
    def _original(self, day: dt.date) -> PetitionPlan | None:
        """An earlier matter, raised again: often a recent one, sometimes a 老户's."""
        rng = self.rng
        before = bisect.bisect_left(self.first_days, day)
        if before == 0:
            return None
        hot = [h for h in self.hot if h.day < day]
        if hot and rng.random() < 0.3:
            return rng.choice(hot)
        return self.firsts[before - 1 - int(before * rng.random() ** 2)]

    def _assignment(self, p: PetitionPlan) -> None:
        """The unit the matter belongs to; workflow_plan decides if and when it gets there."""
        p.assign_unit = self._unit_for(p)

    def _unit_for(self, p: PetitionPlan) -> str:
        rng, region = self.rng, p.region_code
        county = self.world.counties.get(region, "")
        if p.is_accusation:
            # Cadres of townships and villages answer to the county commission, those of
            # departments to the city's. 第30条: never the accused unit itself.
            local = region != CITY_CODE and p.accused_unit_name.endswith(
                ("委员会", "政府", "镇", "街道")
            )
            unit = f"{county}纪律检查委员会" if local else mix.CITY_DISCIPLINE
            return unit if unit != p.accused_unit_name else ""
        township = self.world.townships.get(region)
        roll = rng.random()
        if township and p.class_code.startswith(mix.TOWNSHIP_CLASSES) and roll < mix.TOWNSHIP_SHARE:
            return township
        routed = mix.route(p.class_code)
        if routed is None:
            return ""
        suffix, city = routed
        return f"{county}{suffix}" if region != CITY_CODE and suffix else city


def _collective_size(rng: random.Random) -> int:
    """5–60 people, most groups small: 5 plus a log-normal tail."""
    return min(60, 5 + int(rng.lognormvariate(2.35, 0.85)))


def _purpose_of(top: str, title: str) -> str:
    if top == "02":
        return "appeal"
    if any(w in title for w in ("咨询", "请问", "能否", "是否")):
        return "consult"
    if "建议" in title:
        return "suggest"
    return "request"
