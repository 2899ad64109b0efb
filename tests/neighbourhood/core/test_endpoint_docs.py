"""The OpenAPI document describes each operation by its handler's docstring, never by the
docstring of the endpoint bases, which speaks to developers."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from exchanges.produce.api.views.reports import CycleReportView
from exchanges.rides.api.views.bookings import BookingAnswerView
from exchanges.swaps.api.views.swaps import SwapView
from neighbourhood.api import Endpoint, QuartierEndpoint

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def operations() -> dict[tuple[str, str], dict]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (path, method): operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def test_no_operation_is_described_by_an_endpoint_base(operations):
    bases = [
        str(base.__doc__).split("\n")[0]
        for base in (Endpoint, QuartierEndpoint, SwapView, BookingAnswerView, CycleReportView)
    ]
    described = [
        key
        for key, operation in operations.items()
        if any(base in operation.get("description", "") for base in bases)
    ]
    assert described == []


def test_a_handler_docstring_describes_its_operation(operations):
    renew = operations[("/api/v1/swaps/{swap_id}/renew/", "post")]
    assert renew["description"] == "Three more months from today, and the swap is back in the feed."
    accept = operations[("/api/v1/bookings/{booking_id}/accept/", "post")]
    assert accept["description"] == "The driver says yes; the bookings confirmed are returned."
