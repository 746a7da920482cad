from people.tests.factories import UserFactory


def test_center_user_gets_admin_access(db):
    user = UserFactory(center=True)
    assert user.is_staff
    assert user.groups.filter(name="中心承辦").exists()
