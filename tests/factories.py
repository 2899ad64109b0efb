import datetime
from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from exchanges.rides.services import Place
from neighbourhood.accounts.models import User
from neighbourhood.places.geocoding import Candidate
from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier

PASSWORD = "a-long-neighbourly-password"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Resident {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class QuartierFactory(factory.django.DjangoModelFactory[Quartier]):
    class Meta:
        model = Quartier

    name = factory.Sequence(lambda n: f"Quartier {n}")
    slug = factory.Sequence(lambda n: f"quartier-{n}")
    description = "Un quartier de test."
    latitude = 45.7745
    longitude = 4.8320
    radius_km = 1.5
    policy = Quartier.Policy.APPROVAL


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    quartier = factory.SubFactory(QuartierFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class JoinRequestFactory(factory.django.DjangoModelFactory[JoinRequest]):
    class Meta:
        model = JoinRequest

    quartier = factory.SubFactory(QuartierFactory)
    user = factory.SubFactory(UserFactory)
    message = "Bonjour, j'habite rue d'Austerlitz."


def swap_fields(**overrides: object) -> dict[str, object]:
    """What a resident types to publish a swap; tests change what they are about."""
    return {
        "title": "Conversation en espagnol",
        "description": "Une heure par semaine, autour d'un café.",
        "category": "languages",
        "tags": "espagnol, conversation",
        "format": "one_to_one",
        "place": "public",
        "availability": "le samedi matin",
    } | overrides


# Places around the Croix-Rousse, Lyon, as (latitude, longitude).
CROIX_ROUSSE = (45.7745, 4.8320)
HOTEL_DE_VILLE = (45.7676, 4.8345)
BELLECOUR = (45.7578, 4.8320)
PART_DIEU = (45.7606, 4.8593)
VILLEURBANNE = (45.7719, 4.8902)
VAISE = (45.7790, 4.8050)


def place(point: tuple[float, float], label: str = "") -> Place:
    return Place(
        label=label or f"{point[0]:.4f}, {point[1]:.4f}", latitude=point[0], longitude=point[1]
    )


def chosen_place(prefix: str, point: tuple[float, float], label: str) -> dict[str, str]:
    """A place of a page's form as it is sent once chosen among the places its words may mean
    (a suggestion, or a radio button of the second step): no geocoder is asked again."""
    value = Candidate(label=label, latitude=point[0], longitude=point[1]).value
    return {f"{prefix}_label": label, f"{prefix}_place": value, f"{prefix}_query": label}


def in_days(days: int, hour: int = 8, minute: int = 0) -> datetime.datetime:
    """An aware local time ``days`` from today, at ``hour``:``minute``."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def ride_fields(**overrides: Any) -> dict[str, Any]:
    """A driver's one-off ride from the Croix-Rousse to Part-Dieu in two days at 8:00."""
    return {
        "kind": "one_off",
        "origin": place(CROIX_ROUSSE, "Place de la Croix-Rousse"),
        "destination": place(PART_DIEU, "Gare Part-Dieu"),
        "departs_at": in_days(2),
        "seats": 3,
        "detour_value": 10,
        "detour_unit": "min",
    } | overrides


def request_fields(**overrides: Any) -> dict[str, Any]:
    """A passenger's wish from the Hôtel de Ville to Part-Dieu, in two days, 7:45 to 8:30."""
    return {
        "kind": "one_off",
        "origin": place(HOTEL_DE_VILLE, "Hôtel de Ville"),
        "destination": place(PART_DIEU, "Gare Part-Dieu"),
        "earliest_at": in_days(2, 7, 45),
        "latest_at": in_days(2, 8, 30),
        "seats": 1,
    } | overrides


def cycle_fields(**overrides: Any) -> dict[str, Any]:
    """An order cycle open since an hour, closing in two days, distributed in three (Thursday
    style: 18:00 to 19:30 at the Maison des associations)."""
    now = timezone.now()
    distribution = timezone.localdate() + datetime.timedelta(days=3)
    return {
        "title": "Panier de la semaine",
        "distribution_date": distribution,
        "distribution_start": datetime.time(18, 0),
        "distribution_end": datetime.time(19, 30),
        "place": "Maison des associations, 12 rue d'Austerlitz",
        "opens_at": now - datetime.timedelta(hours=1),
        "closes_at": now + datetime.timedelta(days=2),
    } | overrides


def contract_fields(**overrides: Any) -> dict[str, Any]:
    """A vegetable contract for a season of ten weeks starting in two weeks, signing open
    since an hour for ten days, twenty shares, two jokers, absences 48 hours ahead."""
    now = timezone.now()
    starts_on = timezone.localdate() + datetime.timedelta(days=14)
    return {
        "title": "Légumes — saison",
        "description": "Les légumes de saison de la ferme, cueillis la veille.",
        "starts_on": starts_on,
        "ends_on": starts_on + datetime.timedelta(days=69),
        "signing_opens_at": now - datetime.timedelta(hours=1),
        "signing_closes_at": now + datetime.timedelta(days=10),
        "capacity": 20,
        "terms": "Je m'engage à prendre mon panier à chaque distribution de la saison.",
        "jokers": 2,
        "absence_deadline_hours": 48,
    } | overrides
