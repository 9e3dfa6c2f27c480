"""Repeat suggestions: who and what a new petition shares with earlier ones, and who may see them."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xinfang.insight import actions, fingerprint, normalise, queries, repeats
from xinfang.insight.fingerprint import Probe
from xinfang.insight.models import DismissedMatch, RepeatKey
from xinfang.insight.repeats import LIKELY
from xinfang.intake.actions import void_petition
from xinfang.lib.errors import DomainError
from xinfang.petitions.drafts import PetitionerDraft

ID = "43120219800101000X"
ELEVATOR = "我们小区3栋电梯停运半年，物业公司拒不维修，老人上下楼困难，多次找物业和社区都没有结果。"
ELEVATOR_AGAIN = (
    "物业公司拒不维修，老人上下楼非常困难。我们小区3栋的电梯已经停运了半年，多次找社区都没结果。"
)
WAGES = "我在工地干了八个月，包工头拖欠工资三万元，至今未付，请求帮助追讨。"


def person(name="张建国", id_number=ID, phone="13807451234", address="鹤城区迎丰街道锦溪路12号"):
    return PetitionerDraft(
        name=name, id_number=id_number, phone=phone, address=address, is_main=True
    )


@pytest.fixture
def first(register):
    return register(content=ELEVATOR, petitioners=[person()])


def suggest(user, draft):
    return queries.similar_to_draft(user, draft)


def test_registration_writes_the_petitions_keys_to_the_index(first):
    assert RepeatKey.objects.filter(petition=first).count() > 10


def test_the_same_id_number_typed_in_lower_case_finds_the_matter(cast, draft, first):
    found = suggest(cast.alice, draft(petitioners=[person(id_number=ID.lower(), phone="")]))
    assert found[0].matter == first.matter
    assert "证件号码相同" in found[0].reasons


def test_a_15_digit_id_number_finds_the_18_digit_one(cast, draft, register):
    earlier = register(petitioners=[person(id_number="431202198001010018", phone="")])
    found = suggest(cast.alice, draft(petitioners=[person(id_number="431202800101001", phone="")]))
    assert found[0].matter == earlier.matter


def test_a_phone_written_with_86_and_spaces_finds_the_matter(cast, draft, first):
    found = suggest(
        cast.alice, draft(petitioners=[person(id_number="", phone="+86 138 0745 1234")])
    )
    assert found[0].matter == first.matter
    assert "联系电话相同" in found[0].reasons


def test_a_homophone_name_with_the_story_retold_is_a_likely_repeat(cast, draft, first):
    retold = draft(
        channel="letter",
        content=ELEVATOR_AGAIN,
        petitioners=[person(name="章建国", id_number="", phone="")],
    )
    found = suggest(cast.alice, retold)
    assert found[0].matter == first.matter and found[0].score >= LIKELY
    assert "姓名读音相同" in found[0].reasons
    assert any(r.startswith("内容相似度") for r in found[0].reasons)
    assert found[0].shared, "the matching phrases are shown"


def test_a_name_with_one_character_changed_is_recognised(cast, draft, first):
    found = suggest(
        cast.alice,
        draft(channel="letter", petitioners=[person(name="张建图", id_number="", phone="")]),
    )
    assert "姓名仅一字之差" in found[0].reasons and found[0].is_likely


def test_the_same_person_on_another_matter_is_shown_but_not_as_a_likely_repeat(cast, draft, first):
    found = suggest(cast.alice, draft(title="拖欠工资", content=WAGES, content_class=None))
    assert found[0].matter == first.matter
    assert not found[0].is_likely


def test_a_stranger_on_the_same_thing_is_shown_but_not_as_a_likely_repeat(cast, draft, first):
    stranger = person(name="李梅", id_number="", phone="13974501111", address="")
    found = suggest(cast.alice, draft(petitioners=[stranger]))
    assert found[0].matter == first.matter and not found[0].is_likely


def test_a_stranger_on_another_thing_gets_no_suggestion(cast, draft, first):
    stranger = person(name="李梅", id_number="", phone="13974501111", address="")
    assert suggest(cast.alice, draft(title="讨薪", content=WAGES, petitioners=[stranger])) == []


def test_a_county_handler_gets_no_suggestion_from_another_county(cast, draft, first):
    assert suggest(cast.carol, draft()) == []
    assert suggest(cast.bob, draft())[0].matter == first.matter


def test_an_accusation_is_not_suggested_to_staff_not_cleared_for_it(cast, draft, register):
    register(is_accusation=True, accused_name="王某某", petitioners=[person()])
    assert suggest(cast.frank, draft()) == []
    assert suggest(cast.alice, draft())[0].petition.is_accusation


def test_a_voided_petition_is_not_suggested(cast, draft, first):
    assert suggest(cast.alice, draft())
    void_petition(cast.alice, first, reason="重复登记")
    assert suggest(cast.alice, draft()) == []


def test_a_dismissed_matter_is_not_suggested_again_for_that_petition(cast, register, first):
    later = register(petitioners=[person()])
    assert queries.similar_to_petition(cast.alice, later)[0].matter == first.matter
    actions.dismiss_match(cast.alice, later, first.matter)
    assert queries.similar_to_petition(cast.alice, later) == []
    assert DismissedMatch.objects.get().dismissed_by == cast.alice


def test_a_petition_cannot_dismiss_its_own_matter(cast, first):
    with pytest.raises(DomainError):
        actions.dismiss_match(cast.alice, first, first.matter)


def test_a_petition_is_never_suggested_as_a_repeat_of_its_own_matter(cast, register, first):
    repeat = register(repeat_of=first.matter, petitioners=[person()])
    assert queries.similar_to_petition(cast.alice, repeat) == []


def test_a_rebuild_writes_the_same_keys_again(first, register):
    register(channel="letter", content=WAGES, petitioners=[person(name="李梅", id_number="")])
    before = sorted(RepeatKey.objects.values_list("key", "petition_id"))
    from xinfang.petitions.models import Petition

    actions.rebuild(Petition.objects.all())
    assert sorted(RepeatKey.objects.values_list("key", "petition_id")) == before


def test_the_rebuild_command_reports_petitions_and_keys(first):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("repeats", "rebuild", stdout=out)
    assert out.getvalue().strip() == f"petitions=1 keys={RepeatKey.objects.count()}"


def test_one_shared_representative_makes_a_collective_petition_the_same_people(
    cast, draft, register
):
    """同人: a collective petition and a later one share one representative, not the main one."""
    group = [
        person(name="王秀兰", id_number="431202199003070019", phone="13974500001"),
        PetitionerDraft(name="赵德明", id_number="", phone="13974500002", address=""),
        PetitionerDraft(name="孙桂英", id_number="", phone="13974500003", address=""),
    ]
    earlier = register(channel="collective_visit", petitioner_count=6, petitioners=group)
    again = [PetitionerDraft(name="孙桂英", phone="+86 139 7450 0003", is_main=True)]
    found = suggest(cast.alice, draft(channel="letter", petitioners=again))
    assert found[0].matter == earlier.matter and found[0].is_likely
    assert "联系电话相同" in found[0].reasons


# ---- name-only follow-ups and the new matters they must not be mistaken for ----------------

BARBECUE = (
    "我家楼下的烧烤店每天晚上营业到凌晨两点，油烟直接排进我家窗户，噪音吵得老人孩子睡不着觉。"
    "我们多次向城管和社区反映，至今没有任何处理结果，请求有关部门依法整治。"
)
# The same complaint a month later, from memory: only the name, other words, a few phrases kept.
BARBECUE_AGAIN = (
    "本人上个月就反映过楼下烧烤店的事，到现在还是没人管。烧烤店天天晚上开到凌晨两点，"
    "油烟排进我家窗户，老人小孩都睡不着，恳请领导重视，尽快整治。"
)
# Another matter on the same street and the same subject (noise at night), by the same person.
REFUSE_STATION = "我家楼下的小区垃圾站每天早上清运时噪音很大，臭味也重，夏天蚊蝇成群。请求有关部门把垃圾站搬离住宅楼。"  # fmt: skip
NEXT_DOOR = "鹤城区迎丰街道锦溪路45号"


@pytest.fixture
def barbecue(register):
    return register(
        channel="letter", title="楼下烧烤店油烟噪音扰民", content=BARBECUE, petitioners=[person()]
    )


def letter(draft, content, who, title="再次反映烧烤店扰民"):
    return draft(channel="letter", title=title, content=content, petitioners=[who])


def test_a_name_only_follow_up_retelling_the_complaint_is_a_likely_repeat(cast, draft, barbecue):
    found = suggest(cast.alice, letter(draft, BARBECUE_AGAIN, PetitionerDraft(name="张建国")))
    assert found[0].matter == barbecue.matter and found[0].is_likely
    assert found[0].reasons[0] == "姓名相同"


def test_the_same_name_on_another_matter_of_the_same_kind_is_not_flagged(cast, draft, barbecue):
    found = suggest(
        cast.alice, letter(draft, REFUSE_STATION, PetitionerDraft(name="张建国"), "垃圾站扰民")
    )
    assert found[0].matter == barbecue.matter and not found[0].is_likely


def test_the_same_id_number_on_another_matter_is_not_flagged(cast, draft, barbecue):
    same_person = PetitionerDraft(name="张建国", id_number=ID)
    found = suggest(cast.alice, letter(draft, WAGES, same_person, "讨薪"))
    assert found[0].matter == barbecue.matter and not found[0].is_likely


def test_a_neighbour_writing_the_same_words_is_not_flagged(cast, draft, barbecue):
    neighbour = PetitionerDraft(name="李梅", address=NEXT_DOOR)
    found = suggest(cast.alice, letter(draft, BARBECUE, neighbour, "楼下烧烤店油烟噪音扰民"))
    assert found[0].matter == barbecue.matter and not found[0].is_likely
    assert found[0].reasons == ["内容相似度100%"]


def test_a_two_character_name_one_character_off_next_door_is_another_household(
    cast, draft, register
):
    """王刚 at No. 45 is not 王伟 at No. 12 misspelt, whatever they write."""
    first = register(
        channel="letter",
        title="楼下烧烤店油烟噪音扰民",
        content=BARBECUE,
        petitioners=[person(name="王伟", id_number="", phone="")],
    )
    next_door = PetitionerDraft(name="王刚", address=NEXT_DOOR)
    found = suggest(cast.alice, letter(draft, BARBECUE, next_door))
    assert found[0].matter == first.matter and not found[0].is_likely
    assert "姓名仅一字之差" not in found[0].reasons


def test_a_name_one_character_off_at_the_same_house_is_still_a_slip_of_the_pen(
    cast, draft, register
):
    first = register(
        channel="letter",
        content=BARBECUE,
        petitioners=[person(name="王伟", id_number="", phone="")],
    )
    same_house = PetitionerDraft(name="王刚", address="鹤城区迎丰街道锦溪路12号3栋")
    found = suggest(cast.alice, letter(draft, BARBECUE, same_house))
    assert found[0].matter == first.matter and found[0].is_likely
    assert found[0].reasons[:2] == ["姓名仅一字之差", "住址相同或相近"]


def test_a_suggestion_explains_the_keys_that_matched_and_the_text_in_common(cast, draft, barbecue):
    again = PetitionerDraft(name="张建国", id_number=ID.lower(), phone="0743-12345678")
    top = suggest(cast.alice, letter(draft, BARBECUE_AGAIN, again))[0]
    matched = {m.key: m for m in top.matches}
    assert set(matched) == {"id_number", "name", "content"}
    assert matched["name"].value == "张建国"
    assert matched["id_number"].label == "证件号码相同"
    assert matched["id_number"].value == "431***********000X", "the number is masked"
    assert matched["content"].label.startswith("内容相似度")
    # Passages of the earlier petition's title and text as compared (punctuation folded away).
    earlier = normalise.text(barbecue.title + barbecue.content)
    assert top.shared and all(phrase in earlier for phrase in top.shared)


def test_received_before_a_day_finds_an_earlier_petition_however_many_came_later(
    cast, draft, register
):
    """Later petitions sharing every key do not crowd the earlier one out of the shortlist."""
    earlier = register(content=ELEVATOR, petitioners=[person()], received_on=dt.date(2026, 3, 1))
    for _ in range(repeats.SHORTLIST + 1):
        register(content=ELEVATOR, petitioners=[person()])
    probe = queries.probe_of_draft(draft(content=ELEVATOR, petitioners=[person()]))
    found = repeats.find(cast.alice, probe, limit=50, received_before=dt.date(2026, 3, 2))
    assert [c.matter for c in found] == [earlier.matter]
    assert len(repeats.find(cast.alice, probe, limit=50)) == repeats.SHORTLIST


def _runs_by_definition(text: str, other: str) -> float | None:
    """The share of the shorter text's distinct three-character runs the other contains."""
    mine, theirs = sorted(({text[i : i + 3] for i in range(len(text) - 2)} for text in (text, other)), key=len)  # fmt: skip
    return None if len(mine) < repeats.RUNS_MIN_TEXT else len(mine & theirs) / len(mine)


@given(
    st.text(alphabet="电梯停运物业维修0123😀𠀀", max_size=40),
    st.text(alphabet="电梯停运物业维修0123😀𠀀", max_size=40),
)
def test_runs_compared_as_codes_are_the_share_of_runs_in_common(text, other):
    """Codes of three code points, astral ones included, stand for the runs exactly."""
    found = repeats.runs(repeats.run_codes(text), repeats.run_codes(other))
    assert found == _runs_by_definition(text, other)


def test_earlier_read_without_texts_and_given_them_later_is_the_full_read(cast, first, barbecue):
    ids = [first.pk, barbecue.pk]
    full = {e.pk: e for e in repeats.earlier(cast.alice, ids, [])}
    bare = repeats.earlier(cast.alice, ids, [], texts=False)
    assert all(e.text is None for e in bare)
    repeats.add_texts(bare)
    assert {e.pk: e for e in bare} == full


def test_a_petition_nobody_in_it_wrote_cannot_reach_a_likely_repeat(cast, draft, barbecue):
    """Without the same writer (or the same accused) no text makes a likely repeat: the bulk
    import leaves such texts unread."""
    (shortlisted,) = repeats.earlier(cast.alice, [barbecue.pk], [])
    stranger = queries.probe_of_draft(letter(draft, BARBECUE, PetitionerDraft(name="李梅")))
    writer = queries.probe_of_draft(letter(draft, BARBECUE, PetitionerDraft(name="张建国")))
    assert not repeats.reachable(stranger, shortlisted, sounds_alike=False, at_least=LIKELY)
    assert repeats.score(stranger, None, shortlisted, sounds_alike=False, at_least=LIKELY) is None
    assert repeats.reachable(writer, shortlisted, sounds_alike=False, at_least=LIKELY)


@pytest.mark.parametrize("length", [10, repeats.TEXT_LIMIT, repeats.TEXT_LIMIT + 1])
def test_a_probe_as_an_earlier_petition_is_folded_as_its_stored_text(length):
    probe = Probe("电梯停运", ("物业拒不维修，" * 400)[:length], "431202")
    earlier = repeats.earlier_of(probe, 1, 1, dt.date(2026, 3, 1))
    # Taken from the probe when the texts are the same, folded from its own text if not.
    stored = repeats.earlier_text(probe.title, probe.content)
    assert repeats._folded(earlier) == normalise.text(stored)


@given(st.lists(st.sets(st.text(min_size=2, max_size=2), max_size=400), min_size=1, max_size=3))
def test_a_texts_signature_is_datasketchs_minhash_of_its_shingles(texts):
    """The signature computed in arrays is datasketch's MinHash of the same shingles, text
    after text (content keys stored before it still match)."""
    import zlib

    from datasketch import MinHash

    for grams in texts:
        fresh = MinHash(num_perm=fingerprint.BANDS * fingerprint.ROWS, seed=fingerprint.SEED,
                        hashfunc=zlib.crc32)  # fmt: skip
        fresh.update_batch([g.encode() for g in grams])
        assert list(fingerprint.signature(grams)) == list(fresh.hashvalues)


def test_a_person_compared_once_is_sent_to_another_process_with_its_fields_only():
    """Scoring keeps a person's normal forms with it (a ledger import compares each person
    often); a row crossing to the writing process does not carry them."""
    import pickle

    person = fingerprint.Person("张 三", "11010519491231002x", "138-0745-0001")
    other = fingerprint.Person("张三", "11010519491231002X", "13807450001")
    who, matches = repeats.identity([person], [other])
    assert [m.key for m in matches] == ["id_number", "phone", "name"] and who > 0.95
    copy = pickle.loads(pickle.dumps(person))
    assert copy == person and "_normal" not in vars(copy) and "_normal" in vars(person)
    assert repeats.identity([copy], [other]) == (who, matches)


_people = st.builds(
    fingerprint.Person,
    name=st.text(alphabet="张三李四王五小明 ·ＡaİIß_-", max_size=5),
    id_number=st.sampled_from(["", "11010519491231002X", "11010519491231002x", "AB12345"]),
    phone=st.sampled_from(["", "13807450001", "+86 138-0745-0001", "0745-2222333"]),
    address=st.sampled_from(["", "东村12号", "东村12号3栋", "东村45号", "西镇3组"]),
)


@given(_people, _people)
def test_a_pair_passed_over_before_the_identity_test_has_no_evidence(person, other):
    """The identity test passes over a pair with nothing it could be tied by (no name sounds
    compared): exactly the pairs whose evidence, gathered in full, is empty."""
    if not repeats._may_tie(person, other):
        assert repeats._evidence(person, other, sounds_alike=False) == []


def test_a_probes_index_keys_are_the_ones_databases_already_hold():
    """Keys are stored (`insight_repeatkey`): a change to how they are made would leave every
    petition registered before it unmatched. These were made by the code of 2026-12-06."""
    probe = Probe(
        "电梯停运",
        "我们小区的电梯已经停运三个月了，物业公司不管不问，请求政府督促维修",
        "431202",
        people=[fingerprint.Person("王小明", "430102199001011234", "+8613812345678")],
    )
    assert sorted((int(kind), key) for key, kind in fingerprint.keys(probe).items()) == [
        (1, -4816719874469349943), (2, 557054495035299198), (3, -7931079278842071901),
        (4, -9211863240213503616), (5, -5962158603801244445), (5, -3669930829316307733),
        (5, 6890393248096230160), (5, 7417219273015177381), (7, -8356389272318774259),
        (7, -7877121162642604976), (7, -7773711411869049636), (7, -6989119586167180487),
        (7, -5567113548969028953), (7, -2655817213888772852), (7, -2451237698149307531),
        (7, -2110431104243143781), (7, -1250043685809845022), (7, 443330789546852796),
        (7, 1093539459221821565), (7, 1734112302676773844), (7, 2169597468567982067),
        (7, 3549626117453586948), (7, 5565067181842010297), (7, 8088414749714266117),
    ]  # fmt: skip
