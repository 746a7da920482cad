"""Schools found by what was typed (every picker's one answer): by the start of the code or a
part of the name, capped, in code order."""

import pytest

from people.selectors import school_named, school_typed, schools_matching
from people.tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools():
    return {
        "xiaying": SchoolFactory(code="214501", name="市立下營國中"),
        "madou": SchoolFactory(code="214502", name="市立麻豆國中"),
        "other": SchoolFactory(code="114501", name="市立下營國小"),
    }


def test_the_start_of_a_code_or_a_part_of_a_name_matches_in_code_order(schools):
    assert [s.code for s in schools_matching("2145")] == ["214501", "214502"]
    assert [s.code for s in schools_matching("下營")] == ["114501", "214501"]
    # As the suggestions read: the code, then the name.
    assert [s.code for s in schools_matching("214502 市立麻豆國中")] == ["214502"]
    assert schools_matching("  ") == []


def test_listed_schools_are_left_out_and_the_list_is_capped(schools):
    assert [s.code for s in schools_matching("下營", exclude=[schools["other"].pk])] == ["214501"]
    SchoolFactory.create_batch(5, name="市立大量國小")
    assert len(schools_matching("大量", limit=3)) == 3


def test_one_school_is_named_by_its_code_or_a_name_only_it_has(schools):
    assert school_named("214502") == (schools["madou"], [])
    assert school_named("214501 市立下營國中") == (schools["xiaying"], [])
    assert school_named("麻豆") == (schools["madou"], [])
    named, candidates = school_named("下營")
    assert named is None and candidates == [schools["other"], schools["xiaying"]]
    assert school_named("不存在") == (None, [])


def test_only_the_center_s_typed_school_counts(schools):
    center = UserFactory(center=True)
    teacher = UserFactory(teacher=True, school=schools["madou"])

    typed = school_typed({"school_q": "不存在"}, user=center)
    assert typed.unmatched and typed.context(None)["school_text"] == "不存在"
    assert school_typed({"school_q": "214501"}, user=center).school == schools["xiaying"]
    assert not school_typed({"school_q": "214501"}, user=teacher).text
