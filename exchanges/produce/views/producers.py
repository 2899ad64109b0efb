"""The farms of a quartier and what they sell: coordinators keep them; a producer with an
account keeps their own products; members read them."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exchanges.produce import selectors, services
from exchanges.produce.forms import ProducerForm, ProductForm, producer_initial, product_initial
from exchanges.produce.models import Producer
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import add_service_errors, in_site_timezone, posted
from neighbourhood.quartiers import selectors as quartiers


@login_required
@in_site_timezone
def producer_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    producers = list(selectors.producers_of(quartier=quartier))
    if not membership.is_coordinator:
        # Members see the farms that supply the AMAP; a producer also sees their own.
        producers = [p for p in producers if p.is_active or p.account_id == request.user.pk]
    return render(
        request,
        "exchanges/produce/producer_list.html",
        {"quartier": quartier, "membership": membership, "producers": producers},
    )


@login_required
@in_site_timezone
def producer_detail(request: AuthenticatedHttpRequest, producer_id: int) -> HttpResponse:
    producer = selectors.get_producer_for_member(user=request.user, producer_id=producer_id)
    can_manage = selectors.can_manage_producer(user=request.user, producer=producer)
    products = list(selectors.products_of(producer=producer))
    if not can_manage:
        products = [product for product in products if product.is_active]
    return render(
        request,
        "exchanges/produce/producer_detail.html",
        {
            "producer": producer,
            "products": products,
            "contracts": selectors.contracts_of_producer(producer=producer),
            "can_manage": can_manage,
            "is_coordinator": quartiers.is_coordinator(
                user=request.user, quartier=producer.quartier
            ),
        },
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def producer_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_coordinator(user=request.user, slug=slug)
    form = ProducerForm(posted(request), quartier=quartier)
    if request.method == "POST" and form.is_valid():
        try:
            producer = services.producer_create(
                quartier=quartier, actor=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(
                request,
                _("%(farm)s is added. Add the products it sells.") % {"farm": producer.farm_name},
            )
            return redirect(producer)
    return render(
        request,
        "exchanges/produce/producer_form.html",
        {"form": form, "quartier": quartier, "producer": None},
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def producer_edit(request: AuthenticatedHttpRequest, producer_id: int) -> HttpResponse:
    producer = selectors.get_producer_for_member(user=request.user, producer_id=producer_id)
    # The service refuses the change too; this spares others a form they cannot send.
    quartiers.require_coordinator(user=request.user, quartier=producer.quartier)
    form = ProducerForm(
        posted(request),
        quartier=producer.quartier,
        producer=producer,
        initial=producer_initial(producer),
    )
    if request.method == "POST" and form.is_valid():
        try:
            # A copy, so a refused change does not show in the page's header.
            services.producer_update(
                producer=copy.copy(producer), actor=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(request, _("The producer is saved."))
            return redirect(producer)
    return render(
        request,
        "exchanges/produce/producer_form.html",
        {"form": form, "quartier": producer.quartier, "producer": producer},
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def product_create(request: AuthenticatedHttpRequest, producer_id: int) -> HttpResponse:
    producer = selectors.get_producer_for_member(user=request.user, producer_id=producer_id)
    _require_manager(request, producer)
    form = ProductForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(
                producer=producer, actor=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(request, _("“%(name)s” is added.") % {"name": product.name})
            return redirect(producer)
    return render(
        request,
        "exchanges/produce/product_form.html",
        {"form": form, "producer": producer, "product": None},
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def product_edit(request: AuthenticatedHttpRequest, product_id: int) -> HttpResponse:
    product = selectors.get_product_for_member(user=request.user, product_id=product_id)
    producer = product.producer
    _require_manager(request, producer)
    form = ProductForm(posted(request), initial=product_initial(product))
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(
                product=copy.copy(product), actor=request.user, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(
                request,
                _("“%(name)s” is saved. Orders already placed keep their price.")
                % {"name": form.cleaned_data["name"]},
            )
            return redirect(producer)
    return render(
        request,
        "exchanges/produce/product_form.html",
        {"form": form, "producer": producer, "product": product},
        status=400 if form.is_bound else 200,
    )


def _require_manager(request: AuthenticatedHttpRequest, producer: Producer) -> None:
    if not selectors.can_manage_producer(user=request.user, producer=producer):
        raise PermissionDenied(_("Only the producer or a coordinator can change these products."))
