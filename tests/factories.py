import factory
from allauth.account.models import EmailAddress

from neighbourhood.accounts.models import User
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
