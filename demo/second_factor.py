"""兩步驟驗證 of the demo's center staff and reviewers: one authenticator secret, written in the
README, so a newcomer adds it to an authenticator app (or `oathtool --totp -b SECRET`) and signs
in. Other demo accounts have none (it is optional for them)."""

from base64 import b32decode

from django_otp.plugins.otp_totp.models import TOTPDevice

from people.models import Role, User

# Base32, as authenticator apps take it (README: 示範帳號的兩步驟驗證).
DEMO_TOTP_SECRET = "PLCDEMOTAINANCENTERREVIEWERSTWOS"


def seed_demo_second_factor() -> None:
    key = b32decode(DEMO_TOTP_SECRET).hex()
    for user in User.objects.filter(role__in=[Role.CENTER, Role.REVIEWER]):
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="示範驗證器", key=key, confirmed=True)
