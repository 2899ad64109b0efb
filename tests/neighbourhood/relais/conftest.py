"""The relais personas: Marc, a relais of the Croix-Rousse, and Mme Petit, whose account he
opened with her consent. Alice, Bob, Carol and Dave are the usual ones (tests/conftest.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from neighbourhood.accounts.models import User
from neighbourhood.quartiers import services as quartiers
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.relais import services
from neighbourhood.relais.middleware import SESSION_KEY
from neighbourhood.relais.models import Consent
from tests.factories import MembershipFactory, UserFactory


def make_relais(quartier: Quartier, user: User, coordinator: User) -> User:
    membership = Membership.objects.get(quartier=quartier, user=user)
    quartiers.membership_set_relais(membership=membership, actor=coordinator, relais=True)
    return user


@pytest.fixture
def marc(quartier: Quartier, carol: User) -> User:
    user = UserFactory.create(email="marc@example.org", display_name="Marc")
    MembershipFactory.create(quartier=quartier, user=user)
    return make_relais(quartier, user, carol)


@pytest.fixture
def consent(quartier: Quartier, marc: User) -> Consent:
    return services.neighbour_create(
        relais=marc,
        quartier=quartier,
        display_name="Mme Petit",
        phone="04 78 00 00 00",
        how="En personne, à l'atelier de l'EPN",
    )


@pytest.fixture
def petit(consent: Consent) -> User:
    return consent.neighbour


def client_for(user: User, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def acting_client(relais: User, consent: Consent) -> Client:
    """Marc's browser after he pressed “Act for Mme Petit”."""
    client = client_for(relais)
    response = client.post(f"/relais/consents/{consent.pk}/act/")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == consent.pk
    return client
