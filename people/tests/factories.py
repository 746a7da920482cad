import factory

from people.models import AllianceCircle, District, Role, School, User
from programs.models import Stage


class AllianceCircleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceCircle
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"第{n}策略聯盟工作圈")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    code = factory.Sequence(lambda n: f"{900000 + n}")
    name = factory.Sequence(lambda n: f"市立測試{n}國中")
    district = factory.LazyFunction(lambda: District.objects.get(name="東區"))
    stage = factory.LazyFunction(lambda: Stage.objects.get(code="junior"))
    class_count = 14

    class Params:
        elementary = factory.Trait(
            stage=factory.LazyFunction(lambda: Stage.objects.get(code="elementary")),
            name=factory.Sequence(lambda n: f"市立測試{n}國小"),
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"測試老師{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.tw")
    role = Role.TEACHER
    school = factory.SubFactory(SchoolFactory)
    password = factory.PostGenerationMethodCall("set_password", "pw-123456")

    class Params:
        teacher = factory.Trait(role=Role.TEACHER)
        school_admin = factory.Trait(
            role=Role.SCHOOL_ADMIN, name=factory.Sequence(lambda n: f"承辦人{n}")
        )
        reviewer = factory.Trait(role=Role.REVIEWER, name=factory.Sequence(lambda n: f"委員{n}"))
        center = factory.Trait(
            role=Role.CENTER,
            school=None,
            is_staff=True,
            name=factory.Sequence(lambda n: f"中心{n}"),
        )

    @factory.post_generation
    def apply_role(obj, create, extracted, **kwargs):
        if create:
            from people.services import user_apply_role

            obj.save()
            user_apply_role(user=obj)
