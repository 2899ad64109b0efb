"""Reports: a reader shows a message to the quartier's coordinators, who list and hide them."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from messaging import selectors, services
from messaging.api.serializers import (
    MessagePayloadSerializer,
    ReportInputSerializer,
    ReportSerializer,
)
from neighbourhood.http import AuthenticatedRequest
from neighbourhood.quartiers.selectors import get_quartier_for_coordinator


class MessageReportView(APIView):
    @extend_schema(
        request=ReportInputSerializer,
        responses={201: None},
        description="Shows a message of a room or a thread to its quartier's coordinators.",
    )
    def post(
        self, request: AuthenticatedRequest, conversation_id: int, message_id: int
    ) -> Response:
        message = selectors.get_message_for_reader(
            user=request.user, conversation_id=conversation_id, message_id=message_id
        )
        serializer = ReportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.message_report(
            message=message, reporter=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(status=status.HTTP_201_CREATED)


class ReportListView(APIView):
    @extend_schema(responses=ReportSerializer(many=True), description="For coordinators.")
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
        reports = selectors.reports_for(quartier_id=quartier.pk)
        for report in reports:
            report.payload = services.message_payload(report.message)  # type: ignore[attr-defined]
        return Response(ReportSerializer(reports, many=True).data)


class ReportHideView(APIView):
    @extend_schema(request=None, responses=MessagePayloadSerializer)
    def post(self, request: AuthenticatedRequest, slug: str, report_id: int) -> Response:
        quartier, _membership = get_quartier_for_coordinator(user=request.user, slug=slug)
        report = selectors.get_report_in(quartier_id=quartier.pk, report_id=report_id)
        services.message_hide(message=report.message, actor=request.user)
        return Response(services.message_payload(report.message))
