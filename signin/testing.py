"""For tests: pass an account's second factor the way a person would, with a real device."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import second_factor


def totp_device(user) -> TOTPDevice:
    """The account's confirmed authenticator, made when it has none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="測試手機", confirmed=True)
    return device


def totp_code(device: TOTPDevice) -> str:
    """The code the authenticator shows now, or the next one when this one was used already
    (the device refuses a code twice; the next is within its tolerance)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def pass_second_factor(client, user) -> None:
    """After client.force_login(user): what verifying with the account's device leaves in the
    session, for accounts that must give a second factor."""
    if not second_factor.second_factor_required(user):
        return
    device = totp_device(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session[second_factor.SESSION_NEEDED] = True
    session[second_factor.SESSION_VERIFIED] = True
    session.save()
