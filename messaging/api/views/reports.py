"""Reports: a reader shows a message to the quartier's coordinators, who list and hide them."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from messaging import selectors, services
from messaging.api.serializers import (
    MessagePayloadSerializer,
    ReportInputSerializer,
    ReportSerializer,
)
from messaging.api.views.messages import MessageEndpoint
from messaging.models import Report
from neighbourhood.api import Endpoint, QuartierEndpoint, created
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator


class MessageReportView(MessageEndpoint):
    @extend_schema(
        request=ReportInputSerializer,
        responses={201: None},
        description="Shows a message of a room or a thread to its quartier's coordinators.",
    )
    def post(self, request: AuthenticatedRequest, **url: int) -> Response:
        reason = self.valid(ReportInputSerializer)["reason"]
        services.message_report(message=self.object, reporter=request.user, reason=reason)
        return created(None)


class ReportListView(QuartierEndpoint):
    find = get_quartier_for_coordinator

    @extend_schema(responses=ReportSerializer(many=True), description="For coordinators.")
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier = self.quartier
        reports = selectors.reports_for(quartier_id=quartier.pk)
        return Response(ReportSerializer(reports, many=True).data)


class ReportHideView(Endpoint[Report]):
    find = selectors.get_report_for_coordinator

    @extend_schema(request=None, responses=MessagePayloadSerializer)
    def post(self, request: AuthenticatedRequest, slug: str, report_id: int) -> Response:
        services.message_hide(message=self.object.message, actor=request.user)
        return Response(services.message_payload(self.object.message))
