"""Schools found by what a user typed: a code (or its start) or a part of the name.

One answer for every picker over the country's schools (the center's 學校 field on 案件查詢, the
summaries, the application list and the 成果報告 pages, and the teacher's partner-school search),
read by index and capped, never a list of every school.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from .models import School

# How many schools a picker offers for what was typed (and lists when no single one matches).
SCHOOL_MATCHES_SHOWN = 20


def schools_matching(text: str, *, exclude=(), limit: int = SCHOOL_MATCHES_SHOWN) -> list[School]:
    """The schools whose code starts with the first word of ``text`` ("214501", or "214501
    市立下營國中" as the suggestions read) or whose name holds ``text``, in code order, at most
    ``limit``, with the stage and 策略聯盟工作圈 their rules read."""
    text = (text or "").strip()
    if not text:
        return []
    code = text.split()[0]
    schools = School.objects.filter(Q(code__startswith=code) | Q(name__icontains=text))
    if exclude:
        schools = schools.exclude(pk__in=list(exclude))
    return list(schools.select_related("stage", "alliance_circle").order_by("code")[:limit])


def school_named(text: str) -> tuple[School | None, list[School]]:
    """The one school ``text`` names (its code, the code and name as the suggestions read, or a
    part of the name only one school's holds), else None and the schools it may mean."""
    text = (text or "").strip()
    if not text:
        return None, []
    by_code = (
        School.objects.select_related("stage", "alliance_circle")
        .filter(code=text.split()[0])
        .first()
    )
    if by_code is not None:
        return by_code, []
    candidates = schools_matching(text)
    if len(candidates) == 1:
        return candidates[0], []
    return None, candidates


@dataclass(frozen=True)
class TypedSchool:
    """What the center typed in a page's 學校 field (``school_q``) and what it names."""

    text: str = ""
    school: School | None = None
    candidates: list[School] = field(default_factory=list)

    @property
    def unmatched(self) -> bool:
        """Something was typed that names no single school (the page says so at the field)."""
        return bool(self.text) and self.school is None

    def school_id(self, named):
        """The school a page shows: the one typed (none while what was typed names no single
        school) wins over ``named``, the id the page's link named."""
        if not self.text:
            return named
        return self.school.pk if self.school is not None else None

    def context(self, chosen: School | None) -> dict:
        """The picker's template context (people/_school_field.html), ``chosen`` being the
        school the page shows."""
        return {
            "school_text": self.text if self.unmatched else "",
            "school_unmatched": self.unmatched,
            "school_candidates": self.candidates,
            "school_chosen": chosen,
        }


def school_typed(data, *, user) -> TypedSchool:
    """The school the center's ``school_q`` names in ``data`` (a GET or POST); nothing for
    anyone else, whose school is their own."""
    if not getattr(user, "is_center", False):
        return TypedSchool()
    text = (data.get("school_q") or "").strip()
    if not text:
        return TypedSchool()
    school, candidates = school_named(text)
    return TypedSchool(text=text, school=school, candidates=candidates)
