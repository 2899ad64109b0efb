from django.db.models import QuerySet
from django.http import Http404

from neighbourhood.accounts.models import PersonalToken, User, hash_token
from neighbourhood.compiled_queries import CompiledQuery


def token_list(*, user: User) -> QuerySet[PersonalToken]:
    return PersonalToken.objects.filter(user=user)


def get_token_for_owner(*, user: User, token_id: int) -> PersonalToken:
    try:
        return PersonalToken.objects.get(user=user, pk=token_id)
    except PersonalToken.DoesNotExist:
        raise Http404 from None


def token_find(*, raw: str) -> PersonalToken | None:
    return (
        PersonalToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), user__is_active=True)
        .first()
    )


def _active_users_with_token(key_hash: str) -> QuerySet[User]:
    return User.objects.filter(tokens__key_hash=key_hash, is_active=True)


# A socket's handshake asks it, hundreds of times a second when a quartier's tabs reconnect.
_USER_OF_TOKEN = CompiledQuery(_active_users_with_token, markers=("<the token's hash>",))


def token_user(*, raw: str) -> User | None:
    """The active user whose personal token this is (``token_find``'s user, without the token),
    in one query compiled once (`neighbourhood.compiled_queries`)."""
    found = _USER_OF_TOKEN.instances(hash_token(raw))
    return found[0] if found else None
