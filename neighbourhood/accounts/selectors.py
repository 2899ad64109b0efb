from django.db.models import QuerySet
from django.http import Http404

from neighbourhood.accounts.models import PersonalToken, User, hash_token


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
