"""A farm and what it sells, as coordinators (and a producer with an account) type them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from exchanges.produce.forms.common import EurosField, cents_to_euros, euros_to_cents
from exchanges.produce.models import Producer, Product, Unit
from neighbourhood.accounts.models import User
from neighbourhood.pages import ServiceForm
from neighbourhood.places.forms import PlaceInput, PlaceLabels
from neighbourhood.places.geocoding import Candidate
from neighbourhood.quartiers import selectors as quartiers
from neighbourhood.quartiers.models import Quartier


class ProducerForm(ServiceForm):
    farm_name = forms.CharField(label=_("Farm"), max_length=120)
    name = forms.CharField(label=_("Producer's name"), max_length=120)
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the farm grows or makes, and how: members read it."),
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("The totals of each cycle are sent there when orders close."),
    )
    phone = forms.CharField(
        label=_("Telephone (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    place = forms.CharField(label=_("Place (optional)"), max_length=200, required=False)
    account = forms.ModelChoiceField(
        label=_("Account on Voisinage (optional)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_(
            "A member of the quartier who is this producer: they can then manage their own "
            "products."
        ),
    )
    is_active = forms.BooleanField(
        label=_("Supplies the AMAP"),
        required=False,
        initial=True,
        help_text=_("Untick it when the farm stops: its products are no longer offered."),
    )

    def __init__(
        self, *args: Any, quartier: Quartier, producer: Producer | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        members = quartiers.member_list(quartier=quartier).values("user_id")
        chosen = Q(pk__in=members)
        if producer is not None and producer.account_id is not None:
            # A producer who left the quartier keeps their account here until it is changed.
            chosen |= Q(pk=producer.account_id)
        account = self.fields["account"]
        assert isinstance(account, forms.ModelChoiceField)
        account.queryset = User.objects.filter(chosen).order_by("display_name", "email")
        # The village in words; found by the geocoder, it is also on the map. Not found, or
        # no geocoder: the words stand alone.
        self.where = PlaceInput(
            self,
            "place",
            text_name="place",
            labels=PlaceLabels(
                text=_("Place (optional)"),
                choice=_("Which place do you mean?"),
                help_text=_("The farm's village, for example Poleymieux-au-Mont-d'Or."),
            ),
            near=(quartier.latitude, quartier.longitude),
            required=False,
            lenient=True,
        )
        self.found: Candidate | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.found = self.where.resolve(data)
        return data

    def service_fields(self) -> dict[str, Any]:
        """What `services.producer_create` and `producer_update` take, but the quartier."""
        data = {
            k: v for k, v in self.cleaned_data.items() if k not in ("place_place", "place_query")
        }
        found = self.found
        # The village as the coordinator wrote it; the geocoder only adds where it is.
        data["place"] = " ".join(data.get("place", "").split())
        data["latitude"] = found.latitude if found else None
        data["longitude"] = found.longitude if found else None
        return data


def producer_initial(producer: Producer) -> dict[str, Any]:
    return {
        "farm_name": producer.farm_name,
        "name": producer.name,
        "description": producer.description,
        "email": producer.email,
        "phone": producer.phone,
        **_place_initial(producer),
        "account": producer.account_id,
        "is_active": producer.is_active,
    }


def _place_initial(producer: Producer) -> dict[str, Any]:
    if producer.latitude is None or producer.longitude is None:
        return {"place": producer.place}
    # Already found: sent back as chosen, not looked up again. A farm placed by its coordinates
    # alone (before places were typed in words) keeps them when anything else is edited.
    found = Candidate(
        label=producer.place or producer.farm_name,
        latitude=producer.latitude,
        longitude=producer.longitude,
    )
    return {"place": producer.place, "place_place": found.value, "place_query": producer.place}


class ProductForm(ServiceForm):
    aliases = {"price_cents": "price"}

    name = forms.CharField(label=_("Name"), max_length=120)
    unit = forms.ChoiceField(label=_("Sold by"), choices=Unit.choices, initial=Unit.PIECE)
    per_unit = forms.CharField(
        label=_("What one unit holds (optional)"),
        max_length=100,
        required=False,
        help_text=_("For example: box of 6 eggs, about 1.5 kg."),
    )
    price = EurosField(
        label=_("Price, in euros"),
        help_text=_("For a product weighed at the distribution: the price of one kilo."),
    )
    is_weighed = forms.BooleanField(
        label=_("Weighed at the distribution"),
        required=False,
        help_text=_("Its amount is set when it is weighed, from the price of a kilo."),
    )
    is_active = forms.BooleanField(
        label=_("On sale"),
        required=False,
        initial=True,
        help_text=_("Untick it for a product out of season: new cycles do not offer it."),
    )

    def service_fields(self) -> dict[str, Any]:
        """What `services.product_create` and `product_update` take, but the producer."""
        data = dict(self.cleaned_data)
        data["price_cents"] = euros_to_cents(data.pop("price"))
        return data


def product_initial(product: Product) -> dict[str, Any]:
    return {
        "name": product.name,
        "unit": product.unit,
        "per_unit": product.per_unit,
        "price": cents_to_euros(product.price_cents),
        "is_weighed": product.is_weighed,
        "is_active": product.is_active,
    }
