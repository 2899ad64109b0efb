"""A query compiled once runs as the queryset it was built from, with the value it is given."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet

from neighbourhood.accounts.models import User
from neighbourhood.compiled_queries import CompiledQuery

pytestmark = pytest.mark.django_db


def by_email_or_name(value: str) -> QuerySet[User]:
    # The value in two places of the query: both take it.
    return User.objects.filter(Q(email=value) | Q(display_name=value)).order_by("pk")


def test_it_finds_the_rows_the_queryset_finds_for_each_value(alice, bob, carol):
    query = CompiledQuery(by_email_or_name, marker="<marker>")
    for user in (alice, bob, carol):
        assert query.instances(user.email) == [user]
        assert query.instances(user.display_name) == list(by_email_or_name(user.display_name))
    assert query.instances("nobody@example.org") == []


def test_its_instances_are_the_models_own(alice):
    query = CompiledQuery(lambda email: User.objects.filter(email=email), marker="<marker>")
    (found,) = query.instances(alice.email)
    assert isinstance(found, User)
    assert (found.pk, found.date_joined, found.is_active) == (
        alice.pk,
        alice.date_joined,
        alice.is_active,
    )


def test_it_gives_rows_of_values(alice):
    query = CompiledQuery(
        lambda pk: User.objects.filter(pk=pk).values_list("pk", "email"), marker=-987_654_321
    )
    assert query.rows(alice.pk) == [(alice.pk, alice.email)]


def test_it_refuses_a_queryset_that_ignores_its_value():
    query = CompiledQuery(lambda value: User.objects.all(), marker="<marker>")
    with pytest.raises(ImproperlyConfigured):
        query.rows("anything")
