"""A query compiled once runs as the queryset it was built from, with the value it is given."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Q, QuerySet, Value

from neighbourhood.accounts.models import User
from neighbourhood.compiled_queries import CompiledQuery
from neighbourhood.quartiers.models import Membership

pytestmark = pytest.mark.django_db


def by_email_or_name(value: str) -> QuerySet[User]:
    # The value in two places of the query: both take it.
    return User.objects.filter(Q(email=value) | Q(display_name=value)).order_by("pk")


def test_it_finds_the_rows_the_queryset_finds_for_each_value(alice, bob, carol):
    query = CompiledQuery(by_email_or_name, markers=("<marker>",))
    for user in (alice, bob, carol):
        assert query.instances(user.email) == [user]
        assert query.instances(user.display_name) == list(by_email_or_name(user.display_name))
    assert query.instances("nobody@example.org") == []


def test_its_instances_are_the_models_own(alice):
    query = CompiledQuery(lambda email: User.objects.filter(email=email), markers=("<marker>",))
    (found,) = query.instances(alice.email)
    assert isinstance(found, User)
    assert (found.pk, found.date_joined, found.is_active) == (
        alice.pk,
        alice.date_joined,
        alice.is_active,
    )


def test_it_gives_rows_of_values(alice):
    query = CompiledQuery(
        lambda pk: User.objects.filter(pk=pk).values_list("pk", "email"), markers=(-987_654_321,)
    )
    assert query.rows(alice.pk) == [(alice.pk, alice.email)]


def test_it_refuses_a_queryset_that_ignores_its_value():
    query = CompiledQuery(lambda value: User.objects.all(), markers=("<marker>",))
    with pytest.raises(ImproperlyConfigured):
        query.rows("anything")


def test_each_value_takes_its_own_markers_places(alice, bob):
    query = CompiledQuery(
        lambda email, name: User.objects.filter(Q(email=email) | Q(display_name=name)).order_by(
            "pk"
        ),
        markers=("<email>", "<name>"),
    )
    assert query.instances(alice.email, bob.display_name) == sorted(
        [alice, bob], key=lambda user: user.pk
    )
    assert query.instances(alice.email, "nobody") == [alice]
    assert query.instances("nobody@example.org", bob.display_name) == [bob]
    with pytest.raises(TypeError):
        query.instances(alice.email)


def test_its_instances_carry_the_annotations_and_load_only_the_fields_selected(alice, bob):
    def annotated(email: str) -> QuerySet[User]:
        return (
            User.objects.filter(email=email)
            .only("pk", "display_name", "date_joined")
            .annotate(twice=F("pk") * 2, joined_after=Value(True))
        )

    query = CompiledQuery(annotated, markers=("<marker>",))
    (found,) = query.instances(bob.email)
    (expected,) = annotated(bob.email)
    assert (found.pk, found.display_name, found.date_joined) == (
        expected.pk,
        expected.display_name,
        expected.date_joined,  # converted as the ORM converts it (SQLite keeps no zone)
    )
    assert found.date_joined.tzinfo is not None
    assert (vars(found)["twice"], bool(vars(found)["joined_after"])) == (bob.pk * 2, True)
    assert found.get_deferred_fields() == expected.get_deferred_fields()
    assert "email" in found.get_deferred_fields()


def test_it_refuses_a_queryset_that_follows_relations():

    query = CompiledQuery(
        lambda pk: Membership.objects.select_related("user").filter(pk=pk), markers=(-1,)
    )
    with pytest.raises(ImproperlyConfigured):
        query.instances(1)


def test_an_instance_maker_makes_what_from_db_makes_and_refuses_fields_out_of_order(
    quartier, alice
):
    from django.db import connection

    from neighbourhood.compiled_queries import InstanceMaker

    fields = ["id", "email", "display_name"]
    values = [alice.pk, alice.email, alice.display_name]
    made = InstanceMaker(User, fields)(values)
    expected = User.from_db(connection.alias, fields, values)
    assert (made.pk, made.email, made.display_name) == (alice.pk, alice.email, alice.display_name)
    assert made.get_deferred_fields() == expected.get_deferred_fields()
    assert state_of(made) == state_of(expected)
    assert (made._state.adding, made._state.db) == (False, connection.alias)
    with pytest.raises(ImproperlyConfigured):
        InstanceMaker(User, ["display_name", "id"])

    # Every field read: the same attributes as the ORM's, and a foreign key that reads its row.
    everything = [field.attname for field in Membership._meta.concrete_fields]
    membership = Membership.objects.get(user=alice)
    row = Membership.objects.filter(pk=membership.pk).values_list(*everything).get()
    made_membership = InstanceMaker(Membership, everything)(row)
    assert state_of(made_membership) == state_of(Membership.from_db("default", everything, row))
    assert made_membership.user == alice and made_membership == membership


def state_of(instance):
    """An instance's attributes, its state as its adding and database."""
    attributes = {name: value for name, value in vars(instance).items() if name != "_state"}
    return attributes, instance._state.adding, instance._state.db


def test_an_instance_maker_lets_who_listens_to_a_model_s_instances_hear(alice):
    from django.db.models.signals import post_init

    from neighbourhood.compiled_queries import InstanceMaker

    heard = []

    def listener(sender, instance, **kwargs):
        heard.append(instance.email)

    post_init.connect(listener, sender=User)
    try:
        made = InstanceMaker(User, ["id", "email"])([alice.pk, alice.email])
    finally:
        post_init.disconnect(listener, sender=User)
    assert heard == [alice.email]
    assert made.get_deferred_fields() == {field.attname for field in User._meta.concrete_fields} - {
        "id",
        "email",
    }


def test_the_member_s_quartier_read_once_compiled_is_the_orm_s(quartier, alice, bob, dave):
    from django.http import Http404

    from neighbourhood.quartiers.selectors import get_quartier_for_member

    found, membership = get_quartier_for_member(user=alice, slug=quartier.slug)
    expected = Membership.objects.select_related("quartier").get(quartier=quartier, user=alice)
    for field in Membership._meta.concrete_fields:
        assert getattr(membership, field.attname) == getattr(expected, field.attname)
    for field in type(quartier)._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected.quartier, field.attname)
    assert membership.joined_at.tzinfo is not None  # converted as the ORM does (SQLite)
    assert membership.quartier is found and not membership._state.adding
    with pytest.raises(Http404):
        get_quartier_for_member(user=dave, slug=quartier.slug)  # not a member
    Membership.objects.filter(user=bob).update(status=Membership.Status.LEFT)
    with pytest.raises(Http404):
        get_quartier_for_member(user=bob, slug=quartier.slug)  # no longer a member
    with pytest.raises(Http404):
        get_quartier_for_member(user=alice, slug="nowhere")


def test_an_instance_maker_lets_a_model_s_own_init_run(alice, monkeypatch):
    from django.db.models import Model

    from neighbourhood.compiled_queries import InstanceMaker

    made = []

    def counting_init(self, *args, **kwargs):
        Model.__init__(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(User, "__init__", counting_init)  # as a model of its own would
    instance = InstanceMaker(User, ["id", "email"])([alice.pk, alice.email])
    assert made == [instance]
    assert (instance.pk, instance.email, instance._state.adding) == (alice.pk, alice.email, False)
