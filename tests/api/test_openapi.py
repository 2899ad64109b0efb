"""The OpenAPI document lists the errors an operation can answer and types fields as answered."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

from neighbourhood.api import HH_MM_PATTERN, MAX_ID


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def responses(document: dict[str, Any], path: str, method: str) -> set[str]:
    return set(document["paths"][path][method]["responses"])


def test_a_read_of_one_object_documents_who_may_not_and_what_is_not_found(document):
    assert responses(document, "/api/v1/rides/{ride_id}/", "get") == {
        "200", "401", "403", "404", "429"
    }  # fmt: skip


def test_a_write_with_a_body_documents_a_refused_input_and_the_body_errors(document):
    assert {"400", "413", "415"} <= responses(document, "/api/v1/quartiers/{slug}/swaps/", "post")
    error = document["paths"]["/api/v1/quartiers/{slug}/swaps/"]["post"]["responses"]["400"]
    assert error["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationError"
    }
    assert document["components"]["schemas"]["ValidationError"]["required"] == ["detail"]
    assert "409" not in responses(document, "/api/v1/quartiers/{slug}/swaps/", "post")


def test_ids_in_paths_are_the_digits_a_row_can_have(document):
    [ride_id] = document["paths"]["/api/v1/rides/{ride_id}/"]["get"]["parameters"]
    assert ride_id["schema"] == {"type": "integer", "minimum": 0, "maximum": MAX_ID}


def test_times_are_hh_mm_and_optional_e_mails_may_be_blank(document):
    schemas = document["components"]["schemas"]
    start = schemas["OrderCycleDetail"]["properties"]["distribution_start"]
    assert start["pattern"] == HH_MM_PATTERN and "format" not in start
    assert schemas["RideRequest"]["properties"]["earliest_time"]["nullable"] is True
    email = schemas["Producer"]["properties"]["email"]
    assert "format" not in email and {"maxLength": 0} in email["anyOf"]
