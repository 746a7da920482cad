import pytest

from people.tests.factories import SchoolFactory, UserFactory


@pytest.fixture
def school(program):
    """A 國中 with 14 classes: its 學年領域學習社群 quota is 4–8."""
    return SchoolFactory(name="市立下營國中", class_count=14)


@pytest.fixture
def other_school(program):
    return SchoolFactory(name="市立麻豆國中", class_count=14)


@pytest.fixture
def admin(school):
    return UserFactory(school_admin=True, school=school, name="李承辦")


@pytest.fixture
def other_admin(other_school):
    return UserFactory(school_admin=True, school=other_school, name="張承辦")


@pytest.fixture
def center(program):
    return UserFactory(center=True, name="林中心")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client
