"""The quartiers' section of the digest: the requests to join that wait for the reader's
decision, as a coordinator."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from messaging.digests.sections import Item, Reader, Section, register
from neighbourhood.quartiers.models import JoinRequest


def pending_requests(readers: list[Reader]) -> dict[int, list[Item]]:
    """Every pending request to join a quartier the reader coordinates, new or not (it still
    waits for them), the longest waiting first. One query, none when no reader coordinates."""
    # A coordinator of a quartier they are no longer active in decides nothing there.
    coordinated = {
        quartier for reader in readers for quartier in reader.coordinates & reader.quartier_ids
    }
    if not coordinated:
        return {}
    pending = (
        JoinRequest.objects.filter(quartier_id__in=coordinated, status=JoinRequest.Status.PENDING)
        .select_related("user", "quartier")
        # A line needs the requester's public name and the quartier's address, not whole rows.
        .only(
            "created_at", "user", "quartier", "user__display_name", "user__email", "quartier__slug"
        )
        .order_by("created_at", "id")
    )
    found: dict[int, list[Item]] = defaultdict(list)
    for request in pending:
        url = reverse("quartiers:join_requests", kwargs={"slug": request.quartier.slug})
        item = Item(
            request.user.public_name,
            url,
            request.quartier_id,
            _("Asks to join"),
            request.created_at,
        )
        for reader in readers:
            if request.quartier_id in reader.coordinates & reader.quartier_ids:
                found[reader.user.pk].append(item)
    return found


def register_sections() -> None:
    register(Section("quartiers.pending", _("Waiting for your decision"), 50, pending_requests))
