"""Views of the API for consultations: the quartier's (and opening one), one with its options
and participation, changing it, approving, declining, withdrawing, and the debate's summary."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.consultations import selectors, services
from exchanges.consultations.access import (
    get_consultation_for_coordinator,
    get_consultation_for_editor,
    get_consultation_for_member,
    require_may_propose,
)
from exchanges.consultations.api.serializers import (
    ConsultationInputSerializer,
    ConsultationSerializer,
    SummaryInputSerializer,
)
from exchanges.consultations.models import Consultation
from neighbourhood.api import Endpoint, QuartierEndpoint, created
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import is_coordinator


def _answer(request: AuthenticatedRequest, consultation_id: int) -> dict[str, object]:
    consultation = selectors.get_consultation_counted(
        user=request.user, consultation_id=consultation_id
    )
    return dict(ConsultationSerializer(consultation).data)


class QuartierConsultationListView(QuartierEndpoint):
    @extend_schema(responses=ConsultationSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """The quartier's consultations I may see (the approved ones; the proposals I opened or
        coordinate), each with its options and how many took part, the latest vote first."""
        consultations = selectors.consultations_in(user=request.user, quartier=self.quartier)
        return Response(ConsultationSerializer(consultations, many=True).data)

    @extend_schema(request=ConsultationInputSerializer, responses={201: ConsultationSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        """A coordinator opens a consultation (approved at once); a member proposes one where
        the quartier allows it (`proposed`, the coordinators told). Refused in words: phases out
        of order, a vote shorter than an hour, fewer than 2 or more than 20 options, options
        given twice, a link that is not a web address."""
        if not is_coordinator(user=request.user, quartier=self.quartier):
            require_may_propose(user=request.user, quartier=self.quartier)
        fields = self.valid(ConsultationInputSerializer)
        consultation = services.consultation_open(
            quartier=self.quartier, actor=request.user, **fields
        )
        return created(_answer(request, consultation.pk))


class ConsultationDetailView(Endpoint[Consultation]):
    find = get_consultation_for_member

    @extend_schema(responses=ConsultationSerializer)
    def get(self, request: AuthenticatedRequest, consultation_id: int) -> Response:
        """One consultation with its options (their ids) and participation."""
        return Response(_answer(request, consultation_id))

    @extend_schema(request=ConsultationInputSerializer, responses=ConsultationSerializer)
    def patch(self, request: AuthenticatedRequest, consultation_id: int) -> Response:
        """A coordinator (or the opener of a proposal) changes it; the method and the options
        no longer change once the vote is open or a ballot is in."""
        consultation = get_consultation_for_editor(
            user=request.user, consultation_id=consultation_id
        )
        changes = self.valid(ConsultationInputSerializer, partial=True)
        services.consultation_update(consultation=consultation, actor=request.user, **changes)
        return Response(_answer(request, consultation_id))


class ConsultationApproveView(Endpoint[Consultation]):
    find = get_consultation_for_coordinator

    @extend_schema(request=None, responses=ConsultationSerializer)
    def post(self, request: AuthenticatedRequest, consultation_id: int) -> Response:
        """A coordinator approves a proposal: published, its opener told."""
        services.consultation_approve(consultation=self.object, actor=request.user)
        return Response(_answer(request, consultation_id))


class ConsultationDeclineView(Endpoint[Consultation]):
    find = get_consultation_for_member

    @extend_schema(request=None, responses=ConsultationSerializer)
    def post(self, request: AuthenticatedRequest, consultation_id: int) -> Response:
        """A coordinator declines a proposal (its opener told), or its opener takes it back."""
        services.consultation_decline(consultation=self.object, actor=request.user)
        return Response(_answer(request, consultation_id))


class ConsultationWithdrawView(Endpoint[Consultation]):
    find = get_consultation_for_coordinator

    @extend_schema(request=None, responses=ConsultationSerializer)
    def post(self, request: AuthenticatedRequest, consultation_id: int) -> Response:
        """A coordinator withdraws an approved consultation before its results."""
        services.consultation_withdraw(consultation=self.object, actor=request.user)
        return Response(_answer(request, consultation_id))


class ConsultationSummaryView(Endpoint[Consultation]):
    find = get_consultation_for_coordinator

    @extend_schema(request=SummaryInputSerializer, responses=ConsultationSerializer)
    def put(self, request: AuthenticatedRequest, consultation_id: int) -> Response:
        """A coordinator writes the debate's summary, for the report to the mairie."""
        summary = self.valid(SummaryInputSerializer)["summary"]
        services.consultation_summary_update(
            consultation=self.object, actor=request.user, summary=summary
        )
        return Response(_answer(request, consultation_id))
