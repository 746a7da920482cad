import factory

from communities.models import Application
from people.tests.factories import UserFactory
from programs.models import CommunityType, ProgramYear


def program_109() -> ProgramYear:
    return ProgramYear.objects.get(academic_year=109)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft application of the 109 program; its convenor is a teacher of its school."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    program = factory.LazyFunction(program_109)
    convenor = factory.SubFactory(UserFactory, teacher=True)
    school = factory.LazyAttribute(lambda a: a.convenor.school)
    name = factory.Sequence(lambda n: f"測試社群{n}")
    community_type = factory.LazyAttribute(
        lambda a: CommunityType.objects.get(program=a.program, number=1)
    )
    is_cross_school = False
    is_continuation = False
    requests_budget = True
    invites_experts = False
