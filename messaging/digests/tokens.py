"""The signed token of a digest's unsubscribe link: it names the resident and expires, so that a
link in an old mail, or one made up, changes nothing."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing

from neighbourhood.accounts.models import User

SALT = "messaging.digests.unsubscribe"


def for_user(user: User) -> str:
    # The address is signed too: a token stops working when the resident changes their e-mail.
    return signing.TimestampSigner(salt=SALT).sign_object({"u": user.pk, "e": user.email})


def user_of(token: str) -> User:
    """The resident the token was made for; `signing.BadSignature` (or its subclass
    `signing.SignatureExpired`) when it was forged, altered or is too old."""
    max_age = datetime.timedelta(days=settings.DIGEST_UNSUBSCRIBE_DAYS)
    data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age)
    user = User.objects.filter(pk=data.get("u"), email=data.get("e"), is_active=True).first()
    if user is None:
        raise signing.BadSignature("No such resident.")
    return user
