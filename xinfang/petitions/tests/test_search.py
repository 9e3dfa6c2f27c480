"""Free-text search: bigram terms, and that the index finds exactly the substring matches."""

import io

from django.core.management import call_command

from xinfang.petitions import search
from xinfang.petitions.models import Petition
from xinfang.petitions.queries import PetitionFilter, filter_petitions


def found(text):
    return set(
        filter_petitions(Petition.objects.all(), PetitionFilter(text=text)).values_list(
            "title", flat=True
        )
    )


def test_terms_are_character_bigrams_of_each_run():
    assert search.terms("房屋开裂，A栋12号") == ["房屋", "屋开", "开裂", "a栋", "栋1", "12", "2号"]


def test_a_one_character_run_is_kept_whole():
    assert search.terms("电 梯") == ["电", "梯"]


def test_a_two_character_query_finds_it_in_the_content(register):
    register(title="甲", content="小区电梯停运半年")
    register(title="乙", content="工资拖欠")
    assert found("电梯") == {"甲"}


def test_all_bigrams_present_but_apart_is_not_a_match(register):
    register(title="连在一起", content="房屋开裂严重")
    register(title="分开的", content="房屋漏水，墙体开裂，屋开门")
    assert found("房屋开裂") == {"连在一起"}


def test_a_one_character_query_still_works(register):
    register(title="有水", content="漏水")
    assert found("水") == {"有水"}


def test_the_number_finds_the_petition(register):
    petition = register(title="按编号")
    assert found(petition.number.lower()) == {"按编号"}


def test_rebuild_restores_the_index(register):
    register(title="重建后可查", content="垃圾站臭味扰民")
    call_command("search-rebuild", stdout=io.StringIO())
    assert found("臭味") == {"重建后可查"}
