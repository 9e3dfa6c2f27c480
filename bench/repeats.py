"""Repeat detection: quality on a labelled set built from real messages, and lookup latency.

Run by bench.run in a subprocess with DATABASE_URL set (its own database). The history is
the TipDM messages (../shared/data/tipdm2020), each given a synthetic petitioner in a 怀化
county; queries are either repeats of a history petition, changed the way people change
them (homophone or one-character names, phones with +86 or spaces, IDs in lower case or 15
digits, the complaint retold: sentences reordered, shortened, words replaced), or new
petitions by other people in the same places. Larger histories add retold mixtures of the
same messages, so lookups meet realistic text at 10k, 100k and 1M.

Query kinds (`KINDS`), each scored on its own: repeats with mixed changes; name-only
follow-up letters (only the petitioner's name, the complaint paraphrased); and four kinds of
new matter that must not be flagged: new petitions by other people, the same person on
another matter, the same words from another person in the same village, and the same words
from a neighbour whose two-character name is one character off.

Held out: the history's real messages are split in two by their position in the shuffled
list (even: the tuning split, odd: the report split), and so are the held-out messages. Each
split's queries are made only from its own messages, so a parameter chosen on `--split tune`
is reported on messages it never saw (`--split report`, the default).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
django_ready = False

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力春梅鹏飞斌波宇浩凯晨欣怡佳琳雪莉林峰志海燕云龙凤东亮成俊德新清福荣贵生发金山林水永安"
SYNONYMS = [
    ("反映", "反应"), ("问题", "情况"), ("希望", "恳请"), ("政府", "有关部门"), ("解决", "处理"),
    ("严重", "非常严重"), ("居民", "住户"), ("小区", "社区"), ("领导", "领导同志"), ("多次", "好几次"),
    ("至今", "到现在"), ("没有", "未"), ("要求", "请求"), ("相关部门", "有关单位"), ("我们", "我们这些"),
    ("影响", "严重影响"), ("年", "年度"), ("请", "恳请"), ("已经", "早已"), ("尽快", "早日"),
]  # fmt: skip
SENTENCE = re.compile(r"(?<=[。！？；!?;])")


@dataclass
class Person:
    name: str
    id_number: str
    phone: str
    address: str


@dataclass
class Query:
    truth: int | None  # matter id it repeats, or None for a new petition
    title: str
    content: str
    region_code: str
    person: Person
    change: str
    kind: str = "repeat, mixed changes"


def shared_dir() -> Path:
    return Path(
        os.environ.get("XINFANG_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared")
    )


def messages() -> list[tuple[str, str]]:
    rows = []
    for name in ("messages-labeled.csv", "messages-unlabeled.csv"):
        with open(shared_dir() / "data" / "tipdm2020" / name, encoding="utf-8") as fh:
            rows += [
                (r["留言主题"].strip()[:120], r["留言详情"].strip()[:3000])
                for r in csv.DictReader(fh)
            ]
    return [r for r in rows if len(r[1]) >= 20]


def id_number(rng: random.Random, county: str) -> str:
    from stdnum.cn import ric

    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 18000))
    body = f"{county}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")


def person(rng: random.Random, county: str, county_name: str) -> Person:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    phone = f"1{rng.choice('35789')}{rng.randint(0, 999999999):09d}"
    address = f"{county_name}{rng.choice('东南西北')}{rng.choice('街村')}{rng.randint(1, 99)}号"
    return Person(name, id_number(rng, county), phone, address)


def homophones() -> dict[str, list[str]]:
    from pypinyin import lazy_pinyin

    by_sound: dict[str, list[str]] = {}
    for char in set(SURNAMES + GIVEN + "玮炜薇微维卫为华化花建健剑见国果过文闻雯"):
        by_sound.setdefault(lazy_pinyin(char)[0], []).append(char)
    return {c: [o for o in group if o != c] for group in by_sound.values() for c in group}


def retell(rng: random.Random, text: str) -> str:
    """Reorder sentences, drop some, replace words: the same complaint told again."""
    sentences = [s for s in SENTENCE.split(text) if s.strip()]
    if len(sentences) > 2:
        rng.shuffle(sentences)
        keep = max(2, round(len(sentences) * rng.uniform(0.4, 1.0)))
        sentences = sentences[:keep]
    told = "".join(sentences)
    if rng.random() < 0.25:  # taken down by phone: the registrar's summary of it
        told = told[: rng.randint(60, 150)]
    for old, new in rng.sample(SYNONYMS, 6):
        told = told.replace(old, new, 1)
    return told


def change_name(rng: random.Random, name: str, sounds: dict[str, list[str]]) -> tuple[str, str]:
    pos = rng.randrange(1, len(name))
    if rng.random() < 0.6 and sounds.get(name[pos]):
        return name[:pos] + rng.choice(sounds[name[pos]]) + name[pos + 1 :], "homophone name"
    if len(name) == 3 and rng.random() < 0.5:
        return name[0] + name[2] + name[1], "swapped name"
    return name[:pos] + rng.choice(GIVEN) + name[pos + 1 :], "one character changed"


def format_phone(rng: random.Random, phone: str) -> str:
    return rng.choice(
        [f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}", f"{phone[:3]}-{phone[3:7]}-{phone[7:]}",
         f"0086{phone}", f"{phone[:3]} {phone[3:]}"]
    )  # fmt: skip


def format_id(rng: random.Random, number: str) -> str:
    if number.endswith("X"):
        return number.lower()
    return number[:6] + number[8:17] if rng.random() < 0.5 else number


def repeat_of(rng, original: Person, text: tuple[str, str], sounds) -> tuple[Person, str, str, str]:
    """A repeat by the same person, changed as people change things."""
    kind = rng.choices(["id", "phone", "letter", "name only"], [30, 30, 25, 15])[0]
    title = rng.choice([text[0], retell(rng, text[0]), "再次反映" + text[0][:8] + "的问题"])
    content = retell(rng, text[1])
    if kind == "id":
        phone = format_phone(rng, original.phone) if rng.random() < 0.5 else ""
        return Person(original.name, format_id(rng, original.id_number), phone, original.address), title, content, "ID reformatted"  # fmt: skip
    if kind == "phone":
        name, how = change_name(rng, original.name, sounds) if rng.random() < 0.4 else (original.name, "")  # fmt: skip
        return Person(name, "", format_phone(rng, original.phone), ""), title, content, f"phone reformatted {how}".strip()  # fmt: skip
    if kind == "letter":
        name, how = change_name(rng, original.name, sounds)
        return Person(name, "", "", original.address), title, content, f"letter, {how}"
    name, how = change_name(rng, original.name, sounds) if rng.random() < 0.3 else (original.name, "")  # fmt: skip
    return Person(name, "", "", ""), title, content, f"name only {how}".strip()


def setup_django() -> None:
    global django_ready
    if not django_ready:
        import django

        django.setup()
        django_ready = True


def build_history(
    target: int, texts: list[tuple[str, str]], rng: random.Random, state: dict
) -> int:
    """Grow the bench history to `target` petitions, written in bulk with their index keys."""
    from django.db import transaction

    from bench.seed import ensure_reference
    from xinfang.insight.fingerprint import Person as ProbePerson
    from xinfang.insight.fingerprint import Probe, keys
    from xinfang.insight.models import RepeatKey
    from xinfang.lib import timesource
    from xinfang.petitions.models import Matter, Petition, Petitioner
    from xinfang.regions.models import Level

    have = Petition.objects.filter(number__startswith="R-").count()
    user, counties, classes = ensure_reference()
    now, today = timesource.now(), timesource.today()
    while have < target:
        size = min(5000, target - have)
        rows = []
        for i in range(size):
            n = have + i
            county = counties[n % len(counties)]
            if n < len(texts):
                title, content = texts[n]
            else:  # a retold mixture of two real messages, for scale
                a, b = rng.choice(texts), rng.choice(texts)
                title, content = a[0], retell(rng, a[1]) + retell(rng, b[1])[:200]
            who = person(rng, county.code, county.name)
            previous = rows[-1][4] if rows else (state["people"] or [None])[-1]
            if n < len(texts) and previous and rng.random() < 0.1:  # one person, two matters
                who = previous
            rows.append((n, county, title, content, who))
        with transaction.atomic():
            matters = Matter.objects.bulk_create([
                Matter(number=f"SXR-{n:07d}", title=t[:120], region=c, content_class=rng.choice(classes),
                       registering_unit=user.unit, opened_on=today - dt.timedelta(days=rng.randint(1, 1800)),
                       last_received_on=today, created_at=now)
                for n, c, t, _, _ in rows
            ], batch_size=1000)  # fmt: skip
            petitions = Petition.objects.bulk_create([
                Petition(number=f"R-{n:07d}", query_code_hash="-", matter=m, channel="letter",
                         received_on=m.opened_on, registering_unit=user.unit, level=Level.CITY,
                         petitioner_count=1, people_concerned=1, region=c, title=t[:120], content=body,
                         purpose="request", content_class=m.content_class, registered_by=user,
                         registered_at=now)
                for (n, c, t, body, _), m in zip(rows, matters, strict=True)
            ], batch_size=1000)  # fmt: skip
            Petitioner.objects.bulk_create([
                Petitioner(petition=p, name=w.name, id_number=w.id_number, phone=f"+86{w.phone}",
                           address=w.address, is_main=True)
                for p, (_, _, _, _, w) in zip(petitions, rows, strict=True)
            ], batch_size=2000)  # fmt: skip
            index_rows = []
            for p, (n, c, t, body, w) in zip(petitions, rows, strict=True):
                probe = Probe(
                    t, body, c.code, [ProbePerson(w.name, w.id_number, w.phone, w.address)]
                )
                index_rows += [RepeatKey(key=k, petition_id=p.pk) for k in keys(probe)]
                if n < len(texts):
                    state["people"].append(w)
                    state["base"].append((p.matter_id, c, w, (t, body)))
            RepeatKey.objects.bulk_create(index_rows, batch_size=5000, ignore_conflicts=True)
        have += size
        print(f"  history {have:,}/{target:,}", flush=True)
    return have


def load_base(state: dict, count: int) -> None:
    """The real-message rows of a history built by an earlier run (they come first)."""
    from xinfang.petitions.models import Petition

    rows = (
        Petition.objects.filter(number__lt=f"R-{count:07d}", number__startswith="R-")
        .select_related("region")
        .prefetch_related("petitioners")
        .order_by("number")
    )
    for p in rows:
        w = p.petitioners.all()[0]
        who = Person(w.name, w.id_number, w.phone.removeprefix("+86"), w.address)
        state["people"].append(who)
        state["base"].append((p.matter_id, p.region, who, (p.title, p.content)))
    if state["base"]:
        print(f"  reusing the bench history ({len(state['base']):,} real messages first)")


KINDS = {
    # kind: is it a repeat (its query's truth is the matter it repeats)?
    "repeat, mixed changes": True,
    "name-only follow-up, paraphrased": True,
    "new petition, another person": False,
    "same person, another matter": False,
    "same words, another person, same village": False,
    "same words, 2-character name one character off, same village": False,
}
# Words a petitioner puts differently when writing again (on top of `SYNONYMS`).
REWORDINGS = [
    ("物业公司", "物业"), ("开发商", "开发公司"), ("业主", "住户"), ("不能", "无法"), ("现在", "目前"),
    ("很多", "许多"), ("非常", "十分"), ("因为", "由于"), ("但是", "可是"), ("所以", "因此"),
    ("一直", "始终"), ("老人", "老年人"), ("附近", "周边"), ("每天", "天天"), ("晚上", "夜里"),
    ("市民", "群众"), ("工资", "薪水"), ("房子", "房屋"), ("噪音", "噪声"), ("投诉", "举报"),
    ("怎么", "如何"), ("什么", "哪些"), ("孩子", "小孩"), ("公司", "企业"), ("部门", "单位"),
    ("情况", "事情"), ("希望", "盼望"), ("可以", "能够"), ("马上", "立即"), ("目前", "眼下"),
    ("经常", "时常"), ("导致", "造成"), ("存在", "有"), ("进行", "开展"), ("给予", "给"),
    ("告诉", "答复"), ("办理", "处理"), ("询问", "问"), ("还是", "仍然"), ("出现", "发生"),
]  # fmt: skip
OPENINGS = [
    "本人{name}，{when}曾就{topic}的问题向你们反映过，至今没有结果，现再次来信。",
    "我是{name}，上次反映的{topic}一事到现在还没有解决，只好再写信反映。",
    "尊敬的领导：我叫{name}，{when}已经反映过{topic}，一直没有人来处理。",
    "{name}再次反映：{topic}的事情{when}就反映了，拖到现在没有答复。",
]
CLOSINGS = [
    "恳请领导重视，早日给个答复。",
    "希望这次能够认真处理。",
    "盼复。",
    "",
    "请尽快处理，谢谢！",
]
WHEN = ["去年", "上个月", "今年三月", "前不久", "半年前", "年初"]
CLAUSE = re.compile(r"[，,。！？；!?;：:\s]+")


def follow_up(rng: random.Random, name: str, text: tuple[str, str]) -> tuple[str, str]:
    """A second letter on the same matter that carries only the name, written from memory:
    the petitioner says they wrote before, then gives the gist again in other words (some
    of the clauses, each cut short or joined by other little words, most common words put
    differently), and signs off."""
    title, body = text
    clauses = [c for c in CLAUSE.split(body) if len(c) >= 4]
    keep = max(2, round(len(clauses) * rng.uniform(0.3, 0.7)))
    start = rng.randrange(0, max(1, len(clauses) - keep + 1))
    kept = []
    for clause in clauses[start : start + keep]:
        if len(clause) > 8 and rng.random() < 0.6:  # only the part that stayed in mind
            size = round(len(clause) * rng.uniform(0.5, 0.9))
            at = rng.randrange(0, len(clause) - size + 1)
            clause = clause[at : at + size]
        kept.append(clause)
    if len(kept) > 3 and rng.random() < 0.5:
        i = rng.randrange(len(kept) - 1)
        kept[i], kept[i + 1] = kept[i + 1], kept[i]
    told = kept[0]
    for clause in kept[1:]:
        told += rng.choice(["，", "，", "，而且", "，还有", "，结果", "。另外"]) + clause
    for old, new in SYNONYMS + REWORDINGS:
        if rng.random() < 0.7:
            told = told.replace(old, new)
    topic = title[: rng.randint(6, 14)]
    opening = rng.choice(OPENINGS).format(name=name, when=rng.choice(WHEN), topic=topic)
    content = opening + told[: rng.randint(80, 400)] + "。" + rng.choice(CLOSINGS)
    new_title = rng.choice([f"再次反映{topic}", f"关于{topic}问题的再次来信", title, "请求解决"])
    return new_title, content


def neighbour_address(rng: random.Random, address: str) -> str:
    """The same village or street, another house (bench addresses end in 「N号」)."""
    number = int(re.search(r"(\d+)号$", address).group(1))
    other = rng.choice([n for n in range(1, 100) if n != number])
    return re.sub(r"\d+号$", f"{other}号", address)


def another_person(rng, county, county_name, original: Person) -> Person:
    """Someone else: a name that neither sounds like nor is one character off the original."""
    from xinfang.insight import normalise

    while True:
        other = person(rng, county, county_name)
        alike = normalise.name_sound(other.name) == normalise.name_sound(original.name)
        if not alike and not normalise.one_edit_apart(other.name, original.name):
            return other


def one_character_off(rng: random.Random, name: str) -> str:
    """A two-character name with its given name changed to one that does not sound alike."""
    from pypinyin import lazy_pinyin

    while True:
        char = rng.choice(GIVEN)
        if char != name[1] and lazy_pinyin(char) != lazy_pinyin(name[1]):
            return name[0] + char


def same_subject(text: tuple[str, str], pool: list[tuple[str, str]]) -> tuple[str, str]:
    """Another matter on the same subject: the message of `pool` most like `text` short of
    telling the same story (bigram overlap under 0.25: the message board holds copies of
    one complaint posted by several users, and those would be the same matter)."""
    from xinfang.insight import normalise

    def grams(t: tuple[str, str]) -> set[str]:
        folded = normalise.text(f"{t[0]} {t[1][:2000]}")
        return {folded[i : i + 2] for i in range(len(folded) - 1)}

    def overlap(a: set[str], b: set[str]) -> float:
        # The bench's own measure (Jaccard, or containment of the smaller), kept apart from
        # the scoring it tests so that changing that does not move the queries.
        if not a or not b:
            return 0.0
        common, smaller = len(a & b), min(len(a), len(b))
        jaccard = common / len(a | b)
        return jaccard if smaller < 15 else max(jaccard, 0.85 * common / smaller)

    mine = grams(text)
    scored = [(overlap(mine, grams(other)), other) for other in pool if other != text]
    return max((s for s in scored if s[0] < 0.25), key=lambda s: s[0])[1]


def split_of(rows: list, split: str) -> list:
    """Even positions are the tuning split, odd ones the report split."""
    return rows[0 if split == "tune" else 1 :: 2]


def make_queries(
    state: dict, held_out: list[tuple[str, str]], count: int, rng: random.Random, split: str
) -> list[Query]:
    """`count` queries of each kind in `KINDS`, made only from the split's own messages."""
    from bench.seed import ensure_reference

    _, counties, _ = ensure_reference()
    sounds = homophones()
    base, fresh = split_of(state["base"], split), split_of(held_out, split)
    queries = []

    def add(kind: str, truth, title, content, county, who, change=""):
        queries.append(Query(truth, title, content, county.code, who, change or kind, kind))

    kind = "repeat, mixed changes"
    for matter_id, county, who, text in rng.sample(base, count):
        changed, title, content, how = repeat_of(rng, who, text, sounds)
        add(kind, matter_id, title, content, county, changed, how)
    kind = "name-only follow-up, paraphrased"
    for matter_id, county, who, text in rng.sample(base, count):
        title, content = follow_up(rng, who.name, text)
        add(kind, matter_id, title, content, county, Person(who.name, "", "", ""))
    kind = "new petition, another person"
    for title, content in rng.sample(fresh, min(count, len(fresh))):
        county = rng.choice(counties)
        add(kind, None, title, content, county, person(rng, county.code, county.name))
    kind = "same person, another matter"
    pool = fresh + [row[3] for row in base]
    for _, county, who, text in rng.sample(base, count):
        form = rng.choice(["name only", "name and address", "ID", "phone"])
        changed = Person(
            who.name,
            who.id_number if form == "ID" else "",
            format_phone(rng, who.phone) if form == "phone" else "",
            who.address if form == "name and address" else "",
        )
        if rng.random() < 0.5:
            subject, (title, content) = "any subject", rng.choice(fresh)
        else:
            subject, (title, content) = "same subject", same_subject(text, pool)
        add(kind, None, title, content, county, changed, f"{kind}, {form}, {subject}")
    kind = "same words, another person, same village"
    for _, county, who, text in rng.sample(base, count):
        other = another_person(rng, county.code, county.name, who)
        other = Person(other.name, "", "", neighbour_address(rng, who.address))
        add(kind, None, text[0], retell(rng, text[1]), county, other)
    kind = "same words, 2-character name one character off, same village"
    two = [row for row in base if len(row[2].name) == 2]
    for _, county, who, text in rng.sample(two, min(count, len(two))):
        other = Person(one_character_off(rng, who.name), "", "", "")
        other.address = neighbour_address(rng, who.address)
        add(kind, None, text[0], retell(rng, text[1]), county, other)
    return queries


def probe_of(query: Query):
    from xinfang.insight.fingerprint import Person as ProbePerson
    from xinfang.insight.fingerprint import Probe

    p = query.person
    return Probe(query.title, query.content, query.region_code, [ProbePerson(p.name, p.id_number, p.phone, p.address)])  # fmt: skip


def quality(queries: list[Query], split: str) -> None:
    """Per kind: how often the right matter is flagged first (its score from `LIKELY`), how
    often a new matter is flagged at all (a false alarm), and the top suggestion's precision."""
    from xinfang.accounts.models import User
    from xinfang.insight import repeats

    user = User.objects.get(username="bench-registrar")
    print(f"  {split} split: queries made from the {'even' if split == 'tune' else 'odd'} positions of the shuffled history and held-out messages")  # fmt: skip
    flagged_all = correct_all = 0
    for kind, is_repeat in KINDS.items():
        mine = [q for q in queries if q.kind == kind]
        if not mine:
            continue
        flagged = correct = at1 = at5 = 0
        misses: dict[str, int] = {}
        scores = []
        for query in mine:
            found = repeats.find(user, probe_of(query))
            top = found[0] if found else None
            ids = [c.petition.matter_id for c in found]
            if top is not None and top.is_likely:
                flagged += 1
                correct += top.petition.matter_id == query.truth
            if is_repeat:
                at1 += bool(ids) and ids[0] == query.truth
                at5 += query.truth in ids[:5]
                right = [c.score for c in found if c.petition.matter_id == query.truth]
                scores.append(right[0] if right else 0.0)
                if not (top is not None and top.is_likely and ids[0] == query.truth):
                    misses[query.change] = misses.get(query.change, 0) + 1
            else:
                scores.append(top.score if top else 0.0)
                if top is not None and top.is_likely:
                    misses[query.change] = misses.get(query.change, 0) + 1
        flagged_all += flagged
        correct_all += correct
        n = len(mine)
        quartiles = " / ".join(f"{q:.2f}" for q in statistics.quantiles(scores, n=4))
        print(f"  {kind} (n={n})")
        if is_repeat:
            print(f"    flagged first (top = right matter, score ≥ {repeats.LIKELY}): {correct / n:.3f} ({correct}/{n})   recall@1 {at1 / n:.3f}  recall@5 {at5 / n:.3f}")  # fmt: skip
            print(f"    precision of the top suggestion: {correct / max(flagged, 1):.3f} ({correct}/{flagged})   the right matter's score, quartiles: {quartiles}")  # fmt: skip
            if misses:
                print(f"    not flagged first, by change: {misses}")
        else:
            print(f"    false alarms (a suggestion ≥ {repeats.LIKELY}): {flagged / n:.3f} ({flagged}/{n})   top score, quartiles: {quartiles}")  # fmt: skip
            if misses and set(misses) != {kind}:
                print(f"    false alarms by form: {misses}")
    print(f"  precision of the top suggestion, all kinds: {correct_all / max(flagged_all, 1):.3f} ({correct_all}/{flagged_all})")  # fmt: skip


def latency(queries: list[Query], history: int) -> None:
    from django.db import connection

    from xinfang.accounts.models import User
    from xinfang.insight import repeats

    user = User.objects.get(username="bench-registrar")
    probes = [probe_of(q) for q in queries]
    for probe in probes[:20]:
        repeats.find(user, probe)  # warm caches
    samples = []
    for probe in probes:
        start = time.perf_counter()
        repeats.find(user, probe)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(0.95 * len(samples)) - 1]
    print(
        f"  lookup at {history:>9,} historic petitions ({connection.vendor}): n={len(samples)} "
        f"p50={statistics.median(samples):6.1f} ms  p95={p95:6.1f} ms  max={samples[-1]:6.1f} ms",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=400, help="held-out messages")
    parser.add_argument("--per-kind", type=int, default=200, help="queries of each kind")
    parser.add_argument(
        "--split",
        choices=["report", "tune", "both"],
        default="report",
        help="tune parameters on `tune` only; report figures from `report`",
    )
    args = parser.parse_args()
    if not (shared_dir() / "data" / "tipdm2020").exists():
        print(f"  skipped: {shared_dir()}/data/tipdm2020 is absent (the benchmark needs the real messages)")  # fmt: skip
        return
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    rng = random.Random(2020)
    texts = messages()
    rng.shuffle(texts)
    held_out, texts = texts[: args.queries], texts[args.queries :]
    state: dict = {"people": [], "base": []}
    load_base(state, len(texts))
    sizes = [int(s) for s in args.sizes.split(",")]
    splits = ["tune", "report"] if args.split == "both" else [args.split]
    for size in sizes:
        started = time.perf_counter()
        have = build_history(size, texts, rng, state)
        print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if size == sizes[0]:
            queries = {
                split: make_queries(state, held_out, args.per_kind, random.Random(7), split)
                for split in splits
            }
            for split in splits:
                quality(queries[split], split)
        latency(queries[splits[-1]], have)


if __name__ == "__main__":
    main()
